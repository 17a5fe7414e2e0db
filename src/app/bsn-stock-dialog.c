/* bsn-stock-dialog.c — a stock line of a store-day (see bsn-stock-dialog.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-db-task.h"
#include "bsn-money.h"
#include "bsn-stock-dialog.h"

struct _BsnStockDialog
{
  AdwWindow       parent_instance;

  char           *path;
  gint64          store_id;
  gint64          day;
  char           *old_item;     /* the line changed; NULL when new */
  gboolean        busy;

  AdwWindowTitle *window_title;
  GtkSpinner     *spinner;
  GtkLabel       *error_label;
  GtkLabel       *value_label;
  AdwEntryRow    *item_row;
  AdwEntryRow    *qty_row;
  AdwEntryRow    *unit_row;
  AdwEntryRow    *price_row;
  GtkSwitch      *perishable_switch;
};

G_DEFINE_FINAL_TYPE (BsnStockDialog, bsn_stock_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  gint64        store_id;
  gint64        day;
  char         *old_item;
  BsnStockLine *line;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_free (data->old_item);
  bsn_stock_line_free (data->line);
  g_free (data);
}

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gint64
line_value (gint64 qty_milli,
            gint64 price)
{
  return (gint64) ((__int128) qty_milli * price / 1000);
}

/* "100 kg × Rp10.000 = Rp1.000.000" while both numbers read well. */
static void
update_value (BsnStockDialog *self)
{
  gint64 qty, price;
  g_autofree char *q = NULL, *p = NULL, *v = NULL, *per_slot = NULL, *text = NULL;
  g_autofree char *unit = g_strstrip (g_strdup (row_text (self->unit_row)));

  if (!bsn_qty_parse (row_text (self->qty_row), &qty, NULL)
      || !bsn_money_parse_nonneg (row_text (self->price_row), &price, NULL))
    {
      gtk_label_set_label (self->value_label, _("Nilai stok dihitung dari jumlah × harga per satuan."));
      return;
    }
  q = bsn_qty_format (qty);
  p = bsn_money_format (price);
  v = bsn_money_format (line_value (qty, price));
  per_slot = bsn_money_format (line_value (qty, price) / 10);
  text = g_strdup_printf (_("Nilai stok %s %s × %s = %s, menambah target sekitar %s per slot."),
                          q, unit, p, v, per_slot);
  gtk_label_set_label (self->value_label, text);
}

static void
clear_errors (BsnStockDialog *self)
{
  GtkWidget *rows[] = {
    GTK_WIDGET (self->item_row), GTK_WIDGET (self->qty_row),
    GTK_WIDGET (self->unit_row), GTK_WIDGET (self->price_row),
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_remove_css_class (rows[i], "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
show_error (BsnStockDialog *self,
            GtkWidget      *row,
            const char     *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row != NULL ? row : GTK_WIDGET (self->item_row)),
                                  GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, self->error_label,
                                  -1);
  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_grab_focus (row);
    }
}

static void
on_row_changed (BsnStockDialog *self,
                GtkWidget      *row)
{
  gtk_widget_remove_css_class (row, "error");
  update_value (self);
}

static void
on_entry_activated (BsnStockDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "stock.save", NULL);
}

static void
set_busy (BsnStockDialog *self,
          gboolean        busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stock.save", !busy);
}

static gpointer
save_thread (BsnDb        *db,
             gpointer      task_data,
             GCancellable *cancellable,
             GError      **error)
{
  SaveData *data = task_data;

  if (!bsn_stock_set (db, data->store_id, data->day, data->line, error))
    return NULL;
  /* Renamed: the new line is in; the old one goes. */
  if (data->old_item != NULL && g_strcmp0 (data->old_item, data->line->item) != 0
      && !bsn_stock_remove (db, data->store_id, data->day, data->old_item, error))
    return NULL;
  return g_strdup (data->line->item);
}

static void
save_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  BsnStockDialog *self = BSN_STOCK_DIALOG (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *item = bsn_db_task_finish (result, &error);

  set_busy (self, FALSE);
  if (item == NULL)
    {
      show_error (self, NULL, error->message);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, item);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BsnStockDialog *self = BSN_STOCK_DIALOG (widget);
  g_autoptr(BsnStockLine) line = g_new0 (BsnStockLine, 1);
  g_autoptr(GError) error = NULL;
  SaveData *data;

  if (self->busy)
    return;
  clear_errors (self);
  line->item = g_strstrip (g_strdup (row_text (self->item_row)));
  line->unit = g_strstrip (g_strdup (row_text (self->unit_row)));
  line->perishable = gtk_switch_get_active (self->perishable_switch);
  if (*line->item == '\0')
    {
      show_error (self, GTK_WIDGET (self->item_row), _("Nama barang wajib diisi"));
      return;
    }
  if (!bsn_qty_parse (row_text (self->qty_row), &line->qty_milli, &error))
    {
      show_error (self, GTK_WIDGET (self->qty_row), error->message);
      return;
    }
  if (*line->unit == '\0')
    {
      show_error (self, GTK_WIDGET (self->unit_row), _("Satuan wajib diisi, misalnya kg atau ikat"));
      return;
    }
  if (!bsn_money_parse_nonneg (row_text (self->price_row), &line->unit_price_rp, &error))
    {
      show_error (self, GTK_WIDGET (self->price_row), error->message);
      return;
    }

  data = g_new0 (SaveData, 1);
  data->store_id = self->store_id;
  data->day = self->day;
  data->old_item = g_strdup (self->old_item);
  data->line = g_steal_pointer (&line);
  set_busy (self, TRUE);
  bsn_db_task_run (self, self->path, BSN_DB_TASK_WRITE, save_thread, data, (GDestroyNotify) save_data_free,
                   g_free, NULL, save_done, NULL);
}

static gboolean
bsn_stock_dialog_close_request (GtkWindow *window)
{
  if (BSN_STOCK_DIALOG (window)->busy)
    return TRUE;
  return GTK_WINDOW_CLASS (bsn_stock_dialog_parent_class)->close_request (window);
}

static void
bsn_stock_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BSN_TYPE_STOCK_DIALOG);

  G_OBJECT_CLASS (bsn_stock_dialog_parent_class)->dispose (object);
}

static void
bsn_stock_dialog_finalize (GObject *object)
{
  BsnStockDialog *self = (BsnStockDialog *) object;

  g_free (self->path);
  g_free (self->old_item);

  G_OBJECT_CLASS (bsn_stock_dialog_parent_class)->finalize (object);
}

static void
bsn_stock_dialog_class_init (BsnStockDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bsn_stock_dialog_dispose;
  object_class->finalize = bsn_stock_dialog_finalize;
  window_class->close_request = bsn_stock_dialog_close_request;

  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-stock-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnStockDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, BsnStockDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, BsnStockDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, BsnStockDialog, value_label);
  gtk_widget_class_bind_template_child (widget_class, BsnStockDialog, item_row);
  gtk_widget_class_bind_template_child (widget_class, BsnStockDialog, qty_row);
  gtk_widget_class_bind_template_child (widget_class, BsnStockDialog, unit_row);
  gtk_widget_class_bind_template_child (widget_class, BsnStockDialog, price_row);
  gtk_widget_class_bind_template_child (widget_class, BsnStockDialog, perishable_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_row_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);

  gtk_widget_class_install_action (widget_class, "stock.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "stock.save", NULL);
}

static void
bsn_stock_dialog_init (BsnStockDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

BsnStockDialog *
bsn_stock_dialog_new (GtkWindow          *parent,
                      const char         *path,
                      gint64              store_id,
                      gint64              day,
                      const char         *store_label,
                      const BsnStockLine *line)
{
  BsnStockDialog *self;
  g_autofree char *date = bsn_time_format_date (day * BSN_SECONDS_PER_DAY);
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", store_label, date);
  const char *title = line != NULL ? _("Ubah stok") : _("Tambah stok");

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (BSN_TYPE_STOCK_DIALOG, "transient-for", parent, NULL);
  self->path = g_strdup (path);
  self->store_id = store_id;
  self->day = day;
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), title);
  if (line != NULL)
    {
      g_autofree char *qty = bsn_qty_format (line->qty_milli);
      g_autofree char *price = bsn_money_format (line->unit_price_rp);

      self->old_item = g_strdup (line->item);
      gtk_editable_set_text (GTK_EDITABLE (self->item_row), line->item);
      gtk_editable_set_text (GTK_EDITABLE (self->qty_row), qty);
      gtk_editable_set_text (GTK_EDITABLE (self->unit_row), line->unit);
      gtk_editable_set_text (GTK_EDITABLE (self->price_row), price);
      gtk_switch_set_active (self->perishable_switch, line->perishable);
    }
  update_value (self);
  gtk_widget_grab_focus (GTK_WIDGET (line != NULL ? self->qty_row : self->item_row));
  return self;
}
