/* bsn-sql-faults.h — SQLite's, SQLite's backup API's and libsodium's
 * functions failing on the k-th call, for the fault test programs
 * (test-sql-faults.c, test-domain-faults.c).
 *
 * Included by exactly one file of a test program: it defines the public
 * functions (sqlite3_prepare_v2/v3, sqlite3_step, sqlite3_open_v2,
 * sqlite3_backup_init/step, sodium_init, crypto_pwhash_str) that the
 * library's calls bind to in front of the real ones (dlsym (RTLD_NEXT)).
 * A failed prepare is a real one (SQLite refuses an unknown function, so
 * the connection's error is set as for any other); a failed step is a
 * real interrupt (sqlite3_interrupt just before it, another statement
 * kept running so that it bites). fail_each () runs an
 * operation with the k-th call failing, k = 0, 1 … until it runs
 * through. */
#pragma once

#include <dlfcn.h>
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>

#include "bsn-db.h"
#include "bsn-error.h"
#include "bsn-test-util.h"

typedef enum
{
  FAULT_NONE,
  FAULT_PREPARE,
  FAULT_STEP,
  FAULT_BACKUP_INIT,
  FAULT_BACKUP_STEP,
  FAULT_BACKUP_BUSY,
  FAULT_SODIUM_INIT,
  FAULT_PWHASH,
  FAULT_OPEN,
} FaultKind;

static gint armed = FAULT_NONE;
static gint target;
static gint seen;
static gint fired;

static inline void
arm (FaultKind kind,
     gint      k)
{
  g_atomic_int_set (&target, k);
  g_atomic_int_set (&seen, 0);
  g_atomic_int_set (&fired, 0);
  g_atomic_int_set (&armed, kind);
}

/* FALSE when the armed fault did not fire (the operation ran through). */
static inline gboolean
disarm (void)
{
  g_atomic_int_set (&armed, FAULT_NONE);
  return g_atomic_int_get (&fired) > 0;
}

/* The test's own checks inside an operation run with no fault. */
static inline gint
pause_faults (void)
{
  gint kind = g_atomic_int_get (&armed);

  g_atomic_int_set (&armed, FAULT_NONE);
  return kind;
}

static inline void
resume_faults (gint kind)
{
  g_atomic_int_set (&armed, kind);
}

static inline gboolean
hit (FaultKind kind)
{
  if (g_atomic_int_get (&armed) != (gint) kind)
    return FALSE;
  if (g_atomic_int_add (&seen, 1) != g_atomic_int_get (&target))
    return FALSE;
  g_atomic_int_inc (&fired);
  return TRUE;
}

/* The real function @name, looked up once. */
#define REAL(type, name) \
  static type real_##name; \
  if (real_##name == NULL) \
    real_##name = (type) dlsym (RTLD_NEXT, #name); \
  g_assert_nonnull (real_##name)

typedef int (*PrepareV3) (sqlite3 *, const char *, int, unsigned int, sqlite3_stmt **, const char **);
typedef int (*PrepareV2) (sqlite3 *, const char *, int, sqlite3_stmt **, const char **);
typedef int (*Step) (sqlite3_stmt *);
typedef sqlite3_backup *(*BackupInit) (sqlite3 *, const char *, sqlite3 *, const char *);
typedef int (*BackupStep) (sqlite3_backup *, int);
typedef int (*OpenV2) (const char *, sqlite3 **, int, const char *);
typedef int (*SodiumInit) (void);
typedef int (*PwhashStr) (char *, const char *, unsigned long long, unsigned long long, size_t);

/* A prepare that SQLite itself refuses. */
#define REFUSED_SQL "SELECT bsn_test_fault ()"

/* The library's public prototypes come from sqlite3.h and sodium.h. */
int
sqlite3_prepare_v3 (sqlite3       *db,
                    const char    *sql,
                    int            n,
                    unsigned int   flags,
                    sqlite3_stmt **out,
                    const char   **tail)
{
  REAL (PrepareV3, sqlite3_prepare_v3);
  if (hit (FAULT_PREPARE))
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
  if (hit (FAULT_PREPARE))
    return real_sqlite3_prepare_v2 (db, REFUSED_SQL, -1, out, tail);
  return real_sqlite3_prepare_v2 (db, sql, n, out, tail);
}

/* SQLite forgets an interrupt when no other statement of the connection
 * is running, so a statement that runs alone would go through: one is kept
 * running around the failed step. */
int
sqlite3_step (sqlite3_stmt *stmt)
{
  REAL (Step, sqlite3_step);
  if (hit (FAULT_STEP))
    {
      REAL (PrepareV2, sqlite3_prepare_v2);
      sqlite3 *db = sqlite3_db_handle (stmt);
      sqlite3_stmt *running = NULL;
      int rc;

      g_assert_cmpint (real_sqlite3_prepare_v2 (db, "SELECT 1 UNION ALL SELECT 2", -1, &running, NULL), ==,
                       SQLITE_OK);
      g_assert_cmpint (real_sqlite3_step (running), ==, SQLITE_ROW);
      sqlite3_interrupt (db);
      rc = real_sqlite3_step (stmt);
      sqlite3_finalize (running);
      return rc;
    }
  return real_sqlite3_step (stmt);
}

/* A file that cannot be opened: SQLite's own refusal of a path in a
 * folder that does not exist. */
int
sqlite3_open_v2 (const char *path,
                 sqlite3   **out,
                 int         flags,
                 const char *vfs)
{
  REAL (OpenV2, sqlite3_open_v2);
  if (hit (FAULT_OPEN))
    return real_sqlite3_open_v2 ("/bsn-test-fault/tidak-ada/x.db", out, flags & ~SQLITE_OPEN_CREATE, vfs);
  return real_sqlite3_open_v2 (path, out, flags, vfs);
}

sqlite3_backup *
sqlite3_backup_init (sqlite3    *to,
                     const char *to_name,
                     sqlite3    *from,
                     const char *from_name)
{
  REAL (BackupInit, sqlite3_backup_init);
  /* The destination "temp" does not exist: SQLite's own refusal. */
  if (hit (FAULT_BACKUP_INIT))
    return real_sqlite3_backup_init (to, "bsn_no_such_schema", from, from_name);
  return real_sqlite3_backup_init (to, to_name, from, from_name);
}

int
sqlite3_backup_step (sqlite3_backup *b,
                     int             pages)
{
  REAL (BackupStep, sqlite3_backup_step);
  if (hit (FAULT_BACKUP_STEP))
    return SQLITE_IOERR;
  /* Another writer holds the source a moment: waited for, not failed. */
  if (hit (FAULT_BACKUP_BUSY))
    return SQLITE_BUSY;
  return real_sqlite3_backup_step (b, pages);
}

int
sodium_init (void)
{
  REAL (SodiumInit, sodium_init);
  if (hit (FAULT_SODIUM_INIT))
    return -1;
  return real_sodium_init ();
}

int
crypto_pwhash_str (char               out[crypto_pwhash_STRBYTES],
                   const char *const  passwd,
                   unsigned long long passwdlen,
                   unsigned long long opslimit,
                   size_t             memlimit)
{
  REAL (PwhashStr, crypto_pwhash_str);
  if (hit (FAULT_PWHASH))
    return -1;
  return real_crypto_pwhash_str (out, passwd, passwdlen, opslimit, memlimit);
}

/* bsn_db_prepare() warns of a failed prepare (usually a mistake in the
 * SQL): once a fault has fired, expected, not fatal. */
static inline GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         data)
{
  if ((level & G_LOG_LEVEL_WARNING) && g_atomic_int_get (&fired) > 0)
    for (gsize i = 0; i < n_fields; i++)
      if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0
          && g_str_has_prefix (fields[i].value, "prepare failed: "))
        return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, data);
}

/* Opens read-only (a file of an older schema stays as it is). */
static gboolean readonly;

/* A connection of its own, with nothing prepared yet. */
static inline BsnDb *
reopen (BsnTestDb *t)
{
  g_autoptr(GError) error = NULL;
  BsnDb *db = bsn_db_open (t->path, readonly ? BSN_DB_OPEN_READONLY : BSN_DB_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  return db;
}

typedef gboolean (*Operation) (BsnDb *db, gpointer data, GError **error);

typedef enum
{
  CHANGES,      /* may change the file, failed or not */
  READ_ONLY,    /* never changes the file */
  ATOMIC,       /* changes the file only when it succeeds */
} Effect;

/* Runs @op with the k-th call of @kind failing, k = 0, 1 … until it runs
 * through; each run succeeds or fails with a BSN_ERROR, and leaves the
 * file's rows as @effect says. Returns the faults tried. */
static inline guint
fail_each (BsnTestDb *t,
           FaultKind  kind,
           Operation  op,
           gpointer   data,
           Effect     effect)
{
  g_autofree char *before = bsn_test_sqlite_digest (t->path);
  guint k;

  for (k = 0; k < 10000; k++)
    {
      g_autoptr(BsnDb) db = reopen (t);
      g_autoptr(GError) error = NULL;
      gboolean ok, faulted;

      /* An atomic operation may have succeeded under an earlier fault. */
      if (effect == ATOMIC)
        {
          g_free (before);
          before = bsn_test_sqlite_digest (t->path);
        }
      arm (kind, (gint) k);
      ok = op (db, data, &error);
      faulted = disarm ();
      if (!faulted)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          break;
        }
      if (!ok)
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == BSN_ERROR);
          g_assert_cmpstr (error->message, !=, "");
        }
      else
        g_assert_no_error (error);
      if (effect == READ_ONLY || (effect == ATOMIC && !ok))
        {
          g_autofree char *after = NULL;

          g_clear_pointer (&db, bsn_db_unref);
          after = bsn_test_sqlite_digest (t->path);
          g_assert_cmpstr (after, ==, before);
        }
    }
  g_test_message ("%u faults tried", k);
  g_assert_cmpuint (k, >, 0);
  return k;
}

