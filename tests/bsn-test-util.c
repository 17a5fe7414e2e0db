/* bsn-test-util.c — fixtures shared by the library tests. */
#include <libpq-fe.h>
#include <sqlite3.h>
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "bsn-ledger.h"
#include "bsn-test-util.h"

const char *
bsn_test_pg_uri (void)
{
  const char *uri = g_getenv ("BSN_TEST_PG");

  return uri != NULL && *uri != '\0' ? uri : NULL;
}

gboolean
bsn_test_skip_on_pg (const char *reason)
{
  if (bsn_test_pg_uri () == NULL)
    return FALSE;
  g_test_skip (reason);
  return TRUE;
}

void
bsn_test_wait_past_midnight (guint margin_s)
{
  BsnTime now = bsn_time_now ();
  gint64 left = (bsn_time_day (now) + 1) * BSN_SECONDS_PER_DAY - now;

  if (left < (gint64) margin_s)
    {
      g_test_message ("%" G_GINT64_FORMAT " s to midnight: waiting for the new day", left);
      g_usleep ((gulong) (left + 1) * G_USEC_PER_SEC);
    }
}

/* The server's NOTICEs (DROP … CASCADE lists every table) are noise. */
static void
pg_ignore_notice (void       *data,
                  const char *message)
{
}

static PGconn *
pg_connect (const char *uri)
{
  PGconn *conn = PQconnectdb (uri);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("cannot connect to the test server %s: %s", uri, PQerrorMessage (conn));
  PQsetNoticeProcessor (conn, pg_ignore_notice, NULL);
  return conn;
}

/* Runs @sql on @conn; NULL when it worked, else the server's message.
 * (transfer full) */
static char *
pg_exec (PGconn     *conn,
         const char *sql,
         char      **out_sqlstate)
{
  PGresult *res = PQexec (conn, sql);
  ExecStatusType status = PQresultStatus (res);
  char *message = NULL;

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      message = g_strdup (PQresultErrorMessage (res));
      if (out_sqlstate != NULL)
        *out_sqlstate = g_strdup (PQresultErrorField (res, PG_DIAG_SQLSTATE));
    }
  PQclear (res);
  return message;
}

/* A URI naming @schema on the server at @base. (transfer full) */
static char *
pg_schema_uri (const char *base,
               const char *schema)
{
  return g_strdup_printf ("%s%coptions=-csearch_path%%3D%s", base, strchr (base, '?') ? '&' : '?', schema);
}

char *
bsn_test_location_new (const char *dir,
                       const char *name,
                       char      **out_schema)
{
  static gint serial;
  const char *base = bsn_test_pg_uri ();
  g_autofree char *schema = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *message = NULL;
  PGconn *conn;

  if (out_schema != NULL)
    *out_schema = NULL;
  if (base == NULL)
    return g_build_filename (dir, name, NULL);

  /* Unique across the processes of a run (and a pid used again later). */
  schema = g_strdup_printf ("t_%d_%u_%08x", (int) getpid (), g_atomic_int_add (&serial, 1), g_random_int ());
  sql = g_strdup_printf ("CREATE SCHEMA %s", schema);
  conn = pg_connect (base);
  message = pg_exec (conn, sql, NULL);
  PQfinish (conn);
  if (message != NULL)
    g_error ("cannot create the test schema %s on %s: %s", schema, base, message);
  if (out_schema != NULL)
    *out_schema = g_strdup (schema);
  return pg_schema_uri (base, schema);
}

BsnTestDb *
bsn_test_db_new (void)
{
  BsnTestDb *t = g_new0 (BsnTestDb, 1);
  g_autoptr(GError) error = NULL;

  t->dir = g_dir_make_tmp ("bsn-test-XXXXXX", &error);
  g_assert_no_error (error);
  t->path = bsn_test_location_new (t->dir, "test.db", &t->pg_schema);
  t->db = bsn_db_open (t->path, BSN_DB_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (t->db);
  return t;
}

void
bsn_test_db_free (BsnTestDb *t)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (t == NULL)
    return;
  g_clear_pointer (&t->db, bsn_db_unref);
  if (t->pg_schema != NULL)
    {
      /* The server is thrown away after the run: a schema that will not
       * drop is only reported. */
      g_autofree char *sql = g_strdup_printf ("DROP SCHEMA %s CASCADE", t->pg_schema);
      PGconn *conn = pg_connect (bsn_test_pg_uri ());
      g_autofree char *message = pg_exec (conn, sql, NULL);

      PQfinish (conn);
      if (message != NULL)
        g_test_message ("could not drop the test schema %s: %s", t->pg_schema, message);
      g_free (t->pg_schema);
    }
  dir = g_dir_open (t->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (t->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (t->dir);
  g_free (t->dir);
  g_free (t->path);
  g_free (t);
}

gint64
bsn_test_add_store (BsnDb        *db,
                    const char   *code,
                    BsnStoreRole  role,
                    const char   *parent_code,
                    BsnBand       band,
                    const char   *level,
                    BsnSchemes    schemes)
{
  g_autoptr(BsnStore) s = bsn_store_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  s->code = g_strdup (code);
  s->name = g_strdup_printf ("Toko %s", code);
  s->role = role;
  s->band = band;
  s->margin_bp = bsn_band_default_margin_bp (band);
  s->schemes = schemes;
  g_assert_true (bsn_level_parse (level, band, &s->tier, &error));
  if (parent_code != NULL)
    {
      g_autoptr(BsnStore) p = bsn_store_find (db, parent_code, &error);
      g_assert_no_error (error);
      s->parent_id = p->id;
    }
  ok = bsn_store_add (db, s, &error);
  /* The error first: its message says what the engine refused. */
  g_assert_no_error (error);
  g_assert_true (ok);
  return s->id;
}

gint64
bsn_test_add_customer (BsnDb      *db,
                       const char *code,
                       const char *name)
{
  g_autoptr(BsnCustomer) c = bsn_customer_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  c->code = g_strdup (code);
  c->name = g_strdup (name);
  ok = bsn_customer_add (db, c, &error);
  /* The error first: its message says what the engine refused. */
  g_assert_no_error (error);
  g_assert_true (ok);
  return c->id;
}

int
bsn_test_raw_exec_at (const char *location,
                      const char *sql)
{
  if (bsn_db_location_is_server (location))
    {
      PGconn *conn = pg_connect (location);
      g_autofree char *sqlstate = NULL;
      g_autofree char *message = pg_exec (conn, sql, &sqlstate);

      PQfinish (conn);
      if (message == NULL)
        return SQLITE_OK;
      g_test_message ("raw SQL refused (SQLSTATE %s): %s", sqlstate ? sqlstate : "?", message);
      if (sqlstate != NULL && (g_str_has_prefix (sqlstate, "23") || g_str_equal (sqlstate, "P0001")))
        return SQLITE_CONSTRAINT;
      return SQLITE_ERROR;
    }
  else
    {
      sqlite3 *raw = NULL;
      int rc;

      g_assert_cmpint (sqlite3_open_v2 (location, &raw, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
      sqlite3_busy_timeout (raw, 5000);
      rc = sqlite3_exec (raw, sql, NULL, NULL, NULL) & 0xff;
      sqlite3_close (raw);
      return rc;
    }
}

int
bsn_test_raw_exec (BsnDb      *db,
                   const char *sql)
{
  if (bsn_db_get_engine (db) == BSN_ENGINE_POSTGRESQL)
    return bsn_test_raw_exec_at (bsn_db_get_path (db), sql);
  return sqlite3_exec (bsn_db_get_sqlite (db), sql, NULL, NULL, NULL) & 0xff;
}

/* PostgreSQL names a trigger with its table: look the table up in the
 * database's own schema (the server holds every test's schema). */
gboolean
bsn_test_drop_trigger (BsnDb      *db,
                       const char *name)
{
  g_autofree char *sql = NULL;

  if (bsn_db_get_engine (db) == BSN_ENGINE_SQLITE)
    sql = g_strdup_printf ("DROP TRIGGER %s", name);
  else
    sql = g_strdup_printf ("DO $$ DECLARE tbl text; BEGIN "
                           "SELECT c.relname INTO STRICT tbl FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid "
                           "WHERE g.tgname = '%s' AND NOT g.tgisinternal "
                           "AND c.relnamespace = current_schema ()::regnamespace; "
                           "EXECUTE format ('DROP TRIGGER %%I ON %%I', '%s', tbl); END $$",
                           name, name);
  return bsn_test_raw_exec (db, sql) == SQLITE_OK;
}

/* ---- Disk faults: a VFS shim over the default one ---- */

typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;
} FaultFile;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs fault_vfs;
static sqlite3_io_methods fault_methods;
static gint64 countdown = -1;    /* fail when it reaches zero; -1 = never */
static int fault_code = SQLITE_FULL;
static BsnTestFaultScope fault_scope = BSN_TEST_FAULT_WRITES;
static gboolean fault_fired;

static gboolean
should_fail (BsnTestFaultScope scope)
{
  if (countdown < 0 || (scope == BSN_TEST_FAULT_ANY_IO && fault_scope != BSN_TEST_FAULT_ANY_IO))
    return FALSE;
  if (countdown-- == 0)
    {
      fault_fired = TRUE;
      return TRUE;
    }
  return FALSE;
}

static int
f_close (sqlite3_file *f)
{
  FaultFile *ff = (FaultFile *) f;
  int rc = ff->real->pMethods ? ff->real->pMethods->xClose (ff->real) : SQLITE_OK;

  sqlite3_free (ff->real);
  return rc;
}

static int
f_read (sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
  FaultFile *ff = (FaultFile *) f;

  if (should_fail (BSN_TEST_FAULT_ANY_IO))
    return SQLITE_IOERR_READ;
  return ff->real->pMethods->xRead (ff->real, buf, n, off);
}

static int
f_write (sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
  FaultFile *ff = (FaultFile *) f;

  if (should_fail (BSN_TEST_FAULT_WRITES))
    return fault_code == SQLITE_FULL ? SQLITE_FULL : SQLITE_IOERR_WRITE;
  return ff->real->pMethods->xWrite (ff->real, buf, n, off);
}

static int
f_truncate (sqlite3_file *f, sqlite3_int64 size)
{
  FaultFile *ff = (FaultFile *) f;

  if (should_fail (BSN_TEST_FAULT_WRITES))
    return SQLITE_IOERR_TRUNCATE;
  return ff->real->pMethods->xTruncate (ff->real, size);
}

static int
f_sync (sqlite3_file *f, int flags)
{
  FaultFile *ff = (FaultFile *) f;

  if (should_fail (BSN_TEST_FAULT_WRITES))
    return SQLITE_IOERR_FSYNC;
  return ff->real->pMethods->xSync (ff->real, flags);
}

/* Taking a lock may fail; giving one up never does. */
static int
f_lock (sqlite3_file *f, int level)
{
  FaultFile *ff = (FaultFile *) f;

  if (should_fail (BSN_TEST_FAULT_ANY_IO))
    return SQLITE_IOERR_LOCK;
  return ff->real->pMethods->xLock (ff->real, level);
}

static int
f_shm_lock (sqlite3_file *f, int offset, int n, int flags)
{
  FaultFile *ff = (FaultFile *) f;

  if ((flags & SQLITE_SHM_LOCK) && should_fail (BSN_TEST_FAULT_ANY_IO))
    return SQLITE_IOERR_SHMLOCK;
  return ff->real->pMethods->xShmLock (ff->real, offset, n, flags);
}

#define PASS(name, sig, call) \
  static int f_##name sig { FaultFile *ff = (FaultFile *) f; return ff->real->pMethods->x##call; }

PASS (size, (sqlite3_file *f, sqlite3_int64 *s), FileSize (ff->real, s))
PASS (unlock, (sqlite3_file *f, int l), Unlock (ff->real, l))
PASS (check, (sqlite3_file *f, int *r), CheckReservedLock (ff->real, r))
PASS (control, (sqlite3_file *f, int op, void *a), FileControl (ff->real, op, a))
PASS (sector, (sqlite3_file *f), SectorSize (ff->real))
PASS (dev, (sqlite3_file *f), DeviceCharacteristics (ff->real))
PASS (shm_map, (sqlite3_file *f, int p, int sz, int e, void volatile **out), ShmMap (ff->real, p, sz, e, out))
PASS (shm_unmap, (sqlite3_file *f, int d), ShmUnmap (ff->real, d))

static void
f_barrier (sqlite3_file *f)
{
  FaultFile *ff = (FaultFile *) f;

  ff->real->pMethods->xShmBarrier (ff->real);
}

static int
f_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
  FaultFile *ff = (FaultFile *) f;
  int rc;

  ff->real = sqlite3_malloc (real_vfs->szOsFile);
  memset (ff->real, 0, real_vfs->szOsFile);
  rc = real_vfs->xOpen (real_vfs, name, ff->real, flags, out_flags);
  ff->base.pMethods = rc == SQLITE_OK ? &fault_methods : NULL;
  if (rc != SQLITE_OK)
    {
      sqlite3_free (ff->real);
      ff->real = NULL;
    }
  return rc;
}

/* A statement prepared after a fault may fail to read the schema:
 * bsn_db_prepare() warns (a failed prepare is usually a mistake in the
 * SQL), and that warning is expected then, not fatal. */
static GLogWriterOutput
fault_log_writer (GLogLevelFlags   level,
                  const GLogField *fields,
                  gsize            n_fields,
                  gpointer         data)
{
  if (fault_fired && (level & G_LOG_LEVEL_WARNING))
    for (gsize i = 0; i < n_fields; i++)
      if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0
          && g_str_has_prefix (fields[i].value, "prepare failed: disk I/O error"))
        return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, data);
}

void
bsn_test_fault_vfs_install (void)
{
  if (real_vfs != NULL)
    return;
  g_log_set_writer_func (fault_log_writer, NULL, NULL);
  real_vfs = sqlite3_vfs_find (NULL);
  fault_methods = (sqlite3_io_methods) {
    .iVersion = 2, .xClose = f_close, .xRead = f_read, .xWrite = f_write, .xTruncate = f_truncate,
    .xSync = f_sync, .xFileSize = f_size, .xLock = f_lock, .xUnlock = f_unlock, .xCheckReservedLock = f_check,
    .xFileControl = f_control, .xSectorSize = f_sector, .xDeviceCharacteristics = f_dev, .xShmMap = f_shm_map,
    .xShmLock = f_shm_lock, .xShmBarrier = f_barrier, .xShmUnmap = f_shm_unmap,
  };
  fault_vfs = *real_vfs;
  fault_vfs.zName = "bsn-fault";
  fault_vfs.szOsFile = sizeof (FaultFile);
  fault_vfs.xOpen = f_open;
  fault_vfs.pNext = NULL;
  g_assert_cmpint (sqlite3_vfs_register (&fault_vfs, 0), ==, SQLITE_OK);
}

void
bsn_test_fault_arm (guint64           k,
                    int               code,
                    BsnTestFaultScope scope)
{
  fault_code = code;
  fault_scope = scope;
  fault_fired = FALSE;
  countdown = (gint64) k;
}

gboolean
bsn_test_fault_disarm (void)
{
  countdown = -1;
  return fault_fired;
}

char *
bsn_test_sqlite_digest (const char *path)
{
  return bsn_test_sqlite_digest_except (path, NULL);
}

char *
bsn_test_sqlite_digest_except (const char        *path,
                               const char *const *skip)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *raw = NULL;

  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (raw, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      if (skip == NULL || !g_strv_contains (skip, name))
        g_ptr_array_add (tables, g_strdup (name));
    }
  sqlite3_finalize (stmt);
  for (guint i = 0; i < tables->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY 1, 2",
                                              (const char *) g_ptr_array_index (tables, i));

      g_checksum_update (sum, (const guchar *) sql, -1);
      g_assert_cmpint (sqlite3_prepare_v2 (raw, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            const char *v = (const char *) sqlite3_column_text (stmt, c);

            g_checksum_update (sum, (const guchar *) (v ? v : "\\N"), -1);
            g_checksum_update (sum, (const guchar *) "|", 1);
          }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (raw);
  return g_strdup (g_checksum_get_string (sum));
}

static void
fault_check_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) check = bsn_db_open (path, BSN_DB_OPEN_DEFAULT, &error);
  g_autoptr(BsnVerifyReport) v = NULL;

  g_assert_no_error (error);
  v = bsn_ledger_verify (check, &error);
  g_assert_no_error (error);
  g_assert_true (v->ok);
  g_assert_true (bsn_db_check_integrity (check, TRUE, NULL));
}

guint
bsn_test_fault_every (BsnTestDb        *t,
                      BsnTestFaultOp    op,
                      gpointer          data,
                      int               code,
                      BsnTestFaultScope scope)
{
  return bsn_test_fault_every_checked (t, op, data, code, scope, NULL);
}

guint
bsn_test_fault_every_checked (BsnTestDb        *t,
                              BsnTestFaultOp    op,
                              gpointer          data,
                              int               code,
                              BsnTestFaultScope scope,
                              BsnTestFaultCheck check_failed)
{
  g_autofree char *before = NULL;
  g_autofree char *copy = g_build_filename (t->dir, "work.db", NULL);
  g_autofree char *wal = g_strconcat (copy, "-wal", NULL);
  g_autofree char *shm = g_strconcat (copy, "-shm", NULL);
  guint k;

  bsn_test_fault_vfs_install ();
  /* A settled file to restart from each time. */
  g_assert_cmpint (bsn_test_raw_exec (t->db, "PRAGMA wal_checkpoint(TRUNCATE)"), ==, SQLITE_OK);
  before = bsn_test_sqlite_digest (t->path);
  for (k = 0; k < 10000; k++)
    {
      g_autofree char *bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(BsnDb) db = NULL;
      gboolean ok, fired;
      gsize len;

      g_assert_true (g_file_get_contents (t->path, &bytes, &len, NULL));
      g_assert_true (g_file_set_contents (copy, bytes, (gssize) len, NULL));
      g_unlink (wal);
      g_unlink (shm);
      bsn_db_set_vfs_for_testing ("bsn-fault");
      db = bsn_db_open (copy, BSN_DB_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      bsn_test_fault_arm (k, code, scope);
      ok = op (db, data, &error);
      fired = bsn_test_fault_disarm ();
      g_clear_pointer (&db, bsn_db_unref);
      bsn_db_set_vfs_for_testing (NULL);

      if (!fired)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          break;
        }
      if (ok)
        {
          /* The fault hit after the commit point (e.g. a checkpoint), or
           * SQLite went round it: the work is done and must verify. */
          fault_check_file (copy);
        }
      else
        {
          g_assert_nonnull (error);
          g_assert_true (error->message[0] != '\0');
          if (check_failed != NULL)
            {
              g_test_message ("fault %u (%d): %s", k, code, error->message);
              check_failed (copy, data);
            }
          else
            {
              g_autofree char *after = bsn_test_sqlite_digest (copy);

              /* Failed: exactly as before. */
              if (g_strcmp0 (before, after) != 0)
                g_error ("fault %u (%d) changed the database: %s", k, code, error->message);
            }
          fault_check_file (copy);
        }
    }
  return k;
}
