/* bsn-lot-dialog.c — one lot in full (see bsn-lot-dialog.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-db-task.h"
#include "bsn-lot-actions.h"
#include "bsn-lot-dates.h"
#include "bsn-lot-dialog.h"
#include "bsn-lot-row.h"
#include "bsn-money.h"
#include "bsn-wrap-box.h"

struct _BsnLotDialog
{
  AdwWindow        parent_instance;

  char            *path;
  BsnLotInfo      *info;
  GCancellable    *cancellable;
  gboolean         busy;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkSpinner      *spinner;
  GtkWidget       *action_box;
  GtkWidget       *accept_button;
  GtkWidget       *reduce_button;
  GtkWidget       *reject_button;
  GtkWidget       *sell_button;
  GtkWidget       *reprice_button;
  GtkWidget       *return_button;
  GtkLabel        *error_label;
  GtkBox          *groups_box;
};

G_DEFINE_FINAL_TYPE (BsnLotDialog, bsn_lot_dialog, ADW_TYPE_WINDOW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void reload (BsnLotDialog *self);

/* ---- Rows ---- */

static GtkWidget *
value_row (AdwPreferencesGroup *group,
           const char          *title,
           const char          *subtitle,
           const char          *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "money");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (group, row);
  return row;
}

static void
money_row (AdwPreferencesGroup *group,
           const char          *title,
           const char          *subtitle,
           gint64               rp)
{
  g_autofree char *value = bsn_money_format (rp);

  value_row (group, title, subtitle, value);
}

static AdwPreferencesGroup *
add_group (BsnLotDialog *self,
           const char   *title,
           const char   *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (self->groups_box, group);
  return ADW_PREFERENCES_GROUP (group);
}

/* ---- Summary ---- */

static void
fill_summary (BsnLotDialog *self)
{
  const BsnLotInfo *info = self->info;
  const BsnLotStatus *st = &info->status;
  AdwPreferencesGroup *group = add_group (self, _("Hari ini"), NULL);
  g_autofree char *time = bsn_lot_info_describe_time (info);
  g_autofree char *counts = g_strdup_printf (_("%" G_GINT64_FORMAT " ditawarkan · %" G_GINT64_FORMAT " diterima · %"
                                               G_GINT64_FORMAT " terjual · %" G_GINT64_FORMAT " dikembalikan"),
                                             st->offered, st->accepted, st->sold, st->returned);
  g_autofree char *remaining = g_strdup_printf (_("%" G_GINT64_FORMAT " unit"), st->remaining);
  gint sell = bsn_lot_info_sell_through_bp (info);

  value_row (group, _("Tahap"), time, bsn_stage_label (st->stage));
  if (st->unit_price_rp > 0)
    money_row (group, _("Harga jual per unit sekarang"), NULL, st->unit_price_rp);
  money_row (group, _("Modal pokok per unit"),
             st->cost_rp != info->lot->cost_rp ? _("Sudah disesuaikan dari modal saat penawaran") : NULL,
             st->cost_rp);
  value_row (group, _("Sisa di anak cabang"), counts, remaining);
  if (sell >= 0)
    {
      g_autofree char *pct = bsn_bp_format (sell);
      value_row (group, _("Laku (terjual dari yang diterima)"), NULL, pct);
    }
  money_row (group, _("Nilai berisiko"), _("Sisa × harga tahap sekarang"), bsn_lot_info_value_at_risk_rp (info));
}

/* ---- Timeline ---- */

static void
fill_timeline (BsnLotDialog *self)
{
  const BsnLotInfo *info = self->info;
  const BsnLot *lot = info->lot;
  g_autofree char *offered = bsn_lot_day_format_short (lot->offered_day);
  g_autofree char *description = g_strdup_printf (_("Dihitung dari tanggal penawaran, %s."), offered);
  AdwPreferencesGroup *group = add_group (self, _("Tahapan harga"), description);

  for (BsnStage stage = BSN_STAGE_NORMAL; stage <= BSN_STAGE_RETURN_DUE; stage++)
    {
      gint64 first, end;
      g_autofree char *from = NULL, *subtitle = NULL, *price = NULL;
      gboolean now = info->status.stage == stage;
      GtkWidget *row;

      bsn_lot_stage_span (lot, stage, &first, &end);
      from = bsn_lot_day_format_short (first);
      if (end != 0)
        {
          g_autofree char *last = bsn_lot_day_format_short (end - 1);
          subtitle = g_strdup_printf (_("%s – %s · %" G_GINT64_FORMAT " hari"), from, last, end - first);
          price = bsn_money_format (bsn_lot_stage_price (lot, stage));
        }
      else
        {
          subtitle = g_strdup_printf (_("Mulai %s: sisa barang kembali ke induk"), from);
          price = g_strdup ("");
        }
      row = value_row (group, bsn_stage_label (stage), subtitle, price);
      if (now)
        {
          GtkWidget *tag = gtk_label_new (_("sekarang"));
          gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (tag, "stage-tag");
          gtk_widget_add_css_class (tag, bsn_lot_stage_css_class (stage));
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), tag);
        }
      else if (info->day >= (end != 0 ? end : G_MAXINT64))
        gtk_widget_add_css_class (row, "dim-label");
    }
}

/* ---- Events ---- */

static BsnStage
stage_from_string (const char *text)
{
  for (BsnStage s = BSN_STAGE_OFFERED; s <= BSN_STAGE_REJECTED; s++)
    if (g_strcmp0 (text, bsn_stage_to_string (s)) == 0)
      return s;
  return BSN_STAGE_NORMAL;
}

static void
event_row (AdwPreferencesGroup *group,
           const BsnLot        *lot,
           const BsnLotEvent   *e)
{
  g_autofree char *day = bsn_lot_day_format_short (e->day);
  g_autofree char *title = NULL, *subtitle = NULL, *value = NULL;
  gboolean has_reason = e->reason != NULL && *e->reason != '\0';

  if (g_strcmp0 (e->kind, "accept") == 0)
    {
      title = e->qty < lot->qty
              ? g_strdup_printf (_("Diterima sebagian: %" G_GINT64_FORMAT " dari %" G_GINT64_FORMAT " unit"), e->qty, lot->qty)
              : g_strdup_printf (_("Diterima %" G_GINT64_FORMAT " unit"), e->qty);
      subtitle = g_strdup (day);
    }
  else if (g_strcmp0 (e->kind, "reject") == 0)
    {
      title = g_strdup (_("Ditolak"));
      subtitle = g_strdup_printf ("%s · %s", day, has_reason ? e->reason : "");
    }
  else if (g_strcmp0 (e->kind, "sale") == 0)
    {
      g_autofree char *unit = bsn_money_format (e->unit_price_rp);
      title = g_strdup_printf (_("Terjual %" G_GINT64_FORMAT " unit"), e->qty);
      subtitle = g_strdup_printf (_("%s · %s · %" G_GINT64_FORMAT " × %s"), day,
                                  bsn_stage_label (stage_from_string (e->stage)), e->qty, unit);
      value = bsn_money_format (e->amount_rp);
    }
  else if (g_strcmp0 (e->kind, "reprice") == 0)
    {
      g_autofree char *cost = bsn_money_format (e->cost_rp);
      title = g_strdup_printf (_("Modal pokok menjadi %s per unit"), cost);
      subtitle = has_reason ? g_strdup_printf ("%s · %s", day, e->reason) : g_strdup (day);
    }
  else if (g_strcmp0 (e->kind, "marketing") == 0)
    {
      title = g_strdup (_("Biaya pemasaran"));
      subtitle = has_reason ? g_strdup_printf ("%s · %s", day, e->reason) : g_strdup (day);
      value = bsn_money_format (e->amount_rp);
    }
  else if (g_strcmp0 (e->kind, "return") == 0)
    {
      g_autofree char *cost = bsn_money_format (e->amount_rp);
      title = g_strdup_printf (_("Dikembalikan %" G_GINT64_FORMAT " unit ke %s"), e->qty, lot->induk_code);
      subtitle = g_strdup_printf (_("%s · biaya pengembalian %s"), day, cost);
    }
  else
    {
      title = g_strdup (e->kind);
      subtitle = g_strdup (day);
    }
  value_row (group, title, subtitle, value != NULL ? value : "");
}

static void
fill_events (BsnLotDialog *self,
             GPtrArray    *events)
{
  const BsnLot *lot = self->info->lot;
  AdwPreferencesGroup *group = add_group (self, _("Kejadian"), NULL);
  g_autofree char *day = bsn_lot_day_format_short (lot->offered_day);
  g_autofree char *title = g_strdup_printf (_("Ditawarkan %" G_GINT64_FORMAT " unit oleh %s"), lot->qty, lot->induk_code);
  g_autofree char *price = bsn_money_format (lot->price_rp);
  g_autofree char *cost = bsn_money_format (lot->cost_rp);
  g_autofree char *subtitle = g_strdup_printf (_("%s · harga jual %s, modal pokok %s per unit"), day, price, cost);

  value_row (group, title, subtitle, "");
  for (guint i = 0; i < events->len; i++)
    event_row (group, lot, g_ptr_array_index (events, i));
}

/* ---- Settlement ---- */

static void
fill_settlement (BsnLotDialog  *self,
                 BsnSettlement *s)
{
  const BsnLot *lot = self->info->lot;
  AdwPreferencesGroup *group;
  g_autofree char *split = NULL;
  g_autofree char *marketing = NULL;

  if (lot->scheme == 'B')
    split = g_strdup (_("Skema B — Kemitraan Induk Cabang dan Produsen: induk 25 %, produsen 40 %, anak 35 %."));
  else
    split = g_strdup (_("Skema A — Kemitraan Induk Cabang: induk 40 %, anak 60 %."));
  group = add_group (self, s->closed ? _("Penyelesaian") : _("Penyelesaian sejauh ini"), split);

  money_row (group, _("Pendapatan penjualan"), NULL, s->revenue_rp);
  money_row (group, _("Modal pokok untuk induk"), NULL, s->cost_rp);
  money_row (group, _("Keuntungan"), _("Pendapatan − modal pokok"), s->profit_rp);
  money_row (group, _("Bagian induk"), NULL, s->induk_rp);
  if (lot->scheme == 'B')
    money_row (group, _("Bagian produsen"), NULL, s->produsen_rp);
  money_row (group, _("Bagian anak"), _("Termasuk sisa pembulatan"), s->anak_rp);
  if (s->marketing_rp > 0)
    {
      g_autofree char *induk = bsn_money_format (s->marketing_induk_rp);
      g_autofree char *anak = bsn_money_format (s->marketing_anak_rp);
      marketing = g_strdup_printf (_("induk %s · anak %s"), induk, anak);
      money_row (group, _("Biaya pemasaran"), marketing, s->marketing_rp);
    }
  if (s->return_cost_anak_rp > 0)
    money_row (group, _("Biaya pengembalian ditanggung anak"), NULL, s->return_cost_anak_rp);
  if (s->induk_compensation_rp > 0)
    money_row (group, _("Kompensasi untuk induk"), _("15 % potongan Tahap III atas barang yang dikembalikan"),
               s->induk_compensation_rp);
  money_row (group, _("Dibayar anak ke induk"),
             _("Modal pokok + bagian induk + kompensasi + bagian biaya pengembalian"), s->anak_pays_induk_rp);
}

/* ---- Actions that fit the stage ---- */

static void
update_actions (BsnLotDialog *self)
{
  const BsnLotStatus *st = &self->info->status;
  gboolean offered = st->stage == BSN_STAGE_OFFERED;
  gboolean selling = st->stage >= BSN_STAGE_NORMAL && st->stage <= BSN_STAGE_III;
  gboolean open = (selling || st->stage == BSN_STAGE_RETURN_DUE) && st->accepted > 0;

  gtk_widget_set_visible (self->accept_button, offered);
  gtk_widget_set_visible (self->reduce_button, offered && self->info->lot->qty > 1);
  gtk_widget_set_visible (self->reject_button, offered);
  gtk_widget_set_visible (self->sell_button, selling && st->remaining > 0);
  gtk_widget_set_visible (self->reprice_button, open);
  gtk_widget_set_visible (self->return_button, open && st->remaining > 0);
  /* The return is what is due now: it leads. */
  if (st->stage == BSN_STAGE_RETURN_DUE)
    gtk_widget_add_css_class (self->return_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->return_button, "suggested-action");
  gtk_widget_set_visible (self->action_box, offered || open);
}

/* ---- Loading ---- */

typedef struct
{
  gint64         lot_id;
  gint64         day;
  BsnLotInfo    *info;
  GPtrArray     *events;
  BsnSettlement *settlement;
} Detail;

static void
detail_free (Detail *d)
{
  bsn_lot_info_free (d->info);
  g_clear_pointer (&d->events, g_ptr_array_unref);
  g_clear_pointer (&d->settlement, bsn_settlement_free);
  g_free (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Detail, detail_free)

static gpointer
load_thread (BsnDb        *db,
             gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  const Detail *request = data;
  g_autoptr(Detail) d = g_new0 (Detail, 1);

  if ((d->info = bsn_lot_info_load (db, request->lot_id, request->day, error)) == NULL
      || (d->events = bsn_lot_events (db, request->lot_id, error)) == NULL
      || (d->settlement = bsn_lot_settle (db, request->lot_id, error)) == NULL)
    return NULL;
  return g_steal_pointer (&d);
}

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  BsnLotDialog *self = BSN_LOT_DIALOG (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(Detail) d = bsn_db_task_finish (result, &error);
  GtkWidget *child;
  g_autofree char *route = NULL, *subtitle = NULL;

  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (d == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        {
          gtk_label_set_label (self->error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
        }
      return;
    }
  bsn_lot_info_free (self->info);
  self->info = g_steal_pointer (&d->info);

  route = bsn_lot_info_route (self->info);
  subtitle = g_strdup_printf ("#%" G_GINT64_FORMAT " · %s · %s", self->info->lot->id, self->info->lot->sku, route);
  adw_window_title_set_title (self->window_title, self->info->lot->name);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), self->info->lot->name);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
  fill_summary (self);
  fill_timeline (self);
  fill_events (self, d->events);
  fill_settlement (self, d->settlement);
  update_actions (self);
}

static void
reload (BsnLotDialog *self)
{
  Detail *request = g_new0 (Detail, 1);

  request->lot_id = self->info->lot->id;
  request->day = bsn_time_day (bsn_time_now ());
  gtk_spinner_set_spinning (self->spinner, TRUE);
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, load_thread, request, (GDestroyNotify) detail_free,
                   (GDestroyNotify) detail_free, self->cancellable, load_done, NULL);
}

/* ---- Actions ---- */

static void
action_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  BsnLotDialog *self = BSN_LOT_DIALOG (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = bsn_lot_action_finish (result, &error);

  self->busy = FALSE;
  if (message == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_label (self->error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
        }
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
  g_signal_emit (self, signals[CHANGED], 0, message);
  reload (self);
}

static void
lot_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  BsnLotDialog *self = BSN_LOT_DIALOG (widget);
  static const struct { const char *name; BsnLotAction action; } map[] = {
    { "lot.accept", BSN_LOT_ACTION_ACCEPT },
    { "lot.reduce", BSN_LOT_ACTION_REDUCE },
    { "lot.reject", BSN_LOT_ACTION_REJECT },
    { "lot.sell", BSN_LOT_ACTION_SELL },
    { "lot.reprice", BSN_LOT_ACTION_REPRICE },
    { "lot.return", BSN_LOT_ACTION_RETURN },
  };

  if (self->busy)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (action_name, map[i].name))
      {
        self->busy = TRUE;
        bsn_lot_action_run (widget, self->path, self->info, map[i].action, action_done, NULL);
        return;
      }
}

/* ---- GObject ---- */

static void
bsn_lot_dialog_dispose (GObject *object)
{
  BsnLotDialog *self = (BsnLotDialog *) object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), BSN_TYPE_LOT_DIALOG);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (bsn_lot_dialog_parent_class)->dispose (object);
}

static void
bsn_lot_dialog_finalize (GObject *object)
{
  BsnLotDialog *self = (BsnLotDialog *) object;

  g_free (self->path);
  g_clear_pointer (&self->info, bsn_lot_info_free);

  G_OBJECT_CLASS (bsn_lot_dialog_parent_class)->finalize (object);
}

static void
bsn_lot_dialog_class_init (BsnLotDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const char *const actions[] = { "lot.accept", "lot.reduce", "lot.reject", "lot.sell", "lot.reprice", "lot.return" };

  object_class->dispose = bsn_lot_dialog_dispose;
  object_class->finalize = bsn_lot_dialog_finalize;

  /* (message): something was done to the lot; the list is stale. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (BSN_TYPE_WRAP_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-lot-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnLotDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BsnLotDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, BsnLotDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, BsnLotDialog, action_box);
  gtk_widget_class_bind_template_child (widget_class, BsnLotDialog, accept_button);
  gtk_widget_class_bind_template_child (widget_class, BsnLotDialog, reduce_button);
  gtk_widget_class_bind_template_child (widget_class, BsnLotDialog, reject_button);
  gtk_widget_class_bind_template_child (widget_class, BsnLotDialog, sell_button);
  gtk_widget_class_bind_template_child (widget_class, BsnLotDialog, reprice_button);
  gtk_widget_class_bind_template_child (widget_class, BsnLotDialog, return_button);
  gtk_widget_class_bind_template_child (widget_class, BsnLotDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, BsnLotDialog, groups_box);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, lot_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bsn_lot_dialog_init (BsnLotDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

BsnLotDialog *
bsn_lot_dialog_new (GtkWindow        *parent,
                    const char       *path,
                    const BsnLotInfo *info)
{
  BsnLotDialog *self;

  g_return_val_if_fail (path != NULL && info != NULL, NULL);

  self = g_object_new (BSN_TYPE_LOT_DIALOG, "transient-for", parent, NULL);
  self->path = g_strdup (path);
  self->info = bsn_lot_info_copy (info);
  adw_window_title_set_title (self->window_title, info->lot->name);
  gtk_window_set_title (GTK_WINDOW (self), info->lot->name);
  update_actions (self);
  reload (self);
  return self;
}
