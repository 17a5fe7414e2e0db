/* test-cli.c — bsn-loyalty-cli run as a user would run it: exit codes,
 * JSON keys and messages of the CLI contract. */
#include <sqlite3.h>
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "bsn-test-util.h"

typedef struct
{
  int         status;
  char       *out;
  char       *err;
  JsonObject *json;   /* stdout parsed, when it was JSON */
  JsonParser *parser;
} Run;

static void
run_free (Run *r)
{
  g_free (r->out);
  g_free (r->err);
  g_clear_object (&r->parser);
  g_free (r);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static char *test_dir;

/* A file of the test's temporary directory. */
static char *
db_path (const char *name)
{
  return g_build_filename (test_dir, name, NULL);
}

/* A new database for the CLI's --db: the file @name in the test's
 * directory, or under $BSN_TEST_PG the URI of a new empty schema of the
 * test server. */
static char *
db_location (const char *name)
{
  return bsn_test_location_new (test_dir, name, NULL);
}

static const char *run_password;
static const char *run_new_password;
static const char *run_now;            /* $BSN_NOW for the CLI, or NULL */

/* Runs the CLI on @db with --json and the NULL-terminated arguments. */
G_GNUC_NULL_TERMINATED
static Run *
cli (const char *db,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                       | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  Run *r = g_new0 (Run, 1);
  const char *arg;
  va_list ap;

  /* BSN_CLI_WRAPPER (valgrind) runs the CLI given as its first argument. */
  if (g_getenv ("BSN_CLI_WRAPPER"))
    g_ptr_array_add (argv, (gpointer) g_getenv ("BSN_CLI_WRAPPER"));
  g_ptr_array_add (argv, (gpointer) g_getenv ("BSN_CLI"));
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, (gpointer) db);
  g_ptr_array_add (argv, "--json");
  va_start (ap, db);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  if (run_password)
    g_subprocess_launcher_setenv (launcher, "BSN_PASSWORD", run_password, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "BSN_PASSWORD");
  if (run_new_password)
    g_subprocess_launcher_setenv (launcher, "BSN_NEW_PASSWORD", run_new_password, TRUE);
  if (run_now)
    g_subprocess_launcher_setenv (launcher, "BSN_NOW", run_now, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "BSN_NOW");
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &r->out, &r->err, &error);
  g_assert_no_error (error);
  r->status = g_subprocess_get_exit_status (proc);
  r->parser = json_parser_new ();
  if (r->out && json_parser_load_from_data (r->parser, r->out, -1, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (r->parser)))
    r->json = json_node_get_object (json_parser_get_root (r->parser));
  if (g_test_verbose ())
    g_printerr ("exit %d\nout: %s\nerr: %s\n", r->status, r->out, r->err);
  return r;
}

/* Runs the CLI with the NULL-terminated arguments as a user types them
 * (no --db, no --json) under LC_ALL=@locale; LOCPATH comes from the test
 * environment (tests/locale). */
G_GNUC_NULL_TERMINATED
static Run *
cli_in_locale (const char *locale,
               ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                       | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  Run *r = g_new0 (Run, 1);
  const char *arg;
  va_list ap;

  if (g_getenv ("BSN_CLI_WRAPPER"))
    g_ptr_array_add (argv, (gpointer) g_getenv ("BSN_CLI_WRAPPER"));
  g_ptr_array_add (argv, (gpointer) g_getenv ("BSN_CLI"));
  va_start (ap, locale);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", locale, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &r->out, &r->err, &error);
  g_assert_no_error (error);
  r->status = g_subprocess_get_exit_status (proc);
  if (g_test_verbose ())
    g_printerr ("exit %d\nout: %s\nerr: %s\n", r->status, r->out, r->err);
  return r;
}

static void
assert_exit (Run *r,
             int  status)
{
  if (r->status != status)
    g_error ("expected exit %d, got %d\nstdout: %s\nstderr: %s", status, r->status, r->out, r->err);
  /* With --json, stdout is exactly one JSON object, success or not. */
  g_assert_nonnull (r->json);
}

/* verify --json reports the book's fingerprint; --witness answers
 * witness_ok, exit 1 when false; a malformed witness is bad data (3). */
static void
test_verify_witness (void)
{
  g_autofree char *db = db_location ("witness.db");
  g_autoptr(Run) init = cli (db, "init", NULL);
  g_autoptr(Run) first = cli (db, "verify", NULL);
  g_autoptr(Run) add = NULL, now = NULL, old = NULL, wrong = NULL, bad = NULL;
  g_autofree char *witness = NULL, *wrong_witness = NULL;
  const char *head;
  gint64 entries;

  assert_exit (init, 0);
  assert_exit (first, 0);
  head = json_object_get_string_member (first->json, "head");
  entries = json_object_get_int_member (first->json, "entries");
  g_assert_cmpuint (strlen (head), ==, 64);
  g_assert_cmpint (entries, >, 0);
  g_assert_false (json_object_has_member (first->json, "witness_ok"));
  witness = g_strdup_printf ("%s@%" G_GINT64_FORMAT, head, entries);
  wrong_witness = g_strdup_printf ("%s@%" G_GINT64_FORMAT, head, entries + 1);

  add = cli (db, "customer", "add", "--code", "W1", "--name", "Wati", NULL);
  assert_exit (add, 0);
  now = cli (db, "verify", NULL);
  assert_exit (now, 0);
  g_assert_cmpint (json_object_get_int_member (now->json, "entries"), >, entries);
  g_assert_cmpstr (json_object_get_string_member (now->json, "head"), !=, head);

  old = cli (db, "verify", "--witness", witness, NULL);
  assert_exit (old, 0);
  g_assert_true (json_object_get_boolean_member (old->json, "witness_ok"));
  g_assert_true (json_object_get_boolean_member (old->json, "ok"));
  wrong = cli (db, "verify", "--witness", wrong_witness, NULL);
  assert_exit (wrong, 1);
  g_assert_false (json_object_get_boolean_member (wrong->json, "witness_ok"));
  g_assert_cmpstr (json_object_get_string_member (wrong->json, "head"), ==,
                   json_object_get_string_member (now->json, "head"));
  bad = cli (db, "verify", "--witness", "xyz", NULL);
  assert_exit (bad, 3);
}

/* restore --older needs a reason; a reason needs --older (usage: 2). */
static void
test_restore_older_usage (void)
{
  g_autofree char *db = db_location ("older.db");
  g_autoptr(Run) a = cli (db, "restore", "--older", "x.db", NULL);
  g_autoptr(Run) b = cli (db, "restore", "--reason", "salah", "x.db", NULL);

  assert_exit (a, 2);
  assert_exit (b, 2);
}

static void
test_init_idempotent (void)
{
  g_autofree char *db = db_location ("init.db");
  g_autoptr(Run) a = cli (db, "init", NULL);
  g_autoptr(Run) b = cli (db, "init", NULL);

  assert_exit (a, 0);
  g_assert_true (json_object_get_boolean_member (a->json, "created"));
  assert_exit (b, 0);
  g_assert_false (json_object_get_boolean_member (b->json, "created"));
  g_assert_cmpint (json_object_get_int_member (b->json, "schema_version"), >=, 1);
}

static void
test_usage_errors (void)
{
  g_autofree char *db = db_location ("usage.db");
  g_autoptr(Run) init = cli (db, "init", NULL);
  g_autoptr(Run) unknown = cli (db, "terbang", NULL);
  g_autoptr(Run) missing = cli (db, "customer", "add", "--code", "C1", NULL);
  g_autoptr(Run) bad_opt = cli (db, "store", "list", "--warna", "merah", NULL);
  g_autoptr(Run) extra = cli (db, "verify", "lebih", NULL);

  assert_exit (unknown, 2);
  assert_exit (missing, 2);
  g_assert_nonnull (strstr (json_object_get_string_member (missing->json, "error"), "--name"));
  assert_exit (bad_opt, 2);
  assert_exit (extra, 2);
}

static void
test_missing_database (void)
{
  g_autofree char *db = db_location ("belum-ada.db");
  g_autoptr(Run) r = cli (db, "store", "list", NULL);

  /* On PostgreSQL @db is an empty schema: it too needs `init` first. */
  assert_exit (r, 1);
  g_assert_nonnull (strstr (r->err, "init"));
  if (!bsn_db_location_is_server (db))
    g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
}

static void
test_stores_and_customers (void)
{
  g_autofree char *db = db_location ("registry.db");
  g_autoptr(Run) init = cli (db, "init", NULL);
  g_autoptr(Run) induk = cli (db, "store", "add", "--code", "IND1", "--name", "Induk Bandung", "--role", "induk",
                              "--band", "low", "--level", "Gold", "--scheme", "both", "--opening", "06:00", NULL);
  g_autoptr(Run) anak = cli (db, "store", "add", "--code", "ANK1", "--name", "Anak Dago", "--role", "anak",
                             "--parent", "IND1", "--band", "high", "--level", "Elite", "--scheme", "stopwatch",
                             "--opening", "07:30", "--hours", "12", "--margin-bp", "1800", NULL);
  g_autoptr(Run) dup = cli (db, "store", "add", "--code", "IND1", "--name", "Lagi", "--role", "induk",
                            "--band", "low", "--level", "Gold", "--scheme", "both", "--opening", "06:00", NULL);
  g_autoptr(Run) bad_level = cli (db, "store", "add", "--code", "X", "--name", "X", "--role", "toko",
                                  "--band", "low", "--level", "Pro", "--scheme", "both", "--opening", "06:00", NULL);
  g_autoptr(Run) bad_time = cli (db, "store", "add", "--code", "X", "--name", "X", "--role", "toko",
                                 "--band", "low", "--level", "Plus", "--scheme", "both", "--opening", "25:00", NULL);
  g_autoptr(Run) list = NULL;
  g_autoptr(Run) cust = cli (db, "customer", "add", "--code", "C001", "--name", "Siti “Ibu” Suryani",
                             "--phone", "0812-3456-7890", NULL);
  g_autoptr(Run) bad_phone = cli (db, "customer", "add", "--code", "C002", "--name", "Budi", "--phone", "halo", NULL);
  g_autoptr(Run) clist = NULL;
  JsonArray *stores;
  JsonObject *s;

  assert_exit (induk, 0);
  assert_exit (anak, 0);
  assert_exit (dup, 1);
  assert_exit (bad_level, 3);
  assert_exit (bad_time, 3);
  assert_exit (cust, 0);
  assert_exit (bad_phone, 3);

  list = cli (db, "store", "list", NULL);
  assert_exit (list, 0);
  stores = json_object_get_array_member (list->json, "stores");
  g_assert_cmpuint (json_array_get_length (stores), ==, 2);
  s = json_array_get_object_element (stores, 0);
  g_assert_cmpstr (json_object_get_string_member (s, "code"), ==, "ANK1");
  g_assert_cmpstr (json_object_get_string_member (s, "parent"), ==, "IND1");
  g_assert_cmpstr (json_object_get_string_member (s, "role"), ==, "anak");
  g_assert_cmpstr (json_object_get_string_member (s, "level"), ==, "Elite");
  g_assert_cmpstr (json_object_get_string_member (s, "opening"), ==, "07:30");
  g_assert_cmpint (json_object_get_int_member (s, "hours"), ==, 12);

  clist = cli (db, "customer", "list", NULL);
  assert_exit (clist, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (clist->json, "customers")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (clist->json, "customers"), 0),
                     "name"), ==, "Siti “Ibu” Suryani");
}

static void
test_ledger_contract (void)
{
  g_autofree char *db = db_location ("ledger.db");
  g_autoptr(Run) init = cli (db, "init", NULL);
  g_autoptr(Run) c = cli (db, "customer", "add", "--code", "C001", "--name", "Siti", NULL);
  g_autoptr(Run) open = cli (db, "ledger", "opening", "--customer", "C001", "--points", "300", NULL);
  g_autoptr(Run) again = cli (db, "ledger", "opening", "--customer", "C001", "--points", "300", NULL);
  g_autoptr(Run) other = cli (db, "ledger", "opening", "--customer", "C001", "--points", "250", NULL);
  g_autoptr(Run) bad = cli (db, "ledger", "opening", "--customer", "C001", "--points", "tiga", NULL);
  g_autoptr(Run) nobody = cli (db, "ledger", "balance", "--customer", "C999", NULL);
  g_autoptr(Run) bal = cli (db, "ledger", "balance", "--customer", "C001", NULL);
  g_autoptr(Run) rev = NULL, rev2 = NULL, bal2 = NULL, ver = NULL, bad_id = NULL;
  gint64 posting;

  assert_exit (open, 0);
  posting = json_object_get_int_member (open->json, "posting");
  g_assert_cmpint (posting, >, 0);
  assert_exit (again, 0);
  g_assert_true (json_object_get_boolean_member (again->json, "duplicate"));
  assert_exit (other, 1);
  assert_exit (bad, 3);
  assert_exit (nobody, 1);

  assert_exit (bal, 0);
  g_assert_cmpstr (json_object_get_string_member (bal->json, "customer"), ==, "C001");
  g_assert_cmpint (json_object_get_int_member (bal->json, "balance_rp"), ==, 300000);
  g_assert_cmpint (json_object_get_int_member (bal->json, "status_rp"), ==, 300000);

  {
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, posting);
    rev = cli (db, "ledger", "reverse", "--posting", id, "--reason", "Salah input", NULL);
    rev2 = cli (db, "ledger", "reverse", "--posting", id, "--reason", "Salah input", NULL);
  }
  assert_exit (rev, 0);
  assert_exit (rev2, 1);
  g_assert_nonnull (strstr (json_object_get_string_member (rev2->json, "reason"), "sudah dibatalkan"));
  bad_id = cli (db, "ledger", "reverse", "--posting", "abc", "--reason", "x", NULL);
  assert_exit (bad_id, 3);

  bal2 = cli (db, "ledger", "balance", "--customer", "C001", NULL);
  g_assert_cmpint (json_object_get_int_member (bal2->json, "balance_rp"), ==, 0);

  ver = cli (db, "verify", NULL);
  assert_exit (ver, 0);
  g_assert_true (json_object_get_boolean_member (ver->json, "ok"));
}

static void
test_verify_fails_on_tampering (void)
{
  g_autofree char *db = db_location ("tamper.db");
  g_autoptr(Run) init = cli (db, "init", NULL);
  g_autoptr(Run) c = cli (db, "customer", "add", "--code", "C001", "--name", "Siti", NULL);
  g_autoptr(Run) open = cli (db, "ledger", "opening", "--customer", "C001", "--points", "10", NULL);
  g_autoptr(Run) ver = NULL;

  assert_exit (open, 0);
  g_assert_cmpint (bsn_test_raw_exec_at (db, "UPDATE accounts SET balance_rp = 99 WHERE kind = 'customer'"),
                   ==, SQLITE_OK);
  ver = cli (db, "verify", NULL);
  assert_exit (ver, 1);
  g_assert_false (json_object_get_boolean_member (ver->json, "ok"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (ver->json, "problems")), >=, 1);
}

static void
test_demo (void)
{
  g_autofree char *db = db_location ("demo.db");
  g_autoptr(Run) demo = NULL;
  g_autoptr(Run) again = NULL;
  g_autoptr(Run) stores = NULL;
  g_autoptr(Run) ver = NULL;

  /* The demo plans stock for its "today", which the checks below read
   * back: both must see the same day. */
  bsn_test_wait_past_midnight (120);
  demo = cli (db, "demo", NULL);
  again = cli (db, "demo", NULL);
  stores = cli (db, "store", "list", NULL);
  ver = cli (db, "verify", NULL);
  assert_exit (demo, 0);
  g_assert_cmpint (json_object_get_int_member (demo->json, "stores"), >=, 6);
  g_assert_cmpint (json_object_get_int_member (demo->json, "customers"), >=, 100);
  assert_exit (again, 1);
  assert_exit (stores, 0);
  assert_exit (ver, 0);
  g_assert_true (json_object_get_boolean_member (ver->json, "ok"));
  {
    /* Every demo store has a stock plan today, a week ahead and on the
     * history's first day, so Kuota Harian shows a chart; the plans are a
     * handful of audit entries per store, not one per line and day. */
    const char *stores_planned[] = { "IND-BDG", "ANK-LBG", "TK-BUAH" };
    g_autofree char *today = bsn_time_format_date_iso (bsn_time_now ());
    g_autofree char *ahead = bsn_time_format_date_iso (bsn_time_now () + 6 * BSN_SECONDS_PER_DAY);
    g_autofree char *first = bsn_time_format_date_iso (bsn_time_now () - 27 * BSN_SECONDS_PER_DAY);
    g_autoptr(Run) audit = cli (db, "audit", "list", "--action", "quota", NULL);
    const char *dates[] = { today, ahead, first };
    for (guint i = 0; i < G_N_ELEMENTS (stores_planned); i++)
      for (guint k = 0; k < G_N_ELEMENTS (dates); k++)
        {
          g_autoptr(Run) status = cli (db, "quota", "status", "--store", stores_planned[i], "--date", dates[k], NULL);
          assert_exit (status, 0);
          g_assert_cmpint (json_object_get_int_member (status->json, "stock_rp"), >, 0);
        }
    assert_exit (audit, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (audit->json, "entries")), <=, 8 * 6);
  }
}

/* $BSN_NOW moves the one clock: the demo's history ends at that moment and
 * a voucher issued "now" is dated then (a leap day a second before
 * midnight, so its one day of validity ends in March). */
static void
test_clock_moved (void)
{
  g_autofree char *db = db_location ("clock.db");
  g_autoptr(Run) demo = NULL;
  g_autoptr(Run) list = NULL;
  g_autoptr(Run) issue = NULL;
  const char *newest;

  run_now = "2028-02-29T23:59:30";
  demo = cli (db, "demo", NULL);
  list = cli (db, "ledger", "list", "--limit", "1", NULL);
  issue = cli (db, "voucher", "issue", "--customer", "PLG-0001", "--value", "1000", "--valid-days", "1", NULL);
  run_now = NULL;

  assert_exit (demo, 0);
  assert_exit (list, 0);
  newest = json_object_get_string_member (json_array_get_object_element (
             json_object_get_array_member (list->json, "postings"), 0), "at");
  g_assert_cmpstr (newest, <=, "2028-02-29T23:59:59");
  g_assert_cmpstr (newest, >=, "2028-02-20T00:00:00");
  assert_exit (issue, 0);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (issue->json, "valid_until"),
                                   "2028-03-01T23:59:"));
}

/* migrate --from FILE --to URI: the whole network moves into an empty
 * server database, and the two compare equal; a non-empty target is
 * refused (exit 1) and a file as target is bad input (exit 3). Without a
 * server ($BSN_TEST_PG) only the refusals run. */
static void
test_migrate (void)
{
  g_autofree char *file = db_path ("migrate-source.db");
  g_autofree char *not_server = db_path ("migrate-target.db");
  g_autoptr(Run) demo = cli (file, "demo", "--customers", "30", "--days", "10", NULL);
  g_autoptr(Run) to_file = cli (file, "migrate", "--from", file, "--to", not_server, NULL);
  g_autoptr(Run) missing = cli (file, "migrate", "--from", file, NULL);
  g_autoptr(Run) moved = NULL, again = NULL, a = NULL, b = NULL;
  g_autofree char *target = NULL;
  JsonArray *tables;

  assert_exit (demo, 0);
  assert_exit (to_file, 3);
  g_assert_false (g_file_test (not_server, G_FILE_TEST_EXISTS));
  assert_exit (missing, 2);
  if (bsn_test_pg_uri () == NULL)
    return;

  target = db_location ("migrate-target");
  moved = cli (file, "migrate", "--from", file, "--to", target, NULL);
  assert_exit (moved, 0);
  g_assert_true (json_object_get_boolean_member (moved->json, "ok"));
  g_assert_true (json_object_get_boolean_member (moved->json, "source_verified"));
  g_assert_true (json_object_get_boolean_member (moved->json, "target_verified"));
  g_assert_cmpint (json_object_get_int_member (moved->json, "accounts_differ"), ==, 0);
  tables = json_object_get_array_member (moved->json, "tables");
  g_assert_cmpuint (json_array_get_length (tables), >=, 20);
  for (guint i = 0; i < json_array_get_length (tables); i++)
    {
      JsonObject *t = json_array_get_object_element (tables, i);

      g_assert_cmpint (json_object_get_int_member (t, "source_rows"), ==,
                       json_object_get_int_member (t, "target_rows"));
    }
  again = cli (file, "migrate", "--from", file, "--to", target, NULL);
  assert_exit (again, 1);
  /* The moved network works: the same balance on both, and new postings
   * get new ids. */
  a = cli (file, "ledger", "balance", "--customer", "PLG-0001", NULL);
  b = cli (target, "ledger", "balance", "--customer", "PLG-0001", NULL);
  assert_exit (b, 0);
  g_assert_cmpint (json_object_get_int_member (a->json, "balance_rp"), ==,
                   json_object_get_int_member (b->json, "balance_rp"));
  {
    g_autoptr(Run) opening = cli (target, "customer", "add", "--code", "BARU", "--name", "Pelanggan Baru", NULL);
    g_autoptr(Run) points = cli (target, "ledger", "opening", "--customer", "BARU", "--points", "5", NULL);
    g_autoptr(Run) ver = cli (target, "verify", NULL);

    assert_exit (opening, 0);
    assert_exit (points, 0);
    assert_exit (ver, 0);
  }
}

static void
test_newer_schema (void)
{
  g_autofree char *db = NULL;
  g_autoptr(Run) init = NULL;
  g_autoptr(Run) r = NULL;
  sqlite3 *raw = NULL;

  if (bsn_test_skip_on_pg ("SQLite only: sets PRAGMA user_version in the file "
                           "(a PostgreSQL variant needs the schema-version table of bsn-db-schema-pg.c)"))
    return;
  db = db_location ("future.db");
  init = cli (db, "init", NULL);

  g_assert_cmpint (sqlite3_open (db, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "PRAGMA user_version = 999", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);
  r = cli (db, "store", "list", NULL);
  assert_exit (r, 1);
  g_assert_nonnull (strstr (json_object_get_string_member (r->json, "error"), "lebih baru"));
}

static void
add_example_network (const char *db)
{
  g_autoptr(Run) init = cli (db, "init", NULL);
  g_autoptr(Run) a = cli (db, "store", "add", "--code", "PLUS", "--name", "Toko Plus", "--role", "toko", "--band", "low",
                          "--level", "Plus", "--scheme", "stopwatch", "--opening", "07:00", "--min-purchase", "200000", NULL);
  g_autoptr(Run) b = cli (db, "store", "add", "--code", "STD", "--name", "Toko Standard", "--role", "toko", "--band",
                          "low", "--level", "Standard", "--scheme", "stopwatch", "--opening", "07:00", NULL);
  g_autoptr(Run) c = cli (db, "store", "add", "--code", "ELITE", "--name", "Toko Elite", "--role", "toko", "--band",
                          "high", "--level", "Elite", "--scheme", "stopwatch", "--opening", "07:00", NULL);
  g_autoptr(Run) d = cli (db, "store", "add", "--code", "SAYUR", "--name", "Sayur Segar", "--role", "toko", "--band",
                          "low", "--level", "Platinum", "--scheme", "lelang", "--opening", "07:00", NULL);
  g_autoptr(Run) q1 = cli (db, "quota", "set", "--store", "STD", "--date", "2026-11-22", "--min-purchase", "200000", NULL);
  g_autoptr(Run) q2 = cli (db, "quota", "set", "--store", "ELITE", "--date", "2026-11-22", "--min-purchase",
                           "Rp500.000", NULL);
  const char *customers[] = { "C1", "C2", "C3", "C4" };

  assert_exit (a, 0);
  assert_exit (b, 0);
  assert_exit (c, 0);
  assert_exit (d, 0);
  assert_exit (q1, 0);
  assert_exit (q2, 0);
  for (guint i = 0; i < G_N_ELEMENTS (customers); i++)
    {
      g_autoptr(Run) r = cli (db, "customer", "add", "--code", customers[i], "--name", "Pelanggan", NULL);
      assert_exit (r, 0);
    }
  {
    g_autoptr(Run) o2 = cli (db, "ledger", "opening", "--customer", "C2", "--points", "300", "--at",
                              "2026-11-01T00:00:00", NULL);
    g_autoptr(Run) o3 = cli (db, "ledger", "opening", "--customer", "C3", "--points", "500", "--at",
                              "2026-11-01T00:00:00", NULL);
    assert_exit (o2, 0);
    assert_exit (o3, 0);
  }
}

static void
assert_award (Run        *r,
              const char *scheme,
              gint64      rate_bp,
              gint64      value_rp,
              gboolean    quota_met)
{
  assert_exit (r, 0);
  g_assert_cmpstr (json_object_get_string_member (r->json, "scheme"), ==, scheme);
  g_assert_cmpint (json_object_get_int_member (r->json, "rate_bp"), ==, rate_bp);
  g_assert_cmpint (json_object_get_int_member (r->json, "value_rp"), ==, value_rp);
  g_assert_cmpint (json_object_get_boolean_member (r->json, "quota_met"), ==, quota_met);
  g_assert_false (json_object_get_boolean_member (r->json, "capped"));
  g_assert_true (json_object_has_member (r->json, "receipt"));
  g_assert_cmpint (json_object_get_int_member (r->json, "tier_version"), >, 0);
}

/* DOMAIN.md §4.4 through the CLI contract. */
static void
test_award_worked_examples (void)
{
  g_autofree char *db = db_location ("award.db");
  add_example_network (db);
  {
    g_autoptr(Run) ex1 = cli (db, "award", "--store", "PLUS", "--customer", "C1", "--amount", "250000", "--at",
                              "2026-11-22T14:22:14", "--digit", "5", "--receipt", "EX1", NULL);
    g_autoptr(Run) ex2 = cli (db, "award", "--store", "STD", "--customer", "C1", "--amount", "300000", "--at",
                              "2026-11-22T09:15:06", "--stopwatch-end", "09:15:06", "--receipt", "EX2", NULL);
    g_autoptr(Run) ex3 = cli (db, "award", "--store", "PLUS", "--customer", "C2", "--amount", "150000", "--at",
                              "2026-11-22T10:00:00", "--digit", "1", "--receipt", "EX3", NULL);
    g_autoptr(Run) ex4 = cli (db, "award", "--store", "ELITE", "--customer", "C3", "--amount", "400000", "--at",
                              "2026-11-22T10:00:00", "--receipt", "EX4", NULL);
    g_autoptr(Run) ex5 = cli (db, "award", "--store", "SAYUR", "--customer", "C4", "--amount", "100000", "--at",
                              "2026-11-22T16:30:00", "--perishable-amount", "100000", "--receipt", "EX5", NULL);
    g_autoptr(Run) again = cli (db, "award", "--store", "PLUS", "--customer", "C1", "--amount", "250000", "--at",
                                "2026-11-22T14:22:14", "--digit", "5", "--receipt", "EX1", NULL);
    g_autoptr(Run) bal = NULL;

    assert_award (ex1, "stopwatch", 600, 15000, TRUE);
    g_assert_cmpstr (json_object_get_string_member (ex1->json, "receipt"), ==, "EX1");
    assert_award (ex2, "stopwatch", 400, 12000, TRUE);
    assert_award (ex3, "siaga", 150, 2250, FALSE);
    assert_award (ex4, "siaga", 200, 8000, FALSE);
    assert_award (ex5, "lelang", 650, 6500, TRUE);
    assert_award (again, "stopwatch", 600, 15000, TRUE);
    g_assert_true (json_object_get_boolean_member (again->json, "duplicate"));
    bal = cli (db, "ledger", "balance", "--customer", "C1", NULL);
    g_assert_cmpint (json_object_get_int_member (bal->json, "balance_rp"), ==, 27000);
  }
  {
    g_autoptr(Run) no_digit = cli (db, "award", "--store", "PLUS", "--customer", "C1", "--amount", "250000", "--at",
                                   "2026-11-22T14:22:14", NULL);
    g_autoptr(Run) bad_at = cli (db, "award", "--store", "PLUS", "--customer", "C1", "--amount", "250000", "--at",
                                 "2026-02-30T10:00:00", "--digit", "1", NULL);
    g_autoptr(Run) both = cli (db, "award", "--store", "PLUS", "--customer", "C1", "--amount", "250000", "--at",
                               "2026-11-22T10:00:00", "--digit", "1", "--stopwatch-end", "10:00:01", NULL);
    g_autoptr(Run) nobody = cli (db, "award", "--store", "PLUS", "--customer", "C9", "--amount", "250000", "--at",
                                 "2026-11-22T10:00:00", "--digit", "1", NULL);
    assert_exit (no_digit, 3);
    assert_exit (bad_at, 3);
    assert_exit (both, 2);
    assert_exit (nobody, 1);
  }
}

/* --stopwatch-end lies between the receipt's time and 5 minutes after it
 * (exit 3 otherwise); a receipt more than a day after the clock ($BSN_NOW)
 * is refused by award (exit 3) and rejected by the import. */
static void
test_award_time_checks (void)
{
  g_autofree char *db = db_location ("award-time.db");
  g_autofree char *csv = db_path ("ahead.csv");
  const char text[] = "receipt,store,customer,amount,at,digit,perishable_amount\n"
                      "F1,PLUS,C1,250000,2026-11-23T14:59:00,5,\n"
                      "F2,PLUS,C1,250000,2026-11-23T15:01:00,5,\n";

  add_example_network (db);
  g_assert_true (g_file_set_contents (csv, text, -1, NULL));
  run_now = "2026-11-22T15:00:00";
  {
    g_autoptr(Run) at_start = cli (db, "award", "--store", "PLUS", "--customer", "C1", "--amount", "250000", "--at",
                                   "2026-11-22T14:22:14", "--stopwatch-end", "14:22:14", "--receipt", "S1", NULL);
    g_autoptr(Run) at_end = cli (db, "award", "--store", "PLUS", "--customer", "C1", "--amount", "250000", "--at",
                                 "2026-11-22T14:22:14", "--stopwatch-end", "14:27:14", "--receipt", "S2", NULL);
    g_autoptr(Run) before = cli (db, "award", "--store", "PLUS", "--customer", "C1", "--amount", "250000", "--at",
                                 "2026-11-22T14:22:14", "--stopwatch-end", "14:22:13", "--receipt", "S3", NULL);
    g_autoptr(Run) after = cli (db, "award", "--store", "PLUS", "--customer", "C1", "--amount", "250000", "--at",
                                "2026-11-22T14:22:14", "--stopwatch-end", "14:27:15", "--receipt", "S4", NULL);
    g_autoptr(Run) in_day = cli (db, "award", "--store", "PLUS", "--customer", "C1", "--amount", "250000", "--at",
                                 "2026-11-23T14:59:00", "--digit", "5", "--receipt", "A1", NULL);
    g_autoptr(Run) ahead = cli (db, "award", "--store", "PLUS", "--customer", "C1", "--amount", "250000", "--at",
                                "2026-11-23T15:01:00", "--digit", "5", "--receipt", "A2", NULL);
    g_autoptr(Run) imp = cli (db, "import", "sales", csv, NULL);
    JsonArray *rejected;

    assert_exit (at_start, 0);
    g_assert_cmpstr (json_object_get_string_member (at_start->json, "digit_source"), ==, "stopwatch");
    g_assert_nonnull (strstr (json_object_get_string_member (at_start->json, "explanation"), "angka dari stopwatch"));
    assert_exit (at_end, 0);
    g_assert_cmpint (json_object_get_int_member (at_end->json, "rate_bp"), ==,
                     json_object_get_int_member (at_start->json, "rate_bp"));
    assert_exit (before, 3);
    g_assert_nonnull (strstr (json_object_get_string_member (before->json, "error"), "5 menit"));
    assert_exit (after, 3);
    assert_exit (in_day, 0);
    g_assert_cmpstr (json_object_get_string_member (in_day->json, "digit_source"), ==, "manual");
    g_assert_nonnull (strstr (json_object_get_string_member (in_day->json, "explanation"), "angka diketik manual"));
    assert_exit (ahead, 3);
    g_assert_nonnull (strstr (json_object_get_string_member (ahead->json, "error"), "lebih dari satu hari"));
    assert_exit (imp, 3);
    g_assert_cmpint (json_object_get_int_member (imp->json, "imported"), ==, 1);
    rejected = json_object_get_array_member (imp->json, "rejected");
    g_assert_cmpuint (json_array_get_length (rejected), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rejected, 0), "line"), ==, 3);
    g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (rejected, 0), "reason"),
                              "lebih dari satu hari"));
  }
  run_now = NULL;
}

/* Point expiry (DOMAIN.md §7) through the CLI contract: expiry set
 * (exit 2 without --reason, 3 for a bad --months, 1 before a rewarded
 * receipt), ledger expire's keys and its idempotency, balance's
 * "expiring" and customer expiring's links (null without a phone). */
static void
test_expiry_contract (void)
{
  g_autofree char *db = db_location ("expiry.db");

  add_example_network (db);
  run_now = "2027-03-01T12:00:00";
  {
    g_autoptr(Run) phone = cli (db, "customer", "add", "--code", "C9", "--name", "Siti", "--phone", "+62 812-3456-7890",
                                NULL);
    g_autoptr(Run) no_reason = cli (db, "expiry", "set", "--months", "1", "--from", "2027-01-01", NULL);
    g_autoptr(Run) bad = cli (db, "expiry", "set", "--months", "121", "--from", "2027-01-01", "--reason", "x", NULL);
    g_autoptr(Run) set = cli (db, "expiry", "set", "--months", "1", "--from", "2027-01-01", "--reason", "Uji", NULL);
    g_autoptr(Run) r1 = cli (db, "award", "--store", "PLUS", "--customer", "C9", "--amount", "250000", "--at",
                             "2027-01-31T10:00:00", "--digit", "5", "--receipt", "E1", NULL);
    g_autoptr(Run) r2 = cli (db, "award", "--store", "PLUS", "--customer", "C1", "--amount", "250000", "--at",
                             "2027-02-05T10:00:00", "--digit", "5", "--receipt", "E2", NULL);
    g_autoptr(Run) late = cli (db, "expiry", "set", "--months", "3", "--from", "2027-02-01", "--reason", "x", NULL);
    g_autoptr(Run) bal = cli (db, "ledger", "balance", "--customer", "C9", "--at", "2027-02-01T00:00:00", NULL);
    g_autoptr(Run) remind = cli (db, "customer", "expiring", "--within-days", "30", "--at", "2027-02-10T00:00:00", NULL);
    g_autoptr(Run) early = cli (db, "ledger", "expire", "--at", "2027-02-28T09:59:59", NULL);
    g_autoptr(Run) exp = cli (db, "ledger", "expire", "--at", "2027-02-28T10:00:00", NULL);
    g_autoptr(Run) again = cli (db, "ledger", "expire", "--at", "2027-02-28T10:00:00", NULL);
    g_autoptr(Run) after = cli (db, "ledger", "balance", "--customer", "C9", NULL);
    g_autoptr(Run) verify = cli (db, "verify", NULL);
    JsonArray *list;
    JsonObject *o;

    assert_exit (phone, 0);
    assert_exit (no_reason, 2);
    assert_exit (bad, 3);
    assert_exit (set, 0);
    g_assert_cmpint (json_object_get_int_member (set->json, "months"), ==, 1);
    assert_exit (r1, 0);
    g_assert_cmpint (json_object_get_int_member (r1->json, "value_rp"), ==, 15000);
    assert_exit (r2, 0);
    assert_exit (late, 1);

    assert_exit (bal, 0);
    list = json_object_get_array_member (bal->json, "expiring");
    g_assert_cmpuint (json_array_get_length (list), ==, 1);
    o = json_array_get_object_element (list, 0);
    g_assert_cmpstr (json_object_get_string_member (o, "at"), ==, "2027-02-28T10:00:00");
    g_assert_cmpint (json_object_get_int_member (o, "value_rp"), ==, 15000);

    assert_exit (remind, 0);
    list = json_object_get_array_member (remind->json, "customers");
    g_assert_cmpuint (json_array_get_length (list), ==, 2);
    o = json_array_get_object_element (list, 0);
    g_assert_cmpstr (json_object_get_string_member (o, "code"), ==, "C9");
    g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "Siti");
    g_assert_cmpstr (json_object_get_string_member (o, "phone"), ==, "+62 812-3456-7890");
    g_assert_cmpint (json_object_get_int_member (o, "expiring_rp"), ==, 15000);
    g_assert_cmpstr (json_object_get_string_member (o, "expires_at"), ==, "2027-02-28T10:00:00");
    g_assert_cmpstr (json_object_get_string_member (o, "whatsapp_url"), ==,
                     "https://wa.me/6281234567890?text=Poin%20Anda%20senilai%20Rp15.000%20akan%20hangus%20pada%20"
                     "28%20Feb%202027%2010.00.");
    o = json_array_get_object_element (list, 1);
    g_assert_cmpstr (json_object_get_string_member (o, "code"), ==, "C1");
    g_assert_true (json_object_get_null_member (o, "whatsapp_url"));

    assert_exit (early, 0);
    g_assert_cmpint (json_object_get_int_member (early->json, "expired_postings"), ==, 0);
    assert_exit (exp, 0);
    g_assert_cmpint (json_object_get_int_member (exp->json, "expired_postings"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (exp->json, "expired_rp"), ==, 15000);
    g_assert_true (json_object_get_boolean_member (exp->json, "ok"));
    assert_exit (again, 0);
    g_assert_cmpint (json_object_get_int_member (again->json, "expired_postings"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (again->json, "expired_rp"), ==, 0);
    assert_exit (after, 0);
    g_assert_cmpint (json_object_get_int_member (after->json, "balance_rp"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (after->json, "status_rp"), ==, 15000);
    assert_exit (verify, 0);
  }
  run_now = NULL;
}

/* expiry set --months 0 turns the policy off: the points of a receipt
 * after it never expire (ledger expire posts nothing, balance's
 * "expiring" is empty). */
static void
test_expiry_off (void)
{
  g_autofree char *db = db_location ("expiry-off.db");

  add_example_network (db);
  run_now = "2027-06-01T12:00:00";
  {
    g_autoptr(Run) on = cli (db, "expiry", "set", "--months", "1", "--from", "2027-01-01", "--reason", "Uji", NULL);
    g_autoptr(Run) off = cli (db, "expiry", "set", "--months", "0", "--from", "2027-01-15", "--reason", "Uji", NULL);
    g_autoptr(Run) r1 = cli (db, "award", "--store", "PLUS", "--customer", "C1", "--amount", "250000", "--at",
                             "2027-01-31T10:00:00", "--digit", "5", "--receipt", "O1", NULL);
    g_autoptr(Run) bal = cli (db, "ledger", "balance", "--customer", "C1", "--at", "2027-02-01T00:00:00", NULL);
    g_autoptr(Run) exp = cli (db, "ledger", "expire", "--at", "2027-05-31T10:00:00", NULL);
    g_autoptr(Run) after = cli (db, "ledger", "balance", "--customer", "C1", NULL);

    assert_exit (on, 0);
    assert_exit (off, 0);
    g_assert_cmpint (json_object_get_int_member (off->json, "months"), ==, 0);
    assert_exit (r1, 0);
    g_assert_cmpint (json_object_get_int_member (r1->json, "value_rp"), ==, 15000);
    assert_exit (bal, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (bal->json, "expiring")), ==, 0);
    assert_exit (exp, 0);
    g_assert_cmpint (json_object_get_int_member (exp->json, "expired_postings"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (exp->json, "expired_rp"), ==, 0);
    assert_exit (after, 0);
    g_assert_cmpint (json_object_get_int_member (after->json, "balance_rp"), ==, 15000);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (after->json, "expiring")), ==, 0);
  }
  run_now = NULL;
}

/* import sales runs the expiry for the machine's clock ($BSN_NOW) at its
 * end: an old lot under a 1-month policy is expired and counted in the
 * import's JSON; the imported receipt's own lot is not due. */
static void
test_import_runs_expiry (void)
{
  g_autofree char *db = db_location ("expiry-import.db");
  g_autofree char *csv = db_path ("expiry-import.csv");
  const char text[] = "receipt,store,customer,amount,at,digit,perishable_amount\n"
                      "I1,PLUS,C2,250000,2027-03-01T10:00:00,5,\n";

  add_example_network (db);
  g_assert_true (g_file_set_contents (csv, text, -1, NULL));
  run_now = "2027-03-01T12:00:00";
  {
    g_autoptr(Run) set = cli (db, "expiry", "set", "--months", "1", "--from", "2027-01-01", "--reason", "Uji", NULL);
    g_autoptr(Run) r1 = cli (db, "award", "--store", "PLUS", "--customer", "C1", "--amount", "250000", "--at",
                             "2027-01-31T10:00:00", "--digit", "5", "--receipt", "OLD1", NULL);
    g_autoptr(Run) imp = cli (db, "import", "sales", csv, NULL);
    g_autoptr(Run) old = cli (db, "ledger", "balance", "--customer", "C1", NULL);
    g_autoptr(Run) fresh = cli (db, "ledger", "balance", "--customer", "C2", NULL);
    g_autoptr(Run) again = cli (db, "ledger", "expire", "--at", "2027-03-01T12:00:00", NULL);
    g_autoptr(Run) verify = cli (db, "verify", NULL);
    JsonArray *list;

    assert_exit (set, 0);
    assert_exit (r1, 0);
    g_assert_cmpint (json_object_get_int_member (r1->json, "value_rp"), ==, 15000);
    assert_exit (imp, 0);
    g_assert_cmpint (json_object_get_int_member (imp->json, "imported"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (imp->json, "expired_postings"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (imp->json, "expired_rp"), ==, 15000);
    assert_exit (old, 0);
    g_assert_cmpint (json_object_get_int_member (old->json, "balance_rp"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (old->json, "status_rp"), ==, 15000);
    assert_exit (fresh, 0);
    g_assert_cmpint (json_object_get_int_member (imp->json, "value_rp"), ==, 15000);
    g_assert_cmpint (json_object_get_int_member (fresh->json, "balance_rp"), ==, 300000 + 15000);
    list = json_object_get_array_member (fresh->json, "expiring");
    g_assert_cmpuint (json_array_get_length (list), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "at"), ==,
                     "2027-04-01T10:00:00");
    assert_exit (again, 0);
    g_assert_cmpint (json_object_get_int_member (again->json, "expired_postings"), ==, 0);
    assert_exit (verify, 0);
  }
  run_now = NULL;
}

/* Issue 17 §5 through the CLI: customer add --referred-by (exit 1 for
 * oneself), bonus add --kind registration|referral --points --funding,
 * both in the first award's "bonuses" with value_rp, never again. */
static void
test_registration_referral (void)
{
  g_autofree char *db = db_location ("referral.db");

  add_example_network (db);
  {
    g_autoptr(Run) self = cli (db, "customer", "add", "--code", "R9", "--name", "Rina", "--referred-by", "R9", NULL);
    g_autoptr(Run) ref = cli (db, "customer", "add", "--code", "R1", "--name", "Rudi", "--referred-by", "C1", NULL);
    g_autoptr(Run) again = cli (db, "customer", "edit", "--code", "R1", "--referred-by", "C2", NULL);
    g_autoptr(Run) no_points = cli (db, "bonus", "add", "--kind", "registration", "--funding", "0/100/0", NULL);
    g_autoptr(Run) reg = cli (db, "bonus", "add", "--kind", "registration", "--points", "5", "--store", "PLUS",
                              "--funding", "0/100/0", NULL);
    g_autoptr(Run) refb = cli (db, "bonus", "add", "--kind", "referral", "--points", "10", "--funding", "20/50/30",
                               NULL);
    g_autoptr(Run) a1 = cli (db, "award", "--store", "PLUS", "--customer", "R1", "--amount", "250000", "--at",
                             "2026-11-22T10:00:00", "--digit", "5", "--receipt", "RR1", NULL);
    g_autoptr(Run) a2 = cli (db, "award", "--store", "PLUS", "--customer", "R1", "--amount", "250000", "--at",
                             "2026-11-22T11:00:00", "--digit", "5", "--receipt", "RR2", NULL);
    g_autoptr(Run) referrer = cli (db, "ledger", "balance", "--customer", "C1", NULL);
    JsonArray *bonuses;
    JsonObject *b;

    assert_exit (self, 1);
    assert_exit (ref, 0);
    g_assert_cmpstr (json_object_get_string_member (ref->json, "referred_by"), ==, "C1");
    assert_exit (again, 1);
    assert_exit (no_points, 2);
    assert_exit (reg, 0);
    assert_exit (refb, 0);
    assert_exit (a1, 0);
    bonuses = json_object_get_array_member (a1->json, "bonuses");
    g_assert_cmpuint (json_array_get_length (bonuses), ==, 2);
    b = json_array_get_object_element (bonuses, 0);
    g_assert_cmpstr (json_object_get_string_member (b, "kind"), ==, "registration");
    g_assert_cmpint (json_object_get_int_member (b, "value_rp"), ==, 5000);
    b = json_array_get_object_element (bonuses, 1);
    g_assert_cmpstr (json_object_get_string_member (b, "kind"), ==, "referral");
    g_assert_cmpint (json_object_get_int_member (b, "value_rp"), ==, 10000);
    g_assert_cmpint (json_object_get_int_member (b, "produsen_rp"), ==, 2000);
    g_assert_cmpint (json_object_get_int_member (b, "ritel_rp"), ==, 5000);
    g_assert_cmpint (json_object_get_int_member (b, "bsn_rp"), ==, 3000);
    assert_exit (a2, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (a2->json, "bonuses")), ==, 0);
    assert_exit (referrer, 0);
    g_assert_cmpint (json_object_get_int_member (referrer->json, "balance_rp"), ==, 10000);
  }
}

/* A bonus outside its kind's size (DOMAIN §4.5) is refused with exit 1 and
 * the allowed range in the message; the ends themselves are accepted. */
static void
test_bonus_size_ranges (void)
{
  g_autofree char *db = db_location ("bonus.db");
  add_example_network (db);
  {
    g_autoptr(Run) low = cli (db, "bonus", "add", "--code", "SBL1", "--name", "Surprise barang", "--kind",
                              "surprise_goods", "--rate", "19,99", "--funding", "50/40/10", NULL);
    g_autoptr(Run) ok = cli (db, "bonus", "add", "--code", "SBL2", "--name", "Surprise barang", "--kind",
                             "surprise_goods", "--rate", "20", "--funding", "50/40/10", NULL);
    g_autoptr(Run) high = cli (db, "bonus", "add", "--code", "SIA1", "--name", "Poin siaga", "--kind", "siaga",
                               "--rate", "5,01", "--funding", "0/100/0", NULL);
    g_autoptr(Run) lelang = cli (db, "bonus", "add", "--code", "LEL1", "--name", "Lelang", "--kind", "lelang",
                                 "--rate", "15,01", "--funding", "0/100/0", NULL);
    g_autoptr(Run) list = cli (db, "bonus", "list", NULL);
    const char *msg;

    assert_exit (low, 1);
    g_assert_false (json_object_get_boolean_member (low->json, "ok"));
    msg = json_object_get_string_member (low->json, "error");
    g_assert_nonnull (strstr (msg, "harus antara 20 % dan 30 % dari belanja"));
    g_assert_nonnull (strstr (msg, "19,99 %"));
    assert_exit (ok, 0);
    assert_exit (high, 1);
    g_assert_nonnull (strstr (json_object_get_string_member (high->json, "error"), "antara 1 % dan 5 %"));
    assert_exit (lelang, 1);
    g_assert_nonnull (strstr (json_object_get_string_member (lelang->json, "error"),
                              "lebih dari 0 % dan paling banyak 15 %"));
    assert_exit (list, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list->json, "rules")), ==, 1);
  }
}

static void
test_tiers_contract (void)
{
  g_autofree char *db = db_location ("tiers.db");
  add_example_network (db);
  {
    g_autoptr(Run) show = cli (db, "tiers", "show", "--scheme", "lelang", "--at", "2026-11-22T00:00:00", NULL);
    g_autoptr(Run) old = cli (db, "tiers", "show", "--scheme", "lelang", "--at", "2025-01-01T00:00:00", NULL);
    g_autoptr(Run) set = cli (db, "tiers", "set", "--scheme", "stopwatch", "--level", "Plus", "--digit", "5",
                              "--rate-bp", "700", "--from", "2026-12-01T00:00:00", "--reason", "Promo akhir tahun", NULL);
    g_autoptr(Run) refused = cli (db, "tiers", "set", "--scheme", "stopwatch", "--level", "Plus", "--digit", "5",
                                  "--rate-bp", "1500", "--from", "2026-12-01T00:00:00", "--reason", "Terlalu", NULL);
    g_autoptr(Run) hist = cli (db, "tiers", "history", NULL);
    g_autoptr(Run) before = cli (db, "award", "--store", "PLUS", "--customer", "C1", "--amount", "250000", "--at",
                                 "2026-11-30T23:59:59", "--digit", "5", NULL);
    g_autoptr(Run) after = cli (db, "award", "--store", "PLUS", "--customer", "C1", "--amount", "250000", "--at",
                                "2026-12-01T00:00:00", "--digit", "5", NULL);
    JsonArray *levels;

    assert_exit (show, 0);
    levels = json_object_get_array_member (show->json, "levels");
    g_assert_cmpuint (json_array_get_length (levels), ==, 6);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                       json_array_get_object_element (levels, 2), "rates_bp"), "X"), ==, 650);
    assert_exit (old, 0);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (old->json, "version"), "name"), ==,
                     "Awal");
    assert_exit (set, 0);
    assert_exit (refused, 1);
    assert_exit (hist, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (hist->json, "versions")), ==, 5);
    assert_award (before, "stopwatch", 600, 15000, TRUE);
    assert_award (after, "stopwatch", 700, 17500, TRUE);
    g_assert_cmpint (json_object_get_int_member (after->json, "tier_version"), ==,
                     json_object_get_int_member (set->json, "tier_version"));
  }
}

/* tiers simulate (issue 21): every key in each store and in the total;
 * a draft of one cell; --scheme with --draft only (exit 2). */
static void
test_tiers_simulate (void)
{
  g_autofree char *db = db_location ("simulate.db");
  g_autofree char *draft = db_path ("draft.csv");
  static const char *const keys[] = { "store", "sales_rp", "cost_rp", "cost_draft_rp", "cost_pct_bp",
                                      "cost_draft_pct_bp", "margin_min_bp", "safe" };

  add_example_network (db);
  g_assert_true (g_file_set_contents (draft, "band,level,key,rate\nlow,Plus,5,7\n", -1, NULL));
  {
    g_autoptr(Run) a = cli (db, "award", "--store", "PLUS", "--customer", "C1", "--amount", "250000", "--at",
                            "2026-11-22T14:22:14", "--digit", "5", NULL);
    g_autoptr(Run) sim = cli (db, "tiers", "simulate", "--from", "2026-11-22", "--to", "2026-11-22", "--store",
                              "PLUS", "--scheme", "stopwatch", "--draft", draft, NULL);
    g_autoptr(Run) all = cli (db, "tiers", "simulate", "--from", "2026-11-01", "--to", "2026-11-30", NULL);
    g_autoptr(Run) outside = cli (db, "tiers", "simulate", "--from", "2026-11-23", "--to", "2026-11-23", "--store",
                                  "PLUS", "--level", "PLUS=Pro", NULL);
    g_autoptr(Run) no_scheme = cli (db, "tiers", "simulate", "--from", "2026-11-22", "--to", "2026-11-22", "--draft",
                                    draft, NULL);
    g_autoptr(Run) no_draft = cli (db, "tiers", "simulate", "--from", "2026-11-22", "--to", "2026-11-22", "--scheme",
                                   "stopwatch", NULL);
    g_autoptr(Run) no_to = cli (db, "tiers", "simulate", "--from", "2026-11-22", NULL);
    g_autoptr(Run) bad_level = cli (db, "tiers", "simulate", "--from", "2026-11-22", "--to", "2026-11-22",
                                    "--level", "PLUS", NULL);
    JsonArray *stores;
    JsonObject *s, *total;

    assert_exit (a, 0);
    assert_exit (sim, 0);
    stores = json_object_get_array_member (sim->json, "stores");
    g_assert_cmpuint (json_array_get_length (stores), ==, 1);
    s = json_array_get_object_element (stores, 0);
    total = json_object_get_object_member (sim->json, "total");
    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      {
        g_assert_true (json_object_has_member (s, keys[i]));
        g_assert_true (json_object_has_member (total, keys[i]));
      }
    g_assert_cmpstr (json_object_get_string_member (s, "store"), ==, "PLUS");
    g_assert_cmpint (json_object_get_int_member (s, "sales_rp"), ==, 250000);
    /* 6 % of Rp250.000 as recorded; 7 % with the draft. */
    g_assert_cmpint (json_object_get_int_member (s, "cost_rp"), ==, 15000);
    g_assert_cmpint (json_object_get_int_member (s, "cost_draft_rp"), ==, 17500);
    g_assert_cmpint (json_object_get_int_member (s, "cost_pct_bp"), ==, 600);
    g_assert_cmpint (json_object_get_int_member (s, "cost_draft_pct_bp"), ==, 700);
    g_assert_cmpint (json_object_get_int_member (s, "margin_min_bp"), ==, 800);
    g_assert_cmpint (json_object_get_int_member (total, "cost_draft_rp"), ==, 17500);
    assert_exit (all, 0);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (all->json, "total"), "cost_rp"), ==,
                     json_object_get_int_member (json_object_get_object_member (all->json, "total"),
                                                 "cost_draft_rp"));
    assert_exit (outside, 0);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (outside->json, "total"), "sales_rp"),
                     ==, 0);
    g_assert_true (json_object_get_boolean_member (json_object_get_object_member (outside->json, "total"), "safe"));
    assert_exit (no_scheme, 2);
    assert_exit (no_draft, 2);
    assert_exit (no_to, 2);
    assert_exit (bad_level, 3);
  }
}

static void
test_import_contract (void)
{
  g_autofree char *db = db_location ("import.db");
  g_autofree char *csv = db_path ("sales.csv");
  const char text[] = "receipt,store,customer,amount,at,digit,perishable_amount\n"
                      "I1,PLUS,C1,250000,2026-11-22T14:22:14,5,\n"
                      "I2,SAYUR,C4,100000,2026-11-22T16:30:00,,100000\n"
                      "I3,PLUS,C1,abc,2026-11-22T14:22:14,5,\n";

  add_example_network (db);
  g_assert_true (g_file_set_contents (csv, text, -1, NULL));
  {
    g_autoptr(Run) first = cli (db, "import", "sales", csv, NULL);
    g_autoptr(Run) second = cli (db, "import", "sales", csv, NULL);
    g_autoptr(Run) missing = cli (db, "import", "sales", "/tidak/ada.csv", NULL);
    JsonArray *rejected;

    /* The good rows are imported; a rejected row makes it exit 3. */
    assert_exit (first, 3);
    g_assert_false (json_object_get_boolean_member (first->json, "ok"));
    g_assert_cmpint (json_object_get_int_member (first->json, "imported"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (first->json, "duplicates"), ==, 0);
    rejected = json_object_get_array_member (first->json, "rejected");
    g_assert_cmpuint (json_array_get_length (rejected), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rejected, 0), "line"), ==, 4);
    g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (rejected, 0), "reason"),
                              "abc"));
    assert_exit (second, 3);
    g_assert_cmpint (json_object_get_int_member (second->json, "imported"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (second->json, "duplicates"), ==, 2);
    assert_exit (missing, 3);
  }
}

/* The import reads Indonesian column names, mixed with English ones. */
static void
test_import_indonesian_header (void)
{
  g_autofree char *db = db_location ("import-id.db");
  g_autofree char *csv = db_path ("penjualan.csv");
  const char text[] = "struk,Toko,PELANGGAN,jumlah,at,angka,bagian_segar\n"
                      "J1,PLUS,C1,250000,2026-11-22T14:22:14,5,\n"
                      "J2,SAYUR,C4,100000,2026-11-22T16:30:00,,100000\n";

  add_example_network (db);
  g_assert_true (g_file_set_contents (csv, text, -1, NULL));
  {
    g_autoptr(Run) imp = cli (db, "import", "sales", csv, NULL);

    assert_exit (imp, 0);
    g_assert_true (json_object_get_boolean_member (imp->json, "ok"));
    g_assert_cmpint (json_object_get_int_member (imp->json, "imported"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (imp->json, "value_rp"), ==, 15000 + 6500);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (imp->json, "rejected")), ==, 0);
  }
}

/* DOMAIN.md §2: the receipt number belongs to its store. STD's R-0001 is
 * a new receipt after PLUS's; the same (store, number) again is a
 * duplicate, by award and by import alike. */
static void
test_receipt_number_per_store (void)
{
  g_autofree char *db = db_location ("per-store.db");
  g_autofree char *csv = db_path ("per-store.csv");
  const char text[] = "receipt,store,customer,amount,at,digit,perishable_amount\n"
                      "R-0001,PLUS,C1,250000,2026-11-22T14:22:14,5,\n"
                      "R-0001,STD,C1,300000,2026-11-22T09:15:06,6,\n"
                      "R-0001,ELITE,C1,600000,2026-11-22T10:00:00,1,\n";

  add_example_network (db);
  g_assert_true (g_file_set_contents (csv, text, -1, NULL));
  {
    g_autoptr(Run) ta = cli (db, "award", "--store", "PLUS", "--customer", "C1", "--amount", "250000", "--at",
                             "2026-11-22T14:22:14", "--digit", "5", "--receipt", "R-0001", NULL);
    g_autoptr(Run) tb = cli (db, "award", "--store", "STD", "--customer", "C1", "--amount", "300000", "--at",
                             "2026-11-22T09:15:06", "--digit", "6", "--receipt", "R-0001", NULL);
    g_autoptr(Run) tb2 = cli (db, "award", "--store", "STD", "--customer", "C1", "--amount", "300000", "--at",
                              "2026-11-22T09:15:06", "--digit", "6", "--receipt", "R-0001", NULL);
    g_autoptr(Run) clash = cli (db, "award", "--store", "STD", "--customer", "C1", "--amount", "100000", "--at",
                                "2026-11-22T09:15:06", "--digit", "6", "--receipt", "R-0001", NULL);
    g_autoptr(Run) imp = cli (db, "import", "sales", csv, NULL);
    g_autoptr(Run) bal = cli (db, "ledger", "balance", "--customer", "C1", NULL);

    assert_award (ta, "stopwatch", 600, 15000, TRUE);
    g_assert_false (json_object_get_boolean_member (ta->json, "duplicate"));
    g_assert_cmpstr (json_object_get_string_member (ta->json, "store"), ==, "PLUS");
    assert_award (tb, "stopwatch", 400, 12000, TRUE);
    g_assert_false (json_object_get_boolean_member (tb->json, "duplicate"));
    g_assert_cmpstr (json_object_get_string_member (tb->json, "store"), ==, "STD");
    g_assert_cmpint (json_object_get_int_member (tb->json, "posting"), !=,
                     json_object_get_int_member (ta->json, "posting"));
    assert_award (tb2, "stopwatch", 400, 12000, TRUE);
    g_assert_true (json_object_get_boolean_member (tb2->json, "duplicate"));
    g_assert_cmpint (json_object_get_int_member (tb2->json, "posting"), ==,
                     json_object_get_int_member (tb->json, "posting"));
    assert_exit (clash, 1);
    /* PLUS's and STD's are the two above; ELITE's R-0001 is new
     * (Elite, quota Rp500.000 met, digit 1 → 4 %: Rp24.000). */
    assert_exit (imp, 0);
    g_assert_cmpint (json_object_get_int_member (imp->json, "imported"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (imp->json, "duplicates"), ==, 2);
    assert_exit (bal, 0);
    g_assert_cmpint (json_object_get_int_member (bal->json, "balance_rp"), ==, 15000 + 12000 + 24000);
  }
}

/* DOMAIN.md §4.3: status points as of the receipt's time. C2 holds 300
 * poin from 1 November; a receipt at 11:00 earns, then one dated 10:00 is
 * entered: it sees 300 poin, not the 11:00 receipt's points. */
static void
test_status_as_of_receipt_time (void)
{
  g_autofree char *db = db_location ("status-at.db");
  add_example_network (db);
  {
    g_autoptr(Run) late = cli (db, "award", "--store", "STD", "--customer", "C2", "--amount", "300000", "--at",
                               "2026-11-22T11:00:00", "--digit", "0", "--receipt", "LATE", NULL);
    g_autoptr(Run) early = cli (db, "award", "--store", "PLUS", "--customer", "C2", "--amount", "150000", "--at",
                                "2026-11-22T10:00:00", "--digit", "1", "--receipt", "EARLY", NULL);
    g_autoptr(Run) later = cli (db, "award", "--store", "PLUS", "--customer", "C2", "--amount", "150000", "--at",
                                "2026-11-22T11:00:01", "--digit", "1", "--receipt", "LATER", NULL);

    /* Standard, digit 0 → 6 %: Rp18.000. */
    assert_award (late, "stopwatch", 600, 18000, TRUE);
    g_assert_cmpint (json_object_get_int_member (late->json, "status_before_rp"), ==, 300000);
    assert_award (early, "siaga", 150, 2250, FALSE);
    g_assert_cmpint (json_object_get_int_member (early->json, "status_before_rp"), ==, 300000);
    /* 300 + 18 + 2,25 poin before 11:00:01. */
    assert_award (later, "siaga", 150, 2250, FALSE);
    g_assert_cmpint (json_object_get_int_member (later->json, "status_before_rp"), ==, 320250);
  }
}

/* DOMAIN.md §4.2 through the CLI: 22 November opens 20:00 for 10 hours
 * (`quota hours`); 01:30 on 23 November is its slot VI, with its slot
 * quota (`quota set --date 2026-11-22` names the store-day) and in its
 * `quota status`, not in 23 November's. */
static void
test_quota_store_day_past_midnight (void)
{
  g_autofree char *db = db_location ("night.db");
  add_example_network (db);
  {
    g_autoptr(Run) hours = cli (db, "quota", "hours", "--store", "SAYUR", "--date", "2026-11-22", "--opening", "20:00",
                                "--hours", "10", NULL);
    g_autoptr(Run) q22 = cli (db, "quota", "set", "--store", "SAYUR", "--date", "2026-11-22", "--min-purchase",
                              "80000", "--slot", "VI", NULL);
    g_autoptr(Run) q23 = cli (db, "quota", "set", "--store", "SAYUR", "--date", "2026-11-23", "--min-purchase",
                              "500000", NULL);
    g_autoptr(Run) a = cli (db, "award", "--store", "SAYUR", "--customer", "C1", "--amount", "100000", "--at",
                            "2026-11-23T01:30:00", "--receipt", "N1", NULL);
    g_autoptr(Run) st22 = NULL, st23 = NULL;
    JsonObject *vi;

    assert_exit (hours, 0);
    assert_exit (q22, 0);
    assert_exit (q23, 0);
    /* Slot VI, Platinum < 15 %: 4,5 %. */
    assert_award (a, "lelang", 450, 4500, TRUE);
    g_assert_cmpstr (json_object_get_string_member (a->json, "slot"), ==, "VI");
    g_assert_cmpint (json_object_get_int_member (a->json, "quota_rp"), ==, 80000);

    st22 = cli (db, "quota", "status", "--store", "SAYUR", "--date", "2026-11-22", NULL);
    st23 = cli (db, "quota", "status", "--store", "SAYUR", "--date", "2026-11-23", NULL);
    assert_exit (st22, 0);
    assert_exit (st23, 0);
    vi = json_array_get_object_element (json_object_get_array_member (st22->json, "slots"), 5);
    g_assert_cmpstr (json_object_get_string_member (vi, "slot"), ==, "VI");
    g_assert_cmpint (json_object_get_int_member (vi, "receipts"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (vi, "quota_rp"), ==, 80000);
    g_assert_cmpint (json_object_get_int_member (st22->json, "sales_rp"), ==, 100000);
    g_assert_cmpint (json_object_get_int_member (st23->json, "sales_rp"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (st23->json, "outside_hours_rp"), ==, 0);
  }
}

static void
test_quota_contract (void)
{
  g_autofree char *db = db_location ("quota.db");
  add_example_network (db);
  {
    g_autoptr(Run) stock = cli (db, "quota", "stock", "--store", "SAYUR", "--date", "2026-11-22", "--item", "Bayam",
                                "--qty", "100", "--unit", "kg", "--price", "10000", "--perishable", NULL);
    g_autoptr(Run) slotq = cli (db, "quota", "set", "--store", "SAYUR", "--date", "2026-11-22", "--min-purchase",
                                "50000", "--slot", "X", NULL);
    g_autoptr(Run) cap = cli (db, "quota", "cap", "--store", "SAYUR", "--date", "2026-11-22", "--slot-recipients", "1",
                              "--daily-budget", "Rp8.000", NULL);
    g_autoptr(Run) bad = cli (db, "quota", "stock", "--store", "SAYUR", "--date", "2026-11-22", "--item", "Bayam",
                              "--qty", "nol", "--unit", "kg", "--price", "10000", NULL);
    g_autoptr(Run) a1 = cli (db, "award", "--store", "SAYUR", "--customer", "C1", "--amount", "100000", "--at",
                             "2026-11-22T16:05:00", NULL);
    g_autoptr(Run) a2 = cli (db, "award", "--store", "SAYUR", "--customer", "C2", "--amount", "100000", "--at",
                             "2026-11-22T16:06:00", NULL);
    g_autoptr(Run) st = NULL;
    JsonArray *slots;
    JsonObject *x;

    assert_exit (stock, 0);
    g_assert_cmpint (json_object_get_int_member (stock->json, "value_rp"), ==, 1000000);
    assert_exit (slotq, 0);
    assert_exit (cap, 0);
    assert_exit (bad, 3);
    assert_award (a1, "lelang", 650, 6500, TRUE);
    /* The second customer of slot X: slot-I rate (2 %), then cut by the
     * Rp8.000 budget to Rp1.500. */
    assert_exit (a2, 0);
    g_assert_cmpint (json_object_get_int_member (a2->json, "rate_bp"), ==, 200);
    g_assert_cmpint (json_object_get_int_member (a2->json, "value_rp"), ==, 1500);
    g_assert_true (json_object_get_boolean_member (a2->json, "capped"));

    st = cli (db, "quota", "status", "--store", "SAYUR", "--date", "2026-11-22", NULL);
    assert_exit (st, 0);
    slots = json_object_get_array_member (st->json, "slots");
    g_assert_cmpuint (json_array_get_length (slots), ==, 10);
    x = json_array_get_object_element (slots, 9);
    g_assert_cmpstr (json_object_get_string_member (x, "slot"), ==, "X");
    g_assert_cmpint (json_object_get_int_member (x, "target_rp"), ==, 100000);
    g_assert_cmpint (json_object_get_int_member (x, "sales_rp"), ==, 200000);
    g_assert_cmpint (json_object_get_int_member (x, "rewarded"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (x, "reward_rp"), ==, 8000);
    g_assert_cmpint (json_object_get_int_member (x, "capped"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (slots, 0), "sales_rp"), ==, 0);
  }
}

/* Issue 17 §6: --capacity at the offer, or the units sold in the previous
 * lot of equal length; "over_capacity" in status and list; the 50 % return
 * cost follows; --over-capacity is an override that needs --reason (exit 2
 * without) and leaves an audit entry. */
static void
test_consign_capacity (void)
{
  g_autofree char *db = db_location ("capacity.db");
  g_autoptr(Run) init = cli (db, "init", NULL);
  g_autoptr(Run) i = cli (db, "store", "add", "--code", "IND", "--name", "Induk", "--role", "induk", "--band", "low",
                          "--level", "Gold", "--scheme", "both", "--opening", "06:00", NULL);
  g_autoptr(Run) a = cli (db, "store", "add", "--code", "ANK", "--name", "Anak", "--role", "anak", "--parent", "IND",
                          "--band", "low", "--level", "Gold", "--scheme", "both", "--opening", "06:00", NULL);
  g_autoptr(Run) o1 = cli (db, "consign", "offer", "--from", "IND", "--to", "ANK", "--sku", "BAJU-01", "--name",
                           "Kemeja batik", "--qty", "100", "--cost", "8000", "--price", "10000", "--offered",
                           "2026-11-01", "--period-days", "14", "--stage-days", "7,7,7", "--scheme", "A",
                           "--capacity", "60", NULL);
  g_autoptr(Run) bad = cli (db, "consign", "offer", "--from", "IND", "--to", "ANK", "--sku", "BAJU-01", "--name",
                            "Kemeja batik", "--qty", "100", "--cost", "8000", "--price", "10000", "--offered",
                            "2026-11-01", "--period-days", "14", "--stage-days", "7,7,7", "--scheme", "A",
                            "--capacity", "-1", NULL);
  g_autoptr(Run) acc = cli (db, "consign", "accept", "1", "--qty", "80", "--at", "2026-11-01", NULL);
  g_autoptr(Run) sell = cli (db, "consign", "sell", "1", "--qty", "50", "--at", "2026-11-03", NULL);
  g_autoptr(Run) st = cli (db, "consign", "status", "1", "--at", "2026-11-03", NULL);
  g_autoptr(Run) list = cli (db, "consign", "list", "--at", "2026-11-03", NULL);
  g_autoptr(Run) ret = cli (db, "consign", "return", "1", "--at", "2026-12-06", "--cost", "50000", NULL);
  /* The next lot of equal length takes its capacity from lot 1: 50 sold. */
  g_autoptr(Run) o2 = cli (db, "consign", "offer", "--from", "IND", "--to", "ANK", "--sku", "BAJU-01", "--name",
                           "Kemeja batik", "--qty", "50", "--cost", "8000", "--price", "10000", "--offered",
                           "2026-12-06", "--period-days", "14", "--stage-days", "7,7,7", "--scheme", "A", NULL);
  g_autoptr(Run) acc2 = cli (db, "consign", "accept", "2", "--at", "2026-12-06", NULL);
  g_autoptr(Run) st2 = cli (db, "consign", "status", "2", "--at", "2026-12-06", NULL);
  g_autoptr(Run) no_reason = cli (db, "consign", "return", "2", "--at", "2027-01-10", "--cost", "30000",
                                  "--over-capacity", NULL);
  g_autoptr(Run) blank = cli (db, "consign", "return", "2", "--at", "2027-01-10", "--cost", "30000",
                              "--over-capacity", "--reason", " ", NULL);
  g_autoptr(Run) ret2 = cli (db, "consign", "return", "2", "--at", "2027-01-10", "--cost", "30000",
                             "--over-capacity", "--reason", "Minta 50 unit, pasar sepi", NULL);
  g_autoptr(Run) audit = cli (db, "audit", "list", NULL);
  JsonArray *lots, *entries;
  JsonObject *lot1 = NULL, *entry = NULL;
  guint n_override = 0;

  assert_exit (o1, 0);
  g_assert_cmpint (json_object_get_int_member (o1->json, "capacity"), ==, 60);
  g_assert_true (json_object_get_null_member (o1->json, "capacity_from_lot"));
  assert_exit (bad, 3);
  assert_exit (acc, 0);
  assert_exit (sell, 0);
  assert_exit (st, 0);
  g_assert_cmpint (json_object_get_int_member (st->json, "capacity"), ==, 60);
  g_assert_true (json_object_get_boolean_member (st->json, "over_capacity"));
  assert_exit (list, 0);
  lots = json_object_get_array_member (list->json, "lots");
  for (guint k = 0; k < json_array_get_length (lots); k++)
    if (json_object_get_int_member (json_array_get_object_element (lots, k), "lot") == 1)
      lot1 = json_array_get_object_element (lots, k);
  g_assert_nonnull (lot1);
  g_assert_true (json_object_get_boolean_member (lot1, "over_capacity"));
  g_assert_cmpint (json_object_get_int_member (lot1, "capacity"), ==, 60);
  /* 30 back at Rp50.000: the anak bears Rp25.000 without any flag. */
  assert_exit (ret, 0);
  g_assert_cmpint (json_object_get_int_member (ret->json, "returned"), ==, 30);
  g_assert_cmpint (json_object_get_int_member (ret->json, "return_cost_anak_rp"), ==, 25000);
  g_assert_true (json_object_get_boolean_member (ret->json, "over_capacity"));
  g_assert_false (json_object_get_boolean_member (ret->json, "over_capacity_override"));

  assert_exit (o2, 0);
  g_assert_cmpint (json_object_get_int_member (o2->json, "capacity"), ==, 50);
  g_assert_cmpint (json_object_get_int_member (o2->json, "capacity_from_lot"), ==, 1);
  assert_exit (acc2, 0);
  g_assert_false (json_object_get_boolean_member (st2->json, "over_capacity"));
  assert_exit (no_reason, 2);
  g_assert_nonnull (strstr (json_object_get_string_member (no_reason->json, "error"), "--reason"));
  assert_exit (blank, 2);
  assert_exit (ret2, 0);
  g_assert_cmpint (json_object_get_int_member (ret2->json, "returned"), ==, 50);
  g_assert_cmpint (json_object_get_int_member (ret2->json, "return_cost_anak_rp"), ==, 15000);
  g_assert_true (json_object_get_boolean_member (ret2->json, "over_capacity"));
  g_assert_true (json_object_get_boolean_member (ret2->json, "over_capacity_override"));
  assert_exit (audit, 0);
  entries = json_object_get_array_member (audit->json, "entries");
  for (guint k = 0; k < json_array_get_length (entries); k++)
    {
      JsonObject *e = json_array_get_object_element (entries, k);
      if (g_str_equal (json_object_get_string_member (e, "action"), "consign.over_capacity_override"))
        entry = e, n_override++;
    }
  g_assert_cmpuint (n_override, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (entry, "subject"), ==, "#2");
  g_assert_nonnull (strstr (json_object_get_string_member (entry, "after"), "\"reason\":\"Minta 50 unit, pasar sepi\""));
  g_assert_nonnull (strstr (json_object_get_string_member (entry, "sentence"), "Minta 50 unit, pasar sepi"));
}

static void
test_consign_contract (void)
{
  g_autofree char *db = db_location ("consign.db");
  g_autoptr(Run) init = cli (db, "init", NULL);
  g_autoptr(Run) i = cli (db, "store", "add", "--code", "IND", "--name", "Induk", "--role", "induk", "--band", "low",
                          "--level", "Gold", "--scheme", "both", "--opening", "06:00", NULL);
  g_autoptr(Run) a = cli (db, "store", "add", "--code", "ANK", "--name", "Anak", "--role", "anak", "--parent", "IND",
                          "--band", "low", "--level", "Gold", "--scheme", "both", "--opening", "06:00", NULL);
  g_autoptr(Run) offer = cli (db, "consign", "offer", "--from", "IND", "--to", "ANK", "--sku", "BAJU-01", "--name",
                              "Kemeja batik", "--qty", "100", "--cost", "8000", "--price", "10000", "--offered",
                              "2026-11-01", "--period-days", "14", "--stage-days", "7,7,7", "--scheme", "B", NULL);
  g_autofree char *lot = NULL;

  assert_exit (offer, 0);
  lot = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (offer->json, "lot"));
  {
    g_autoptr(Run) early = cli (db, "consign", "sell", lot, "--qty", "1", "--at", "2026-11-02", NULL);
    g_autoptr(Run) st0 = cli (db, "consign", "status", lot, "--at", "2026-11-01", NULL);
    g_autoptr(Run) acc = cli (db, "consign", "accept", lot, "--at", "2026-11-01", NULL);
    g_autoptr(Run) s1 = cli (db, "consign", "sell", lot, "--qty", "40", "--at", "2026-11-03", NULL);
    g_autoptr(Run) s2 = cli (db, "consign", "sell", lot, "--qty", "20", "--at", "2026-11-16", NULL);
    g_autoptr(Run) s3 = cli (db, "consign", "sell", lot, "--qty", "15", "--at", "2026-11-25", NULL);
    g_autoptr(Run) s4 = cli (db, "consign", "sell", lot, "--qty", "10", "--at", "2026-12-01", NULL);
    g_autoptr(Run) too_many = cli (db, "consign", "sell", lot, "--qty", "16", "--at", "2026-12-01", NULL);
    g_autoptr(Run) before = cli (db, "consign", "sell", lot, "--qty", "1", "--at", "2026-10-01", NULL);
    g_autoptr(Run) st = cli (db, "consign", "status", lot, "--at", "2026-12-06", NULL);
    g_autoptr(Run) ret = cli (db, "consign", "return", lot, "--at", "2026-12-06", NULL);
    g_autoptr(Run) after = cli (db, "consign", "sell", lot, "--qty", "1", "--at", "2026-12-07", NULL);
    g_autoptr(Run) settle = cli (db, "consign", "settle", lot, NULL);
    g_autoptr(Run) neg = cli (db, "consign", "offer", "--from", "IND", "--to", "ANK", "--sku", "X", "--name", "X",
                              "--qty", "1", "--cost", "1", "--price", "-5", "--offered", "2026-11-01",
                              "--period-days", "1", "--stage-days", "1,1,1", "--scheme", "A", NULL);
    g_autoptr(Run) dear = cli (db, "consign", "offer", "--from", "IND", "--to", "ANK", "--sku", "X", "--name", "X",
                               "--qty", "1", "--cost", "10001", "--price", "10000", "--offered", "2026-11-01",
                               "--period-days", "1", "--stage-days", "1,1,1", "--scheme", "A", NULL);
    const gint64 prices[3] = { 9000, 8000, 7000 };
    const gboolean below[3] = { FALSE, FALSE, TRUE };
    JsonObject *stage_runs[2] = { st0->json, st->json };

    assert_exit (early, 1);
    assert_exit (st0, 0);
    g_assert_cmpstr (json_object_get_string_member (st0->json, "stage"), ==, "offered");
    assert_exit (acc, 0);
    assert_exit (s1, 0);
    g_assert_cmpstr (json_object_get_string_member (s1->json, "stage"), ==, "normal");
    g_assert_cmpint (json_object_get_int_member (s1->json, "unit_price_rp"), ==, 10000);
    g_assert_cmpint (json_object_get_int_member (s1->json, "amount_rp"), ==, 400000);
    g_assert_cmpstr (json_object_get_string_member (s2->json, "stage"), ==, "I");
    g_assert_cmpint (json_object_get_int_member (s2->json, "unit_price_rp"), ==, 9000);
    g_assert_cmpstr (json_object_get_string_member (s3->json, "stage"), ==, "II");
    g_assert_cmpint (json_object_get_int_member (s3->json, "amount_rp"), ==, 120000);
    g_assert_cmpstr (json_object_get_string_member (s4->json, "stage"), ==, "III");
    g_assert_cmpint (json_object_get_int_member (s4->json, "unit_price_rp"), ==, 7000);
    assert_exit (too_many, 1);
    assert_exit (before, 3);
    g_assert_cmpstr (json_object_get_string_member (st->json, "stage"), ==, "return_due");
    g_assert_cmpint (json_object_get_int_member (st->json, "accepted"), ==, 100);
    g_assert_cmpint (json_object_get_int_member (st->json, "sold"), ==, 85);
    g_assert_cmpint (json_object_get_int_member (st->json, "remaining"), ==, 15);
    assert_exit (ret, 0);
    g_assert_cmpint (json_object_get_int_member (ret->json, "returned"), ==, 15);
    g_assert_cmpint (json_object_get_int_member (ret->json, "induk_compensation_rp"), ==, 6750);
    g_assert_cmpint (json_object_get_int_member (ret->json, "return_cost_anak_rp"), ==, 0);
    assert_exit (after, 1);
    assert_exit (settle, 0);
    g_assert_cmpint (json_object_get_int_member (settle->json, "revenue_rp"), ==, 770000);
    g_assert_cmpint (json_object_get_int_member (settle->json, "cost_rp"), ==, 680000);
    g_assert_cmpint (json_object_get_int_member (settle->json, "profit_rp"), ==, 90000);
    g_assert_cmpint (json_object_get_int_member (settle->json, "induk_rp"), ==, 22500);
    g_assert_cmpint (json_object_get_int_member (settle->json, "produsen_rp"), ==, 36000);
    g_assert_cmpint (json_object_get_int_member (settle->json, "anak_rp"), ==, 31500);
    g_assert_cmpint (json_object_get_int_member (settle->json, "induk_compensation_rp"), ==, 6750);
    assert_exit (neg, 3);
    assert_exit (dear, 1);
    g_assert_nonnull (strstr (json_object_get_string_member (dear->json, "error"), "Modal pokok Rp10.001 lebih tinggi"));
    /* Tahap I–III against modal pokok 8.000, as offered and when return is due. */
    for (guint r = 0; r < G_N_ELEMENTS (stage_runs); r++)
      {
        JsonArray *stages = json_object_get_array_member (stage_runs[r], "stages");
        g_assert_cmpuint (json_array_get_length (stages), ==, 3);
        for (guint k = 0; k < 3; k++)
          {
            JsonObject *o = json_array_get_object_element (stages, k);
            g_assert_cmpint (json_object_get_int_member (o, "stage"), ==, k + 1);
            g_assert_cmpint (json_object_get_int_member (o, "price_rp"), ==, prices[k]);
            g_assert_cmpint (json_object_get_boolean_member (o, "below_cost"), ==, below[k]);
          }
      }
  }
}

/* reserve policy --days 3 (DOMAIN.md §6): 3 days of the average award
 * value of the 30 store-days before the status time's store-day. MLM
 * opens 20:00 for 10 hours: its 05:30 receipts (slot X, Rp6.500) belong
 * to the evening before (test-voucher.c /voucher/reserve/days-by-store-day). */
static void
test_reserve_days (void)
{
  g_autofree char *db = db_location ("reserve-days.db");
  const char *times[] = { "2026-10-31T05:30:00", "2026-11-15T05:30:00", "2026-11-30T05:30:00",
                          "2026-11-30T05:45:00" };

  add_example_network (db);
  run_now = "2026-11-30T12:00:00";
  {
    g_autoptr(Run) add = cli (db, "store", "add", "--code", "MLM", "--name", "Toko Malam", "--role", "toko", "--band",
                              "low", "--level", "Platinum", "--scheme", "lelang", "--opening", "20:00", "--hours", "10",
                              NULL);
    assert_exit (add, 0);
  }
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr(Run) a = cli (db, "award", "--store", "MLM", "--customer", "C1", "--amount", "100000", "--at", times[i],
                              NULL);
      assert_exit (a, 0);
      g_assert_cmpint (json_object_get_int_member (a->json, "value_rp"), ==, 6500);
    }
  {
    g_autoptr(Run) pol = cli (db, "reserve", "policy", "--store", "MLM", "--days", "3", NULL);
    g_autoptr(Run) noon = cli (db, "reserve", "status", "--store", "MLM", NULL);
    g_autoptr(Run) night = cli (db, "reserve", "status", "--store", "MLM", "--at", "2026-11-30T05:59:59", NULL);

    assert_exit (pol, 0);
    g_assert_cmpstr (json_object_get_string_member (pol->json, "method"), ==, "days");
    g_assert_cmpint (json_object_get_int_member (pol->json, "required_rp"), ==, 1950);
    assert_exit (noon, 0);
    g_assert_cmpint (json_object_get_int_member (noon->json, "required_rp"), ==, 1950);
    assert_exit (night, 0);
    g_assert_cmpint (json_object_get_int_member (night->json, "required_rp"), ==, 1299);
  }
  run_now = NULL;
}

static void
test_voucher_contract (void)
{
  g_autofree char *db = db_location ("voucher.db");
  add_example_network (db);
  {
    g_autoptr(Run) dep = cli (db, "reserve", "deposit", "--store", "SAYUR", "--amount", "Rp100.000", NULL);
    g_autoptr(Run) st = cli (db, "reserve", "status", "--store", "SAYUR", NULL);
    g_autoptr(Run) earn = cli (db, "award", "--store", "SAYUR", "--customer", "C1", "--amount", "100000", "--at",
                               "2026-11-22T16:30:00", NULL);
    g_autoptr(Run) issue = cli (db, "voucher", "issue", "--customer", "C1", "--value", "5000", "--valid-days", "14",
                                "--at", "2026-11-22T18:00:00", NULL);
    g_autoptr(Run) broke = cli (db, "voucher", "issue", "--customer", "C4", "--value", "5000", NULL);
    g_autoptr(Run) check = NULL, typo = NULL, redeem = NULL, again = NULL, settle = NULL;
    g_autofree char *code = NULL;
    g_autofree char *bad = NULL;

    assert_exit (dep, 0);
    assert_exit (st, 0);
    g_assert_cmpint (json_object_get_int_member (st->json, "balance_rp"), ==, 100000);
    g_assert_cmpint (json_object_get_int_member (st->json, "required_rp"), ==, 500000);
    g_assert_cmpint (json_object_get_int_member (st->json, "warnings"), ==, 0);
    g_assert_true (json_object_get_boolean_member (st->json, "active"));
    assert_exit (earn, 0);
    assert_exit (issue, 0);
    g_assert_cmpint (json_object_get_int_member (issue->json, "value_rp"), ==, 5000);
    assert_exit (broke, 1);
    code = g_strdup (json_object_get_string_member (issue->json, "code"));
    bad = g_strdup (code);
    bad[6] = bad[6] == 'Z' ? 'Y' : 'Z';

    check = cli (db, "voucher", "check", code, "--at", "2026-11-23T09:00:00", NULL);
    assert_exit (check, 0);
    g_assert_true (json_object_get_boolean_member (check->json, "valid"));
    g_assert_cmpint (json_object_get_int_member (check->json, "value_rp"), ==, 5000);
    typo = cli (db, "voucher", "check", bad, "--at", "2026-11-23T09:00:00", NULL);
    assert_exit (typo, 0);
    g_assert_false (json_object_get_boolean_member (typo->json, "valid"));
    g_assert_nonnull (json_object_get_string_member (typo->json, "reason"));
    redeem = cli (db, "voucher", "redeem", code, "--store", "PLUS", "--at", "2026-11-23T10:00:00", NULL);
    assert_exit (redeem, 0);
    again = cli (db, "voucher", "redeem", code, "--store", "STD", "--at", "2026-11-23T10:05:00", NULL);
    assert_exit (again, 1);
    g_assert_nonnull (strstr (json_object_get_string_member (again->json, "reason"), "sudah dipakai"));
    settle = cli (db, "settlement", "--from", "2026-11-01", "--to", "2026-11-30", NULL);
    assert_exit (settle, 0);
    {
      JsonArray *lines = json_object_get_array_member (settle->json, "lines");
      JsonObject *l;
      g_assert_cmpuint (json_array_get_length (lines), ==, 1);
      l = json_array_get_object_element (lines, 0);
      g_assert_cmpstr (json_object_get_string_member (l, "from_store"), ==, "SAYUR");
      g_assert_cmpstr (json_object_get_string_member (l, "to_store"), ==, "PLUS");
      g_assert_cmpint (json_object_get_int_member (l, "amount_rp"), ==, 5000);
    }
  }
}

static void
test_roles_contract (void)
{
  g_autofree char *db = db_location ("roles.db");
  g_autoptr(Run) init = cli (db, "init", NULL);
  g_autoptr(Run) first_kasir = NULL, owner = NULL, anon = NULL, wrong = NULL, ok = NULL, kasir = NULL, refused = NULL;
  g_autoptr(Run) allowed = NULL, audit = NULL, backup = NULL, restore = NULL;
  g_autofree char *bak = db_path ("roles-cadangan.db");

  run_new_password = "rahasia-pemilik";
  first_kasir = cli (db, "user", "add", "--name", "kiki", "--role", "kasir", NULL);
  assert_exit (first_kasir, 1);
  owner = cli (db, "user", "add", "--name", "sri", "--role", "pemilik", NULL);
  assert_exit (owner, 0);
  anon = cli (db, "customer", "add", "--code", "C1", "--name", "Siti", NULL);
  assert_exit (anon, 1);
  run_password = "keliru-sekali";
  wrong = cli (db, "--user", "sri", "customer", "add", "--code", "C1", "--name", "Siti", NULL);
  assert_exit (wrong, 1);
  run_password = "rahasia-pemilik";
  ok = cli (db, "--user", "sri", "customer", "add", "--code", "C1", "--name", "Siti", NULL);
  assert_exit (ok, 0);
  run_new_password = "rahasia-kasir";
  kasir = cli (db, "--user", "sri", "user", "add", "--name", "kiki", "--role", "kasir", NULL);
  assert_exit (kasir, 0);
  run_password = "rahasia-kasir";
  refused = cli (db, "--user", "kiki", "tiers", "set", "--scheme", "siaga", "--threshold-points", "1000", "--rate-bp",
                 "300", "--from", "2027-01-01T00:00:00", "--reason", "coba", NULL);
  assert_exit (refused, 1);
  g_assert_nonnull (strstr (json_object_get_string_member (refused->json, "reason"), "tidak berhak"));
  allowed = cli (db, "--user", "kiki", "customer", "add", "--code", "C2", "--name", "Budi", NULL);
  assert_exit (allowed, 0);
  run_password = "rahasia-pemilik";
  audit = cli (db, "--user", "sri", "audit", "list", NULL);
  assert_exit (audit, 0);
  {
    JsonArray *entries = json_object_get_array_member (audit->json, "entries");
    JsonObject *newest = json_array_get_object_element (entries, 0);
    g_assert_cmpuint (json_array_get_length (entries), >=, 4);
    g_assert_cmpstr (json_object_get_string_member (newest, "user"), ==, "kiki");
    g_assert_cmpstr (json_object_get_string_member (newest, "action"), ==, "customer.add");
    g_assert_true (json_object_has_member (newest, "at"));
    g_assert_true (json_object_has_member (newest, "before"));
    g_assert_nonnull (strstr (json_object_get_string_member (newest, "after"), "Budi"));
    /* Beside the machine fields, the sentence an owner reads. */
    g_assert_cmpstr (json_object_get_string_member (newest, "sentence"), ==, "kiki menambah pelanggan Budi (C2).");
  }
  {
    /* With users, --author no longer names the actor: the signed-in user does. */
    g_autoptr(Run) named = cli (db, "--user", "sri", "tiers", "set", "--scheme", "siaga", "--threshold-points", "1000",
                                "--rate-bp", "300", "--from", "2027-01-01T00:00:00", "--reason", "coba", "--author",
                                "Bu Sri", NULL);
    g_autoptr(Run) tiers = NULL;
    JsonObject *newest;
    assert_exit (named, 0);
    tiers = cli (db, "--user", "sri", "audit", "list", "--action", "tiers", NULL);
    assert_exit (tiers, 0);
    newest = json_array_get_object_element (json_object_get_array_member (tiers->json, "entries"), 0);
    g_assert_cmpstr (json_object_get_string_member (newest, "user"), ==, "sri");
    g_assert_true (g_str_has_prefix (json_object_get_string_member (newest, "sentence"),
                                     "sri membuat versi baru tabel Voucher siaga yang berlaku sejak 1 Jan 2027 00.00: "));
  }
  backup = cli (db, "--user", "sri", "backup", "-o", bak, NULL);
  restore = cli (db, "--user", "sri", "restore", bak, NULL);
  if (bsn_db_location_is_server (db))
    {
      /* A server keeps its own backups (pg_dump): both are refused. */
      assert_exit (backup, 1);
      assert_exit (restore, 1);
      g_assert_false (g_file_test (bak, G_FILE_TEST_EXISTS));
    }
  else
    {
      assert_exit (backup, 0);
      assert_exit (restore, 0);
    }
  run_password = NULL;
  run_new_password = NULL;
}

/* The reason of a refused run contains @text. */
static void
assert_refused (Run        *r,
                const char *text)
{
  assert_exit (r, 1);
  g_assert_false (json_object_get_boolean_member (r->json, "ok"));
  if (strstr (json_object_get_string_member (r->json, "reason"), text) == NULL)
    g_error ("reason “%s” lacks “%s”", json_object_get_string_member (r->json, "reason"), text);
}

/* The example network with its owner sri and the kasir kiki. */
static void
add_example_users (const char *db)
{
  g_autoptr(Run) owner = NULL, kasir = NULL;

  run_new_password = "rahasia-pemilik";
  owner = cli (db, "user", "add", "--name", "sri", "--role", "pemilik", NULL);
  assert_exit (owner, 0);
  run_password = "rahasia-pemilik";
  run_new_password = "rahasia-kasir";
  kasir = cli (db, "--user", "sri", "user", "add", "--name", "kiki", "--role", "kasir", NULL);
  assert_exit (kasir, 0);
  run_new_password = NULL;
}

/* user role / disable / enable: the owner only, the last active pemilik
 * stays, a disabled user cannot sign in, each change audited. */
static void
test_users_role_disable_enable (void)
{
  g_autofree char *db = db_location ("users.db");
  g_autoptr(Run) init = cli (db, "init", NULL);
  g_autoptr(Run) by_kasir = NULL, demote_last = NULL, disable_last = NULL, unknown = NULL, bad_role = NULL;
  g_autoptr(Run) disable = NULL, locked_out = NULL, enable = NULL, back_in = NULL, promote = NULL, list = NULL;
  g_autoptr(Run) demote_first = NULL, audit = NULL, again = NULL;

  assert_exit (init, 0);
  add_example_users (db);
  run_password = "rahasia-kasir";
  by_kasir = cli (db, "--user", "kiki", "user", "role", "--name", "kiki", "--role", "pemilik", NULL);
  assert_refused (by_kasir, "tidak berhak mengelola pengguna");

  run_password = "rahasia-pemilik";
  demote_last = cli (db, "--user", "sri", "user", "role", "--name", "sri", "--role", "manajer", NULL);
  assert_refused (demote_last, "pemilik aktif terakhir");
  disable_last = cli (db, "--user", "sri", "user", "disable", "--name", "sri", NULL);
  assert_refused (disable_last, "pemilik aktif terakhir");
  unknown = cli (db, "--user", "sri", "user", "disable", "--name", "tidakada", NULL);
  assert_refused (unknown, "tidak ada");
  bad_role = cli (db, "--user", "sri", "user", "role", "--name", "kiki", "--role", "bos", NULL);
  assert_exit (bad_role, 3);

  disable = cli (db, "--user", "sri", "user", "disable", "--name", "kiki", NULL);
  assert_exit (disable, 0);
  g_assert_cmpstr (json_object_get_string_member (disable->json, "name"), ==, "kiki");
  g_assert_false (json_object_get_boolean_member (disable->json, "active"));
  again = cli (db, "--user", "sri", "user", "disable", "--name", "kiki", NULL);
  assert_exit (again, 0);
  run_password = "rahasia-kasir";
  locked_out = cli (db, "--user", "kiki", "customer", "list", NULL);
  assert_refused (locked_out, "dinonaktifkan");

  run_password = "rahasia-pemilik";
  enable = cli (db, "--user", "sri", "user", "enable", "--name", "kiki", NULL);
  assert_exit (enable, 0);
  g_assert_true (json_object_get_boolean_member (enable->json, "active"));
  run_password = "rahasia-kasir";
  back_in = cli (db, "--user", "kiki", "customer", "list", NULL);
  assert_exit (back_in, 0);

  run_password = "rahasia-pemilik";
  promote = cli (db, "--user", "sri", "user", "role", "--name", "kiki", "--role", "pemilik", NULL);
  assert_exit (promote, 0);
  g_assert_cmpstr (json_object_get_string_member (promote->json, "role"), ==, "pemilik");
  list = cli (db, "--user", "sri", "user", "list", NULL);
  assert_exit (list, 0);
  {
    JsonArray *users = json_object_get_array_member (list->json, "users");
    JsonObject *kiki = json_array_get_object_element (users, 0);
    g_assert_cmpuint (json_array_get_length (users), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (kiki, "name"), ==, "kiki");
    g_assert_cmpstr (json_object_get_string_member (kiki, "role"), ==, "pemilik");
    g_assert_true (json_object_get_boolean_member (kiki, "active"));
  }
  /* With a second active pemilik the first may step down. */
  demote_first = cli (db, "--user", "sri", "user", "role", "--name", "sri", "--role", "pembukuan", NULL);
  assert_exit (demote_first, 0);

  run_password = "rahasia-kasir";
  audit = cli (db, "--user", "kiki", "audit", "list", "--action", "user", NULL);
  assert_exit (audit, 0);
  {
    JsonArray *entries = json_object_get_array_member (audit->json, "entries");
    const char *expected[] = { "user.role", "user.role", "user.enable", "user.disable", "user.add", "user.add" };
    const char *subjects[] = { "sri", "kiki", "kiki", "kiki", "kiki", "sri" };
    g_assert_cmpuint (json_array_get_length (entries), ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        JsonObject *e = json_array_get_object_element (entries, i);
        g_assert_cmpstr (json_object_get_string_member (e, "action"), ==, expected[i]);
        g_assert_cmpstr (json_object_get_string_member (e, "subject"), ==, subjects[i]);
      }
    g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (entries, 0), "after"),
                              "pembukuan"));
  }
  run_password = NULL;
}

/* Once a database has users, personal and financial data need a login,
 * and reserve check needs the reserves role: three anonymous checks on
 * three days no longer switch a store off. */
static void
test_reads_need_login (void)
{
  g_autofree char *db = db_location ("reads.db");
  g_autofree char *xlsx = db_path ("reads-ledger.xlsx");
  g_autofree char *csv = db_path ("reads-kpi.csv");
  const char *const reads[][10] = {
    { "customer", "list", NULL },
    { "ledger", "balance", "--customer", "C2", NULL },
    { "ledger", "list", NULL },
    { "report", "kpi", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "csv", "-o", NULL },
    { "export", "ledger", "-o", NULL },
    { "settlement", "--from", "2026-11-01", "--to", "2026-11-30", NULL },
    { "voucher", "check", "BSN-AAAA-AAAA-AAAA", NULL },
    { "reserve", "status", "--store", "SAYUR", NULL },
    { "quota", "status", "--store", "STD", "--date", "2026-11-22", NULL },
  };
  const char *days[] = { "2026-11-22T12:00:00", "2026-11-23T12:00:00", "2026-11-24T12:00:00" };

  add_example_network (db);
  {
    g_autoptr(Run) dep = cli (db, "reserve", "deposit", "--store", "SAYUR", "--amount", "Rp50.000", NULL);
    assert_exit (dep, 0);
  }
  add_example_users (db);
  run_password = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    {
      const char *const *a = reads[i];
      /* A NULL in the table stands for the output file, when there is one. */
      g_autoptr(Run) r = g_str_equal (a[0], "export") ? cli (db, a[0], a[1], a[2], xlsx, NULL)
                         : g_str_equal (a[0], "report") ? cli (db, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8],
                                                               csv, NULL)
                                                        : cli (db, a[0], a[1], a[2], a[3], a[4], a[5], a[6], NULL);
      assert_refused (r, "masuk dulu");
    }
  g_assert_false (g_file_test (xlsx, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autoptr(Run) r = cli (db, "reserve", "check", "--store", "SAYUR", "--at", days[i], NULL);
      assert_refused (r, "masuk dulu");
    }
  run_password = "rahasia-kasir";
  {
    g_autoptr(Run) kasir_check = cli (db, "--user", "kiki", "reserve", "check", "--store", "SAYUR", NULL);
    g_autoptr(Run) kasir_list = cli (db, "--user", "kiki", "customer", "list", NULL);
    g_autoptr(Run) kasir_balance = cli (db, "--user", "kiki", "ledger", "balance", "--customer", "C2", NULL);
    assert_refused (kasir_check, "tidak berhak mengelola cadangan");
    assert_exit (kasir_list, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (kasir_list->json, "customers")), ==, 4);
    assert_exit (kasir_balance, 0);
    g_assert_cmpint (json_object_get_int_member (kasir_balance->json, "balance_rp"), ==, 300000);
  }
  run_password = "rahasia-pemilik";
  {
    g_autoptr(Run) st = cli (db, "--user", "sri", "reserve", "status", "--store", "SAYUR", NULL);
    g_autoptr(Run) settle = cli (db, "--user", "sri", "settlement", "--from", "2026-11-01", "--to", "2026-11-30",
                                 NULL);
    g_autoptr(Run) export = cli (db, "--user", "sri", "export", "ledger", "-o", xlsx, NULL);
    assert_exit (st, 0);
    g_assert_cmpint (json_object_get_int_member (st->json, "warnings"), ==, 0);
    g_assert_true (json_object_get_boolean_member (st->json, "active"));
    assert_exit (settle, 0);
    assert_exit (export, 0);
  }
  run_password = NULL;
}

/* The clock rule: a kasir records the machine's time (10 minutes either
 * way); the owner may back-date, and the posting's memo and the audit say
 * so and by whom. A voucher's expiry is judged at the recorded time. */
static void
test_clock_rule (void)
{
  g_autofree char *db = db_location ("clock-rule.db");
  g_autoptr(Run) late = NULL, near = NULL, early_redeem = NULL, back = NULL, list = NULL, audit = NULL;
  g_autoptr(Run) issue = NULL, kasir_issue = NULL, kasir_redeem = NULL, owner_redeem = NULL, expired = NULL;
  g_autofree char *code = NULL;

  run_now = "2026-11-22T12:00:00";
  add_example_network (db);
  add_example_users (db);

  run_password = "rahasia-kasir";
  late = cli (db, "--user", "kiki", "award", "--store", "STD", "--customer", "C1", "--amount", "250000", "--digit",
              "5", "--at", "2026-11-22T11:30:00", "--receipt", "K-1", NULL);
  assert_refused (late, "10 menit");
  near = cli (db, "--user", "kiki", "award", "--store", "STD", "--customer", "C1", "--amount", "250000", "--digit",
              "5", "--at", "2026-11-22T12:09:00", "--receipt", "K-2", NULL);
  assert_exit (near, 0);
  kasir_issue = cli (db, "--user", "kiki", "voucher", "issue", "--customer", "C3", "--value", "5000", "--at",
                     "2026-11-01T12:00:00", NULL);
  assert_refused (kasir_issue, "10 menit");
  /* Import rows are receipts too: the kasir's old row is rejected. */
  {
    g_autofree char *csv = db_path ("clock-rule.csv");
    g_autoptr(Run) imported = NULL;
    JsonArray *rejected;

    g_assert_true (g_file_set_contents (csv,
                                        "receipt,store,customer,amount,at,digit,perishable_amount\n"
                                        "KI-1,STD,C1,250000,2026-11-22T12:01:00,5,\n"
                                        "KI-2,STD,C1,250000,2026-11-20T12:00:00,5,\n",
                                        -1, NULL));
    imported = cli (db, "--user", "kiki", "import", "sales", csv, NULL);
    /* A rejected row makes the import exit 3; the good row is imported. */
    assert_exit (imported, 3);
    g_assert_cmpint (json_object_get_int_member (imported->json, "imported"), ==, 1);
    rejected = json_object_get_array_member (imported->json, "rejected");
    g_assert_cmpuint (json_array_get_length (rejected), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rejected, 0), "line"), ==, 3);
    g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (rejected, 0), "reason"),
                              "10 menit"));
  }

  run_password = "rahasia-pemilik";
  back = cli (db, "--user", "sri", "award", "--store", "STD", "--customer", "C1", "--amount", "250000", "--digit",
              "5", "--at", "2026-11-21T16:00:00", "--receipt", "S-1", NULL);
  assert_exit (back, 0);
  /* Issued ten days ago for a week: expired now, valid on the 18th. */
  issue = cli (db, "--user", "sri", "voucher", "issue", "--customer", "C3", "--value", "5000", "--valid-days", "7",
               "--at", "2026-11-12T12:00:00", NULL);
  assert_exit (issue, 0);
  code = g_strdup (json_object_get_string_member (issue->json, "code"));

  run_password = "rahasia-kasir";
  kasir_redeem = cli (db, "--user", "kiki", "voucher", "redeem", code, "--store", "PLUS", "--at",
                      "2026-11-18T12:00:00", NULL);
  assert_refused (kasir_redeem, "10 menit");
  expired = cli (db, "--user", "kiki", "voucher", "redeem", code, "--store", "PLUS", NULL);
  assert_refused (expired, "kedaluwarsa");
  run_password = "rahasia-pemilik";
  owner_redeem = cli (db, "--user", "sri", "voucher", "redeem", code, "--store", "PLUS", "--at",
                      "2026-11-18T12:00:00", NULL);
  assert_exit (owner_redeem, 0);

  list = cli (db, "--user", "sri", "ledger", "list", NULL);
  assert_exit (list, 0);
  {
    JsonArray *postings = json_object_get_array_member (list->json, "postings");
    guint moved = 0, on_time = 0;
    for (guint i = 0; i < json_array_get_length (postings); i++)
      {
        JsonObject *p = json_array_get_object_element (postings, i);
        const char *memo = json_object_get_string_member (p, "memo");
        if (strstr (memo, "[dicatat mundur oleh sri pada 2026-11-22T12:") != NULL)
          moved++;
        else if (g_str_equal (json_object_get_string_member (p, "kind"), "award"))
          {
            g_assert_null (strstr (memo, "dicatat"));
            on_time++;
          }
      }
    g_assert_cmpuint (moved, ==, 3);   /* the award, the issue and the redemption */
    g_assert_cmpuint (on_time, ==, 2); /* kiki's K-2 and KI-1 */
  }
  audit = cli (db, "--user", "sri", "audit", "list", "--action", "posting", NULL);
  assert_exit (audit, 0);
  {
    JsonArray *entries = json_object_get_array_member (audit->json, "entries");
    JsonObject *newest = json_array_get_object_element (entries, 0);
    g_assert_cmpuint (json_array_get_length (entries), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (newest, "action"), ==, "posting.backdated");
    g_assert_cmpstr (json_object_get_string_member (newest, "user"), ==, "sri");
    g_assert_nonnull (strstr (json_object_get_string_member (newest, "after"), "\"kind\":\"redemption\""));
    g_assert_nonnull (strstr (json_object_get_string_member (newest, "after"), "\"at\":\"2026-11-18T12:00:00\""));
  }
  run_password = NULL;
  run_now = NULL;
}

/* Under id_ID.UTF-8 the help is Indonesian down to GLib's own headings:
 * GLib translates them only when the program's text domain has a
 * catalogue for the language, so this also proves the CLI found ours in
 * the build tree (po/id/LC_MESSAGES) without being installed. */
static void
test_help_indonesian_locale (void)
{
  g_autoptr(Run) top = cli_in_locale ("id_ID.UTF-8", "--help", NULL);
  g_autoptr(Run) report = cli_in_locale ("id_ID.UTF-8", "report", "--help", NULL);
  g_autoptr(Run) export = cli_in_locale ("id_ID.UTF-8", "export", "ledger", "--help", NULL);
  g_autoptr(Run) c_report = cli_in_locale ("C.UTF-8", "report", "--help", NULL);

  g_assert_cmpint (top->status, ==, 0);
  g_assert_true (g_str_has_prefix (top->out, "Pemakaian: bsn-loyalty-cli [--db BERKAS|URI] [--json] PERINTAH …\n"));
  g_assert_nonnull (strstr (top->out, "\n  export ledger          Semua kaki posting (suatu periode) ke Excel\n"));
  g_assert_cmpint (report->status, ==, 0);
  g_assert_true (g_str_has_prefix (report->out, "Penggunaan:\n  report [OPSI…] bagi-hasil|program|kpi\n"));
  g_assert_nonnull (strstr (report->out, "\nOpsi Bantuan:\n  -h, --help              Menampilkan opsi bantuan\n"));
  g_assert_nonnull (strstr (report->out, "\nOpsi Aplikasi:\n  --from=TTTT-BB-HH       Sejak tanggal (termasuk)\n"));
  g_assert_null (strstr (report->out, "Options"));
  g_assert_cmpint (export->status, ==, 0);
  g_assert_nonnull (strstr (export->out, "\nOpsi Aplikasi:\n"));
  g_assert_nonnull (strstr (export->out, "  -o, --output=BERKAS     Berkas .xlsx\n"));
  /* The same program under C keeps GLib's English: the headings follow
   * the locale, not a fixed text. */
  g_assert_cmpint (c_report->status, ==, 0);
  g_assert_nonnull (strstr (c_report->out, "\nApplication Options:\n  --from=TTTT-BB-HH       Sejak tanggal (termasuk)\n"));
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("BSN_CLI"));
  test_dir = g_dir_make_tmp ("bsn-cli-XXXXXX", NULL);
  g_test_add_func ("/cli/init/idempotent", test_init_idempotent);
  g_test_add_func ("/cli/usage-errors-exit-2", test_usage_errors);
  g_test_add_func ("/cli/missing-database", test_missing_database);
  g_test_add_func ("/cli/stores-and-customers", test_stores_and_customers);
  g_test_add_func ("/cli/ledger/contract", test_ledger_contract);
  g_test_add_func ("/cli/verify/fails-on-tampering", test_verify_fails_on_tampering);
  g_test_add_func ("/cli/demo", test_demo);
  g_test_add_func ("/cli/clock/moved", test_clock_moved);
  g_test_add_func ("/cli/migrate", test_migrate);
  g_test_add_func ("/cli/newer-schema-refused", test_newer_schema);
  g_test_add_func ("/cli/award/worked-examples", test_award_worked_examples);
  g_test_add_func ("/cli/tiers/show-set-history", test_tiers_contract);
  g_test_add_func ("/cli/tiers/simulate", test_tiers_simulate);
  g_test_add_func ("/cli/bonus/size-ranges", test_bonus_size_ranges);
  g_test_add_func ("/cli/award/time-checks", test_award_time_checks);
  g_test_add_func ("/cli/import/sales", test_import_contract);
  g_test_add_func ("/cli/import/indonesian-header", test_import_indonesian_header);
  g_test_add_func ("/cli/award/receipt-number-per-store", test_receipt_number_per_store);
  g_test_add_func ("/cli/award/status-as-of-receipt-time", test_status_as_of_receipt_time);
  g_test_add_func ("/cli/quota/stock-cap-status", test_quota_contract);
  g_test_add_func ("/cli/quota/store-day-past-midnight", test_quota_store_day_past_midnight);
  g_test_add_func ("/cli/consign/life", test_consign_contract);
  g_test_add_func ("/cli/consign/capacity", test_consign_capacity);
  g_test_add_func ("/cli/voucher/reserve-issue-redeem-settle", test_voucher_contract);
  g_test_add_func ("/cli/reserve/days", test_reserve_days);
  g_test_add_func ("/cli/roles-audit-backup", test_roles_contract);
  g_test_add_func ("/cli/users/role-disable-enable", test_users_role_disable_enable);
  g_test_add_func ("/cli/users/reads-need-login", test_reads_need_login);
  g_test_add_func ("/cli/clock/kasir-and-backdating", test_clock_rule);
  g_test_add_func ("/cli/help/indonesian-locale", test_help_indonesian_locale);
  g_test_add_func ("/cli/expiry/contract", test_expiry_contract);
  g_test_add_func ("/cli/expiry/off", test_expiry_off);
  g_test_add_func ("/cli/expiry/import-runs-expiry", test_import_runs_expiry);
  g_test_add_func ("/cli/bonus/registration-referral", test_registration_referral);
  g_test_add_func ("/cli/verify/witness", test_verify_witness);
  g_test_add_func ("/cli/restore/older-needs-reason", test_restore_older_usage);
  rc = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", test_dir);
    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", test_dir);
  }
  return rc;
}
