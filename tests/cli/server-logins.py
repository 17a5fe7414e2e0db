#!/usr/bin/env python3
"""server-logins.py — logins the server enforces (issue 20), checked with the
real psql client as each app role.

Usage: server-logins.py CLI WORKDIR

On the PostgreSQL test server ($BSN_TEST_PG, the `pg` setup): `server init`
in a database of its own (bsn_logins, where tests/pg/pg-server.sh makes every
login but the superuser give a SCRAM password), users as server logins, and
each privilege of the issue tried with psql as a kasir (and manajer and
pemilik where it matters): UPDATE/DELETE of postings, legs, receipts,
redemptions and audit refused with "permission denied" even on an empty
table; an unbalanced posting refused at commit; tier, quota, bonus, user and
reserve changes refused for a kasir; no reserve deposit, withdrawal, equity
leg, top-up or reactivation event, store switched on or bonus count set back
by a kasir or manajer, on empty tables and with rows, while their awards,
vouchers, titip jual sales and the reserve warnings that switch a store off
still go through the CLI; the audit actor is the session user.
Then a network moved from a file: its users keep names and roles and sign in
only after a new password.

Without $BSN_TEST_PG (the plain SQLite setup) the test is skipped; with it
set, a server that does not answer fails the test.
"""
import json
import os
import shutil
import subprocess
import sys
import urllib.parse

CLI, WORK = sys.argv[1], sys.argv[2]
BASE = os.environ.get("BSN_TEST_PG", "")
DB = "bsn_logins"
MOVED_DB = "bsn_logins_moved"
LOGINS = ["pemilik_t", "manajer_t", "kasir_t", "pembukuan_t", "moved_owner", "moved_kasir"]
PASSWORDS = {"pemilik_t": "pemilik-rahasia", "manajer_t": "manajer-rahasia", "kasir_t": "kasir-rahasia",
             "pembukuan_t": "pembukuan-rahasia"}
NOW = "2026-11-22T10:00:00"

n = 0
failed = 0


def ok(cond, name, detail=""):
    global n, failed
    n += 1
    if cond:
        print(f"ok {n} - {name}")
    else:
        failed += 1
        print(f"not ok {n} - {name}")
        for line in str(detail).splitlines()[:20]:
            print(f"# {line}")


if not BASE:
    print("1..0 # SKIP no PostgreSQL server: run with the pg setup (BSN_TEST_PG)")
    sys.exit(0)

query = urllib.parse.parse_qs(urllib.parse.urlsplit(BASE).query)
HOST = query.get("host", [""])[0]
ADMIN = query.get("user", ["postgres"])[0]
if not HOST or not shutil.which("psql"):
    print("Bail out! BSN_TEST_PG has no host=… socket folder, or psql is missing")
    sys.exit(1)


def uri(db, user=ADMIN):
    return f"postgresql:///{db}?host={urllib.parse.quote(HOST, safe='/')}&user={user}"


def psql(sql, user=ADMIN, db=DB, password=None, verbose=False):
    env = dict(os.environ, PGCONNECT_TIMEOUT="10")
    env.pop("PGPASSWORD", None)
    if password is not None:
        env["PGPASSWORD"] = password
    # Verbose errors carry the SQLSTATE ("ERROR:  23503: ...").
    extra = ["-v", "VERBOSITY=verbose"] if verbose else []
    return subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", *extra, "-d", uri(db, user), "-c", sql],
                          capture_output=True, text=True, env=env, timeout=60)


def cli(*args, db=DB, user=None, password=None, new_password=None, now=NOW):
    env = dict(os.environ, BSN_NOW=now)
    for k in ("BSN_PASSWORD", "BSN_NEW_PASSWORD", "BSN_DB"):
        env.pop(k, None)
    cmd = [CLI, "--db", uri(db), "--json"]
    if user is not None:
        cmd += ["--user", user]
        env["BSN_PASSWORD"] = password if password is not None else PASSWORDS.get(user, "")
    if new_password is not None:
        env["BSN_NEW_PASSWORD"] = new_password
    r = subprocess.run(cmd + list(args), capture_output=True, text=True, env=env, timeout=120)
    try:
        out = json.loads(r.stdout) if r.stdout.strip() else {}
    except ValueError:
        out = {"raw": r.stdout}
    return r.returncode, out, r.stderr


def denied(r):
    return r.returncode != 0 and "permission denied" in r.stderr


def refused(r):
    """Refused for want of privilege: a missing GRANT or a row-level security
    policy (both SQLSTATE 42501)."""
    return r.returncode != 0 and ("permission denied" in r.stderr
                                  or "violates row-level security policy" in r.stderr)


def posting(key, kind, legs):
    """A balanced posting with its legs, in one transaction, as psql types it."""
    values = ", ".join(f"({a}, {s})" for a, s in legs)
    return (f"BEGIN; WITH p AS (INSERT INTO postings (idem_key, kind, at, amount_rp, created_at) "
            f"VALUES ('{key}', '{kind}', 0, 100, 0) RETURNING id) "
            f"INSERT INTO legs (posting_id, account_id, amount_rp) SELECT id, a, s FROM p, "
            f"(VALUES {values}) AS l (a, s); COMMIT;")


RESERVE_ACCOUNT = "(SELECT coalesce (max (id), 1) FROM accounts WHERE kind = 'reserve')"
EQUITY = "(SELECT id FROM accounts WHERE kind = 'equity')"
CLEARING = "(SELECT id FROM accounts WHERE kind = 'clearing')"
STORE = "(SELECT coalesce (max (id), 1) FROM stores)"
# What only the reserves' keepers (pembukuan, pemilik) may do; each refused
# for a kasir and a manajer with a permission error.
RESERVE_REFUSED = {
    "a balanced reserve deposit posting": posting("psql-deposit", "deposit", [(RESERVE_ACCOUNT, 100), (EQUITY, -100)]),
    "a balanced reserve withdrawal posting": posting("psql-withdraw", "withdrawal",
                                                     [(RESERVE_ACCOUNT, -100), (EQUITY, 100)]),
    "an opening posting": posting("psql-opening", "opening", [(CLEARING, 100), (EQUITY, -100)]),
    "a deposit dressed as an award (an equity leg)": posting("psql-award-equity", "award",
                                                           [(RESERVE_ACCOUNT, 100), (EQUITY, -100)]),
    "an account created with a balance": "INSERT INTO accounts (kind, customer_id, balance_rp) "
                                         "VALUES ('customer', (SELECT coalesce (max (id), 1) FROM customers), 500)",
    "a reserve top-up event": "INSERT INTO reserve_events (store_id, kind, day, balance_rp, required_rp, created_at) "
                              f"VALUES ({STORE}, 'topup', 0, 0, 0, 0)",
    "a reactivation event": "INSERT INTO reserve_events (store_id, kind, day, balance_rp, required_rp, created_at) "
                            f"VALUES ({STORE}, 'reactivated', 0, 0, 0, 0)",
    "a bonus rule's eligible count": "UPDATE bonus_rules SET eligible = 0",
}
# The kasir alone: a manajer keeps the whole stores row (store edit).
KASIR_STORE_REFUSED = {
    "a store switched on": "UPDATE stores SET active = 1",
    "a store switched off by hand": "UPDATE stores SET active = 0",
}


def check_reserves(when):
    for login in ("kasir_t", "manajer_t"):
        for what, sql in RESERVE_REFUSED.items():
            r = psql(sql, user=login, password=PASSWORDS[login])
            ok(refused(r), f"{login} ({when}): {what} is refused with a permission error", r.stderr)
    for what, sql in KASIR_STORE_REFUSED.items():
        r = psql(sql, user="kasir_t", password=PASSWORDS["kasir_t"])
        ok(denied(r), f"kasir_t ({when}): {what} is refused with permission denied", r.stderr)
    r = psql("SELECT count (*) FROM postings WHERE idem_key LIKE 'psql-%'")
    ok(r.stdout.strip() == "0", f"({when}) none of those postings was kept", r.stdout + r.stderr)


# The cached balances are the server's (schema 19): no app login may
# write them, a reserve's least of all; each refused with permission
# denied, even where no row matches.
BALANCE_REFUSED = {
    "any account's balance": "UPDATE accounts SET balance_rp = balance_rp + 1",
    "a customer's balance": "UPDATE accounts SET balance_rp = 1000000 WHERE kind = 'customer'",
    "a store reserve's balance": "UPDATE accounts SET balance_rp = 1000000000 WHERE kind = 'reserve'",
    "status points": "UPDATE accounts SET status_rp = 1000000 WHERE kind = 'customer'",
    "an account's kind": "UPDATE accounts SET kind = 'customer' WHERE kind = 'clearing'",
    "an account's owner": "UPDATE accounts SET store_id = NULL WHERE kind = 'reserve'",
}
# Every account's cached balance and status points equal its legs' sums.
BALANCES_MATCH_LEGS = ("SELECT count (*) FROM accounts a "
                       "LEFT JOIN (SELECT account_id, sum (amount_rp) AS s, sum (earned_rp) AS e FROM legs "
                       "           GROUP BY account_id) l ON l.account_id = a.id "
                       "WHERE a.balance_rp <> coalesce (l.s, 0) OR a.status_rp <> coalesce (l.e, 0)")


def check_balances(when, logins=("kasir_t", "manajer_t", "pembukuan_t", "pemilik_t")):
    before = psql("SELECT string_agg (id || ':' || balance_rp || ':' || status_rp, ',' ORDER BY id) FROM accounts")
    for login in logins:
        for what, sql in BALANCE_REFUSED.items():
            r = psql(sql, user=login, password=PASSWORDS[login])
            ok(denied(r), f"{login} ({when}): UPDATE of {what} is refused with permission denied", r.stderr)
    r = psql("INSERT INTO accounts (kind, customer_id, balance_rp, status_rp) "
             "VALUES ('customer', (SELECT coalesce (max (id), 1) FROM customers), 500, 500)",
             user="pembukuan_t", password=PASSWORDS["pembukuan_t"])
    ok(refused(r), f"pembukuan_t ({when}): an account created with a balance is refused", r.stderr)
    after = psql("SELECT string_agg (id || ':' || balance_rp || ':' || status_rp, ',' ORDER BY id) FROM accounts")
    ok(before.returncode == 0 and before.stdout == after.stdout, f"({when}) no balance moved", after.stdout)


# A clean start: the databases and the cluster-wide roles of an earlier run.
r = psql("SELECT 1", db="postgres")
if r.returncode != 0:
    print(f"Bail out! the test server at {BASE} does not answer: {r.stderr.strip()}")
    sys.exit(1)
cleanup = [f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)", f"DROP DATABASE IF EXISTS {MOVED_DB} WITH (FORCE)"]
cleanup += [f"DROP ROLE IF EXISTS {name}" for name in LOGINS]
cleanup += [f"DROP ROLE IF EXISTS {d}_{role}" for d in (DB, MOVED_DB)
            for role in ("pemilik", "manajer", "pembukuan", "kasir")]
for sql in cleanup + [f"CREATE DATABASE {DB}", f"CREATE DATABASE {MOVED_DB}"]:
    r = psql(sql, db="postgres")
    if r.returncode != 0:
        print(f"Bail out! {sql}: {r.stderr.strip()}")
        sys.exit(1)

# ---- server init and logins ----
code, out, err = cli("server", "init")
ok(code == 0 and out.get("roles", {}).get("kasir") == f"{DB}_kasir" and out.get("schema_version", 0) >= 15,
   "server init creates the schema and one group role per app role", (code, out, err))
r = psql("SELECT string_agg (rolname || ':' || rolcanlogin::text, ',' ORDER BY rolname) FROM pg_roles "
         f"WHERE rolname LIKE '{DB}\\_%'")
ok(r.stdout.strip() == f"{DB}_kasir:false,{DB}_manajer:false,{DB}_pembukuan:false,{DB}_pemilik:false",
   "the group roles cannot log in", r.stdout + r.stderr)
code, out, err = cli("server", "init")
ok(code == 0, "server init again changes nothing and succeeds", (code, out, err))

code, out, err = cli("user", "add", "--name", "pemilik_t", "--role", "pemilik", new_password=PASSWORDS["pemilik_t"])
ok(code == 0, "the administrator adds the first user, a pemilik", (code, out, err))
for name, role in (("manajer_t", "manajer"), ("kasir_t", "kasir")):
    code, out, err = cli("user", "add", "--name", name, "--role", role, user="pemilik_t",
                         new_password=PASSWORDS[name])
    ok(code == 0 and out.get("role") == role, f"the pemilik adds {name} as {role}", (code, out, err))
code, out, err = cli("user", "add", "--name", "kasir_x", "--role", "kasir", user="kasir_t",
                     new_password="kasir-rahasia-2")
ok(code == 1, "a kasir cannot add a user", (code, out, err))

r = psql(f"SELECT string_agg (u.rolname || '>' || g.rolname, ',' ORDER BY u.rolname) FROM pg_auth_members m "
         f"JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE g.rolname LIKE '{DB}\\_%'")
ok(r.stdout.strip() == f"kasir_t>{DB}_kasir,manajer_t>{DB}_manajer,pemilik_t>{DB}_pemilik",
   "each user is a login named exactly so, member of its role's group", r.stdout + r.stderr)
r = psql("SELECT count (*) FROM users WHERE pw_hash <> ''")
ok(r.stdout.strip() == "0", "no password hash of ours in the users table", r.stdout + r.stderr)
r = psql("SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid WHERE rolname = 'kasir_t'")
ok(r.stdout.strip() == "t", "the server keeps the password as a SCRAM verifier", r.stdout + r.stderr)
r = subprocess.run(["grep", "-c", "kasir-rahasia", os.path.join(HOST, "server.log")], capture_output=True, text=True)
ok(r.stdout.strip() in ("0", ""), "the password itself never reaches the server's log", r.stdout)

code, out, err = cli("user", "list", user="kasir_t", password="salah-sekali")
ok(code == 1 and "kata sandi salah" in out.get("error", "").lower() and "salah-sekali" not in err + json.dumps(out),
   "a wrong password is refused (exit 1) and never printed", (code, out, err))
r = psql("SELECT 1", user="kasir_t", password="salah-sekali")
ok(r.returncode != 0 and "password authentication failed" in r.stderr, "psql with a wrong password is refused",
   r.stderr)
code, out, err = cli("user", "list", user="kasir_t")
ok(code == 0 and len(out.get("users", [])) == 3, "--user kasir_t with BSN_PASSWORD signs in to the server",
   (code, out, err))
code, out, err = cli("user", "add", "--name", "pembukuan_t", "--role", "pembukuan", user="pemilik_t",
                     new_password=PASSWORDS["pembukuan_t"])
ok(code == 0 and out.get("role") == "pembukuan", "the pemilik adds pembukuan_t as pembukuan", (code, out, err))
r = psql("SELECT count (*) FROM information_schema.column_privileges WHERE table_name = 'accounts' "
         f"AND privilege_type = 'UPDATE' AND grantee LIKE '{DB}\\_%'")
ok(r.stdout.strip() == "0", "server init grants no app role UPDATE on any column of accounts", r.stdout + r.stderr)

# ---- reserves, stores and bonus counts, on empty tables ----
r = psql("SELECT (SELECT count (*) FROM stores) + (SELECT count (*) FROM reserve_events)"
         " + (SELECT count (*) FROM postings) + (SELECT count (*) FROM customers)")
ok(r.stdout.strip() == "0", "stores, reserve events, postings and customers are still empty", r.stdout + r.stderr)
check_reserves("empty tables")
check_balances("empty tables")

# The stores' work, as the roles that do it, through the CLI.
code, out, err = cli("store", "add", "--code", "TK01", "--name", "Toko Satu", "--role", "toko", "--band", "low",
                     "--level", "Plus", "--scheme", "stopwatch", "--opening", "07:00", user="manajer_t")
ok(code == 0, "a manajer adds a store", (code, out, err))
code, out, err = cli("store", "add", "--code", "TK02", "--name", "Toko Dua", "--role", "toko", "--band", "low",
                     "--level", "Plus", "--scheme", "stopwatch", "--opening", "07:00", user="kasir_t")
ok(code == 1, "a kasir cannot add a store (the library refuses)", (code, out, err))

# ---- privileges with psql, on empty tables ----
APPEND_ONLY = {
    "postings": "UPDATE postings SET memo = 'x'",
    "legs": "UPDATE legs SET amount_rp = 0",
    "receipts": "UPDATE receipts SET amount_rp = 1",
    "redemptions": "UPDATE redemptions SET at = 0",
    "audit": "UPDATE audit SET action = 'x'",
}
r = psql("SELECT (SELECT count (*) FROM postings) + (SELECT count (*) FROM legs) + (SELECT count (*) FROM receipts)"
         " + (SELECT count (*) FROM redemptions)")
ok(r.stdout.strip() == "0", "postings, legs, receipts and redemptions are still empty", r.stdout + r.stderr)
for login in ("kasir_t", "manajer_t", "pemilik_t"):
    for table, update in APPEND_ONLY.items():
        r = psql(update, user=login, password=PASSWORDS[login])
        ok(denied(r), f"{login}: UPDATE {table} is refused with permission denied", r.stderr)
        r = psql(f"DELETE FROM {table}", user=login, password=PASSWORDS[login])
        ok(denied(r), f"{login}: DELETE FROM {table} is refused with permission denied", r.stderr)
        r = psql(f"TRUNCATE {table}", user=login, password=PASSWORDS[login])
        ok(denied(r), f"{login}: TRUNCATE {table} is refused with permission denied", r.stderr)

# ---- the kasir's work, then the same refusals on tables with rows ----
code, out, err = cli("customer", "add", "--code", "C001", "--name", "Siti", "--phone", "0812-3456-7890",
                     user="kasir_t")
ok(code == 0, "a kasir adds a customer", (code, out, err))
code, out, err = cli("award", "--store", "TK01", "--customer", "C001", "--amount", "250000", "--at", NOW,
                     "--stopwatch-end", "10:00:01", "--receipt", "R-0001", user="kasir_t")
ok(code == 0, "a kasir records an award under the server's privileges", (code, out, err))
code, out, err = cli("voucher", "issue", "--customer", "C001", "--value", "100", "--valid-days", "14",
                     user="kasir_t")
voucher = out.get("code")
ok(code == 0 and voucher, "a kasir issues a voucher", (code, out, err))
code, out, err = cli("voucher", "redeem", str(voucher), "--store", "TK01", "--at", NOW, user="kasir_t")
ok(code == 0, "a kasir redeems it", (code, out, err))
code, out, err = cli("verify", user="kasir_t")
ok(code == 0, "verify is clean after the kasir's work", (code, out, err))
r = psql(BALANCES_MATCH_LEGS)
s = psql("SELECT balance_rp || ':' || status_rp FROM accounts WHERE kind = 'customer'")
ok(r.stdout.strip() == "0" and s.stdout.strip() == "4900:5000",
   "the server moved the balances of the kasir's award and redemption (5000 earned, 100 redeemed: "
   "status points keep the 5000)",
   r.stdout + r.stderr + s.stdout + s.stderr)
for table, update in APPEND_ONLY.items():
    r = psql(update, user="kasir_t", password=PASSWORDS["kasir_t"])
    ok(denied(r), f"kasir_t: UPDATE {table} with rows is refused with permission denied", r.stderr)
    r = psql(f"DELETE FROM {table}", user="kasir_t", password=PASSWORDS["kasir_t"])
    ok(denied(r), f"kasir_t: DELETE FROM {table} with rows is refused with permission denied", r.stderr)
r = psql("SELECT (SELECT count (*) FROM postings) > 0 AND (SELECT count (*) FROM redemptions) = 1")
ok(r.stdout.strip() == "t", "the rows are all still there", r.stdout + r.stderr)

# A titip jual sale is the manajer's (the library's permission table); it
# posts a bonus to the customer from the store's reserve.
for code_, role, parent in (("IND", "induk", None), ("ANK", "anak", "IND")):
    args = ["store", "add", "--code", code_, "--name", f"Toko {code_}", "--role", role, "--band", "low",
            "--level", "Gold", "--scheme", "both", "--opening", "06:00"]
    code, out, err = cli(*(args + (["--parent", parent] if parent else [])), user="manajer_t")
    ok(code == 0, f"a manajer adds the {role} {code_}", (code, out, err))
code, out, err = cli("consign", "offer", "--from", "IND", "--to", "ANK", "--sku", "BAJU-01", "--name", "Kemeja batik",
                     "--qty", "100", "--cost", "8000", "--price", "10000", "--offered", "2026-11-22",
                     "--period-days", "14", "--stage-days", "7,7,7", "--scheme", "A", user="manajer_t")
ok(code == 0, "a manajer offers a titip jual lot", (code, out, err))
code, out, err = cli("consign", "accept", "1", "--at", "2026-11-22", user="manajer_t")
ok(code == 0, "and accepts it at the anak", (code, out, err))
code, out, err = cli("consign", "sell", "1", "--qty", "2", "--customer", "C001", "--at", "2026-11-22",
                     user="manajer_t")
ok(code == 0, "a manajer records a titip jual sale under the server's privileges", (code, out, err))
code, out, err = cli("award", "--store", "TK01", "--customer", "C001", "--amount", "300000", "--at", NOW,
                     "--stopwatch-end", "10:00:01", "--receipt", "R-0002", user="manajer_t")
ok(code == 0, "a manajer records an award", (code, out, err))

# ---- reserves, stores and bonus counts, with rows ----
r = psql("SELECT (SELECT count (*) FROM stores) > 0 AND (SELECT count (*) FROM postings) > 0"
         " AND (SELECT count (*) FROM accounts WHERE kind = 'reserve') > 0")
ok(r.stdout.strip() == "t", "stores, postings and a reserve account are there", r.stdout + r.stderr)
check_reserves("with rows")
check_balances("with rows")
r = psql(BALANCES_MATCH_LEGS)
ok(r.stdout.strip() == "0", "every balance equals its legs after the manajer's work too", r.stdout + r.stderr)

# ---- a kasir's awards still switch a store whose reserve ran dry off ----
code, out, err = cli("reserve", "policy", "--store", "TK01", "--customers", "1", "--avg-points", "10",
                     user="pemilik_t")
ok(code == 0, "the pemilik gives TK01 a reserve policy", (code, out, err))
for i, day in enumerate(("2026-11-23", "2026-11-24", "2026-11-25")):
    at = f"{day}T10:00:00"
    code, out, err = cli("award", "--store", "TK01", "--customer", "C001", "--amount", "250000", "--at", at,
                         "--stopwatch-end", "10:00:01", "--receipt", f"R-1{i}", user="kasir_t", now=at)
    ok(code == 0, f"kasir_t records an award on {day} with the reserve below its threshold", (code, out, err))
r = psql("SELECT active FROM stores WHERE code = 'TK01'; "
         "SELECT string_agg (kind, ',' ORDER BY id) FROM reserve_events")
ok(r.stdout.split() == ["0", "warning,warning,warning,deactivated"],
   "the third warning switches TK01 off, by the kasir's award", r.stdout + r.stderr)
r = psql("UPDATE stores SET active = 1 WHERE code = 'TK01'", user="kasir_t", password=PASSWORDS["kasir_t"])
ok(denied(r), "kasir_t cannot switch it back on: permission denied", r.stderr)
r = psql("INSERT INTO reserve_events (store_id, kind, day, balance_rp, required_rp, created_at) "
         "SELECT id, 'reactivated', 0, 0, 0, 0 FROM stores WHERE code = 'TK01'",
         user="kasir_t", password=PASSWORDS["kasir_t"])
ok(refused(r), "nor through a reactivation event", r.stderr)
r = psql("INSERT INTO reserve_events (store_id, kind, day, balance_rp, required_rp, created_at) "
         "SELECT id, 'deactivated', 0, 0, 0, 0 FROM stores WHERE code = 'TK01'",
         user="kasir_t", password=PASSWORDS["kasir_t"])
ok(refused(r), "a deactivation event for a store already off is refused too", r.stderr)
code, out, err = cli("reserve", "deposit", "--store", "TK01", "--amount", "5000000", "--at", "2026-11-25T11:00:00",
                     user="pemilik_t", now="2026-11-25T11:00:00")
r = psql("SELECT active FROM stores WHERE code = 'TK01'")
ok(code == 0 and r.stdout.strip() == "1", "a top-up by the pemilik switches it back on", (code, out, err, r.stdout))
code, out, err = cli("verify", user="kasir_t", now="2026-11-25T11:00:00")
ok(code == 0, "verify is clean after the reserve's round trip", (code, out, err))

# ---- an unbalanced posting ----
UNBALANCED = ("BEGIN; WITH p AS (INSERT INTO postings (idem_key, kind, at, amount_rp, created_at) "
              "VALUES ('psql-unbalanced', 'award', 0, 100, 0) RETURNING id) "
              "INSERT INTO legs (posting_id, account_id, amount_rp) SELECT id, 1, 100 FROM p; COMMIT;")
r = psql(UNBALANCED, user="kasir_t", password=PASSWORDS["kasir_t"])
ok(r.returncode != 0 and "does not balance" in r.stderr, "kasir: a posting that does not balance is refused",
   r.stderr)
r = psql(UNBALANCED.replace("kasir", "x"), user="pemilik_t", password=PASSWORDS["pemilik_t"])
ok(r.returncode != 0 and "does not balance" in r.stderr, "pemilik: a posting that does not balance is refused",
   r.stderr)
r = psql("SELECT count (*) FROM postings WHERE idem_key = 'psql-unbalanced'")
ok(r.stdout.strip() == "0", "nothing of it was kept", r.stdout)
BALANCED = ("BEGIN; WITH p AS (INSERT INTO postings (idem_key, kind, at, amount_rp, created_at) "
            "VALUES ('balanced-by-psql', 'voucher', 0, 0, 0) RETURNING id) "
            "INSERT INTO legs (posting_id, account_id, amount_rp) SELECT id, a, s FROM p, "
            f"(VALUES ({CLEARING}, 100), ({RESERVE_ACCOUNT}, -100)) AS l (a, s); COMMIT;")
r = psql(BALANCED, user="kasir_t", password=PASSWORDS["kasir_t"])
ok(r.returncode != 0 and "does not balance" not in r.stderr and "no voucher claims it" in r.stderr,
   "a balanced posting of a kasir's kind with no voucher behind it is refused for that (schema 20), "
   "not for its balance", r.stderr)

# ---- what a kasir may not change ----
KASIR_REFUSED = {
    "tier versions": "INSERT INTO tier_versions (scheme, name, effective_from, author, reason, created_at) "
                     "VALUES ('stopwatch', 'x', 0, 'x', 'x', 0)",
    "tier rates": "UPDATE tier_rates SET rate_bp = 0",
    "quotas": "INSERT INTO quotas (store_id, day, slot, min_purchase_rp) VALUES (1, 1, 0, 0)",
    "quotas (update)": "UPDATE quotas SET min_purchase_rp = 0",
    "daily plans": "UPDATE day_plans SET daily_budget_rp = 0",
    "bonus rules": "UPDATE bonus_rules SET rate_bp = 0",
    "bonus rules (insert)": "INSERT INTO bonus_rules (code, name, kind, rate_bp, produsen_bp, ritel_bp, bsn_bp, "
                            "valid_from, created_at) VALUES ('X', 'x', 'siaga', 1, 10000, 0, 0, 0, 0)",
    "users": "UPDATE users SET role = 'pemilik' WHERE name = 'kasir_t'",
    "users (insert)": "INSERT INTO users (name, role, pw_hash, created_at) VALUES ('x', 'pemilik', '', 0)",
    "reserve policies": "INSERT INTO reserve_policies (store_id, method) VALUES (1, 'days')",
    "reserve policies (update)": "UPDATE reserve_policies SET days = 0",
    "stores": "UPDATE stores SET margin_bp = 0",
    "meta": "UPDATE meta SET value = 'x'",
}
for what, sql in KASIR_REFUSED.items():
    r = psql(sql, user="kasir_t", password=PASSWORDS["kasir_t"])
    ok(denied(r), f"kasir_t cannot change {what}: permission denied", r.stderr)
r = psql("SELECT bsn_login_set_role ('kasir_t', 'pemilik')", user="kasir_t", password=PASSWORDS["kasir_t"])
ok(denied(r), "kasir_t cannot promote itself through the login functions", r.stderr)
r = psql("SELECT bsn_login_set_active ('postgres', false)", user="pemilik_t", password=PASSWORDS["pemilik_t"])
ok(r.returncode != 0 and "not a login of this BSN network" in r.stderr,
   "a pemilik cannot touch the server's other roles", r.stderr)
r = psql("UPDATE tier_rates SET rate_bp = 0", user="manajer_t", password=PASSWORDS["manajer_t"])
ok(denied(r), "manajer_t cannot change tier rates either", r.stderr)

# ---- the audit actor ----
r = psql("INSERT INTO audit (at, \"user\", action) VALUES (0, 'pemilik_t', 'psql.forged'); "
         "SELECT \"user\" FROM audit WHERE action = 'psql.forged'", user="kasir_t", password=PASSWORDS["kasir_t"])
ok(r.returncode == 0 and r.stdout.strip() == "kasir_t", "an audit row a kasir writes names kasir_t, whatever it says",
   r.stdout + r.stderr)
r = psql("SELECT string_agg (DISTINCT \"user\", ',') FROM audit WHERE action LIKE 'customer%' OR action LIKE 'voucher%'")
ok(r.stdout.strip() == "kasir_t", "the CLI's audit rows as kasir_t name the session user", r.stdout + r.stderr)

# ---- role, disable, enable, password ----
code, out, err = cli("user", "role", "--name", "kasir_t", "--role", "manajer", user="pemilik_t")
r = psql("SELECT pg_has_role ('kasir_t', 'bsn_logins_manajer', 'MEMBER'), "
         "pg_has_role ('kasir_t', 'bsn_logins_kasir', 'MEMBER')")
ok(code == 0 and r.stdout.strip() == "t|f", "user role moves the login to the new group", (code, out, err, r.stdout))
code, out, err = cli("user", "role", "--name", "kasir_t", "--role", "kasir", user="pemilik_t")
ok(code == 0, "and back", (code, out, err))
code, out, err = cli("user", "disable", "--name", "kasir_t", user="pemilik_t")
r = psql("SELECT 1", user="kasir_t", password=PASSWORDS["kasir_t"])
ok(code == 0 and r.returncode != 0 and "not permitted to log in" in r.stderr,
   "user disable takes the login away at the server", (code, out, err, r.stderr))
code, out, err = cli("user", "list", user="kasir_t")
ok(code == 1, "a disabled login is refused by the CLI (exit 1)", (code, out, err))
code, out, err = cli("user", "enable", "--name", "kasir_t", user="pemilik_t")
r = psql("SELECT 1", user="kasir_t", password=PASSWORDS["kasir_t"])
ok(code == 0 and r.returncode == 0, "user enable gives it back", (code, out, err, r.stderr))
code, out, err = cli("user", "passwd", user="kasir_t", new_password="kasir-baru-123")
r = psql("SELECT 1", user="kasir_t", password="kasir-baru-123")
ok(code == 0 and r.returncode == 0, "a kasir changes its own password at the server", (code, out, err, r.stderr))

# ---- a server set up before version 18 ----
# The network as schema 17 left it: the old column grants, none of 18's
# fences, 19's balance trigger, 20's backing checks, 21's receipt check
# nor 22's index for the program report, and 23's and 24's cheaper checks
# undone. Opening it as the administrator
# migrates it.
DOWNGRADE = f"""
BEGIN;
DROP TRIGGER legs_references ON legs; DROP TRIGGER receipts_references ON receipts;
DROP TRIGGER receipt_parts_references ON receipt_parts; DROP TRIGGER postings_references ON postings;
DROP FUNCTION bsn_legs_references (), bsn_receipts_references (), bsn_receipt_parts_references (),
  bsn_postings_references ();
DROP TRIGGER accounts_referenced ON accounts; DROP TRIGGER customers_referenced ON customers;
DROP TRIGGER stores_referenced ON stores; DROP TRIGGER accounts_no_truncate ON accounts;
DROP FUNCTION bsn_referenced_check (), bsn_server_admin_refresh ();
ALTER TABLE legs ADD FOREIGN KEY (posting_id) REFERENCES postings (id), ADD FOREIGN KEY (account_id) REFERENCES accounts (id);
ALTER TABLE receipts ADD FOREIGN KEY (store_id) REFERENCES stores (id), ADD FOREIGN KEY (customer_id) REFERENCES customers (id),
  ADD FOREIGN KEY (tier_version_id) REFERENCES tier_versions (id), ADD FOREIGN KEY (posting_id) REFERENCES postings (id);
ALTER TABLE receipt_parts ADD FOREIGN KEY (receipt_id) REFERENCES receipts (id),
  ADD FOREIGN KEY (tier_version_id) REFERENCES tier_versions (id);
ALTER TABLE postings ADD FOREIGN KEY (store_id) REFERENCES stores (id), ADD FOREIGN KEY (customer_id) REFERENCES customers (id);
CREATE OR REPLACE FUNCTION bsn_server_admin () RETURNS boolean LANGUAGE sql STABLE SET search_path = public
  AS $$ SELECT pg_catalog.pg_has_role (session_user,
          (SELECT relowner FROM pg_catalog.pg_class WHERE oid = 'audit'::regclass), 'MEMBER') $$;
DROP FUNCTION bsn_bonus_count_eligible_by (bigint, bigint);
DROP TRIGGER postings_balance ON postings; DROP FUNCTION bsn_posting_balanced ();
CREATE FUNCTION bsn_posting_balances () RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  IF (SELECT sum (amount_rp) FROM legs WHERE posting_id = NEW.posting_id) <> 0 THEN
    RAISE EXCEPTION 'posting % does not balance', NEW.posting_id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL; END $$;
CREATE CONSTRAINT TRIGGER legs_balance AFTER INSERT ON legs DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION bsn_posting_balances ();
DROP TRIGGER legs_move_balances ON legs;
DROP FUNCTION bsn_legs_move_balances ();
DROP TRIGGER postings_backed ON postings; DROP TRIGGER legs_with_posting ON legs;
DROP FUNCTION bsn_posting_backed_check (), bsn_posting_backed (postings), bsn_leg_with_posting ();
DROP TRIGGER receipts_within_tables ON receipts;
DROP FUNCTION bsn_receipt_within_tables_check (), bsn_receipt_within_tables (receipts);
DROP INDEX bonus_grants_posting;
DROP INDEX postings_reserve_moves;
DROP POLICY accounts_start_at_zero ON accounts;
GRANT UPDATE (balance_rp, status_rp) ON accounts TO {DB}_kasir, {DB}_manajer, {DB}_pembukuan, {DB}_pemilik;
DROP TRIGGER reserve_events_store ON reserve_events;
DROP FUNCTION bsn_reserve_event_store (), bsn_bonus_count_eligible (bigint);
DROP POLICY postings_all ON postings; DROP POLICY postings_counter ON postings;
DROP POLICY legs_all ON legs; DROP POLICY legs_counter ON legs;
DROP POLICY accounts_all ON accounts; DROP POLICY accounts_counter ON accounts;
DROP POLICY reserve_events_all ON reserve_events; DROP POLICY reserve_events_counter ON reserve_events;
ALTER TABLE postings DISABLE ROW LEVEL SECURITY; ALTER TABLE legs DISABLE ROW LEVEL SECURITY;
ALTER TABLE accounts DISABLE ROW LEVEL SECURITY; ALTER TABLE reserve_events DISABLE ROW LEVEL SECURITY;
DROP FUNCTION bsn_counter_login ();
GRANT UPDATE (active) ON stores TO {DB}_kasir;
GRANT UPDATE (eligible) ON bonus_rules TO {DB}_kasir, {DB}_manajer;
UPDATE bsn_schema SET version = 17;
COMMIT;"""
r = psql(DOWNGRADE)
ok(r.returncode == 0, "the network is put back to schema 17 with its old grants", r.stderr)
r = psql(posting("psql-deposit-17", "deposit", [(RESERVE_ACCOUNT, 100), (EQUITY, -100)]) .replace("COMMIT", "ROLLBACK"),
         user="kasir_t", password="kasir-baru-123")
ok(r.returncode == 0, "at schema 17 a kasir could insert a reserve deposit (rolled back here)", r.stderr)
r = psql("BEGIN; UPDATE accounts SET balance_rp = 1000000000 WHERE kind = 'reserve'; ROLLBACK",
         user="kasir_t", password="kasir-baru-123")
ok(r.returncode == 0, "at schema 17 a kasir could set a reserve's balance (rolled back here)", r.stderr)
code, out, err = cli("store", "list", user="kasir_t", password="kasir-baru-123", now="2026-11-25T11:00:00")
ok(code == 1 and "pengguna ini tidak berhak melakukan tindakan ini di server" in (out or {}).get("error", ""),
   "a kasir's open of the old schema is refused in words (the server's permission error, exit 1)", (code, out, err))
code, out, err = cli("store", "list", now="2026-11-25T11:00:00")
r = psql("SELECT max (version) FROM bsn_schema")
ok(code == 0 and r.stdout.strip() == "24", "the administrator's next open migrates it to 24",
   (code, out, err, r.stdout))
r = psql(f"SELECT has_column_privilege ('{DB}_kasir', 'stores', 'active', 'UPDATE'), "
         f"has_column_privilege ('{DB}_kasir', 'bonus_rules', 'eligible', 'UPDATE'), "
         f"has_column_privilege ('{DB}_manajer', 'bonus_rules', 'eligible', 'UPDATE')")
ok(r.stdout.strip() == "f|f|f", "the migration revoked the kasir's UPDATE on stores.active and bonus_rules.eligible",
   r.stdout + r.stderr)
r = psql(posting("psql-deposit-18", "deposit", [(RESERVE_ACCOUNT, 100), (EQUITY, -100)]),
         user="kasir_t", password="kasir-baru-123")
ok(refused(r), "after it a kasir's reserve deposit is refused again", r.stderr)
r = psql("UPDATE stores SET active = 1", user="kasir_t", password="kasir-baru-123")
ok(denied(r), "and so is switching a store on", r.stderr)
code, out, err = cli("award", "--store", "TK01", "--customer", "C001", "--amount", "250000",
                     "--at", "2026-11-26T10:00:00", "--stopwatch-end", "10:00:01", "--receipt", "R-20",
                     user="kasir_t", password="kasir-baru-123", now="2026-11-26T10:00:00")
ok(code == 0, "and a kasir's award still goes through", (code, out, err))
r = psql("SELECT count (*) FROM information_schema.column_privileges WHERE table_name = 'accounts' "
         f"AND privilege_type = 'UPDATE' AND grantee LIKE '{DB}\\_%'")
ok(r.stdout.strip() == "0", "the migration revoked every app role's UPDATE on accounts", r.stdout + r.stderr)
PASSWORDS["kasir_t"] = "kasir-baru-123"
check_balances("after the migration")
r = psql(BALANCES_MATCH_LEGS)
ok(r.stdout.strip() == "0", "after the migration the server moved the award's balances", r.stdout + r.stderr)

# ---- postings that no row stands behind (schema 20) ----
# Each balanced, of a kind a kasir's work posts, off the equity account:
# what steps 18 and 19 let through. Now the row the library writes beside
# such a posting must claim it by the time the transaction commits.
KASIR = dict(user="kasir_t", password=PASSWORDS["kasir_t"])
TK01 = "(SELECT id FROM stores WHERE code = 'TK01')"
C001 = "(SELECT id FROM customers WHERE code = 'C001')"
C001_ACCOUNT = f"(SELECT id FROM accounts WHERE customer_id = {C001})"
TK01_RESERVE = f"(SELECT id FROM accounts WHERE kind = 'reserve' AND store_id = {TK01})"
PRODUSEN = "(SELECT id FROM accounts WHERE kind = 'produsen')"


def forged(key, kind, legs, amount=100, after=""):
    """A balanced posting of TK01 to C001, its legs, then @after, then a
    marker row proving the inserts went through before COMMIT."""
    values = ", ".join(f"({a}, {m}, {e})" for a, m, e in legs)
    return (f"BEGIN; WITH p AS (INSERT INTO postings (idem_key, kind, at, store_id, customer_id, amount_rp, created_at) "
            f"VALUES ({key}, '{kind}', 0, {TK01}, {C001}, {amount}, 0) RETURNING id) "
            f"INSERT INTO legs (posting_id, account_id, amount_rp, earned_rp) SELECT id, a, m, e FROM p, "
            f"(VALUES {values}) AS l (a, m, e); {after} SELECT 'inserted'; COMMIT;")


def refused_at_commit(r, why):
    """The inserts went through (the marker was printed); COMMIT refused."""
    return r.returncode != 0 and "inserted" in r.stdout and why in r.stderr


AWARD_KEY = f"'receipt@' || {TK01} || ':FORGED-1'"
FORGED_RECEIPT = ("INSERT INTO receipts (receipt, store_id, customer_id, at, amount_rp, perishable_rp, quota_rp, "
                  "quota_met, status_before_rp, scheme, rate_bp, value_rp, posting_id) "
                  f"SELECT 'FORGED-1', {TK01}, {C001}, 0, 250000, 0, 0, 1, 0, 'stopwatch', 200, 100, id "
                  f"FROM postings WHERE idem_key = {AWARD_KEY};")
AT_1030 = "extract (epoch FROM timestamptz '2026-11-26 10:30:00+07')::bigint"
STOPWATCH_IN_FORCE = (f"(SELECT id FROM tier_versions WHERE scheme = 'stopwatch' AND effective_from <= {AT_1030} "
                      "ORDER BY effective_from DESC, id DESC LIMIT 1)")


def rich_receipt(number, rate, value, part_value):
    """A self-consistent receipt row of TK01/C001 (250 000, digit 1, its
    award's posting) and its stopwatch part, at @rate and @value (schema 21)."""
    key = f"'receipt@' || {TK01} || ':{number}'"
    return key, (f"INSERT INTO receipts (receipt, store_id, customer_id, at, amount_rp, perishable_rp, digit, quota_rp, "
                 "quota_met, status_before_rp, scheme, rate_bp, value_rp, tier_version_id, posting_id) "
                 f"SELECT '{number}', {TK01}, {C001}, {AT_1030}, 250000, 0, 1, 0, 1, 0, 'stopwatch', {rate}, {value}, "
                 f"{STOPWATCH_IN_FORCE}, id FROM postings WHERE idem_key = {key}; "
                 "INSERT INTO receipt_parts (receipt_id, scheme, base_rp, key, rate_bp, value_rp, tier_version_id) "
                 f"SELECT id, 'stopwatch', 250000, 1, {rate}, {part_value}, {STOPWATCH_IN_FORCE} FROM receipts "
                 f"WHERE store_id = {TK01} AND receipt = '{number}';")


RICH_KEY, RICH_RECEIPT = rich_receipt("FORGED-5", 2000, 50000, 50000)
RICHER_KEY, RICHER_RECEIPT = rich_receipt("FORGED-6", 200, 50000, 5000)
FORGED = {
    "an award whose receipt row and part state 20 %, above every cell of the tables in force":
        (forged(RICH_KEY, "award", [(C001_ACCOUNT, 50000, 50000), (TK01_RESERVE, -50000, 0)], amount=50000,
                after=RICH_RECEIPT), "rate 2000 bp is above the table in force"),
    "an award whose receipt row states 50 000 on a part worth 5 000 (2 % of 250 000)":
        (forged(RICHER_KEY, "award", [(C001_ACCOUNT, 50000, 50000), (TK01_RESERVE, -50000, 0)], amount=50000,
                after=RICHER_RECEIPT), "its value is more than its parts give"),
    "an award posting, reserve to customer, with no receipt":
        (forged(AWARD_KEY, "award", [(C001_ACCOUNT, 100, 100), (TK01_RESERVE, -100, 0)]), "no receipt claims it"),
    "an award posting whose receipt states another value":
        (forged(AWARD_KEY, "award", [(C001_ACCOUNT, 5000, 5000), (TK01_RESERVE, -5000, 0)], after=FORGED_RECEIPT),
         "its legs are not the ones its row states"),
    "a redemption posting, voucher clearing to reserve, with no redemption":
        (forged("'redeem:FORGED-2'", "redemption", [(CLEARING, -100, 0), (TK01_RESERVE, 100, 0)]),
         "no redemption claims it"),
    "a voucher posting with no voucher":
        (forged("'voucher:FORGED-3'", "voucher", [(C001_ACCOUNT, -100, 0), (CLEARING, 100, 0)]),
         "no voucher claims it"),
    "a bonus posting, reserve to customer, with no bonus grant":
        (forged("'bonus@FORGED-4'", "bonus", [(C001_ACCOUNT, 100, 100), (TK01_RESERVE, -100, 0)]),
         "no bonus grant claims it"),
    "a titip jual bonus with no sale":
        (forged("'lot-bonus:999999'", "bonus", [(C001_ACCOUNT, 100, 100), (TK01_RESERVE, -100, 0)]),
         "no titip jual sale gives it"),
    "an expiry posting, customer to reserve, with no expiry record":
        (forged("'expiry:1'", "expiry", [(C001_ACCOUNT, -100, 0), (TK01_RESERVE, 100, 0)]),
         "no expiry record claims it"),
}
for login in ("kasir_t", "manajer_t", "pemilik_t"):
    for what, (sql, why) in FORGED.items():
        if login != "kasir_t" and "whose receipt" in what:
            continue
        r = psql(sql, user=login, password=PASSWORDS[login])
        ok(refused_at_commit(r, why), f"{login}: {what} is refused at COMMIT ({why})", r.stdout + r.stderr)
r = psql(f"BEGIN; INSERT INTO legs (posting_id, account_id, amount_rp) "
         f"SELECT p.id, a, m FROM postings p, (VALUES ({CLEARING}, 100), ({PRODUSEN}, -100)) AS l (a, m) "
         f"WHERE p.idem_key = 'receipt@' || {TK01} || ':R-20'; COMMIT;", **KASIR)
ok(r.returncode != 0 and "no leg may be added" in r.stderr,
   "kasir_t: two balanced legs added to the kasir's own award are refused", r.stderr)
r = psql("SELECT (SELECT count (*) FROM postings WHERE idem_key LIKE '%FORGED%' OR idem_key LIKE 'lot-bonus:999999'"
         "        OR idem_key = 'expiry:1') + (SELECT count (*) FROM receipts WHERE receipt LIKE 'FORGED%')")
ok(r.stdout.strip() == "0", "nothing of the forged postings was kept", r.stdout + r.stderr)

# The legitimate work of every kind, through the CLI, still goes in.
LATER = "2026-11-26T11:00:00"
code, out, err = cli("bonus", "add", "--kind", "registration", "--points", "10", "--funding", "20/50/30",
                     user="pemilik_t", now=LATER)
ok(code == 0, "the pemilik adds a registration bonus funded 20/50/30", (code, out, err))
code, out, err = cli("customer", "add", "--code", "C002", "--name", "Budi", user="kasir_t", **{"now": LATER})
ok(code == 0, "a kasir adds a second customer", (code, out, err))
code, out, err = cli("award", "--store", "TK01", "--customer", "C002", "--amount", "250000", "--at", LATER,
                     "--stopwatch-end", "11:00:01", "--receipt", "R-30", user="kasir_t", now=LATER)
r = psql("SELECT count (*) FROM bonus_grants g JOIN postings p ON p.id = g.posting_id "
         "JOIN legs l ON l.posting_id = p.id WHERE p.kind = 'bonus'")
ok(code == 0 and r.stdout.strip() == "4", "a kasir's award with a registration bonus (customer, produsen, "
   "reserve and bsn legs) goes in", (code, out, err, r.stdout, r.stderr))
# Schema 23: a batch's count moves at once, by who may count, and only up.
COUNT_BY = ("BEGIN; SELECT bsn_bonus_count_eligible_by ((SELECT id FROM bonus_rules WHERE kind = 'registration'), {n}); "
            "SELECT eligible FROM bonus_rules WHERE kind = 'registration'; ROLLBACK;")
r = psql("SELECT eligible FROM bonus_rules WHERE kind = 'registration'")
before = r.stdout.strip()
r = psql(COUNT_BY.format(n=3), user="kasir_t", password=PASSWORDS["kasir_t"])
ok(r.returncode == 0 and r.stdout.split() == [str(int(before) + 3)] * 2,
   "a kasir's batch counts 3 receipts of a rule in one call: the count grows by exactly 3 and is returned",
   (before, r.stdout, r.stderr))
for times in (0, -5):
    r = psql(COUNT_BY.format(n=times), user="kasir_t", password=PASSWORDS["kasir_t"])
    ok(r.returncode != 0 and "a count only grows" in r.stderr, f"a count moved by {times} is refused", r.stderr)
r = psql(COUNT_BY.format(n=3), user="pembukuan_t", password=PASSWORDS["pembukuan_t"])
ok(r.returncode != 0 and "only a login that records receipts counts them" in r.stderr,
   "a pembukuan login, which records no receipt, may not count", r.stderr)
# Schema 24: the busiest tables' references are checked once per
# statement, for every login, with the foreign key's SQLSTATE and words;
# what they refer to cannot go while it is referred to.
FK_VIOLATION = "23503"
def fk_refused(r, words):
    return r.returncode != 0 and words in r.stderr and FK_VIOLATION in r.stderr
def psql_verbose(sql, **kw):
    return psql(sql, verbose=True, **kw)
r = psql_verbose("BEGIN; INSERT INTO legs (posting_id, account_id, amount_rp) "
                 "SELECT max (id), 999999, 0 FROM postings; ROLLBACK;")
ok(fk_refused(r, 'violates foreign key constraint "legs_account_id_fkey"')
   and 'Key (account_id)=(999999) is not present in table "accounts"' in r.stderr,
   "a leg on an account that does not exist is refused as by a foreign key, for the administrator too", r.stderr)
r = psql_verbose("BEGIN; INSERT INTO receipts (receipt, store_id, customer_id, at, amount_rp, perishable_rp, quota_rp, "
                 "quota_met, status_before_rp, scheme, rate_bp, value_rp) "
                 "SELECT 'FK-1', id, 888888, 0, 1000, 0, 0, 0, 0, 'none', 0, 0 FROM stores WHERE code = 'TK01'; ROLLBACK;")
ok(fk_refused(r, 'violates foreign key constraint "receipts_customer_id_fkey"'),
   "a receipt of a customer who does not exist is refused", r.stderr)
r = psql_verbose("BEGIN; INSERT INTO receipt_parts (receipt_id, scheme, base_rp, key, rate_bp, value_rp) "
                 "VALUES (777777, 'stopwatch', 1000, '5', 100, 10); ROLLBACK;")
ok(fk_refused(r, 'violates foreign key constraint "receipt_parts_receipt_id_fkey"'),
   "a receipt part of a receipt that does not exist is refused", r.stderr)
r = psql_verbose("DELETE FROM customers WHERE code = 'C001'")
ok(fk_refused(r, 'still referenced from table "receipts"'), "a customer with receipts cannot be deleted", r.stderr)
r = psql_verbose("UPDATE stores SET id = id + 100000 WHERE code = 'TK01'")
ok(fk_refused(r, 'still referenced from table "receipts"'), "a store's id cannot change under its receipts", r.stderr)
r = psql_verbose("DELETE FROM accounts WHERE id = (SELECT account_id FROM legs LIMIT 1)")
ok(fk_refused(r, 'still referenced from table "legs"'), "an account with legs cannot be deleted", r.stderr)
r = psql("TRUNCATE accounts CASCADE")
ok(r.returncode != 0 and "accounts are referred to by legs" in r.stderr,
   "the accounts cannot be truncated, not even by the administrator", r.stderr)
r = psql("SELECT bsn_server_admin ()", user="kasir_t", password=PASSWORDS["kasir_t"])
r2 = psql("SELECT bsn_server_admin ()")
ok(r.stdout.strip() == "f" and r2.stdout.strip() == "t",
   "the server's administrator test, now one expression, still tells a kasir from the owner",
   (r.stdout, r.stderr, r2.stdout))
code, out, err = cli("consign", "offer", "--from", "IND", "--to", "ANK", "--sku", "BAJU-02", "--name", "Kemeja tenun",
                     "--qty", "10", "--cost", "8000", "--price", "10000", "--offered", "2026-11-26",
                     "--period-days", "14", "--stage-days", "7,7,7", "--scheme", "A", "--bonus-pct", "5",
                     user="manajer_t", now=LATER)
lot = out.get("lot")
ok(code == 0 and lot, "a manajer offers a lot with 5% bonus points", (code, out, err))
code, out, err = cli("consign", "accept", str(lot), "--at", "2026-11-26", user="manajer_t", now=LATER)
ok(code == 0, "and accepts it", (code, out, err))
code, out, err = cli("consign", "sell", str(lot), "--qty", "3", "--customer", "C001", "--at", "2026-11-26",
                     user="manajer_t", now=LATER)
ok(code == 0 and out.get("bonus_rp") == 1500, "a manajer's titip jual sale posts its 1 500 bonus points",
   (code, out, err))
csv = os.path.join(WORK, "kasir-import.csv")
os.makedirs(WORK, exist_ok=True)
with open(csv, "w") as f:
    f.write("receipt,store,customer,amount,at,digit,perishable_amount\n"
            f"I-1,TK01,C001,250000,{LATER},5,\n"
            f"I-2,TK01,C002,300000,{LATER},7,\n")
code, out, err = cli("import", "sales", csv, user="kasir_t", now=LATER)
ok(code == 0 and out.get("imported") == 2, "a kasir imports sales", (code, out, err))
code, out, err = cli("expiry", "set", "--months", "1", "--from", "2026-11-27", "--reason", "Uji",
                     user="pemilik_t", now=LATER)
ok(code == 0, "the pemilik sets points to expire after a month", (code, out, err))
# A kasir posts at the machine's time: the expiry falls due now (a month on).
EARNED, EXPIRE = "2026-11-27T10:00:00", "2026-12-27T10:00:00"
code, out, err = cli("award", "--store", "TK01", "--customer", "C002", "--amount", "250000", "--at", EARNED,
                     "--stopwatch-end", "10:00:01", "--receipt", "R-31", user="kasir_t", now=EARNED)
ok(code == 0, "a kasir's award under the expiry policy", (code, out, err))
code, out, err = cli("ledger", "expire", "--at", EXPIRE, user="kasir_t", now=EXPIRE)
ok(code == 0 and out.get("expired_postings", 0) >= 1, "a kasir's ledger expire posts the expiries",
   (code, out, err))
code, out, err = cli("verify", user="kasir_t", now=EXPIRE)
ok(code == 0, "verify is clean after all of it", (code, out, err))

# The administrator's own events (as `migrate` copies them in) leave the
# stores as they are: a store switched off by hand stays off.
r = psql("UPDATE stores SET active = 0 WHERE code = 'TK01'; "
         "INSERT INTO reserve_events (store_id, kind, day, balance_rp, required_rp, created_at) "
         "SELECT id, 'reactivated', 0, 0, 0, 0 FROM stores WHERE code = 'TK01'; "
         "SELECT active FROM stores WHERE code = 'TK01'")
ok(r.returncode == 0 and r.stdout.strip() == "0", "an event the administrator copies in does not switch a store",
   r.stdout + r.stderr)

# ---- a network moved from a file ----
os.makedirs(WORK, exist_ok=True)
src = os.path.join(WORK, "toko.db")
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(src + suffix):
        os.remove(src + suffix)
env = dict(os.environ, BSN_NOW=NOW)
env.pop("BSN_PASSWORD", None)
subprocess.run([CLI, "--db", src, "init"], env=env, capture_output=True, check=True)
subprocess.run([CLI, "--db", src, "user", "add", "--name", "moved_owner", "--role", "pemilik"],
               env=dict(env, BSN_NEW_PASSWORD="lama-rahasia"), capture_output=True, check=True)
subprocess.run([CLI, "--db", src, "--user", "moved_owner", "user", "add", "--name", "moved_kasir", "--role", "kasir"],
               env=dict(env, BSN_PASSWORD="lama-rahasia", BSN_NEW_PASSWORD="lama-rahasia-2"),
               capture_output=True, check=True)
r = subprocess.run([CLI, "--json", "migrate", "--from", src, "--to", uri(MOVED_DB)], env=env, capture_output=True,
                   text=True)
out = json.loads(r.stdout or "{}")
ok(r.returncode == 0 and sorted(out.get("users_need_password", [])) == ["moved_kasir", "moved_owner"]
   and "user passwd" in out.get("next_step", ""),
   "migrate lists the moved users, who must set a new password", (r.returncode, out, r.stderr))
code, out, err = cli("server", "init", db=MOVED_DB)
ok(code == 0 and sorted(out.get("users_need_password", [])) == ["moved_kasir", "moved_owner"],
   "server init makes them logins still without a password", (code, out, err))
r = psql("SELECT string_agg (name || ':' || role || ':' || pw_hash, ',' ORDER BY name) FROM users", db=MOVED_DB)
ok(r.stdout.strip() == "moved_kasir:kasir:,moved_owner:pemilik:", "names and roles kept, the old hashes gone",
   r.stdout + r.stderr)
r = psql("SELECT 1", user="moved_kasir", db=MOVED_DB)
ok(r.returncode != 0 and "not permitted to log in" in r.stderr, "a moved user cannot log in yet", r.stderr)
code, out, err = cli("user", "passwd", "--name", "moved_owner", db=MOVED_DB, new_password="baru-rahasia-1")
ok(code == 0, "the administrator gives the moved pemilik a new password", (code, out, err))
code, out, err = cli("user", "passwd", "--name", "moved_kasir", db=MOVED_DB, user="moved_owner",
                     password="baru-rahasia-1", new_password="baru-rahasia-2")
ok(code == 0, "the pemilik, signed in with it, gives the kasir one", (code, out, err))
r = psql("SELECT current_user", user="moved_kasir", db=MOVED_DB)
ok(r.returncode == 0 and r.stdout.strip() == "moved_kasir", "then the moved kasir logs in", r.stderr)
code, out, err = cli("verify", db=MOVED_DB)
ok(code == 0, "verify is clean on the moved network", (code, out, err))

for sql in cleanup:
    psql(sql, db="postgres")
print(f"1..{n}")
sys.exit(1 if failed else 0)
