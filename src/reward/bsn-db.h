/* bsn-db.h — the one place that owns SQL connections.
 *
 * A BsnDb is one SQLite connection in WAL mode with foreign keys on and a
 * busy timeout, a cache of prepared statements, nested transactions
 * (savepoints inside an outer BEGIN) and the schema migrations keyed by
 * PRAGMA user_version. A BsnDb belongs to one thread: a worker thread opens
 * its own (WAL lets readers run beside the writer).
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _BsnDb BsnDb;

typedef enum
{
  BSN_DB_OPEN_DEFAULT  = 0,
  BSN_DB_OPEN_CREATE   = 1 << 0,  /* create the file if missing */
  BSN_DB_OPEN_READONLY = 1 << 1,  /* no migration, no writes */
} BsnDbOpenFlags;

/* The schema version this build writes. */
#define BSN_DB_SCHEMA_VERSION bsn_db_schema_version ()
int bsn_db_schema_version (void);

/* Opens @path (":memory:" works) and migrates an older schema inside a
 * transaction. A file from a newer version, or one that is not a BSN
 * database, is refused with BSN_ERROR_SCHEMA and left untouched. */
BsnDb *bsn_db_open (const char *path, BsnDbOpenFlags flags, GError **error);

/* Opens the database at an older schema version: for migration tests only. */
BsnDb *bsn_db_open_at_version (const char *path, int version, GError **error);

BsnDb *bsn_db_ref (BsnDb *db);
void bsn_db_unref (BsnDb *db);

const char *bsn_db_get_path (BsnDb *db);

/* The user acting through this connection (set by bsn_auth_login()):
 * every write entry point of the library checks the role (bsn-auth.h). */
void bsn_db_set_actor (BsnDb *db, const char *name, int role);
const char *bsn_db_get_actor (BsnDb *db, int *out_role);
sqlite3 *bsn_db_get_handle (BsnDb *db);
int bsn_db_get_user_version (BsnDb *db);
/* The most memory this connection's page cache may take (every
 * connection starts with 32 MiB). */
void bsn_db_set_cache_kib (BsnDb *db, int kib);

/* Tests only: open new connections through the named SQLite VFS. */
void bsn_db_set_vfs_for_testing (const char *vfs);

/* The default database path: $BSN_DB, else the app's file in the user's
 * data directory. (transfer full) */
char *bsn_db_default_path (void);

/* A cached prepared statement, reset and with bindings cleared. Owned by
 * @db: do not finalize. */
sqlite3_stmt *bsn_db_prepare (BsnDb *db, const char *sql, GError **error);

/* Steps @stmt expecting SQLITE_DONE, resets it; errors name @what. */
gboolean bsn_db_step_done (BsnDb *db, sqlite3_stmt *stmt, const char *what, GError **error);

/* Runs SQL without parameters (DDL, PRAGMA). */
gboolean bsn_db_exec (BsnDb *db, const char *sql, GError **error);

/* Transactions nest: the outermost is BEGIN [IMMEDIATE], inner ones are
 * savepoints. bsn_db_rollback() undoes the innermost level. */
gboolean bsn_db_begin (BsnDb *db, gboolean immediate, GError **error);
gboolean bsn_db_commit (BsnDb *db, GError **error);
void bsn_db_rollback (BsnDb *db);

/* An outer transaction for bulk work (imports): inner levels cost nothing
 * (no savepoints). An inner level that is rolled back after it wrote
 * poisons the batch: its commit then fails and undoes the whole batch, so
 * the database is never left half-written. Inner failures before any
 * write (the usual refusal of a bad row) leave the batch intact. */
gboolean bsn_db_begin_batch (BsnDb *db, GError **error);
gboolean bsn_db_in_transaction (BsnDb *db);

/* Reads one integer from a query with no parameters (or @fallback). */
gint64 bsn_db_query_int (BsnDb *db, const char *sql, gint64 fallback);

/* PRAGMA integrity_check (@full) or the linear quick_check; FALSE with
 * BSN_ERROR_CORRUPT when not "ok". */
gboolean bsn_db_check_integrity (BsnDb *db, gboolean full, GError **error);

/* A settings value from the meta table (NULL when unset). (transfer full) */
char *bsn_db_get_meta (BsnDb *db, const char *key);
gboolean bsn_db_set_meta (BsnDb *db, const char *key, const char *value, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnDb, bsn_db_unref)

G_END_DECLS
