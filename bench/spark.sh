#!/usr/bin/env bash
# modelgate-spark throughput (issue 15). Generates, once, in bench/work/spark-hub/:
#   10,000 small PyTorch checkpoints (1-4 tensors, 8x8..96x96 float32) in 100 org folders, and
#   20 large ones of >= 1 GiB each (sparse: the tensor data is a hole; see bench/spark-hub.py),
# then in one run times, on the same tree:
#   ./modelgate scan DIR                          (one process, the reference: a thread per core)
#   ./modelgate scan --threads 1 DIR              (one process, one scanning thread: like local[1])
#   ./modelgate-spark --master local[1] ...       (the Spark job, one task thread)
#   ./modelgate-spark --master local[2] ...       (two task threads)
# and prints files/s and the ratios the issue sets as goals (local[2] >= 1.8x local[1],
# local[1] >= 0.7x the CLI), each way: wall time with JVM (and Spark) start-up; the command's own
# time without it (the CLI's --stats, the job's _modelgate.json "seconds", both from the
# command's start after the JVM, and for the job after the Spark session, is up); CPU time
# (user + system, all threads) as the machine's load cannot blur it. ROUNDS (default 3) rounds
# alternate the three in one run; the best of each is reported, with every round's figures.
# Usage: [ROUNDS=N] bench/spark.sh [small] [large] [large-MiB]     (defaults 10000 20 1024)
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

out="$work/spark-out"
rounds=${ROUNDS:-3}
rm -rf "$out"; mkdir -p "$out"
command -v /usr/bin/time >/dev/null || { echo "bench/spark.sh needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
echo "load before: $(uptime)" >&2

# one timed command: prints "wall_ms cpu_ms own_ms"
timed() {   # $1 name, rest: the command; own time is read by own_$1
  local name=$1; shift
  local s e
  s=$(date +%s%N)
  /usr/bin/time -f "%U %S" -o "$out/$name.time" "$@" >"$out/$name.log" 2>&1 || [ $? = 1 ] \
    || { cat "$out/$name.log" >&2; exit 2; }
  e=$(date +%s%N)
  local cpu own
  cpu=$(awk '{printf "%d", ($1 + $2) * 1000}' "$out/$name.time")
  if [ "${name#cli}" != "$name" ]; then
    own=$(sed -n 's/.* in \([0-9.]*\) s$/\1/p' "$out/$name.log" | awk '{printf "%d", $1 * 1000}')
  else
    own=$(sed -n 's/.*"seconds": \([0-9.]*\).*/\1/p' "$out/$name/_modelgate.json" \
      | awk '{printf "%d", $1 * 1000}')
  fi
  echo "$(( (e - s) / 1000000 )) $cpu $own"
}
run_cli() { timed cli ./modelgate scan --stats --format json --output "$out/cli.json" "$hub"; }
run_cli1() { timed cli1 ./modelgate scan --threads 1 --stats --format json --output "$out/cli1.json" "$hub"; }
run_spark() {   # $1: local1 or local2 (no brackets in paths: Spark reads them as globs)
  rm -rf "${out:?}/$1"
  timed "$1" ./modelgate-spark --master "local[${1#local}]" --input "$hub" --output "$out/$1"
}
best() { sort -n -k"$2" "$1" | head -1 | awk -v k="$2" '{print $k}'; }
: >"$out/cli.r"; : >"$out/cli1.r"; : >"$out/local1.r"; : >"$out/local2.r"
for r in $(seq "$rounds"); do
  c=$(run_cli); c1=$(run_cli1); l1=$(run_spark local1); l2=$(run_spark local2)
  echo "$c" >>"$out/cli.r"; echo "$c1" >>"$out/cli1.r"; echo "$l1" >>"$out/local1.r"; echo "$l2" >>"$out/local2.r"
  echo "round $r (wall cpu own, ms): cli $c | cli --threads 1 $c1 | local[1] $l1 | local[2] $l2" >&2
done
echo "load after: $(uptime)" >&2

rate() { awk -v f="$files" -v m="$1" 'BEGIN{printf "%.0f", f * 1000 / m}'; }
printf '%-28s %9s %9s %9s %10s %10s\n' "best of $rounds" "wall ms" "own ms" "CPU ms" \
  "files/s" "(own)"
for n in cli cli1 local1 local2; do
  w=$(best "$out/$n.r" 1); c=$(best "$out/$n.r" 2); o=$(best "$out/$n.r" 3)
  label=$n; [ "$n" = cli ] && label="./modelgate scan DIR"; [ "$n" = cli1 ] && label="  … --threads 1"
  [ "$n" = local1 ] && label="./modelgate-spark local[1]"; [ "$n" = local2 ] && label="./modelgate-spark local[2]"
  printf '%-28s %9d %9d %9d %10s %10s\n' "$label" "$w" "$o" "$c" "$(rate "$w")" "$(rate "$o")"
  eval "${n}_w=$w ${n}_o=$o ${n}_c=$c"
done
cli_verdicts=$(python3 -c "
import json,sys,collections
d=json.load(open(sys.argv[1]))
c=collections.Counter(r['verdict'] for r in d['results'] if r['path'].count('!/') == 1)
print(dict(c))" "$out/cli.json")
echo "files: $files ($small small, $large large of >= $mib MiB)"
echo "CLI verdicts (files): $cli_verdicts"
echo "Spark verdicts (units): $(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['verdicts'])" "$out/local2/_modelgate.json")"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a / b}'; }
echo "local[1] / CLI speed:  wall $(ratio "$cli_w" "$local1_w")x, own $(ratio "$cli_o" "$local1_o")x, CPU $(ratio "$cli_c" "$local1_c")x   (goal >= 0.7x)"
echo "local[1] / CLI, one thread each: wall $(ratio "$cli1_w" "$local1_w")x, own $(ratio "$cli1_o" "$local1_o")x, CPU $(ratio "$cli1_c" "$local1_c")x"
echo "local[2] / local[1]:   wall $(ratio "$local1_w" "$local2_w")x, own $(ratio "$local1_o" "$local2_o")x   (goal >= 1.8x)"
