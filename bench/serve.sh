#!/usr/bin/env bash
# Benchmark of `modelgate serve` (issue 10), ratios against reference tools in one run:
#   1. a cached 1 GiB safetensors file through the gateway vs nginx serving the same file
#      (the gateway's own blob) on loopback: throughput ratio, goal >= 0.8;
#   2. the first, uncached download of that file through a running gateway (fetch + sha256 +
#      scan + store + serve) vs straight from the local upstream, to /dev/null and to a file:
#      time ratio, goal <= 1.3;
#   3. 64 concurrent clients fetching cached files for 30 s, gateway at -Xmx512m (wrk):
#      requests/s, p99 latency, errors (goal: 0);
#   4. POST /v1/scan of a small checkpoint with 8 concurrent clients (wrk): requests/s.
# Installs nginx and wrk from Debian when missing. Usage: bench/serve.sh [size-in-MiB] (1024)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
mib=${1:-1024}
secs=${BENCH_SECONDS:-30}
runs=${BENCH_RUNS:-5}          # paired runs of figures 1 and 2 (medians)
only=${BENCH_ONLY:-all}        # "downloads": figures 1 and 2 only
for tool in nginx wrk; do
  command -v "$tool" >/dev/null || command -v "/usr/sbin/$tool" >/dev/null || {
    echo "installing $tool…" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool"; } >/dev/null
  }
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
. scripts/find-jdk.sh
modelgate_find_jdk
jar=modelgate-server/target/modelgate-server.jar
tc=modelgate-server/target/test-classes
if [ ! -f "$jar" ] || [ ! -d "$tc/dev/modelgate/server/testhub" ]; then
  echo "building the server and its test classes…" >&2
  ./mvnw -q -B -ntp -pl modelgate-server -am package -DskipTests >/dev/null
fi

work=bench/work/serve
mkdir -p "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# Upstream content: a ${mib} MiB safetensors model, 16 files of 1 MiB for the concurrency run.
hubroot="$work/hub"
big="$hubroot/bench/big/model.safetensors"
if [ ! -f "$big" ] || [ "$(stat -c %s "$big")" -lt $((mib << 20)) ]; then
  echo "writing $big…" >&2
  mkdir -p "$(dirname "$big")" "$hubroot/bench/small"
  python3 - "$big" "$mib" "$hubroot/bench/small" <<'PY'
import json, os, struct, sys
def st(path, nbytes):
    n = nbytes // 4
    h = json.dumps({"w": {"dtype": "F32", "shape": [n], "data_offsets": [0, 4 * n]}}).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h)
        block = os.urandom(1 << 20)
        left = 4 * n
        while left:
            k = min(left, len(block)); f.write(block[:k]); left -= k
st(sys.argv[1], int(sys.argv[2]) << 20)
for i in range(16):
    st(os.path.join(sys.argv[3], "shard-%02d.safetensors" % i), 1 << 20)
PY
fi
size=$(stat -c %s "$big")
# more repositories with the same file (hard links): first downloads for a warm gateway
rm -rf "$hubroot"/bench/first*
for i in $(seq "$runs"); do
  for k in n f; do
    mkdir -p "$hubroot/bench/first$k$i"
    ln -f "$big" "$hubroot/bench/first$k$i/model.safetensors"
  done
done
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() {
  for _ in $(seq 360); do grep -q "$2" "$1" 2>/dev/null && { grep -o "$2" "$1" | head -1; return; }; sleep 0.5; done
  echo "timed out waiting for $2 in $1" >&2; cat "$1" >&2; exit 2
}

"$JAVA_HOME/bin/java" -Xmx512m -cp "$jar:$tc" dev.modelgate.server.testhub.LocalHub "$hubroot" 0 \
  >"$work/hub.log" 2>&1 &
pids+=($!)
hub=$(wait_for "$work/hub.log" 'http://127.0.0.1:[0-9]*')

start_gw() { # DATA_DIR: starts a gateway at -Xmx512m, sets $gw and $gw_pid
  rm -rf "$1"
  echo '{"access_log": "off", "limits": {"head_wait_seconds": 5}}' >"$work/gw.json"
  MODELGATE_JAVA_OPTS="-Xmx512m ${BENCH_GW_OPTS:-}" ./modelgate serve --config "$work/gw.json" \
    --listen 127.0.0.1:0 --data "$1" --upstream "$hub" 2>"$work/gw.log" &
  gw_pid=$!
  pids+=("$gw_pid")
  gw=$(wait_for "$work/gw.log" 'http://127.0.0.1:[0-9]*')
}
stop_gw() { kill "$gw_pid"; wait "$gw_pid" 2>/dev/null || true; }
secs_of() { curl -s -o /dev/null -w '%{time_total}' "$@"; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# the median of run-by-run ratios a[i]/b[i] (each pair ran back to back, under the same load)
paired() { local -n a=$1 b=$2; for i in "${!a[@]}"; do awk -v x="${a[$i]}" -v y="${b[$i]}" \
  'BEGIN {print x / y}'; done | median; }
path=/bench/big/resolve/main/model.safetensors
sync

# 2. first download, uncached, vs direct from the upstream: a running (warm) gateway, each run
#    a repository it has not stored yet
start_gw "$work/data"
for i in $(seq -w 0 15); do curl -s -o /dev/null "$gw/bench/small/resolve/main/shard-$i.safetensors"; done
direct=() tofile=() first=() firstf=() hash=()
hash_secs() { local TIMEFORMAT=%R; { time openssl dgst -sha256 "$big" >/dev/null; } 2>&1; }
for i in $(seq "$runs"); do
  # the floor of a first download: the gateway must finish the file's sha256 before the last
  # bytes leave, and one sha256 cannot be split across cores
  hash+=("$(hash_secs)")
  # alternating, each pair under the same load; the gateway stores what it sends, so it is also
  # timed against a client that writes the file to disk, as hf download does
  direct+=("$(secs_of -L "$hub/bench/firstn$i/resolve/main/model.safetensors")")
  first+=("$(secs_of "$gw/bench/firstn$i/resolve/main/model.safetensors")")
  tofile+=("$(curl -s -o "$work/direct.out" -w '%{time_total}' -L \
    "$hub/bench/firstf$i/resolve/main/model.safetensors")")
  rm -f "$work/direct.out"
  firstf+=("$(curl -s -o "$work/direct.out" -w '%{time_total}' \
    "$gw/bench/firstf$i/resolve/main/model.safetensors")")
  rm -f "$work/direct.out"
done
direct_s=$(printf '%s\n' "${direct[@]}" | median)
tofile_s=$(printf '%s\n' "${tofile[@]}" | median)
first_s=$(printf '%s\n' "${first[@]}" | median)
firstf_s=$(printf '%s\n' "${firstf[@]}" | median)
hash_s=$(printf '%s\n' "${hash[@]}" | median)

# 1. cached: the gateway's blob vs nginx serving that same file (5 runs each, alternating)
curl -s -o /dev/null "$gw$path"                       # fetch, scan, store
blob=""
for _ in $(seq 120); do                               # stored once fsynced, after the answer
  blob=$(find "$work/data/blobs" -type f -size "${size}c" | head -1)
  [ -n "$blob" ] && break
  sleep 0.5
done
nport=$(free_port)
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 2;
daemon off;
user root;
pid $root/$work/nginx/nginx.pid;
error_log $root/$work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$nport;
    root $root/$(dirname "$blob");
  }
}
CONF
"$nginx_bin" -p "$root/$work/nginx" -c "$root/$work/nginx/nginx.conf" &
pids+=($!)
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$nport/" && break; sleep 0.2; done
ngx=() cached=()
for i in $(seq $((2 * runs + 1))); do
  ngx+=("$(secs_of "http://127.0.0.1:$nport/$(basename "$blob")")")
  cached+=("$(secs_of "$gw$path")")
done
ngx_s=$(printf '%s\n' "${ngx[@]}" | median)
cached_s=$(printf '%s\n' "${cached[@]}" | median)

if [ "$only" = all ]; then
# 3. 64 concurrent clients on cached 1 MiB files (stored by the warm-up above)
cat >"$work/rotate.lua" <<'LUA'
local i = 0
request = function()
  i = (i + 1) % 16
  return wrk.format("GET", string.format("/bench/small/resolve/main/shard-%02d.safetensors", i))
end
LUA
wrk -t2 -c64 -d"${secs}s" --timeout 10s --latency -s "$work/rotate.lua" "$gw" >"$work/wrk-get.txt" 2>&1

# 4. POST /v1/scan of a small checkpoint, 8 clients
token=$(./modelgate serve token create --role upload --name "bench-$$-$RANDOM" --data "$work/data" 2>/dev/null)
ckpt=modelgate-server/src/test/resources/uploads/state_dict.pt
cat >"$work/scan.lua" <<LUA
local f = io.open("$ckpt", "rb")
wrk.method = "POST"
wrk.body = f:read("*all")
f:close()
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/octet-stream"
LUA
wrk -t2 -c8 -d"${secs}s" --timeout 10s --latency -s "$work/scan.lua" "$gw/v1/scan?name=state_dict.pt" \
  >"$work/wrk-scan.txt" 2>&1
fi
stop_gw

rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1 == "99%" {print $2}' "$1"; }
errors() { awk '/Non-2xx|Socket errors/ {s = s $0 "; "} END {print (s == "" ? "0" : s)}' "$1"; }
mbps() { awk -v b="$size" -v t="$1" 'BEGIN {printf "%.0f", b / t / 1048576}'; }
echo
echo "modelgate serve benchmark ($(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), file $size bytes)"
printf '1. cached download   gateway %6s MiB/s   nginx %6s MiB/s      ratio %.2fx nginx throughput (goal >= 0.8)\n' \
  "$(mbps "$cached_s")" "$(mbps "$ngx_s")" "$(awk -v a="$ngx_s" -v b="$cached_s" 'BEGIN {print a / b}')"
printf '   paired: median of run-by-run ratios %.2fx\n' "$(paired ngx cached)"
printf '2. first download    gateway %6.2f s        direct %6.2f s        ratio %.2fx direct time (goal <= 1.3; warm gateway)\n' \
  "$first_s" "$direct_s" "$(awk -v a="$first_s" -v b="$direct_s" 'BEGIN {print a / b}')"
printf '   paired: median of run-by-run ratios %.2fx\n' "$(paired first direct)"
printf '   (both to a file)  gateway %6.2f s        direct %6.2f s        ratio %.2fx direct time\n' \
  "$firstf_s" "$tofile_s" "$(awk -v a="$firstf_s" -v b="$tofile_s" 'BEGIN {print a / b}')"
printf '   (the floor)       sha256 of the file alone (openssl) %.2f s = %.2fx the direct time\n' \
  "$hash_s" "$(awk -v a="$hash_s" -v b="$direct_s" 'BEGIN {print a / b}')"
echo "   runs: cached ${cached[*]} / nginx ${ngx[*]}; first ${first[*]} / direct ${direct[*]};" \
  "to a file ${firstf[*]} / ${tofile[*]}"
[ "$only" = all ] || exit 0
printf '3. 64 clients, %ss  %s req/s   p99 %s   errors: %s   (1 MiB cached files, -Xmx512m)\n' \
  "$secs" "$(rps "$work/wrk-get.txt")" "$(p99 "$work/wrk-get.txt")" "$(errors "$work/wrk-get.txt")"
printf '4. POST /v1/scan     %s req/s at 8 clients   p99 %s   errors: %s   (%s, %s bytes)\n' \
  "$(rps "$work/wrk-scan.txt")" "$(p99 "$work/wrk-scan.txt")" "$(errors "$work/wrk-scan.txt")" \
  "$(basename "$ckpt")" "$(stat -c %s "$ckpt")"
