/* bsn-db-logins.h — logins the server enforces (PostgreSQL only).
 *
 * On a PostgreSQL database where `server init` ran (bsn-server.h), each
 * app role is a PostgreSQL group role without login, named
 * "<database>_<role>" ("<database>_<schema>_<role>" when the tables are
 * not in the public schema), and each user of the app is a PostgreSQL
 * login of exactly the user's name in one of those groups. The server
 * keeps the password (SCRAM-SHA-256: the verifier is computed here with
 * libpq, so the password never crosses the wire) and enforces the role's
 * privileges; no hash of ours is kept in the users table.
 *
 * Everything here is a call to the schema's functions (version 15,
 * bsn-db-schema-pg.c), which check that a login belongs to this network
 * before they change it. On SQLite, and on a server database without
 * `server init`, bsn_db_has_server_logins() is FALSE and nothing here is
 * called.
 */
#pragma once

#include "bsn-db.h"

G_BEGIN_DECLS

gboolean bsn_db_has_server_logins (BsnDb *db);

/* The login this connection is signed in as on the server, or NULL on
 * SQLite. (transfer full) */
char *bsn_db_session_user (BsnDb *db);

/* TRUE when the session may do anything to the tables: the server
 * administrator who created them (owner or superuser). FALSE on SQLite. */
gboolean bsn_db_is_server_admin (BsnDb *db);

/* Creates the group roles (when missing) and grants each the reading it
 * needs, and a login without a password (NOLOGIN) for every user already
 * in the table. Returns the groups' common prefix. (transfer full) */
char *bsn_db_server_setup (BsnDb *db, GError **error);

/* GRANT @privileges ("INSERT", "UPDATE (a, b)") ON @table TO the group of
 * @app_role ("kasir" …). */
gboolean bsn_db_server_grant (BsnDb *db, const char *app_role, const char *privileges, const char *table,
                              GError **error);

/* The group role of @app_role on this database. (transfer full) */
char *bsn_db_server_group (BsnDb *db, const char *app_role);

/* A login @name in @app_role's group; @password NULL creates it unable to
 * sign in until bsn_db_login_set_password(). */
gboolean bsn_db_login_add (BsnDb *db, const char *name, const char *app_role, const char *password, GError **error);
gboolean bsn_db_login_set_role (BsnDb *db, const char *name, const char *app_role, GError **error);
gboolean bsn_db_login_set_active (BsnDb *db, const char *name, gboolean active, GError **error);
/* Sets the password; the login may sign in afterwards when @active. */
gboolean bsn_db_login_set_password (BsnDb *db, const char *name, const char *password, gboolean active,
                                    GError **error);

G_END_DECLS
