#!/usr/bin/env bash
# JMH micro-benchmarks of the readers (pickle machine, torch zip scan, safetensors header, JSON).
# Usage: bench/jmh.sh [JMH options, e.g. -f 1 -wi 2 -i 3 ReaderBenchmarks.pickleMachine]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -Pbench -DskipTests package -pl modelgate-bench -am
. scripts/find-jdk.sh
modelgate_find_jdk
exec "$JAVA_HOME/bin/java" -jar modelgate-bench/target/benchmarks.jar "$@"
