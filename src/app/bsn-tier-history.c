/* bsn-tier-history.c — versions of a tier table (see bsn-tier-history.h). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "bsn-db-task.h"
#include "bsn-money.h"
#include "bsn-tier-grid.h"
#include "bsn-tier-history.h"

struct _BsnTierHistory
{
  GtkWidget            parent_instance;

  char                *path;
  BsnScheme            scheme;
  GCancellable        *cancellable;
  GPtrArray           *versions;         /* BsnTierVersion, newest first */
  guint                generation;       /* of the version list */
  guint                diff_generation;
  gboolean             filling;          /* the combo rows are being refilled */

  GtkWidget           *box;
  AdwPreferencesGroup *versions_group;
  GtkListBox          *versions_list;
  AdwPreferencesGroup *compare_group;
  AdwComboRow         *old_row;
  AdwComboRow         *new_row;
  AdwPreferencesGroup *diff_group;
  GtkListBox          *diff_list;
};

G_DEFINE_FINAL_TYPE (BsnTierHistory, bsn_tier_history, GTK_TYPE_WIDGET)

typedef struct
{
  char *where;
  char *was;
  char *now;
} DiffLine;

static void
diff_line_free (gpointer data)
{
  DiffLine *line = data;

  g_free (line->where);
  g_free (line->was);
  g_free (line->now);
  g_free (line);
}

static void compare (BsnTierHistory *self);

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_message_row (GtkListBox *list,
                 const char *message)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), message);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "dim-label");
  gtk_list_box_append (list, row);
}

/* ---- Differences between two versions ---- */

typedef struct
{
  gint64 old_id;
  gint64 new_id;
} DiffRequest;

static char *
rate_or_dash (const BsnTierTable *table,
              const BsnTierRate  *r)
{
  gint32 bp;

  if (!bsn_tier_table_lookup (table, r->band, r->tier, r->key, &bp))
    return g_strdup ("—");
  return bsn_bp_format (bp);
}

static void
add_diff (GPtrArray          *lines,
          const BsnTierTable *table,
          const BsnTierRate  *r,
          const BsnTierTable *old_table,
          const BsnTierTable *new_table)
{
  DiffLine *line = g_new0 (DiffLine, 1);

  line->where = bsn_tier_cell_describe (table->version.scheme, r->band, r->tier, r->key);
  line->was = rate_or_dash (old_table, r);
  line->now = rate_or_dash (new_table, r);
  g_ptr_array_add (lines, line);
}

static gpointer
diff_thread (BsnDb        *db,
             gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  DiffRequest *req = data;
  g_autoptr(BsnTierTable) old_table = bsn_tiers_table_get (db, req->old_id, error);
  g_autoptr(BsnTierTable) new_table = NULL;
  GPtrArray *lines;

  if (old_table == NULL || (new_table = bsn_tiers_table_get (db, req->new_id, error)) == NULL)
    return NULL;
  lines = g_ptr_array_new_with_free_func (diff_line_free);
  /* Cells of the new version that differ or are new, then cells the new
   * version no longer has. */
  for (guint i = 0; i < new_table->rates->len; i++)
    {
      const BsnTierRate *r = &g_array_index (new_table->rates, BsnTierRate, i);
      gint32 bp;

      if (!bsn_tier_table_lookup (old_table, r->band, r->tier, r->key, &bp) || bp != r->rate_bp)
        add_diff (lines, new_table, r, old_table, new_table);
    }
  for (guint i = 0; i < old_table->rates->len; i++)
    {
      const BsnTierRate *r = &g_array_index (old_table->rates, BsnTierRate, i);
      gint32 bp;

      if (!bsn_tier_table_lookup (new_table, r->band, r->tier, r->key, &bp))
        add_diff (lines, old_table, r, old_table, new_table);
    }
  return lines;
}

static void
diff_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  BsnTierHistory *self = BSN_TIER_HISTORY (object);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;

  lines = bsn_db_task_finish (result, &error);
  if (GPOINTER_TO_UINT (user_data) != self->diff_generation)
    return;
  if (lines == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        {
          clear_list (self->diff_list);
          add_message_row (self->diff_list, error->message);
        }
      return;
    }

  clear_list (self->diff_list);
  for (guint i = 0; i < lines->len; i++)
    {
      DiffLine *line = g_ptr_array_index (lines, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *change = g_strdup_printf ("%s → %s", line->was, line->now);
      GtkWidget *label = gtk_label_new (change);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line->where);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_add_css_class (label, "money");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      gtk_list_box_append (self->diff_list, row);
    }
  if (lines->len == 0)
    add_message_row (self->diff_list, _("Kedua versi sama persis."));
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u sel berbeda", "%u sel berbeda", lines->len),
                           lines->len);
  adw_preferences_group_set_description (self->diff_group, count);
}

static BsnTierVersion *
version_at (BsnTierHistory *self,
            guint           position)
{
  if (self->versions == NULL || position >= self->versions->len)
    return NULL;
  return g_ptr_array_index (self->versions, position);
}

static void
compare (BsnTierHistory *self)
{
  BsnTierVersion *old_v = version_at (self, adw_combo_row_get_selected (self->old_row));
  BsnTierVersion *new_v = version_at (self, adw_combo_row_get_selected (self->new_row));
  DiffRequest *req;

  self->diff_generation++;
  if (self->path == NULL || old_v == NULL || new_v == NULL)
    return;
  if (old_v->id == new_v->id)
    {
      clear_list (self->diff_list);
      adw_preferences_group_set_description (self->diff_group, NULL);
      add_message_row (self->diff_list, _("Pilih dua versi yang berbeda untuk melihat perubahannya."));
      return;
    }
  req = g_new0 (DiffRequest, 1);
  req->old_id = old_v->id;
  req->new_id = new_v->id;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, diff_thread, req, g_free,
                   (GDestroyNotify) g_ptr_array_unref, self->cancellable, diff_done,
                   GUINT_TO_POINTER (self->diff_generation));
}

static void
on_compare_changed (BsnTierHistory *self)
{
  if (!self->filling)
    compare (self);
}

/* Activating a version compares it with the one before it. */
static void
on_version_activated (BsnTierHistory *self,
                      GtkListBoxRow  *row)
{
  guint position = (guint) gtk_list_box_row_get_index (row);

  if (version_at (self, position) == NULL)
    return;
  self->filling = TRUE;
  adw_combo_row_set_selected (self->new_row, position);
  adw_combo_row_set_selected (self->old_row, MIN (position + 1, self->versions->len - 1));
  self->filling = FALSE;
  compare (self);
}

/* ---- The version list ---- */

static GtkWidget *
tag_new (const char *text,
         const char *css_class)
{
  GtkWidget *tag = gtk_label_new (text);

  gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (tag, css_class);
  return tag;
}

static GtkWidget *
version_row_new (const BsnTierVersion *v,
                 gboolean              current,
                 gboolean              scheduled)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = bsn_tier_version_since (v->effective_from);
  g_autofree char *subtitle = NULL;
  g_autofree char *title = g_strdup_printf ("#%" G_GINT64_FORMAT " · %s", v->id, v->name);
  const char *author = v->author != NULL && *v->author != '\0' ? v->author : _("sistem");

  if (v->reason != NULL && *v->reason != '\0')
    subtitle = g_strdup_printf (_("Berlaku sejak %s · oleh %s\nAlasan: %s"), when, author, v->reason);
  else
    subtitle = g_strdup_printf (_("Berlaku sejak %s · oleh %s"), when, author);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  if (current)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag_new (_("berlaku sekarang"), "current-tag"));
  else if (scheduled)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag_new (_("terjadwal"), "scheduled-tag"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  return row;
}

static gpointer
history_thread (BsnDb        *db,
                gpointer      data,
                GCancellable *cancellable,
                GError      **error)
{
  return bsn_tiers_history (db, GPOINTER_TO_INT (data), error);
}

static void
fill_versions (BsnTierHistory *self)
{
  BsnTime now = bsn_time_now ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  gint64 current = 0;

  /* Newest first: the one in force now is the first that has begun. */
  for (guint i = 0; i < self->versions->len && current == 0; i++)
    {
      BsnTierVersion *v = g_ptr_array_index (self->versions, i);
      if (v->effective_from <= now)
        current = v->id;
    }

  clear_list (self->versions_list);
  for (guint i = 0; i < self->versions->len; i++)
    {
      BsnTierVersion *v = g_ptr_array_index (self->versions, i);
      g_autofree char *when = bsn_tier_version_since (v->effective_from);
      g_autofree char *label = NULL;

      /* "Perubahan 24 November 2026 00.00" already says when. */
      if (strstr (v->name, when) != NULL)
        label = g_strdup_printf ("#%" G_GINT64_FORMAT " · %s", v->id, v->name);
      else
        label = g_strdup_printf (_("#%" G_GINT64_FORMAT " · %s (sejak %s)"), v->id, v->name, when);

      gtk_list_box_append (self->versions_list, version_row_new (v, v->id == current, v->effective_from > now));
      gtk_string_list_append (labels, label);
    }
  if (self->versions->len == 0)
    add_message_row (self->versions_list, _("Belum ada versi tabel ini."));

  self->filling = TRUE;
  adw_combo_row_set_model (self->old_row, G_LIST_MODEL (labels));
  adw_combo_row_set_model (self->new_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->new_row, 0);
  adw_combo_row_set_selected (self->old_row, self->versions->len > 1 ? 1 : 0);
  self->filling = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->compare_group), self->versions->len > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->diff_group), self->versions->len > 1);
  compare (self);
}

static void
history_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BsnTierHistory *self = BSN_TIER_HISTORY (object);
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;

  versions = bsn_db_task_finish (result, &error);
  if (GPOINTER_TO_UINT (user_data) != self->generation)
    return;
  if (versions == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        {
          clear_list (self->versions_list);
          add_message_row (self->versions_list, error->message);
        }
      return;
    }
  /* The library lists oldest first. */
  g_ptr_array_set_free_func (versions, NULL);
  g_clear_pointer (&self->versions, g_ptr_array_unref);
  self->versions = g_ptr_array_new_full (versions->len, (GDestroyNotify) bsn_tier_version_free);
  for (guint i = versions->len; i > 0; i--)
    g_ptr_array_add (self->versions, g_ptr_array_index (versions, i - 1));
  fill_versions (self);
}

void
bsn_tier_history_reload (BsnTierHistory *self)
{
  g_return_if_fail (BSN_IS_TIER_HISTORY (self));

  if (self->path == NULL)
    return;
  self->generation++;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, history_thread, GINT_TO_POINTER (self->scheme), NULL,
                   (GDestroyNotify) g_ptr_array_unref, self->cancellable, history_done,
                   GUINT_TO_POINTER (self->generation));
}

void
bsn_tier_history_set_path (BsnTierHistory *self,
                           const char     *path)
{
  g_return_if_fail (BSN_IS_TIER_HISTORY (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->path);
  self->path = g_strdup (path);
  bsn_tier_history_reload (self);
}

void
bsn_tier_history_set_scheme (BsnTierHistory *self,
                             BsnScheme       scheme)
{
  g_return_if_fail (BSN_IS_TIER_HISTORY (self));

  if (self->scheme == scheme)
    return;
  self->scheme = scheme;
  bsn_tier_history_reload (self);
}

/* ---- GObject ---- */

static void
bsn_tier_history_dispose (GObject *object)
{
  BsnTierHistory *self = (BsnTierHistory *) object;

  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BSN_TYPE_TIER_HISTORY);
  /* The template's root box is a plain child of this GtkWidget. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->versions, g_ptr_array_unref);

  G_OBJECT_CLASS (bsn_tier_history_parent_class)->dispose (object);
}

static void
bsn_tier_history_finalize (GObject *object)
{
  BsnTierHistory *self = (BsnTierHistory *) object;

  g_free (self->path);

  G_OBJECT_CLASS (bsn_tier_history_parent_class)->finalize (object);
}

static void
bsn_tier_history_class_init (BsnTierHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bsn_tier_history_dispose;
  object_class->finalize = bsn_tier_history_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-tier-history.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnTierHistory, box);
  gtk_widget_class_bind_template_child (widget_class, BsnTierHistory, versions_group);
  gtk_widget_class_bind_template_child (widget_class, BsnTierHistory, versions_list);
  gtk_widget_class_bind_template_child (widget_class, BsnTierHistory, compare_group);
  gtk_widget_class_bind_template_child (widget_class, BsnTierHistory, old_row);
  gtk_widget_class_bind_template_child (widget_class, BsnTierHistory, new_row);
  gtk_widget_class_bind_template_child (widget_class, BsnTierHistory, diff_group);
  gtk_widget_class_bind_template_child (widget_class, BsnTierHistory, diff_list);
  gtk_widget_class_bind_template_callback (widget_class, on_version_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_compare_changed);
}

static void
bsn_tier_history_init (BsnTierHistory *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
