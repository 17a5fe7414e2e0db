/* bsn-db-schema-pg.h — the PostgreSQL schema, one migration step per version. */
#pragma once

#include "bsn-db-schema.h"

G_BEGIN_DECLS

const BsnMigration *bsn_db_schema_pg_migrations (guint *n_migrations);

G_END_DECLS
