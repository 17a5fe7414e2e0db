/* bsn-application.c — the application (see bsn-application.h). */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bsn-application.h"
#include "bsn-preferences-window.h"
#include "bsn-window.h"

struct _BsnApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (BsnApplication, bsn_application, ADW_TYPE_APPLICATION)

/* The window, made (and pointed at the initial database) on first use. */
static BsnWindow *
ensure_window (BsnApplication *self,
               gboolean        open_initial)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (BSN_IS_WINDOW (window))
    return BSN_WINDOW (window);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (BSN_IS_WINDOW (l->data))
      return BSN_WINDOW (l->data);

  window = GTK_WINDOW (bsn_window_new (GTK_APPLICATION (self)));
  if (open_initial)
    bsn_window_open_initial_database (BSN_WINDOW (window));
  return BSN_WINDOW (window);
}

static void
bsn_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (ensure_window (BSN_APPLICATION (app), TRUE)));
}

static void
bsn_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  BsnWindow *window = ensure_window (BSN_APPLICATION (app), FALSE);
  g_autofree char *path = NULL;

  /* bsn-loyalty postgresql://…: GIO knows no such scheme and keeps the
   * URI as it was given. */
  if (n_files > 0 && (g_file_has_uri_scheme (files[0], "postgresql")
                      || g_file_has_uri_scheme (files[0], "postgres")))
    path = g_file_get_uri (files[0]);
  else if (n_files > 0)
    path = g_file_get_path (files[0]);
  if (path != NULL)
    bsn_window_open_location (window, path, TRUE);
  else if (bsn_window_get_path (window) == NULL)
    bsn_window_open_initial_database (window);
  gtk_window_present (GTK_WINDOW (window));
}

/* ---- Actions ---- */

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  /* Closing (not destroying) lets the window save its size. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  BsnApplication *self = BSN_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { "BSN", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", "BSN Loyalty",
                        "application-icon", APP_ID,
                        "developer-name", "BSN",
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "comments", _("Poin loyalitas untuk jaringan toko ritel kecil BSN: "
                                      "buku poin, toko, dan pelanggan."),
                        "copyright", "© 2026 BSN",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "release-notes-version", "0.1.0",
                        "release-notes", _("<p>Rilis pertama: buku poin yang cepat dibuka walau berisi jutaan "
                                           "posting, daftar toko dan pelanggan, serta jaringan toko contoh.</p>"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  BsnWindow *window = ensure_window (BSN_APPLICATION (user_data), TRUE);

  gtk_window_present (GTK_WINDOW (bsn_preferences_window_new (window)));
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/org/bsn/Loyalty/bsn-shortcuts-window.ui");
  GtkWindow *window = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));

  gtk_window_set_transient_for (window, parent);
  gtk_window_present (window);
}

static void
open_database_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  BsnWindow *window = ensure_window (BSN_APPLICATION (user_data), FALSE);

  gtk_window_present (GTK_WINDOW (window));
  bsn_window_choose_database (window);
}

static void
connect_server_action (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  BsnWindow *window = ensure_window (BSN_APPLICATION (user_data), FALSE);

  gtk_window_present (GTK_WINDOW (window));
  bsn_window_choose_server (window);
}

static void
new_database_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  BsnWindow *window = ensure_window (BSN_APPLICATION (user_data), FALSE);

  gtk_window_present (GTK_WINDOW (window));
  bsn_window_choose_new_database (window);
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_action },
  { .name = "about", .activate = about_action },
  { .name = "preferences", .activate = preferences_action },
  { .name = "shortcuts", .activate = shortcuts_action },
  { .name = "open-database", .activate = open_database_action },
  { .name = "new-database", .activate = new_database_action },
  { .name = "connect-server", .activate = connect_server_action },
};

static void
bsn_application_startup (GApplication *app)
{
  static const struct { const char *action; const char *accels[2]; } accels[] = {
    { "app.quit", { "<Primary>q", NULL } },
    { "app.preferences", { "<Primary>comma", NULL } },
    { "app.shortcuts", { "<Primary>question", NULL } },
    { "app.open-database", { "<Primary>o", NULL } },
    { "app.new-database", { "<Primary>n", NULL } },
    { "app.connect-server", { "<Primary><Shift>o", NULL } },
  };

  G_APPLICATION_CLASS (bsn_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);
}

/* BSN_BENCH=1 (bench/app-bench.py): the peak and final resident memory,
 * for people, so not translated. */
static void
print_bench_memory (void)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;
  GString *out = g_string_new ("bsn-bench");

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      const char *keys[][2] = { { "VmHWM:", "vm-hwm-kb" }, { "VmRSS:", "vm-rss-kb" } };

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        if (g_str_has_prefix (lines[i], keys[k][0]))
          g_string_append_printf (out, " %s=%" G_GINT64_FORMAT, keys[k][1],
                                  g_ascii_strtoll (lines[i] + strlen (keys[k][0]), NULL, 10));
    }
  g_printerr ("%s\n", out->str);
  g_string_free (out, TRUE);
}

static void
bsn_application_shutdown (GApplication *app)
{
  if (g_strcmp0 (g_getenv ("BSN_BENCH"), "1") == 0)
    print_bench_memory ();
  G_APPLICATION_CLASS (bsn_application_parent_class)->shutdown (app);
}

static void
bsn_application_class_init (BsnApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = bsn_application_activate;
  app_class->open = bsn_application_open;
  app_class->startup = bsn_application_startup;
  app_class->shutdown = bsn_application_shutdown;
}

static void
bsn_application_init (BsnApplication *self)
{
}

BsnApplication *
bsn_application_new (void)
{
  return g_object_new (BSN_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       /* BSN_APP_NON_UNIQUE=1: a second window of its own
                        * process (two desktops on one screen, tests/ui). */
                       "flags", G_APPLICATION_HANDLES_OPEN
                                | (g_strcmp0 (g_getenv ("BSN_APP_NON_UNIQUE"), "1") == 0
                                   ? G_APPLICATION_NON_UNIQUE : 0),
                       "resource-base-path", "/org/bsn/Loyalty",
                       NULL);
}
