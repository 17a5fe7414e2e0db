/* test-pg-faults.c — the PostgreSQL engine when the server answers with
 * an error: opening (the schema created and migrated), an award, an
 * import, a voucher issued and redeemed, verify, the book check, the
 * reports and the ledger's pages, with each request the engine sends
 * failing in turn (PostgreSQL only).
 *
 * As test-sql-faults.c does for SQLite, this program stands in front of
 * libpq: its own definitions of the functions the engine calls
 * (bsn-db-pg.c) are the ones the library's calls bind to, and each passes
 * on to the real one (dlsym (RTLD_NEXT)). The k-th request fails, for
 * k = 0, 1, 2 … until the operation runs through without a fault:
 *  - FAULT_SERVER: the server itself refuses the request. PQexec,
 *    PQprepare, PQexecParams, PQsendQueryParams send an unknown function
 *    instead of their SQL (SQLSTATE 42883); PQexecPrepared and
 *    PQsendQueryPrepared run that in place of the prepared statement;
 *    PQdescribePrepared asks for a statement that does not exist (26000);
 *    PQputCopyEnd ends the COPY with an error (57014). Inside a transaction
 *    the server then aborts it, as after any real error. A ROLLBACK is
 *    never failed: the server never refuses one.
 *  - FAULT_RESULT: an answer the engine reads with PQgetResult (a scan's
 *    chunk, a statement sent in the pipeline, the end of a COPY) is an
 *    error result (PQmakeEmptyPGresult (PGRES_FATAL_ERROR)).
 *  - FAULT_BESIDE: FAULT_SERVER on the other threads only (verify reads
 *    the receipts on a second connection in the same snapshot).
 * Libpq calls its own exported functions through the PLT: calls made
 * inside a real call are passed on and never counted.
 *
 * Each time the operation either succeeds with its right answer or fails
 * with a BSN_ERROR and a message; a failed write left no row behind and a
 * read changed none (every row of every table of the schema, read on a
 * connection of the test's own); the connection is left idle, with no
 * transaction open, and the same connection then runs the operation
 * again without a fault. */
#include "config.h"

#include <dlfcn.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <string.h>

#include "bsn-award.h"
#include "bsn-chain.h"
#include "bsn-error.h"
#include "bsn-import.h"
#include "bsn-ledger-pages.h"
#include "bsn-ledger.h"
#include "bsn-report.h"
#include "bsn-test-util.h"
#include "bsn-voucher.h"

/* ---- libpq failing on the k-th request ---- */

typedef enum
{
  FAULT_NONE,
  FAULT_SERVER,
  FAULT_RESULT,
  FAULT_BESIDE,
} FaultKind;

static const char *const kind_names[] = { "none", "server", "result", "beside" };

static gint armed = FAULT_NONE;
static gint target;
static gint seen;
static gint fired;
static GThread *arming_thread;
static const char *fired_in;      /* the function that failed */
static char *fired_sql;           /* what it was asked, for the log */

/* Inside a real libpq call of this thread: libpq's own calls of its
 * exported functions are not the engine's. */
static _Thread_local guint inside;

static void
arm (FaultKind kind,
     gint      k)
{
  arming_thread = g_thread_self ();
  g_atomic_int_set (&target, k);
  g_atomic_int_set (&seen, 0);
  g_atomic_int_set (&fired, 0);
  fired_in = NULL;
  g_clear_pointer (&fired_sql, g_free);
  g_atomic_int_set (&armed, kind);
}

/* FALSE when the armed fault did not fire (the operation ran through). */
static gboolean
disarm (void)
{
  g_atomic_int_set (&armed, FAULT_NONE);
  return g_atomic_int_get (&fired) > 0;
}

/* The test's own work inside an operation runs with no fault. */
static gint
pause_faults (void)
{
  gint kind = g_atomic_int_get (&armed);

  g_atomic_int_set (&armed, FAULT_NONE);
  return kind;
}

static void
resume_faults (gint kind)
{
  g_atomic_int_set (&armed, kind);
}

static gboolean
hit (FaultKind   kind,
     const char *function,
     const char *sql)
{
  gint now = g_atomic_int_get (&armed);
  gboolean other_thread = g_thread_self () != arming_thread;

  if (inside > 0 || now == FAULT_NONE)
    return FALSE;
  if (kind == FAULT_SERVER && now == FAULT_BESIDE)
    {
      if (!other_thread)
        return FALSE;
    }
  else if (now != (gint) kind || other_thread)
    return FALSE;
  if (g_atomic_int_add (&seen, 1) != g_atomic_int_get (&target))
    return FALSE;
  fired_in = function;
  fired_sql = g_strdup (sql);
  g_atomic_int_inc (&fired);
  return TRUE;
}

/* The real function @name, looked up once. */
#define REAL(type, name) \
  static type real_##name; \
  if (real_##name == NULL) \
    real_##name = (type) dlsym (RTLD_NEXT, #name); \
  g_assert_nonnull (real_##name)

typedef PGresult *(*Exec) (PGconn *, const char *);
typedef PGresult *(*ExecParams) (PGconn *, const char *, int, const Oid *, const char *const *, const int *,
                                 const int *, int);
typedef PGresult *(*Prepare) (PGconn *, const char *, const char *, int, const Oid *);
typedef PGresult *(*ExecPrepared) (PGconn *, const char *, int, const char *const *, const int *, const int *, int);
typedef PGresult *(*DescribePrepared) (PGconn *, const char *);
typedef int (*SendParams) (PGconn *, const char *, int, const Oid *, const char *const *, const int *, const int *,
                           int);
typedef int (*SendPrepared) (PGconn *, const char *, int, const char *const *, const int *, const int *, int);
typedef PGresult *(*GetResult) (PGconn *);
typedef int (*PutCopyEnd) (PGconn *, const char *);

/* What the server refuses: a function that does not exist. */
#define REFUSED_SQL "SELECT bsn_test_fault ()"

PGresult *
PQexec (PGconn     *conn,
        const char *query)
{
  PGresult *result;
  gboolean fail;

  REAL (Exec, PQexec);
  /* A server never refuses a ROLLBACK (TO a savepoint) for an error: one
   * made to fail here would leave open a transaction no server leaves. */
  fail = g_ascii_strncasecmp (query, "ROLLBACK", 8) != 0 && hit (FAULT_SERVER, "PQexec", query);
  inside++;
  result = real_PQexec (conn, fail ? REFUSED_SQL : query);
  inside--;
  return result;
}

PGresult *
PQexecParams (PGconn            *conn,
              const char        *command,
              int                n,
              const Oid         *types,
              const char *const *values,
              const int         *lengths,
              const int         *formats,
              int                result_format)
{
  PGresult *result;
  gboolean fail = hit (FAULT_SERVER, "PQexecParams", command);

  REAL (ExecParams, PQexecParams);
  inside++;
  result = fail ? real_PQexecParams (conn, REFUSED_SQL, 0, NULL, NULL, NULL, NULL, result_format)
                : real_PQexecParams (conn, command, n, types, values, lengths, formats, result_format);
  inside--;
  return result;
}

PGresult *
PQprepare (PGconn     *conn,
           const char *name,
           const char *query,
           int         n,
           const Oid  *types)
{
  PGresult *result;
  gboolean fail = hit (FAULT_SERVER, "PQprepare", query);

  REAL (Prepare, PQprepare);
  inside++;
  result = fail ? real_PQprepare (conn, name, REFUSED_SQL, 0, NULL) : real_PQprepare (conn, name, query, n, types);
  inside--;
  return result;
}

PGresult *
PQexecPrepared (PGconn            *conn,
                const char        *name,
                int                n,
                const char *const *values,
                const int         *lengths,
                const int         *formats,
                int                result_format)
{
  PGresult *result;
  gboolean fail = hit (FAULT_SERVER, "PQexecPrepared", name);

  REAL (ExecPrepared, PQexecPrepared);
  REAL (ExecParams, PQexecParams);
  inside++;
  result = fail ? real_PQexecParams (conn, REFUSED_SQL, 0, NULL, NULL, NULL, NULL, result_format)
                : real_PQexecPrepared (conn, name, n, values, lengths, formats, result_format);
  inside--;
  return result;
}

PGresult *
PQdescribePrepared (PGconn     *conn,
                    const char *name)
{
  PGresult *result;
  gboolean fail = hit (FAULT_SERVER, "PQdescribePrepared", name);

  REAL (DescribePrepared, PQdescribePrepared);
  inside++;
  result = real_PQdescribePrepared (conn, fail ? "bsn_test_no_such_statement" : name);
  inside--;
  return result;
}

int
PQsendQueryParams (PGconn            *conn,
                   const char        *command,
                   int                n,
                   const Oid         *types,
                   const char *const *values,
                   const int         *lengths,
                   const int         *formats,
                   int                result_format)
{
  int sent;
  gboolean fail = hit (FAULT_SERVER, "PQsendQueryParams", command);

  REAL (SendParams, PQsendQueryParams);
  inside++;
  sent = fail ? real_PQsendQueryParams (conn, REFUSED_SQL, 0, NULL, NULL, NULL, NULL, result_format)
              : real_PQsendQueryParams (conn, command, n, types, values, lengths, formats, result_format);
  inside--;
  return sent;
}

int
PQsendQueryPrepared (PGconn            *conn,
                     const char        *name,
                     int                n,
                     const char *const *values,
                     const int         *lengths,
                     const int         *formats,
                     int                result_format)
{
  int sent;
  gboolean fail = hit (FAULT_SERVER, "PQsendQueryPrepared", name);

  REAL (SendPrepared, PQsendQueryPrepared);
  REAL (SendParams, PQsendQueryParams);
  inside++;
  sent = fail ? real_PQsendQueryParams (conn, REFUSED_SQL, 0, NULL, NULL, NULL, NULL, result_format)
              : real_PQsendQueryPrepared (conn, name, n, values, lengths, formats, result_format);
  inside--;
  return sent;
}

/* A COPY the client ends with an error: the server refuses it (57014). */
int
PQputCopyEnd (PGconn     *conn,
              const char *message)
{
  int ended;
  gboolean fail = message == NULL && hit (FAULT_SERVER, "PQputCopyEnd", "COPY");

  REAL (PutCopyEnd, PQputCopyEnd);
  inside++;
  ended = real_PQputCopyEnd (conn, fail ? "bsn test fault" : message);
  inside--;
  return ended;
}

/* An answer that came as an error: the statement's rows or its count
 * replaced by an error result (the end of a pipeline's sync stays). */
PGresult *
PQgetResult (PGconn *conn)
{
  PGresult *result;
  ExecStatusType status;

  REAL (GetResult, PQgetResult);
  inside++;
  result = real_PQgetResult (conn);
  inside--;
  if (result == NULL)
    return NULL;
  status = PQresultStatus (result);
  if ((status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
      && hit (FAULT_RESULT, "PQgetResult", PQcmdStatus (result)))
    {
      PQclear (result);
      return PQmakeEmptyPGresult (conn, PGRES_FATAL_ERROR);
    }
  return result;
}

/* ---- The test's own connection ---- */

static void
ignore_notice (void       *data,
               const char *message)
{
}

static PGconn *
watch_connect (const char *uri)
{
  PGconn *conn = PQconnectdb (uri);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  PQsetNoticeProcessor (conn, ignore_notice, NULL);
  return conn;
}

/* The first value @sql returns on @conn, or NULL. (transfer full) */
static char *
watch_value (PGconn     *conn,
             const char *sql)
{
  gint kind = pause_faults ();
  PGresult *result = PQexec (conn, sql);
  char *value = NULL;

  if (PQresultStatus (result) != PGRES_TUPLES_OK && PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
    value = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  resume_faults (kind);
  return value;
}

static gint64
watch_int (PGconn     *conn,
           const char *sql)
{
  g_autofree char *value = watch_value (conn, sql);

  g_assert_nonnull (value);
  return g_ascii_strtoll (value, NULL, 10);
}

/* A query of every row of every table of the schema, as the test's
 * connection (the search_path of the location) sees them: committed rows
 * only. (transfer full) */
#define DIGEST_OF_TABLES_SQL \
  "SELECT string_agg (format ('SELECT %L, count (*), md5 (coalesce (string_agg (t::text, '','' " \
  "ORDER BY t::text), '''')) FROM %I t', table_name, table_name), ' UNION ALL ' ORDER BY table_name) " \
  "FROM information_schema.tables WHERE table_schema = current_schema () AND table_type = 'BASE TABLE'"

/* Every row of every table, one line per table. (transfer full) */
static char *
watch_digest (PGconn     *conn,
              const char *sql)
{
  gint kind = pause_faults ();
  PGresult *result = PQexec (conn, sql);
  GString *digest = g_string_new (NULL);

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQntuples (result), >, 20);
  for (int i = 0; i < PQntuples (result); i++)
    g_string_append_printf (digest, "%s %s %s\n", PQgetvalue (result, i, 0), PQgetvalue (result, i, 1),
                            PQgetvalue (result, i, 2));
  PQclear (result);
  resume_faults (kind);
  return g_string_free (digest, FALSE);
}

/* The ledger's balances as its legs say, on the test's connection: the
 * accounts whose balance or status is not the sum of their legs. */
#define ACCOUNTS_ASTRAY_SQL \
  "SELECT count (*) FROM accounts a LEFT JOIN (SELECT account_id, sum (amount_rp) AS b, sum (earned_rp) AS e " \
  "FROM legs GROUP BY account_id) l ON l.account_id = a.id " \
  "WHERE a.balance_rp <> coalesce (l.b, 0) OR a.status_rp <> coalesce (l.e, 0)"

/* ---- A small book ---- */

typedef struct
{
  BsnTestDb *t;
  PGconn    *watch;
  char      *digest_sql;
  gint64     store;
  gint64     customer;
  gint64     other;
  guint      serial;     /* receipts and files made so far */
  char      *voucher;    /* the code op_redeem redeems */
  char      *csv;        /* the file op_import imports */
  char      *csv_prefix; /* its receipts' numbers begin so */
} Book;

/* Receipts of the book: 6 awarded at set-up, amounts 250 000 + 10 000 i
 * at Plus with lucky digit 5 (stopwatch 6 %). */
#define BOOK_RECEIPTS 6
#define RECEIPT_AT    1795300934    /* 2026-11-22 */

static Book *
book_new (void)
{
  Book *b = g_new0 (Book, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnVoucher) v = NULL;

  b->t = bsn_test_db_new ();
  b->watch = watch_connect (b->t->path);
  b->digest_sql = watch_value (b->watch, DIGEST_OF_TABLES_SQL);
  b->store = bsn_test_add_store (b->t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH);
  b->customer = bsn_test_add_customer (b->t->db, "C1", "Siti");
  b->other = bsn_test_add_customer (b->t->db, "C2", "Budi");
  g_assert_true (bsn_ledger_post_opening (b->t->db, b->customer, 5000000, RECEIPT_AT - 86400, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < BOOK_RECEIPTS; i++)
    {
      g_autofree char *number = g_strdup_printf ("F-%04u", i);
      BsnReceipt r = { number, b->store, i % 2 ? b->other : b->customer, 250000 + 10000 * i, RECEIPT_AT + 60 * i, 5,
                       -1, NULL };
      g_autoptr(BsnAward) a = bsn_award_receipt (b->t->db, NULL, &r, &error);

      g_assert_no_error (error);
      g_assert_cmpint (a->value_rp, ==, (250000 + 10000 * i) * 6 / 100);
    }
  v = bsn_voucher_issue (b->t->db, b->customer, 1000, RECEIPT_AT + 3600, 30, &error);
  g_assert_no_error (error);
  g_assert_nonnull (v);
  return b;
}

static void
book_free (Book *b)
{
  PQfinish (b->watch);
  g_free (b->digest_sql);
  bsn_test_db_free (b->t);
  g_free (b->voucher);
  if (b->csv != NULL)
    g_unlink (b->csv);
  g_free (b->csv);
  g_free (b->csv_prefix);
  g_free (b);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Book, book_free)

static gboolean
skip_without_server (void)
{
  if (bsn_test_pg_uri () != NULL)
    return FALSE;
  g_test_skip ("PostgreSQL only: libpq's requests fail in turn (BSN_TEST_PG is not set)");
  return TRUE;
}

/* ---- Running an operation under each fault ---- */

typedef enum
{
  READ_ONLY,    /* never changes a row */
  ATOMIC,       /* changes rows only when it succeeds */
  CHANGES,      /* may change rows, failed or not (its own checks) */
} Effect;

typedef struct
{
  const char *name;
  void      (*setup) (Book *b, BsnDb *db);
  gboolean  (*run) (Book *b, BsnDb *db, GError **error);
  Effect      effect;
} Operation;

/* The library's connection is idle: no transaction left open, aborted or
 * not, by the operation that just returned. */
static void
assert_idle (Book *b,
             gint64 pid)
{
  g_autofree char *sql = g_strdup_printf ("SELECT state FROM pg_stat_activity WHERE pid = %" G_GINT64_FORMAT, pid);
  g_autofree char *state = watch_value (b->watch, sql);

  g_assert_cmpstr (state, ==, "idle");
}

/* A known defect (test_identity_after_error): a connection whose first
 * INSERT statement is made inside a transaction the server has aborted
 * never learns which tables have an identity id. Each connection here
 * learns it before the faults, so that the other paths can be tried. */
static void
learn_identity_tables (BsnDb *db)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (bsn_db_prepare (db, "INSERT INTO customers (code, name) VALUES (?1, ?2)", &error));
  g_assert_no_error (error);
}

static BsnDb *
reopen (Book *b)
{
  g_autoptr(GError) error = NULL;
  BsnDb *db = bsn_db_open (b->t->path, BSN_DB_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  learn_identity_tables (db);
  /* Another (test_version_after_error): the schema's version, asked once
   * per connection, is kept as 0 when the asking failed. */
  g_assert_true (bsn_db_server_moves_balances (db));
  return db;
}

/* Runs @op with the k-th request of @kind failing, k = 0, 1 … until it
 * runs through; returns the faults tried. */
static guint
fail_each (Book            *b,
           FaultKind        kind,
           const Operation *op)
{
  guint k, failed = 0;
  gint64 t0 = g_get_monotonic_time ();

  for (k = 0; k < 5000; k++)
    {
      g_autoptr(BsnDb) db = reopen (b);
      g_autoptr(GError) error = NULL;
      g_autofree char *before = NULL;
      gint64 pid = bsn_db_query_int (db, "SELECT pg_backend_pid ()", 0);
      gboolean ok, faulted;

      g_assert_cmpint (pid, >, 0);
      if (op->setup != NULL)
        op->setup (b, db);
      before = watch_digest (b->watch, b->digest_sql);
      arm (kind, (gint) k);
      ok = op->run (b, db, &error);
      faulted = disarm ();
      if (!faulted)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          break;
        }
      g_test_message ("%s, %s fault %u in %s (%s): %s", op->name, kind_names[kind], k, fired_in,
                      fired_sql != NULL ? fired_sql : "", ok ? "succeeded" : error->message);
      if (!ok)
        {
          failed++;
          g_assert_nonnull (error);
          g_assert_true (error->domain == BSN_ERROR);
          g_assert_cmpstr (error->message, !=, "");
        }
      else
        g_assert_no_error (error);
      g_assert_false (bsn_db_in_transaction (db));
      assert_idle (b, pid);
      if (op->effect == READ_ONLY || (op->effect == ATOMIC && !ok))
        {
          g_autofree char *after = watch_digest (b->watch, b->digest_sql);

          g_assert_cmpstr (after, ==, before);
        }
      /* The same connection goes on as after any error. */
      if (op->setup != NULL)
        op->setup (b, db);
      g_clear_error (&error);
      ok = op->run (b, db, &error);
      g_assert_no_error (error);
      g_assert_true (ok);
      assert_idle (b, pid);
      if (op->effect != READ_ONLY)
        g_assert_cmpint (watch_int (b->watch, ACCOUNTS_ASTRAY_SQL), ==, 0);
    }
  g_test_message ("%s, %s: %u faults tried, %u failed, %.1f s", op->name, kind_names[kind], k, failed,
                  (g_get_monotonic_time () - t0) / 1e6);
  g_assert_cmpuint (k, <, 5000);
  return k;
}

/* ---- Operations ---- */

static gint64
postings_now (Book *b)
{
  return watch_int (b->watch, "SELECT count (*) FROM postings");
}

/* A new receipt awarded (stopwatch, Plus, digit 5: 6 %), with its
 * posting, legs and chain entry, or none of them. */
static gboolean
op_award_run (Book    *b,
              BsnDb   *db,
              GError **error)
{
  g_autofree char *number = g_strdup_printf ("G-%04u", b->serial++);
  BsnReceipt r = { number, b->store, b->customer, 275000, RECEIPT_AT + 7200, 5, -1, NULL };
  g_autoptr(BsnAward) a = bsn_award_receipt (db, NULL, &r, error);
  gint kind;

  if (a == NULL)
    return FALSE;
  kind = pause_faults ();
  g_assert_false (a->duplicate);
  g_assert_cmpstr (a->scheme, ==, "stopwatch");
  g_assert_cmpint (a->rate_bp, ==, 600);
  g_assert_cmpint (a->value_rp, ==, 16500);
  g_assert_cmpint (a->posting_id, >, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM receipts r JOIN postings p ON p.id = r.posting_id "
                                            "WHERE r.receipt = '%s' AND r.value_rp = 16500",
                                            number);

    g_assert_cmpint (watch_int (b->watch, sql), ==, 1);
  }
  resume_faults (kind);
  return TRUE;
}

static const Operation op_award = { "award", NULL, op_award_run, ATOMIC };

/* A file of 12 good receipts (a duplicate and a row for nobody too). */
#define IMPORT_ROWS 12

static void
op_import_setup (Book  *b,
                 BsnDb *db)
{
  g_autoptr(GString) s = g_string_new ("receipt,store,customer,amount,at,digit\n");

  g_free (b->csv_prefix);
  b->csv_prefix = g_strdup_printf ("I%u-", b->serial++);
  for (guint i = 0; i < IMPORT_ROWS; i++)
    g_string_append_printf (s, "%s%u,TK,%s,%u,2026-11-23T10:%02u:00,5\n", b->csv_prefix, i, i % 3 ? "C1" : "C2",
                            200000 + 10000 * i, i);
  g_string_append_printf (s, "%s0,TK,C2,200000,2026-11-23T10:00:00,5\n", b->csv_prefix);
  g_string_append_printf (s, "%sX,TK,C999,200000,2026-11-23T10:00:00,5\n", b->csv_prefix);
  if (b->csv == NULL)
    b->csv = g_build_filename (b->t->dir, "penjualan.csv", NULL);
  g_assert_true (g_file_set_contents (b->csv, s->str, -1, NULL));
}

static gint64
import_receipts (Book *b)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM receipts WHERE receipt LIKE '%s%%'", b->csv_prefix);

  return watch_int (b->watch, sql);
}

/* Every receipt of the file awarded, or none: the rows go in one batch. */
static gboolean
op_import_run (Book    *b,
               BsnDb   *db,
               GError **error)
{
  g_autoptr(BsnImportResult) res = bsn_import_sales (db, b->csv, NULL, NULL, NULL, error);
  gint kind = pause_faults ();
  gint64 value = 0;

  for (guint i = 0; i < IMPORT_ROWS; i++)
    value += (200000 + 10000 * i) * 6 / 100;
  if (res == NULL)
    {
      gint64 n = import_receipts (b);

      g_assert_true (n == 0 || n == IMPORT_ROWS);
      resume_faults (kind);
      return FALSE;
    }
  g_assert_cmpuint (res->rows, ==, IMPORT_ROWS + 2);
  g_assert_cmpuint (res->imported, ==, IMPORT_ROWS);
  g_assert_cmpuint (res->duplicates, ==, 1);
  g_assert_cmpuint (res->rejected->len, ==, 1);
  g_assert_cmpint (res->value_rp, ==, value);
  g_assert_cmpint (import_receipts (b), ==, IMPORT_ROWS);
  resume_faults (kind);
  return TRUE;
}

static const Operation op_import = { "import", op_import_setup, op_import_run, CHANGES };

/* C1 converts Rp1.000 of points into a voucher. */
static gboolean
op_issue_run (Book    *b,
              BsnDb   *db,
              GError **error)
{
  gint64 before = postings_now (b);
  g_autoptr(BsnVoucher) v = bsn_voucher_issue (db, b->customer, 1000, RECEIPT_AT + 7200, 30, error);
  gint kind;

  if (v == NULL)
    return FALSE;
  kind = pause_faults ();
  g_assert_cmpint (v->value_rp, ==, 1000);
  g_assert_false (v->redeemed);
  g_assert_cmpint (postings_now (b), ==, before + 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM vouchers WHERE code = '%s'", v->code);

    g_assert_cmpint (watch_int (b->watch, sql), ==, 1);
  }
  resume_faults (kind);
  return TRUE;
}

static const Operation op_issue = { "voucher issue", NULL, op_issue_run, ATOMIC };

static void
op_redeem_setup (Book  *b,
                 BsnDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnVoucher) v = bsn_voucher_issue (db, b->customer, 2000, RECEIPT_AT + 7200, 30, &error);

  g_assert_no_error (error);
  g_free (b->voucher);
  b->voucher = g_strdup (v->code);
}

/* The voucher redeemed at TK exactly once. */
static gboolean
op_redeem_run (Book    *b,
               BsnDb   *db,
               GError **error)
{
  gint64 value = 0;
  gint kind;

  if (!bsn_voucher_redeem (db, b->voucher, b->store, RECEIPT_AT + 9000, &value, error))
    return FALSE;
  kind = pause_faults ();
  g_assert_cmpint (value, ==, 2000);
  {
    g_autoptr(BsnVoucher) v = bsn_voucher_get (db, b->voucher, NULL);

    g_assert_nonnull (v);
    g_assert_true (v->redeemed);
    g_assert_cmpstr (v->redeemed_store, ==, "TK");
  }
  resume_faults (kind);
  return TRUE;
}

static const Operation op_redeem = { "voucher redeem", op_redeem_setup, op_redeem_run, ATOMIC };

/* The opening, the book's receipts and its voucher. */
#define BOOK_POSTINGS (1 + BOOK_RECEIPTS + 1)

/* The ledger's check: sound, never a finding made of a fault. */
static gboolean
op_verify_run (Book    *b,
               BsnDb   *db,
               GError **error)
{
  g_autoptr(BsnVerifyReport) r = bsn_ledger_verify (db, error);

  if (r == NULL)
    return FALSE;
  for (guint i = 0; i < r->problems->len; i++)
    g_test_message ("problem: %s", (char *) g_ptr_array_index (r->problems, i));
  g_assert_true (r->ok);
  g_assert_cmpuint (r->postings, ==, BOOK_POSTINGS);
  return TRUE;
}

static const Operation op_verify = { "verify", NULL, op_verify_run, READ_ONLY };

static gboolean
op_book_run (Book    *b,
             BsnDb   *db,
             GError **error)
{
  g_autoptr(BsnBookCheck) check = bsn_chain_check_book (db, NULL, error);

  if (check == NULL)
    return FALSE;
  for (guint i = 0; i < check->problems->len; i++)
    g_test_message ("book problem: %s", (char *) g_ptr_array_index (check->problems, i));
  g_assert_true (check->ok);
  g_assert_true (check->ledger->ok);
  g_assert_cmpuint (check->ledger->postings, ==, BOOK_POSTINGS);
  g_assert_cmpuint (check->entries, >, 0);
  return TRUE;
}

static const Operation op_book = { "book check", NULL, op_book_run, READ_ONLY };

/* The column headed @header of @s. */
static guint
column_of (const BsnReportSection *s,
           const char             *header)
{
  for (guint i = 0; i < s->columns->len; i++)
    if (g_strcmp0 (g_array_index (s->columns, BsnColumn, i).header, header) == 0)
      return i;
  g_error ("no column “%s”", header);
}

/* The book's receipts: 250 000 + 10 000 i, i = 0 … 5. */
#define BOOK_SALES 1650000

/* November 2026: the book's receipts, their rewards and the voucher. */
static gboolean
op_report_run (Book    *b,
               BsnDb   *db,
               GError **error)
{
  g_autoptr(BsnReport) program = bsn_report_program (db, 1793491200, 1796083200, NULL, error);
  g_autoptr(BsnReport) kpi = NULL;
  const BsnReportSection *s;

  if (program == NULL)
    return FALSE;
  s = bsn_report_section (program, BSN_SECTION_PROGRAM);
  g_assert_nonnull (s);
  g_assert_cmpuint (s->rows->len, ==, 1);
  g_assert_cmpint (bsn_section_total (s, column_of (s, "Penjualan")), ==, BOOK_SALES);
  g_assert_cmpint (bsn_section_total (s, column_of (s, "Poin diberikan")), ==, BOOK_SALES * 6 / 100);
  kpi = bsn_report_kpi (db, 1793491200, 1796083200, NULL, error);
  if (kpi == NULL)
    return FALSE;
  g_assert_cmpuint (kpi->sections->len, >, 0);
  return TRUE;
}

static const Operation op_report = { "report", NULL, op_report_run, READ_ONLY };

/* The ledger's pages, 3 postings a page, and the newest page. */
static gboolean
op_pages_run (Book    *b,
              BsnDb   *db,
              GError **error)
{
  BsnPostingFilter filter = { b->store, 0, 0, 0 };
  g_autoptr(BsnLedgerPages) all = bsn_ledger_pages_build (db, NULL, 3, NULL, error);
  g_autoptr(BsnLedgerPages) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) last = NULL;

  if (all == NULL)
    return FALSE;
  g_assert_cmpuint (bsn_ledger_pages_get_n_postings (all), ==, BOOK_POSTINGS);
  g_assert_cmpuint (bsn_ledger_pages_get_n_pages (all), ==, (BOOK_POSTINGS + 2) / 3);
  if ((rows = bsn_ledger_pages_list (db, all, 0, error)) == NULL)
    return FALSE;
  g_assert_cmpuint (rows->len, ==, 3);
  if ((last = bsn_ledger_pages_list (db, all, bsn_ledger_pages_get_n_pages (all) - 1, error)) == NULL)
    return FALSE;
  g_assert_cmpuint (last->len, ==, BOOK_POSTINGS - 3 * (bsn_ledger_pages_get_n_pages (all) - 1));
  if ((store = bsn_ledger_pages_build (db, &filter, 3, NULL, error)) == NULL)
    return FALSE;
  g_assert_cmpuint (bsn_ledger_pages_get_n_postings (store), ==, BOOK_RECEIPTS);
  return TRUE;
}

static const Operation op_pages = { "pages", NULL, op_pages_run, READ_ONLY };

/* ---- Tests ---- */

static void
test_award (void)
{
  g_autoptr(Book) b = NULL;

  if (skip_without_server ())
    return;
  b = book_new ();
  g_assert_cmpuint (fail_each (b, FAULT_SERVER, &op_award), >, 5);
  fail_each (b, FAULT_RESULT, &op_award);
}

static void
test_import (void)
{
  g_autoptr(Book) b = NULL;

  if (skip_without_server ())
    return;
  b = book_new ();
  g_assert_cmpuint (fail_each (b, FAULT_SERVER, &op_import), >, 5);
  g_assert_cmpuint (fail_each (b, FAULT_RESULT, &op_import), >, 0);
}

static void
test_voucher (void)
{
  g_autoptr(Book) b = NULL;

  if (skip_without_server ())
    return;
  b = book_new ();
  g_assert_cmpuint (fail_each (b, FAULT_SERVER, &op_issue), >, 3);
  fail_each (b, FAULT_RESULT, &op_issue);
  g_assert_cmpuint (fail_each (b, FAULT_SERVER, &op_redeem), >, 3);
  fail_each (b, FAULT_RESULT, &op_redeem);
}

static void
test_verify (void)
{
  g_autoptr(Book) b = NULL;

  if (skip_without_server ())
    return;
  b = book_new ();
  g_assert_cmpuint (fail_each (b, FAULT_SERVER, &op_verify), >, 3);
  g_assert_cmpuint (fail_each (b, FAULT_RESULT, &op_verify), >, 0);
  g_assert_cmpuint (fail_each (b, FAULT_BESIDE, &op_verify), >, 0);
}

static void
test_book (void)
{
  g_autoptr(Book) b = NULL;

  if (skip_without_server ())
    return;
  b = book_new ();
  g_assert_cmpuint (fail_each (b, FAULT_SERVER, &op_book), >, 3);
  g_assert_cmpuint (fail_each (b, FAULT_RESULT, &op_book), >, 0);
}

static void
test_report (void)
{
  g_autoptr(Book) b = NULL;

  if (skip_without_server ())
    return;
  b = book_new ();
  g_assert_cmpuint (fail_each (b, FAULT_SERVER, &op_report), >, 3);
  fail_each (b, FAULT_RESULT, &op_report);
}

static void
test_pages (void)
{
  g_autoptr(Book) b = NULL;

  if (skip_without_server ())
    return;
  b = book_new ();
  g_assert_cmpuint (fail_each (b, FAULT_SERVER, &op_pages), >, 3);
  fail_each (b, FAULT_RESULT, &op_pages);
}

/* A connection whose first INSERT is prepared in a transaction the
 * server has already aborted (any error before it: a lock or statement
 * timeout, a serialization failure, a refused read) must still return
 * the new rows' ids once that transaction is rolled back. */
static void
test_identity_after_error (void)
{
  g_autoptr(Book) b = NULL;
  g_autoptr(BsnDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnCustomer) c = bsn_customer_new ();
  gboolean ok;

  if (skip_without_server ())
    return;
  b = book_new ();
  db = bsn_db_open (b->t->path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (bsn_db_begin (db, TRUE, &error));
  g_assert_false (bsn_db_exec (db, REFUSED_SQL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_clear_error (&error);
  /* The engine learns here which tables have an identity id: it asks the
   * server, inside the aborted transaction, which refuses; the prepare
   * fails with the server's error and nothing is kept. */
  g_assert_null (bsn_db_prepare (db, "INSERT INTO stores (code) VALUES (?1)", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_clear_error (&error);
  bsn_db_rollback (db);
  g_assert_false (bsn_db_in_transaction (db));

  c->code = g_strdup ("C9");
  c->name = g_strdup ("Dewi");
  ok = bsn_customer_add (db, c, &error);
  if (!ok || c->id != watch_int (b->watch, "SELECT coalesce (max (id), -1) FROM customers WHERE code = 'C9'"))
    {
      g_test_message ("customer add: %s, id %" G_GINT64_FORMAT, ok ? "succeeded" : error->message, c->id);
      g_test_fail_printf ("%s", "DEFECT: bsn-db-pg.c identity_tables () keeps an empty table set when its query "
                   "fails in an aborted transaction: every later INSERT on that connection goes without "
                   "RETURNING id and bsn_db_last_insert_id () stays 0");
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpint (c->id, >, 0);
}

/* A connection that first asks the schema's version in a transaction the
 * server has aborted (the first posting of a connection asks whether the
 * server moves the balances: an award failing there, at its first leg)
 * must still know it once that transaction is rolled back: else it moves
 * each balance itself as well as the server's trigger does. */
static void
test_version_after_error (void)
{
  g_autoptr(Book) b = NULL;
  g_autoptr(BsnDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnAward) a = NULL;
  BsnReceipt r = { "V-0001", 0, 0, 300000, RECEIPT_AT + 7200, 5, -1, NULL };
  gint64 astray;

  if (skip_without_server ())
    return;
  b = book_new ();
  r.store_id = b->store;
  r.customer_id = b->customer;
  db = bsn_db_open (b->t->path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  learn_identity_tables (db);
  g_assert_true (bsn_db_begin (db, TRUE, &error));
  g_assert_false (bsn_db_exec (db, REFUSED_SQL, &error));
  g_clear_error (&error);
  /* Asked here, inside the aborted transaction. */
  bsn_db_server_moves_balances (db);
  bsn_db_rollback (db);

  a = bsn_award_receipt (db, NULL, &r, &error);
  g_assert_no_error (error);
  g_assert_cmpint (a->value_rp, ==, 18000);
  astray = watch_int (b->watch, ACCOUNTS_ASTRAY_SQL);
  if (astray != 0)
    {
      g_test_message ("%" G_GINT64_FORMAT " accounts' balances are not the sum of their legs", astray);
      g_test_fail_printf ("%s", "DEFECT: bsn-db.c bsn_db_server_schema_at_least () keeps the version "
                   "bsn_pg_schema_version () returns when its query fails (0) for the connection's life: "
                   "every later posting moves the balances itself and the server's trigger moves them "
                   "again, committed as a success");
      return;
    }
  g_assert_true (bsn_db_server_moves_balances (db));
}

/* Opens a new, empty schema with CREATE, the @k-th request failing
 * (none when @k is G_MAXINT); the requests seen in *@out_seen. Checks what
 * it opened, or that a failed open left a schema that opens whole. FALSE
 * when it opened a book that is not sound. */
static gboolean
open_fresh (BsnTestDb *t,
            PGconn    *watch,
            int        newest,
            gint       k,
            gint      *out_seen)
{
  g_autofree char *schema = NULL;
  g_autofree char *location = bsn_test_location_new (t->dir, "baru.db", &schema);
  g_autofree char *drop = g_strdup_printf ("DROP SCHEMA %s CASCADE", schema);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) db = NULL;
  g_autoptr(BsnBookCheck) check = NULL;
  gboolean faulted;

  arm (FAULT_SERVER, k);
  db = bsn_db_open (location, BSN_DB_OPEN_CREATE, &error);
  *out_seen = g_atomic_int_get (&seen);
  faulted = disarm ();
  if (!faulted)
    {
      g_assert_no_error (error);
      g_assert_nonnull (db);
    }
  else if (db == NULL)
    {
      g_test_message ("open, fault %d in %s (%s): %s", k, fired_in, fired_sql, error->message);
      g_assert_true (error->domain == BSN_ERROR);
      g_assert_cmpstr (error->message, !=, "");
      g_clear_error (&error);
      /* Each step of the migration is whole or not made: opened again,
       * the schema is finished from where it stopped. */
      db = bsn_db_open (location, BSN_DB_OPEN_CREATE, &error);
      g_assert_no_error (error);
    }
  else
    g_test_message ("open, fault %d in %s (%s): opened", k, fired_in, fired_sql);
  g_assert_cmpint (bsn_db_get_user_version (db), ==, newest);
  bsn_test_add_store (db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH);
  check = bsn_chain_check_book (db, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < check->problems->len; i++)
    g_test_message ("book problem: %s", (char *) g_ptr_array_index (check->problems, i));
  g_clear_pointer (&db, bsn_db_unref);
  g_free (watch_value (watch, drop));
  return check->ok;
}

/* A new, empty schema opened with CREATE: its tables created and migrated
 * to the newest version, or an error; opened again without a fault, it
 * is whole whatever step failed. A full run is some 300 requests, each
 * fault two migrations: the first and last requests are each tried, those
 * between (the same steps, version after version) every 25th. */
static void
test_open (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  PGconn *watch;
  int newest;
  gint n = 0, seen_now = 0;
  guint tried = 0;
  gboolean unsealed = FALSE;

  if (skip_without_server ())
    return;
  t = bsn_test_db_new ();
  newest = bsn_db_get_user_version (t->db);
  watch = watch_connect (bsn_test_pg_uri ());
  g_assert_true (open_fresh (t, watch, newest, G_MAXINT, &n));
  g_test_message ("open: %d requests", n);
  g_assert_cmpint (n, >, 50);
  for (gint k = 0; k < n; k += k < 10 || k >= n - 12 ? 1 : MIN (25, MAX (1, n - 12 - k)))
    {
      if (!open_fresh (t, watch, newest, k, &seen_now))
        {
          /* Opened, but its writes are not sealed in the chain. */
          g_assert_nonnull (fired_sql);
          g_assert_nonnull (strstr (fired_sql, "bsn_schema"));
          unsealed = TRUE;
        }
      g_assert_cmpint (seen_now, >, k);
      tried++;
    }
  g_test_message ("open: %u faults tried", tried);
  PQfinish (watch);
  if (unsealed)
    g_test_fail_printf ("%s", "DEFECT: bsn-db.c bsn_db_open_as () sets db->chained from bsn_db_get_user_version (), "
                 "which is 0 when its query fails (bsn-db-pg.c bsn_pg_schema_version ()): the open succeeds "
                 "and no write of that connection is sealed in the chain, so the book check fails");
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("BSN_NOW", "2026-12-01T00:00:00", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pg-faults/open", test_open);
  g_test_add_func ("/pg-faults/award", test_award);
  g_test_add_func ("/pg-faults/import", test_import);
  g_test_add_func ("/pg-faults/voucher", test_voucher);
  g_test_add_func ("/pg-faults/verify", test_verify);
  g_test_add_func ("/pg-faults/book", test_book);
  g_test_add_func ("/pg-faults/report", test_report);
  g_test_add_func ("/pg-faults/pages", test_pages);
  g_test_add_func ("/pg-faults/identity-after-error", test_identity_after_error);
  g_test_add_func ("/pg-faults/version-after-error", test_version_after_error);
  return g_test_run ();
}
