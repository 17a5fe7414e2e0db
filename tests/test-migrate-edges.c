/* test-migrate-edges.c — the edges of moving a network to PostgreSQL
 * (bsn-migrate.c) and of the small modules around the master data: the
 * demo network, stores, customers, reserves, a store-day's own quotas, the
 * simulation's inputs, private files, the error domain and the numeric
 * locale (issue 18).
 *
 * Storage failures are made here by the statement's own text: this
 * program stands in front of sqlite3_prepare_v2/v3 and sqlite3_step (the
 * library's calls bind to these, which pass on to the real ones through
 * dlsym (RTLD_NEXT)) and makes the n-th prepare or step of one statement
 * fail as SQLite itself would: the prepare of an unknown function, the
 * step of an interrupted statement (SQLITE_INTERRUPT). each_statement_failing () runs an
 * operation once to learn the statements it runs, then again with each of
 * them failing in turn (its prepare, its first step, its last), and checks
 * that every failure is a BSN_ERROR with a message that left every row as
 * it was. On PostgreSQL these runs skip (the server's refusals are
 * test-pg-faults.c's); the move to PostgreSQL itself runs only there, with
 * its source an SQLite file and libpq's PQexec failing on request. */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <locale.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bsn-auth.h"
#include "bsn-customer.h"
#include "bsn-demo.h"
#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-locale.h"
#include "bsn-migrate.h"
#include "bsn-private-file.h"
#include "bsn-quota-own.h"
#include "bsn-quota.h"
#include "bsn-reserve.h"
#include "bsn-simulate.h"
#include "bsn-store.h"
#include "bsn-test-util.h"

/* ---- SQLite statements failing by their text ---- */

typedef enum
{
  SQL_FAULT_NONE,
  SQL_FAULT_PREPARE,
  SQL_FAULT_STEP,
} SqlFault;

static GMutex fault_lock;
static SqlFault fault_kind;
static char *fault_sql;            /* the statement's text, or a part of it */
static gboolean fault_exact;       /* the whole text, not a part */
static guint fault_nth;
static guint fault_seen;
static guint fault_fired;
static GHashTable *seen_steps;     /* while recording: text → StepLog */

/* A statement's steps while recording, and the ones that began a run of
 * it (the first step after a reset: one per call of the code running it). */
typedef struct
{
  guint   steps;
  GArray *starts;
} StepLog;

static void
step_log_free (gpointer data)
{
  StepLog *log = data;

  g_array_unref (log->starts);
  g_free (log);
}
static GHashTable *seen_prepares;  /* while recording: texts prepared */

#define REFUSED_SQL "SELECT bsn_test_fault ()"

#define REAL(type, name) \
  static type real_##name; \
  if (real_##name == NULL) \
    real_##name = (type) dlsym (RTLD_NEXT, #name); \
  g_assert_nonnull (real_##name)

typedef int (*PrepareV3) (sqlite3 *, const char *, int, unsigned int, sqlite3_stmt **, const char **);
typedef int (*PrepareV2) (sqlite3 *, const char *, int, sqlite3_stmt **, const char **);
typedef int (*Step) (sqlite3_stmt *);

static void
sql_fault_arm (SqlFault    kind,
               const char *sql,
               gboolean    exact,
               guint       nth)
{
  g_mutex_lock (&fault_lock);
  g_free (fault_sql);
  fault_sql = g_strdup (sql);
  fault_exact = exact;
  fault_nth = nth;
  fault_seen = 0;
  fault_fired = 0;
  fault_kind = kind;
  g_mutex_unlock (&fault_lock);
}

/* FALSE when the armed fault did not fire. */
static gboolean
sql_fault_disarm (void)
{
  gboolean fired;

  g_mutex_lock (&fault_lock);
  fault_kind = SQL_FAULT_NONE;
  fired = fault_fired > 0;
  g_mutex_unlock (&fault_lock);
  return fired;
}

/* The test's own checks inside an operation run with no fault. */
static SqlFault
sql_fault_pause (void)
{
  SqlFault kind;

  g_mutex_lock (&fault_lock);
  kind = fault_kind;
  fault_kind = SQL_FAULT_NONE;
  g_mutex_unlock (&fault_lock);
  return kind;
}

static void
sql_fault_resume (SqlFault kind)
{
  g_mutex_lock (&fault_lock);
  fault_kind = kind;
  g_mutex_unlock (&fault_lock);
}

static void
sql_record_start (void)
{
  g_mutex_lock (&fault_lock);
  seen_steps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, step_log_free);
  seen_prepares = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_unlock (&fault_lock);
}

static void
sql_record_stop (GHashTable **steps,
                 GHashTable **prepares)
{
  g_mutex_lock (&fault_lock);
  *steps = g_steal_pointer (&seen_steps);
  *prepares = g_steal_pointer (&seen_prepares);
  g_mutex_unlock (&fault_lock);
}

static gboolean
sql_hit (SqlFault    kind,
         const char *sql,
         gboolean    start)
{
  gboolean hit = FALSE;

  g_mutex_lock (&fault_lock);
  if (sql != NULL && kind == SQL_FAULT_STEP && seen_steps != NULL)
    {
      StepLog *log = g_hash_table_lookup (seen_steps, sql);

      if (log == NULL)
        {
          log = g_new0 (StepLog, 1);
          log->starts = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (seen_steps, g_strdup (sql), log);
        }
      if (start)
        g_array_append_val (log->starts, log->steps);
      log->steps++;
    }
  if (sql != NULL && kind == SQL_FAULT_PREPARE && seen_prepares != NULL)
    g_hash_table_add (seen_prepares, g_strdup (sql));
  if (sql != NULL && fault_kind == kind
      && (fault_exact ? g_str_equal (sql, fault_sql) : strstr (sql, fault_sql) != NULL)
      && fault_seen++ == fault_nth)
    {
      fault_fired++;
      hit = TRUE;
    }
  g_mutex_unlock (&fault_lock);
  return hit;
}

int
sqlite3_prepare_v3 (sqlite3       *db,
                    const char    *sql,
                    int            n,
                    unsigned int   flags,
                    sqlite3_stmt **out,
                    const char   **tail)
{
  REAL (PrepareV3, sqlite3_prepare_v3);
  if (n < 0 && sql_hit (SQL_FAULT_PREPARE, sql, FALSE))
    return real_sqlite3_prepare_v3 (db, REFUSED_SQL, -1, flags, out, tail);
  return real_sqlite3_prepare_v3 (db, sql, n, flags, out, tail);
}

int
sqlite3_prepare_v2 (sqlite3       *db,
                    const char    *sql,
                    int            n,
                    sqlite3_stmt **out,
                    const char   **tail)
{
  REAL (PrepareV2, sqlite3_prepare_v2);
  if (n < 0 && sql_hit (SQL_FAULT_PREPARE, sql, FALSE))
    return real_sqlite3_prepare_v2 (db, REFUSED_SQL, -1, out, tail);
  return real_sqlite3_prepare_v2 (db, sql, n, out, tail);
}

static int
interrupt_now (void *data)
{
  return 1;
}

/* A failed step is a real interrupt: a progress handler that stops the
 * statement (sqlite3_interrupt () before a connection's first running
 * statement is forgotten by SQLite). */
int
sqlite3_step (sqlite3_stmt *stmt)
{
  sqlite3 *db = sqlite3_db_handle (stmt);
  int rc;

  REAL (Step, sqlite3_step);
  if (!sql_hit (SQL_FAULT_STEP, sqlite3_sql (stmt), !sqlite3_stmt_busy (stmt)))
    return real_sqlite3_step (stmt);
  sqlite3_progress_handler (db, 1, interrupt_now, NULL);
  rc = real_sqlite3_step (stmt);
  sqlite3_progress_handler (db, 0, NULL, NULL);
  return rc;
}

/* bsn_db_prepare () warns of a failed prepare (a mistake in the SQL,
 * usually): the ones made here are expected, as is the one a test names. */
static const char *expected_warning;

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         data)
{
  if (level & G_LOG_LEVEL_WARNING)
    for (gsize i = 0; i < n_fields; i++)
      if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0
          && g_str_has_prefix (fields[i].value, "prepare failed: ")
          && (strstr (fields[i].value, "bsn_test_fault") != NULL
              || (expected_warning != NULL && strstr (fields[i].value, expected_warning) != NULL)))
        return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, data);
}

/* ---- libpq's PQexec failing on request (PostgreSQL runs) ---- */

static GMutex pq_lock;
static char *pq_prefix;            /* fail the nth PQexec starting so */
static guint pq_nth;
static guint pq_seen;
static guint pq_fired;
static GPtrArray *pq_record;       /* every PQexec's text, while recording */

typedef PGresult *(*Exec) (PGconn *, const char *);

PGresult *
PQexec (PGconn     *conn,
        const char *query)
{
  gboolean hit = FALSE;

  REAL (Exec, PQexec);
  g_mutex_lock (&pq_lock);
  if (pq_record != NULL)
    g_ptr_array_add (pq_record, g_strdup (query));
  if (pq_prefix != NULL && g_str_has_prefix (query, pq_prefix) && pq_seen++ == pq_nth)
    {
      pq_fired++;
      hit = TRUE;
    }
  g_mutex_unlock (&pq_lock);
  /* The server refuses an unknown function, as it would any error. */
  return real_PQexec (conn, hit ? "SELECT bsn_test_fault ()" : query);
}

static void
pq_fault_arm (const char *prefix,
              guint       nth)
{
  g_mutex_lock (&pq_lock);
  g_free (pq_prefix);
  pq_prefix = g_strdup (prefix);
  pq_nth = nth;
  pq_seen = 0;
  pq_fired = 0;
  g_mutex_unlock (&pq_lock);
}

static gboolean
pq_fault_disarm (void)
{
  gboolean fired;

  g_mutex_lock (&pq_lock);
  g_clear_pointer (&pq_prefix, g_free);
  fired = pq_fired > 0;
  g_mutex_unlock (&pq_lock);
  return fired;
}


/* ---- libc and GLib calls failing on request (private files, locale) ---- */

static gint fail_fchmod;
static gint fail_fsync;
static gint fail_flock;
static gint interrupt_write;      /* the next write is interrupted (EINTR) once */
static gint fail_duplocale;
static gint fail_newlocale;
static const char *fake_realpath; /* realpath's answer, or "" for NULL */
static const char *fixed_uuid;    /* g_uuid_string_random's answer */

typedef int (*Fchmod) (int, mode_t);
typedef int (*Fsync) (int);
typedef int (*Flock) (int, int);
typedef ssize_t (*Write) (int, const void *, size_t);
typedef locale_t (*Duplocale) (locale_t);
typedef locale_t (*Newlocale) (int, const char *, locale_t);
typedef char *(*Realpath) (const char *, char *);

int
fchmod (int    fd,
        mode_t mode)
{
  REAL (Fchmod, fchmod);
  if (g_atomic_int_compare_and_exchange (&fail_fchmod, 1, 0))
    {
      errno = EPERM;
      return -1;
    }
  return real_fchmod (fd, mode);
}

int
fsync (int fd)
{
  REAL (Fsync, fsync);
  if (g_atomic_int_compare_and_exchange (&fail_fsync, 1, 0))
    {
      errno = EIO;
      return -1;
    }
  return real_fsync (fd);
}

int
flock (int fd,
       int operation)
{
  REAL (Flock, flock);
  if (g_atomic_int_compare_and_exchange (&fail_flock, 1, 0))
    {
      errno = EWOULDBLOCK;
      return -1;
    }
  return real_flock (fd, operation);
}

ssize_t
write (int         fd,
       const void *buf,
       size_t      n)
{
  REAL (Write, write);
  if (g_atomic_int_compare_and_exchange (&interrupt_write, 1, 0))
    {
      errno = EINTR;
      return -1;
    }
  return real_write (fd, buf, n);
}

locale_t
duplocale (locale_t base)
{
  REAL (Duplocale, duplocale);
  if (g_atomic_int_get (&fail_duplocale))
    {
      errno = ENOMEM;
      return (locale_t) 0;
    }
  return real_duplocale (base);
}

locale_t
newlocale (int         mask,
           const char *name,
           locale_t    base)
{
  REAL (Newlocale, newlocale);
  if (g_atomic_int_get (&fail_newlocale))
    {
      errno = ENOMEM;
      return (locale_t) 0;
    }
  return real_newlocale (mask, name, base);
}

char *
realpath (const char *path,
          char       *resolved)
{
  REAL (Realpath, realpath);
  if (fake_realpath != NULL && resolved == NULL)
    return fake_realpath[0] != '\0' ? strdup (fake_realpath) : NULL;
  return real_realpath (path, resolved);
}

typedef char *(*UuidRandom) (void);

char *
g_uuid_string_random (void)
{
  REAL (UuidRandom, g_uuid_string_random);
  if (fixed_uuid != NULL)
    return g_strdup (fixed_uuid);
  return real_g_uuid_string_random ();
}

/* ---- helpers ---- */

static BsnTime
at (const char *iso)
{
  BsnTime t = 0;

  g_assert_true (bsn_time_parse (iso, &t, NULL));
  return t;
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* Removes @dir and the files in it. */
static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

typedef gboolean (*Operation) (BsnDb *db, gpointer data, GError **error);

static BsnDb *
open_copy (const char *bytes,
           gsize       len,
           const char *copy)
{
  g_autofree char *wal = g_strconcat (copy, "-wal", NULL);
  g_autofree char *shm = g_strconcat (copy, "-shm", NULL);
  g_autoptr(GError) error = NULL;
  BsnDb *db;

  g_unlink (wal);
  g_unlink (shm);
  g_assert_true (g_file_set_contents (copy, bytes, (gssize) len, NULL));
  db = bsn_db_open (copy, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  return db;
}

/* One run of @op on a fresh copy with the fault armed; TRUE when it
 * fired. A failure must be a BSN_ERROR with a message and, for an
 * @atomic operation, leave every row as it was. */
static gboolean
run_faulted (const char *bytes,
             gsize       len,
             const char *copy,
             const char *before,
             Operation   op,
             gpointer    data,
             gboolean    atomic,
             SqlFault    kind,
             const char *sql,
             guint       nth,
             guint      *failed)
{
  g_autoptr(BsnDb) db = open_copy (bytes, len, copy);
  g_autoptr(GError) error = NULL;
  gboolean ok, fired;

  sql_fault_arm (kind, sql, TRUE, nth);
  ok = op (db, data, &error);
  fired = sql_fault_disarm ();
  g_clear_pointer (&db, bsn_db_unref);
  if (!fired)
    return FALSE;
  if (!ok)
    {
      g_assert_nonnull (error);
      if (error->domain != BSN_ERROR)
        g_error ("%s %u of “%s”: %s (not a BSN_ERROR)", kind == SQL_FAULT_STEP ? "step" : "prepare", nth, sql,
                 error->message);
      g_assert_cmpstr (error->message, !=, "");
      if (atomic)
        {
          g_autofree char *after = bsn_test_sqlite_digest (copy);

          if (g_strcmp0 (after, before) != 0)
            g_error ("%s %u of “%s” failed (%s) but changed the database", kind == SQL_FAULT_STEP ? "step" : "prepare",
                     nth, sql, error->message);
        }
      ++*failed;
    }
  else
    g_assert_no_error (error);
  return TRUE;
}

/* Runs @op on copies of @t's file, each statement it runs failing in
 * turn: its first prepare, the first step of each of its runs (of the
 * first three and the last when it runs more than @all_runs times), its
 * last step. Returns how many runs failed. */
static guint
each_statement_failing (BsnTestDb *t,
                        Operation  op,
                        gpointer   data,
                        gboolean   atomic,
                        guint      all_runs)
{
  g_autofree char *copy = g_build_filename (t->dir, "work.db", NULL);
  g_autofree char *bytes = NULL;
  g_autofree char *before = NULL;
  g_autoptr(GHashTable) steps = NULL;
  g_autoptr(GHashTable) prepares = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint failed = 0, runs = 0;
  gsize len;

  g_assert_cmpint (bsn_test_raw_exec (t->db, "PRAGMA wal_checkpoint(TRUNCATE)"), ==, SQLITE_OK);
  g_assert_true (g_file_get_contents (t->path, &bytes, &len, NULL));
  {
    g_autoptr(BsnDb) db = open_copy (bytes, len, copy);

    before = bsn_test_sqlite_digest (copy);
    sql_record_start ();
    g_assert_true (op (db, data, &error));
    g_assert_no_error (error);
    sql_record_stop (&steps, &prepares);
  }
  g_hash_table_iter_init (&iter, prepares);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    runs += run_faulted (bytes, len, copy, before, op, data, atomic, SQL_FAULT_PREPARE, key, 0, &failed);
  g_hash_table_iter_init (&iter, steps);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      StepLog *log = value;
      guint n = log->starts->len;

      /* Each run of it (the first few and the last of a statement run
       * more than @all_runs times), then its last step. */
      for (guint i = 0; i < n; i++)
        if (n <= all_runs || i < 3 || i == n - 1)
          runs += run_faulted (bytes, len, copy, before, op, data, atomic, SQL_FAULT_STEP, key,
                               g_array_index (log->starts, guint, i), &failed);
      if (n == 0 || g_array_index (log->starts, guint, n - 1) != log->steps - 1)
        runs += run_faulted (bytes, len, copy, before, op, data, atomic, SQL_FAULT_STEP, key, log->steps - 1, &failed);
    }
  g_test_message ("%u statements, %u faults fired, %u failed", g_hash_table_size (steps), runs, failed);
  g_assert_cmpuint (failed, >, 0);
  return failed;
}

/* Fails the @nth prepare or step of the statement containing @sql during
 * @op on @db; returns the error (or NULL when @op succeeded). */
static GError *
fail_once (BsnDb      *db,
           Operation   op,
           gpointer    data,
           SqlFault    kind,
           const char *sql,
           guint       nth)
{
  GError *error = NULL;
  gboolean ok;

  sql_fault_arm (kind, sql, FALSE, nth);
  ok = op (db, data, &error);
  g_assert_true (sql_fault_disarm ());
  g_assert_true (ok == (error == NULL));
  return error;
}


/* ---- moving a network to PostgreSQL (bsn-migrate.c) ---- */

#define NO_SERVER "postgresql://bsn-test.invalid/tidak-ada"
#define NEEDS_PG "PostgreSQL only: the move's target is a server ($BSN_TEST_PG)"

/* An SQLite file @dir/@name with the demo network in it (its days end on
 * 2026-11-20). (transfer full) */
static char *
demo_file (const char *dir,
           const char *name,
           guint       customers,
           guint       days)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) db = bsn_db_open (path, BSN_DB_OPEN_CREATE, &error);
  BsnDemoOptions options = { 11, customers, days, 0 };

  g_assert_no_error (error);
  options.today = at ("2026-11-20T12:00:00");
  g_assert_true (bsn_demo_fill (db, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

typedef struct
{
  const char       *from;
  const char       *to;
  const char       *tamper;   /* raw SQL run on the source at the last progress report */
  BsnMigrateReport *report;
  guint64           last_done;
  guint64           last_total;
} Move;

static void
move_progress (guint64  done,
               guint64  total,
               gpointer user_data)
{
  Move *m = user_data;

  g_assert_cmpuint (done, <=, total);
  m->last_done = done;
  m->last_total = total;
  if (done == total && m->tamper != NULL)
    g_assert_cmpint (bsn_test_raw_exec_at (m->from, m->tamper), ==, SQLITE_OK);
}

static gboolean
move_op (BsnDb    *db,
         gpointer  data,
         GError  **error)
{
  Move *m = data;

  g_clear_pointer (&m->report, bsn_migrate_report_free);
  m->report = bsn_migrate_copy (m->from, m->to, move_progress, m, error);
  return m->report != NULL;
}

/* Rows of @table at @location, read on a connection of the test's own. */
static gint64
rows_at (const char *location,
         const char *table)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) db = bsn_db_open (location, BSN_DB_OPEN_DEFAULT, &error);
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM %s", table);

  g_assert_no_error (error);
  return bsn_db_query_int (db, sql, -1);
}

static gboolean
has_problem (const BsnMigrateReport *report,
             const char             *text)
{
  for (guint i = 0; i < report->problems->len; i++)
    if (g_str_equal (g_ptr_array_index (report->problems, i), text))
      return TRUE;
  return FALSE;
}

/* A source that is a server and a target that is a file are refused
 * before anything is opened, a missing source file is not created, and
 * freeing no report is harmless. */
static void
test_migrate_refused_locations (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-migrate-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "tidak-ada.db", NULL);
  g_autofree char *file = g_build_filename (dir, "tujuan.db", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (bsn_migrate_copy (NO_SERVER, NO_SERVER, NULL, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "bukan alamat server"));
  g_clear_error (&error);

  g_assert_null (bsn_migrate_copy (missing, file, NULL, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "postgresql://"));
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_null (bsn_migrate_copy (missing, NO_SERVER, NULL, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  bsn_migrate_report_free (NULL);
  remove_dir (dir);
}

/* A table the move does not know stops it before the target is even
 * opened (nothing may be left behind silently), and so does a source
 * whose list of tables cannot be read. */
static void
test_migrate_refused_source (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-migrate-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sumber.db", NULL);
  g_autoptr(GError) error = NULL;
  Move m = { path, NO_SERVER, NULL, NULL, 0, 0 };

  {
    g_autoptr(BsnDb) db = bsn_db_open (path, BSN_DB_OPEN_CREATE, &error);

    g_assert_no_error (error);
    g_assert_true (bsn_test_add_store (db, "T01", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Basic", BSN_SCHEMES_BOTH) > 0);
  }
  /* The list of tables: its prepare, then its first step, fail. */
  error = fail_once (NULL, move_op, &m, SQL_FAULT_PREPARE, "FROM sqlite_schema WHERE type = 'table' AND name NOT", 0);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_clear_error (&error);
  error = fail_once (NULL, move_op, &m, SQL_FAULT_STEP, "FROM sqlite_schema WHERE type = 'table' AND name NOT", 0);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "Membaca sumber"));
  g_clear_error (&error);
  g_assert_null (m.report);

  g_assert_cmpint (bsn_test_raw_exec_at (path, "CREATE TABLE catatan (id INTEGER PRIMARY KEY, isi TEXT)"), ==,
                   SQLITE_OK);
  g_assert_null (bsn_migrate_copy (path, NO_SERVER, NULL, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_SCHEMA);
  g_assert_nonnull (strstr (error->message, "“catatan”"));
  remove_dir (dir);
}

/* The source changed under the move (after its last row was copied, before
 * the comparison): every difference is reported, none is hidden. One row
 * more in meta, an account's balance raised (so verify fails on the source
 * too) and an account more in the source, counted among those that
 * differ. The target is the same ledger as the source was, and verifies. */
static void
test_migrate_compare_source_changed (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-migrate-XXXXXX", NULL);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *schema = NULL;
  g_autoptr(GError) error = NULL;
  gint64 meta_before;
  Move m = { 0 };

  if (bsn_test_pg_uri () == NULL)
    {
      g_test_skip (NEEDS_PG);
      return;
    }
  from = demo_file (dir, "sumber.db", 12, 3);
  to = bsn_test_location_new (dir, "tujuan", &schema);
  meta_before = rows_at (from, "meta");
  m.from = from;
  m.to = to;
  m.tamper = "INSERT INTO meta (key, value) VALUES ('catatan', 'ditulis saat pindah');"
             "UPDATE accounts SET balance_rp = balance_rp + 500 "
             "  WHERE id = (SELECT min(id) FROM accounts WHERE kind = 'customer');"
             "INSERT INTO customers (code, name, phone, created_at) VALUES ('BARU', 'Pelanggan Baru', '', 0);"
             "INSERT INTO accounts (kind, customer_id) SELECT 'customer', id FROM customers WHERE code = 'BARU';";
  g_assert_true (move_op (NULL, &m, &error));
  g_assert_no_error (error);
  g_assert_false (m.report->ok);
  g_assert_cmpint (m.report->accounts_differ, ==, 2);
  g_assert_false (m.report->source_verified);
  g_assert_true (m.report->target_verified);
  {
    g_autofree char *meta = g_strdup_printf ("tabel meta: %" G_GINT64_FORMAT " baris di sumber, %" G_GINT64_FORMAT
                                             " di tujuan", meta_before + 1, meta_before);
    g_assert_true (has_problem (m.report, meta));
  }
  g_assert_true (has_problem (m.report, "saldo 2 akun berbeda"));
  g_assert_true (has_problem (m.report, "verify gagal pada sumber"));
  g_assert_false (has_problem (m.report, "verify gagal pada tujuan"));
  g_assert_cmpint (rows_at (to, "customers"), ==, rows_at (from, "customers") - 1);
  g_assert_cmpuint (m.last_done, ==, m.last_total);
  bsn_migrate_report_free (m.report);
  remove_dir (dir);
}

/* An account fewer in the source than in the target (counted once among
 * those that differ), and a voucher's funding altered in the source before
 * the move: the target holds the same funding, no longer the voucher's
 * value, and verify fails on both. */
static void
test_migrate_compare_target_unverified (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-migrate-XXXXXX", NULL);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *schema = NULL;
  g_autoptr(GError) error = NULL;
  Move m = { 0 };

  if (bsn_test_pg_uri () == NULL)
    {
      g_test_skip (NEEDS_PG);
      return;
    }
  from = demo_file (dir, "sumber.db", 12, 3);
  to = bsn_test_location_new (dir, "tujuan", &schema);
  g_assert_cmpint (rows_at (from, "voucher_funding"), >, 0);
  g_assert_cmpint (bsn_test_raw_exec_at (from, "UPDATE voucher_funding SET amount_rp = amount_rp + 1 "
                                               "WHERE rowid = (SELECT min(rowid) FROM voucher_funding)"),
                   ==, SQLITE_OK);
  m.from = from;
  m.to = to;
  m.tamper = "DELETE FROM accounts WHERE id = (SELECT max(id) FROM accounts);";
  g_assert_true (move_op (NULL, &m, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < m.report->problems->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (m.report->problems, i));
  g_assert_false (m.report->ok);
  g_assert_cmpint (m.report->accounts_differ, ==, 1);
  g_assert_false (m.report->source_verified);
  g_assert_false (m.report->target_verified);
  g_assert_true (has_problem (m.report, "saldo 1 akun berbeda"));
  {
    gint64 n = rows_at (to, "accounts");
    g_autofree char *accounts = g_strdup_printf ("tabel accounts: %" G_GINT64_FORMAT " baris di sumber, %"
                                                 G_GINT64_FORMAT " di tujuan", n - 1, n);
    g_assert_true (has_problem (m.report, accounts));
  }
  g_assert_true (has_problem (m.report, "verify gagal pada tujuan"));
  bsn_migrate_report_free (m.report);
  remove_dir (dir);
}

/* The source failing under the move, one read at a time: a table's
 * columns (their prepare, their first step), a table's rows; each stops
 * the move with the table named and leaves the target without a copied
 * row. A count or the accounts' balances unreadable at the comparison is
 * a problem reported, not a match. */
static void
test_migrate_source_faults (void)
{
  static const struct
  {
    SqlFault    kind;
    const char *sql;
    guint       nth;
    const char *failure;   /* the error's start, or NULL: a problem */
    const char *problem;
  } cases[] = {
    { SQL_FAULT_PREPARE, "FROM pragma_table_info (?1)", 0, "Tabel meta: ", NULL },
    { SQL_FAULT_STEP, "FROM pragma_table_info (?1)", 0, "Tabel meta: ", NULL },
    { SQL_FAULT_STEP, "FROM \"stores\" ORDER BY 1", 0, "Tabel stores: Membaca sumber", NULL },
    /* Each table is counted once for the progress total, then again at
     * the comparison. */
    { SQL_FAULT_STEP, "SELECT count (*) FROM \"lots\"", 1, NULL, "tabel lots tidak dapat dihitung" },
    { SQL_FAULT_PREPARE, "SELECT id, balance_rp, status_rp FROM accounts ORDER BY id", 0, NULL,
      "saldo akun tidak dapat dibaca" },
    { SQL_FAULT_STEP, "SELECT id, balance_rp, status_rp FROM accounts ORDER BY id", 0, NULL,
      "saldo akun tidak dapat dibaca" },
    /* verify on the source cannot read the clearing account: no report. */
    { SQL_FAULT_STEP, "SELECT balance_rp FROM accounts WHERE id = 1", 0, NULL, "verify gagal pada sumber" },
  };
  g_autofree char *dir = g_dir_make_tmp ("bsn-migrate-XXXXXX", NULL);
  g_autofree char *from = NULL;

  if (bsn_test_pg_uri () == NULL)
    {
      g_test_skip (NEEDS_PG);
      return;
    }
  from = demo_file (dir, "sumber.db", 12, 3);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *schema = NULL;
      g_autofree char *to = bsn_test_location_new (dir, "tujuan", &schema);
      g_autoptr(GError) error = NULL;
      Move m = { from, to, NULL, NULL, 0, 0 };

      g_test_message ("case %u: %s", i, cases[i].sql);
      error = fail_once (NULL, move_op, &m, cases[i].kind, cases[i].sql, cases[i].nth);
      if (cases[i].failure != NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == BSN_ERROR);
          if (!g_str_has_prefix (error->message, cases[i].failure))
            g_error ("case %u: “%s”", i, error->message);
          g_assert_null (m.report);
          g_assert_cmpint (rows_at (to, "stores"), ==, 0);
          g_assert_cmpint (rows_at (to, "meta"), ==, 0);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_false (m.report->ok);
          g_assert_true (has_problem (m.report, cases[i].problem));
          g_assert_cmpuint (m.report->problems->len, ==, 1);
          bsn_migrate_report_free (m.report);
        }
    }
  remove_dir (dir);
}

/* A source table that is in the list but not in the file (a damaged
 * source), and a value the server's column type refuses (an SQLite file
 * holds text in an INTEGER column): the move stops naming the table, and
 * nothing was copied. */
static void
test_migrate_source_damaged (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-migrate-XXXXXX", NULL);
  g_autofree char *from = NULL;
  const char *damage[] = {
    "DROP TABLE point_expiries", "Tabel point_expiries: Tabel “point_expiries” tidak ada di sumber",
    "UPDATE customers SET created_at = 'kemarin' WHERE id = 1", "Tabel customers: ",
  };

  if (bsn_test_pg_uri () == NULL)
    {
      g_test_skip (NEEDS_PG);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (damage); i += 2)
    {
      g_autofree char *name = g_strdup_printf ("sumber-%u.db", i);
      g_autofree char *schema = NULL;
      g_autofree char *to = bsn_test_location_new (dir, "tujuan", &schema);
      g_autoptr(GError) error = NULL;

      from = demo_file (dir, name, 6, 2);
      g_assert_cmpint (bsn_test_raw_exec_at (from, damage[i]), ==, SQLITE_OK);
      /* Counting the missing table warns that its count cannot be prepared. */
      expected_warning = "no such table: point_expiries";
      g_assert_null (bsn_migrate_copy (from, to, NULL, NULL, &error));
      expected_warning = NULL;
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, damage[i + 1]));
      g_assert_cmpint (rows_at (to, "stores"), ==, 0);
      g_clear_pointer (&from, g_free);
    }
  remove_dir (dir);
}

/* The server refusing the move's own requests: the batch's BEGIN and the
 * reset of the id sequences stop the move with nothing copied; the
 * statistics after it (VACUUM (ANALYZE)) cost speed only, and the move
 * succeeds without them. */
static void
test_migrate_server_faults (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-migrate-XXXXXX", NULL);
  g_autofree char *from = NULL;
  g_autoptr(GPtrArray) record = NULL;
  guint begins_before_copy = 0, resets = 0, vacuums = 0;
  gboolean copied = FALSE;

  if (bsn_test_pg_uri () == NULL)
    {
      g_test_skip (NEEDS_PG);
      return;
    }
  /* Enough receipts that some table passes ANALYZE_MIN_ROWS. */
  from = demo_file (dir, "sumber.db", 20, 4);
  {
    g_autofree char *schema = NULL;
    g_autofree char *to = bsn_test_location_new (dir, "tujuan", &schema);
    g_autoptr(GError) error = NULL;
    Move m = { from, to, NULL, NULL, 0, 0 };

    g_mutex_lock (&pq_lock);
    pq_record = g_ptr_array_new_with_free_func (g_free);
    g_mutex_unlock (&pq_lock);
    g_assert_true (move_op (NULL, &m, &error));
    g_mutex_lock (&pq_lock);
    record = g_steal_pointer (&pq_record);
    g_mutex_unlock (&pq_lock);
    g_assert_no_error (error);
    g_assert_true (m.report->ok);
    g_assert_cmpuint (m.report->users->len, ==, 0);
    bsn_migrate_report_free (m.report);
  }
  for (guint i = 0; i < record->len; i++)
    {
      const char *sql = g_ptr_array_index (record, i);

      copied = copied || g_str_has_prefix (sql, "COPY");
      begins_before_copy += !copied && g_str_has_prefix (sql, "BEGIN");
      resets += g_str_has_prefix (sql, "DO $$ DECLARE r record");
      vacuums += g_str_has_prefix (sql, "VACUUM (ANALYZE)");
    }
  g_assert_cmpuint (begins_before_copy, >, 0);
  g_assert_cmpuint (resets, >, 0);
  g_assert_cmpuint (vacuums, ==, 1);

  {
    const char *prefix[] = { "BEGIN", "DO $$ DECLARE r record", "VACUUM (ANALYZE)" };
    guint nth[] = { begins_before_copy - 1, resets - 1, 0 };

    for (guint i = 0; i < G_N_ELEMENTS (prefix); i++)
      {
        g_autofree char *schema = NULL;
        g_autofree char *to = bsn_test_location_new (dir, "tujuan", &schema);
        g_autoptr(GError) error = NULL;
        Move m = { from, to, NULL, NULL, 0, 0 };
        gboolean ok;

        pq_fault_arm (prefix[i], nth[i]);
        ok = move_op (NULL, &m, &error);
        g_assert_true (pq_fault_disarm ());
        if (i < 2)
          {
            g_assert_false (ok);
            g_assert_nonnull (error);
            g_assert_true (error->domain == BSN_ERROR);
            g_test_message ("%s: %s", prefix[i], error->message);
            g_assert_cmpint (rows_at (to, "stores"), ==, 0);
            g_assert_cmpint (rows_at (to, "legs"), ==, 0);
          }
        else
          {
            g_assert_no_error (error);
            g_assert_true (m.report->ok);
            g_assert_cmpint (rows_at (to, "legs"), ==, rows_at (from, "legs"));
            bsn_migrate_report_free (m.report);
          }
      }
  }
  remove_dir (dir);
}

/* The users move with the network (each is then given a new password on
 * the server) and are listed by name; a second move into the same target,
 * no longer empty, is refused and leaves it as the first left it. */
static void
test_migrate_users_and_again (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-migrate-XXXXXX", NULL);
  g_autofree char *from = g_build_filename (dir, "sumber.db", NULL);
  g_autofree char *to = NULL;
  g_autofree char *schema = NULL;
  g_autoptr(GError) error = NULL;
  BsnMigrateReport *report;

  if (bsn_test_pg_uri () == NULL)
    {
      g_test_skip (NEEDS_PG);
      return;
    }
  {
    g_autoptr(BsnDb) db = bsn_db_open (from, BSN_DB_OPEN_CREATE, &error);

    g_assert_no_error (error);
    g_assert_true (bsn_test_add_store (db, "T01", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Basic", BSN_SCHEMES_BOTH) > 0);
    g_assert_true (bsn_auth_add_user (db, "wulan", BSN_ROLE_PEMILIK, "rahasia-pemilik", &error));
    g_assert_true (bsn_auth_login (db, "wulan", "rahasia-pemilik", &error));
    g_assert_true (bsn_auth_add_user (db, "asep", BSN_ROLE_KASIR, "rahasia-kasir", &error));
    g_assert_no_error (error);
  }
  to = bsn_test_location_new (dir, "tujuan", &schema);
  report = bsn_migrate_copy (from, to, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->users->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (report->users, 0), ==, "asep");
  g_assert_cmpstr (g_ptr_array_index (report->users, 1), ==, "wulan");
  bsn_migrate_report_free (report);

  g_assert_null (bsn_migrate_copy (from, to, NULL, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_cmpint (rows_at (to, "stores"), ==, 1);
  g_assert_cmpint (rows_at (to, "users"), ==, 2);
  remove_dir (dir);
}

/* ---- the demo network (bsn-demo.c) ---- */

#define SQLITE_FAULTS "SQLite only: the storage faults here are SQLite's own (PostgreSQL's: test-pg-faults)"

static gboolean
demo_op (BsnDb    *db,
         gpointer  data,
         GError  **error)
{
  BsnDemoOptions options = { 3, 6, 2, 0 };

  options.today = at ("2026-11-20T12:00:00");
  return bsn_demo_fill (db, &options, NULL, NULL, NULL, error);
}

/* Each statement of a demo fill failing in turn: the fill stops with a
 * BSN_ERROR and leaves the database exactly as empty as it was. */
static void
test_demo_each_statement (void)
{
  g_autoptr(BsnTestDb) t = NULL;

  if (bsn_test_skip_on_pg (SQLITE_FAULTS))
    return;
  t = bsn_test_db_new ();
  each_statement_failing (t, demo_op, NULL, TRUE, 40);
}

typedef struct
{
  GCancellable *cancellable;
  guint64       cancel_at;
  guint64       reports;
} DemoCancel;

static void
demo_cancel_progress (guint64  done,
                      guint64  total,
                      gpointer user_data)
{
  DemoCancel *c = user_data;

  c->reports++;
  if (done >= c->cancel_at)
    g_cancellable_cancel (c->cancellable);
}

/* Cancelled while adding the customers, or later while recording the
 * receipts: the fill stops as cancelled and nothing of it stays. */
static void
test_demo_cancelled (void)
{
  guint64 cancel_at[] = { 16, 64 };
  guint64 reports[] = { 1, 2 };   /* every 16 customers, then every 64 receipts */

  for (guint i = 0; i < G_N_ELEMENTS (cancel_at); i++)
    {
      g_autoptr(BsnTestDb) t = bsn_test_db_new ();
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      DemoCancel c = { cancellable, cancel_at[i], 0 };
      BsnDemoOptions options = { 5, 20, 2, 0 };

      options.today = at ("2026-11-20T12:00:00");
      g_assert_false (bsn_demo_fill (t->db, &options, demo_cancel_progress, &c, cancellable, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpuint (c.reports, ==, reports[i]);
      g_assert_cmpint (bsn_store_count (t->db), ==, 0);
      g_assert_cmpint (bsn_customer_count (t->db), ==, 0);
    }
}

/* The demo needs an owner: a kasir signed in is refused, and nothing is
 * written. A store whose parent is not there is not added. */
static void
test_demo_refused (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  static const BsnStoreSpec orphan = { "ANK-X", "Anak Tanpa Induk", BSN_ROLE_ANAK, "IND-TIDAK-ADA", BSN_BAND_LOW, 1,
                                       BSN_SCHEMES_BOTH, 7, 50000 };

  g_assert_cmpint (bsn_demo_add_store (t->db, &orphan, &error), ==, 0);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (bsn_store_count (t->db), ==, 0);

  g_assert_true (bsn_auth_add_user (t->db, "pemilik", BSN_ROLE_PEMILIK, "rahasia-pemilik", &error));
  g_assert_true (bsn_auth_login (t->db, "pemilik", "rahasia-pemilik", &error));
  g_assert_true (bsn_auth_add_user (t->db, "kasir", BSN_ROLE_KASIR, "rahasia-kasir", &error));
  g_assert_true (bsn_auth_login (t->db, "kasir", "rahasia-kasir", &error));
  g_assert_no_error (error);
  g_assert_false (demo_op (t->db, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_true (bsn_auth_login (t->db, "pemilik", "rahasia-pemilik", NULL));
  g_assert_cmpint (bsn_store_count (t->db), ==, 0);
}

/* ---- stores, customers, reserves, own quotas under storage faults ---- */

typedef struct
{
  gint64 induk;
  gint64 toko;
  gint64 customer;
  gint64 other_customer;
  gint64 day;
} Network;

static Network
small_network (BsnDb *db)
{
  Network n = { 0 };
  g_autoptr(BsnCustomer) c = bsn_customer_new ();

  n.induk = bsn_test_add_store (db, "IND", BSN_ROLE_INDUK, NULL, BSN_BAND_LOW, "Basic", BSN_SCHEMES_BOTH);
  n.toko = bsn_test_add_store (db, "TOKO", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Silver", BSN_SCHEMES_LELANG);
  n.customer = bsn_test_add_customer (db, "PLG-1", "Siti Suryani");
  n.other_customer = bsn_test_add_customer (db, "PLG-2", "Budi Hidayat");
  n.day = bsn_time_day (at ("2026-11-20"));
  g_assert_true (bsn_quota_set (db, n.toko, n.day, 0, 150000, NULL));
  g_assert_true (bsn_quota_set (db, n.toko, n.day, 3, 90000, NULL));
  return n;
}

static gboolean
store_add_op (BsnDb *db, gpointer data, GError **error)
{
  g_autoptr(BsnStore) s = bsn_store_new ();

  s->code = g_strdup ("ANK-BARU");
  s->name = g_strdup ("Anak Baru");
  s->role = BSN_ROLE_ANAK;
  s->parent_id = ((Network *) data)->induk;
  s->band = BSN_BAND_LOW;
  s->tier = 2;
  s->schemes = BSN_SCHEMES_BOTH;
  s->opening_sec = 7 * 3600;
  s->hours = 10;
  s->margin_bp = bsn_band_default_margin_bp (BSN_BAND_LOW);
  return bsn_store_add (db, s, error);
}

static gboolean
store_update_op (BsnDb *db, gpointer data, GError **error)
{
  g_autoptr(BsnStore) s = bsn_store_get (db, ((Network *) data)->toko, error);

  if (s == NULL)
    return FALSE;
  g_free (s->name);
  s->name = g_strdup ("Toko Ganti Nama");
  s->min_purchase_rp = 25000;
  return bsn_store_update (db, s, error);
}

static gboolean
store_active_op (BsnDb *db, gpointer data, GError **error)
{
  return bsn_store_set_active (db, ((Network *) data)->toko, FALSE, error);
}

static gboolean
store_list_op (BsnDb *db, gpointer data, GError **error)
{
  g_autoptr(GPtrArray) list = bsn_store_list (db, error);

  return list != NULL && list->len == 2;
}

static gboolean
customer_add_op (BsnDb *db, gpointer data, GError **error)
{
  g_autoptr(BsnCustomer) c = bsn_customer_new ();

  c->code = g_strdup ("PLG-3");
  c->name = g_strdup ("Sari Rahmawati");
  return bsn_customer_add_referred (db, c, "PLG-1", error);
}

static gboolean
customer_update_op (BsnDb *db, gpointer data, GError **error)
{
  g_autoptr(BsnCustomer) c = bsn_customer_get (db, ((Network *) data)->customer, error);

  if (c == NULL)
    return FALSE;
  g_free (c->phone);
  c->phone = g_strdup ("+62 812-3456-7890");
  return bsn_customer_update (db, c, error);
}

static gboolean
customer_referrer_op (BsnDb *db, gpointer data, GError **error)
{
  return bsn_customer_set_referrer (db, ((Network *) data)->other_customer, "PLG-1", error);
}

static gboolean
quota_own_op (BsnDb *db, gpointer data, GError **error)
{
  Network *n = data;
  BsnQuotaOwn own;

  if (!bsn_quota_own_get (db, n->toko, n->day, &own, error))
    return FALSE;
  g_assert_cmpint (own.day_rp, ==, 150000);
  g_assert_cmpint (own.slot_rp[2], ==, 90000);
  return bsn_quota_clear (db, n->toko, n->day, 3, error);
}

static const struct
{
  const char *name;
  Operation   op;
} master_ops[] = {
  { "store-add", store_add_op },
  { "store-update", store_update_op },
  { "store-active", store_active_op },
  { "store-list", store_list_op },
  { "customer-add-referred", customer_add_op },
  { "customer-update", customer_update_op },
  { "customer-referrer", customer_referrer_op },
  { "quota-own", quota_own_op },
};

/* Each master-data change (and the store list, and a store-day's own
 * quotas) with each of its statements failing in turn: refused with a
 * BSN_ERROR, nothing changed. */
static void
test_master_each_statement (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(BsnTestDb) t = NULL;
  Network n;

  if (bsn_test_skip_on_pg (SQLITE_FAULTS))
    return;
  t = bsn_test_db_new ();
  n = small_network (t->db);
  each_statement_failing (t, master_ops[i].op, &n, TRUE, 20);
}

/* A reserve whose store the rule switched off (three warnings on three
 * days), with a policy by days of awards. */
typedef struct
{
  gint64  store;
  BsnTime at;
} Reserve;

static Reserve
switched_off_reserve (BsnDb *db)
{
  BsnReservePolicy customers = { (char *) "customers", 50, 10, 3 };
  BsnReservePolicy days = { (char *) "days", 0, 0, 5 };
  g_autoptr(GError) error = NULL;
  BsnReserveStatus st;
  Reserve r;

  r.store = bsn_test_add_store (db, "TOKO", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Basic", BSN_SCHEMES_BOTH);
  r.at = at ("2026-11-20T12:00:00");
  g_assert_true (bsn_reserve_set_policy (db, r.store, &customers, &error));
  g_assert_true (bsn_reserve_deposit (db, r.store, 1000, r.at - 5 * BSN_SECONDS_PER_DAY, NULL, &error));
  for (gint d = 3; d >= 1; d--)
    g_assert_true (bsn_reserve_check (db, r.store, r.at - d * BSN_SECONDS_PER_DAY, &error));
  g_assert_no_error (error);
  g_assert_true (bsn_reserve_status (db, r.store, r.at, &st, &error));
  g_assert_false (st.active);
  g_assert_cmpint (st.warnings, ==, 3);
  bsn_reserve_status_clear (&st);
  g_assert_true (bsn_reserve_set_policy (db, r.store, &days, &error));
  g_assert_no_error (error);
  return r;
}

static gboolean
reserve_deposit_op (BsnDb *db, gpointer data, GError **error)
{
  Reserve *r = data;
  BsnReserveStatus st;
  gboolean active;

  SqlFault paused;

  if (!bsn_reserve_deposit (db, r->store, 5000000, r->at, NULL, error))
    return FALSE;
  /* Above the threshold again: the store is back. */
  paused = sql_fault_pause ();
  g_assert_true (bsn_reserve_status (db, r->store, r->at, &st, NULL));
  active = st.active;
  g_assert_cmpint (st.balance_rp, ==, 5001000);
  bsn_reserve_status_clear (&st);
  sql_fault_resume (paused);
  g_assert_true (active);
  return TRUE;
}

static gboolean
reserve_status_op (BsnDb *db, gpointer data, GError **error)
{
  Reserve *r = data;
  BsnReserveStatus st;

  if (!bsn_reserve_status (db, r->store, r->at, &st, error))
    return FALSE;
  g_assert_cmpstr (st.method, ==, "days");
  g_assert_cmpint (st.balance_rp, ==, 1000);
  g_assert_cmpint (st.required_rp, ==, 0);
  bsn_reserve_status_clear (&st);
  return TRUE;
}

/* A top-up that brings back a store the rule switched off, and the status
 * of a reserve kept by days of awards, with each statement failing in
 * turn: refused, and nothing changed. */
static void
test_reserve_each_statement (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  Reserve r;

  if (bsn_test_skip_on_pg (SQLITE_FAULTS))
    return;
  t = bsn_test_db_new ();
  r = switched_off_reserve (t->db);
  each_statement_failing (t, reserve_status_op, &r, TRUE, 20);
  each_statement_failing (t, reserve_deposit_op, &r, TRUE, 20);
}


/* A policy of another method or with numbers out of bounds, and a deposit
 * of nothing or of more than a trillion rupiah, are refused before
 * anything is read, and change nothing. */
static void
test_reserve_refused_input (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = bsn_test_add_store (t->db, "TOKO", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Basic", BSN_SCHEMES_BOTH);
  BsnReservePolicy weekly = { (char *) "weeks", 1, 1, 1 };
  BsnReservePolicy huge = { (char *) "days", 0, 0, 367 };
  BsnReservePolicy negative = { (char *) "customers", -1, 10, 3 };
  gint64 amounts[] = { 0, -5, 1000000000001 };
  g_autoptr(GError) error = NULL;
  BsnReserveStatus st;

  g_assert_false (bsn_reserve_set_policy (t->db, store, &weekly, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Cara menghitung cadangan harus customers atau days");
  g_clear_error (&error);
  g_assert_false (bsn_reserve_set_policy (t->db, store, &huge, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Angka kebijakan cadangan di luar batas");
  g_clear_error (&error);
  g_assert_false (bsn_reserve_set_policy (t->db, store, &negative, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);
  for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
    {
      g_assert_false (bsn_reserve_deposit (t->db, store, amounts[i], at ("2026-11-20T10:00:00"), NULL, &error));
      g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
      g_clear_error (&error);
      g_assert_false (bsn_reserve_withdraw (t->db, store, amounts[i], at ("2026-11-20T10:00:00"), NULL, &error));
      g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_true (bsn_reserve_status (t->db, store, at ("2026-11-20T10:00:00"), &st, &error));
  g_assert_false (st.joined);
  g_assert_cmpint (st.balance_rp, ==, 0);
  g_assert_cmpstr (st.method, ==, "customers");
  bsn_reserve_status_clear (&st);
}

typedef struct
{
  gint64   store;
  BsnTime  at;
  gint64   amount;
  gboolean deposit;
} ReserveCall;

static gboolean
reserve_check_op (BsnDb *db, gpointer data, GError **error)
{
  ReserveCall *c = data;

  return bsn_reserve_check (db, c->store, c->at, error);
}

static gboolean
reserve_deposit_call_op (BsnDb *db, gpointer data, GError **error)
{
  ReserveCall *c = data;

  return bsn_reserve_deposit (db, c->store, c->amount, c->at, NULL, error);
}

static gboolean
reserve_status_call_op (BsnDb *db, gpointer data, GError **error)
{
  ReserveCall *c = data;
  BsnReserveStatus st;

  if (!bsn_reserve_status (db, c->store, c->at, &st, error))
    return FALSE;
  bsn_reserve_status_clear (&st);
  return TRUE;
}

static gint64
warnings_of (BsnDb  *db,
             gint64  store)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM reserve_events WHERE store_id = %" G_GINT64_FORMAT
                                          " AND kind = 'warning'", store);

  return bsn_db_query_int (db, sql, -1);
}

/* A read of the reserve rule that fails is never taken for its empty
 * answer (each of these was, before): "has the store joined?" for "no"
 * (the rule skipped), "warned today?" for "no" (a second warning the same
 * day, the switch-off a day early), the awards' sum for 0 (a requirement
 * of nothing), "switched off by the rule?" for "no" (the store left off
 * after its top-up). Each now fails and writes nothing. */
static void
test_reserve_failed_reads (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  BsnReservePolicy customers = { (char *) "customers", 50, 10, 3 };
  BsnReservePolicy days = { (char *) "days", 0, 0, 5 };
  g_autoptr(GError) error = NULL;
  BsnReserveStatus st;
  ReserveCall c;

  if (bsn_test_skip_on_pg (SQLITE_FAULTS))
    return;
  t = bsn_test_db_new ();
  c.store = bsn_test_add_store (t->db, "TOKO", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Basic", BSN_SCHEMES_BOTH);
  c.at = at ("2026-11-18T12:00:00");
  g_assert_true (bsn_reserve_set_policy (t->db, c.store, &customers, &error));
  g_assert_no_error (error);

  error = fail_once (t->db, reserve_check_op, &c, SQL_FAULT_STEP, "SELECT EXISTS (SELECT 1 FROM reserve_policies", 0);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_clear_error (&error);
  g_assert_cmpint (warnings_of (t->db, c.store), ==, 0);
  g_assert_true (reserve_check_op (t->db, &c, NULL));
  g_assert_cmpint (warnings_of (t->db, c.store), ==, 1);

  error = fail_once (t->db, reserve_check_op, &c, SQL_FAULT_STEP, "kind = 'warning' AND day = ?2", 0);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_clear_error (&error);
  g_assert_cmpint (warnings_of (t->db, c.store), ==, 1);
  g_assert_true (reserve_check_op (t->db, &c, NULL));
  g_assert_cmpint (warnings_of (t->db, c.store), ==, 1);
  for (gint d = 1; d <= 2; d++)
    {
      c.at = at ("2026-11-18T12:00:00") + d * BSN_SECONDS_PER_DAY;
      g_assert_true (reserve_check_op (t->db, &c, NULL));
    }
  g_assert_true (bsn_reserve_status (t->db, c.store, c.at, &st, NULL));
  g_assert_false (st.active);
  bsn_reserve_status_clear (&st);

  c.amount = 5000000;
  error = fail_once (t->db, reserve_deposit_call_op, &c, SQL_FAULT_STEP, "SELECT kind = 'deactivated' FROM", 0);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_clear_error (&error);
  g_assert_true (bsn_reserve_status (t->db, c.store, c.at, &st, NULL));
  g_assert_false (st.active);
  g_assert_cmpint (st.balance_rp, ==, 0);
  bsn_reserve_status_clear (&st);

  g_assert_true (bsn_reserve_set_policy (t->db, c.store, &days, &error));
  error = fail_once (t->db, reserve_status_call_op, &c, SQL_FAULT_STEP, "SELECT coalesce(sum(value_rp), 0) FROM receipts",
                     0);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "Membaca struk"));
}

static gboolean
reserve_policy_op (BsnDb *db, gpointer data, GError **error)
{
  BsnReservePolicy policy = { (char *) "customers", 80, 12, 0 };

  return bsn_reserve_set_policy (db, ((ReserveCall *) data)->store, &policy, error);
}

/* Setting a policy, the daily check that warns a store below its
 * requirement (its third warning switches it off), and the status of a
 * store that joined by a deposit alone, each statement failing in turn:
 * refused, nothing changed. */
static void
test_reserve_check_each_statement (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  BsnReservePolicy customers = { (char *) "customers", 50, 10, 3 };
  ReserveCall c = { 0 }, deposit_only = { 0 };
  gint64 posting = 0;

  if (bsn_test_skip_on_pg (SQLITE_FAULTS))
    return;
  t = bsn_test_db_new ();
  c.store = bsn_test_add_store (t->db, "TOKO", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Basic", BSN_SCHEMES_BOTH);
  deposit_only.store = bsn_test_add_store (t->db, "TOKO2", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Basic",
                                           BSN_SCHEMES_BOTH);
  c.at = deposit_only.at = at ("2026-11-20T12:00:00");
  g_assert_true (bsn_reserve_set_policy (t->db, c.store, &customers, NULL));
  g_assert_true (bsn_reserve_deposit (t->db, deposit_only.store, 2500, c.at, &posting, NULL));
  g_assert_cmpint (posting, >, 0);
  for (gint d = 2; d >= 1; d--)
    {
      ReserveCall earlier = { c.store, c.at - d * BSN_SECONDS_PER_DAY, 0, FALSE };

      g_assert_true (reserve_check_op (t->db, &earlier, NULL));
    }
  g_assert_cmpint (warnings_of (t->db, c.store), ==, 2);
  each_statement_failing (t, reserve_policy_op, &c, TRUE, 20);
  each_statement_failing (t, reserve_check_op, &c, TRUE, 20);
  each_statement_failing (t, reserve_status_call_op, &deposit_only, TRUE, 20);
}

/* A withdrawal above the reserve is refused and changes nothing; a store
 * that never joined is left alone by the daily check; a kasir may not set
 * a policy. */
static void
test_reserve_refused_moves (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = bsn_test_add_store (t->db, "TOKO", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Basic", BSN_SCHEMES_BOTH);
  gint64 never = bsn_test_add_store (t->db, "TOKO2", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Basic", BSN_SCHEMES_BOTH);
  BsnReservePolicy policy = { (char *) "customers", 50, 10, 3 };
  BsnTime now = at ("2026-11-20T12:00:00");
  g_autoptr(GError) error = NULL;
  BsnReserveStatus st;

  g_assert_true (bsn_reserve_deposit (t->db, store, 7500, now, NULL, &error));
  g_assert_false (bsn_reserve_withdraw (t->db, store, 7501, now, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "7.500"));
  g_clear_error (&error);
  g_assert_true (bsn_reserve_status (t->db, store, now, &st, &error));
  g_assert_cmpint (st.balance_rp, ==, 7500);
  bsn_reserve_status_clear (&st);

  g_assert_true (bsn_reserve_check (t->db, never, now, &error));
  g_assert_no_error (error);
  g_assert_cmpint (warnings_of (t->db, never), ==, 0);

  g_assert_true (bsn_auth_add_user (t->db, "pemilik", BSN_ROLE_PEMILIK, "rahasia-pemilik", &error));
  g_assert_true (bsn_auth_login (t->db, "pemilik", "rahasia-pemilik", &error));
  g_assert_true (bsn_auth_add_user (t->db, "kasir", BSN_ROLE_KASIR, "rahasia-kasir", &error));
  g_assert_true (bsn_auth_login (t->db, "kasir", "rahasia-kasir", &error));
  g_assert_no_error (error);
  g_assert_false (bsn_reserve_set_policy (t->db, store, &policy, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM reserve_policies", -1), ==, 0);
}

/* A customer's update with a phone of letters is refused before anything
 * is read; freeing no store or customer is harmless. */
static void
test_master_refused_input (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 id = bsn_test_add_customer (t->db, "PLG-1", "Siti Suryani");
  g_autoptr(BsnCustomer) c = bsn_customer_get (t->db, id, NULL);
  g_autoptr(BsnCustomer) again = NULL;
  g_autoptr(GError) error = NULL;

  g_free (c->phone);
  c->phone = g_strdup ("0812-ABC");
  g_assert_false (bsn_customer_update (t->db, c, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  again = bsn_customer_get (t->db, id, NULL);
  g_assert_cmpstr (again->phone, ==, "");
  bsn_store_free (NULL);
  bsn_customer_free (NULL);
}


/* ---- the error domain (bsn-error.c) ---- */

/* Every error's exit code: 3 for bad input, 4 for the system (disk,
 * permissions, the server), 1 for a refusal and anything else, 0 for no
 * error at all. */
static void
test_error_exit_codes (void)
{
  static const struct
  {
    const char *domain;
    gint        code;
    int         exit;
  } cases[] = {
    { "bsn", BSN_ERROR_INVALID, 3 }, { "bsn", BSN_ERROR_TAMPERED, 3 },
    { "bsn", BSN_ERROR_IO, 4 }, { "bsn", BSN_ERROR_OFFLINE, 4 },
    { "bsn", BSN_ERROR_BUSY, 4 }, { "bsn", BSN_ERROR_CORRUPT, 4 },
    { "bsn", BSN_ERROR_SCHEMA, 1 }, { "bsn", BSN_ERROR_REFUSED, 1 },
    { "bsn", BSN_ERROR_NOT_FOUND, 1 }, { "bsn", BSN_ERROR_EXISTS, 1 },
    { "file", G_FILE_ERROR_ACCES, 4 }, { "file", G_FILE_ERROR_PERM, 4 },
    { "file", G_FILE_ERROR_ROFS, 4 }, { "file", G_FILE_ERROR_NOSPC, 4 },
    { "file", G_FILE_ERROR_NOMEM, 4 }, { "file", G_FILE_ERROR_MFILE, 4 },
    { "file", G_FILE_ERROR_NFILE, 4 }, { "file", G_FILE_ERROR_IO, 4 },
    { "file", G_FILE_ERROR_TXTBSY, 4 }, { "file", G_FILE_ERROR_FAILED, 4 },
    { "file", G_FILE_ERROR_NOENT, 3 }, { "file", G_FILE_ERROR_ISDIR, 3 },
    { "channel", G_IO_CHANNEL_ERROR_INVAL, 3 },
    { "io", G_IO_ERROR_NO_SPACE, 4 }, { "io", G_IO_ERROR_PERMISSION_DENIED, 4 },
    { "io", G_IO_ERROR_READ_ONLY, 4 }, { "io", G_IO_ERROR_NOT_FOUND, 1 },
    { "io", G_IO_ERROR_CANCELLED, 1 }, { "keyfile", G_KEY_FILE_ERROR_PARSE, 1 },
  };

  g_assert_cmpint (bsn_error_exit_code (NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GQuark domain = g_str_equal (cases[i].domain, "bsn") ? BSN_ERROR
                      : g_str_equal (cases[i].domain, "file") ? G_FILE_ERROR
                      : g_str_equal (cases[i].domain, "channel") ? G_IO_CHANNEL_ERROR
                      : g_str_equal (cases[i].domain, "io") ? G_IO_ERROR : G_KEY_FILE_ERROR;
      g_autoptr(GError) error = g_error_new_literal (domain, cases[i].code, "x");

      if (bsn_error_exit_code (error) != cases[i].exit)
        g_error ("%s %d: exit %d, not %d", cases[i].domain, cases[i].code, bsn_error_exit_code (error),
                 cases[i].exit);
    }
}

/* SQLite's result codes as the library's: a full disk, a busy or locked
 * database, a file that is not a database, one that cannot be opened or
 * written, a duplicate key, and no connection at all, each with its code
 * and its words. */
static void
test_error_sqlite_codes (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-error-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "a.db", NULL);
  g_autofree char *junk = g_build_filename (dir, "bukan.db", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "tidak-ada", "x.db", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *a = NULL, *b = NULL, *c = NULL;
  sqlite3_stmt *stmt = NULL;

  bsn_error_set_sqlite (&error, NULL, "Uji");
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_cmpstr (error->message, ==, "Uji: kesalahan basis data (SQL logic error)");
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_open (path, &a), ==, SQLITE_OK);
  sqlite3_extended_result_codes (a, 1);
  g_assert_cmpint (sqlite3_exec (a, "CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT UNIQUE, w TEXT NOT NULL);"
                                    "INSERT INTO t VALUES (1, 'satu', 'x')", NULL, NULL, NULL), ==, SQLITE_OK);
  /* Duplicates: the key and a unique column. */
  g_assert_cmpint (sqlite3_exec (a, "INSERT INTO t VALUES (1, 'dua', 'x')", NULL, NULL, NULL), !=, SQLITE_OK);
  bsn_error_set_sqlite (&error, a, "Menyimpan");
  g_assert_error (error, BSN_ERROR, BSN_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (sqlite3_exec (a, "INSERT INTO t VALUES (2, 'satu', 'x')", NULL, NULL, NULL), !=, SQLITE_OK);
  bsn_error_set_sqlite (&error, a, "Menyimpan");
  g_assert_error (error, BSN_ERROR, BSN_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (sqlite3_exec (a, "INSERT INTO t VALUES (3, 'tiga', NULL)", NULL, NULL, NULL), !=, SQLITE_OK);
  bsn_error_set_sqlite (&error, a, "Menyimpan");
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "Menyimpan: kesalahan basis data ("));
  g_clear_error (&error);

  /* Locked: a table dropped under its own reader. */
  g_assert_cmpint (sqlite3_prepare_v2 (a, "SELECT k FROM t", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_exec (a, "DROP TABLE t", NULL, NULL, NULL) & 0xff, ==, SQLITE_LOCKED);
  bsn_error_set_sqlite (&error, a, "Menghapus");
  g_assert_error (error, BSN_ERROR, BSN_ERROR_BUSY);
  g_assert_true (g_str_has_prefix (error->message, "Menghapus: basis data sedang dipakai proses lain"));
  g_clear_error (&error);
  sqlite3_finalize (stmt);

  /* Busy: another connection holds the write lock. */
  g_assert_cmpint (sqlite3_exec (a, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_open (path, &b), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (b, "INSERT INTO t VALUES (4, 'empat', 'x')", NULL, NULL, NULL) & 0xff, ==,
                   SQLITE_BUSY);
  bsn_error_set_sqlite (&error, b, "Menyimpan");
  g_assert_error (error, BSN_ERROR, BSN_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_cmpint (sqlite3_exec (a, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (b);

  /* Full: the file may not grow past its pages. */
  g_assert_cmpint (sqlite3_exec (a, "PRAGMA max_page_count = 3", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (a, "INSERT INTO t VALUES (5, 'lima', hex (randomblob (20000)))", NULL, NULL, NULL)
                   & 0xff, ==, SQLITE_FULL);
  bsn_error_set_sqlite (&error, a, "Menyimpan");
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "Menyimpan: disk penuh, perubahan dibatalkan"));
  g_clear_error (&error);
  sqlite3_close (a);

  /* Read-only: a write on a connection opened to read. */
  g_assert_cmpint (sqlite3_open_v2 (path, &b, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (b, "DELETE FROM t", NULL, NULL, NULL) & 0xff, ==, SQLITE_READONLY);
  bsn_error_set_sqlite (&error, b, "Menghapus");
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "Menghapus: berkas tidak dapat dibuka atau ditulis"));
  g_clear_error (&error);
  sqlite3_close (b);

  /* Cannot open: a folder that is not there. */
  g_assert_cmpint (sqlite3_open_v2 (nowhere, &c, SQLITE_OPEN_READWRITE, NULL) & 0xff, ==, SQLITE_CANTOPEN);
  bsn_error_set_sqlite (&error, c, "Membuka");
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "Membuka: berkas tidak dapat dibuka atau ditulis"));
  g_clear_error (&error);
  sqlite3_close (c);

  /* Not a database: a text file. */
  g_assert_true (g_file_set_contents (junk, "Ini bukan basis data, hanya catatan belanja yang cukup panjang.\n"
                                            "Ini bukan basis data, hanya catatan belanja yang cukup panjang.\n",
                                      -1, NULL));
  g_assert_cmpint (sqlite3_open (junk, &c), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (c, "SELECT * FROM sqlite_schema", NULL, NULL, NULL) & 0xff, ==, SQLITE_NOTADB);
  bsn_error_set_sqlite (&error, c, "Membuka");
  g_assert_error (error, BSN_ERROR, BSN_ERROR_CORRUPT);
  g_assert_cmpstr (error->message, ==, "Membuka: berkas ini bukan basis data SQLite");
  sqlite3_close (c);
  remove_dir (dir);
}

/* ---- the numeric locale (bsn-locale.c) ---- */

static char *
half (void)
{
  return g_strdup_printf ("%.1f", 0.5);
}

/* Inside the scope numbers are written with a point under a decimal-comma
 * locale, and the comma is back after it. When the C numeric locale
 * cannot be made (no memory for the thread's copy, or for the new one)
 * the scope changes nothing and leaving it is harmless, as leaving no
 * scope is. */
static void
test_locale_c_numeric (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  gint *fail[] = { &fail_duplocale, &fail_newlocale };

  if (setlocale (LC_NUMERIC, "id_ID.UTF-8") == NULL)
    {
      g_test_skip ("id_ID.UTF-8 is not available (LOCPATH should name tests/locale in the build tree)");
      return;
    }
  {
    g_autofree char *before = half ();
    g_autofree char *inside = NULL;
    g_autofree char *after = NULL;
    BsnCNumeric *scope = bsn_c_numeric_enter ();

    inside = half ();
    bsn_c_numeric_leave (scope);
    after = half ();
    g_assert_cmpstr (before, ==, "0,5");
    g_assert_cmpstr (inside, ==, "0.5");
    g_assert_cmpstr (after, ==, "0,5");
  }
  for (guint i = 0; i < G_N_ELEMENTS (fail); i++)
    {
      g_autofree char *inside = NULL;
      BsnCNumeric *scope;

      g_atomic_int_set (fail[i], 1);
      scope = bsn_c_numeric_enter ();
      g_atomic_int_set (fail[i], 0);
      inside = half ();
      bsn_c_numeric_leave (scope);
      g_assert_cmpstr (inside, ==, "0,5");
    }
  bsn_c_numeric_leave (NULL);
  setlocale (LC_NUMERIC, saved);
}

/* The catalogues are the build tree's when the program runs from it, and
 * the installed ones otherwise: when the build tree cannot be resolved,
 * lies elsewhere, or is a prefix of the program's path but not a folder
 * of it. */
static void
test_locale_dir (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *uninstalled = bsn_locale_dir ();
  g_autofree char *unresolved = NULL;
  g_autofree char *elsewhere = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *longer = NULL;

  g_assert_cmpstr (uninstalled, ==, BUILD_LOCALEDIR);
  fake_realpath = "";
  unresolved = bsn_locale_dir ();
  fake_realpath = "/bsn-tidak-ada";
  elsewhere = bsn_locale_dir ();
  /* A root that is the start of the program's path, but not a folder of it. */
  prefix = g_strndup (exe, strlen (exe) - 3);
  fake_realpath = prefix;
  longer = bsn_locale_dir ();
  fake_realpath = NULL;
  g_assert_cmpstr (unresolved, ==, LOCALEDIR);
  g_assert_cmpstr (elsewhere, ==, LOCALEDIR);
  g_assert_cmpstr (longer, ==, LOCALEDIR);
}

/* ---- private files (bsn-private-file.c) ---- */

/* Files beside the target that look almost like a writer's temporary (or
 * are one behind a symbolic link) are never removed as stale; a write
 * interrupted by a signal goes on. */
static void
test_private_file_not_stale (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-private-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "laporan.csv", NULL);
  g_autofree char *link = g_strconcat (path, ".0123abcd.tmp", NULL);
  const char *names[] = {
    "laporan.csv.0123abcz.tmp", "laporan.csv.0123abc.tmp", "laporan.csvX0123abcd.tmp", "laporan.csv.0123abcd.tmq",
    "lapor.csv.0123abcd.tmp",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  BsnPrivateFile *file;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *p = g_build_filename (dir, names[i], NULL);

      g_assert_true (g_file_set_contents (p, "x", 1, NULL));
    }
  g_assert_cmpint (symlink ("/dev/null", link), ==, 0);
  file = bsn_private_file_new (path, &error);
  g_assert_no_error (error);
  g_atomic_int_set (&interrupt_write, 1);
  g_assert_true (bsn_private_file_write (file, "isi", 3, &error));
  g_assert_cmpint (g_atomic_int_get (&interrupt_write), ==, 0);
  g_assert_true (bsn_private_file_commit (file, &error));
  g_assert_no_error (error);
  bsn_private_file_free (file);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "isi");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *p = g_build_filename (dir, names[i], NULL);

      g_assert_true (g_file_test (p, G_FILE_TEST_EXISTS));
    }
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  remove_dir (dir);
}

/* Each way a private file fails, named with its target, and leaving no
 * temporary behind and the target as it was: its mode cannot be set or
 * its lock taken, a
 * write passes the file-size limit, the data cannot be synced, every
 * temporary name is taken by a live writer. */
static void
test_private_file_failures (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-private-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cadangan.db", NULL);
  g_autofree char *taken = g_strconcat (path, ".0123abcd.tmp", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  BsnPrivateFile *file;
  struct rlimit limit, small;
  void (*old_handler) (int);
  char block[8192];
  int fd;

  g_assert_true (g_file_set_contents (path, "lama", 4, NULL));

  g_atomic_int_set (&fail_fchmod, 1);
  g_assert_null (bsn_private_file_new (path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_PERM);
  g_assert_nonnull (strstr (error->message, "cadangan.db"));
  g_clear_error (&error);
  /* Its lock cannot be taken. */
  g_atomic_int_set (&fail_flock, 1);
  g_assert_null (bsn_private_file_new (path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_AGAIN);
  g_clear_error (&error);
  g_assert_cmpuint (count_entries (dir), ==, 1);

  /* The file-size limit: write () fails with EFBIG (its signal ignored). */
  file = bsn_private_file_new (path, &error);
  g_assert_no_error (error);
  memset (block, 'x', sizeof block);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  small = limit;
  small.rlim_cur = 4096;
  old_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &small), ==, 0);
  g_assert_false (bsn_private_file_write (file, block, sizeof block, &error));
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  signal (SIGXFSZ, old_handler);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "Berkas “"));
  g_assert_nonnull (strstr (error->message, "tidak dapat ditulis"));
  g_clear_error (&error);
  bsn_private_file_free (file);

  file = bsn_private_file_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (bsn_private_file_write (file, "baru", 4, &error));
  g_atomic_int_set (&fail_fsync, 1);
  g_assert_false (bsn_private_file_commit (file, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "tidak dapat ditulis"));
  g_clear_error (&error);
  bsn_private_file_free (file);

  /* A live writer holds the one name the random tags give. */
  fd = open (taken, O_CREAT | O_RDWR, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);
  fixed_uuid = "0123abcd-0000-4000-8000-000000000000";
  g_assert_null (bsn_private_file_new (path, &error));
  fixed_uuid = NULL;
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST);
  g_assert_nonnull (strstr (error->message, "tidak dapat dibuat"));
  g_assert_true (g_file_test (taken, G_FILE_TEST_EXISTS));
  close (fd);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "lama");
  remove_dir (dir);
}

/* ---- what `tiers simulate` reads (bsn-simulate-input.c) ---- */

/* --level S=LEVEL: malformed forms, an unknown store, a level of neither
 * band, and a level of the other band (which moves the store to it, both
 * ways). */
static void
test_simulate_level (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 low = bsn_test_add_store (t->db, "T01", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Basic", BSN_SCHEMES_BOTH);
  gint64 high = bsn_test_add_store (t->db, "T02", BSN_ROLE_TOKO, NULL, BSN_BAND_HIGH, "Premium", BSN_SCHEMES_BOTH);
  const char *malformed[] = { NULL, "T01", "=Plus", "T01=" };
  g_autoptr(GError) error = NULL;
  BsnSimLevel level;

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_assert_false (bsn_sim_level_parse (t->db, malformed[i], &level, &error));
      g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, "--level ditulis TOKO=LEVEL, misalnya T01=Premium");
      g_clear_error (&error);
    }
  g_assert_false (bsn_sim_level_parse (t->db, "T99=Plus", &level, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (bsn_sim_level_parse (t->db, "T01=Emas", &level, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (bsn_sim_level_parse (t->db, "T01=Plus", &level, &error));
  g_assert_cmpint (level.store_id, ==, low);
  g_assert_cmpint (level.band, ==, BSN_BAND_LOW);
  g_assert_cmpint (level.tier, ==, 3);
  g_assert_true (bsn_sim_level_parse (t->db, "T01=Elite", &level, &error));
  g_assert_cmpint (level.band, ==, BSN_BAND_HIGH);
  g_assert_cmpint (level.tier, ==, 2);
  g_assert_true (bsn_sim_level_parse (t->db, "T02=Standard", &level, &error));
  g_assert_no_error (error);
  g_assert_cmpint (level.store_id, ==, high);
  g_assert_cmpint (level.band, ==, BSN_BAND_LOW);
  g_assert_cmpint (level.tier, ==, 2);
}

/* A bonus file: its header, comments and blank lines, both separators,
 * the optional cells; every bad line refused with its number and what is
 * wrong in it. */
static void
test_simulate_bonus_csv (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = bsn_test_add_store (t->db, "T01", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Basic", BSN_SCHEMES_BOTH);
  const char *good = "# simulasi bonus\n"
                     "\n"
                     " Kind ; Rate ; Funding ; Store ; Min_Amount ; Every \n"
                     "surprise_points;10;45/35/20;T01;Rp100.000;25\n"
                     "surprise_goods,20,50/40/10,,,\n";
  static const struct
  {
    const char *csv;
    const char *message;
  } bad[] = {
    { "", "Berkas bonus kosong" },
    { "# hanya komentar\n\n", "Berkas bonus kosong" },
    { "jenis,besar\n", "Baris 1: kepala berkas bonus harus kind,rate,funding,store,min_amount,every" },
    { "kind,rate,funding,store,min_amount,every\nsurprise_points,10,45/35/20\n", "Baris 2: harus ada 6 kolom" },
    { "kind,rate,funding,store,min_amount,every\nsurprise_points,sepuluh,45/35/20,,,1\n", "Baris 2: " },
    { "kind,rate,funding,store,min_amount,every\nhadiah,10,45/35/20,,,1\n", "Baris 2: Jenis bonus “hadiah”" },
    { "kind,rate,funding,store,min_amount,every\nsurprise_points,10,45/55,,,1\n",
      "Baris 2: Pendanaan ditulis PRODUSEN/RITEL/BSN dalam persen, misalnya 45/35/20" },
    { "kind,rate,funding,store,min_amount,every\nsurprise_points,10,45/x/20,,,1\n", "Baris 2: " },
    { "kind,rate,funding,store,min_amount,every\n\n# c\nsurprise_points,10,45/35/30,,,1\n",
      "Baris 4: Pembagian dana produsen, ritel dan BSN harus berjumlah 100 %" },
    { "kind,rate,funding,store,min_amount,every\nsurprise_points,10,45/35/20,T99,,1\n", "Baris 2: " },
    { "kind,rate,funding,store,min_amount,every\nsurprise_points,10,45/35/20,,-5,1\n", "Baris 2: " },
    { "kind,rate,funding,store,min_amount,every\nsurprise_points,10,45/35/20,,,0\n",
      "Baris 2: Kolom every harus bilangan bulat 1 atau lebih" },
    { "kind,rate,funding,store,min_amount,every\nsurprise_points,10,45/35/20,,,tiap\n",
      "Baris 2: Kolom every harus bilangan bulat 1 atau lebih" },
  };
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GError) error = NULL;
  BsnBonusRule *r;

  rules = bsn_sim_parse_bonus_csv (t->db, good, strlen (good), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rules->len, ==, 2);
  r = g_ptr_array_index (rules, 0);
  g_assert_cmpstr (r->code, ==, "simulasi-1");
  g_assert_cmpstr (r->kind, ==, "surprise_points");
  g_assert_cmpint (r->rate_bp, ==, 1000);
  g_assert_cmpint (r->produsen_bp, ==, 4500);
  g_assert_cmpint (r->ritel_bp, ==, 3500);
  g_assert_cmpint (r->bsn_bp, ==, 2000);
  g_assert_cmpint (r->store_id, ==, store);
  g_assert_cmpint (r->min_amount_rp, ==, 100000);
  g_assert_cmpint (r->every_nth, ==, 25);
  r = g_ptr_array_index (rules, 1);
  g_assert_cmpstr (r->code, ==, "simulasi-2");
  g_assert_cmpint (r->rate_bp, ==, 2000);
  g_assert_cmpint (r->store_id, ==, 0);
  g_assert_cmpint (r->min_amount_rp, ==, 0);
  g_assert_cmpint (r->every_nth, ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_null (bsn_sim_parse_bonus_csv (t->db, bad[i].csv, strlen (bad[i].csv), &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == BSN_ERROR);
      if (!g_str_has_prefix (error->message, bad[i].message))
        g_error ("case %u: “%s”", i, error->message);
      g_clear_error (&error);
    }
}

/* The demo network as the first run shows it: eight stores, the
 * customers asked for, vouchers only for customers with points enough
 * (a customer below Rp25.000 is passed over), and a ledger that verifies. */
static void
test_demo_network (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnVerifyReport) report = NULL;
  BsnDemoOptions options = { 9, 80, 1, 0 };
  gint64 poor;

  options.today = at ("2026-11-20T12:00:00");
  g_assert_true (bsn_demo_fill (t->db, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bsn_store_count (t->db), ==, 8);
  g_assert_cmpint (bsn_customer_count (t->db), ==, 80);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM vouchers", -1), <=, 16);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM vouchers", -1), >, 0);
  poor = bsn_db_query_int (t->db, "SELECT count(*) FROM accounts WHERE kind = 'customer' AND balance_rp < 25000 "
                                  "AND customer_id <= (SELECT max(customer_id) FROM vouchers)", -1);
  g_assert_cmpint (poor, >, 0);
  report = bsn_ledger_verify (t->db, &error);
  g_assert_no_error (error);
  g_assert_true (report->ok);
}


/* ---- small refusals ---- */

/* Master data's parsers and checks on their odd inputs: no text at all,
 * a code with "_", a name missing after a good code, a "+" inside a phone
 * number, a copy of a customer without a phone, a slot outside I..X. */
static void
test_master_odd_inputs (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnCustomer) c = bsn_customer_new ();
  g_autoptr(BsnCustomer) copy = NULL;
  g_autoptr(GError) error = NULL;
  gint64 store = bsn_test_add_store (t->db, "T_01", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Basic", BSN_SCHEMES_BOTH);
  BsnBand band;
  BsnSchemes schemes;

  g_assert_cmpint (store, >, 0);
  g_assert_false (bsn_band_parse (NULL, &band, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Rentang keuntungan “” tidak dikenal"));
  g_clear_error (&error);
  g_assert_false (bsn_schemes_parse (NULL, &schemes, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Skema “” tidak dikenal"));
  g_clear_error (&error);
  g_assert_null (bsn_store_find (t->db, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_clear_error (&error);

  c->code = g_strdup ("PLG_1");
  c->name = g_strdup ("");
  g_assert_false (bsn_customer_validate (c, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);
  g_free (c->name);
  c->name = g_strdup ("Dewi Lestari");
  g_free (c->phone);
  c->phone = g_strdup ("0812+345678");
  g_assert_false (bsn_customer_validate (c, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“0812+345678”"));
  g_clear_error (&error);
  g_clear_pointer (&c->phone, g_free);
  g_assert_true (bsn_customer_validate (c, &error));
  copy = bsn_customer_copy (c);
  g_assert_cmpstr (copy->phone, ==, "");
  g_assert_cmpstr (copy->code, ==, "PLG_1");

  g_assert_false (bsn_quota_clear (t->db, store, 20000, -1, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bsn_quota_clear (t->db, store, 20000, 11, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Slot harus I sampai X");
}

/* A damaged page of an SQLite file is corruption (exit 4), not bad
 * input. */
static void
test_error_sqlite_corrupt (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-error-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "rusak.db", NULL);
  g_autoptr(GError) error = NULL;
  char garbage[512];
  sqlite3 *db = NULL;
  int fd, rc;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA page_size = 1024; CREATE TABLE t (v TEXT);"
                                     "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) "
                                     "INSERT INTO t SELECT hex (randomblob (40)) FROM n", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);
  /* The table's root page (the second) overwritten. */
  memset (garbage, 0x5a, sizeof garbage);
  fd = open (path, O_WRONLY);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, garbage, sizeof garbage, 1024), ==, sizeof garbage);
  close (fd);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  rc = sqlite3_exec (db, "SELECT count (*), max (v) FROM t", NULL, NULL, NULL);
  g_assert_cmpint (rc & 0xff, ==, SQLITE_CORRUPT);
  bsn_error_set_sqlite (&error, db, "Membaca");
  g_assert_error (error, BSN_ERROR, BSN_ERROR_CORRUPT);
  g_assert_cmpint (bsn_error_exit_code (error), ==, 4);
  sqlite3_close (db);
  remove_dir (dir);
}


/* Without options, and with options left at zero, the demo is the
 * default one: 120 customers and 28 days of history up to today. */
static void
test_demo_defaults (void)
{
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(BsnTestDb) t = bsn_test_db_new ();
      g_autoptr(GError) error = NULL;
      BsnDemoOptions zero = { 2026, 0, 0, 0 };
      BsnTime first = 0;

      bsn_test_wait_past_midnight (120);
      g_assert_true (bsn_demo_fill (t->db, i == 0 ? NULL : &zero, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (bsn_customer_count (t->db), ==, 120);
      first = bsn_db_query_int (t->db, "SELECT min(at) FROM receipts", -1);
      g_assert_cmpint (bsn_time_day (first), ==, bsn_time_day (bsn_time_now ()) - 28);
    }
}

/* A level's name asked for a rank that is no level is a programming
 * error: a critical, and "?". */
static void
test_master_level_names (void)
{
  g_assert_cmpstr (bsn_level_name_stopwatch (BSN_BAND_HIGH, 3), ==, "Pro");
  g_assert_cmpstr (bsn_level_name_lelang (2), ==, "Gold");
  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*tier >= 1 && tier <= 3*");
  g_assert_cmpstr (bsn_level_name_stopwatch (BSN_BAND_LOW, 4), ==, "?");
  g_test_assert_expected_messages ();
  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*tier >= 1 && tier <= 3*");
  g_assert_cmpstr (bsn_level_name_stopwatch (BSN_BAND_HIGH, 0), ==, "?");
  g_test_assert_expected_messages ();
  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*tier >= 1 && tier <= 3*");
  g_assert_cmpstr (bsn_level_name_lelang (0), ==, "?");
  g_test_assert_expected_messages ();
  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*tier >= 1 && tier <= 3*");
  g_assert_cmpstr (bsn_level_name_lelang (4), ==, "?");
  g_test_assert_expected_messages ();
}


/* A quota row of a slot outside 0..X (a file whose CHECK was bypassed) is
 * ignored: never written past the ten slots. */
static void
test_quota_own_tampered_slot (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autofree char *sql = NULL;
  BsnQuotaOwn own;
  Network n;

  if (bsn_test_skip_on_pg ("SQLite only: bypasses a CHECK constraint (PRAGMA ignore_check_constraints)"))
    return;
  t = bsn_test_db_new ();
  n = small_network (t->db);
  sql = g_strdup_printf ("PRAGMA ignore_check_constraints = ON;"
                         "INSERT INTO quotas (store_id, day, slot, min_purchase_rp) VALUES (%" G_GINT64_FORMAT
                         ", %" G_GINT64_FORMAT ", 11, 5000), (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", -1, 6000);"
                         "PRAGMA ignore_check_constraints = OFF;", n.toko, n.day, n.toko, n.day);
  g_assert_cmpint (bsn_test_raw_exec (t->db, sql), ==, SQLITE_OK);
  g_assert_true (bsn_quota_own_get (t->db, n.toko, n.day, &own, NULL));
  g_assert_cmpint (own.day_rp, ==, 150000);
  g_assert_cmpint (own.slot_rp[2], ==, 90000);
  for (guint i = 0; i < 10; i++)
    if (i != 2)
      g_assert_cmpint (own.slot_rp[i], ==, -1);
}

int
main (int argc, char **argv)
{
  g_log_set_writer_func (log_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/migrate/refused/locations", test_migrate_refused_locations);
  g_test_add_func ("/migrate/refused/source", test_migrate_refused_source);
  g_test_add_func ("/migrate/compare/source-changed", test_migrate_compare_source_changed);
  g_test_add_func ("/migrate/compare/target-unverified", test_migrate_compare_target_unverified);
  g_test_add_func ("/migrate/copy/source-faults", test_migrate_source_faults);
  g_test_add_func ("/migrate/copy/source-damaged", test_migrate_source_damaged);
  g_test_add_func ("/migrate/copy/server-faults", test_migrate_server_faults);
  g_test_add_func ("/migrate/copy/users-and-again", test_migrate_users_and_again);
  g_test_add_func ("/demo/fill/each-statement-failing", test_demo_each_statement);
  g_test_add_func ("/demo/fill/cancelled", test_demo_cancelled);
  g_test_add_func ("/demo/fill/refused", test_demo_refused);
  for (guint i = 0; i < G_N_ELEMENTS (master_ops); i++)
    {
      g_autofree char *path = g_strdup_printf ("/master/%s/each-statement-failing", master_ops[i].name);

      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_master_each_statement);
    }
  g_test_add_func ("/reserve/each-statement-failing", test_reserve_each_statement);
  g_test_add_func ("/reserve/refused-input", test_reserve_refused_input);
  g_test_add_func ("/reserve/failed-reads", test_reserve_failed_reads);
  g_test_add_func ("/reserve/check/each-statement-failing", test_reserve_check_each_statement);
  g_test_add_func ("/reserve/refused-moves", test_reserve_refused_moves);
  g_test_add_func ("/master/refused-input", test_master_refused_input);
  g_test_add_func ("/demo/fill/network", test_demo_network);
  g_test_add_func ("/error/exit-codes", test_error_exit_codes);
  g_test_add_func ("/error/sqlite-codes", test_error_sqlite_codes);
  g_test_add_func ("/error/sqlite-corrupt", test_error_sqlite_corrupt);
  g_test_add_func ("/master/odd-inputs", test_master_odd_inputs);
  g_test_add_func ("/master/level-names", test_master_level_names);
  g_test_add_func ("/quota-own/tampered-slot", test_quota_own_tampered_slot);
  g_test_add_func ("/demo/fill/defaults", test_demo_defaults);
  g_test_add_func ("/locale/c-numeric", test_locale_c_numeric);
  g_test_add_func ("/locale/dir", test_locale_dir);
  g_test_add_func ("/private-file/not-stale", test_private_file_not_stale);
  g_test_add_func ("/private-file/failures", test_private_file_failures);
  g_test_add_func ("/simulate/input/level", test_simulate_level);
  g_test_add_func ("/simulate/input/bonus-csv", test_simulate_bonus_csv);
  return g_test_run ();
}
