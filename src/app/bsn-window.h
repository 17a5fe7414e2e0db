/* bsn-window.h — the main window: a sidebar of sections and their pages.
 *
 * The window owns which database is open. Opening runs on a worker thread
 * (bsn-db-loader.h) while the window shows a progress page; then every
 * page gets the path and reads what it needs on its own worker threads.
 * Its actions live in bsn-window-actions.c.
 */
#pragma once

#include <adwaita.h>

#include "bsn-db-loader.h"

G_BEGIN_DECLS

#define BSN_TYPE_WINDOW (bsn_window_get_type ())

G_DECLARE_FINAL_TYPE (BsnWindow, bsn_window, BSN, WINDOW, AdwApplicationWindow)

BsnWindow *bsn_window_new (GtkApplication *application);

/* Opens @path; with @remember it becomes the "last-database" setting. */
void bsn_window_open_database (BsnWindow     *self,
                               const char    *path,
                               BsnDbLoadMode  mode,
                               gboolean       remember);
/* The database of the last start: BSN_DB, the setting, or the default
 * file (created with the demo network on first run). */
void bsn_window_open_initial_database (BsnWindow *self);
/* The open database, or NULL while none is. */
const char *bsn_window_get_path (BsnWindow *self);

void bsn_window_choose_database (BsnWindow *self);
void bsn_window_choose_new_database (BsnWindow *self);
void bsn_window_show_toast (BsnWindow  *self,
                            const char *message);

G_END_DECLS
