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
#include "bsn-db-server.h"

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

/* Opens a file or a server location (a libpq URI): a server's password,
 * when the location has none, comes from the desktop keyring. */
void bsn_window_open_location (BsnWindow  *self,
                               const char *location,
                               gboolean    remember);
/* Shows "Sambungkan ke server jaringan". */
void bsn_window_choose_server (BsnWindow *self);
/* Connects to @address as its user with @password (nullable; kept in
 * memory only, and in the keyring with @remember_password); @dialog
 * (nullable) hears how it ended. */
void bsn_window_connect_server (BsnWindow              *self,
                                const BsnServerAddress *address,
                                const char             *password,
                                gboolean                remember_password,
                                GtkWidget              *dialog);

void bsn_window_choose_database (BsnWindow *self);
void bsn_window_choose_new_database (BsnWindow *self);
void bsn_window_show_toast (BsnWindow  *self,
                            const char *message);

G_END_DECLS
