#!/usr/bin/env bash
# Issue 14, row "hash, one core", the loop itself: the JMH benchmark of modelgate's SHA-256
# loop (HashBenchmarks: digest over a heap array, a buffer in memory, a 64 MiB file from the
# page cache) against `openssl speed -evp sha256`, both pinned to one core, in one run.
# Usage: bench/hash-loop.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp -Pbench -DskipTests package -pl modelgate-bench -am
. scripts/find-jdk.sh
modelgate_find_jdk
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
speed() { taskset -c 0 openssl speed -evp sha256 -bytes 65536 -seconds 3 2>/dev/null | awk '/^sha256/{print $2}' | tr -d k; }
before=$(speed)
taskset -c 0 "$JAVA_HOME/bin/java" -jar modelgate-bench/target/benchmarks.jar -f 1 -wi 3 -i 5 \
  -w 2 -r 2 -rf json -rff bench/work/hash-loop.json HashBenchmarks | grep -E '^Hash|^Benchmark'
after=$(speed)
python3 - bench/work/hash-loop.json "$before" "$after" <<'PY'
import json, sys
ssl = (float(sys.argv[2]) + float(sys.argv[3])) / 2 * 1000  # bytes/s
print(f"openssl speed -evp sha256 (64 KiB blocks, one core): {ssl / 1e9:.2f} GB/s"
      f" (before {float(sys.argv[2]) / 1e6:.2f}, after {float(sys.argv[3]) / 1e6:.2f})")
for r in json.load(open(sys.argv[1])):
    ms = r["primaryMetric"]["score"]
    gbs = (64 << 20) / (ms / 1000) / 1e9
    print(f"{r['benchmark'].split('.')[-1]:12s} {gbs:5.2f} GB/s = {100 * gbs * 1e9 / ssl:4.0f} % of openssl speed")
PY
