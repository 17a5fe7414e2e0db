/* bsn-server-dialog.h — "Sambungkan ke server jaringan".
 *
 * Asks for a network server (host, port, database, TLS mode) and the
 * user's login there (name, password), or offers one of the recent
 * connections (GSettings "recent-servers", without passwords; the
 * password comes from the desktop keyring, bsn-server-secret.h). The
 * window connects (bsn_window_connect_server()) off the main thread; the
 * dialog stays open until that succeeds and shows why it failed, in the
 * words bsn-db-pg.h gives (wrong password, server unreachable,
 * certificate, no permission).
 */
#pragma once

#include <adwaita.h>

#include "bsn-db-server.h"
#include "bsn-window.h"

G_BEGIN_DECLS

#define BSN_TYPE_SERVER_DIALOG (bsn_server_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BsnServerDialog, bsn_server_dialog, BSN, SERVER_DIALOG, AdwWindow)

/* @address (nullable) fills the fields; @message (nullable) says why the
 * dialog is shown (the last try failed). */
BsnServerDialog *bsn_server_dialog_new (BsnWindow              *window,
                                        const BsnServerAddress *address,
                                        const char             *message);

/* The connection failed: says why and lets the user try again. */
void bsn_server_dialog_show_error (BsnServerDialog *self,
                                   const char      *message);

G_END_DECLS
