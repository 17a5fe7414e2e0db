/* bsn-sim-page.c — Simulasi (see bsn-sim-page.h). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bsn-app-util.h"
#include "bsn-db-task.h"
#include "bsn-money.h"
#include "bsn-sim-chart.h"
#include "bsn-sim-page.h"
#include "bsn-simulate.h"
#include "bsn-store.h"
#include "bsn-tier-grid.h"
#include "bsn-time.h"

#define DEFAULT_DAYS 56

/* The replay's progress and its latest snapshot of the stores, written by
 * the replaying thread and read by the page on the main loop: each holds
 * a reference, so neither outlives the other's memory. */
typedef struct
{
  gint          permille;
  GMutex        lock;
  BsnSimResult *latest;        /* under lock */
} Shared;

static void
shared_clear (gpointer data)
{
  Shared *s = data;

  g_clear_pointer (&s->latest, bsn_sim_result_free);
  g_mutex_clear (&s->lock);
}

static Shared *
shared_new (void)
{
  Shared *s = g_atomic_rc_box_new0 (Shared);

  g_mutex_init (&s->lock);
  return s;
}

static void
shared_release (Shared *s)
{
  g_atomic_rc_box_release_full (s, shared_clear);
}

struct _BsnSimPage
{
  GtkWidget       parent_instance;

  GtkWidget      *scroll;
  GtkWidget      *action_bar;
  GtkDropDown    *scheme_drop;
  GtkDropDown    *store_drop;
  GtkDropDown    *level_drop;
  GtkDropDown    *expiry_drop;
  GtkEntry       *from_entry;
  GtkEntry       *to_entry;
  GtkWidget      *grid_box;
  BsnTierGrid    *grid;
  GtkWidget      *run_button;
  GtkWidget      *cancel_button;
  GtkProgressBar *progress;
  GtkLabel       *status_label;
  GtkListBox     *store_list;
  GtkLabel       *total_label;
  BsnSimChart    *chart;
  GtkSizeGroup   *columns[6];      /* the result rows' columns */

  char           *path;
  GPtrArray      *stores;          /* BsnStore, in the store dropdown's order after "Semua toko" */
  GCancellable   *load_cancellable;
  GCancellable   *run_cancellable;
  Shared         *shared;
  guint           poll;
};

G_DEFINE_FINAL_TYPE (BsnSimPage, bsn_sim_page, GTK_TYPE_WIDGET)

static const BsnScheme schemes[] = { BSN_SCHEME_STOPWATCH, BSN_SCHEME_LELANG, BSN_SCHEME_SIAGA };
static const BsnBand bands[] = { BSN_BAND_LOW, BSN_BAND_HIGH };

static BsnScheme
selected_scheme (BsnSimPage *self)
{
  guint pos = gtk_drop_down_get_selected (self->scheme_drop);

  return schemes[pos < G_N_ELEMENTS (schemes) ? pos : 0];
}

static const BsnStore *
selected_store (BsnSimPage *self)
{
  guint pos = gtk_drop_down_get_selected (self->store_drop);

  if (self->stores == NULL || pos == 0 || pos == GTK_INVALID_LIST_POSITION || pos > self->stores->len)
    return NULL;
  return g_ptr_array_index (self->stores, pos - 1);
}

static void
set_status (BsnSimPage *self,
            const char *text,
            gboolean    error)
{
  gtk_label_set_label (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL && *text);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

/* ---- The table in force, into the grid ---- */

static gpointer
table_thread (BsnDb        *db,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  return bsn_tiers_table_at (db, (BsnScheme) GPOINTER_TO_INT (data), bsn_time_now (), error);
}

static void
table_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BsnSimPage *self = BSN_SIM_PAGE (object);
  g_autoptr(GError) error = NULL;
  BsnTierTable *table = bsn_db_task_finish (result, &error);

  if (table == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        set_status (self, error->message, TRUE);
      return;
    }
  if (bsn_tier_grid_get_scheme (self->grid) == table->version.scheme)
    bsn_tier_grid_set_table (self->grid, table, TRUE);
  bsn_tier_table_free (table);
}

static void
load_table (BsnSimPage *self)
{
  if (self->path == NULL)
    return;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, table_thread,
                   GINT_TO_POINTER (bsn_tier_grid_get_scheme (self->grid)), NULL,
                   (GDestroyNotify) bsn_tier_table_free, self->load_cancellable, table_done, NULL);
}

static void
on_scheme_changed (BsnSimPage *self)
{
  GtkWidget *grid = bsn_tier_grid_new (selected_scheme (self));

  if (self->grid != NULL)
    gtk_box_remove (GTK_BOX (self->grid_box), GTK_WIDGET (self->grid));
  self->grid = BSN_TIER_GRID (grid);
  gtk_box_append (GTK_BOX (self->grid_box), grid);
  load_table (self);
}

/* ---- Stores and levels ---- */

static void
fill_levels (BsnSimPage *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, _("Level sekarang"));
  for (guint b = 0; b < G_N_ELEMENTS (bands); b++)
    for (gint tier = 1; tier <= 3; tier++)
      {
        /* TRANSLATORS: margin band · stopwatch level / lelang level */
        g_autofree char *label = g_strdup_printf (_("%s · %s / %s"), bsn_band_label (bands[b]),
                                                  bsn_level_name_stopwatch (bands[b], tier),
                                                  bsn_level_name_lelang (tier));
        gtk_string_list_append (list, label);
      }
  gtk_drop_down_set_model (self->level_drop, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->level_drop, 0);
}

static void
on_store_changed (BsnSimPage *self)
{
  gboolean one = selected_store (self) != NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->level_drop), one);
  if (!one)
    gtk_drop_down_set_selected (self->level_drop, 0);
}

static void
stores_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  BsnSimPage *self = BSN_SIM_PAGE (object);
  g_autoptr(GError) error = NULL;
  GPtrArray *stores = bsn_db_task_finish (result, &error);
  g_autoptr(GtkStringList) list = NULL;
  const BsnStore *keep;
  guint selected = 0;

  if (stores == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        set_status (self, error->message, TRUE);
      return;
    }
  keep = selected_store (self);
  list = gtk_string_list_new (NULL);
  gtk_string_list_append (list, _("Semua toko"));
  for (guint i = 0; i < stores->len; i++)
    {
      const BsnStore *s = g_ptr_array_index (stores, i);
      g_autofree char *label = g_strdup_printf ("%s — %s", s->code, s->name);

      gtk_string_list_append (list, label);
      if (keep != NULL && keep->id == s->id)
        selected = i + 1;
    }
  g_clear_pointer (&self->stores, g_ptr_array_unref);
  self->stores = stores;
  gtk_drop_down_set_model (self->store_drop, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->store_drop, selected);
  on_store_changed (self);
}

static void
load (BsnSimPage *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, bsn_db_task_list_stores, NULL, NULL,
                   (GDestroyNotify) g_ptr_array_unref, self->load_cancellable, stores_done, NULL);
  if (bsn_tier_grid_get_n_changed (self->grid) == 0)
    load_table (self);
}

/* ---- The results ---- */

static GtkWidget *
cell (GtkSizeGroup *column,
      const char   *text,
      int           chars,
      gboolean      numeric)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_size_group_add_widget (column, label);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0f : 0.0f);
  gtk_label_set_width_chars (GTK_LABEL (label), chars);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  return label;
}

static GtkWidget *
header_row (BsnSimPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_box_append (GTK_BOX (box), cell (self->columns[0], _("Toko"), 8, FALSE));
  gtk_box_append (GTK_BOX (box), cell (self->columns[1], _("Penjualan"), 16, TRUE));
  gtk_box_append (GTK_BOX (box), cell (self->columns[2], _("Biaya sekarang → dengan perubahan"), 34, TRUE));
  gtk_box_append (GTK_BOX (box), cell (self->columns[3], _("% penjualan"), 16, TRUE));
  gtk_box_append (GTK_BOX (box), cell (self->columns[4], _("Margin min. aman"), 14, TRUE));
  gtk_box_append (GTK_BOX (box), cell (self->columns[5], _("Status"), 12, FALSE));
  for (GtkWidget *c = gtk_widget_get_first_child (box); c != NULL; c = gtk_widget_get_next_sibling (c))
    gtk_widget_add_css_class (c, "heading");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Judul kolom"), -1);
  return row;
}

static GtkWidget *
store_row (BsnSimPage        *self,
           const BsnSimStore *st)
{
  g_autofree char *sales = bsn_money_format (st->sales_rp);
  g_autofree char *before = bsn_money_format (st->cost_rp);
  g_autofree char *after = bsn_money_format (st->cost_draft_rp);
  g_autofree char *pct_before = bsn_bp_format ((gint32) st->cost_pct_bp);
  g_autofree char *pct_after = bsn_bp_format ((gint32) st->cost_draft_pct_bp);
  g_autofree char *min = bsn_bp_format (st->margin_min_bp);
  g_autofree char *cost = g_strdup_printf ("%s → %s", before, after);
  g_autofree char *pct = g_strdup_printf ("%s → %s", pct_before, pct_after);
  g_autofree char *sentence = NULL;
  const char *state = st->safe ? _("Aman") : _("Di bawah aman");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_box_append (GTK_BOX (box), cell (self->columns[0], st->store, 8, FALSE));
  gtk_box_append (GTK_BOX (box), cell (self->columns[1], sales, 16, TRUE));
  gtk_box_append (GTK_BOX (box), cell (self->columns[2], cost, 34, TRUE));
  gtk_box_append (GTK_BOX (box), cell (self->columns[3], pct, 16, TRUE));
  gtk_box_append (GTK_BOX (box), cell (self->columns[4], min, 14, TRUE));
  gtk_box_append (GTK_BOX (box), cell (self->columns[5], state, 12, FALSE));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_name (row, st->store);
  if (!st->safe)
    gtk_widget_add_css_class (box, "error");
  /* TRANSLATORS: store, sales, cost before → after, % of sales before → after, margin minimum aman, Aman/Di bawah aman */
  sentence = g_strdup_printf (_("%s: penjualan %s, biaya hadiah %s → %s (%s → %s dari penjualan), margin minimum aman %s, %s"),
                              st->store, sales, before, after, pct_before, pct_after, min, state);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, sentence, -1);
  return row;
}

/* Shows the stores of @sim that have sales (a snapshot while replaying,
 * then the result). */
static guint
show_stores (BsnSimPage         *self,
             const BsnSimResult *sim)
{
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->store_list))) != NULL)
    gtk_list_box_remove (self->store_list, child);
  gtk_list_box_append (self->store_list, header_row (self));
  for (guint i = 0; i < sim->stores->len; i++)
    {
      const BsnSimStore *st = g_ptr_array_index (sim->stores, i);

      if (st->sales_rp == 0)
        continue;
      gtk_list_box_append (self->store_list, store_row (self, st));
      shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->store_list), shown > 0);
  return shown;
}

/* ---- Hitung ---- */

typedef struct
{
  BsnScheme  scheme;
  GArray    *edits;           /* or NULL: no table change */
  gint64     store_id;
  gboolean   has_level;
  BsnSimLevel level;
  gboolean   has_expiry;
  gint       expiry_months;
  gint64     from_day;
  gint64     to_day;
  Shared    *shared;
} RunRequest;

static void
run_request_free (gpointer data)
{
  RunRequest *req = data;

  g_clear_pointer (&req->edits, g_array_unref);
  shared_release (req->shared);
  g_free (req);
}

static void
on_run_progress (guint64  done,
                 guint64  total,
                 gpointer data)
{
  RunRequest *req = data;

  if (total > 0)
    g_atomic_int_set (&req->shared->permille, (gint) MIN (1000, done * 1000 / total));
}

static void
on_run_partial (BsnSimResult *snapshot,
                gpointer      data)
{
  RunRequest *req = data;

  g_mutex_lock (&req->shared->lock);
  g_clear_pointer (&req->shared->latest, bsn_sim_result_free);
  req->shared->latest = snapshot;
  g_mutex_unlock (&req->shared->lock);
}

static gpointer
run_thread (BsnDb        *db,
            gpointer      data,
            GCancellable *cancellable,
            GError      **error)
{
  RunRequest *req = data;
  g_autoptr(GArray) levels = g_array_new (FALSE, FALSE, sizeof (BsnSimLevel));
  BsnSimRequest sim = { 0 };

  sim.from_day = req->from_day;
  sim.to_day = req->to_day;
  sim.store_id = req->store_id;
  if (req->edits != NULL)
    {
      sim.has_draft = TRUE;
      sim.draft_scheme = req->scheme;
      sim.draft_edits = req->edits;
    }
  if (req->has_level)
    {
      g_array_append_val (levels, req->level);
      sim.levels = levels;
    }
  sim.has_expiry = req->has_expiry;
  sim.expiry_months = req->expiry_months;
  sim.cancellable = cancellable;
  sim.progress = on_run_progress;
  sim.progress_data = req;
  sim.partial = on_run_partial;
  sim.partial_data = req;
  return bsn_simulate (db, &sim, error);
}

static void
set_running (BsnSimPage *self,
             gboolean    running)
{
  gtk_widget_set_visible (GTK_WIDGET (self->progress), running);
  gtk_widget_set_visible (self->cancel_button, running);
  gtk_widget_set_sensitive (self->run_button, !running);
  if (!running)
    {
      g_clear_handle_id (&self->poll, g_source_remove);
      g_clear_pointer (&self->shared, shared_release);
    }
}

static gboolean
poll_run (gpointer data)
{
  BsnSimPage *self = data;
  BsnSimResult *latest;

  if (self->shared == NULL)
    return G_SOURCE_CONTINUE;
  gtk_progress_bar_set_fraction (self->progress, g_atomic_int_get (&self->shared->permille) / 1000.0);
  g_mutex_lock (&self->shared->lock);
  latest = g_steal_pointer (&self->shared->latest);
  g_mutex_unlock (&self->shared->lock);
  if (latest != NULL)
    {
      show_stores (self, latest);
      bsn_sim_result_free (latest);
    }
  return G_SOURCE_CONTINUE;
}

static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  BsnSimPage *self = BSN_SIM_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnSimResult) sim = bsn_db_task_finish (result, &error);

  if (sim == NULL && bsn_db_task_error_is_cancelled (error) && self->run_cancellable != NULL
      && !g_cancellable_is_cancelled (self->run_cancellable))
    return;   /* a newer Hitung is under way */
  if (sim == NULL && bsn_db_task_error_is_cancelled (error))
    {
      set_running (self, FALSE);
      set_status (self, _("Hitungan dibatalkan."), FALSE);
      return;
    }
  set_running (self, FALSE);
  if (sim == NULL)
    {
      set_status (self, error->message, TRUE);
      return;
    }
  if (show_stores (self, sim) == 0)
    {
      set_status (self, _("Belum ada penjualan dalam periode ini untuk dihitung."), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->total_label), FALSE);
      bsn_sim_chart_set_days (self->chart, NULL);
      return;
    }
  set_status (self, NULL, FALSE);
  {
    g_autofree char *before = bsn_money_format (sim->total.cost_rp);
    g_autofree char *after = bsn_money_format (sim->total.cost_draft_rp);
    g_autofree char *pct_before = bsn_bp_format ((gint32) sim->total.cost_pct_bp);
    g_autofree char *pct_after = bsn_bp_format ((gint32) sim->total.cost_draft_pct_bp);
    g_autofree char *text = NULL;

    /* TRANSLATORS: total cost before → after (% of sales before → after) */
    text = g_strdup_printf (_("Semua toko: biaya hadiah %s → %s (%s → %s dari penjualan)"), before, after,
                            pct_before, pct_after);
    gtk_label_set_label (self->total_label, text);
    gtk_widget_set_visible (GTK_WIDGET (self->total_label), TRUE);
  }
  bsn_sim_chart_set_days (self->chart, sim->days);
}

static gboolean
read_period (BsnSimPage *self,
             gint64     *from_day,
             gint64     *to_day,
             GError    **error)
{
  BsnTime from, to;

  if (!bsn_date_parse (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)), &from, error)
      || !bsn_date_parse (gtk_editable_get_text (GTK_EDITABLE (self->to_entry)), &to, error))
    return FALSE;
  *from_day = bsn_time_day (from);
  *to_day = bsn_time_day (to);
  if (*to_day < *from_day)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Tanggal akhir tidak boleh sebelum tanggal awal"));
      return FALSE;
    }
  return TRUE;
}

/* The expiry dropdown's choices after "Kebijakan sekarang": months (0:
 * points never expire). */
static const gint expiry_choices[] = { 0, 1, 3, 6, 12, 24 };

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  BsnSimPage *self = BSN_SIM_PAGE (widget);
  g_autoptr(GError) error = NULL;
  const BsnStore *store = selected_store (self);
  guint level = gtk_drop_down_get_selected (self->level_drop), expiry;
  RunRequest *req;
  gint64 from_day, to_day;

  if (self->path == NULL)
    return;
  if (!read_period (self, &from_day, &to_day, &error))
    {
      set_status (self, error->message, TRUE);
      return;
    }
  if (bsn_tier_grid_get_n_invalid (self->grid) > 0)
    {
      set_status (self, _("Perbaiki dulu sel tarif yang salah (bertanda merah)."), TRUE);
      return;
    }
  req = g_new0 (RunRequest, 1);
  req->scheme = bsn_tier_grid_get_scheme (self->grid);
  if (bsn_tier_grid_get_n_changed (self->grid) > 0)
    req->edits = bsn_tier_grid_get_edits (self->grid);
  req->from_day = from_day;
  req->to_day = to_day;
  expiry = gtk_drop_down_get_selected (self->expiry_drop);
  if (expiry != GTK_INVALID_LIST_POSITION && expiry > 0 && expiry <= G_N_ELEMENTS (expiry_choices))
    {
      req->has_expiry = TRUE;
      req->expiry_months = expiry_choices[expiry - 1];
    }
  if (store != NULL)
    {
      req->store_id = store->id;
      if (level != GTK_INVALID_LIST_POSITION && level > 0)
        {
          req->has_level = TRUE;
          req->level.store_id = store->id;
          req->level.band = bands[(level - 1) / 3];
          req->level.tier = (gint) ((level - 1) % 3) + 1;
        }
    }

  g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  self->run_cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->poll, g_source_remove);
  g_clear_pointer (&self->shared, shared_release);
  self->shared = shared_new ();
  req->shared = g_atomic_rc_box_acquire (self->shared);
  self->poll = g_timeout_add (100, poll_run, self);
  gtk_progress_bar_set_fraction (self->progress, 0);
  set_running (self, TRUE);
  set_status (self, _("Menghitung ulang penjualan periode ini dengan perubahan…"), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->total_label), FALSE);
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, run_thread, req, run_request_free,
                   (GDestroyNotify) bsn_sim_result_free, self->run_cancellable, run_done, NULL);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BsnSimPage *self = BSN_SIM_PAGE (widget);

  g_cancellable_cancel (self->run_cancellable);
}

/* ---- Public ---- */

void
bsn_sim_page_set_path (BsnSimPage *self,
                       const char *path)
{
  g_return_if_fail (BSN_IS_SIM_PAGE (self));
  if (g_strcmp0 (self->path, path) == 0)
    return;
  g_free (self->path);
  self->path = g_strdup (path);
  g_cancellable_cancel (self->run_cancellable);
  bsn_tier_grid_revert (self->grid);
  if (path != NULL)
    load (self);
}

void
bsn_sim_page_reload (BsnSimPage *self)
{
  g_return_if_fail (BSN_IS_SIM_PAGE (self));
  if (self->path != NULL)
    load (self);
}

/* ---- Building ---- */

/* A row of the form: @mnemonic labels @widget, shown inside @holder
 * (@widget itself, or the box that holds it). */
static GtkWidget *
form_label (GtkGrid    *grid,
            const char *mnemonic,
            GtkWidget  *widget,
            GtkWidget  *holder,
            int         row)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_grid_attach (grid, label, 0, row, 1, 1);
  gtk_grid_attach (grid, holder, 1, row, 1, 1);
  /* A dropdown gets a name of its own, not only the mnemonic's relation:
   * its inner button is named after it (bsn-accessible.c). */
  if (GTK_IS_DROP_DOWN (widget))
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    gtk_label_get_text (GTK_LABEL (label)), -1);
  return label;
}

static GtkEntry *
date_entry (gint64 day)
{
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *text = bsn_time_format_date_entry (day * BSN_SECONDS_PER_DAY);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 12);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("HH/BB/TTTT"));
  return GTK_ENTRY (entry);
}

static GtkWidget *
date_box (GtkEntry *entry)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (entry));
  bsn_app_add_date_picker (GTK_WIDGET (entry), FALSE);
  return box;
}

static void
build (BsnSimPage *self)
{
  const char *scheme_names[] = { _("Stopwatch"), _("Lelang waktu"), _("Voucher siaga"), NULL };
  gint64 today = bsn_time_day (bsn_time_now ());
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *title = gtk_label_new (_("Simulasi biaya"));
  GtkWidget *intro = gtk_label_new (
      _("Coba tarif, level toko atau masa berlaku poin tanpa menyimpan: penjualan periode yang dipilih "
        "dihitung ulang dengan perubahan itu, dan biayanya dibandingkan dengan biaya sekarang; poin yang "
        "hangus kembali ke toko. Tidak ada yang ditulis."));
  GtkWidget *form = gtk_grid_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *rates = gtk_label_new (_("Tarif (draf, tidak disimpan)"));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  self->scroll = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (self->scroll, TRUE);
  gtk_widget_set_parent (self->scroll, GTK_WIDGET (self));
  self->action_bar = gtk_action_bar_new ();
  gtk_widget_set_parent (self->action_bar, GTK_WIDGET (self));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroll), clamp);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1200);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);

  gtk_widget_add_css_class (title, "title-2");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_LEVEL, 1, -1);
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), intro);

  gtk_grid_set_row_spacing (GTK_GRID (form), 6);
  gtk_grid_set_column_spacing (GTK_GRID (form), 12);
  self->scheme_drop = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (scheme_names));
  self->store_drop = GTK_DROP_DOWN (gtk_drop_down_new_from_strings ((const char *[]) { _("Semua toko"), NULL }));
  self->level_drop = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  fill_levels (self);
  self->from_entry = date_entry (today - DEFAULT_DAYS);
  self->to_entry = date_entry (today - 1);
  form_label (GTK_GRID (form), _("_Skema"), GTK_WIDGET (self->scheme_drop), GTK_WIDGET (self->scheme_drop), 0);
  form_label (GTK_GRID (form), _("_Toko"), GTK_WIDGET (self->store_drop), GTK_WIDGET (self->store_drop), 1);
  form_label (GTK_GRID (form), _("_Level toko"), GTK_WIDGET (self->level_drop), GTK_WIDGET (self->level_drop), 2);
  self->expiry_drop = GTK_DROP_DOWN (gtk_drop_down_new_from_strings ((const char *[]) {
      _("Kebijakan sekarang"), _("Tidak hangus"), _("Hangus setelah 1 bulan"), _("Hangus setelah 3 bulan"),
      _("Hangus setelah 6 bulan"), _("Hangus setelah 12 bulan"), _("Hangus setelah 24 bulan"), NULL }));
  form_label (GTK_GRID (form), _("_Masa berlaku poin"), GTK_WIDGET (self->expiry_drop),
              GTK_WIDGET (self->expiry_drop), 3);
  form_label (GTK_GRID (form), _("_Dari tanggal"), GTK_WIDGET (self->from_entry), date_box (self->from_entry), 4);
  form_label (GTK_GRID (form), _("_Sampai tanggal"), GTK_WIDGET (self->to_entry), date_box (self->to_entry), 5);
  gtk_box_append (GTK_BOX (box), form);

  gtk_widget_add_css_class (rates, "heading");
  gtk_label_set_xalign (GTK_LABEL (rates), 0);
  gtk_box_append (GTK_BOX (box), rates);
  self->grid_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), self->grid_box);

  self->run_button = gtk_button_new_with_mnemonic (_("_Hitung"));
  gtk_widget_add_css_class (self->run_button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->run_button), "sim.run");
  self->cancel_button = gtk_button_new_with_mnemonic (_("_Batalkan hitungan"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->cancel_button), "sim.cancel");
  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->progress), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->progress), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Kemajuan hitungan"), -1);
  gtk_box_append (GTK_BOX (buttons), self->run_button);
  gtk_box_append (GTK_BOX (buttons), self->cancel_button);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->progress));
  /* Hitung stays on screen below the scrolled form (the draft grid is
   * taller than a 1366×768 window), as Catat Transaksi's button does. */
  gtk_widget_set_hexpand (buttons, TRUE);
  gtk_widget_set_margin_start (buttons, 12);
  gtk_widget_set_margin_end (buttons, 12);
  gtk_action_bar_pack_start (GTK_ACTION_BAR (self->action_bar), buttons);
  set_running (self, FALSE);

  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_label_set_xalign (self->status_label, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status_label));
  set_status (self, _("Pilih perubahan lalu tekan Hitung."), FALSE);

  self->store_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->store_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->store_list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->store_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Biaya per toko"), -1);
  gtk_widget_set_visible (GTK_WIDGET (self->store_list), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->store_list));
  self->total_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->total_label, 0);
  gtk_label_set_wrap (self->total_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->total_label), "heading");
  gtk_widget_set_visible (GTK_WIDGET (self->total_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->total_label));
  self->chart = BSN_SIM_CHART (bsn_sim_chart_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->chart));

  g_signal_connect_object (self->scheme_drop, "notify::selected", G_CALLBACK (on_scheme_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store_drop, "notify::selected", G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->from_entry, "activate", G_CALLBACK (gtk_widget_activate), self->run_button);
  g_signal_connect_swapped (self->to_entry, "activate", G_CALLBACK (gtk_widget_activate), self->run_button);
  on_scheme_changed (self);
  on_store_changed (self);
}

static void
bsn_sim_page_dispose (GObject *object)
{
  BsnSimPage *self = BSN_SIM_PAGE (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->run_cancellable);
  g_clear_handle_id (&self->poll, g_source_remove);
  g_clear_pointer (&self->shared, shared_release);
  g_clear_pointer (&self->scroll, gtk_widget_unparent);
  g_clear_pointer (&self->action_bar, gtk_widget_unparent);
  G_OBJECT_CLASS (bsn_sim_page_parent_class)->dispose (object);
}

static void
bsn_sim_page_finalize (GObject *object)
{
  BsnSimPage *self = BSN_SIM_PAGE (object);

  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->run_cancellable);
  g_clear_pointer (&self->stores, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->columns); i++)
    g_clear_object (&self->columns[i]);
  g_free (self->path);
  G_OBJECT_CLASS (bsn_sim_page_parent_class)->finalize (object);
}

static void
bsn_sim_page_class_init (BsnSimPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bsn_sim_page_dispose;
  object_class->finalize = bsn_sim_page_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_install_action (widget_class, "sim.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "sim.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "sim.run", NULL);
}

static void
bsn_sim_page_init (BsnSimPage *self)
{
  self->load_cancellable = g_cancellable_new ();
  for (guint i = 0; i < G_N_ELEMENTS (self->columns); i++)
    self->columns[i] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  build (self);
}
