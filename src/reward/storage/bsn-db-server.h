/* bsn-db-server.h — a PostgreSQL server named by its parts.
 *
 * The app's "Sambungkan ke server jaringan" dialog asks for a host, a
 * port, a database, a user, a password and a TLS mode; the storage layer
 * opens libpq URIs (bsn-db.h). This module turns the one into the other
 * and back. The password only ever travels inside the location given to
 * bsn_db_open() in memory: locations that are shown or remembered are
 * built without it (bsn_db_location_for_display() strips one that slipped
 * in), and the app keeps the password in the desktop keyring.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *host;      /* a name, an address, or a Unix socket folder ("/…") */
  int   port;      /* 0: libpq's default (5432) */
  char *dbname;
  char *user;
  char *sslmode;   /* "disable", "prefer", "require", "verify-full" */
} BsnServerAddress;

BsnServerAddress *bsn_server_address_new (const char *host,
                                          int         port,
                                          const char *dbname,
                                          const char *user,
                                          const char *sslmode);
void bsn_server_address_free (BsnServerAddress *address);
BsnServerAddress *bsn_server_address_copy (const BsnServerAddress *address);

/* A libpq URI for @address; with @password non-NULL it carries it as a
 * password parameter (never show or store that one). (transfer full) */
char *bsn_server_address_to_location (const BsnServerAddress *address,
                                      const char             *password);

/* The parts of a server location (a URI bsn_db_location_is_server()
 * accepts), or NULL with BSN_ERROR_INVALID. The password, if the
 * location has one, is dropped. */
BsnServerAddress *bsn_server_address_from_location (const char  *location,
                                                    GError     **error);

/* "sri @ toko.lan:5433/bsn" for the window's header. (transfer full) */
char *bsn_server_address_describe (const BsnServerAddress *address);

/* TRUE when @sslmode is one of the four modes the app offers. */
gboolean bsn_server_sslmode_is_valid (const char *sslmode);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnServerAddress, bsn_server_address_free)

G_END_DECLS
