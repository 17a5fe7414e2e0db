/* bsn-window-network.c — the window on a network server (issue 20).
 *
 * Connecting: the "Sambungkan ke server jaringan" dialog
 * (bsn-server-dialog.h) or a server location given at start (BSN_DB, the
 * command line, the last one used) opens through the loader like a file;
 * the password, when the location has none, comes from the desktop
 * keyring, and lives only in the location the window keeps in memory. The
 * header names the server and the user.
 *
 * Live: the loader's BsnDbWatch (bsn-db-watch.h) reports the tables other
 * desktops wrote; the pages showing them read again a quarter of a second
 * later (one reload for a burst of notifications).
 *
 * A flaky line: while the watch is disconnected a banner says so, write
 * tasks fail at once (bsn_db_task_set_offline()), voucher redemptions are
 * refused, awards are queued in the outbox (bsn-outbox.h, "menunggu
 * dikirim"), and the watch reconnects with back-off; once back the outbox
 * is sent in order through the server's rules (what they refuse is shown
 * with the reason) and every page reads again.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bsn-db-task.h"
#include "bsn-error.h"
#include "bsn-outbox.h"
#include "bsn-server-dialog.h"
#include "bsn-server-secret.h"
#include "bsn-window-private.h"

#define RECENT_MAX 5

void
bsn_server_request_free (BsnServerRequest *request)
{
  if (request == NULL)
    return;
  g_weak_ref_clear (&request->dialog);
  g_clear_pointer (&request->address, bsn_server_address_free);
  if (request->password != NULL)
    bsn_server_secret_free (g_steal_pointer (&request->password));
  g_free (request);
}

static BsnServerRequest *
server_request_new (const BsnServerAddress *address,
                    const char             *password,
                    gboolean                remember_password,
                    GtkWidget              *dialog)
{
  BsnServerRequest *request = g_new0 (BsnServerRequest, 1);

  g_weak_ref_init (&request->dialog, dialog);
  request->address = bsn_server_address_copy (address);
  /* Copied with the allocator that wipes on free. */
  request->password = password != NULL ? g_strdup (password) : NULL;
  request->remember_password = remember_password;
  return request;
}

char *
bsn_window_location_title (const char *path)
{
  g_autoptr(BsnServerAddress) address = NULL;

  if (!bsn_db_location_is_server (path))
    return g_path_get_basename (path);
  address = bsn_server_address_from_location (path, NULL);
  if (address == NULL)
    return bsn_db_location_for_display (path);
  return bsn_server_address_describe (address);
}

/* ---- Connecting ---- */

void
bsn_window_connect_server (BsnWindow              *self,
                           const BsnServerAddress *address,
                           const char             *password,
                           gboolean                remember_password,
                           GtkWidget              *dialog)
{
  g_autofree char *location = NULL;

  g_return_if_fail (BSN_IS_WINDOW (self));
  g_return_if_fail (address != NULL);

  location = bsn_server_address_to_location (address, password);
  bsn_window_open_database_for (self, location, BSN_DB_LOAD_EXISTING, TRUE,
                                server_request_new (address, password, remember_password, dialog));
  memset (location, 0, strlen (location));
}

void
bsn_window_choose_server (BsnWindow *self)
{
  g_autoptr(BsnServerAddress) address = NULL;

  g_return_if_fail (BSN_IS_WINDOW (self));

  /* The server open now, to connect as another user. */
  if (self->path != NULL && bsn_db_location_is_server (self->path))
    address = bsn_server_address_from_location (self->path, NULL);
  gtk_window_present (GTK_WINDOW (bsn_server_dialog_new (self, address, NULL)));
}

typedef struct
{
  BsnWindow        *self;
  BsnServerAddress *address;
  gboolean          remember;
} LookupRequest;

static void
on_startup_password (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  LookupRequest *req = user_data;
  g_autoptr(GError) error = NULL;
  char *password = bsn_server_secret_lookup_finish (result, &error);
  g_autofree char *location = bsn_server_address_to_location (req->address, password);

  /* No keyring, or nothing stored: libpq may still get in (a trusted
   * socket, ~/.pgpass); if not, the dialog asks for the password. */
  if (error != NULL)
    g_debug ("Gantungan kunci: %s", error->message);
  bsn_window_open_database_for (req->self, location, BSN_DB_LOAD_EXISTING, req->remember,
                                server_request_new (req->address, password, FALSE, NULL));
  memset (location, 0, strlen (location));
  if (password != NULL)
    bsn_server_secret_free (password);
  g_object_unref (req->self);
  bsn_server_address_free (req->address);
  g_free (req);
}

void
bsn_window_open_location (BsnWindow  *self,
                          const char *location,
                          gboolean    remember)
{
  g_autoptr(BsnServerAddress) address = NULL;
  g_autofree char *shown = NULL;
  LookupRequest *req;

  g_return_if_fail (BSN_IS_WINDOW (self));
  g_return_if_fail (location != NULL);

  if (!bsn_db_location_is_server (location))
    {
      bsn_window_open_database (self, location, BSN_DB_LOAD_EXISTING, remember);
      return;
    }
  address = bsn_server_address_from_location (location, NULL);
  shown = bsn_db_location_for_display (location);
  /* A location with its password (BSN_DB from ./quickstart network), or
   * one that does not parse (the loader says why): opened as it is. */
  if (address == NULL || g_strcmp0 (shown, location) != 0)
    {
      bsn_window_open_database_for (self, location, BSN_DB_LOAD_EXISTING, remember,
                                    address != NULL ? server_request_new (address, NULL, FALSE, NULL) : NULL);
      return;
    }
  adw_status_page_set_title (self->loading_page, _("Menyambungkan ke server…"));
  {
    g_autofree char *escaped = g_markup_escape_text (shown, -1);
    adw_status_page_set_description (self->loading_page, escaped);
  }
  gtk_stack_set_visible_child_name (self->main_stack, "loading");
  req = g_new0 (LookupRequest, 1);
  req->self = g_object_ref (self);
  req->address = g_steal_pointer (&address);
  req->remember = remember;
  bsn_server_secret_lookup_async (req->address, NULL, on_startup_password, req);
}

static void
on_password_stored (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A desktop without a keyring: the password is asked again next time. */
  if (!bsn_server_secret_store_finish (result, &error))
    g_debug ("Kata sandi tidak tersimpan di gantungan kunci: %s", error->message);
}

/* The server goes first in "recent-servers", once. */
static void
remember_server (BsnWindow              *self,
                 const BsnServerAddress *address)
{
  g_autoptr(GVariant) old = NULL;
  GVariantBuilder b;
  GVariantIter iter;
  const char *host, *dbname, *user, *sslmode;
  int port;
  guint n = 1;

  if (self->settings == NULL)
    return;
  old = g_settings_get_value (self->settings, "recent-servers");
  g_variant_builder_init (&b, G_VARIANT_TYPE ("a(sisss)"));
  g_variant_builder_add (&b, "(sisss)", address->host, address->port, address->dbname,
                         address->user, address->sslmode);
  g_variant_iter_init (&iter, old);
  while (n < RECENT_MAX && g_variant_iter_next (&iter, "(&si&s&s&s)", &host, &port, &dbname, &user, &sslmode))
    {
      if (g_str_equal (host, address->host) && port == address->port
          && g_str_equal (dbname, address->dbname) && g_str_equal (user, address->user))
        continue;
      g_variant_builder_add (&b, "(sisss)", host, port, dbname, user, sslmode);
      n++;
    }
  g_settings_set_value (self->settings, "recent-servers", g_variant_builder_end (&b));
}

/* ---- The outbox ---- */

static void update_banner (BsnWindow *self);

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(BsnOutbox) outbox = bsn_outbox_open (task_data, NULL);

  g_task_return_int (task, outbox != NULL ? bsn_outbox_count_pending (outbox) : 0);
}

static void
count_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BsnWindow *self = BSN_WINDOW (object);
  gssize n = g_task_propagate_int (G_TASK (result), NULL);

  self->outbox_pending = n > 0 ? (guint) n : 0;
  update_banner (self);
}

/* Counts what waits in the outbox (off the main thread), for the banner. */
static void
recount_outbox (BsnWindow *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->path == NULL || !bsn_db_location_is_server (self->path))
    return;
  task = g_task_new (self, NULL, count_done, NULL);
  g_task_set_task_data (task, bsn_outbox_path_for (self->path), g_free);
  g_task_run_in_thread (task, count_thread);
}

typedef struct
{
  guint      sent;
  GPtrArray *refused;   /* BsnOutboxEntry */
} ReplayResult;

static void
replay_result_free (gpointer data)
{
  ReplayResult *res = data;

  g_clear_pointer (&res->refused, g_ptr_array_unref);
  g_free (res);
}

/* Runs on a worker with the thread's server connection: the outbox is
 * sent through the library, as the signed-in user. */
static gpointer
replay_thread (BsnDb        *db,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  g_autoptr(BsnOutbox) outbox = bsn_outbox_open (data, error);
  ReplayResult *res;

  if (outbox == NULL)
    return NULL;
  res = g_new0 (ReplayResult, 1);
  if (!bsn_outbox_replay (outbox, db, &res->sent, &res->refused, error))
    {
      replay_result_free (res);
      return NULL;
    }
  bsn_outbox_clear_done (outbox, NULL);
  return res;
}

static void
show_refused (BsnWindow *self,
              GPtrArray *refused)
{
  GString *body = g_string_new (NULL);
  g_autofree char *heading = g_strdup_printf (ngettext ("Server menolak %u catatan dari kotak keluar",
                                                        "Server menolak %u catatan dari kotak keluar",
                                                        refused->len),
                                              refused->len);
  GtkWidget *dialog;

  for (guint i = 0; i < refused->len; i++)
    {
      const BsnOutboxEntry *entry = refused->pdata[i];
      g_string_append_printf (body, i == 0 ? "%s: %s" : "\n\n%s: %s", entry->summary, entry->reason);
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Tutup"));
  gtk_window_present (GTK_WINDOW (dialog));
  g_string_free (body, TRUE);
}

static void replay_outbox (BsnWindow *self);

static gboolean
replay_again (gpointer data)
{
  BsnWindow *self = data;

  self->replay_source = 0;
  replay_outbox (self);
  return G_SOURCE_REMOVE;
}

static void
replay_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  BsnWindow *self = BSN_WINDOW (object);
  g_autoptr(GError) error = NULL;
  ReplayResult *res = bsn_db_task_finish (result, &error);

  self->replaying = FALSE;
  if (res == NULL)
    {
      /* The line dropped again: the watch notices, the next
       * reconnection sends the rest. */
      if (!bsn_db_task_error_is_cancelled (error))
        g_message ("Kotak keluar belum terkirim: %s", error->message);
      recount_outbox (self);
      /* A worker's connection from before the drop fails once and is
       * replaced: try again soon while the line is up. */
      if (g_error_matches (error, BSN_ERROR, BSN_ERROR_OFFLINE) && self->replay_tries < 5
          && self->watch != NULL && bsn_db_watch_get_connected (self->watch))
        {
          self->replay_tries++;
          g_clear_handle_id (&self->replay_source, g_source_remove);
          self->replay_source = g_timeout_add (1000 * self->replay_tries, replay_again, self);
        }
      return;
    }
  self->replay_tries = 0;
  if (res->sent > 0)
    {
      g_autofree char *message = g_strdup_printf (ngettext ("%u catatan yang menunggu sudah terkirim ke server",
                                                            "%u catatan yang menunggu sudah terkirim ke server",
                                                            res->sent),
                                                  res->sent);
      bsn_window_show_toast (self, message);
      if (res->refused->len == 0)
        bsn_receipt_page_outbox_sent (self->receipt_page);
      bsn_window_reload_pages (self);
    }
  if (res->refused->len > 0)
    show_refused (self, res->refused);
  replay_result_free (res);
  recount_outbox (self);
}

/* Sends what waits in the outbox, once at a time. */
static void
replay_outbox (BsnWindow *self)
{
  if (self->replaying || self->path == NULL || !bsn_db_location_is_server (self->path)
      || bsn_db_task_get_offline ())
    return;
  self->replaying = TRUE;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_WRITE, replay_thread, bsn_outbox_path_for (self->path),
                   g_free, replay_result_free, NULL, replay_done, NULL);
}

/* ---- Live updates and the line ---- */

static void
update_banner (BsnWindow *self)
{
  g_autofree char *text = NULL;
  gboolean down = self->watch != NULL && !bsn_db_watch_get_connected (self->watch);

  if (self->outbox_pending > 0)
    text = g_strdup_printf (ngettext ("Tidak tersambung ke server; mencoba lagi otomatis. %u catatan menunggu dikirim.",
                                      "Tidak tersambung ke server; mencoba lagi otomatis. %u catatan menunggu dikirim.",
                                      self->outbox_pending),
                            self->outbox_pending);
  else
    text = g_strdup (_("Tidak tersambung ke server; mencoba lagi otomatis. Voucher tidak dapat dipakai sampai sambungan pulih."));
  /* Emptied while hidden: a screen reader does not find a stale message. */
  gtk_label_set_text (self->offline_label, down ? text : "");
  gtk_revealer_set_reveal_child (self->offline_revealer, down);
}

/* Which pages show a table: they read it again. */
static void
reload_for_tables (BsnWindow  *self,
                   GHashTable *tables)
{
  gboolean ledger = FALSE, vouchers = FALSE, tiers = FALSE, lots = FALSE, registry = FALSE;
  gboolean quota = FALSE, users = FALSE, dashboard = FALSE;
  GHashTableIter iter;
  const char *table;

  if (g_hash_table_contains (tables, "*"))
    {
      bsn_window_reload_pages (self);
      return;
    }
  g_hash_table_iter_init (&iter, tables);
  while (g_hash_table_iter_next (&iter, (gpointer *) &table, NULL))
    {
      if (g_str_equal (table, "postings") || g_str_equal (table, "receipts"))
        ledger = dashboard = quota = TRUE;
      else if (g_str_equal (table, "vouchers") || g_str_equal (table, "redemptions"))
        vouchers = ledger = dashboard = TRUE;
      else if (g_str_equal (table, "tier_versions"))
        tiers = TRUE;
      else if (g_str_equal (table, "lots") || g_str_equal (table, "lot_events"))
        lots = ledger = TRUE;
      else if (g_str_equal (table, "stores") || g_str_equal (table, "customers"))
        registry = ledger = dashboard = TRUE;
      else if (g_str_equal (table, "quotas") || g_str_equal (table, "day_plans")
               || g_str_equal (table, "stock_lines"))
        quota = TRUE;
      else if (g_str_equal (table, "users"))
        users = TRUE;
      else
        dashboard = TRUE;
    }
  if (ledger && self->ledger_page != NULL)
    bsn_ledger_page_reload (self->ledger_page);
  if (dashboard && self->dashboard_page != NULL)
    bsn_dashboard_page_reload (self->dashboard_page);
  if (quota && self->quota_page != NULL)
    bsn_quota_page_reload (self->quota_page);
  if (vouchers && self->voucher_page != NULL)
    bsn_voucher_page_reload (self->voucher_page);
  if (tiers && self->tiers_page != NULL)
    bsn_tiers_page_reload (self->tiers_page);
  if (lots && self->consign_page != NULL)
    bsn_consign_page_reload (self->consign_page);
  if (registry && self->registry_page != NULL)
    bsn_registry_page_reload (self->registry_page);
  if (users && self->users_page != NULL)
    bsn_users_page_reload (self->users_page);
}

static gboolean
on_reload_due (gpointer data)
{
  BsnWindow *self = data;
  g_autoptr(GHashTable) tables = g_steal_pointer (&self->changed_tables);

  self->reload_source = 0;
  /* Pages not pointed at the database yet (locked, signing in) read it
   * when they are. */
  if (tables != NULL && self->pages_path != NULL)
    reload_for_tables (self, tables);
  return G_SOURCE_REMOVE;
}

static void
on_watch_changed (BsnWindow  *self,
                  const char *table,
                  BsnDbWatch *watch)
{
  if (self->changed_tables == NULL)
    self->changed_tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (self->changed_tables, g_strdup (table));
  if (self->reload_source == 0)
    self->reload_source = g_timeout_add (250, on_reload_due, self);
}

static void
on_watch_connected (BsnWindow  *self,
                    GParamSpec *pspec,
                    BsnDbWatch *watch)
{
  gboolean connected = bsn_db_watch_get_connected (watch);

  if (connected)
    bsn_db_task_reset_connections ();
  bsn_db_task_set_offline (!connected);
  update_banner (self);
  if (connected)
    {
      bsn_window_show_toast (self, _("Tersambung lagi ke server"));
      replay_outbox (self);
    }
}

static void
set_watch (BsnWindow  *self,
           BsnDbWatch *watch)
{
  if (self->watch != NULL)
    g_signal_handlers_disconnect_by_data (self->watch, self);
  g_clear_object (&self->watch);
  self->watch = watch;
  bsn_db_task_set_offline (FALSE);
  if (watch != NULL)
    {
      g_signal_connect_object (watch, "changed", G_CALLBACK (on_watch_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (watch, "notify::connected", G_CALLBACK (on_watch_connected), self,
                               G_CONNECT_SWAPPED);
      bsn_db_watch_start (watch);
    }
  self->outbox_pending = 0;
  update_banner (self);
  /* Left from an earlier session that lost its line. */
  replay_outbox (self);
}

void
bsn_window_network_opened (BsnWindow        *self,
                           BsnServerRequest *server,
                           BsnDbWatch       *watch)
{
  g_autoptr(GtkWidget) dialog = NULL;

  set_watch (self, watch);
  if (server == NULL)
    return;
  remember_server (self, server->address);
  if (server->remember_password && server->password != NULL)
    bsn_server_secret_store_async (server->address, server->password, NULL, on_password_stored, NULL);
  dialog = g_weak_ref_get (&server->dialog);
  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
}

gboolean
bsn_window_network_failed (BsnWindow        *self,
                           const char       *path,
                           BsnServerRequest *server,
                           const GError     *error)
{
  g_autoptr(GtkWidget) dialog = NULL;

  if (server == NULL)
    return FALSE;
  dialog = g_weak_ref_get (&server->dialog);
  if (dialog != NULL)
    {
      bsn_server_dialog_show_error (BSN_SERVER_DIALOG (dialog), error->message);
      return TRUE;
    }
  /* Opened at start (the last server, BSN_DB): the dialog asks again,
   * filled in, with the reason. */
  gtk_window_present (GTK_WINDOW (bsn_server_dialog_new (self, server->address, error->message)));
  return TRUE;
}

static void
retry_server_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  BsnWindow *self = BSN_WINDOW (widget);

  if (self->watch != NULL)
    bsn_db_watch_retry_now (self->watch);
}

/* A page queued work in the outbox (bsn-receipt-page.c). */
static void
outbox_changed_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  recount_outbox (BSN_WINDOW (widget));
}

void
bsn_window_class_add_network_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.retry-server", NULL, retry_server_action);
  gtk_widget_class_install_action (widget_class, "win.outbox-changed", NULL, outbox_changed_action);
}

void
bsn_window_network_dispose (BsnWindow *self)
{
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_handle_id (&self->replay_source, g_source_remove);
  g_clear_pointer (&self->changed_tables, g_hash_table_unref);
  if (self->watch != NULL)
    g_signal_handlers_disconnect_by_data (self->watch, self);
  g_clear_object (&self->watch);
}
