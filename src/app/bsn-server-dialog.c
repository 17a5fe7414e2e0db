/* bsn-server-dialog.c — "Sambungkan ke server jaringan" (see
 * bsn-server-dialog.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-server-dialog.h"
#include "bsn-server-secret.h"

/* The TLS modes in the order of the combo row's items (libpq sslmode). */
static const char *const sslmodes[] = { "disable", "prefer", "require", "verify-full" };

struct _BsnServerDialog
{
  AdwWindow     parent_instance;

  BsnWindow    *window;        /* weak: the dialog is its transient */
  GSettings    *settings;      /* NULL when the schema is not installed */
  GCancellable *cancellable;   /* of a keyring lookup */

  GtkWidget    *status_group;
  GtkLabel     *status_label;
  AdwPreferencesGroup *recent_group;
  GtkListBox   *recent_list;
  AdwEntryRow  *host_row;
  AdwEntryRow  *port_row;
  AdwEntryRow  *dbname_row;
  AdwComboRow  *sslmode_row;
  AdwEntryRow  *user_row;
  AdwEntryRow  *password_row;
  GtkSwitch    *remember_switch;
  GtkButton    *connect_button;
};

G_DEFINE_FINAL_TYPE (BsnServerDialog, bsn_server_dialog, ADW_TYPE_WINDOW)

static void
set_busy (BsnServerDialog *self,
          gboolean         busy)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "server.connect", !busy);
  gtk_button_set_label (self->connect_button, busy ? _("Menyambungkan…") : _("_Sambungkan"));
}

static void
show_status (BsnServerDialog *self,
             const char      *message,
             gboolean         is_error)
{
  gtk_label_set_text (self->status_label, message);
  gtk_widget_set_visible (self->status_group, message != NULL && *message != '\0');
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

void
bsn_server_dialog_show_error (BsnServerDialog *self,
                              const char      *message)
{
  g_return_if_fail (BSN_IS_SERVER_DIALOG (self));

  set_busy (self, FALSE);
  show_status (self, message, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
fill (BsnServerDialog        *self,
      const BsnServerAddress *address)
{
  g_autofree char *port = g_strdup_printf ("%d", address->port > 0 ? address->port : 5432);

  gtk_editable_set_text (GTK_EDITABLE (self->host_row), address->host);
  gtk_editable_set_text (GTK_EDITABLE (self->port_row), port);
  gtk_editable_set_text (GTK_EDITABLE (self->dbname_row), address->dbname);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), address->user);
  for (guint i = 0; i < G_N_ELEMENTS (sslmodes); i++)
    if (g_strcmp0 (sslmodes[i], address->sslmode) == 0)
      adw_combo_row_set_selected (self->sslmode_row, i);
}

static void
on_password_found (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  BsnServerDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  char *password = bsn_server_secret_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (password != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
      bsn_server_secret_free (password);
    }
}

/* The address in the fields, or NULL with the reason shown. */
static BsnServerAddress *
read_fields (BsnServerDialog *self)
{
  const char *host = gtk_editable_get_text (GTK_EDITABLE (self->host_row));
  const char *port_text = gtk_editable_get_text (GTK_EDITABLE (self->port_row));
  const char *dbname = gtk_editable_get_text (GTK_EDITABLE (self->dbname_row));
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_row));
  guint selected = adw_combo_row_get_selected (self->sslmode_row);
  guint64 port = 0;

  if (*g_strstrip ((char *) host) == '\0')
    {
      show_status (self, _("Isi alamat server, misalnya 192.168.1.10 atau server-toko.lan."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
      return NULL;
    }
  if (*port_text != '\0'
      && (!g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL)))
    {
      show_status (self, _("Port harus angka antara 1 dan 65535 (biasanya 5432)."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->port_row));
      return NULL;
    }
  if (*dbname == '\0' || *user == '\0')
    {
      show_status (self, _("Isi nama basis data dan nama pengguna Anda di server."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (*dbname == '\0' ? self->dbname_row : self->user_row));
      return NULL;
    }
  return bsn_server_address_new (host, (int) port, dbname, user,
                                 sslmodes[MIN (selected, G_N_ELEMENTS (sslmodes) - 1)]);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  BsnServerDialog *self = BSN_SERVER_DIALOG (widget);
  g_autoptr(BsnServerAddress) address = read_fields (self);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (address == NULL || self->window == NULL)
    return;
  set_busy (self, TRUE);
  show_status (self, _("Menyambungkan ke server…"), FALSE);
  bsn_window_connect_server (self->window, address, *password != '\0' ? password : NULL,
                             gtk_switch_get_active (self->remember_switch), GTK_WIDGET (self));
}

static void
on_entry_activated (BsnServerDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "server.connect", NULL);
}

static void
on_recent_activated (BsnServerDialog *self,
                     GtkListBoxRow   *row)
{
  BsnServerAddress *address = g_object_get_data (G_OBJECT (row), "address");

  fill (self, address);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  bsn_server_secret_lookup_async (address, self->cancellable, on_password_found, self);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
on_recent_used (GtkButton       *use,
                BsnServerDialog *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (use), GTK_TYPE_LIST_BOX_ROW);

  if (row != NULL)
    on_recent_activated (self, GTK_LIST_BOX_ROW (row));
}

static void
add_recent_rows (BsnServerDialog *self)
{
  g_autoptr(GVariant) recent = NULL;
  GVariantIter iter;
  const char *host, *dbname, *user, *sslmode;
  int port;
  guint n = 0;

  if (self->settings == NULL)
    return;
  recent = g_settings_get_value (self->settings, "recent-servers");
  g_variant_iter_init (&iter, recent);
  while (g_variant_iter_next (&iter, "(&si&s&s&s)", &host, &port, &dbname, &user, &sslmode))
    {
      BsnServerAddress *address = bsn_server_address_new (host, port, dbname, user, sslmode);
      g_autofree char *title = bsn_server_address_describe (address);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      GtkWidget *use = gtk_button_new_with_label (_("Pakai"));

      /* The row activates with Enter or a click; the button says so, and
       * is what assistive technologies can press. */
      gtk_widget_add_css_class (use, "flat");
      gtk_widget_set_valign (use, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (use, _("Isi formulir dengan sambungan ini"));
      g_signal_connect_object (use, "clicked", G_CALLBACK (on_recent_used), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), use);
      g_object_set_data_full (G_OBJECT (row), "address", address, (GDestroyNotify) bsn_server_address_free);
      gtk_list_box_append (self->recent_list, row);
      n++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), n > 0);
}

static void
bsn_server_dialog_dispose (GObject *object)
{
  BsnServerDialog *self = BSN_SERVER_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_weak_pointer (&self->window);
  gtk_widget_dispose_template (GTK_WIDGET (self), BSN_TYPE_SERVER_DIALOG);

  G_OBJECT_CLASS (bsn_server_dialog_parent_class)->dispose (object);
}

static void
bsn_server_dialog_class_init (BsnServerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bsn_server_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-server-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnServerDialog, status_group);
  gtk_widget_class_bind_template_child (widget_class, BsnServerDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, BsnServerDialog, recent_group);
  gtk_widget_class_bind_template_child (widget_class, BsnServerDialog, recent_list);
  gtk_widget_class_bind_template_child (widget_class, BsnServerDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, BsnServerDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, BsnServerDialog, dbname_row);
  gtk_widget_class_bind_template_child (widget_class, BsnServerDialog, sslmode_row);
  gtk_widget_class_bind_template_child (widget_class, BsnServerDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, BsnServerDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, BsnServerDialog, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, BsnServerDialog, connect_button);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_recent_activated);
  gtk_widget_class_install_action (widget_class, "server.connect", NULL, connect_action);
}

static void
bsn_server_dialog_init (BsnServerDialog *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source != NULL ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  if (schema != NULL)
    self->settings = g_settings_new (APP_ID);
  add_recent_rows (self);
}

BsnServerDialog *
bsn_server_dialog_new (BsnWindow              *window,
                       const BsnServerAddress *address,
                       const char             *message)
{
  BsnServerDialog *self = g_object_new (BSN_TYPE_SERVER_DIALOG,
                                        "transient-for", window,
                                        NULL);

  g_set_weak_pointer (&self->window, window);
  if (address != NULL)
    fill (self, address);
  if (message != NULL)
    show_status (self, message, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (address != NULL ? self->password_row : self->host_row));
  return self;
}
