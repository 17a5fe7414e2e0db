/* test-restore.c — what restore decides about a backup's age and chain,
 * and where it restores to: a backup behind the live book is refused
 * without a reason and restored, audited with the reason, with one; a
 * backup behind only by the records of backups is no older; an entry
 * planted in a backup's audit is named and refused; a database in memory
 * is restored without a safety copy. SQLite only (restore copies a file;
 * on PostgreSQL it is refused, test-backup and test-auth). */
#include <sqlite3.h>
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-backup.h"
#include "bsn-chain.h"
#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-test-util.h"
#include "bsn-time.h"

#define RESTORE_SQLITE_ONLY "SQLite only: restore copies the database file (refused on PostgreSQL)"

static gint64
count (BsnDb      *db,
       const char *sql)
{
  return bsn_db_query_int (db, sql, -1);
}

/* A book with a customer's opening balance and a backup of it. */
static BsnTestDb *
book_with_backup (char **out_backup)
{
  BsnTestDb *t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  gint64 customer = bsn_test_add_customer (t->db, "C1", "Siti");

  g_assert_true (bsn_ledger_post_opening (t->db, customer, 50000, 0, NULL, NULL, NULL));
  *out_backup = g_build_filename (t->dir, "cadangan.db", NULL);
  g_assert_true (bsn_backup_to (t->db, *out_backup, &error));
  g_assert_no_error (error);
  return t;
}

/* The live book moves on after the backup: restoring it would throw a
 * customer away. Refused without a reason (both fingerprints named, the
 * live book untouched); with one, restored and the reason audited. */
static void
test_older_needs_reason (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *safety = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *after = NULL;
  g_autofree char *head = NULL;
  guint64 entries = 0;

  if (bsn_test_skip_on_pg (RESTORE_SQLITE_ONLY))
    return;
  t = book_with_backup (&backup);
  g_assert_true (bsn_backup_read_fingerprint (backup, &head, &entries, &error));
  g_assert_no_error (error);
  theirs = bsn_chain_fingerprint (head, entries);
  bsn_test_add_customer (t->db, "C2", "Budi");
  g_assert_cmpint (count (t->db, "SELECT count(*) FROM customers"), ==, 2);

  g_assert_false (bsn_backup_restore (t->db, backup, &safety, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "lebih lama dari buku yang sekarang"));
  g_assert_nonnull (strstr (error->message, theirs));
  g_assert_nonnull (strstr (error->message, "--older dan --reason"));
  g_assert_null (safety);
  g_clear_error (&error);
  /* An empty reason is no reason. */
  g_assert_false (bsn_backup_restore_older (t->db, backup, "", &safety, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_TAMPERED);
  g_clear_error (&error);
  g_assert_cmpint (count (t->db, "SELECT count(*) FROM customers"), ==, 2);
  g_assert_cmpint (count (t->db, "SELECT count(*) FROM audit WHERE action = 'restore'"), ==, 0);

  g_assert_true (bsn_backup_restore_older (t->db, backup, "buku salah ketik", &safety, &error));
  g_assert_no_error (error);
  g_assert_nonnull (safety);
  g_assert_true (g_file_test (safety, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (count (t->db, "SELECT count(*) FROM customers"), ==, 1);
  g_assert_cmpint (count (t->db, "SELECT count(*) FROM audit WHERE action = 'restore'"), ==, 1);
  {
    BsnStmt *stmt = bsn_db_prepare (t->db, "SELECT subject, after FROM audit WHERE action = 'restore'", &error);

    g_assert_no_error (error);
    g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_ROW);
    g_assert_cmpstr (bsn_stmt_column_text (stmt, 0), ==, backup);
    after = g_strdup (bsn_stmt_column_text (stmt, 1));
    bsn_stmt_reset (stmt);
  }
  g_assert_nonnull (strstr (after, "\"older\":\"yes\""));
  g_assert_nonnull (strstr (after, "\"reason\":\"buku salah ketik\""));
  g_assert_nonnull (strstr (after, head));
  /* The restored book, with its record, verifies. */
  {
    g_autoptr(BsnBookCheck) check = bsn_chain_check_book (t->db, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (check->ok);
    g_assert_cmpuint (check->entries, ==, entries + 1);
  }
}

/* Behind the live book only by the records of backups (making a backup
 * records one): not older, restored without a reason. */
static void
test_behind_by_backups_only (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *second = NULL;
  g_autofree char *safety = NULL;

  if (bsn_test_skip_on_pg (RESTORE_SQLITE_ONLY))
    return;
  t = book_with_backup (&backup);
  second = g_build_filename (t->dir, "cadangan-2.db", NULL);
  g_assert_true (bsn_backup_to (t->db, second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (t->db, "SELECT count(*) FROM audit WHERE action = 'backup'"), ==, 2);
  g_assert_true (bsn_backup_restore (t->db, backup, &safety, &error));
  g_assert_no_error (error);
  g_assert_nonnull (safety);
  /* The backup's book: one backup record (the second, and the safety
   * copy's, were after it), and the restore's own. */
  g_assert_cmpint (count (t->db, "SELECT count(*) FROM audit WHERE action = 'backup'"), ==, 0);
  g_assert_cmpint (count (t->db, "SELECT count(*) FROM audit WHERE action = 'restore'"), ==, 1);
  g_assert_cmpint (count (t->db, "SELECT count(*) FROM customers"), ==, 1);
}

/* An audit row inserted into the backup with sqlite3 (the chain knows
 * nothing of it): the restore names the problem and changes nothing. */
static void
test_planted_audit_refused (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *safety = NULL;
  g_autofree char *expected = NULL;
  sqlite3 *raw = NULL;
  gint64 audit_before;

  if (bsn_test_skip_on_pg (RESTORE_SQLITE_ONLY))
    return;
  t = book_with_backup (&backup);
  g_assert_cmpint (sqlite3_open (backup, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "INSERT INTO audit (at, user, action, subject) "
                                      "VALUES (1795300000, 'siapa', 'user.role', 'kiki')", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (raw);
  audit_before = count (t->db, "SELECT count(*) FROM audit");

  g_assert_false (bsn_backup_restore (t->db, backup, &safety, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_TAMPERED);
  expected = g_strdup_printf ("Cadangan “%s” tidak dipulihkan: isinya tidak seperti yang ditulis BSN Loyalty (",
                              backup);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_assert_nonnull (strstr (error->message, "Basis data yang sekarang tidak diubah."));
  g_assert_null (safety);
  g_assert_cmpint (count (t->db, "SELECT count(*) FROM audit"), ==, audit_before);
  g_assert_cmpint (count (t->db, "SELECT count(*) FROM audit WHERE action = 'restore'"), ==, 0);
}

/* A database in memory has no file to keep a safety copy beside: the
 * backup is restored into it all the same, with its record. */
static void
test_restore_into_memory (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(BsnDb) mem = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *safety = NULL;

  if (bsn_test_skip_on_pg (RESTORE_SQLITE_ONLY))
    return;
  t = book_with_backup (&backup);
  mem = bsn_db_open (":memory:", BSN_DB_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (mem, "SELECT count(*) FROM customers"), ==, 0);
  g_assert_true (bsn_backup_restore (mem, backup, &safety, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (mem, "SELECT count(*) FROM customers"), ==, 1);
  g_assert_cmpint (count (mem, "SELECT count(*) FROM audit WHERE action = 'restore'"), ==, 1);
  g_assert_cmpint (count (mem, "SELECT sum(balance_rp) FROM accounts WHERE kind = 'customer'"),
                   ==, 50000);
}

/* The daily backup: today's made once, the newest @keep kept (at least
 * one), files of other names left alone. Dates relative to today. */
static void
test_daily_keeps_newest (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *today = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *made = NULL;
  g_autofree char *again = NULL;
  const char *old[] = { "bsn-loyalty-2000-01-01.db", "bsn-loyalty-2000-01-02.db", "bsn-loyalty-2000-01-03.db",
                        "catatan.txt" };

  if (bsn_test_skip_on_pg (RESTORE_SQLITE_ONLY))
    return;
  /* "Today" must stay one day from here to the second call. */
  bsn_test_wait_past_midnight (10);
  today = bsn_time_format_date_iso (bsn_time_now ());
  t = bsn_test_db_new ();
  dir = g_build_filename (t->dir, "harian", "dalam", NULL);
  /* The folder is made when missing. */
  g_assert_true (bsn_backup_daily (t->db, dir, 2, &made, &error));
  g_assert_no_error (error);
  expected = g_strdup_printf ("%s/bsn-loyalty-%s.db", dir, today);
  g_assert_cmpstr (made, ==, expected);
  for (guint i = 0; i < G_N_ELEMENTS (old); i++)
    {
      g_autofree char *p = g_build_filename (dir, old[i], NULL);

      g_assert_true (g_file_set_contents (p, "lama", -1, NULL));
    }
  /* Today's exists: nothing made; the newest two kept. */
  g_assert_true (bsn_backup_daily (t->db, dir, 2, &again, &error));
  g_assert_no_error (error);
  g_assert_null (again);
  for (guint i = 0; i < G_N_ELEMENTS (old); i++)
    {
      g_autofree char *p = g_build_filename (dir, old[i], NULL);

      g_assert_cmpint (g_file_test (p, G_FILE_TEST_EXISTS), ==, i >= 2);
    }
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
  /* keep 0 keeps one: today's. */
  g_assert_true (bsn_backup_daily (t->db, dir, 0, NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *p = g_build_filename (dir, old[2], NULL);

    g_assert_false (g_file_test (p, G_FILE_TEST_EXISTS));
  }
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (count (t->db, "SELECT count(*) FROM audit WHERE action = 'backup'"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/restore/older/needs-a-reason", test_older_needs_reason);
  g_test_add_func ("/restore/older/behind-by-backups-only", test_behind_by_backups_only);
  g_test_add_func ("/restore/refuse/planted-audit", test_planted_audit_refused);
  g_test_add_func ("/restore/into-memory", test_restore_into_memory);
  g_test_add_func ("/restore/daily/keeps-newest", test_daily_keeps_newest);
  return g_test_run ();
}
