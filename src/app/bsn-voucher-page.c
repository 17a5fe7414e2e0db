/* bsn-voucher-page.c — Voucher (see bsn-voucher-page.h). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bsn-customer.h"
#include "bsn-db-task.h"
#include "bsn-error.h"
#include "bsn-expiry-group.h"
#include "bsn-ledger.h"
#include "bsn-money.h"
#include "bsn-store.h"
#include "bsn-voucher.h"
#include "bsn-app-util.h"
#include "bsn-voucher-page.h"
#include "bsn-voucher-print.h"
#include "bsn-time.h"

#define SEARCH_LIMIT 8

struct _BsnVoucherPage
{
  GtkWidget         parent_instance;

  char             *path;
  GCancellable     *cancellable;
  GCancellable     *search_cancellable;
  GArray           *store_ids;       /* gint64, in the combo row's order */
  GArray           *customer_ids;    /* gint64, in the search list's order */
  GPtrArray        *customer_labels; /* "PLG-0001 · Name" */
  gint64            customer_id;
  char             *customer_label;
  BsnVoucherTicket *ticket;
  GPtrArray        *settlement;      /* BsnSettlementLine */
  char             *settlement_span; /* "2026-11-01_2026-11-23" */

  AdwEntryRow      *customer_row;
  GtkListBox       *customer_list;
  AdwActionRow     *chosen_row;
  AdwEntryRow      *value_row;
  AdwEntryRow      *days_row;
  GtkButton        *issue_button;
  GtkWidget        *ticket_box;
  GtkLabel         *ticket_value;
  GtkLabel         *ticket_code;
  GtkLabel         *ticket_customer;
  GtkLabel         *ticket_validity;
  BsnVoucherQr     *ticket_qr;
  AdwEntryRow      *code_row;
  AdwActionRow     *check_row;
  GtkImage         *check_icon;
  AdwComboRow      *store_row;
  GtkButton        *redeem_button;
  gboolean          redeemed_here;  /* the answer on screen is our own redemption */
  AdwEntryRow      *from_row;
  AdwEntryRow      *to_row;
  GtkListBox       *settlement_list;
  BsnExpiryGroup   *expiry_group;
};

G_DEFINE_FINAL_TYPE (BsnVoucherPage, bsn_voucher_page, GTK_TYPE_WIDGET)

/* GTK 4.8 has no gtk_list_box_remove_all(). */
static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
set_row_error (AdwEntryRow *row,
               gboolean     error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* ---- Stores ---- */

static void
stores_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  BsnVoucherPage *self = BSN_VOUCHER_PAGE (object);
  g_autoptr(GPtrArray) stores = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  stores = bsn_db_task_finish (result, &error);
  if (stores == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        g_warning ("Voucher: %s", error->message);
      return;
    }
  g_array_set_size (self->store_ids, 0);
  for (guint i = 0; i < stores->len; i++)
    {
      BsnStore *s = g_ptr_array_index (stores, i);
      g_autofree char *label = g_strdup_printf ("%s · %s%s", s->code, s->name, s->active ? "" : _(" (nonaktif)"));
      gtk_string_list_append (names, label);
      g_array_append_val (self->store_ids, s->id);
    }
  adw_combo_row_set_model (self->store_row, G_LIST_MODEL (names));
}

/* ---- Customer search ---- */

typedef struct
{
  gint64  id;
  char   *label;
  gint64  balance_rp;
} Found;

static void
found_free (gpointer data)
{
  Found *f = data;

  g_free (f->label);
  g_free (f);
}

static gpointer
search_thread (BsnDb        *db,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  g_autoptr(GPtrArray) customers = bsn_customer_search (db, data, SEARCH_LIMIT, error);
  GPtrArray *found;

  if (customers == NULL)
    return NULL;
  found = g_ptr_array_new_with_free_func (found_free);
  for (guint i = 0; i < customers->len; i++)
    {
      BsnCustomer *c = g_ptr_array_index (customers, i);
      Found *f = g_new0 (Found, 1);
      f->id = c->id;
      f->label = g_strdup_printf ("%s · %s", c->code, c->name);
      if (!bsn_ledger_customer_balance (db, c->id, &f->balance_rp, NULL, error))
        {
          found_free (f);
          g_ptr_array_unref (found);
          return NULL;
        }
      g_ptr_array_add (found, f);
    }
  return found;
}

static void
search_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  BsnVoucherPage *self = BSN_VOUCHER_PAGE (object);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  found = bsn_db_task_finish (result, &error);
  if (found == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        g_warning ("Voucher: %s", error->message);
      return;
    }
  clear_list (self->customer_list);
  g_array_set_size (self->customer_ids, 0);
  g_ptr_array_set_size (self->customer_labels, 0);
  for (guint i = 0; i < found->len; i++)
    {
      Found *f = g_ptr_array_index (found, i);
      g_autofree char *points = bsn_points_format (f->balance_rp);
      g_autofree char *subtitle = g_strdup_printf (_("Saldo %s"), points);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), f->label);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->customer_list, row);
      if (f->id == self->customer_id)
        adw_action_row_set_subtitle (self->chosen_row, subtitle);
      g_array_append_val (self->customer_ids, f->id);
      g_ptr_array_add (self->customer_labels, g_strdup (f->label));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->customer_list), found->len > 0);
}

static void
on_customer_search_changed (BsnVoucherPage *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->customer_row));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  if (self->path == NULL || *query == '\0')
    {
      gtk_widget_set_visible (GTK_WIDGET (self->customer_list), FALSE);
      return;
    }
  self->search_cancellable = g_cancellable_new ();
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, search_thread, g_strdup (query), g_free,
                   (GDestroyNotify) g_ptr_array_unref, self->search_cancellable, search_done, NULL);
}

static void
on_customer_selected (BsnVoucherPage *self,
                      GtkListBoxRow  *row)
{
  int i;

  if (row == NULL || (i = gtk_list_box_row_get_index (row)) < 0 || (guint) i >= self->customer_ids->len)
    return;
  self->customer_id = g_array_index (self->customer_ids, gint64, i);
  g_free (self->customer_label);
  self->customer_label = g_strdup (g_ptr_array_index (self->customer_labels, i));
  adw_action_row_set_subtitle (self->chosen_row,
                               adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->chosen_row), self->customer_label);
}

/* ---- Issuing ---- */

typedef struct
{
  gint64 customer_id;
  gint64 value_rp;
  gint   days;
} IssueRequest;

static gpointer
issue_thread (BsnDb        *db,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  IssueRequest *req = data;

  return bsn_voucher_issue (db, req->customer_id, req->value_rp, bsn_time_now (), req->days, error);
}

static void
show_ticket (BsnVoucherPage *self,
             BsnVoucher     *v)
{
  BsnVoucherTicket ticket = { 0 };
  g_autofree char *value = bsn_money_format (v->value_rp);
  g_autofree char *until = v->valid_until ? bsn_time_format_date (v->valid_until) : NULL;
  g_autofree char *validity = until ? g_strdup_printf (_("Berlaku sampai %s"), until) : g_strdup (_("Tanpa batas waktu"));

  ticket.code = v->code;
  ticket.value = value;
  ticket.customer = self->customer_label;
  ticket.validity = validity;
  bsn_voucher_ticket_free (self->ticket);
  self->ticket = bsn_voucher_ticket_copy (&ticket);
  gtk_label_set_label (self->ticket_value, value);
  gtk_label_set_label (self->ticket_code, v->code);
  gtk_label_set_label (self->ticket_customer, self->customer_label);
  gtk_label_set_label (self->ticket_validity, validity);
  bsn_voucher_qr_set_text (self->ticket_qr, v->code);
  gtk_widget_set_visible (self->ticket_box, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "voucher.print", TRUE);
}

static void
issue_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BsnVoucherPage *self = BSN_VOUCHER_PAGE (object);
  g_autoptr(BsnVoucher) v = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->issue_button), TRUE);
  v = bsn_db_task_finish (result, &error);
  if (v == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        bsn_app_show_message (GTK_WIDGET (self), _("Voucher tidak diterbitkan"), error->message);
      return;
    }
  show_ticket (self, v);
  message = g_strdup_printf (_("Voucher %s diterbitkan"), v->code);
  bsn_app_show_toast (GTK_WIDGET (self), message);
  gtk_editable_set_text (GTK_EDITABLE (self->value_row), "");
  /* The customer's balance moved. */
  on_customer_search_changed (self);
}

static void
on_issue_clicked (BsnVoucherPage *self)
{
  const char *value = gtk_editable_get_text (GTK_EDITABLE (self->value_row));
  const char *days = gtk_editable_get_text (GTK_EDITABLE (self->days_row));
  g_autoptr(GError) error = NULL;
  IssueRequest *req;
  gint64 rp, n = 0;

  if (self->path == NULL)
    return;
  if (self->customer_id == 0)
    {
      bsn_app_show_message (GTK_WIDGET (self), _("Pilih pelanggan dulu"), _("Cari pelanggan lalu pilih salah satu dari daftar."));
      gtk_widget_grab_focus (GTK_WIDGET (self->customer_row));
      return;
    }
  if (!bsn_money_parse_nonneg (value, &rp, &error) || rp == 0)
    {
      set_row_error (self->value_row, TRUE);
      bsn_app_show_message (GTK_WIDGET (self), _("Nilai voucher tidak sah"), error ? error->message : _("Nilai harus lebih dari nol."));
      return;
    }
  set_row_error (self->value_row, FALSE);
  if (*days != '\0' && (!g_ascii_string_to_signed (days, 10, 1, 3650, &n, NULL)))
    {
      set_row_error (self->days_row, TRUE);
      bsn_app_show_message (GTK_WIDGET (self), _("Masa berlaku tidak sah"), _("Isi jumlah hari antara 1 dan 3650, atau kosongkan."));
      return;
    }
  set_row_error (self->days_row, FALSE);
  req = g_new0 (IssueRequest, 1);
  req->customer_id = self->customer_id;
  req->value_rp = rp;
  req->days = (gint) n;
  gtk_widget_set_sensitive (GTK_WIDGET (self->issue_button), FALSE);
  bsn_db_task_run (self, self->path, BSN_DB_TASK_WRITE, issue_thread, req, g_free,
                   (GDestroyNotify) bsn_voucher_free, self->cancellable, issue_done, NULL);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  BsnVoucherPage *self = BSN_VOUCHER_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->ticket != NULL)
    bsn_voucher_print (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->ticket);
}

/* ---- Checking and redeeming ---- */

static gpointer
check_thread (BsnDb        *db,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  BsnVoucherCheck *check = g_new0 (BsnVoucherCheck, 1);

  if (!bsn_voucher_check (db, data, bsn_time_now (), check, error))
    {
      g_free (check);
      return NULL;
    }
  return check;
}

static void
check_free (gpointer data)
{
  bsn_voucher_check_clear (data);
  g_free (data);
}

static void
show_check (BsnVoucherPage *self,
            gboolean        valid,
            const char     *title,
            const char     *subtitle)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->check_row), title);
  adw_action_row_set_subtitle (self->check_row, subtitle ? subtitle : "");
  gtk_image_set_from_icon_name (self->check_icon, valid ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->check_icon), valid ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->check_icon), valid ? "success" : "error");
  gtk_widget_set_visible (GTK_WIDGET (self->check_row), TRUE);
}

static void
check_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BsnVoucherPage *self = BSN_VOUCHER_PAGE (object);
  BsnVoucherCheck *check;
  g_autoptr(GError) error = NULL;

  check = bsn_db_task_finish (result, &error);
  if (check == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        show_check (self, FALSE, _("Tidak dapat diperiksa"), error->message);
      return;
    }
  if (check->valid)
    {
      g_autofree char *value = bsn_money_format (check->value_rp);
      g_autofree char *title = g_strdup_printf (_("Sah: %s"), value);
      show_check (self, TRUE, title, check->code);
    }
  else
    show_check (self, FALSE, _("Tidak dapat dipakai"), check->reason);
  check_free (check);
}

static void
on_check_clicked (BsnVoucherPage *self)
{
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->code_row));
  g_autoptr(GError) error = NULL;

  if (self->path == NULL)
    return;
  /* A mistyped code is said before the database is asked. */
  if (!bsn_voucher_code_check (code, NULL, &error))
    {
      show_check (self, FALSE, _("Kode salah ketik"), error->message);
      return;
    }
  self->redeemed_here = FALSE;
  /* The cashier types the next code; focus also scrolls the answer into view. */
  gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, check_thread, g_strdup (code), g_free, check_free,
                   self->cancellable, check_done, NULL);
}

/* Checks the code on screen again, keeping the focus where it is. */
static void
recheck (BsnVoucherPage *self)
{
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->code_row));

  if (self->path == NULL || !bsn_voucher_code_check (code, NULL, NULL))
    return;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, check_thread, g_strdup (code), g_free, check_free,
                   self->cancellable, check_done, NULL);
}

typedef struct
{
  char  *code;
  gint64 store_id;
} RedeemRequest;

static const char *
offline_refusal (void)
{
  return _("Voucher hanya dapat dipakai saat tersambung ke server");
}

static void
redeem_request_free (gpointer data)
{
  RedeemRequest *req = data;

  g_free (req->code);
  g_free (req);
}

static gpointer
redeem_thread (BsnDb        *db,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  RedeemRequest *req = data;
  gint64 *value = g_new0 (gint64, 1);

  if (!bsn_voucher_redeem (db, req->code, req->store_id, bsn_time_now (), value, error))
    {
      g_free (value);
      return NULL;
    }
  return value;
}

static void
redeem_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  BsnVoucherPage *self = BSN_VOUCHER_PAGE (object);
  g_autofree gint64 *value = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *money = NULL;
  g_autofree char *title = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->redeem_button), TRUE);
  value = bsn_db_task_finish (result, &error);
  if (value == NULL)
    {
      if (g_error_matches (error, BSN_ERROR, BSN_ERROR_OFFLINE))
        show_check (self, FALSE, _("Voucher ditolak"), offline_refusal ());
      else if (!bsn_db_task_error_is_cancelled (error))
        show_check (self, FALSE, _("Voucher ditolak"), error->message);
      return;
    }
  money = bsn_money_format (*value);
  title = g_strdup_printf (_("Diterima: %s"), money);
  show_check (self, TRUE, title, _("Voucher sudah dipakai dan tidak dapat dipakai lagi."));
  self->redeemed_here = TRUE;
  bsn_app_show_toast (GTK_WIDGET (self), title);
}

static void
on_redeem_clicked (BsnVoucherPage *self)
{
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->code_row));
  guint i = adw_combo_row_get_selected (self->store_row);
  g_autoptr(GError) error = NULL;
  RedeemRequest *req;

  if (self->path == NULL)
    return;
  if (!bsn_voucher_code_check (code, NULL, &error))
    {
      show_check (self, FALSE, _("Kode salah ketik"), error->message);
      return;
    }
  if (i == GTK_INVALID_LIST_POSITION || i >= self->store_ids->len)
    {
      show_check (self, FALSE, _("Pilih toko penerima"), NULL);
      return;
    }
  /* Never queued for later, unlike awards (bsn-outbox.h): only the server
   * can tell that a voucher is used once across the network. */
  if (bsn_db_location_is_server (self->path) && bsn_db_task_get_offline ())
    {
      show_check (self, FALSE, _("Voucher ditolak"), offline_refusal ());
      return;
    }
  req = g_new0 (RedeemRequest, 1);
  req->code = g_strdup (code);
  req->store_id = g_array_index (self->store_ids, gint64, i);
  gtk_widget_set_sensitive (GTK_WIDGET (self->redeem_button), FALSE);
  bsn_db_task_run (self, self->path, BSN_DB_TASK_WRITE, redeem_thread, req, redeem_request_free, g_free,
                   self->cancellable, redeem_done, NULL);
}

/* ---- Settlement ---- */

typedef struct
{
  BsnTime from;
  BsnTime to;
} Span;

static gpointer
settlement_thread (BsnDb        *db,
                   gpointer      data,
                   GCancellable *cancellable,
                   GError      **error)
{
  Span *span = data;

  return bsn_voucher_settlement (db, span->from, span->to, error);
}

static void
settlement_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  BsnVoucherPage *self = BSN_VOUCHER_PAGE (object);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;

  lines = bsn_db_task_finish (result, &error);
  if (lines == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        bsn_app_show_message (GTK_WIDGET (self), _("Penyelesaian tidak dapat dihitung"), error->message);
      return;
    }
  clear_list (self->settlement_list);
  for (guint i = 0; i < lines->len; i++)
    {
      BsnSettlementLine *l = g_ptr_array_index (lines, i);
      g_autofree char *money = bsn_money_format (l->amount_rp);
      g_autofree char *title = g_strdup_printf (_("%s membayar %s"), l->from_code, l->to_code);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *amount = gtk_label_new (money);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_widget_add_css_class (amount, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount);
      gtk_list_box_append (self->settlement_list, row);
    }
  if (lines->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Tidak ada penyelesaian antartoko pada periode ini"));
      gtk_list_box_append (self->settlement_list, row);
    }
  g_clear_pointer (&self->settlement, g_ptr_array_unref);
  self->settlement = g_steal_pointer (&lines);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "voucher.export", self->settlement->len > 0);
}

static void
on_settlement_clicked (BsnVoucherPage *self)
{
  const char *from = gtk_editable_get_text (GTK_EDITABLE (self->from_row));
  const char *to = gtk_editable_get_text (GTK_EDITABLE (self->to_row));
  g_autoptr(GError) error = NULL;
  Span *span;
  BsnTime f, t;

  if (self->path == NULL)
    return;
  set_row_error (self->from_row, !bsn_date_parse (from, &f, error ? NULL : &error));
  set_row_error (self->to_row, !bsn_date_parse (to, &t, error ? NULL : &error));
  if (error != NULL)
    {
      bsn_app_show_message (GTK_WIDGET (self), _("Tanggal tidak sah"), error->message);
      return;
    }
  span = g_new0 (Span, 1);
  span->from = f;
  span->to = t + BSN_SECONDS_PER_DAY;
  g_free (self->settlement_span);
  self->settlement_span = g_strdup_printf ("%s_%s", from, to);
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, settlement_thread, span, g_free,
                   (GDestroyNotify) g_ptr_array_unref, self->cancellable, settlement_done, NULL);
}

static char *
settlement_csv (GPtrArray *lines)
{
  GString *csv = g_string_new ("\xEF\xBB\xBF");

  /* ';' and a BOM: what spreadsheet programs set to Indonesian expect. */
  g_string_append (csv, "dari_toko;ke_toko;jumlah_rp\r\n");
  for (guint i = 0; i < lines->len; i++)
    {
      BsnSettlementLine *l = g_ptr_array_index (lines, i);
      g_string_append_printf (csv, "%s;%s;%" G_GINT64_FORMAT "\r\n", l->from_code, l->to_code, l->amount_rp);
    }
  return g_string_free (csv, FALSE);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BsnVoucherPage *self = BSN_VOUCHER_PAGE (widget);
  g_autofree char *name = g_strdup_printf ("penyelesaian_%s.csv", self->settlement_span ? self->settlement_span : "");

  if (self->settlement == NULL)
    return;
  bsn_app_save_text (widget, _("Ekspor penyelesaian"), name, settlement_csv (self->settlement));
}

/* ---- GObject ---- */

static void
bsn_voucher_page_dispose (GObject *object)
{
  BsnVoucherPage *self = (BsnVoucherPage *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->search_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BSN_TYPE_VOUCHER_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->search_cancellable);

  G_OBJECT_CLASS (bsn_voucher_page_parent_class)->dispose (object);
}

static void
bsn_voucher_page_finalize (GObject *object)
{
  BsnVoucherPage *self = (BsnVoucherPage *) object;

  g_free (self->path);
  g_free (self->customer_label);
  g_free (self->settlement_span);
  g_array_unref (self->store_ids);
  g_array_unref (self->customer_ids);
  g_ptr_array_unref (self->customer_labels);
  g_clear_pointer (&self->settlement, g_ptr_array_unref);
  bsn_voucher_ticket_free (self->ticket);

  G_OBJECT_CLASS (bsn_voucher_page_parent_class)->finalize (object);
}

static void
bsn_voucher_page_class_init (BsnVoucherPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bsn_voucher_page_dispose;
  object_class->finalize = bsn_voucher_page_finalize;

  g_type_ensure (BSN_TYPE_VOUCHER_QR);
  g_type_ensure (BSN_TYPE_EXPIRY_GROUP);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-voucher-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnVoucherPage, customer_row);
  gtk_widget_class_bind_template_child (widget_class, BsnVoucherPage, customer_list);
  gtk_widget_class_bind_template_child (widget_class, BsnVoucherPage, chosen_row);
  gtk_widget_class_bind_template_child (widget_class, BsnVoucherPage, value_row);
  gtk_widget_class_bind_template_child (widget_class, BsnVoucherPage, days_row);
  gtk_widget_class_bind_template_child (widget_class, BsnVoucherPage, issue_button);
  gtk_widget_class_bind_template_child (widget_class, BsnVoucherPage, ticket_box);
  gtk_widget_class_bind_template_child (widget_class, BsnVoucherPage, ticket_value);
  gtk_widget_class_bind_template_child (widget_class, BsnVoucherPage, ticket_code);
  gtk_widget_class_bind_template_child (widget_class, BsnVoucherPage, ticket_customer);
  gtk_widget_class_bind_template_child (widget_class, BsnVoucherPage, ticket_validity);
  gtk_widget_class_bind_template_child (widget_class, BsnVoucherPage, ticket_qr);
  gtk_widget_class_bind_template_child (widget_class, BsnVoucherPage, code_row);
  gtk_widget_class_bind_template_child (widget_class, BsnVoucherPage, check_row);
  gtk_widget_class_bind_template_child (widget_class, BsnVoucherPage, check_icon);
  gtk_widget_class_bind_template_child (widget_class, BsnVoucherPage, store_row);
  gtk_widget_class_bind_template_child (widget_class, BsnVoucherPage, redeem_button);
  gtk_widget_class_bind_template_child (widget_class, BsnVoucherPage, from_row);
  gtk_widget_class_bind_template_child (widget_class, BsnVoucherPage, to_row);
  gtk_widget_class_bind_template_child (widget_class, BsnVoucherPage, settlement_list);
  gtk_widget_class_bind_template_child (widget_class, BsnVoucherPage, expiry_group);
  gtk_widget_class_bind_template_callback (widget_class, on_customer_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_customer_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_issue_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_check_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_redeem_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_settlement_clicked);
  gtk_widget_class_install_action (widget_class, "voucher.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "voucher.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "voucher.print", NULL);
}

static void
bsn_voucher_page_init (BsnVoucherPage *self)
{
  BsnTime now = bsn_time_now ();
  int year, month, day;
  g_autofree char *today = bsn_time_format_date_entry (now);
  g_autofree char *first = (bsn_time_to_ymd (now, &year, &month, &day),
                            bsn_time_format_date_entry (bsn_time_from_ymd_hms (year, month, 1, 0, 0, 0)));

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->store_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->customer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->customer_labels = g_ptr_array_new_with_free_func (g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->from_row), first);
  gtk_editable_set_text (GTK_EDITABLE (self->to_row), today);
  bsn_app_add_date_picker (GTK_WIDGET (self->from_row), FALSE);
  bsn_app_add_date_picker (GTK_WIDGET (self->to_row), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "voucher.print", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "voucher.export", FALSE);
}

void
bsn_voucher_page_set_path (BsnVoucherPage *self,
                           const char     *path)
{
  g_return_if_fail (BSN_IS_VOUCHER_PAGE (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->path);
  self->path = g_strdup (path);
  self->customer_id = 0;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->chosen_row), _("Pelanggan"));
  adw_action_row_set_subtitle (self->chosen_row, _("Belum dipilih"));
  gtk_widget_set_visible (self->ticket_box, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->check_row), FALSE);
  bsn_voucher_page_reload (self);
}

void
bsn_voucher_page_reload (BsnVoucherPage *self)
{
  g_return_if_fail (BSN_IS_VOUCHER_PAGE (self));

  if (self->path == NULL)
    return;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, bsn_db_task_list_stores, NULL, NULL,
                   (GDestroyNotify) g_ptr_array_unref, self->cancellable, stores_done, NULL);
  on_settlement_clicked (self);
  /* A voucher on screen may have been used at another desktop since
   * (not our own redemption: its "Diterima" stays). */
  if (gtk_widget_get_visible (GTK_WIDGET (self->check_row)) && !self->redeemed_here
      && *gtk_editable_get_text (GTK_EDITABLE (self->code_row)) != '\0')
    recheck (self);
  bsn_expiry_group_reload (self->expiry_group, self->path);
}
