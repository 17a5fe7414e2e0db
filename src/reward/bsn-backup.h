/* bsn-backup.h — "Cadangkan" and "Pulihkan": consistent copies of a live
 * database and their restoration.
 *
 * A backup uses SQLite's online backup API, so it is a consistent snapshot
 * even while cashiers post receipts; the copy is owner-only and checked
 * with PRAGMA integrity_check before it is kept. Automatic daily backups
 * keep the newest N files of a folder.
 *
 * Restoring first checks the candidate (a BSN database, not from a newer
 * version, integrity ok, its schema objects exactly this version's, ledger
 * and hash chain verified, not older than the live book), then saves the current database
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

/* The same; a backup older than the live book (fewer entries in its hash
 * chain) is refused unless @older_reason is given, which the restore's
 * audit entry keeps. Every refusal (BSN_ERROR_TAMPERED: schema objects
 * not exactly this version's, a ledger or chain that does not verify, an
 * older book) leaves the live database untouched. */
gboolean bsn_backup_restore_older (BsnDb *db, const char *path, const char *older_reason, char **out_safety_copy,
                                   GError **error);

/* The fingerprint of the backup at @path (bsn-chain.h). (transfer full) */
gboolean bsn_backup_read_fingerprint (const char *path, char **out_head, guint64 *out_entries, GError **error);

G_END_DECLS
