/* bsn-private-file.h — the files the library writes for the user:
 * exports, reports and backups.
 *
 * Each is written to a temporary file next to its target, PATH.XXXXXXXX.tmp,
 * created owner-only (0600 whatever the umask: a ledger names customers and
 * money) and renamed over PATH only once complete, so PATH is either the
 * old file or the whole new one. While it is written the temporary file
 * holds an flock(2); a run that finds a PATH.*.tmp nobody holds (its writer
 * was killed) removes it before writing, so a killed export leaves nothing
 * behind after the next one.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BsnPrivateFile BsnPrivateFile;

/* Removes the stale temporaries of @path and creates a new one.
 * (transfer full) */
BsnPrivateFile *bsn_private_file_new (const char *path, GError **error);

/* The temporary file's path, for writers that open it by name (libxlsxwriter,
 * SQLite): they truncate it and keep its mode. */
const char *bsn_private_file_get_temp_path (BsnPrivateFile *file);

gboolean bsn_private_file_write (BsnPrivateFile *file, const char *data, gsize len, GError **error);

/* Syncs the temporary file and renames it to the target. */
gboolean bsn_private_file_commit (BsnPrivateFile *file, GError **error);

/* Removes the temporary file unless it was committed. */
void bsn_private_file_free (BsnPrivateFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnPrivateFile, bsn_private_file_free)

G_END_DECLS
