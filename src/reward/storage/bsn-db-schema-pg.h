/* bsn-db-schema-pg.h — the PostgreSQL schema of BSN Loyalty databases.
 *
 * The same tables, constraints and append-only rules as the SQLite schema
 * (bsn-db-schema.h) at the version PostgreSQL databases start from. A
 * PostgreSQL database never went through the SQLite history, so its list
 * starts with one step that creates the whole current schema; later
 * versions add a step to both lists.
 *
 * The engine records the version itself in bsn_schema (created by the
 * first step, one row inserted by the engine).
 */
#pragma once

#include <glib.h>

#include "bsn-db-schema.h"

G_BEGIN_DECLS

/* The PostgreSQL schema: one migration step per version, like the SQLite list. */
const BsnMigration *bsn_db_schema_pg_migrations (guint *n_migrations);

G_END_DECLS
