/* bsn-receipt-page.c — Catat Transaksi (see bsn-receipt-page.h). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bsn-award.h"
#include "bsn-bonus.h"
#include "bsn-customer.h"
#include "bsn-db-task.h"
#include "bsn-error.h"
#include "bsn-money.h"
#include "bsn-outbox.h"
#include "bsn-quota.h"
#include "bsn-receipt-page.h"
#include "bsn-stopwatch.h"
#include "bsn-store.h"

/* Customers listed for a search; a longer list is a sharper search away. */
#define CUSTOMER_LIMIT 8

struct _BsnReceiptPage
{
  GtkWidget          parent_instance;

  char              *path;
  GCancellable      *cancellable;
  gboolean           card_queued;      /* the result card shows an award waiting in the outbox */
  GPtrArray         *stores;           /* BsnStore, by code */
  gint64             store_id;         /* the chosen store, kept across reloads */
  BsnCustomer       *customer;         /* the chosen customer, or NULL */
  GPtrArray         *found;            /* BsnCustomer of the last search */
  guint              search_generation;
  gboolean           busy;
  gboolean           filling_stores;

  GtkScrolledWindow *scroller;
  GtkWidget         *result_card;
  GtkLabel          *result_heading;
  GtkLabel          *result_points;
  GtkLabel          *result_explanation;
  GtkLabel          *result_bonuses;
  GtkLabel          *result_details;
  GtkLabel          *error_label;
  AdwComboRow       *store_row;
  AdwActionRow      *store_rules_row;
  AdwActionRow      *customer_row;
  GtkSearchEntry    *customer_search;
  GtkListBox        *customer_list;
  AdwEntryRow       *amount_row;
  AdwEntryRow       *perishable_row;
  AdwEntryRow       *receipt_row;
  AdwExpanderRow    *backoffice_row;
  AdwEntryRow       *time_row;
  AdwEntryRow       *digit_row;
  BsnStopwatch      *stopwatch;
  GtkWidget         *record_button;
  GtkSpinner        *spinner;
};

G_DEFINE_FINAL_TYPE (BsnReceiptPage, bsn_receipt_page, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- Messages ---- */

static void
clear_errors (BsnReceiptPage *self)
{
  GtkWidget *rows[] = {
    GTK_WIDGET (self->store_row), GTK_WIDGET (self->customer_row), GTK_WIDGET (self->amount_row),
    GTK_WIDGET (self->perishable_row), GTK_WIDGET (self->receipt_row), GTK_WIDGET (self->time_row),
    GTK_WIDGET (self->digit_row),
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_remove_css_class (rows[i], "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

/* Shows @message above the form, marks @row and moves there; @focus
 * overrides where the focus goes. */
static void
show_error (BsnReceiptPage *self,
            GtkWidget      *row,
            GtkWidget      *focus,
            const char     *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  if (row != NULL)
    gtk_widget_add_css_class (row, "error");
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
  else if (row != NULL)
    gtk_widget_grab_focus (row);
}

static void
on_row_changed (BsnReceiptPage *self,
                GtkWidget      *row)
{
  gtk_widget_remove_css_class (row, "error");
}

static void
on_entry_activated (BsnReceiptPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "receipt.record", NULL);
}

static void
update_actions (BsnReceiptPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "receipt.record", self->path != NULL && !self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
}

/* ---- Stores ---- */

static BsnStore *
selected_store (BsnReceiptPage *self)
{
  guint pos = adw_combo_row_get_selected (self->store_row);

  if (self->stores == NULL || pos >= self->stores->len)
    return NULL;
  return g_ptr_array_index (self->stores, pos);
}

static void
on_store_changed (BsnReceiptPage *self)
{
  BsnStore *store = selected_store (self);
  g_autofree char *quota = NULL;
  g_autofree char *subtitle = NULL;

  if (self->filling_stores)
    return;
  gtk_widget_remove_css_class (GTK_WIDGET (self->store_row), "error");
  if (store == NULL)
    {
      /* The subtitle is markup (libadwaita 1.2): the section's "&". */
      g_autofree char *escaped = g_markup_escape_text (_("Belum ada toko. Tambahkan toko di Toko & Pelanggan."), -1);

      adw_action_row_set_subtitle (self->store_rules_row, escaped);
      return;
    }
  self->store_id = store->id;
  quota = bsn_money_format (store->min_purchase_rp);
  subtitle = g_strdup_printf (_("Level %s · %s · kuota belanja minimal %s per struk%s"), bsn_store_level_name (store),
                              bsn_schemes_label (store->schemes), quota,
                              store->active ? "" : _(" · nonaktif: tidak menerbitkan poin baru"));
  adw_action_row_set_subtitle (self->store_rules_row, subtitle);
}

static void
list_stores_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  BsnReceiptPage *self = BSN_RECEIPT_PAGE (object);
  g_autoptr(GPtrArray) stores = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = GTK_INVALID_LIST_POSITION;

  stores = bsn_db_task_finish (result, &error);
  if (stores == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        adw_action_row_set_subtitle (self->store_rules_row, error->message);
      return;
    }
  for (guint i = 0; i < stores->len; i++)
    {
      BsnStore *s = g_ptr_array_index (stores, i);
      g_autofree char *label = g_strdup_printf ("%s (%s)", s->name, s->code);

      gtk_string_list_append (labels, label);
      if (s->id == self->store_id || (selected == GTK_INVALID_LIST_POSITION && s->active && self->store_id == 0))
        selected = i;
    }
  g_clear_pointer (&self->stores, g_ptr_array_unref);
  self->stores = g_steal_pointer (&stores);
  self->filling_stores = TRUE;
  adw_combo_row_set_model (self->store_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->store_row, selected != GTK_INVALID_LIST_POSITION ? selected : 0);
  self->filling_stores = FALSE;
  on_store_changed (self);
}

void
bsn_receipt_page_reload (BsnReceiptPage *self)
{
  g_return_if_fail (BSN_IS_RECEIPT_PAGE (self));

  if (self->path == NULL)
    return;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, bsn_db_task_list_stores, NULL, NULL,
                   (GDestroyNotify) g_ptr_array_unref, self->cancellable, list_stores_done, NULL);
}

/* ---- Customers ---- */

static void
show_customer (BsnReceiptPage *self)
{
  if (self->customer == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->customer_row), _("Belum ada pelanggan dipilih"));
      adw_action_row_set_subtitle (self->customer_row, _("Cari menurut nama, kode, atau telepon di bawah ini."));
      return;
    }
  {
    g_autofree char *subtitle = self->customer->phone != NULL && *self->customer->phone != '\0'
                                  ? g_strdup_printf ("%s · %s", self->customer->code, self->customer->phone)
                                  : g_strdup (self->customer->code);

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->customer_row), self->customer->name);
    adw_action_row_set_subtitle (self->customer_row, subtitle);
  }
}

static void
choose_customer (BsnReceiptPage    *self,
                 const BsnCustomer *customer)
{
  g_clear_pointer (&self->customer, bsn_customer_free);
  self->customer = bsn_customer_copy (customer);
  gtk_widget_remove_css_class (GTK_WIDGET (self->customer_row), "error");
  show_customer (self);
  /* Clearing the search hides the list; the amount comes next. */
  gtk_editable_set_text (GTK_EDITABLE (self->customer_search), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->amount_row));
}

static void
on_choose_clicked (GtkButton      *button,
                   BsnReceiptPage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "bsn-index"));

  if (self->found != NULL && index < self->found->len)
    choose_customer (self, g_ptr_array_index (self->found, index));
}

/* A row per customer found; its "Pilih" button (also the row's
 * activation) chooses the customer. */
static GtkWidget *
customer_result_row_new (BsnReceiptPage    *self,
                         const BsnCustomer *c,
                         guint              index)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Pilih"));
  g_autofree char *subtitle = c->phone != NULL && *c->phone != '\0' ? g_strdup_printf ("%s · %s", c->code, c->phone)
                                                                   : g_strdup (c->code);
  g_autofree char *label = g_strdup_printf (_("Pilih %s"), c->name);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), c->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data (G_OBJECT (button), "bsn-index", GUINT_TO_POINTER (index));
  g_signal_connect (button, "clicked", G_CALLBACK (on_choose_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  return row;
}

static gpointer
search_thread (BsnDb        *db,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  return bsn_customer_search (db, data, CUSTOMER_LIMIT, error);
}

static void
search_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  BsnReceiptPage *self = BSN_RECEIPT_PAGE (object);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  found = bsn_db_task_finish (result, &error);
  if (GPOINTER_TO_UINT (user_data) != self->search_generation
      || (found == NULL && bsn_db_task_error_is_cancelled (error)))
    return;
  if (found == NULL)
    {
      show_error (self, NULL, NULL, error->message);
      return;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->customer_list))) != NULL)
    gtk_list_box_remove (self->customer_list, child);
  for (guint i = 0; i < found->len; i++)
    gtk_list_box_append (self->customer_list, customer_result_row_new (self, g_ptr_array_index (found, i), i));
  g_clear_pointer (&self->found, g_ptr_array_unref);
  self->found = g_steal_pointer (&found);
  gtk_widget_set_visible (GTK_WIDGET (self->customer_list), TRUE);
}

static void
on_customer_search_changed (BsnReceiptPage *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->customer_search));

  self->search_generation++;
  if (query == NULL || *query == '\0' || self->path == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->customer_list), FALSE);
      g_clear_pointer (&self->found, g_ptr_array_unref);
      return;
    }
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, search_thread, g_strdup (query), g_free,
                   (GDestroyNotify) g_ptr_array_unref, self->cancellable, search_done,
                   GUINT_TO_POINTER (self->search_generation));
}

/* Enter in the search takes the first customer found. */
static void
on_customer_search_activate (BsnReceiptPage *self)
{
  if (self->found != NULL && self->found->len > 0)
    choose_customer (self, g_ptr_array_index (self->found, 0));
}

/* ---- The stopwatch ---- */

static void
on_stopwatch_changed (BsnReceiptPage *self)
{
  /* The digit is drawn: Enter now records. */
  if (bsn_stopwatch_get_digit (self->stopwatch) >= 0)
    gtk_widget_grab_focus (self->record_button);
}

static void
cancel_countdown_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  bsn_stopwatch_cancel (BSN_RECEIPT_PAGE (widget)->stopwatch);
}

/* ---- Recording ---- */

typedef struct
{
  BsnReceipt  receipt;
  char       *number;
  gint64      store_id;
} RecordRequest;

typedef struct
{
  BsnAward *award;            /* NULL when the stopwatch must run first */
} RecordResult;

static void
record_request_free (gpointer data)
{
  RecordRequest *req = data;

  g_free (req->number);
  g_free (req);
}

static void
record_result_free (gpointer data)
{
  RecordResult *res = data;

  g_clear_pointer (&res->award, bsn_award_free);
  g_free (res);
}

/* Whether the receipt needs a lucky digit: durable goods at a store that
 * runs the stopwatch, when the quota is met (voucher siaga needs none). */
static gboolean
needs_digit (BsnDb            *db,
             const BsnReceipt *r,
             gboolean         *out_needed,
             GError          **error)
{
  g_autoptr(BsnStore) store = bsn_store_get (db, r->store_id, error);
  gint64 perishable, quota;
  gboolean stopwatch_part;

  if (store == NULL)
    return FALSE;
  perishable = r->perishable_rp >= 0 ? r->perishable_rp : 0;
  stopwatch_part = (store->schemes & BSN_SCHEMES_STOPWATCH) != 0
                   && (r->amount_rp - perishable > 0 || (store->schemes & BSN_SCHEMES_LELANG) == 0);
  *out_needed = FALSE;
  if (!stopwatch_part)
    return TRUE;
  if (!bsn_quota_min_purchase_at (db, store, r->at, &quota, error))
    return FALSE;
  *out_needed = r->amount_rp >= quota;
  return TRUE;
}

static gpointer
record_thread (BsnDb        *db,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  RecordRequest *req = data;
  RecordResult *res;
  gboolean needed = FALSE;

  if (req->receipt.digit < 0 && !needs_digit (db, &req->receipt, &needed, error))
    return NULL;
  res = g_new0 (RecordResult, 1);
  if (needed)
    return res;
  res->award = bsn_award_receipt (db, NULL, &req->receipt, error);
  if (res->award == NULL)
    {
      record_result_free (res);
      return NULL;
    }
  return res;
}

/* Goods bonuses are handed over as goods; the others are points. */
static gboolean
bonus_is_goods (const BsnBonusGrant *g)
{
  return g_strcmp0 (g->kind, "surprise_goods") == 0;
}

static char *
bonus_line (const BsnBonusGrant *g)
{
  g_autofree char *value = bsn_money_format (g->value_rp);
  g_autofree char *points = bsn_points_format (g->value_rp);
  g_autofree char *produsen = bsn_money_format (g->produsen_rp);
  g_autofree char *ritel = bsn_money_format (g->ritel_rp);
  g_autofree char *bsn = bsn_money_format (g->bsn_rp);

  if (bonus_is_goods (g))
    return g_strdup_printf (_("%s (%s): barang senilai %s — didanai produsen %s, ritel %s, BSN %s"),
                            bsn_bonus_kind_label (g->kind), g->rule_code, value, produsen, ritel, bsn);
  return g_strdup_printf (_("%s (%s): +%s · %s — didanai produsen %s, ritel %s, BSN %s"),
                          bsn_bonus_kind_label (g->kind), g->rule_code, points, value, produsen, ritel, bsn);
}

static void
show_result (BsnReceiptPage  *self,
             const BsnAward  *a,
             const char      *customer_name,
             const char      *store_name)
{
  g_autofree char *heading = NULL;
  g_autofree char *points = bsn_points_format (a->value_rp);
  g_autofree char *value = bsn_money_format (a->value_rp);
  g_autofree char *total = g_strdup_printf ("+%s · %s", points, value);
  g_autofree char *when = bsn_time_format_datetime (a->at);
  GString *details = g_string_new (NULL);

  if (a->duplicate)
    heading = g_strdup_printf (_("Struk %s sudah tercatat sebelumnya — tidak ada poin baru"), a->receipt);
  else
    heading = g_strdup_printf (_("Transaksi tercatat · struk %s"), a->receipt);
  gtk_label_set_label (self->result_heading, heading);
  gtk_label_set_label (self->result_points, total);
  gtk_label_set_label (self->result_explanation, a->explanation);

  if (a->bonuses != NULL && a->bonuses->len > 0)
    {
      GString *bonuses = g_string_new (NULL);
      gint64 bonus_points_rp = 0;

      for (guint i = 0; i < a->bonuses->len; i++)
        {
          const BsnBonusGrant *g = g_ptr_array_index (a->bonuses, i);
          g_autofree char *line = bonus_line (g);

          g_string_append_printf (bonuses, i == 0 ? "%s" : "\n%s", line);
          if (!bonus_is_goods (g))
            bonus_points_rp += g->value_rp;
        }
      if (bonus_points_rp > 0)
        {
          g_autofree char *sum = bsn_points_format (a->value_rp + bonus_points_rp);
          g_string_append_printf (bonuses, _("\nJumlah poin dengan bonus: +%s"), sum);
        }
      gtk_label_set_label (self->result_bonuses, bonuses->str);
      g_string_free (bonuses, TRUE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->result_bonuses), a->bonuses != NULL && a->bonuses->len > 0);

  g_string_append_printf (details, _("%s · %s · %s"), customer_name, store_name, when);
  if (a->tier_version != 0)
    g_string_append_printf (details, _(" · tabel versi #%" G_GINT64_FORMAT), a->tier_version);
  gtk_label_set_label (self->result_details, details->str);
  g_string_free (details, TRUE);
  self->card_queued = FALSE;
  gtk_widget_set_visible (self->result_card, TRUE);
}

/* After a receipt: ready for the next customer at the same store. */
static void
reset_form (BsnReceiptPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->amount_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->perishable_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->receipt_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->digit_row), "");
  g_clear_pointer (&self->customer, bsn_customer_free);
  show_customer (self);
  bsn_stopwatch_reset (self->stopwatch);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->customer_search));
}

static gboolean read_form (BsnReceiptPage *self, RecordRequest *req);

/* ---- Offline on a server: the award waits in the outbox ----
 *
 * While the server cannot be reached the receipt is queued as a command
 * (bsn-outbox.h) and shown "menunggu dikirim"; the window sends it when
 * the line is back (bsn-window-network.c), and the server's rules decide
 * it then. A store that runs the stopwatch needs the lucky digit first:
 * whether the quota is met, and so whether the digit counts, only the
 * server can say. */

typedef struct
{
  char       *outbox_path;
  BsnReceipt  receipt;
  char       *number;
} QueueRequest;

static void
queue_request_free (gpointer data)
{
  QueueRequest *req = data;

  g_free (req->outbox_path);
  g_free (req->number);
  g_free (req);
}

static void
queue_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QueueRequest *req = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnOutbox) outbox = bsn_outbox_open (req->outbox_path, &error);
  g_autoptr(GPtrArray) entries = NULL;
  gint64 id = 0;

  if (outbox == NULL || !bsn_outbox_queue_award (outbox, &req->receipt, &id, &error)
      || (entries = bsn_outbox_list (outbox, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      BsnOutboxEntry *entry = entries->pdata[i];

      if (entry->id == id)
        {
          g_task_return_pointer (task, g_strdup (entry->summary), g_free);
          return;
        }
    }
  g_task_return_pointer (task, g_strdup (""), g_free);
}

static void
queue_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BsnReceiptPage *self = BSN_RECEIPT_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *heading = NULL;

  self->busy = FALSE;
  update_actions (self);
  if (summary == NULL)
    {
      show_error (self, NULL, NULL, error->message);
      return;
    }
  heading = g_strdup_printf (_("Menunggu dikirim · %s"), summary);
  gtk_label_set_label (self->result_heading, heading);
  gtk_label_set_label (self->result_points, _("menunggu dikirim"));
  gtk_label_set_label (self->result_explanation,
                       _("Tidak tersambung ke server. Transaksi ini disimpan di komputer ini dan dikirim "
                         "otomatis begitu sambungan pulih; poinnya dihitung server saat itu."));
  gtk_widget_set_visible (GTK_WIDGET (self->result_bonuses), FALSE);
  gtk_label_set_label (self->result_details, self->customer != NULL ? self->customer->name : "");
  self->card_queued = TRUE;
  gtk_widget_set_visible (self->result_card, TRUE);
  reset_form (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.outbox-changed", NULL);
}

/* Queues the receipt in the form; FALSE when the form is not ready. */
static gboolean
queue_offline (BsnReceiptPage *self)
{
  RecordRequest *form = g_new0 (RecordRequest, 1);
  BsnStore *store = selected_store (self);
  g_autoptr(GTask) task = NULL;
  QueueRequest *req;

  if (!read_form (self, form))
    {
      record_request_free (form);
      return FALSE;
    }
  if (store != NULL && (store->schemes & BSN_SCHEMES_STOPWATCH) != 0 && form->receipt.digit < 0)
    {
      show_error (self, NULL, NULL,
                  _("Tidak tersambung ke server: jalankan stopwatch dulu, agar transaksi dapat disimpan "
                    "dan dikirim nanti dengan angka keberuntungannya."));
      bsn_stopwatch_focus_start (self->stopwatch);
      record_request_free (form);
      return FALSE;
    }
  req = g_new0 (QueueRequest, 1);
  req->outbox_path = bsn_outbox_path_for (self->path);
  req->receipt = form->receipt;
  req->number = g_steal_pointer (&form->number);
  req->receipt.receipt = req->number;
  record_request_free (form);
  self->busy = TRUE;
  update_actions (self);
  task = g_task_new (self, NULL, queue_done, NULL);
  g_task_set_task_data (task, req, queue_request_free);
  g_task_run_in_thread (task, queue_thread);
  return TRUE;
}

static void
record_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  BsnReceiptPage *self = BSN_RECEIPT_PAGE (object);
  g_autoptr(GError) error = NULL;
  RecordResult *res;

  res = bsn_db_task_finish (result, &error);
  if (res == NULL && bsn_db_task_error_is_cancelled (error))
    return;
  self->busy = FALSE;
  update_actions (self);
  /* The line dropped on the way: nothing was recorded; the form is
   * still there, so the receipt waits in the outbox instead. */
  if (res == NULL && g_error_matches (error, BSN_ERROR, BSN_ERROR_OFFLINE)
      && bsn_db_location_is_server (self->path))
    {
      clear_errors (self);
      queue_offline (self);
      return;
    }
  if (res == NULL)
    {
      /* Everything typed stays; the message is the library's. */
      show_error (self,
                  g_error_matches (error, BSN_ERROR, BSN_ERROR_EXISTS) ? GTK_WIDGET (self->receipt_row) : NULL,
                  NULL, error->message);
      return;
    }
  if (res->award == NULL)
    {
      show_error (self, NULL, NULL,
                  _("Kuota terpenuhi: jalankan stopwatch dulu. Angka keberuntungan menentukan tarif barang tahan lama di toko ini."));
      bsn_stopwatch_focus_start (self->stopwatch);
    }
  else
    {
      BsnStore *store = selected_store (self);

      show_result (self, res->award, self->customer != NULL ? self->customer->name : res->award->customer_code,
                   store != NULL ? store->name : res->award->store_code);
      reset_form (self);
      g_signal_emit (self, signals[CHANGED], 0);
    }
  record_result_free (res);
}

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* Reads the form into @r; a field the library refuses is marked with the
 * library's message. */
static gboolean
read_form (BsnReceiptPage *self,
           RecordRequest  *req)
{
  BsnReceipt *r = &req->receipt;
  g_autoptr(GError) error = NULL;
  BsnStore *store = selected_store (self);
  g_autofree char *number = g_strstrip (g_strdup (row_text (self->receipt_row)));

  if (store == NULL)
    {
      show_error (self, GTK_WIDGET (self->store_row), NULL, _("Pilih toko tempat transaksi ini terjadi."));
      return FALSE;
    }
  if (self->customer == NULL)
    {
      show_error (self, GTK_WIDGET (self->customer_row), GTK_WIDGET (self->customer_search),
                  _("Pilih pelanggan dulu: cari menurut nama, kode, atau telepon."));
      return FALSE;
    }
  r->store_id = store->id;
  r->customer_id = self->customer->id;
  if (!bsn_money_parse_nonneg (row_text (self->amount_row), &r->amount_rp, &error))
    {
      show_error (self, GTK_WIDGET (self->amount_row), NULL, error->message);
      return FALSE;
    }
  r->perishable_rp = -1;
  if (!is_blank (row_text (self->perishable_row))
      && !bsn_money_parse_nonneg (row_text (self->perishable_row), &r->perishable_rp, &error))
    {
      show_error (self, GTK_WIDGET (self->perishable_row), NULL, error->message);
      return FALSE;
    }
  r->digit = bsn_stopwatch_get_digit (self->stopwatch);
  r->digit_source = "stopwatch";
  r->at = bsn_time_now ();
  if (adw_expander_row_get_enable_expansion (self->backoffice_row))
    {
      if (!bsn_time_parse (row_text (self->time_row), &r->at, &error))
        {
          adw_expander_row_set_expanded (self->backoffice_row, TRUE);
          show_error (self, GTK_WIDGET (self->time_row), NULL, error->message);
          return FALSE;
        }
      if (!is_blank (row_text (self->digit_row)))
        {
          g_autofree char *digit = g_strstrip (g_strdup (row_text (self->digit_row)));
          guint64 d;

          if (!g_ascii_string_to_unsigned (digit, 10, 0, 9, &d, NULL))
            {
              adw_expander_row_set_expanded (self->backoffice_row, TRUE);
              show_error (self, GTK_WIDGET (self->digit_row), NULL,
                          _("Angka keberuntungan adalah satu angka 0 sampai 9."));
              return FALSE;
            }
          r->digit = (gint) d;
          r->digit_source = "manual";
        }
    }
  if (*number != '\0')
    req->number = g_steal_pointer (&number);
  r->receipt = req->number;
  return TRUE;
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BsnReceiptPage *self = BSN_RECEIPT_PAGE (widget);
  RecordRequest *req;

  if (self->busy || self->path == NULL)
    return;
  clear_errors (self);
  if (bsn_stopwatch_get_running (self->stopwatch))
    {
      show_error (self, NULL, NULL, _("Tunggu hitung mundur selesai, atau batalkan dengan Esc."));
      return;
    }
  if (bsn_db_location_is_server (self->path) && bsn_db_task_get_offline ())
    {
      queue_offline (self);
      return;
    }
  req = g_new0 (RecordRequest, 1);
  if (!read_form (self, req))
    {
      record_request_free (req);
      return;
    }
  self->busy = TRUE;
  update_actions (self);
  bsn_db_task_run (self, self->path, BSN_DB_TASK_WRITE, record_thread, req, record_request_free,
                   record_result_free, self->cancellable, record_done, NULL);
}

/* Impor Penjualan is a section of its own; the cashier finds it here too. */
static void
open_import_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  gtk_widget_activate_action (widget, "win.show-section", "s", "import");
}

static void
on_backoffice_toggled (BsnReceiptPage *self)
{
  /* The time field starts at now, to be corrected from the paper receipt. */
  if (adw_expander_row_get_enable_expansion (self->backoffice_row) && is_blank (row_text (self->time_row)))
    {
      BsnTime now = bsn_time_now ();
      g_autofree char *text = bsn_time_format_datetime_entry (now);

      gtk_editable_set_text (GTK_EDITABLE (self->time_row), text);
    }
}

/* ---- GObject ---- */

static void
bsn_receipt_page_dispose (GObject *object)
{
  BsnReceiptPage *self = (BsnReceiptPage *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BSN_TYPE_RECEIPT_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->stores, g_ptr_array_unref);
  g_clear_pointer (&self->found, g_ptr_array_unref);
  g_clear_pointer (&self->customer, bsn_customer_free);

  G_OBJECT_CLASS (bsn_receipt_page_parent_class)->dispose (object);
}

static void
bsn_receipt_page_finalize (GObject *object)
{
  BsnReceiptPage *self = (BsnReceiptPage *) object;

  g_free (self->path);

  G_OBJECT_CLASS (bsn_receipt_page_parent_class)->finalize (object);
}

static void
bsn_receipt_page_class_init (BsnReceiptPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bsn_receipt_page_dispose;
  object_class->finalize = bsn_receipt_page_finalize;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (BSN_TYPE_STOPWATCH);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-receipt-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnReceiptPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, BsnReceiptPage, result_card);
  gtk_widget_class_bind_template_child (widget_class, BsnReceiptPage, result_heading);
  gtk_widget_class_bind_template_child (widget_class, BsnReceiptPage, result_points);
  gtk_widget_class_bind_template_child (widget_class, BsnReceiptPage, result_explanation);
  gtk_widget_class_bind_template_child (widget_class, BsnReceiptPage, result_bonuses);
  gtk_widget_class_bind_template_child (widget_class, BsnReceiptPage, result_details);
  gtk_widget_class_bind_template_child (widget_class, BsnReceiptPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, BsnReceiptPage, store_row);
  gtk_widget_class_bind_template_child (widget_class, BsnReceiptPage, store_rules_row);
  gtk_widget_class_bind_template_child (widget_class, BsnReceiptPage, customer_row);
  gtk_widget_class_bind_template_child (widget_class, BsnReceiptPage, customer_search);
  gtk_widget_class_bind_template_child (widget_class, BsnReceiptPage, customer_list);
  gtk_widget_class_bind_template_child (widget_class, BsnReceiptPage, amount_row);
  gtk_widget_class_bind_template_child (widget_class, BsnReceiptPage, perishable_row);
  gtk_widget_class_bind_template_child (widget_class, BsnReceiptPage, receipt_row);
  gtk_widget_class_bind_template_child (widget_class, BsnReceiptPage, backoffice_row);
  gtk_widget_class_bind_template_child (widget_class, BsnReceiptPage, time_row);
  gtk_widget_class_bind_template_child (widget_class, BsnReceiptPage, digit_row);
  gtk_widget_class_bind_template_child (widget_class, BsnReceiptPage, stopwatch);
  gtk_widget_class_bind_template_child (widget_class, BsnReceiptPage, record_button);
  gtk_widget_class_bind_template_child (widget_class, BsnReceiptPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_store_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_customer_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_customer_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stopwatch_changed);

  gtk_widget_class_install_action (widget_class, "receipt.record", NULL, record_action);
  gtk_widget_class_install_action (widget_class, "receipt.cancel-countdown", NULL, cancel_countdown_action);
  gtk_widget_class_install_action (widget_class, "receipt.open-import", NULL, open_import_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "receipt.record", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "receipt.record", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "receipt.cancel-countdown", NULL);
}

static void
bsn_receipt_page_init (BsnReceiptPage *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  placeholder = gtk_label_new (_("Tidak ada pelanggan yang cocok. Pelanggan baru ditambahkan di Toko & Pelanggan."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->customer_list, placeholder);
  g_signal_connect_swapped (self->backoffice_row, "notify::enable-expansion",
                            G_CALLBACK (on_backoffice_toggled), self);
  show_customer (self);
  update_actions (self);
}

void
bsn_receipt_page_set_path (BsnReceiptPage *self,
                           const char     *path)
{
  g_return_if_fail (BSN_IS_RECEIPT_PAGE (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->path);
  self->path = g_strdup (path);
  self->store_id = 0;
  g_clear_pointer (&self->customer, bsn_customer_free);
  show_customer (self);
  update_actions (self);
  bsn_receipt_page_reload (self);
}

void
bsn_receipt_page_focus_search (BsnReceiptPage *self)
{
  g_return_if_fail (BSN_IS_RECEIPT_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->customer_search));
}

/* The outbox was sent (bsn-window-network.c): an award the card showed
 * as waiting is on the server now. */
void
bsn_receipt_page_outbox_sent (BsnReceiptPage *self)
{
  g_return_if_fail (BSN_IS_RECEIPT_PAGE (self));

  if (!self->card_queued)
    return;
  self->card_queued = FALSE;
  gtk_label_set_label (self->result_heading, _("Terkirim ke server"));
  gtk_label_set_label (self->result_points, _("terkirim"));
  gtk_label_set_label (self->result_explanation,
                       _("Transaksi yang menunggu sudah dikirim dan dihitung server; poinnya ada di Buku Poin."));
}
