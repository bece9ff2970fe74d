#!/usr/bin/env bash
# Issue 14, row "scan one 1 GiB checkpoint": ./modelgate scan vs picklescan on the same >= 1 GiB
# torch.save checkpoint (64 float32 layers, written once by torch into bench/work/), paired and
# alternating (bench/lib/paired.py), with `modelgate --version` beside them: what the scan adds
# to JVM start-up is the scan's own work, start-up is issue 14's start-up row.
# Usage: bench/scan-checkpoint.sh [MiB (default 1100)]     RUNS=N for more rounds (default 7)
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
mib=${1:-1100}
ckpt="$WORK/checkpoint-${mib}m.pt"
if [ ! -f "$ckpt" ]; then
  echo "writing $ckpt with torch…" >&2
  "$PY" - "$ckpt" "$mib" <<'PY'
import os, sys, torch
path, mib = sys.argv[1], int(sys.argv[2])
torch.manual_seed(0)
n_layers = 64
side = int((mib * 1024 * 1024 // 4 // n_layers) ** 0.5)
sd = {f"layers.{i}.weight": torch.randn(side, side) for i in range(n_layers)}
sd.update({f"layers.{i}.bias": torch.zeros(side) for i in range(n_layers)})
torch.save(sd, path + ".tmp")
os.replace(path + ".tmp", path)
PY
fi
cat "$ckpt" >/dev/null   # page cache: every contender starts warm
[ -n "$PICKLESCAN" ] || { echo "picklescan is not installed (see bench/lib/pyenv.sh)" >&2; exit 2; }
echo "checkpoint: $(stat -c %s "$ckpt") bytes"
$PAIRED --runs "$RUNS" --json "$WORK/scan-checkpoint.json" \
  "picklescan -p FILE=$PICKLESCAN -p $ckpt" \
  "./modelgate scan FILE=$MG scan --format json $ckpt" \
  "./modelgate --version=$MG --version" \
  "jar scan FILE (no launcher script)=$MGJ scan --format json $ckpt" \
  "jar --version=$MGJ --version"
python3 - "$WORK/scan-checkpoint.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["commands"]
m = lambda k: c[k]["median"]
ps, mg, ver = m("picklescan -p FILE"), m("./modelgate scan FILE"), m("./modelgate --version")
js, jv = m("jar scan FILE (no launcher script)"), m("jar --version")
print(f"modelgate / picklescan: {mg / ps:.2f}x   (goal <= 1.5x)")
print(f"the scan's own work (jar scan - jar --version): {1000 * (js - jv):.0f} ms;"
      f" start-up (jar --version): {1000 * jv:.0f} ms; launcher script: {1000 * (ver - jv):.0f} ms")
print(f"with start-up at the start-up row's goal (0.12 s): {(0.12 + js - jv) / ps:.2f}x picklescan")
PY
