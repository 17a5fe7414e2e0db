/* bsn-db-schema-check.h — the schema objects a database must have.
 *
 * Compares a database's tables, indexes, triggers and views with those
 * this version creates: on SQLite with a fresh in-memory database migrated
 * to the same version (names, and the SQL of triggers and views), once per
 * version and process; on PostgreSQL with the tables and append-only
 * triggers of the current version (indexes are not compared there). A
 * trigger or view that is not ours can act on the next write (rewrite the
 * audit, promote a user): bsn_db_open() refuses such a database, `verify`
 * and restore name it (issue 18).
 */
#pragma once

#include <glib.h>

#include "bsn-db.h"

G_BEGIN_DECLS

/* Appends one line per difference to @problems; *@out_foreign (may be
 * NULL) is TRUE when a trigger or view is there that this version does not
 * create, or one of ours was rewritten. FALSE only when the catalog could
 * not be read. */
gboolean bsn_db_check_schema_objects (BsnDb *db, GPtrArray *problems, gboolean *out_foreign, GError **error);

G_END_DECLS
