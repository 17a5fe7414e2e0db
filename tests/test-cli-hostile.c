/* test-cli-hostile.c — bsn-loyalty-cli against hostile files and a
 * hostile system: a 10 MB CSV line (peak memory), a file-size limit, a
 * read-only or foreign database, umask 000 (exports and backups stay
 * owner-only), a killed export's temporary file. Each run is a child
 * whose limits, umask or user are set between fork and exec, and whose
 * peak RSS comes from wait4(). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>
#include <grp.h>

#include "bsn-test-util.h"

typedef struct
{
  int         status;      /* exit code, or 128 + signal */
  glong       maxrss_kib;
  char       *out;
  JsonParser *parser;
  JsonObject *json;
} Run;

static void
run_free (Run *r)
{
  g_free (r->out);
  g_clear_object (&r->parser);
  g_free (r);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

/* What the child gets before exec. */
typedef struct
{
  gboolean set_umask;
  mode_t   umask;
  rlim_t   fsize;          /* 0: no limit set */
  uid_t    uid;            /* 0: keep */
  gid_t    gid;
} Child;

static char *test_dir;

static void
child_setup (gpointer data)
{
  const Child *c = data;

  if (c->set_umask)
    umask (c->umask);
  if (c->fsize > 0)
    {
      struct rlimit rl = { c->fsize, c->fsize };
      setrlimit (RLIMIT_FSIZE, &rl);
    }
  if (c->uid != 0)
    {
      if (setgroups (0, NULL) != 0 || setgid (c->gid) != 0 || setuid (c->uid) != 0)
        _exit (125);
    }
}

/* Runs the CLI with --db @db --json and the NULL-terminated arguments. */
G_GNUC_NULL_TERMINATED
static Run *
cli_as (const Child *child,
        const char  *db,
        ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out_path = g_build_filename (test_dir, "stdout", NULL);
  g_autoptr(GError) error = NULL;
  Child none = { 0 };
  Run *r = g_new0 (Run, 1);
  struct rusage ru;
  const char *arg;
  va_list ap;
  GPid pid;
  int out_fd, status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("BSN_CLI"));
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, (gpointer) db);
  g_ptr_array_add (argv, "--json");
  va_start (ap, db);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  out_fd = g_open (out_path, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0644);
  g_assert_cmpint (out_fd, >=, 0);
  g_spawn_async_with_fds (NULL, (char **) argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD, child_setup,
                          (gpointer) (child ? child : &none), &pid, -1, out_fd, -1, &error);
  g_assert_no_error (error);
  close (out_fd);
  g_assert_cmpint (wait4 (pid, &status, 0, &ru), ==, pid);
  r->status = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
  r->maxrss_kib = ru.ru_maxrss;
  g_assert_true (g_file_get_contents (out_path, &r->out, NULL, NULL));
  r->parser = json_parser_new ();
  if (json_parser_load_from_data (r->parser, r->out, -1, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (r->parser)))
    r->json = json_node_get_object (json_parser_get_root (r->parser));
  if (g_test_verbose ())
    g_printerr ("%s: exit %d, %ld KiB\n%s", (char *) argv->pdata[4], r->status, r->maxrss_kib, r->out);
  return r;
}

#define cli(...) cli_as (NULL, __VA_ARGS__)

static void
assert_exit (const Run *r,
             int        code)
{
  if (r->status != code)
    g_error ("exit %d, expected %d: %s", r->status, code, r->out);
  g_assert_nonnull (r->json);
  g_assert_true (json_object_get_boolean_member (r->json, "ok") == (code == 0));
}

static char *
path_in_test_dir (const char *name)
{
  return g_build_filename (test_dir, name, NULL);
}

/* A database with one store (TK) and two customers. */
static char *
make_db (const char *name)
{
  char *db = path_in_test_dir (name);
  g_autoptr(Run) init = cli (db, "init", NULL);
  g_autoptr(Run) store = cli (db, "store", "add", "--code", "TK", "--name", "Toko", "--role", "toko", "--band", "low",
                              "--level", "Plus", "--scheme", "stopwatch", "--opening", "07:00", NULL);
  g_autoptr(Run) c1 = cli (db, "customer", "add", "--code", "C1", "--name", "Siti", NULL);
  g_autoptr(Run) c2 = cli (db, "customer", "add", "--code", "C2", "--name", "Budi", NULL);

  assert_exit (init, 0);
  assert_exit (store, 0);
  assert_exit (c1, 0);
  assert_exit (c2, 0);
  return db;
}

/* One integer from the database file, read behind the CLI's back. */
static gint64
query_int (const char *db,
           const char *sql)
{
  sqlite3 *raw = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 v = -1;

  g_assert_cmpint (sqlite3_open_v2 (db, &raw, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (raw, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (raw);
  return v;
}

static gboolean
integrity_ok (const char *db)
{
  sqlite3 *raw = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  g_assert_cmpint (sqlite3_open_v2 (db, &raw, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (raw, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  ok = sqlite3_step (stmt) == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  sqlite3_close (raw);
  return ok;
}

static gboolean
sanitized (void)
{
#ifdef BSN_TEST_SANITIZED
  return TRUE;
#else
  return FALSE;
#endif
}

static void
append_row (GString    *csv,
            const char *receipt,
            const char *customer,
            guint       minute)
{
  g_string_append_printf (csv, "%s,TK,%s,250000,2026-11-22T14:%02u:00,5\n", receipt, customer, minute);
}

/* A 10 MB line (and a 10 MB line of separators) among good rows: both are
 * rejected by line number, the rows after them are imported, the exit is
 * 3, and the CLI's peak memory stays under 64 MiB. */
static void
test_import_huge_line (void)
{
  g_autofree char *db = make_db ("huge.db");
  g_autofree char *csv_path = path_in_test_dir ("huge.csv");
  g_autoptr(GString) csv = g_string_new ("receipt,store,customer,amount,at,digit\n");
  g_autoptr(Run) r = NULL;
  JsonArray *rejected;

  append_row (csv, "H1", "C1", 1);                                       /* line 2 */
  g_string_append (csv, "H2,TK,C1,250000,2026-11-22T14:02:00,");         /* line 3 */
  for (guint i = 0; i < 10 * 1000 * 1000; i++)
    g_string_append_c (csv, '7');
  g_string_append_c (csv, '\n');
  append_row (csv, "H3", "C2", 3);                                       /* line 4 */
  for (guint i = 0; i < 10 * 1000 * 1000; i++)                           /* line 5 */
    g_string_append_c (csv, ',');
  g_string_append_c (csv, '\n');
  append_row (csv, "H4", "C1", 4);                                       /* line 6 */
  append_row (csv, "H5", "C2", 5);                                       /* line 7 */
  g_assert_true (g_file_set_contents (csv_path, csv->str, (gssize) csv->len, NULL));

  r = cli (db, "import", "sales", csv_path, NULL);
  assert_exit (r, 3);
  g_assert_cmpint (json_object_get_int_member (r->json, "imported"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (r->json, "rows"), ==, 6);
  rejected = json_object_get_array_member (r->json, "rejected");
  g_assert_cmpuint (json_array_get_length (rejected), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rejected, 0), "line"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rejected, 1), "line"), ==, 5);
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (rejected, 1), "reason"),
                            "64 KiB"));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM receipts WHERE receipt IN ('H1','H3','H4','H5')"), ==, 4);
  g_test_message ("peak RSS of the import: %ld KiB", r->maxrss_kib);
  if (sanitized ())
    g_test_message ("RSS bound not checked: the sanitizers' shadow memory and quarantine are not the importer's");
  else
    g_assert_cmpint (r->maxrss_kib, <, 64 * 1024);
}

/* Past RLIMIT_FSIZE a write fails with EFBIG (SIGXFSZ is ignored): the
 * import exits 4, and the database is exactly as before and intact. */
static void
test_file_size_limit (void)
{
  g_autofree char *db = make_db ("fsize.db");
  g_autofree char *csv_path = path_in_test_dir ("fsize.csv");
  g_autoptr(GString) csv = g_string_new ("receipt,store,customer,amount,at,digit\n");
  g_autoptr(Run) r = NULL, v = NULL;
  struct stat st;
  Child limited = { 0 };

  /* The WAL grows past the database file's size in the first batch. */
  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (csv, "F%05u,TK,C%u,250000,2026-11-22T%02u:%02u:00,%u\n", i, 1 + i % 2, 8 + i / 600,
                            i / 10 % 60, i % 10);
  g_assert_true (g_file_set_contents (csv_path, csv->str, (gssize) csv->len, NULL));
  g_assert_cmpint (g_stat (db, &st), ==, 0);
  limited.fsize = (rlim_t) st.st_size + 64 * 1024;
  r = cli_as (&limited, db, "import", "sales", csv_path, NULL);
  assert_exit (r, 4);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM receipts"), ==, 0);
  g_assert_true (integrity_ok (db));
  v = cli (db, "verify", NULL);
  assert_exit (v, 0);
}

/* Another process holds the write lock past the busy timeout (5 s, the
 * BEGIN retried): the write exits 4 and changes nothing. */
static void
test_locked_database (void)
{
  g_autofree char *db = make_db ("locked.db");
  g_autoptr(Run) r = NULL;
  sqlite3 *holder = NULL;

  g_assert_cmpint (sqlite3_open (db, &holder), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (holder, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  r = cli (db, "customer", "add", "--code", "KUNCI", "--name", "Terkunci", NULL);
  assert_exit (r, 4);
  g_assert_nonnull (strstr (json_object_get_string_member (r->json, "error"), "sedang dipakai proses lain"));
  sqlite3_exec (holder, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (holder);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM customers WHERE code = 'KUNCI'"), ==, 0);
}

/* A file that is not a database at all: exit 4, the file untouched. */
static void
test_not_a_database (void)
{
  g_autofree char *db = path_in_test_dir ("garbage.db");
  g_autofree char *before = g_strnfill (8192, 'x');
  g_autofree char *after = NULL;
  g_autoptr(Run) r = NULL;
  gsize len;

  g_assert_true (g_file_set_contents (db, before, -1, NULL));
  r = cli (db, "store", "list", NULL);
  assert_exit (r, 4);
  g_assert_true (g_file_get_contents (db, &after, &len, NULL));
  g_assert_cmpstr (after, ==, before);
}

/* Root ignores file modes: the read-only cases run the CLI as "nobody". */
static gboolean
unprivileged (Child *child)
{
  struct passwd *pw;

  memset (child, 0, sizeof *child);
  if (geteuid () != 0)
    return TRUE;
  pw = getpwnam ("nobody");
  if (pw == NULL)
    return FALSE;
  child->uid = pw->pw_uid;
  child->gid = pw->pw_gid;
  return TRUE;
}

/* A database on read-only media (file 0444 in a 0555 folder): listing and
 * verify work read-only; a write exits 4 and changes nothing. */
static void
test_read_only_database (void)
{
  g_autofree char *dir = path_in_test_dir ("ro");
  g_autofree char *name = NULL;
  g_autofree char *db = NULL;
  Child nobody;

  if (!unprivileged (&nobody))
    {
      g_test_skip ("running as root and there is no user “nobody” to drop to");
      return;
    }
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  name = g_build_filename ("ro", "toko.db", NULL);
  {
    g_autofree char *made = make_db (name);
    db = g_strdup (made);
  }
  g_assert_cmpint (g_chmod (db, 0444), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  g_assert_cmpint (g_chmod (test_dir, 0755), ==, 0);
  {
    g_autoptr(Run) list = cli_as (&nobody, db, "customer", "list", NULL);
    g_autoptr(Run) ver = cli_as (&nobody, db, "verify", NULL);
    g_autoptr(Run) add = cli_as (&nobody, db, "customer", "add", "--code", "C3", "--name", "Ani", NULL);

    assert_exit (list, 0);
    assert_exit (ver, 0);
    assert_exit (add, 4);
  }
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM customers WHERE code = 'C3'"), ==, 0);
  g_chmod (dir, 0755);
}

static void
assert_mode_0600 (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
}

/* Under umask 000 every export, report and backup is 0600, and a stale
 * temporary file of a killed export is gone after the next run, while one
 * that a live writer holds stays. */
static void
test_owner_only_outputs (void)
{
  g_autofree char *db = make_db ("umask.db");
  g_autofree char *csv = path_in_test_dir ("bagi.csv");
  g_autofree char *json = path_in_test_dir ("bagi.json");
  g_autofree char *xlsx = path_in_test_dir ("bagi.xlsx");
  g_autofree char *ledger = path_in_test_dir ("buku.xlsx");
  g_autofree char *bak = path_in_test_dir ("cadangan.db");
  g_autofree char *stale = g_strconcat (csv, ".0badf00d.tmp", NULL);
  g_autofree char *held = g_strconcat (csv, ".abcdef12.tmp", NULL);
  g_autofree char *other = g_strconcat (csv, ".notatemp.tmp", NULL);
  Child open_umask = { .set_umask = TRUE, .umask = 0 };
  int held_fd;

  g_assert_true (g_file_set_contents (stale, "sisa", -1, NULL));
  g_assert_true (g_file_set_contents (other, "milik orang", -1, NULL));
  held_fd = g_open (held, O_CREAT | O_RDWR | O_CLOEXEC, 0600);
  g_assert_cmpint (flock (held_fd, LOCK_EX), ==, 0);
  {
    g_autoptr(Run) a = cli_as (&open_umask, db, "report", "bagi-hasil", "--from", "2026-11-01", "--to", "2026-11-30",
                               "--format", "csv", "-o", csv, NULL);
    g_autoptr(Run) b = cli_as (&open_umask, db, "report", "bagi-hasil", "--from", "2026-11-01", "--to", "2026-11-30",
                               "--format", "json", "-o", json, NULL);
    g_autoptr(Run) c = cli_as (&open_umask, db, "report", "kpi", "--from", "2026-11-01", "--to", "2026-11-30",
                               "--format", "xlsx", "-o", xlsx, NULL);
    g_autoptr(Run) d = cli_as (&open_umask, db, "export", "ledger", "-o", ledger, NULL);
    g_autoptr(Run) e = cli_as (&open_umask, db, "backup", "-o", bak, NULL);

    assert_exit (a, 0);
    assert_exit (b, 0);
    assert_exit (c, 0);
    assert_exit (d, 0);
    assert_exit (e, 0);
  }
  assert_mode_0600 (csv);
  assert_mode_0600 (json);
  assert_mode_0600 (xlsx);
  assert_mode_0600 (ledger);
  assert_mode_0600 (bak);
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (held, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  close (held_fd);
  g_unlink (held);
  g_unlink (other);
  {
    g_autoptr(GDir) d = g_dir_open (test_dir, 0, NULL);
    const char *n;
    while ((n = g_dir_read_name (d)) != NULL)
      if (g_str_has_suffix (n, ".tmp"))
        g_error ("left behind: %s", n);
  }
}

static void
skip_on_server (void)
{
  g_test_skip ("these cases are about SQLite files and local output files, not a server database");
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("BSN_CLI"));
  if (g_getenv ("BSN_TEST_PG") != NULL)
    {
      /* Every case is about an SQLite file or a file the CLI writes. */
      g_test_add_func ("/cli/hostile/skipped-on-postgresql", skip_on_server);
      return g_test_run ();
    }
  test_dir = g_dir_make_tmp ("bsn-hostile-XXXXXX", NULL);
  g_test_add_func ("/cli/hostile/import-10mb-line", test_import_huge_line);
  g_test_add_func ("/cli/hostile/file-size-limit", test_file_size_limit);
  g_test_add_func ("/cli/hostile/not-a-database", test_not_a_database);
  g_test_add_func ("/cli/hostile/locked-past-timeout", test_locked_database);
  g_test_add_func ("/cli/hostile/read-only-database", test_read_only_database);
  g_test_add_func ("/cli/hostile/owner-only-outputs", test_owner_only_outputs);
  rc = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("chmod -R u+w '%s'; rm -rf '%s'", test_dir, test_dir);
    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", test_dir);
  }
  g_free (test_dir);
  return rc;
}
