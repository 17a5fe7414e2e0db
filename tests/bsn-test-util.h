/* bsn-test-util.h — fixtures shared by the library tests.
 *
 * The same tests run on both engines: on SQLite (a temporary file) by
 * default, on PostgreSQL when $BSN_TEST_PG holds the base URI of a test
 * server (tests/pg/with-pg-server.sh starts one). There every fresh
 * database is a new schema of that server, named by the URI's search_path:
 * postgresql:///postgres?host=DIR&user=postgres&options=-csearch_path%3Dt_…
 */
#pragma once

#include "bsn-customer.h"
#include "bsn-db.h"
#include "bsn-store.h"

G_BEGIN_DECLS

/* A fresh database, removed by bsn_test_db_free(): @path is a file in the
 * temporary directory @dir, or on PostgreSQL the URI of a new schema (@dir
 * is still there for the test's other files). */
typedef struct
{
  char  *dir;
  char  *path;
  BsnDb *db;
  char  *pg_schema;  /* NULL on SQLite */
} BsnTestDb;

BsnTestDb *bsn_test_db_new (void);
void bsn_test_db_free (BsnTestDb *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnTestDb, bsn_test_db_free)

/* The PostgreSQL server the tests run on ($BSN_TEST_PG), or NULL. */
const char *bsn_test_pg_uri (void);

/* A location for a new, empty database: @dir/@name on SQLite, the URI of
 * a new empty schema on PostgreSQL (its name in @out_schema, may be NULL).
 * (transfer full) */
char *bsn_test_location_new (const char *dir, const char *name, char **out_schema);

/* On PostgreSQL, marks the running test skipped with @reason (which says
 * why the test is SQLite only) and returns TRUE: the test then returns. */
gboolean bsn_test_skip_on_pg (const char *reason);

/* When the clock is less than @margin_s seconds before midnight, sleeps
 * until the next day has begun: for a test that reads today's date and
 * then asks the library (or the CLI) for something dated today, which a
 * run with the clock moved to a year's last half minute would otherwise
 * see cross midnight in between. */
void bsn_test_wait_past_midnight (guint margin_s);

/* Adds a store / customer with sensible defaults and returns its id. */
gint64 bsn_test_add_store (BsnDb *db, const char *code, BsnStoreRole role, const char *parent_code,
                           BsnBand band, const char *level, BsnSchemes schemes);
gint64 bsn_test_add_customer (BsnDb *db, const char *code, const char *name);

/* Runs raw SQL (several statements) outside the library (for tests that
 * try to break the rules from outside it): on SQLite through @db's own
 * connection, on PostgreSQL on a connection of its own to @db's location.
 * Returns an SQLite result code on both engines: SQLITE_OK, SQLITE_CONSTRAINT
 * for a constraint violation or an exception raised by a trigger (SQLSTATE
 * class 23 or P0001 on PostgreSQL), else SQLITE_ERROR (the server's message
 * goes to the test log). */
int bsn_test_raw_exec (BsnDb *db, const char *sql);
int bsn_test_raw_exec_at (const char *location, const char *sql);

/* Drops the trigger @name (whichever table it is on), for tampering tests;
 * TRUE when it was there and is gone. */
gboolean bsn_test_drop_trigger (BsnDb *db, const char *name);

/* ---- Disk faults (SQLite only) ----
 *
 * A VFS named "bsn-fault", a shim over the default one, that makes the
 * k-th counted file operation fail. BSN_TEST_FAULT_WRITES counts writes,
 * truncations and syncs and fails them with SQLITE_FULL (@code
 * SQLITE_FULL) or an SQLITE_IOERR_* (@code SQLITE_IOERR);
 * BSN_TEST_FAULT_ANY_IO counts reads and lock acquisitions (file and WAL
 * index locks) too, so a BEGIN, a prepare or a step fails as well as a
 * commit. A PostgreSQL server's disk is the server's to fail: tests of
 * these skip on PostgreSQL. */
typedef enum
{
  BSN_TEST_FAULT_WRITES,
  BSN_TEST_FAULT_ANY_IO,
} BsnTestFaultScope;

/* Registers the VFS (once; later calls do nothing). */
void bsn_test_fault_vfs_install (void);
/* The next operations through the VFS: the @k-th counted one (from 0)
 * fails with @code. */
void bsn_test_fault_arm (guint64 k, int code, BsnTestFaultScope scope);
/* No more faults; TRUE when the armed one fired. */
gboolean bsn_test_fault_disarm (void);

/* A digest of every row of every table of the SQLite file @path, but for
 * the tables named in @skip (NULL-terminated, may be NULL). */
char *bsn_test_sqlite_digest (const char *path);
char *bsn_test_sqlite_digest_except (const char *path, const char *const *skip);

/* An operation on a database, for bsn_test_fault_every(). */
typedef gboolean (*BsnTestFaultOp) (BsnDb *db, gpointer data, GError **error);

/* Runs @op on a fresh copy of @t's file (opened through the fault VFS)
 * with the k-th counted operation failing, for k = 0, 1, 2 … until @op
 * completes without a fault. Each time the operation either succeeds
 * (and the ledger and the file verify) or fails with a message and leaves
 * every row exactly as before. Returns how many faults were tried. */
guint bsn_test_fault_every (BsnTestDb *t, BsnTestFaultOp op, gpointer data, int code, BsnTestFaultScope scope);

/* The same, but a failed @op's file (@path) is checked by @check_failed
 * instead of against every row as before: for an operation that records,
 * on the way, something that really happened (restore's safety copy). */
typedef void (*BsnTestFaultCheck) (const char *path, gpointer data);
guint bsn_test_fault_every_checked (BsnTestDb *t, BsnTestFaultOp op, gpointer data, int code,
                                    BsnTestFaultScope scope, BsnTestFaultCheck check_failed);

G_END_DECLS
