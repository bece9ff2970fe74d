#!/usr/bin/env bash
# modelgate audit vs Python's own ast.parse over the same large real Python tree, in one run.
# The tree is the site-packages of a virtualenv with torch + transformers from the local package
# mirror (made once in bench/work/audit-venv). Reports files, bytes, wall time, files/s and peak
# memory of both: peak RSS for both (GNU time) and the JVM's peak heap after GC (GC log).
# ast.parse is a lower bound for any AST-based linter (Bandit parses with it, then walks).
# Usage: bench/audit.sh [TREE]   (default: the venv's site-packages)
set -euo pipefail
cd "$(dirname "$0")/.."
work=bench/work
mkdir -p "$work"
venv=$work/audit-venv
if [ -z "${1:-}" ] && [ ! -x "$venv/bin/python" ]; then
  echo "making $venv with torch + transformers from the local mirror…" >&2
  python3 -m venv "$venv"
  PIP="$venv/bin/pip" "${PIP_LOCAL:-/work/shared/tools/pip-local}" install -q torch transformers >&2
fi
tree=${1:-$(echo "$venv"/lib/python3*/site-packages)}
./modelgate --version >/dev/null   # build + AOT cache outside the timings
list=$work/audit-files.txt
find "$tree" -name '*.py' -type f > "$list"
files=$(wc -l < "$list")
bytes=$(tr '\n' '\0' < "$list" | du -cb --files0-from=- | tail -1 | cut -f1)
ms() { local s e; s=$(date +%s%N); "$@"; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
rss() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }

py_ms=$(ms /usr/bin/time -v -o "$work/ast.time" python3 - "$list" <<'PY'
import ast, sys
ok = bad = 0
for line in open(sys.argv[1]):
    path = line.rstrip("\n")
    try:
        with open(path, "rb") as f:
            ast.parse(f.read(), path)
        ok += 1
    except (SyntaxError, ValueError):
        bad += 1
print(f"ast.parse: {ok} parsed, {bad} failed", file=sys.stderr)
PY
)
mg_ms=$(ms env MODELGATE_JAVA_OPTS="-Xlog:gc:file=$work/audit-gc.log ${MODELGATE_JAVA_OPTS:-}" \
  /usr/bin/time -v -o "$work/audit.time" ./modelgate audit --format json --fail-on critical \
  --output "$work/audit.json" "$tree" || true)
heap_mb=$(grep -o '[0-9]*M->' "$work/audit-gc.log" | sed 's/M->//' | sort -n | tail -1 || true)
parsed=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); s=d['summary']; print(s['parsedFiles'], sum(s['findings'].values()))" "$work/audit.json")
printf '%-40s %s\n' "tree" "$tree"
printf '%-40s %s files, %s bytes (cores: %s)\n' "Python sources" "$files" "$bytes" "$(nproc)"
printf '%-40s %8s ms  %8.0f files/s  peak RSS %s MiB\n' "python3 ast.parse (one thread)" "$py_ms" \
  "$(awk -v f="$files" -v m="$py_ms" 'BEGIN{print f*1000/m}')" "$(( $(rss "$work/ast.time") / 1024 ))"
printf '%-40s %8s ms  %8.0f files/s  peak RSS %s MiB, peak heap %s MiB\n' \
  "modelgate audit (whole run, JVM start)" "$mg_ms" \
  "$(awk -v f="$files" -v m="$mg_ms" 'BEGIN{print f*1000/m}')" "$(( $(rss "$work/audit.time") / 1024 ))" \
  "${heap_mb:-?}"
printf '%-40s %s of %s files parsed (the rest name no sink), %s findings\n' "audit work" \
  "${parsed% *}" "$files" "${parsed#* }"
printf '%-40s %s\n' "speed-up over ast.parse" "$(awk -v a="$py_ms" -v b="$mg_ms" 'BEGIN{printf "%.2fx", a/b}')"
