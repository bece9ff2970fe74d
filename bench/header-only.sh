#!/bin/sh
# Shows that scanning GGUF and safetensors reads only their headers: writes a >= 2 GiB file of
# each format into bench/work/ (sparse: the tensor data is a hole, so it is quick to create),
# scans each with `modelgate scan --stats` and prints bytes read against the file size.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/bench/work"
mkdir -p "$work"

python3 - "$work" <<'PY'
import json, os, struct, sys
work = sys.argv[1]
N = 1 << 31  # 2 GiB of F32 data per file

# GGUF v3: one 2 GiB F32 tensor [2^15, 2^14]; metadata with a ChatML template
def s(b): b = b.encode(); return struct.pack("<Q", len(b)) + b
tmpl = ("{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content']"
        " + '<|im_end|>\\n'}}{% endfor %}")
kvs = [s("general.architecture") + struct.pack("<I", 8) + s("llama"),
       s("tokenizer.chat_template") + struct.pack("<I", 8) + s(tmpl)]
info = s("big.weight") + struct.pack("<I", 2) + struct.pack("<QQ", 1 << 15, 1 << 14) + struct.pack("<IQ", 0, 0)
head = b"GGUF" + struct.pack("<IQQ", 3, 1, len(kvs)) + b"".join(kvs) + info
head += b"\0" * ((-len(head)) % 32)
with open(os.path.join(work, "big.gguf"), "wb") as f:
    f.write(head)
    f.truncate(len(head) + N)

# safetensors: one 2 GiB F32 tensor
hdr = json.dumps({"__metadata__": {"format": "pt"},
                  "big.weight": {"dtype": "F32", "shape": [1 << 15, 1 << 14], "data_offsets": [0, N]}}).encode()
hdr += b" " * ((-len(hdr)) % 8)
with open(os.path.join(work, "big.safetensors"), "wb") as f:
    f.write(struct.pack("<Q", len(hdr)) + hdr)
    f.truncate(8 + len(hdr) + N)
PY

printf '%-18s %14s %12s %10s %s\n' file size bytes_read seconds verdict
for f in big.gguf big.safetensors; do
  p="$work/$f"
  size=$(wc -c <"$p")
  out=$("$root/modelgate" scan --stats --format json "$p" 2>"$work/stats.txt") || true
  verdict=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["results"][0]["verdict"])' 2>/dev/null || echo "?")
  read_bytes=$(sed -n 's/.*read \([0-9]*\) bytes in \([0-9.]*\) s.*/\1/p' "$work/stats.txt")
  secs=$(sed -n 's/.*read \([0-9]*\) bytes in \([0-9.]*\) s.*/\2/p' "$work/stats.txt")
  printf '%-18s %14s %12s %10s %s\n' "$f" "$size" "$read_bytes" "$secs" "$verdict"
done
if [ "${BENCH_SHA256:-0}" = 1 ]; then
  echo "for scale, sha256sum of the same files (reads every byte):"
  for f in big.gguf big.safetensors; do
    /usr/bin/time -f "  $f: %e s" sha256sum "$work/$f" >/dev/null
  done
fi
