/* bsn-backup.c — backups and restore (see bsn-backup.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <unistd.h>

#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-backup.h"
#include "bsn-error.h"
#include "bsn-private-file.h"
#include "bsn-ledger.h"
#include "bsn-time.h"

/* Copies everything of @from into @to with the online backup API. */
static gboolean
copy_database (sqlite3    *from,
               sqlite3    *to,
               const char *what,
               GError    **error)
{
  sqlite3_backup *b = sqlite3_backup_init (to, "main", from, "main");
  int rc;

  if (b == NULL)
    {
      bsn_error_set_sqlite (error, to, what);
      return FALSE;
    }
  do
    {
      rc = sqlite3_backup_step (b, 256);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (20);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (b);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_IO, _("%s: %s"), what, sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_file (const char *path,
            GError    **error)
{
  sqlite3 *raw = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_open_v2 (path, &raw, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    goto out;
  if (sqlite3_prepare_v2 (raw, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
out:
  sqlite3_finalize (stmt);
  sqlite3_close (raw);
  if (!ok)
    g_set_error (error, BSN_ERROR, BSN_ERROR_CORRUPT, _("Salinan “%s” tidak lolos pemeriksaan keutuhan"), path);
  return ok;
}

/* A backup copies an SQLite file page by page; a PostgreSQL server keeps
 * its own backups (pg_dump, base backups), which its administrator runs. */
static gboolean
require_file (BsnDb   *db,
              GError **error)
{
  if (bsn_db_get_engine (db) == BSN_ENGINE_SQLITE)
    return TRUE;
  g_set_error (error, BSN_ERROR, BSN_ERROR_REFUSED,
               _("Basis data ini ada di server PostgreSQL: cadangannya dibuat di server (pg_dump), "
                 "bukan dengan perintah ini"));
  return FALSE;
}

gboolean
bsn_backup_to (BsnDb      *db,
               const char *path,
               GError    **error)
{
  g_autoptr(BsnPrivateFile) out = NULL;
  const char *tmp;
  sqlite3 *dest = NULL;
  gboolean ok;

  if (!bsn_auth_require (db, BSN_PERM_BACKUP, error) || !require_file (db, error))
    return FALSE;
  /* Owner-only, written aside and renamed into place; a killed backup's
   * temporary file (and its journal) goes at the next run. */
  if ((out = bsn_private_file_new (path, error)) == NULL)
    return FALSE;
  tmp = bsn_private_file_get_temp_path (out);
  if (sqlite3_open_v2 (tmp, &dest, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      bsn_error_set_sqlite (error, dest, _("Membuat cadangan"));
      sqlite3_close (dest);
      return FALSE;
    }
  ok = copy_database (bsn_db_get_sqlite (db), dest, _("Membuat cadangan"), error);
  /* A single self-contained file: no WAL beside it. */
  if (ok)
    sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  sqlite3_close (dest);
  if (!ok || !check_file (tmp, error) || !bsn_private_file_commit (out, error))
    return FALSE;
  return bsn_audit_record (db, "backup", path, NULL, NULL, error);
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return -g_strcmp0 (*(char **) a, *(char **) b);
}

gboolean
bsn_backup_daily (BsnDb      *db,
                  const char *dir,
                  guint       keep,
                  char      **out_path,
                  GError    **error)
{
  g_autofree char *today = bsn_time_format_date_iso (bsn_time_now ());
  g_autofree char *name = g_strdup_printf ("bsn-loyalty-%s.db", today);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = NULL;
  const char *entry;

  if (out_path)
    *out_path = NULL;
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _("Folder “%s” tidak dapat dibuat: %s"), dir,
                   g_strerror (saved));
      return FALSE;
    }
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (!bsn_backup_to (db, path, error))
        return FALSE;
      if (out_path)
        *out_path = g_strdup (path);
    }
  d = g_dir_open (dir, 0, error);
  if (d == NULL)
    return FALSE;
  while ((entry = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (entry, "bsn-loyalty-") && g_str_has_suffix (entry, ".db"))
      g_ptr_array_add (files, g_strdup (entry));
  g_ptr_array_sort (files, compare_names);
  for (guint i = MAX (keep, 1); i < files->len; i++)
    {
      g_autofree char *old = g_build_filename (dir, g_ptr_array_index (files, i), NULL);
      g_unlink (old);
    }
  return TRUE;
}

gboolean
bsn_backup_restore (BsnDb      *db,
                    const char *path,
                    char      **out_safety_copy,
                    GError    **error)
{
  g_autoptr(BsnDb) candidate = NULL;
  g_autoptr(BsnVerifyReport) report = NULL;
  g_autofree char *iso = bsn_time_format_iso (bsn_time_now ());
  g_autofree char *stamp = g_strdup_printf ("%.4s%.2s%.2s-%.2s%.2s%.2s", iso, iso + 5, iso + 8,
                                            iso + 11, iso + 14, iso + 17);
  g_autofree char *safety = g_strdup_printf ("%s.sebelum-pulihkan-%s.db", bsn_db_get_path (db), stamp);

  if (!bsn_auth_require (db, BSN_PERM_RESTORE, error) || !require_file (db, error))
    return FALSE;
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND, _("Berkas cadangan “%s” tidak ada"), path);
      return FALSE;
    }
  /* The candidate: ours, not newer, intact, and its ledger verifies. */
  candidate = bsn_db_open (path, BSN_DB_OPEN_READONLY, error);
  if (candidate == NULL || !bsn_db_check_integrity (candidate, TRUE, error))
    return FALSE;
  if (bsn_db_get_user_version (candidate) < bsn_db_get_user_version (db))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_SCHEMA,
                   _("Cadangan “%s” dari versi lama (skema %d); buka dan perbarui dulu sebelum dipulihkan"), path,
                   bsn_db_get_user_version (candidate));
      return FALSE;
    }
  report = bsn_ledger_verify (candidate, error);
  if (report == NULL)
    return FALSE;
  if (!report->ok)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_CORRUPT, _("Buku poin di cadangan “%s” tidak seimbang: %s"), path,
                   report->problems->len ? (char *) g_ptr_array_index (report->problems, 0) : "");
      return FALSE;
    }
  if (g_strcmp0 (bsn_db_get_path (db), ":memory:") != 0 && !bsn_backup_to (db, safety, error))
    return FALSE;
  if (!copy_database (bsn_db_get_sqlite (candidate), bsn_db_get_sqlite (db), _("Memulihkan cadangan"), error))
    return FALSE;
  if (out_safety_copy)
    *out_safety_copy = g_steal_pointer (&safety);
  return bsn_audit_record (db, "restore", path, NULL, NULL, error);
}
