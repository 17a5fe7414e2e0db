/* bsn-db.h — the storage layer: the one place that owns connections and SQL.
 *
 * A BsnDb is one connection to one of two engines, chosen by its location:
 *  - a file path (or ":memory:"): SQLite, the embedded default, in WAL mode
 *    with foreign keys on, a busy timeout and migrations keyed by
 *    PRAGMA user_version;
 *  - a libpq URI ("postgresql://…", "postgres://…"): a PostgreSQL server
 *    that a network of stores shares (bsn-db-pg.c), the schema version kept
 *    in a table.
 * Above this header nothing knows which engine is in use: statements are
 * prepared once per connection from a cache keyed by their SQL (written
 * with ?N parameters in the dialect both engines accept; the engine
 * translates what differs), bound, stepped and read through BsnStmt;
 * transactions nest (savepoints inside an outer BEGIN); engine errors
 * become BsnError codes in one place per engine (a unique violation is
 * BSN_ERROR_EXISTS, a busy or locked database BSN_ERROR_BUSY, on both).
 * A BsnDb belongs to one thread: a worker thread opens its own.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BsnDb BsnDb;

/* A prepared statement, owned by its connection's cache. */
typedef struct _BsnStmt BsnStmt;

/* What bsn_stmt_step() found. */
typedef enum
{
  BSN_STEP_FAILED = 0,  /* an error: bsn_db_set_error() describes it */
  BSN_ROW         = 1,  /* a row is ready to read */
  BSN_DONE        = 2,  /* no (more) rows; a write has been applied */
} BsnStep;

typedef enum
{
  BSN_ENGINE_SQLITE,
  BSN_ENGINE_POSTGRESQL,
} BsnEngine;

/* TRUE when @location names a PostgreSQL database (a libpq URI), never a
 * file. */
gboolean bsn_db_location_is_server (const char *location);

typedef enum
{
  BSN_DB_OPEN_DEFAULT  = 0,
  BSN_DB_OPEN_CREATE   = 1 << 0,  /* create the file if missing */
  BSN_DB_OPEN_READONLY = 1 << 1,  /* no migration, no writes */
  /* With CREATE: refuse a database that holds anything, and create the
   * schema without the rows a new network starts with (system accounts,
   * default tier tables): a copy (bsn-migrate.h) brings its own. */
  BSN_DB_OPEN_EMPTY    = 1 << 2,
} BsnDbOpenFlags;

/* The schema version this build writes. */
#define BSN_DB_SCHEMA_VERSION bsn_db_schema_version ()
int bsn_db_schema_version (void);

/* Opens @path (a file, ":memory:" or a PostgreSQL URI) and migrates an
 * older schema inside a transaction. A database from a newer version, or
 * one that is not a BSN database, is refused with BSN_ERROR_SCHEMA and left
 * untouched. BSN_DB_OPEN_CREATE on an empty PostgreSQL database creates
 * the schema there as it does in a new file. */
BsnDb *bsn_db_open (const char *path, BsnDbOpenFlags flags, GError **error);

/* bsn_db_open() signed in to a PostgreSQL server as login @user with
 * @password, whatever user the URI names (libpq's parameters are
 * overridden, so the password never needs to be in the URI, and
 * bsn_db_location_for_display() never shows one). On SQLite @user and
 * @password are ignored: bsn_auth_login() checks them there. A login the
 * server turns away is BSN_ERROR_REFUSED. */
BsnDb *bsn_db_open_as (const char *path, const char *user, const char *password, BsnDbOpenFlags flags,
                       GError **error);

/* Opens the database at an older schema version: for migration tests only. */
BsnDb *bsn_db_open_at_version (const char *path, int version, GError **error);

BsnDb *bsn_db_ref (BsnDb *db);
void bsn_db_unref (BsnDb *db);

const char *bsn_db_get_path (BsnDb *db);

/* @location as it may be shown: a URI without its password. (transfer full) */
char *bsn_db_location_for_display (const char *location);

/* TRUE when this connection created the schema (the database was new). */
gboolean bsn_db_get_created (BsnDb *db);
BsnEngine bsn_db_get_engine (BsnDb *db);
/* TRUE when the server itself moves accounts' cached balances as legs are
 * inserted (PostgreSQL from schema version 19, bsn-db-schema-pg.c): the
 * library then never writes balance_rp or status_rp. */
#define BSN_PG_SERVER_BALANCES_VERSION 19
gboolean bsn_db_server_moves_balances (BsnDb *db);
/* On PostgreSQL, whether the server's schema is at @version or later
 * (read once per connection); FALSE on SQLite. */
gboolean bsn_db_server_schema_at_least (BsnDb *db, int version);

/* The user acting through this connection (set by bsn_auth_login()):
 * every write entry point of the library checks the role (bsn-auth.h). */
void bsn_db_set_actor (BsnDb *db, const char *name, int role);
const char *bsn_db_get_actor (BsnDb *db, int *out_role);
/* The SQLite connection (NULL on PostgreSQL): for the few SQLite-only
 * tools (backup, the fault-injection tests). */
struct sqlite3 *bsn_db_get_sqlite (BsnDb *db);
int bsn_db_get_user_version (BsnDb *db);
/* The same, checked: FALSE with @error when it could not be read
 * (bsn_db_get_user_version reads a failure as 0). */
gboolean bsn_db_read_user_version (BsnDb *db, int *out, GError **error);
/* The most memory this connection's page cache may take (every
 * connection starts with 32 MiB). */
void bsn_db_set_cache_kib (BsnDb *db, int kib);

/* Tests only: open new connections through the named SQLite VFS. */
void bsn_db_set_vfs_for_testing (const char *vfs);

/* The default database path: $BSN_DB, else the app's file in the user's
 * data directory. (transfer full) */
char *bsn_db_default_path (void);

/* A cached prepared statement, reset and with bindings cleared. Owned by
 * @db: do not free. @sql is a string literal or otherwise outlives @db. */
BsnStmt *bsn_db_prepare (BsnDb *db, const char *sql, GError **error);
/* As bsn_db_prepare(), for a read whose rows may be many (a whole
 * table): on PostgreSQL, in a transaction begun by bsn_db_begin_read(),
 * they come from a cursor a chunk at a time, so memory stays bounded
 * whatever the table's size. */
BsnStmt *bsn_db_prepare_scan (BsnDb *db, const char *sql, GError **error);

/* Parameters are numbered from 1 (?1, ?2 …). Text is not copied: it must
 * stay valid until the statement is reset; _copy takes a copy. NULL text
 * binds SQL NULL. */
void bsn_stmt_bind_int64 (BsnStmt *stmt, int index, gint64 value);
void bsn_stmt_bind_int (BsnStmt *stmt, int index, int value);
void bsn_stmt_bind_text (BsnStmt *stmt, int index, const char *text);
void bsn_stmt_bind_text_copy (BsnStmt *stmt, int index, const char *text);
void bsn_stmt_bind_null (BsnStmt *stmt, int index);
int bsn_stmt_param_count (BsnStmt *stmt);

/* Runs the statement (first call) or moves to its next row. */
BsnStep bsn_stmt_step (BsnStmt *stmt);

/* Columns are numbered from 0; NULL reads as 0 or NULL text. Text stays
 * valid until the next step or reset. */
gint64 bsn_stmt_column_int64 (BsnStmt *stmt, int column);
int bsn_stmt_column_int (BsnStmt *stmt, int column);
const char *bsn_stmt_column_text (BsnStmt *stmt, int column);
gboolean bsn_stmt_column_is_null (BsnStmt *stmt, int column);

/* Columns 0.. of the current row, one a character of @types ('i' an
 * integer, any other text, as bsn_stmt_column_int64 and _text read
 * them): @nulls[c] says whether column c is NULL; otherwise @ints[c] or
 * @texts[c] with its length in bytes @lens[c] holds it. For a scan of
 * millions of rows: on SQLite each column is looked up once, where
 * bsn_stmt_column_is_null and then a read look it up twice. */
void bsn_stmt_read_row (BsnStmt     *stmt,
                        const char  *types,
                        gint64      *ints,
                        const char **texts,
                        gsize       *lens,
                        gboolean    *nulls);

typedef enum
{
  BSN_VALUE_NULL,
  BSN_VALUE_INTEGER,
  BSN_VALUE_TEXT,
} BsnValueType;

/* What the value in @column of the current row is (a copy keeps types). */
BsnValueType bsn_stmt_column_type (BsnStmt *stmt, int column);
int bsn_stmt_column_count (BsnStmt *stmt);

/* Ends the run (keeps the bindings). */
void bsn_stmt_reset (BsnStmt *stmt);

/* The id of the row the connection's last INSERT created, and how many
 * rows its last write changed. */
gint64 bsn_db_last_insert_id (BsnDb *db);
gint64 bsn_db_changes (BsnDb *db);

/* Sets @error from the connection's last engine error, prefixed by @what:
 * BSN_ERROR_EXISTS for a unique violation, BSN_ERROR_BUSY for a busy or
 * locked database, BSN_ERROR_CORRUPT, else BSN_ERROR_IO. */
void bsn_db_set_error (BsnDb *db, GError **error, const char *what);

/* Ends a scan of @stmt whose last step answered @rc: resets it, and
 * returns FALSE with @error set (@what failed) unless the rows ran to
 * their end. A failed step is never the end of the data. */
gboolean bsn_db_scan_ended (BsnDb      *db,
                            BsnStmt    *stmt,
                            BsnStep     rc,
                            const char *what,
                            GError    **error);

/* Steps @stmt expecting no row or one row, resets it; errors name @what. */
gboolean bsn_db_step_done (BsnDb *db, BsnStmt *stmt, const char *what, GError **error);

/* Runs SQL without parameters (DDL, PRAGMA; several statements). */
gboolean bsn_db_exec (BsnDb *db, const char *sql, GError **error);

/* Transactions nest: the outermost is BEGIN [IMMEDIATE], inner ones are
 * savepoints. bsn_db_rollback() undoes the innermost level. */
gboolean bsn_db_begin (BsnDb *db, gboolean immediate, GError **error);

/* A read transaction that sees one snapshot from its first read to its
 * end: on PostgreSQL REPEATABLE READ, READ ONLY (its default, READ
 * COMMITTED, takes a new snapshot per statement); elsewhere, or nested,
 * bsn_db_begin (@db, FALSE). With @snapshot (PostgreSQL), the snapshot
 * another connection exported (bsn_db_export_snapshot) while its
 * transaction is still open: both then read the same rows. */
gboolean bsn_db_begin_read (BsnDb *db, const char *snapshot, GError **error);

/* PostgreSQL, inside bsn_db_begin_read: the name of this transaction's
 * snapshot for another connection's bsn_db_begin_read; NULL elsewhere or
 * when it cannot be exported. (transfer full) */
char *bsn_db_export_snapshot (BsnDb *db);
gboolean bsn_db_commit (BsnDb *db, GError **error);
void bsn_db_rollback (BsnDb *db);

/* An outer transaction for bulk work (imports): inner levels cost nothing
 * (no savepoints). An inner level that is rolled back after it wrote
 * poisons the batch: its commit then fails and undoes the whole batch, so
 * the database is never left half-written. Inner failures before any
 * write (the usual refusal of a bad row) leave the batch intact. */
gboolean bsn_db_begin_batch (BsnDb *db, GError **error);

/* What a batch on PostgreSQL read, kept for the rest of the batch: exact,
 * since the batch holds the writer lock and every write of the cached
 * rows goes through the code that keeps the table (the ledger's balances,
 * the bonus counters). @name picks a table keyed by a gint64 whose values
 * are g_free()d. NULL on SQLite (its reads cost no round trip) and
 * outside a batch. Every table is dropped at the batch's end and at any
 * rollback inside it. */
GHashTable *bsn_db_batch_cache (BsnDb *db, const char *name);

/* The positive ids of @ids (@n of them) that are not keys of @known (a
 * batch cache, or NULL), each once, as a PostgreSQL array literal
 * "{3,7}" for "= ANY (?1::bigint[])"; NULL when none is left.
 * (transfer full) */
char *bsn_db_id_array (const gint64 *ids, guint n, GHashTable *known);

/* Inside a batch on PostgreSQL (when bsn_db_batch_cache answers), counts
 * one more run of a counter's statement without sending it: the batch's
 * commit runs @sql_times once per (@sql_times, @id) before it seals, with
 * ?1 = @id and ?2 = the runs counted. @sql_times is a string constant.
 * For counters the batch also keeps in its cache: their row then moves
 * once per batch, not once per receipt. An inner rollback after a counted
 * run loses the batch, as after a write. FALSE outside such a batch: the
 * caller runs its statement now. */
gboolean bsn_db_batch_defer (BsnDb *db, const char *sql_times, gint64 id);

/* Bulk work (an import) runs between bsn_db_set_bulk (db, TRUE) and
 * (db, FALSE): SQLite then checkpoints its WAL every 64 MiB instead of
 * every 4 MiB. */
void bsn_db_set_bulk (BsnDb *db, gboolean bulk);
gboolean bsn_db_in_transaction (BsnDb *db);

/* Loading whole tables (a network moved to a server, bsn-migrate.h): the
 * rows go in as they are, on PostgreSQL through COPY (no round trip per
 * row), in SQLite as inserts. @columns are the table's own column names;
 * each bsn_copy_add_row() takes the current row of @from, whose columns
 * are in the same order. */
typedef struct _BsnCopy BsnCopy;

BsnCopy *bsn_db_copy_begin (BsnDb *db, const char *table, GPtrArray *columns, GError **error);
gboolean bsn_copy_add_row (BsnCopy *copy, BsnStmt *from, GError **error);
/* Ends the copy (frees it); FALSE when the engine refused a row. */
gboolean bsn_copy_end (BsnCopy *copy, GError **error);

/* After rows were copied in with their ids: new rows get ids past them
 * (PostgreSQL's identity sequences; SQLite needs nothing). */
gboolean bsn_db_reset_identities (BsnDb *db, GError **error);

/* Reads one integer from a query with no parameters (or @fallback). */
gint64 bsn_db_query_int (BsnDb *db, const char *sql, gint64 fallback);
/* The same where a failed read must not pass for an answer: *@out the
 * first column of the first row (0 when there is none, or NULL); FALSE
 * with @error set (@what naming the work) when the read fails. */
gboolean bsn_db_read_int (BsnDb *db, const char *sql, const char *what, gint64 *out, GError **error);

/* SQLite: PRAGMA integrity_check (@full) or the linear quick_check; FALSE
 * with BSN_ERROR_CORRUPT when not "ok". PostgreSQL checks its own pages:
 * TRUE there. */
gboolean bsn_db_check_integrity (BsnDb *db, gboolean full, GError **error);

/* A settings value from the meta table (NULL when unset). (transfer full) */
char *bsn_db_get_meta (BsnDb *db, const char *key);
gboolean bsn_db_set_meta (BsnDb *db, const char *key, const char *value, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnDb, bsn_db_unref)

G_END_DECLS
