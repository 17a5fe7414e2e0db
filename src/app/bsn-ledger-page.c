/* bsn-ledger-page.c — Buku Poin (see bsn-ledger-page.h). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "bsn-customer.h"
#include "bsn-db-task.h"
#include "bsn-error.h"
#include "bsn-ledger-model.h"
#include "bsn-ledger-page.h"
#include "bsn-money.h"
#include "bsn-posting-dialog.h"
#include "bsn-posting-object.h"
#include "bsn-store.h"
#include "bsn-window.h"
#include "bsn-wrap-box.h"

/* BSN_BENCH=1: how long the first opening takes (see "Opening figures"). */
typedef enum
{
  BENCH_OFF,
  BENCH_OPENING,    /* shown, waiting for its first rows to be painted */
  BENCH_COUNTING,   /* BSN_BENCH_QUIT=1: waiting for the count */
  BENCH_JUMPING,    /* scrolled to the last row, waiting for it */
  BENCH_DONE,
} BenchStage;

struct _BsnLedgerPage
{
  GtkWidget           parent_instance;

  BsnLedgerModel     *model;
  GtkSingleSelection *selection;
  char               *path;
  BsnPostingFilter    filter;          /* the one the model shows */

  GArray             *store_ids;       /* gint64 per dropdown position; 0 = all */
  gboolean            updating_stores;
  gboolean            model_error_shown; /* filter_error_label holds a read error */
  GCancellable       *cancellable;     /* lookups of the current path */

  /* The customer filter: what was typed and what it resolved to. */
  char               *customer_query;
  gint64              customer_id;
  gboolean            customer_missing;
  guint               customer_generation;

  GtkDropDown        *store_dropdown;
  GtkSearchEntry     *customer_entry;
  GtkEntry           *from_entry;
  GtkEntry           *to_entry;
  GtkMenuButton      *from_button;
  GtkMenuButton      *to_button;
  GtkCalendar        *from_calendar;
  GtkCalendar        *to_calendar;
  GtkSpinner         *spinner;
  GtkLabel           *count_label;
  GtkLabel           *filter_error_label;
  GtkRevealer        *customer_revealer;
  GtkLabel           *customer_title;
  GtkLabel           *customer_balance;
  GtkStack           *view_stack;
  GtkScrolledWindow  *scroller;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *memo_column;
  AdwStatusPage      *no_match_page;
  AdwStatusPage      *error_page;

  BenchStage          bench_stage;
  gint64              bench_since_us;  /* monotonic */
  gint64              bench_frame;     /* figures count from the frame after */
};

G_DEFINE_FINAL_TYPE (BsnLedgerPage, bsn_ledger_page, GTK_TYPE_WIDGET)

/* ---- What the page shows ---- */

static gboolean
filter_active (BsnLedgerPage *self)
{
  return self->filter.store_id != 0 || self->filter.customer_id != 0
      || self->filter.from != 0 || self->filter.to != 0 || self->customer_missing;
}

static void
update_view (BsnLedgerPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  const char *error = bsn_ledger_model_get_error_message (self->model);
  gboolean loading = bsn_ledger_model_get_loading (self->model);
  const char *page = "list";

  if (loading)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);

  if (self->customer_missing)
    {
      g_autofree char *desc =
        g_strdup_printf (_("Tidak ada pelanggan dengan kode “%s”. Periksa kodenya atau hapus saringan."),
                         self->customer_query);
      adw_status_page_set_title (self->no_match_page, _("Pelanggan tidak ditemukan"));
      adw_status_page_set_description (self->no_match_page, desc);
      page = "no-match";
    }
  else if (error != NULL && n == 0)
    {
      adw_status_page_set_description (self->error_page, error);
      page = "error";
    }
  else if (bsn_ledger_model_get_ready (self->model) && n == 0 && !loading)
    {
      if (filter_active (self))
        {
          adw_status_page_set_title (self->no_match_page, _("Tidak ada posting yang cocok"));
          adw_status_page_set_description (self->no_match_page,
                                           _("Ubah atau hapus saringan untuk melihat posting lain."));
          page = "no-match";
        }
      else
        page = "empty";
    }
  gtk_stack_set_visible_child_name (self->view_stack, page);

  /* A page that could not be read leaves "Memuat…" rows; say why. */
  if (error != NULL && n > 0)
    {
      gtk_label_set_label (self->filter_error_label, error);
      gtk_widget_set_visible (GTK_WIDGET (self->filter_error_label), TRUE);
      self->model_error_shown = TRUE;
    }
  else if (self->model_error_shown)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->filter_error_label), FALSE);
      self->model_error_shown = FALSE;
    }

  if (bsn_ledger_model_get_ready (self->model) && !self->customer_missing)
    {
      g_autofree char *number = bsn_posting_number_format (n);
      g_autofree char *text = g_strdup_printf (_("%s posting"), number);
      gtk_label_set_label (self->count_label, text);
    }
  else
    gtk_label_set_label (self->count_label, "");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ledger.clear-filters", filter_active (self));
}

static void
on_model_notify (BsnLedgerPage *self)
{
  update_view (self);
}

static void
on_items_changed (BsnLedgerPage *self,
                  guint          position,
                  guint          removed,
                  guint          added)
{
  /* Only a whole reload changes the count; pages arriving do not. */
  if (removed != added)
    update_view (self);
}

/* ---- Applying the filters ---- */

static gint64
selected_store_id (BsnLedgerPage *self)
{
  guint pos = gtk_drop_down_get_selected (self->store_dropdown);

  if (self->store_ids == NULL || pos == GTK_INVALID_LIST_POSITION || pos >= self->store_ids->len)
    return 0;
  return g_array_index (self->store_ids, gint64, pos);
}

/* Parses a date entry: TRUE with *@out = 0 when empty. An invalid date is
 * marked on the entry (with the library's message as tooltip) only once it
 * is complete or the user pressed Enter, not while it is being typed. */
static gboolean
parse_date_entry (GtkEntry *entry,
                  gboolean  insist,
                  BsnTime  *out,
                  char    **out_message)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autoptr(GError) error = NULL;

  *out = 0;
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  if (text == NULL || *text == '\0')
    return TRUE;
  if (bsn_date_parse (text, out, &error))
    return TRUE;
  if (insist || strlen (text) >= 10)
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      if (out_message != NULL && *out_message == NULL)
        *out_message = g_strdup (error->message);
    }
  return FALSE;
}

static void
apply_filters (BsnLedgerPage *self,
               gboolean       insist)
{
  BsnPostingFilter f = { 0 };
  g_autofree char *message = NULL;
  gboolean from_ok, to_ok;
  BsnTime from, to;

  from_ok = parse_date_entry (self->from_entry, insist, &from, &message);
  to_ok = parse_date_entry (self->to_entry, insist, &to, &message);
  gtk_label_set_label (self->filter_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->filter_error_label), message != NULL);
  self->model_error_shown = FALSE;
  if (!from_ok || !to_ok)
    return;

  if (from != 0 && to != 0 && to < from)
    {
      gtk_label_set_label (self->filter_error_label,
                           _("Tanggal akhir lebih awal dari tanggal awal."));
      gtk_widget_set_visible (GTK_WIDGET (self->filter_error_label), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->to_entry), "error");
      return;
    }

  f.store_id = selected_store_id (self);
  f.customer_id = self->customer_id;
  f.from = from;
  /* The user's "to" day counts; the filter's bound is exclusive. */
  f.to = to != 0 ? to + BSN_SECONDS_PER_DAY : 0;

  if (self->customer_missing)
    {
      update_view (self);
      return;
    }
  if (memcmp (&f, &self->filter, sizeof f) == 0)
    return;
  self->filter = f;
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  bsn_ledger_model_set_filter (self->model, &self->filter);
  update_view (self);
}

/* ---- Stores ---- */

static void
list_stores_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  BsnLedgerPage *self = BSN_LEDGER_PAGE (object);
  g_autoptr(GPtrArray) stores = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = NULL;
  gint64 keep = selected_store_id (self);
  gint64 all = 0;
  guint selected = 0;

  stores = bsn_db_task_finish (result, &error);
  if (stores == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        g_warning ("Daftar toko: %s", error->message);
      return;
    }

  names = gtk_string_list_new (NULL);
  g_array_set_size (self->store_ids, 0);
  gtk_string_list_append (names, _("Semua toko"));
  g_array_append_val (self->store_ids, all);
  for (guint i = 0; i < stores->len; i++)
    {
      BsnStore *store = g_ptr_array_index (stores, i);
      g_autofree char *label = g_strdup_printf ("%s — %s", store->code, store->name);

      gtk_string_list_append (names, label);
      g_array_append_val (self->store_ids, store->id);
      if (store->id == keep)
        selected = i + 1;
    }

  self->updating_stores = TRUE;
  gtk_drop_down_set_model (self->store_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->store_dropdown, selected);
  self->updating_stores = FALSE;
  /* The store filtered on may have gone (another database). */
  apply_filters (self, FALSE);
}

static void
reload_stores (BsnLedgerPage *self)
{
  if (self->path == NULL)
    return;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ,
                   bsn_db_task_list_stores, NULL, NULL,
                   (GDestroyNotify) g_ptr_array_unref,
                   self->cancellable, list_stores_done, NULL);
}

static void
on_store_selected (BsnLedgerPage *self)
{
  if (!self->updating_stores)
    apply_filters (self, FALSE);
}

/* ---- The customer filter and card ---- */

typedef struct
{
  gint64  id;
  char   *code;
  char   *name;
  gint64  balance_rp;
  gint64  status_rp;
  guint   n_matches;
} CustomerInfo;

static void
customer_info_free (gpointer data)
{
  CustomerInfo *info = data;

  g_free (info->code);
  g_free (info->name);
  g_free (info);
}

/* An exact code first; else a unique match on code, name or phone. */
static gpointer
find_customer_thread (BsnDb        *db,
                      gpointer      data,
                      GCancellable *cancellable,
                      GError      **error)
{
  const char *query = data;
  CustomerInfo *info = g_new0 (CustomerInfo, 1);
  g_autoptr(BsnCustomer) customer = bsn_customer_find (db, query, NULL);

  if (customer == NULL)
    {
      g_autoptr(GPtrArray) found = bsn_customer_search (db, query, 2, error);

      if (found == NULL)
        {
          customer_info_free (info);
          return NULL;
        }
      info->n_matches = found->len;
      if (found->len == 1)
        customer = bsn_customer_copy (g_ptr_array_index (found, 0));
    }
  else
    info->n_matches = 1;

  if (customer != NULL)
    {
      info->id = customer->id;
      info->code = g_strdup (customer->code);
      info->name = g_strdup (customer->name);
      if (!bsn_ledger_customer_balance (db, customer->id, &info->balance_rp, &info->status_rp, error))
        {
          customer_info_free (info);
          return NULL;
        }
    }
  return info;
}

static void
show_customer_card (BsnLedgerPage      *self,
                    const CustomerInfo *info)
{
  g_autofree char *title = g_strdup_printf ("%s · %s", info->code, info->name);
  g_autofree char *points = bsn_points_format (info->balance_rp);
  g_autofree char *money = bsn_money_format (info->balance_rp);
  g_autofree char *status = bsn_points_format (info->status_rp);
  /* Translators: spendable points, their value, then status points
   * ("Saldo 15 poin (Rp15.000) · Poin status 300 poin"). */
  g_autofree char *text = g_strdup_printf (_("Saldo %s (%s) · Poin status %s"), points, money, status);

  gtk_label_set_label (self->customer_title, title);
  gtk_label_set_label (self->customer_balance, text);
  gtk_revealer_set_reveal_child (self->customer_revealer, TRUE);
}

static void
find_customer_done (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  BsnLedgerPage *self = BSN_LEDGER_PAGE (object);
  guint generation = GPOINTER_TO_UINT (user_data);
  g_autoptr(GError) error = NULL;
  CustomerInfo *info;

  info = bsn_db_task_finish (result, &error);
  if (generation != self->customer_generation)
    {
      g_clear_pointer (&info, customer_info_free);
      return;
    }
  if (info == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        {
          gtk_label_set_label (self->filter_error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->filter_error_label), TRUE);
        }
      return;
    }

  self->customer_id = info->id;
  self->customer_missing = info->id == 0;
  if (info->id != 0)
    show_customer_card (self, info);
  else
    gtk_revealer_set_reveal_child (self->customer_revealer, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->customer_entry), "error");
  if (self->customer_missing)
    gtk_widget_add_css_class (GTK_WIDGET (self->customer_entry), "error");
  customer_info_free (info);
  apply_filters (self, FALSE);
}

static void
resolve_customer (BsnLedgerPage *self)
{
  self->customer_generation++;
  if (self->customer_query == NULL || self->path == NULL)
    {
      self->customer_id = 0;
      self->customer_missing = FALSE;
      gtk_widget_remove_css_class (GTK_WIDGET (self->customer_entry), "error");
      gtk_revealer_set_reveal_child (self->customer_revealer, FALSE);
      apply_filters (self, FALSE);
      return;
    }
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ,
                   find_customer_thread, g_strdup (self->customer_query), g_free,
                   customer_info_free, self->cancellable,
                   find_customer_done, GUINT_TO_POINTER (self->customer_generation));
}

static void
on_customer_search_changed (BsnLedgerPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->customer_entry));
  g_autofree char *query = g_strstrip (g_strdup (text));

  g_clear_pointer (&self->customer_query, g_free);
  if (*query != '\0')
    self->customer_query = g_steal_pointer (&query);
  resolve_customer (self);
}

static void
on_customer_stop_search (BsnLedgerPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->customer_entry), "");
}

/* ---- Dates ---- */

static void
on_date_changed (BsnLedgerPage *self)
{
  apply_filters (self, FALSE);
}

static void
on_date_activate (BsnLedgerPage *self)
{
  apply_filters (self, TRUE);
}

static void
set_date_from_calendar (GtkEntry      *entry,
                        GtkCalendar   *calendar,
                        GtkMenuButton *button)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%d/%m/%Y");

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_menu_button_popdown (button);
}

static void
on_from_day_selected (BsnLedgerPage *self)
{
  set_date_from_calendar (self->from_entry, self->from_calendar, self->from_button);
}

static void
on_to_day_selected (BsnLedgerPage *self)
{
  set_date_from_calendar (self->to_entry, self->to_calendar, self->to_button);
}

/* ---- Postings ---- */

static void
on_posting_reversed (BsnLedgerPage *self,
                     gint64         reversal_id)
{
  g_autofree char *number = bsn_posting_number_format (reversal_id);
  g_autofree char *message = g_strdup_printf (_("Posting dibatalkan dengan posting No. %s"), number);
  BsnWindow *window = BSN_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (self), BSN_TYPE_WINDOW));

  if (window != NULL)
    bsn_window_show_toast (window, message);
  bsn_ledger_page_reload (self);
}

static void
on_column_view_activate (BsnLedgerPage *self,
                         guint          position)
{
  g_autoptr(BsnPostingObject) posting = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  BsnPostingDialog *dialog;

  if (posting == NULL || bsn_posting_object_is_placeholder (posting) || self->path == NULL)
    return;
  dialog = bsn_posting_dialog_new (GTK_WINDOW (root), self->path, posting);
  g_signal_connect_object (dialog, "reversed", G_CALLBACK (on_posting_reversed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Memo cells ----
 *
 * The memo column shows the whole memo as a tooltip. Bound to the
 * tooltip-text property, every bind and every page filled in would set
 * the tooltip of a visible cell, and GTK 4.8 then asks the X server where
 * the pointer is, twice, before it returns: a jump to the end of the
 * ledger rebinds about 200 rows and spent most of its time waiting on
 * those round trips. So the cells only say they have a tooltip and give
 * their text when it is asked for. */

static gboolean
on_memo_query_tooltip (GtkInscription *cell,
                       int             x,
                       int             y,
                       gboolean        keyboard,
                       GtkTooltip     *tooltip)
{
  const char *memo = gtk_inscription_get_text (cell);

  if (memo == NULL || *memo == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, memo);
  return TRUE;
}

static void
on_memo_setup (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  GtkWidget *cell = gtk_inscription_new (NULL);
  GtkExpression *memo = gtk_property_expression_new (BSN_TYPE_POSTING_OBJECT,
                                                     gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item"),
                                                     "memo-text");

  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), 0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_set_has_tooltip (cell, TRUE);
  g_signal_connect (cell, "query-tooltip", G_CALLBACK (on_memo_query_tooltip), NULL);
  gtk_expression_bind (memo, cell, "text", item);
  gtk_list_item_set_child (item, cell);
}

static void
set_memo_factory (BsnLedgerPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (on_memo_setup), NULL);
  gtk_column_view_column_set_factory (self->memo_column, factory);
}

/* ---- Actions ---- */

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  BsnLedgerPage *self = BSN_LEDGER_PAGE (widget);

  self->updating_stores = TRUE;
  gtk_drop_down_set_selected (self->store_dropdown, 0);
  self->updating_stores = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), "");
  /* Clearing the search entry resolves the customer and applies. */
  if (self->customer_query != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->customer_entry), "");
  else
    apply_filters (self, FALSE);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  bsn_ledger_page_reload (BSN_LEDGER_PAGE (widget));
}

/* ---- Opening figures (BSN_BENCH=1; bench/app-bench.py) ----
 *
 * "bsn-bench key=value" lines on stderr (not translated): the time from
 * the first showing of the page (its map, inside the window's
 * gtk_stack_set_visible_child()) to the first frame painted with row 0
 * read (not a "Memuat…" placeholder). With BSN_BENCH_QUIT=1 the page then
 * waits for the count, scrolls to the last row the way the End key does
 * (list.scroll-to-item), reports the first frame painted at the end of the
 * list with every row on screen read, and quits the app. */

static gboolean
bench_row_read (BsnLedgerPage *self,
                guint          position)
{
  g_autoptr(BsnPostingObject) posting = NULL;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "list") != 0
      || position >= g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    return FALSE;
  /* The row is (or is about to be) on screen: the view asks for its page
   * anyway, so this reads nothing more. */
  posting = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  return posting != NULL && !bsn_posting_object_is_placeholder (posting);
}

/* The view is scrolled to its end and the rows a screen holds there are
 * read: what the user sees once the jump is over. */
static gboolean
bench_end_shown (BsnLedgerPage *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  double upper = gtk_adjustment_get_upper (adj);
  double page_size = gtk_adjustment_get_page_size (adj);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint on_screen;

  if (n == 0 || upper <= 0 || gtk_adjustment_get_value (adj) + page_size < upper - 1)
    return FALSE;
  /* Rows are all as high as one another. */
  on_screen = (guint) MIN ((double) n, page_size / (upper / n) + 1);
  for (guint i = 1; i <= on_screen; i++)
    if (!bench_row_read (self, n - i))
      return FALSE;
  return TRUE;
}

static gboolean
bench_counted (BsnLedgerPage *self)
{
  return bsn_ledger_model_get_ready (self->model) && !bsn_ledger_model_get_loading (self->model);
}

static void
bench_scroll_to_end (BsnLedgerPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  /* The action lives on the column view's inner list view. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", n - 1);
}

static void
bench_report (BsnLedgerPage *self,
              const char    *what,
              BenchStage     next,
              gint64         frame)
{
  gint64 now = g_get_monotonic_time ();

  g_printerr ("bsn-bench %s-ms=%.1f rows=%u\n", what, (now - self->bench_since_us) / 1000.0,
              g_list_model_get_n_items (G_LIST_MODEL (self->model)));
  self->bench_stage = next;
  self->bench_since_us = now;
  self->bench_frame = frame;
}

static void
on_bench_after_paint (BsnLedgerPage *self,
                      GdkFrameClock *clock)
{
  gint64 frame = gdk_frame_clock_get_frame_counter (clock);
  gboolean quit = g_strcmp0 (g_getenv ("BSN_BENCH_QUIT"), "1") == 0;

  if (frame <= self->bench_frame)
    return;
  switch (self->bench_stage)
    {
    case BENCH_OPENING:
      /* An empty ledger shows its empty page instead of rows. */
      if (bench_row_read (self, 0)
          || (bench_counted (self) && g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0))
        bench_report (self, "ledger-open", quit ? BENCH_COUNTING : BENCH_DONE, frame);
      break;
    case BENCH_COUNTING:
      if (bench_counted (self))
        {
          gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0;

          bench_report (self, "ledger-count", empty ? BENCH_DONE : BENCH_JUMPING, frame);
          if (empty)
            gtk_widget_activate_action (GTK_WIDGET (self), "app.quit", NULL);
          else
            bench_scroll_to_end (self);
        }
      break;
    case BENCH_JUMPING:
      if (bench_end_shown (self))
        {
          bench_report (self, "ledger-jump", BENCH_DONE, frame);
          gtk_widget_activate_action (GTK_WIDGET (self), "app.quit", NULL);
        }
      break;
    case BENCH_OFF:
    case BENCH_DONE:
    default:
      break;
    }
  if (self->bench_stage == BENCH_DONE)
    g_signal_handlers_disconnect_by_func (clock, on_bench_after_paint, self);
}

static void
on_bench_map (BsnLedgerPage *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (self->bench_stage != BENCH_OFF || clock == NULL)
    return;
  self->bench_stage = BENCH_OPENING;
  self->bench_since_us = g_get_monotonic_time ();
  self->bench_frame = gdk_frame_clock_get_frame_counter (clock);
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_bench_after_paint), self, G_CONNECT_SWAPPED);
}

/* ---- GObject ---- */

static void
bsn_ledger_page_dispose (GObject *object)
{
  BsnLedgerPage *self = (BsnLedgerPage *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BSN_TYPE_LEDGER_PAGE);
  /* The template's root box is a plain child of this GtkWidget. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (bsn_ledger_page_parent_class)->dispose (object);
}

static void
bsn_ledger_page_finalize (GObject *object)
{
  BsnLedgerPage *self = (BsnLedgerPage *) object;

  g_free (self->path);
  g_free (self->customer_query);
  g_clear_pointer (&self->store_ids, g_array_unref);

  G_OBJECT_CLASS (bsn_ledger_page_parent_class)->finalize (object);
}

static void
bsn_ledger_page_class_init (BsnLedgerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bsn_ledger_page_dispose;
  object_class->finalize = bsn_ledger_page_finalize;

  g_type_ensure (BSN_TYPE_POSTING_OBJECT);
  g_type_ensure (BSN_TYPE_WRAP_BOX);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-ledger-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnLedgerPage, store_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsnLedgerPage, customer_entry);
  gtk_widget_class_bind_template_child (widget_class, BsnLedgerPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, BsnLedgerPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, BsnLedgerPage, from_button);
  gtk_widget_class_bind_template_child (widget_class, BsnLedgerPage, to_button);
  gtk_widget_class_bind_template_child (widget_class, BsnLedgerPage, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, BsnLedgerPage, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, BsnLedgerPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, BsnLedgerPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, BsnLedgerPage, filter_error_label);
  gtk_widget_class_bind_template_child (widget_class, BsnLedgerPage, customer_revealer);
  gtk_widget_class_bind_template_child (widget_class, BsnLedgerPage, customer_title);
  gtk_widget_class_bind_template_child (widget_class, BsnLedgerPage, customer_balance);
  gtk_widget_class_bind_template_child (widget_class, BsnLedgerPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, BsnLedgerPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, BsnLedgerPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, BsnLedgerPage, memo_column);
  gtk_widget_class_bind_template_child (widget_class, BsnLedgerPage, no_match_page);
  gtk_widget_class_bind_template_child (widget_class, BsnLedgerPage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_customer_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_customer_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_date_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_date_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_from_day_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_to_day_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate);

  gtk_widget_class_install_action (widget_class, "ledger.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "ledger.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "ledger.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "ledger.reload", NULL);
}

static void
bsn_ledger_page_init (BsnLedgerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  set_memo_factory (self);

  self->cancellable = g_cancellable_new ();
  self->store_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  self->model = bsn_ledger_model_new ();
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (on_model_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::ready", G_CALLBACK (on_model_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::error-message", G_CALLBACK (on_model_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store_dropdown, "notify::selected", G_CALLBACK (on_store_selected), self, G_CONNECT_SWAPPED);
  /* A network of many stores: type to find one in the list. */
  gtk_drop_down_set_expression (self->store_dropdown,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  gtk_drop_down_set_enable_search (self->store_dropdown, TRUE);
  if (g_strcmp0 (g_getenv ("BSN_BENCH"), "1") == 0)
    g_signal_connect (self, "map", G_CALLBACK (on_bench_map), NULL);

  update_view (self);
}

void
bsn_ledger_page_set_path (BsnLedgerPage *self,
                          const char    *path)
{
  g_return_if_fail (BSN_IS_LEDGER_PAGE (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->path);
  self->path = g_strdup (path);

  /* A filter by another database's store or customer means nothing here. */
  memset (&self->filter, 0, sizeof self->filter);
  g_clear_pointer (&self->customer_query, g_free);
  self->customer_id = 0;
  self->customer_missing = FALSE;
  gtk_revealer_set_reveal_child (self->customer_revealer, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->customer_entry), "error");
  self->updating_stores = TRUE;
  gtk_drop_down_set_selected (self->store_dropdown, 0);
  self->updating_stores = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->customer_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), "");

  bsn_ledger_model_set_path (self->model, path);
  reload_stores (self);
  update_view (self);
}

void
bsn_ledger_page_reload (BsnLedgerPage *self)
{
  g_return_if_fail (BSN_IS_LEDGER_PAGE (self));

  if (self->path == NULL)
    return;
  bsn_ledger_model_reload (self->model);
  reload_stores (self);
  resolve_customer (self);
  update_view (self);
}

void
bsn_ledger_page_focus_search (BsnLedgerPage *self)
{
  g_return_if_fail (BSN_IS_LEDGER_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->customer_entry));
}
