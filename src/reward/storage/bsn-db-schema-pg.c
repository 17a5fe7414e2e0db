/* bsn-db-schema-pg.c — placeholder until the PostgreSQL schema lands. */
#include "config.h"

#include "bsn-db-schema-pg.h"

static const BsnMigration migrations[] = {
  { 10, "CREATE TABLE bsn_schema (version BIGINT NOT NULL, application_id BIGINT NOT NULL);", NULL },
};

const BsnMigration *
bsn_db_schema_pg_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}
