/* bsn-backup.h — "Cadangkan" and "Pulihkan": consistent copies of a live
 * database and their restoration.
 *
 * A backup uses SQLite's online backup API, so it is a consistent snapshot
 * even while cashiers post receipts; the copy is owner-only and checked
 * with PRAGMA integrity_check before it is kept. Automatic daily backups
 * keep the newest N files of a folder.
 *
 * Restoring first checks the candidate (a BSN database, not from a newer
 * version, integrity ok, ledger verified), then saves the current database
 * beside it as a safety copy, then copies the backup in: a bad file
 * changes nothing.
 */
#pragma once

#include "bsn-db.h"

G_BEGIN_DECLS

gboolean bsn_backup_to (BsnDb *db, const char *path, GError **error);

/* Makes today's backup in @dir if there is none yet ("bsn-loyalty-
 * YYYY-MM-DD.db") and keeps only the newest @keep. Sets *@out_path to the
 * new file, or NULL when today's existed already. */
gboolean bsn_backup_daily (BsnDb *db, const char *dir, guint keep, char **out_path, GError **error);

/* Restores @path into @db. *@out_safety_copy names the copy of what was
 * there before. */
gboolean bsn_backup_restore (BsnDb *db, const char *path, char **out_safety_copy, GError **error);

G_END_DECLS
