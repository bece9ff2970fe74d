#!/usr/bin/env bash
# Issue 14, row "convert 1 GiB with -Xmx256m, cold JVM": `modelgate convert` (heap capped at
# 256 MiB) vs Python torch.load(weights_only=True) + safetensors save_file vs cp, on the same
# >= 1 GiB torch.save checkpoint (64 MiB layers of f32/bf16/f16, built once by torch into
# bench/work/), paired and alternating, each run after a sync so none pays for another's
# writeback. The outputs of modelgate and Python are then compared tensor by tensor.
# Usage: bench/convert.sh [MiB (default 1024)]     RUNS=N (default 7)
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
mib=${1:-1024}
dir="$WORK/convert"
ckpt="$dir/model-$mib.pt"
mkdir -p "$dir"
if [ ! -f "$ckpt" ]; then
  echo "building $ckpt ($mib MiB of tensors, torch.save)" >&2
  "$PY" - "$ckpt" "$mib" <<'PY'
import os, sys, torch
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
os.replace(path + ".tmp", path)
PY
fi
cat "$ckpt" > /dev/null   # page cache
out="$dir/out"
pyconv="$dir/convert.py"
cat > "$pyconv" <<'PY'
import sys, torch
from safetensors.torch import save_file
sd = torch.load(sys.argv[1], weights_only=True, map_location="cpu")
save_file({k: v.contiguous() for k, v in sd.items()}, sys.argv[2], metadata={"format": "pt"})
PY
echo "checkpoint: $(stat -c %s "$ckpt") bytes"
$PAIRED --runs "$RUNS" --before sync --json "$WORK/convert-times.json" \
  "python torch.load + save_file=$PY $pyconv $ckpt $out.py.safetensors" \
  "modelgate convert -Xmx256m=MODELGATE_JAVA_OPTS=-Xmx256m $MG convert --force $ckpt $out.mg.safetensors" \
  "cp=cp $ckpt $out.cp" \
  "./modelgate --version=$MG --version"
"$PY" - "$out.mg.safetensors" "$out.py.safetensors" <<'PY'
import sys, torch
from safetensors import safe_open
a, b = (safe_open(p, "pt") for p in sys.argv[1:3])
same = set(a.keys()) == set(b.keys()) and all(
    a.get_tensor(k).view(-1).view(torch.uint8).equal(b.get_tensor(k).view(-1).view(torch.uint8))
    for k in a.keys())
print("outputs: identical tensors" if same else "outputs: TENSORS DIFFER")
sys.exit(0 if same else 1)
PY
rm -f "$out".*
python3 - "$WORK/convert-times.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["commands"]
m = lambda k: c[k]["median"]
py, mg, cp, ver = (m("python torch.load + save_file"), m("modelgate convert -Xmx256m"), m("cp"),
                   m("./modelgate --version"))
print(f"python / modelgate = {py / mg:.2f}x (goal >= 3x); modelgate / cp = {mg / cp:.2f}x"
      f" (goal <= 1.5x); modelgate without start-up / cp = {(mg - ver) / cp:.2f}x")
PY
