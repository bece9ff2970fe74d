#!/usr/bin/env bash
# Start-up benchmark (issue 14, row "scan one 19-byte pickle / --version"): ./modelgate --version
# and ./modelgate scan of a 19-byte pickle against picklescan on the same pickle, paired and
# alternating (each round runs every command once, in rotating order, so load from other users
# of the machine falls on all alike). Prints medians and the ratios to picklescan, and the load
# average before and after. With a release tarball unpacked (RELEASE=DIR/modelgate-VERSION), its
# bin/modelgate is timed too.
#   bench/startup.sh [ROUNDS]        (default 15)
# picklescan: $PICKLESCAN, else bench/work/venv (made once from the local mirror, picklescan from
# its sources at $PICKLESCAN_SRC, default /work/.mirror/mmaitre314+picklescan/repo).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-15}
work=bench/work
mkdir -p "$work"
if [ -z "${PICKLESCAN:-}" ]; then
  venv=$work/venv
  if [ ! -x "$venv/bin/picklescan" ]; then
    src=${PICKLESCAN_SRC:-/work/.mirror/mmaitre314+picklescan/repo}
    [ -d "$src" ] || { echo "startup: no picklescan (set PICKLESCAN or PICKLESCAN_SRC)" >&2; exit 2; }
    python3 -m venv "$venv"
    tmp=$(mktemp -d)
    git clone -q "$src" "$tmp/picklescan"
    PIP="$venv/bin/pip" "${PIP_LOCAL:-/work/shared/tools/pip-local}" install -q numpy "$tmp/picklescan" >&2
    rm -rf "$tmp"
  fi
  PICKLESCAN=$venv/bin/picklescan
fi
pkl=$work/tiny.pkl
python3 -c "import pickle, sys; open(sys.argv[1], 'wb').write(pickle.dumps({'a': 1}, protocol=2))" "$pkl"
./modelgate --version >/dev/null   # build and AOT cache outside the timings
cmds=("picklescan=$PICKLESCAN -p $pkl"
      "modelgate --version=./modelgate --version"
      "modelgate scan=./modelgate scan $pkl")
if [ -n "${RELEASE:-}" ]; then
  cmds+=("release --version=$RELEASE/bin/modelgate --version" "release scan=$RELEASE/bin/modelgate scan $pkl")
fi
python3 - "$rounds" "${cmds[@]}" <<'EOF'
import statistics, subprocess, sys, time
rounds = int(sys.argv[1])
cmds = [c.split("=", 1) for c in sys.argv[2:]]
load = lambda: " ".join(open("/proc/loadavg").read().split()[:3])
print(f"load average before: {load()}; {rounds} rounds; pickle: {sys.argv[2].split()[-1]}")
times = {label: [] for label, _ in cmds}
for r in range(rounds + 1):                      # round 0 warms the page cache, not counted
    order = cmds[r % len(cmds):] + cmds[:r % len(cmds)]
    for label, cmd in order:
        t = time.perf_counter()
        subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if r:
            times[label].append(time.perf_counter() - t)
ref = statistics.median(times[cmds[0][0]])
for label, _ in cmds:
    m = statistics.median(times[label])
    print(f"{label:22s} median {m * 1000:7.1f} ms   {m / ref:5.2f}x picklescan")
print(f"load average after: {load()}")
EOF
