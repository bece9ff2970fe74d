#!/usr/bin/env bash
# modelgate audit vs Python's own ast.parse over the same large real Python tree, paired in one
# run: ROUNDS rounds (default 3), each running, back to back, ast.parse (one process), modelgate
# audit on one CPU (taskset -c 0: the JVM then sees one processor, so one parser thread) and
# modelgate audit on every CPU (one parser thread per CPU). The machine may be loaded by others:
# what counts is the ratio within a round; the median round is reported, and every round too.
# The tree is the site-packages of a virtualenv with torch + transformers from the local package
# mirror (made once in bench/work/audit-venv). Peak RSS from GNU time, the JVM's peak heap after
# GC from a GC log. ast.parse is a lower bound for any AST-based linter (Bandit parses with it,
# then walks; Bandit is not in the local mirror).
# Usage: bench/audit.sh [TREE]    env: ROUNDS=3
set -euo pipefail
cd "$(dirname "$0")/.."
work=bench/work
mkdir -p "$work"
venv=$work/audit-venv
rounds=${ROUNDS:-3}
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
cat "$(head -1 "$list")" > /dev/null; xargs -d '\n' cat < "$list" > /dev/null  # page cache warm
ms() { local s e; s=$(date +%s%N); "$@"; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
rss() { echo $(( $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$1") / 1024 )); }

ast_parse() {
  python3 - "$list" <<'PY'
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
}
audit() {   # audit OUT.json GC.log [taskset args...]
  local out=$1 gc=$2; shift 2
  env MODELGATE_JAVA_OPTS="-Xlog:gc:file=$gc ${MODELGATE_JAVA_OPTS:-}" "$@" ./modelgate audit \
    --format json --fail-on critical --output "$out" "$tree" || [ $? -eq 1 ]
}

echo "tree: $tree — $files .py files, $bytes bytes; $(nproc) CPUs; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %10s %10s %10s %8s %8s\n' round ast.parse audit-1cpu audit-all 1cpu× all×
results=()
for r in $(seq "$rounds"); do
  a=$(ms /usr/bin/time -v -o "$work/ast.time" bash -c "$(declare -f ast_parse); list=$list; ast_parse" 2>"$work/ast.err")
  one=$(ms /usr/bin/time -v -o "$work/audit1.time" bash -c "$(declare -f audit); tree=$tree; audit $work/audit1.json $work/audit1-gc.log taskset -c 0")
  all=$(ms /usr/bin/time -v -o "$work/audit.time" bash -c "$(declare -f audit); tree=$tree; audit $work/audit.json $work/audit-gc.log")
  printf '%-6s %8s ms %8s ms %8s ms %8s %8s\n' "$r" "$a" "$one" "$all" \
    "$(awk -v a="$a" -v b="$one" 'BEGIN{printf "%.2f", a/b}')" \
    "$(awk -v a="$a" -v b="$all" 'BEGIN{printf "%.2f", a/b}')"
  results+=("$a $one $all")
done
heap() { grep -o '[0-9]*M->' "$1" | sed 's/M->//' | sort -n | tail -1 || true; }
summary=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); s=d['summary']; print(s['pythonFiles'], s['parsedFiles'], sum(s['findings'].values()))" "$work/audit.json")
cmp -s <(python3 -c "import json,sys; print(json.dumps(json.load(open(sys.argv[1]))['findings']))" "$work/audit1.json") \
       <(python3 -c "import json,sys; print(json.dumps(json.load(open(sys.argv[1]))['findings']))" "$work/audit.json") \
  && same=yes || same=NO
med() { printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }
col() { local k=$1; for x in "${results[@]}"; do echo "$x" | awk -v k="$k" '{
  if (k == 4) printf "%.3f\n", $1 / $2; else if (k == 5) printf "%.3f\n", $1 / $3; else print $k }'; done; }
ma=$(med $(col 1)); mo=$(med $(col 2)); ml=$(med $(col 3))
fps() { awk -v f="$files" -v m="$1" 'BEGIN{printf "%.0f", f*1000/m}'; }
echo "median: ast.parse $ma ms ($(fps "$ma") files/s), audit 1 CPU $mo ms ($(fps "$mo") files/s), audit all CPUs $ml ms ($(fps "$ml") files/s)"
echo "median ratio (ast.parse time / audit time): 1 CPU $(med $(col 4))x, all CPUs $(med $(col 5))x"
echo "ast.parse: $(cat "$work/ast.err"); peak RSS $(rss "$work/ast.time") MiB"
echo "audit: ${summary% * *} Python files, $(echo "$summary" | cut -d' ' -f2) parsed (the rest: no rule can fire), $(echo "$summary" | cut -d' ' -f3) findings; same findings on 1 and all CPUs: $same"
echo "audit peak RSS: 1 CPU $(rss "$work/audit1.time") MiB, all CPUs $(rss "$work/audit.time") MiB; peak heap after GC: 1 CPU $(heap "$work/audit1-gc.log") MiB, all CPUs $(heap "$work/audit-gc.log") MiB"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
