#!/usr/bin/env bash
# modelgate-spark throughput (issue 15). Generates, once, in bench/work/spark-hub/:
#   10,000 small PyTorch checkpoints (1-4 tensors, 8x8..96x96 float32) in 100 org folders, and
#   20 large ones of >= 1 GiB each (sparse: the tensor data is a hole; see bench/spark-hub.py),
# then in one run times, on the same tree:
#   ./modelgate scan DIR                          (one process, the reference)
#   ./modelgate-spark --master local[1] ...       (the Spark job, one task thread)
#   ./modelgate-spark --master local[2] ...       (two task threads)
# and prints files/s and the ratios the issue sets as goals (local[2] >= 1.8x local[1],
# local[1] >= 0.7x the CLI). Wall times include JVM and Spark start-up; the job's own time (from
# its _modelgate.json) is shown beside them.
# Usage: bench/spark.sh [small] [large] [large-MiB]     (defaults 10000 20 1024)
set -euo pipefail
cd "$(dirname "$0")/.."
small=${1:-10000}
large=${2:-20}
mib=${3:-1024}
work=bench/work
hub="$work/spark-hub-$small-$large-$mib"
mkdir -p "$work"
if [ ! -f "$hub.done" ]; then
  rm -rf "$hub"
  echo "writing $small small and $large large checkpoints into $hub…" >&2
  python3 bench/spark-hub.py "$hub" "$small" "$large" "$mib"
  touch "$hub.done"
fi
files=$(find "$hub" -type f | wc -l)
./modelgate --version >/dev/null          # builds and AOT cache outside the timings
./modelgate-spark --help >/dev/null
# the small files' bytes in the page cache for every contender alike (the large ones are holes)
find "$hub/small" -type f -exec cat {} + >/dev/null

ms() { echo $(( $(date +%s%N) / 1000000 )); }
out="$work/spark-out"
rm -rf "$out"; mkdir -p "$out"

s=$(ms); ./modelgate scan --format json --output "$out/cli.json" "$hub" || [ $? = 1 ]; e=$(ms)
cli_ms=$((e - s))
run_spark() {   # $1: local1 or local2 (no brackets in paths: Spark reads them as globs)
  rm -rf "$out/$1"
  local s e
  s=$(ms)
  ./modelgate-spark --master "local[${1#local}]" --input "$hub" --output "$out/$1" \
    >"$out/$1.log" 2>&1 || [ $? = 1 ] || { cat "$out/$1.log" >&2; exit 2; }
  e=$(ms)
  echo $((e - s))
}
l1_ms=$(run_spark local1)
l2_ms=$(run_spark local2)
job() { sed -n 's/.*"seconds": \([0-9.]*\).*/\1/p' "$out/$1/_modelgate.json"; }
verdicts() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['verdicts'])" "$out/$1/_modelgate.json"; }
cli_verdicts=$(python3 -c "
import json,sys,collections
d=json.load(open(sys.argv[1]))
c=collections.Counter(r['verdict'] for r in d['results'] if not r.get('format')=='directory')
print(dict(c))" "$out/cli.json")

rate() { awk -v f="$files" -v m="$1" 'BEGIN{printf "%.0f", f * 1000 / m}'; }
printf '%-34s %8s %10s %10s\n' "" "wall ms" "files/s" "job s"
printf '%-34s %8d %10s %10s\n' "./modelgate scan DIR" "$cli_ms" "$(rate "$cli_ms")" "-"
printf '%-34s %8d %10s %10s\n' "./modelgate-spark local[1]" "$l1_ms" "$(rate "$l1_ms")" "$(job local1)"
printf '%-34s %8d %10s %10s\n' "./modelgate-spark local[2]" "$l2_ms" "$(rate "$l2_ms")" "$(job local2)"
echo "files: $files ($small small, $large large of >= $mib MiB)"
echo "CLI verdicts (files): $cli_verdicts"
echo "Spark verdicts (units): $(verdicts local2)"
awk -v a="$l1_ms" -v b="$l2_ms" 'BEGIN{printf "local[2] / local[1] speed-up:        %.2fx   (goal >= 1.8x)\n", a / b}'
awk -v a="$cli_ms" -v b="$l1_ms" 'BEGIN{printf "local[1] / single-process CLI speed:  %.2fx   (goal >= 0.7x)\n", a / b}'
awk -v a="$(job local1)" -v b="$(job local2)" 'BEGIN{printf "job time only, local[2] / local[1]:   %.2fx\n", a / b}'
