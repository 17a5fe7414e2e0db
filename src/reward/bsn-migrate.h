/* bsn-migrate.h — moving a whole network from one database to another.
 *
 * A network that outgrows one PC moves its SQLite file to a PostgreSQL
 * server: every table is copied row by row with its ids (stores,
 * customers, accounts, every posting and leg, tier versions, quotas, lots,
 * vouchers, users, audit …) into a database that holds nothing yet, in one
 * transaction, and the two are then compared: the rows of every table,
 * every account's balance and status, and `verify` on both. Nothing is
 * decided or recomputed on the way: the target is the same ledger.
 */
#pragma once

#include "bsn-db.h"

G_BEGIN_DECLS

typedef struct
{
  char   *table;
  gint64  source_rows;
  gint64  target_rows;
} BsnMigrateTable;

typedef struct
{
  gboolean   ok;               /* every comparison below is equal */
  GPtrArray *tables;           /* (element-type BsnMigrateTable) */
  gint64     accounts_differ;  /* accounts whose balance or status differ */
  gboolean   source_verified;  /* verify on the source */
  gboolean   target_verified;  /* verify on the target */
  GPtrArray *problems;         /* (element-type utf8) what differs */
  /* (element-type utf8) the users moved: on the server each must be given
   * a new password (`server init`, then `user passwd`, bsn-server.h). */
  GPtrArray *users;
} BsnMigrateReport;

void bsn_migrate_report_free (BsnMigrateReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnMigrateReport, bsn_migrate_report_free)

/* Copies the database at @from into the empty database at @to (created
 * there) and compares them. A non-empty target is refused with
 * BSN_ERROR_REFUSED and left untouched; any failure while copying leaves
 * the target without a single copied row. @progress gets rows copied so
 * far and the total. Returns NULL with @error when nothing was copied. */
BsnMigrateReport *bsn_migrate_copy (const char *from,
                                    const char *to,
                                    void      (*progress) (guint64 done, guint64 total, gpointer user_data),
                                    gpointer    user_data,
                                    GError    **error);

G_END_DECLS
