/* test-books-edges.c — the edges of the books' own checks (verify, the
 * book check's one pass, the hash chain), of signing in, and of backup
 * and restore that the other programs do not reach: rows edited behind
 * the library's back (raw SQL, a dropped trigger, foreign keys off), ids
 * outside what an index can hold, a scan fed by hand in an order no book
 * gives, a folder that cannot be listed for want of file descriptors, a
 * staging file that cannot be made, and a storage call failing in the
 * middle of a check (tests/bsn-sql-faults.h, SQLite). Each test says what
 * it proves. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-award.h"
#include "bsn-backup.h"
#include "bsn-chain.h"
#include "bsn-db-chain.h"
#include "bsn-db-logins.h"
#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-ledger-pages.h"
#include "bsn-server.h"
#include "bsn-test-util.h"
#include "bsn-time.h"

#include "bsn-sql-faults.h"

#define FAULTS_SQLITE_ONLY "the SQLite calls failed on purpose here are SQLite's (tests/bsn-sql-faults.h)"
#define RESTORE_SQLITE_ONLY "backup and restore copy an SQLite file; a server keeps its own backups"

/* ---- Helpers ---- */

static gboolean
has_problem (GPtrArray  *problems,
             const char *text)
{
  for (guint i = 0; i < problems->len; i++)
    if (strstr (g_ptr_array_index (problems, i), text) != NULL)
      return TRUE;
  return FALSE;
}

static void
log_problems (const char *what,
              GPtrArray  *problems)
{
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s: %s", what, (const char *) g_ptr_array_index (problems, i));
}

/* Runs @sql with the foreign keys (and on PostgreSQL the triggers) off:
 * rows that name rows that are not there, as an editor that ignores the
 * schema's rules leaves them. */
static void
raw_exec_unchecked (BsnDb      *db,
                    const char *sql)
{
  g_autofree char *all = NULL;

  if (bsn_db_get_engine (db) == BSN_ENGINE_POSTGRESQL)
    all = g_strdup_printf ("SET session_replication_role = replica; %s", sql);
  else
    all = g_strdup_printf ("PRAGMA foreign_keys = OFF; %s; PRAGMA foreign_keys = ON;", sql);
  g_assert_cmpint (bsn_test_raw_exec (db, all), ==, 0);
}

/* Every step of the statements of @db's connection whose SQL holds
 * @sql fails, interrupted (SQLite's progress handler, SQLite only): one
 * read of a check failing, the others not; NULL: none. */
static const char *interrupted_sql;

static int
interrupt_statement (void *data)
{
  sqlite3 *raw = data;

  for (sqlite3_stmt *s = sqlite3_next_stmt (raw, NULL); s != NULL; s = sqlite3_next_stmt (raw, s))
    if (sqlite3_stmt_busy (s) && sqlite3_sql (s) != NULL && strstr (sqlite3_sql (s), interrupted_sql) != NULL)
      return 1;
  return 0;
}

static void
fail_statement (BsnDb      *db,
                const char *sql)
{
  interrupted_sql = sql;
  sqlite3_progress_handler (bsn_db_get_sqlite (db), 1, sql != NULL ? interrupt_statement : NULL,
                            bsn_db_get_sqlite (db));
}

/* A store, two customers and @n receipts awarded (alternating customers);
 * the award posting ids and values in @postings / @values when not NULL. */
static BsnTestDb *
book_new (guint   n,
          gint64 *postings,
          gint64 *values)
{
  BsnTestDb *t = bsn_test_db_new ();
  gint64 store = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH);
  gint64 customers[2] = { bsn_test_add_customer (t->db, "C1", "Siti"), bsn_test_add_customer (t->db, "C2", "Budi") };

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *number = g_strdup_printf ("F-%04u", i + 1);
      BsnReceipt r = { number, store, customers[i % 2], 250000 + 10000 * i, 1795300934 + 60 * i, 5, -1 };
      g_autoptr(BsnAward) a = bsn_award_receipt (t->db, NULL, &r, &error);

      g_assert_no_error (error);
      g_assert_nonnull (a);
      g_assert_cmpint (a->value_rp, >, 0);
      if (postings != NULL)
        postings[i] = a->posting_id;
      if (values != NULL)
        values[i] = a->value_rp;
    }
  return t;
}

static gint64
count_rows (BsnDb      *db,
            const char *sql)
{
  return bsn_db_query_int (db, sql, -1);
}

static BsnVerifyReport *
verify_ok (BsnDb *db)
{
  g_autoptr(GError) error = NULL;
  BsnVerifyReport *report = bsn_ledger_verify (db, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  log_problems ("verify", report->problems);
  return report;
}

/* ---- Users ---- */

/* The list of users read with its scan failing half way is an error, not
 * a shorter list; read again, it holds every user. */
static void
test_users_list_read_fails (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;
  guint failed = 0;

  if (bsn_test_skip_on_pg (FAULTS_SQLITE_ONLY))
    return;
  t = bsn_test_db_new ();
  g_assert_true (bsn_auth_add_user (t->db, "sri", BSN_ROLE_PEMILIK, "rahasia-pemilik", NULL));
  g_assert_true (bsn_auth_add_user (t->db, "kiki", BSN_ROLE_KASIR, "rahasia-kasir", NULL));
  g_assert_true (bsn_auth_login (t->db, "sri", "rahasia-pemilik", NULL));
  /* The permission check's own steps first, then the list's: each run
   * gives every user or an error. */
  for (gint k = 0;; k++)
    {
      gboolean hit_one;

      g_clear_pointer (&users, g_ptr_array_unref);
      g_clear_error (&error);
      arm (FAULT_STEP, k);
      users = bsn_auth_list_users (t->db, &error);
      hit_one = disarm ();
      if (users == NULL)
        {
          g_assert_true (hit_one);
          g_assert_nonnull (error);
          g_assert_true (error->domain == BSN_ERROR);
          failed++;
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpuint (users->len, ==, 2);
      if (!hit_one)
        break;
    }
  g_assert_cmpuint (failed, >, 0);
  g_assert_cmpstr (((BsnUser *) g_ptr_array_index (users, 0))->name, ==, "kiki");
  g_assert_cmpint (((BsnUser *) g_ptr_array_index (users, 0))->role, ==, BSN_ROLE_KASIR);
  g_assert_cmpstr (((BsnUser *) g_ptr_array_index (users, 1))->name, ==, "sri");
}

/* On a server with logins, the session's user row read (its login a
 * kasir's, whose group may no longer read the users table): an error of
 * its own, not "no user of this network"; read again once the grant is
 * back, the kasir is signed in. PostgreSQL only. The logins are
 * cluster-wide: named after this test's schema, dropped at the end. */
static void
test_server_user_unreadable (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(BsnServerSetup) setup = NULL;
  g_autoptr(BsnDb) kdb = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *kasir = NULL;
  g_autofree char *group = NULL;
  g_autofree char *revoke = NULL;
  g_autofree char *grant = NULL;
  g_autoptr(GString) drop = NULL;
  const char *roles[] = { "pemilik", "manajer", "pembukuan", "kasir" };
  int role = -1;

  if (bsn_test_pg_uri () == NULL)
    {
      g_test_skip ("PostgreSQL only: logins the server enforces (BSN_TEST_PG is not set)");
      return;
    }
  t = bsn_test_db_new ();
  owner = g_strdup_printf ("own_%s", t->pg_schema);
  kasir = g_strdup_printf ("kas_%s", t->pg_schema);
  setup = bsn_server_init (t->db, &error);
  g_assert_no_error (error);
  g_assert_true (bsn_auth_add_user (t->db, owner, BSN_ROLE_PEMILIK, "rahasia-pemilik", &error));
  g_assert_no_error (error);
  g_assert_true (bsn_auth_add_user (t->db, kasir, BSN_ROLE_KASIR, "rahasia-kasir", &error));
  g_assert_no_error (error);
  kdb = bsn_db_open_as (t->path, kasir, "apa-saja", BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  group = bsn_db_server_group (t->db, "kasir");
  revoke = g_strdup_printf ("REVOKE SELECT ON users FROM \"%s\"", group);
  grant = g_strdup_printf ("GRANT SELECT ON users TO \"%s\"", group);

  g_assert_cmpint (bsn_test_raw_exec (t->db, revoke), ==, 0);
  g_assert_false (bsn_auth_login_session (kdb, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == BSN_ERROR);
  g_test_message ("%s", error->message);
  /* The server's refusal to read (permission denied), as such. */
  g_assert_cmpint (error->code, ==, BSN_ERROR_REFUSED);
  g_assert_true (g_str_has_prefix (error->message, "Membaca pengguna: "));
  g_assert_null (strstr (error->message, "bukan pengguna"));
  g_assert_null (bsn_db_get_actor (kdb, NULL));
  g_clear_error (&error);

  g_assert_cmpint (bsn_test_raw_exec (t->db, grant), ==, 0);
  g_assert_true (bsn_auth_login_session (kdb, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (bsn_db_get_actor (kdb, &role), ==, kasir);
  g_assert_cmpint (role, ==, BSN_ROLE_KASIR);

  g_clear_pointer (&kdb, bsn_db_unref);
  drop = g_string_new (NULL);
  g_string_append_printf (drop, "DROP OWNED BY \"%s\", \"%s\"", owner, kasir);
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autofree char *g = bsn_db_server_group (t->db, roles[i]);

      g_string_append_printf (drop, ", \"%s\"", g);
    }
  g_string_append_printf (drop, "; DROP ROLE IF EXISTS \"%s\", \"%s\"", owner, kasir);
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autofree char *g = bsn_db_server_group (t->db, roles[i]);

      g_string_append_printf (drop, ", \"%s\"", g);
    }
  g_assert_cmpint (bsn_test_raw_exec (t->db, drop->str), ==, 0);
}

/* Who may do what (bsn-auth.h), the whole table: the owner anything,
 * every role reads; each other permission its roles only. */
static void
test_auth_role_table (void)
{
  const BsnUserRole roles[] = { BSN_ROLE_PEMILIK, BSN_ROLE_MANAJER, BSN_ROLE_PEMBUKUAN, BSN_ROLE_KASIR };
  /* One letter a role (p m b k): 1 when allowed. */
  static const struct { BsnPermission perm; const char *allowed; } table[] = {
    { BSN_PERM_READ, "1111" },          { BSN_PERM_READ_PERSONAL, "1111" }, { BSN_PERM_READ_FINANCE, "1111" },
    { BSN_PERM_TIERS, "1000" },         { BSN_PERM_STORES, "1100" },        { BSN_PERM_CUSTOMERS, "1101" },
    { BSN_PERM_QUOTAS, "1100" },        { BSN_PERM_CONSIGN, "1100" },       { BSN_PERM_RECEIPTS, "1101" },
    { BSN_PERM_LEDGER, "1010" },        { BSN_PERM_RESERVES, "1010" },      { BSN_PERM_VOUCHERS, "1101" },
    { BSN_PERM_REPORTS, "1110" },       { BSN_PERM_USERS, "1000" },         { BSN_PERM_BACKUP, "1010" },
    { BSN_PERM_RESTORE, "1000" },       { BSN_PERM_ADMIN, "1000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
      {
        gboolean can = bsn_user_role_can (roles[r], table[i].perm);

        if (can != (table[i].allowed[r] == '1'))
          g_error ("role %s, permission %d: %s", bsn_user_role_to_string (roles[r]), table[i].perm,
                   can ? "allowed" : "refused");
      }
}

/* Names left out: signing in without a name is a wrong name, a password
 * set for no name is for no user (was: "Pengguna (null) tidak ada", a
 * NULL passed to printf). Nothing changes. */
static void
test_auth_missing_names (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  gint64 audit;

  g_assert_true (bsn_auth_add_user (t->db, "sri", BSN_ROLE_PEMILIK, "rahasia-pemilik", &error));
  g_assert_no_error (error);
  audit = count_rows (t->db, "SELECT count(*) FROM audit");
  g_assert_false (bsn_auth_login (t->db, NULL, "rahasia-pemilik", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "Nama pengguna atau kata sandi salah");
  g_clear_error (&error);
  g_assert_true (bsn_auth_login (t->db, "sri", "rahasia-pemilik", &error));
  g_assert_false (bsn_auth_set_password (t->db, NULL, "kata-sandi-baru", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Pengguna  tidak ada");
  g_clear_error (&error);
  g_assert_false (bsn_auth_set_password (t->db, "hantu", "kata-sandi-baru", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Pengguna hantu tidak ada");
  g_assert_cmpint (count_rows (t->db, "SELECT count(*) FROM audit"), ==, audit);
}

/* Signing in with each statement it prepares failing in turn (a fresh
 * connection each time): an error, never a user signed in, until it runs
 * through; a storage error is not "wrong password". */
static void
test_auth_login_prepare_fails (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  guint failed = 0;

  if (bsn_test_skip_on_pg (FAULTS_SQLITE_ONLY))
    return;
  t = bsn_test_db_new ();
  g_assert_true (bsn_auth_add_user (t->db, "sri", BSN_ROLE_PEMILIK, "rahasia-pemilik", &error));
  g_assert_no_error (error);
  for (gint k = 0;; k++)
    {
      g_autoptr(BsnDb) db = bsn_db_open (t->path, BSN_DB_OPEN_DEFAULT, &error);
      gboolean ok, hit_one;

      g_assert_no_error (error);
      arm (FAULT_PREPARE, k);
      ok = bsn_auth_login (db, "sri", "rahasia-pemilik", &error);
      hit_one = disarm ();
      if (!hit_one)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpstr (bsn_db_get_actor (db, NULL), ==, "sri");
          break;
        }
      g_assert_false (ok);
      g_assert_nonnull (error);
      g_assert_true (error->domain == BSN_ERROR);
      g_assert_cmpint (error->code, !=, BSN_ERROR_REFUSED);
      g_assert_null (bsn_db_get_actor (db, NULL));
      g_clear_error (&error);
      failed++;
    }
  g_assert_cmpuint (failed, >, 0);
}

/* ---- Backup and restore ---- */

/* The daily backup's folder that cannot be listed (no file descriptor
 * left): an error saying so, and the old backups are all still there.
 * Today's file is there already, so no copy is made first (on both
 * engines). */
static void
test_daily_folder_unlistable (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (t->dir, "harian", NULL);
  g_autofree char *today = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *old = g_build_filename (dir, "bsn-loyalty-2000-01-01.db", NULL);
  g_autofree char *made = NULL;
  g_autoptr(GArray) fillers = g_array_new (FALSE, FALSE, sizeof (int));
  struct rlimit saved, low;
  gboolean ok;
  int fd;

  bsn_test_wait_past_midnight (5);
  today = bsn_time_format_date_iso (bsn_time_now ());
  name = g_strdup_printf ("bsn-loyalty-%s.db", today);
  path = g_build_filename (dir, name, NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "hari ini", -1, NULL));
  g_assert_true (g_file_set_contents (old, "lama", -1, NULL));

  /* Every descriptor below a low limit taken: opening the folder fails
   * with EMFILE. */
  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &saved), ==, 0);
  low = saved;
  low.rlim_cur = MIN (saved.rlim_cur, 64);
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &low), ==, 0);
  while ((fd = dup (STDERR_FILENO)) >= 0)
    g_array_append_val (fillers, fd);
  g_assert_cmpint (errno, ==, EMFILE);
  ok = bsn_backup_daily (t->db, dir, 1, &made, &error);
  for (guint i = 0; i < fillers->len; i++)
    close (g_array_index (fillers, int, i));
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &saved), ==, 0);

  g_assert_false (ok);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_MFILE);
  g_assert_null (made);
  /* Nothing pruned, nothing made. */
  g_assert_true (g_file_test (old, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  /* With descriptors to spare the same call prunes the old one. */
  g_clear_error (&error);
  g_assert_true (bsn_backup_daily (t->db, dir, 1, &made, &error));
  g_assert_no_error (error);
  g_assert_null (made);
  g_assert_false (g_file_test (old, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* A restore into a database in memory stages its copy in the temporary
 * folder; when that folder is not there, the restore fails saying which
 * file it could not make, and the database in memory is as it was. Run
 * in a child whose $TMPDIR names a folder that does not exist (GLib
 * reads it once a process). */
static void
test_restore_staging_fails (void)
{
  g_autoptr(GError) error = NULL;

  if (bsn_test_skip_on_pg (RESTORE_SQLITE_ONLY))
    return;
  if (g_test_subprocess ())
    {
      const char *backup = g_getenv ("BSN_TEST_BACKUP");
      g_autoptr(BsnDb) mem = bsn_db_open (":memory:", BSN_DB_OPEN_CREATE, &error);
      g_autofree char *safety = NULL;
      gboolean ok;

      g_assert_no_error (error);
      g_assert_nonnull (backup);
      ok = bsn_backup_restore (mem, backup, &safety, &error);
      g_assert_false (ok);
      g_assert_nonnull (error);
      g_assert_true (error->domain == G_FILE_ERROR || error->domain == BSN_ERROR);
      g_assert_nonnull (strstr (error->message, "bsn-loyalty-pulihkan.db"));
      g_assert_null (safety);
      g_assert_cmpint (bsn_db_query_int (mem, "SELECT count(*) FROM customers", -1), ==, 0);
      g_assert_cmpint (bsn_db_query_int (mem, "SELECT count(*) FROM audit WHERE action = 'restore'", -1), ==, 0);
      return;
    }
  {
    g_autoptr(BsnTestDb) t = book_new (1, NULL, NULL);
    g_autofree char *backup = g_build_filename (t->dir, "cadangan.db", NULL);
    g_autofree char *gone = g_build_filename (t->dir, "tidak-ada", NULL);
    g_autofree char *saved_tmp = g_strdup (g_getenv ("TMPDIR"));

    g_assert_true (bsn_backup_to (t->db, backup, &error));
    g_assert_no_error (error);
    g_setenv ("BSN_TEST_BACKUP", backup, TRUE);
    g_setenv ("TMPDIR", gone, TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    if (saved_tmp != NULL)
      g_setenv ("TMPDIR", saved_tmp, TRUE);
    else
      g_unsetenv ("TMPDIR");
    g_unsetenv ("BSN_TEST_BACKUP");
    g_test_trap_assert_passed ();
  }
}

/* The backup's smaller paths: a daily backup made without asking for its
 * name, files of other names in its folder kept; the fingerprint of a
 * file that is not there, an error; an older backup refused whether its
 * reason is empty or the count of the history it would lose cannot be
 * read; a backup as new as the book restored with an empty reason. */
static void
test_backup_small_paths (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *note = NULL;
  g_autofree char *old = NULL;
  g_autofree char *today = NULL;
  g_autofree char *made = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *head = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *safety = NULL;
  guint64 entries = 0;
  gint64 customers;

  if (bsn_test_skip_on_pg (RESTORE_SQLITE_ONLY))
    return;
  t = book_new (1, NULL, NULL);
  dir = g_build_filename (t->dir, "harian", NULL);
  note = g_build_filename (dir, "bsn-loyalty-catatan.txt", NULL);
  old = g_build_filename (dir, "bsn-loyalty-2000-01-01.db", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (note, "catatan", -1, NULL));
  g_assert_true (g_file_set_contents (old, "lama", -1, NULL));
  bsn_test_wait_past_midnight (5);
  {
    g_autofree char *date = bsn_time_format_date_iso (bsn_time_now ());

    today = g_strdup_printf ("bsn-loyalty-%s.db", date);
  }
  made = g_build_filename (dir, today, NULL);
  g_assert_true (bsn_backup_daily (t->db, dir, 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (made, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (note, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (old, G_FILE_TEST_EXISTS));

  missing = g_build_filename (t->dir, "tidak-ada.db", NULL);
  g_assert_false (bsn_backup_read_fingerprint (missing, &head, &entries, &error));
  g_assert_nonnull (error);
  g_assert_null (head);
  g_clear_error (&error);

  /* As new as the book: restored, an empty reason or none. */
  backup = g_build_filename (t->dir, "cadangan.db", NULL);
  g_assert_true (bsn_backup_to (t->db, backup, &error));
  g_assert_true (bsn_backup_restore_older (t->db, backup, "", &safety, &error));
  g_assert_no_error (error);
  g_assert_nonnull (safety);
  g_assert_cmpint (count_rows (t->db, "SELECT count(*) FROM audit WHERE action = 'restore'"), ==, 1);

  /* Older than the book: refused, the history after it unread or not. */
  bsn_test_add_customer (t->db, "C8", "Dewi");
  customers = count_rows (t->db, "SELECT count(*) FROM customers");
  g_assert_false (bsn_backup_restore_older (t->db, backup, "", NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "lebih lama dari buku yang sekarang"));
  g_clear_error (&error);
  fail_statement (t->db, "SELECT count(*) FROM chain c WHERE c.seq > ?1");
  g_assert_false (bsn_backup_restore (t->db, backup, NULL, &error));
  fail_statement (t->db, NULL);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_TAMPERED);
  g_assert_cmpint (count_rows (t->db, "SELECT count(*) FROM customers"), ==, customers);
  g_assert_cmpint (count_rows (t->db, "SELECT count(*) FROM audit WHERE action = 'restore'"), ==, 1);
}

/* ---- Verify: rows edited behind the library ---- */

/* An account and a posting with ids no index of the check can hold
 * (negative): the check passes over them rather than index by them, and
 * the posting without legs is still counted. */
static void
test_verify_ids_out_of_range (void)
{
  g_autoptr(BsnTestDb) t = book_new (2, NULL, NULL);
  gint64 customer = bsn_test_add_customer (t->db, "C3", "Tuti");
  g_autoptr(BsnVerifyReport) before = verify_ok (t->db);
  g_autoptr(BsnVerifyReport) after = NULL;
  g_autofree char *count = NULL;
  g_autofree char *sql = g_strdup_printf ("UPDATE accounts SET id = -7 WHERE customer_id = %" G_GINT64_FORMAT ";"
                                          "INSERT INTO postings (id, idem_key, kind, at, amount_rp, created_at) "
                                          "VALUES (-3, 'tamper:-3', 'opening', 1795300000, 0, 1795300000)",
                                          customer);

  g_assert_true (before->ok);
  g_assert_cmpint (bsn_test_raw_exec (t->db, sql), ==, 0);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM accounts WHERE id < 0", -1), ==, 1);
  after = verify_ok (t->db);
  g_assert_false (after->ok);
  /* The account is not one of those checked, the posting is counted. */
  g_assert_cmpuint (after->accounts, ==, before->accounts - 1);
  g_assert_cmpuint (after->postings, ==, before->postings);
  g_assert_cmpuint (after->legs, ==, before->legs);
  count = g_strdup_printf ("%" G_GUINT64_FORMAT " posting tercatat tetapi hanya %" G_GUINT64_FORMAT " yang punya kaki",
                           before->postings + 1, before->postings);
  g_assert_true (has_problem (after->problems, count));
  g_assert_cmpuint (after->problems->len, ==, 1);
}

/* Rows naming rows that are not there (foreign keys off): a sale of a lot
 * never accepted, a leg taking status points back in a posting that does
 * not exist, a receipt part of a receipt that does not exist. The first
 * two are named; the orphan part is passed over (a receipt's claim is
 * checked against its own parts) and the receipts still match. */
static void
test_verify_orphan_rows (void)
{
  g_autoptr(BsnTestDb) t = book_new (2, NULL, NULL);
  g_autoptr(BsnVerifyReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnBookCheck) check = NULL;
  gint64 account = bsn_db_query_int (t->db, "SELECT min(id) FROM accounts WHERE kind = 'customer'", -1);
  g_autofree char *sql = NULL;

  g_assert_cmpint (account, >, 2);
  sql = g_strdup_printf ("INSERT INTO lot_events (lot_id, kind, day, qty, created_at) "
                         "VALUES (77, 'sale', 20000, 3, 1795300000);"
                         "INSERT INTO legs (posting_id, account_id, amount_rp, earned_rp, at) "
                         "VALUES (9001, %" G_GINT64_FORMAT ", 0, -500, 1795300000);"
                         "INSERT INTO receipt_parts (receipt_id, scheme, base_rp, rate_bp, value_rp) "
                         "VALUES (0, 'stopwatch', 1000, 100, 10)",
                         account);
  raw_exec_unchecked (t->db, sql);
  report = verify_ok (t->db);
  g_assert_false (report->ok);
  g_assert_true (has_problem (report->problems, "Jumlah barang titipan #77 tidak seimbang"));
  g_assert_true (has_problem (report->problems,
                              "Posting #9001 menurunkan poin status padahal bukan pembatalan"));
  g_assert_true (has_problem (report->problems, "Posting #9001 hanya punya satu kaki"));
  g_assert_false (has_problem (report->problems, "Struk"));

  /* The book check's one pass names them the same. */
  check = bsn_chain_check_book (t->db, NULL, &error);
  g_assert_no_error (error);
  log_problems ("book", check->ledger->problems);
  g_assert_false (check->ok);
  g_assert_true (has_problem (check->ledger->problems, "Jumlah barang titipan #77 tidak seimbang"));
  g_assert_true (has_problem (check->ledger->problems,
                              "Posting #9001 menurunkan poin status padahal bukan pembatalan"));
  g_assert_false (has_problem (check->ledger->problems, "Struk"));
}

/* Ids beyond what the check indexes by (past 2^31), a leg of posting 0,
 * a customer with a negative id, status points below zero on a customer
 * whose balance is not: each passed over or named, never indexed by. */
static void
test_verify_ids_beyond_index (void)
{
  g_autoptr(BsnTestDb) t = book_new (2, NULL, NULL);
  gint64 far = bsn_test_add_customer (t->db, "C3", "Tuti");
  gint64 sunk = bsn_test_add_customer (t->db, "C4", "Ani");
  g_autoptr(BsnVerifyReport) before = verify_ok (t->db);
  g_autoptr(BsnVerifyReport) after = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *negative = NULL;
  gint64 sunk_account;

  g_assert_true (before->ok);
  sunk_account = count_rows (t->db, "SELECT id FROM accounts WHERE customer_id = (SELECT id FROM customers "
                                    "WHERE code = 'C4')");
  sql = g_strdup_printf ("UPDATE accounts SET id = 5000000000 WHERE customer_id = %" G_GINT64_FORMAT ";"
                         "UPDATE accounts SET status_rp = -1 WHERE customer_id = %" G_GINT64_FORMAT ";"
                         "INSERT INTO postings (id, idem_key, kind, at, amount_rp, created_at) "
                         "VALUES (5000000000, 'jauh:1', 'opening', 1795300000, 0, 1795300000);"
                         "INSERT INTO legs (posting_id, account_id, amount_rp, earned_rp, at) "
                         "VALUES (0, 1, 0, 0, 1795300000);"
                         "INSERT INTO customers (id, code, name, created_at) VALUES (-4, 'C-4', 'Minus', 0)",
                         far, sunk);
  raw_exec_unchecked (t->db, sql);
  after = verify_ok (t->db);
  g_assert_false (after->ok);
  g_assert_cmpuint (after->accounts, ==, before->accounts - 1);
  negative = g_strdup_printf ("Akun pelanggan #%" G_GINT64_FORMAT " bersaldo negatif", sunk_account);
  g_assert_true (has_problem (after->problems, negative));
  g_assert_true (has_problem (after->problems, "posting tercatat tetapi hanya"));
  g_assert_false (has_problem (after->problems, "Pelanggan C-4"));
}

/* Receipts edited to name a posting past 2^31 or one that is not there
 * (their trigger dropped, foreign keys off): each named by its number. */
static void
test_verify_claims_elsewhere (void)
{
  g_autoptr(BsnTestDb) t = book_new (2, NULL, NULL);
  g_autoptr(BsnVerifyReport) report = NULL;

  g_assert_true (bsn_test_drop_trigger (t->db, "receipts_no_update"));
  raw_exec_unchecked (t->db, "UPDATE receipts SET posting_id = 5000000000 WHERE receipt = 'F-0001';"
                             "UPDATE receipts SET posting_id = 9999 WHERE receipt = 'F-0002'");
  report = verify_ok (t->db);
  g_assert_false (report->ok);
  g_assert_true (has_problem (report->problems, "Struk F-0001 tidak cocok dengan posting poinnya"));
  g_assert_true (has_problem (report->problems, "Struk F-0002 tidak cocok dengan posting poinnya"));
}

/* The scans of verify failing one by one (a book in memory: one
 * connection, the receipts read on it): the receipts' or their parts'
 * scan failing is an error that says why (was: "not an error", the
 * statements reset before the error was read); the read of a receipt's
 * number failing names it by id. On a file, the journal mode unreadable:
 * verify reads alone. */
static void
test_verify_scans_fail (void)
{
  const char *fails[] = { "FROM receipt_parts ORDER BY receipt_id", "FROM receipts ORDER BY id" };
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) db = NULL;
  g_autoptr(BsnVerifyReport) report = NULL;
  g_autoptr(BsnTestDb) t = NULL;
  gint64 store, customer;

  if (bsn_test_skip_on_pg (FAULTS_SQLITE_ONLY))
    return;
  db = bsn_db_open (":memory:", BSN_DB_OPEN_CREATE, &error);
  g_assert_no_error (error);
  store = bsn_test_add_store (db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH);
  customer = bsn_test_add_customer (db, "C1", "Siti");
  {
    BsnReceipt r = { "F-0042", store, customer, 250000, 1795300934, 5, -1 };
    g_autoptr(BsnAward) a = bsn_award_receipt (db, NULL, &r, &error);

    g_assert_no_error (error);
  }
  for (guint i = 0; i < G_N_ELEMENTS (fails); i++)
    {
      fail_statement (db, fails[i]);
      report = bsn_ledger_verify (db, &error);
      fail_statement (db, NULL);
      g_assert_null (report);
      g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
      g_assert_cmpstr (error->message, ==, "Memeriksa buku poin: kesalahan basis data (interrupted)");
      g_clear_error (&error);
    }
  /* The book check's one pass reads the parts beside the chain's rows. */
  {
    g_autoptr(BsnBookCheck) check = NULL;

    fail_statement (db, fails[0]);
    check = bsn_chain_check_book (db, NULL, &error);
    fail_statement (db, NULL);
    g_assert_null (check);
    g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
    g_assert_cmpstr (error->message, ==, "Memeriksa buku poin: kesalahan basis data (interrupted)");
    g_clear_error (&error);
  }
  g_assert_cmpint (bsn_test_raw_exec (db, "DROP TRIGGER receipts_no_update;"
                                          "UPDATE receipts SET value_rp = value_rp * 10;"
                                          "UPDATE receipt_parts SET value_rp = value_rp * 10"),
                   ==, 0);
  fail_statement (db, "SELECT receipt FROM receipts WHERE id = ?1");
  report = bsn_ledger_verify (db, &error);
  fail_statement (db, NULL);
  g_assert_no_error (error);
  log_problems ("verify", report->problems);
  g_assert_cmpuint (report->problems->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (report->problems, 0), ==, "Struk #1 tidak cocok dengan posting poinnya");
  g_clear_pointer (&report, bsn_verify_report_free);

  t = book_new (1, NULL, NULL);
  fail_statement (t->db, "PRAGMA journal_mode");
  report = bsn_ledger_verify (t->db, &error);
  fail_statement (t->db, NULL);
  g_assert_no_error (error);
  g_assert_true (report->ok);
  g_assert_cmpuint (report->postings, >, 0);
}

/* ---- Verify: a storage call failing in the middle ---- */

/* A reversal takes status points back: verify and the book check read
 * whether each such posting is a reversal. That read failing is an error
 * of the check, not a finding (nor a pass); once it reads, the book is
 * sound. */
static void
test_check_reversal_read_fails (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnVerifyReport) report = NULL;
  g_autoptr(BsnBookCheck) check = NULL;
  gint64 postings[2];
  gint64 reversal = 0;

  if (bsn_test_skip_on_pg (FAULTS_SQLITE_ONLY))
    return;
  t = book_new (2, postings, NULL);
  g_assert_true (bsn_ledger_reverse (t->db, postings[0], "salah input", 1795309999, &reversal, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT min(earned_rp) FROM legs", 0), <, 0);

  fail_statement (t->db, "SELECT reverses_id FROM postings WHERE id = ?1");
  report = bsn_ledger_verify (t->db, &error);
  g_assert_null (report);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_cmpstr (error->message, ==, "Memeriksa buku poin: kesalahan basis data (interrupted)");
  g_clear_error (&error);
  check = bsn_chain_check_book (t->db, NULL, &error);
  g_assert_null (check);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_cmpstr (error->message, ==, "Memeriksa buku poin: kesalahan basis data (interrupted)");
  g_clear_error (&error);
  fail_statement (t->db, NULL);

  report = verify_ok (t->db);
  g_assert_true (report->ok);
  check = bsn_chain_check_book (t->db, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (check->ok);
}

/* A receipt whose value was edited (its no-update trigger dropped) is
 * named by its number; when the read of that number fails, it is named by
 * its id instead, never passed over. A book in memory: one connection, no
 * second reader beside it, so the k-th call is the same every run. */
static void
test_verify_claim_name_unreadable (void)
{
  guint by_id = 0, by_number = 0;

  if (bsn_test_skip_on_pg (FAULTS_SQLITE_ONLY))
    return;
  for (FaultKind kind = FAULT_PREPARE; kind <= FAULT_STEP; kind++)
    for (gint k = 0;; k++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(BsnDb) db = bsn_db_open (":memory:", BSN_DB_OPEN_CREATE, &error);
        g_autoptr(BsnVerifyReport) report = NULL;
        gint64 store, customer;
        gboolean hit_one;

        g_assert_no_error (error);
        store = bsn_test_add_store (db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH);
        customer = bsn_test_add_customer (db, "C1", "Siti");
        {
          BsnReceipt r = { "F-0042", store, customer, 250000, 1795300934, 5, -1 };
          g_autoptr(BsnAward) a = bsn_award_receipt (db, NULL, &r, &error);

          g_assert_no_error (error);
          g_assert_nonnull (a);
        }
        g_assert_cmpint (bsn_test_raw_exec (db, "DROP TRIGGER receipts_no_update;"
                                                "UPDATE receipts SET value_rp = value_rp * 10;"
                                                "UPDATE receipt_parts SET value_rp = value_rp * 10"),
                         ==, 0);
        arm (kind, k);
        report = bsn_ledger_verify (db, &error);
        hit_one = disarm ();
        if (report == NULL)
          {
            g_assert_true (hit_one);
            g_assert_nonnull (error);
            g_assert_true (error->domain == BSN_ERROR);
            continue;
          }
        g_assert_no_error (error);
        log_problems ("verify", report->problems);
        g_assert_false (report->ok);
        g_assert_cmpuint (report->problems->len, ==, 1);
        if (has_problem (report->problems, "Struk #1 tidak cocok dengan posting poinnya"))
          by_id++;
        else
          {
            g_assert_true (has_problem (report->problems, "Struk F-0042 tidak cocok dengan posting poinnya"));
            by_number++;
          }
        if (!hit_one)
          break;
      }
  g_assert_cmpuint (by_id, >=, 1);
  g_assert_cmpuint (by_number, >=, 2);
}

/* ---- The one pass's checks fed by hand (bsn_ledger_scan_*) ---- */

/* Claims that come before their postings wait for them: a posting that
 * arrives with another amount than its claim is read back at the end, by
 * its primary key, and the book's own amount decides; a posting id no
 * index can hold is counted and passed over. */
static void
test_scan_claims_before_postings (void)
{
  gint64 postings[2], values[2];
  g_autoptr(BsnTestDb) t = book_new (2, postings, values);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnVerifyReport) report = NULL;
  BsnLedgerScan *scan;
  gint64 receipt[2], customer[2], at[2];

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *id_sql = g_strdup_printf ("SELECT id FROM receipts WHERE posting_id = %" G_GINT64_FORMAT,
                                                 postings[i]);
      g_autofree char *customer_sql = g_strdup_printf ("SELECT customer_id FROM receipts WHERE posting_id = %"
                                                       G_GINT64_FORMAT, postings[i]);
      g_autofree char *at_sql = g_strdup_printf ("SELECT at FROM receipts WHERE posting_id = %" G_GINT64_FORMAT,
                                                 postings[i]);

      receipt[i] = bsn_db_query_int (t->db, id_sql, -1);
      customer[i] = bsn_db_query_int (t->db, customer_sql, -1);
      at[i] = bsn_db_query_int (t->db, at_sql, -1);
      g_assert_cmpint (receipt[i], >, 0);
    }
  g_assert_cmpint (receipt[0], <, receipt[1]);

  g_assert_true (bsn_db_begin_read (t->db, NULL, &error));
  scan = bsn_ledger_scan_new (t->db, &error);
  g_assert_no_error (error);
  g_assert_nonnull (scan);
  bsn_ledger_scan_posting (scan, -5, 1795300000, 100);
  bsn_ledger_scan_receipt (scan, receipt[0], "F-0001", customer[0], at[0], values[0], postings[0]);
  bsn_ledger_scan_receipt (scan, receipt[1], "F-0002", customer[1], at[1], values[1], postings[1]);
  /* The second claim's posting first, with another amount than it holds. */
  bsn_ledger_scan_posting (scan, postings[1], at[1], values[1] + 5);
  bsn_ledger_scan_posting (scan, postings[0], at[0], values[0]);
  report = bsn_ledger_scan_finish (scan, &error);
  bsn_db_rollback (t->db);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  log_problems ("scan", report->problems);
  /* Read back, the posting holds the claim: no receipt is named. */
  g_assert_false (has_problem (report->problems, "Struk"));
  /* Three postings handed on, none with legs (none were fed). */
  g_assert_true (has_problem (report->problems, "3 posting tercatat tetapi hanya 0 yang punya kaki"));
  g_assert_cmpuint (report->postings, ==, 0);
  g_assert_false (report->ok);
}

/* A receipt fed with a customer id and a posting id past 2^31 (its parts
 * hold its value): named, never indexed by; legs on accounts that are not
 * there named; more than a hundred postings whose legs carry another
 * time: the first hundred named. */
static void
test_scan_out_of_range_rows (void)
{
  gint64 postings[1], values[1];
  g_autoptr(BsnTestDb) t = book_new (1, postings, values);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnVerifyReport) report = NULL;
  g_autoptr(BsnVerifyReport) undated = NULL;
  gint64 receipt = count_rows (t->db, "SELECT id FROM receipts WHERE receipt = 'F-0001'");
  BsnLedgerScan *scan;

  g_assert_true (bsn_db_begin_read (t->db, NULL, &error));
  scan = bsn_ledger_scan_new (t->db, &error);
  g_assert_no_error (error);
  bsn_ledger_scan_posting (scan, 5000000000, 1795300000, 10);
  bsn_ledger_scan_leg (scan, 5000000000, -1, 10, 0, 1795300000);
  bsn_ledger_scan_leg (scan, 5000000000, 999999, -10, 0, 1795300000);
  bsn_ledger_scan_receipt (scan, receipt, "F-0001", -1, 1795300934, values[0], 5000000000);
  report = bsn_ledger_scan_finish (scan, &error);
  g_assert_no_error (error);
  log_problems ("scan", report->problems);
  g_assert_true (has_problem (report->problems, "Posting #5000000000 memakai akun #-1 yang tidak ada"));
  g_assert_true (has_problem (report->problems, "Posting #5000000000 memakai akun #999999 yang tidak ada"));
  g_assert_true (has_problem (report->problems, "Struk F-0001 tidak cocok dengan posting poinnya"));

  scan = bsn_ledger_scan_new (t->db, &error);
  g_assert_no_error (error);
  for (gint64 id = 1; id <= 101; id++)
    {
      bsn_ledger_scan_posting (scan, id, 1795300000, 0);
      bsn_ledger_scan_leg (scan, id, BSN_ACCOUNT_CLEARING, 0, 0, 1795300001);
      bsn_ledger_scan_leg (scan, id, BSN_ACCOUNT_EQUITY, 0, 0, 1795300001);
    }
  undated = bsn_ledger_scan_finish (scan, &error);
  bsn_db_rollback (t->db);
  g_assert_no_error (error);
  g_assert_false (undated->ok);
  g_assert_cmpuint (undated->problems->len, ==, 100);
  g_assert_cmpstr (g_ptr_array_index (undated->problems, 0), ==,
                   "Kaki posting #1 tidak bertanggal sama dengan postingnya");
  g_assert_cmpstr (g_ptr_array_index (undated->problems, 99), ==,
                   "Kaki posting #100 tidak bertanggal sama dengan postingnya");
}

/* A claim for a posting the window has passed (claimed out of order) is
 * read back at the end: its posting not in the book, it is named. */
static void
test_scan_claim_passed (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnVerifyReport) report = NULL;
  BsnLedgerScan *scan;

  raw_exec_unchecked (t->db, "INSERT INTO receipt_parts (receipt_id, scheme, base_rp, rate_bp, value_rp) "
                             "VALUES (1, 'stopwatch', 1000, 100, 10), (2, 'stopwatch', 1000, 100, 10)");
  g_assert_true (bsn_db_begin_read (t->db, NULL, &error));
  scan = bsn_ledger_scan_new (t->db, &error);
  g_assert_no_error (error);
  bsn_ledger_scan_posting (scan, 1, 1795300000, 10);
  bsn_ledger_scan_posting (scan, 2, 1795300000, 10);
  bsn_ledger_scan_receipt (scan, 1, "R-1", 0, 1795300000, 10, 2);
  bsn_ledger_scan_receipt (scan, 2, "R-2", 0, 1795300000, 10, 1);
  report = bsn_ledger_scan_finish (scan, &error);
  bsn_db_rollback (t->db);
  g_assert_no_error (error);
  log_problems ("scan", report->problems);
  g_assert_true (has_problem (report->problems, "Struk #2 tidak cocok dengan posting poinnya"));
  g_assert_false (has_problem (report->problems, "Struk #1 "));
}

/* More postings waiting for a claim than the window holds: the oldest
 * leave it, and the check still ends with every posting counted. */
static void
test_scan_window_overflows (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnVerifyReport) report = NULL;
  BsnLedgerScan *scan;
  const gint64 n = (1 << 18) + 3;

  g_assert_true (bsn_db_begin_read (t->db, NULL, &error));
  scan = bsn_ledger_scan_new (t->db, &error);
  g_assert_no_error (error);
  for (gint64 id = 1; id <= n; id++)
    bsn_ledger_scan_posting (scan, id, 1795300000, 1000);
  report = bsn_ledger_scan_finish (scan, &error);
  bsn_db_rollback (t->db);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  log_problems ("scan", report->problems);
  g_assert_false (report->ok);
  g_assert_cmpuint (report->problems->len, ==, 1);
  g_assert_true (has_problem (report->problems, "262147 posting tercatat tetapi hanya 0 yang punya kaki"));
}

/* More claims ahead of their postings than the pending list holds, for
 * receipts whose rows are gone (their parts left, foreign keys off): each
 * is read back at the end; no posting holds it and no receipt number is
 * there to name, so each is named by its id (the first hundred named). */
static void
test_scan_claims_overflow (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnVerifyReport) report = NULL;
  BsnLedgerScan *scan;
  const gint64 n = (1 << 16) + 2;
  g_autofree char *sql = g_strdup_printf ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                                          "WHERE i < %" G_GINT64_FORMAT ") "
                                          "INSERT INTO receipt_parts (receipt_id, scheme, base_rp, rate_bp, value_rp) "
                                          "SELECT i, 'stopwatch', 1000, 100, 10 FROM n",
                                          n);

  raw_exec_unchecked (t->db, sql);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM receipt_parts", -1), ==, n);
  g_assert_true (bsn_db_begin_read (t->db, NULL, &error));
  scan = bsn_ledger_scan_new (t->db, &error);
  g_assert_no_error (error);
  for (gint64 id = 1; id <= n; id++)
    bsn_ledger_scan_receipt (scan, id, "hilang", 0, 1795300000, 10, 1000000 + id);
  report = bsn_ledger_scan_finish (scan, &error);
  bsn_db_rollback (t->db);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_false (report->ok);
  g_assert_cmpuint (report->problems->len, ==, 100);
  /* The two that found the list full first, then the list in order. */
  g_assert_cmpstr (g_ptr_array_index (report->problems, 0), ==, "Struk #65537 tidak cocok dengan posting poinnya");
  g_assert_cmpstr (g_ptr_array_index (report->problems, 1), ==, "Struk #65538 tidak cocok dengan posting poinnya");
  g_assert_cmpstr (g_ptr_array_index (report->problems, 2), ==, "Struk #1 tidak cocok dengan posting poinnya");
  g_assert_cmpstr (g_ptr_array_index (report->problems, 99), ==, "Struk #98 tidak cocok dengan posting poinnya");
}

/* ---- The ledger's writes and reads ---- */

/* Postings the ledger refuses before it writes: no key, legs whose sum
 * does not fit, an account kind that is not there. Nothing is written. */
static void
test_ledger_refused_shapes (void)
{
  g_autoptr(BsnTestDb) t = book_new (1, NULL, NULL);
  g_autoptr(GError) error = NULL;
  gint64 postings = count_rows (t->db, "SELECT count(*) FROM postings");
  BsnPostingSpec nokey = { NULL, "opening", 1795300000, 0, 0, 10, NULL, 0, FALSE };
  BsnPostingSpec big = { "besar:1", "opening", 1795300000, 0, 0, 10, NULL, 0, FALSE };
  BsnLeg two[2] = { { BSN_ACCOUNT_CLEARING, 10, 0 }, { BSN_ACCOUNT_EQUITY, -10, 0 } };
  BsnLeg huge[2] = { { BSN_ACCOUNT_CLEARING, G_MAXINT64, 0 }, { BSN_ACCOUNT_EQUITY, 1, 0 } };
  gint64 id = -1;

  g_assert_false (bsn_ledger_post (t->db, &nokey, two, 2, &id, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Posting tanpa kunci atau jenis");
  g_clear_error (&error);
  g_assert_false (bsn_ledger_post (t->db, &big, huge, 2, &id, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Posting “besar:1”: jumlah terlalu besar");
  g_clear_error (&error);
  g_assert_cmpint (bsn_ledger_system_account (t->db, "hantu", &error), ==, 0);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Akun hantu tidak ada");
  g_assert_cmpint (id, ==, -1);
  g_assert_cmpint (count_rows (t->db, "SELECT count(*) FROM postings"), ==, postings);
}

/* The legs of a posting on the network's own accounts carry their names;
 * a posting kind without a label is shown as it is. */
static void
test_ledger_system_legs (void)
{
  g_autoptr(BsnTestDb) t = book_new (1, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 produsen = bsn_ledger_system_account (t->db, "produsen", &error);
  gint64 bsn = bsn_ledger_system_account (t->db, "bsn", &error);
  BsnPostingSpec spec = { "sistem:1", "penyesuaian", 1795300000, 0, 0, 150, "uji", 0, FALSE };
  BsnLeg legs[4] = { { BSN_ACCOUNT_CLEARING, 100, 0 }, { BSN_ACCOUNT_EQUITY, -100, 0 },
                     { 0, 50, 0 }, { 0, -50, 0 } };
  const char *labels[] = { "Kliring jaringan", "Saldo awal (ekuitas)", "Dana produsen", "Dana program BSN" };
  gint64 id = 0;

  g_assert_no_error (error);
  g_assert_cmpint (produsen, >, 2);
  g_assert_cmpint (bsn, >, 2);
  legs[2].account_id = produsen;
  legs[3].account_id = bsn;
  g_assert_true (bsn_ledger_post (t->db, &spec, legs, 4, &id, NULL, &error));
  g_assert_no_error (error);
  rows = bsn_ledger_list_legs (t->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 4);
  for (guint i = 0; i < rows->len; i++)
    {
      BsnLegRow *row = g_ptr_array_index (rows, i);
      gboolean named = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (legs); j++)
        if (row->account_id == legs[j].account_id)
          {
            g_assert_cmpstr (row->account_label, ==, labels[j]);
            g_assert_cmpint (row->amount_rp, ==, legs[j].amount_rp);
            named = TRUE;
          }
      g_assert_true (named);
    }
  g_assert_cmpstr (bsn_posting_kind_label ("penyesuaian"), ==, "penyesuaian");
  g_assert_cmpstr (bsn_posting_kind_label ("reversal"), ==, "Pembatalan");
  /* Freeing nothing is nothing. */
  bsn_posting_row_free (NULL);
  bsn_leg_row_free (NULL);
}

/* The clock rule on the ledger's own entry points: the owner's posting
 * dated days ahead carries a memo saying so and an audit row; a kasir's is
 * refused, and a kasir may neither post an opening nor reverse. */
static void
test_ledger_clock_and_roles (void)
{
  gint64 postings[1];
  g_autoptr(BsnTestDb) t = book_new (1, postings, NULL);
  g_autoptr(GError) error = NULL;
  gint64 customer = count_rows (t->db, "SELECT id FROM customers WHERE code = 'C2'");
  BsnTime ahead = bsn_time_now () + 3 * BSN_SECONDS_PER_DAY;
  BsnPostingSpec spec = { "maju:1", "penyesuaian", ahead, 0, 0, 10, "koreksi", 0, FALSE };
  BsnLeg legs[2] = { { BSN_ACCOUNT_CLEARING, 10, 0 }, { BSN_ACCOUNT_EQUITY, -10, 0 } };
  g_autofree char *memo_sql = NULL;
  g_autofree char *memo = NULL;
  gint64 id = 0, before;

  g_assert_true (bsn_auth_add_user (t->db, "sri", BSN_ROLE_PEMILIK, "rahasia-pemilik", &error));
  g_assert_true (bsn_auth_add_user (t->db, "kiki", BSN_ROLE_KASIR, "rahasia-kasir", &error));
  g_assert_true (bsn_auth_login (t->db, "sri", "rahasia-pemilik", &error));
  g_assert_no_error (error);
  g_assert_true (bsn_ledger_post (t->db, &spec, legs, 2, &id, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) rows = NULL;
    BsnPostingFilter all = { 0 };

    rows = bsn_ledger_list_postings (t->db, &all, 0, 1, &error);
    g_assert_no_error (error);
    memo = g_strdup (((BsnPostingRow *) g_ptr_array_index (rows, 0))->memo);
  }
  memo_sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = 'posting.backdated' AND subject = '%"
                              G_GINT64_FORMAT "'", id);
  g_assert_true (g_str_has_prefix (memo, "koreksi [dicatat maju oleh sri pada "));
  g_assert_cmpint (count_rows (t->db, memo_sql), ==, 1);
  /* An empty memo: the note alone. */
  spec.idem_key = "maju:kosong";
  spec.memo = "";
  g_assert_true (bsn_ledger_post (t->db, &spec, legs, 2, &id, NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM postings WHERE id = %" G_GINT64_FORMAT
                                            " AND memo LIKE '[dicatat maju oleh sri pada %%'", id);

    g_assert_cmpint (count_rows (t->db, sql), ==, 1);
  }

  before = count_rows (t->db, "SELECT count(*) FROM postings");
  g_assert_true (bsn_auth_login (t->db, "kiki", "rahasia-kasir", &error));
  spec.idem_key = "maju:2";
  g_assert_false (bsn_ledger_post (t->db, &spec, legs, 2, &id, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_true (g_str_has_prefix (error->message, "Kasir hanya boleh mencatat waktu paling jauh"));
  g_clear_error (&error);
  g_assert_false (bsn_ledger_post_opening (t->db, customer, 5000, bsn_time_now (), NULL, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (bsn_ledger_reverse (t->db, postings[0], "salah", bsn_time_now (), NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_cmpint (count_rows (t->db, "SELECT count(*) FROM postings"), ==, before);
}

/* The ledger's optional answers may be left out (NULL), and its required
 * words may be missing: an empty key, no kind, no reason are refused; an
 * opening posted again is the same opening, answered or not. */
static void
test_ledger_optional_outs (void)
{
  g_autoptr(BsnTestDb) t = book_new (1, NULL, NULL);
  g_autoptr(GError) error = NULL;
  gint64 customer = count_rows (t->db, "SELECT id FROM customers WHERE code = 'C2'");
  BsnPostingSpec empty_key = { "", "opening", 1795300000, 0, 0, 10, NULL, 0, FALSE };
  BsnPostingSpec no_kind = { "tanpa-jenis:1", NULL, 1795300000, 0, 0, 10, NULL, 0, FALSE };
  BsnPostingSpec twice = { "dua-kali:1", "penyesuaian", bsn_time_now (), 0, 0, 10, NULL, 0, FALSE };
  BsnLeg legs[2] = { { BSN_ACCOUNT_CLEARING, 10, 0 }, { BSN_ACCOUNT_EQUITY, -10, 0 } };
  gint64 postings, opening = 0;

  g_assert_false (bsn_ledger_post (t->db, &empty_key, legs, 2, NULL, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bsn_ledger_post (t->db, &no_kind, legs, 2, NULL, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bsn_ledger_reverse (t->db, 1, NULL, bsn_time_now (), NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Alasan pembatalan wajib diisi");
  g_clear_error (&error);

  g_assert_true (bsn_ledger_post (t->db, &twice, legs, 2, NULL, NULL, &error));
  g_assert_no_error (error);
  postings = count_rows (t->db, "SELECT count(*) FROM postings");
  g_assert_true (bsn_ledger_post (t->db, &twice, legs, 2, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (t->db, "SELECT count(*) FROM postings"), ==, postings);

  g_assert_true (bsn_ledger_post_opening (t->db, customer, 4000, bsn_time_now (), &opening, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bsn_ledger_post_opening (t->db, customer, 4000, bsn_time_now (), NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (t->db, "SELECT count(*) FROM postings"), ==, postings + 1);
  g_assert_true (bsn_ledger_customer_balance (t->db, customer, NULL, NULL, &error));
  g_assert_no_error (error);
  /* A customer id with no account: nothing, no error. */
  {
    gint64 balance = -1, status = -1;

    g_assert_true (bsn_ledger_customer_balance (t->db, 987654, &balance, &status, &error));
    g_assert_no_error (error);
    g_assert_cmpint (balance, ==, 0);
    g_assert_cmpint (status, ==, 0);
  }
  {
    gint64 balance = 0;

    g_assert_true (bsn_ledger_customer_balance (t->db, customer, &balance, NULL, &error));
    g_assert_cmpint (balance, ==, 4000);
  }
}

/* Each read or write of the ledger's operations failing in turn (one
 * statement interrupted): the operation fails with the storage error and
 * the book is as it was (no posting, no audit row), then succeeds. */
typedef struct
{
  const char *sql;        /* the statement that fails */
  const char *op;         /* "opening", "reverse", "duplicate", "balance", "count", "moved", "system",
                           * "account", "status" */
} LedgerFault;

static const LedgerFault ledger_faults[] = {
  { "SELECT id FROM postings WHERE idem_key = ?1", "duplicate" },
  { "INSERT INTO audit", "moved" },
  { "LEFT JOIN postings r ON r.reverses_id = p.id WHERE p.id IN", "opening" },
  { "INSERT INTO legs", "opening" },
  { "INSERT INTO audit", "opening" },
  { "SELECT account_id, amount_rp, earned_rp FROM legs WHERE posting_id", "reverse" },
  { "INSERT INTO audit", "reverse" },
  { "SELECT balance_rp, status_rp FROM accounts WHERE customer_id", "balance" },
  { "SELECT count(*) FROM postings", "count" },
  { "SELECT id FROM accounts WHERE kind = ?1", "system" },
  { "INSERT INTO accounts (kind, customer_id)", "account" },
  { "SELECT coalesce (sum (earned_rp), 0) FROM legs", "status" },
  { "SELECT balance_rp, status_rp FROM accounts WHERE id = ?1", "status" },
};

static gboolean
ledger_op (BsnDb      *db,
           const char *op,
           gint64      posting,
           gint64      customer,
           GError    **error)
{
  BsnLeg legs[2] = { { BSN_ACCOUNT_CLEARING, 10, 0 }, { BSN_ACCOUNT_EQUITY, -10, 0 } };

  if (g_str_equal (op, "duplicate"))
    {
      BsnPostingSpec spec = { "dua:1", "penyesuaian", bsn_time_now (), 0, 0, 10, NULL, 0, FALSE };
      gboolean duplicate = FALSE;

      return bsn_ledger_post (db, &spec, legs, 2, NULL, &duplicate, error) && duplicate;
    }
  if (g_str_equal (op, "moved"))
    {
      BsnPostingSpec spec = { "mundur:1", "penyesuaian", bsn_time_now () - 9 * BSN_SECONDS_PER_DAY, 0, 0, 10, NULL,
                              0, FALSE };

      return bsn_ledger_post (db, &spec, legs, 2, NULL, NULL, error);
    }
  if (g_str_equal (op, "opening"))
    return bsn_ledger_post_opening (db, customer, 7000, bsn_time_now (), NULL, NULL, error);
  if (g_str_equal (op, "reverse"))
    return bsn_ledger_reverse (db, posting, "salah input", bsn_time_now (), NULL, error);
  if (g_str_equal (op, "balance"))
    {
      gint64 balance = -1, status = -1;

      return bsn_ledger_customer_balance (db, customer, &balance, &status, error) && balance >= 0 && status >= 0;
    }
  if (g_str_equal (op, "count"))
    {
      guint64 n = 0;
      BsnPostingFilter all = { 0 };

      return bsn_ledger_count_postings (db, &all, &n, error) && n > 0;
    }
  if (g_str_equal (op, "system"))
    return bsn_ledger_system_account (db, "produsen", error) > 0;
  if (g_str_equal (op, "status"))
    {
      gint64 earner = bsn_db_query_int (db, "SELECT id FROM customers WHERE code = 'C1'", -1);
      gint64 account = bsn_ledger_customer_account (db, earner, error);
      gint64 status = -1, total = -1;

      /* Back-dated before C1's one receipt: what was earned since is
       * taken off the total, nothing left. */
      return account > 0 && bsn_ledger_status_before (db, account, 1795300000, &status, error) && status == 0
             && bsn_ledger_account_balance (db, account, NULL, &total, error) && total > 0;
    }
  g_assert_cmpstr (op, ==, "account");
  return bsn_ledger_customer_account (db, customer, error) > 0;
}

static void
test_ledger_statement_fails (gconstpointer data)
{
  const LedgerFault *f = data;
  gint64 postings[1];
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  gint64 customer, n_postings, n_audit, n_accounts;

  if (bsn_test_skip_on_pg (FAULTS_SQLITE_ONLY))
    return;
  t = book_new (1, postings, NULL);
  customer = count_rows (t->db, "SELECT id FROM customers WHERE code = 'C2'");
  g_assert_true (bsn_auth_add_user (t->db, "sri", BSN_ROLE_PEMILIK, "rahasia-pemilik", &error));
  g_assert_true (bsn_auth_login (t->db, "sri", "rahasia-pemilik", &error));
  g_assert_no_error (error);
  if (g_str_equal (f->op, "duplicate"))
    {
      BsnLeg legs[2] = { { BSN_ACCOUNT_CLEARING, 10, 0 }, { BSN_ACCOUNT_EQUITY, -10, 0 } };
      BsnPostingSpec spec = { "dua:1", "penyesuaian", bsn_time_now (), 0, 0, 10, NULL, 0, FALSE };

      g_clear_error (&error);
      g_assert_true (bsn_ledger_post (t->db, &spec, legs, 2, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  if (g_str_equal (f->op, "account"))
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM accounts WHERE customer_id = %" G_GINT64_FORMAT, customer);

      g_assert_cmpint (bsn_test_raw_exec (t->db, sql), ==, 0);
    }
  n_postings = count_rows (t->db, "SELECT count(*) FROM postings");
  n_audit = count_rows (t->db, "SELECT count(*) FROM audit");
  n_accounts = count_rows (t->db, "SELECT count(*) FROM accounts");

  fail_statement (t->db, f->sql);
  g_assert_false (ledger_op (t->db, f->op, postings[0], customer, &error));
  fail_statement (t->db, NULL);
  g_assert_nonnull (error);
  g_test_message ("%s: %s", f->op, error->message);
  g_assert_true (error->domain == BSN_ERROR);
  g_assert_nonnull (strstr (error->message, "(interrupted)"));
  g_assert_false (bsn_db_in_transaction (t->db));
  g_assert_cmpint (count_rows (t->db, "SELECT count(*) FROM postings"), ==, n_postings);
  g_assert_cmpint (count_rows (t->db, "SELECT count(*) FROM audit"), ==, n_audit);
  g_assert_cmpint (count_rows (t->db, "SELECT count(*) FROM accounts"), ==, n_accounts);

  g_clear_error (&error);
  g_assert_true (ledger_op (t->db, f->op, postings[0], customer, &error));
  g_assert_no_error (error);
}

/* Each statement the ledger's operations prepare failing in turn, on a
 * connection of their own (nothing prepared yet): each run fails with an
 * error and leaves the book as it was, until one runs through. */
static void
test_ledger_prepare_fails (void)
{
  const char *ops[] = { "duplicate", "opening", "reverse", "system", "account" };
  gint64 postings[1];
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  gint64 customer;

  if (bsn_test_skip_on_pg (FAULTS_SQLITE_ONLY))
    return;
  t = book_new (1, postings, NULL);
  customer = count_rows (t->db, "SELECT id FROM customers WHERE code = 'C2'");
  g_assert_true (bsn_auth_add_user (t->db, "sri", BSN_ROLE_PEMILIK, "rahasia-pemilik", &error));
  g_assert_no_error (error);
  {
    BsnLeg legs[2] = { { BSN_ACCOUNT_CLEARING, 10, 0 }, { BSN_ACCOUNT_EQUITY, -10, 0 } };
    BsnPostingSpec spec = { "dua:1", "penyesuaian", bsn_time_now (), 0, 0, 10, NULL, 0, FALSE };

    g_assert_true (bsn_auth_login (t->db, "sri", "rahasia-pemilik", &error));
    g_assert_true (bsn_ledger_post (t->db, &spec, legs, 2, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      guint failed = 0;

      if (g_str_equal (ops[i], "account"))
        {
          g_autofree char *sql = NULL;

          /* A customer whose account is not opened yet. */
          customer = bsn_test_add_customer (t->db, "C9", "Wati");
          sql = g_strdup_printf ("DELETE FROM accounts WHERE customer_id = %" G_GINT64_FORMAT, customer);

          g_assert_cmpint (bsn_test_raw_exec (t->db, sql), ==, 0);
        }
      for (gint k = 0;; k++)
        {
          g_autoptr(BsnDb) db = bsn_db_open (t->path, BSN_DB_OPEN_DEFAULT, &error);
          gint64 n_postings, n_accounts;
          gboolean ok, hit_one;

          g_assert_no_error (error);
          g_assert_true (bsn_auth_login (db, "sri", "rahasia-pemilik", &error));
          n_postings = count_rows (db, "SELECT count(*) FROM postings");
          n_accounts = count_rows (db, "SELECT count(*) FROM accounts");
          arm (FAULT_PREPARE, k);
          ok = ledger_op (db, ops[i], postings[0], customer, &error);
          hit_one = disarm ();
          if (!hit_one)
            {
              g_assert_no_error (error);
              g_assert_true (ok);
              break;
            }
          if (ok)
            {
              /* A read the operation does without (the permission
               * check's refresh of the role): no error, the same result. */
              g_assert_no_error (error);
              continue;
            }
          g_assert_nonnull (error);
          g_assert_true (error->domain == BSN_ERROR);
          g_clear_error (&error);
          g_assert_cmpint (count_rows (db, "SELECT count(*) FROM postings"), ==, n_postings);
          g_assert_cmpint (count_rows (db, "SELECT count(*) FROM accounts"), ==, n_accounts);
          failed++;
        }
      g_test_message ("%s: %u prepares failed in turn", ops[i], failed);
      g_assert_cmpuint (failed, >, 0);
    }
}

/* ---- The ledger's pages ---- */

/* Pages counted by a filter scan the matching postings, checking the
 * cancellable every 65 536 rows: a cancelled count stops with
 * "Dibatalkan"; counted, the pages know their size, filter and newest
 * posting; a filter nothing matches has no newest posting and no page. */
static void
test_pages_filtered (void)
{
  g_autoptr(BsnTestDb) t = book_new (1, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  g_autoptr(BsnLedgerPages) pages = NULL;
  g_autoptr(BsnLedgerPages) none = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  BsnLedgerPages *again;
  gint64 store = count_rows (t->db, "SELECT id FROM stores WHERE code = 'TK'");
  gint64 before = 0, newest;
  const gint64 n = 65536;
  BsnPostingFilter by_store = { store, 0, 0, 0 };
  BsnPostingFilter nobody = { store + 1000, 0, 0, 0 };
  g_autofree char *sql = NULL;
  g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM postings WHERE store_id = %" G_GINT64_FORMAT,
                                                store);

  before = count_rows (t->db, count_sql);
  sql = g_strdup_printf ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %" G_GINT64_FORMAT
                         ") INSERT INTO postings (idem_key, kind, at, store_id, amount_rp, created_at) "
                         "SELECT 'halaman:' || i, 'penyesuaian', 1795300000 + i, %" G_GINT64_FORMAT ", 0, 1795300000 "
                         "FROM n",
                         n, store);
  raw_exec_unchecked (t->db, sql);
  g_assert_cmpint (count_rows (t->db, count_sql), ==, before + n);
  newest = count_rows (t->db, "SELECT max(id) FROM postings");

  g_cancellable_cancel (cancel);
  g_assert_null (bsn_ledger_pages_build (t->db, &by_store, 50, cancel, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_CANCELLED);
  g_assert_cmpstr (error->message, ==, "Dibatalkan");
  g_clear_error (&error);

  pages = bsn_ledger_pages_build (t->db, &by_store, 50, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bsn_ledger_pages_get_n_postings (pages), ==, before + n);
  g_assert_cmpuint (bsn_ledger_pages_get_n_pages (pages), ==, (before + n + 49) / 50);
  g_assert_cmpuint (bsn_ledger_pages_get_page_size (pages), ==, 50);
  g_assert_cmpint (bsn_ledger_pages_get_filter (pages)->store_id, ==, store);
  g_assert_cmpint (bsn_ledger_pages_get_newest_id (pages), ==, newest);
  again = bsn_ledger_pages_ref (pages);
  g_assert_true (again == pages);
  bsn_ledger_pages_unref (again);
  rows = bsn_ledger_pages_list (t->db, pages, bsn_ledger_pages_get_n_pages (pages), &error);
  g_assert_null (rows);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  {
    g_autofree char *expected = g_strdup_printf ("Halaman %u buku poin tidak ada",
                                                 bsn_ledger_pages_get_n_pages (pages) + 1);

    g_assert_cmpstr (error->message, ==, expected);
  }
  g_clear_error (&error);

  none = bsn_ledger_pages_build (t->db, &nobody, 50, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bsn_ledger_pages_get_n_postings (none), ==, 0);
  g_assert_cmpuint (bsn_ledger_pages_get_n_pages (none), ==, 0);
  g_assert_cmpint (bsn_ledger_pages_get_newest_id (none), ==, 0);
}

/* Pages by each kind of filter count what the same filter counts; a book
 * with a gap in its posting ids is counted by a scan, an empty book has
 * no page; an audit row without a subject has an empty one. */
static void
test_pages_each_filter (void)
{
  g_autoptr(BsnTestDb) t = book_new (3, NULL, NULL);
  g_autoptr(BsnTestDb) empty = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  gint64 customer = count_rows (t->db, "SELECT id FROM customers WHERE code = 'C1'");
  BsnPostingFilter filters[] = { { 0, customer, 0, 0 }, { 0, 0, 1795300994, 0 }, { 0, 0, 0, 1795300994 } };
  const char *counts[] = { "SELECT count(*) FROM postings WHERE customer_id = (SELECT id FROM customers "
                           "WHERE code = 'C1')",
                           "SELECT count(*) FROM postings WHERE at >= 1795300994",
                           "SELECT count(*) FROM postings WHERE at < 1795300994" };
  g_autoptr(BsnLedgerPages) none = NULL;
  g_autoptr(BsnLedgerPages) gapped = NULL;
  gint64 all;

  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      g_autoptr(BsnLedgerPages) pages = bsn_ledger_pages_build (t->db, &filters[i], 2, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (count_rows (t->db, counts[i]), >, 0);
      g_assert_cmpuint (bsn_ledger_pages_get_n_postings (pages), ==, (guint64) count_rows (t->db, counts[i]));
    }
  all = count_rows (t->db, "SELECT count(*) FROM postings");
  raw_exec_unchecked (t->db, "INSERT INTO postings (id, idem_key, kind, at, amount_rp, created_at) "
                             "VALUES (100000, 'celah:1', 'penyesuaian', 1795300000, 0, 1795300000)");
  gapped = bsn_ledger_pages_build (t->db, NULL, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bsn_ledger_pages_get_n_postings (gapped), ==, (guint64) all + 1);
  g_assert_cmpint (bsn_ledger_pages_get_newest_id (gapped), ==, 100000);
  none = bsn_ledger_pages_build (empty->db, NULL, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bsn_ledger_pages_get_n_pages (none), ==, 0);
  g_assert_cmpint (bsn_ledger_pages_get_newest_id (none), ==, 0);
  bsn_ledger_pages_unref (NULL);

  g_assert_true (bsn_audit_record (t->db, "uji.tanpa-subjek", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (t->db, "SELECT count(*) FROM audit WHERE action = 'uji.tanpa-subjek' "
                                      "AND subject = ''"), ==, 1);
}

/* The count of a filtered page scan failing: an error, not fewer pages. */
static void
test_pages_scan_fails (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  gint64 store;
  BsnPostingFilter by_store = { 0 };

  if (bsn_test_skip_on_pg (FAULTS_SQLITE_ONLY))
    return;
  t = book_new (2, NULL, NULL);
  store = count_rows (t->db, "SELECT id FROM stores WHERE code = 'TK'");
  by_store.store_id = store;
  fail_statement (t->db, "SELECT p.id FROM postings p");
  g_assert_null (bsn_ledger_pages_build (t->db, &by_store, 10, NULL, &error));
  fail_statement (t->db, NULL);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_cmpstr (error->message, ==, "Menghitung posting: kesalahan basis data (interrupted)");
}

/* ---- The audit trail ---- */

/* Control characters in an audit value are escaped as JSON says; the
 * trail read failing half way is an error, not a shorter trail. */
static void
test_audit_json_and_list (void)
{
  g_autofree char *json = bsn_audit_json ("alasan", BSN_AUDIT_STR, "baris\nkedua\t\"kutip\"\\", "n", BSN_AUDIT_INT,
                                          (gint64) -5, "kosong", BSN_AUDIT_STR, NULL, NULL);
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_assert_cmpstr (json, ==, "{\"alasan\":\"baris\\u000akedua\\u0009\\\"kutip\\\"\\\\\",\"n\":-5,\"kosong\":null}");
  bsn_audit_entry_free (NULL);
  if (bsn_test_skip_on_pg (FAULTS_SQLITE_ONLY))
    return;
  t = bsn_test_db_new ();
  g_assert_true (bsn_audit_record (t->db, "uji.satu", "A", NULL, json, &error));
  g_assert_true (bsn_audit_record (t->db, "uji.dua", "B", NULL, NULL, &error));
  g_assert_no_error (error);
  fail_statement (t->db, "FROM audit WHERE (?1 = 0 OR at >= ?1)");
  list = bsn_audit_list (t->db, 0, 0, NULL, &error);
  fail_statement (t->db, NULL);
  g_assert_null (list);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_cmpstr (error->message, ==, "Membaca jejak audit: kesalahan basis data (interrupted)");
  g_clear_error (&error);
  list = bsn_audit_list (t->db, 0, 0, "uji", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((BsnAuditEntry *) g_ptr_array_index (list, 1))->after, ==, json);
}

/* ---- The hash chain ---- */

/* The problems of the whole book check, and whether it passed. */
static char *
book_problems (BsnDb    *db,
               gboolean *out_ok)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnBookCheck) check = bsn_chain_check_book (db, NULL, &error);
  g_autoptr(GString) all = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (check);
  for (guint i = 0; i < check->problems->len; i++)
    g_string_append_printf (all, "%s\n", (const char *) g_ptr_array_index (check->problems, i));
  for (guint i = 0; i < check->ledger->problems->len; i++)
    g_string_append_printf (all, "%s\n", (const char *) g_ptr_array_index (check->ledger->problems, i));
  *out_ok = check->ok;
  g_test_message ("problems:\n%s", all->str);
  return g_string_free (g_steal_pointer (&all), FALSE);
}

/* Chain entries forged beside the application, each malformed its own
 * way: a kind the chain does not know; a user's content hash that is 64
 * characters but not hex, of no stored length, base64 that is not 32
 * bytes; a stored hash too long to be one. Each is named as a broken
 * entry, the user entry with a valid content also as a broken link; the
 * fingerprint shows the unreadable head as it is; and the next commit
 * seals on from it (the next entries check on their own). */
static void
test_chain_entries_malformed (void)
{
  g_autoptr(BsnTestDb) t = book_new (1, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *problems = NULL;
  g_autofree char *content = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *head = NULL;
  g_autofree char *nothex = g_strnfill (64, 'z');
  g_autofree char *short_hash = g_strnfill (43, 'a');
  g_autofree char *wide = g_strnfill (44, 'A');
  g_autofree char *too_long = g_strnfill (70, 'x');
  gint64 next, user;
  guint64 entries = 0;
  gboolean ok = TRUE;

  g_assert_true (bsn_auth_add_user (t->db, "sri", BSN_ROLE_PEMILIK, "rahasia-pemilik", &error));
  g_assert_no_error (error);
  next = count_rows (t->db, "SELECT max(seq) + 1 FROM chain");
  user = count_rows (t->db, "SELECT id FROM users WHERE name = 'sri'");
  {
    g_autoptr(BsnDb) db = bsn_db_ref (t->db);
    BsnStmt *stmt = bsn_db_prepare (db, "SELECT content_hash FROM chain WHERE kind = 'u' ORDER BY seq DESC", &error);

    g_assert_no_error (error);
    g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_ROW);
    content = g_strdup (bsn_stmt_column_text (stmt, 0));
    bsn_stmt_reset (stmt);
  }
  sql = g_strdup_printf ("INSERT INTO chain (seq, kind, ref_id, content_hash, hash) VALUES "
                         "(%" G_GINT64_FORMAT ", 'z', 1, '%s', '%s'),"
                         "(%" G_GINT64_FORMAT ", 'u', %" G_GINT64_FORMAT ", '%s', '%s'),"
                         "(%" G_GINT64_FORMAT ", 'u', %" G_GINT64_FORMAT ", '%s', '%s'),"
                         "(%" G_GINT64_FORMAT ", 'u', %" G_GINT64_FORMAT ", '%s', '%s'),"
                         "(%" G_GINT64_FORMAT ", 'u', %" G_GINT64_FORMAT ", '%s', '%s')",
                         next, content, content,
                         next + 1, user, nothex, content,
                         next + 2, user, short_hash, content,
                         next + 3, user, wide, content,
                         next + 4, user, content, too_long);
  g_assert_cmpint (bsn_test_raw_exec (t->db, sql), ==, 0);

  problems = book_problems (t->db, &ok);
  g_assert_false (ok);
  for (gint64 seq = next; seq <= next + 4; seq++)
    {
      g_autofree char *broken = g_strdup_printf ("Entri rantai %" G_GINT64_FORMAT " rusak atau tidak berurutan", seq);

      g_assert_nonnull (strstr (problems, broken));
    }
  {
    g_autofree char *link = g_strdup_printf ("Rantai putus di entri %" G_GINT64_FORMAT " (Pengguna #%" G_GINT64_FORMAT
                                             ")", next + 4, user);

    g_assert_nonnull (strstr (problems, link));
  }
  g_assert_true (bsn_db_chain_head (t->db, &head, &entries, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (head, ==, too_long);
  g_assert_cmpuint (entries, ==, (guint64) next + 4);

  /* A commit seals on: its entries follow the unreadable one. */
  bsn_test_add_customer (t->db, "C7", "Rina");
  g_assert_cmpint (count_rows (t->db, "SELECT max(seq) FROM chain"), >, next + 4);
  g_clear_pointer (&problems, g_free);
  problems = book_problems (t->db, &ok);
  g_assert_false (ok);
  g_assert_null (strstr (problems, "Pelanggan"));
}

/* Rows edited beside the application (foreign keys off): the first
 * posting deleted with its legs left, a posting after the last sealed
 * one, a leg of a posting that is not there between them. The check
 * hands every leg on to the ledger's checks in order and names each. */
static void
test_chain_unsealed_rows (void)
{
  gint64 postings[2];
  g_autoptr(BsnTestDb) t = book_new (2, postings, NULL);
  g_autofree char *problems = NULL;
  g_autofree char *sql = NULL;
  gint64 last = count_rows (t->db, "SELECT max(id) FROM postings");
  gint64 account = count_rows (t->db, "SELECT min(id) FROM accounts WHERE kind = 'customer'");
  gboolean ok = TRUE;

  g_assert_true (bsn_test_drop_trigger (t->db, "postings_no_delete"));
  sql = g_strdup_printf ("DELETE FROM postings WHERE id = %" G_GINT64_FORMAT ";"
                         "INSERT INTO postings (id, idem_key, kind, at, amount_rp, created_at) "
                         "VALUES (%" G_GINT64_FORMAT ", 'lepas:1', 'penyesuaian', 1795300000, 0, 1795300000);"
                         "INSERT INTO legs (posting_id, account_id, amount_rp, earned_rp, at) VALUES "
                         "(%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 7, 0, 1795300000)",
                         postings[0], last + 2, last + 1, account);
  raw_exec_unchecked (t->db, sql);
  problems = book_problems (t->db, &ok);
  g_assert_false (ok);
  {
    g_autofree char *gone = g_strdup_printf ("Posting #%" G_GINT64_FORMAT " sudah dihapus", postings[0]);
    g_autofree char *orphan = g_strdup_printf ("Posting #%" G_GINT64_FORMAT " hanya punya satu kaki", last + 1);
    g_autofree char *unsealed = g_strdup_printf ("Posting #%" G_GINT64_FORMAT " tidak tercatat di rantai", last + 2);

    g_assert_nonnull (strstr (problems, gone));
    g_assert_nonnull (strstr (problems, orphan));
    g_assert_nonnull (strstr (problems, unsealed));
  }
}

/* A posting written beside the application with the largest id there is
 * (and balanced legs, so the ledger's sums hold): not sealed by any chain
 * entry, named as such like any other (was: passed over, the book found
 * sound). */
static void
test_chain_unsealed_last_id (void)
{
  g_autoptr(BsnTestDb) t = book_new (1, NULL, NULL);
  g_autofree char *problems = NULL;
  gboolean ok = TRUE;

  g_autoptr(GError) error = NULL;
  gint64 produsen = bsn_ledger_system_account (t->db, "produsen", &error);
  g_autofree char *sql = NULL;

  g_assert_no_error (error);
  sql = g_strdup_printf ("INSERT INTO postings (id, idem_key, kind, at, amount_rp, created_at) "
                         "VALUES (9223372036854775807, 'akhir:1', 'penyesuaian', 1795300000, 10, 1795300000);"
                         "INSERT INTO legs (posting_id, account_id, amount_rp, earned_rp, at) VALUES "
                         "(9223372036854775807, 2, 10, 0, 1795300000),"
                         "(9223372036854775807, %" G_GINT64_FORMAT ", -10, 0, 1795300000);"
                         "UPDATE accounts SET balance_rp = "
                         "(SELECT coalesce (sum (amount_rp), 0) FROM legs WHERE account_id = accounts.id) "
                         "WHERE id IN (2, %" G_GINT64_FORMAT ")",
                         produsen, produsen);
  raw_exec_unchecked (t->db, sql);
  problems = book_problems (t->db, &ok);
  /* The ledger's own sums hold: the chain alone finds it. */
  g_assert_cmpstr (problems, ==, "Posting #9223372036854775807 tidak tercatat di rantai (ditambahkan di luar aplikasi)\n");
  g_assert_false (ok);
}

/* A user named by an audit row of the user actions but not in the users
 * table (a row of another tool's): sealing passes over it, and the book
 * stays sound. A chain emptied beside the application has the zero head. */
static void
test_chain_user_gone_and_empty (void)
{
  g_autoptr(BsnTestDb) t = book_new (1, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *problems = NULL;
  g_autofree char *head = NULL;
  g_autofree char *zeros = g_strnfill (64, '0');
  gint64 before;
  guint64 entries = 7;
  gboolean ok = FALSE;

  before = count_rows (t->db, "SELECT count(*) FROM chain WHERE kind = 'u'");
  g_assert_true (bsn_audit_record (t->db, "user.add", "hantu", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (t->db, "SELECT count(*) FROM chain WHERE kind = 'u'"), ==, before);
  problems = book_problems (t->db, &ok);
  g_assert_true (ok);

  g_assert_true (bsn_test_drop_trigger (t->db, "chain_no_delete"));
  g_assert_cmpint (bsn_test_raw_exec (t->db, "DELETE FROM chain"), ==, 0);
  g_assert_true (bsn_db_chain_head (t->db, &head, &entries, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (head, ==, zeros);
  g_assert_cmpuint (entries, ==, 0);
}

/* A book opened at an older schema (no chain yet) whose file another
 * process upgrades while the check reads it: the check's second
 * transaction sees the chain and checks it; that check failing (its scan
 * interrupted) is an error, not a book without history. The upgrade is
 * made from a progress callback of the old connection. */
static const char *upgrade_path;
static gboolean upgraded;

static int
upgrade_then_interrupt (void *data)
{
  sqlite3 *raw = data;
  gboolean verifying = FALSE;

  /* Upgraded while verify reads the accounts: after the check chose the
   * old schema's way, before it reads the history. */
  for (sqlite3_stmt *s = sqlite3_next_stmt (raw, NULL); s != NULL; s = sqlite3_next_stmt (raw, s))
    if (sqlite3_stmt_busy (s) && sqlite3_sql (s) != NULL
        && strstr (sqlite3_sql (s), "kind = 'customer', balance_rp, status_rp FROM accounts") != NULL)
      verifying = TRUE;
  if (verifying && !upgraded)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BsnDb) other = NULL;

      upgraded = TRUE;
      other = bsn_db_open (upgrade_path, BSN_DB_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      g_assert_cmpint (bsn_db_get_user_version (other), ==, bsn_db_schema_version ());
    }
  return interrupt_statement (data);
}

static void
test_chain_upgraded_while_checked (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) old = NULL;
  g_autoptr(BsnBookCheck) check = NULL;

  if (bsn_test_skip_on_pg ("SQLite only: a file left at schema 12, upgraded by another connection"))
    return;
  dir = g_dir_make_tmp ("bsn-books-XXXXXX", NULL);
  path = g_build_filename (dir, "lama.db", NULL);
  old = bsn_db_open_at_version (path, 12, &error);
  g_assert_no_error (error);
  g_clear_pointer (&old, bsn_db_unref);
  old = bsn_db_open (path, BSN_DB_OPEN_READONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_get_user_version (old), ==, 12);

  upgrade_path = path;
  upgraded = FALSE;
  interrupted_sql = "FROM chain ORDER BY seq";
  sqlite3_progress_handler (bsn_db_get_sqlite (old), 1, upgrade_then_interrupt, bsn_db_get_sqlite (old));
  check = bsn_chain_check_book (old, NULL, &error);
  fail_statement (old, NULL);
  g_assert_true (upgraded);
  g_assert_null (check);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_cmpstr (error->message, ==, "Memeriksa rantai buku: kesalahan basis data (interrupted)");
  g_clear_error (&error);

  /* Read again, the upgraded book checks sound. */
  check = bsn_chain_check_book (old, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (check->ok);
  g_clear_pointer (&old, bsn_db_unref);
  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

        g_unlink (file);
      }
    g_rmdir (dir);
  }
}

/* The check's walk of the chain failing while the legs are still being
 * read beside it (more of them than its blocks hold): the reader is told
 * to stop, stops, and the check fails with the walk's error. */
static void
test_chain_walk_fails_beside (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnBookCheck) check = NULL;

  if (bsn_test_skip_on_pg (FAULTS_SQLITE_ONLY))
    return;
  t = book_new (1, NULL, NULL);
  raw_exec_unchecked (t->db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8000) "
                             "INSERT INTO legs (posting_id, account_id, amount_rp, earned_rp, at) "
                             "SELECT 2000000 + i, 1, 0, 0, 1795300000 FROM n");
  fail_statement (t->db, "FROM chain ORDER BY seq");
  check = bsn_chain_check_book (t->db, NULL, &error);
  fail_statement (t->db, NULL);
  g_assert_null (check);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_cmpstr (error->message, ==, "Memeriksa rantai buku: kesalahan basis data (interrupted)");
  g_clear_error (&error);
  check = bsn_chain_check_book (t->db, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (check->ok);
  g_assert_true (has_problem (check->ledger->problems, "Posting #2000001 hanya punya satu kaki"));
}

/* A witness written short (start…end of the head) holds only when both
 * ends are there and match the head; the fingerprint of a head shorter
 * than its ends repeats it; the witness text in its other spellings. */
static void
test_chain_witness_short_forms (void)
{
  g_autoptr(BsnTestDb) t = book_new (1, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnBookCheck) check = bsn_chain_check_book (t->db, NULL, &error);
  g_autofree char *head = NULL;
  g_autofree char *long_suffix = NULL;
  struct { const char *prefix; const char *suffix; gboolean holds; } forms[] = {
    { "", NULL, FALSE },       /* no start */
    { NULL, "", FALSE },       /* no end */
    { "0000", NULL, FALSE },   /* another start (see below) */
    { NULL, "000", FALSE },    /* another end */
    { NULL, NULL, TRUE },
  };
  g_autofree char *fingerprint = bsn_chain_fingerprint ("ab", 1234567);
  g_autofree char *hex = NULL;
  guint64 n = 0;

  g_assert_no_error (error);
  g_assert_true (check->ok);
  head = g_strdup (check->head);
  g_assert_cmpuint (strlen (head), ==, 64);
  if (g_str_has_prefix (head, "0000"))
    forms[2].prefix = "1111";
  if (g_str_has_suffix (head, "000"))
    forms[3].suffix = "111";
  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *prefix = forms[i].prefix ? g_strdup (forms[i].prefix) : g_strndup (head, 4);
      g_autofree char *suffix = forms[i].suffix ? g_strdup (forms[i].suffix) : g_strdup (head + 61);
      g_autofree char *witness = g_strdup_printf ("%s…%s@%" G_GUINT64_FORMAT, prefix, suffix, check->entries);
      g_autoptr(BsnBookCheck) again = bsn_chain_check_book (t->db, witness, &error);

      g_assert_no_error (error);
      g_assert_true (again->witness_ok == forms[i].holds);
    }
  /* An end longer than the head itself. */
  long_suffix = g_strdup_printf ("%.4s…0%s@%" G_GUINT64_FORMAT, head, head, check->entries);
  {
    g_autoptr(BsnBookCheck) again = bsn_chain_check_book (t->db, long_suffix, &error);

    g_assert_no_error (error);
    g_assert_false (again->witness_ok);
  }

  g_assert_cmpstr (fingerprint, ==, "Sidik buku: ab…ab @ 1.234.567");
  g_assert_false (bsn_chain_parse_witness (NULL, &hex, &n, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Saksi “” tidak sah: tulis HEX@JUMLAH, misalnya 3f2a…c91@48211");
  g_clear_error (&error);
  g_assert_false (bsn_chain_parse_witness ("@5", &hex, &n, &error));
  g_clear_error (&error);
  g_assert_false (bsn_chain_parse_witness ("3f2a@1234567890123456789", &hex, &n, &error));
  g_clear_error (&error);
  g_assert_null (hex);
  g_assert_true (bsn_chain_parse_witness ("3f.2a@48,211", &hex, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hex, ==, "3f.2a");
  g_assert_cmpuint (n, ==, 48211);
}

/* A value longer than the hasher's buffer (an audit row's long reason)
 * is hashed whole, when sealed and when checked: the book checks sound. */
static void
test_chain_long_value (void)
{
  g_autoptr(BsnTestDb) t = book_new (1, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = g_strnfill (4000, 'r');
  g_autofree char *after = bsn_audit_json ("alasan", BSN_AUDIT_STR, reason, NULL);
  g_autofree char *problems = NULL;
  gboolean ok = FALSE;

  g_assert_true (bsn_audit_record (t->db, "uji.panjang", "X", NULL, after, &error));
  g_assert_no_error (error);
  problems = book_problems (t->db, &ok);
  g_assert_true (ok);
  g_assert_cmpstr (problems, ==, "");
  /* The same row edited (its trigger dropped): named. */
  g_assert_true (bsn_test_drop_trigger (t->db, "audit_no_update"));
  g_assert_cmpint (bsn_test_raw_exec (t->db, "UPDATE audit SET after = replace (after, 'rrr', 'rrR') "
                                             "WHERE action = 'uji.panjang'"), ==, 0);
  g_clear_pointer (&problems, g_free);
  problems = book_problems (t->db, &ok);
  g_assert_false (ok);
  g_assert_nonnull (strstr (problems, "diubah setelah dicatat"));
}

/* A witness is HEX@COUNT, the count in groups; anything else after the @
 * or a hex part with letters that are not hex is refused. */
static void
test_chain_witness_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hex = NULL;
  guint64 n = 0;

  g_assert_true (bsn_chain_parse_witness ("Sidik buku: 3f2a…c91 @ 48.211", &hex, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hex, ==, "3f2a…c91");
  g_assert_cmpuint (n, ==, 48211);
  g_assert_false (bsn_chain_parse_witness ("3f2a@12x", &hex, &n, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Saksi “3f2a@12x” tidak sah: tulis HEX@JUMLAH, misalnya 3f2a…c91@48211");
  g_clear_error (&error);
  g_assert_false (bsn_chain_parse_witness ("3fzz@12", &hex, &n, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (hex, ==, "3f2a…c91");
  bsn_chain_check_free (NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);
  g_test_add_func ("/books/auth/users-list-read-fails", test_users_list_read_fails);
  g_test_add_func ("/books/auth/login-prepare-fails", test_auth_login_prepare_fails);
  g_test_add_func ("/books/auth/role-table", test_auth_role_table);
  g_test_add_func ("/books/auth/missing-names", test_auth_missing_names);
  g_test_add_func ("/books/auth/server-user-unreadable", test_server_user_unreadable);
  g_test_add_func ("/books/backup/daily-folder-unlistable", test_daily_folder_unlistable);
  g_test_add_func ("/books/backup/small-paths", test_backup_small_paths);
  g_test_add_func ("/books/restore/staging-fails", test_restore_staging_fails);
  g_test_add_func ("/books/verify/ids-out-of-range", test_verify_ids_out_of_range);
  g_test_add_func ("/books/verify/orphan-rows", test_verify_orphan_rows);
  g_test_add_func ("/books/verify/ids-beyond-index", test_verify_ids_beyond_index);
  g_test_add_func ("/books/verify/claims-elsewhere", test_verify_claims_elsewhere);
  g_test_add_func ("/books/verify/scans-fail", test_verify_scans_fail);
  g_test_add_func ("/books/verify/reversal-read-fails", test_check_reversal_read_fails);
  g_test_add_func ("/books/verify/claim-name-unreadable", test_verify_claim_name_unreadable);
  g_test_add_func ("/books/scan/claims-before-postings", test_scan_claims_before_postings);
  g_test_add_func ("/books/scan/out-of-range-rows", test_scan_out_of_range_rows);
  g_test_add_func ("/books/scan/claim-passed", test_scan_claim_passed);
  g_test_add_func ("/books/scan/window-overflows", test_scan_window_overflows);
  g_test_add_func ("/books/scan/claims-overflow", test_scan_claims_overflow);
  g_test_add_func ("/books/ledger/refused-shapes", test_ledger_refused_shapes);
  g_test_add_func ("/books/ledger/system-legs", test_ledger_system_legs);
  g_test_add_func ("/books/ledger/clock-and-roles", test_ledger_clock_and_roles);
  g_test_add_func ("/books/ledger/optional-outs", test_ledger_optional_outs);
  g_test_add_func ("/books/pages/filtered", test_pages_filtered);
  g_test_add_func ("/books/pages/each-filter", test_pages_each_filter);
  g_test_add_func ("/books/pages/scan-fails", test_pages_scan_fails);
  g_test_add_func ("/books/audit/json-and-list", test_audit_json_and_list);
  g_test_add_func ("/books/chain/entries-malformed", test_chain_entries_malformed);
  g_test_add_func ("/books/chain/unsealed-rows", test_chain_unsealed_rows);
  g_test_add_func ("/books/chain/unsealed-last-id", test_chain_unsealed_last_id);
  g_test_add_func ("/books/chain/user-gone-and-empty", test_chain_user_gone_and_empty);
  g_test_add_func ("/books/chain/upgraded-while-checked", test_chain_upgraded_while_checked);
  g_test_add_func ("/books/chain/walk-fails-beside", test_chain_walk_fails_beside);
  g_test_add_func ("/books/chain/witness-short-forms", test_chain_witness_short_forms);
  g_test_add_func ("/books/chain/long-value", test_chain_long_value);
  g_test_add_func ("/books/chain/witness-text", test_chain_witness_text);
  g_test_add_func ("/books/ledger/prepare-fails", test_ledger_prepare_fails);
  for (guint i = 0; i < G_N_ELEMENTS (ledger_faults); i++)
    {
      g_autofree char *path = g_strdup_printf ("/books/ledger/statement-fails/%u-%s", i, ledger_faults[i].op);

      g_test_add_data_func (path, &ledger_faults[i], test_ledger_statement_fails);
    }
  return g_test_run ();
}
