#!/usr/bin/env bash
# End-to-end scan benchmark (issue: scan pickle-family files).
# Builds a >= 1 GiB PyTorch checkpoint with torch (once, in bench/work/), then in one run reports:
#   - ./modelgate scan wall time and bytes it read (tensor data must not be read),
#   - ./modelgate --version wall time (JVM start-up, for scale),
#   - sha256sum of the same file (reads every byte, for scale).
# Usage: bench/scan.sh [size-in-MiB]   (default 1100)
set -euo pipefail
cd "$(dirname "$0")/.."
mib=${1:-1100}
work=bench/work
mkdir -p "$work"
ckpt="$work/checkpoint-${mib}m.pt"
if [ ! -f "$ckpt" ]; then
  echo "writing $ckpt with torch…" >&2
  python3 - "$ckpt" "$mib" <<'PY'
import sys, torch
path, mib = sys.argv[1], int(sys.argv[2])
n_layers = 64
per = mib * 1024 * 1024 // 4 // n_layers          # float32 elements per layer
side = int(per ** 0.5)
sd = {f"layers.{i}.weight": torch.randn(side, side) for i in range(n_layers)}
sd.update({f"layers.{i}.bias": torch.zeros(side) for i in range(n_layers)})
torch.save(sd, path)
PY
fi
./modelgate --version >/dev/null   # build + AOT cache outside the timings
size=$(stat -c %s "$ckpt")
t() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>"$work/stderr" || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
# drop the page cache when we may (root), so sha256sum and the scan start equally cold
drop() { sync; [ -w /proc/sys/vm/drop_caches ] && echo 3 >/proc/sys/vm/drop_caches || true; }
drop; start_ms=$(t ./modelgate --version)
drop; scan_ms=$(t ./modelgate scan --stats "$ckpt")
read_bytes=$(sed -n 's/.*read \([0-9]*\) bytes.*/\1/p' "$work/stderr")
drop; sha_ms=$(t sha256sum "$ckpt")
printf '%-34s %12s\n' "file size (bytes)" "$size"
printf '%-34s %10s ms\n' "modelgate --version (JVM start)" "$start_ms"
printf '%-34s %10s ms\n' "modelgate scan" "$scan_ms"
printf '%-34s %12s  (%s%% of the file)\n' "bytes read by the scan" "$read_bytes" \
  "$(awk -v r="$read_bytes" -v s="$size" 'BEGIN{printf "%.4f", 100*r/s}')"
printf '%-34s %10s ms\n' "sha256sum (reads every byte)" "$sha_ms"
printf '%-34s %10s\n' "scan time / JVM start" "$(awk -v a="$scan_ms" -v b="$start_ms" 'BEGIN{printf "%.2fx", a/b}')"
printf '%-34s %10s\n' "scan time / sha256sum" "$(awk -v a="$scan_ms" -v b="$sha_ms" 'BEGIN{printf "%.3fx", a/b}')"
