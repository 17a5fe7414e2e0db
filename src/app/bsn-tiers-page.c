/* bsn-tiers-page.c — Tabel Tingkat (see bsn-tiers-page.h). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bsn-db-task.h"
#include "bsn-error.h"
#include "bsn-tier-grid.h"
#include "bsn-tier-history.h"
#include "bsn-tier-save-dialog.h"
#include "bsn-tiers-page.h"
#include "bsn-window.h"

#define N_SCHEMES 3

struct _BsnTiersPage
{
  GtkWidget       parent_instance;

  char           *path;
  GCancellable   *cancellable;
  guint           generation;
  gboolean        loaded;
  BsnTime         view_at;         /* 0: the newest versions, editable */
  BsnTime         loaded_now;      /* the clock when the tables were read */

  GtkDropDown    *table_dropdown;
  GtkLabel       *version_label;
  GtkMenuButton  *date_button;
  GtkPopover     *date_popover;
  GtkCalendar    *calendar;
  GtkWidget      *past_banner;
  GtkLabel       *past_label;
  GtkWidget      *warning_banner;
  GtkLabel       *warning_label;
  GtkStack       *stack;
  BsnTierGrid    *stopwatch_grid;
  BsnTierGrid    *lelang_grid;
  BsnTierGrid    *siaga_grid;
  BsnTierHistory *history;
  GtkRevealer    *action_bar;
  GtkLabel       *status_label;
  GtkLabel       *status_label_narrow;
};

G_DEFINE_FINAL_TYPE (BsnTiersPage, bsn_tiers_page, GTK_TYPE_WIDGET)

/* Far enough ahead that every scheduled version has begun. */
#define LATEST_AT (bsn_time_from_ymd_hms (9999, 12, 31, 23, 59, 59))

static BsnTierGrid *
grid_for (BsnTiersPage *self,
          BsnScheme     scheme)
{
  switch (scheme)
    {
    case BSN_SCHEME_LELANG:
      return self->lelang_grid;
    case BSN_SCHEME_SIAGA:
      return self->siaga_grid;
    case BSN_SCHEME_STOPWATCH:
    default:
      return self->stopwatch_grid;
    }
}

static BsnTierGrid *
visible_grid (BsnTiersPage *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->stack);

  return child != NULL ? BSN_TIER_GRID (child) : self->stopwatch_grid;
}

/* ---- What the page says ---- */

static void
update_version_label (BsnTiersPage *self)
{
  BsnTierGrid *grid = visible_grid (self);
  const BsnTierVersion *v = bsn_tier_grid_get_version (grid);
  g_autofree char *text = NULL;
  g_autofree char *when = NULL;

  if (!self->loaded)
    {
      gtk_label_set_label (self->version_label, _("Memuat tabel…"));
      return;
    }
  if (v == NULL)
    {
      text = g_strdup_printf (_("Belum ada tabel %s pada waktu ini."),
                              bsn_scheme_label (bsn_tier_grid_get_scheme (grid)));
      gtk_label_set_label (self->version_label, text);
      return;
    }
  when = bsn_tier_version_since (v->effective_from);
  if (self->view_at != 0)
    text = g_strdup_printf (_("Versi #%" G_GINT64_FORMAT " “%s”, berlaku sejak %s."), v->id, v->name, when);
  else if (v->effective_from > self->loaded_now)
    text = g_strdup_printf (_("Versi terbaru #%" G_GINT64_FORMAT " “%s”, mulai berlaku %s (terjadwal)."),
                            v->id, v->name, when);
  else
    text = g_strdup_printf (_("Versi terbaru #%" G_GINT64_FORMAT " “%s”, berlaku sejak %s."), v->id, v->name, when);
  gtk_label_set_label (self->version_label, text);
}

/* The names of the other tables with unsaved changes, or NULL. */
static char *
other_unsaved (BsnTiersPage *self)
{
  BsnTierGrid *visible = visible_grid (self);
  GString *names = NULL;

  for (BsnScheme s = BSN_SCHEME_STOPWATCH; s <= BSN_SCHEME_SIAGA; s++)
    {
      BsnTierGrid *grid = grid_for (self, s);

      if (grid == visible || bsn_tier_grid_get_n_changed (grid) == 0)
        continue;
      if (names == NULL)
        names = g_string_new (bsn_scheme_label (s));
      else
        g_string_append_printf (names, ", %s", bsn_scheme_label (s));
    }
  return names != NULL ? g_string_free (names, FALSE) : NULL;
}

static void
update_status (BsnTiersPage *self)
{
  BsnTierGrid *grid = visible_grid (self);
  guint changed = bsn_tier_grid_get_n_changed (grid);
  guint invalid = bsn_tier_grid_get_n_invalid (grid);
  gboolean editable = self->loaded && bsn_tier_grid_get_editable (grid) && self->path != NULL;
  gboolean any_changes = FALSE;
  g_autofree char *others = other_unsaved (self);
  g_autofree char *text = NULL;
  g_autofree char *status = NULL;

  for (BsnScheme s = BSN_SCHEME_STOPWATCH; s <= BSN_SCHEME_SIAGA; s++)
    any_changes |= bsn_tier_grid_get_n_changed (grid_for (self, s)) > 0;

  if (invalid > 0)
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u sel tidak valid — perbaiki dulu sebelum menyimpan",
                                           "%u sel tidak valid — perbaiki dulu sebelum menyimpan", invalid),
                              invalid);
  else if (changed > 0)
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u sel diubah, belum disimpan",
                                           "%u sel diubah, belum disimpan", changed),
                              changed);
  else
    status = g_strdup (_("Ketik tarif baru di sel mana pun, misalnya 6,5."));
  if (others != NULL)
    text = g_strdup_printf (_("%s · Perubahan di %s juga belum disimpan."), status, others);
  else
    text = g_steal_pointer (&status);
  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *label = GTK_WIDGET (i == 0 ? self->status_label : self->status_label_narrow);

      gtk_label_set_label (GTK_LABEL (label), text);
      if (invalid > 0)
        gtk_widget_add_css_class (label, "error");
      else
        gtk_widget_remove_css_class (label, "error");
    }

  gtk_revealer_set_reveal_child (self->action_bar, editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tiers.save", editable && changed > 0 && invalid == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tiers.revert", editable && changed > 0);
  /* Another date would drop what is typed: save or undo first. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->date_button), !any_changes);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->date_button),
                               any_changes ? _("Simpan atau batalkan perubahan dulu untuk melihat tanggal lain")
                                           : _("Lihat tabel yang berlaku pada tanggal lain (hanya baca)"));
}

static void
on_grid_changed (BsnTiersPage *self)
{
  update_status (self);
}

/* The drop-down of a narrow window and the tabs show the same choice. */
static void
on_dropdown_selected (BsnTiersPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->table_dropdown);

  if (selected <= BSN_SCHEME_SIAGA)
    gtk_stack_set_visible_child (self->stack, GTK_WIDGET (grid_for (self, (BsnScheme) selected)));
}

static void
on_scheme_switched (BsnTiersPage *self)
{
  BsnScheme scheme = bsn_tier_grid_get_scheme (visible_grid (self));

  if (gtk_drop_down_get_selected (self->table_dropdown) != (guint) scheme)
    gtk_drop_down_set_selected (self->table_dropdown, scheme);
  bsn_tier_history_set_scheme (self->history, scheme);
  update_version_label (self);
  update_status (self);
}

/* ---- Loading the tables ---- */

typedef struct
{
  BsnTierTable *tables[N_SCHEMES];
} Tables;

static void
tables_free (gpointer data)
{
  Tables *t = data;

  for (guint i = 0; i < N_SCHEMES; i++)
    g_clear_pointer (&t->tables[i], bsn_tier_table_free);
  g_free (t);
}

static gpointer
load_thread (BsnDb        *db,
             gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  BsnTime at = *(BsnTime *) data;
  Tables *t = g_new0 (Tables, 1);

  for (BsnScheme s = BSN_SCHEME_STOPWATCH; s <= BSN_SCHEME_SIAGA; s++)
    {
      g_autoptr(GError) local = NULL;

      t->tables[s] = bsn_tiers_table_at (db, s, at, &local);
      /* No version yet at that time is an empty table, not a failure. */
      if (t->tables[s] == NULL && !g_error_matches (local, BSN_ERROR, BSN_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          tables_free (t);
          return NULL;
        }
    }
  return t;
}

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  BsnTiersPage *self = BSN_TIERS_PAGE (object);
  g_autoptr(GError) error = NULL;
  Tables *t;

  t = bsn_db_task_finish (result, &error);
  if (GPOINTER_TO_UINT (user_data) != self->generation)
    {
      g_clear_pointer (&t, tables_free);
      return;
    }
  if (t == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        gtk_label_set_label (self->version_label, error->message);
      return;
    }
  self->loaded = TRUE;
  self->loaded_now = bsn_time_now ();
  for (BsnScheme s = BSN_SCHEME_STOPWATCH; s <= BSN_SCHEME_SIAGA; s++)
    bsn_tier_grid_set_table (grid_for (self, s), t->tables[s], self->view_at == 0);
  tables_free (t);

  gtk_widget_set_visible (self->past_banner, self->view_at != 0);
  if (self->view_at != 0)
    {
      g_autofree char *day = bsn_time_format_date (self->view_at);
      g_autofree char *text = g_strdup_printf (_("Menampilkan tabel yang berlaku pada akhir %s. Hanya baca."), day);
      gtk_label_set_label (self->past_label, text);
    }
  update_version_label (self);
  update_status (self);
}

static void
reload_tables (BsnTiersPage *self)
{
  BsnTime *at;

  if (self->path == NULL)
    return;
  self->generation++;
  at = g_new (BsnTime, 1);
  *at = self->view_at != 0 ? self->view_at : LATEST_AT;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, load_thread, at, g_free, tables_free,
                   self->cancellable, load_done, GUINT_TO_POINTER (self->generation));
}

void
bsn_tiers_page_reload (BsnTiersPage *self)
{
  g_return_if_fail (BSN_IS_TIERS_PAGE (self));

  reload_tables (self);
  bsn_tier_history_reload (self->history);
}

/* ---- Actions ---- */

static void
show_latest_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  BsnTiersPage *self = BSN_TIERS_PAGE (widget);

  gtk_popover_popdown (self->date_popover);
  self->view_at = 0;
  reload_tables (self);
}

static void
show_date_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  BsnTiersPage *self = BSN_TIERS_PAGE (widget);
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);

  gtk_popover_popdown (self->date_popover);
  /* The table in force when the day closes. */
  self->view_at = bsn_time_from_ymd_hms (g_date_time_get_year (date), g_date_time_get_month (date),
                                         g_date_time_get_day_of_month (date), 23, 59, 59);
  reload_tables (self);
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  bsn_tier_grid_revert (visible_grid (BSN_TIERS_PAGE (widget)));
}

static void
dismiss_warnings_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  gtk_widget_set_visible (BSN_TIERS_PAGE (widget)->warning_banner, FALSE);
}

static void
on_saved (BsnTiersPage      *self,
          gint64             version,
          char             **warnings,
          BsnTierSaveDialog *dialog)
{
  BsnWindow *window = BSN_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (self), BSN_TYPE_WINDOW));
  BsnScheme scheme = bsn_tier_grid_get_scheme (visible_grid (self));
  g_autofree char *message = g_strdup_printf (_("Versi #%" G_GINT64_FORMAT " tabel %s disimpan"), version,
                                              bsn_scheme_label (scheme));

  if (window != NULL)
    bsn_window_show_toast (window, message);
  if (warnings != NULL && warnings[0] != NULL)
    {
      GString *text = g_string_new (NULL);

      g_string_append_printf (text, _("Versi #%" G_GINT64_FORMAT " tersimpan dengan peringatan:"), version);
      for (guint i = 0; warnings[i] != NULL; i++)
        g_string_append_printf (text, "\n• %s", warnings[i]);
      gtk_label_set_label (self->warning_label, text->str);
      g_string_free (text, TRUE);
      gtk_widget_set_visible (self->warning_banner, TRUE);
    }
  else
    gtk_widget_set_visible (self->warning_banner, FALSE);
  self->view_at = 0;
  bsn_tiers_page_reload (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BsnTiersPage *self = BSN_TIERS_PAGE (widget);
  BsnTierGrid *grid = visible_grid (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GArray) edits = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  BsnTierSaveDialog *dialog;

  if (self->path == NULL || !bsn_tier_grid_get_editable (grid) || bsn_tier_grid_get_n_invalid (grid) > 0
      || bsn_tier_grid_get_n_changed (grid) == 0)
    return;
  edits = bsn_tier_grid_get_edits (grid);
  changes = bsn_tier_grid_describe_changes (grid);
  dialog = bsn_tier_save_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->path,
                                     bsn_tier_grid_get_scheme (grid), edits, changes);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- GObject ---- */

static void
bsn_tiers_page_dispose (GObject *object)
{
  BsnTiersPage *self = (BsnTiersPage *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BSN_TYPE_TIERS_PAGE);
  /* The template's root box is a plain child of this GtkWidget. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (bsn_tiers_page_parent_class)->dispose (object);
}

static void
bsn_tiers_page_finalize (GObject *object)
{
  BsnTiersPage *self = (BsnTiersPage *) object;

  g_free (self->path);

  G_OBJECT_CLASS (bsn_tiers_page_parent_class)->finalize (object);
}

static void
bsn_tiers_page_class_init (BsnTiersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bsn_tiers_page_dispose;
  object_class->finalize = bsn_tiers_page_finalize;

  g_type_ensure (BSN_TYPE_TIER_GRID);
  g_type_ensure (BSN_TYPE_TIER_HISTORY);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-tiers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnTiersPage, table_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsnTiersPage, version_label);
  gtk_widget_class_bind_template_child (widget_class, BsnTiersPage, date_button);
  gtk_widget_class_bind_template_child (widget_class, BsnTiersPage, date_popover);
  gtk_widget_class_bind_template_child (widget_class, BsnTiersPage, calendar);
  gtk_widget_class_bind_template_child (widget_class, BsnTiersPage, past_banner);
  gtk_widget_class_bind_template_child (widget_class, BsnTiersPage, past_label);
  gtk_widget_class_bind_template_child (widget_class, BsnTiersPage, warning_banner);
  gtk_widget_class_bind_template_child (widget_class, BsnTiersPage, warning_label);
  gtk_widget_class_bind_template_child (widget_class, BsnTiersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BsnTiersPage, stopwatch_grid);
  gtk_widget_class_bind_template_child (widget_class, BsnTiersPage, lelang_grid);
  gtk_widget_class_bind_template_child (widget_class, BsnTiersPage, siaga_grid);
  gtk_widget_class_bind_template_child (widget_class, BsnTiersPage, history);
  gtk_widget_class_bind_template_child (widget_class, BsnTiersPage, action_bar);
  gtk_widget_class_bind_template_child (widget_class, BsnTiersPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, BsnTiersPage, status_label_narrow);
  gtk_widget_class_bind_template_callback (widget_class, on_grid_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_scheme_switched);
  gtk_widget_class_bind_template_callback (widget_class, on_dropdown_selected);

  gtk_widget_class_install_action (widget_class, "tiers.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "tiers.revert", NULL, revert_action);
  gtk_widget_class_install_action (widget_class, "tiers.show-date", NULL, show_date_action);
  gtk_widget_class_install_action (widget_class, "tiers.show-latest", NULL, show_latest_action);
  gtk_widget_class_install_action (widget_class, "tiers.dismiss-warnings", NULL, dismiss_warnings_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "tiers.save", NULL);
}

static void
bsn_tiers_page_init (BsnTiersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  update_status (self);
}

void
bsn_tiers_page_set_path (BsnTiersPage *self,
                         const char   *path)
{
  g_return_if_fail (BSN_IS_TIERS_PAGE (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->path);
  self->path = g_strdup (path);
  self->loaded = FALSE;
  self->view_at = 0;
  bsn_tier_history_set_path (self->history, path);
  reload_tables (self);
}
