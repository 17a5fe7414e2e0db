/* bsn-dashboard-page.c — Dasbor (see bsn-dashboard-page.h). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bsn-customer.h"
#include "bsn-app-util.h"
#include "bsn-chain.h"
#include "bsn-dashboard-page.h"
#include "bsn-db-task.h"
#include "bsn-ledger.h"
#include "bsn-money.h"
#include "bsn-reserve.h"
#include "bsn-posting-object.h"
#include "bsn-store.h"

struct _BsnDashboardPage
{
  GtkWidget     parent_instance;

  char         *path;
  GCancellable *cancellable;

  GtkLabel     *stores_label;
  GtkLabel     *customers_label;
  GtkLabel     *postings_label;
  GtkListBox   *reserve_list;
  AdwActionRow *fingerprint_row;
};

G_DEFINE_FINAL_TYPE (BsnDashboardPage, bsn_dashboard_page, GTK_TYPE_WIDGET)

typedef struct
{
  gint64  stores;
  gint64  customers;
  guint64 postings;
  char   *fingerprint;
} Counts;

static void
counts_free (gpointer data)
{
  Counts *counts = data;

  g_free (counts->fingerprint);
  g_free (counts);
}

static gpointer
count_thread (BsnDb        *db,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  Counts *counts = g_new0 (Counts, 1);

  if (!bsn_store_read_count (db, &counts->stores, error)
      || !bsn_customer_read_count (db, &counts->customers, error)
      || !bsn_ledger_count_postings (db, NULL, &counts->postings, error)
      || (counts->fingerprint = bsn_chain_fingerprint_of (db, error)) == NULL)
    {
      counts_free (counts);
      return NULL;
    }
  return counts;
}

static void
set_count (GtkLabel *label,
           gint64    n)
{
  g_autofree char *text = bsn_posting_number_format (n);

  gtk_label_set_label (label, text);
}

static void
count_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BsnDashboardPage *self = BSN_DASHBOARD_PAGE (object);
  Counts *counts = NULL;
  g_autoptr(GError) error = NULL;

  counts = bsn_db_task_finish (result, &error);
  if (counts == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        g_warning ("Dasbor: %s", error->message);
      return;
    }
  set_count (self->stores_label, counts->stores);
  set_count (self->customers_label, counts->customers);
  set_count (self->postings_label, (gint64) counts->postings);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->fingerprint_row), counts->fingerprint);
  counts_free (counts);
}

/* ---- An old fingerprint checked against the book ---- */

static gpointer
witness_thread (BsnDb        *db,
                gpointer      data,
                GCancellable *cancellable,
                GError      **error)
{
  g_autoptr(BsnBookCheck) check = bsn_chain_check_book (db, data, error);

  if (check == NULL)
    return NULL;
  return GINT_TO_POINTER (check->witness_ok ? 1 : 2);
}

static void
witness_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BsnDashboardPage *self = BSN_DASHBOARD_PAGE (object);
  g_autoptr(GError) error = NULL;
  gpointer answer = bsn_db_task_finish (result, &error);

  if (answer == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        bsn_app_show_message (GTK_WIDGET (self), _("Sidik buku tidak dapat diperiksa"), error->message);
      return;
    }
  if (GPOINTER_TO_INT (answer) == 1)
    bsn_app_show_message (GTK_WIDGET (self), _("Cocok"),
                          _("Riwayat buku sampai sidik itu tidak berubah sejak sidik itu dicetak."));
  else
    bsn_app_show_message (GTK_WIDGET (self), _("Tidak cocok"),
                          _("Riwayat buku sampai sidik itu TIDAK sama dengan saat sidik itu dicetak: "
                            "ada yang diubah, dihapus atau disisipkan. Jalankan verify untuk melihat entri pertama yang rusak."));
}

static void
on_witness_response (AdwMessageDialog *dialog,
                     const char       *response,
                     BsnDashboardPage *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "witness");

  if (g_strcmp0 (response, "check") != 0 || self->path == NULL)
    return;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, witness_thread, g_strdup (gtk_editable_get_text (entry)),
                   g_free, NULL, self->cancellable, witness_done, NULL);
}

static void
check_witness_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  BsnDashboardPage *self = BSN_DASHBOARD_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              _("Periksa sidik buku lama"),
                                              _("Tempel sidik buku dari laporan atau cadangan lama, misalnya "
                                                "“Sidik buku: 3f2a…c91 @ 48.211”."));
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *entry = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("Sidik buku (HEX@JUMLAH)"));
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (entry), TRUE);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Batal"), "check", _("_Periksa"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "check", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "check");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "witness", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_witness_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* ---- Reserves per store (DOMAIN.md §6) ---- */

typedef struct
{
  gint64           store_id;
  char            *label;
  BsnReserveStatus status;
} Reserve;

static void
reserve_free (gpointer data)
{
  Reserve *r = data;

  g_free (r->label);
  bsn_reserve_status_clear (&r->status);
  g_free (r);
}

static gpointer
reserves_thread (BsnDb        *db,
                 gpointer      data,
                 GCancellable *cancellable,
                 GError      **error)
{
  g_autoptr(GPtrArray) stores = bsn_store_list (db, error);
  g_autoptr(GPtrArray) reserves = NULL;
  BsnTime now = bsn_time_now ();

  if (stores == NULL)
    return NULL;
  reserves = g_ptr_array_new_with_free_func (reserve_free);
  for (guint i = 0; i < stores->len; i++)
    {
      BsnStore *s = g_ptr_array_index (stores, i);
      Reserve *r = g_new0 (Reserve, 1);

      r->store_id = s->id;
      r->label = g_strdup_printf ("%s · %s", s->code, s->name);
      g_ptr_array_add (reserves, r);
      if (!bsn_reserve_status (db, s->id, now, &r->status, error))
        return NULL;
    }
  return g_steal_pointer (&reserves);
}

typedef enum { LIGHT_GREEN, LIGHT_AMBER, LIGHT_RED } Light;

/* Green at or above the requirement, amber from the 20 % warning line,
 * red below it or when the rule has deactivated the store. */
static Light
reserve_light (const BsnReserveStatus *st)
{
  if (!st->active)
    return LIGHT_RED;
  if (st->required_rp <= 0 || st->balance_rp >= st->required_rp)
    return LIGHT_GREEN;
  return bsn_reserve_below_warning (st) ? LIGHT_RED : LIGHT_AMBER;
}

static void deposit_dialog_present (BsnDashboardPage *self,
                                    gint64            store_id,
                                    const char       *label,
                                    gint64            suggested_rp);

static void
on_deposit_clicked (GtkButton        *button,
                    BsnDashboardPage *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "store-id");
  gint64 *shortfall = g_object_get_data (G_OBJECT (button), "shortfall");

  deposit_dialog_present (self, *id, g_object_get_data (G_OBJECT (button), "store-label"), *shortfall);
}

static GtkWidget *
reserve_row_new (BsnDashboardPage *self,
                 const Reserve    *r)
{
  static const char *const light_class[] = { "success", "warning", "error" };
  const char *light_name[] = { _("Hijau: cadangan cukup"), _("Kuning: di bawah kebutuhan"),
                               _("Merah: di bawah 20 % atau nonaktif") };
  const BsnReserveStatus *st = &r->status;
  Light light = reserve_light (st);
  g_autofree char *balance = bsn_money_format (st->balance_rp);
  g_autofree char *required = bsn_money_format (st->required_rp);
  gint64 shortfall = MAX (0, st->required_rp - st->balance_rp);
  g_autofree char *missing = bsn_money_format (shortfall);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *dot = gtk_image_new_from_icon_name ("media-record-symbolic");
  GtkWidget *button;

  if (shortfall > 0)
    subtitle = g_strdup_printf (_("%s dari kebutuhan %s · %" G_GINT64_FORMAT " peringatan\nSetor %s untuk mencapai kebutuhan"),
                                balance, required, st->warnings, missing);
  else
    subtitle = g_strdup_printf (_("%s dari kebutuhan %s · %" G_GINT64_FORMAT " peringatan"),
                                balance, required, st->warnings);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), r->label);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

  gtk_widget_add_css_class (dot, light_class[light]);
  gtk_widget_set_tooltip_text (dot, light_name[light]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dot), GTK_ACCESSIBLE_PROPERTY_LABEL, light_name[light], -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), dot);

  if (!st->active)
    {
      GtkWidget *badge = gtk_label_new (_("Nonaktif"));
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (badge, "error");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
    }
  button = gtk_button_new_with_mnemonic (_("_Setor cadangan…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "store-id", g_memdup2 (&r->store_id, sizeof r->store_id), g_free);
  g_object_set_data_full (G_OBJECT (button), "shortfall", g_memdup2 (&shortfall, sizeof shortfall), g_free);
  g_object_set_data_full (G_OBJECT (button), "store-label", g_strdup (r->label), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_deposit_clicked), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
reserves_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  BsnDashboardPage *self = BSN_DASHBOARD_PAGE (object);
  g_autoptr(GPtrArray) reserves = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  reserves = bsn_db_task_finish (result, &error);
  if (reserves == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        g_warning ("Dasbor: %s", error->message);
      return;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->reserve_list))) != NULL)
    gtk_list_box_remove (self->reserve_list, child);
  for (guint i = 0; i < reserves->len; i++)
    gtk_list_box_append (self->reserve_list, reserve_row_new (self, g_ptr_array_index (reserves, i)));
}

typedef struct
{
  gint64 store_id;
  gint64 amount_rp;
} Deposit;

static gpointer
deposit_thread (BsnDb        *db,
                gpointer      data,
                GCancellable *cancellable,
                GError      **error)
{
  Deposit *d = data;
  gint64 posting = 0;

  if (!bsn_reserve_deposit (db, d->store_id, d->amount_rp, bsn_time_now (), &posting, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
deposit_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BsnDashboardPage *self = BSN_DASHBOARD_PAGE (object);
  g_autoptr(GError) error = NULL;

  if (bsn_db_task_finish (result, &error) == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        bsn_app_show_message (GTK_WIDGET (self), _("Setoran tidak dicatat"), error->message);
      return;
    }
  bsn_app_show_toast (GTK_WIDGET (self), _("Setoran cadangan dicatat"));
  bsn_dashboard_page_reload (self);
}

static void
on_deposit_response (AdwMessageDialog *dialog,
                     const char       *response,
                     BsnDashboardPage *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "amount");
  gint64 *store_id = g_object_get_data (G_OBJECT (dialog), "store-id");
  g_autoptr(GError) error = NULL;
  Deposit *d;
  gint64 rp;

  if (g_strcmp0 (response, "deposit") != 0 || self->path == NULL)
    return;
  if (!bsn_money_parse_nonneg (gtk_editable_get_text (entry), &rp, &error) || rp == 0)
    {
      bsn_app_show_message (GTK_WIDGET (self), _("Jumlah tidak sah"), error ? error->message : _("Jumlah harus lebih dari nol."));
      return;
    }
  d = g_new0 (Deposit, 1);
  d->store_id = *store_id;
  d->amount_rp = rp;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_WRITE, deposit_thread, d, g_free, NULL,
                   self->cancellable, deposit_done, NULL);
}

static void
deposit_dialog_present (BsnDashboardPage *self,
                        gint64            store_id,
                        const char       *label,
                        gint64            suggested_rp)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *heading = g_strdup_printf (_("Setor cadangan %s"), label);
  g_autofree char *suggested = suggested_rp > 0 ? bsn_money_format (suggested_rp) : g_strdup ("");
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                              _("Setoran menambah cadangan toko dan menghapus hitungan peringatannya. "
                                                "Jumlah yang diisi adalah kekurangan terhadap kebutuhan."));
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *entry = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("Jumlah setoran (Rp)"));
  gtk_editable_set_text (GTK_EDITABLE (entry), suggested);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (entry), TRUE);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Batal"), "deposit", _("_Setor"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "deposit", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "deposit");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "amount", entry);
  g_object_set_data_full (G_OBJECT (dialog), "store-id", g_memdup2 (&store_id, sizeof store_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_deposit_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
bsn_dashboard_page_dispose (GObject *object)
{
  BsnDashboardPage *self = (BsnDashboardPage *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BSN_TYPE_DASHBOARD_PAGE);
  /* The template's root box is a plain child of this GtkWidget. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (bsn_dashboard_page_parent_class)->dispose (object);
}

static void
bsn_dashboard_page_finalize (GObject *object)
{
  BsnDashboardPage *self = (BsnDashboardPage *) object;

  g_free (self->path);

  G_OBJECT_CLASS (bsn_dashboard_page_parent_class)->finalize (object);
}

static void
bsn_dashboard_page_class_init (BsnDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bsn_dashboard_page_dispose;
  object_class->finalize = bsn_dashboard_page_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnDashboardPage, stores_label);
  gtk_widget_class_bind_template_child (widget_class, BsnDashboardPage, customers_label);
  gtk_widget_class_bind_template_child (widget_class, BsnDashboardPage, postings_label);
  gtk_widget_class_bind_template_child (widget_class, BsnDashboardPage, reserve_list);
  gtk_widget_class_bind_template_child (widget_class, BsnDashboardPage, fingerprint_row);
  gtk_widget_class_install_action (widget_class, "dashboard.check-witness", NULL, check_witness_activated);
}

static void
bsn_dashboard_page_init (BsnDashboardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

void
bsn_dashboard_page_set_path (BsnDashboardPage *self,
                             const char       *path)
{
  g_return_if_fail (BSN_IS_DASHBOARD_PAGE (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->path);
  self->path = g_strdup (path);
  bsn_dashboard_page_reload (self);
}

void
bsn_dashboard_page_reload (BsnDashboardPage *self)
{
  g_return_if_fail (BSN_IS_DASHBOARD_PAGE (self));

  if (self->path == NULL)
    return;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ,
                   count_thread, NULL, NULL, counts_free,
                   self->cancellable, count_done, NULL);
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ,
                   reserves_thread, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                   self->cancellable, reserves_done, NULL);
}
