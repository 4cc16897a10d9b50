#!/usr/bin/env python3
"""A big real program: Yosys (the open synthesis suite, @yowasp/yosys from npm: a 30 MB WASI
preview 1 command, not written for this benchmark) synthesizes a small design
(bench/big-program/counter.v) to a gate netlist (text in, file out: the run is mostly loading the
module), under Node's WASI, Chicory's own WASI
and `tarbox run` on a SQLite file, in paired rounds (each round runs every runtime once, in turn).
Prints a Markdown table: medians of wall time and of peak RSS, and the ratios to Node.

usage: bench/big_program.py [--rounds N] [--no-chicory] [--out FILE]

The package is fetched once with `npm pack` into $XDG_CACHE_HOME/tarbox-bench (nothing large goes
into the repository). Yosys reads its cell libraries from /share (a host directory, read-only, for
every runtime), the design from /share too, and writes the netlist and ABC's scratch files under
/data: a host directory for Node and Chicory, the tenant's tree for Tarbox. The netlists must be
the same. Tarbox's first run compiles the module (minutes) and is reported apart; the timed runs
load it from the compiled-module cache. Chicory's peer compiles it on every run (about 4 minutes
and 2.6 GB each here): --no-chicory leaves it out.
"""
import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from all import run as timed_run  # noqa: E402
from peers import ROOT, SHARED, build_chicory_peer, report  # noqa: E402

PACKAGE = "@yowasp/yosys@0.55.944"
HERE = os.path.join(ROOT, "bench", "big-program")
SCRIPT = "read_verilog /share/bench-counter.v; synth -top counter; write_verilog -noattr /data/out.v"


def fetch():
    """The module and the share directory, fetched and unpacked once."""
    cache = os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "tarbox-bench",
                         PACKAGE.replace("@", "").replace("/", "-"))
    wasm = os.path.join(cache, "package", "gen", "yosys.core.wasm")
    share = os.path.join(cache, "share")
    if not os.path.exists(os.path.join(share, "bench-counter.v")):
        os.makedirs(cache, exist_ok=True)
        tgz = subprocess.run(["npm", "pack", "--silent", PACKAGE, "--pack-destination", cache],
                             check=True, stdout=subprocess.PIPE, text=True).stdout.strip().splitlines()[-1]
        with tarfile.open(os.path.join(cache, tgz)) as tar:
            tar.extractall(cache)
        subprocess.run(["node", os.path.join(HERE, "yosys-share.mjs"), os.path.dirname(wasm), share], check=True)
        shutil.copy(os.path.join(HERE, "counter.v"), os.path.join(share, "bench-counter.v"))
    return wasm, share


def med(values):
    return statistics.median(values) if values else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-chicory", action="store_true")
    ap.add_argument("--out")
    args = ap.parse_args()

    wasm, share = fetch()
    work = tempfile.mkdtemp(prefix="tarbox-bench-big-")
    try:
        tarbox = os.path.join(ROOT, "tarbox")
        env = dict(os.environ, TARBOX_DB=os.path.join(work, "bench.db"), XDG_CACHE_HOME=os.path.join(work, "cache"))
        subprocess.run([tarbox, "init"], check=True, env=env, stdout=subprocess.DEVNULL)
        guest = ["-q", "-p", SCRIPT]
        runtimes = {
            "node": ["node", os.path.join(SHARED, "peers", "run-node.mjs"), "--env", "TMPDIR=/data",
                     "--dir", os.path.join(work, "node") + "::/data", "--dir", share + "::/share", wasm] + guest,
            "tarbox": [tarbox, "run", "--env", "TMPDIR=/data", "--dir", "/::/data", "--host-dir", share + "::/share:ro",
                       wasm, "--"] + guest,
        }
        if not args.no_chicory:
            chicory_jar = build_chicory_peer(work)
            runtimes["chicory"] = ["java", "-jar", chicory_jar, "--env", "TMPDIR=/data",
                                   "--dir", os.path.join(work, "chicory") + "::/data", "--dir", share + "::/share",
                                   wasm] + guest

        def netlist(key):
            if key == "tarbox":
                out = subprocess.run([tarbox, "cat", "/out.v"], env=env, stdout=subprocess.PIPE).stdout
            else:
                with open(os.path.join(work, key, "out.v"), "rb") as f:
                    out = f.read()
            return hashlib.sha256(out).hexdigest()[:16]

        def once(key):
            if key != "tarbox":
                shutil.rmtree(os.path.join(work, key), ignore_errors=True)
                os.makedirs(os.path.join(work, key))
            return timed_run(runtimes[key], env)

        # Tarbox's first run compiles the module and stores it in the cache.
        first = once("tarbox")
        times = {k: [] for k in runtimes}
        peaks = {k: [] for k in runtimes}
        failures = {}
        for _ in range(args.rounds):
            for key in runtimes:
                elapsed, peak, out = once(key)
                if elapsed is None:
                    failures[key] = out
                else:
                    times[key].append(elapsed)
                    peaks[key].append(peak)
        netlists = {k: netlist(k) for k in runtimes if k not in failures}
        same = len(set(netlists.values())) == 1 and "tarbox" in netlists

        def cell(v, unit):
            return f"{v:.2f} {unit}" if unit == "s" and v is not None else (f"{v:.0f} {unit}" if v is not None else "fails")

        lines = [f"Command: `bench/big_program.py --rounds {args.rounds}{' --no-chicory' if args.no_chicory else ''}`"
                 f" ({os.path.getsize(wasm) / 1e6:.1f} MB module; paired rounds, medians)", "",
                 "| runtime | wall time | peak RSS | time / node | peak / node |", "| --- | --- | --- | --- | --- |"]
        for key in runtimes:
            t, p = med(times[key]), med(peaks[key])
            nt, np_ = med(times["node"]), med(peaks["node"])
            lines.append(f"| {key} | {cell(t, 's')} | {cell(p, 'MB')} | "
                         f"{t / nt:.2f} | {p / np_:.2f} |" if t is not None and nt else
                         f"| {key} | fails: {failures.get(key, '?')} | | | |")
        lines += ["", f"Tarbox's first run (compiling, storing the compiled module): {cell(first[0], 's')},"
                  f" peak {cell(first[1], 'MB')}. Same netlist from every runtime: "
                  + ("yes" if same else "NO: " + repr(netlists))]
        report("\n".join(lines), args.out)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
