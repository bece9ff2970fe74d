# Sourced by bench/ scripts: a venv in bench/work/venv with the reference tools, made once from
# the machine's local Python mirror (scripts/… never need the public index):
#   torch (CPU), safetensors, numpy — to build inputs and for the Python convert reference;
#   picklescan, installed from its sources: $PICKLESCAN_SRC (a checkout or git directory of
#   github.com/mmaitre314/picklescan; default: the mirror at /work/.mirror). Never committed.
# After sourcing: $PY is the venv's python, $PICKLESCAN its picklescan (empty when unavailable).
bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
venv="$bench_root/bench/work/venv"
pip_local=${PIP_LOCAL:-/work/shared/tools/pip-local}
if [ ! -x "$venv/bin/python" ] || [ ! -f "$venv/.complete" ]; then
  echo "bench: making $venv (torch, safetensors, numpy, picklescan) from the local mirror…" >&2
  rm -rf "$venv"
  mkdir -p "$bench_root/bench/work"
  python3 -m venv "$venv"
  PIP="$venv/bin/pip" "$pip_local" install -q torch safetensors numpy >&2
  touch "$venv/.complete"
fi
PY="$venv/bin/python"
PICKLESCAN=""
if [ ! -x "$venv/bin/picklescan" ]; then
  src=${PICKLESCAN_SRC:-/work/.mirror/mmaitre314+picklescan/repo}
  if [ -d "$src" ]; then
    tmp=$(mktemp -d)
    git clone -q "$src" "$tmp/picklescan"
    PIP="$venv/bin/pip" "$pip_local" install -q "$tmp/picklescan" >&2
    rm -rf "$tmp"
  else
    echo "bench: picklescan sources not found at $src (set PICKLESCAN_SRC)" >&2
  fi
fi
[ -x "$venv/bin/picklescan" ] && PICKLESCAN="$venv/bin/picklescan"
