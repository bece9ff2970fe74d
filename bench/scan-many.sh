#!/usr/bin/env bash
# Issue 14, rows "scan 1,200 small files in one call" and "scan 10,000 small files":
# ./modelgate scan DIR vs picklescan -p DIR on the same tree of small benign model files made by
# the real frameworks (bench/lib/small-files.py: torch.save zips, pickles, .npy; 1-40 KiB),
# paired and alternating, with `modelgate --version` for the start-up share. The verdicts of
# every file are checked (all clean) so both tools did the whole job.
# Usage: bench/scan-many.sh [N (default 1200)]     e.g. bench/scan-many.sh 10000
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
n=${1:-1200}
tree="$WORK/small-$n"
if [ ! -f "$tree.done" ]; then
  rm -rf "$tree"
  echo "writing $n small model files into $tree…" >&2
  "$PY" "$ROOT/bench/lib/small-files.py" "$tree" "$n"
  touch "$tree.done"
fi
find "$tree" -type f -exec cat {} + >/dev/null    # page cache, for every contender alike
[ -n "$PICKLESCAN" ] || { echo "picklescan is not installed (see bench/lib/pyenv.sh)" >&2; exit 2; }
out="$WORK/scan-many-$n.json"
"$MG" scan --stats --format json --output "$out" "$tree" 2>"$WORK/scan-many-stats.txt" || true
python3 - "$out" "$tree" <<'PY'
import collections, json, sys
d = json.load(open(sys.argv[1]))
members = [r for r in d["results"] if r["path"].startswith(sys.argv[2] + "!/")]
v = collections.Counter(r["verdict"] for r in members)
print(f"files: {len(members)}, {sum(r['size'] for r in members)} bytes; verdicts: {dict(v)}")
if set(v) != {"clean"}:
    sys.exit("benchmark tree not all clean")
PY
echo "modelgate --stats: $(cat "$WORK/scan-many-stats.txt")"
$PAIRED --runs "$RUNS" --json "$WORK/scan-many-$n-times.json" \
  "picklescan -p DIR=$PICKLESCAN -p $tree" \
  "./modelgate scan DIR=$MG scan --format json --output $WORK/scan-many-out.json $tree" \
  "./modelgate --version=$MG --version" \
  "./modelgate scan DIR on one core (taskset)=taskset -c 0 $MG scan --format json --output $WORK/scan-many-out1.json $tree"
python3 - "$WORK/scan-many-$n-times.json" "$n" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["commands"]
m = lambda k: c[k]["median"]
ps, mg, ver = m("picklescan -p DIR"), m("./modelgate scan DIR"), m("./modelgate --version")
goal = 1.5 if int(sys.argv[2]) < 5000 else 3.0
print(f"picklescan / modelgate: {ps / mg:.2f}x faster   (goal >= {goal}x)")
print(f"modelgate without its start-up (scan - --version): {mg - ver:.3f} s;"
      f" picklescan / that: {ps / (mg - ver):.2f}x")
PY
