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
#include "bsn-chain.h"
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
bsn_backup_read_fingerprint (const char *path,
                             char      **out_head,
                             guint64    *out_entries,
                             GError    **error)
{
  g_autoptr(BsnDb) copy = bsn_db_open (path, BSN_DB_OPEN_READONLY, error);

  return copy != NULL && bsn_db_chain_head (copy, out_head, out_entries, error);
}

/* A backup is restored only when everything in it is what this version
 * writes: the schema's objects exactly, the ledger and the chain sound. */
static gboolean
check_candidate (BsnDb        *candidate,
                 const char   *path,
                 BsnBookCheck **out_check,
                 GError      **error)
{
  g_autoptr(BsnBookCheck) check = bsn_chain_check_book (candidate, NULL, error);
  g_autofree char *list = NULL;
  GPtrArray *all;

  if (check == NULL)
    return FALSE;
  if (check->ok)
    {
      *out_check = g_steal_pointer (&check);
      return TRUE;
    }
  all = g_ptr_array_new_with_free_func (NULL);
  for (guint i = 0; i < check->problems->len; i++)
    g_ptr_array_add (all, g_ptr_array_index (check->problems, i));
  for (guint i = 0; i < check->ledger->problems->len; i++)
    g_ptr_array_add (all, g_ptr_array_index (check->ledger->problems, i));
  g_ptr_array_add (all, NULL);
  list = g_strjoinv ("; ", (char **) all->pdata);
  g_ptr_array_unref (all);
  g_set_error (error, BSN_ERROR, BSN_ERROR_TAMPERED,
               _("Cadangan “%s” tidak dipulihkan: isinya tidak seperti yang ditulis BSN Loyalty (%s). "
                 "Basis data yang sekarang tidak diubah."),
               path, list);
  return FALSE;
}

/* The live book's entries after the first @entries, not counting the
 * audit rows of backups and restores: making a backup records one, so the
 * newest backup is always an entry behind the book it was taken from. */
static gint64
live_history_after (BsnDb   *db,
                    guint64  entries)
{
  BsnStmt *stmt = bsn_db_prepare (db,
                                  "SELECT count(*) FROM chain c WHERE c.seq > ?1 AND NOT (c.kind = 'a' AND EXISTS "
                                  "(SELECT 1 FROM audit a WHERE a.id = c.ref_id AND a.action IN ('backup','restore')))",
                                  NULL);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  bsn_stmt_bind_int64 (stmt, 1, (gint64) entries);
  if (bsn_stmt_step (stmt) == BSN_ROW)
    n = bsn_stmt_column_int64 (stmt, 0);
  bsn_stmt_reset (stmt);
  return n;
}

/* A backup with fewer entries in its chain than the live book would throw
 * history away: only with --older and a reason, which the audit keeps. */
static gboolean
check_not_older (BsnDb        *db,
                 BsnBookCheck *candidate,
                 const char   *path,
                 const char   *older_reason,
                 GError      **error)
{
  g_autofree char *head = NULL;
  g_autofree char *live = NULL;
  g_autofree char *theirs = NULL;
  guint64 entries = 0;
  int version = 0;

  if (!bsn_db_read_user_version (db, &version, error))
    return FALSE;
  if (version < BSN_DB_CHAIN_VERSION)
    return TRUE;
  if (!bsn_db_chain_head (db, &head, &entries, error))
    return FALSE;
  if (candidate->entries >= entries || (older_reason != NULL && *older_reason != '\0')
      || live_history_after (db, candidate->entries) == 0)
    return TRUE;
  live = bsn_chain_fingerprint (head, entries);
  theirs = bsn_chain_fingerprint (candidate->head, candidate->entries);
  g_set_error (error, BSN_ERROR, BSN_ERROR_TAMPERED,
               _("Cadangan “%s” lebih lama dari buku yang sekarang (%s; sekarang %s): memulihkannya membuang "
                 "riwayat. Ulangi dengan --older dan --reason bila memang disengaja. Basis data tidak diubah."),
               path, theirs, live);
  return FALSE;
}

/* The backup with the restore's own audit row added, in a temporary file
 * of its own, then copied into the live file in one transaction: the
 * restore and its record arrive together or not at all (recorded after
 * the copy, a fault in between left a restored book that said nothing of
 * it, and an error that said it had not happened). */
static gboolean
restore_staged (BsnDb      *db,
                BsnDb      *candidate,
                const char *path,
                const char *after,
                GError    **error)
{
  const char *live = bsn_db_get_path (db);
  g_autofree char *target = g_strcmp0 (live, ":memory:") == 0
                            ? g_build_filename (g_get_tmp_dir (), "bsn-loyalty-pulihkan.db", NULL)
                            : g_strconcat (live, ".pulihkan", NULL);
  g_autoptr(BsnPrivateFile) staging = NULL;
  g_autoptr(BsnDb) staged = NULL;
  sqlite3 *raw = NULL;
  int role = -1;
  const char *actor = bsn_db_get_actor (db, &role);
  gboolean ok;

  if ((staging = bsn_private_file_new (target, error)) == NULL)
    return FALSE;
  if (sqlite3_open_v2 (bsn_private_file_get_temp_path (staging), &raw, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      bsn_error_set_sqlite (error, raw, _("Memulihkan cadangan"));
      sqlite3_close (raw);
      return FALSE;
    }
  ok = copy_database (bsn_db_get_sqlite (candidate), raw, _("Memulihkan cadangan"), error);
  sqlite3_close (raw);
  if (!ok || (staged = bsn_db_open (bsn_private_file_get_temp_path (staging), BSN_DB_OPEN_DEFAULT, error)) == NULL)
    return FALSE;
  if (actor != NULL)
    bsn_db_set_actor (staged, actor, role);
  return bsn_audit_record (staged, "restore", path, NULL, after, error)
         && copy_database (bsn_db_get_sqlite (staged), bsn_db_get_sqlite (db), _("Memulihkan cadangan"), error);
}

gboolean
bsn_backup_restore (BsnDb      *db,
                    const char *path,
                    char      **out_safety_copy,
                    GError    **error)
{
  return bsn_backup_restore_older (db, path, NULL, out_safety_copy, error);
}

gboolean
bsn_backup_restore_older (BsnDb      *db,
                          const char *path,
                          const char *older_reason,
                          char      **out_safety_copy,
                          GError    **error)
{
  g_autoptr(BsnDb) candidate = NULL;
  g_autoptr(BsnBookCheck) check = NULL;
  g_autofree char *after = NULL;
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
  /* The candidate: ours, not newer, intact, its schema, ledger and chain
   * sound, and not older than the live book. Read-only: nothing in it
   * runs before it has passed. */
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
  if (!check_candidate (candidate, path, &check, error)
      || !check_not_older (db, check, path, older_reason, error))
    return FALSE;
  if (g_strcmp0 (bsn_db_get_path (db), ":memory:") != 0 && !bsn_backup_to (db, safety, error))
    return FALSE;
  if (older_reason != NULL && *older_reason != '\0')
    after = bsn_audit_json ("older", BSN_AUDIT_STR, "yes", "reason", BSN_AUDIT_STR, older_reason,
                            "head", BSN_AUDIT_STR, check->head, "entries", BSN_AUDIT_INT, (gint64) check->entries, NULL);
  if (!restore_staged (db, candidate, path, after, error))
    return FALSE;
  if (out_safety_copy)
    *out_safety_copy = g_steal_pointer (&safety);
  return TRUE;
}
