/* bsn-lot-actions.c — what can be done to a lot (see bsn-lot-actions.h). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bsn-app-util.h"
#include "bsn-db-task.h"
#include "bsn-error.h"
#include "bsn-lot-actions.h"
#include "bsn-money.h"
#include "bsn-outbox.h"

typedef struct
{
  char             *path;
  BsnLotInfo       *info;
  BsnLotAction      action;
  AdwMessageDialog *dialog;       /* weak */

  AdwEntryRow      *qty_row;
  AdwEntryRow      *money_row;
  AdwEntryRow      *reason_row;
  AdwEntryRow      *date_row;
  GtkSwitch        *over_switch;    /* the explicit over-capacity override */
  AdwEntryRow      *override_row;   /* its reason, required when it is on */
  GtkLabel         *hint_label;

  /* What was read from the form. */
  gint64            qty;
  gint64            money_rp;
  gint64            day;
  char             *reason;
  gboolean          over_capacity;
  char             *override_reason;
} Prompt;

static void
prompt_free (Prompt *p)
{
  if (p->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (p->dialog), (gpointer *) &p->dialog);
  g_free (p->path);
  bsn_lot_info_free (p->info);
  g_free (p->reason);
  g_free (p->override_reason);
  g_free (p);
}

/* ---- Reading the form ---- */

static const char *
text_of (AdwEntryRow *row)
{
  return row != NULL ? gtk_editable_get_text (GTK_EDITABLE (row)) : "";
}

static gboolean
parse_count (const char *text,
             gint64      min,
             gint64      max,
             gint64     *out)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  guint64 v;

  if (!g_ascii_string_to_unsigned (trimmed, 10, (guint64) MAX (min, 0), (guint64) MAX (max, 0), &v, NULL))
    return FALSE;
  *out = (gint64) v;
  return TRUE;
}

/* Checks the form; returns the first problem (transfer full) or NULL.
 * @complete is FALSE while a required field is still empty: the dialog
 * then waits without scolding. */
static char *
check_form (Prompt   *p,
            gboolean *complete)
{
  const BsnLotInfo *info = p->info;
  g_autoptr(GError) error = NULL;
  BsnTime t;

  *complete = TRUE;
  if (p->qty_row != NULL)
    {
      const char *text = text_of (p->qty_row);
      gint64 max = p->action == BSN_LOT_ACTION_REDUCE ? info->lot->qty - 1 : info->status.remaining;

      if (*text == '\0')
        *complete = FALSE;
      else if (!parse_count (text, 1, max, &p->qty))
        return g_strdup_printf (_("Jumlah harus bilangan bulat 1 sampai %" G_GINT64_FORMAT), max);
    }
  if (p->money_row != NULL)
    {
      const char *text = text_of (p->money_row);

      if (*text == '\0')
        *complete = FALSE;
      else if (!bsn_money_parse_nonneg (text, &p->money_rp, &error))
        return g_strdup (error->message);
    }
  if (p->reason_row != NULL)
    {
      g_free (p->reason);
      p->reason = g_strstrip (g_strdup (text_of (p->reason_row)));
      if (*p->reason == '\0')
        *complete = FALSE;
    }
  if (p->date_row != NULL)
    {
      const char *text = text_of (p->date_row);

      if (*text == '\0')
        *complete = FALSE;
      else if (!bsn_date_parse (text, &t, &error))
        return g_strdup (error->message);
      else
        {
          p->day = bsn_time_day (t);
          if (p->day < info->lot->offered_day)
            {
              g_autofree char *offered = bsn_lot_day_format_short (info->lot->offered_day);
              return g_strdup_printf (_("Tanggal tidak boleh sebelum tanggal penawaran (%s)"), offered);
            }
        }
    }
  if (p->over_switch != NULL)
    p->over_capacity = gtk_switch_get_active (p->over_switch);
  if (p->override_row != NULL)
    {
      g_free (p->override_reason);
      p->override_reason = g_strstrip (g_strdup (text_of (p->override_row)));
      gtk_widget_set_sensitive (GTK_WIDGET (p->override_row), p->over_capacity);
      if (p->over_capacity && *p->override_reason == '\0')
        *complete = FALSE;
    }
  return NULL;
}

/* A sale's worth at today's price, while the date is today. */
static char *
sale_hint (Prompt *p)
{
  const BsnLotStatus *st = &p->info->status;
  g_autofree char *unit = bsn_money_format (st->unit_price_rp);

  if (p->day != p->info->day || st->unit_price_rp <= 0)
    return g_strdup (_("Harga mengikuti tahap pada tanggal penjualan."));
  if (p->qty <= 0)
    return g_strdup_printf (_("Harga hari ini %s per unit (%s)."), unit, bsn_stage_label (st->stage));
  {
    g_autofree char *total = bsn_money_format (st->unit_price_rp * p->qty);
    return g_strdup_printf (_("%" G_GINT64_FORMAT " × %s = %s (%s)."), p->qty, unit, total,
                            bsn_stage_label (st->stage));
  }
}

static void
validate (Prompt *p)
{
  gboolean complete;
  g_autofree char *problem = NULL;
  g_autofree char *hint = NULL;

  if (p->dialog == NULL)
    return;
  p->qty = 0;
  problem = check_form (p, &complete);
  if (problem == NULL && p->action == BSN_LOT_ACTION_SELL)
    hint = sale_hint (p);
  if (p->hint_label != NULL)
    {
      gtk_label_set_label (p->hint_label, problem != NULL ? problem : hint != NULL ? hint : "");
      gtk_widget_set_visible (GTK_WIDGET (p->hint_label), problem != NULL || hint != NULL);
      if (problem != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (p->hint_label), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (p->hint_label), "error");
    }
  adw_message_dialog_set_response_enabled (p->dialog, "ok", problem == NULL && complete);
}

/* ---- The dialog ---- */

static AdwEntryRow *
add_entry (Prompt     *p,
           GtkWidget  *group,
           const char *title,
           const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
  /* Only the date rows start with a date: they get the calendar. */
  if (text != NULL && strchr (text, '/') != NULL)
    bsn_app_add_date_picker (row, FALSE);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (validate), p);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return ADW_ENTRY_ROW (row);
}

static GtkWidget *
build_form (Prompt *p)
{
  const BsnLotInfo *info = p->info;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *today = bsn_time_format_date_entry (info->day * BSN_SECONDS_PER_DAY);

  gtk_box_append (GTK_BOX (box), group);
  switch (p->action)
    {
    case BSN_LOT_ACTION_REDUCE:
      p->qty_row = add_entry (p, group, _("_Jumlah diterima"), NULL);
      gtk_editable_set_alignment (GTK_EDITABLE (p->qty_row), 1);
      break;
    case BSN_LOT_ACTION_REJECT:
      p->reason_row = add_entry (p, group, _("_Alasan penolakan"), NULL);
      break;
    case BSN_LOT_ACTION_SELL:
      p->qty_row = add_entry (p, group, _("_Jumlah terjual (unit)"), NULL);
      p->date_row = add_entry (p, group, _("_Tanggal penjualan (HH/BB/TTTT)"), today);
      break;
    case BSN_LOT_ACTION_REPRICE:
      p->money_row = add_entry (p, group, _("_Modal pokok baru per unit (mis. Rp55.000)"), NULL);
      p->reason_row = add_entry (p, group, _("_Alasan (mis. model sudah ketinggalan)"), NULL);
      p->date_row = add_entry (p, group, _("_Berlaku mulai (HH/BB/TTTT)"), today);
      break;
    case BSN_LOT_ACTION_RETURN:
      {
        GtkWidget *row = adw_action_row_new ();
        GtkWidget *sw = gtk_switch_new ();

        p->money_row = add_entry (p, group, _("_Biaya pengembalian (mis. Rp25.000)"), "Rp0");
        adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        if (info->status.over_capacity)
          {
            /* The capacity already decides it: nothing to override. */
            g_autofree char *why = g_strdup_printf (_("Diterima %" G_GINT64_FORMAT " unit, kapasitas jual anak %"
                                                      G_GINT64_FORMAT " unit: anak menanggung 50 %% biaya "
                                                      "pengembalian."),
                                                    info->status.accepted, info->status.capacity);
            adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Melebihi kapasitas"));
            adw_action_row_set_subtitle (ADW_ACTION_ROW (row), why);
            g_object_ref_sink (sw);
            g_object_unref (sw);
          }
        else
          {
            adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                           _("Tetapkan anak _melebihi kemampuan jualnya"));
            adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                         _("Kapasitas tidak mencatatnya; anak menanggung 50 % biaya pengembalian. "
                                           "Perlu alasan, dicatat di jejak audit."));
            gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
            adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
            adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
            p->over_switch = GTK_SWITCH (sw);
            g_signal_connect_swapped (sw, "notify::active", G_CALLBACK (validate), p);
            p->override_row = add_entry (p, group, _("_Alasan penetapan melebihi kapasitas"), NULL);
            gtk_widget_set_sensitive (GTK_WIDGET (p->override_row), FALSE);
          }
        p->date_row = add_entry (p, group, _("_Tanggal pengembalian (HH/BB/TTTT)"), today);
      }
      break;
    default:
      break;
    }
  p->hint_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (p->hint_label, TRUE);
  gtk_label_set_xalign (p->hint_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (p->hint_label), "money");
  gtk_widget_set_visible (GTK_WIDGET (p->hint_label), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (p->hint_label), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Keterangan isian"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (p->hint_label));
  return box;
}

static void
describe (Prompt  *p,
          char   **heading,
          char   **body,
          char   **ok_label)
{
  const BsnLotInfo *info = p->info;
  const BsnLot *lot = info->lot;
  g_autofree char *cost = bsn_money_format (info->status.cost_rp);
  g_autofree char *price = bsn_money_format (lot->price_rp);

  switch (p->action)
    {
    case BSN_LOT_ACTION_ACCEPT:
      *heading = g_strdup (_("Terima seluruh titipan?"));
      *body = g_strdup_printf (_("%" G_GINT64_FORMAT " × %s dari %s masuk stok %s dengan harga jual %s per unit. "
                                 "Modal pokok %s per unit dibayar ke induk hanya bila barang terjual."),
                               lot->qty, lot->name, lot->induk_code, lot->anak_code, price, cost);
      *ok_label = g_strdup (_("_Terima"));
      break;
    case BSN_LOT_ACTION_REDUCE:
      *heading = g_strdup (_("Terima sebagian?"));
      *body = g_strdup_printf (_("%s menawarkan %" G_GINT64_FORMAT " × %s. Terima lebih sedikit bila %s tidak "
                                 "sanggup menjual semuanya dalam masa jual."),
                               lot->induk_code, lot->qty, lot->name, lot->anak_code);
      *ok_label = g_strdup (_("_Terima sebagian"));
      break;
    case BSN_LOT_ACTION_REJECT:
      *heading = g_strdup (_("Tolak titipan?"));
      *body = g_strdup_printf (_("%" G_GINT64_FORMAT " × %s dari %s tidak diterima. Alasannya dicatat untuk induk."),
                               lot->qty, lot->name, lot->induk_code);
      *ok_label = g_strdup (_("T_olak"));
      break;
    case BSN_LOT_ACTION_SELL:
      *heading = g_strdup (_("Catat penjualan"));
      *body = g_strdup_printf (_("%s: tersisa %" G_GINT64_FORMAT " unit. Penjualan dihargai menurut tahap pada "
                                 "tanggalnya."),
                               lot->name, info->status.remaining);
      *ok_label = g_strdup (_("_Catat"));
      break;
    case BSN_LOT_ACTION_REPRICE:
      *heading = g_strdup (_("Sesuaikan modal pokok"));
      *body = g_strdup_printf (_("Modal pokok %s sekarang %s per unit. Untuk barang yang ketinggalan mode: "
                                 "modal baru berlaku bagi penjualan mulai tanggalnya."),
                               lot->name, cost);
      *ok_label = g_strdup (_("_Simpan"));
      break;
    case BSN_LOT_ACTION_RETURN:
    default:
      *heading = g_strdup (_("Kembalikan sisa barang?"));
      *body = g_strdup_printf (_("%" G_GINT64_FORMAT " × %s kembali ke %s. Induk menerima 15 %% dari potongan "
                                 "Tahap III atas barang yang dikembalikan, dibebankan ke anak."),
                               info->status.remaining, lot->name, lot->induk_code);
      *ok_label = g_strdup (_("_Kembalikan"));
      break;
    }
}

/* ---- Writing ---- */

static gpointer
write_thread (BsnDb        *db,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  Prompt *p = data;
  const BsnLot *lot = p->info->lot;

  switch (p->action)
    {
    case BSN_LOT_ACTION_ACCEPT:
      if (!bsn_lot_accept (db, lot->id, 0, p->info->day, error))
        return NULL;
      return g_strdup_printf (_("Titipan #%" G_GINT64_FORMAT " diterima: %" G_GINT64_FORMAT " × %s"),
                              lot->id, lot->qty, lot->name);
    case BSN_LOT_ACTION_REDUCE:
      if (!bsn_lot_accept (db, lot->id, p->qty, p->info->day, error))
        return NULL;
      return g_strdup_printf (_("Titipan #%" G_GINT64_FORMAT " diterima sebagian: %" G_GINT64_FORMAT " dari %"
                                G_GINT64_FORMAT " unit"),
                              lot->id, p->qty, lot->qty);
    case BSN_LOT_ACTION_REJECT:
      if (!bsn_lot_reject (db, lot->id, p->reason, p->info->day, error))
        return NULL;
      return g_strdup_printf (_("Titipan #%" G_GINT64_FORMAT " ditolak"), lot->id);
    case BSN_LOT_ACTION_SELL:
      {
        BsnLotSale sale;
        g_autofree char *unit = NULL, *amount = NULL;

        if (!bsn_lot_sell (db, lot->id, p->qty, p->day, 0, &sale, error))
          return NULL;
        unit = bsn_money_format (sale.unit_price_rp);
        amount = bsn_money_format (sale.amount_rp);
        return g_strdup_printf (_("Terjual %" G_GINT64_FORMAT " × %s = %s (%s)"), p->qty, unit, amount,
                                bsn_stage_label (sale.stage));
      }
    case BSN_LOT_ACTION_REPRICE:
      {
        g_autofree char *cost = bsn_money_format (p->money_rp);

        if (!bsn_lot_reprice (db, lot->id, p->money_rp, p->day, p->reason, error))
          return NULL;
        return g_strdup_printf (_("Modal pokok titipan #%" G_GINT64_FORMAT " menjadi %s per unit"), lot->id, cost);
      }
    case BSN_LOT_ACTION_RETURN:
    default:
      {
        BsnLotReturn ret;
        g_autofree char *comp = NULL, *anak = NULL;

        if (!bsn_lot_return (db, lot->id, p->day, p->over_capacity ? p->override_reason : NULL, p->money_rp, &ret,
                             error))
          return NULL;
        comp = bsn_money_format (ret.induk_compensation_rp);
        anak = bsn_money_format (ret.return_cost_anak_rp);
        return g_strdup_printf (_("%" G_GINT64_FORMAT " unit kembali ke %s; kompensasi induk %s, biaya kirim "
                                  "ditanggung anak %s"),
                                ret.returned, lot->induk_code, comp, anak);
      }
    }
}

/* ---- A sale while the server cannot be reached ----
 *
 * Like an award (bsn-receipt-page.c), a sale waits in the outbox as a
 * command (bsn-outbox.h) and the server's rules decide it when the line
 * is back: what remains of the lot, the stage, the return date. */

static void
queue_sale_thread (GTask        *queue,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GTask *task = task_data;
  Prompt *p = g_task_get_task_data (task);
  g_autofree char *path = bsn_outbox_path_for (p->path);
  g_autoptr(BsnOutbox) outbox = NULL;
  GError *error = NULL;

  outbox = bsn_outbox_open (path, &error);
  if (outbox == NULL || !bsn_outbox_queue_lot_sale (outbox, p->info->lot->id, p->qty, p->day, 0, NULL, &error))
    {
      g_task_return_error (queue, error);
      return;
    }
  g_task_return_pointer (queue,
                         g_strdup_printf (_("Menunggu dikirim · titip jual lot #%" G_GINT64_FORMAT " · %"
                                            G_GINT64_FORMAT " unit: dikirim ke server begitu sambungan pulih"),
                                          p->info->lot->id, p->qty),
                         g_free);
}

static void
queue_sale_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *message = g_task_propagate_pointer (G_TASK (result), &error);

  if (message == NULL)
    g_task_return_error (task, error);
  else
    {
      g_task_return_pointer (task, message, g_free);
      gtk_widget_activate_action (g_task_get_source_object (task), "win.outbox-changed", NULL);
    }
}

/* Queues the sale of @task (its reference is taken). */
static void
queue_sale (GTask *task)
{
  g_autoptr(GTask) queue = g_task_new (g_task_get_source_object (task), NULL, queue_sale_done, task);

  g_task_set_task_data (queue, task, NULL);
  g_task_run_in_thread (queue, queue_sale_thread);
}

static gboolean
is_offline_sale (Prompt *p)
{
  return p->action == BSN_LOT_ACTION_SELL && bsn_db_location_is_server (p->path);
}

static void
write_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *message = bsn_db_task_finish (result, &error);

  /* The line dropped on the way: nothing was sold yet. */
  if (message == NULL && g_error_matches (error, BSN_ERROR, BSN_ERROR_OFFLINE)
      && is_offline_sale (g_task_get_task_data (task)))
    queue_sale (g_steal_pointer (&task));
  else if (message == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, message, g_free);
}

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             GTask            *task)
{
  Prompt *p = g_task_get_task_data (task);
  gboolean complete;
  g_autofree char *problem = NULL;

  if (g_strcmp0 (response, "ok") != 0 || (problem = check_form (p, &complete)) != NULL || !complete)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "dismissed");
      g_object_unref (task);
      return;
    }
  if (is_offline_sale (p) && bsn_db_task_get_offline ())
    {
      queue_sale (task);
      return;
    }
  bsn_db_task_run (g_task_get_source_object (task), p->path, BSN_DB_TASK_WRITE, write_thread, p, NULL, g_free,
                   NULL, write_done, task);
}

void
bsn_lot_action_run (GtkWidget           *widget,
                    const char          *path,
                    const BsnLotInfo    *info,
                    BsnLotAction         action,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task = g_task_new (widget, NULL, callback, user_data);
  Prompt *p = g_new0 (Prompt, 1);
  g_autofree char *heading = NULL, *body = NULL, *ok_label = NULL;
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (path != NULL && info != NULL);

  g_task_set_source_tag (task, bsn_lot_action_run);
  p->path = g_strdup (path);
  p->info = bsn_lot_info_copy (info);
  p->action = action;
  g_task_set_task_data (task, p, (GDestroyNotify) prompt_free);

  describe (p, &heading, &body, &ok_label);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, body);
  p->dialog = ADW_MESSAGE_DIALOG (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &p->dialog);
  if (action != BSN_LOT_ACTION_ACCEPT)
    adw_message_dialog_set_extra_child (p->dialog, build_form (p));
  adw_message_dialog_add_responses (p->dialog, "cancel", _("_Batal"), "ok", ok_label, NULL);
  adw_message_dialog_set_response_appearance (p->dialog, "ok",
                                              action == BSN_LOT_ACTION_REJECT ? ADW_RESPONSE_DESTRUCTIVE
                                                                              : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (p->dialog, "ok");
  adw_message_dialog_set_close_response (p->dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), task);
  validate (p);
  gtk_window_present (GTK_WINDOW (dialog));
  if (p->qty_row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (p->qty_row));
  else if (p->money_row != NULL && action == BSN_LOT_ACTION_REPRICE)
    gtk_widget_grab_focus (GTK_WIDGET (p->money_row));
  else if (p->reason_row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (p->reason_row));
}

char *
bsn_lot_action_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bsn_lot_action_run, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
