#!/usr/bin/env bash
# Hash throughput: ./modelgate hash vs openssl dgst -sha256 vs sha256sum over the same >= 1 GB
# model folder (a few large files + many small ones) in bench/work/ (gitignored).
# Files are read once beforehand so every tool hashes from the page cache.
# Usage: bench/hash.sh [total-MiB-of-large-files (default 1024)]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/bench/work/hash-model"
large_mib=${1:-1024}
nlarge=4
nsmall=2000
small_kib=16

if [ ! -f "$work/.complete-$large_mib" ]; then
  rm -rf "$work"
  mkdir -p "$work/shards" "$work/tokenizer"
  echo "building $work: $nlarge x $((large_mib / nlarge)) MiB + $nsmall x $small_kib KiB" >&2
  for i in $(seq 1 $nlarge); do
    openssl rand -out "$work/shards/model-0000$i-of-0000$nlarge.safetensors" $((large_mib / nlarge * 1048576))
  done
  for i in $(seq 1 $nsmall); do
    head -c $((small_kib * 1024)) /dev/urandom > "$work/tokenizer/piece-$i.bin"
  done
  touch "$work/.complete-$large_mib"
fi

mapfile -t files < <(cd "$work" && find . -type f ! -name '.complete-*' | sort)
total=$(cd "$work" && du -cb "${files[@]}" | tail -1 | cut -f1)
(cd "$work" && cat "${files[@]}" > /dev/null)   # warm the page cache

now() { date +%s.%N; }
t() { local s e; s=$(now); "$@" > /dev/null; e=$(now); echo "$e - $s" | bc; }

cd "$work"
[ -x "$root/modelgate-cli/target/modelgate.jar" ] || "$root/modelgate" --version > /dev/null
"$root/modelgate" --version > /dev/null   # build / AOT cache outside the timing
mg=$(t "$root/modelgate" hash --ignore-paths "$work/.complete-$large_mib" "$work")
# one core only (taskset), to compare with single-threaded openssl and sha256sum
mg1=$(t taskset -c 0 "$root/modelgate" hash --ignore-paths "$work/.complete-$large_mib" "$work")
os=$(t openssl dgst -sha256 "${files[@]}")
ss=$(t sha256sum "${files[@]}")
cores=$(nproc)
ssp=$(t sh -c "printf '%s\0' \"\$@\" | xargs -0 -n 64 -P $cores sha256sum" sh "${files[@]}")

mib=$(echo "$total / 1048576" | bc)
printf 'data: %s MiB in %d files, %d cores, load average %s\n' "$mib" "${#files[@]}" "$cores" "$(cut -d" " -f1-3 /proc/loadavg)"
printf '%-34s %8.2f s %8.0f MiB/s\n' "modelgate hash" "$mg" "$(echo "$mib / $mg" | bc -l)"
printf '%-34s %8.2f s %8.0f MiB/s\n' "modelgate hash, one core" "$mg1" "$(echo "$mib / $mg1" | bc -l)"
printf '%-34s %8.2f s %8.0f MiB/s\n' "openssl dgst -sha256" "$os" "$(echo "$mib / $os" | bc -l)"
printf '%-34s %8.2f s %8.0f MiB/s\n' "sha256sum" "$ss" "$(echo "$mib / $ss" | bc -l)"
printf '%-34s %8.2f s %8.0f MiB/s\n' "sha256sum via xargs -P $cores" "$ssp" "$(echo "$mib / $ssp" | bc -l)"
for m in "$mg" "$mg1"; do
  printf 'ratios (tool time / modelgate %.2f s): openssl %.2f, sha256sum %.2f, sha256sum -P%d %.2f\n' "$m" \
    "$(echo "$os / $m" | bc -l)" "$(echo "$ss / $m" | bc -l)" "$cores" "$(echo "$ssp / $m" | bc -l)"
done
