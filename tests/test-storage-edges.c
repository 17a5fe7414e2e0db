/* test-storage-edges.c — the storage layer's less travelled roads: a
 * server named by its parts (bsn-db-server.h), the server's logins and
 * roles asked of a file or of a login that is no administrator
 * (bsn-db-logins.h, bsn-server.h), the live change watch losing and
 * finding its server (bsn-db-watch.h), rows copied in whole (COPY on
 * PostgreSQL, inserts in SQLite), batches whose inner levels fail, and
 * libpq or SQLite refusing one call at a place no server error reaches.
 *
 * As test-pg-faults.c does, this program stands in front of a few libpq
 * and SQLite functions: its own definitions are the ones the library's
 * calls bind to, and each passes on to the real one (dlsym (RTLD_NEXT))
 * unless a test armed it to fail once (fault_arm). Libpq's calls of its
 * own exported functions, made inside a real call, are passed on. */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <poll.h>
#include <sqlite3.h>
#include <string.h>

#include "bsn-auth.h"
#include "bsn-db-logins.h"
#include "bsn-db-pg.h"
#include "bsn-db-server.h"
#include "bsn-db-watch.h"
#include "bsn-error.h"
#include "bsn-server.h"
#include "bsn-test-util.h"

/* ---- One call failing once ---- */

static const char *fault_fn;    /* the function armed, or NULL */
static const char *fault_sql;   /* and the text its SQL must hold, or NULL */
static int fault_skip;          /* calls to pass before the one that fails */
static int fault_fired;
static _Thread_local guint inside;

static void
fault_arm (const char *fn,
           const char *sql,
           int         skip)
{
  fault_fn = fn;
  fault_sql = sql;
  fault_skip = skip;
  fault_fired = 0;
}

/* TRUE (once) when this call of @fn is the one to fail. */
static gboolean
fault_take (const char *fn,
            const char *sql)
{
  if (inside > 0 || fault_fn == NULL)
    return FALSE;
  /* "server": any request the server answers, but a ROLLBACK (the server
   * never refuses one). */
  if (g_str_equal (fault_fn, "server"))
    {
      if (!g_str_equal (fn, "PQexec") && !g_str_equal (fn, "PQprepare") && !g_str_equal (fn, "PQexecPrepared")
          && !g_str_equal (fn, "PQexecParams"))
        return FALSE;
      if (sql != NULL && g_str_has_prefix (sql, "ROLLBACK"))
        return FALSE;
    }
  else if (!g_str_equal (fault_fn, fn))
    return FALSE;
  else if (fault_sql != NULL && (sql == NULL || strstr (sql, fault_sql) == NULL))
    return FALSE;
  if (fault_skip-- > 0)
    return FALSE;
  fault_fn = NULL;
  fault_fired++;
  return TRUE;
}

#define REAL(type, name) \
  static type real_##name; \
  if (real_##name == NULL) \
    real_##name = (type) dlsym (RTLD_NEXT, #name); \
  g_assert_nonnull (real_##name)

/* Runs the real call with this thread marked inside libpq. */
#define PASS(expr) \
  do { inside++; result = (expr); inside--; } while (0)

/* SQL the server refuses (an unknown function, SQLSTATE 42883). */
#define REFUSED_SQL "SELECT bsn_test_fault ()"

typedef PGconn *(*ConnectParams) (const char *const *, const char *const *, int);
typedef char *(*EncryptPassword) (PGconn *, const char *, const char *, const char *);
typedef int (*ConnInt) (PGconn *);
typedef int (*ConstConnInt) (const PGconn *);
typedef PostgresPollingStatusType (*ResetPoll) (PGconn *);
typedef int (*SendQuery) (PGconn *, const char *);
typedef int (*SendPrepared) (PGconn *, const char *, int, const char *const *, const int *, const int *, int);
typedef int (*PutCopyData) (PGconn *, const char *, int);
typedef PGresult *(*Exec) (PGconn *, const char *);
typedef ConnStatusType (*Status) (const PGconn *);
typedef int (*Poll) (struct pollfd *, nfds_t, int);
typedef int (*PrepareV2) (sqlite3 *, const char *, int, sqlite3_stmt **, const char **);
typedef int (*Step) (sqlite3_stmt *);
typedef int (*ExecLite) (sqlite3 *, const char *, int (*) (void *, int, char **, char **), void *, char **);

PGconn *
PQconnectStartParams (const char *const *keywords,
                      const char *const *values,
                      int                expand_dbname)
{
  PGconn *result;

  REAL (ConnectParams, PQconnectStartParams);
  if (fault_take ("PQconnectStartParams", NULL))
    return NULL;
  PASS (real_PQconnectStartParams (keywords, values, expand_dbname));
  return result;
}

PGconn *
PQconnectdbParams (const char *const *keywords,
                   const char *const *values,
                   int                expand_dbname)
{
  PGconn *result;

  REAL (ConnectParams, PQconnectdbParams);
  if (fault_take ("PQconnectdbParams", NULL))
    return NULL;
  PASS (real_PQconnectdbParams (keywords, values, expand_dbname));
  return result;
}

char *
PQencryptPasswordConn (PGconn     *conn,
                       const char *passwd,
                       const char *user,
                       const char *algorithm)
{
  char *result;

  REAL (EncryptPassword, PQencryptPasswordConn);
  if (fault_take ("PQencryptPasswordConn", NULL))
    return NULL;
  PASS (real_PQencryptPasswordConn (conn, passwd, user, algorithm));
  return result;
}

#define CONN_INT(name) \
  int name (PGconn *conn) \
  { \
    int result; \
    REAL (ConnInt, name); \
    if (fault_take (#name, NULL)) \
      return 0; \
    PASS (real_##name (conn)); \
    return result; \
  }

CONN_INT (PQenterPipelineMode)
CONN_INT (PQpipelineSync)

/* Leaves pipeline mode and then says it could not (the state stays one
 * the connection can go on from). */
int
PQexitPipelineMode (PGconn *conn)
{
  int result;

  REAL (ConnInt, PQexitPipelineMode);
  PASS (real_PQexitPipelineMode (conn));
  if (fault_take ("PQexitPipelineMode", NULL))
    return 0;
  return result;
}
CONN_INT (PQresetStart)

int
PQsocket (const PGconn *conn)
{
  int result;

  REAL (ConstConnInt, PQsocket);
  if (fault_take ("PQsocket", NULL))
    return -1;
  PASS (real_PQsocket (conn));
  return result;
}

/* Armed as "PQresetPoll" it fails; as "PQresetPoll-writing" it says the
 * socket must be written first (the real poll is not run: the next one
 * goes on where it was). */
PostgresPollingStatusType
PQresetPoll (PGconn *conn)
{
  PostgresPollingStatusType result;

  REAL (ResetPoll, PQresetPoll);
  if (fault_take ("PQresetPoll", NULL))
    return PGRES_POLLING_FAILED;
  if (fault_take ("PQresetPoll-writing", NULL))
    return PGRES_POLLING_WRITING;
  PASS (real_PQresetPoll (conn));
  return result;
}

int
PQsendQuery (PGconn     *conn,
             const char *query)
{
  int result;

  REAL (SendQuery, PQsendQuery);
  if (fault_take ("PQsendQuery", query))
    return 0;
  PASS (real_PQsendQuery (conn, query));
  return result;
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
  int result;

  REAL (SendPrepared, PQsendQueryPrepared);
  if (fault_take ("PQsendQueryPrepared", NULL))
    return 0;
  PASS (real_PQsendQueryPrepared (conn, name, n, values, lengths, formats, result_format));
  return result;
}

typedef int (*SendParams) (PGconn *, const char *, int, const Oid *, const char *const *, const int *, const int *,
                           int);

int
PQsendQueryParams (PGconn            *conn,
                   const char        *query,
                   int                n,
                   const Oid         *types,
                   const char *const *values,
                   const int         *lengths,
                   const int         *formats,
                   int                result_format)
{
  int result;

  REAL (SendParams, PQsendQueryParams);
  if (fault_take ("PQsendQueryParams", query))
    return 0;
  PASS (real_PQsendQueryParams (conn, query, n, types, values, lengths, formats, result_format));
  return result;
}

int
PQputCopyData (PGconn     *conn,
               const char *buffer,
               int         n)
{
  int result;

  REAL (PutCopyData, PQputCopyData);
  if (fault_take ("PQputCopyData", NULL))
    return -1;
  PASS (real_PQputCopyData (conn, buffer, n));
  return result;
}

/* Armed with a text, the statement holding it is refused by the server. */
PGresult *
PQexec (PGconn     *conn,
        const char *query)
{
  PGresult *result;

  REAL (Exec, PQexec);
  if (fault_take ("PQexec", query))
    query = REFUSED_SQL;
  PASS (real_PQexec (conn, query));
  return result;
}

typedef PGresult *(*Prepare) (PGconn *, const char *, const char *, int, const Oid *);
typedef PGresult *(*ExecPrepared) (PGconn *, const char *, int, const char *const *, const int *, const int *, int);
typedef PGresult *(*ExecParams) (PGconn *, const char *, int, const Oid *, const char *const *, const int *,
                                 const int *, int);

PGresult *
PQprepare (PGconn     *conn,
           const char *name,
           const char *query,
           int         n,
           const Oid  *types)
{
  PGresult *result;

  REAL (Prepare, PQprepare);
  if (fault_take ("PQprepare", query))
    query = REFUSED_SQL, n = 0, types = NULL;
  PASS (real_PQprepare (conn, name, query, n, types));
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

  REAL (ExecPrepared, PQexecPrepared);
  if (fault_take ("PQexecPrepared", NULL))
    {
      REAL (Exec, PQexec);
      PASS (real_PQexec (conn, REFUSED_SQL));
      return result;
    }
  PASS (real_PQexecPrepared (conn, name, n, values, lengths, formats, result_format));
  return result;
}

PGresult *
PQexecParams (PGconn            *conn,
              const char        *query,
              int                n,
              const Oid         *types,
              const char *const *values,
              const int         *lengths,
              const int         *formats,
              int                result_format)
{
  PGresult *result;

  REAL (ExecParams, PQexecParams);
  if (fault_take ("PQexecParams", query))
    query = REFUSED_SQL, n = 0, types = NULL, values = NULL, lengths = NULL, formats = NULL;
  PASS (real_PQexecParams (conn, query, n, types, values, lengths, formats, result_format));
  return result;
}

ConnStatusType
PQstatus (const PGconn *conn)
{
  ConnStatusType result;

  REAL (Status, PQstatus);
  if (fault_take ("PQstatus", NULL))
    return CONNECTION_BAD;
  PASS (real_PQstatus (conn));
  return result;
}

/* Armed, the clock has moved 20 s on (a connection's deadline passed). */
gint64
g_get_monotonic_time (void)
{
  typedef gint64 (*Clock) (void);
  gint64 result;

  REAL (Clock, g_get_monotonic_time);
  PASS (real_g_get_monotonic_time ());
  if (fault_take ("g_get_monotonic_time", NULL))
    result += 20 * G_USEC_PER_SEC;
  return result;
}

/* Armed as "poll" no socket gets ready (the deadline passed); as
 * "poll-eintr" a signal interrupts the wait; as "poll-error" the wait
 * fails (the handshake's next step then finds out for itself). */
int
poll (struct pollfd *fds,
      nfds_t         n,
      int            timeout)
{
  int result;

  REAL (Poll, poll);
  if (fault_take ("poll", NULL))
    return 0;
  if (fault_take ("poll-eintr", NULL))
    {
      errno = EINTR;
      return -1;
    }
  if (fault_take ("poll-error", NULL))
    {
      errno = EIO;
      return -1;
    }
  PASS (real_poll (fds, n, timeout));
  return result;
}

typedef int (*PrepareV3) (sqlite3 *, const char *, int, unsigned int, sqlite3_stmt **, const char **);

int
sqlite3_prepare_v3 (sqlite3       *db,
                    const char    *sql,
                    int            n,
                    unsigned int   flags,
                    sqlite3_stmt **out,
                    const char   **tail)
{
  int result;

  REAL (PrepareV3, sqlite3_prepare_v3);
  if (fault_take ("sqlite3_prepare_v3", sql))
    sql = REFUSED_SQL, n = -1;
  PASS (real_sqlite3_prepare_v3 (db, sql, n, flags, out, tail));
  return result;
}

int
sqlite3_prepare_v2 (sqlite3       *db,
                    const char    *sql,
                    int            n,
                    sqlite3_stmt **out,
                    const char   **tail)
{
  int result;

  REAL (PrepareV2, sqlite3_prepare_v2);
  if (fault_take ("sqlite3_prepare_v2", sql))
    sql = REFUSED_SQL, n = -1;
  PASS (real_sqlite3_prepare_v2 (db, sql, n, out, tail));
  return result;
}

static int
interrupt_now (void *data)
{
  return 1;
}

int
sqlite3_step (sqlite3_stmt *stmt)
{
  int result;

  REAL (Step, sqlite3_step);
  /* A real interrupt, by a progress handler that stops the statement:
   * SQLite forgets an sqlite3_interrupt () when no other statement runs. */
  if (fault_fn != NULL && fault_take ("sqlite3_step", sqlite3_sql (stmt)))
    {
      sqlite3 *db = sqlite3_db_handle (stmt);

      sqlite3_progress_handler (db, 1, interrupt_now, NULL);
      PASS (real_sqlite3_step (stmt));
      sqlite3_progress_handler (db, 0, NULL, NULL);
      return result;
    }
  PASS (real_sqlite3_step (stmt));
  return result;
}

int
sqlite3_exec (sqlite3    *db,
              const char *sql,
              int       (*callback) (void *, int, char **, char **),
              void       *data,
              char      **errmsg)
{
  int result;

  REAL (ExecLite, sqlite3_exec);
  if (fault_take ("sqlite3_exec", sql))
    sql = REFUSED_SQL;
  PASS (real_sqlite3_exec (db, sql, callback, data, errmsg));
  return result;
}

/* bsn_db_prepare () warns of a failed prepare (usually a mistake in the
 * SQL): the one a test expects (its text set here) is counted, not fatal. */
static const char *expected_warning;
static guint expected_warnings;

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         data)
{
  if (expected_warning != NULL && (level & G_LOG_LEVEL_WARNING))
    for (gsize i = 0; i < n_fields; i++)
      if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0
          && strstr (fields[i].value, expected_warning) != NULL)
        {
          expected_warnings++;
          return G_LOG_WRITER_HANDLED;
        }
  return g_log_writer_default (level, fields, n_fields, data);
}

static gboolean
skip_unless_pg (const char *reason)
{
  if (bsn_test_pg_uri () != NULL)
    return FALSE;
  g_test_skip (reason);
  return TRUE;
}

/* ---- A server named by its parts ---- */

/* An IPv6 host goes in brackets, a socket folder's port becomes a
 * parameter, a copy is equal, a description without a user names only
 * the place, and a mode the app does not offer falls back to "prefer". */
static void
test_address_parts (void)
{
  g_autoptr(BsnServerAddress) v6 = bsn_server_address_new ("fe80::1", 5433, "bsn", NULL, NULL);
  g_autoptr(BsnServerAddress) socket = bsn_server_address_new ("/run/pg", 5434, NULL, "sri", "paksa");
  g_autoptr(BsnServerAddress) copy = bsn_server_address_copy (socket);
  g_autoptr(BsnServerAddress) bare = bsn_server_address_new (NULL, 0, "bsn", NULL, "require");
  g_autofree char *v6_location = bsn_server_address_to_location (v6, NULL);
  g_autofree char *socket_location = bsn_server_address_to_location (socket, NULL);
  g_autofree char *v6_described = bsn_server_address_describe (v6);
  g_autofree char *bare_described = bsn_server_address_describe (bare);
  g_autofree char *socket_described = bsn_server_address_describe (socket);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (v6_location, ==, "postgresql://[fe80::1]:5433/bsn?sslmode=prefer");
  g_assert_cmpstr (socket_location, ==, "postgresql://sri@/?host=%2Frun%2Fpg&port=5434&sslmode=prefer");
  g_assert_cmpstr (copy->host, ==, "/run/pg");
  g_assert_cmpint (copy->port, ==, 5434);
  g_assert_cmpstr (copy->dbname, ==, "");
  g_assert_cmpstr (copy->user, ==, "sri");
  g_assert_cmpstr (copy->sslmode, ==, "prefer");
  g_assert_cmpstr (v6_described, ==, "fe80::1:5433/bsn");
  g_assert_cmpstr (bare_described, ==, "localhost/bsn");
  g_assert_cmpstr (socket_described, ==, "sri @ localhost:5434/");
  {
    g_autoptr(BsnServerAddress) bracketed = bsn_server_address_new ("[fe80::2]", 0, "bsn", "", "disable");
    g_autoptr(BsnServerAddress) nowhere = bsn_server_address_new (NULL, 0, "bsn", NULL, NULL);
    g_autofree char *bracketed_location = bsn_server_address_to_location (bracketed, NULL);
    g_autofree char *nowhere_location = bsn_server_address_to_location (nowhere, NULL);

    /* Already in brackets: not twice; no host, no port: libpq's own. */
    g_assert_cmpstr (bracketed_location, ==, "postgresql://[fe80::2]/bsn?sslmode=disable");
    g_assert_cmpstr (nowhere_location, ==, "postgresql:///bsn?sslmode=prefer");
  }
  g_assert_false (bsn_server_sslmode_is_valid (NULL));
  g_assert_false (bsn_server_sslmode_is_valid ("paksa"));
  g_assert_true (bsn_server_sslmode_is_valid ("verify-full"));

  /* No location at all, and a URI libpq cannot read. */
  g_assert_null (bsn_server_address_from_location (NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“” bukan alamat server PostgreSQL yang sah");
  g_clear_error (&error);
  g_assert_null (bsn_server_address_from_location ("postgresql://sri@toko.lan/bsn?sslmode", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  bsn_server_address_free (NULL);
}

/* ---- Opening ---- */

/* A second reference keeps the connection open after the first goes. */
static void
test_db_ref (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  BsnDb *again = bsn_db_ref (t->db);

  g_assert_true (again == t->db);
  bsn_db_unref (again);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT 41 + 1", 0), ==, 42);
  bsn_db_unref (NULL);
}

/* A URI that names PostgreSQL but is none, and a database that is not
 * empty given where only an empty one is taken: both refused. */
static void
test_open_refusals (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) db = bsn_db_open ("postgresql:toko", BSN_DB_OPEN_DEFAULT, &error);

  g_assert_null (db);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "bukan alamat PostgreSQL yang sah"));
  g_clear_error (&error);

  db = bsn_db_open (t->path, BSN_DB_OPEN_CREATE | BSN_DB_OPEN_EMPTY, &error);
  g_assert_null (db);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "tidak kosong"));
  /* Nothing of the network was touched. */
  g_assert_cmpint (bsn_db_get_user_version (t->db), ==, bsn_db_schema_version ());
}

/* A new file whose folder cannot be made (a file stands in its way) or
 * whose name the system refuses: a file error naming it, nothing made. */
static void
test_open_file_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-edges-XXXXXX", NULL);
  g_autofree char *blocker = g_build_filename (dir, "berkas", NULL);
  g_autofree char *under = g_build_filename (blocker, "sub", "toko.db", NULL);
  g_autofree char *long_name = g_strnfill (300, 'x');
  g_autofree char *too_long = g_build_filename (dir, long_name, NULL);
  g_autoptr(GError) error = NULL;
  BsnDb *db;

  if (bsn_test_skip_on_pg ("SQLite only: a file of the computer's own disk"))
    return;
  g_assert_true (g_file_set_contents (blocker, "", 0, NULL));
  db = bsn_db_open (under, BSN_DB_OPEN_CREATE, &error);
  g_assert_null (db);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
  g_assert_true (g_str_has_prefix (error->message, "Folder "));
  g_clear_error (&error);

  db = bsn_db_open (too_long, BSN_DB_OPEN_CREATE, &error);
  g_assert_null (db);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NAMETOOLONG);
  g_assert_true (g_str_has_prefix (error->message, "Berkas "));
  g_assert_false (g_file_test (too_long, G_FILE_TEST_EXISTS));
  g_remove (blocker);
  g_rmdir (dir);
}

/* ---- Logins and roles asked of a file ---- */

/* A file has no server logins: every question answers "no" and setting
 * them up is refused with the reason, before any role is touched. */
static void
test_logins_on_file (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnServerSetup) setup = NULL;
  g_autofree char *prefix = NULL;

  if (bsn_test_skip_on_pg ("SQLite only: a file has no server logins"))
    return;
  t = bsn_test_db_new ();
  g_assert_false (bsn_db_has_server_logins (t->db));
  g_assert_false (bsn_db_is_server_admin (t->db));
  g_assert_null (bsn_db_session_user (t->db));
  prefix = bsn_db_server_setup (t->db, &error);
  g_assert_null (prefix);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);
  setup = bsn_server_init (t->db, &error);
  g_assert_null (setup);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "hanya ada di PostgreSQL"));
  g_assert_false (bsn_db_in_transaction (t->db));
  bsn_server_setup_free (NULL);
}

/* ---- The server's roles, set up by someone else ---- */

typedef struct
{
  BsnTestDb *t;
  char      *owner;
  char      *kasir;
} Logins;

static Logins *
logins_new (void)
{
  Logins *s = g_new0 (Logins, 1);
  g_autoptr(BsnServerSetup) setup = NULL;
  g_autoptr(GError) error = NULL;

  s->t = bsn_test_db_new ();
  s->owner = g_strdup_printf ("own_%s", s->t->pg_schema);
  s->kasir = g_strdup_printf ("kas_%s", s->t->pg_schema);
  setup = bsn_server_init (s->t->db, &error);
  g_assert_no_error (error);
  bsn_auth_add_user (s->t->db, s->owner, BSN_ROLE_PEMILIK, "rahasia-pemilik", &error);
  g_assert_no_error (error);
  bsn_auth_add_user (s->t->db, s->kasir, BSN_ROLE_KASIR, "rahasia-kasir", &error);
  g_assert_no_error (error);
  return s;
}

static void
logins_free (Logins *s)
{
  const char *roles[] = { "pemilik", "manajer", "pembukuan", "kasir" };
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) drop = g_string_new (NULL);

  g_string_append_printf (sql, "DROP OWNED BY \"%s\", \"%s\"", s->owner, s->kasir);
  g_string_append_printf (drop, "DROP ROLE IF EXISTS \"%s\", \"%s\"", s->owner, s->kasir);
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autofree char *group = bsn_db_server_group (s->t->db, roles[i]);

      g_string_append_printf (sql, ", \"%s\"", group);
      g_string_append_printf (drop, ", \"%s\"", group);
    }
  g_string_append (sql, "; ");
  g_string_append (sql, drop->str);
  g_assert_cmpint (bsn_test_raw_exec (s->t->db, sql->str), ==, 0);
  bsn_test_db_free (s->t);
  g_free (s->owner);
  g_free (s->kasir);
  g_free (s);
}

/* `server init` run by a kasir's login (no owner of the tables) is
 * refused before anything is granted. */
static void
test_server_init_not_admin (void)
{
  Logins *s;
  g_autoptr(GError) error = NULL;

  if (skip_unless_pg ("PostgreSQL only: the server's administrator and its logins"))
    return;
  s = logins_new ();
  {
    g_autoptr(BsnDb) kasir = bsn_db_open_as (s->t->path, s->kasir, "apa-saja", BSN_DB_OPEN_DEFAULT, &error);
    g_autoptr(BsnServerSetup) setup = NULL;
    g_autofree char *who = NULL;

    g_assert_no_error (error);
    who = bsn_db_session_user (kasir);
    g_assert_cmpstr (who, ==, s->kasir);
    g_assert_false (bsn_db_is_server_admin (kasir));
    g_assert_true (bsn_db_has_server_logins (kasir));
    setup = bsn_server_init (kasir, &error);
    g_assert_null (setup);
    g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
    g_assert_nonnull (strstr (error->message, "pengelola server"));
  }
  logins_free (s);
}

/* The password's verifier cannot be made (libpq says no): a new login
 * or a new password is refused with BSN_ERROR_IO and the server's roles
 * are as before. */
static void
test_login_password_unsealable (void)
{
  Logins *s;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  const char *count = NULL;
  g_autofree char *sql = NULL;

  if (skip_unless_pg ("PostgreSQL only: the server keeps the logins' passwords"))
    return;
  s = logins_new ();
  name = g_strdup_printf ("baru_%s", s->t->pg_schema);
  sql = g_strdup_printf ("SELECT count (*) FROM pg_roles WHERE rolname = '%s'", name);
  count = sql;

  fault_arm ("PQencryptPasswordConn", NULL, 0);
  g_assert_false (bsn_db_login_add (s->t->db, name, "kasir", "rahasia-baru", &error));
  g_assert_cmpint (fault_fired, ==, 1);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "Kata sandi tidak dapat diamankan"));
  g_assert_cmpint (bsn_db_query_int (s->t->db, count, -1), ==, 0);
  g_clear_error (&error);

  fault_arm ("PQencryptPasswordConn", NULL, 0);
  g_assert_false (bsn_db_login_set_password (s->t->db, s->kasir, "rahasia-lain", TRUE, &error));
  g_assert_cmpint (fault_fired, ==, 1);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  logins_free (s);
}

/* The login calls of `user add/passwd/role/disable` on the server: a
 * login made without a password, given one but left disabled, moved to
 * another role, enabled; a role the app does not have has no group; a
 * server schema older than logins (version 14) has none and no admin. */
static void
test_login_calls (void)
{
  Logins *s;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *can_login = NULL;
  g_autofree char *no_group = NULL;

  if (skip_unless_pg ("PostgreSQL only: the server's logins"))
    return;
  s = logins_new ();
  name = g_strdup_printf ("tanpa_%s", s->t->pg_schema);
  can_login = g_strdup_printf ("SELECT CASE WHEN rolcanlogin THEN 1 ELSE 0 END FROM pg_roles WHERE rolname = '%s'",
                               name);
  g_assert_true (bsn_db_login_add (s->t->db, name, "kasir", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_query_int (s->t->db, can_login, -1), >=, 0);
  g_assert_true (bsn_db_login_set_password (s->t->db, name, "rahasia-baru", FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_query_int (s->t->db, can_login, -1), ==, 0);
  g_assert_true (bsn_db_login_set_role (s->t->db, name, "manajer", &error));
  g_assert_true (bsn_db_login_set_active (s->t->db, name, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_query_int (s->t->db, can_login, -1), ==, 1);
  no_group = bsn_db_server_group (s->t->db, "tamu");
  g_assert_null (no_group);
  {
    g_autofree char *drop = g_strdup_printf ("DROP OWNED BY \"%s\"; DROP ROLE \"%s\"", name, name);

    g_assert_cmpint (bsn_test_raw_exec (s->t->db, drop), ==, 0);
  }
  logins_free (s);

  {
    g_autofree char *dir = g_dir_make_tmp ("bsn-edges-XXXXXX", NULL);
    g_autofree char *location = bsn_test_location_new (dir, "v14.db", NULL);
    g_autoptr(BsnDb) old = bsn_db_open_at_version (location, 14, &error);

    g_assert_no_error (error);
    g_assert_false (bsn_db_has_server_logins (old));
    g_assert_false (bsn_db_is_server_admin (old));
    g_rmdir (dir);
  }
}

/* `server init` with a request the server gets refused, in turn: every
 * time NULL with a BSN_ERROR, no transaction left open, and the run
 * without a fault then sets the roles up. */
static void
test_server_init_refused_each (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  const char *roles[] = { "pemilik", "manajer", "pembukuan", "kasir" };
  g_autoptr(GString) drop = g_string_new (NULL);
  guint failures = 0;

  int requests;

  if (skip_unless_pg ("PostgreSQL only: the server's roles and grants"))
    return;
  t = bsn_test_db_new ();
  /* How many requests a run makes (it sets the roles up; a run again
   * does the same). Then the first dozen and last few refused, every fifth
   * between: each request's own refusal is the same code path. */
  for (int run = 0; run < 2; run++)
    {
      g_autoptr(BsnServerSetup) setup = NULL;

      /* The second run's count: the statements are prepared by then. */
      fault_arm ("server", NULL, G_MAXINT / 2);
      setup = bsn_server_init (t->db, NULL);
      g_assert_nonnull (setup);
    }
  requests = G_MAXINT / 2 - fault_skip;
  fault_fn = NULL;
  g_assert_cmpint (requests, >, 10);
  for (int k = 0;; k = k < 12 || k >= requests - 4 ? k + 1 : MIN (k + 5, requests - 4))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BsnServerSetup) setup = NULL;

      fault_arm ("server", NULL, k);
      setup = bsn_server_init (t->db, &error);
      if (fault_fired == 0)
        {
          fault_fn = NULL;
          g_assert_no_error (error);
          g_assert_nonnull (setup);
          g_assert_cmpuint (setup->pending->len, ==, 0);
          g_assert_cmpint (k, ==, requests);
          break;
        }
      g_assert_null (setup);
      g_assert_nonnull (error);
      g_assert_true (error->domain == BSN_ERROR);
      g_assert_false (bsn_db_in_transaction (t->db));
      failures++;
    }
  g_test_message ("%u requests refused in turn", failures);
  g_assert_cmpuint (failures, >, 0);
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autofree char *group = bsn_db_server_group (t->db, roles[i]);

      g_string_append_printf (drop, "%s\"%s\"", i > 0 ? ", " : "", group);
    }
  {
    g_autofree char *groups = g_strdup (drop->str);

    g_string_printf (drop, "DROP OWNED BY %s; DROP ROLE IF EXISTS %s", groups, groups);
  }
  g_assert_cmpint (bsn_test_raw_exec (t->db, drop->str), ==, 0);
}

/* ---- Connecting ---- */

/* libpq out of memory before the connection starts, a server that does
 * not answer in time, and a wait a signal interrupts (the connection
 * then opens). */
static void
test_connect_edges (void)
{
  g_autoptr(GError) error = NULL;
  BsnDb *db;

  if (skip_unless_pg ("PostgreSQL only: connecting to a server"))
    return;
  fault_arm ("PQconnectStartParams", NULL, 0);
  db = bsn_db_open (bsn_test_pg_uri (), BSN_DB_OPEN_DEFAULT, &error);
  g_assert_null (db);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_cmpstr (error->message, ==, "Memori tidak cukup untuk menghubungi server");
  g_clear_error (&error);

  fault_arm ("poll", NULL, 0);
  db = bsn_db_open (bsn_test_pg_uri (), BSN_DB_OPEN_DEFAULT, &error);
  g_assert_cmpint (fault_fired, ==, 1);
  g_assert_null (db);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_OFFLINE);
  g_clear_error (&error);

  /* The clock past the deadline between two steps of the handshake. */
  fault_arm ("g_get_monotonic_time", NULL, 1);
  db = bsn_db_open (bsn_test_pg_uri (), BSN_DB_OPEN_DEFAULT, &error);
  g_assert_cmpint (fault_fired, ==, 1);
  g_assert_null (db);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_OFFLINE);
  g_assert_nonnull (strstr (error->message, "15"));
  g_clear_error (&error);

  {
    g_autoptr(BsnTestDb) t = bsn_test_db_new ();
    g_autoptr(BsnDb) again = NULL;

    fault_arm ("poll-eintr", NULL, 0);
    again = bsn_db_open (t->path, BSN_DB_OPEN_DEFAULT, &error);
    g_assert_cmpint (fault_fired, ==, 1);
    g_assert_no_error (error);
    g_assert_cmpint (bsn_db_get_user_version (again), ==, bsn_db_schema_version ());
    bsn_db_unref (g_steal_pointer (&again));
    fault_arm ("poll-error", NULL, 0);
    again = bsn_db_open (t->path, BSN_DB_OPEN_DEFAULT, &error);
    g_assert_cmpint (fault_fired, ==, 1);
    g_assert_no_error (error);
    g_assert_cmpint (bsn_db_get_user_version (again), ==, bsn_db_schema_version ());
    bsn_db_unref (g_steal_pointer (&again));

    /* A login named without a password: the server's own rule for it
     * (trusted on the test socket). */
    again = bsn_db_open_as (t->path, "postgres", NULL, BSN_DB_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
    g_assert_cmpint (bsn_db_query_int (again, "SELECT 7", 0), ==, 7);
  }
}

/* ---- The live change watch ---- */

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
on_connected (GObject    *object,
              GParamSpec *pspec,
              WatchLog   *log)
{
  log->connected_changes++;
}

static gboolean
on_deadline (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the watch's connected state is @connected and
 * (with @table) @table was heard, or @ms passed; TRUE when it came. */
static gboolean
wait_watch (BsnDbWatch *watch,
            WatchLog   *log,
            gboolean    connected,
            const char *table,
            guint       ms)
{
  gboolean late = FALSE;
  guint id = g_timeout_add (ms, on_deadline, &late);

  while (!late)
    {
      gboolean heard = table == NULL;

      for (guint i = 0; !heard && i < log->tables->len; i++)
        heard = g_str_equal (log->tables->pdata[i], table);
      if (heard && bsn_db_watch_get_connected (watch) == connected)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  if (!late)
    g_source_remove (id);
  return !late;
}

/* Runs the main loop until the armed fault fired (or @ms passed). */
static gboolean
wait_fault (guint ms)
{
  gboolean late = FALSE;
  guint id = g_timeout_add (ms, on_deadline, &late);

  while (!late && fault_fired == 0)
    g_main_context_iteration (NULL, TRUE);
  if (!late)
    g_source_remove (id);
  return !late;
}

static void
kill_backend (BsnTestDb *t,
              int        pid)
{
  g_autofree char *kill = g_strdup_printf ("SELECT pg_terminate_backend (%d)", pid);

  g_assert_cmpint (bsn_test_raw_exec (t->db, kill), ==, 0);
}

/* No server where the location says, libpq out of memory, and a server
 * that refuses the LISTEN: no watch, each with its error. */
static void
test_watch_not_started (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDbWatch) watch = bsn_db_watch_new ("postgresql:///postgres?host=/bsn-test-tidak-ada", &error);

  g_assert_null (watch);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_OFFLINE);
  g_assert_true (g_str_has_prefix (error->message, "Server komputer ini tidak dapat dihubungi"));
  g_clear_error (&error);

  fault_arm ("PQconnectdbParams", NULL, 0);
  watch = bsn_db_watch_new ("postgresql:///postgres?host=/bsn-test-tidak-ada", &error);
  g_assert_cmpint (fault_fired, ==, 1);
  g_assert_null (watch);
  g_assert_nonnull (error);
  g_assert_true (error->domain == BSN_ERROR);
  g_clear_error (&error);

  if (skip_unless_pg ("PostgreSQL only (the rest): a server that refuses the LISTEN"))
    return;
  {
    g_autoptr(BsnTestDb) t = bsn_test_db_new ();

    fault_arm ("PQexec", "LISTEN", 0);
    watch = bsn_db_watch_new (t->path, &error);
    g_assert_cmpint (fault_fired, ==, 1);
    g_assert_null (watch);
    g_assert_error (error, BSN_ERROR, BSN_ERROR_OFFLINE);
    g_assert_true (g_str_has_prefix (error->message, "Pembaruan langsung dari server tidak dapat dimulai"));
  }
}

/* The line lost and found again through every way a reconnection can
 * stumble: the server's state read bad, a reset that cannot start, no
 * socket, a reset the server fails, one that must write first, a LISTEN
 * that cannot be sent. "Coba lagi" (retry_now) tries at once each time;
 * "connected" says the truth throughout, "*" follows each reconnection,
 * and a table written after it is heard. */
static void
test_watch_stumbles (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  BsnDbWatch *watch;
  WatchLog log = { NULL, 0 };
  gboolean connected = FALSE;
  int pid;

  if (skip_unless_pg ("PostgreSQL only: a server connection to lose"))
    return;
  log.tables = g_ptr_array_new_with_free_func (g_free);
  t = bsn_test_db_new ();
  watch = bsn_db_watch_new (t->path, &error);
  g_assert_no_error (error);
  g_signal_connect (watch, "changed", G_CALLBACK (on_changed), &log);
  g_signal_connect (watch, "notify::connected", G_CALLBACK (on_connected), &log);
  g_object_get (watch, "connected", &connected, NULL);
  g_assert_true (connected);
  /* Nothing to retry while connected (and before the start). */
  bsn_db_watch_retry_now (watch);
  bsn_db_watch_start (watch);
  bsn_db_watch_retry_now (watch);
  pid = bsn_db_watch_get_backend_pid (watch);
  g_assert_cmpint (pid, >, 0);

  /* The connection's state read bad after a notification: lost. */
  g_assert_cmpint (bsn_test_raw_exec (t->db, "NOTIFY bsn_changes, 'stores'"), ==, 0);
  fault_arm ("PQstatus", NULL, 0);
  g_assert_true (wait_watch (watch, &log, FALSE, NULL, 5000));
  g_assert_cmpint (fault_fired, ==, 1);
  g_assert_cmpint (log.connected_changes, ==, 1);
  g_assert_cmpint (bsn_db_watch_get_backend_pid (watch), ==, 0);

  /* A reset that cannot start, then no socket, then a reset the server
   * fails: each lost again, still disconnected. */
  fault_arm ("PQresetStart", NULL, 0);
  bsn_db_watch_retry_now (watch);
  g_assert_true (wait_fault (5000));
  fault_arm ("PQsocket", NULL, 0);
  bsn_db_watch_retry_now (watch);
  g_assert_true (wait_fault (5000));
  fault_arm ("PQresetPoll", NULL, 0);
  bsn_db_watch_retry_now (watch);
  g_assert_true (wait_fault (5000));
  g_assert_false (bsn_db_watch_get_connected (watch));
  g_assert_cmpint (log.connected_changes, ==, 1);

  /* One that must write first, and then connects; "Coba lagi" pressed
   * again while it is under way does nothing. */
  fault_arm ("PQresetPoll-writing", NULL, 0);
  bsn_db_watch_retry_now (watch);
  g_main_context_iteration (NULL, TRUE);
  bsn_db_watch_retry_now (watch);
  g_assert_true (wait_watch (watch, &log, TRUE, "*", 5000));
  g_assert_cmpint (fault_fired, ==, 1);
  g_assert_cmpint (log.connected_changes, ==, 2);

  /* Lost for real; the LISTEN of the reconnection cannot be sent: lost
   * again; the next try listens. */
  g_ptr_array_set_size (log.tables, 0);
  kill_backend (t, bsn_db_watch_get_backend_pid (watch));
  g_assert_true (wait_watch (watch, &log, FALSE, NULL, 5000));
  fault_arm ("PQsendQuery", "LISTEN", 0);
  bsn_db_watch_retry_now (watch);
  g_assert_true (wait_fault (5000));
  g_assert_false (bsn_db_watch_get_connected (watch));
  g_assert_cmpuint (log.tables->len, ==, 0);
  bsn_db_watch_retry_now (watch);
  g_assert_true (wait_watch (watch, &log, TRUE, "*", 5000));
  g_assert_cmpint (bsn_test_raw_exec (t->db, "NOTIFY bsn_changes, 'customers'"), ==, 0);
  g_assert_true (wait_watch (watch, &log, TRUE, "customers", 5000));
  g_assert_cmpint (log.connected_changes, ==, 4);

  /* Lost with a retry waiting: the watch goes with its timer. */
  kill_backend (t, bsn_db_watch_get_backend_pid (watch));
  g_assert_true (wait_watch (watch, &log, FALSE, NULL, 5000));
  g_object_unref (watch);
  g_ptr_array_unref (log.tables);
}

/* ---- Schema version 7 on SQLite: a CHECK's text edited in place ---- */

typedef struct
{
  const char *fn;
  const char *sql;
} SchemaFault;

static int
file_user_version (const char *path)
{
  sqlite3 *raw = NULL;
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &raw, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (raw, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (raw);
  return version;
}

/* The receipts table's CHECK rewritten (version 6 → 7) with each step of
 * the rewrite failing in turn: writable_schema refused, the UPDATE of
 * sqlite_schema not prepared, its step interrupted, the schema's version
 * not bumped. Each time the open fails naming the schema's update and the
 * file stays at version 6; then it migrates to the end. */
static void
test_schema_rewrite_fails (void)
{
  static const SchemaFault faults[] = {
    { "sqlite3_prepare_v3", "PRAGMA schema_version" },
    { "sqlite3_exec", "writable_schema = ON" },
    { "sqlite3_prepare_v2", "sqlite_schema" },
    { "sqlite3_step", "UPDATE sqlite_schema" },
    { "sqlite3_exec", "PRAGMA schema_version =" },
  };
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (bsn_test_skip_on_pg ("SQLite only: version 7 edits SQLite's own schema text"))
    return;
  dir = g_dir_make_tmp ("bsn-edges-XXXXXX", NULL);
  path = g_build_filename (dir, "v6.db", NULL);
  {
    g_autoptr(BsnDb) old = bsn_db_open_at_version (path, 6, &error);

    g_assert_no_error (error);
    g_assert_cmpint (bsn_db_get_user_version (old), ==, 6);
  }
  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autoptr(BsnDb) db = NULL;

      /* The schema's version unread is a prepare refused (it warns). */
      expected_warning = "prepare failed: no such function: bsn_test_fault";
      fault_arm (faults[i].fn, faults[i].sql, 0);
      db = bsn_db_open (path, BSN_DB_OPEN_DEFAULT, &error);
      expected_warning = NULL;
      g_assert_cmpint (fault_fired, ==, 1);
      fault_fn = NULL;
      g_assert_null (db);
      g_assert_nonnull (error);
      g_assert_true (error->domain == BSN_ERROR);
      g_test_message ("%s: %s", faults[i].fn, error->message);
      g_assert_nonnull (strstr (error->message, "Memperbarui skema basis data"));
      g_clear_error (&error);
      g_assert_cmpint (file_user_version (path), ==, 6);
    }
  {
    g_autoptr(BsnDb) db = bsn_db_open (path, BSN_DB_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    g_assert_cmpint (bsn_db_get_user_version (db), ==, bsn_db_schema_version ());
    g_assert_cmpint (bsn_db_query_int (db,
                                       "SELECT count (*) FROM sqlite_schema WHERE name = 'receipts' "
                                       "AND sql LIKE '%scheme = ''stopwatch'' OR%'", -1), ==, 1);
  }
  g_remove (path);
  g_rmdir (dir);
}

/* ---- Whole tables copied in ---- */

#define SCRATCH_TABLE "CREATE TABLE salinan (id INTEGER NOT NULL, nama TEXT, catatan TEXT)"

static GPtrArray *
scratch_columns (void)
{
  GPtrArray *columns = g_ptr_array_new ();

  g_ptr_array_add (columns, "id");
  g_ptr_array_add (columns, "nama");
  g_ptr_array_add (columns, "catatan");
  return columns;
}

/* Copies the rows of @select (read whole first) into "salinan". */
static gboolean
copy_rows (BsnDb      *db,
           const char *select,
           GError    **error)
{
  g_autoptr(GPtrArray) columns = scratch_columns ();
  BsnStmt *from = bsn_db_prepare (db, select, error);
  BsnCopy *copy;
  gboolean ok = TRUE;

  g_assert_nonnull (from);
  g_assert_cmpint (bsn_stmt_step (from), ==, BSN_ROW);
  copy = bsn_db_copy_begin (db, "salinan", columns, error);
  g_assert_nonnull (copy);
  do
    ok = bsn_copy_add_row (copy, from, ok ? error : NULL) && ok;
  while (bsn_stmt_step (from) == BSN_ROW);
  bsn_stmt_reset (from);
  return bsn_copy_end (copy, ok ? error : NULL) && ok;
}

/* Rows copied in keep every value as it was: NULL, numbers, and text
 * with a backslash, a tab, a newline and a carriage return (COPY's
 * escapes on PostgreSQL, bound values in SQLite). */
static void
test_copy_rows (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (bsn_db_exec (t->db, SCRATCH_TABLE, &error));
  g_assert_no_error (error);
  g_assert_true (copy_rows (t->db,
                            "SELECT 1, 'garis\\miring', NULL "
                            "UNION ALL SELECT 2, 'tab\tdi\nbaris\r', 'ok' "
                            "ORDER BY 1", &error));
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM salinan", -1), ==, 2);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM salinan WHERE id = 1 AND catatan IS NULL "
                                            "AND nama = 'garis\\miring'", -1), ==, 1);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM salinan WHERE id = 2 AND catatan = 'ok' "
                                            "AND nama = 'tab\tdi\nbaris\r'", -1), ==, 1);
}

/* A copy into a table that is not there is refused at its start; a row
 * the table refuses (no id) fails the copy and leaves no row. */
static void
test_copy_refused (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) columns = scratch_columns ();

  g_assert_true (bsn_db_exec (t->db, SCRATCH_TABLE, &error));
  expected_warning = "prepare failed: no such table: tidak_ada";
  expected_warnings = 0;
  g_assert_null (bsn_db_copy_begin (t->db, "tidak_ada", columns, &error));
  expected_warning = NULL;
  g_assert_cmpuint (expected_warnings, ==, bsn_db_get_engine (t->db) == BSN_ENGINE_SQLITE ? 1 : 0);
  g_assert_nonnull (error);
  g_assert_true (error->domain == BSN_ERROR);
  g_clear_error (&error);

  g_assert_false (copy_rows (t->db, "SELECT 1, 'ada', NULL UNION ALL SELECT NULL, 'tanpa id', NULL", &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == BSN_ERROR);
  g_clear_error (&error);
  if (bsn_db_get_engine (t->db) == BSN_ENGINE_POSTGRESQL)
    g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM salinan", -1), ==, 0);
  else
    /* SQLite inserts row by row, outside a transaction of the copy's own:
     * the caller's transaction is what keeps a copy whole. */
    g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM salinan", -1), ==, 1);
}

/* The line to the server fails while a large copy is sent: the row that
 * filled the buffer is refused with BSN_ERROR_IO, the copy ends failed,
 * and no row is in the table. */
static void
test_copy_send_fails (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) columns = scratch_columns ();
  BsnStmt *from;
  BsnCopy *copy;
  gboolean refused = FALSE;

  if (skip_unless_pg ("PostgreSQL only: COPY's data sent to the server"))
    return;
  t = bsn_test_db_new ();
  g_assert_true (bsn_db_exec (t->db, SCRATCH_TABLE, &error));
  from = bsn_db_prepare (t->db, "SELECT g, repeat ('x', 1000), NULL FROM generate_series (1, 400) g", &error);
  g_assert_cmpint (bsn_stmt_step (from), ==, BSN_ROW);
  copy = bsn_db_copy_begin (t->db, "salinan", columns, &error);
  g_assert_no_error (error);
  fault_arm ("PQputCopyData", NULL, 0);
  do
    refused = !bsn_copy_add_row (copy, from, &error);
  while (!refused && bsn_stmt_step (from) == BSN_ROW);
  bsn_stmt_reset (from);
  g_assert_true (refused);
  g_assert_cmpint (fault_fired, ==, 1);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "Menulis ke tujuan"));
  g_clear_error (&error);
  g_assert_false (bsn_copy_end (copy, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM salinan", -1), ==, 0);
}

/* ---- Batches ---- */

#define COUNTER_TABLE "CREATE TABLE hitung (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"
#define COUNTER_ADD "UPDATE hitung SET n = n + ?2 WHERE id = ?1"
#define COUNTER_TWICE "UPDATE hitung SET n = n + 2 * ?2 WHERE id = ?1"
#define COUNTER_BROKEN "UPDATE hitung SET n = n + ?2 WHERE id = ?1 AND bsn_test_fault () IS NULL"

/* An inner level of a batch that wrote and was rolled back loses the
 * whole batch: its commit is refused with BSN_ERROR_IO and nothing of
 * the batch stays. */
static void
test_batch_poisoned (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (bsn_db_exec (t->db, COUNTER_TABLE, &error));
  g_assert_true (bsn_db_begin_batch (t->db, &error));
  /* Reads are kept for a batch only where its writes are sent ahead. */
  g_assert_true ((bsn_db_batch_cache (t->db, "pelanggan") != NULL)
                 == (bsn_db_get_engine (t->db) == BSN_ENGINE_POSTGRESQL));
  g_assert_true (bsn_db_exec (t->db, "INSERT INTO hitung (id, n) VALUES (1, 10)", &error));
  g_assert_true (bsn_db_begin (t->db, FALSE, &error));
  g_assert_true (bsn_db_exec (t->db, "INSERT INTO hitung (id, n) VALUES (2, 20)", &error));
  bsn_db_rollback (t->db);
  g_assert_false (bsn_db_commit (t->db, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "Sebagian pekerjaan gagal"));
  g_assert_false (bsn_db_in_transaction (t->db));
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM hitung", -1), ==, 0);
}

/* A batch's counters (bsn_db_batch_defer) run once at its commit with
 * the runs added up; outside a batch nothing is deferred. */
static void
test_batch_deferred (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (bsn_db_exec (t->db, COUNTER_TABLE "; INSERT INTO hitung (id, n) VALUES (1, 0), (2, 0)", &error));
  g_assert_no_error (error);
  g_assert_false (bsn_db_batch_defer (t->db, COUNTER_ADD, 1));
  g_assert_null (bsn_db_batch_cache (t->db, "pelanggan"));
  if (skip_unless_pg ("PostgreSQL only (the rest): a batch's counters run at its commit"))
    return;
  g_assert_true (bsn_db_begin_batch (t->db, &error));
  g_assert_nonnull (bsn_db_batch_cache (t->db, "pelanggan"));
  g_assert_true (bsn_db_batch_defer (t->db, COUNTER_ADD, 1));
  g_assert_true (bsn_db_batch_defer (t->db, COUNTER_ADD, 2));
  g_assert_true (bsn_db_batch_defer (t->db, COUNTER_ADD, 1));
  g_assert_true (bsn_db_commit (t->db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT n FROM hitung WHERE id = 1", -1), ==, 2);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT n FROM hitung WHERE id = 2", -1), ==, 1);

  /* An inner level rolled back with nothing written: the runs before it
   * are run there, and stand; a second counter's own runs too. */
  g_assert_true (bsn_db_begin_batch (t->db, &error));
  g_assert_true (bsn_db_batch_defer (t->db, COUNTER_ADD, 1));
  g_assert_true (bsn_db_batch_defer (t->db, COUNTER_TWICE, 1));
  g_assert_true (bsn_db_begin (t->db, FALSE, &error));
  bsn_db_rollback (t->db);
  g_assert_true (bsn_db_commit (t->db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT n FROM hitung WHERE id = 1", -1), ==, 5);
  g_assert_true (bsn_db_exec (t->db, "UPDATE hitung SET n = 2 WHERE id = 1", &error));

  /* A counter the server refuses at the commit: the batch is lost. */
  g_assert_true (bsn_db_begin_batch (t->db, &error));
  g_assert_true (bsn_db_exec (t->db, "UPDATE hitung SET n = 100 WHERE id = 2", &error));
  g_assert_true (bsn_db_batch_defer (t->db, COUNTER_BROKEN, 1));
  g_assert_false (bsn_db_commit (t->db, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == BSN_ERROR);
  g_clear_error (&error);
  g_assert_false (bsn_db_in_transaction (t->db));
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT n FROM hitung WHERE id = 2", -1), ==, 1);

  /* Refused when an inner level is rolled back (the runs before it
   * stand and are run there): the batch is lost at its commit. */
  g_assert_true (bsn_db_begin_batch (t->db, &error));
  g_assert_true (bsn_db_batch_defer (t->db, COUNTER_BROKEN, 1));
  g_assert_true (bsn_db_begin (t->db, FALSE, &error));
  bsn_db_rollback (t->db);
  g_assert_false (bsn_db_commit (t->db, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_false (bsn_db_in_transaction (t->db));
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT sum (n) FROM hitung", -1), ==, 3);
}

/* A savepoint whose statement the server refused: its commit is refused
 * and rolled back to the savepoint; the outer transaction goes on and
 * keeps what it wrote before. */
static void
test_savepoint_refused (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_unless_pg ("PostgreSQL only: a failed statement aborts a server's transaction"))
    return;
  t = bsn_test_db_new ();
  g_assert_true (bsn_db_exec (t->db, COUNTER_TABLE, &error));
  g_assert_true (bsn_db_begin (t->db, TRUE, &error));
  g_assert_true (bsn_db_exec (t->db, "INSERT INTO hitung (id, n) VALUES (1, 5)", &error));
  g_assert_true (bsn_db_begin (t->db, FALSE, &error));
  g_assert_false (bsn_db_exec (t->db, "INSERT INTO hitung (id, n) VALUES (2, bsn_test_fault ())", &error));
  g_clear_error (&error);
  g_assert_false (bsn_db_commit (t->db, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_clear_error (&error);
  g_assert_true (bsn_db_in_transaction (t->db));
  g_assert_true (bsn_db_commit (t->db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT sum (n) FROM hitung", -1), ==, 5);
}

/* ---- Statements ---- */

/* More statements than the address map holds, and one text asked for at
 * many addresses: each still finds its own statement. A NULL read is no
 * value. */
static void
test_statement_cache (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  gint64 v = -1;

  /* The texts stay alive (and so at their addresses) to the end. */
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (int i = 0; i < 4200; i++)
    {
      char *sql = g_strdup_printf ("SELECT %d", i);

      g_ptr_array_add (texts, sql);
      if (i % 700 == 0)
        g_assert_cmpint (bsn_db_query_int (t->db, sql, -1), ==, i);
      else
        g_assert_nonnull (bsn_db_prepare (t->db, sql, NULL));
    }
  for (int i = 0; i < 4200; i++)
    {
      char *sql = g_strdup ("SELECT 4199");

      g_ptr_array_add (texts, sql);
      g_assert_nonnull (bsn_db_prepare (t->db, sql, NULL));
    }
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT 4199", -1), ==, 4199);
  g_assert_cmpint (bsn_db_query_int (t->db, texts->pdata[1400], -1), ==, 1400);
  g_assert_true (bsn_db_read_int (t->db, "SELECT NULL", "membaca", &v, &error));
  g_assert_no_error (error);
  g_assert_cmpint (v, ==, 0);
}

/* The translation of SQLite's dialect for PostgreSQL at its edges: an
 * INSERT OR REPLACE (no table recorded), an INSERT without INTO, a
 * string never closed, a '?' that numbers nothing, trailing ';'. */
static void
test_translate_edges (void)
{
  int n = -1;
  char *table = NULL;
  g_autofree char *replace = bsn_pg_translate ("INSERT OR REPLACE INTO t (a) VALUES (?1)", &n, &table);
  g_autofree char *no_into = NULL;
  g_autofree char *open_string = NULL;
  g_autofree char *question = NULL;

  g_assert_cmpstr (replace, ==, "INSERT OR REPLACE INTO t (a) VALUES ($1)");
  g_assert_null (table);
  g_assert_cmpint (n, ==, 1);
  no_into = bsn_pg_translate ("INSERT t VALUES (?2)", &n, &table);
  g_assert_cmpstr (no_into, ==, "INSERT t VALUES ($2)");
  g_assert_null (table);
  g_assert_cmpint (n, ==, 2);
  open_string = bsn_pg_translate ("SELECT 'tidak ditutup ?1", &n, &table);
  g_assert_cmpstr (open_string, ==, "SELECT 'tidak ditutup ?1");
  g_assert_cmpint (n, ==, 0);
  {
    g_autofree char *inserted = bsn_pg_translate ("INSERTED INTO t VALUES (?1)", &n, &table);
    g_autofree char *into_x = bsn_pg_translate ("INSERT INTO_X t VALUES (?1)", &n, &table);

    /* Words inside longer ones are not the keyword. */
    g_assert_cmpstr (inserted, ==, "INSERTED INTO t VALUES ($1)");
    g_assert_null (table);
    g_assert_cmpstr (into_x, ==, "INSERT INTO_X t VALUES ($1)");
    g_assert_null (table);
  }
  {
    g_autofree char *empty = bsn_pg_translate (";", &n, &table);

    g_assert_cmpstr (empty, ==, "");
    g_assert_cmpint (n, ==, 0);
  }
  question = bsn_pg_translate ("SELECT a ? b, ?3 ;\n ; ", &n, &table);
  g_assert_cmpstr (question, ==, "SELECT a ? b, $3");
  g_assert_cmpint (n, ==, 3);
}

/* ---- A batch's pipeline on PostgreSQL ---- */

#define COUNTER_ROWS "SELECT count (*) * 1000 + coalesce (sum (n), 0) FROM hitung"

/* Writes of every kind a batch sends ahead: rows held and sent together
 * (INSERT), held and sent each (UPDATE), sent at once (DELETE), a read
 * that needs the held rows first, then more rows, then the commit. */
static gboolean
batch_writes (BsnDb   *db,
              GError **error)
{
  BsnStmt *stmt;
  gint64 count = 0;

  if (!bsn_db_begin_batch (db, error))
    return FALSE;
  for (int i = 0; i < 3; i++)
    {
      if ((stmt = bsn_db_prepare (db, "INSERT INTO hitung (id, n) VALUES (?1, ?2)", error)) == NULL)
        goto fail;
      bsn_stmt_bind_int64 (stmt, 1, 10 + i);
      bsn_stmt_bind_int64 (stmt, 2, i);
      if (!bsn_db_step_done (db, stmt, "menambah", error))
        goto fail;
    }
  for (int i = 0; i < 2; i++)
    {
      if ((stmt = bsn_db_prepare (db, "UPDATE hitung SET n = n + 1 WHERE id = ?1", error)) == NULL)
        goto fail;
      bsn_stmt_bind_int64 (stmt, 1, 1);
      if (!bsn_db_step_done (db, stmt, "mengubah", error))
        goto fail;
    }
  if ((stmt = bsn_db_prepare (db, "DELETE FROM hitung WHERE id = ?1 AND n >= 0", error)) == NULL)
    goto fail;
  bsn_stmt_bind_int64 (stmt, 1, 2);
  if (!bsn_db_step_done (db, stmt, "menghapus", error))
    goto fail;
  if (!bsn_db_read_int (db, "SELECT count (*) FROM hitung", "membaca", &count, error))
    goto fail;
  if (count != 4)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, "%" G_GINT64_FORMAT " baris", count);
      goto fail;
    }
  if ((stmt = bsn_db_prepare (db, "INSERT INTO hitung (id, n) VALUES (?1, ?2)", error)) == NULL)
    goto fail;
  bsn_stmt_bind_int64 (stmt, 1, 13);
  bsn_stmt_bind_int64 (stmt, 2, 3);
  if (!bsn_db_step_done (db, stmt, "menambah", error))
    goto fail;
  return bsn_db_commit (db, error);

fail:
  if (bsn_db_in_transaction (db))
    bsn_db_rollback (db);
  return FALSE;
}

/* The batch's writes with each pipeline call of libpq failing in turn
 * (entering the pipeline, sending a statement or rows, the sync, leaving
 * it, the connection read gone between two answers), on a connection of their own: each time the batch fails with a
 * BSN_ERROR and the table is as before; the run without a fault writes
 * it all (5 rows, their counts adding up to 8). */
static void
test_pipeline_faults (void)
{
  static const char *const fns[] = { "PQenterPipelineMode", "PQsendQueryPrepared", "PQsendQueryParams",
                                     "PQpipelineSync", "PQexitPipelineMode", "PQstatus" };
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_unless_pg ("PostgreSQL only: a batch's pipeline to the server"))
    return;
  t = bsn_test_db_new ();
  for (guint f = 0; f < G_N_ELEMENTS (fns); f++)
    {
      guint failures = 0;

      for (int k = 0; k < 100; k++)
        {
          g_autoptr(BsnDb) db = bsn_db_open (t->path, BSN_DB_OPEN_DEFAULT, &error);
          gboolean ok;

          g_assert_no_error (error);
          g_assert_true (bsn_db_exec (db, "DROP TABLE IF EXISTS hitung; " COUNTER_TABLE "; "
                                      "INSERT INTO hitung (id, n) VALUES (1, 0), (2, 0)", &error));
          /* The batch's read prepared before: in the batch it is sent
           * behind the writes. */
          g_assert_cmpint (bsn_db_query_int (db, "SELECT count (*) FROM hitung", -1), ==, 2);
          fault_arm (fns[f], NULL, k);
          ok = batch_writes (db, &error);
          if (fault_fired == 0)
            {
              fault_fn = NULL;
              g_assert_no_error (error);
              g_assert_true (ok);
              g_assert_cmpint (bsn_db_query_int (t->db, COUNTER_ROWS, -1), ==, 5008);
              break;
            }
          g_test_message ("%s #%d: %s", fns[f], k, error != NULL ? error->message : "(none)");
          g_assert_false (ok);
          g_assert_nonnull (error);
          g_assert_true (error->domain == BSN_ERROR);
          g_clear_error (&error);
          g_clear_pointer (&db, bsn_db_unref);
          g_assert_cmpint (bsn_db_query_int (t->db, COUNTER_ROWS, -1), ==, 2000);
          failures++;
        }
      g_assert_cmpuint (failures, >, 0);
    }
}

/* Batches larger than the engine holds back or leaves unanswered: rows
 * are sent and answers read on the way, and every one arrives. With
 * BSN_PG_TRIPS=1 the round trips are counted (printed when the
 * connection closes). */
static void
test_pipeline_large (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  BsnDb *db;

  if (skip_unless_pg ("PostgreSQL only: a batch's pipeline to the server"))
    return;
  t = bsn_test_db_new ();
  g_assert_true (bsn_db_exec (t->db, COUNTER_TABLE, &error));
  g_setenv ("BSN_PG_TRIPS", "1", TRUE);
  db = bsn_db_open (t->path, BSN_DB_OPEN_DEFAULT, &error);
  g_unsetenv ("BSN_PG_TRIPS");
  g_assert_no_error (error);
  g_assert_true (bsn_db_begin_batch (db, &error));
  for (int i = 1; i <= 8100; i++)
    {
      BsnStmt *stmt = bsn_db_prepare (db, "INSERT INTO hitung (id, n) VALUES (?1, ?2)", &error);

      bsn_stmt_bind_int64 (stmt, 1, i);
      bsn_stmt_bind_int64 (stmt, 2, 1);
      g_assert_true (bsn_db_step_done (db, stmt, "menambah", &error));
    }
  for (int i = 1; i <= 2100; i++)
    {
      BsnStmt *stmt = bsn_db_prepare (db, "DELETE FROM hitung WHERE id = ?1 AND n > 0", &error);

      bsn_stmt_bind_int64 (stmt, 1, i);
      g_assert_true (bsn_db_step_done (db, stmt, "menghapus", &error));
    }
  g_assert_true (bsn_db_commit (db, &error));
  g_assert_no_error (error);
  bsn_db_unref (db);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM hitung", -1), ==, 6000);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT min (id) FROM hitung", -1), ==, 2101);
}

/* ---- More of the engines' edges ---- */

/* A row another connection holds, asked for without waiting: the server's
 * lock refusal is BSN_ERROR_BUSY (try again), not a failure. */
static void
test_pg_busy (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(BsnDb) other = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_unless_pg ("PostgreSQL only: a row lock of another connection"))
    return;
  t = bsn_test_db_new ();
  g_assert_true (bsn_db_exec (t->db, COUNTER_TABLE "; INSERT INTO hitung (id, n) VALUES (1, 0)", &error));
  other = bsn_db_open (t->path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (bsn_db_begin (other, TRUE, &error));
  g_assert_true (bsn_db_exec (other, "UPDATE hitung SET n = 1 WHERE id = 1", &error));
  g_assert_false (bsn_db_exec (t->db, "SELECT n FROM hitung WHERE id = 1 FOR UPDATE NOWAIT", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_BUSY);
  bsn_db_rollback (other);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT n FROM hitung WHERE id = 1", -1), ==, 0);
}

/* Statements of shapes the engine does not hold back or give an id
 * column: prepared, and those that are SQL run, with their right result. */
static void
test_pg_statement_shapes (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(BsnDb) db = NULL;
  g_autoptr(GError) error = NULL;
  static const char *const prepared_only[] = {
    "INSERT INTO ident VALUES (?1, ?2)",
    "INSERT INTO ident (name) VALUES ?1",
    "INSERT INTO hitung DEFAULT VALUES",
    "INSERT INTO hitung (id) DEFAULT VALUES",
    "INSERT INTO hitung (id, n) VALUES ?1",
    "INSERT INTO hitung (id, n) VALUES (?1, 'tidak ditutup",
  };
  BsnStmt *stmt;

  if (skip_unless_pg ("PostgreSQL only: the translation of statements for the server"))
    return;
  t = bsn_test_db_new ();
  g_assert_true (bsn_db_exec (t->db, COUNTER_TABLE "; CREATE TABLE ident (id BIGINT GENERATED BY DEFAULT AS "
                                     "IDENTITY PRIMARY KEY, name TEXT)", &error));
  /* A connection that learns the identity tables with "ident" there. */
  db = bsn_db_open (t->path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (prepared_only); i++)
    g_assert_nonnull (bsn_db_prepare (db, prepared_only[i], &error));
  g_assert_no_error (error);

  /* The id named by the statement itself: no id drawn, the row's own. */
  stmt = bsn_db_prepare (db, "INSERT INTO ident (id, name) VALUES (?1, ?2)", &error);
  bsn_stmt_bind_int64 (stmt, 1, 500);
  bsn_stmt_bind_text (stmt, 2, "lima ratus");
  /* A parameter the statement does not have is ignored. */
  bsn_stmt_bind_text (stmt, 3, "lebih");
  g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_DONE);
  bsn_stmt_reset (stmt);
  g_assert_cmpint (bsn_db_last_insert_id (db), ==, 500);

  /* An id drawn: stepping again gives nothing more. */
  stmt = bsn_db_prepare (db, "INSERT INTO ident (name) VALUES (?1)", &error);
  bsn_stmt_bind_text (stmt, 1, "baru");
  g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_DONE);
  g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_DONE);
  bsn_stmt_reset (stmt);
  g_assert_cmpint (bsn_db_last_insert_id (db), ==,
                   bsn_db_query_int (db, "SELECT id FROM ident WHERE name = 'baru'", -1));

  /* Two rows in one VALUES, a quoted table name, a RETURNING of a
   * table without an identity. */
  g_assert_true (bsn_db_exec (db, "INSERT INTO hitung (id, n) VALUES (1, 1), (2, 2)", &error));
  stmt = bsn_db_prepare (db, "UPDATE \"hitung\" SET n = n + ?1", &error);
  bsn_stmt_bind_int64 (stmt, 1, 10);
  g_assert_true (bsn_db_step_done (db, stmt, "mengubah", &error));
  g_assert_cmpint (bsn_db_changes (db), ==, 2);
  stmt = bsn_db_prepare (db, "INSERT INTO hitung (id, n) VALUES (?1, ?2) RETURNING n", &error);
  bsn_stmt_bind_int64 (stmt, 1, 3);
  bsn_stmt_bind_int64 (stmt, 2, 33);
  g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_ROW);
  g_assert_cmpint (bsn_stmt_column_int64 (stmt, 0), ==, 33);
  bsn_stmt_reset (stmt);
  g_assert_cmpint (bsn_db_changes (db), ==, 1);
  g_assert_cmpint (bsn_db_query_int (db, "SELECT sum (n) FROM hitung", -1), ==, 56);

  /* In a batch, an INSERT whose id the server draws (ON CONFLICT: none
   * drawn here) is asked for: the pipeline is read to know it. */
  g_assert_true (bsn_db_begin_batch (db, &error));
  stmt = bsn_db_prepare (db, "INSERT INTO ident (name) VALUES (?1) ON CONFLICT DO NOTHING", &error);
  bsn_stmt_bind_text (stmt, 1, "dalam kelompok");
  g_assert_true (bsn_db_step_done (db, stmt, "menambah", &error));
  g_assert_cmpint (bsn_db_last_insert_id (db), ==,
                   bsn_db_query_int (db, "SELECT id FROM ident WHERE name = 'dalam kelompok'", -1));
  g_assert_true (bsn_db_commit (db, &error));
  g_assert_no_error (error);

  /* The same with a row already there: none written, no new id known;
   * the id asked for after the answers were read is the last one. */
  {
    gint64 before = bsn_db_last_insert_id (db);

    g_assert_true (bsn_db_begin_batch (db, &error));
    stmt = bsn_db_prepare (db, "INSERT INTO ident (id, name) VALUES (?1, ?2) ON CONFLICT DO NOTHING", &error);
    bsn_stmt_bind_int64 (stmt, 1, 500);
    bsn_stmt_bind_text (stmt, 2, "sudah ada");
    g_assert_true (bsn_db_step_done (db, stmt, "menambah", &error));
    g_assert_cmpint (bsn_db_query_int (db, "SELECT count (*) FROM ident WHERE id = 500", -1), ==, 1);
    g_assert_cmpint (bsn_db_last_insert_id (db), ==, before);
    g_assert_true (bsn_db_commit (db, &error));
    g_assert_no_error (error);
  }
  bsn_pg_free (NULL);
  bsn_pg_stmt_free (NULL);
}

/* Rows held back of shapes sent one by one or in one statement: a text
 * literal in the VALUES, every value NULL, a parameter bound as a number
 * then as text, two statements writing one table in turn. They arrive
 * in order; a connection closed with rows held and its batch open sends
 * them into the transaction that is rolled back: none arrives. */
static void
test_pipeline_held_shapes (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  BsnDb *db;
  BsnStmt *stmt;

  if (skip_unless_pg ("PostgreSQL only: a batch's rows held back"))
    return;
  t = bsn_test_db_new ();
  g_assert_true (bsn_db_exec (t->db, "CREATE TABLE catat (id INTEGER, label TEXT, note TEXT)", &error));
  db = bsn_db_open (t->path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  /* Prepared before: in the batch it runs without a sync of its own. */
  g_assert_cmpint (bsn_db_query_int (db, "SELECT length ('catat_' || 'xcatat' || 'catatz')", -1), ==, 18);
  g_assert_true (bsn_db_begin_batch (db, &error));
  for (int i = 0; i < 3; i++)
    {
      stmt = bsn_db_prepare (db, "INSERT INTO catat (id, label, note) VALUES (?1, 'it''s ?2', ?2)", &error);
      bsn_stmt_bind_int64 (stmt, 1, i);
      if (i == 1)
        bsn_stmt_bind_text (stmt, 2, "teks");
      else
        bsn_stmt_bind_int64 (stmt, 2, i * 10);
      g_assert_true (bsn_db_step_done (db, stmt, "menambah", &error));
      stmt = bsn_db_prepare (db, "INSERT INTO catat (note) VALUES (?1)", &error);
      bsn_stmt_bind_null (stmt, 1);
      g_assert_true (bsn_db_step_done (db, stmt, "menambah", &error));
      stmt = bsn_db_prepare (db, "INSERT INTO catat (label, id) VALUES (?1, ?2)", &error);
      bsn_stmt_bind_text (stmt, 1, "balik");
      bsn_stmt_bind_int64 (stmt, 2, 100 + i);
      g_assert_true (bsn_db_step_done (db, stmt, "menambah", &error));
    }
  for (int i = 0; i < 2; i++)
    {
      stmt = bsn_db_prepare (db, "INSERT INTO catat (note) VALUES (?1)", &error);
      bsn_stmt_bind_null (stmt, 1);
      g_assert_true (bsn_db_step_done (db, stmt, "menambah", &error));
    }
  /* One statement's rows in a row: a number, then text for the same
   * parameter (two groups), then text again (one statement for both). */
  for (int i = 0; i < 3; i++)
    {
      stmt = bsn_db_prepare (db, "INSERT INTO catat (id, label, note) VALUES (?1, 'it''s ?2', ?2)", &error);
      bsn_stmt_bind_int64 (stmt, 1, 50 + i);
      if (i == 0)
        bsn_stmt_bind_int64 (stmt, 2, 5);
      else
        bsn_stmt_bind_text (stmt, 2, "lima");
      g_assert_true (bsn_db_step_done (db, stmt, "menambah", &error));
    }
  /* A read that names no held table (only words that hold its name):
   * the rows stay held. */
  g_assert_cmpint (bsn_db_query_int (db, "SELECT length ('catat_' || 'xcatat' || 'catatz')", -1), ==, 18);
  /* A dollar-quoted text, and a parameter NULL in the first rows. */
  for (int i = 0; i < 3; i++)
    {
      stmt = bsn_db_prepare (db, "INSERT INTO catat (id, label, note) VALUES (?1, $q$dolar$q$, ?2)", &error);
      bsn_stmt_bind_int64 (stmt, 1, 60 + i);
      if (i < 2)
        bsn_stmt_bind_null (stmt, 2);
      else
        bsn_stmt_bind_text (stmt, 2, "akhir");
      g_assert_true (bsn_db_step_done (db, stmt, "menambah", &error));
    }
  /* A parameter NULL in every row sent together. */
  for (int i = 0; i < 2; i++)
    {
      stmt = bsn_db_prepare (db, "INSERT INTO catat (id, note) VALUES (?1, ?2)", &error);
      bsn_stmt_bind_int64 (stmt, 1, 80 + i);
      bsn_stmt_bind_null (stmt, 2);
      g_assert_true (bsn_db_step_done (db, stmt, "menambah", &error));
    }
  /* Two rows in one VALUES: not held. */
  stmt = bsn_db_prepare (db, "INSERT INTO catat (id, note) VALUES (?1, 'a'), (?2, 'b')", &error);
  bsn_stmt_bind_int64 (stmt, 1, 70);
  bsn_stmt_bind_int64 (stmt, 2, 71);
  g_assert_true (bsn_db_step_done (db, stmt, "menambah", &error));
  g_assert_true (bsn_db_commit (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM catat WHERE id BETWEEN 50 AND 52 "
                                            "AND label = 'it''s ?2'", -1), ==, 3);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM catat WHERE note = 'lima'", -1), ==, 2);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM catat WHERE label = 'dolar' AND note IS NULL", -1),
                   ==, 2);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT id FROM catat WHERE note = 'akhir'", -1), ==, 62);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT sum (id) FROM catat WHERE id BETWEEN 80 AND 81 AND note IS NULL",
                                     -1), ==, 161);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT sum (id) FROM catat WHERE id BETWEEN 70 AND 71", -1), ==, 141);
  g_assert_cmpint (bsn_db_query_int (t->db, "DELETE FROM catat WHERE id BETWEEN 50 AND 81 RETURNING 0", -1), ==, 0);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM catat", -1), ==, 11);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM catat WHERE label = 'it''s ?2'", -1), ==, 3);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM catat WHERE note = 'teks' AND id = 1", -1), ==, 1);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM catat WHERE note = '20' AND id = 2", -1), ==, 1);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT sum (id) FROM catat WHERE label = 'balik'", -1), ==, 303);

  g_assert_true (bsn_db_begin_batch (db, &error));
  stmt = bsn_db_prepare (db, "INSERT INTO catat (id, label, note) VALUES (?1, 'it''s ?2', ?2)", &error);
  bsn_stmt_bind_int64 (stmt, 1, 9);
  bsn_stmt_bind_int64 (stmt, 2, 9);
  g_assert_true (bsn_db_step_done (db, stmt, "menambah", &error));
  bsn_db_unref (db);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM catat", -1), ==, 11);
}

/* A scan left before its end inside a read transaction: its cursor is
 * closed and the transaction reads on. */
static void
test_scan_closed_early (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  BsnStmt *stmt;

  if (skip_unless_pg ("PostgreSQL only: a scan read through a server cursor"))
    return;
  t = bsn_test_db_new ();
  /* A snapshot's name is hex digits and dashes, 1 to 64 of them. */
  {
    g_autofree char *too_long = g_strnfill (65, 'a');
    const char *const bad[] = { "", "00000003-1B'; DROP", too_long };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_false (bsn_db_begin_read (t->db, bad[i], &error));
        g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
        g_clear_error (&error);
        g_assert_false (bsn_db_in_transaction (t->db));
      }
  }
  g_assert_null (bsn_db_export_snapshot (t->db));
  g_assert_true (bsn_db_begin_read (t->db, NULL, &error));
  stmt = bsn_db_prepare_scan (t->db, "SELECT g FROM generate_series (1, 20000) g", &error);
  for (int i = 1; i <= 3; i++)
    {
      g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_ROW);
      g_assert_cmpint (bsn_stmt_column_int64 (stmt, 0), ==, i);
    }
  bsn_stmt_reset (stmt);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM generate_series (1, 5)", -1), ==, 5);
  g_assert_true (bsn_db_commit (t->db, &error));
  g_assert_no_error (error);

  /* Read to its end across its chunks; and left after its transaction
   * ended (the server closed the cursor with it). */
  for (int whole = 1; whole >= 0; whole--)
    {
      gint64 rows = 0, sum = 0;

      g_assert_true (bsn_db_begin_read (t->db, NULL, &error));
      stmt = bsn_db_prepare_scan (t->db, "SELECT g FROM generate_series (1, 20000) g", &error);
      while ((whole || rows < 3) && bsn_stmt_step (stmt) == BSN_ROW)
        {
          rows++;
          sum += bsn_stmt_column_int64 (stmt, 0);
        }
      g_assert_cmpint (rows, ==, whole ? 20000 : 3);
      g_assert_cmpint (sum, ==, whole ? (gint64) 20000 * 20001 / 2 : 6);
      if (!whole)
        g_assert_true (bsn_db_commit (t->db, &error));
      bsn_stmt_reset (stmt);
      if (whole)
        g_assert_true (bsn_db_commit (t->db, &error));
      g_assert_no_error (error);
    }
  g_assert_false (bsn_db_in_transaction (t->db));
}

/* The rest of the connection's life: the default location from $BSN_DB,
 * identities reset (nothing to do in SQLite), a connection closed in a
 * transaction rolls it back, a version asked of a location that does not
 * open, a batch's counters dropped with its rollback. */
static void
test_connection_life (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *where = NULL;
  BsnDb *db;

  g_setenv ("BSN_DB", "/srv/bsn/toko.db", TRUE);
  where = bsn_db_default_path ();
  g_assert_cmpstr (where, ==, "/srv/bsn/toko.db");
  g_clear_pointer (&where, g_free);
  /* Set but empty: the default place. */
  g_setenv ("BSN_DB", "", TRUE);
  where = bsn_db_default_path ();
  g_unsetenv ("BSN_DB");
  g_assert_true (g_str_has_suffix (where, ".db"));
  g_assert_true (g_path_is_absolute (where));
  g_assert_true (bsn_db_check_integrity (t->db, TRUE, &error));
  g_assert_true (bsn_db_check_integrity (t->db, FALSE, &error));
  g_assert_no_error (error);
  if (bsn_db_get_engine (t->db) == BSN_ENGINE_SQLITE)
    {
      g_assert_true (bsn_db_begin (t->db, FALSE, &error));
      g_assert_null (bsn_db_export_snapshot (t->db));
      bsn_db_rollback (t->db);
    }
  else
    {
      /* The shorter scheme name opens the same server. */
      g_autofree char *short_scheme = g_strconcat ("postgres:", t->path + strlen ("postgresql:"), NULL);
      g_autoptr(BsnDb) again = bsn_db_open (short_scheme, BSN_DB_OPEN_DEFAULT, &error);

      g_assert_no_error (error);
      g_assert_cmpint (bsn_db_get_user_version (again), ==, bsn_db_schema_version ());
    }
  g_assert_true (bsn_db_reset_identities (t->db, &error));
  g_assert_no_error (error);

  g_assert_true (bsn_db_exec (t->db, COUNTER_TABLE "; INSERT INTO hitung (id, n) VALUES (1, 0)", &error));
  db = bsn_db_open (t->path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (bsn_db_begin (db, TRUE, &error));
  g_assert_true (bsn_db_begin (db, FALSE, &error));
  g_assert_true (bsn_db_exec (db, "UPDATE hitung SET n = 9", &error));
  bsn_db_unref (db);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT n FROM hitung", -1), ==, 0);

  g_assert_null (bsn_db_watch_new (NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);
  /* Nobody listening at the port: refused at once, OFFLINE. */
  g_assert_null (bsn_db_open ("postgresql://sri@127.0.0.1:1/bsn", BSN_DB_OPEN_DEFAULT, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_OFFLINE);
  g_clear_error (&error);
  g_assert_null (bsn_db_open_at_version ("postgresql:toko", 3, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);
  if (bsn_db_get_engine (t->db) == BSN_ENGINE_SQLITE)
    {
      g_autofree char *v7 = g_build_filename (t->dir, "v7.db", NULL);

      /* A version's step failing: no database at that version. */
      fault_arm ("sqlite3_exec", "writable_schema = ON", 0);
      g_assert_null (bsn_db_open_at_version (v7, 7, &error));
      g_assert_cmpint (fault_fired, ==, 1);
      g_assert_nonnull (strstr (error->message, "Memperbarui skema basis data"));
      g_clear_error (&error);
      g_assert_cmpint (file_user_version (v7), ==, 6);
      g_remove (v7);
    }

  if (bsn_db_get_engine (t->db) == BSN_ENGINE_POSTGRESQL)
    {
      g_assert_true (bsn_db_begin_batch (t->db, &error));
      g_assert_true (bsn_db_batch_defer (t->db, COUNTER_ADD, 1));
      bsn_db_rollback (t->db);
      g_assert_true (bsn_db_begin_batch (t->db, &error));
      g_assert_true (bsn_db_commit (t->db, &error));
      g_assert_cmpint (bsn_db_query_int (t->db, "SELECT n FROM hitung", -1), ==, 0);
    }
}

/* A version the server is asked for and does not answer is not kept: the
 * next ask reads it. */
static void
test_pg_version_not_kept (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *location = NULL;
  g_autofree char *schema = NULL;
  g_autoptr(BsnDb) db = NULL;

  if (skip_unless_pg ("PostgreSQL only: the server schema's version"))
    return;
  dir = g_dir_make_tmp ("bsn-edges-XXXXXX", NULL);
  location = bsn_test_location_new (dir, "versi.db", &schema);
  db = bsn_db_open_at_version (location, bsn_db_schema_version (), &error);
  g_assert_no_error (error);
  fault_arm ("server", NULL, 0);
  g_assert_false (bsn_db_server_schema_at_least (db, 1));
  g_assert_cmpint (fault_fired, ==, 1);
  g_assert_true (bsn_db_server_schema_at_least (db, 1));
  g_assert_false (bsn_db_server_schema_at_least (db, bsn_db_schema_version () + 1));
  g_rmdir (dir);
}

/* In SQLite, statements SQLite refuses to prepare and a BEGIN it refuses:
 * a setting read is none, one written is refused, `server init` stops
 * before anything (users unread or no transaction), and the server's
 * group and grants (functions a file has not) are none. */
static void
test_sqlite_refusals (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *group = NULL;
  g_autofree char *meta = NULL;

  if (bsn_test_skip_on_pg ("SQLite only: SQLite's prepare and BEGIN refused"))
    return;
  t = bsn_test_db_new ();
  expected_warning = "prepare failed: no such function: bsn_test_fault";
  expected_warnings = 0;

  fault_arm ("sqlite3_prepare_v3", "INTO meta", 0);
  g_assert_false (bsn_db_set_meta (t->db, "zona", "WIB", &error));
  g_assert_cmpint (fault_fired, ==, 1);
  g_assert_nonnull (error);
  g_assert_true (error->domain == BSN_ERROR);
  g_clear_error (&error);
  g_assert_true (bsn_db_set_meta (t->db, "zona", "WITA", &error));
  fault_arm ("sqlite3_prepare_v3", "FROM meta", 0);
  meta = bsn_db_get_meta (t->db, "zona");
  g_assert_cmpint (fault_fired, ==, 1);
  g_assert_null (meta);
  meta = bsn_db_get_meta (t->db, "zona");
  g_assert_cmpstr (meta, ==, "WITA");

  fault_arm ("sqlite3_prepare_v3", "FROM users", 0);
  g_assert_null (bsn_server_init (t->db, &error));
  g_assert_cmpint (fault_fired, ==, 1);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (bsn_db_in_transaction (t->db));
  fault_arm ("sqlite3_exec", "BEGIN", 0);
  g_assert_null (bsn_server_init (t->db, &error));
  g_assert_cmpint (fault_fired, ==, 1);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (expected_warnings, ==, 3);

  expected_warning = "prepare failed: no such function: bsn_";
  group = bsn_db_server_group (t->db, "kasir");
  g_assert_null (group);
  g_assert_false (bsn_db_server_grant (t->db, "kasir", "INSERT", "receipts", &error));
  g_assert_nonnull (error);
  expected_warning = NULL;
  g_assert_cmpuint (expected_warnings, ==, 5);
}

/* The server's SQLSTATE classes as the app's error codes: a
 * serialization failure and a deadlock are BUSY (try again), a lost
 * connection or a server shutting down OFFLINE, a missing privilege
 * REFUSED; in a batch's pipeline a serialization failure is still BUSY,
 * another failure loses the batch (IO). */
typedef struct
{
  const char *state;
  int         code;
} StateCase;

static void
test_pg_states (void)
{
  static const StateCase cases[] = {
    { "40001", BSN_ERROR_BUSY }, { "40P01", BSN_ERROR_BUSY }, { "08006", BSN_ERROR_OFFLINE },
    { "57P01", BSN_ERROR_OFFLINE }, { "42501", BSN_ERROR_REFUSED }, { "22012", BSN_ERROR_IO },
  };
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_unless_pg ("PostgreSQL only: the server's SQLSTATEs"))
    return;
  t = bsn_test_db_new ();
  g_assert_true (bsn_db_exec (t->db, COUNTER_TABLE, &error));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *raise = g_strdup_printf ("DO $$ BEGIN RAISE EXCEPTION 'uji' USING ERRCODE = '%s'; END $$",
                                                cases[i].state);

      g_assert_false (bsn_db_exec (t->db, raise, &error));
      g_assert_error (error, BSN_ERROR, cases[i].code);
      g_clear_error (&error);
    }
  for (guint i = 0; i < 3; i++)
    {
      const char *const sqls[] = { "INSERT INTO hitung (id, n) VALUES (?1, bsn_raise_40001 ())",
                                   "INSERT INTO hitung (id, n) VALUES (?1, bsn_raise_22012 ())",
                                   "INSERT INTO hitung (id, n) VALUES (?1, bsn_raise_55P03 ())" };
      const char *sql = sqls[i];
      BsnStmt *stmt;

      g_assert_true (bsn_db_exec (t->db,
                                  "CREATE OR REPLACE FUNCTION bsn_raise_40001 () RETURNS int LANGUAGE plpgsql AS "
                                  "$$ BEGIN RAISE EXCEPTION 'uji' USING ERRCODE = '40001'; END $$; "
                                  "CREATE OR REPLACE FUNCTION bsn_raise_22012 () RETURNS int LANGUAGE plpgsql AS "
                                  "$$ BEGIN RAISE EXCEPTION 'uji' USING ERRCODE = '22012'; END $$; "
                                  "CREATE OR REPLACE FUNCTION bsn_raise_55P03 () RETURNS int LANGUAGE plpgsql AS "
                                  "$$ BEGIN RAISE EXCEPTION 'uji' USING ERRCODE = '55P03'; END $$", &error));
      g_assert_true (bsn_db_begin_batch (t->db, &error));
      stmt = bsn_db_prepare (t->db, sql, &error);
      bsn_stmt_bind_int64 (stmt, 1, 1);
      /* Sent ahead (held): the server's answer comes at the commit. */
      g_assert_true (bsn_db_step_done (t->db, stmt, "menambah", &error));
      g_assert_no_error (error);
      g_assert_false (bsn_db_commit (t->db, &error));
      g_assert_error (error, BSN_ERROR, (int) (i == 1 ? BSN_ERROR_IO : BSN_ERROR_BUSY));
      g_clear_error (&error);
      g_assert_false (bsn_db_in_transaction (t->db));
    }
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM hitung", -1), ==, 0);

  /* A connection the server ended: no SQLSTATE, the line is down. */
  {
    g_autoptr(BsnDb) other = bsn_db_open (t->path, BSN_DB_OPEN_DEFAULT, &error);
    g_autofree char *kill = NULL;

    g_assert_no_error (error);
    kill = g_strdup_printf ("SELECT pg_terminate_backend (%" G_GINT64_FORMAT ")",
                            bsn_db_query_int (other, "SELECT pg_backend_pid ()", -1));
    g_assert_cmpint (bsn_test_raw_exec (t->db, kill), ==, 0);
    g_usleep (100 * 1000);
    g_assert_false (bsn_db_exec (other, "SELECT 1", &error));
    g_assert_error (error, BSN_ERROR, BSN_ERROR_OFFLINE);
  }
}

/* More shapes the engine reads to hold rows back or not, prepared only
 * (they are never run), $BSN_PG_HOLD=0, and a statement's columns and
 * parameters asked for out of range: none there. */
static void
test_pg_more_shapes (void)
{
  static const char *const prepared_only[] = {
    "UPDATE hitung SET n = 1 RETURNING n",
    "UPDATE hitung SET n = h.n FROM hitung h",
    "update hitung set n = h.n from hitung h",
    "INSERT INTO hitung (id, n) select 1, 2",
    "INSERT OR REPLACE INTO hitung (id, n) VALUES (1, 2)",
    "INSERT INTO hitung (id, n) VALUES (?1, ?2) /* sesudahnya */",
    "INSERT INTO hitung (id, n) VALUES (?1, (?2)",
    "INSERT INTO ident (name",
  };
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(BsnDb) db = NULL;
  g_autoptr(GError) error = NULL;
  BsnStmt *stmt;

  if (skip_unless_pg ("PostgreSQL only: the translation of statements for the server"))
    return;
  t = bsn_test_db_new ();
  g_assert_true (bsn_db_exec (t->db, COUNTER_TABLE "; CREATE TABLE ident (id BIGINT GENERATED BY DEFAULT AS "
                                     "IDENTITY PRIMARY KEY, name TEXT)", &error));
  db = bsn_db_open (t->path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (prepared_only); i++)
    g_assert_nonnull (bsn_db_prepare (db, prepared_only[i], &error));
  g_assert_nonnull (bsn_db_prepare_scan (db, "INSERT INTO ident (name) VALUES ('pindai')", &error));
  g_assert_nonnull (bsn_db_prepare_scan (db, "DELETE FROM hitung WHERE id < 0", &error));

  /* Nothing held with BSN_PG_HOLD=0: the row is written at once. */
  g_setenv ("BSN_PG_HOLD", "0", TRUE);
  stmt = bsn_db_prepare (db, "INSERT INTO hitung (id, n) VALUES (?1, 7)", &error);
  g_unsetenv ("BSN_PG_HOLD");
  g_assert_true (bsn_db_begin_batch (db, &error));
  bsn_stmt_bind_int64 (stmt, 1, 1);
  bsn_stmt_bind_int64 (stmt, 0, 99);
  g_assert_true (bsn_db_step_done (db, stmt, "menambah", &error));
  g_assert_true (bsn_db_commit (db, &error));
  g_assert_no_error (error);

  /* BSN_PG_PIPELINE=0: a batch's writes each wait for their answer,
   * and it keeps no reads. */
  {
    g_autoptr(BsnDb) waiting = NULL;

    g_setenv ("BSN_PG_PIPELINE", "0", TRUE);
    waiting = bsn_db_open (t->path, BSN_DB_OPEN_DEFAULT, &error);
    g_unsetenv ("BSN_PG_PIPELINE");
    g_assert_no_error (error);
    g_assert_true (bsn_db_begin_batch (waiting, &error));
    g_assert_null (bsn_db_batch_cache (waiting, "pelanggan"));
    stmt = bsn_db_prepare (waiting, "UPDATE hitung SET n = n + 1 WHERE id = ?1", &error);
    bsn_stmt_bind_int64 (stmt, 1, 1);
    g_assert_true (bsn_db_step_done (waiting, stmt, "mengubah", &error));
    g_assert_cmpint (bsn_db_changes (waiting), ==, 1);
    g_assert_true (bsn_db_commit (waiting, &error));
    g_assert_no_error (error);
  }

  /* A comparison in a select list: a boolean on the server, 1 or 0 as a
   * number, "t" or "f" as text, in either format the rows come in. */
  for (int run = 0; run < 2; run++)
    {
      stmt = bsn_db_prepare (db, "SELECT 1 > 0, 1 < 0, 'teks'", &error);
      g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_ROW);
      g_assert_cmpint (bsn_stmt_column_int64 (stmt, 0), ==, 1);
      g_assert_cmpint (bsn_stmt_column_int64 (stmt, 1), ==, 0);
      g_assert_cmpstr (bsn_stmt_column_text (stmt, 2), ==, "teks");
      /* Text that only starts like a boolean is no number. */
      g_assert_cmpint (bsn_stmt_column_int64 (stmt, 2), ==, 0);
      bsn_stmt_reset (stmt);
      stmt = bsn_db_prepare (db, "SELECT 'fakta', 'f'", &error);
      g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_ROW);
      g_assert_cmpint (bsn_stmt_column_int64 (stmt, 0), ==, 0);
      g_assert_cmpint (bsn_stmt_column_int64 (stmt, 1), ==, 0);
      bsn_stmt_reset (stmt);
      /* A row of no columns. */
      stmt = bsn_db_prepare (db, "SELECT", &error);
      g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_ROW);
      g_assert_cmpint (bsn_stmt_column_count (stmt), ==, 0);
      g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_DONE);
      bsn_stmt_reset (stmt);
      stmt = bsn_db_prepare (db, "SELECT 1 > 0, 1 < 0, 42", &error);
      g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_ROW);
      g_assert_cmpstr (bsn_stmt_column_text (stmt, 0), ==, "t");
      g_assert_cmpstr (bsn_stmt_column_text (stmt, 1), ==, "f");
      g_assert_cmpstr (bsn_stmt_column_text (stmt, 2), ==, "42");
      g_assert_cmpstr (bsn_stmt_column_text (stmt, 2), ==, "42");
      g_assert_cmpint (bsn_stmt_column_int64 (stmt, 0), ==, 1);
      bsn_stmt_reset (stmt);
    }

  /* An INSERT that names its RETURNING itself gives the row. */
  stmt = bsn_db_prepare (db, "INSERT INTO ident (name) VALUES (?1) RETURNING id", &error);
  bsn_stmt_bind_text (stmt, 1, "kembali");
  g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_ROW);
  g_assert_cmpint (bsn_stmt_column_int64 (stmt, 0), ==,
                   bsn_db_query_int (db, "SELECT id FROM ident WHERE name = 'kembali'", -1));
  bsn_stmt_reset (stmt);

  stmt = bsn_db_prepare (db, "SELECT id, n FROM hitung", &error);
  g_assert_cmpint (bsn_stmt_column_count (stmt), ==, 0);
  g_assert_true (bsn_stmt_column_is_null (stmt, 0));
  g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_ROW);
  g_assert_cmpint (bsn_stmt_column_count (stmt), ==, 2);
  g_assert_cmpint (bsn_stmt_column_int64 (stmt, 1), ==, 8);
  g_assert_true (bsn_stmt_column_is_null (stmt, 2));
  g_assert_true (bsn_stmt_column_is_null (stmt, -1));
  g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_DONE);
  g_assert_true (bsn_stmt_column_is_null (stmt, 0));
  bsn_stmt_reset (stmt);
}

/* Ids for a server array: none of them not positive, known or twice. */
static void
test_id_array (void)
{
  const gint64 ids[] = { 3, 0, 3, 5, -2, 8 };
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gint64 *five = g_new (gint64, 1);
  g_autofree char *all = bsn_db_id_array (ids, G_N_ELEMENTS (ids), NULL);
  g_autofree char *unknown = NULL;
  g_autofree char *none = NULL;

  *five = 5;
  g_hash_table_add (known, five);
  unknown = bsn_db_id_array (ids, G_N_ELEMENTS (ids), known);
  none = bsn_db_id_array (ids + 1, 1, known);
  g_assert_cmpstr (all, ==, "{3,5,8}");
  g_assert_cmpstr (unknown, ==, "{3,8}");
  g_assert_null (none);
  g_assert_true (bsn_db_location_is_server ("POSTGRES://toko/bsn"));
  g_assert_true (bsn_db_location_is_server ("postgresql:/salah"));
  g_assert_false (bsn_db_location_is_server ("postgre.db"));
  g_assert_false (bsn_db_location_is_server (NULL));
}

/* A new database asked to be empty is created bare: the schema, and no
 * rows a new network starts with. */
static void
test_open_empty_new (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-edges-XXXXXX", NULL);
  g_autofree char *location = bsn_test_location_new (dir, "kosong.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) db = bsn_db_open (location, BSN_DB_OPEN_CREATE | BSN_DB_OPEN_EMPTY, &error);

  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_get_user_version (db), ==, bsn_db_schema_version ());
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count (*) FROM tier_versions", -1), ==, 0);
  /* SQLite's schema text itself holds the four system accounts; the
   * server's makes them in its install step, skipped here (a move to a
   * server, the one use of an empty database, brings its own). */
  g_assert_cmpint (bsn_db_query_int (db, "SELECT count (*) FROM accounts", -1), ==,
                   bsn_db_location_is_server (location) ? 0 : 4);
  g_clear_pointer (&db, bsn_db_unref);
  if (!bsn_db_location_is_server (location))
    g_remove (location);
  g_rmdir (dir);
}

/* BSN_SQL_PROFILE: SQLite's time per statement, printed (the 40 slowest)
 * when the connection closes; the statements' results are the same. */
static void
test_sql_profile (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  BsnDb *db;

  if (bsn_test_skip_on_pg ("SQLite only: SQLite's statement profile"))
    return;
  t = bsn_test_db_new ();
  g_setenv ("BSN_SQL_PROFILE", "1", TRUE);
  db = bsn_db_open (t->path, BSN_DB_OPEN_DEFAULT, &error);
  g_unsetenv ("BSN_SQL_PROFILE");
  g_assert_no_error (error);
  for (int i = 0; i < 45; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT %d * 2", i);

      g_assert_cmpint (bsn_db_query_int (db, sql, -1), ==, i * 2);
    }
  bsn_db_unref (db);
  /* A connection that ran fewer statements than are printed. */
  g_setenv ("BSN_SQL_PROFILE", "1", TRUE);
  db = bsn_db_open (t->path, BSN_DB_OPEN_DEFAULT, &error);
  g_unsetenv ("BSN_SQL_PROFILE");
  g_assert_no_error (error);
  bsn_db_unref (db);
}

/* SQLite ends a transaction by itself (here an explicit ROLLBACK run
 * inside a savepoint): the levels above learn it at their commit, which
 * is refused; an inner rollback then has nothing to roll back to. */
static void
test_sqlite_transaction_lost (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;

  if (bsn_test_skip_on_pg ("SQLite only: SQLite ends a transaction by itself"))
    return;
  t = bsn_test_db_new ();
  g_assert_true (bsn_db_exec (t->db, COUNTER_TABLE, &error));
  g_assert_true (bsn_db_begin (t->db, TRUE, &error));
  g_assert_true (bsn_db_begin (t->db, FALSE, &error));
  g_assert_true (bsn_db_exec (t->db, "INSERT INTO hitung (id, n) VALUES (1, 1); ROLLBACK", &error));
  g_assert_false (bsn_db_commit (t->db, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_clear_error (&error);
  g_assert_true (bsn_db_in_transaction (t->db));
  g_assert_false (bsn_db_commit (t->db, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_clear_error (&error);
  g_assert_false (bsn_db_in_transaction (t->db));

  g_assert_true (bsn_db_begin (t->db, TRUE, &error));
  g_assert_true (bsn_db_begin (t->db, FALSE, &error));
  g_assert_true (bsn_db_exec (t->db, "INSERT INTO hitung (id, n) VALUES (2, 2); ROLLBACK", &error));
  bsn_db_rollback (t->db);
  bsn_db_rollback (t->db);
  g_assert_false (bsn_db_in_transaction (t->db));
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count (*) FROM hitung", -1), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);
  g_test_add_func ("/storage/address/parts", test_address_parts);
  g_test_add_func ("/storage/open/ref", test_db_ref);
  g_test_add_func ("/storage/open/refusals", test_open_refusals);
  g_test_add_func ("/storage/open/file-refused", test_open_file_refused);
  g_test_add_func ("/storage/open/connect-edges", test_connect_edges);
  g_test_add_func ("/storage/logins/on-file", test_logins_on_file);
  g_test_add_func ("/storage/logins/init-not-admin", test_server_init_not_admin);
  g_test_add_func ("/storage/logins/password-unsealable", test_login_password_unsealable);
  g_test_add_func ("/storage/logins/init-refused-each", test_server_init_refused_each);
  g_test_add_func ("/storage/logins/calls", test_login_calls);
  g_test_add_func ("/storage/watch/not-started", test_watch_not_started);
  g_test_add_func ("/storage/watch/stumbles", test_watch_stumbles);
  g_test_add_func ("/storage/schema/v7-rewrite-fails", test_schema_rewrite_fails);
  g_test_add_func ("/storage/copy/rows", test_copy_rows);
  g_test_add_func ("/storage/copy/refused", test_copy_refused);
  g_test_add_func ("/storage/copy/send-fails", test_copy_send_fails);
  g_test_add_func ("/storage/batch/poisoned", test_batch_poisoned);
  g_test_add_func ("/storage/batch/deferred", test_batch_deferred);
  g_test_add_func ("/storage/batch/savepoint-refused", test_savepoint_refused);
  g_test_add_func ("/storage/stmt/cache", test_statement_cache);
  g_test_add_func ("/storage/stmt/translate-edges", test_translate_edges);
  g_test_add_func ("/storage/pipeline/faults", test_pipeline_faults);
  g_test_add_func ("/storage/pipeline/large", test_pipeline_large);
  g_test_add_func ("/storage/pg/busy", test_pg_busy);
  g_test_add_func ("/storage/pg/statement-shapes", test_pg_statement_shapes);
  g_test_add_func ("/storage/pipeline/held-shapes", test_pipeline_held_shapes);
  g_test_add_func ("/storage/pg/scan-closed-early", test_scan_closed_early);
  g_test_add_func ("/storage/open/connection-life", test_connection_life);
  g_test_add_func ("/storage/pg/version-not-kept", test_pg_version_not_kept);
  g_test_add_func ("/storage/sqlite/refusals", test_sqlite_refusals);
  g_test_add_func ("/storage/pg/states", test_pg_states);
  g_test_add_func ("/storage/pg/more-shapes", test_pg_more_shapes);
  g_test_add_func ("/storage/stmt/id-array", test_id_array);
  g_test_add_func ("/storage/open/empty-new", test_open_empty_new);
  g_test_add_func ("/storage/open/sql-profile", test_sql_profile);
  g_test_add_func ("/storage/sqlite/transaction-lost", test_sqlite_transaction_lost);
  return g_test_run ();
}
