#!/usr/bin/env bash
# Checks the release tarball (issue 13, point 6) as a user without a JDK would use it: unpacks it
# into an empty folder and runs bin/modelgate with an empty environment (no PATH, no JAVA_HOME),
# from an unrelated working directory: --version, a scan of the bundled examples (exit 1, the two
# malicious files found), a scan of the clean example (exit 0), hash and convert; then that the
# AOT cache is used (classes from the "shared objects file") and that no JDK tool is bundled.
#   scripts/e2e/release-check.sh [TARBALL]   (default: modelgate-cli/target/modelgate-*-linux-x64.tar.gz;
#                                             make it with ./mvnw package -Prelease -DskipTests)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tarball=${1:-$(ls "$root"/modelgate-cli/target/modelgate-*-linux-x64.tar.gz 2>/dev/null | head -1)}
[ -f "$tarball" ] || { echo "release-check: no tarball; run ./mvnw package -Prelease -DskipTests" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "release-check: FAIL: $*" >&2; exit 1; }

tar -C "$work" -xzf "$tarball"
home=$(ls -d "$work"/modelgate-*)
mg=$home/bin/modelgate
mkdir "$work/cwd"
cd "$work/cwd"
bare() { env -i "$mg" "$@"; }

v=$(bare --version) || fail "--version"
echo "release-check: $v"
set +e
bare scan --format json "$home/examples" >"$work/all.json"
code=$?
set -e
[ "$code" = 1 ] || fail "scan of the examples exited $code, not 1"
n=$(grep -c '"verdict": "malicious"' "$work/all.json" || true)
[ "$n" -ge 2 ] || fail "scan of the examples found $n malicious entries"
bare scan "$home/examples/clean" >/dev/null || fail "scan of the clean example is not clean"
bare hash "$home/examples/clean" | grep -q "root digest" || fail "hash"
bare convert "$home/examples/clean/tiny-cnn.pt" "$work/tiny.safetensors" >/dev/null 2>&1 \
  || fail "convert"
[ -s "$work/tiny.safetensors" ] || fail "convert wrote nothing"
shared=$(env -i MODELGATE_JAVA_OPTS=-Xlog:class+load "$mg" --version | grep -c "shared objects file" || true)
[ "$shared" -gt 500 ] || fail "the AOT cache is not used ($shared classes from it)"
[ ! -e "$home/runtime/bin/javac" ] || fail "the runtime is a full JDK"
echo "release-check: ok ($(du -sh "$home" | cut -f1) unpacked, $shared classes from the AOT cache)"
