/* bsn-bench-core.c — in-process timings of the reward library.
 *
 *   bsn-bench-core balance DB N [SEED]   N balance lookups of random customers
 *   bsn-bench-core verify DB             bsn_ledger_verify() and quick_check
 *   bsn-bench-core book DB [RUNS]        the whole `verify` (ledger and
 *                                        chain), RUNS times (default 1)
 *
 * A CLI call costs a process start, dynamic linking and opening the
 * database, which dwarfs a lookup by an index; these subcommands time the
 * library calls alone (the same ones `bsn-loyalty-cli ledger balance` and
 * `bsn-loyalty-cli verify` make) and print one JSON object.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bsn-customer.h"
#include "bsn-db.h"
#include "bsn-chain.h"
#include "bsn-ledger.h"
#include "bsn-simulate.h"
#include "bsn-time.h"

static double
elapsed_us (gint64 since)
{
  return (double) (g_get_monotonic_time () - since);
}

static BsnDb *open_db (const char *path);

static double cpu_ms (void);

/* The whole `verify` alone, RUNS times on one connection (for a profiler,
 * or the spread of the book check without the other checks' pages in the
 * cache): one JSON line a run. */
static int
run_book (const char *path, int runs)
{
  g_autoptr(BsnDb) db = open_db (path);

  for (int i = 0; i < runs; i++)
    {
      g_autoptr(BsnBookCheck) book = NULL;
      g_autoptr(GError) error = NULL;
      gint64 t0 = g_get_monotonic_time ();
      double c0 = cpu_ms ();

      book = bsn_chain_check_book (db, NULL, &error);
      if (book == NULL)
        {
          g_printerr ("bsn-bench-core: %s\n", error->message);
          return 1;
        }
      g_print ("{\"book_ok\": %s, \"book_ms\": %.3f, \"book_cpu_ms\": %.0f}\n", book->ok ? "true" : "false",
               elapsed_us (t0) / 1000, cpu_ms () - c0);
    }
  return 0;
}

static BsnDb *
open_db (const char *path)
{
  g_autoptr(GError) error = NULL;
  BsnDb *db = bsn_db_open (path, BSN_DB_OPEN_DEFAULT, &error);

  if (db == NULL)
    {
      g_printerr ("bsn-bench-core: %s\n", error->message);
      exit (1);
    }
  return db;
}

/* The customers' ids, read through the library as the app's search does. */
static GArray *
customer_ids (BsnDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = bsn_customer_search (db, NULL, 0, &error);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (all == NULL)
    {
      g_printerr ("bsn-bench-core: %s\n", error->message);
      exit (1);
    }
  for (guint i = 0; i < all->len; i++)
    g_array_append_val (ids, ((BsnCustomer *) g_ptr_array_index (all, i))->id);
  return ids;
}

static int
run_balance (const char *path,
             guint       n,
             guint32     seed)
{
  g_autoptr(BsnDb) db = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree gint64 *picks = g_new (gint64, n);
  gint64 t0, balance = 0, status = 0, checksum = 0;
  double open_us, first_us, total_us;

  t0 = g_get_monotonic_time ();
  db = open_db (path);
  open_us = elapsed_us (t0);
  ids = customer_ids (db);
  if (ids->len == 0)
    {
      g_printerr ("bsn-bench-core: no customers in %s\n", path);
      return 1;
    }
  for (guint i = 0; i < n; i++)
    picks[i] = g_array_index (ids, gint64, g_rand_int_range (rand, 0, (gint32) ids->len));

  /* The first lookup prepares the statement: what one CLI call pays. */
  t0 = g_get_monotonic_time ();
  if (!bsn_ledger_customer_balance (db, picks[0], &balance, &status, NULL))
    return 1;
  first_us = elapsed_us (t0);

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      if (!bsn_ledger_customer_balance (db, picks[i], &balance, &status, NULL))
        return 1;
      checksum += balance;
    }
  total_us = elapsed_us (t0);

  g_print ("{\"lookups\": %u, \"customers\": %u, \"open_ms\": %.3f, \"first_us\": %.2f, "
           "\"us_per_lookup\": %.3f, \"checksum\": %" G_GINT64_FORMAT "}\n",
           n, ids->len, open_us / 1000, first_us, total_us / n, checksum);
  return 0;
}

/* CPU time of the whole process (every thread), in ms: on a shared
 * machine it moves far less than the wall time. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* This thread's CPU time alone: on a quiet machine, the one pass's wall
 * time is its reading thread's CPU time when the hashing thread keeps up. */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
run_verify (const char *path)
{
  g_autoptr(BsnDb) db = NULL;
  g_autoptr(BsnVerifyReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t0;
  g_autoptr(BsnChainCheck) chain = NULL;
  g_autoptr(GPtrArray) chain_problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BsnBookCheck) book = NULL;
  double open_us, verify_us, check_us, chain_us, book_us;
  double verify_cpu, chain_cpu, book_cpu, c0, verify_thread_cpu, book_thread_cpu, t0c;
  gboolean integrity;

  t0 = g_get_monotonic_time ();
  db = open_db (path);
  open_us = elapsed_us (t0);

  t0 = g_get_monotonic_time ();
  c0 = cpu_ms ();
  t0c = thread_cpu_ms ();
  report = bsn_ledger_verify (db, &error);
  verify_us = elapsed_us (t0);
  verify_cpu = cpu_ms () - c0;
  verify_thread_cpu = thread_cpu_ms () - t0c;
  if (report == NULL)
    {
      g_printerr ("bsn-bench-core: %s\n", error->message);
      return 1;
    }

  /* What the hash chain adds to `verify` (bsn-chain.h): the schema's
   * objects and every entry's content and link recomputed. */
  t0 = g_get_monotonic_time ();
  c0 = cpu_ms ();
  if (!bsn_db_begin (db, FALSE, &error)
      || !bsn_db_check_schema_objects (db, chain_problems, NULL, &error)
      || (chain = bsn_db_chain_check (db, NULL, 0, chain_problems, &error)) == NULL)
    {
      g_printerr ("bsn-bench-core: %s\n", error->message);
      return 1;
    }
  bsn_db_rollback (db);
  chain_us = elapsed_us (t0);
  chain_cpu = cpu_ms () - c0;

  /* The whole `verify` (bsn_chain_check_book): the ledger with the
   * history checked beside it on a second connection. */
  t0 = g_get_monotonic_time ();
  c0 = cpu_ms ();
  t0c = thread_cpu_ms ();
  book = bsn_chain_check_book (db, NULL, &error);
  book_us = elapsed_us (t0);
  book_cpu = cpu_ms () - c0;
  book_thread_cpu = thread_cpu_ms () - t0c;
  if (book == NULL)
    {
      g_printerr ("bsn-bench-core: %s\n", error->message);
      return 1;
    }

  /* The file check `bsn-loyalty-cli verify --full` adds (quick_check here). */
  t0 = g_get_monotonic_time ();
  integrity = bsn_db_check_integrity (db, FALSE, NULL);
  check_us = elapsed_us (t0);

  g_print ("{\"ok\": %s, \"integrity_ok\": %s, \"postings\": %" G_GUINT64_FORMAT ", \"legs\": %" G_GUINT64_FORMAT
           ", \"accounts\": %" G_GUINT64_FORMAT ", \"open_ms\": %.3f, \"verify_ms\": %.3f, \"quick_check_ms\": %.3f, "
           "\"us_per_posting\": %.4f, \"chain_ok\": %s, \"chain_entries\": %" G_GUINT64_FORMAT
           ", \"chain_ms\": %.3f, \"book_ok\": %s, \"book_ms\": %.3f, \"verify_cpu_ms\": %.0f, "
           "\"chain_cpu_ms\": %.0f, \"book_cpu_ms\": %.0f, \"verify_thread_cpu_ms\": %.0f, "
           "\"book_thread_cpu_ms\": %.0f}\n",
           report->ok ? "true" : "false", integrity ? "true" : "false", report->postings, report->legs,
           report->accounts, open_us / 1000, verify_us / 1000, check_us / 1000,
           report->postings ? verify_us / (double) report->postings : 0.0,
           chain_problems->len == 0 ? "true" : "false", chain->entries, chain_us / 1000,
           book->ok ? "true" : "false", book_us / 1000, verify_cpu, chain_cpu, book_cpu,
           verify_thread_cpu, book_thread_cpu);
  return report->ok && integrity ? 0 : 1;
}

/* Issue 21: the simulation of [FROM, TO] (YYYY-MM-DD, store-days), with
 * no change or with a two-cell stopwatch draft (Plus · angka 5 → 9 %,
 * angka 7 → 10 %), both replays in the one pass as `tiers simulate`. */
static int
run_simulate (const char *path,
              const char *from,
              const char *to,
              gboolean    draft)
{
  g_autoptr(BsnDb) db = open_db (path);
  g_autoptr(BsnSimResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) edits = g_array_new (FALSE, TRUE, sizeof (BsnTierEdit));
  BsnSimRequest req = { 0 };
  BsnTierEdit e[2] = {
    { .band = BSN_BAND_LOW, .tier = 3, .key = 5, .rate_bp = 900 },
    { .band = BSN_BAND_LOW, .tier = 3, .key = 7, .rate_bp = 1000 },
  };
  int y, m, d;
  gint64 t0;
  double us;

  if (sscanf (from, "%d-%d-%d", &y, &m, &d) != 3)
    return 2;
  req.from_day = bsn_time_day (bsn_time_from_ymd_hms (y, m, d, 0, 0, 0));
  if (sscanf (to, "%d-%d-%d", &y, &m, &d) != 3)
    return 2;
  req.to_day = bsn_time_day (bsn_time_from_ymd_hms (y, m, d, 0, 0, 0));
  if (draft)
    {
      g_array_append_vals (edits, e, G_N_ELEMENTS (e));
      req.has_draft = TRUE;
      req.draft_scheme = BSN_SCHEME_STOPWATCH;
      req.draft_edits = edits;
    }
  t0 = g_get_monotonic_time ();
  result = bsn_simulate (db, &req, &error);
  us = elapsed_us (t0);
  if (result == NULL)
    {
      g_printerr ("bsn-bench-core: %s\n", error->message);
      return 1;
    }
  g_print ("{\"simulate_ms\": %.3f, \"receipts\": %" G_GINT64_FORMAT ", \"us_per_receipt\": %.4f, \"days\": %u, "
           "\"sales_rp\": %" G_GINT64_FORMAT ", \"cost_rp\": %" G_GINT64_FORMAT ", \"cost_draft_rp\": %" G_GINT64_FORMAT
           ", \"draft\": %s}\n",
           us / 1000, result->total.receipts, result->total.receipts ? us / (double) result->total.receipts : 0.0,
           result->days->len, result->total.sales_rp, result->total.cost_rp, result->total.cost_draft_rp,
           draft ? "true" : "false");
  return 0;
}

int
main (int    argc,
      char **argv)
{
  if ((argc == 3 || argc == 4) && g_str_equal (argv[1], "book"))
    return run_book (argv[2], argc == 4 ? atoi (argv[3]) : 1);
  if (argc == 3 && g_str_equal (argv[1], "verify"))
    return run_verify (argv[2]);
  if ((argc == 5 || argc == 6) && g_str_equal (argv[1], "simulate"))
    return run_simulate (argv[2], argv[3], argv[4], argc == 6 && g_str_equal (argv[5], "draft"));
  if ((argc == 4 || argc == 5) && g_str_equal (argv[1], "balance"))
    {
      guint64 n = g_ascii_strtoull (argv[3], NULL, 10);
      guint64 seed = argc == 5 ? g_ascii_strtoull (argv[4], NULL, 10) : 1;

      if (n == 0 || n > G_MAXUINT32)
        {
          g_printerr ("bsn-bench-core: N must be a positive number\n");
          return 2;
        }
      return run_balance (argv[2], (guint) n, (guint32) seed);
    }
  g_printerr ("usage: bsn-bench-core balance DB N [SEED]\n"
              "       bsn-bench-core simulate DB FROM TO [draft]\n"
              "       bsn-bench-core verify DB\n"
              "       bsn-bench-core book DB [RUNS]\n");
  return 2;
}
