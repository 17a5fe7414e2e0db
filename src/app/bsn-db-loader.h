/* bsn-db-loader.h — opening (and on first run, creating) a database.
 *
 * Opening migrates an older schema (bsn_db_open()), which may take a
 * while on a big file, so it runs on a worker thread like all library
 * work. On first run the default database does not exist yet: it is
 * created and filled with the demo network (bsn-demo.h) while the window
 * shows a progress bar. If filling fails, the half-made file is removed so
 * the next start tries again.
 *
 * A PostgreSQL location (a libpq URI, its password only in memory) is
 * opened, never created; the loader also makes the watch that brings the
 * other desktops' writes (bsn-db-watch.h).
 */
#pragma once

#include <gio/gio.h>

#include "bsn-db-watch.h"

G_BEGIN_DECLS

typedef enum
{
  BSN_DB_LOAD_EXISTING,     /* the file must exist */
  BSN_DB_LOAD_DEMO,         /* a missing file is created with the demo network */
  BSN_DB_LOAD_CREATE_EMPTY, /* a new, empty database; an existing file is refused */
} BsnDbLoadMode;

/* Called on the main thread with the share of the demo filled so far. */
typedef void (*BsnDbLoadProgress) (GObject *target,
                                   double   fraction);

void bsn_db_load_async (const char          *path,
                        BsnDbLoadMode        mode,
                        GObject             *progress_target,
                        BsnDbLoadProgress    progress,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data);

/* TRUE when the database is ready; *@out_created says whether it was
 * made just now. */
gboolean bsn_db_load_finish (GAsyncResult *result,
                             gboolean     *out_created,
                             GError      **error);

/* After a server opened: its live-update watch, not started yet
 * (bsn-db-watch.h), or NULL (a file, or the watch could not connect).
 * (transfer full) */
BsnDbWatch *bsn_db_load_take_watch (GAsyncResult *result);

G_END_DECLS
