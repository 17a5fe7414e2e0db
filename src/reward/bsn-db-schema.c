/* bsn-db-schema.c — the schema of BSN Loyalty databases.
 *
 * Conventions: money columns are INTEGER Rupiah, rates INTEGER basis points,
 * times INTEGER wall-clock seconds (bsn-time.h) except created_at, which is
 * real UTC Unix time of recording. Postings and legs are immutable: triggers
 * refuse UPDATE and DELETE; account balances are kept by a trigger in the
 * same transaction as the legs.
 */
#include "config.h"

#include "bsn-db-schema.h"

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

static const BsnMigration migrations[] = {
  { 1, schema_v1 },
};

const BsnMigration *
bsn_db_schema_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}
