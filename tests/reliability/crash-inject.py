#!/usr/bin/env python3
"""Crash injection: import receipts and kill -9 the process at random
moments, many times. After each kill the database must pass
PRAGMA integrity_check and `verify`, and finishing the import must end in
exactly the state of a clean run (a hash of every balance).

Usage: crash-inject.py CLI WORKDIR [--receipts N] [--kills K] [--seed S]
Prints TAP.
"""
import argparse
import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("cli")
ap.add_argument("work")
ap.add_argument("--receipts", type=int, default=int(os.environ.get("BSN_CRASH_RECEIPTS", "100000")))
ap.add_argument("--kills", type=int, default=int(os.environ.get("BSN_CRASH_KILLS", "20")))
ap.add_argument("--seed", type=int, default=2026)
args = ap.parse_args()
os.makedirs(args.work, exist_ok=True)
rng = random.Random(args.seed)
results = []


def cli(db, *a, check=True):
    r = subprocess.run([args.cli, "--db", db, "--json", *a], capture_output=True, text=True)
    if check and r.returncode != 0:
        raise SystemExit(f"{a}: exit {r.returncode}: {r.stdout} {r.stderr}")
    return r


def fresh(db):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    cli(db, "init")
    for code, level, scheme in (("TK1", "Plus", "stopwatch"), ("TK2", "Gold", "both"), ("TK3", "Platinum", "lelang")):
        cli(db, "store", "add", "--code", code, "--name", f"Toko {code}", "--role", "toko", "--band", "low",
            "--level", level, "--scheme", scheme, "--opening", "07:00", "--min-purchase", "50000")
    for i in range(200):
        cli(db, "customer", "add", "--code", f"C{i:04d}", "--name", f"Pelanggan {i}")


def balances(db):
    con = sqlite3.connect(db)
    rows = con.execute("SELECT id, balance_rp, status_rp FROM accounts ORDER BY id").fetchall()
    n = con.execute("SELECT count(*) FROM receipts").fetchone()[0]
    con.close()
    return hashlib.sha256(repr(rows).encode()).hexdigest(), n


csv_path = os.path.join(args.work, "sales.csv")
with open(csv_path, "w") as f:
    f.write("receipt,store,customer,amount,at,digit,perishable_amount\n")
    for i in range(args.receipts):
        day = 1 + i * 28 // args.receipts
        f.write(f"R{i},TK{1 + i % 3},C{rng.randrange(200):04d},{rng.randrange(10, 600) * 1000},"
                f"2026-10-{day:02d}T{rng.randrange(7, 17):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d},"
                f"{rng.randrange(10)},{rng.randrange(0, 2) * 10000}\n")

clean = os.path.join(args.work, "clean.db")
fresh(clean)
t0 = time.monotonic()
cli(clean, "import", "sales", csv_path)
clean_seconds = time.monotonic() - t0
clean_hash, clean_n = balances(clean)
results.append(("clean import", clean_n == args.receipts, f"{clean_n} receipts"))

victim = os.path.join(args.work, "victim.db")
fresh(victim)
kills = 0
for k in range(args.kills):
    p = subprocess.Popen([args.cli, "--db", victim, "import", "sales", csv_path],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0.05, max(0.1, clean_seconds / 3)))
    if p.poll() is None:
        os.kill(p.pid, signal.SIGKILL)
        kills += 1
    p.wait()
    con = sqlite3.connect(victim)
    integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
    con.close()
    verify = cli(victim, "verify", check=False)
    results.append((f"kill {k + 1}: integrity_check ok and verify ok",
                    integrity == "ok" and verify.returncode == 0, f"{integrity} {verify.stdout[:200]}"))

cli(victim, "import", "sales", csv_path)
victim_hash, victim_n = balances(victim)
results.append((f"after {kills} kills the finished import equals a clean run",
                victim_hash == clean_hash and victim_n == clean_n, f"{victim_n} vs {clean_n}"))

print(f"1..{len(results)}")
for i, (name, ok, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} {name}" + ("" if ok else f" # {detail}"))
sys.exit(0 if all(ok for _, ok, _ in results) else 1)
