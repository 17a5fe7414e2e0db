/* bsn-app-util.c — see bsn-app-util.h. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bsn-app-util.h"

void
bsn_app_show_toast (GtkWidget  *widget,
                    const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

void
bsn_app_show_message (GtkWidget  *widget,
                      const char *heading,
                      const char *body)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Tutup"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GtkWidget) widget = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (object));

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    bsn_app_show_message (widget, _("Berkas CSV tidak tersimpan"), error->message);
  else
    {
      g_autofree char *message = g_strdup_printf (_("Disimpan: %s"), name);
      bsn_app_show_toast (widget, message);
    }
}

static void
on_save_response (GtkNativeDialog *chooser,
                  int              response,
                  GtkWidget       *widget)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = g_object_steal_data (G_OBJECT (chooser), "bsn-text");

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (file == NULL || bytes == NULL)
    return;
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                       save_done, g_object_ref (widget));
}

void
bsn_app_save_text (GtkWidget  *widget,
                   const char *title,
                   const char *suggested_name,
                   char       *text)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Simpan"), _("_Batal"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested_name);
  g_object_set_data_full (G_OBJECT (chooser), "bsn-text", g_bytes_new_take (text, strlen (text)),
                          (GDestroyNotify) g_bytes_unref);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_save_response), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
