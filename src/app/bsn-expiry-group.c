/* bsn-expiry-group.c — Poin segera hangus (see bsn-expiry-group.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-db-task.h"
#include "bsn-expiry-group.h"
#include "bsn-expiry.h"
#include "bsn-money.h"
#include "bsn-time.h"

struct _BsnExpiryGroup
{
  AdwPreferencesGroup parent_instance;

  GCancellable *cancellable;
  GPtrArray    *rows;   /* the rows shown, to remove on the next load */
};

G_DEFINE_FINAL_TYPE (BsnExpiryGroup, bsn_expiry_group, ADW_TYPE_PREFERENCES_GROUP)

static gpointer
load_thread (BsnDb        *db,
             gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  BsnTime now = bsn_time_now ();

  if (!bsn_expiry_run (db, now, NULL, NULL, error))
    return NULL;
  return bsn_expiry_reminders (db, now, BSN_EXPIRY_REMINDER_DAYS, error);
}

static void
on_send_clicked (GtkButton *button,
                 gpointer   user_data)
{
  const char *url = g_object_get_data (G_OBJECT (button), "url");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));

  /* GtkUriLauncher is GTK 4.10; 4.8 has gtk_show_uri. */
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, url, GDK_CURRENT_TIME);
}

static GtkWidget *
reminder_row (const BsnExpiryReminder *r)
{
  g_autofree char *title = g_strdup_printf ("%s · %s", r->code, r->name);
  g_autofree char *money = bsn_money_format (r->expiring_rp);
  g_autofree char *when = bsn_time_format_datetime (r->expires_at);
  g_autofree char *subtitle = g_strdup_printf (_("%s hangus pada %s"), money, when);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *suffix;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (r->whatsapp_url != NULL)
    {
      g_autofree char *label = g_strdup_printf (_("Kirim pengingat WhatsApp ke %s"), r->name);
      suffix = gtk_button_new_with_mnemonic (_("Kirim _WhatsApp"));
      gtk_widget_set_valign (suffix, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (suffix, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (suffix), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data_full (G_OBJECT (suffix), "url", g_strdup (r->whatsapp_url), g_free);
      g_signal_connect (suffix, "clicked", G_CALLBACK (on_send_clicked), NULL);
    }
  else
    {
      suffix = gtk_label_new (_("Tanpa nomor WhatsApp"));
      gtk_widget_add_css_class (suffix, "dim-label");
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
  return row;
}

static void
clear_rows (BsnExpiryGroup *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

static void
add_row (BsnExpiryGroup *self,
         GtkWidget      *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  g_ptr_array_add (self->rows, row);
}

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  BsnExpiryGroup *self = BSN_EXPIRY_GROUP (object);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  list = bsn_db_task_finish (result, &error);
  if (list == NULL && bsn_db_task_error_is_cancelled (error))
    return;
  clear_rows (self);
  if (list == NULL)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), error->message);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      add_row (self, row);
      return;
    }
  for (guint i = 0; i < list->len; i++)
    add_row (self, reminder_row (g_ptr_array_index (list, i)));
  if (list->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Tidak ada poin yang hangus dalam 30 hari"));
      add_row (self, row);
    }
}

void
bsn_expiry_group_reload (BsnExpiryGroup *self,
                         const char     *path)
{
  g_return_if_fail (BSN_IS_EXPIRY_GROUP (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (path == NULL)
    return;
  bsn_db_task_run (self, path, BSN_DB_TASK_WRITE, load_thread, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                   self->cancellable, load_done, NULL);
}

static void
bsn_expiry_group_dispose (GObject *object)
{
  BsnExpiryGroup *self = BSN_EXPIRY_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (bsn_expiry_group_parent_class)->dispose (object);
}

static void
bsn_expiry_group_class_init (BsnExpiryGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bsn_expiry_group_dispose;
}

static void
bsn_expiry_group_init (BsnExpiryGroup *self)
{
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Poin segera hangus"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("Pelanggan yang poinnya hangus dalam 30 hari; kirim pengingat "
                                           "lewat WhatsApp agar poin ditukar lebih dulu."));
}
