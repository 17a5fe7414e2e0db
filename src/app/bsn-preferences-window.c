/* bsn-preferences-window.c — Preferensi (see bsn-preferences-window.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-db.h"
#include "bsn-preferences-window.h"

struct _BsnPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  BsnWindow            *window;   /* weak: the window whose database it is */

  AdwActionRow         *current_row;
  AdwActionRow         *default_row;
  GtkButton            *use_default_button;
};

G_DEFINE_FINAL_TYPE (BsnPreferencesWindow, bsn_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
on_change_clicked (BsnPreferencesWindow *self)
{
  BsnWindow *window = self->window;

  gtk_window_close (GTK_WINDOW (self));
  if (window != NULL)
    bsn_window_choose_database (window);
}

static void
on_use_default_clicked (BsnPreferencesWindow *self)
{
  BsnWindow *window = self->window;

  gtk_window_close (GTK_WINDOW (self));
  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.open-default-database", NULL);
}

static void
bsn_preferences_window_dispose (GObject *object)
{
  BsnPreferencesWindow *self = (BsnPreferencesWindow *) object;

  g_clear_weak_pointer (&self->window);
  gtk_widget_dispose_template (GTK_WIDGET (self), BSN_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (bsn_preferences_window_parent_class)->dispose (object);
}

static void
bsn_preferences_window_class_init (BsnPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bsn_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnPreferencesWindow, current_row);
  gtk_widget_class_bind_template_child (widget_class, BsnPreferencesWindow, default_row);
  gtk_widget_class_bind_template_child (widget_class, BsnPreferencesWindow, use_default_button);
  gtk_widget_class_bind_template_callback (widget_class, on_change_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_use_default_clicked);
}

static void
bsn_preferences_window_init (BsnPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

BsnPreferencesWindow *
bsn_preferences_window_new (BsnWindow *window)
{
  BsnPreferencesWindow *self;
  g_autofree char *default_path = bsn_db_default_path ();
  const char *path;

  g_return_val_if_fail (BSN_IS_WINDOW (window), NULL);

  self = g_object_new (BSN_TYPE_PREFERENCES_WINDOW, "transient-for", window, NULL);
  g_set_weak_pointer (&self->window, window);

  path = bsn_window_get_path (window);
  adw_action_row_set_subtitle (self->current_row, path != NULL ? path : _("Belum ada"));
  adw_action_row_set_subtitle (self->default_row, default_path);
  gtk_widget_set_sensitive (GTK_WIDGET (self->use_default_button), g_strcmp0 (path, default_path) != 0);
  return self;
}
