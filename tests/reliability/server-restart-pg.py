#!/usr/bin/env python3
"""The server stopped during an import and started again (issue 20).

Usage: server-restart-pg.py CLI WORK PG_SERVER_SH

Runs its own throwaway server (tests/pg/pg-server.sh in WORK/pg), not the
run's shared one: stopping that would break the tests beside it. An import
of N receipts is started; once the server holds some of them it is stopped
(fast shutdown: every connection is cut mid-work) and started again. The
interrupted import fails as a storage fault (exit 4) and leaves nothing
partial (verify clean); running the same import again finishes with every
receipt exactly once, and with the balances of one uninterrupted import of
the same file into a second database of the same server.

Part of the pg-reliability suite (the pg setup, $BSN_TEST_PG set); without
$BSN_TEST_PG the test fails, as the suite's others do.
"""
import json
import os
import random
import shutil
import subprocess
import sys
import time

CLI, WORK, PG_SERVER = sys.argv[1], sys.argv[2], sys.argv[3]
N = int(os.environ.get("BSN_RESTART_RECEIPTS", "6000"))
if not os.environ.get("BSN_TEST_PG", "").startswith("postgresql://"):
    print("1..0 # BSN_TEST_PG is not set: run through tests/pg/with-pg-server.sh")
    print("server-restart-pg: BSN_TEST_PG is not set", file=sys.stderr)
    sys.exit(1)

shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
# A short folder: the socket path must fit in 107 bytes.
PGDIR = f"/tmp/bsn-restart-{os.getpid()}"
shutil.rmtree(PGDIR, ignore_errors=True)

n = 0
failed = 0


def ok(cond, name, detail=""):
    global n, failed
    n += 1
    print(f"{'ok' if cond else 'not ok'} {n} - {name}")
    if not cond:
        failed += 1
        for line in str(detail).splitlines()[:20]:
            print(f"# {line}")


def server(verb):
    r = subprocess.run([PG_SERVER, verb, PGDIR], capture_output=True, text=True)
    if r.returncode != 0:
        print(f"Bail out! pg-server.sh {verb}: {r.stderr.strip()}")
        sys.exit(1)


def uri(db):
    return f"postgresql:///{db}?host={PGDIR}&user=postgres"


def psql(sql, db="postgres"):
    r = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", uri(db), "-c", sql],
                       capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None


def cli(db, *args):
    r = subprocess.run([CLI, "--db", uri(db), "--json", *args], capture_output=True, text=True)
    return r.returncode, (json.loads(r.stdout) if r.stdout.strip() else {}), r.stderr


def network(db):
    psql(f"CREATE DATABASE {db}")
    cli(db, "init")
    for s in range(2):
        cli(db, "store", "add", "--code", f"TK{s}", "--name", f"Toko {s}", "--role", "toko", "--band", "low",
            "--level", "Plus", "--scheme", "stopwatch", "--opening", "07:00")
    for c in range(20):
        cli(db, "customer", "add", "--code", f"C{c:03d}", "--name", f"Pelanggan {c}")


def balances(db):
    return {c: cli(db, "ledger", "balance", "--customer", f"C{c:03d}")[1].get("balance_rp") for c in range(20)}


rng = random.Random(20)
csv = os.path.join(WORK, "sales.csv")
with open(csv, "w") as f:
    f.write("receipt,store,customer,amount,at,digit,perishable_amount\n")
    for i in range(N):
        minute = i % 600
        f.write(f"R{i:05d},TK{i % 2},C{rng.randrange(20):03d},{rng.randrange(5, 400) * 1000},"
                f"2026-11-{1 + (i // 600) % 28:02d}T{7 + minute // 60:02d}:{minute % 60:02d}:{i % 60:02d},"
                f"{rng.randrange(10)},\n")

try:
    server("start")
    network("bsn_restart")
    network("bsn_reference")

    started = time.time()
    proc = subprocess.Popen([CLI, "--db", uri("bsn_restart"), "--json", "import", "sales", csv],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Stop the server while the import is at work, once it has committed
    # some batches (a batch commits every second): both kinds of receipts,
    # stored and not yet stored, are then in the file.
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None:
        if psql("SELECT count (*) FROM receipts", "bsn_restart") not in (None, "0"):
            break
        time.sleep(0.05)
    print(f"# {time.time() - started:.1f} s after the import started; receipts stored: "
          f"{psql('SELECT count (*) FROM receipts', 'bsn_restart')}")
    still_running = proc.poll() is None
    server("stop")
    out, err = proc.communicate(timeout=120)
    ok(still_running, "the server was stopped while the import was at work", proc.returncode)
    ok(proc.returncode == 4, "the interrupted import ends as a storage fault (exit 4)", (proc.returncode, out, err))
    server("resume")

    code, ver, _ = cli("bsn_restart", "verify")
    ok(code == 0 and ver.get("ok") is True, "after the restart verify is clean (nothing partial)", ver)
    before = int(psql("SELECT count (*) FROM receipts", "bsn_restart") or -1)
    ok(0 < before < N, f"the interrupted import had committed {before} of {N} receipts", before)

    code, again, err = cli("bsn_restart", "import", "sales", csv)
    ok(code == 0 and again.get("imported", 0) + again.get("duplicates", 0) == N,
       "running the import again finishes", (code, again, err))
    ok(again.get("imported") == N - before and again.get("duplicates") == before,
       "it imports only what was missing and counts the rest as duplicates", again)
    counts = psql("SELECT count (*), count (DISTINCT (store_id, receipt)), "
                  "(SELECT count (*) FROM postings WHERE kind = 'award') FROM receipts", "bsn_restart")
    ok(counts == f"{N}|{N}|{N}", "every receipt is there exactly once, with one award posting", counts)
    code, ver, _ = cli("bsn_restart", "verify")
    ok(code == 0 and ver.get("ok") is True, "verify is clean at the end", ver)

    code, ref, err = cli("bsn_reference", "import", "sales", csv)
    ok(code == 0 and ref.get("imported") == N, "an uninterrupted import of the same file", (code, ref, err))
    ok(balances("bsn_restart") == balances("bsn_reference"), "the balances equal the uninterrupted import's")
finally:
    subprocess.run([PG_SERVER, "stop", PGDIR], capture_output=True)
    shutil.rmtree(PGDIR, ignore_errors=True)

print(f"1..{n}")
sys.exit(1 if failed else 0)
