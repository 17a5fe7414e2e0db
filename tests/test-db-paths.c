/* test-db-paths.c — the storage layer's less travelled roads: the SQL
 * profile (BSN_SQL_PROFILE), and the book check and fingerprint of a file
 * from before the hash chain opened read-only. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bsn-chain.h"
#include "bsn-error.h"
#include "bsn-test-util.h"

/* With BSN_SQL_PROFILE set, a connection prints at its close how long
 * each statement took and how often it ran, the slowest first. */
static void
test_sql_profile (void)
{
  if (bsn_test_skip_on_pg ("SQLite only: the profile is SQLite's statement trace"))
    return;
  if (g_test_subprocess ())
    {
      g_autoptr(BsnTestDb) t = NULL;

      g_setenv ("BSN_SQL_PROFILE", "1", TRUE);
      t = bsn_test_db_new ();
      bsn_test_add_customer (t->db, "C1", "Siti");
      /* Slow enough to be among the 40 slowest listed. */
      for (int i = 0; i < 3; i++)
        g_assert_cmpint (bsn_db_query_int (t->db,
                                           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                                           "WHERE i < 300000) SELECT count(*) FROM n", -1), ==, 300000);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*bsn-sql-profile: * ms in * statements*");
  g_test_trap_assert_stderr ("* ms        3 runs * us  WITH RECURSIVE n(i)*");
}

/* Without the variable nothing is printed. */
static void
test_sql_profile_off (void)
{
  if (bsn_test_skip_on_pg ("SQLite only: the profile is SQLite's statement trace"))
    return;
  if (g_test_subprocess ())
    {
      g_autoptr(BsnTestDb) t = NULL;

      g_unsetenv ("BSN_SQL_PROFILE");
      t = bsn_test_db_new ();
      bsn_test_add_customer (t->db, "C1", "Siti");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr_unmatched ("*bsn-sql-profile*");
}

/* A file of schema 12 (before the chain) opened read-only is not
 * migrated: its book check passes with an empty chain, head 64 zeros. */
static void
test_prechain_file (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *zeros = g_strnfill (64, '0');
  g_autofree char *line = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) db = NULL;
  g_autoptr(BsnBookCheck) check = NULL;

  if (bsn_test_skip_on_pg ("SQLite only: a file left at schema 12"))
    return;
  dir = g_dir_make_tmp ("bsn-db-paths-XXXXXX", NULL);
  path = g_build_filename (dir, "lama.db", NULL);
  {
    g_autoptr(BsnDb) old = bsn_db_open_at_version (path, 12, &error);
    g_assert_no_error (error);
  }
  db = bsn_db_open (path, BSN_DB_OPEN_READONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_get_user_version (db), ==, 12);
  check = bsn_chain_check_book (db, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (check->ok);
  g_assert_cmpstr (check->head, ==, zeros);
  g_assert_cmpuint (check->entries, ==, 0);
  g_assert_cmpuint (check->problems->len, ==, 0);

  line = bsn_chain_fingerprint_of (db, &error);
  g_assert_no_error (error);
  expected = bsn_chain_fingerprint (zeros, 0);
  g_assert_cmpstr (line, ==, expected);
  bsn_book_check_free (NULL);

  g_clear_pointer (&db, bsn_db_unref);
  g_remove (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_remove (wal);
    g_remove (shm);
  }
  g_rmdir (dir);
}

/* A malformed witness is refused before anything is read. */
static void
test_bad_witness (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnBookCheck) check = bsn_chain_check_book (t->db, "bukan-sidik", &error);

  g_assert_null (check);
  g_assert_nonnull (error);
}

/* The statement API's column types, count and NULLs: the same answers on
 * both engines. */
static void
test_column_types (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  BsnStmt *stmt = bsn_db_prepare (t->db, "SELECT NULL, 42, 'empat puluh dua'", &error);

  g_assert_no_error (error);
  g_assert_nonnull (stmt);
  g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_ROW);
  g_assert_cmpint (bsn_stmt_column_count (stmt), ==, 3);
  g_assert_cmpint (bsn_stmt_column_type (stmt, 0), ==, BSN_VALUE_NULL);
  g_assert_cmpint (bsn_stmt_column_type (stmt, 1), ==, BSN_VALUE_INTEGER);
  g_assert_cmpint (bsn_stmt_column_type (stmt, 2), ==, BSN_VALUE_TEXT);
  g_assert_true (bsn_stmt_column_is_null (stmt, 0));
  g_assert_false (bsn_stmt_column_is_null (stmt, 1));
  g_assert_cmpint (bsn_stmt_column_int64 (stmt, 1), ==, 42);
  g_assert_cmpstr (bsn_stmt_column_text (stmt, 2), ==, "empat puluh dua");
  g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_DONE);
  bsn_stmt_reset (stmt);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/db/sql-profile/printed-at-close", test_sql_profile);
  g_test_add_func ("/db/sql-profile/off-by-default", test_sql_profile_off);
  g_test_add_func ("/db/chain/prechain-file-read-only", test_prechain_file);
  g_test_add_func ("/db/chain/malformed-witness", test_bad_witness);
  g_test_add_func ("/db/stmt/column-types", test_column_types);
  return g_test_run ();
}
