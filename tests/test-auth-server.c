/* test-auth-server.c — signing in on a PostgreSQL server with logins
 * (`server init`, bsn-server.h): the server checked the password when the
 * connection opened, and the library refuses a session that asks for
 * another login's name, a login that is no user of this network, a
 * disabled user and a login the server turns away; a password too short
 * or for no user changes nothing. PostgreSQL only (the test server's
 * schemas are trusted on the socket, so any password opens a login's
 * connection: what is tested here is the library's answer to the session
 * it got). The logins are cluster-wide: their names carry this test
 * schema's name, and they are dropped at the end. */
#include "config.h"

#include <dlfcn.h>
#include <libpq-fe.h>
#include <string.h>

#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-db-logins.h"
#include "bsn-error.h"
#include "bsn-server.h"
#include "bsn-test-util.h"

typedef struct
{
  BsnTestDb *t;
  char      *owner;
  char      *kasir;
  char      *stray;
} Server;

/* When set, the next connection goes to a socket folder that does not
 * exist: the server as a store's PC finds it when the office PC is off.
 * (This program's own PQconnectStartParams, in front of libpq's.) */
static gboolean server_gone;

typedef PGconn *(*ConnectStart) (const char *const *, const char *const *, int);

PGconn *
PQconnectStartParams (const char *const *keywords,
                      const char *const *values,
                      int                expand_dbname)
{
  static ConnectStart real;
  const char *const gone_keys[] = { "host", "dbname", NULL };
  const char *const gone_values[] = { "/bsn-test-tidak-ada", "postgres", NULL };

  if (real == NULL)
    real = (ConnectStart) dlsym (RTLD_NEXT, "PQconnectStartParams");
  g_assert_nonnull (real);
  if (server_gone)
    return real (gone_keys, gone_values, 0);
  return real (keywords, values, expand_dbname);
}

static Server *
server_new (void)
{
  Server *s = g_new0 (Server, 1);
  g_autoptr(BsnServerSetup) setup = NULL;
  g_autoptr(GError) error = NULL;

  s->t = bsn_test_db_new ();
  s->owner = g_strdup_printf ("own_%s", s->t->pg_schema);
  s->kasir = g_strdup_printf ("kas_%s", s->t->pg_schema);
  s->stray = g_strdup_printf ("lain_%s", s->t->pg_schema);
  setup = bsn_server_init (s->t->db, &error);
  g_assert_no_error (error);
  g_assert_nonnull (setup);
  g_assert_true (bsn_db_has_server_logins (s->t->db));
  g_assert_true (bsn_db_is_server_admin (s->t->db));
  g_assert_true (bsn_auth_add_user (s->t->db, s->owner, BSN_ROLE_PEMILIK, "rahasia-pemilik", &error));
  g_assert_no_error (error);
  g_assert_true (bsn_auth_add_user (s->t->db, s->kasir, BSN_ROLE_KASIR, "rahasia-kasir", &error));
  g_assert_no_error (error);
  return s;
}

static void
server_free (Server *s)
{
  const char *roles[] = { "pemilik", "manajer", "pembukuan", "kasir" };
  g_autoptr(GString) sql = g_string_new ("DROP OWNED BY ");
  g_autoptr(GString) drop = g_string_new ("DROP ROLE IF EXISTS ");

  g_string_append_printf (sql, "\"%s\", \"%s\"", s->owner, s->kasir);
  g_string_append_printf (drop, "\"%s\", \"%s\", \"%s\"", s->owner, s->kasir, s->stray);
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
  g_free (s->stray);
  g_free (s);
}

static gboolean
skip_without_server (void)
{
  if (bsn_test_pg_uri () != NULL)
    return FALSE;
  g_test_skip ("PostgreSQL only: logins the server enforces (BSN_TEST_PG is not set)");
  return TRUE;
}

/* A connection of @login's own: the session the server signed in. */
static BsnDb *
open_as (Server     *s,
         const char *login)
{
  g_autoptr(GError) error = NULL;
  BsnDb *db = bsn_db_open_as (s->t->path, login, "apa-saja", BSN_DB_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_nonnull (db);
  return db;
}

static void
test_session_is_the_user (void)
{
  Server *s;
  g_autoptr(BsnDb) kdb = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *session = NULL;
  int role = -1;

  if (skip_without_server ())
    return;
  s = server_new ();
  kdb = open_as (s, s->kasir);
  session = bsn_db_session_user (kdb);
  g_assert_cmpstr (session, ==, s->kasir);
  g_assert_false (bsn_db_is_server_admin (kdb));
  g_assert_true (bsn_auth_login_session (kdb, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (bsn_db_get_actor (kdb, &role), ==, s->kasir);
  g_assert_cmpint (role, ==, BSN_ROLE_KASIR);
  /* The same session signing in by its own name, the password already
   * checked by the server. */
  g_assert_true (bsn_auth_login (kdb, s->kasir, NULL, &error));
  g_assert_no_error (error);
  /* The administrator's session needs no user. */
  g_assert_true (bsn_auth_login_session (s->t->db, &error));
  g_assert_no_error (error);
  g_clear_pointer (&kdb, bsn_db_unref);
  server_free (s);
}

/* The kasir's session asks for the owner's name: the same refusal as a
 * wrong password, and still no one signed in. */
static void
test_other_login_refused (void)
{
  Server *s;
  g_autoptr(BsnDb) kdb = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_server ())
    return;
  s = server_new ();
  kdb = open_as (s, s->kasir);
  g_assert_false (bsn_auth_login (kdb, s->owner, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "Nama pengguna atau kata sandi salah");
  g_assert_null (bsn_db_get_actor (kdb, NULL));
  g_clear_pointer (&kdb, bsn_db_unref);
  server_free (s);
}

/* A login the server does not know: its connection is turned away, and
 * the answer is the one for a wrong password. */
static void
test_unknown_login_refused (void)
{
  Server *s;
  g_autoptr(GError) error = NULL;
  g_autofree char *ghost = NULL;

  if (skip_without_server ())
    return;
  s = server_new ();
  ghost = g_strdup_printf ("hantu_%s", s->t->pg_schema);
  g_assert_false (bsn_auth_login (s->t->db, ghost, "rahasia-hantu", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "Nama pengguna atau kata sandi salah");
  server_free (s);
}

/* The server stops answering between the connection and the sign-in:
 * the password cannot be checked, and the message says the server is
 * unreachable, not that the password is wrong. */
static void
test_server_gone_at_login (void)
{
  Server *s;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;

  if (skip_without_server ())
    return;
  s = server_new ();
  before = g_strdup (bsn_db_get_actor (s->t->db, NULL));
  server_gone = TRUE;
  g_assert_false (bsn_auth_login (s->t->db, s->kasir, "rahasia-kasir", &error));
  server_gone = FALSE;
  g_assert_error (error, BSN_ERROR, BSN_ERROR_OFFLINE);
  /* Nobody else signed in. */
  g_assert_cmpstr (bsn_db_get_actor (s->t->db, NULL), ==, before);
  server_free (s);
}

/* A login of the server in the kasir's group but not in the users table
 * (made with psql, not by the owner): refused, naming it. */
static void
test_login_not_a_user (void)
{
  Server *s;
  g_autoptr(BsnDb) sdb = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *group = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *expected = NULL;

  if (skip_without_server ())
    return;
  s = server_new ();
  group = bsn_db_server_group (s->t->db, "kasir");
  sql = g_strdup_printf ("CREATE ROLE \"%s\" LOGIN; GRANT \"%s\" TO \"%s\"", s->stray, group, s->stray);
  g_assert_cmpint (bsn_test_raw_exec (s->t->db, sql), ==, 0);
  sdb = open_as (s, s->stray);
  g_assert_false (bsn_auth_login_session (sdb, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  expected = g_strdup_printf ("Login server %s bukan pengguna BSN Loyalty di basis data ini", s->stray);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_null (bsn_db_get_actor (sdb, NULL));
  g_clear_pointer (&sdb, bsn_db_unref);
  server_free (s);
}

/* The owner disables the kasir while the kasir's connection is open: its
 * next sign-in is refused, naming the user. */
static void
test_disabled_user_refused (void)
{
  Server *s;
  g_autoptr(BsnDb) kdb = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  if (skip_without_server ())
    return;
  s = server_new ();
  kdb = open_as (s, s->kasir);
  g_assert_true (bsn_auth_set_active (s->t->db, s->kasir, FALSE, &error));
  g_assert_no_error (error);
  expected = g_strdup_printf ("Pengguna %s sudah dinonaktifkan", s->kasir);
  g_assert_false (bsn_auth_login_session (kdb, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  g_assert_false (bsn_auth_login (kdb, s->kasir, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_null (bsn_db_get_actor (kdb, NULL));
  g_clear_pointer (&kdb, bsn_db_unref);
  server_free (s);
}

/* A new password on the server: too short, or for no user, is refused
 * and nothing is audited; a good one is audited once. */
static void
test_server_password_refusals (void)
{
  Server *s;
  g_autoptr(GError) error = NULL;
  gint64 audited;

  if (skip_without_server ())
    return;
  s = server_new ();
  audited = bsn_db_query_int (s->t->db, "SELECT count(*) FROM audit WHERE action = 'user.password'", -1);
  g_assert_cmpint (audited, ==, 0);
  g_assert_false (bsn_auth_set_password (s->t->db, s->kasir, "pendek", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Kata sandi paling sedikit 8 karakter");
  g_clear_error (&error);
  g_assert_false (bsn_auth_set_password (s->t->db, "tidak-ada", "cukup-panjang", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Pengguna tidak-ada tidak ada");
  g_clear_error (&error);
  g_assert_cmpint (bsn_db_query_int (s->t->db, "SELECT count(*) FROM audit WHERE action = 'user.password'", -1),
                   ==, 0);
  g_assert_true (bsn_auth_set_password (s->t->db, s->kasir, "cukup-panjang", &error));
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_query_int (s->t->db, "SELECT count(*) FROM audit WHERE action = 'user.password'", -1),
                   ==, 1);
  server_free (s);
}

/* Whether login @name is a member of @app_role's group on the server. */
static gint64
member_of (Server     *s,
           const char *name,
           const char *app_role)
{
  g_autofree char *group = bsn_db_server_group (s->t->db, app_role);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM pg_auth_members m "
                                          "JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
                                          "WHERE u.rolname = '%s' AND g.rolname = '%s'", name, group);

  return bsn_db_query_int (s->t->db, sql, -1);
}

/* The owner makes the kasir a manajer: the users table and the login's
 * group on the server change together, audited once. */
static void
test_role_change_moves_login (void)
{
  Server *s;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  if (skip_without_server ())
    return;
  s = server_new ();
  g_assert_cmpint (member_of (s, s->kasir, "kasir"), ==, 1);
  g_assert_cmpint (member_of (s, s->kasir, "manajer"), ==, 0);
  g_assert_true (bsn_auth_set_role (s->t->db, s->kasir, BSN_ROLE_MANAJER, &error));
  g_assert_no_error (error);
  g_assert_cmpint (member_of (s, s->kasir, "kasir"), ==, 0);
  g_assert_cmpint (member_of (s, s->kasir, "manajer"), ==, 1);
  sql = g_strdup_printf ("SELECT count(*) FROM users WHERE name = '%s' AND role = 'manajer'", s->kasir);
  g_assert_cmpint (bsn_db_query_int (s->t->db, sql, -1), ==, 1);
  g_assert_cmpint (bsn_db_query_int (s->t->db, "SELECT count(*) FROM audit WHERE action = 'user.role'", -1), ==, 1);
  server_free (s);
}

/* A user whose name is a login of the server that is not this network's
 * (made with psql): the server's function refuses to take it over, and no
 * user is added. */
static void
test_add_user_foreign_login (void)
{
  Server *s;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 users;

  if (skip_without_server ())
    return;
  s = server_new ();
  sql = g_strdup_printf ("CREATE ROLE \"%s\" LOGIN", s->stray);
  g_assert_cmpint (bsn_test_raw_exec (s->t->db, sql), ==, 0);
  users = bsn_db_query_int (s->t->db, "SELECT count(*) FROM users", -1);
  g_assert_cmpint (users, ==, 2);
  g_assert_false (bsn_auth_add_user (s->t->db, s->stray, BSN_ROLE_KASIR, "rahasia-lain", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, s->stray));
  g_assert_cmpint (bsn_db_query_int (s->t->db, "SELECT count(*) FROM users", -1), ==, users);
  g_assert_cmpint (bsn_db_query_int (s->t->db, "SELECT count(*) FROM audit WHERE action = 'user.add'", -1), ==, 2);
  g_assert_cmpint (member_of (s, s->stray, "kasir"), ==, 0);
  server_free (s);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/auth-server/session/is-the-user", test_session_is_the_user);
  g_test_add_func ("/auth-server/refuse/other-login", test_other_login_refused);
  g_test_add_func ("/auth-server/refuse/unknown-login", test_unknown_login_refused);
  g_test_add_func ("/auth-server/refuse/server-gone", test_server_gone_at_login);
  g_test_add_func ("/auth-server/refuse/login-not-a-user", test_login_not_a_user);
  g_test_add_func ("/auth-server/refuse/disabled-user", test_disabled_user_refused);
  g_test_add_func ("/auth-server/password/refusals", test_server_password_refusals);
  g_test_add_func ("/auth-server/role/moves-the-login", test_role_change_moves_login);
  g_test_add_func ("/auth-server/refuse/foreign-login", test_add_user_foreign_login);
  return g_test_run ();
}
