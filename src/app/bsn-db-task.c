/* bsn-db-task.c — library work on worker threads (see bsn-db-task.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-db-task.h"
#include "bsn-error.h"
#include "bsn-store.h"

typedef struct
{
  char  *path;
  BsnDb *db;
  gint   generation;   /* of bsn_db_task_reset_connections() */
} ThreadDb;

/* Bumped when the server came back: every pool thread's connection from
 * before is dead and is opened again at its next task. */
static gint generation;

void
bsn_db_task_reset_connections (void)
{
  g_atomic_int_inc (&generation);
}

typedef struct
{
  char           *path;
  BsnDbTaskMode   mode;
  BsnDbTaskFunc   func;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
} TaskData;

static void
thread_db_free (gpointer ptr)
{
  ThreadDb *tdb = ptr;

  g_free (tdb->path);
  g_clear_pointer (&tdb->db, bsn_db_unref);
  g_free (tdb);
}

/* The app's signed-in user; every task applies it to its connection. */
static GMutex actor_lock;
static char *actor_name;
static int actor_role = -1;

void
bsn_db_task_set_actor (const char *name,
                       int         role)
{
  g_mutex_lock (&actor_lock);
  g_free (actor_name);
  actor_name = g_strdup (name);
  actor_role = name != NULL ? role : -1;
  g_mutex_unlock (&actor_lock);
}

char *
bsn_db_task_dup_actor (int *out_role)
{
  char *name;

  g_mutex_lock (&actor_lock);
  name = g_strdup (actor_name);
  if (out_role != NULL)
    *out_role = actor_role;
  g_mutex_unlock (&actor_lock);
  return name;
}

static void
apply_actor (BsnDb *db)
{
  int role;
  g_autofree char *name = bsn_db_task_dup_actor (&role);

  bsn_db_set_actor (db, name, role);
}

/* Whether the app knows the server cannot be reached (the window's watch,
 * bsn-db-watch.h, says so). */
static gint offline;

void
bsn_db_task_set_offline (gboolean is_offline)
{
  g_atomic_int_set (&offline, is_offline ? 1 : 0);
}

gboolean
bsn_db_task_get_offline (void)
{
  return g_atomic_int_get (&offline) != 0;
}

#define READ_CACHE_KIB 8192

/* A pool thread's connections, closed when the thread exits. */
static GPrivate read_connection = G_PRIVATE_INIT (thread_db_free);
static GPrivate write_connection = G_PRIVATE_INIT (thread_db_free);

/* Opens @path in @mode and makes it the calling thread's connection,
 * closing the one it replaces. */
static BsnDb *
thread_db_open (BsnDbTaskMode   mode,
                const char     *path,
                GError        **error)
{
  BsnDb *db = bsn_db_open (path,
                           mode == BSN_DB_TASK_READ ? BSN_DB_OPEN_READONLY : BSN_DB_OPEN_DEFAULT,
                           error);
  ThreadDb *tdb;

  if (db == NULL)
    return NULL;
  /* Every pool thread keeps a reading connection, and at 1M receipts each
   * filled its 32 MiB cache: the app grew by 67 MiB from a 10k to a 1M
   * database. With 8 MiB it grows by ~30 MiB, pages and jumps as fast
   * (bench/app-bench.py); the file stays in the kernel's cache anyway. */
  if (mode == BSN_DB_TASK_READ)
    bsn_db_set_cache_kib (db, READ_CACHE_KIB);
  tdb = g_new0 (ThreadDb, 1);
  tdb->path = g_strdup (path);
  tdb->db = db;
  tdb->generation = g_atomic_int_get (&generation);
  g_private_replace (mode == BSN_DB_TASK_READ ? &read_connection : &write_connection, tdb);
  return db;
}

static BsnDb *
thread_db_get (BsnDbTaskMode   mode,
               const char     *path,
               GError        **error)
{
  ThreadDb *tdb = g_private_get (mode == BSN_DB_TASK_READ ? &read_connection : &write_connection);

  if (tdb != NULL && g_strcmp0 (tdb->path, path) == 0 && tdb->generation == g_atomic_int_get (&generation))
    return tdb->db;
  return thread_db_open (mode, path, error);
}

gboolean
bsn_db_task_open_on_thread (const char  *path,
                            GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);

  return thread_db_open (BSN_DB_TASK_WRITE, path, error) != NULL;
}

static void
task_data_free (gpointer ptr)
{
  TaskData *td = ptr;

  if (td->data_free != NULL)
    g_clear_pointer (&td->data, td->data_free);
  g_free (td->path);
  g_free (td);
}

static void
bsn_db_task_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  TaskData *td = task_data;
  g_autoptr(GError) error = NULL;
  gpointer result;
  BsnDb *db;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (td->mode == BSN_DB_TASK_WRITE && bsn_db_task_get_offline () && bsn_db_location_is_server (td->path))
    {
      g_task_return_new_error (task, BSN_ERROR, BSN_ERROR_OFFLINE, "%s",
                               _("Tidak tersambung ke server; perubahan ini belum dapat disimpan. "
                                 "Coba lagi setelah sambungan pulih."));
      return;
    }
  db = thread_db_get (td->mode, td->path, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  apply_actor (db);
  result = td->func (db, td->data, cancellable, &error);
  if (result == NULL)
    {
      /* The line to the server dropped: this connection is dead, the next
       * task on this thread connects again. */
      if (g_error_matches (error, BSN_ERROR, BSN_ERROR_OFFLINE))
        g_private_replace (td->mode == BSN_DB_TASK_READ ? &read_connection : &write_connection, NULL);
      if (error == NULL)
        g_set_error_literal (&error, BSN_ERROR, BSN_ERROR_IO, "BsnDbTaskFunc returned NULL without an error");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, result, td->result_free);
}

void
bsn_db_task_run (gpointer             source_object,
                 const char          *path,
                 BsnDbTaskMode        mode,
                 BsnDbTaskFunc        func,
                 gpointer             task_data,
                 GDestroyNotify       task_data_free_func,
                 GDestroyNotify       result_free,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *td;

  g_return_if_fail (path != NULL);
  g_return_if_fail (func != NULL);

  td = g_new0 (TaskData, 1);
  td->path = g_strdup (path);
  td->mode = mode;
  td->func = func;
  td->data = task_data;
  td->data_free = task_data_free_func;
  td->result_free = result_free;

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, bsn_db_task_run);
  g_task_set_task_data (task, td, task_data_free);
  /* The callback always waits for the thread: a write cancelled late may
   * still have been committed, and the caller must hear how it ended. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, bsn_db_task_thread);
}

gpointer
bsn_db_task_finish (GAsyncResult *result,
                    GError      **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bsn_db_task_run, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
bsn_db_task_error_is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_error_matches (error, BSN_ERROR, BSN_ERROR_CANCELLED);
}

gpointer
bsn_db_task_list_stores (BsnDb        *db,
                         gpointer      task_data,
                         GCancellable *cancellable,
                         GError      **error)
{
  return bsn_store_list (db, error);
}
