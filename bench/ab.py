#!/usr/bin/env python3
"""Two builds of tarbox against each other, paired: each round runs every workload on build A and
build B, the order swapped every other round, each build on its own database made for the sitting
(a SQLite file, or with --pg a PostgreSQL database created and dropped), module cached by an untimed
first round. Prints a Markdown table of medians, B / A, and the ranges.

usage: bench/ab.py A_TARBOX B_TARBOX [--rounds N] [--only hello,cpu,bigio,fsmeta,smallreads,many] [--pg URL]

A build is a launcher: `./tarbox` of a worktree (`git worktree add ../wt-before REV`, then
`../wt-before/tarbox --version` builds it with its own class-data-sharing archive; a jar copied
elsewhere would not find its archive). Before/after comparisons in docs/benchmarks.md use this.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import many_functions  # noqa: E402
from peers import WORKLOADS  # noqa: E402

CASES = {
    "hello": ["hello.wasm", "/data/hello.txt"],
    "cpu": ["cpu.wasm", "40"],
    "bigio": ["bigio.wasm", "/data", "64"],
    "fsmeta": ["fsmeta.wasm", "/data", "5000"],
    # Not in the default set: reads in small pieces, what the chunk cache is for (bench/smallreads).
    "smallreads": [os.path.join(os.path.dirname(os.path.abspath(__file__)), "smallreads", "smallreads.wasm"),
                   "/data", "32"],
    # Not in the default set: 200,000 small functions (bench/many_functions.py builds it once, minutes).
    "many": None,
}
DEFAULT_CASES = "hello,cpu,bigio,fsmeta"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--only", default=DEFAULT_CASES, help="of " + ",".join(CASES))
    ap.add_argument("--pg", help="a PostgreSQL server URL without database, e.g. postgresql://postgres@127.0.0.1:5432")
    args = ap.parse_args()
    builds = {"A": os.path.abspath(args.a), "B": os.path.abspath(args.b)}
    work = tempfile.mkdtemp(prefix="tarbox-bench-ab-")
    databases = {}
    try:
        envs = {}
        for key, tarbox in builds.items():
            if args.pg:
                databases[key] = "tarbox_ab_" + uuid.uuid4().hex[:10]
                subprocess.run(["psql", "-q", "-X", args.pg + "/postgres", "-c", f"CREATE DATABASE {databases[key]}"], check=True)
                db = args.pg + "/" + databases[key]
            else:
                db = os.path.join(work, key + ".db")
            envs[key] = dict(os.environ, TARBOX_DB=db, XDG_CACHE_HOME=os.path.join(work, "cache-" + key))
            subprocess.run([tarbox, "init"], env=envs[key], check=True, stdout=subprocess.DEVNULL)
        cases = args.only.split(",")
        if "many" in cases:
            CASES["many"] = [many_functions.build()]
        times = {(k, c): [] for k in builds for c in cases}
        for r in range(args.rounds + 1):  # round 0 fills the module caches, untimed
            order = list(builds.items()) if r % 2 == 0 else list(reversed(builds.items()))
            for case in cases:
                module, *guest = CASES[case]
                for key, tarbox in order:
                    start = time.perf_counter()
                    proc = subprocess.run([tarbox, "run", "--dir", "/::/data", os.path.join(WORKLOADS, module), "--"] + guest,
                                          env=envs[key], capture_output=True, text=True)
                    elapsed = time.perf_counter() - start
                    if proc.returncode != 0:
                        sys.exit(f"{key} {case} failed: {proc.stderr.strip()[-300:]}")
                    if r > 0:
                        times[(key, case)].append(elapsed)
        print(f"Command: `bench/ab.py A B --rounds {args.rounds} --only {args.only}{' --pg …' if args.pg else ''}`"
              f" ({'PostgreSQL' if args.pg else 'SQLite'}; medians of wall time)\n")
        print("| workload | A | B | B / A | range A | range B |")
        print("| --- | --- | --- | --- | --- | --- |")
        for case in cases:
            a, b = times[("A", case)], times[("B", case)]
            print(f"| {case} | {statistics.median(a):.3f} s | {statistics.median(b):.3f} s | "
                  f"{statistics.median(b) / statistics.median(a):.3f} | {min(a):.3f}–{max(a):.3f} | {min(b):.3f}–{max(b):.3f} |")
    finally:
        for name in databases.values():
            subprocess.run(["psql", "-q", "-X", args.pg + "/postgres", "-c", f"DROP DATABASE IF EXISTS {name}"])
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
