/* bsn-app-util.c — see bsn-app-util.h. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bsn-app-util.h"
#include "bsn-time.h"

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

/* ---- Date entries with a calendar ---- */

static void
on_picker_shown (GtkCalendar *calendar)
{
  GtkWidget *entry = g_object_get_data (G_OBJECT (calendar), "bsn-entry");
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
  char *space = strchr (text, ' ');
  BsnTime t;

  if (space != NULL)
    *space = '\0';
  if (bsn_date_parse (text, &t, NULL))
    {
      int y, m, d;
      g_autoptr(GDateTime) date = NULL;
      bsn_time_to_ymd (t, &y, &m, &d);
      date = g_date_time_new_local (y, m, d, 0, 0, 0);
      gtk_calendar_select_day (calendar, date);
    }
}

static void
on_picker_day_selected (GtkCalendar *calendar)
{
  GtkWidget *entry = g_object_get_data (G_OBJECT (calendar), "bsn-entry");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  const char *old = gtk_editable_get_text (GTK_EDITABLE (entry));
  const char *clock = strchr (old, ' ');
  g_autofree char *day = g_strdup_printf ("%02d/%02d/%04d", g_date_time_get_day_of_month (date),
                                          g_date_time_get_month (date), g_date_time_get_year (date));
  g_autofree char *text = g_strconcat (day, clock != NULL ? clock : "", NULL);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (calendar), "bsn-activate")))
    {
      if (ADW_IS_ENTRY_ROW (entry))
        g_signal_emit_by_name (entry, "entry-activated");
      else if (GTK_IS_ENTRY (entry))
        g_signal_emit_by_name (entry, "activate");
    }
}

GtkWidget *
bsn_app_add_date_picker (GtkWidget *entry,
                         gboolean   activate)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();
  GtkWidget *parent = gtk_widget_get_parent (entry);

  g_return_val_if_fail (GTK_IS_EDITABLE (entry), NULL);

  g_object_set_data (G_OBJECT (calendar), "bsn-entry", entry);
  g_object_set_data (G_OBJECT (calendar), "bsn-activate", GINT_TO_POINTER (activate));
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  g_signal_connect_swapped (popover, "show", G_CALLBACK (on_picker_shown), calendar);
  g_signal_connect (calendar, "day-selected", G_CALLBACK (on_picker_day_selected), NULL);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Pilih tanggal dari kalender"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Pilih tanggal dari kalender"), -1);
  gtk_widget_add_css_class (button, "flat");
  if (ADW_IS_ENTRY_ROW (entry))
    adw_entry_row_add_suffix (ADW_ENTRY_ROW (entry), button);
  else if (GTK_IS_BOX (parent))
    gtk_box_insert_child_after (GTK_BOX (parent), button, entry);
  else
    g_return_val_if_reached (NULL);
  return button;
}
