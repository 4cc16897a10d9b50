#!/usr/bin/env python3
"""Every workload, in one sitting: `tarbox run` on a SQLite file and on a PostgreSQL database next
to Node's WASI and Chicory's own WASI, paired round by round (each round runs every runtime once,
in turn), and prints Markdown tables of medians and ratios. Every runtime must print the same
checksum line. Then, unless --no-steady, fsmeta on PostgreSQL against SQLite over ten runs on one
tenant, and again after `VACUUM ANALYZE`.

usage: bench/all.py [--rounds N] [--only hello,cpu,bigio,fsmeta,many] [--pg URL] [--no-steady] [--out FILE]

--pg: a PostgreSQL server URL without database (default postgresql://postgres@127.0.0.1:5432);
a database is created for the sitting and dropped after it (with psql).

Workloads: the shared ones in ../shared/bench/workloads, and "many": a C program with 200,000
small functions (bench/many_functions.py writes it; clang builds it once into
$XDG_CACHE_HOME/tarbox-bench, which takes minutes). Wall time and peak memory (RSS) per run.
The big real program (Yosys, 30 MB, from npm) is bench/big_program.py, beside this one.
The machine these figures come from is shared with other jobs: compare ratios, not seconds.
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
from peers import ROOT, SHARED, WORKLOADS, build_chicory_peer, report  # noqa: E402

CASES = {
    "hello": ("hello.wasm", ["/data/hello.txt"]),
    "cpu": ("cpu.wasm", ["40"]),
    "bigio": ("bigio.wasm", ["/data", "64"]),
    "fsmeta": ("fsmeta.wasm", ["/data", "5000"]),
    "many": (None, []),
}


def run(cmd, env):
    """(seconds, peak RSS in MB, checksum line) of one run, or (None, None, "fails: ...")."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-o", rss.name, "-f", "%M"] + cmd,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        elapsed = time.perf_counter() - start
        try:
            peak = int(rss.read().strip().splitlines()[-1]) / 1024
        except (ValueError, IndexError):
            peak = None
    if proc.returncode != 0:
        return None, None, "fails: " + (proc.stderr.strip().splitlines() or ["exit %d" % proc.returncode])[-1]
    lines = [l for l in proc.stdout.splitlines() if "checksum" in l or l.startswith("hello")]
    return elapsed, peak, (lines[-1] if lines else proc.stdout.strip()[:80])


def psql(server, db, sql):
    subprocess.run(["psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", server + "/" + db, "-c", sql],
                   check=True, stdout=subprocess.DEVNULL)


def med(values):
    return statistics.median(values) if values else None


def cell(t, unit="s"):
    return f"{t:.2f} {unit}" if t is not None else "fails"


def ratio(a, b):
    return f"{a / b:.2f}" if a is not None and b is not None else "—"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--only", default=",".join(CASES))
    ap.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432")
    ap.add_argument("--no-steady", action="store_true")
    ap.add_argument("--steady-runs", type=int, default=10)
    ap.add_argument("--out")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="tarbox-bench-all-")
    pgdb = "tarbox_bench_" + uuid.uuid4().hex[:12]
    psql(args.pg, "postgres", f"CREATE DATABASE {pgdb}")
    try:
        chicory_jar = build_chicory_peer(work)
        tarbox = os.path.join(ROOT, "tarbox")
        subprocess.run([tarbox, "--version"], check=True, stdout=subprocess.DEVNULL)
        dbs = {"sqlite": os.path.join(work, "bench.db"), "pg": args.pg + "/" + pgdb}
        envs = {k: dict(os.environ, TARBOX_DB=v, XDG_CACHE_HOME=os.path.join(work, "cache")) for k, v in dbs.items()}
        for env in envs.values():
            subprocess.run([tarbox, "init"], check=True, env=env, stdout=subprocess.DEVNULL)

        rows = []
        for name in args.only.split(","):
            module, guest = CASES[name]
            wasm = many_functions.build() if name == "many" else os.path.join(WORKLOADS, module)
            host = os.path.join(work, "host-" + name)
            runtimes = {
                "node": (["node", os.path.join(SHARED, "peers", "run-node.mjs"), "--dir", host + "::/data", wasm] + guest, envs["sqlite"]),
                "chicory": (["java", "-jar", chicory_jar, "--dir", host + "::/data", wasm] + guest, envs["sqlite"]),
                "sqlite": ([tarbox, "run", "--dir", "/::/data", wasm, "--"] + guest, envs["sqlite"]),
                "pg": ([tarbox, "run", "--dir", "/::/data", wasm, "--"] + guest, envs["pg"]),
            }
            times = {k: [] for k in runtimes}
            peaks = {k: [] for k in runtimes}
            outputs = {}
            # One untimed run each: Tarbox's module cache (the "second run"), the OS page cache.
            for key, (cmd, env) in runtimes.items():
                os.makedirs(host, exist_ok=True)
                outputs[key] = run(cmd, env)[2]
            for _ in range(args.rounds):
                for key, (cmd, env) in runtimes.items():
                    shutil.rmtree(host, ignore_errors=True)
                    os.makedirs(host)
                    elapsed, peak, out = run(cmd, env)
                    if elapsed is not None:
                        times[key].append(elapsed)
                        peaks[key].append(peak)
                    outputs[key] = out
            ran = {k: v for k, v in outputs.items() if not v.startswith("fails")}
            same = len(set(ran.values())) == 1 and "sqlite" in ran and "pg" in ran
            rows.append((name, " ".join([os.path.basename(wasm)] + guest),
                         {k: med(v) for k, v in times.items()}, {k: med(v) for k, v in peaks.items()}, same, outputs))

        out = [f"Command: `bench/all.py --rounds {args.rounds} --only {args.only}` (paired rounds, medians of wall time;"
               " peak RSS in MB)", "",
               "| workload | node | chicory | tarbox SQLite | tarbox PostgreSQL | SQLite / node | SQLite / chicory"
               " | PostgreSQL / SQLite | peak MB node / chicory / SQLite / PG | same output |",
               "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for name, label, m, p, same, outputs in rows:
            failed = "; ".join(f"{k} {v}" for k, v in outputs.items() if v.startswith("fails"))
            mem = " / ".join(f"{p[k]:.0f}" if p[k] is not None else "—" for k in ("node", "chicory", "sqlite", "pg"))
            out.append(f"| {label} | {cell(m['node'])} | {cell(m['chicory'])} | {cell(m['sqlite'])} | {cell(m['pg'])} | "
                       f"{ratio(m['sqlite'], m['node'])} | {ratio(m['sqlite'], m['chicory'])} | {ratio(m['pg'], m['sqlite'])} | "
                       f"{mem} | {('yes' if same else 'NO: ' + repr(outputs)) + (' (' + failed + ')' if failed else '')} |")

        if not args.no_steady:
            module, guest = CASES["fsmeta"]
            wasm = os.path.join(WORKLOADS, module)
            out += ["", f"fsmeta 5000, {args.steady_runs} runs on one tenant each, SQLite and PostgreSQL interleaved;"
                    " then `VACUUM ANALYZE` on the PostgreSQL database and 3 runs more:", "",
                    "| run | SQLite | PostgreSQL | PostgreSQL / SQLite |", "| --- | --- | --- | --- |"]
            plan = [str(i + 1) for i in range(args.steady_runs)] + ["VACUUM ANALYZE"] + [f"after, {i + 1}" for i in range(3)]
            for label in plan:
                if label == "VACUUM ANALYZE":
                    psql(args.pg, pgdb, "VACUUM ANALYZE")
                    continue
                t = {k: run([tarbox, "run", "--dir", "/::/data", wasm, "--"] + guest, envs[k])[0] for k in ("sqlite", "pg")}
                out.append(f"| {label} | {cell(t['sqlite'])} | {cell(t['pg'])} | {ratio(t['pg'], t['sqlite'])} |")

        report("\n".join(out), args.out)
    finally:
        psql(args.pg, "postgres", f"DROP DATABASE IF EXISTS {pgdb}")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
