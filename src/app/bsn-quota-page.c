/* bsn-quota-page.c — Kuota Harian (see bsn-quota-page.h). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bsn-db-task.h"
#include "bsn-money-entry.h"
#include "bsn-money.h"
#include "bsn-quota-chart.h"
#include "bsn-quota-own.h"
#include "bsn-quota-page.h"
#include "bsn-quota.h"
#include "bsn-slot-object.h"
#include "bsn-stock-dialog.h"
#include "bsn-store.h"
#include "bsn-tiers.h"
#include "bsn-window.h"

#define REFRESH_SECONDS 30
#define N_SLOTS 10

struct _BsnQuotaPage
{
  GtkWidget       parent_instance;

  char           *path;
  GCancellable   *cancellable;
  GPtrArray      *stores;          /* BsnStore, in combo order */
  gint64          store_id;
  gint64          day;
  guint           generation;      /* of the day read last asked for */
  guint           refresh_id;
  gboolean        loaded;          /* the day on screen is store_id/day */
  gboolean        updating;        /* filling the form: no writes */
  GListStore     *slots;           /* BsnSlotObject I..X */
  GPtrArray      *stock;           /* BsnStockLine of the day on screen */
  BsnStore       *store;           /* the store on screen */

  GtkScrolledWindow *scroller;
  AdwComboRow    *store_row;
  AdwActionRow   *date_row;
  GtkMenuButton  *calendar_button;
  GtkCalendar    *calendar;
  GtkLabel       *error_label;
  GtkStack       *content_stack;
  AdwStatusPage  *empty_page;
  GtkFlowBox     *summary_box;
  BsnQuotaChart  *chart;
  GtkColumnView  *slot_view;
  AdwPreferencesGroup *stock_group;
  GtkListBox     *stock_list;
  AdwPreferencesGroup *quota_group;
  AdwEntryRow    *day_quota_row;
  AdwEntryRow    *recipients_row;
  AdwEntryRow    *budget_row;
  AdwEntryRow    *opening_row;
  GtkSpinButton  *hours_spin;
};

G_DEFINE_FINAL_TYPE (BsnQuotaPage, bsn_quota_page, GTK_TYPE_WIDGET)

static void reload_day (BsnQuotaPage *self);

static gint64
today (void)
{
  return bsn_time_day (bsn_time_now ());
}

/* ---- Messages ---- */

static void
show_error (BsnQuotaPage *self,
            const char   *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static AdwToastOverlay *
toast_overlay (BsnQuotaPage *self)
{
  return ADW_TOAST_OVERLAY (gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY));
}

static void
show_toast (BsnQuotaPage *self,
            const char   *message)
{
  BsnWindow *window = BSN_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (self), BSN_TYPE_WINDOW));

  if (window != NULL)
    bsn_window_show_toast (window, message);
}

static void
on_row_changed (BsnQuotaPage *self,
                GtkWidget    *row)
{
  gtk_widget_remove_css_class (row, "error");
}

static void
mark_error (BsnQuotaPage *self,
            GtkWidget    *row,
            const char   *message)
{
  gtk_widget_add_css_class (row, "error");
  show_error (self, message);
  gtk_widget_grab_focus (row);
}

/* ---- Writes ---- */

typedef enum
{
  OP_QUOTA,          /* slot, a = Rp */
  OP_QUOTA_CLEAR,    /* slot */
  OP_CAPS,           /* a = recipients, b = budget; -1 = none */
  OP_HOURS,          /* a = opening second, b = hours */
  OP_COPY,           /* a = days */
  OP_STOCK_REMOVE,   /* item */
  OP_STOCK_SET,      /* line */
} OpKind;

typedef struct
{
  OpKind        kind;
  gint64        store_id;
  gint64        day;
  gint          slot;
  gint64        a;
  gint64        b;
  char         *item;
  BsnStockLine *line;
  char         *message;   /* said when it worked */
} WriteOp;

static void
write_op_free (WriteOp *op)
{
  g_free (op->item);
  bsn_stock_line_free (op->line);
  g_free (op->message);
  g_free (op);
}

static gpointer
write_thread (BsnDb        *db,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  WriteOp *op = data;
  gboolean ok = FALSE;

  switch (op->kind)
    {
    case OP_QUOTA:
      ok = bsn_quota_set (db, op->store_id, op->day, op->slot, op->a, error);
      break;
    case OP_QUOTA_CLEAR:
      ok = bsn_quota_clear (db, op->store_id, op->day, op->slot, error);
      break;
    case OP_CAPS:
      /* Clearing first lets one cap go while the other stays. */
      ok = bsn_day_plan_clear_caps (db, op->store_id, op->day, error)
           && ((op->a < 0 && op->b < 0)
               || bsn_day_plan_set_caps (db, op->store_id, op->day, op->a, op->b, error));
      break;
    case OP_HOURS:
      ok = bsn_day_plan_set_hours (db, op->store_id, op->day, (gint) op->a, (gint) op->b, error);
      break;
    case OP_COPY:
      ok = bsn_day_plan_copy (db, op->store_id, op->day, (guint) op->a, error);
      break;
    case OP_STOCK_REMOVE:
      ok = bsn_stock_remove (db, op->store_id, op->day, op->item, error);
      break;
    case OP_STOCK_SET:
      ok = bsn_stock_set (db, op->store_id, op->day, op->line, error);
      break;
    default:
      g_assert_not_reached ();
    }
  return ok ? g_strdup (op->message) : NULL;
}

static void
write_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BsnQuotaPage *self = BSN_QUOTA_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = bsn_db_task_finish (result, &error);

  if (message == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        show_error (self, error->message);
      reload_day (self);
      return;
    }
  show_error (self, NULL);
  if (*message != '\0')
    show_toast (self, message);
  reload_day (self);
}

static WriteOp *
write_op_new (BsnQuotaPage *self,
              OpKind        kind)
{
  WriteOp *op = g_new0 (WriteOp, 1);

  op->kind = kind;
  op->store_id = self->store_id;
  op->day = self->day;
  return op;
}

static void
run_write (BsnQuotaPage *self,
           WriteOp      *op)
{
  if (self->path == NULL || op->store_id == 0)
    {
      write_op_free (op);
      return;
    }
  bsn_db_task_run (self, self->path, BSN_DB_TASK_WRITE, write_thread, op, (GDestroyNotify) write_op_free,
                   g_free, self->cancellable, write_done, NULL);
}

/* ---- Reading the day ---- */

typedef struct
{
  gint64        store_id;
  gint64        day;
  BsnStore     *store;
  BsnDayStatus *status;
  GPtrArray    *stock;
  BsnQuotaOwn   own;
} DayData;

static void
day_data_free (DayData *data)
{
  g_clear_pointer (&data->store, bsn_store_free);
  g_clear_pointer (&data->status, bsn_day_status_free);
  g_clear_pointer (&data->stock, g_ptr_array_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DayData, day_data_free)

static gpointer
read_day_thread (BsnDb        *db,
                 gpointer      task_data,
                 GCancellable *cancellable,
                 GError      **error)
{
  const DayData *request = task_data;
  g_autoptr(DayData) data = g_new0 (DayData, 1);

  data->store_id = request->store_id;
  data->day = request->day;
  if ((data->store = bsn_store_get (db, data->store_id, error)) == NULL
      || (data->status = bsn_day_status (db, data->store_id, data->day, error)) == NULL
      || (data->stock = bsn_stock_list (db, data->store_id, data->day, error)) == NULL
      || !bsn_quota_own_get (db, data->store_id, data->day, &data->own, error))
    return NULL;
  return g_steal_pointer (&data);
}

static GtkWidget *
stat_card (const char *caption,
           const char *value,
           const char *detail)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *caption_label = gtk_label_new (caption);
  GtkWidget *value_label = gtk_label_new (value);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 16);
  gtk_widget_set_margin_end (box, 16);
  gtk_box_append (GTK_BOX (card), box);
  gtk_label_set_xalign (GTK_LABEL (caption_label), 0);
  gtk_label_set_wrap (GTK_LABEL (caption_label), TRUE);
  gtk_widget_add_css_class (caption_label, "caption");
  gtk_widget_add_css_class (caption_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_widget_add_css_class (value_label, "title-4");
  gtk_widget_add_css_class (value_label, "money");
  gtk_box_append (GTK_BOX (box), caption_label);
  gtk_box_append (GTK_BOX (box), value_label);
  if (detail != NULL)
    {
      GtkWidget *detail_label = gtk_label_new (detail);
      gtk_label_set_xalign (GTK_LABEL (detail_label), 0);
      gtk_label_set_wrap (GTK_LABEL (detail_label), TRUE);
      gtk_widget_add_css_class (detail_label, "caption");
      gtk_widget_add_css_class (detail_label, "money");
      gtk_box_append (GTK_BOX (box), detail_label);
    }
  return card;
}

static char *
percent_of (gint64 part,
            gint64 whole)
{
  if (whole <= 0)
    return g_strdup ("—");
  return bsn_bp_format ((gint32) CLAMP (part * 10000 / whole, 0, 1000000));
}

static void
fill_summary (BsnQuotaPage *self,
              const DayData *data)
{
  const BsnDayStatus *st = data->status;
  g_autofree char *stock = bsn_money_format (st->stock_rp);
  g_autofree char *stock_qty = NULL;
  g_autofree char *sales = bsn_money_format (st->sales_rp);
  g_autofree char *sales_pct = percent_of (st->sales_rp, st->stock_rp);
  g_autofree char *sales_detail = g_strdup_printf (_("%s dari stok"), sales_pct);
  g_autofree char *left = bsn_money_format (st->unsold_rp);
  g_autofree char *reward = bsn_money_format (st->reward_rp);
  g_autofree char *reward_pct = percent_of (st->reward_rp, st->sales_rp);
  g_autofree char *reward_detail = st->sales_rp > 0 ? g_strdup_printf (_("%s dari penjualan"), reward_pct)
                                                    : g_strdup (_("belum ada penjualan"));
  g_autofree char *budget = NULL;
  g_autofree char *budget_detail = NULL;
  g_autofree char *outside = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->summary_box))) != NULL)
    gtk_flow_box_remove (self->summary_box, child);
  if (st->unit != NULL)
    {
      g_autofree char *q = bsn_qty_format (st->stock_qty_milli);
      stock_qty = g_strdup_printf ("%s %s", q, st->unit);
    }
  gtk_flow_box_append (self->summary_box, stat_card (_("Stok hari ini"), stock, stock_qty));
  gtk_flow_box_append (self->summary_box, stat_card (_("Terjual"), sales, sales_detail));
  if (st->outside_rp > 0)
    {
      g_autofree char *o = bsn_money_format (st->outside_rp);
      outside = g_strdup_printf (_("termasuk %s di luar jam buka"), o);
    }
  gtk_flow_box_append (self->summary_box, stat_card (_("Sisa stok"), left, outside));
  gtk_flow_box_append (self->summary_box, stat_card (_("Nilai poin diberikan"), reward, reward_detail));
  if (st->plan.daily_budget_rp >= 0)
    {
      g_autofree char *total = bsn_money_format (st->plan.daily_budget_rp);
      budget = bsn_money_format (MAX (st->plan.daily_budget_rp - st->reward_rp, 0));
      budget_detail = g_strdup_printf (_("sisa dari %s"), total);
    }
  else
    budget = g_strdup (_("Tanpa batas"));
  gtk_flow_box_append (self->summary_box, stat_card (_("Anggaran poin"), budget, budget_detail));

  /* The cards are read, not chosen. */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->summary_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);
}

static GtkWidget *
stock_row_new (const BsnStockLine *line)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *qty = bsn_qty_format (line->qty_milli);
  g_autofree char *price = bsn_money_format (line->unit_price_rp);
  g_autofree char *value = bsn_money_format ((gint64) ((__int128) line->qty_milli * line->unit_price_rp / 1000));
  g_autofree char *subtitle = g_strdup_printf ("%s %s × %s = %s%s", qty, line->unit, price, value,
                                               line->perishable ? _(" · mudah rusak") : "");
  g_autofree char *edit_label = g_strdup_printf (_("Ubah stok %s"), line->item);
  g_autofree char *remove_label = g_strdup_printf (_("Hapus %s dari stok"), line->item);
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line->item);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_add_css_class (row, "money");

  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (edit, "flat");
  gtk_widget_set_tooltip_text (edit, _("Ubah"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL, edit_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "quota.edit-stock");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (edit), "s", line->item);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Hapus"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "quota.remove-stock");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", line->item);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  g_object_set_data_full (G_OBJECT (row), "bsn-item", g_strdup (line->item), g_free);
  return row;
}

static void
fill_stock (BsnQuotaPage  *self,
            const DayData *data)
{
  GtkWidget *child;
  g_autofree char *description = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->stock_list))) != NULL)
    gtk_list_box_remove (self->stock_list, child);
  for (guint i = 0; i < data->stock->len; i++)
    gtk_list_box_append (self->stock_list, stock_row_new (g_ptr_array_index (data->stock, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->stock_list), data->stock->len > 0);

  if (data->stock->len == 0)
    description = g_strdup (_("Belum ada barang; target per slot Rp0."));
  else
    {
      g_autofree char *target = bsn_money_format (data->status->slots[0].target_rp);
      description = g_strdup_printf (_("Target per slot %s: nilai stok dibagi sepuluh slot."), target);
    }
  adw_preferences_group_set_description (self->stock_group, description);
}

/* Puts @text into @row unless the user is typing there. */
static void
set_row_text (AdwEntryRow *row,
              const char  *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (row));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (row)))
    return;
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
fill_settings (BsnQuotaPage  *self,
               const DayData *data)
{
  const BsnDayPlan *plan = &data->status->plan;
  g_autofree char *day_quota = data->own.day_rp >= 0 ? bsn_money_format (data->own.day_rp) : g_strdup ("");
  g_autofree char *store_quota = bsn_money_format (data->store->min_purchase_rp);
  g_autofree char *quota_desc = g_strdup_printf (_("Berlaku untuk slot yang tidak punya kuota sendiri. Bila kosong, "
                                                   "kuota bawaan toko %s yang berlaku."),
                                                 store_quota);
  g_autofree char *recipients = plan->slot_recipients >= 0
                                ? g_strdup_printf ("%" G_GINT64_FORMAT, plan->slot_recipients) : g_strdup ("");
  g_autofree char *budget = plan->daily_budget_rp >= 0 ? bsn_money_format (plan->daily_budget_rp) : g_strdup ("");
  g_autofree char *opening = bsn_clock_format (plan->opening_sec);

  self->updating = TRUE;
  adw_preferences_group_set_description (self->quota_group, quota_desc);
  set_row_text (self->day_quota_row, day_quota);
  set_row_text (self->recipients_row, recipients);
  set_row_text (self->budget_row, budget);
  set_row_text (self->opening_row, opening);
  gtk_spin_button_set_value (self->hours_spin, plan->hours);
  self->updating = FALSE;
}

/* The slot of now (0 outside the day's hours) and the last slot that has
 * begun (0 before opening, 10 once the day is over). */
static gint
slot_of_now (const DayData *data,
             gint          *last_begun)
{
  BsnTime now = bsn_time_now ();
  gint current = 0;

  *last_begun = 0;
  for (guint i = 0; i < N_SLOTS; i++)
    {
      if (now >= data->status->slots[i].start)
        *last_begun = (gint) i + 1;
      if (now >= data->status->slots[i].start && now < data->status->slots[i].end)
        current = (gint) i + 1;
    }
  return current;
}

static void
apply_day (BsnQuotaPage *self,
           DayData      *data)
{
  gboolean planned = data->status->plan.planned || data->stock->len > 0 || data->own.day_rp >= 0;
  gint current, last;

  for (guint i = 0; i < N_SLOTS; i++)
    {
      g_autoptr(BsnSlotObject) slot = g_list_model_get_item (G_LIST_MODEL (self->slots), i);
      bsn_slot_object_update (slot, &data->status->slots[i], data->own.slot_rp[i]);
      planned = planned || data->own.slot_rp[i] >= 0;
    }
  current = slot_of_now (data, &last);
  bsn_quota_chart_set_status (self->chart, data->status, &data->own, current, last);
  fill_summary (self, data);
  fill_stock (self, data);
  fill_settings (self, data);

  g_clear_pointer (&self->stock, g_ptr_array_unref);
  self->stock = g_ptr_array_ref (data->stock);
  g_clear_pointer (&self->store, bsn_store_free);
  self->store = g_steal_pointer (&data->store);
  self->loaded = TRUE;

  if (!planned)
    {
      g_autofree char *date = bsn_time_format_date (self->day * BSN_SECONDS_PER_DAY);
      /* A past day without a plan will never get one: say so plainly. */
      g_autofree char *title = self->day == today ()  ? g_strdup (_("Belum ada rencana stok untuk hari ini"))
                               : self->day < today () ? g_strdup_printf (_("Tidak ada rencana stok pada %s"), date)
                                                      : g_strdup_printf (_("Belum ada rencana stok untuk %s"), date);
      adw_status_page_set_title (self->empty_page, title);
    }
  gtk_stack_set_visible_child_name (self->content_stack, planned ? "plan" : "empty");
}

static void
read_day_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  BsnQuotaPage *self = BSN_QUOTA_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(DayData) data = bsn_db_task_finish (result, &error);

  if (GPOINTER_TO_UINT (user_data) != self->generation)
    return;
  if (data == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        show_error (self, error->message);
      return;
    }
  apply_day (self, data);
}

static void
reload_day (BsnQuotaPage *self)
{
  DayData *request;

  if (self->path == NULL || self->store_id == 0)
    return;
  request = g_new0 (DayData, 1);
  request->store_id = self->store_id;
  request->day = self->day;
  self->generation++;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, read_day_thread, request, (GDestroyNotify) day_data_free,
                   (GDestroyNotify) day_data_free, self->cancellable, read_day_done,
                   GUINT_TO_POINTER (self->generation));
}

/* ---- Store and day ---- */

static const char *
weekday_name (gint64 day)
{
  /* 1970-01-01 was a Thursday. */
  static const char *const names[] = {
    N_("Kamis"), N_("Jumat"), N_("Sabtu"), N_("Minggu"), N_("Senin"), N_("Selasa"), N_("Rabu"),
  };
  return _(names[((day % 7) + 7) % 7]);
}

static void
show_day (BsnQuotaPage *self)
{
  g_autofree char *date = bsn_time_format_date (self->day * BSN_SECONDS_PER_DAY);
  g_autofree char *title = g_strdup_printf ("%s, %s", weekday_name (self->day), date);
  gint64 diff = self->day - today ();
  const char *relative = diff == 0 ? _("Hari ini") : diff == 1 ? _("Besok") : diff == -1 ? _("Kemarin") : NULL;
  int y, m, d;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->date_row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->date_row), relative != NULL ? relative : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "quota.today", diff != 0);

  bsn_time_to_ymd (self->day * BSN_SECONDS_PER_DAY, &y, &m, &d);
  {
    g_autoptr(GDateTime) dt = g_date_time_new_local (y, m, d, 0, 0, 0);
    self->updating = TRUE;
    if (dt != NULL)
      gtk_calendar_select_day (self->calendar, dt);
    self->updating = FALSE;
  }
}

static void
set_day (BsnQuotaPage *self,
         gint64        day)
{
  if (day == self->day)
    return;
  self->day = day;
  self->loaded = FALSE;
  show_error (self, NULL);
  show_day (self);
  reload_day (self);
}

static void
on_calendar_day_selected (BsnQuotaPage *self)
{
  g_autoptr(GDateTime) dt = gtk_calendar_get_date (self->calendar);

  if (self->updating)
    return;
  gtk_menu_button_popdown (self->calendar_button);
  set_day (self, bsn_time_day (bsn_time_from_ymd_hms (g_date_time_get_year (dt), g_date_time_get_month (dt),
                                                      g_date_time_get_day_of_month (dt), 0, 0, 0)));
}

static void
day_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  BsnQuotaPage *self = BSN_QUOTA_PAGE (widget);

  if (g_str_equal (action_name, "quota.previous-day"))
    set_day (self, self->day - 1);
  else if (g_str_equal (action_name, "quota.next-day"))
    set_day (self, self->day + 1);
  else
    set_day (self, today ());
}

static gint64
selected_store_id (BsnQuotaPage *self)
{
  guint pos = adw_combo_row_get_selected (self->store_row);

  if (self->stores == NULL || pos == GTK_INVALID_LIST_POSITION || pos >= self->stores->len)
    return 0;
  return ((BsnStore *) g_ptr_array_index (self->stores, pos))->id;
}

static void
on_store_selected (BsnQuotaPage *self)
{
  gint64 id = selected_store_id (self);

  if (self->updating || id == self->store_id)
    return;
  self->store_id = id;
  self->loaded = FALSE;
  show_error (self, NULL);
  gtk_stack_set_visible_child_name (self->content_stack, "loading");
  reload_day (self);
}

static void
list_stores_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  BsnQuotaPage *self = BSN_QUOTA_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stores = bsn_db_task_finish (result, &error);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  if (stores == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        show_error (self, error->message);
      return;
    }
  for (guint i = 0; i < stores->len; i++)
    {
      BsnStore *store = g_ptr_array_index (stores, i);
      g_autofree char *label = g_strdup_printf ("%s — %s", store->code, store->name);

      gtk_string_list_append (names, label);
      if (store->id == self->store_id)
        selected = i;
    }
  g_clear_pointer (&self->stores, g_ptr_array_unref);
  self->stores = g_steal_pointer (&stores);
  self->updating = TRUE;
  adw_combo_row_set_model (self->store_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->store_row, selected);
  self->updating = FALSE;

  if (self->stores->len == 0)
    {
      self->store_id = 0;
      adw_status_page_set_title (self->empty_page, _("Belum ada toko"));
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      return;
    }
  self->store_id = selected_store_id (self);
  reload_day (self);
}

static void
reload_stores (BsnQuotaPage *self)
{
  if (self->path == NULL)
    return;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, bsn_db_task_list_stores, NULL, NULL,
                   (GDestroyNotify) g_ptr_array_unref, self->cancellable, list_stores_done, NULL);
}

static const char *
store_label (BsnQuotaPage *self)
{
  return self->store != NULL ? self->store->code : "";
}

/* ---- Quotas, caps, hours ---- */

static void
set_slot_quota (BsnQuotaPage *self,
                gint          slot,
                const char   *text,
                GtkWidget    *entry)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  WriteOp *op;
  gint64 rp;

  if (*trimmed == '\0')
    {
      op = write_op_new (self, OP_QUOTA_CLEAR);
      op->message = g_strdup_printf (_("Slot %s mengikuti kuota hari"), bsn_slot_to_roman (slot));
    }
  else if (!bsn_money_parse_nonneg (trimmed, &rp, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Kuota slot %s: %s"), bsn_slot_to_roman (slot), error->message);
      if (entry != NULL)
        gtk_widget_add_css_class (entry, "error");
      show_error (self, message);
      return;
    }
  else
    {
      g_autofree char *m = bsn_money_format (rp);
      op = write_op_new (self, OP_QUOTA);
      op->a = rp;
      op->message = g_strdup_printf (_("Kuota slot %s: %s per struk"), bsn_slot_to_roman (slot), m);
    }
  op->slot = slot;
  run_write (self, op);
}

static void
on_chart_quota_changed (BsnQuotaPage *self,
                        gint          slot,
                        gint64        rp)
{
  g_autofree char *text = bsn_money_format (rp);

  set_slot_quota (self, slot, text, NULL);
}

static void
on_day_quota_apply (BsnQuotaPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->day_quota_row));
  g_autoptr(GError) error = NULL;
  WriteOp *op;
  gint64 rp;

  if (*text == '\0')
    {
      op = write_op_new (self, OP_QUOTA_CLEAR);
      op->message = g_strdup (_("Kuota hari dihapus; kuota bawaan toko berlaku"));
    }
  else if (!bsn_money_parse_nonneg (text, &rp, &error))
    {
      mark_error (self, GTK_WIDGET (self->day_quota_row), error->message);
      return;
    }
  else
    {
      g_autofree char *m = bsn_money_format (rp);
      op = write_op_new (self, OP_QUOTA);
      op->a = rp;
      op->message = g_strdup_printf (_("Kuota hari: %s per struk"), m);
    }
  op->slot = 0;
  run_write (self, op);
}

static void
on_caps_apply (BsnQuotaPage *self)
{
  const char *recipients = gtk_editable_get_text (GTK_EDITABLE (self->recipients_row));
  const char *budget = gtk_editable_get_text (GTK_EDITABLE (self->budget_row));
  g_autoptr(GError) error = NULL;
  WriteOp *op;
  gint64 n = -1, rp = -1;

  if (*recipients != '\0')
    {
      guint64 v;
      if (!g_ascii_string_to_unsigned (recipients, 10, 0, 1000000, &v, NULL))
        {
          mark_error (self, GTK_WIDGET (self->recipients_row),
                      _("Penerima per slot harus bilangan bulat 0 sampai 1.000.000, atau kosong untuk tanpa batas"));
          return;
        }
      n = (gint64) v;
    }
  if (*budget != '\0' && !bsn_money_parse_nonneg (budget, &rp, &error))
    {
      mark_error (self, GTK_WIDGET (self->budget_row), error->message);
      return;
    }
  op = write_op_new (self, OP_CAPS);
  op->a = n;
  op->b = rp;
  op->message = g_strdup (n < 0 && rp < 0 ? _("Batas poin dihapus") : _("Batas poin disimpan"));
  run_write (self, op);
}

static void
on_hours_apply (BsnQuotaPage *self)
{
  g_autoptr(GError) error = NULL;
  gint opening;
  WriteOp *op;

  if (self->updating || !self->loaded)
    return;
  if (!bsn_clock_parse (gtk_editable_get_text (GTK_EDITABLE (self->opening_row)), &opening, &error))
    {
      mark_error (self, GTK_WIDGET (self->opening_row), error->message);
      return;
    }
  op = write_op_new (self, OP_HOURS);
  op->a = opening;
  op->b = gtk_spin_button_get_value_as_int (self->hours_spin);
  op->message = g_strdup (_("Jam buka hari ini disimpan"));
  run_write (self, op);
}

/* ---- The slot table ---- */

static void
label_setup (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  gboolean numeric = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "numeric"));

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1 : 0);
  if (numeric)
    gtk_widget_add_css_class (label, "money");
  gtk_list_item_set_child (item, label);
}

static void
label_bind (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  const char *property = g_object_get_data (G_OBJECT (factory), "property");
  GBinding *binding = g_object_bind_property (gtk_list_item_get_item (item), property,
                                              gtk_list_item_get_child (item), "label",
                                              G_BINDING_SYNC_CREATE);

  g_object_set_data (G_OBJECT (item), "bsn-binding", binding);
}

static void
label_unbind (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GBinding *binding = g_object_get_data (G_OBJECT (item), "bsn-binding");

  if (binding != NULL)
    g_binding_unbind (binding);
  g_object_set_data (G_OBJECT (item), "bsn-binding", NULL);
}

static void
quota_entry_commit (BsnQuotaPage *self,
                    GtkEntry     *entry)
{
  BsnSlotObject *slot = g_object_get_data (G_OBJECT (entry), "bsn-slot");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  if (slot == NULL)
    return;
  /* Unchanged text is no change, also for a quota that follows the day. */
  if (g_strcmp0 (text, bsn_slot_object_get_quota (slot)) == 0)
    return;
  set_slot_quota (self, bsn_slot_object_get_slot (slot), text, GTK_WIDGET (entry));
}

static void
on_quota_entry_activate (GtkEntry     *entry,
                         BsnQuotaPage *self)
{
  quota_entry_commit (self, entry);
}

static void
on_quota_entry_focus_leave (GtkEventControllerFocus *controller,
                            BsnQuotaPage            *self)
{
  quota_entry_commit (self, GTK_ENTRY (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller))));
}

static void
quota_entry_sync (GtkEntry *entry)
{
  BsnSlotObject *slot = g_object_get_data (G_OBJECT (entry), "bsn-slot");
  g_autofree char *label = NULL;

  if (slot == NULL)
    return;
  if (!gtk_widget_has_focus (GTK_WIDGET (entry)) && !gtk_widget_has_focus (gtk_widget_get_first_child (GTK_WIDGET (entry))))
    {
      gtk_editable_set_text (GTK_EDITABLE (entry), bsn_slot_object_get_quota (slot));
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
    }
  if (bsn_slot_object_get_quota_own (slot))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "quota-inherited");
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry), _("Kuota sendiri slot ini. Kosongkan lalu tekan Enter agar mengikuti kuota hari."));
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "quota-inherited");
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry), _("Mengikuti kuota hari. Ketik jumlah lain lalu tekan Enter untuk kuota sendiri slot ini."));
    }
  label = g_strdup_printf (_("Kuota slot %s"), bsn_slot_to_roman (bsn_slot_object_get_slot (slot)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
quota_setup (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             BsnQuotaPage             *self)
{
  GtkWidget *entry = bsn_money_entry_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 11);
  g_signal_connect (entry, "activate", G_CALLBACK (on_quota_entry_activate), self);
  g_signal_connect (focus, "leave", G_CALLBACK (on_quota_entry_focus_leave), self);
  gtk_widget_add_controller (entry, focus);
  gtk_list_item_set_child (item, entry);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
quota_bind (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            BsnQuotaPage             *self)
{
  GtkWidget *entry = gtk_list_item_get_child (item);
  BsnSlotObject *slot = gtk_list_item_get_item (item);

  g_object_set_data_full (G_OBJECT (entry), "bsn-slot", g_object_ref (slot), g_object_unref);
  g_signal_connect_object (slot, "notify::quota", G_CALLBACK (quota_entry_sync), entry, G_CONNECT_SWAPPED);
  g_signal_connect_object (slot, "notify::quota-own", G_CALLBACK (quota_entry_sync), entry, G_CONNECT_SWAPPED);
  quota_entry_sync (GTK_ENTRY (entry));
}

static void
quota_unbind (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              BsnQuotaPage             *self)
{
  GtkWidget *entry = gtk_list_item_get_child (item);
  BsnSlotObject *slot = gtk_list_item_get_item (item);

  g_signal_handlers_disconnect_by_data (slot, entry);
  g_object_set_data (G_OBJECT (entry), "bsn-slot", NULL);
}

static void
add_column (BsnQuotaPage *self,
            const char   *title,
            const char   *property,
            gboolean      numeric,
            gboolean      expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_object_set_data (G_OBJECT (factory), "property", (gpointer) property);
  g_object_set_data (G_OBJECT (factory), "numeric", GINT_TO_POINTER (numeric));
  g_signal_connect (factory, "setup", G_CALLBACK (label_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (label_bind), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (label_unbind), NULL);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_append_column (self->slot_view, column);
}

static void
setup_slot_table (BsnQuotaPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) quota = NULL;
  GtkNoSelection *selection;

  self->slots = g_list_store_new (BSN_TYPE_SLOT_OBJECT);
  for (gint s = 1; s <= N_SLOTS; s++)
    {
      g_autoptr(BsnSlotObject) slot = bsn_slot_object_new (s);
      g_list_store_append (self->slots, slot);
    }
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->slots)));
  gtk_column_view_set_model (self->slot_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  add_column (self, _("Slot"), "roman", FALSE, FALSE);
  add_column (self, _("Jam"), "hours", FALSE, TRUE);
  add_column (self, _("Target"), "target", TRUE, TRUE);
  add_column (self, _("Penjualan"), "sales", TRUE, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (quota_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (quota_bind), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (quota_unbind), self);
  quota = gtk_column_view_column_new (_("Kuota per struk"), factory);
  gtk_column_view_append_column (self->slot_view, quota);
  add_column (self, _("Dapat poin"), "rewarded", TRUE, TRUE);
  add_column (self, _("Nilai poin"), "reward", TRUE, TRUE);
  add_column (self, _("Dibatasi"), "capped", TRUE, FALSE);
}

/* ---- Stock lines ---- */

static const BsnStockLine *
find_line (BsnQuotaPage *self,
           const char   *item)
{
  for (guint i = 0; self->stock != NULL && i < self->stock->len; i++)
    {
      const BsnStockLine *line = g_ptr_array_index (self->stock, i);
      if (g_strcmp0 (line->item, item) == 0)
        return line;
    }
  return NULL;
}

static void
on_stock_saved (BsnQuotaPage *self,
                const char   *item)
{
  g_autofree char *message = g_strdup_printf (_("Stok “%s” disimpan"), item);

  show_toast (self, message);
  reload_day (self);
}

static void
open_stock_dialog (BsnQuotaPage       *self,
                   const BsnStockLine *line)
{
  BsnStockDialog *dialog;

  if (self->path == NULL || self->store_id == 0)
    return;
  dialog = bsn_stock_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->path,
                                 self->store_id, self->day, store_label (self), line);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_stock_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_stock_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  open_stock_dialog (BSN_QUOTA_PAGE (widget), NULL);
}

static void
edit_stock_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  BsnQuotaPage *self = BSN_QUOTA_PAGE (widget);
  const BsnStockLine *line = find_line (self, g_variant_get_string (param, NULL));

  if (line != NULL)
    open_stock_dialog (self, line);
}

static void
on_stock_row_activated (BsnQuotaPage  *self,
                        GtkListBoxRow *row)
{
  const BsnStockLine *line = find_line (self, g_object_get_data (G_OBJECT (row), "bsn-item"));

  if (line != NULL)
    open_stock_dialog (self, line);
}

typedef struct
{
  BsnQuotaPage *self;
  BsnStockLine *line;
  gint64        store_id;
  gint64        day;
} UndoData;

static void
undo_data_free (gpointer  data,
                GClosure *closure)
{
  UndoData *undo = data;

  g_object_unref (undo->self);
  bsn_stock_line_free (undo->line);
  g_free (undo);
}

static void
on_undo_remove (AdwToast *toast,
                UndoData *undo)
{
  WriteOp *op = write_op_new (undo->self, OP_STOCK_SET);

  op->store_id = undo->store_id;
  op->day = undo->day;
  op->line = g_steal_pointer (&undo->line);
  op->message = g_strdup_printf (_("“%s” dikembalikan ke stok"), op->line->item);
  run_write (undo->self, op);
}

static void
remove_stock_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  BsnQuotaPage *self = BSN_QUOTA_PAGE (widget);
  const BsnStockLine *line = find_line (self, g_variant_get_string (param, NULL));
  AdwToastOverlay *overlay = toast_overlay (self);
  WriteOp *op;

  if (line == NULL)
    return;
  op = write_op_new (self, OP_STOCK_REMOVE);
  op->item = g_strdup (line->item);
  op->message = g_strdup ("");
  if (overlay != NULL)
    {
      /* Removing is one click, so it can be taken back. */
      g_autofree char *title = g_strdup_printf (_("“%s” dihapus dari stok"), line->item);
      AdwToast *toast = adw_toast_new (title);
      UndoData *undo = g_new0 (UndoData, 1);

      undo->self = g_object_ref (self);
      undo->store_id = self->store_id;
      undo->day = self->day;
      undo->line = g_new0 (BsnStockLine, 1);
      *undo->line = *line;
      undo->line->item = g_strdup (line->item);
      undo->line->unit = g_strdup (line->unit);
      adw_toast_set_button_label (toast, _("_Urungkan"));
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_remove), undo,
                             undo_data_free, 0);
      adw_toast_overlay_add_toast (overlay, toast);
    }
  run_write (self, op);
}

/* ---- Copying the plan ---- */

static void
on_copy_response (AdwMessageDialog *dialog,
                  const char       *response,
                  BsnQuotaPage     *self)
{
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (dialog), "bsn-spin");
  WriteOp *op;
  gint n;

  if (g_strcmp0 (response, "copy") != 0)
    return;
  n = gtk_spin_button_get_value_as_int (spin);
  op = write_op_new (self, OP_COPY);
  op->a = n;
  op->message = n == 1 ? g_strdup (_("Rencana disalin ke besok"))
                       : g_strdup_printf (_("Rencana disalin ke %d hari berikutnya"), n);
  run_write (self, op);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BsnQuotaPage *self = BSN_QUOTA_PAGE (widget);
  g_autofree char *date = bsn_time_format_date (self->day * BSN_SECONDS_PER_DAY);
  g_autofree char *body = g_strdup_printf (_("Stok, kuota, batas poin, dan jam buka %s pada %s disalin ke hari-hari "
                                             "berikutnya. Rencana yang sudah ada di hari tujuan diganti."),
                                           store_label (self), date);
  GtkWidget *dialog;
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (1, 366, 1);

  if (self->store_id == 0)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Salin ke hari berikutnya?"), body);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 1);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Jumlah hari"), -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Jumlah hari"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), group);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Batal"),
                                    "copy", _("_Salin"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "copy", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "copy");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "bsn-spin", spin);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_copy_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  reload_day (BSN_QUOTA_PAGE (widget));
}

/* ---- Refreshing while on screen ---- */

static gboolean
refresh_timeout (gpointer data)
{
  reload_day (BSN_QUOTA_PAGE (data));
  return G_SOURCE_CONTINUE;
}

static void
bsn_quota_page_map (GtkWidget *widget)
{
  BsnQuotaPage *self = BSN_QUOTA_PAGE (widget);

  GTK_WIDGET_CLASS (bsn_quota_page_parent_class)->map (widget);
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_timeout, self);
  /* Sales came in while another page was on screen. */
  if (self->loaded)
    reload_day (self);
}

static void
bsn_quota_page_unmap (GtkWidget *widget)
{
  BsnQuotaPage *self = BSN_QUOTA_PAGE (widget);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  GTK_WIDGET_CLASS (bsn_quota_page_parent_class)->unmap (widget);
}

/* ---- GObject ---- */

static void
bsn_quota_page_dispose (GObject *object)
{
  BsnQuotaPage *self = (BsnQuotaPage *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), BSN_TYPE_QUOTA_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->slots);
  g_clear_pointer (&self->stores, g_ptr_array_unref);
  g_clear_pointer (&self->stock, g_ptr_array_unref);
  g_clear_pointer (&self->store, bsn_store_free);

  G_OBJECT_CLASS (bsn_quota_page_parent_class)->dispose (object);
}

static void
bsn_quota_page_finalize (GObject *object)
{
  BsnQuotaPage *self = (BsnQuotaPage *) object;

  g_free (self->path);

  G_OBJECT_CLASS (bsn_quota_page_parent_class)->finalize (object);
}

static void
bsn_quota_page_class_init (BsnQuotaPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bsn_quota_page_dispose;
  object_class->finalize = bsn_quota_page_finalize;
  widget_class->map = bsn_quota_page_map;
  widget_class->unmap = bsn_quota_page_unmap;

  g_type_ensure (BSN_TYPE_QUOTA_CHART);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-quota-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnQuotaPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, BsnQuotaPage, store_row);
  gtk_widget_class_bind_template_child (widget_class, BsnQuotaPage, date_row);
  gtk_widget_class_bind_template_child (widget_class, BsnQuotaPage, calendar_button);
  gtk_widget_class_bind_template_child (widget_class, BsnQuotaPage, calendar);
  gtk_widget_class_bind_template_child (widget_class, BsnQuotaPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, BsnQuotaPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, BsnQuotaPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BsnQuotaPage, summary_box);
  gtk_widget_class_bind_template_child (widget_class, BsnQuotaPage, chart);
  gtk_widget_class_bind_template_child (widget_class, BsnQuotaPage, slot_view);
  gtk_widget_class_bind_template_child (widget_class, BsnQuotaPage, stock_group);
  gtk_widget_class_bind_template_child (widget_class, BsnQuotaPage, stock_list);
  gtk_widget_class_bind_template_child (widget_class, BsnQuotaPage, quota_group);
  gtk_widget_class_bind_template_child (widget_class, BsnQuotaPage, day_quota_row);
  gtk_widget_class_bind_template_child (widget_class, BsnQuotaPage, recipients_row);
  gtk_widget_class_bind_template_child (widget_class, BsnQuotaPage, budget_row);
  gtk_widget_class_bind_template_child (widget_class, BsnQuotaPage, opening_row);
  gtk_widget_class_bind_template_child (widget_class, BsnQuotaPage, hours_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_store_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_day_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_chart_quota_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stock_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_day_quota_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_caps_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_hours_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_row_changed);

  gtk_widget_class_install_action (widget_class, "quota.previous-day", NULL, day_action);
  gtk_widget_class_install_action (widget_class, "quota.next-day", NULL, day_action);
  gtk_widget_class_install_action (widget_class, "quota.today", NULL, day_action);
  gtk_widget_class_install_action (widget_class, "quota.add-stock", NULL, add_stock_action);
  gtk_widget_class_install_action (widget_class, "quota.edit-stock", "s", edit_stock_action);
  gtk_widget_class_install_action (widget_class, "quota.remove-stock", "s", remove_stock_action);
  gtk_widget_class_install_action (widget_class, "quota.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "quota.reload", NULL, reload_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_ALT_MASK, "quota.previous-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_ALT_MASK, "quota.next-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "quota.reload", NULL);
}

static void
bsn_quota_page_init (BsnQuotaPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->day = today ();
  setup_slot_table (self);
  show_day (self);
}

void
bsn_quota_page_set_path (BsnQuotaPage *self,
                         const char   *path)
{
  g_return_if_fail (BSN_IS_QUOTA_PAGE (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->path);
  self->path = g_strdup (path);
  self->store_id = 0;
  self->loaded = FALSE;
  gtk_stack_set_visible_child_name (self->content_stack, "loading");
  reload_stores (self);
}

void
bsn_quota_page_reload (BsnQuotaPage *self)
{
  g_return_if_fail (BSN_IS_QUOTA_PAGE (self));

  reload_stores (self);
}
