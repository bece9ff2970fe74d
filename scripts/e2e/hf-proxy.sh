#!/usr/bin/env bash
# End-to-end test of `modelgate serve` with the real Hugging Face client (issue 10).
#
# Starts the local Hub-shaped upstream (dev.modelgate.server.testhub.LocalHub from the server's
# test classes, over modelgate-server/src/test/resources/hub) and the gateway in front of it, makes
# two venvs from the machine's local package mirror (huggingface_hub 2.x alone; transformers, which
# pins huggingface_hub below 2 through tokenizers), and checks through HF_ENDPOINT:
#   - `hf download` of a clean repository succeeds, byte-identical to the upstream's files;
#   - `hf download` of a repository with a malicious pickle, remote code or a malicious chat
#     template fails with the gateway's 403 reason;
#   - snapshot_download / hf_hub_download of a sharded checkpoint;
#   - a download cut off half-way (a relay drops the connection) is resumed by the client itself
#     with a Range request that the gateway answers 206, and the result is byte-identical;
#   - transformers AutoConfig/AutoTokenizer.from_pretrained work unchanged; the malicious
#     template is refused (transformers then loads the tokenizer without it) and remote code
#     with trust_remote_code=True fails;
#   - SIGTERM stops the gateway with exit status 0.
# Skips (exit 0, with a message) only when there is no local Python package mirror.
# Everything it starts it stops; its files live in one temp folder that it removes.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

pip_local=${PIP_LOCAL:-/work/shared/tools/pip-local}
if [ ! -x "$pip_local" ] || [ -z "$(pip config get global.extra-index-url 2>/dev/null || true)" ]; then
  echo "hf-proxy: SKIPPED: no local Python package mirror (pip-local / pip extra-index-url)"
  exit 0
fi

mkdir -p modelgate-server/target
work=$(mktemp -d "$root/modelgate-server/target/e2e.XXXXXX")
hub_pid="" gw_pid="" cut_pid=""
cleanup() {
  [ -n "$cut_pid" ] && kill "$cut_pid" 2>/dev/null || true
cut_pid=""
  [ -n "$gw_pid" ] && kill "$gw_pid" 2>/dev/null || true
  [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ -n "${E2E_KEEP:-}" ]; then echo "hf-proxy: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

. scripts/find-jdk.sh
modelgate_find_jdk
jar=modelgate-server/target/modelgate-server.jar
tc=modelgate-server/target/test-classes
if [ ! -f "$jar" ] || [ ! -d "$tc/dev/modelgate/server/testhub" ]; then
  echo "hf-proxy: building the server and its test classes…" >&2
  ./mvnw -q -B -ntp -pl modelgate-server -am package -DskipTests >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; exit 2; }
fi

wait_for() { # FILE PATTERN: prints the first match, waits up to 180 s
  for _ in $(seq 360); do
    if grep -q "$2" "$1" 2>/dev/null; then grep -o "$2" "$1" | head -1; return 0; fi
    sleep 0.5
  done
  echo "hf-proxy: timed out waiting for '$2' in $1:" >&2; cat "$1" >&2; return 1
}

# the local upstream: the fixture repositories, plus one file larger than the client's 10 MiB
# read chunk (the client can resume only after a whole chunk arrived)
cp -r modelgate-server/src/test/resources/hub "$work/hubroot"
mkdir -p "$work/hubroot/acme/big-model"
python3 - "$work/hubroot/acme/big-model/model.safetensors" <<'PY'
import json, struct, sys
n = 6 * 1024 * 1024  # float32 elements: 24 MiB
h = json.dumps({"w": {"dtype": "F32", "shape": [n], "data_offsets": [0, 4 * n]}}).encode()
h += b" " * (-len(h) % 8)
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<Q", len(h)) + h)
    f.write(bytes(range(256)) * (4 * n // 256))
PY
"$JAVA_HOME/bin/java" -Xmx256m -cp "$jar:$tc" dev.modelgate.server.testhub.LocalHub \
  "$work/hubroot" 0 >"$work/hub.log" 2>&1 &
hub_pid=$!
hub=$(wait_for "$work/hub.log" 'http://127.0.0.1:[0-9]*')

# the gateway, through the launcher, as users start it
cat >"$work/config.json" <<JSON
{"access_log": "$work/access.log", "limits": {"head_wait_seconds": 5}}
JSON
./modelgate serve --config "$work/config.json" --listen 127.0.0.1:0 --data "$work/data" \
  --upstream "$hub" 2>"$work/gw.log" &
gw_pid=$!
gw=$(wait_for "$work/gw.log" 'http://127.0.0.1:[0-9]*')
echo "hf-proxy: upstream $hub, gateway $gw" >&2

echo "hf-proxy: making venvs from the local mirror…" >&2
python3 -m venv "$work/hub"
PIP="$work/hub/bin/pip" "$pip_local" install -q --disable-pip-version-check huggingface_hub \
  >"$work/pip-hub.log" 2>&1 || { cat "$work/pip-hub.log" >&2; exit 2; }
python3 -m venv "$work/tf"
PIP="$work/tf/bin/pip" "$pip_local" install -q --disable-pip-version-check transformers \
  >"$work/pip-tf.log" 2>&1 || { cat "$work/pip-tf.log" >&2; exit 2; }

export HF_ENDPOINT="$gw" HF_HUB_DISABLE_XET=1 HF_HUB_DISABLE_TELEMETRY=1 HF_HUB_OFFLINE=0
export HF_HUB_DISABLE_PROGRESS_BARS=1 TRANSFORMERS_VERBOSITY=error
unset HF_TOKEN || true
passed=0 failed=0
check() { # NAME COMMAND...
  local name=$1; shift
  if "$@" >"$work/out.log" 2>&1; then
    passed=$((passed + 1)); echo "ok   $name"
  else
    failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     /' "$work/out.log" | tail -20
  fi
}
fails_with() { # PATTERN COMMAND...: the command fails and its output matches PATTERN
  local pat=$1; shift
  if "$@" >"$work/cmd.log" 2>&1; then echo "succeeded, but should have failed"; cat "$work/cmd.log"; return 1; fi
  cat "$work/cmd.log"
  grep -Eq "$pat" "$work/cmd.log"
}
fixtures=modelgate-server/src/test/resources/hub
hf="$work/hub/bin/hf"
export HF_HOME="$work/hf-home"

same_tree() { # the downloaded folder holds exactly the repository's files, byte for byte
  diff -r --exclude=.cache "$fixtures/$1" "$2"
}
check "hf download of a clean repository is byte-identical" \
  bash -c "'$hf' download acme/clean-model --local-dir '$work/dl/clean' && $(declare -f same_tree); fixtures=$fixtures; same_tree acme/clean-model '$work/dl/clean'"
check "hf download of a malicious pickle fails with the 403 reason" \
  fails_with 'malicious.*pickle\.dangerous-call|pickle\.dangerous-call.*malicious' \
  "$hf" download acme/evil-bin --local-dir "$work/dl/evil"
check "hf download of remote code fails with the 403 reason" \
  fails_with 'remote code' "$hf" download acme/remote-code --local-dir "$work/dl/remote"
check "hf download of a malicious chat template fails with the 403 reason" \
  fails_with 'chat-template\.injection' "$hf" download acme/evil-template --local-dir "$work/dl/tpl"

cat >"$work/hub.py" <<'PY'
import filecmp, os, sys
from pathlib import Path
from huggingface_hub import hf_hub_download, snapshot_download, constants
from huggingface_hub.file_download import repo_folder_name

fixtures, work, what = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
if what == "sharded":
    snap = Path(snapshot_download("acme/sharded", cache_dir=work / "c1"))
    for f in ("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
              "model.safetensors.index.json", "config.json"):
        assert filecmp.cmp(snap / f, fixtures / "acme/sharded" / f, shallow=False), f
    p = hf_hub_download("acme/sharded", "model-00002-of-00002.safetensors", cache_dir=work / "c2")
    assert filecmp.cmp(p, fixtures / "acme/sharded/model-00002-of-00002.safetensors", shallow=False)
elif what == "resume":
    # HF_ENDPOINT points at cut.py, which drops the first download of the file half-way: the
    # client retries by itself with a Range request, which the gateway must answer exactly.
    src = (work / "hubroot/acme/big-model/model.safetensors").read_bytes()
    p = hf_hub_download("acme/big-model", "model.safetensors", cache_dir=work / "c3")
    assert Path(p).read_bytes() == src, "resumed file differs"
PY
check "snapshot_download and hf_hub_download of a sharded checkpoint" \
  "$work/hub/bin/python" "$work/hub.py" "$fixtures" "$work" sharded
# A relay between the client and the gateway that cuts one download off mid-body (a dropped
# connection), so the real client's own resume logic runs against the gateway.
cat >"$work/cut.py" <<'PY'
import socket, sys, threading
gw_host, gw_port = sys.argv[1].rsplit("/", 1)[-1].split(":")
target, cut_after = sys.argv[2].encode(), int(sys.argv[3])
state = {"cut": False}
def head(s):
    b = b""
    while b"\r\n\r\n" not in b:
        c = s.recv(1)
        if not c:
            return None
        b += c
    return b
def serve(c):
    g = socket.create_connection((gw_host, int(gw_port)))
    try:
        while True:
            req = head(c)
            if req is None:
                return
            g.sendall(req)
            res = head(g)
            if res is None:
                return
            n = 0
            for line in res.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    n = int(line.split(b":")[1])
            if req.startswith(b"HEAD") or res.split(b" ")[1] in (b"204", b"304"):
                n = 0
            cut = (not state["cut"] and req.startswith(b"GET") and target in req.split(b"\r\n")[0]
                   and b"range:" not in req.lower())
            c.sendall(res)
            sent = 0
            while sent < n:
                chunk = g.recv(min(65536, n - sent))
                if not chunk:
                    return
                if cut and sent + len(chunk) > cut_after:
                    c.sendall(chunk[: cut_after - sent])
                    state["cut"] = True
                    print("cut after", cut_after, "bytes", flush=True)
                    return
                c.sendall(chunk)
                sent += len(chunk)
    finally:
        c.close(); g.close()
srv = socket.create_server(("127.0.0.1", 0))
print("cut: listening on http://127.0.0.1:%d" % srv.getsockname()[1], flush=True)
while True:
    conn, _ = srv.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
PY
python3 "$work/cut.py" "$gw" "/acme/big-model/resolve/" $((12 << 20)) >"$work/cut.log" 2>&1 &
cut_pid=$!
cut=$(wait_for "$work/cut.log" 'http://127.0.0.1:[0-9]*')
check "an interrupted download resumes with an exact 206" bash -c \
  "HF_ENDPOINT='$cut' '$work/hub/bin/python' '$work/hub.py' '$fixtures' '$work' resume && grep -q 'cut after' '$work/cut.log' && grep -q '\"path\":\"/acme/big-model/resolve/[^/]*/model.safetensors\",\"status\":206' '$work/access.log'"
kill "$cut_pid" 2>/dev/null || true
cut_pid=""

cat >"$work/tf.py" <<'PY'
import sys
from transformers import AutoConfig, AutoTokenizer
what = sys.argv[1]
if what == "clean":
    cfg = AutoConfig.from_pretrained("acme/clean-model")
    assert cfg.hidden_size == 16, cfg
    tok = AutoTokenizer.from_pretrained("acme/clean-model")
    ids = tok("hello world")["input_ids"]
    assert len(ids) == 4, ids
    print("config", cfg.model_type, "tokens", ids)
elif what == "template":
    # transformers treats a refused tokenizer_config.json like a missing optional file: the
    # tokenizer loads, but the malicious template never reaches this process
    tok = AutoTokenizer.from_pretrained("acme/evil-template")
    assert getattr(tok, "chat_template", None) is None, tok.chat_template
    print("loaded without the refused chat template")
elif what == "remote":
    AutoConfig.from_pretrained("acme/remote-code", trust_remote_code=True)
PY
export HF_HOME="$work/hf-home-tf"
check "transformers from_pretrained (AutoConfig, AutoTokenizer) through the gateway" \
  "$work/tf/bin/python" "$work/tf.py" clean
check "transformers AutoTokenizer never gets the malicious chat template (403)" bash -c \
  "'$work/tf/bin/python' '$work/tf.py' template && grep -q '\"path\":\"/acme/evil-template/resolve/[^/]*/tokenizer_config.json\",\"status\":403' '$work/access.log'"
check "transformers trust_remote_code gets no remote code" \
  fails_with '403|remote code' "$work/tf/bin/python" "$work/tf.py" remote

kill -TERM "$gw_pid"
status=0; wait "$gw_pid" || status=$?
gw_pid=""
check "SIGTERM stops the gateway with exit status 0" test "$status" -eq 0

echo "hf-proxy: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
