/* bsn-offer-dialog.c — offering a lot (see bsn-offer-dialog.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-app-util.h"
#include "bsn-consign.h"
#include "bsn-db-task.h"
#include "bsn-lot-dates.h"
#include "bsn-lot-info.h"
#include "bsn-money.h"
#include "bsn-offer-dialog.h"
#include "bsn-store.h"

struct _BsnOfferDialog
{
  AdwWindow      parent_instance;

  char          *path;
  GPtrArray     *stores;       /* BsnStore */
  GArray        *induk_ids;    /* gint64 per induk_row position */
  GArray        *anak_ids;     /* gint64 per anak_row position */
  gboolean       busy;

  GtkSpinner    *spinner;
  GtkLabel      *error_label;
  AdwEntryRow   *sku_row;
  AdwEntryRow   *name_row;
  AdwEntryRow   *qty_row;
  AdwEntryRow   *capacity_row;  /* optional: empty = from the previous lot */
  GtkLabel      *goods_error;
  AdwComboRow   *induk_row;
  AdwComboRow   *anak_row;
  GtkLabel      *stores_error;
  AdwEntryRow   *cost_row;
  AdwEntryRow   *price_row;
  GtkLabel      *price_hint;
  GtkLabel      *price_error;
  AdwEntryRow   *date_row;
  GtkSpinButton *period_spin;
  GtkSpinButton *stage1_spin;
  GtkSpinButton *stage2_spin;
  GtkSpinButton *stage3_spin;
  GtkLabel      *dates_hint;
  GtkLabel      *dates_error;
  AdwComboRow   *scheme_row;
  AdwEntryRow   *marketing_row;
  AdwEntryRow   *bonus_row;
  GtkLabel      *partner_error;
};

G_DEFINE_FINAL_TYPE (BsnOfferDialog, bsn_offer_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* ---- Errors under their group ---- */

static GtkLabel *
error_label_for (BsnOfferDialog *self,
                 GtkWidget      *row)
{
  if (row == GTK_WIDGET (self->sku_row) || row == GTK_WIDGET (self->name_row) || row == GTK_WIDGET (self->qty_row)
      || row == GTK_WIDGET (self->capacity_row))
    return self->goods_error;
  if (row == GTK_WIDGET (self->induk_row) || row == GTK_WIDGET (self->anak_row))
    return self->stores_error;
  if (row == GTK_WIDGET (self->cost_row) || row == GTK_WIDGET (self->price_row))
    return self->price_error;
  if (row == GTK_WIDGET (self->date_row))
    return self->dates_error;
  if (row == GTK_WIDGET (self->marketing_row) || row == GTK_WIDGET (self->bonus_row))
    return self->partner_error;
  return self->error_label;
}

static void
clear_errors (BsnOfferDialog *self)
{
  GtkWidget *rows[] = {
    GTK_WIDGET (self->sku_row), GTK_WIDGET (self->name_row), GTK_WIDGET (self->qty_row),
    GTK_WIDGET (self->capacity_row), GTK_WIDGET (self->anak_row), GTK_WIDGET (self->cost_row), GTK_WIDGET (self->price_row),
    GTK_WIDGET (self->date_row), GTK_WIDGET (self->marketing_row), GTK_WIDGET (self->bonus_row),
  };
  GtkLabel *labels[] = {
    self->error_label, self->goods_error, self->stores_error, self->price_error, self->dates_error,
    self->partner_error,
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_remove_css_class (rows[i], "error");
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    gtk_widget_set_visible (GTK_WIDGET (labels[i]), FALSE);
}

static gboolean
fail (BsnOfferDialog *self,
      GtkWidget      *row,
      const char     *message)
{
  GtkLabel *label = row != NULL ? error_label_for (self, row) : self->error_label;

  gtk_label_set_label (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, label, -1);
      gtk_widget_grab_focus (row);
    }
  return FALSE;
}

/* ---- Hints as fields are typed ---- */

static void
update_price_hint (BsnOfferDialog *self)
{
  gint64 cost, price;
  g_autofree char *text = NULL;

  if (!bsn_money_parse_nonneg (row_text (self->cost_row), &cost, NULL)
      || !bsn_money_parse_nonneg (row_text (self->price_row), &price, NULL) || price <= 0)
    text = g_strdup (_("Untung per unit dan harga tiap tahap tampil setelah modal dan harga jual diisi."));
  else
    {
      g_autoptr(BsnLot) lot = bsn_lot_new ();
      g_autofree char *profit = bsn_money_format (price - cost);
      g_autofree char *margin = bsn_bp_format ((gint32) CLAMP ((price - cost) * 10000 / price, -1000000, 10000));
      g_autofree char *p1 = NULL, *p2 = NULL, *p3 = NULL;

      lot->price_rp = price;
      p1 = bsn_money_format (bsn_lot_stage_price (lot, BSN_STAGE_I));
      p2 = bsn_money_format (bsn_lot_stage_price (lot, BSN_STAGE_II));
      p3 = bsn_money_format (bsn_lot_stage_price (lot, BSN_STAGE_III));
      text = g_strdup_printf (_("Untung %s per unit (%s dari harga jual). Tahap I %s · Tahap II %s · Tahap III %s."),
                              profit, margin, p1, p2, p3);
    }
  gtk_label_set_label (self->price_hint, text);
}

static void
update_dates_hint (BsnOfferDialog *self)
{
  g_autoptr(BsnLot) lot = bsn_lot_new ();
  g_autofree char *normal = NULL, *s1 = NULL, *s2 = NULL, *s3 = NULL, *ret = NULL, *text = NULL;
  gint64 first, end;
  BsnTime t;

  if (!bsn_date_parse (row_text (self->date_row), &t, NULL))
    {
      gtk_label_set_label (self->dates_hint, _("Tanggal tiap tahap tampil setelah tanggal penawaran diisi."));
      return;
    }
  lot->offered_day = bsn_time_day (t);
  lot->period_days = gtk_spin_button_get_value_as_int (self->period_spin);
  lot->stage_days[0] = gtk_spin_button_get_value_as_int (self->stage1_spin);
  lot->stage_days[1] = gtk_spin_button_get_value_as_int (self->stage2_spin);
  lot->stage_days[2] = gtk_spin_button_get_value_as_int (self->stage3_spin);
  bsn_lot_stage_span (lot, BSN_STAGE_NORMAL, &first, &end);
  normal = bsn_lot_day_format_short (end - 1);
  bsn_lot_stage_span (lot, BSN_STAGE_I, &first, &end);
  s1 = bsn_lot_day_format_short (end - 1);
  bsn_lot_stage_span (lot, BSN_STAGE_II, &first, &end);
  s2 = bsn_lot_day_format_short (end - 1);
  bsn_lot_stage_span (lot, BSN_STAGE_III, &first, &end);
  s3 = bsn_lot_day_format_short (end - 1);
  bsn_lot_stage_span (lot, BSN_STAGE_RETURN_DUE, &first, &end);
  ret = bsn_lot_day_format_short (first);
  text = g_strdup_printf (_("Harga normal sampai %s · Tahap I sampai %s · Tahap II sampai %s · Tahap III sampai %s · "
                            "wajib dikembalikan mulai %s."),
                          normal, s1, s2, s3, ret);
  gtk_label_set_label (self->dates_hint, text);
}

static void
on_row_changed (BsnOfferDialog *self,
                GtkWidget      *row)
{
  gtk_widget_remove_css_class (row, "error");
  if (row == GTK_WIDGET (self->cost_row) || row == GTK_WIDGET (self->price_row))
    update_price_hint (self);
  else if (row == GTK_WIDGET (self->date_row))
    update_dates_hint (self);
}

static void
on_dates_changed (BsnOfferDialog *self)
{
  update_dates_hint (self);
}

static void
on_entry_activated (BsnOfferDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "offer.save", NULL);
}

/* ---- Stores ---- */

static const BsnStore *
store_by_id (BsnOfferDialog *self,
             gint64          id)
{
  for (guint i = 0; i < self->stores->len; i++)
    if (((BsnStore *) g_ptr_array_index (self->stores, i))->id == id)
      return g_ptr_array_index (self->stores, i);
  return NULL;
}

static gint64
selected_id (AdwComboRow *row,
             GArray      *ids)
{
  guint pos = adw_combo_row_get_selected (row);

  if (pos == GTK_INVALID_LIST_POSITION || pos >= ids->len)
    return 0;
  return g_array_index (ids, gint64, pos);
}

/* The anak list: the induk's own anak cabang first, then every other
 * store that may sell consigned goods. */
static void
on_induk_changed (BsnOfferDialog *self)
{
  gint64 induk = selected_id (self->induk_row, self->induk_ids);
  gint64 keep = selected_id (self->anak_row, self->anak_ids);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  g_array_set_size (self->anak_ids, 0);
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->stores->len; i++)
      {
        const BsnStore *s = g_ptr_array_index (self->stores, i);
        gboolean own = s->parent_id == induk;
        g_autofree char *label = NULL;

        if (s->role == BSN_ROLE_INDUK || own != (pass == 0))
          continue;
        label = g_strdup_printf ("%s — %s (%s)", s->code, s->name, bsn_store_role_label (s->role));
        gtk_string_list_append (names, label);
        g_array_append_val (self->anak_ids, s->id);
        if (s->id == keep)
          selected = self->anak_ids->len - 1;
      }
  adw_combo_row_set_model (self->anak_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->anak_row, selected);
}

static void
fill_stores (BsnOfferDialog *self,
             gint64          induk_id)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  for (guint i = 0; i < self->stores->len; i++)
    {
      const BsnStore *s = g_ptr_array_index (self->stores, i);
      g_autofree char *label = NULL;

      if (s->role != BSN_ROLE_INDUK)
        continue;
      label = g_strdup_printf ("%s — %s", s->code, s->name);
      gtk_string_list_append (names, label);
      g_array_append_val (self->induk_ids, s->id);
      if (s->id == induk_id)
        selected = self->induk_ids->len - 1;
    }
  adw_combo_row_set_model (self->induk_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->induk_row, selected);
  on_induk_changed (self);
}

/* ---- Saving ---- */

static gboolean
parse_percent (BsnOfferDialog *self,
               AdwEntryRow    *row,
               gint32         *out_bp)
{
  g_autoptr(GError) error = NULL;

  if (*row_text (row) == '\0')
    {
      *out_bp = 0;
      return TRUE;
    }
  if (!bsn_bp_parse (row_text (row), out_bp, &error))
    return fail (self, GTK_WIDGET (row), error->message);
  return TRUE;
}

static gboolean
read_form (BsnOfferDialog *self,
           BsnLot         *lot)
{
  g_autoptr(GError) error = NULL;
  const char *qty = row_text (self->qty_row);
  guint64 n;
  BsnTime t;

  lot->sku = g_strstrip (g_strdup (row_text (self->sku_row)));
  lot->name = g_strstrip (g_strdup (row_text (self->name_row)));
  if (!bsn_code_validate (lot->sku, _("barang (SKU)"), &error))
    return fail (self, GTK_WIDGET (self->sku_row), error->message);
  if (!bsn_name_validate (lot->name, _("barang"), &error))
    return fail (self, GTK_WIDGET (self->name_row), error->message);
  if (!g_ascii_string_to_unsigned (qty, 10, 1, 100000000, &n, NULL))
    return fail (self, GTK_WIDGET (self->qty_row), _("Jumlah unit harus bilangan bulat 1 sampai 100.000.000"));
  lot->qty = (gint64) n;
  {
    g_autofree char *capacity = g_strstrip (g_strdup (row_text (self->capacity_row)));

    lot->capacity = -1;
    if (*capacity != '\0')
      {
        if (!g_ascii_string_to_unsigned (capacity, 10, 0, 100000000, &n, NULL))
          return fail (self, GTK_WIDGET (self->capacity_row),
                       _("Kapasitas jual anak harus bilangan bulat 0 sampai 100.000.000, atau dikosongkan"));
        lot->capacity = (gint64) n;
      }
  }

  lot->induk_id = selected_id (self->induk_row, self->induk_ids);
  lot->anak_id = selected_id (self->anak_row, self->anak_ids);
  if (lot->induk_id == 0)
    return fail (self, GTK_WIDGET (self->induk_row), _("Belum ada induk cabang; tambahkan di Toko & Pelanggan"));
  if (lot->anak_id == 0)
    return fail (self, GTK_WIDGET (self->anak_row), _("Pilih anak cabang yang menjual barang ini"));

  if (!bsn_money_parse_nonneg (row_text (self->cost_row), &lot->cost_rp, &error))
    return fail (self, GTK_WIDGET (self->cost_row), error->message);
  if (!bsn_money_parse_nonneg (row_text (self->price_row), &lot->price_rp, &error))
    return fail (self, GTK_WIDGET (self->price_row), error->message);
  if (lot->price_rp <= 0)
    return fail (self, GTK_WIDGET (self->price_row), _("Harga jual harus lebih dari nol"));
  if (lot->price_rp < lot->cost_rp)
    return fail (self, GTK_WIDGET (self->price_row), _("Harga jual di bawah modal pokok: setiap penjualan merugi"));

  if (!bsn_date_parse (row_text (self->date_row), &t, &error))
    return fail (self, GTK_WIDGET (self->date_row), error->message);
  lot->offered_day = bsn_time_day (t);
  lot->period_days = gtk_spin_button_get_value_as_int (self->period_spin);
  lot->stage_days[0] = gtk_spin_button_get_value_as_int (self->stage1_spin);
  lot->stage_days[1] = gtk_spin_button_get_value_as_int (self->stage2_spin);
  lot->stage_days[2] = gtk_spin_button_get_value_as_int (self->stage3_spin);

  lot->scheme = adw_combo_row_get_selected (self->scheme_row) == 1 ? 'B' : 'A';
  if (!parse_percent (self, self->marketing_row, &lot->marketing_owner_bp)
      || !parse_percent (self, self->bonus_row, &lot->bonus_bp))
    return FALSE;
  if (lot->bonus_bp > 3000)
    return fail (self, GTK_WIDGET (self->bonus_row), _("Poin tambahan paling banyak 30 %"));
  return TRUE;
}

static void
set_busy (BsnOfferDialog *self,
          gboolean        busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "offer.save", !busy);
}

static gpointer
save_thread (BsnDb        *db,
             gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  BsnLot *lot = data;
  gint64 *id;

  if (!bsn_lot_offer (db, lot, error))
    return NULL;
  id = g_new (gint64, 1);
  *id = lot->id;
  return id;
}

static void
save_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  BsnOfferDialog *self = BSN_OFFER_DIALOG (object);
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *id = bsn_db_task_finish (result, &error);

  set_busy (self, FALSE);
  if (id == NULL)
    {
      fail (self, NULL, error->message);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, *id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BsnOfferDialog *self = BSN_OFFER_DIALOG (widget);
  g_autoptr(BsnLot) lot = bsn_lot_new ();

  if (self->busy)
    return;
  clear_errors (self);
  if (!read_form (self, lot))
    return;
  set_busy (self, TRUE);
  bsn_db_task_run (self, self->path, BSN_DB_TASK_WRITE, save_thread, g_steal_pointer (&lot),
                   (GDestroyNotify) bsn_lot_free, g_free, NULL, save_done, NULL);
}

static gboolean
bsn_offer_dialog_close_request (GtkWindow *window)
{
  if (BSN_OFFER_DIALOG (window)->busy)
    return TRUE;
  return GTK_WINDOW_CLASS (bsn_offer_dialog_parent_class)->close_request (window);
}

/* ---- GObject ---- */

static void
bsn_offer_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BSN_TYPE_OFFER_DIALOG);

  G_OBJECT_CLASS (bsn_offer_dialog_parent_class)->dispose (object);
}

static void
bsn_offer_dialog_finalize (GObject *object)
{
  BsnOfferDialog *self = (BsnOfferDialog *) object;

  g_free (self->path);
  g_clear_pointer (&self->stores, g_ptr_array_unref);
  g_clear_pointer (&self->induk_ids, g_array_unref);
  g_clear_pointer (&self->anak_ids, g_array_unref);

  G_OBJECT_CLASS (bsn_offer_dialog_parent_class)->finalize (object);
}

static void
bsn_offer_dialog_class_init (BsnOfferDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bsn_offer_dialog_dispose;
  object_class->finalize = bsn_offer_dialog_finalize;
  window_class->close_request = bsn_offer_dialog_close_request;

  /* (lot id) */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-offer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, sku_row);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, qty_row);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, capacity_row);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, goods_error);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, induk_row);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, anak_row);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, stores_error);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, cost_row);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, price_row);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, price_hint);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, price_error);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, period_spin);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, stage1_spin);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, stage2_spin);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, stage3_spin);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, dates_hint);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, dates_error);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, scheme_row);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, marketing_row);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, bonus_row);
  gtk_widget_class_bind_template_child (widget_class, BsnOfferDialog, partner_error);
  gtk_widget_class_bind_template_callback (widget_class, on_row_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_dates_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_induk_changed);

  gtk_widget_class_install_action (widget_class, "offer.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "offer.save", NULL);
}

static void
bsn_offer_dialog_init (BsnOfferDialog *self)
{
  const char *schemes[] = {
    N_("A — Kemitraan Induk Cabang: induk 40 %, anak 60 %"),
    N_("B — Kemitraan Induk Cabang dan Produsen: induk 25 %, produsen 40 %, anak 35 %"),
  };
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->induk_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  self->anak_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    gtk_string_list_append (list, _(schemes[i]));
  adw_combo_row_set_model (self->scheme_row, G_LIST_MODEL (list));
  gtk_editable_set_text (GTK_EDITABLE (self->marketing_row), "50");
  gtk_editable_set_text (GTK_EDITABLE (self->bonus_row), "0");
}

BsnOfferDialog *
bsn_offer_dialog_new (GtkWindow  *parent,
                      const char *path,
                      GPtrArray  *stores,
                      gint64      induk_id)
{
  BsnOfferDialog *self;
  g_autofree char *today = bsn_time_format_date_entry (bsn_time_now ());

  g_return_val_if_fail (path != NULL && stores != NULL, NULL);

  self = g_object_new (BSN_TYPE_OFFER_DIALOG, "transient-for", parent, NULL);
  self->path = g_strdup (path);
  self->stores = g_ptr_array_ref (stores);
  fill_stores (self, store_by_id (self, induk_id) != NULL ? induk_id : 0);
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);
  bsn_app_add_date_picker (GTK_WIDGET (self->date_row), FALSE);
  update_price_hint (self);
  update_dates_hint (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->sku_row));
  return self;
}
