#!/usr/bin/env python3
"""How long a small run waits beside a run that writes without pause, on one SQLite file: for each
build (a launcher, as for ab.py), a run of fsmeta 60000 on tenant `busy` starts, and 3 s later
hello.wasm runs on tenant `quiet`; the figure is hello's wall time (alone it takes ~0.4 s). The
writer must still be running when hello ends, and both must succeed. Builds alternate by round.

usage: bench/contention.py A_TARBOX [B_TARBOX] [--rounds N]

Needs: the workloads in ../shared/bench (beside this repository).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKLOADS = os.path.join(os.path.dirname(ROOT), "shared", "bench", "workloads")


def one_round(tarbox, work):
    db = os.path.join(work, f"contend-{time.monotonic_ns()}.db")
    env = dict(os.environ, TARBOX_DB=db, XDG_CACHE_HOME=os.path.join(work, "cache"))
    for tenant in ("busy", "quiet"):
        subprocess.run([tarbox, "tenant", "create", tenant], check=True, env=env, capture_output=True)
    writer = subprocess.Popen(
        [tarbox, "run", "--tenant", "busy", "--dir", "/::/data", os.path.join(WORKLOADS, "fsmeta.wasm"), "--",
         "/data", "60000"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    try:
        time.sleep(3)
        start = time.perf_counter()
        small = subprocess.run(
            [tarbox, "run", "--tenant", "quiet", "--dir", "/::/data", os.path.join(WORKLOADS, "hello.wasm"), "--",
             "/data/hello.txt"],
            capture_output=True, text=True, env=env)
        elapsed = time.perf_counter() - start
        if small.returncode != 0:
            sys.exit(f"{tarbox}: the small run failed (exit {small.returncode}): {small.stderr.strip()[-300:]}")
        if writer.poll() is not None:
            sys.exit(f"{tarbox}: the writer ended before the small run did; make it longer")
    finally:
        writer.wait()
    if writer.returncode != 0:
        sys.exit(f"{tarbox}: the writer failed (exit {writer.returncode}): {writer.stderr.read().strip()[-300:]}")
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("builds", nargs="+")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    times = {b: [] for b in args.builds}
    with tempfile.TemporaryDirectory(prefix="tarbox-contention-") as work:
        for r in range(args.rounds):
            order = args.builds if r % 2 == 0 else list(reversed(args.builds))
            for b in order:
                times[b].append(one_round(b, work))
    print(f"Command: `bench/contention.py {' '.join(args.builds)} --rounds {args.rounds}` (SQLite; hello's wall time"
          " beside a run writing without pause)\n")
    print("| build | median | range |")
    print("| --- | --- | --- |")
    for b in args.builds:
        t = times[b]
        print(f"| {b} | {statistics.median(t):.2f} s | {min(t):.2f}–{max(t):.2f} s |")


if __name__ == "__main__":
    main()
