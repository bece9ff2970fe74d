# Sourced by the bench/ scripts of issue 14: paths, the built modelgate, the reference tools.
#   $ROOT      the repository        $WORK  bench/work (gitignored)
#   $MG        ./modelgate (the launcher: the end-to-end figure)
#   $MGJ       the jar with the launcher's own JVM options and AOT cache, without the launcher
#              script (for figures that start-up, being a colleague's row, would blur)
#   $PAIRED    python3 bench/lib/paired.py (paired, alternating timings; see there)
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK="$ROOT/bench/work"
mkdir -p "$WORK"
. "$ROOT/bench/lib/pyenv.sh"
MG="$ROOT/modelgate"
"$MG" --version >/dev/null            # builds the jar and the AOT cache outside the timings
. "$ROOT/scripts/find-jdk.sh"
modelgate_find_jdk
jar="$ROOT/modelgate-cli/target/modelgate.jar"
aot="$ROOT/modelgate-cli/target/modelgate.aot"
MGJ="$JAVA_HOME/bin/java -XX:+UseSerialGC -Xss8m"
[ -f "$aot" ] && MGJ="$MGJ -XX:AOTCache=$aot -Xlog:aot=off -Xlog:cds=off"
MGJ="$MGJ -jar $jar"
PAIRED="python3 $ROOT/bench/lib/paired.py"
RUNS=${RUNS:-7}
