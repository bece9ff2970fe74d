#!/usr/bin/env bash
# Runs the command lines of action.yml, .pre-commit-hooks.yaml and ci/gitlab-ci.yml as their CI
# would (issue 13, point 5), on a clean and a malicious model folder:
#   - GitHub: the `scan` step's `run:` script, read from action.yml, with the step's env (inputs
#     filled in) under `bash -eo pipefail` as Actions runs it; exit-code output, SARIF written with
#     relative artifact URIs; the final step's exit status follows the scan's;
#   - pre-commit: the real pre-commit (local package mirror) runs the hook with `try-repo` on a
#     throwaway git repository: a malicious pickle fails the commit check, a clean checkpoint passes;
#   - GitLab: the job's `script:` lines with its variables, line by line under `sh -e` as a runner.
# The GitLab and GitHub parts need only python3 + PyYAML; pre-commit is skipped (said so) when the
# local package mirror is missing. Everything lives in one temp folder that is removed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "integrations: FAIL: $*" >&2; exit 1; }

"$root/modelgate" --version >/dev/null   # builds on first use, once, before the timed parts
mkdir -p "$work/clean" "$work/bad"
cp "$root/examples/clean/tiny-cnn.pt" "$work/clean/"
cp "$root/examples/malicious/innocent-looking.pkl" "$work/bad/"

yaml() { python3 -c "import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }

# --- GitHub composite action -------------------------------------------------------------------
run=$(yaml "$root/action.yml" "[s for s in d['runs']['steps'] if s.get('id') == 'scan'][0]['run']")
last=$(yaml "$root/action.yml" "d['runs']['steps'][-1]['run']")
github() {   # $1 = paths input; prints the exit-code output
  out=$work/github-output
  : >"$out"
  (cd "$work" && env MODELGATE="$root/modelgate" MODELGATE_PATHS="$1" \
    MODELGATE_FAIL_ON=suspicious MODELGATE_SARIF=modelgate.sarif GITHUB_OUTPUT="$out" \
    bash --noprofile --norc -eo pipefail -c "$run") || fail "github scan step failed on $1"
  sed -n 's/^exit-code=//p' "$out"
}
[ "$(github clean)" = 0 ] || fail "github: clean folder did not give exit-code 0"
[ "$(github bad)" = 1 ] || fail "github: malicious folder did not give exit-code 1"
python3 - "$work/modelgate.sarif" <<'EOF' || fail "github: SARIF"
import json, sys
s = json.load(open(sys.argv[1]))
res = s["runs"][0]["results"]
assert res, "no results"
for r in res:
    loc = r["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc["uriBaseId"] == "%SRCROOT%" and not loc["uri"].startswith(("/", "file:")), loc
    assert r.get("partialFingerprints"), r
EOF
code=$(bash -c "$(printf '%s' "$last" | sed 's/\${{ steps.scan.outputs.exit-code }}/1/')" || echo $?)
[ "$code" = 1 ] || fail "github: the last step does not fail the job on findings"
echo "integrations: github action: ok"

# --- GitLab CI snippet ---------------------------------------------------------------------------
gitlab() {   # $1 = MODELGATE_PATHS; returns the job's status
  (cd "$work" && export MODELGATE="$root/modelgate" MODELGATE_PATHS="$1" \
    MODELGATE_FAIL_ON="$(yaml "$root/ci/gitlab-ci.yml" "d['modelgate-scan']['variables']['MODELGATE_FAIL_ON']")" &&
    yaml "$root/ci/gitlab-ci.yml" "'\n'.join(d['modelgate-scan']['script'])" | while IFS= read -r line; do
      sh -e -c "$line" || exit $?
    done)
}
gitlab clean || fail "gitlab: clean folder failed the job"
[ -s "$work/gl-modelgate.sarif" ] || fail "gitlab: no report artifact"
if gitlab bad; then fail "gitlab: malicious folder passed the job"; fi
echo "integrations: gitlab ci: ok"

# --- pre-commit hook -----------------------------------------------------------------------------
pip_local=${PIP_LOCAL:-/work/shared/tools/pip-local}
if [ ! -x "$pip_local" ]; then
  echo "integrations: pre-commit SKIPPED: no local Python package mirror"
  exit 0
fi
python3 -m venv "$work/venv"
PIP="$work/venv/bin/pip" "$pip_local" install -q pre-commit >/dev/null 2>&1 \
  || fail "pre-commit: cannot install it from the local mirror"
export PRE_COMMIT_HOME=$work/pre-commit-home
repo=$work/repo
git init -q "$repo"
cp "$work/bad/innocent-looking.pkl" "$work/clean/tiny-cnn.pt" "$repo/"
(cd "$repo" && git add . && git -c user.email=t@t -c user.name=t commit -qm fixtures)
# try-repo clones this repository (uncommitted changes included) and builds modelgate in the clone
if (cd "$repo" && "$work/venv/bin/pre-commit" try-repo "$root" modelgate-scan \
    --files innocent-looking.pkl >"$work/pc-bad.log" 2>&1); then
  cat "$work/pc-bad.log" >&2
  fail "pre-commit: the malicious pickle passed"
fi
grep -q "pickle.dangerous-call" "$work/pc-bad.log" || { cat "$work/pc-bad.log" >&2; fail "pre-commit: no finding shown"; }
(cd "$repo" && "$work/venv/bin/pre-commit" try-repo "$root" modelgate-scan \
  --files tiny-cnn.pt >"$work/pc-clean.log" 2>&1) || { cat "$work/pc-clean.log" >&2; fail "pre-commit: the clean checkpoint failed"; }
echo "integrations: pre-commit hook: ok"
