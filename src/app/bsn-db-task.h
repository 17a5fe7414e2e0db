/* bsn-db-task.h — running library work on a worker thread.
 *
 * The reward library is plain synchronous C and a BsnDb belongs to one
 * thread (bsn-db.h), so the app never calls it on the main thread: every
 * read and write goes through bsn_db_task_run(), which runs @func in a
 * GTask thread on that thread's own connection to @path. Connections are
 * kept per pool thread (one read-only, one read-write) and reopened when
 * the path changes, so a page of Buku Poin does not pay for opening the
 * file each time. WAL mode lets the readers run beside a writer.
 */
#pragma once

#include <gio/gio.h>

#include "bsn-db.h"

G_BEGIN_DECLS

typedef enum
{
  BSN_DB_TASK_READ,   /* a read-only connection: no migration, no writes */
  BSN_DB_TASK_WRITE,  /* a read-write connection */
} BsnDbTaskMode;

/* Runs on the worker thread. Returns a non-NULL result (freed with the
 * @result_free given to bsn_db_task_run() if nobody takes it), or NULL with
 * @error set. Use GINT_TO_POINTER (TRUE) when there is nothing to return. */
typedef gpointer (*BsnDbTaskFunc) (BsnDb        *db,
                                   gpointer      task_data,
                                   GCancellable *cancellable,
                                   GError      **error);

void bsn_db_task_run (gpointer             source_object,
                      const char          *path,
                      BsnDbTaskMode        mode,
                      BsnDbTaskFunc        func,
                      gpointer             task_data,
                      GDestroyNotify       task_data_free,
                      GDestroyNotify       result_free,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data);

/* (transfer full): the result of @func, or NULL with @error set. A task
 * whose @cancellable was cancelled fails with G_IO_ERROR_CANCELLED. */
gpointer bsn_db_task_finish (GAsyncResult *result,
                             GError      **error);

/* The user signed in to the app, applied to every worker connection
 * before it runs a task (each pool thread has its own BsnDb, and the
 * library checks the role on the connection, bsn-auth.h). NULL signs
 * everyone out. Callable from any thread. */
void bsn_db_task_set_actor (const char *name,
                            int         role);
/* (transfer full): the signed-in name, or NULL. */
char *bsn_db_task_dup_actor (int *out_role);

/* For a GTask thread function that is not a task of bsn_db_task_run()
 * (bsn-db-loader.c): opens @path read-write on the calling pool thread,
 * which checks the file and migrates it, and keeps the connection as the
 * thread's own for the write tasks that run there later. Closing it
 * instead, as the only connection, would checkpoint what the migration
 * wrote and wait for the disk to sync the whole file. */
gboolean bsn_db_task_open_on_thread (const char  *path,
                                     GError     **error);

/* The line to the server is down (set by the window from its watch):
 * write tasks on a server then fail at once with BSN_ERROR_OFFLINE
 * instead of waiting for a connection timeout; pages that can queue work
 * (bsn-outbox.h) or must refuse it (a voucher) ask first. Any thread. */
void bsn_db_task_set_offline (gboolean offline);
gboolean bsn_db_task_get_offline (void);
/* The server is back after a drop: each pool thread opens its connection
 * again at its next task instead of failing once on the dead one. */
void bsn_db_task_reset_connections (void);

/* TRUE when @error says the task was cancelled: callers ignore those. */
gboolean bsn_db_task_error_is_cancelled (const GError *error);

/* A BsnDbTaskFunc that lists the stores (a GPtrArray of BsnStore), which
 * many pages need for their store pickers. */
gpointer bsn_db_task_list_stores (BsnDb        *db,
                                  gpointer      task_data,
                                  GCancellable *cancellable,
                                  GError      **error);

G_END_DECLS
