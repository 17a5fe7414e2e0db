#!/usr/bin/env python3
"""Several desktops writing one PostgreSQL ledger at once (issue 19).

Usage: BSN_TEST_PG=BASE_URI concurrent-pg.py CLI WORK

BASE_URI names a PostgreSQL server where databases may be created (the test
run's throwaway server, e.g. postgresql:///postgres?host=/tmp/x&user=postgres,
which tests/pg/with-pg-server.sh exports); without it the test fails.
Each case gets a database of its own. Prints TAP:

  1. four processes import overlapping CSVs: every receipt is awarded once,
     and every balance equals that of one sequential import of all of them
     into an SQLite file;
  2. eight processes redeem the same 50 vouchers: each exactly once;
  3. eight processes award against a daily budget: the day's award value
     never exceeds the budget by one Rupiah, and the budget is used up;
  4. a client killed in the middle of its import leaves nothing partial:
     verify is clean, every receipt stored has its posting, and running
     the import again ends with the same balances as an uninterrupted one.
"""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

CLI, WORK = sys.argv[1], sys.argv[2]
BASE = os.environ.get("BSN_TEST_PG", "")
if not BASE.startswith("postgresql://"):
    print("1..0 # BSN_TEST_PG is not set: run through tests/pg/with-pg-server.sh")
    print("concurrent-pg: BSN_TEST_PG is not set", file=sys.stderr)
    sys.exit(1)
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)

results = []


def check(name, ok, detail=""):
    results.append((name, bool(ok), detail))


def with_database(uri, name):
    """BASE with its database path replaced by @name."""
    parts = urllib.parse.urlsplit(uri)
    # urlunsplit would drop the "//" of an empty host: a URI, never a file.
    return f"{parts.scheme}://{parts.netloc}/{name}" + (f"?{parts.query}" if parts.query else "")


def psql(sql):
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", BASE, "-c", sql], check=True,
                   stdout=subprocess.DEVNULL, env={**os.environ, "PGOPTIONS": "-c client_min_messages=warning"})


def fresh(name):
    psql(f"DROP DATABASE IF EXISTS {name}")
    psql(f"CREATE DATABASE {name}")
    return with_database(BASE, name)


def cli(db, *args):
    r = subprocess.run([CLI, "--db", db, "--json", *args], capture_output=True, text=True)
    return r.returncode, json.loads(r.stdout) if r.stdout.strip() else {}


def network(db, stores=2, customers=20):
    cli(db, "init")
    for s in range(stores):
        cli(db, "store", "add", "--code", f"TK{s}", "--name", f"Toko {s}", "--role", "toko", "--band", "low",
            "--level", "Plus", "--scheme", "stopwatch", "--opening", "07:00")
    for c in range(customers):
        cli(db, "customer", "add", "--code", f"C{c:03d}", "--name", f"Pelanggan {c}")


def balances(db, customers=20):
    out = {}
    for c in range(customers):
        _, b = cli(db, "ledger", "balance", "--customer", f"C{c:03d}")
        out[f"C{c:03d}"] = (b.get("balance_rp"), b.get("status_rp"))
    return out


def write_csv(path, rows):
    with open(path, "w") as f:
        f.write("receipt,store,customer,amount,at,digit,perishable_amount\n")
        for r in rows:
            f.write(",".join(str(x) for x in r) + "\n")


def receipts(n, seed):
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        minute = i % 600
        rows.append((f"R{i:05d}", f"TK{i % 2}", f"C{rng.randrange(20):03d}", rng.randrange(5, 400) * 1000,
                     f"2026-11-22T{7 + minute // 60:02d}:{minute % 60:02d}:{i % 60:02d}", rng.randrange(10), ""))
    return rows


# ---- 1. overlapping imports ----
rows = receipts(800, 1)
parts = [rows[0:300], rows[200:500], rows[400:700], rows[100:800]]
db = fresh("bsn_conc_import")
network(db)
paths = []
for k, part in enumerate(parts):
    p = os.path.join(WORK, f"part{k}.csv")
    write_csv(p, part)
    paths.append(p)
procs = [subprocess.Popen([CLI, "--db", db, "--json", "import", "sales", p], stdout=subprocess.PIPE, text=True)
         for p in paths]
outs = [json.loads(p.communicate()[0] or "{}") for p in procs]
imported = sum(o.get("imported", 0) for o in outs)
duplicates = sum(o.get("duplicates", 0) for o in outs)
check("overlapping imports: every receipt awarded once",
      imported == 800 and duplicates == sum(len(part) for part in parts) - 800,
      f"imported {imported}, duplicates {duplicates}")
lite = os.path.join(WORK, "sequential.db")
network(lite)
all_csv = os.path.join(WORK, "all.csv")
write_csv(all_csv, rows)
cli(lite, "import", "sales", all_csv)
check("overlapping imports: balances equal a sequential SQLite import", balances(db) == balances(lite))
_, ver = cli(db, "verify")
check("overlapping imports: verify", ver.get("ok") is True, ver.get("problems"))

# ---- 2. one voucher, many cashiers ----
db = fresh("bsn_conc_redeem")
network(db, customers=1)
cli(db, "ledger", "opening", "--customer", "C000", "--points", "1000")
codes = [cli(db, "voucher", "issue", "--customer", "C000", "--value", "1000", "--at", "2026-11-01T09:00:00")[1]["code"]
         for _ in range(50)]
wins, errors = [], []
lock = threading.Lock()


def redeemer(w):
    order = codes[:]
    random.Random(w).shuffle(order)
    for code in order:
        rc, out = cli(db, "voucher", "redeem", code, "--store", f"TK{w % 2}", "--at", "2026-11-22T12:00:00")
        with lock:
            if rc == 0:
                wins.append(code)
            elif "sudah dipakai" not in out.get("reason", ""):
                errors.append(out)


threads = [threading.Thread(target=redeemer, args=(w,)) for w in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
check("8 cashiers, 50 vouchers: each redeemed exactly once", sorted(wins) == sorted(codes) and not errors,
      f"{len(wins)} wins, {len(set(wins))} distinct, errors {errors[:2]}")
_, ver = cli(db, "verify")
check("redemptions: verify", ver.get("ok") is True, ver.get("problems"))

# ---- 3. a daily budget under eight writers ----
db = fresh("bsn_conc_budget")
network(db)
cli(db, "quota", "cap", "--store", "TK0", "--date", "2026-11-22", "--daily-budget", "50000")
values, capped = [], []


def awarder(w):
    for i in range(10):
        rc, out = cli(db, "award", "--store", "TK0", "--customer", f"C{w:03d}", "--amount", "123000", "--at",
                      f"2026-11-22T{8 + i:02d}:{w:02d}:00", "--digit", "9", "--receipt", f"B{w}-{i}")
        with lock:
            if rc == 0:
                values.append(out["value_rp"])
                capped.append(out.get("capped", False))
            else:
                errors.append(out)


threads = [threading.Thread(target=awarder, args=(w,)) for w in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
check("daily budget under 8 writers: never exceeded, used up", sum(values) == 50000 and len(values) == 80,
      f"sum {sum(values)}, {len(values)} awards, {sum(capped)} capped, errors {errors[:2]}")

# ---- 4. a client killed mid-import ----
rows = receipts(3000, 4)
big = os.path.join(WORK, "big.csv")
write_csv(big, rows)
clean = fresh("bsn_conc_clean")
network(clean)
cli(clean, "import", "sales", big)
db = fresh("bsn_conc_killed")
network(db)
p = subprocess.Popen([CLI, "--db", db, "--json", "import", "sales", big], stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL)
time.sleep(1.0)
p.send_signal(signal.SIGKILL)
p.wait()
_, ver = cli(db, "verify")
check("killed client: verify clean", ver.get("ok") is True, ver.get("problems"))
rc, out = cli(db, "import", "sales", big)
check("killed client: the import again ends with an uninterrupted run's balances",
      rc == 0 and balances(db) == balances(clean), out)

# ---- 5. the same sales on both engines ----
def rich_network(db):
    cli(db, "init")
    cli(db, "store", "add", "--code", "IND", "--name", "Induk", "--role", "induk", "--band", "high",
        "--level", "Elite", "--scheme", "both", "--opening", "07:00", "--min-purchase", "150000")
    cli(db, "store", "add", "--code", "TK0", "--name", "Toko 0", "--role", "toko", "--band", "low",
        "--level", "Plus", "--scheme", "lelang", "--opening", "20:00", "--min-purchase", "100000")
    cli(db, "store", "add", "--code", "TK1", "--name", "Toko 1", "--role", "toko", "--band", "low",
        "--level", "Standard", "--scheme", "stopwatch", "--opening", "06:00")
    cli(db, "quota", "cap", "--store", "TK0", "--date", "2026-11-22", "--slot-recipients", "3",
        "--daily-budget", "40000")
    cli(db, "bonus", "add", "--code", "SPV", "--name", "Surprise poin", "--kind", "surprise_points",
        "--rate", "10", "--funding", "45/35/20", "--every", "25")
    for c in range(20):
        cli(db, "customer", "add", "--code", f"C{c:03d}", "--name", f"Pelanggan {c}")
        cli(db, "ledger", "opening", "--customer", f"C{c:03d}", "--points", str(c * 40))


rng = random.Random(5)
mixed = []
for i in range(1500):
    store = ("IND", "TK0", "TK1")[i % 3]
    amount = rng.randrange(5, 400) * 1000
    fresh_part = rng.choice(["", str(amount // 2), str(amount)])
    second = i * 50
    mixed.append((f"M{i:05d}", store, f"C{rng.randrange(20):03d}", amount,
                  f"2026-11-2{2 + second // 86400}T{second // 3600 % 24:02d}:{second // 60 % 60:02d}:{second % 60:02d}",
                  rng.randrange(10), fresh_part))
mixed_csv = os.path.join(WORK, "mixed.csv")
write_csv(mixed_csv, mixed)
lite = os.path.join(WORK, "mixed.db")
server = fresh("bsn_equivalent")
reports = []
for db in (lite, server):
    rich_network(db)
    rc, out = cli(db, "import", "sales", mixed_csv)
    report = os.path.join(WORK, "report.json")
    cli(db, "report", "bagi-hasil", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "json", "-o", report)
    with open(report) as f:
        r = json.load(f)
    r.pop("notes", None)
    # The book's fingerprint hashes each entry's own creation time too,
    # so two books of the same sales never share it.
    r.pop("fingerprint", None)
    _, ver = cli(db, "verify")
    ver.pop("head", None)
    reports.append((out.get("imported"), out.get("value_rp"), balances(db), r, ver))
check("same sales on SQLite and PostgreSQL: same import, balances, bagi hasil and verify",
      reports[0] == reports[1] and reports[0][4].get("ok") is True,
      f"{reports[0][:2]} vs {reports[1][:2]}")

print(f"1..{len(results)}")
for i, (name, ok, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {name}")
    if not ok:
        print(f"# {detail}")
sys.exit(0 if all(ok for _, ok, _ in results) else 1)
