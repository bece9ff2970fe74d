"""Paired, alternating timings for the bench/ scripts (the machine is shared and often loaded).

Each round runs every command once, in an order that rotates from round to round, so a burst
of load from someone else falls on all of them alike; the report gives, per command, the
median wall time, the median CPU time (user + sys of the process tree, which load barely
moves), and the ratio to the reference (the first command) both as a ratio of medians and as
the median of the per-round ratios. The load average is printed before and after.

usage: python3 bench/lib/paired.py [--runs N] [--warmup N] [--json FILE] [--before CMD]
           LABEL=COMMAND...
       (--before runs, untimed, ahead of every timed run: e.g. sync, so no command pays for the
       previous one's writeback)
       (each COMMAND runs under sh -c; output is discarded; a non-zero exit is reported)
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def run(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(["sh", "-c", cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, p.returncode, p.stderr.decode(errors="replace")[-300:]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--json")
    ap.add_argument("--before")
    ap.add_argument("commands", nargs="+")
    a = ap.parse_args()
    cmds = [c.split("=", 1) for c in a.commands]
    before = load()
    print(f"load average before: {before}  ({os.cpu_count()} cores, {a.runs} rounds)")
    for label, cmd in cmds:
        for _ in range(a.warmup):
            run(cmd)
    walls = {label: [] for label, _ in cmds}
    cpus = {label: [] for label, _ in cmds}
    codes = {label: set() for label, _ in cmds}
    for r in range(a.runs):
        order = cmds[r % len(cmds):] + cmds[:r % len(cmds)]
        for label, cmd in order:
            if a.before:
                subprocess.run(["sh", "-c", a.before])
            w, c, code, err = run(cmd)
            walls[label].append(w)
            cpus[label].append(c)
            codes[label].add(code)
    ref = cmds[0][0]
    print(f"{'':44s} {'median s':>9s} {'min s':>7s} {'cpu s':>7s} {'ratio':>7s} {'paired':>7s}")
    result = {"load_before": before, "load_after": load(), "runs": a.runs, "commands": {}}
    for label, _ in cmds:
        m = statistics.median(walls[label])
        ratio = m / statistics.median(walls[ref])
        paired = statistics.median(x / y for x, y in zip(walls[label], walls[ref]))
        cpu = statistics.median(cpus[label])
        exits = ",".join(str(c) for c in sorted(codes[label]))
        print(f"{label:44s} {m:9.3f} {min(walls[label]):7.3f} {cpu:7.3f} {ratio:7.2f} {paired:7.2f}"
              f"   exit {exits}")
        result["commands"][label] = {"median": m, "min": min(walls[label]), "cpu": cpu,
                                     "walls": walls[label], "exit": sorted(codes[label])}
    print(f"(ratio: median / median of '{ref}'; paired: median of the per-round ratios)")
    print(f"load average after: {load()}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
