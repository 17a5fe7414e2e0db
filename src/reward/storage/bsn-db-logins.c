/* bsn-db-logins.c — logins the server enforces (see bsn-db-logins.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bsn-db-logins.h"
#include "bsn-db-pg.h"
#include "bsn-error.h"

gboolean
bsn_db_has_server_logins (BsnDb *db)
{
  /* Version 15 brought the functions; an older server schema has none. */
  if (bsn_db_get_engine (db) != BSN_ENGINE_POSTGRESQL || bsn_db_get_user_version (db) < 15)
    return FALSE;
  return bsn_db_query_int (db, "SELECT CASE WHEN bsn_server_logins () THEN 1 ELSE 0 END", 0) != 0;
}

/* One text value of @sql with @arg as ?1, or NULL. (transfer full) */
static char *
query_text (BsnDb      *db,
            const char *sql,
            const char *arg)
{
  BsnStmt *stmt = bsn_db_prepare (db, sql, NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  if (arg != NULL)
    bsn_stmt_bind_text (stmt, 1, arg);
  if (bsn_stmt_step (stmt) == BSN_ROW && !bsn_stmt_column_is_null (stmt, 0))
    value = g_strdup (bsn_stmt_column_text (stmt, 0));
  bsn_stmt_reset (stmt);
  return value;
}

char *
bsn_db_session_user (BsnDb *db)
{
  if (bsn_db_get_engine (db) != BSN_ENGINE_POSTGRESQL)
    return NULL;
  return query_text (db, "SELECT session_user::text", NULL);
}

gboolean
bsn_db_is_server_admin (BsnDb *db)
{
  if (bsn_db_get_engine (db) != BSN_ENGINE_POSTGRESQL || bsn_db_get_user_version (db) < 15)
    return FALSE;
  return bsn_db_query_int (db, "SELECT CASE WHEN bsn_server_admin () THEN 1 ELSE 0 END", 0) != 0;
}

char *
bsn_db_server_group (BsnDb      *db,
                     const char *app_role)
{
  return query_text (db, "SELECT bsn_group (?1)", app_role);
}

/* Runs "SELECT f (…)" with the values bound, expecting one row. */
static gboolean
call (BsnDb      *db,
      const char *sql,
      const char *what,
      const char *a,
      const char *b,
      const char *c,
      GError    **error)
{
  BsnStmt *stmt = bsn_db_prepare (db, sql, error);
  const char *args[] = { a, b, c };

  if (stmt == NULL)
    return FALSE;
  for (int i = 0; i < bsn_stmt_param_count (stmt) && i < 3; i++)
    bsn_stmt_bind_text (stmt, i + 1, args[i]);
  return bsn_db_step_done (db, stmt, what, error);
}

char *
bsn_db_server_setup (BsnDb   *db,
                     GError **error)
{
  BsnStmt *stmt;
  char *prefix = NULL;

  if (bsn_db_get_engine (db) != BSN_ENGINE_POSTGRESQL)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Login server hanya ada di PostgreSQL: --db harus alamat postgresql://…"));
      return NULL;
    }
  /* The server's administrator test names the tables' owner as it is
   * now (schema 24): a new owner is taken up here. */
  if (!call (db, "SELECT bsn_server_admin_refresh ()", _("Menyiapkan peran di server"), NULL, NULL, NULL, error))
    return NULL;
  if ((stmt = bsn_db_prepare (db, "SELECT bsn_server_setup ()", error)) == NULL)
    return NULL;
  if (bsn_stmt_step (stmt) == BSN_ROW)
    prefix = g_strdup (bsn_stmt_column_text (stmt, 0));
  else
    bsn_db_set_error (db, error, _("Menyiapkan peran di server"));
  bsn_stmt_reset (stmt);
  return prefix;
}

gboolean
bsn_db_server_grant (BsnDb      *db,
                     const char *app_role,
                     const char *privileges,
                     const char *table,
                     GError    **error)
{
  return call (db, "SELECT bsn_server_grant (?1, ?2, ?3)", _("Memberi hak di server"), app_role, privileges, table,
               error);
}

gboolean
bsn_db_login_add (BsnDb      *db,
                  const char *name,
                  const char *app_role,
                  const char *password,
                  GError    **error)
{
  g_autofree char *verifier = NULL;

  if (password != NULL
      && (verifier = bsn_pg_encrypt_password (bsn_db_get_pg (db), name, password, error)) == NULL)
    return FALSE;
  return call (db, "SELECT bsn_login_add (?1, ?2, ?3)", _("Membuat login di server"), name, app_role, verifier,
               error);
}

gboolean
bsn_db_login_set_role (BsnDb      *db,
                       const char *name,
                       const char *app_role,
                       GError    **error)
{
  return call (db, "SELECT bsn_login_set_role (?1, ?2)", _("Mengubah peran login di server"), name, app_role, NULL,
               error);
}

gboolean
bsn_db_login_set_active (BsnDb      *db,
                         const char *name,
                         gboolean    active,
                         GError    **error)
{
  return call (db, active ? "SELECT bsn_login_set_active (?1, true)" : "SELECT bsn_login_set_active (?1, false)",
               _("Mengubah login di server"), name, NULL, NULL, error);
}

gboolean
bsn_db_login_set_password (BsnDb      *db,
                           const char *name,
                           const char *password,
                           gboolean    active,
                           GError    **error)
{
  g_autofree char *verifier = bsn_pg_encrypt_password (bsn_db_get_pg (db), name, password, error);

  if (verifier == NULL)
    return FALSE;
  return call (db,
               active ? "SELECT bsn_login_password (?1, ?2, true)" : "SELECT bsn_login_password (?1, ?2, false)",
               _("Menyimpan kata sandi di server"), name, verifier, NULL, error);
}
