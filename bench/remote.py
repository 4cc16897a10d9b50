#!/usr/bin/env python3
"""Remote mode against the database itself, in one sitting: `tarbox run` of the shared workloads
with --db pointing at a PostgreSQL database (direct) and at a `tarbox serve` in front of another
database of the same server (remote), paired round by round, fresh tenants per run. The same for a
SQLite file served and used directly. Prints a Markdown table of medians and remote / direct ratios
(issue 11's target: fsmeta 5000 in remote mode within 2x of direct PostgreSQL).

usage: bench/remote.py [--rounds N] [--only fsmeta,bigio,hello] [--pg URL] [--out FILE]

--pg: a PostgreSQL server URL without database (default postgresql://postgres@127.0.0.1:5432);
the databases are created for the sitting and dropped after it (with psql).
"""
import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from all import med, psql, ratio, run  # noqa: E402
from peers import ROOT, WORKLOADS, report  # noqa: E402

CASES = {
    "hello": ("hello.wasm", ["/data/hello.txt"]),
    "bigio": ("bigio.wasm", ["/data", "64"]),
    "fsmeta": ("fsmeta.wasm", ["/data", "5000"]),
}
TARBOX = os.path.join(ROOT, "tarbox")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def token(db, tenant, env):
    """A write token of tenant on db (made on the database itself); its secret."""
    out = subprocess.run([TARBOX, "token", "create", "--tenant", tenant, "--scope", "write",
                          "--name", "bench-" + uuid.uuid4().hex[:8]],
                         check=True, env=dict(env, TARBOX_DB=db), stdout=subprocess.PIPE, text=True).stdout
    return out.strip().splitlines()[-1]


def serve(db, env, work):
    """Starts `tarbox serve` on db; returns (process, url)."""
    env = dict(env, TARBOX_DB=db)
    subprocess.run([TARBOX, "init"], check=True, env=env, stdout=subprocess.DEVNULL)
    port = free_port()
    log = open(os.path.join(work, "serve-%d.log" % port), "w")
    proc = subprocess.Popen([TARBOX, "serve", "--listen", "127.0.0.1:%d" % port], env=env,
                            stdout=log, stderr=log)
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.2)
    return proc, "http://127.0.0.1:%d" % port


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", default="fsmeta")
    ap.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432")
    ap.add_argument("--out")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="tarbox-bench-remote-")
    base_env = dict(os.environ, XDG_CACHE_HOME=os.path.join(work, "cache"), HOME=work)
    subprocess.run([TARBOX, "--version"], check=True, stdout=subprocess.DEVNULL)
    direct_pg = "tarbox_bench_" + uuid.uuid4().hex[:12]
    served_pg = "tarbox_bench_" + uuid.uuid4().hex[:12]
    servers = []
    try:
        for db in (direct_pg, served_pg):
            psql(args.pg, "postgres", f"CREATE DATABASE {db}")
        dbs = {
            "pg": args.pg + "/" + direct_pg,
            "sqlite": os.path.join(work, "direct.db"),
        }
        for name, db in dbs.items():
            subprocess.run([TARBOX, "init"], check=True, env=dict(base_env, TARBOX_DB=db), stdout=subprocess.DEVNULL)
        served = {"pg": args.pg + "/" + served_pg, "sqlite": os.path.join(work, "served.db")}
        pg_server, pg_url = serve(served["pg"], base_env, work)
        lite_server, lite_url = serve(served["sqlite"], base_env, work)
        servers = [pg_server, lite_server]
        # name -> (--db of the runs, the database itself: where tenants and tokens are made)
        setups = {
            "pg": (dbs["pg"], dbs["pg"]),
            "remote-pg": (pg_url, served["pg"]),
            "sqlite": (dbs["sqlite"], dbs["sqlite"]),
            "remote-sqlite": (lite_url, served["sqlite"]),
        }
        results = {}
        for case in args.only.split(","):
            module, guest = CASES[case]
            wasm = os.path.join(WORKLOADS, module)
            times = {k: [] for k in setups}
            check = {}
            for r in range(args.rounds + 1):  # round 0 fills the module cache, untimed
                tenant = "t%d%s" % (r, uuid.uuid4().hex[:6])
                for name, (db, itself) in setups.items():
                    subprocess.run([TARBOX, "tenant", "create", tenant], check=True,
                                   env=dict(base_env, TARBOX_DB=itself), stdout=subprocess.DEVNULL)
                    env = dict(base_env, TARBOX_DB=db, TARBOX_TENANT=tenant)
                    if db != itself:
                        env["TARBOX_API_KEY"] = token(itself, tenant, base_env)
                    t, _, line = run([TARBOX, "run", "--dir", "/::/data", wasm, "--"] + guest, env)
                    check[name] = line
                    if r > 0 and t is not None:
                        times[name].append(t)
            results[case] = (times, check)
        lines = ["Command: `bench/remote.py --rounds %d --only %s` (paired rounds, medians of wall time, each run"
                 " on a fresh tenant; load average before: %s)" % (args.rounds, args.only, os.getloadavg()[0]), "",
                 "| workload | PostgreSQL direct | remote (server on PostgreSQL) | remote / direct"
                 " | SQLite direct | remote (server on SQLite) | remote / direct | same output |",
                 "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        for case, (times, check) in results.items():
            m = {k: med(v) for k, v in times.items()}
            same = "yes" if len(set(check.values())) == 1 else "no: " + "; ".join("%s %s" % kv for kv in check.items())
            lines.append("| %s %s | %.2f s | %.2f s | %s | %.2f s | %.2f s | %s | %s |" % (
                CASES[case][0], " ".join(CASES[case][1]), m["pg"], m["remote-pg"], ratio(m["remote-pg"], m["pg"]),
                m["sqlite"], m["remote-sqlite"], ratio(m["remote-sqlite"], m["sqlite"]), same))
        report("\n".join(lines), args.out)
    finally:
        for proc in servers:
            proc.terminate()
            proc.wait(timeout=60)
        for db in (direct_pg, served_pg):
            psql(args.pg, "postgres", f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")


if __name__ == "__main__":
    main()
