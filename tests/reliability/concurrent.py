#!/usr/bin/env python3
"""Two processes award receipts and redeem vouchers in one database at
the same time: no lost update (every receipt is posted exactly once and
balances add up), each voucher is redeemed exactly once, SQLITE_BUSY is
waited out rather than reported. Prints TAP. Usage: concurrent.py CLI WORK
"""
import json
import os
import subprocess
import sys
import threading

CLI, WORK = sys.argv[1], sys.argv[2]
os.makedirs(WORK, exist_ok=True)
DB = os.path.join(WORK, "concurrent.db")
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(DB + suffix):
        os.remove(DB + suffix)


def cli(*args):
    r = subprocess.run([CLI, "--db", DB, "--json", *args], capture_output=True, text=True)
    return r.returncode, json.loads(r.stdout) if r.stdout.strip() else {}


cli("init")
cli("store", "add", "--code", "TK", "--name", "Toko", "--role", "toko", "--band", "low", "--level", "Plus",
    "--scheme", "stopwatch", "--opening", "07:00")
cli("customer", "add", "--code", "C1", "--name", "Siti")
cli("ledger", "opening", "--customer", "C1", "--points", "1000")
codes = [cli("voucher", "issue", "--customer", "C1", "--value", "1000", "--at", "2026-11-01T09:00:00")[1]["code"]
         for _ in range(10)]

errors = []
wins = []


def worker(w):
    for i in range(40):
        rc, out = cli("award", "--store", "TK", "--customer", "C1", "--amount", "100000", "--at",
                      f"2026-11-22T10:{i:02d}:{w:02d}", "--digit", "5", "--receipt", f"W{w}-{i}")
        if rc != 0:
            errors.append(out)
        if i < len(codes):
            rc, out = cli("voucher", "redeem", codes[i], "--store", "TK", "--at", "2026-11-22T12:00:00")
            if rc == 0:
                wins.append(codes[i])
            elif "sudah dipakai" not in out.get("reason", ""):
                errors.append(out)


threads = [threading.Thread(target=worker, args=(w,)) for w in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()

_, bal = cli("ledger", "balance", "--customer", "C1")
_, ver = cli("verify")
results = [
    ("no award or redemption failed on a busy database", not errors, errors[:2]),
    ("each voucher redeemed exactly once", sorted(wins) == sorted(codes), len(wins)),
    ("no lost update: 80 awards of Rp6.000 on top of 1000 points − 10 vouchers",
     bal.get("balance_rp") == 1000 * 1000 - 10 * 1000 + 80 * 6000, bal),
    ("verify ok", ver.get("ok") is True, ver),
]
print(f"1..{len(results)}")
for i, (name, ok, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} {name}" + ("" if ok else f" # {detail}"))
sys.exit(0 if all(ok for _, ok, _ in results) else 1)
