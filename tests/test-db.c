/* test-db.c — connections, migrations and refusals of foreign files. */
#include <sqlite3.h>
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bsn-db-schema.h"
#include "bsn-error.h"
#include "bsn-test-util.h"

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
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  GStatBuf st;

  g_assert_cmpint (g_stat (t->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

/* Every older version migrates to the current one, keeping its data. */
static void
test_migrate_from_every_version (void)
{
  for (int from = 0; from < bsn_db_schema_version (); from++)
    {
      g_autofree char *dir = g_dir_make_tmp ("bsn-mig-XXXXXX", NULL);
      g_autofree char *path = g_build_filename (dir, "old.db", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(BsnDb) old = bsn_db_open_at_version (path, from, &error);
      g_autoptr(BsnDb) db = NULL;

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
  g_autofree char *dir = g_dir_make_tmp ("bsn-mig-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "v9.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) old = bsn_db_open_at_version (path, 9, &error);
  g_autoptr(BsnDb) db = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (bsn_test_raw_exec (old,
                                      "PRAGMA foreign_keys = OFF;"
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

static void
test_newer_schema_refused (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) again = NULL;
  g_autofree char *before = NULL, *after = NULL;
  g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %d", bsn_db_schema_version () + 1);

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
  g_autofree char *dir = g_dir_make_tmp ("bsn-foreign-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "other.sqlite", NULL);
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) db = NULL;
  sqlite3 *raw = NULL;

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
  g_autofree char *dir = g_dir_make_tmp ("bsn-junk-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "junk.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) db = NULL;
  g_autofree char *data = NULL;
  const char junk[] = "Ini laporan bulanan, bukan basis data. Lorem ipsum dolor sit amet, consectetur.";

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
  g_autoptr(BsnDb) db = bsn_db_open ("/nonexistent/dir/x.db", BSN_DB_OPEN_DEFAULT, &error);

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

static void
test_integrity_ok (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (bsn_db_check_integrity (t->db, TRUE, &error));
  g_assert_no_error (error);
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
  g_test_add_func ("/db/refuse/newer-schema-untouched", test_newer_schema_refused);
  g_test_add_func ("/db/refuse/foreign-sqlite-untouched", test_foreign_sqlite_refused);
  g_test_add_func ("/db/refuse/not-sqlite-untouched", test_not_sqlite_refused);
  g_test_add_func ("/db/refuse/missing-file", test_missing_file);
  g_test_add_func ("/db/transactions/nested", test_nested_transactions);
  g_test_add_func ("/db/integrity", test_integrity_ok);
  return g_test_run ();
}
