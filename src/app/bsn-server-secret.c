/* bsn-server-secret.c — server passwords in the desktop keyring (see
 * bsn-server-secret.h). */
#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "bsn-server-secret.h"

static const SecretSchema *
server_schema (void)
{
  static const SecretSchema schema = {
    "org.bsn.Loyalty.Server", SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "port", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
      { "db", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static GHashTable *
attributes_for (const BsnServerAddress *address)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, "host", g_strdup (address->host));
  g_hash_table_insert (attributes, "port", g_strdup_printf ("%d", address->port > 0 ? address->port : 5432));
  g_hash_table_insert (attributes, "db", g_strdup (address->dbname));
  g_hash_table_insert (attributes, "user", g_strdup (address->user));
  return attributes;
}

void
bsn_server_secret_store_async (const BsnServerAddress *address,
                               const char             *password,
                               GCancellable           *cancellable,
                               GAsyncReadyCallback     callback,
                               gpointer                user_data)
{
  g_autoptr(GHashTable) attributes = attributes_for (address);
  g_autofree char *describe = bsn_server_address_describe (address);
  g_autofree char *label = g_strdup_printf (_("BSN Loyalty: %s"), describe);

  secret_password_storev (server_schema (), attributes, SECRET_COLLECTION_DEFAULT, label, password,
                          cancellable, callback, user_data);
}

gboolean
bsn_server_secret_store_finish (GAsyncResult  *result,
                                GError       **error)
{
  return secret_password_store_finish (result, error);
}

void
bsn_server_secret_lookup_async (const BsnServerAddress *address,
                                GCancellable           *cancellable,
                                GAsyncReadyCallback     callback,
                                gpointer                user_data)
{
  g_autoptr(GHashTable) attributes = attributes_for (address);

  secret_password_lookupv (server_schema (), attributes, cancellable, callback, user_data);
}

char *
bsn_server_secret_lookup_finish (GAsyncResult  *result,
                                 GError       **error)
{
  return secret_password_lookup_finish (result, error);
}

static void
on_cleared (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_clear_finish (result, &error) && error != NULL)
    g_debug ("Kata sandi tidak terhapus dari gantungan kunci: %s", error->message);
}

void
bsn_server_secret_clear_async (const BsnServerAddress *address)
{
  g_autoptr(GHashTable) attributes = attributes_for (address);

  secret_password_clearv (server_schema (), attributes, NULL, on_cleared, NULL);
}

void
bsn_server_secret_free (char *password)
{
  secret_password_free (password);
}
