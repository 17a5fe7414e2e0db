/* bsn-store-dialog.c — adding or editing a store (see bsn-store-dialog.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-db-task.h"
#include "bsn-error.h"
#include "bsn-money.h"
#include "bsn-simulate.h"
#include "bsn-time.h"
#include "bsn-store-dialog.h"

struct _BsnStoreDialog
{
  AdwWindow       parent_instance;

  char           *path;
  BsnStore       *store;        /* the one edited; id 0 when new */
  GArray         *parent_ids;   /* gint64 per parent_row position; 0 = none */
  gboolean        busy;

  AdwWindowTitle *window_title;
  GtkButton      *save_button;
  GtkSpinner     *spinner;
  GtkLabel       *error_label;
  AdwEntryRow    *code_row;
  AdwEntryRow    *name_row;
  AdwComboRow    *role_row;
  AdwComboRow    *parent_row;
  GtkSwitch      *active_switch;
  AdwComboRow    *band_row;
  AdwComboRow    *scheme_row;
  AdwComboRow    *level_row;
  AdwEntryRow    *margin_row;
  AdwEntryRow    *opening_row;
  GtkSpinButton  *hours_spin;
  AdwEntryRow    *quota_row;
  GCancellable   *effect_cancellable;   /* the level change replayed (issue 21) */
  guint           effect_serial;
};

G_DEFINE_FINAL_TYPE (BsnStoreDialog, bsn_store_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The combo rows list these in this order. */
static const BsnStoreRole roles[] = { BSN_ROLE_INDUK, BSN_ROLE_ANAK, BSN_ROLE_TOKO };
static const BsnBand bands[] = { BSN_BAND_LOW, BSN_BAND_HIGH };
static const BsnSchemes schemes[] = { BSN_SCHEMES_STOPWATCH, BSN_SCHEMES_LELANG, BSN_SCHEMES_BOTH };

#define INDEX_OF(array, value) \
  G_STMT_START { \
    for (guint i_ = 0; i_ < G_N_ELEMENTS (array); i_++) \
      if ((array)[i_] == (value)) \
        index_ = i_; \
  } G_STMT_END

static void
set_combo_strings (AdwComboRow        *row,
                   const char * const *strings)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (strings);

  adw_combo_row_set_model (row, G_LIST_MODEL (list));
}

static BsnBand
selected_band (BsnStoreDialog *self)
{
  return bands[MIN (adw_combo_row_get_selected (self->band_row), G_N_ELEMENTS (bands) - 1)];
}

static BsnSchemes
selected_schemes (BsnStoreDialog *self)
{
  return schemes[MIN (adw_combo_row_get_selected (self->scheme_row), G_N_ELEMENTS (schemes) - 1)];
}

static BsnStoreRole
selected_role (BsnStoreDialog *self)
{
  return roles[MIN (adw_combo_row_get_selected (self->role_row), G_N_ELEMENTS (roles) - 1)];
}

/* The level names depend on band and scheme (DOMAIN.md §3): a store that
 * runs both schemes sees both names of each rank. */
static void
fill_levels (BsnStoreDialog *self)
{
  BsnBand band = selected_band (self);
  BsnSchemes s = selected_schemes (self);
  guint keep = adw_combo_row_get_selected (self->level_row);
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (gint tier = 1; tier <= 3; tier++)
    {
      g_autofree char *label = NULL;

      if (s == BSN_SCHEMES_BOTH)
        label = g_strdup_printf ("%s / %s", bsn_level_name_stopwatch (band, tier), bsn_level_name_lelang (tier));
      else if (s == BSN_SCHEMES_STOPWATCH)
        label = g_strdup (bsn_level_name_stopwatch (band, tier));
      else
        label = g_strdup (bsn_level_name_lelang (tier));
      gtk_string_list_append (list, label);
    }
  adw_combo_row_set_model (self->level_row, G_LIST_MODEL (list));
  adw_combo_row_set_selected (self->level_row, keep == GTK_INVALID_LIST_POSITION ? 1 : MIN (keep, 2));
}

static void
fill_parents (BsnStoreDialog *self,
              GPtrArray      *stores)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  gint64 none = 0;
  guint selected = 0;

  gtk_string_list_append (list, _("Tanpa induk"));
  g_array_append_val (self->parent_ids, none);
  for (guint i = 0; stores != NULL && i < stores->len; i++)
    {
      BsnStore *s = g_ptr_array_index (stores, i);
      g_autofree char *label = NULL;

      /* Only an induk cabang can be a parent; never the store itself. */
      if (s->role != BSN_ROLE_INDUK || s->id == self->store->id)
        continue;
      label = g_strdup_printf ("%s — %s", s->code, s->name);
      gtk_string_list_append (list, label);
      g_array_append_val (self->parent_ids, s->id);
      if (s->id == self->store->parent_id)
        selected = self->parent_ids->len - 1;
    }
  adw_combo_row_set_model (self->parent_row, G_LIST_MODEL (list));
  adw_combo_row_set_selected (self->parent_row, selected);
}

static void
on_role_changed (BsnStoreDialog *self)
{
  gboolean induk = selected_role (self) == BSN_ROLE_INDUK;

  /* An induk stands at the top of the network. */
  if (induk)
    adw_combo_row_set_selected (self->parent_row, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->parent_row), !induk);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->parent_row),
                               induk ? _("Induk cabang tidak berinduk.")
                                     : _("Anak cabang wajib punya induk; toko boleh tanpa induk."));
}

static void
on_scheme_changed (BsnStoreDialog *self)
{
  fill_levels (self);
}

/* ---- What another level would have cost this store (issue 21) ---- */

#define EFFECT_DAYS 56

typedef struct
{
  BsnSimLevel level;
} EffectRequest;

static gpointer
effect_thread (BsnDb        *db,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  EffectRequest *req = data;
  g_autoptr(GArray) levels = g_array_new (FALSE, FALSE, sizeof (BsnSimLevel));
  BsnSimRequest sim = { 0 };
  gint64 today = bsn_time_day (bsn_time_now ());

  g_array_append_val (levels, req->level);
  sim.from_day = today - EFFECT_DAYS;
  sim.to_day = today - 1;
  sim.store_id = req->level.store_id;
  sim.levels = levels;
  sim.cancellable = cancellable;
  return bsn_simulate (db, &sim, error);
}

static void
effect_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  BsnStoreDialog *self = BSN_STORE_DIALOG (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnSimResult) sim = bsn_db_task_finish (result, &error);
  const BsnSimStore *st;
  g_autofree char *before = NULL, *after = NULL, *pct_before = NULL, *pct_after = NULL, *text = NULL;
  g_autofree char *escaped = NULL;

  if (GPOINTER_TO_UINT (user_data) != self->effect_serial)
    return;
  if (sim == NULL || sim->total.sales_rp == 0)
    {
      /* No sales to replay (or no right to read reports): said plainly. */
      if (sim == NULL && bsn_db_task_error_is_cancelled (error))
        return;
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->level_row),
                                   _("Belum ada penjualan 8 minggu terakhir untuk menghitung biaya level ini."));
      return;
    }
  st = &sim->total;
  before = bsn_money_format (st->cost_rp);
  after = bsn_money_format (st->cost_draft_rp);
  pct_before = bsn_bp_format ((gint32) st->cost_pct_bp);
  pct_after = bsn_bp_format ((gint32) st->cost_draft_pct_bp);
  text = g_strdup_printf (_("Biaya hadiah 8 minggu terakhir di level ini: %s → %s (%s → %s dari penjualan)"),
                          before, after, pct_before, pct_after);
  escaped = g_markup_escape_text (text, -1);
  if (st->safe)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->level_row), escaped);
  else
    {
      g_autofree char *warning = g_markup_escape_text (_("di bawah margin minimum aman"), -1);
      g_autofree char *markup = g_strdup_printf ("<span foreground=\"#c01c28\">%s — %s</span>", escaped, warning);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->level_row), markup);
    }
}

/* A stored store at another level or band: replays its last 8 weeks at
 * that level (writing nothing) and says what it would have cost. */
static void
on_level_changed (BsnStoreDialog *self)
{
  EffectRequest *req;
  BsnBand band = selected_band (self);
  gint tier = (gint) MIN (adw_combo_row_get_selected (self->level_row), 2) + 1;

  if (self->store == NULL || self->store->id == 0 || self->path == NULL)
    return;
  g_cancellable_cancel (self->effect_cancellable);
  g_clear_object (&self->effect_cancellable);
  self->effect_serial++;
  if (band == self->store->band && tier == self->store->tier)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->level_row), "");
      return;
    }
  self->effect_cancellable = g_cancellable_new ();
  req = g_new0 (EffectRequest, 1);
  req->level.store_id = self->store->id;
  req->level.band = band;
  req->level.tier = tier;
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->level_row), _("Menghitung biaya 8 minggu terakhir…"));
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, effect_thread, req, g_free,
                   (GDestroyNotify) bsn_sim_result_free, self->effect_cancellable, effect_done,
                   GUINT_TO_POINTER (self->effect_serial));
}

static void
clear_errors (BsnStoreDialog *self)
{
  GtkWidget *rows[] = {
    GTK_WIDGET (self->code_row), GTK_WIDGET (self->name_row), GTK_WIDGET (self->margin_row),
    GTK_WIDGET (self->opening_row), GTK_WIDGET (self->quota_row),
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_remove_css_class (rows[i], "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
show_error (BsnStoreDialog *self,
            GtkWidget      *row,
            const char     *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_grab_focus (row);
    }
}

static void
on_row_changed (BsnStoreDialog *self,
                GtkWidget      *row)
{
  gtk_widget_remove_css_class (row, "error");
}

static void
on_entry_activated (BsnStoreDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "store.save", NULL);
}

static void
set_busy (BsnStoreDialog *self,
          gboolean        busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "store.save", !busy);
}

/* ---- Saving ---- */

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* Reads the form into @store; the Indonesian parsers of the library say
 * what is wrong with a field, and the field is marked. */
static gboolean
read_form (BsnStoreDialog *self,
           BsnStore       *store)
{
  g_autoptr(GError) error = NULL;
  guint parent_pos = adw_combo_row_get_selected (self->parent_row);

  g_free (store->code);
  store->code = g_strstrip (g_strdup (row_text (self->code_row)));
  g_free (store->name);
  store->name = g_strstrip (g_strdup (row_text (self->name_row)));
  store->role = selected_role (self);
  store->parent_id = parent_pos < self->parent_ids->len && store->role != BSN_ROLE_INDUK
                     ? g_array_index (self->parent_ids, gint64, parent_pos) : 0;
  g_clear_pointer (&store->parent_code, g_free);
  store->band = selected_band (self);
  store->schemes = selected_schemes (self);
  store->tier = (gint) MIN (adw_combo_row_get_selected (self->level_row), 2) + 1;
  store->hours = gtk_spin_button_get_value_as_int (self->hours_spin);
  store->active = gtk_switch_get_active (self->active_switch);

  if (!bsn_clock_parse (row_text (self->opening_row), &store->opening_sec, &error))
    {
      show_error (self, GTK_WIDGET (self->opening_row), error->message);
      return FALSE;
    }
  if (!bsn_bp_parse (row_text (self->margin_row), &store->margin_bp, &error))
    {
      show_error (self, GTK_WIDGET (self->margin_row), error->message);
      return FALSE;
    }
  if (!bsn_money_parse_nonneg (row_text (self->quota_row), &store->min_purchase_rp, &error))
    {
      show_error (self, GTK_WIDGET (self->quota_row), error->message);
      return FALSE;
    }
  return TRUE;
}

static gpointer
save_thread (BsnDb        *db,
             gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  BsnStore *store = data;

  if (!bsn_store_validate (db, store, error))
    return NULL;
  if (store->id == 0 ? !bsn_store_add (db, store, error) : !bsn_store_update (db, store, error))
    return NULL;
  return g_strdup (store->name);
}

static void
save_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  BsnStoreDialog *self = BSN_STORE_DIALOG (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  name = bsn_db_task_finish (result, &error);
  set_busy (self, FALSE);
  if (name == NULL)
    {
      /* Everything typed stays; the message is the library's. A taken
       * code is the one error that clearly belongs to one row. */
      show_error (self,
                  g_error_matches (error, BSN_ERROR, BSN_ERROR_EXISTS) ? GTK_WIDGET (self->code_row) : NULL,
                  error->message);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, name);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BsnStoreDialog *self = BSN_STORE_DIALOG (widget);
  g_autoptr(BsnStore) store = bsn_store_copy (self->store);

  if (self->busy)
    return;
  clear_errors (self);
  if (!read_form (self, store))
    return;
  set_busy (self, TRUE);
  bsn_db_task_run (self, self->path, BSN_DB_TASK_WRITE,
                   save_thread, g_steal_pointer (&store), (GDestroyNotify) bsn_store_free, g_free,
                   NULL, save_done, NULL);
}

/* A save in progress finishes before the dialog goes. */
static gboolean
bsn_store_dialog_close_request (GtkWindow *window)
{
  if (BSN_STORE_DIALOG (window)->busy)
    return TRUE;
  return GTK_WINDOW_CLASS (bsn_store_dialog_parent_class)->close_request (window);
}

/* ---- Filling the form ---- */

static void
fill_form (BsnStoreDialog *self,
           GPtrArray      *stores)
{
  const BsnStore *s = self->store;
  const char *role_labels[G_N_ELEMENTS (roles) + 1] = { NULL };
  const char *band_labels[G_N_ELEMENTS (bands) + 1] = { NULL };
  const char *scheme_labels[G_N_ELEMENTS (schemes) + 1] = { NULL };
  g_autofree char *clock = bsn_clock_format (s->opening_sec);
  g_autofree char *margin = bsn_bp_format (s->margin_bp);
  g_autofree char *quota = bsn_money_format (s->min_purchase_rp);
  guint index_;

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    role_labels[i] = bsn_store_role_label (roles[i]);
  for (guint i = 0; i < G_N_ELEMENTS (bands); i++)
    band_labels[i] = bsn_band_label (bands[i]);
  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    scheme_labels[i] = bsn_schemes_label (schemes[i]);
  set_combo_strings (self->role_row, role_labels);
  set_combo_strings (self->band_row, band_labels);
  set_combo_strings (self->scheme_row, scheme_labels);

  gtk_editable_set_text (GTK_EDITABLE (self->code_row), s->code != NULL ? s->code : "");
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), s->name != NULL ? s->name : "");
  index_ = 0;
  INDEX_OF (roles, s->role);
  adw_combo_row_set_selected (self->role_row, index_);
  index_ = 0;
  INDEX_OF (bands, s->band);
  adw_combo_row_set_selected (self->band_row, index_);
  index_ = 0;
  INDEX_OF (schemes, s->schemes);
  adw_combo_row_set_selected (self->scheme_row, index_);
  fill_levels (self);
  adw_combo_row_set_selected (self->level_row, (guint) CLAMP (s->tier, 1, 3) - 1);
  fill_parents (self, stores);
  on_role_changed (self);
  gtk_switch_set_active (self->active_switch, s->active);
  gtk_editable_set_text (GTK_EDITABLE (self->opening_row), clock);
  gtk_spin_button_set_value (self->hours_spin, s->hours);
  /* "14 %" is read back as it is shown; the entry keeps the number only. */
  g_strdelimit (margin, "%", ' ');
  gtk_editable_set_text (GTK_EDITABLE (self->margin_row), g_strstrip (margin));
  gtk_editable_set_text (GTK_EDITABLE (self->quota_row), quota);
}

/* ---- GObject ---- */

static void
bsn_store_dialog_dispose (GObject *object)
{
  BsnStoreDialog *self = (BsnStoreDialog *) object;

  g_cancellable_cancel (self->effect_cancellable);
  g_clear_object (&self->effect_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), BSN_TYPE_STORE_DIALOG);

  G_OBJECT_CLASS (bsn_store_dialog_parent_class)->dispose (object);
}

static void
bsn_store_dialog_finalize (GObject *object)
{
  BsnStoreDialog *self = (BsnStoreDialog *) object;

  g_free (self->path);
  g_clear_pointer (&self->store, bsn_store_free);
  g_clear_pointer (&self->parent_ids, g_array_unref);

  G_OBJECT_CLASS (bsn_store_dialog_parent_class)->finalize (object);
}

static void
bsn_store_dialog_class_init (BsnStoreDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bsn_store_dialog_dispose;
  object_class->finalize = bsn_store_dialog_finalize;
  window_class->close_request = bsn_store_dialog_close_request;

  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-store-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnStoreDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, BsnStoreDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, BsnStoreDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, BsnStoreDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, BsnStoreDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, BsnStoreDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, BsnStoreDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, BsnStoreDialog, parent_row);
  gtk_widget_class_bind_template_child (widget_class, BsnStoreDialog, active_switch);
  gtk_widget_class_bind_template_child (widget_class, BsnStoreDialog, band_row);
  gtk_widget_class_bind_template_child (widget_class, BsnStoreDialog, scheme_row);
  gtk_widget_class_bind_template_child (widget_class, BsnStoreDialog, level_row);
  gtk_widget_class_bind_template_child (widget_class, BsnStoreDialog, margin_row);
  gtk_widget_class_bind_template_child (widget_class, BsnStoreDialog, opening_row);
  gtk_widget_class_bind_template_child (widget_class, BsnStoreDialog, hours_spin);
  gtk_widget_class_bind_template_child (widget_class, BsnStoreDialog, quota_row);
  gtk_widget_class_bind_template_callback (widget_class, on_role_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_scheme_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);

  gtk_widget_class_install_action (widget_class, "store.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "store.save", NULL);
}

static void
bsn_store_dialog_init (BsnStoreDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->parent_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
}

BsnStoreDialog *
bsn_store_dialog_new (GtkWindow      *parent,
                      const char     *path,
                      const BsnStore *store,
                      GPtrArray      *stores)
{
  BsnStoreDialog *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (BSN_TYPE_STORE_DIALOG, "transient-for", parent, NULL);
  self->path = g_strdup (path);
  if (store != NULL)
    self->store = bsn_store_copy (store);
  else
    {
      self->store = bsn_store_new ();
      self->store->role = BSN_ROLE_TOKO;
    }

  if (store != NULL)
    {
      adw_window_title_set_title (self->window_title, _("Ubah toko"));
      adw_window_title_set_subtitle (self->window_title, store->code);
      gtk_window_set_title (GTK_WINDOW (self), _("Ubah toko"));
    }
  else
    {
      adw_window_title_set_title (self->window_title, _("Toko baru"));
      gtk_window_set_title (GTK_WINDOW (self), _("Toko baru"));
    }
  fill_form (self, stores);
  /* After the form is filled: only the owner's own change is replayed. */
  g_signal_connect_swapped (self->level_row, "notify::selected", G_CALLBACK (on_level_changed), self);
  g_signal_connect_swapped (self->band_row, "notify::selected", G_CALLBACK (on_level_changed), self);
  gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
  return self;
}
