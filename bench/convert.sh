#!/usr/bin/env bash
# Issue 14, row "convert 1 GiB with -Xmx256m, cold JVM": `modelgate convert` (heap capped at
# 256 MiB) vs Python torch.load(weights_only=True) + safetensors save_file vs cp, on the same
# >= 1 GiB torch.save checkpoint (64 MiB layers of f32/bf16/f16, built once by torch into
# bench/work/), paired and alternating, each run after a sync so none pays for another's
# writeback, and each writing a new file (the outputs are removed, untimed, before every run).
# A fifth contender replaces its previous output, which on ext4 adds the kernel's flush of the
# new file on a rename over an existing one (auto_da_alloc; os.replace pays it too): modelgate
# keeps that atomic replace, so the old output stays whole until the new one is complete.
# The outputs of modelgate and Python are then compared tensor by tensor.
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
fresh="rm -f $out.py.safetensors $out.mg.safetensors $out.cp; sync"
$PAIRED --runs "$RUNS" --before "$fresh" --json "$WORK/convert-times.json" \
  "python torch.load + save_file=$PY $pyconv $ckpt $out.py.safetensors" \
  "modelgate convert -Xmx256m=MODELGATE_JAVA_OPTS=-Xmx256m $MG convert --force $ckpt $out.mg.safetensors" \
  "cp=cp $ckpt $out.cp" \
  "modelgate convert, replacing its output=MODELGATE_JAVA_OPTS=-Xmx256m $MG convert --force $ckpt $out.replaced.safetensors" \
  "./modelgate --version=$MG --version"
# the last round's fresh outputs were removed by the 'before' of the rounds' later runs: make
# one of each again (untimed) for the comparison
$PY "$pyconv" "$ckpt" "$out.py.safetensors"
MODELGATE_JAVA_OPTS=-Xmx256m $MG convert --force "$ckpt" "$out.mg.safetensors" >/dev/null
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
rep = m("modelgate convert, replacing its output")
print(f"python / modelgate = {py / mg:.2f}x (goal >= 3x); modelgate / cp = {mg / cp:.2f}x"
      f" (goal <= 1.5x); modelgate without start-up / cp = {(mg - ver) / cp:.2f}x")
print(f"replacing an existing output: {rep:.2f} s, {rep - mg:+.2f} s over a new file"
      f" (python / that = {py / rep:.2f}x, that / cp = {rep / cp:.2f}x)")
PY
