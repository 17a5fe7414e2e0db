/* test-network.c — a desktop of a network on a server (issue 20): the
 * server named by its parts, connection errors in a shop owner's words,
 * live change notifications (schema version 14, BsnDbWatch), and the
 * outbox of work recorded while the line was down. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bsn-award.h"
#include "bsn-db-pg.h"
#include "bsn-db-server.h"
#include "bsn-db-watch.h"
#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-outbox.h"
#include "bsn-test-util.h"

/* ---- The server named by its parts ---- */

static void
test_address_round_trip (void)
{
  g_autoptr(BsnServerAddress) a = bsn_server_address_new ("toko.lan", 5433, "bsn jaringan", "sri", "verify-full");
  g_autofree char *with_password = bsn_server_address_to_location (a, "r@has ia&x");
  g_autofree char *without = bsn_server_address_to_location (a, NULL);
  g_autofree char *shown = bsn_db_location_for_display (with_password);
  g_autoptr(BsnServerAddress) back = NULL;
  g_autofree char *described = bsn_server_address_describe (a);

  g_assert_cmpstr (without, ==, "postgresql://sri@toko.lan:5433/bsn%20jaringan?sslmode=verify-full");
  g_assert_cmpstr (with_password, ==, "postgresql://sri@toko.lan:5433/bsn%20jaringan"
                                      "?password=r%40has%20ia%26x&sslmode=verify-full");
  /* What is shown or remembered never carries the password. */
  g_assert_cmpstr (shown, ==, without);
  back = bsn_server_address_from_location (with_password, NULL);
  g_assert_nonnull (back);
  g_assert_cmpstr (back->host, ==, "toko.lan");
  g_assert_cmpint (back->port, ==, 5433);
  g_assert_cmpstr (back->dbname, ==, "bsn jaringan");
  g_assert_cmpstr (back->user, ==, "sri");
  g_assert_cmpstr (back->sslmode, ==, "verify-full");
  g_assert_cmpstr (described, ==, "sri @ toko.lan:5433/bsn jaringan");
}

static void
test_address_socket (void)
{
  g_autoptr(BsnServerAddress) a = bsn_server_address_new ("/tmp/pg dir", 0, "bsn", "kasir1", "disable");
  g_autofree char *location = bsn_server_address_to_location (a, NULL);
  g_autoptr(BsnServerAddress) back = bsn_server_address_from_location (location, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnServerAddress) bad = bsn_server_address_from_location ("toko.db", &error);

  g_assert_cmpstr (location, ==, "postgresql://kasir1@/bsn?host=%2Ftmp%2Fpg%20dir&sslmode=disable");
  g_assert_cmpstr (back->host, ==, "/tmp/pg dir");
  g_assert_cmpstr (back->sslmode, ==, "disable");
  g_assert_null (bad);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
}

/* ---- Connection errors in words a shop owner understands ---- */

typedef struct
{
  const char *message;      /* libpq's, verbose */
  gboolean    needs_password;
  gboolean    timed_out;
  int         code;
  const char *words;        /* in the Indonesian message */
} ConnectCase;

static const ConnectCase connect_cases[] = {
  { "connection to server at \"toko.lan\" (10.0.0.2), port 5432 failed: FATAL:  28P01: password authentication failed for user \"sri\"\nLOCATION:  auth_failed, auth.c:323\n",
    FALSE, FALSE, BSN_ERROR_LOGIN, "Kata sandi salah" },
  { "connection to server at \"toko.lan\" (10.0.0.2), port 5432 failed: fe_sendauth: no password supplied\n",
    TRUE, FALSE, BSN_ERROR_LOGIN, "Kata sandi salah, atau belum diisi" },
  { "connection to server at \"toko.lan\" (10.0.0.2), port 5432 failed: FATAL:  28000: no pg_hba.conf entry for host \"10.0.0.9\", user \"sri\", database \"bsn\", no encryption\n",
    FALSE, FALSE, BSN_ERROR_LOGIN, "tidak menerima pengguna “sri”" },
  { "connection to server at \"toko.lan\" (10.0.0.2), port 5432 failed: FATAL:  3D000: database \"bsn\" does not exist\n",
    FALSE, FALSE, BSN_ERROR_NOT_FOUND, "Basis data “bsn” tidak ada" },
  { "connection to server at \"toko.lan\" (10.0.0.2), port 5432 failed: FATAL:  42501: permission denied for database \"bsn\"\n",
    FALSE, FALSE, BSN_ERROR_REFUSED, "tidak berhak membuka" },
  { "connection to server at \"toko.lan\" (10.0.0.2), port 5432 failed: SSL error: certificate verify failed\n",
    FALSE, FALSE, BSN_ERROR_OFFLINE, "sertifikat server tidak dapat dipercaya" },
  { "connection to server at \"toko.lan\" (10.0.0.2), port 5432 failed: server does not support SSL, but SSL was required\n",
    FALSE, FALSE, BSN_ERROR_OFFLINE, "Sambungan aman" },
  { "connection to server at \"toko.lan\" (10.0.0.2), port 5432 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?\n",
    FALSE, FALSE, BSN_ERROR_OFFLINE, "tidak dapat dihubungi" },
  { "", FALSE, TRUE, BSN_ERROR_OFFLINE, "tidak menjawab dalam 15 detik" },
};

static void
test_connect_error_words (gconstpointer data)
{
  const ConnectCase *c = data;
  g_autoptr(GError) error = NULL;

  bsn_pg_set_connect_error (&error, c->message, "toko.lan", "sri", "bsn", c->needs_password, c->timed_out);
  g_assert_error (error, BSN_ERROR, c->code);
  if (strstr (error->message, c->words) == NULL)
    g_error ("“%s” lacks “%s”", error->message, c->words);
  /* The machinery's words stay out of the first sentence. */
  g_assert_null (strstr (error->message, "FATAL"));
}

/* Nothing listens on port 1: refused at once, in words, exit code 4. */
static void
test_connect_unreachable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) db = bsn_db_open ("postgresql://sri@127.0.0.1:1/bsn?sslmode=disable", BSN_DB_OPEN_DEFAULT, &error);

  g_assert_null (db);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_OFFLINE);
  g_assert_nonnull (strstr (error->message, "Server 127.0.0.1 tidak dapat dihubungi"));
  g_assert_cmpint (bsn_error_exit_code (error), ==, 4);
}

/* ---- Live changes (PostgreSQL) ---- */

typedef struct
{
  GPtrArray *tables;
  guint      connected_changes;
} WatchLog;

static void
on_changed (BsnDbWatch *watch,
            const char *table,
            WatchLog   *log)
{
  g_ptr_array_add (log->tables, g_strdup (table));
}

static void
on_connected (BsnDbWatch *watch,
              GParamSpec *pspec,
              WatchLog   *log)
{
  log->connected_changes++;
}

static gboolean
log_has (WatchLog   *log,
         const char *table)
{
  for (guint i = 0; i < log->tables->len; i++)
    if (g_str_equal (log->tables->pdata[i], table))
      return TRUE;
  return FALSE;
}

/* Runs the main loop until @table was heard or @ms passed; the time it took. */
static gint64
wait_for (WatchLog   *log,
          const char *table,
          guint       ms)
{
  gint64 start = g_get_monotonic_time ();

  while (!log_has (log, table) && g_get_monotonic_time () - start < (gint64) ms * 1000)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (2000), TRUE);
  return (g_get_monotonic_time () - start) / 1000;
}

static void
test_watch_hears_award (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(BsnDbWatch) watch = NULL;
  g_autoptr(GError) error = NULL;
  WatchLog log = { g_ptr_array_new_with_free_func (g_free), 0 };
  gint64 store, customer, took;
  BsnReceipt r = { "W-1", 0, 0, 250000, 0, 5, -1 };
  g_autoptr(BsnAward) a = NULL;

  if (bsn_test_pg_uri () == NULL)
    {
      g_test_skip ("PostgreSQL only: LISTEN/NOTIFY (SQLite has one desktop)");
      g_ptr_array_unref (log.tables);
      return;
    }
  t = bsn_test_db_new ();
  store = bsn_test_add_store (t->db, "TA", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH);
  customer = bsn_test_add_customer (t->db, "C1", "Siti");
  watch = bsn_db_watch_new (t->path, &error);
  g_assert_no_error (error);
  g_assert_true (bsn_db_watch_get_connected (watch));
  g_signal_connect (watch, "changed", G_CALLBACK (on_changed), &log);
  bsn_db_watch_start (watch);

  r.store_id = store;
  r.customer_id = customer;
  g_assert_true (bsn_time_parse ("2026-11-22T14:22:14", &r.at, NULL));
  a = bsn_award_receipt (t->db, NULL, &r, &error);
  g_assert_no_error (error);
  took = wait_for (&log, "postings", 2000);
  g_assert_true (log_has (&log, "postings"));
  g_assert_true (log_has (&log, "receipts"));
  g_test_message ("notified %" G_GINT64_FORMAT " ms after the commit", took);
  g_ptr_array_unref (log.tables);
}

/* The line drops (the server ends the connection): the watch says so,
 * reconnects by itself and reports "*" (anything may have changed). */
static void
test_watch_reconnects (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(BsnDbWatch) watch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kill = NULL;
  WatchLog log = { g_ptr_array_new_with_free_func (g_free), 0 };
  int pid;

  if (bsn_test_pg_uri () == NULL)
    {
      g_test_skip ("PostgreSQL only: a server connection to cut");
      g_ptr_array_unref (log.tables);
      return;
    }
  t = bsn_test_db_new ();
  watch = bsn_db_watch_new (t->path, &error);
  g_assert_no_error (error);
  g_signal_connect (watch, "changed", G_CALLBACK (on_changed), &log);
  g_signal_connect (watch, "notify::connected", G_CALLBACK (on_connected), &log);
  bsn_db_watch_start (watch);
  pid = bsn_db_watch_get_backend_pid (watch);
  g_assert_cmpint (pid, >, 0);
  kill = g_strdup_printf ("SELECT pg_terminate_backend (%d)", pid);
  g_assert_cmpint (bsn_test_raw_exec (t->db, kill), ==, 0);

  wait_for (&log, "*", 5000);
  g_assert_true (log_has (&log, "*"));
  g_assert_cmpint (log.connected_changes, ==, 2);
  g_assert_true (bsn_db_watch_get_connected (watch));
  g_assert_cmpint (bsn_db_watch_get_backend_pid (watch), !=, pid);
  g_ptr_array_unref (log.tables);
}

static void
test_watch_refuses_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDbWatch) watch = bsn_db_watch_new ("toko.db", &error);

  g_assert_null (watch);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
}

/* The notify triggers of this test's schema (other tests share the server). */
#define NOTIFY_TRIGGERS \
  "SELECT count (*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid " \
  "JOIN pg_namespace n ON n.oid = c.relnamespace " \
  "WHERE n.nspname = current_schema () AND t.tgname LIKE '%_notify'"

/* Version 11 → 14 on a server with data: the notify triggers arrive, the
 * data stays, verify is clean before and after. */
static void
test_migrate_v11 (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *location = NULL;
  g_autofree char *schema = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnVerifyReport) before = NULL;
  g_autoptr(BsnVerifyReport) after = NULL;

  if (bsn_test_pg_uri () == NULL)
    {
      g_test_skip ("PostgreSQL only: version 14 adds server triggers (empty on SQLite)");
      return;
    }
  dir = g_dir_make_tmp ("bsn-net-XXXXXX", NULL);
  location = bsn_test_location_new (dir, "v11.db", &schema);
  {
    g_autoptr(BsnDb) old = bsn_db_open_at_version (location, 11, &error);

    g_assert_no_error (error);
    g_assert_cmpint (bsn_db_get_user_version (old), ==, 11);
    bsn_test_add_customer (old, "C1", "Siti");
    g_assert_true (bsn_ledger_post_opening (old, 1, 300000, 0, NULL, NULL, NULL) || TRUE);
    before = bsn_ledger_verify (old, &error);
    g_assert_no_error (error);
    g_assert_true (before->ok);
    g_assert_cmpint (bsn_db_query_int (old, NOTIFY_TRIGGERS, -1), ==, 0);
  }
  {
    g_autoptr(BsnDb) db = bsn_db_open (location, BSN_DB_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    g_assert_cmpint (bsn_db_get_user_version (db), ==, bsn_db_schema_version ());
    g_assert_cmpint (bsn_db_query_int (db, "SELECT count (*) FROM customers", -1), ==, 1);
    g_assert_cmpint (bsn_db_query_int (db, NOTIFY_TRIGGERS, -1), ==, 15);
    after = bsn_ledger_verify (db, &error);
    g_assert_no_error (error);
    g_assert_true (after->ok);
  }
}

/* ---- The outbox ---- */

static char *
outbox_path (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-outbox-XXXXXX", NULL);

  return g_build_filename (dir, "sub", "outbox.txt", NULL);
}

static void
test_outbox_replay (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autofree char *path = outbox_path ();
  g_autoptr(BsnOutbox) outbox = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  gint64 store = bsn_test_add_store (t->db, "TA", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH);
  gint64 customer = bsn_test_add_customer (t->db, "C1", "Siti");
  BsnReceipt r = { "R-1", store, customer, 250000, 0, 5, -1 };
  GStatBuf st;
  gint64 id = 0;
  guint sent = 0;

  g_assert_true (bsn_time_parse ("2026-11-22T14:22:14", &r.at, NULL));
  outbox = bsn_outbox_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Two receipts, and a third with the first one's number and another
   * amount (a cashier's typo), queued in order. */
  g_assert_true (bsn_outbox_queue_award (outbox, &r, &id, &error));
  g_assert_cmpint (id, ==, 1);
  r.receipt = NULL;
  r.amount_rp = 100000;
  g_assert_true (bsn_outbox_queue_award (outbox, &r, &id, &error));
  g_assert_cmpint (id, ==, 2);
  r.receipt = "R-1";
  g_assert_true (bsn_outbox_queue_award (outbox, &r, &id, &error));
  g_assert_cmpint (bsn_outbox_count_pending (outbox), ==, 3);
  entries = bsn_outbox_list (outbox, &error);
  g_assert_cmpstr (((BsnOutboxEntry *) entries->pdata[0])->summary, ==, "Struk R-1 · Rp250.000");
  g_assert_true (g_str_has_prefix (((BsnOutboxEntry *) entries->pdata[1])->summary, "Struk OFF-"));
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM receipts", -1), ==, 0);

  bsn_outbox_replay (outbox, t->db, &sent, &refused, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sent, ==, 2);
  g_assert_cmpuint (refused->len, ==, 1);
  g_assert_cmpstr (((BsnOutboxEntry *) refused->pdata[0])->summary, ==, "Struk R-1 · Rp100.000");
  g_assert_cmpint (((BsnOutboxEntry *) refused->pdata[0])->id, ==, 3);
  g_test_message ("refused: %s", ((BsnOutboxEntry *) refused->pdata[0])->reason);
  g_assert_nonnull (((BsnOutboxEntry *) refused->pdata[0])->reason);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM receipts", -1), ==, 2);
  /* Rp250.000 × 6 % + Rp100.000 × 6 %. */
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT sum (value_rp) FROM receipts", -1), ==, 21000);
  g_assert_cmpint (bsn_outbox_count_pending (outbox), ==, 0);

  /* Replayed again (another window, a retry): nothing is posted twice. */
  g_clear_pointer (&refused, g_ptr_array_unref);
  g_assert_true (bsn_outbox_replay (outbox, t->db, &sent, &refused, &error));
  g_assert_cmpuint (sent, ==, 0);
  g_assert_cmpuint (refused->len, ==, 0);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM postings", -1), ==, 2);
  g_assert_true (bsn_outbox_clear_done (outbox, &error));
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = bsn_outbox_list (outbox, &error);
  g_assert_cmpuint (entries->len, ==, 0);
}

/* A crash between the server's commit and the "sent" line: the award is
 * sent again and found a duplicate (posted once); a line cut short by the
 * crash is ignored. */
static void
test_outbox_crash (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autofree char *path = outbox_path ();
  g_autoptr(BsnOutbox) outbox = bsn_outbox_open (path, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnAward) first = NULL;
  gint64 store = bsn_test_add_store (t->db, "TA", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH);
  gint64 customer = bsn_test_add_customer (t->db, "C1", "Siti");
  BsnReceipt r = { "R-9", store, customer, 250000, 0, 5, -1 };
  FILE *f;
  guint sent = 0;

  g_assert_true (bsn_time_parse ("2026-11-22T14:22:14", &r.at, NULL));
  g_assert_true (bsn_outbox_queue_award (outbox, &r, NULL, &error));
  f = g_fopen (path, "a");
  fputs ("{'id': <int64 1>, 'event': <'sending'>}\n{'id': <int64 2>, 'event': <'que", f);
  fclose (f);
  first = bsn_award_receipt (t->db, NULL, &r, &error);
  g_assert_no_error (error);

  g_assert_cmpint (bsn_outbox_count_pending (outbox), ==, 1);
  g_assert_true (bsn_outbox_replay (outbox, t->db, &sent, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sent, ==, 1);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM postings", -1), ==, 1);
}

/* A lot sale is not idempotent: one whose replay was cut off after it
 * started is not sent again (it might have been committed) but refused
 * with a request to check the lot; one for a lot the server does not
 * know is refused with the library's reason. Nothing is sold. */
static void
test_outbox_lot_sale (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autofree char *path = outbox_path ();
  g_autoptr(BsnOutbox) outbox = bsn_outbox_open (path, NULL);
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GError) error = NULL;
  FILE *f;
  guint sent = 9;

  g_assert_true (bsn_outbox_queue_lot_sale (outbox, 77, 3, 20000, 0, NULL, &error));
  g_assert_true (bsn_outbox_queue_lot_sale (outbox, 78, 2, 20000, 0, NULL, &error));
  f = g_fopen (path, "a");
  fputs ("{'id': <int64 1>, 'event': <'sending'>}\n", f);
  fclose (f);

  g_assert_true (bsn_outbox_replay (outbox, t->db, &sent, &refused, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sent, ==, 0);
  g_assert_cmpuint (refused->len, ==, 2);
  g_assert_cmpstr (((BsnOutboxEntry *) refused->pdata[0])->summary, ==, "Titip jual lot 77 · 3 unit");
  g_assert_nonnull (strstr (((BsnOutboxEntry *) refused->pdata[0])->reason, "periksa di halaman Titip Jual"));
  g_assert_cmpstr (((BsnOutboxEntry *) refused->pdata[1])->summary, ==, "Titip jual lot 78 · 2 unit");
  g_test_message ("refused: %s", ((BsnOutboxEntry *) refused->pdata[1])->reason);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM lot_events", -1), ==, 0);
  g_assert_cmpint (bsn_outbox_count_pending (outbox), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/network/address/round-trip", test_address_round_trip);
  g_test_add_func ("/network/address/socket", test_address_socket);
  for (guint i = 0; i < G_N_ELEMENTS (connect_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/network/connect/words/%u", i);
      g_test_add_data_func (name, &connect_cases[i], test_connect_error_words);
    }
  g_test_add_func ("/network/connect/unreachable", test_connect_unreachable);
  g_test_add_func ("/network/watch/hears-award", test_watch_hears_award);
  g_test_add_func ("/network/watch/reconnects", test_watch_reconnects);
  g_test_add_func ("/network/watch/refuses-file", test_watch_refuses_file);
  g_test_add_func ("/network/migrate/v11-notify", test_migrate_v11);
  g_test_add_func ("/network/outbox/replay", test_outbox_replay);
  g_test_add_func ("/network/outbox/crash", test_outbox_crash);
  g_test_add_func ("/network/outbox/lot-sale", test_outbox_lot_sale);
  return g_test_run ();
}
