#!/bin/sh
# make-big-ledger.sh CLI OUT.db [N] — a demo network plus N (default
# 1 000 000) award postings with two legs each, for testing how Buku Poin
# copes with a big ledger. Written straight into SQLite with a recursive CTE
# (the per-posting API would take minutes); the account balances are then
# recomputed from the legs, so `bsn-loyalty-cli verify` still passes.
set -eu
cli=$1
out=$2
n=${3:-1000000}

rm -f "$out" "$out-wal" "$out-shm"
BSN_DB="$out" "$cli" init >/dev/null
BSN_DB="$out" "$cli" demo >/dev/null 2>&1

sqlite3 "$out" <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $n),
  s AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM stores),
  c AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM customers),
  ns AS (SELECT count(*) AS v FROM stores),
  nc AS (SELECT count(*) AS v FROM customers),
  t0 AS (SELECT COALESCE(max(at), unixepoch('2025-11-01')) AS v FROM postings)
INSERT INTO postings (idem_key, kind, at, store_id, customer_id, amount_rp, memo, created_at)
SELECT 'bench:' || i, 'award', (SELECT v FROM t0) + i * 20,
       (SELECT id FROM s WHERE k = i % (SELECT v FROM ns)),
       (SELECT id FROM c WHERE k = (i * 7) % (SELECT v FROM nc)),
       500 + (i * 37) % 20000, 'Struk uji ' || i, unixepoch('now')
  FROM seq;
INSERT INTO legs (posting_id, account_id, amount_rp, earned_rp)
SELECT p.id, a.id, p.amount_rp, p.amount_rp
  FROM postings p JOIN accounts a ON a.customer_id = p.customer_id
 WHERE p.idem_key GLOB 'bench:*';
INSERT INTO legs (posting_id, account_id, amount_rp, earned_rp)
SELECT p.id, a.id, -p.amount_rp, 0
  FROM postings p JOIN accounts a ON a.store_id = p.store_id AND a.kind = 'reserve'
 WHERE p.idem_key GLOB 'bench:*';
-- Balances move with the legs in bsn_ledger_post; rows written here by
-- hand move them the same way, so verify stays green.
UPDATE accounts SET balance_rp = (SELECT coalesce(sum(amount_rp), 0) FROM legs WHERE account_id = accounts.id),
                    status_rp = (SELECT coalesce(sum(earned_rp), 0) FROM legs WHERE account_id = accounts.id);
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
