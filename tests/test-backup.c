/* test-backup.c — who may back up and restore, where a backup cannot be
 * written, and the backups restore refuses (bsn-backup.h); the attacks on
 * a backup's schema and chain are in test-chain.c. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bsn-auth.h"
#include "bsn-backup.h"
#include "bsn-chain.h"
#include "bsn-db-chain.h"
#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-test-util.h"

#define BACKUP_SQLITE_ONLY "SQLite only: backup and restore copy the database file (refused on PostgreSQL: test-auth)"

static void
test_roles (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;

  if (bsn_test_skip_on_pg (BACKUP_SQLITE_ONLY))
    return;
  t = bsn_test_db_new ();
  file = g_build_filename (t->dir, "cadangan.db", NULL);
  g_assert_true (bsn_auth_add_user (t->db, "sri", BSN_ROLE_PEMILIK, "rahasia-pemilik", NULL));
  g_assert_true (bsn_auth_add_user (t->db, "bagus", BSN_ROLE_PEMBUKUAN, "rahasia-pembukuan", NULL));
  g_assert_true (bsn_auth_add_user (t->db, "kiki", BSN_ROLE_KASIR, "rahasia-kasir", NULL));

  g_assert_true (bsn_auth_login (t->db, "kiki", "rahasia-kasir", NULL));
  g_assert_false (bsn_backup_to (t->db, file, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "kiki (Kasir) tidak berhak membuat cadangan basis data");
  g_clear_error (&error);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));

  /* The bookkeeper backs up; only the owner restores. */
  g_assert_true (bsn_auth_login (t->db, "bagus", "rahasia-pembukuan", NULL));
  g_assert_true (bsn_backup_to (t->db, file, &error));
  g_assert_no_error (error);
  g_assert_false (bsn_backup_restore (t->db, file, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "bagus (Pembukuan) tidak berhak memulihkan basis data");
  g_clear_error (&error);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM audit WHERE action = 'restore'", -1), ==, 0);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM audit WHERE action = 'backup'", -1), ==, 1);
}

/* A backup into a folder that is not there, and a daily backup whose
 * folder is a file, fail with an error and write nothing. */
static void
test_unwritable_places (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autofree char *nowhere = NULL;
  g_autofree char *blocker = NULL;
  g_autofree char *made = NULL;
  g_autoptr(GError) error = NULL;

  if (bsn_test_skip_on_pg (BACKUP_SQLITE_ONLY))
    return;
  t = bsn_test_db_new ();
  nowhere = g_build_filename (t->dir, "tidak-ada", "cadangan.db", NULL);
  blocker = g_build_filename (t->dir, "harian", NULL);
  g_assert_false (bsn_backup_to (t->db, nowhere, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));

  g_assert_true (g_file_set_contents (blocker, "bukan folder", -1, NULL));
  g_assert_false (bsn_backup_daily (t->db, blocker, 7, &made, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
  g_assert_nonnull (strstr (error->message, "tidak dapat dibuat"));
  g_assert_null (made);
  g_clear_error (&error);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM audit WHERE action = 'backup'", -1), ==, 0);
  g_unlink (blocker);
}

/* A backup's fingerprint is the book's at the moment it was taken. */
static void
test_fingerprint (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autofree char *file = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *live_head = NULL;
  g_autofree char *head = NULL;
  guint64 live_entries = 0, entries = 0;
  g_autoptr(GError) error = NULL;

  if (bsn_test_skip_on_pg (BACKUP_SQLITE_ONLY))
    return;
  t = bsn_test_db_new ();
  file = g_build_filename (t->dir, "cadangan.db", NULL);
  missing = g_build_filename (t->dir, "tidak-ada.db", NULL);
  bsn_test_add_customer (t->db, "C1", "Siti");
  g_assert_true (bsn_ledger_post_opening (t->db, 1, 25000, 0, NULL, NULL, NULL));
  g_assert_true (bsn_db_chain_head (t->db, &live_head, &live_entries, NULL));
  g_assert_cmpuint (live_entries, >, 1);
  g_assert_true (bsn_backup_to (t->db, file, NULL));
  g_assert_true (bsn_backup_read_fingerprint (file, &head, &entries, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (head, ==, live_head);
  g_assert_cmpuint (entries, ==, live_entries);
  /* The backup's own audit row is one more entry of the live book. */
  g_clear_pointer (&live_head, g_free);
  g_assert_true (bsn_db_chain_head (t->db, &live_head, &live_entries, NULL));
  g_assert_cmpuint (live_entries, ==, entries + 1);
  g_assert_cmpstr (live_head, !=, head);

  g_assert_false (bsn_backup_read_fingerprint (missing, &head, &entries, &error));
  g_assert_nonnull (error);
}

/* A backup from an older schema, and one whose balances were edited, are
 * refused and the live book stays as it was. */
static void
test_restore_refusals (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autofree char *old = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *safety = NULL;
  g_autoptr(GError) error = NULL;

  if (bsn_test_skip_on_pg (BACKUP_SQLITE_ONLY))
    return;
  t = bsn_test_db_new ();
  old = g_build_filename (t->dir, "skema-12.db", NULL);
  edited = g_build_filename (t->dir, "diedit.db", NULL);
  bsn_test_add_customer (t->db, "C1", "Siti");
  g_assert_true (bsn_ledger_post_opening (t->db, 1, 25000, 0, NULL, NULL, NULL));
  {
    g_autoptr(BsnDb) db12 = bsn_db_open_at_version (old, 12, &error);
    g_assert_no_error (error);
    g_assert_cmpint (bsn_db_get_user_version (db12), ==, 12);
  }
  g_assert_false (bsn_backup_restore (t->db, old, &safety, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_SCHEMA);
  g_assert_nonnull (strstr (error->message, "(skema 12)"));
  g_assert_null (safety);
  g_clear_error (&error);

  /* The balance edited in the copy, as sqlite3 would. */
  g_assert_true (bsn_backup_to (t->db, edited, NULL));
  g_assert_cmpint (bsn_test_raw_exec_at (edited, "UPDATE accounts SET balance_rp = balance_rp * 10"), ==, 0);
  g_assert_false (bsn_backup_restore (t->db, edited, &safety, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "Basis data yang sekarang tidak diubah."));
  g_assert_null (safety);
  g_clear_error (&error);

  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM audit WHERE action = 'restore'", -1), ==, 0);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT max(balance_rp) FROM accounts", -1), ==, 25000);
  {
    g_autoptr(BsnBookCheck) check = bsn_chain_check_book (t->db, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (check->ok);
  }
}

/* The safety copy of the live book cannot be written (a folder is in its
 * way): nothing is restored and the live book is as it was. */
static void
test_restore_without_safety_copy (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autofree char *file = NULL;
  g_autofree char *safety = NULL;
  g_autoptr(GPtrArray) blockers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  if (bsn_test_skip_on_pg (BACKUP_SQLITE_ONLY))
    return;
  t = bsn_test_db_new ();
  file = g_build_filename (t->dir, "cadangan.db", NULL);
  bsn_test_add_customer (t->db, "C1", "Siti");
  g_assert_true (bsn_backup_to (t->db, file, NULL));
  bsn_test_add_customer (t->db, "C2", "Dewi");
  /* The safety copy's name has the time to the second: a folder in the
   * way for each of the next minute's. */
  for (int k = 0; k < 60; k++)
    {
      g_autofree char *iso = bsn_time_format_iso (bsn_time_now () + k);
      char *name = g_strdup_printf ("%s.sebelum-pulihkan-%.4s%.2s%.2s-%.2s%.2s%.2s.db", t->path, iso, iso + 5,
                                    iso + 8, iso + 11, iso + 14, iso + 17);
      g_assert_cmpint (g_mkdir (name, 0700), ==, 0);
      g_ptr_array_add (blockers, name);
    }
  g_assert_false (bsn_backup_restore_older (t->db, file, "uji: salinan pengaman terhalang", &safety, &error));
  g_assert_nonnull (error);
  g_assert_null (safety);
  g_assert_cmpint (bsn_customer_count (t->db), ==, 2);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM audit WHERE action = 'restore'", -1), ==, 0);
  for (guint i = 0; i < blockers->len; i++)
    g_rmdir (blockers->pdata[i]);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/backup/roles", test_roles);
  g_test_add_func ("/backup/unwritable-places", test_unwritable_places);
  g_test_add_func ("/backup/fingerprint-of-the-moment", test_fingerprint);
  g_test_add_func ("/backup/restore/older-schema-and-edited-balances", test_restore_refusals);
  g_test_add_func ("/backup/restore/no-safety-copy-no-restore", test_restore_without_safety_copy);
  return g_test_run ();
}
