#!/usr/bin/env bash
# The launcher on a fresh clone (issue 13, point 7): two `./modelgate` started at once (parallel CI
# jobs) both wait for one first-use build and then run (exit 0, the version printed, one build);
# a build that fails exits 2 (the contract's "could not do the job"), never 1; a usage error of
# an unknown command exits 2 even with --help. Works in a clone of HEAD in a temp folder that it
# removes; the build needs the shared ~/.m2 (offline is fine).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "launcher: FAIL: $*" >&2; exit 1; }

git clone -q "$root" "$work/clone"
cd "$work/clone"
./modelgate --version >"$work/a.out" 2>"$work/a.err" & a=$!
./modelgate --version >"$work/b.out" 2>"$work/b.err" & b=$!
ca=0 cb=0
wait "$a" || ca=$?
wait "$b" || cb=$?
[ "$ca" = 0 ] && [ "$cb" = 0 ] || { cat "$work"/*.err >&2; fail "parallel first starts exited $ca and $cb"; }
grep -q "^modelgate " "$work/a.out" && grep -q "^modelgate " "$work/b.out" || fail "no version printed"
builds=$(cat "$work/a.err" "$work/b.err" | grep -c "^building modelgate" || true)
[ "$builds" = 1 ] || { cat "$work"/*.err >&2; fail "$builds builds, not 1"; }
echo "launcher: parallel first use: ok (one build, both ran)"

code=0
./modelgate no-such-command --help >/dev/null 2>&1 || code=$?
[ "$code" = 2 ] || fail "an unknown command with --help exited $code"

# a broken source: the rebuild fails, and the launcher says so with exit 2
f=modelgate-cli/src/main/java/dev/modelgate/cli/Main.java
echo "this does not compile" >>"$f"
code=0
./modelgate --version >/dev/null 2>"$work/broken.err" || code=$?
[ "$code" = 2 ] || fail "a failed build exited $code, not 2"
grep -q "modelgate: build failed" "$work/broken.err" || fail "no 'build failed' message"
[ ! -d .modelgate-build.lock ] || fail "the build lock was left behind"
echo "launcher: failed build exits 2: ok"
