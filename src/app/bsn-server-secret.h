/* bsn-server-secret.h — server passwords in the desktop keyring.
 *
 * The password of a network server is kept by the desktop's Secret
 * Service (GNOME Keyring, KWallet) through libsecret, under the schema
 * "org.bsn.Loyalty.Server" with the server's host, port, database and
 * user as attributes: never in GSettings, never in a file of ours. A
 * desktop without a keyring simply remembers nothing (the user types the
 * password again).
 */
#pragma once

#include <gio/gio.h>

#include "bsn-db-server.h"

G_BEGIN_DECLS

void bsn_server_secret_store_async (const BsnServerAddress *address,
                                    const char             *password,
                                    GCancellable           *cancellable,
                                    GAsyncReadyCallback     callback,
                                    gpointer                user_data);
gboolean bsn_server_secret_store_finish (GAsyncResult  *result,
                                         GError       **error);

void bsn_server_secret_lookup_async (const BsnServerAddress *address,
                                     GCancellable           *cancellable,
                                     GAsyncReadyCallback     callback,
                                     gpointer                user_data);
/* The password, or NULL (none stored, or no keyring: @error says which).
 * (transfer full): free with bsn_server_secret_free(), which wipes it. */
char *bsn_server_secret_lookup_finish (GAsyncResult  *result,
                                       GError       **error);

void bsn_server_secret_clear_async (const BsnServerAddress *address);

void bsn_server_secret_free (char *password);

G_END_DECLS
