/* bsn-db-loader.c — opening and first-run creation (see bsn-db-loader.h). */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "bsn-db-loader.h"
#include "bsn-db-task.h"
#include "bsn-db.h"
#include "bsn-demo.h"
#include "bsn-error.h"

typedef struct
{
  char              *path;
  BsnDbLoadMode      mode;
  GWeakRef           target;
  BsnDbLoadProgress  progress;
  GMainContext      *context;
} LoadData;

typedef struct
{
  GWeakRef          target;
  BsnDbLoadProgress progress;
  double            fraction;
} ProgressReport;

static void
load_data_free (gpointer data)
{
  LoadData *ld = data;

  g_free (ld->path);
  g_weak_ref_clear (&ld->target);
  g_main_context_unref (ld->context);
  g_free (ld);
}

static void
progress_report_free (gpointer data)
{
  ProgressReport *report = data;

  g_weak_ref_clear (&report->target);
  g_free (report);
}

static gboolean
progress_report_deliver (gpointer data)
{
  ProgressReport *report = data;
  g_autoptr(GObject) target = g_weak_ref_get (&report->target);

  if (target != NULL)
    report->progress (target, report->fraction);
  return G_SOURCE_REMOVE;
}

/* Runs on the worker: hands the fraction to the main thread. */
static void
on_demo_progress (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  LoadData *ld = user_data;
  g_autoptr(GObject) target = NULL;
  ProgressReport *report;

  if (ld->progress == NULL || total == 0)
    return;
  target = g_weak_ref_get (&ld->target);
  if (target == NULL)
    return;
  report = g_new0 (ProgressReport, 1);
  g_weak_ref_init (&report->target, target);
  report->progress = ld->progress;
  report->fraction = (double) done / (double) total;
  g_main_context_invoke_full (ld->context, G_PRIORITY_DEFAULT,
                              progress_report_deliver, report, progress_report_free);
}

static void
remove_database_files (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}

static gboolean
create_database (LoadData      *ld,
                 gboolean       demo,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(BsnDb) db = bsn_db_open (ld->path, BSN_DB_OPEN_CREATE, error);
  BsnDemoOptions options = { .seed = 2026 };

  if (db == NULL)
    {
      remove_database_files (ld->path);
      return FALSE;
    }
  if (demo && !bsn_demo_fill (db, &options, on_demo_progress, ld, cancellable, error))
    {
      g_clear_pointer (&db, bsn_db_unref);
      remove_database_files (ld->path);
      return FALSE;
    }
  return TRUE;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *ld = task_data;
  g_autoptr(GError) error = NULL;
  /* A server (BSN_DB=postgresql://…, ./quickstart network) is not a file:
   * it exists, and opening it checks and migrates its schema. */
  gboolean exists = bsn_db_location_is_server (ld->path) || g_file_test (ld->path, G_FILE_TEST_EXISTS);

  if (ld->mode == BSN_DB_LOAD_CREATE_EMPTY && exists)
    {
      g_task_return_new_error (task, BSN_ERROR, BSN_ERROR_EXISTS,
                               _("Berkas “%s” sudah ada. Basis data baru tidak menimpa berkas; pilih nama lain."),
                               ld->path);
      return;
    }
  if (!exists && ld->mode != BSN_DB_LOAD_EXISTING)
    {
      if (!create_database (ld, ld->mode == BSN_DB_LOAD_DEMO, cancellable, &error))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_int (task, TRUE);
      return;
    }

  if (!exists)
    {
      g_task_return_new_error (task, BSN_ERROR, BSN_ERROR_NOT_FOUND,
                               _("Berkas “%s” tidak ada. Pilih basis data lain atau buat yang baru."),
                               ld->path);
      return;
    }

  /* Opening read-write checks the file is ours and migrates it. The
   * connection stays open on this pool thread: closed here, after a
   * migration, it would make the window wait for the whole file to reach
   * the disk (up to a quarter of a second at a million receipts). */
  if (!bsn_db_task_open_on_thread (ld->path, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_int (task, FALSE);
}

void
bsn_db_load_async (const char          *path,
                   BsnDbLoadMode        mode,
                   GObject             *progress_target,
                   BsnDbLoadProgress    progress,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *ld;

  g_return_if_fail (path != NULL);

  ld = g_new0 (LoadData, 1);
  ld->path = g_strdup (path);
  ld->mode = mode;
  g_weak_ref_init (&ld->target, progress_target);
  ld->progress = progress;
  ld->context = g_main_context_ref_thread_default ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bsn_db_load_async);
  g_task_set_task_data (task, ld, load_data_free);
  g_task_run_in_thread (task, load_thread);
}

gboolean
bsn_db_load_finish (GAsyncResult *result,
                    gboolean     *out_created,
                    GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  gssize created;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  created = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (out_created != NULL)
    *out_created = created != 0;
  return TRUE;
}
