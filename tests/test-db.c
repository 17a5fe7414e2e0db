/* test-db.c — connections, migrations and refusals of foreign files. */
#include <libpq-fe.h>
#include <sqlite3.h>
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bsn-award.h"
#include "bsn-consign.h"
#include "bsn-customer.h"
#include "bsn-demo.h"
#include "bsn-db-pg.h"
#include "bsn-db-schema.h"
#include "bsn-error.h"
#include "bsn-expiry.h"
#include "bsn-ledger.h"
#include "bsn-quota.h"
#include "bsn-report.h"
#include "bsn-reserve.h"
#include "bsn-test-util.h"
#include "bsn-voucher.h"

static char *
file_digest (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

static void
test_fresh_is_current (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();

  g_assert_cmpint (bsn_db_get_user_version (t->db), ==, bsn_db_schema_version ());
  if (bsn_test_skip_on_pg ("SQLite only: the file's application_id, WAL journal and connection PRAGMAs "
                           "(the schema version was checked)"))
    return;
  g_assert_cmpint (bsn_db_query_int (t->db, "PRAGMA application_id", 0), ==, BSN_DB_APPLICATION_ID);
  g_assert_cmpint (bsn_db_query_int (t->db, "PRAGMA foreign_keys", 0), ==, 1);
  g_assert_cmpint (bsn_db_query_int (t->db, "PRAGMA busy_timeout", 0), >=, 1000);
  /* 32 MiB of page cache, less where asked (the app's reading threads). */
  g_assert_cmpint (bsn_db_query_int (t->db, "PRAGMA cache_size", 0), ==, -32768);
  bsn_db_set_cache_kib (t->db, 8192);
  g_assert_cmpint (bsn_db_query_int (t->db, "PRAGMA cache_size", 0), ==, -8192);
  {
    BsnStmt *stmt = bsn_db_prepare (t->db, "PRAGMA journal_mode", NULL);
    g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_ROW);
    g_assert_cmpstr (bsn_stmt_column_text (stmt, 0), ==, "wal");
    bsn_stmt_reset (stmt);
  }
}

static void
test_owner_only_file (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  GStatBuf st;

  if (bsn_test_skip_on_pg ("SQLite only: the database file's mode"))
    return;
  t = bsn_test_db_new ();

  g_assert_cmpint (g_stat (t->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static gboolean
schema_has_step (int version)
{
  guint n;
  const BsnMigration *steps = bsn_db_schema_migrations (&n);

  for (guint i = 0; i < n; i++)
    if (steps[i].version == version)
      return TRUE;
  return FALSE;
}

/* Every older version migrates to the current one, keeping its data. */
static void
test_migrate_from_every_version (void)
{
  if (bsn_test_skip_on_pg ("SQLite only: migrates files left by older releases (PRAGMA user_version)"))
    return;
  for (int from = 0; from < bsn_db_schema_version (); from++)
    {
      g_autofree char *dir = NULL;
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(BsnDb) old = NULL;
      g_autoptr(BsnDb) db = NULL;

      /* Branches merged in parallel may leave a number unused. */
      if (from > 0 && !schema_has_step (from))
        continue;
      dir = g_dir_make_tmp ("bsn-mig-XXXXXX", NULL);
      path = g_build_filename (dir, "old.db", NULL);
      old = bsn_db_open_at_version (path, from, &error);
      g_assert_no_error (error);
      g_assert_cmpint (bsn_db_get_user_version (old), ==, from);
      if (from >= 1)
        g_assert_cmpint (bsn_test_raw_exec (old, "INSERT INTO customers (code, name, created_at) "
                                                 "VALUES ('LAMA', 'Pelanggan lama', 0)"), ==, SQLITE_OK);
      g_clear_pointer (&old, bsn_db_unref);

      db = bsn_db_open (path, BSN_DB_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      g_assert_cmpint (bsn_db_get_user_version (db), ==, bsn_db_schema_version ());
      if (from >= 1)
        g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM customers WHERE code = 'LAMA'", 0), ==, 1);
      g_clear_pointer (&db, bsn_db_unref);
      g_unlink (path);
      {
        g_autofree char *wal = g_strconcat (path, "-wal", NULL);
        g_autofree char *shm = g_strconcat (path, "-shm", NULL);
        g_unlink (wal);
        g_unlink (shm);
      }
      g_rmdir (dir);
    }
}

/* Version 10 fills each customer's first receipt time from the receipts
 * already there. */
static void
test_migrate_first_receipts (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) old = NULL;
  g_autoptr(BsnDb) db = NULL;

  if (bsn_test_skip_on_pg ("SQLite only: migrates a version 9 file (PRAGMA, sqlite_master)"))
    return;
  dir = g_dir_make_tmp ("bsn-mig-XXXXXX", NULL);
  path = g_build_filename (dir, "v9.db", NULL);
  old = bsn_db_open_at_version (path, 9, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bsn_test_raw_exec (old,
                                      "PRAGMA foreign_keys = OFF;"
                                      "INSERT INTO stores (id, code, name, role, band, tier, scheme, opening_sec, "
                                      "  created_at) VALUES (1, 'T1', 'Toko', 'toko', 'low', 1, 'stopwatch', 0, 0);"
                                      "INSERT INTO customers (id, code, name, created_at) VALUES "
                                      "  (1, 'A', 'Ani', 0), (2, 'B', 'Bayu', 0);"
                                      "INSERT INTO receipts (receipt, store_id, customer_id, at, amount_rp, perishable_rp, "
                                      "  quota_rp, quota_met, status_before_rp, scheme, rate_bp, value_rp) VALUES "
                                      "  ('R1', 1, 1, 500, 1000, 0, 0, 1, 0, 'none', 0, 0),"
                                      "  ('R2', 1, 1, 200, 1000, 0, 0, 1, 0, 'none', 0, 0),"
                                      "  ('R3', 1, 1, 900, 1000, 0, 0, 1, 0, 'none', 0, 0);"),
                   ==, SQLITE_OK);
  g_clear_pointer (&old, bsn_db_unref);

  db = bsn_db_open (path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT first_receipt_at FROM customers WHERE code = 'A'", 0), ==, 200);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT first_receipt_at IS NULL FROM customers WHERE code = 'B'", 0), ==, 1);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM sqlite_master WHERE name IN "
                                         "('receipts_customer_at', 'postings_customer')", -1), ==, 0);
  g_clear_pointer (&db, bsn_db_unref);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strconcat (path, (const char *[]) { "", "-wal", "-shm" }[i], NULL);
      g_unlink (file);
    }
  g_rmdir (dir);
}

/* A test database's files and its directory; a server location has none. */
static void
remove_db_files (const char *dir,
                 const char *path)
{
  for (guint i = 0; i < 3 && !bsn_db_location_is_server (path); i++)
    {
      g_autofree char *file = g_strconcat (path, (const char *[]) { "", "-wal", "-shm" }[i], NULL);
      g_unlink (file);
    }
  g_rmdir (dir);
}

static void
assert_verify_clean (BsnDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnVerifyReport) r = bsn_ledger_verify (db, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < r->problems->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (r->problems, i));
  g_assert_cmpuint (r->problems->len, ==, 0);
}

/* Version 11 (DOMAIN.md §2): receipts are unique by (store, number), not
 * by number; no receipt is lost or merged, legs get their posting's time,
 * verify is clean before and after, and store TB may then print the
 * R-0001 that store TA printed before the migration. */
static void
test_migrate_receipt_per_store (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) old = NULL;
  g_autoptr(BsnDb) db = NULL;

  if (bsn_test_skip_on_pg ("SQLite only: migrates a version 10 file (PRAGMA user_version)"))
    return;
  dir = g_dir_make_tmp ("bsn-mig-XXXXXX", NULL);
  path = g_build_filename (dir, "v10.db", NULL);
  old = bsn_db_open_at_version (path, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bsn_test_raw_exec (old,
                                      "INSERT INTO stores (id, code, name, role, band, tier, scheme, opening_sec, "
                                      "  created_at) VALUES (1, 'TA', 'Toko A', 'toko', 'low', 3, 'stopwatch', 0, 0),"
                                      "  (2, 'TB', 'Toko B', 'toko', 'low', 3, 'stopwatch', 0, 0);"
                                      "INSERT INTO customers (id, code, name, created_at, first_receipt_at) VALUES "
                                      "  (1, 'C1', 'Ani', 0, 1800000000);"
                                      "INSERT INTO accounts (id, kind, customer_id, store_id) VALUES "
                                      "  (10, 'customer', 1, NULL), (11, 'reserve', NULL, 1), (12, 'reserve', NULL, 2);"
                                      "INSERT INTO postings (id, idem_key, kind, at, store_id, customer_id, amount_rp, "
                                      "  created_at) VALUES (1, 'receipt:R-0001', 'award', 1800000000, 1, 1, 5000, 0),"
                                      "  (2, 'receipt:R-0002', 'award', 1800003600, 1, 1, 3000, 0);"
                                      "INSERT INTO legs (posting_id, account_id, amount_rp, earned_rp) VALUES "
                                      "  (1, 10, 5000, 5000), (1, 11, -5000, 0), (2, 10, 3000, 3000), (2, 11, -3000, 0);"
                                      "UPDATE accounts SET balance_rp = 8000, status_rp = 8000 WHERE id = 10;"
                                      "UPDATE accounts SET balance_rp = -8000 WHERE id = 11;"
                                      "INSERT INTO receipts (id, receipt, store_id, customer_id, at, amount_rp, "
                                      "  perishable_rp, digit, quota_rp, quota_met, status_before_rp, scheme, rate_bp, "
                                      "  value_rp, posting_id) VALUES "
                                      "  (1, 'R-0001', 1, 1, 1800000000, 100000, 0, 5, 0, 1, 0, 'stopwatch', 500, 5000, 1),"
                                      "  (2, 'R-0002', 1, 1, 1800003600, 100000, 0, 3, 0, 1, 5000, 'stopwatch', 300, 3000, 2);"
                                      "INSERT INTO receipt_parts (receipt_id, scheme, base_rp, key, rate_bp, value_rp) "
                                      "  VALUES (1, 'stopwatch', 100000, 5, 500, 5000), (2, 'stopwatch', 100000, 3, 300, 3000);"),
                   ==, SQLITE_OK);
  assert_verify_clean (old);
  g_clear_pointer (&old, bsn_db_unref);

  db = bsn_db_open (path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_get_user_version (db), ==, bsn_db_schema_version ());
  assert_verify_clean (db);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM receipts", -1), ==, 2);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM receipt_parts", -1), ==, 2);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT posting_id FROM receipts WHERE receipt = 'R-0002'", -1), ==, 2);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT at FROM legs WHERE posting_id = 2 AND account_id = 10", -1), ==,
                   1800003600);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM legs WHERE at = 0", -1), ==, 0);
  g_assert_cmpint (bsn_db_query_int (db, "PRAGMA foreign_key_check", 0), ==, 0);
  g_assert_cmpint (bsn_test_raw_exec (db, "UPDATE receipts SET value_rp = 1"), !=, SQLITE_OK);
  /* The same number in another store is another receipt; in the same
   * store it is still refused by the key. */
  g_assert_cmpint (bsn_test_raw_exec (db,
                                      "INSERT INTO receipts (receipt, store_id, customer_id, at, amount_rp, "
                                      "  perishable_rp, quota_rp, quota_met, status_before_rp, scheme, rate_bp, "
                                      "  value_rp) VALUES ('R-0001', 2, 1, 1800007200, 1000, 0, 0, 1, 0, 'none', 0, 0)"),
                   ==, SQLITE_OK);
  g_assert_cmpint (bsn_test_raw_exec (db,
                                      "INSERT INTO receipts (receipt, store_id, customer_id, at, amount_rp, "
                                      "  perishable_rp, quota_rp, quota_met, status_before_rp, scheme, rate_bp, "
                                      "  value_rp) VALUES ('R-0001', 1, 1, 1800007200, 1000, 0, 0, 1, 0, 'none', 0, 0)"),
                   !=, SQLITE_OK);
  {
    /* Status as of a time reads the migrated legs' times. */
    gint64 status = -1;
    g_assert_true (bsn_ledger_status_before (db, 10, 1800003600, &status, &error));
    g_assert_no_error (error);
    g_assert_cmpint (status, ==, 5000);
    g_assert_true (bsn_ledger_status_before (db, 10, 1800003601, &status, &error));
    g_assert_cmpint (status, ==, 8000);
    g_assert_true (bsn_ledger_status_before (db, 10, 1800000000, &status, &error));
    g_assert_cmpint (status, ==, 0);
  }
  /* verify sees a leg whose time is not its posting's. */
  g_assert_cmpint (bsn_test_raw_exec (db, "DROP TRIGGER legs_no_update;"
                                          "UPDATE legs SET at = 1 WHERE posting_id = 2 AND account_id = 10;"),
                   ==, SQLITE_OK);
  {
    g_autoptr(BsnVerifyReport) r = bsn_ledger_verify (db, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (r->problems->len, ==, 1);
    g_assert_nonnull (strstr (g_ptr_array_index (r->problems, 0), "#2"));
  }
  g_clear_pointer (&db, bsn_db_unref);
  remove_db_files (dir, path);
}

/* Version 10 → latest on PostgreSQL with receipts and legs (DOMAIN.md
 * §2, §4.3): the version 10 schema (UNIQUE (receipt)) holds TA's R-0001
 * and R-0002 and TB's R-0003 and refuses TB's R-0001. After the
 * migration verify is clean, every receipt is kept (none merged), the
 * legs carry their posting's time (status points as of a time read
 * them), TB's R-0001 is a new receipt next to TA's, TA's R-0001 again is
 * a duplicate (nothing posted) and TC's R-0001 is new. */
#define PG_T0 G_GINT64_CONSTANT (1793502000)   /* 2026-11-01T03:00:00 */
static void
test_migrate_receipt_per_store_pg (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *location = NULL;
  g_autofree char *schema = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) old = NULL;
  g_autoptr(BsnDb) db = NULL;
  gint64 status = -1;

  if (bsn_test_pg_uri () == NULL)
    {
      g_test_skip ("PostgreSQL only: the SQLite form is /db/migrate/receipt-per-store");
      return;
    }
  dir = g_dir_make_tmp ("bsn-mig-XXXXXX", NULL);
  location = bsn_test_location_new (dir, "v10.db", &schema);
  old = bsn_db_open_at_version (location, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_get_user_version (old), ==, 10);
  g_assert_cmpint (bsn_test_raw_exec (old,
                                      "INSERT INTO stores (id, code, name, role, band, tier, scheme, opening_sec, "
                                      "  created_at) VALUES (1, 'TA', 'Toko A', 'toko', 'low', 3, 'stopwatch', 0, 0),"
                                      "  (2, 'TB', 'Toko B', 'toko', 'low', 3, 'stopwatch', 0, 0),"
                                      "  (3, 'TC', 'Toko C', 'toko', 'low', 3, 'stopwatch', 0, 0);"
                                      "INSERT INTO customers (id, code, name, created_at, first_receipt_at) VALUES "
                                      "  (1, 'C1', 'Ani', 0, 1793502000);"
                                      "INSERT INTO accounts (id, kind, customer_id, store_id) VALUES "
                                      "  (10, 'customer', 1, NULL), (11, 'reserve', NULL, 1), (12, 'reserve', NULL, 2),"
                                      "  (13, 'reserve', NULL, 3);"
                                      "INSERT INTO postings (id, idem_key, kind, at, store_id, customer_id, amount_rp, "
                                      "  created_at) VALUES (1, 'receipt:R-0001', 'award', 1793502000, 1, 1, 5000, 0),"
                                      "  (2, 'receipt:R-0002', 'award', 1793505600, 1, 1, 3000, 0),"
                                      "  (3, 'receipt:R-0003', 'award', 1793509200, 2, 1, 2000, 0);"
                                      "INSERT INTO legs (posting_id, account_id, amount_rp, earned_rp) VALUES "
                                      "  (1, 10, 5000, 5000), (1, 11, -5000, 0), (2, 10, 3000, 3000), (2, 11, -3000, 0),"
                                      "  (3, 10, 2000, 2000), (3, 12, -2000, 0);"
                                      "UPDATE accounts SET balance_rp = 10000, status_rp = 10000 WHERE id = 10;"
                                      "UPDATE accounts SET balance_rp = -8000 WHERE id = 11;"
                                      "UPDATE accounts SET balance_rp = -2000 WHERE id = 12;"
                                      "INSERT INTO receipts (id, receipt, store_id, customer_id, at, amount_rp, "
                                      "  perishable_rp, digit, quota_rp, quota_met, status_before_rp, scheme, rate_bp, "
                                      "  value_rp, posting_id) VALUES "
                                      "  (1, 'R-0001', 1, 1, 1793502000, 100000, 0, 5, 0, 1, 0, 'stopwatch', 500, 5000, 1),"
                                      "  (2, 'R-0002', 1, 1, 1793505600, 100000, 0, 3, 0, 1, 5000, 'stopwatch', 300, 3000, 2),"
                                      "  (3, 'R-0003', 2, 1, 1793509200, 100000, 0, 2, 0, 1, 8000, 'stopwatch', 200, 2000, 3);"
                                      "INSERT INTO receipt_parts (receipt_id, scheme, base_rp, key, rate_bp, value_rp) "
                                      "  VALUES (1, 'stopwatch', 100000, 5, 500, 5000), (2, 'stopwatch', 100000, 3, 300, 3000),"
                                      "  (3, 'stopwatch', 100000, 2, 200, 2000);"
                                      /* Explicit ids leave the identities behind: move them
                                       * past, as a real version 10 network's would be. */
                                      "SELECT setval (pg_get_serial_sequence ('stores', 'id'), 3);"
                                      "SELECT setval (pg_get_serial_sequence ('customers', 'id'), 1);"
                                      "SELECT setval (pg_get_serial_sequence ('accounts', 'id'), 13);"
                                      "SELECT setval (pg_get_serial_sequence ('postings', 'id'), 3);"
                                      "SELECT setval (pg_get_serial_sequence ('receipts', 'id'), 3);"),
                   ==, SQLITE_OK);
  /* Version 10 knows one R-0001 in the whole network. */
  g_assert_cmpint (bsn_test_raw_exec (old,
                                      "INSERT INTO receipts (receipt, store_id, customer_id, at, amount_rp, "
                                      "  perishable_rp, quota_rp, quota_met, status_before_rp, scheme, rate_bp, "
                                      "  value_rp) VALUES ('R-0001', 2, 1, 1793512800, 1000, 0, 0, 1, 0, 'none', 0, 0)"),
                   !=, SQLITE_OK);
  assert_verify_clean (old);
  g_clear_pointer (&old, bsn_db_unref);

  db = bsn_db_open (location, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_get_user_version (db), ==, bsn_db_schema_version ());
  assert_verify_clean (db);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM receipts", -1), ==, 3);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count(DISTINCT (store_id, receipt)) FROM receipts", -1), ==, 3);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM receipt_parts", -1), ==, 3);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT posting_id FROM receipts WHERE receipt = 'R-0003'", -1), ==, 3);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT store_id FROM receipts WHERE receipt = 'R-0003'", -1), ==, 2);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT at FROM legs WHERE posting_id = 2 AND account_id = 10", -1), ==,
                   PG_T0 + 3600);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT at FROM legs WHERE posting_id = 3 AND account_id = 12", -1), ==,
                   PG_T0 + 7200);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM legs WHERE at = 0", -1), ==, 0);
  g_assert_true (bsn_ledger_status_before (db, 10, PG_T0, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (bsn_ledger_status_before (db, 10, PG_T0 + 3600, &status, &error));
  g_assert_cmpint (status, ==, 5000);
  g_assert_true (bsn_ledger_status_before (db, 10, PG_T0 + 3601, &status, &error));
  g_assert_cmpint (status, ==, 8000);
  g_assert_true (bsn_ledger_status_before (db, 10, PG_T0 + 7201, &status, &error));
  g_assert_cmpint (status, ==, 10000);
  {
    BsnReceipt tb = { "R-0001", 2, 1, 100000, PG_T0 + 10800, 5, -1, NULL };
    BsnReceipt ta = { "R-0001", 1, 1, 100000, PG_T0, 5, -1, NULL };
    BsnReceipt tc = { "R-0001", 3, 1, 100000, PG_T0 + 14400, 5, -1, NULL };
    g_autoptr(BsnAward) new_tb = bsn_award_receipt (db, NULL, &tb, &error);
    g_autoptr(BsnAward) again_ta = NULL;
    g_autoptr(BsnAward) new_tc = NULL;

    g_assert_no_error (error);
    g_assert_false (new_tb->duplicate);
    g_assert_cmpint (new_tb->status_before_rp, ==, 10000);
    g_assert_cmpint (new_tb->posting_id, >, 3);
    again_ta = bsn_award_receipt (db, NULL, &ta, &error);
    g_assert_no_error (error);
    g_assert_true (again_ta->duplicate);
    g_assert_cmpint (again_ta->value_rp, ==, 5000);
    g_assert_cmpint (again_ta->posting_id, ==, 1);
    new_tc = bsn_award_receipt (db, NULL, &tc, &error);
    g_assert_no_error (error);
    g_assert_false (new_tc->duplicate);
    g_assert_cmpint (new_tc->status_before_rp, ==, 10000 + new_tb->value_rp);
  }
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM receipts", -1), ==, 5);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM receipts WHERE receipt = 'R-0001'", -1), ==, 3);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM postings WHERE kind = 'award'", -1), ==, 5);
  assert_verify_clean (db);
  g_clear_pointer (&db, bsn_db_unref);
  remove_db_files (dir, location);
}
#undef PG_T0

/* Version 12 (DOMAIN.md §7): the expiry tables arrive empty, expiry stays
 * off for the points already earned, verify is clean before and after,
 * and a policy set after the last receipt applies to new points only. */
static void
test_migrate_point_expiry (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) old = NULL;
  g_autoptr(BsnDb) db = NULL;
  guint postings = 99;
  gint64 value = -1;

  if (bsn_test_skip_on_pg ("SQLite only: migrates a version 11 file (PRAGMA user_version)"))
    return;
  dir = g_dir_make_tmp ("bsn-mig-XXXXXX", NULL);
  path = g_build_filename (dir, "v11.db", NULL);
  old = bsn_db_open_at_version (path, 11, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bsn_test_raw_exec (old,
                                      "INSERT INTO stores (id, code, name, role, band, tier, scheme, opening_sec, "
                                      "  created_at) VALUES (1, 'TA', 'Toko A', 'toko', 'low', 3, 'stopwatch', 0, 0);"
                                      "INSERT INTO customers (id, code, name, created_at, first_receipt_at) VALUES "
                                      "  (1, 'C1', 'Ani', 0, 1800000000);"
                                      "INSERT INTO accounts (id, kind, customer_id, store_id) VALUES "
                                      "  (10, 'customer', 1, NULL), (11, 'reserve', NULL, 1);"
                                      "INSERT INTO postings (id, idem_key, kind, at, store_id, customer_id, amount_rp, "
                                      "  created_at) VALUES (1, 'receipt:1:R-0001', 'award', 1800000000, 1, 1, 5000, 0);"
                                      "INSERT INTO legs (posting_id, account_id, amount_rp, earned_rp, at) VALUES "
                                      "  (1, 10, 5000, 5000, 1800000000), (1, 11, -5000, 0, 1800000000);"
                                      "UPDATE accounts SET balance_rp = 5000, status_rp = 5000 WHERE id = 10;"
                                      "UPDATE accounts SET balance_rp = -5000 WHERE id = 11;"
                                      "INSERT INTO receipts (id, receipt, store_id, customer_id, at, amount_rp, "
                                      "  perishable_rp, digit, quota_rp, quota_met, status_before_rp, scheme, rate_bp, "
                                      "  value_rp, posting_id) VALUES "
                                      "  (1, 'R-0001', 1, 1, 1800000000, 100000, 0, 5, 0, 1, 0, 'stopwatch', 500, 5000, 1);"
                                      "INSERT INTO receipt_parts (receipt_id, scheme, base_rp, key, rate_bp, value_rp) "
                                      "  VALUES (1, 'stopwatch', 100000, 5, 500, 5000);"),
                   ==, SQLITE_OK);
  assert_verify_clean (old);
  g_clear_pointer (&old, bsn_db_unref);

  db = bsn_db_open (path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_get_user_version (db), ==, bsn_db_schema_version ());
  assert_verify_clean (db);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM expiry_policies", -1), ==, 0);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM point_expiries", -1), ==, 0);
  g_assert_false (bsn_expiry_set (db, 1, 1800000000, "Uji", NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_true (bsn_expiry_set (db, 1, 1800000001, "Uji", NULL, &error));
  g_assert_true (bsn_expiry_run (db, bsn_time_now (), &postings, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (postings, ==, 0);
  g_assert_cmpint (value, ==, 0);
  g_assert_cmpint (bsn_test_raw_exec (db, "UPDATE expiry_policies SET months = 5"), !=, SQLITE_OK);
  /* Issue 17 §5: the bonus kinds registration and referral, fixed points
   * and who referred a customer. */
  g_assert_cmpint (bsn_test_raw_exec (db, "INSERT INTO bonus_rules (code, name, kind, rate_bp, produsen_bp, ritel_bp, "
                                          "bsn_bp, valid_from, created_at, points_rp) VALUES "
                                          "('REG', 'Daftar', 'registration', 0, 0, 10000, 0, 0, 0, 5000)"), ==, SQLITE_OK);
  g_assert_cmpint (bsn_test_raw_exec (db, "INSERT INTO bonus_rules (code, name, kind, rate_bp, produsen_bp, ritel_bp, "
                                          "bsn_bp, valid_from, created_at) VALUES "
                                          "('X', 'X', 'lain', 0, 0, 10000, 0, 0, 0)"), !=, SQLITE_OK);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM customers WHERE referred_by IS NULL", -1), ==, 1);
  assert_verify_clean (db);
  g_clear_pointer (&db, bsn_db_unref);
  remove_db_files (dir, path);
}

/* Version 16 (issue 17 §6): a lot from before knows no capacity, so it is
 * not over capacity and its return costs the anak nothing; it still tells
 * the next lot of equal length what the anak sold (30 units). Verify is
 * clean before and after. Lot 1: offered 1 Nov 2026 (day 20758), 100
 * units, 14 + 7 + 7 + 7 days, accepted, 30 sold at Rp10.000. */
static void
test_migrate_lot_capacity (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) old = NULL;
  g_autoptr(BsnDb) db = NULL;
  g_autoptr(BsnLot) lot = NULL;
  g_autoptr(BsnLot) next = bsn_lot_new ();
  BsnLotStatus st;
  BsnLotReturn r;

  if (bsn_test_skip_on_pg ("SQLite only: migrates a version 14 file (PRAGMA user_version)"))
    return;
  dir = g_dir_make_tmp ("bsn-mig-XXXXXX", NULL);
  path = g_build_filename (dir, "v14.db", NULL);
  old = bsn_db_open_at_version (path, 14, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bsn_test_raw_exec (old,
                                      "INSERT INTO stores (id, code, name, role, parent_id, band, tier, scheme, "
                                      "  opening_sec, created_at) VALUES "
                                      "  (1, 'IND', 'Induk', 'induk', NULL, 'low', 3, 'both', 21600, 0),"
                                      "  (2, 'ANK', 'Anak', 'anak', 1, 'low', 3, 'both', 21600, 0);"
                                      "INSERT INTO lots (id, induk_id, anak_id, sku, name, qty, cost_rp, price_rp, "
                                      "  offered_day, period_days, stage1_days, stage2_days, stage3_days, scheme, "
                                      "  marketing_owner_bp, bonus_bp, created_at) VALUES "
                                      "  (1, 1, 2, 'BAJU-01', 'Kemeja batik', 100, 8000, 10000, 20758, 14, 7, 7, 7, "
                                      "   'A', 5000, 0, 0);"
                                      "INSERT INTO lot_events (lot_id, kind, day, qty, stage, unit_price_rp, "
                                      "  amount_rp, cost_rp, created_at) VALUES "
                                      "  (1, 'accept', 20758, 100, NULL, 0, 0, 0, 0),"
                                      "  (1, 'sale', 20760, 30, 'normal', 10000, 300000, 8000, 0);"),
                   ==, SQLITE_OK);
  assert_verify_clean (old);
  g_clear_pointer (&old, bsn_db_unref);

  db = bsn_db_open (path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_get_user_version (db), ==, bsn_db_schema_version ());
  assert_verify_clean (db);
  lot = bsn_lot_get (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lot->capacity, ==, -1);
  g_assert_cmpint (lot->capacity_lot_id, ==, 0);
  g_assert_cmpint (lot->accepted, ==, 100);
  g_assert_false (bsn_lot_is_over_capacity (lot));
  g_assert_true (bsn_lot_status (db, 1, 20760, &st, &error));
  g_assert_cmpint (st.capacity, ==, -1);
  g_assert_false (st.over_capacity);
  g_assert_cmpint (st.remaining, ==, 70);

  next->induk_id = 1;
  next->anak_id = 2;
  next->sku = g_strdup ("BAJU-01");
  next->name = g_strdup ("Kemeja batik");
  next->qty = 40;
  next->cost_rp = 8000;
  next->price_rp = 10000;
  next->offered_day = 20758 + 35;
  next->period_days = 14;
  next->stage_days[0] = next->stage_days[1] = next->stage_days[2] = 7;
  g_assert_true (bsn_lot_offer (db, next, &error));
  g_assert_no_error (error);
  g_assert_cmpint (next->capacity, ==, 30);
  g_assert_cmpint (next->capacity_lot_id, ==, 1);

  g_assert_true (bsn_lot_return (db, 1, 20758 + 35, NULL, 40000, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r.returned, ==, 70);
  g_assert_cmpint (r.return_cost_anak_rp, ==, 0);
  g_assert_false (r.over_capacity);
  g_assert_cmpint (bsn_test_raw_exec (db, "UPDATE lots SET capacity = 5 WHERE id = 1"), !=, SQLITE_OK);
  assert_verify_clean (db);
  g_clear_pointer (&db, bsn_db_unref);
  remove_db_files (dir, path);
}

static void
test_newer_schema_refused (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) again = NULL;
  g_autofree char *before = NULL, *after = NULL;
  g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %d", bsn_db_schema_version () + 1);

  if (bsn_test_skip_on_pg ("SQLite only: sets PRAGMA user_version and compares the file's bytes "
                           "(a PostgreSQL variant needs the schema-version table of bsn-db-schema-pg.c)"))
    return;
  t = bsn_test_db_new ();

  g_assert_cmpint (bsn_test_raw_exec (t->db, pragma), ==, SQLITE_OK);
  g_assert_cmpint (bsn_test_raw_exec (t->db, "PRAGMA wal_checkpoint(TRUNCATE)"), ==, SQLITE_OK);
  g_clear_pointer (&t->db, bsn_db_unref);
  before = file_digest (t->path);

  again = bsn_db_open (t->path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_null (again);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_SCHEMA);
  g_assert_nonnull (strstr (error->message, "lebih baru"));
  after = file_digest (t->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_foreign_sqlite_refused (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) db = NULL;
  sqlite3 *raw = NULL;

  if (bsn_test_skip_on_pg ("SQLite only: another program's SQLite file"))
    return;
  dir = g_dir_make_tmp ("bsn-foreign-XXXXXX", NULL);
  path = g_build_filename (dir, "other.sqlite", NULL);

  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('x')", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (raw);
  before = file_digest (path);

  db = bsn_db_open (path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_null (db);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_SCHEMA);
  g_assert_nonnull (strstr (error->message, "bukan basis data BSN"));
  after = file_digest (path);
  g_assert_cmpstr (before, ==, after);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_not_sqlite_refused (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) db = NULL;
  g_autofree char *data = NULL;
  const char junk[] = "Ini laporan bulanan, bukan basis data. Lorem ipsum dolor sit amet, consectetur.";

  if (bsn_test_skip_on_pg ("SQLite only: a file that is not a database"))
    return;
  dir = g_dir_make_tmp ("bsn-junk-XXXXXX", NULL);
  path = g_build_filename (dir, "junk.db", NULL);

  g_assert_true (g_file_set_contents (path, junk, -1, NULL));
  db = bsn_db_open (path, BSN_DB_OPEN_CREATE, &error);
  g_assert_null (db);
  g_assert_nonnull (error);
  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  g_assert_cmpstr (data, ==, junk);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) db = NULL;

  if (bsn_test_skip_on_pg ("SQLite only: a file path that does not exist"))
    return;
  db = bsn_db_open ("/nonexistent/dir/x.db", BSN_DB_OPEN_DEFAULT, &error);
  g_assert_null (db);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "init"));
}

static void
test_nested_transactions (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();

  g_assert_true (bsn_db_begin (t->db, TRUE, NULL));
  g_assert_true (bsn_db_set_meta (t->db, "a", "1", NULL));
  g_assert_true (bsn_db_begin (t->db, TRUE, NULL));
  g_assert_true (bsn_db_set_meta (t->db, "b", "2", NULL));
  bsn_db_rollback (t->db);  /* undoes b only */
  g_assert_true (bsn_db_begin (t->db, TRUE, NULL));
  g_assert_true (bsn_db_set_meta (t->db, "c", "3", NULL));
  g_assert_true (bsn_db_commit (t->db, NULL));
  g_assert_true (bsn_db_commit (t->db, NULL));
  g_assert_false (bsn_db_in_transaction (t->db));

  g_autofree char *a = bsn_db_get_meta (t->db, "a");
  g_autofree char *b = bsn_db_get_meta (t->db, "b");
  g_autofree char *c = bsn_db_get_meta (t->db, "c");
  g_assert_cmpstr (a, ==, "1");
  g_assert_null (b);
  g_assert_cmpstr (c, ==, "3");
}

/* A read transaction sees one snapshot from its first read to its end,
 * whatever commits meanwhile (on PostgreSQL REPEATABLE READ: its default
 * level takes a new snapshot per statement); on PostgreSQL another
 * connection can read in that snapshot, as verify's second reader does. */
static void
test_read_snapshot (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnDb) reader = NULL;
  g_autoptr(BsnDb) beside = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *snapshot = NULL;

  bsn_test_add_customer (t->db, "C001", "Siti");
  reader = bsn_db_open (t->path, BSN_DB_OPEN_READONLY, &error);
  g_assert_no_error (error);
  g_assert_true (bsn_db_begin_read (reader, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_query_int (reader, "SELECT count(*) FROM customers", -1), ==, 1);
  snapshot = bsn_db_export_snapshot (reader);
  g_assert_true ((snapshot != NULL) == (bsn_db_get_engine (t->db) == BSN_ENGINE_POSTGRESQL));

  bsn_test_add_customer (t->db, "C002", "Budi");
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM customers", -1), ==, 2);
  /* Committed since its first read: not seen. */
  g_assert_cmpint (bsn_db_query_int (reader, "SELECT count(*) FROM customers", -1), ==, 1);
  if (snapshot != NULL)
    {
      beside = bsn_db_open (t->path, BSN_DB_OPEN_READONLY, &error);
      g_assert_no_error (error);
      g_assert_true (bsn_db_begin_read (beside, snapshot, &error));
      g_assert_no_error (error);
      g_assert_cmpint (bsn_db_query_int (beside, "SELECT count(*) FROM customers", -1), ==, 1);
      bsn_db_rollback (beside);
      /* A name the server did not give is refused before it is sent. */
      g_assert_false (bsn_db_begin_read (beside, "x'; DROP TABLE customers; --", &error));
      g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
      g_clear_error (&error);
      g_assert_false (bsn_db_in_transaction (beside));
    }
  bsn_db_rollback (reader);
  g_assert_cmpint (bsn_db_query_int (reader, "SELECT count(*) FROM customers", -1), ==, 2);
}

/* Counts @stmt's rows from its next one on, at most @max, each (i, 2i)
 * with i going up by one from @first; -1 at the first row that is not.
 * @done: set when the rows ended (a statement is not stepped again after
 * its end: SQLite would begin it again). */
static gint64
scan_rows (BsnStmt  *stmt,
           gint64    first,
           gint64    max,
           gboolean *done)
{
  gint64 n = 0;

  while (n < max)
    {
      if (bsn_stmt_step (stmt) != BSN_ROW)
        {
          if (done != NULL)
            *done = TRUE;
          break;
        }
      if (bsn_stmt_column_int64 (stmt, 0) != first + n || bsn_stmt_column_int64 (stmt, 1) != 2 * (first + n))
        return -1;
      n++;
    }
  return n;
}

#define SCAN_SQL "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) SELECT i, i * 2 FROM n"
#define SCAN_SQL_B "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) SELECT i, 2 * i FROM n"

/* A scan (bsn_db_prepare_scan) gives every row once, in order, whatever
 * the engine: on PostgreSQL in a read transaction its rows come from a
 * cursor a chunk at a time, the next chunk asked for while this one is
 * read; two scans interleaved on one connection with other reads between
 * their rows, a scan left half-way and begun again, and a scan in a
 * transaction with a savepoint (whole, as any read) all read right. */
static void
test_scan (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  BsnStmt *a;
  BsnStmt *b;
  gint64 got_a = 0;
  gint64 got_b = 0;
  gboolean done_a = FALSE;
  gboolean done_b = FALSE;

  /* Outside a transaction: as bsn_db_prepare(). */
  a = bsn_db_prepare_scan (t->db, SCAN_SQL, &error);
  g_assert_no_error (error);
  bsn_stmt_bind_int64 (a, 1, 20000);
  g_assert_cmpint (scan_rows (a, 1, G_MAXINT64, NULL), ==, 20000);
  bsn_stmt_reset (a);

  g_assert_true (bsn_db_begin_read (t->db, NULL, &error));
  g_assert_no_error (error);
  a = bsn_db_prepare_scan (t->db, SCAN_SQL, &error);
  bsn_stmt_bind_int64 (a, 1, 20000);
  b = bsn_db_prepare_scan (t->db, SCAN_SQL_B, &error);
  g_assert_no_error (error);
  bsn_stmt_bind_int64 (b, 1, 17001);
  /* Interleaved, 1 000 rows at a time, a point read between. */
  while (!done_a || !done_b)
    {
      gint64 n_a = done_a ? 0 : scan_rows (a, got_a + 1, 1000, &done_a);
      gint64 n_b = done_b ? 0 : scan_rows (b, got_b + 1, 1000, &done_b);

      g_assert_cmpint (n_a, >=, 0);
      g_assert_cmpint (n_b, >=, 0);
      got_a += n_a;
      got_b += n_b;
      g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM stores", -1), >=, 0);
    }
  g_assert_cmpint (got_a, ==, 20000);
  g_assert_cmpint (got_b, ==, 17001);
  bsn_stmt_reset (b);

  /* Left half-way, then read again from the start. */
  bsn_stmt_reset (a);
  bsn_stmt_bind_int64 (a, 1, 20000);
  g_assert_cmpint (scan_rows (a, 1, 9000, NULL), ==, 9000);
  bsn_stmt_reset (a);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM customers", -1), ==, 0);
  a = bsn_db_prepare_scan (t->db, SCAN_SQL, &error);
  bsn_stmt_bind_int64 (a, 1, 20000);
  g_assert_cmpint (scan_rows (a, 1, G_MAXINT64, NULL), ==, 20000);
  bsn_stmt_reset (a);

  /* A savepoint inside the read transaction. */
  g_assert_true (bsn_db_begin (t->db, FALSE, &error));
  a = bsn_db_prepare_scan (t->db, SCAN_SQL, &error);
  bsn_stmt_bind_int64 (a, 1, 12000);
  g_assert_cmpint (scan_rows (a, 1, 500, NULL), ==, 500);
  bsn_db_rollback (t->db);
  g_assert_cmpint (scan_rows (a, 501, G_MAXINT64, NULL), ==, 11500);
  bsn_stmt_reset (a);
  bsn_db_rollback (t->db);
  g_assert_false (bsn_db_in_transaction (t->db));

  /* The connection reads on. */
  bsn_test_add_customer (t->db, "C001", "Siti");
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM customers", -1), ==, 1);
}

/* A scan that fails part-way through fails: it does not end as if its
 * rows were all read (verify would then check only part of the book). On
 * PostgreSQL the server's error in a later chunk reaches the step that
 * needs it, with the server's words; the transaction is then failed and
 * rolled back, and the connection reads on. SQLite divides by zero into
 * NULL, so there the scan simply ends. */
static void
test_scan_fails (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  BsnStmt *stmt;
  gint64 rows = 0;
  BsnStep rc;

  g_assert_true (bsn_db_begin_read (t->db, NULL, &error));
  g_assert_no_error (error);
  stmt = bsn_db_prepare_scan (t->db,
                              "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
                              "SELECT i, 100 / (20000 - i) FROM n",
                              &error);
  g_assert_no_error (error);
  bsn_stmt_bind_int64 (stmt, 1, 30000);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    rows++;
  if (bsn_db_get_engine (t->db) == BSN_ENGINE_POSTGRESQL)
    {
      g_assert_cmpint (rc, ==, BSN_STEP_FAILED);
      g_assert_cmpint (rows, <, 20000);
      bsn_db_set_error (t->db, &error, "scan");
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "division by zero"));
      g_clear_error (&error);
    }
  else
    {
      g_assert_cmpint (rc, ==, BSN_DONE);
      g_assert_cmpint (rows, ==, 30000);
    }
  bsn_stmt_reset (stmt);
  bsn_db_rollback (t->db);
  g_assert_false (bsn_db_in_transaction (t->db));
  bsn_test_add_customer (t->db, "C001", "Siti");
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM customers", -1), ==, 1);
}

/* PostgreSQL sends the rows of a read of integers, booleans and text in
 * binary: each reads back as the text format gave it. */
static void
test_pg_binary_rows (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  BsnStmt *stmt;

  if (bsn_test_pg_uri () == NULL)
    {
      g_test_skip ("PostgreSQL only: SQLite has no wire format");
      return;
    }
  t = bsn_test_db_new ();
  stmt = bsn_db_prepare (t->db,
                         "SELECT CAST (-5 AS integer), CAST (-3 AS smallint), CAST (?1 AS bigint), true, false, "
                         "'teks ½', CAST (NULL AS bigint), 1 = 1",
                         NULL);
  g_assert_nonnull (stmt);
  bsn_stmt_bind_int64 (stmt, 1, G_MININT64);
  g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_ROW);
  g_assert_cmpint (bsn_stmt_column_int64 (stmt, 0), ==, -5);
  g_assert_cmpstr (bsn_stmt_column_text (stmt, 0), ==, "-5");
  g_assert_cmpint (bsn_stmt_column_int64 (stmt, 1), ==, -3);
  g_assert_cmpint (bsn_stmt_column_int64 (stmt, 2), ==, G_MININT64);
  g_assert_cmpstr (bsn_stmt_column_text (stmt, 2), ==, "-9223372036854775808");
  g_assert_cmpint (bsn_stmt_column_int64 (stmt, 3), ==, 1);
  g_assert_cmpstr (bsn_stmt_column_text (stmt, 3), ==, "t");
  g_assert_cmpint (bsn_stmt_column_int64 (stmt, 4), ==, 0);
  g_assert_cmpstr (bsn_stmt_column_text (stmt, 5), ==, "teks ½");
  g_assert_true (bsn_stmt_column_is_null (stmt, 6));
  g_assert_null (bsn_stmt_column_text (stmt, 6));
  g_assert_cmpint (bsn_stmt_column_int64 (stmt, 7), ==, 1);
  g_assert_cmpint (bsn_stmt_column_type (stmt, 0), ==, BSN_VALUE_INTEGER);
  g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_DONE);
  bsn_stmt_reset (stmt);
  g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_ROW);
  g_assert_cmpint (bsn_stmt_column_int64 (stmt, 2), ==, G_MININT64);
  bsn_stmt_reset (stmt);
}

static gboolean
insert_meta (BsnDb      *db,
             const char *key,
             const char *value,
             GError    **error)
{
  BsnStmt *stmt = bsn_db_prepare (db, "INSERT INTO meta (key, value) VALUES (?1, ?2)", error);

  if (stmt == NULL)
    return FALSE;
  bsn_stmt_bind_text (stmt, 1, key);
  bsn_stmt_bind_text (stmt, 2, value);
  return bsn_db_step_done (db, stmt, "test", error);
}

/* A batch's write refused by the database: on SQLite at once, as the
 * refusal of that write (the batch goes on); on PostgreSQL the write was
 * sent ahead in the pipeline and the refusal surfaces later, so it may
 * not be taken for the refusal of whatever is worked on then: the batch's
 * commit fails as a storage fault and nothing of the batch is kept, the
 * writes before the refused one included. */
static void
test_batch_deferred_error (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *first = NULL;
  g_autofree char *later = NULL;
  g_autofree char *after = NULL;
  gboolean refused_at_once;

  g_assert_true (insert_meta (t->db, "t-kept", "0", NULL));
  g_assert_true (bsn_db_begin_batch (t->db, NULL));
  g_assert_true (insert_meta (t->db, "t-first", "1", NULL));
  g_assert_true (bsn_db_begin (t->db, TRUE, NULL));
  refused_at_once = !insert_meta (t->db, "t-kept", "dup", &error);
  if (bsn_db_get_engine (t->db) == BSN_ENGINE_SQLITE)
    {
      g_assert_true (refused_at_once);
      g_assert_error (error, BSN_ERROR, BSN_ERROR_EXISTS);
      bsn_db_rollback (t->db);
      g_assert_true (insert_meta (t->db, "t-later", "2", NULL));
      g_assert_true (bsn_db_commit (t->db, NULL));
      first = bsn_db_get_meta (t->db, "t-first");
      later = bsn_db_get_meta (t->db, "t-later");
      g_assert_cmpstr (first, ==, "1");
      g_assert_cmpstr (later, ==, "2");
    }
  else
    {
      g_assert_false (refused_at_once);
      g_assert_no_error (error);
      g_assert_true (bsn_db_commit (t->db, NULL));
      /* Later writes may still be sent or be refused: either way the
       * batch's commit reports the storage fault. */
      insert_meta (t->db, "t-later", "2", NULL);
      g_assert_false (bsn_db_commit (t->db, &error));
      g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
      g_assert_false (bsn_db_in_transaction (t->db));
      first = bsn_db_get_meta (t->db, "t-first");
      later = bsn_db_get_meta (t->db, "t-later");
      g_assert_null (first);
      g_assert_null (later);
    }
  kept = bsn_db_get_meta (t->db, "t-kept");
  g_assert_cmpstr (kept, ==, "0");
  /* The connection works on. */
  g_assert_true (bsn_db_begin_batch (t->db, NULL));
  g_assert_true (insert_meta (t->db, "t-after", "3", NULL));
  g_assert_true (bsn_db_commit (t->db, NULL));
  after = bsn_db_get_meta (t->db, "t-after");
  g_assert_cmpstr (after, ==, "3");
}

static void
test_integrity_ok (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (bsn_db_check_integrity (t->db, TRUE, &error));
  g_assert_no_error (error);
}

/* The harness itself: under $BSN_TEST_PG a fresh location is an empty
 * schema of the test server that the URI makes the connection's
 * current_schema(), and the library creates its tables there. */
static void
test_pg_connect (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *schema = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) db = NULL;
  PGconn *conn;
  PGresult *res;

  if (bsn_test_pg_uri () == NULL)
    {
      g_test_skip ("PostgreSQL only: BSN_TEST_PG is not set (tests/pg/with-pg-server.sh sets it)");
      return;
    }
  dir = g_dir_make_tmp ("bsn-pg-XXXXXX", NULL);
  uri = bsn_test_location_new (dir, "unused.db", &schema);
  g_assert_true (bsn_db_location_is_server (uri));
  g_assert_nonnull (schema);

  conn = PQconnectdb (uri);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  res = PQexec (conn, "SELECT current_schema (), count (*) FROM pg_tables WHERE schemaname = current_schema ()");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  g_assert_cmpstr (PQgetvalue (res, 0, 0), ==, schema);
  g_assert_cmpstr (PQgetvalue (res, 0, 1), ==, "0");
  PQclear (res);

  db = bsn_db_open (uri, BSN_DB_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_cmpint (bsn_db_get_engine (db), ==, BSN_ENGINE_POSTGRESQL);
  g_assert_null (bsn_db_get_sqlite (db));

  /* The tables went into the test's schema, none into public. */
  res = PQexec (conn, "SELECT (SELECT count (*) FROM pg_tables WHERE schemaname = current_schema ()) > 0, "
                      "(SELECT count (*) FROM pg_tables WHERE schemaname = 'public')");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  g_assert_cmpstr (PQgetvalue (res, 0, 0), ==, "t");
  g_assert_cmpstr (PQgetvalue (res, 0, 1), ==, "0");
  PQclear (res);
  PQfinish (conn);
  g_rmdir (dir);
}

/* The library's dialect as the PostgreSQL engine sends it (runs on both:
 * it needs no server). */
static void
test_pg_translate (void)
{
  const struct { const char *in, *out, *table; int params; } cases[] = {
    { "SELECT a FROM t WHERE id = ?1", "SELECT a FROM t WHERE id = $1", NULL, 1 },
    { "UPDATE t SET a = ?2 WHERE b = '?2' AND c = ?1", "UPDATE t SET a = $2 WHERE b = '?2' AND c = $1", NULL, 2 },
    { "SELECT 'it''s ?3', ?10", "SELECT 'it''s ?3', $10", NULL, 10 },
    { "INSERT OR IGNORE INTO t (a) VALUES (?1)", "INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING", "t", 1 },
    { "INSERT INTO t (a, b) VALUES (?1, ?2)", "INSERT INTO t (a, b) VALUES ($1, $2)", "t", 2 },
    { "SELECT 1", "SELECT 1", NULL, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int params = -1;
      g_autofree char *table = NULL;
      g_autofree char *out = bsn_pg_translate (cases[i].in, &params, &table);

      g_assert_cmpstr (out, ==, cases[i].out);
      g_assert_cmpint (params, ==, cases[i].params);
      g_assert_cmpstr (table, ==, cases[i].table);
    }
}

/* Version 15 (logins the server enforces): a database at 11 with
 * customers, an opening balance and audit rows migrates with verify clean
 * before and after and every row kept. On PostgreSQL the step also makes
 * the audit actor default to the session user and refuses, at commit, a
 * posting whose legs do not sum to zero; SQLite's step is empty. */
static void
test_migrate_server_logins_step (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-mig-XXXXXX", NULL);
  g_autofree char *path = bsn_test_location_new (dir, "v11.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) old = bsn_db_open_at_version (path, 11, &error);
  g_autoptr(BsnDb) db = NULL;
  g_autoptr(BsnCustomer) c = bsn_customer_new ();
  gboolean duplicate = FALSE;

  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_get_user_version (old), ==, 11);
  c->code = g_strdup ("C001");
  c->name = g_strdup ("Siti");
  g_assert_true (bsn_customer_add (old, c, &error));
  g_assert_no_error (error);
  g_assert_true (bsn_ledger_post_opening (old, c->id, 30000, 1800000000, NULL, &duplicate, &error));
  g_assert_no_error (error);
  assert_verify_clean (old);
  g_clear_pointer (&old, bsn_db_unref);

  db = bsn_db_open (path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_get_user_version (db), ==, bsn_db_schema_version ());
  assert_verify_clean (db);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM customers", -1), ==, 1);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT balance_rp FROM accounts WHERE customer_id IS NOT NULL", -1), ==,
                   30000);
  if (bsn_db_get_engine (db) == BSN_ENGINE_POSTGRESQL)
    {
      g_assert_true (bsn_db_exec (db, "INSERT INTO audit (at, action) VALUES (0, 'test.default')", &error));
      g_assert_no_error (error);
      g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM audit WHERE action = 'test.default' "
                                             "AND \"user\" = session_user", -1), ==, 1);
      /* One leg of 100: refused when the transaction commits. */
      g_assert_true (bsn_db_begin (db, TRUE, &error));
      g_assert_true (bsn_db_exec (db, "INSERT INTO postings (id, idem_key, kind, at, amount_rp, created_at) "
                                      "VALUES (900, 'test:unbalanced', 'opening', 0, 100, 0);"
                                      "INSERT INTO legs (posting_id, account_id, amount_rp) VALUES (900, 2, 100)",
                                  &error));
      g_assert_no_error (error);
      g_assert_false (bsn_db_commit (db, &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "does not balance"));
      g_clear_error (&error);
      g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM postings WHERE id = 900", -1), ==, 0);
      assert_verify_clean (db);
    }
  g_clear_pointer (&db, bsn_db_unref);
  remove_db_files (dir, path);
}

/* Version 18 (what the counter's logins may write): a database at 17 with
 * a store under a reserve policy migrates with verify clean; afterwards
 * three warnings switch the store off and a top-up back on, on both
 * engines (the owner writes stores itself; a kasir's event switches its
 * store through the trigger, tests/cli/server-logins.py), and the book
 * stays clean. On
 * PostgreSQL the step turns on row-level security for postings, legs,
 * accounts and reserve events; SQLite's step is empty. */
static void
test_migrate_counter_fences_step (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-mig-XXXXXX", NULL);
  g_autofree char *path = bsn_test_location_new (dir, "v17.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) old = bsn_db_open_at_version (path, 17, &error);
  g_autoptr(BsnDb) db = NULL;
  BsnReservePolicy policy = { "customers", 10, 2, 0 };
  gint64 store;

  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_get_user_version (old), ==, 17);
  store = bsn_test_add_store (old, "TK01", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH);
  g_assert_true (bsn_reserve_set_policy (old, store, &policy, &error));
  g_assert_no_error (error);
  g_assert_true (bsn_reserve_deposit (old, store, 1000, 1800000000, NULL, &error));
  g_assert_no_error (error);
  assert_verify_clean (old);
  g_clear_pointer (&old, bsn_db_unref);

  db = bsn_db_open (path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_get_user_version (db), ==, bsn_db_schema_version ());
  assert_verify_clean (db);
  for (int day = 1; day <= 3; day++)
    {
      g_assert_true (bsn_reserve_check (db, store, 1800000000 + day * BSN_SECONDS_PER_DAY, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpint (bsn_db_query_int (db, "SELECT active FROM stores WHERE code = 'TK01'", -1), ==, 0);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM reserve_events WHERE kind = 'deactivated'", -1), ==, 1);
  g_assert_true (bsn_reserve_deposit (db, store, 100000, 1800000000 + 4 * BSN_SECONDS_PER_DAY, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT active FROM stores WHERE code = 'TK01'", -1), ==, 1);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM audit WHERE action = 'store.active'", -1), ==, 2);
  assert_verify_clean (db);
  if (bsn_db_get_engine (db) == BSN_ENGINE_POSTGRESQL)
    g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM pg_class WHERE relrowsecurity AND relname IN "
                                           "('postings', 'legs', 'accounts', 'reserve_events') "
                                           "AND relnamespace = current_schema ()::regnamespace", -1), ==, 4);
  g_clear_pointer (&db, bsn_db_unref);
  remove_db_files (dir, path);
}

/* Version 19 (the server moves cached balances): a database at 18 with a
 * customer's opening balance and a store's reserve deposit, both moved by
 * the library as that version did, migrates with verify clean and the
 * balances as they were; afterwards a new posting moves them exactly once
 * (on PostgreSQL by the trigger on legs, the library no longer writing
 * them; on SQLite by the library, the step being empty), and balances
 * read inside the transaction right after the legs, plain or batched,
 * are already moved. */
static void
test_migrate_server_balances_step (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-mig-XXXXXX", NULL);
  g_autofree char *path = bsn_test_location_new (dir, "v18.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) old = bsn_db_open_at_version (path, 18, &error);
  g_autoptr(BsnDb) db = NULL;
  g_autoptr(BsnCustomer) c = bsn_customer_new ();
  g_autoptr(BsnCustomer) d = bsn_customer_new ();
  gboolean duplicate = FALSE;
  gint64 store, balance = -1, status = -1;

  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_get_user_version (old), ==, 18);
  g_assert_false (bsn_db_server_moves_balances (old));
  c->code = g_strdup ("C001");
  c->name = g_strdup ("Siti");
  g_assert_true (bsn_customer_add (old, c, &error));
  g_assert_no_error (error);
  g_assert_true (bsn_ledger_post_opening (old, c->id, 30000, 1800000000, NULL, &duplicate, &error));
  g_assert_no_error (error);
  store = bsn_test_add_store (old, "TK01", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH);
  g_assert_true (bsn_reserve_deposit (old, store, 70000, 1800000000, NULL, &error));
  g_assert_no_error (error);
  assert_verify_clean (old);
  g_clear_pointer (&old, bsn_db_unref);

  db = bsn_db_open (path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_get_user_version (db), ==, bsn_db_schema_version ());
  g_assert_cmpint (bsn_db_server_moves_balances (db), ==, bsn_db_get_engine (db) == BSN_ENGINE_POSTGRESQL);
  assert_verify_clean (db);
  g_assert_true (bsn_ledger_customer_balance (db, c->id, &balance, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (balance, ==, 30000);
  g_assert_cmpint (status, ==, 30000);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT balance_rp FROM accounts WHERE kind = 'reserve'", -1), ==, 70000);

  /* A new posting, read back inside its transaction. */
  d->code = g_strdup ("C002");
  d->name = g_strdup ("Budi");
  g_assert_true (bsn_customer_add (db, d, &error));
  g_assert_no_error (error);
  g_assert_true (bsn_db_begin (db, TRUE, &error));
  g_assert_true (bsn_ledger_post_opening (db, d->id, 12000, 1800000100, NULL, &duplicate, &error));
  g_assert_no_error (error);
  g_assert_true (bsn_ledger_customer_balance (db, d->id, &balance, NULL, &error));
  g_assert_cmpint (balance, ==, 12000);
  g_assert_true (bsn_db_commit (db, &error));
  g_assert_no_error (error);
  /* In a batch (PostgreSQL holds the legs back and sends them together):
   * a read of accounts sees them. */
  g_assert_true (bsn_db_begin_batch (db, &error));
  g_assert_no_error (error);
  g_assert_true (bsn_reserve_deposit (db, store, 5000, 1800000200, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bsn_reserve_deposit (db, store, 2500, 1800000300, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT balance_rp FROM accounts WHERE kind = 'reserve'", -1), ==, 77500);
  g_assert_true (bsn_db_commit (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT balance_rp FROM accounts WHERE kind = 'reserve'", -1), ==, 77500);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT balance_rp FROM accounts WHERE kind = 'customer' "
                                         "AND customer_id = (SELECT id FROM customers WHERE code = 'C002')", -1), ==,
                   12000);
  assert_verify_clean (db);
  if (bsn_db_get_engine (db) == BSN_ENGINE_POSTGRESQL)
    g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                                           "WHERE t.tgname = 'legs_move_balances' AND c.relname = 'legs' "
                                           "AND c.relnamespace = current_schema ()::regnamespace", -1), ==, 1);
  g_clear_pointer (&db, bsn_db_unref);
  remove_db_files (dir, path);
}

/* The small book two migration tests start from: customer C001, store
 * TK01 (Plus, stopwatch) with Rp1.000.000 in its reserve at @t0, an award
 * of R-1 (Rp250.000, digit 5) at t0 + 60 and a voucher of Rp100 issued at
 * t0 + 120 and redeemed at TK01 at t0 + 180. Returns the store's id. */
static gint64
fill_small_book (BsnDb   *db,
                 BsnTime  t0,
                 gint64  *out_customer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnCustomer) c = bsn_customer_new ();
  g_autoptr(BsnVoucher) v = NULL;
  gint64 store;

  c->code = g_strdup ("C001");
  c->name = g_strdup ("Siti");
  g_assert_true (bsn_customer_add (db, c, &error));
  g_assert_no_error (error);
  store = bsn_test_add_store (db, "TK01", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH);
  g_assert_true (bsn_reserve_deposit (db, store, 1000000, t0, NULL, &error));
  g_assert_no_error (error);
  {
    BsnReceipt r = { "R-1", store, c->id, 250000, t0 + 60, 5, -1, NULL };
    g_autoptr(BsnAward) a = bsn_award_receipt (db, NULL, &r, &error);

    g_assert_no_error (error);
    g_assert_cmpint (a->value_rp, >, 100);
  }
  v = bsn_voucher_issue (db, c->id, 100, t0 + 120, 14, &error);
  g_assert_no_error (error);
  g_assert_true (bsn_voucher_redeem (db, v->code, store, t0 + 180, NULL, &error));
  g_assert_no_error (error);
  *out_customer = c->id;
  return store;
}

/* Version 20 (a counter posting stands on the row its work writes): a
 * database at 19 with an award, a voucher and its redemption migrates with
 * verify clean, and an award after it too. On PostgreSQL every posting the
 * library wrote, before the step and after, passes the server's check
 * (bsn_posting_backed, which the constraint trigger runs for every login
 * but the owner: tests/cli/server-logins.py), a forged award with no
 * receipt does not, and both triggers are there; SQLite's step is empty. */
static void
test_migrate_posting_backing_step (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-mig-XXXXXX", NULL);
  g_autofree char *path = bsn_test_location_new (dir, "v19.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) old = bsn_db_open_at_version (path, 19, &error);
  g_autoptr(BsnDb) db = NULL;
  const BsnTime t0 = G_GINT64_CONSTANT (1793502000);   /* 2026-11-01T03:00:00, as PG_T0 */
  gint64 store, customer;

  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_get_user_version (old), ==, 19);
  store = fill_small_book (old, t0, &customer);
  assert_verify_clean (old);
  g_clear_pointer (&old, bsn_db_unref);

  db = bsn_db_open (path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_get_user_version (db), ==, bsn_db_schema_version ());
  assert_verify_clean (db);
  {
    BsnReceipt r = { "R-2", store, customer, 300000, t0 + 240, 5, -1, NULL };
    g_autoptr(BsnAward) a = bsn_award_receipt (db, NULL, &r, &error);

    g_assert_no_error (error);
    g_assert_false (a->duplicate);
  }
  assert_verify_clean (db);
  if (bsn_db_get_engine (db) == BSN_ENGINE_POSTGRESQL)
    {
      g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM postings WHERE kind IN "
                                             "('award', 'voucher', 'redemption')", -1), ==, 4);
      g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM postings p "
                                             "WHERE bsn_posting_backed (p) IS NOT NULL", -1), ==, 0);
      g_assert_true (bsn_db_begin (db, TRUE, &error));
      g_assert_true (bsn_db_exec (db,
                                  "WITH p AS (INSERT INTO postings (idem_key, kind, at, store_id, customer_id, "
                                  "  amount_rp, created_at) VALUES ('receipt@1:FORGED', 'award', 0, 1, 1, 100, 0) "
                                  "  RETURNING id) "
                                  "INSERT INTO legs (posting_id, account_id, amount_rp, earned_rp) "
                                  "SELECT p.id, a.id, CASE a.kind WHEN 'customer' THEN 100 ELSE -100 END, "
                                  "       CASE a.kind WHEN 'customer' THEN 100 ELSE 0 END "
                                  "FROM p, accounts a WHERE a.kind IN ('customer', 'reserve')",
                                  &error));
      g_assert_no_error (error);
      g_assert_cmpint (bsn_db_query_int (db, "SELECT bsn_posting_backed (p) = 'no receipt claims it' "
                                             "FROM postings p WHERE idem_key = 'receipt@1:FORGED'", -1), ==, 1);
      bsn_db_rollback (db);
      g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                                             "WHERE (t.tgname, c.relname) IN (('postings_backed', 'postings'), "
                                             "                               ('legs_with_posting', 'legs')) "
                                             "AND c.relnamespace = current_schema ()::regnamespace", -1), ==, 2);
    }
  g_clear_pointer (&db, bsn_db_unref);
  remove_db_files (dir, path);
}

/* Version 21 (a receipt's value within the tables in force): a database
 * at 20 with the demo network (stopwatch, lelang waktu, siaga and capped
 * receipts) migrates with verify clean. On PostgreSQL every receipt the
 * library wrote passes the server's check (bsn_receipt_within_tables, run
 * at COMMIT for every login but the owner: tests/cli/server-logins.py),
 * and a receipt row with its value raised, its rate raised, a stopwatch
 * part priced by another digit or an earlier table does not; SQLite's
 * step is empty. */
static void
test_migrate_receipt_tables_step (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-mig-XXXXXX", NULL);
  g_autofree char *path = bsn_test_location_new (dir, "v20.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) old = bsn_db_open_at_version (path, 20, &error);
  g_autoptr(BsnDb) db = NULL;
  BsnDemoOptions options = { 7, 40, 10, G_GINT64_CONSTANT (1793502000) };   /* 2026-11-01T03:00:00 */
  static const struct { const char *change, *why; } forged[] = {
    { "UPDATE receipts SET value_rp = value_rp + 1",
      "its value is more than its parts give" },
    { "UPDATE receipt_parts SET rate_bp = 5000, value_rp = base_rp / 2",
      "rate 5000 bp is above the table in force" },
    { "UPDATE receipt_parts SET value_rp = value_rp + 1",
      "part is worth more than its base at its rate" },
    { "UPDATE receipt_parts SET key = (key + 1) % 10 WHERE scheme = 'stopwatch'",
      "its stopwatch part is not priced by its digit" },
    /* A Plus store's digit-0 receipt priced as a Pro store's (13 %). */
    { "UPDATE receipt_parts p SET rate_bp = 1300, value_rp = base_rp * 13 / 100 FROM receipts r, stores s "
      "WHERE r.id = p.receipt_id AND s.id = r.store_id AND p.scheme = 'stopwatch' AND r.digit = 0 "
      "AND s.band = 'low' AND s.tier = 3",
      "its stopwatch rate 1300 bp is above the table in force" },
    { "UPDATE receipt_parts p SET tier_version_id = (SELECT min (id) FROM tier_versions v WHERE v.scheme = p.scheme)",
      "part is not priced by the table in force at its time" },
  };

  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_get_user_version (old), ==, 20);
  g_assert_true (bsn_demo_fill (old, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  {
    /* A receipt cut to the day's budget: Plus, digit 5, 6 % of 250 000
     * = 15 000, cut to 1 000. */
    gint64 store = bsn_test_add_store (old, "TKCAP", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus",
                                       BSN_SCHEMES_STOPWATCH);
    gint64 c = bsn_test_add_customer (old, "CCAP", "Siti");
    BsnReceipt r = { "R-CAP", store, c, 250000, options.today - 3600, 5, -1, NULL };
    g_autoptr(BsnAward) a = NULL;

    g_assert_true (bsn_reserve_deposit (old, store, 1000000, options.today - 7200, NULL, &error));
    g_assert_true (bsn_day_plan_set_caps (old, store, bsn_time_day (r.at), -1, 1000, &error));
    g_assert_no_error (error);
    a = bsn_award_receipt (old, NULL, &r, &error);
    g_assert_no_error (error);
    g_assert_cmpint (a->value_rp, ==, 1000);
    g_assert_true (a->capped);
  }
  assert_verify_clean (old);
  g_clear_pointer (&old, bsn_db_unref);

  db = bsn_db_open (path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_get_user_version (db), ==, bsn_db_schema_version ());
  assert_verify_clean (db);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count(DISTINCT scheme) FROM receipt_parts", -1), ==, 3);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM receipts WHERE capped = 1", -1), >, 0);
  if (bsn_db_get_engine (db) == BSN_ENGINE_POSTGRESQL)
    {
      g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM receipts r "
                                             "WHERE bsn_receipt_within_tables (r) IS NOT NULL", -1), ==, 0);
      for (guint i = 0; i < G_N_ELEMENTS (forged); i++)
        {
          g_autofree char *sql = NULL;

          /* The owner may change rows; the forgery is rolled back. */
          g_assert_true (bsn_db_begin (db, TRUE, &error));
          g_assert_true (bsn_db_exec (db, "ALTER TABLE receipts DISABLE TRIGGER USER;"
                                          "ALTER TABLE receipt_parts DISABLE TRIGGER USER", &error));
          g_assert_no_error (error);
          g_assert_true (bsn_db_exec (db, forged[i].change, &error));
          g_assert_no_error (error);
          sql = g_strdup_printf ("SELECT count(*) FROM receipts r WHERE strpos (bsn_receipt_within_tables (r), '%s') > 0",
                                 forged[i].why);
          g_test_message ("%s", forged[i].change);
          g_assert_cmpint (bsn_db_query_int (db, sql, -1), >, 0);
          bsn_db_rollback (db);
        }
      g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                                             "WHERE t.tgname = 'receipts_within_tables' AND c.relname = 'receipts' "
                                             "AND c.relnamespace = current_schema ()::regnamespace", -1), ==, 1);
    }
  g_clear_pointer (&db, bsn_db_unref);
  remove_db_files (dir, path);
}

/* The outstanding reserve of TK01 at @end: the program report's figure
 * (store TK01, the day before @end to @end), checked against the sum
 * over the whole history that the report read before version 21. */
static gint64
outstanding_at (BsnDb   *db,
                BsnTime  end)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnReport) r = bsn_report_program (db, end - BSN_SECONDS_PER_DAY, end, "TK01", &error);
  const BsnReportSection *s;
  gint64 shown, history;
  BsnStmt *stmt;

  g_assert_no_error (error);
  s = bsn_report_section (r, BSN_SECTION_PROGRAM);
  g_assert_cmpuint (s->rows->len, ==, 1);
  shown = g_array_index ((GArray *) g_ptr_array_index (s->rows, 0), BsnCell, 6).num;
  stmt = bsn_db_prepare (db,
                         "SELECT coalesce((SELECT -sum(l.amount_rp) FROM legs l "
                         "JOIN postings p ON p.id = l.posting_id JOIN accounts a ON a.id = l.account_id "
                         "WHERE a.kind = 'reserve' AND p.kind IN ('award','bonus','reversal','expiry') "
                         "AND p.at < ?1), 0) "
                         "- coalesce((SELECT sum(f.amount_rp) FROM voucher_funding f "
                         "JOIN redemptions d ON d.voucher_id = f.voucher_id WHERE d.at < ?1), 0)",
                         &error);
  g_assert_no_error (error);
  bsn_stmt_bind_int64 (stmt, 1, end);
  g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_ROW);
  history = MAX (bsn_stmt_column_int64 (stmt, 0), 0);
  bsn_stmt_reset (stmt);
  g_assert_cmpint (shown, ==, history);
  return shown;
}

/* Version 22 (the program report reads the outstanding reserve from the
 * kept balance, issue 22): a database at 21 with a reserve deposit, an
 * award, a voucher redeemed and a withdrawal migrates with verify clean,
 * the report showing the same outstanding figure at every period end
 * before and after the step, each equal to the sum over the whole
 * history; an award after the step counts from its time on only; the
 * step's index is there on both engines. */
static void
test_migrate_reserve_moves_step (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-mig-XXXXXX", NULL);
  g_autofree char *path = bsn_test_location_new (dir, "v21.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) old = bsn_db_open_at_version (path, 21, &error);
  g_autoptr(BsnDb) db = NULL;
  const BsnTime t0 = G_GINT64_CONSTANT (1793502000);   /* 2026-11-01T03:00:00 */
  const BsnTime ends[] = { t0, t0 + 61, t0 + 121, t0 + 181, t0 + 300, t0 + 400 };
  gint64 before[G_N_ELEMENTS (ends)];
  gint64 store, customer;

  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_get_user_version (old), ==, 21);
  store = fill_small_book (old, t0, &customer);
  g_assert_true (bsn_reserve_withdraw (old, store, 5000, t0 + 200, NULL, &error));
  g_assert_no_error (error);
  assert_verify_clean (old);
  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    before[i] = outstanding_at (old, ends[i]);
  g_assert_cmpint (before[0], ==, 0);
  g_assert_cmpint (before[1], >, 100);
  g_assert_cmpint (before[3], ==, before[1] - 100);
  g_clear_pointer (&old, bsn_db_unref);

  db = bsn_db_open (path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_get_user_version (db), ==, bsn_db_schema_version ());
  assert_verify_clean (db);
  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    g_assert_cmpint (outstanding_at (db, ends[i]), ==, before[i]);
  {
    BsnReceipt r = { "R-2", store, customer, 300000, t0 + 350, 5, -1, NULL };
    g_autoptr(BsnAward) a = bsn_award_receipt (db, NULL, &r, &error);

    g_assert_no_error (error);
    g_assert_false (a->duplicate);
    g_assert_cmpint (outstanding_at (db, t0 + 300), ==, before[4]);
    g_assert_cmpint (outstanding_at (db, t0 + 400), >, before[5]);
  }
  assert_verify_clean (db);
  if (bsn_db_get_engine (db) == BSN_ENGINE_POSTGRESQL)
    g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM pg_indexes WHERE indexname = 'postings_reserve_moves' "
                                           "AND schemaname = current_schema ()", -1), ==, 1);
  else
    g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM sqlite_master "
                                           "WHERE type = 'index' AND name = 'postings_reserve_moves'", -1), ==, 1);
  g_clear_pointer (&db, bsn_db_unref);
  if (!bsn_db_location_is_server (path))
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
    }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/db/fresh-is-current-wal-fk", test_fresh_is_current);
  g_test_add_func ("/db/file-is-owner-only", test_owner_only_file);
  g_test_add_func ("/db/migrate/from-every-version", test_migrate_from_every_version);
  g_test_add_func ("/db/migrate/first-receipts", test_migrate_first_receipts);
  g_test_add_func ("/db/migrate/receipt-per-store", test_migrate_receipt_per_store);
  g_test_add_func ("/db/migrate/receipt-per-store-pg", test_migrate_receipt_per_store_pg);
  g_test_add_func ("/db/migrate/point-expiry", test_migrate_point_expiry);
  g_test_add_func ("/db/migrate/server-logins-step", test_migrate_server_logins_step);
  g_test_add_func ("/db/migrate/lot-capacity", test_migrate_lot_capacity);
  g_test_add_func ("/db/migrate/counter-fences-step", test_migrate_counter_fences_step);
  g_test_add_func ("/db/migrate/server-balances-step", test_migrate_server_balances_step);
  g_test_add_func ("/db/migrate/posting-backing-step", test_migrate_posting_backing_step);
  g_test_add_func ("/db/migrate/receipt-tables-step", test_migrate_receipt_tables_step);
  g_test_add_func ("/db/migrate/reserve-moves-step", test_migrate_reserve_moves_step);
  g_test_add_func ("/db/refuse/newer-schema-untouched", test_newer_schema_refused);
  g_test_add_func ("/db/refuse/foreign-sqlite-untouched", test_foreign_sqlite_refused);
  g_test_add_func ("/db/refuse/not-sqlite-untouched", test_not_sqlite_refused);
  g_test_add_func ("/db/refuse/missing-file", test_missing_file);
  g_test_add_func ("/db/transactions/nested", test_nested_transactions);
  g_test_add_func ("/db/transactions/read-snapshot", test_read_snapshot);
  g_test_add_func ("/db/pg/binary-rows", test_pg_binary_rows);
  g_test_add_func ("/db/transactions/scan", test_scan);
  g_test_add_func ("/db/transactions/scan-fails", test_scan_fails);
  g_test_add_func ("/db/transactions/batch-deferred-error", test_batch_deferred_error);
  g_test_add_func ("/db/integrity", test_integrity_ok);
  g_test_add_func ("/db/pg/connect", test_pg_connect);
  g_test_add_func ("/db/pg/translate", test_pg_translate);
  return g_test_run ();
}
