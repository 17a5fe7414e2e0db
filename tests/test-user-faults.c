/* test-user-faults.c — storage faults inside the changes of users and
 * inside restore and verify: every write, sync, read and lock of each
 * operation fails in turn (bsn_test_fault_every(), the fault VFS of
 * tests/bsn-test-util.c), writes with SQLITE_FULL or SQLITE_IOERR (one
 * kind per operation: test-faults tries both on the ledger's writes), reads
 * and locks with SQLITE_IOERR.
 * Each time the operation either completes (and the ledger and the file
 * verify) or fails with a message and leaves every row of every table as
 * it was. Then the operation runs without a fault and its result is
 * checked value by value. */
#include <sqlite3.h>
#include "config.h"

#include <string.h>

#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-backup.h"
#include "bsn-chain.h"
#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-test-util.h"

/* The faults are injected below SQLite (its VFS): a PostgreSQL server's
 * disk is the server's to fail. */
#define FAULTS_SQLITE_ONLY "SQLite only: disk faults injected through an SQLite VFS"

/* A database with an owner (sri) and a kasir (kiki), a store, a customer
 * and an opening balance: something for a restore to bring back. */
static BsnTestDb *
users_db_new (void)
{
  BsnTestDb *t = bsn_test_db_new ();
  gint64 customer;

  g_assert_true (bsn_auth_add_user (t->db, "sri", BSN_ROLE_PEMILIK, "rahasia-pemilik", NULL));
  g_assert_true (bsn_auth_add_user (t->db, "kiki", BSN_ROLE_KASIR, "rahasia-kasir", NULL));
  bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH);
  customer = bsn_test_add_customer (t->db, "C1", "Siti");
  g_assert_true (bsn_ledger_post_opening (t->db, customer, 50000, 0, NULL, NULL, NULL));
  return t;
}

/* Every operation runs as the owner; signing in would hash a password
 * each time (the sign-in has tests of its own). */
static void
as_owner (BsnDb *db)
{
  bsn_db_set_actor (db, "sri", BSN_ROLE_PEMILIK);
}

static gboolean
op_add_user (BsnDb *db, gpointer data, GError **error)
{
  as_owner (db);
  return bsn_auth_add_user (db, "dewi", BSN_ROLE_PEMBUKUAN, "rahasia-dewi", error);
}

static gboolean
op_set_role (BsnDb *db, gpointer data, GError **error)
{
  as_owner (db);
  return bsn_auth_set_role (db, "kiki", BSN_ROLE_MANAJER, error);
}

static gboolean
op_disable (BsnDb *db, gpointer data, GError **error)
{
  as_owner (db);
  return bsn_auth_set_active (db, "kiki", FALSE, error);
}

static gboolean
op_set_password (BsnDb *db, gpointer data, GError **error)
{
  as_owner (db);
  return bsn_auth_set_password (db, "kiki", "sandi-baru-kiki", error);
}

typedef struct
{
  const char *backup;
  char       *rows_before;    /* every table's rows but the audit's and chain's */
  gint64      audit_before;
} Restore;

static gboolean
op_restore (BsnDb *db, gpointer data, GError **error)
{
  Restore *r = data;
  g_autofree char *safety = NULL;

  as_owner (db);
  /* The backup is older than the live book: on purpose, with a reason. */
  return bsn_backup_restore_older (db, r->backup, "uji gangguan disk", &safety, error);
}

static const char *const history_tables[] = { "audit", "chain", "meta", NULL };

/* The book check (verify) reads only: a fault makes it answer with an
 * error, never with a verdict on a book it could not read. (It once gave
 * "-1 posting tercatat tetapi hanya 1 yang punya kaki" when the count of
 * postings could not be read.) A false "ok" cannot be told from a true
 * one here: only false problems are counted. */
static guint false_verdicts;

static gboolean
op_verify (BsnDb *db, gpointer data, GError **error)
{
  g_autoptr(BsnBookCheck) check = bsn_chain_check_book (db, data, error);

  if (check == NULL)
    return FALSE;
  if (!check->ok || !check->witness_ok)
    {
      for (guint i = 0; i < check->problems->len; i++)
        g_test_message ("false problem: %s", (char *) g_ptr_array_index (check->problems, i));
      for (guint i = 0; i < check->ledger->problems->len; i++)
        g_test_message ("false ledger problem: %s", (char *) g_ptr_array_index (check->ledger->problems, i));
      false_verdicts++;
      g_set_error (error, BSN_ERROR, BSN_ERROR_IO, "a verdict on a book not read");
      return FALSE;
    }
  g_assert_cmpuint (check->entries, >, 3);
  return TRUE;
}

/* The one row of users named @name: "role/active", or NULL. */
static char *
user_row (const char *path,
          const char *name)
{
  sqlite3 *raw = NULL;
  sqlite3_stmt *stmt = NULL;
  char *row = NULL;

  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (raw, "SELECT role || '/' || active FROM users WHERE name = ?1", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    row = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (raw);
  return row;
}

static gint64
audit_rows (const char *path,
            const char *action)
{
  g_autoptr(BsnDb) db = bsn_db_open (path, BSN_DB_OPEN_DEFAULT, NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = '%s'", action);

  g_assert_nonnull (db);
  return bsn_db_query_int (db, sql, -1);
}

/* The copy bsn_test_fault_every() last worked on: the run without a fault. */
static char *
work_copy (BsnTestDb *t)
{
  return g_build_filename (t->dir, "work.db", NULL);
}

static void
test_add_user_every_fault (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *row = NULL;

  if (bsn_test_skip_on_pg (FAULTS_SQLITE_ONLY))
    return;
  t = users_db_new ();
  copy = work_copy (t);
  g_assert_cmpuint (bsn_test_fault_every (t, op_add_user, NULL, SQLITE_FULL, BSN_TEST_FAULT_ANY_IO), >, 10);
  row = user_row (copy, "dewi");
  g_assert_cmpstr (row, ==, "pembukuan/1");
  g_assert_cmpint (audit_rows (copy, "user.add"), ==, 3);
}

static void
test_set_role_every_fault (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *row = NULL;

  if (bsn_test_skip_on_pg (FAULTS_SQLITE_ONLY))
    return;
  t = users_db_new ();
  copy = work_copy (t);
  g_assert_cmpuint (bsn_test_fault_every (t, op_set_role, NULL, SQLITE_IOERR, BSN_TEST_FAULT_ANY_IO), >, 10);
  row = user_row (copy, "kiki");
  g_assert_cmpstr (row, ==, "manajer/1");
  g_assert_cmpint (audit_rows (copy, "user.role"), ==, 1);
}

static void
test_disable_every_fault (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *row = NULL;

  if (bsn_test_skip_on_pg (FAULTS_SQLITE_ONLY))
    return;
  t = users_db_new ();
  copy = work_copy (t);
  g_assert_cmpuint (bsn_test_fault_every (t, op_disable, NULL, SQLITE_FULL, BSN_TEST_FAULT_ANY_IO), >, 10);
  row = user_row (copy, "kiki");
  g_assert_cmpstr (row, ==, "kasir/0");
  g_assert_cmpint (audit_rows (copy, "user.disable"), ==, 1);
}

static void
test_set_password_every_fault (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(BsnDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = NULL;

  if (bsn_test_skip_on_pg (FAULTS_SQLITE_ONLY))
    return;
  t = users_db_new ();
  copy = work_copy (t);
  g_assert_cmpuint (bsn_test_fault_every (t, op_set_password, NULL, SQLITE_IOERR, BSN_TEST_FAULT_ANY_IO), >, 10);
  g_assert_cmpint (audit_rows (copy, "user.password"), ==, 1);
  /* The new password signs in; the old one no longer does. */
  db = bsn_db_open (copy, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_false (bsn_auth_login (db, "kiki", "rahasia-kasir", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_true (bsn_auth_login (db, "kiki", "sandi-baru-kiki", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (bsn_db_get_actor (db, NULL), ==, "kiki");
}

/* A failed restore: every row as before, but for the audit row (and its
 * chain entry) of the safety copy when that copy was made before the
 * fault; no restore recorded. */
static void
check_restore_failed (const char *path,
                      gpointer    data)
{
  Restore *r = data;
  g_autofree char *rows = bsn_test_sqlite_digest_except (path, history_tables);
  gint64 audit = audit_rows (path, "backup") + audit_rows (path, "restore");
  g_autofree char *row = user_row (path, "kiki");

  g_assert_cmpstr (rows, ==, r->rows_before);
  g_assert_cmpstr (row, ==, "kasir/0");
  g_assert_cmpint (audit_rows (path, "restore"), ==, 0);
  g_assert_cmpint (audit, >=, r->audit_before);
  g_assert_cmpint (audit, <=, r->audit_before + 1);
}

/* A restore whose copy into the live file fails part way leaves the live
 * file as it was; completed, the live file holds the backup's rows. */
static void
test_restore_every_fault (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *row = NULL;
  Restore r = { 0 };

  if (bsn_test_skip_on_pg (FAULTS_SQLITE_ONLY))
    return;
  t = users_db_new ();
  copy = work_copy (t);
  backup = g_build_filename (t->dir, "cadangan.db", NULL);
  bsn_db_set_actor (t->db, "sri", BSN_ROLE_PEMILIK);
  g_assert_true (bsn_backup_to (t->db, backup, &error));
  g_assert_no_error (error);
  /* After the backup, kiki is disabled in the live book only. */
  g_assert_true (bsn_auth_set_active (t->db, "kiki", FALSE, &error));
  g_assert_no_error (error);
  r.backup = backup;
  r.rows_before = bsn_test_sqlite_digest_except (t->path, history_tables);
  r.audit_before = audit_rows (t->path, "backup");
  g_assert_cmpint (r.audit_before, ==, 1);
  g_assert_cmpuint (bsn_test_fault_every_checked (t, op_restore, &r, SQLITE_FULL, BSN_TEST_FAULT_ANY_IO,
                                                  check_restore_failed), >, 10);
  g_free (r.rows_before);
  row = user_row (copy, "kiki");
  g_assert_cmpstr (row, ==, "kasir/1");
  g_assert_cmpint (audit_rows (copy, "restore"), ==, 1);
  g_assert_cmpint (audit_rows (copy, "user.disable"), ==, 0);
}

static void
test_verify_every_fault (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  g_autofree char *witness = NULL;
  guint64 entries = 0;

  if (bsn_test_skip_on_pg (FAULTS_SQLITE_ONLY))
    return;
  t = users_db_new ();
  g_assert_true (bsn_db_chain_head (t->db, &head, &entries, &error));
  g_assert_no_error (error);
  witness = g_strdup_printf ("%s@%" G_GUINT64_FORMAT, head, entries);
  false_verdicts = 0;
  g_assert_cmpuint (bsn_test_fault_every (t, op_verify, witness, SQLITE_IOERR, BSN_TEST_FAULT_ANY_IO), >, 5);
  g_assert_cmpuint (false_verdicts, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  bsn_test_fault_vfs_install ();
  g_test_add_func ("/user-faults/add/every-io", test_add_user_every_fault);
  g_test_add_func ("/user-faults/role/every-io", test_set_role_every_fault);
  g_test_add_func ("/user-faults/disable/every-io", test_disable_every_fault);
  g_test_add_func ("/user-faults/password/every-io", test_set_password_every_fault);
  g_test_add_func ("/user-faults/restore/every-io", test_restore_every_fault);
  g_test_add_func ("/user-faults/verify/every-io", test_verify_every_fault);
  return g_test_run ();
}
