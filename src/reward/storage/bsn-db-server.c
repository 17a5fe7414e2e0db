/* bsn-db-server.c — a PostgreSQL server named by its parts (see
 * bsn-db-server.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpq-fe.h>
#include <string.h>

#include "bsn-db-server.h"
#include "bsn-db.h"
#include "bsn-error.h"

static const char *const sslmodes[] = { "disable", "prefer", "require", "verify-full" };

gboolean
bsn_server_sslmode_is_valid (const char *sslmode)
{
  return sslmode != NULL && g_strv_contains ((const char *const *) sslmodes, sslmode);
}

BsnServerAddress *
bsn_server_address_new (const char *host,
                        int         port,
                        const char *dbname,
                        const char *user,
                        const char *sslmode)
{
  BsnServerAddress *address = g_new0 (BsnServerAddress, 1);

  address->host = g_strdup (host != NULL ? host : "");
  address->port = port;
  address->dbname = g_strdup (dbname != NULL ? dbname : "");
  address->user = g_strdup (user != NULL ? user : "");
  address->sslmode = g_strdup (bsn_server_sslmode_is_valid (sslmode) ? sslmode : "prefer");
  return address;
}

void
bsn_server_address_free (BsnServerAddress *address)
{
  if (address == NULL)
    return;
  g_free (address->host);
  g_free (address->dbname);
  g_free (address->user);
  g_free (address->sslmode);
  g_free (address);
}

BsnServerAddress *
bsn_server_address_copy (const BsnServerAddress *address)
{
  return bsn_server_address_new (address->host, address->port, address->dbname,
                                 address->user, address->sslmode);
}

static void
append_param (GString    *uri,
              gboolean   *first,
              const char *key,
              const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  g_string_append_printf (uri, "%c%s=%s", *first ? '?' : '&', key, escaped);
  *first = FALSE;
}

char *
bsn_server_address_to_location (const BsnServerAddress *address,
                                const char             *password)
{
  GString *uri = g_string_new ("postgresql://");
  gboolean socket = address->host[0] == '/';
  gboolean first = TRUE;

  if (address->user[0] != '\0')
    {
      g_autofree char *user = g_uri_escape_string (address->user, NULL, FALSE);
      g_string_append_printf (uri, "%s@", user);
    }
  if (!socket && address->host[0] != '\0')
    {
      g_autofree char *host = g_uri_escape_string (address->host, ":[]", FALSE);
      /* An IPv6 address goes in brackets. */
      if (strchr (address->host, ':') != NULL && address->host[0] != '[')
        g_string_append_printf (uri, "[%s]", host);
      else
        g_string_append (uri, host);
    }
  if (!socket && address->port > 0)
    g_string_append_printf (uri, ":%d", address->port);
  g_string_append_c (uri, '/');
  if (address->dbname[0] != '\0')
    {
      g_autofree char *dbname = g_uri_escape_string (address->dbname, NULL, FALSE);
      g_string_append (uri, dbname);
    }
  /* The password first: bsn_db_location_for_display() takes it out
   * with the "&" after it. */
  if (password != NULL)
    append_param (uri, &first, "password", password);
  if (socket)
    {
      append_param (uri, &first, "host", address->host);
      if (address->port > 0)
        {
          g_autofree char *port = g_strdup_printf ("%d", address->port);
          append_param (uri, &first, "port", port);
        }
    }
  append_param (uri, &first, "sslmode", address->sslmode);
  return g_string_free (uri, FALSE);
}

BsnServerAddress *
bsn_server_address_from_location (const char  *location,
                                  GError     **error)
{
  PQconninfoOption *options;
  char *message = NULL;
  const char *host = NULL, *port = NULL, *dbname = NULL, *user = NULL, *sslmode = NULL;
  BsnServerAddress *address;

  if (location == NULL || !bsn_db_location_is_server (location)
      || (options = PQconninfoParse (location, &message)) == NULL)
    {
      g_autofree char *shown = location != NULL ? bsn_db_location_for_display (location) : g_strdup ("");

      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("“%s” bukan alamat server PostgreSQL yang sah"), shown);
      PQfreemem (message);
      return NULL;
    }
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL)
        continue;
      if (g_str_equal (o->keyword, "host"))
        host = o->val;
      else if (g_str_equal (o->keyword, "port"))
        port = o->val;
      else if (g_str_equal (o->keyword, "dbname"))
        dbname = o->val;
      else if (g_str_equal (o->keyword, "user"))
        user = o->val;
      else if (g_str_equal (o->keyword, "sslmode"))
        sslmode = o->val;
    }
  address = bsn_server_address_new (host, port != NULL ? (int) g_ascii_strtoll (port, NULL, 10) : 0,
                                     dbname, user, sslmode);
  PQconninfoFree (options);
  return address;
}

char *
bsn_server_address_describe (const BsnServerAddress *address)
{
  g_autofree char *where = NULL;
  const char *host = address->host[0] != '\0' && address->host[0] != '/' ? address->host : "localhost";

  where = address->port > 0 ? g_strdup_printf ("%s:%d", host, address->port) : g_strdup (host);
  if (address->user[0] == '\0')
    return g_strdup_printf ("%s/%s", where, address->dbname);
  return g_strdup_printf ("%s @ %s/%s", address->user, where, address->dbname);
}
