/* bsn-window-actions.c — the window's actions and their keys. */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-db.h"
#include "bsn-window-private.h"

/* The sections' keys, in sidebar order: Ctrl+1 … Ctrl+9, Ctrl+0 for the
 * tenth, Ctrl+U (pengguna) for the eleventh,
 * Ctrl+M (siMulasi) for the twelfth. Listed in
 * bsn-shortcuts-window.ui; the sidebar rows announce them. */
static const struct
{
  const char *section;
  guint       keyval;
  const char *aria;    /* GTK_ACCESSIBLE_PROPERTY_KEY_SHORTCUTS */
} section_keys[] = {
  { "dashboard", GDK_KEY_1, "Control+1" },
  { "receipt",   GDK_KEY_2, "Control+2" },
  { "import",    GDK_KEY_3, "Control+3" },
  { "tiers",     GDK_KEY_4, "Control+4" },
  { "quota",     GDK_KEY_5, "Control+5" },
  { "consign",   GDK_KEY_6, "Control+6" },
  { "share",     GDK_KEY_7, "Control+7" },
  { "ledger",    GDK_KEY_8, "Control+8" },
  { "registry",  GDK_KEY_9, "Control+9" },
  { "voucher",   GDK_KEY_0, "Control+0" },
  { "users",     GDK_KEY_u, "Control+U" },
  { "simulate",  GDK_KEY_m, "Control+M" },
};

const char *
bsn_window_section_shortcut (const char *section)
{
  for (guint i = 0; i < G_N_ELEMENTS (section_keys); i++)
    if (g_strcmp0 (section_keys[i].section, section) == 0)
      return section_keys[i].aria;
  return NULL;
}

/* A section's shortcut: shows it and puts the keys into its page, as
 * clicking in it would. */
static void
go_to_section_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  BsnWindow *self = BSN_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "main") != 0
      || !gtk_widget_is_sensitive (GTK_WIDGET (self->leaflet)))
    return;
  bsn_window_show_section (self, g_variant_get_string (param, NULL));
  bsn_window_focus_page (self, GTK_DIR_TAB_FORWARD);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BsnWindow *self = BSN_WINDOW (widget);
  const char *section = gtk_stack_get_visible_child_name (self->section_stack);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "main") != 0)
    return;
  if (g_strcmp0 (section, "ledger") == 0)
    bsn_ledger_page_focus_search (self->ledger_page);
  else if (g_strcmp0 (section, "registry") == 0)
    bsn_registry_page_focus_search (self->registry_page);
  else if (g_strcmp0 (section, "receipt") == 0)
    bsn_receipt_page_focus_search (self->receipt_page);
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  BsnWindow *self = BSN_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
open_default_database_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  BsnWindow *self = BSN_WINDOW (widget);
  g_autofree char *path = bsn_db_default_path ();

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-database", "");
  bsn_window_open_database (self, path, BSN_DB_LOAD_DEMO, FALSE);
}

/* ---- Choosing a file ---- */

static void
add_database_filters (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) db_filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all_filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (db_filter, _("Basis data BSN Loyalty"));
  gtk_file_filter_add_pattern (db_filter, "*.db");
  gtk_file_filter_add_pattern (db_filter, "*.sqlite");
  gtk_file_filter_add_pattern (db_filter, "*.sqlite3");
  gtk_file_filter_set_name (all_filter, _("Semua berkas"));
  gtk_file_filter_add_pattern (all_filter, "*");
  gtk_file_chooser_add_filter (chooser, db_filter);
  gtk_file_chooser_add_filter (chooser, all_filter);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     BsnWindow       *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  gboolean create = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = file != NULL ? g_file_get_path (file) : NULL;
    }
  gtk_native_dialog_destroy (chooser);
  if (self->chooser == GTK_FILE_CHOOSER_NATIVE (chooser))
    g_clear_object (&self->chooser);

  if (path == NULL)
    return;
  bsn_window_open_database (self, path,
                            create ? BSN_DB_LOAD_CREATE_EMPTY : BSN_DB_LOAD_EXISTING,
                            TRUE);
}

static void
run_chooser (BsnWindow            *self,
             GtkFileChooserAction  action,
             const char           *title,
             const char           *accept)
{
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, _("_Batal"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  add_database_filters (GTK_FILE_CHOOSER (chooser));
  if (action == GTK_FILE_CHOOSER_ACTION_SAVE)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "bsn-loyalty.db");
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  self->chooser = chooser;
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
bsn_window_choose_database (BsnWindow *self)
{
  g_return_if_fail (BSN_IS_WINDOW (self));

  run_chooser (self, GTK_FILE_CHOOSER_ACTION_OPEN, _("Buka basis data"), _("_Buka"));
}

void
bsn_window_choose_new_database (BsnWindow *self)
{
  g_return_if_fail (BSN_IS_WINDOW (self));

  run_chooser (self, GTK_FILE_CHOOSER_ACTION_SAVE, _("Basis data baru"), _("_Buat"));
}

void
bsn_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_property_action (widget_class, "win.show-section", "section");
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.open-default-database", NULL,
                                   open_default_database_action);

  gtk_widget_class_install_action (widget_class, "win.go-to-section", "s", go_to_section_action);

  for (guint i = 0; i < G_N_ELEMENTS (section_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, section_keys[i].keyval, GDK_CONTROL_MASK,
                                         "win.go-to-section", "s", section_keys[i].section);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.show-sidebar", NULL);
}
