/* bsn-test-util.c — fixtures shared by the library tests. */
#include <libpq-fe.h>
#include <sqlite3.h>
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

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
