/* test-sql-faults.c — verify, the book check, backup and restore, and
 * signing in, with each statement they prepare and each step they take
 * failing in turn (SQLite).
 *
 * The fault VFS (bsn-test-util.h) fails file operations; what it cannot
 * reach is a prepare failing while the schema is cached, a step refused
 * in the middle of a scan, or SQLite's backup API and libsodium failing.
 * This program stands in front of those functions (its own definitions
 * are the ones the library's calls bind to; each passes on to the real
 * one, found with dlsym (RTLD_NEXT)) and makes the k-th call fail, for
 * k = 0, 1, 2 … until the operation runs through without a fault. Each
 * time the operation either succeeds with the right answer or fails with
 * an error of its own, never a false finding, and the file is as it was.
 * A failed prepare is a real one (SQLite refuses an unknown function, so
 * the connection's error is set as for any other); a failed step is a
 * real interrupt (sqlite3_interrupt just before it). */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bsn-auth.h"
#include "bsn-award.h"
#include "bsn-backup.h"
#include "bsn-chain.h"
#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-test-util.h"
#include "bsn-voucher.h"

#include "bsn-sql-faults.h"

/* ---- A small book: receipts, a voucher, a reversal, audit rows ---- */

static BsnTestDb *
book_new (void)
{
  BsnTestDb *t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  gint64 store = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH);
  gint64 customer = bsn_test_add_customer (t->db, "C1", "Siti");
  gint64 other = bsn_test_add_customer (t->db, "C2", "Budi");
  g_autoptr(BsnVoucher) v = NULL;

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *number = g_strdup_printf ("F-%04u", i);
      BsnReceipt r = { number, store, i % 2 ? other : customer, 250000 + 10000 * i, 1795300934 + 60 * i, 5, -1 };
      g_autoptr(BsnAward) a = bsn_award_receipt (t->db, NULL, &r, &error);

      g_assert_no_error (error);
      g_assert_nonnull (a);
    }
  v = bsn_voucher_issue (t->db, customer, 1000, 1795302000, 30, &error);
  g_assert_no_error (error);
  g_assert_nonnull (v);
  return t;
}

/* ---- Operations ---- */

/* The ledger's check: a report that names nothing (a fault is an error,
 * never a finding), or an error. */
static gboolean
op_verify (BsnDb   *db,
           gpointer data,
           GError **error)
{
  g_autoptr(BsnVerifyReport) r = bsn_ledger_verify (db, error);

  if (r == NULL)
    return FALSE;
  for (guint i = 0; i < r->problems->len; i++)
    g_test_message ("problem: %s", (char *) g_ptr_array_index (r->problems, i));
  g_assert_true (r->ok);
  g_assert_cmpuint (r->postings, ==, 7);
  return TRUE;
}

static gboolean
op_book (BsnDb   *db,
         gpointer data,
         GError **error)
{
  g_autoptr(BsnBookCheck) check = bsn_chain_check_book (db, data, error);

  if (check == NULL)
    return FALSE;
  for (guint i = 0; i < check->problems->len; i++)
    g_test_message ("book problem: %s", (char *) g_ptr_array_index (check->problems, i));
  g_assert_true (check->ok);
  g_assert_true (check->ledger->ok);
  if (data != NULL)
    g_assert_true (check->witness_ok);
  return TRUE;
}

static gboolean
op_backup (BsnDb   *db,
           gpointer data,
           GError **error)
{
  const char *path = data;
  g_autoptr(BsnDb) copy = NULL;
  g_autoptr(BsnVerifyReport) r = NULL;

  gboolean ok = bsn_backup_to (db, path, error);
  gint kind = pause_faults ();

  /* Nothing half-written where the backup goes: a backup that failed
   * only at its audit record (after the copy was in place) is whole. */
  if (!ok && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      resume_faults (kind);
      return FALSE;
    }
  if (!ok)
    g_test_message ("failed with the copy in place: %s", (*error)->message);
  {
    g_autoptr(GError) open_error = NULL;

    copy = bsn_db_open (path, BSN_DB_OPEN_READONLY, &open_error);
    g_assert_no_error (open_error);
  }
  r = bsn_ledger_verify (copy, NULL);
  g_assert_nonnull (r);
  g_assert_true (r->ok);
  g_assert_cmpuint (r->postings, ==, 7);
  g_clear_pointer (&copy, bsn_db_unref);
  g_assert_cmpint (g_unlink (path), ==, 0);
  resume_faults (kind);
  return ok;
}

static gboolean
op_restore (BsnDb   *db,
            gpointer data,
            GError **error)
{
  g_autofree char *safety = NULL;

  if (!bsn_backup_restore (db, data, &safety, error))
    return FALSE;
  if (safety != NULL)
    g_unlink (safety);
  return TRUE;
}

static gboolean
op_login (BsnDb   *db,
          gpointer data,
          GError **error)
{
  return bsn_auth_login (db, "sri", "rahasia-sekali", error);
}

static gboolean
op_login_unknown (BsnDb   *db,
                  gpointer data,
                  GError **error)
{
  g_autoptr(GError) refused = NULL;

  /* A name nobody has is refused as a wrong password, or the fault is
   * the error. */
  if (bsn_auth_login (db, "tidak-ada", "rahasia-sekali", &refused))
    g_assert_not_reached ();
  if (g_error_matches (refused, BSN_ERROR, BSN_ERROR_REFUSED))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&refused));
  return FALSE;
}

/* The owner changes a kasir's role and status and back; each change is
 * whole or not made. */
static gboolean
op_user_changes (BsnDb   *db,
                 gpointer data,
                 GError **error)
{
  gint kind = pause_faults ();

  g_assert_true (bsn_auth_login (db, "sri", "rahasia-sekali", NULL));
  resume_faults (kind);
  return bsn_auth_set_role (db, "kiki", BSN_ROLE_MANAJER, error) && bsn_auth_set_active (db, "kiki", FALSE, error)
         && bsn_auth_set_active (db, "kiki", TRUE, error) && bsn_auth_set_role (db, "kiki", BSN_ROLE_KASIR, error);
}

/* A new receipt awarded: its receipt, posting, legs and chain entries
 * all there, or none of them. */
static gboolean
op_award (BsnDb   *db,
          gpointer data,
          GError **error)
{
  gint kind = pause_faults ();
  gint64 store = bsn_db_query_int (db, "SELECT id FROM stores WHERE code = 'TK'", -1);
  gint64 customer = bsn_db_query_int (db, "SELECT id FROM customers WHERE code = 'C1'", -1);
  static guint next;
  g_autofree char *number = g_strdup_printf ("G-%04u", next++);
  BsnReceipt r = { number, store, customer, 275000, 1795309934, 7, -1 };
  g_autoptr(BsnAward) a = NULL;

  resume_faults (kind);
  a = bsn_award_receipt (db, NULL, &r, error);
  return a != NULL;
}

static gboolean
op_fingerprint (BsnDb   *db,
                gpointer data,
                GError **error)
{
  g_autofree char *line = bsn_chain_fingerprint_of (db, error);

  if (line == NULL)
    return FALSE;
  g_assert_cmpstr (line, ==, data);
  return TRUE;
}

/* The owner adds a user, whole or not at all (the same name each time:
 * a run that succeeded under a fault leaves it, and the next is refused
 * as taken, an error of its own). */
static gboolean
op_add_user (BsnDb   *db,
             gpointer data,
             GError **error)
{
  gint kind = pause_faults ();
  g_autoptr(GError) local = NULL;
  gboolean ok;

  g_assert_true (bsn_auth_login (db, "sri", "rahasia-sekali", NULL));
  resume_faults (kind);
  ok = bsn_auth_add_user (db, "dewi", BSN_ROLE_PEMBUKUAN, "rahasia-dewi", &local);
  if (ok || g_error_matches (local, BSN_ERROR, BSN_ERROR_EXISTS))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

/* ---- Tests ---- */

static void
test_verify_prepares (void)
{
  g_autoptr(BsnTestDb) t = NULL;

  if (bsn_test_skip_on_pg ("SQLite's own functions stand in for the faults"))
    return;
  t = book_new ();
  fail_each (t, FAULT_PREPARE, op_verify, NULL, READ_ONLY);
  fail_each (t, FAULT_STEP, op_verify, NULL, READ_ONLY);
}

static void
test_book_prepares (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(BsnBookCheck) now = NULL;
  g_autofree char *witness = NULL;

  if (bsn_test_skip_on_pg ("SQLite's own functions stand in for the faults"))
    return;
  t = book_new ();
  now = bsn_chain_check_book (t->db, NULL, NULL);
  g_assert_nonnull (now);
  witness = g_strdup_printf ("%s@%" G_GUINT64_FORMAT, now->head, now->entries);
  fail_each (t, FAULT_PREPARE, op_book, NULL, READ_ONLY);
  fail_each (t, FAULT_STEP, op_book, NULL, READ_ONLY);
  fail_each (t, FAULT_PREPARE, op_book, witness, READ_ONLY);
  {
    g_autofree char *line = bsn_chain_fingerprint (now->head, now->entries);

    fail_each (t, FAULT_PREPARE, op_fingerprint, line, READ_ONLY);
  }
}

static gboolean
op_old_book (BsnDb   *db,
             gpointer data,
             GError **error)
{
  g_autoptr(BsnBookCheck) check = bsn_chain_check_book (db, NULL, error);
  g_autofree char *line = NULL;
  g_autofree char *zeros = g_strnfill (64, '0');

  if (check == NULL)
    return FALSE;
  g_assert_true (check->ok);
  g_assert_cmpstr (check->head, ==, zeros);
  if ((line = bsn_chain_fingerprint_of (db, error)) == NULL)
    return FALSE;
  g_assert_true (g_str_has_prefix (line, "Sidik buku: 0000"));
  return TRUE;
}

/* A file of schema 12, before the chain, opened read-only: its ledger and
 * schema checked, the faults errors. */
static void
test_old_book (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;

  if (bsn_test_skip_on_pg ("SQLite only: a file left at schema 12"))
    return;
  t = bsn_test_db_new ();
  g_clear_pointer (&t->db, bsn_db_unref);
  g_assert_cmpint (g_unlink (t->path), ==, 0);
  {
    g_autoptr(BsnDb) old = bsn_db_open_at_version (t->path, 12, &error);

    g_assert_no_error (error);
  }
  readonly = TRUE;
  fail_each (t, FAULT_PREPARE, op_old_book, NULL, READ_ONLY);
  fail_each (t, FAULT_STEP, op_old_book, NULL, READ_ONLY);
  readonly = FALSE;
}

static void
test_award_faults (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;

  if (bsn_test_skip_on_pg ("SQLite's own functions stand in for the faults"))
    return;
  t = book_new ();
  fail_each (t, FAULT_PREPARE, op_award, NULL, ATOMIC);
  g_clear_pointer (&t, bsn_test_db_free);
  t = book_new ();
  fail_each (t, FAULT_STEP, op_award, NULL, ATOMIC);
  {
    g_autoptr(BsnBookCheck) check = bsn_chain_check_book (t->db, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (check->ok);
    g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM receipts WHERE receipt LIKE 'G-%'", -1), >=, 1);
  }
}

static void
test_backup_faults (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autofree char *path = NULL;

  if (bsn_test_skip_on_pg ("a PostgreSQL server keeps its own backups"))
    return;
  t = book_new ();
  path = g_build_filename (t->dir, "cadangan.db", NULL);
  fail_each (t, FAULT_BACKUP_INIT, op_backup, path, CHANGES);
  fail_each (t, FAULT_BACKUP_STEP, op_backup, path, CHANGES);
  fail_each (t, FAULT_BACKUP_BUSY, op_backup, path, CHANGES);
  fail_each (t, FAULT_PREPARE, op_backup, path, CHANGES);
  fail_each (t, FAULT_OPEN, op_backup, path, CHANGES);
}

static void
test_restore_faults (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (bsn_test_skip_on_pg ("a PostgreSQL server keeps its own backups"))
    return;
  t = book_new ();
  path = g_build_filename (t->dir, "cadangan.db", NULL);
  g_assert_true (bsn_backup_to (t->db, path, &error));
  g_assert_no_error (error);
  fail_each (t, FAULT_PREPARE, op_restore, path, CHANGES);
  fail_each (t, FAULT_STEP, op_restore, path, CHANGES);
  fail_each (t, FAULT_BACKUP_STEP, op_restore, path, CHANGES);
  fail_each (t, FAULT_OPEN, op_restore, path, CHANGES);
  {
    g_autoptr(BsnVerifyReport) r = bsn_ledger_verify (t->db, &error);

    g_assert_no_error (error);
    g_assert_true (r->ok);
  }
}

static void
test_login_faults (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;

  if (bsn_test_skip_on_pg ("SQLite's and libsodium's functions stand in for the faults"))
    return;
  t = book_new ();
  g_assert_true (bsn_auth_add_user (t->db, "sri", BSN_ROLE_PEMILIK, "rahasia-sekali", &error));
  g_assert_no_error (error);
  fail_each (t, FAULT_PREPARE, op_login, NULL, CHANGES);
  fail_each (t, FAULT_STEP, op_login, NULL, CHANGES);
  fail_each (t, FAULT_PREPARE, op_login_unknown, NULL, CHANGES);
  fail_each (t, FAULT_SODIUM_INIT, op_login, NULL, CHANGES);

  g_assert_true (bsn_auth_login (t->db, "sri", "rahasia-sekali", &error));
  g_assert_true (bsn_auth_add_user (t->db, "kiki", BSN_ROLE_KASIR, "rahasia-juga", &error));
  g_assert_no_error (error);
  fail_each (t, FAULT_PREPARE, op_add_user, NULL, CHANGES);
  fail_each (t, FAULT_PREPARE, op_user_changes, NULL, CHANGES);
  fail_each (t, FAULT_STEP, op_user_changes, NULL, CHANGES);
  {
    g_autoptr(BsnBookCheck) check = bsn_chain_check_book (t->db, NULL, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < check->problems->len; i++)
      g_test_message ("book problem: %s", (char *) g_ptr_array_index (check->problems, i));
    g_assert_true (check->ok);
  }
}

/* libsodium not starting, or out of memory for the hash: the user is not
 * added, and the message says why. */
static void
test_password_hash_faults (void)
{
  g_autoptr(BsnTestDb) t = NULL;

  if (bsn_test_skip_on_pg ("the server keeps the passwords there"))
    return;
  t = bsn_test_db_new ();
  for (guint kind = FAULT_SODIUM_INIT; kind <= FAULT_PWHASH; kind++)
    {
      g_autoptr(GError) error = NULL;

      arm (kind, 0);
      g_assert_false (bsn_auth_add_user (t->db, "sri", BSN_ROLE_PEMILIK, "rahasia-sekali", &error));
      g_assert_true (disarm ());
      g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
      g_assert_cmpstr (error->message, ==,
                       kind == FAULT_SODIUM_INIT ? "Pustaka kriptografi tidak dapat dipakai"
                                                 : "Kata sandi tidak dapat diamankan (memori kurang)");
      g_assert_false (bsn_auth_has_users (t->db));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);
  g_test_add_func ("/sql-faults/verify", test_verify_prepares);
  g_test_add_func ("/sql-faults/book", test_book_prepares);
  g_test_add_func ("/sql-faults/old-book", test_old_book);
  g_test_add_func ("/sql-faults/award", test_award_faults);
  g_test_add_func ("/sql-faults/backup", test_backup_faults);
  g_test_add_func ("/sql-faults/restore", test_restore_faults);
  g_test_add_func ("/sql-faults/login", test_login_faults);
  g_test_add_func ("/sql-faults/password-hash", test_password_hash_faults);
  return g_test_run ();
}
