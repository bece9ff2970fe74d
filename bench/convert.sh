#!/usr/bin/env bash
# Conversion speed: `modelgate convert` (heap capped at 256 MiB) vs Python torch.load(weights_only=True)
# + safetensors.torch.save_file vs cp, on the same >= 1 GB torch.save checkpoint built with torch in
# bench/work/ (gitignored). The checkpoint is read once beforehand so all three start from the
# page cache; each output is written to bench/work/ and removed afterwards.
# Usage: bench/convert.sh [MiB (default 1024)]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/bench/work/convert"
mib=${1:-1024}
ckpt="$work/model-$mib.pt"
mkdir -p "$work"

if [ ! -f "$ckpt" ]; then
  echo "building $ckpt ($mib MiB of tensors, torch.save)" >&2
  python3 - "$ckpt" "$mib" <<'PY'
import sys, torch
path, mib = sys.argv[1], int(sys.argv[2])
torch.manual_seed(0)
sd, left, i = {}, mib << 20, 0
dtypes = [torch.float32, torch.bfloat16, torch.float16]
while left > 0:
    n = min(left, 64 << 20)  # 64 MiB layers, like a transformer's big matrices
    dt = dtypes[i % 3]
    elems = n // torch.tensor([], dtype=dt).element_size()
    sd[f"layers.{i}.weight"] = torch.empty(elems, dtype=dt).uniform_(-1, 1).view(-1, 1024)
    sd[f"layers.{i}.bias"] = torch.zeros(1024, dtype=dt)
    left -= n
    i += 1
torch.save(sd, path + ".tmp")
import os; os.replace(path + ".tmp", path)
PY
fi

size=$(stat -c %s "$ckpt")
cat "$ckpt" > /dev/null   # page cache
"$root/modelgate" --version > /dev/null   # build / AOT cache outside the timing

now() { date +%s.%N; }
# sync first: each tool starts with no other writeback in flight (building the checkpoint or the
# previous tool's output would otherwise slow whichever runs next)
t() { local s e; sync; s=$(now); "$@" > /dev/null 2>&1; e=$(now); echo "$e - $s" | bc; }

out="$work/out"
rm -f "$out".*
mg=$(t env MODELGATE_JAVA_OPTS=-Xmx256m "$root/modelgate" convert --force "$ckpt" "$out.mg.safetensors")
[ -s "$out.mg.safetensors" ] || { echo "modelgate convert failed" >&2; exit 1; }
py=$(t python3 -c "
import sys, torch
from safetensors.torch import save_file
sd = torch.load(sys.argv[1], weights_only=True, map_location='cpu')
save_file({k: v.contiguous() for k, v in sd.items()}, sys.argv[2], metadata={'format': 'pt'})
" "$ckpt" "$out.py.safetensors")
cpt=$(t cp "$ckpt" "$out.cp")
same=$(python3 - "$out.mg.safetensors" "$out.py.safetensors" <<'PY'
import sys
from safetensors import safe_open
a, b = (safe_open(p, "pt") for p in sys.argv[1:3])
print("identical tensors" if set(a.keys()) == set(b.keys()) and all(
    a.get_tensor(k).view(-1).view(dtype=__import__("torch").uint8).equal(
        b.get_tensor(k).view(-1).view(dtype=__import__("torch").uint8)) for k in a.keys())
      else "TENSORS DIFFER")
PY
)
rm -f "$out".*

m=$(echo "$size / 1048576" | bc)
printf 'checkpoint: %s MiB, %d cores; outputs: %s\n' "$m" "$(nproc)" "$same"
printf '%-52s %8.2f s %8.0f MiB/s\n' "modelgate convert (-Xmx256m, scan + sha256 + copy)" "$mg" "$(echo "$m / $mg" | bc -l)"
printf '%-52s %8.2f s %8.0f MiB/s\n' "python torch.load(weights_only) + save_file" "$py" "$(echo "$m / $py" | bc -l)"
printf '%-52s %8.2f s %8.0f MiB/s\n' "cp" "$cpt" "$(echo "$m / $cpt" | bc -l)"
printf 'ratios: python / modelgate = %.2f x;  modelgate / cp = %.2f x\n' \
  "$(echo "$py / $mg" | bc -l)" "$(echo "$mg / $cpt" | bc -l)"
