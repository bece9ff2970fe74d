#!/usr/bin/env bash
# Issue 14, rows "hash 1.1 GB folder, 2 cores" and "hash, one core": ./modelgate hash vs
# `openssl dgst -sha256` over the same files of a >= 1.1 GB model folder (4 x 256 MiB shards +
# 2,000 x 16 KiB files, random, in bench/work/; read once beforehand so all hash from the page
# cache), paired and alternating, and against the limit the issue sets:
#   limit = bytes / (cores x `openssl speed -evp sha256`) + start-up (`modelgate --version`).
# One core: the same hash under `taskset -c 0`, as throughput with and without start-up.
# Usage: bench/hash.sh [MiB of large files (default 1024)]     RUNS=N (default 7)
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
large_mib=${1:-1024}
model="$WORK/hash-model"
if [ ! -f "$model/.complete-$large_mib" ]; then
  rm -rf "$model"
  mkdir -p "$model/shards" "$model/tokenizer"
  echo "building $model: 4 x $((large_mib / 4)) MiB + 2000 x 16 KiB" >&2
  for i in 1 2 3 4; do
    openssl rand -out "$model/shards/model-0000$i-of-00004.safetensors" $((large_mib / 4 * 1048576))
  done
  for i in $(seq 1 2000); do head -c 16384 /dev/urandom > "$model/tokenizer/piece-$i.bin"; done
  touch "$model/.complete-$large_mib"
fi
cd "$model"
mapfile -t files < <(find . -type f ! -name '.complete-*' | sort)
bytes=$(du -cb "${files[@]}" | tail -1 | cut -f1)
cat "${files[@]}" > /dev/null
cores=$(nproc)
speed=$(openssl speed -evp sha256 -bytes 16384 -seconds 3 2>/dev/null | awk '/^sha256/{print $2}' | tr -d k)
echo "data: $bytes bytes in ${#files[@]} files; $cores cores;" \
  "openssl speed -evp sha256 (16 KiB blocks): $(echo "$speed / 1000" | bc) MB/s"
printf '%s\n' "${files[@]}" > "$WORK/hash-files.txt"
ign="--ignore-paths $model/.complete-$large_mib"
$PAIRED --runs "$RUNS" --json "$WORK/hash-times.json" \
  "openssl dgst -sha256 (1 core)=xargs -a $WORK/hash-files.txt openssl dgst -sha256" \
  "./modelgate hash=$MG hash $ign $model" \
  "./modelgate hash, one core=taskset -c 0 $MG hash $ign $model" \
  "./modelgate --version=$MG --version" \
  "./modelgate --version, one core=taskset -c 0 $MG --version"
python3 - "$WORK/hash-times.json" "$bytes" "$cores" "$speed" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["commands"]
m = lambda k: c[k]["median"]
b, cores, speed = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]) * 1000
os_, mg, mg1 = m("openssl dgst -sha256 (1 core)"), m("./modelgate hash"), m("./modelgate hash, one core")
ver, ver1 = m("./modelgate --version"), m("./modelgate --version, one core")
limit = b / (cores * speed) + ver
print(f"2 cores: openssl / modelgate = {os_ / mg:.2f}x (goal >= 1.8x);"
      f" modelgate / limit ({limit:.3f} s) = {mg / limit:.2f}x (goal <= 1.2x)")
print(f"one core: {b / mg1 / 1e9:.2f} GB/s end to end = {100 * b / mg1 / speed:.0f} % of openssl speed;"
      f" without start-up {b / (mg1 - ver1) / 1e9:.2f} GB/s = {100 * b / (mg1 - ver1) / speed:.0f} %"
      f" (goal >= 85 %); openssl dgst itself: {100 * b / os_ / speed:.0f} %")
PY
