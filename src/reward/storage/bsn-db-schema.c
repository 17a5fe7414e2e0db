/* bsn-db-schema.c — the schema of BSN Loyalty databases.
 *
 * Conventions: money columns are INTEGER Rupiah, rates INTEGER basis points,
 * times INTEGER wall-clock seconds (bsn-time.h) except created_at, which is
 * real UTC Unix time of recording. Postings and legs are immutable: triggers
 * refuse UPDATE and DELETE; account balances move with the legs, in the
 * same transaction (by bsn_ledger_post since version 8, by a trigger
 * before).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "bsn-db-chain.h"
#include "bsn-db-schema.h"
#include "bsn-db.h"
#include "bsn-error.h"
#include "bsn-tiers.h"

static const char schema_v1[] =
  /* Free-form settings of the database (network name, demo flag …). */
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ");"

  /* The network's stores (DOMAIN.md §1, §3). tier is the level's rank
   * 1..3: Basic/Standard/Plus (band low) or Premium/Elite/Pro (band high)
   * for the stopwatch, Silver/Gold/Platinum for lelang waktu. */
  "CREATE TABLE stores ("
  "  id              INTEGER PRIMARY KEY,"
  "  code            TEXT NOT NULL UNIQUE,"
  "  name            TEXT NOT NULL,"
  "  role            TEXT NOT NULL CHECK (role IN ('induk','anak','toko')),"
  "  parent_id       INTEGER REFERENCES stores(id),"
  "  band            TEXT NOT NULL CHECK (band IN ('low','high')),"
  "  tier            INTEGER NOT NULL CHECK (tier BETWEEN 1 AND 3),"
  "  scheme          TEXT NOT NULL CHECK (scheme IN ('stopwatch','lelang','both')),"
  "  opening_sec     INTEGER NOT NULL CHECK (opening_sec BETWEEN 0 AND 86399),"
  "  hours           INTEGER NOT NULL DEFAULT 10 CHECK (hours BETWEEN 1 AND 24),"
  "  margin_bp       INTEGER NOT NULL DEFAULT 1500 CHECK (margin_bp BETWEEN 0 AND 10000),"
  "  min_purchase_rp INTEGER NOT NULL DEFAULT 0 CHECK (min_purchase_rp >= 0),"
  "  active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),"
  "  created_at      INTEGER NOT NULL"
  ");"

  "CREATE TABLE customers ("
  "  id         INTEGER PRIMARY KEY,"
  "  code       TEXT NOT NULL UNIQUE,"
  "  name       TEXT NOT NULL,"
  "  phone      TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX customers_name ON customers(name COLLATE NOCASE);"

  /* Accounts of the point ledger. A customer account holds the customer's
   * points (balance_rp, spendable) and status points (status_rp, earned and
   * never reduced by redemption). A reserve account is a store's Back Up
   * Voucher reserve. 'clearing' is the network clearing account (id 1) and
   * 'equity' the opening-balance account (id 2). */
  "CREATE TABLE accounts ("
  "  id          INTEGER PRIMARY KEY,"
  "  kind        TEXT NOT NULL CHECK (kind IN ('customer','reserve','clearing','equity')),"
  "  customer_id INTEGER UNIQUE REFERENCES customers(id),"
  "  store_id    INTEGER REFERENCES stores(id),"
  "  balance_rp  INTEGER NOT NULL DEFAULT 0,"
  "  status_rp   INTEGER NOT NULL DEFAULT 0,"
  "  CHECK ((kind = 'customer') = (customer_id IS NOT NULL)),"
  "  CHECK ((kind = 'reserve') = (store_id IS NOT NULL))"
  ");"
  "CREATE UNIQUE INDEX accounts_reserve ON accounts(store_id) WHERE kind = 'reserve';"
  "INSERT INTO accounts (id, kind) VALUES (1, 'clearing'), (2, 'equity');"

  /* A posting is one business event; idem_key makes posting the same event
   * twice a no-op (receipt number, 'opening:C:1', 'reverse:42' …). A
   * reversal points at the posting it cancels; UNIQUE means at most once. */
  "CREATE TABLE postings ("
  "  id          INTEGER PRIMARY KEY,"
  "  idem_key    TEXT NOT NULL UNIQUE,"
  "  kind        TEXT NOT NULL,"
  "  at          INTEGER NOT NULL,"
  "  store_id    INTEGER REFERENCES stores(id),"
  "  customer_id INTEGER REFERENCES customers(id),"
  "  amount_rp   INTEGER NOT NULL,"
  "  memo        TEXT NOT NULL DEFAULT '',"
  "  reverses_id INTEGER UNIQUE REFERENCES postings(id),"
  "  created_at  INTEGER NOT NULL"
  ");"
  "CREATE INDEX postings_customer ON postings(customer_id, id) WHERE customer_id IS NOT NULL;"
  "CREATE INDEX postings_store ON postings(store_id, id) WHERE store_id IS NOT NULL;"
  "CREATE INDEX postings_at ON postings(at);"

  /* The legs of a posting sum to zero. earned_rp moves status points. */
  "CREATE TABLE legs ("
  "  posting_id INTEGER NOT NULL REFERENCES postings(id),"
  "  account_id INTEGER NOT NULL REFERENCES accounts(id),"
  "  amount_rp  INTEGER NOT NULL,"
  "  earned_rp  INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (posting_id, account_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX legs_account ON legs(account_id, posting_id);"

  "CREATE TRIGGER legs_apply AFTER INSERT ON legs BEGIN"
  "  UPDATE accounts SET balance_rp = balance_rp + NEW.amount_rp,"
  "                      status_rp = status_rp + NEW.earned_rp"
  "   WHERE id = NEW.account_id;"
  "END;"
  "CREATE TRIGGER postings_no_update BEFORE UPDATE ON postings BEGIN"
  "  SELECT RAISE(ABORT, 'postings are append-only');"
  "END;"
  "CREATE TRIGGER postings_no_delete BEFORE DELETE ON postings BEGIN"
  "  SELECT RAISE(ABORT, 'postings are append-only');"
  "END;"
  "CREATE TRIGGER legs_no_update BEFORE UPDATE ON legs BEGIN"
  "  SELECT RAISE(ABORT, 'legs are append-only');"
  "END;"
  "CREATE TRIGGER legs_no_delete BEFORE DELETE ON legs BEGIN"
  "  SELECT RAISE(ABORT, 'legs are append-only');"
  "END;";

/* Version 2: tier tables, quotas, receipts and their awards, program
 * bonuses (issue: reward engine). */
static const char schema_v2[] =
  /* A tier version is a whole table of one scheme family, in force from
   * effective_from until the next version (DOMAIN.md §4). Versions and
   * their rates are immutable; an edit is a new version. When two versions
   * share effective_from, the later one (higher id) is in force. */
  "CREATE TABLE tier_versions ("
  "  id             INTEGER PRIMARY KEY,"
  "  scheme         TEXT NOT NULL CHECK (scheme IN ('stopwatch','lelang','siaga')),"
  "  name           TEXT NOT NULL,"
  "  effective_from INTEGER NOT NULL,"
  "  author         TEXT NOT NULL,"
  "  reason         TEXT NOT NULL,"
  "  created_at     INTEGER NOT NULL"
  ");"
  "CREATE INDEX tier_versions_in_force ON tier_versions(scheme, effective_from, id);"
  /* key: the lucky digit 0..9 (stopwatch), the slot 1..10 (lelang) or the
   * status-point threshold (siaga, band 'all' and tier 0). */
  "CREATE TABLE tier_rates ("
  "  version_id INTEGER NOT NULL REFERENCES tier_versions(id),"
  "  band       TEXT NOT NULL CHECK (band IN ('low','high','all')),"
  "  tier       INTEGER NOT NULL CHECK (tier BETWEEN 0 AND 3),"
  "  key        INTEGER NOT NULL CHECK (key >= 0),"
  "  rate_bp    INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),"
  "  PRIMARY KEY (version_id, band, tier, key)"
  ") WITHOUT ROWID;"
  "CREATE TRIGGER tier_versions_no_update BEFORE UPDATE ON tier_versions BEGIN"
  "  SELECT RAISE(ABORT, 'tier versions are immutable');"
  "END;"
  "CREATE TRIGGER tier_versions_no_delete BEFORE DELETE ON tier_versions BEGIN"
  "  SELECT RAISE(ABORT, 'tier versions are immutable');"
  "END;"
  "CREATE TRIGGER tier_rates_no_update BEFORE UPDATE ON tier_rates BEGIN"
  "  SELECT RAISE(ABORT, 'tier rates are immutable');"
  "END;"
  "CREATE TRIGGER tier_rates_no_delete BEFORE DELETE ON tier_rates BEGIN"
  "  SELECT RAISE(ABORT, 'tier rates are immutable');"
  "END;"

  /* Minimum purchase quota of a store-day (DOMAIN.md §5); slot 0 is the
   * whole day, 1..10 a single slot. */
  "CREATE TABLE quotas ("
  "  store_id        INTEGER NOT NULL REFERENCES stores(id),"
  "  day             INTEGER NOT NULL,"
  "  slot            INTEGER NOT NULL CHECK (slot BETWEEN 0 AND 10),"
  "  min_purchase_rp INTEGER NOT NULL CHECK (min_purchase_rp >= 0),"
  "  PRIMARY KEY (store_id, day, slot)"
  ") WITHOUT ROWID;"

  /* One row per rewarded receipt: the decision and what it was based on,
   * so any award can be explained and reproduced. */
  "CREATE TABLE receipts ("
  "  id               INTEGER PRIMARY KEY,"
  "  receipt          TEXT NOT NULL UNIQUE,"
  "  store_id         INTEGER NOT NULL REFERENCES stores(id),"
  "  customer_id      INTEGER NOT NULL REFERENCES customers(id),"
  "  at               INTEGER NOT NULL,"
  "  amount_rp        INTEGER NOT NULL CHECK (amount_rp > 0),"
  "  perishable_rp    INTEGER NOT NULL CHECK (perishable_rp BETWEEN 0 AND amount_rp),"
  "  digit            INTEGER CHECK (digit BETWEEN 0 AND 9),"
  "  quota_rp         INTEGER NOT NULL,"
  "  quota_met        INTEGER NOT NULL,"
  "  status_before_rp INTEGER NOT NULL,"
  "  scheme           TEXT NOT NULL CHECK (scheme IN ('stopwatch','lelang','siaga','none')),"
  "  rate_bp          INTEGER NOT NULL,"
  "  value_rp         INTEGER NOT NULL CHECK (value_rp >= 0),"
  "  capped           INTEGER NOT NULL DEFAULT 0,"
  "  tier_version_id  INTEGER REFERENCES tier_versions(id),"
  "  posting_id       INTEGER REFERENCES postings(id)"
  ");"
  "CREATE INDEX receipts_store_at ON receipts(store_id, at);"
  "CREATE INDEX receipts_customer_at ON receipts(customer_id, at);"
  /* The parts of a receipt rewarded by different schemes (durable goods
   * by the stopwatch, perishables by lelang waktu). */
  "CREATE TABLE receipt_parts ("
  "  receipt_id      INTEGER NOT NULL REFERENCES receipts(id),"
  "  scheme          TEXT NOT NULL,"
  "  base_rp         INTEGER NOT NULL,"
  "  key             INTEGER,"
  "  rate_bp         INTEGER NOT NULL,"
  "  value_rp        INTEGER NOT NULL,"
  "  tier_version_id INTEGER REFERENCES tier_versions(id),"
  "  PRIMARY KEY (receipt_id, scheme)"
  ") WITHOUT ROWID;"
  "CREATE TRIGGER receipts_no_update BEFORE UPDATE ON receipts BEGIN"
  "  SELECT RAISE(ABORT, 'receipts are append-only');"
  "END;"
  "CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts BEGIN"
  "  SELECT RAISE(ABORT, 'receipts are append-only');"
  "END;"

  /* Program bonuses (DOMAIN.md §4.5): configurable rules with the funding
   * split between produsen, ritel (the store) and BSN. */
  "CREATE TABLE bonus_rules ("
  "  id            INTEGER PRIMARY KEY,"
  "  code          TEXT NOT NULL UNIQUE,"
  "  name          TEXT NOT NULL,"
  "  kind          TEXT NOT NULL CHECK (kind IN ('surprise_goods','surprise_points','siaga','stopwatch','lelang')),"
  "  rate_bp       INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),"
  "  produsen_bp   INTEGER NOT NULL CHECK (produsen_bp BETWEEN 0 AND 10000),"
  "  ritel_bp      INTEGER NOT NULL CHECK (ritel_bp BETWEEN 0 AND 10000),"
  "  bsn_bp        INTEGER NOT NULL CHECK (bsn_bp BETWEEN 0 AND 10000),"
  "  store_id      INTEGER REFERENCES stores(id),"
  "  min_amount_rp INTEGER NOT NULL DEFAULT 0,"
  "  every_nth     INTEGER NOT NULL DEFAULT 1 CHECK (every_nth >= 1),"
  "  eligible      INTEGER NOT NULL DEFAULT 0,"
  "  valid_from    INTEGER NOT NULL,"
  "  valid_to      INTEGER,"
  "  active        INTEGER NOT NULL DEFAULT 1,"
  "  created_at    INTEGER NOT NULL,"
  "  CHECK (produsen_bp + ritel_bp + bsn_bp = 10000)"
  ");"
  /* Every bonus given, with who paid how much (points bonuses also have a
   * posting; goods bonuses are given on the spot and only recorded). */
  "CREATE TABLE bonus_grants ("
  "  id          INTEGER PRIMARY KEY,"
  "  receipt_id  INTEGER NOT NULL REFERENCES receipts(id),"
  "  rule_id     INTEGER NOT NULL REFERENCES bonus_rules(id),"
  "  value_rp    INTEGER NOT NULL,"
  "  produsen_rp INTEGER NOT NULL,"
  "  ritel_rp    INTEGER NOT NULL,"
  "  bsn_rp      INTEGER NOT NULL,"
  "  posting_id  INTEGER REFERENCES postings(id),"
  "  UNIQUE (receipt_id, rule_id)"
  ");"
  /* Funding accounts of the bonuses: the producers' pool and BSN's fund. */
  "CREATE TABLE accounts_v2 ("
  "  id          INTEGER PRIMARY KEY,"
  "  kind        TEXT NOT NULL CHECK (kind IN ('customer','reserve','clearing','equity','produsen','bsn')),"
  "  customer_id INTEGER UNIQUE REFERENCES customers(id),"
  "  store_id    INTEGER REFERENCES stores(id),"
  "  balance_rp  INTEGER NOT NULL DEFAULT 0,"
  "  status_rp   INTEGER NOT NULL DEFAULT 0,"
  "  CHECK ((kind = 'customer') = (customer_id IS NOT NULL)),"
  "  CHECK ((kind = 'reserve') = (store_id IS NOT NULL))"
  ");"
  "INSERT INTO accounts_v2 SELECT * FROM accounts;"
  "DROP INDEX accounts_reserve;"
  "DROP TRIGGER legs_apply;"
  "PRAGMA defer_foreign_keys = ON;"
  "DROP TABLE accounts;"
  "ALTER TABLE accounts_v2 RENAME TO accounts;"
  "CREATE UNIQUE INDEX accounts_reserve ON accounts(store_id) WHERE kind = 'reserve';"
  "CREATE TRIGGER legs_apply AFTER INSERT ON legs BEGIN"
  "  UPDATE accounts SET balance_rp = balance_rp + NEW.amount_rp,"
  "                      status_rp = status_rp + NEW.earned_rp"
  "   WHERE id = NEW.account_id;"
  "END;"
  "CREATE UNIQUE INDEX accounts_singleton ON accounts(kind)"
  "  WHERE kind IN ('clearing','equity','produsen','bsn');"
  "INSERT INTO accounts (kind) VALUES ('produsen'), ('bsn');";

/* Version 3: daily stock plans, caps and stock lines (DOMAIN.md §5). */
static const char schema_v3[] =
  /* A store-day plan: opening time and hours for that day (the store's by
   * default), and the caps the merchant set. NULL caps are no caps. */
  "CREATE TABLE day_plans ("
  "  store_id        INTEGER NOT NULL REFERENCES stores(id),"
  "  day             INTEGER NOT NULL,"
  "  opening_sec     INTEGER NOT NULL CHECK (opening_sec BETWEEN 0 AND 86399),"
  "  hours           INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 24),"
  "  slot_recipients INTEGER CHECK (slot_recipients >= 0),"
  "  daily_budget_rp INTEGER CHECK (daily_budget_rp >= 0),"
  "  PRIMARY KEY (store_id, day)"
  ") WITHOUT ROWID;"
  /* The day's stock; quantities in thousandths of the unit (2,5 kg = 2500). */
  "CREATE TABLE stock_lines ("
  "  store_id      INTEGER NOT NULL REFERENCES stores(id),"
  "  day           INTEGER NOT NULL,"
  "  item          TEXT NOT NULL,"
  "  qty_milli     INTEGER NOT NULL CHECK (qty_milli > 0),"
  "  unit          TEXT NOT NULL,"
  "  unit_price_rp INTEGER NOT NULL CHECK (unit_price_rp >= 0),"
  "  perishable    INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (store_id, day, item)"
  ") WITHOUT ROWID;";

/* Version 4: titip jual — consignment lots from induk to anak cabang
 * (DOMAIN.md §8, §9). Days are days since 1970-01-01 (bsn-time.h). */
static const char schema_v4[] =
  "CREATE TABLE lots ("
  "  id                 INTEGER PRIMARY KEY,"
  "  induk_id           INTEGER NOT NULL REFERENCES stores(id),"
  "  anak_id            INTEGER NOT NULL REFERENCES stores(id),"
  "  sku                TEXT NOT NULL,"
  "  name               TEXT NOT NULL,"
  "  qty                INTEGER NOT NULL CHECK (qty > 0),"
  "  cost_rp            INTEGER NOT NULL CHECK (cost_rp >= 0),"
  "  price_rp           INTEGER NOT NULL CHECK (price_rp > 0),"
  "  offered_day        INTEGER NOT NULL,"
  "  period_days        INTEGER NOT NULL CHECK (period_days > 0),"
  "  stage1_days        INTEGER NOT NULL CHECK (stage1_days > 0),"
  "  stage2_days        INTEGER NOT NULL CHECK (stage2_days > 0),"
  "  stage3_days        INTEGER NOT NULL CHECK (stage3_days > 0),"
  "  scheme             TEXT NOT NULL CHECK (scheme IN ('A','B')),"
  "  marketing_owner_bp INTEGER NOT NULL CHECK (marketing_owner_bp BETWEEN 0 AND 10000),"
  "  bonus_bp           INTEGER NOT NULL DEFAULT 0 CHECK (bonus_bp BETWEEN 0 AND 3000),"
  "  created_at         INTEGER NOT NULL"
  ");"
  "CREATE INDEX lots_anak ON lots(anak_id);"
  "CREATE INDEX lots_induk ON lots(induk_id);"
  /* The lot's life, append-only: accept, reject, sale, reprice, return,
   * marketing. A sale records the stage, the unit price and the modal
   * pokok in force on its day, so every settlement figure traces back. */
  "CREATE TABLE lot_events ("
  "  id            INTEGER PRIMARY KEY,"
  "  lot_id        INTEGER NOT NULL REFERENCES lots(id),"
  "  kind          TEXT NOT NULL CHECK (kind IN ('accept','reject','sale','reprice','return','marketing')),"
  "  day           INTEGER NOT NULL,"
  "  qty           INTEGER NOT NULL DEFAULT 0,"
  "  stage         TEXT,"
  "  unit_price_rp INTEGER NOT NULL DEFAULT 0,"
  "  amount_rp     INTEGER NOT NULL DEFAULT 0,"
  "  cost_rp       INTEGER NOT NULL DEFAULT 0,"
  "  anak_rp       INTEGER NOT NULL DEFAULT 0,"
  "  induk_rp      INTEGER NOT NULL DEFAULT 0,"
  "  flag          INTEGER NOT NULL DEFAULT 0,"
  "  reason        TEXT NOT NULL DEFAULT '',"
  "  customer_id   INTEGER REFERENCES customers(id),"
  "  created_at    INTEGER NOT NULL"
  ");"
  "CREATE INDEX lot_events_lot ON lot_events(lot_id, id);"
  "CREATE TRIGGER lots_no_update BEFORE UPDATE ON lots BEGIN"
  "  SELECT RAISE(ABORT, 'lots are immutable');"
  "END;"
  "CREATE TRIGGER lots_no_delete BEFORE DELETE ON lots BEGIN"
  "  SELECT RAISE(ABORT, 'lots are immutable');"
  "END;"
  "CREATE TRIGGER lot_events_no_update BEFORE UPDATE ON lot_events BEGIN"
  "  SELECT RAISE(ABORT, 'lot events are append-only');"
  "END;"
  "CREATE TRIGGER lot_events_no_delete BEFORE DELETE ON lot_events BEGIN"
  "  SELECT RAISE(ABORT, 'lot events are append-only');"
  "END;";

/* Version 5: Back Up Voucher reserves, vouchers, redemption and
 * settlement (DOMAIN.md §6, §7). */
static const char schema_v5[] =
  /* How a store's required reserve is computed: 'customers' (customers ×
   * average points per transaction × Rp1.000) or 'days' (days × expected
   * daily reward value). */
  "CREATE TABLE reserve_policies ("
  "  store_id   INTEGER PRIMARY KEY REFERENCES stores(id),"
  "  method     TEXT NOT NULL CHECK (method IN ('customers','days')),"
  "  customers  INTEGER NOT NULL DEFAULT 50 CHECK (customers >= 0),"
  "  avg_points INTEGER NOT NULL DEFAULT 10 CHECK (avg_points >= 0),"
  "  days       INTEGER NOT NULL DEFAULT 3 CHECK (days >= 0)"
  ");"
  /* Warnings (below 20 % of the requirement) and what they led to. */
  "CREATE TABLE reserve_events ("
  "  id         INTEGER PRIMARY KEY,"
  "  store_id   INTEGER NOT NULL REFERENCES stores(id),"
  "  kind       TEXT NOT NULL CHECK (kind IN ('warning','deactivated','reactivated','topup')),"
  "  day        INTEGER NOT NULL,"
  "  balance_rp INTEGER NOT NULL,"
  "  required_rp INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX reserve_events_store ON reserve_events(store_id, id);"
  "CREATE TABLE vouchers ("
  "  id          INTEGER PRIMARY KEY,"
  "  code        TEXT NOT NULL UNIQUE,"
  "  customer_id INTEGER NOT NULL REFERENCES customers(id),"
  "  value_rp    INTEGER NOT NULL CHECK (value_rp > 0),"
  "  issued_at   INTEGER NOT NULL,"
  "  valid_until INTEGER,"
  "  posting_id  INTEGER NOT NULL REFERENCES postings(id)"
  ");"
  /* Which stores' reserves back a voucher (NULL: the network's opening
   * balances). */
  "CREATE TABLE voucher_funding ("
  "  voucher_id INTEGER NOT NULL REFERENCES vouchers(id),"
  "  store_id   INTEGER REFERENCES stores(id),"
  "  amount_rp  INTEGER NOT NULL CHECK (amount_rp > 0)"
  ");"
  "CREATE INDEX voucher_funding_voucher ON voucher_funding(voucher_id);"
  /* UNIQUE: a voucher is redeemed at most once, whatever the race. */
  "CREATE TABLE redemptions ("
  "  id         INTEGER PRIMARY KEY,"
  "  voucher_id INTEGER NOT NULL UNIQUE REFERENCES vouchers(id),"
  "  store_id   INTEGER NOT NULL REFERENCES stores(id),"
  "  at         INTEGER NOT NULL,"
  "  posting_id INTEGER NOT NULL REFERENCES postings(id)"
  ");"
  "CREATE INDEX redemptions_at ON redemptions(at);"
  "CREATE TRIGGER vouchers_no_update BEFORE UPDATE ON vouchers BEGIN"
  "  SELECT RAISE(ABORT, 'vouchers are immutable');"
  "END;"
  "CREATE TRIGGER redemptions_no_change BEFORE UPDATE ON redemptions BEGIN"
  "  SELECT RAISE(ABORT, 'redemptions are immutable');"
  "END;"
  "CREATE TRIGGER redemptions_no_delete BEFORE DELETE ON redemptions BEGIN"
  "  SELECT RAISE(ABORT, 'redemptions are immutable');"
  "END;";

/* Version 6: users, roles and the audit trail. */
static const char schema_v6[] =
  "CREATE TABLE users ("
  "  id         INTEGER PRIMARY KEY,"
  "  name       TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  role       TEXT NOT NULL CHECK (role IN ('pemilik','manajer','pembukuan','kasir')),"
  "  pw_hash    TEXT NOT NULL,"
  "  active     INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL"
  ");"
  /* Who changed which rule or master data, when, from what to what.
   * at is real UTC Unix time; before/after are JSON. Append-only. */
  "CREATE TABLE audit ("
  "  id      INTEGER PRIMARY KEY,"
  "  at      INTEGER NOT NULL,"
  "  user    TEXT NOT NULL,"
  "  action  TEXT NOT NULL,"
  "  subject TEXT NOT NULL DEFAULT '',"
  "  before  TEXT,"
  "  after   TEXT"
  ");"
  "CREATE INDEX audit_at ON audit(at);"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
  "  SELECT RAISE(ABORT, 'the audit trail is append-only');"
  "END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
  "  SELECT RAISE(ABORT, 'the audit trail is append-only');"
  "END;";

/* Version 7: the same receipts table, its scheme CHECK written with "="
 * instead of "IN (...)": SQLite builds a temporary table for a CHECK's
 * IN list on every insert, a tenth of an import's time. Only the text of
 * a CHECK constraint changes (no row is touched), so the table definition
 * is edited in place as SQLite's documentation allows for constraint
 * changes, in the migration's transaction; rows already satisfy it. */
#define RECEIPTS_SCHEME_CHECK_IN "CHECK (scheme IN ('stopwatch','lelang','siaga','none'))"
#define RECEIPTS_SCHEME_CHECK_EQ \
  "CHECK (scheme = 'stopwatch' OR scheme = 'lelang' OR scheme = 'siaga' OR scheme = 'none')"

/* Replaces @from by @to in the CREATE TABLE text of @table, in place
 * (writable_schema), for a change of a CHECK constraint only: no row is
 * touched and the rows already satisfy the new text. The schema version
 * is bumped so every connection reads the table again. */
static gboolean
rewrite_table_sql (BsnDb      *db,
                   const char *table,
                   const char *from,
                   const char *to,
                   GError    **error)
{
  sqlite3 *sqlite = bsn_db_get_sqlite (db);
  sqlite3_stmt *stmt = NULL;
  gint64 schema_version = bsn_db_query_int (db, "PRAGMA schema_version", -1);
  g_autofree char *bump = NULL;
  int rc;

  if (schema_version < 0
      || sqlite3_exec (sqlite, "PRAGMA writable_schema = ON", NULL, NULL, NULL) != SQLITE_OK)
    goto fail;
  rc = sqlite3_prepare_v2 (sqlite,
                           "UPDATE sqlite_schema SET sql = replace (sql, ?1, ?2) "
                           "WHERE type = 'table' AND name = ?3",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto fail;
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, table, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    goto fail;
  bump = g_strdup_printf ("PRAGMA schema_version = %" G_GINT64_FORMAT "; PRAGMA writable_schema = RESET;",
                          schema_version + 1);
  if (sqlite3_exec (sqlite, bump, NULL, NULL, NULL) != SQLITE_OK)
    goto fail;
  return TRUE;

fail:
  bsn_error_set_sqlite (error, sqlite, _("Memperbarui skema basis data"));
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_exec (sqlite, "PRAGMA writable_schema = RESET", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
rewrite_receipts_check (BsnDb   *db,
                        GError **error)
{
  return rewrite_table_sql (db, "receipts", RECEIPTS_SCHEME_CHECK_IN, RECEIPTS_SCHEME_CHECK_EQ, error);
}

/* Version 8: balances move in bsn_ledger_post, the one place that writes
 * legs, instead of in a trigger on every leg. A trigger runs as a
 * sub-program with its own statement journal: a fifth of an import's
 * time. `verify` still checks every balance against the sum of its legs. */
static const char schema_v8[] =
  "DROP TRIGGER legs_apply;";

/* Version 9: the postings of a customer are found through the legs on the
 * customer's account (legs_account), which the ledger keeps anyway. The
 * index of postings by customer was a second, random-order copy of the
 * same list: every receipt wrote into it at a random place (1M receipts:
 * 70 s -> 60 s without it). */
static const char schema_v9[] =
  "DROP INDEX postings_customer;";

/* Version 10: each customer's first receipt time, kept by the award, is
 * what the program report's "new customers" needs; the index of receipts
 * by customer was there only for that, and every receipt wrote into it at
 * a random place (1M receipts: 55 s -> 43-50 s without it). */
static const char schema_v10[] =
  "ALTER TABLE customers ADD COLUMN first_receipt_at INTEGER;"
  "UPDATE customers SET first_receipt_at ="
  "  (SELECT min(r.at) FROM receipts r WHERE r.customer_id = customers.id);"
  "DROP INDEX receipts_customer_at;";

/* Version 11: a receipt is identified by its store and its number
 * (DOMAIN.md §2): two stores may both print "R-0001". The receipts table
 * is rebuilt with UNIQUE (store_id, receipt) instead of UNIQUE (receipt);
 * no row changes. Legs carry their posting's time, and the earning legs
 * are indexed by (account, time) with the amount earned, so the status
 * points of a customer as of a receipt's time (§4.3) are one index range,
 * never a scan of the ledger. */
static const char schema_v11[] =
  /* The rows wait in a copy while the table is made again under its own
   * name: receipt_parts and bonus_grants keep referring to "receipts",
   * and putting each row back answers the deferred foreign-key checks
   * its removal raised (a renamed copy would leave them open). */
  "CREATE TEMP TABLE receipts_v10 AS SELECT * FROM receipts;"
  "DROP TRIGGER receipts_no_update;"
  "DROP TRIGGER receipts_no_delete;"
  "PRAGMA defer_foreign_keys = ON;"
  "DROP TABLE receipts;"
  "CREATE TABLE receipts ("
  "  id               INTEGER PRIMARY KEY,"
  "  receipt          TEXT NOT NULL,"
  "  store_id         INTEGER NOT NULL REFERENCES stores(id),"
  "  customer_id      INTEGER NOT NULL REFERENCES customers(id),"
  "  at               INTEGER NOT NULL,"
  "  amount_rp        INTEGER NOT NULL CHECK (amount_rp > 0),"
  "  perishable_rp    INTEGER NOT NULL CHECK (perishable_rp BETWEEN 0 AND amount_rp),"
  "  digit            INTEGER CHECK (digit BETWEEN 0 AND 9),"
  "  quota_rp         INTEGER NOT NULL,"
  "  quota_met        INTEGER NOT NULL,"
  "  status_before_rp INTEGER NOT NULL,"
  "  scheme           TEXT NOT NULL " RECEIPTS_SCHEME_CHECK_EQ ","
  "  rate_bp          INTEGER NOT NULL,"
  "  value_rp         INTEGER NOT NULL CHECK (value_rp >= 0),"
  "  capped           INTEGER NOT NULL DEFAULT 0,"
  "  tier_version_id  INTEGER REFERENCES tier_versions(id),"
  "  posting_id       INTEGER REFERENCES postings(id),"
  "  UNIQUE (store_id, receipt)"
  ");"
  "INSERT INTO receipts SELECT id, receipt, store_id, customer_id, at, amount_rp, perishable_rp, digit,"
  "  quota_rp, quota_met, status_before_rp, scheme, rate_bp, value_rp, capped, tier_version_id, posting_id"
  "  FROM temp.receipts_v10 ORDER BY id;"
  "DROP TABLE temp.receipts_v10;"
  "CREATE INDEX receipts_store_at ON receipts(store_id, at);"
  "CREATE TRIGGER receipts_no_update BEFORE UPDATE ON receipts BEGIN"
  "  SELECT RAISE(ABORT, 'receipts are append-only');"
  "END;"
  "CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts BEGIN"
  "  SELECT RAISE(ABORT, 'receipts are append-only');"
  "END;"
  "ALTER TABLE legs ADD COLUMN at INTEGER NOT NULL DEFAULT 0;"
  "DROP TRIGGER legs_no_update;"
  "UPDATE legs SET at = (SELECT p.at FROM postings p WHERE p.id = legs.posting_id);"
  "CREATE TRIGGER legs_no_update BEFORE UPDATE ON legs BEGIN"
  "  SELECT RAISE(ABORT, 'legs are append-only');"
  "END;"
  "CREATE INDEX legs_earned ON legs(account_id, at, earned_rp) WHERE earned_rp != 0;";

/* Version 12: point expiry (DOMAIN.md §7). The policy is versioned like
 * the tier tables: a version is in force from effective_from until the
 * next (the later id wins on the same time) and is never changed; months
 * 0 is "off". point_expiries closes an earning posting's lot once: the
 * expiry posting that released what was left of it, or NULL when nothing
 * was left (so the next run skips it). */
static const char schema_v12[] =
  /* Registration and referral bonuses (DOMAIN.md §4.5, issue 17 §5): a
   * customer may be brought by another; a bonus rule may give a fixed
   * number of points (points_rp) instead of a share of the receipt. */
  "ALTER TABLE customers ADD COLUMN referred_by INTEGER REFERENCES customers(id);"
  "ALTER TABLE bonus_rules ADD COLUMN points_rp INTEGER NOT NULL DEFAULT 0 CHECK (points_rp >= 0);"
  /* Where a receipt's lucky digit came from: 'stopwatch' or 'manual'
   * (typed); NULL before version 12 or without a digit. */
  "ALTER TABLE receipts ADD COLUMN digit_source TEXT;"
  "CREATE TABLE expiry_policies ("
  "  id             INTEGER PRIMARY KEY,"
  "  months         INTEGER NOT NULL CHECK (months BETWEEN 0 AND 120),"
  "  effective_from INTEGER NOT NULL,"
  "  author         TEXT NOT NULL,"
  "  reason         TEXT NOT NULL,"
  "  created_at     INTEGER NOT NULL"
  ");"
  "CREATE INDEX expiry_policies_in_force ON expiry_policies(effective_from, id);"
  "CREATE TABLE point_expiries ("
  "  lot_posting_id INTEGER PRIMARY KEY REFERENCES postings(id),"
  "  customer_id    INTEGER NOT NULL REFERENCES customers(id),"
  "  expires_at     INTEGER NOT NULL,"
  "  amount_rp      INTEGER NOT NULL CHECK (amount_rp >= 0),"
  "  posting_id     INTEGER UNIQUE REFERENCES postings(id)"
  ");"
  "CREATE INDEX point_expiries_posting ON point_expiries(posting_id) WHERE posting_id IS NOT NULL;"
  "CREATE TRIGGER expiry_policies_no_update BEFORE UPDATE ON expiry_policies BEGIN"
  "  SELECT RAISE(ABORT, 'expiry policies are immutable');"
  "END;"
  "CREATE TRIGGER expiry_policies_no_delete BEFORE DELETE ON expiry_policies BEGIN"
  "  SELECT RAISE(ABORT, 'expiry policies are immutable');"
  "END;"
  "CREATE TRIGGER point_expiries_no_update BEFORE UPDATE ON point_expiries BEGIN"
  "  SELECT RAISE(ABORT, 'point expiries are append-only');"
  "END;"
  "CREATE TRIGGER point_expiries_no_delete BEFORE DELETE ON point_expiries BEGIN"
  "  SELECT RAISE(ABORT, 'point expiries are append-only');"
  "END;";

/* Version 12 also lets bonus_rules.kind be 'registration' or 'referral':
 * only the text of the CHECK changes, edited in place as in version 7. */
#define BONUS_KIND_CHECK_V2 "CHECK (kind IN ('surprise_goods','surprise_points','siaga','stopwatch','lelang'))"
#define BONUS_KIND_CHECK_V12 \
  "CHECK (kind IN ('surprise_goods','surprise_points','siaga','stopwatch','lelang','registration','referral'))"

static gboolean
rewrite_bonus_kind_check (BsnDb   *db,
                          GError **error)
{
  return rewrite_table_sql (db, "bonus_rules", BONUS_KIND_CHECK_V2, BONUS_KIND_CHECK_V12, error);
}

/* Version 13: the book's hash chain (bsn-db-chain.h). Every entry of the
 * history is sealed into it by the commit that writes it; the entries of
 * an older database are sealed by this step. Append-only like the
 * ledger. */
static const char schema_v13[] =
  "CREATE TABLE chain ("
  "  seq          INTEGER PRIMARY KEY,"
  "  kind         TEXT NOT NULL,"
  "  ref_id       INTEGER NOT NULL,"
  "  content_hash TEXT NOT NULL,"
  "  hash         TEXT NOT NULL"
  ");"
  "CREATE INDEX chain_kind ON chain(kind, ref_id);"
  "CREATE TRIGGER chain_no_update BEFORE UPDATE ON chain BEGIN"
  "  SELECT RAISE(ABORT, 'the chain is append-only');"
  "END;"
  "CREATE TRIGGER chain_no_delete BEFORE DELETE ON chain BEGIN"
  "  SELECT RAISE(ABORT, 'the chain is append-only');"
  "END;";

/* Version 16: the anak's sales capacity for a titip jual lot (DOMAIN.md
 * §8, issue 17 §6): units it can sell in the period, NULL when none is
 * known; capacity_lot_id names the earlier lot it was taken from (NULL
 * when stated at the offer). Lots from before version 16 have neither. */
static const char schema_v16[] =
  "ALTER TABLE lots ADD COLUMN capacity INTEGER CHECK (capacity IS NULL OR capacity >= 0);"
  "ALTER TABLE lots ADD COLUMN capacity_lot_id INTEGER REFERENCES lots(id);";

/* Version 17: compact books (issue 22). The chain's index by kind held an
 * entry for each of the two million postings and receipts of a million
 * receipts (25 bytes a receipt) only so that a seal could find the last
 * sealed id of a kind; those of postings and receipts are found by
 * walking the chain back from its end (the entries of a kind are sealed
 * in id order, and one seal's entries lie together), and only the rare
 * kinds (tier versions, bonus rules, users, audit) keep an index.
 * BSN_CHAIN_INDEXED_KINDS is repeated verbatim in the queries that use it,
 * so that both engines see the index's condition implied. */
static const char schema_v17[] =
  "DROP INDEX chain_kind;"
  "CREATE INDEX chain_kind ON chain(kind, ref_id) WHERE " BSN_CHAIN_INDEXED_KINDS ";";

/* Version 22: a month's program report reads each store's outstanding
 * reserve at the period's end from the reserve's kept balance, less the
 * legs at or after the end (postings_at), less the legs before the end of
 * the few other postings that move a reserve (deposit, withdrawal,
 * redemption): this small index finds those without going through every
 * award of the history (issue 22). Award, bonus, reversal and expiry
 * count as backing; openings and vouchers never touch a reserve. */
static const char schema_v22[] =
  "CREATE INDEX postings_reserve_moves ON postings(at) "
  "WHERE kind NOT IN ('award','bonus','reversal','expiry','opening','voucher');";

static const BsnMigration migrations[] = {
  { 1, schema_v1, NULL },
  { 2, schema_v2, bsn_tiers_install_defaults },
  { 3, schema_v3, NULL },
  { 4, schema_v4, NULL },
  { 5, schema_v5, NULL },
  { 6, schema_v6, NULL },
  { 7, "", rewrite_receipts_check },
  { 8, schema_v8, NULL },
  { 9, schema_v9, NULL },
  { 10, schema_v10, NULL },
  { 11, schema_v11, NULL },
  { 12, schema_v12, rewrite_bonus_kind_check },
  { 13, schema_v13, bsn_db_chain_seal },
  /* 14: PostgreSQL's change notifications (bsn-db-schema-pg.c); one
   * SQLite file has one desktop, nothing to notify. */
  { 14, "", NULL },
  /* 15: server logins, PostgreSQL only (bsn-db-schema-pg.c). */
  { 15, "", NULL },
  { 16, schema_v16, NULL },
  { 17, schema_v17, NULL },
  /* 18: what a kasir's login may write, PostgreSQL only (bsn-db-schema-pg.c). */
  { 18, "", NULL },
  /* 19: the server moves cached balances, PostgreSQL only (bsn-db-schema-pg.c). */
  { 19, "", NULL },
  /* 20: a counter posting stands on its receipt, voucher, redemption or
   * expiry row, PostgreSQL only (bsn-db-schema-pg.c). */
  { 20, "", NULL },
  /* 21: a receipt's value stays within the tier tables in force at its
   * time, PostgreSQL only (bsn-db-schema-pg.c). */
  { 21, "", NULL },
  { 22, schema_v22, NULL },
  /* 23: the server's checks at less cost per row, PostgreSQL only
   * (bsn-db-schema-pg.c). */
  { 23, "", NULL },
  /* 24: references checked once per statement, PostgreSQL only
   * (bsn-db-schema-pg.c). */
  { 24, "", NULL },
};

const BsnMigration *
bsn_db_schema_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}
