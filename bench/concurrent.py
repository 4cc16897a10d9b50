#!/usr/bin/env python3
"""Throughput of several `tarbox run` processes on ONE tenant at once: N processes each run a
workload in its own directory of the same tree (so they share the tenant's rows, locks and
version counter, not their files), started together; the figure is the wall time until the last
one ends and the work done per second. Every process must print the workload's checksum line.

usage: bench/concurrent.py --db URL [--procs 1,2,4] [--workload fsmeta] [--arg 2000] [--rounds 3]

Needs: java, mvn; the workloads in ../shared/bench (beside this repository).
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
TARBOX = os.path.join(ROOT, "tarbox")


def run_round(n, args, env, round_no):
    wasm = os.path.join(WORKLOADS, args.workload + ".wasm")
    procs = []
    for i in range(n):
        d = f"/c{n}-r{round_no}-p{i}"
        subprocess.run([TARBOX, "mkdir", "-p", d], check=True, env=env)
        procs.append([TARBOX, "run", "--dir", d + "::/data", wasm, "--", "/data", str(args.arg)])
    start = time.perf_counter()
    running = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for c in procs]
    outs = [p.communicate() for p in running]
    elapsed = time.perf_counter() - start
    for p, (out, err) in zip(running, outs):
        if p.returncode != 0 or "checksum" not in out:
            sys.exit(f"a process failed (exit {p.returncode}): {err.strip()[-300:]}")
    return elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--procs", default="1,2,4")
    ap.add_argument("--workload", default="fsmeta")
    ap.add_argument("--arg", type=int, default=2000, help="fsmeta: files per process; bigio: MB per process")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="tarbox-concurrent-")
    env = dict(os.environ, TARBOX_DB=args.db, XDG_CACHE_HOME=os.path.join(work, "cache"))
    subprocess.run([TARBOX, "init"], check=True, env=env, stdout=subprocess.DEVNULL)
    # one untimed run: fills the compiled-module cache
    run_round(1, args, env, "warm")
    unit = "files" if args.workload == "fsmeta" else "MB"
    print(f"`bench/concurrent.py --db {args.db} --procs {args.procs} --workload {args.workload} --arg {args.arg}"
          f" --rounds {args.rounds}` (medians of wall time, all processes started together)")
    print()
    print(f"| processes | wall time | {unit} per second (all processes) | per process |")
    print("| --- | --- | --- | --- |")
    for n in [int(x) for x in args.procs.split(",")]:
        t = statistics.median(run_round(n, args, env, r) for r in range(args.rounds))
        total = n * args.arg
        print(f"| {n} | {t:.2f} s | {total / t:,.0f} | {args.arg / t:,.0f} |")


if __name__ == "__main__":
    main()
