/* bsn-db-pg.h — the PostgreSQL engine behind bsn-db.h (private to the
 * storage layer).
 *
 * One libpq connection per BsnDb. Statements arrive in the dialect the
 * library writes (?N parameters, INSERT OR IGNORE) and are translated once,
 * when first prepared; each is prepared on the server at its first run with
 * the types of the values bound (a statement whose types change is
 * prepared again under another name). A transaction that writes takes a
 * transaction-scoped advisory lock, the server's counterpart of SQLite's
 * BEGIN IMMEDIATE: writers run one after the other, so what a decision
 * read cannot change before it is written (caps, budgets, single
 * redemption, idempotent receipts), while readers never wait.
 */
#pragma once

#include <glib.h>

#include "bsn-db.h"

G_BEGIN_DECLS

typedef struct _BsnPg BsnPg;
typedef struct _BsnPgStmt BsnPgStmt;

/* Fails with words a shop owner understands (bsn_pg_set_connect_error()):
 * BSN_ERROR_LOGIN for a wrong or missing password or a login the server
 * does not accept (SQLSTATE 28P01, 28000), BSN_ERROR_NOT_FOUND for a
 * missing database (3D000), BSN_ERROR_REFUSED without the CONNECT
 * privilege (42501), BSN_ERROR_OFFLINE for a server that cannot be
 * reached in 15 s or a TLS certificate that is not trusted. @user (and
 * @password), when not NULL, override what the URI says. */
BsnPg *bsn_pg_connect (const char *uri, const char *user, const char *password, gboolean readonly,
                       GError **error);
/* The mapping itself, from libpq's verbose message (exposed for the
 * unit tests and the watch connection, bsn-db-watch.c). */
void bsn_pg_set_connect_error (GError **error, const char *message, const char *host,
                               const char *user, const char *dbname,
                               gboolean needs_password, gboolean timed_out);
/* The SCRAM-SHA-256 verifier of @password for @user, computed here so the
 * password itself never reaches the server. (transfer full) */
char *bsn_pg_encrypt_password (BsnPg *pg, const char *user, const char *password, GError **error);
/* The engine of @db, or NULL on SQLite (bsn-db.c). */
BsnPg *bsn_db_get_pg (BsnDb *db);
void bsn_pg_free (BsnPg *pg);

/* Runs SQL without parameters (several statements are allowed); @what
 * prefixes the error message. */
gboolean bsn_pg_exec (BsnPg *pg, const char *sql, const char *what, GError **error);

gboolean bsn_pg_begin (BsnPg *pg, gboolean write_lock, GError **error);
gboolean bsn_pg_transaction_failed (BsnPg *pg);
void     bsn_pg_note_read (BsnPg *pg, gboolean read);

/* The schema: 0 in a database without BSN tables. */
int bsn_pg_schema_version (BsnPg *pg);
/* The schema's version (0 for none) in *@out; FALSE when it could not be
 * read (the error is kept for bsn_pg_set_error). */
gboolean bsn_pg_read_schema_version (BsnPg *pg, int *out);
gint64 bsn_pg_application_id (BsnPg *pg, GError **error);
gboolean bsn_pg_is_empty (BsnPg *pg);
gboolean bsn_pg_set_schema_version (BsnPg *pg, int version, gint64 application_id, GError **error);

BsnPgStmt *bsn_pg_stmt_new (BsnPg *pg, const char *sql, GError **error);
void       bsn_pg_stmt_set_scan (BsnPgStmt *stmt);
void bsn_pg_stmt_free (BsnPgStmt *stmt);
void bsn_pg_stmt_clear (BsnPgStmt *stmt);
void bsn_pg_stmt_bind_int64 (BsnPgStmt *stmt, int index, gint64 value);
void bsn_pg_stmt_bind_text (BsnPgStmt *stmt, int index, const char *text);
int bsn_pg_stmt_param_count (BsnPgStmt *stmt);
BsnStep bsn_pg_stmt_step (BsnPgStmt *stmt);

/* Pipelining (a batch's writes): bsn_pg_stmt_send() sends an INSERT,
 * UPDATE or DELETE in libpq's pipeline mode without waiting (1; 0 when
 * sending failed; -1 for a statement that must be stepped). Everything
 * that needs an answer (a read, changes, an unknown insert id, exec,
 * commit, rollback) first syncs: reads every answer, remembers the first
 * failure and leaves pipeline mode. A failure there loses the batch:
 * bsn_pg_pipeline_failed() is then TRUE until the next begin. */
int bsn_pg_stmt_send (BsnPgStmt *stmt);
gboolean bsn_pg_pipeline_failed (BsnPg *pg);
/* A mark before an inner level of a batch, and whether any statement run
 * or sent since changed a row (syncs). */
guint64 bsn_pg_write_mark (BsnPg *pg);
gboolean bsn_pg_changed_since (BsnPg *pg, guint64 mark);
/* Counts a write the batch will send later (bsn_db_batch_defer) as one
 * sent now, for bsn_pg_changed_since. */
void bsn_pg_note_write (BsnPg *pg);
gint64 bsn_pg_stmt_column_int64 (BsnPgStmt *stmt, int column);
const char *bsn_pg_stmt_column_text (BsnPgStmt *stmt, int column);
gboolean bsn_pg_stmt_column_is_null (BsnPgStmt *stmt, int column);
BsnValueType bsn_pg_stmt_column_type (BsnPgStmt *stmt, int column);
int bsn_pg_stmt_column_count (BsnPgStmt *stmt);
void bsn_pg_stmt_reset (BsnPgStmt *stmt);

/* COPY @table (@columns) FROM STDIN, in text format; NULL values are SQL
 * NULL. Rows are sent in large chunks. */
typedef struct _BsnPgCopy BsnPgCopy;

BsnPgCopy *bsn_pg_copy_begin (BsnPg *pg, const char *table, const char *columns, GError **error);
gboolean bsn_pg_copy_row (BsnPgCopy *copy, const char *const *values, guint n, GError **error);
gboolean bsn_pg_copy_end (BsnPgCopy *copy, GError **error);

/* Moves every identity sequence past the largest id of its table. */
gboolean bsn_pg_reset_identities (BsnPg *pg, GError **error);

gint64 bsn_pg_last_insert_id (BsnPg *pg);
gint64 bsn_pg_changes (BsnPg *pg);
gint64 bsn_pg_total_changes (BsnPg *pg);

/* Sets @error from the last failure: SQLSTATE 23505 is BSN_ERROR_EXISTS,
 * serialization failures, deadlocks and lock timeouts BSN_ERROR_BUSY, a
 * lost connection or a server shutting down BSN_ERROR_OFFLINE, a missing
 * privilege (42501) BSN_ERROR_REFUSED, with the server's words. */
void bsn_pg_set_error (BsnPg *pg, GError **error, const char *what);

/* Translates the library's dialect: ?N → $N, INSERT OR IGNORE → ON CONFLICT
 * DO NOTHING. (transfer full); *out_params is the highest N. Exposed for
 * the unit tests. */
char *bsn_pg_translate (const char *sql, int *out_params, char **out_insert_table);

G_END_DECLS
