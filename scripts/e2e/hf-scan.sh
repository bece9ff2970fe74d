#!/usr/bin/env bash
# `scan`/`hash` of hf://ORG/REPO against a Hub-shaped server written independently of the CLI's
# client: modelgate-server's test upstream (dev.modelgate.server.testhub.LocalHub, over
# modelgate-server/src/test/resources/hub; paged tree API, LFS redirects, ranges), the one
# scripts/e2e/hf-proxy.sh drives the real huggingface_hub client against. Checks verdicts, exit
# codes, member names (hf://ORG/REPO@COMMIT/path) and that a hash of the repository equals the
# hash of the same files on disk. Everything it starts it stops; its files go with it.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
work=$(mktemp -d)
hub_pid=""
cleanup() {
  [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "hf-scan: FAIL: $*" >&2; exit 1; }

. scripts/find-jdk.sh
modelgate_find_jdk
jar=modelgate-server/target/modelgate-server.jar
tc=modelgate-server/target/test-classes
if [ ! -f "$jar" ] || [ ! -d "$tc/dev/modelgate/server/testhub" ]; then
  echo "hf-scan: building the server's test upstream…" >&2
  ./mvnw -q -B -ntp -pl modelgate-server -am package -DskipTests >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; exit 2; }
fi
./modelgate --version >/dev/null

cp -r modelgate-server/src/test/resources/hub "$work/hubroot"
"$JAVA_HOME/bin/java" -Xmx256m -cp "$jar:$tc" dev.modelgate.server.testhub.LocalHub \
  "$work/hubroot" 0 >"$work/hub.log" 2>&1 &
hub_pid=$!
for _ in $(seq 240); do grep -q 'http://127.0.0.1:[0-9]*' "$work/hub.log" && break; sleep 0.5; done
hub=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/hub.log" | head -1)
[ -n "$hub" ] || { cat "$work/hub.log" >&2; fail "the upstream did not start"; }
export HF_ENDPOINT=$hub

code=0
./modelgate scan -v hf://acme/clean-model >"$work/clean.txt" 2>&1 || code=$?
cat "$work/clean.txt"
[ "$code" = 0 ] || fail "clean repository: exit $code"
grep -q "hf://acme/clean-model@[0-9a-f]\{40\}/model.safetensors" "$work/clean.txt" \
  || fail "members are not named hf://ORG/REPO@COMMIT/path"

code=0
./modelgate scan --format json hf://acme/evil-bin@main >"$work/evil.json" 2>"$work/evil.err" || code=$?
[ "$code" = 1 ] || { cat "$work/evil.err" >&2; fail "malicious repository: exit $code, not 1"; }
grep -q '"verdict": "malicious"' "$work/evil.json" || fail "malicious repository: no malicious verdict"
echo "hf-scan: hf://acme/evil-bin@main: exit 1, malicious"

code=0
./modelgate scan hf://acme/no-such-repo >/dev/null 2>"$work/missing.err" || code=$?
[ "$code" = 2 ] || fail "missing repository: exit $code, not 2"
echo "hf-scan: missing repository: exit 2: $(cat "$work/missing.err")"

./modelgate hash hf://acme/clean-model | sed 's/  .* (root digest.*//' >"$work/remote.hash"
./modelgate hash "$work/hubroot/acme/clean-model" | sed 's/  .* (root digest.*//' >"$work/local.hash"
# the model's name differs (clean-model vs the repo name); the digests must not
diff <(cut -c1-64 "$work/remote.hash") <(cut -c1-64 "$work/local.hash") \
  || fail "hash of the repository differs from the hash of its files"
echo "hf-scan: ok ($hub)"
