/* bsn-db-schema.h — the schema, one migration step per version.
 *
 * Step N takes a database from user_version N-1 to N. Steps never change
 * once released: a new need is a new step. Each runs in its own
 * transaction (bsn-db.c), and tests migrate from every older version.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 'BSNL': set as PRAGMA application_id so other SQLite files are refused. */
#define BSN_DB_APPLICATION_ID 0x42534E4C

typedef struct _BsnDb BsnDb;

typedef struct
{
  int         version;
  const char *sql;
  /* Data the step installs after its SQL, in the same transaction. */
  gboolean  (*install) (BsnDb *db, GError **error);
} BsnMigration;

const BsnMigration *bsn_db_schema_migrations (guint *n_migrations);

G_END_DECLS
