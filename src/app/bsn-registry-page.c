/* bsn-registry-page.c — Toko & Pelanggan (see bsn-registry-page.h). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "bsn-customer-dialog.h"
#include "bsn-customer-object.h"
#include "bsn-customer.h"
#include "bsn-db-task.h"
#include "bsn-money.h"
#include "bsn-registry-page.h"
#include "bsn-store-dialog.h"
#include "bsn-store.h"
#include "bsn-window.h"

/* A search shows at most this many customers; the rest are a search away. */
#define CUSTOMER_LIMIT 500

struct _BsnRegistryPage
{
  GtkWidget           parent_instance;

  char               *path;
  GCancellable       *cancellable;
  GPtrArray          *stores;            /* BsnStore, by code */
  GListStore         *customers;         /* BsnCustomerObject */
  GtkSingleSelection *customer_selection;
  guint               customer_generation;
  gboolean            customers_loaded;

  GtkStack           *stack;
  GtkSearchEntry     *store_search;
  GtkLabel           *store_count_label;
  GtkListBox         *stores_list;
  GtkSearchEntry     *customer_search;
  GtkLabel           *customer_count_label;
  GtkStack           *customers_stack;
  GtkColumnView      *customers_view;
  AdwStatusPage      *customers_empty_page;
};

G_DEFINE_FINAL_TYPE (BsnRegistryPage, bsn_registry_page, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void reload_stores (BsnRegistryPage *self);
static void reload_customers (BsnRegistryPage *self);

/* ---- Stores ---- */

static char *
store_subtitle (const BsnStore *store)
{
  g_autofree char *clock = bsn_clock_format (store->opening_sec);
  g_autofree char *margin = bsn_bp_format (store->margin_bp);
  g_autofree char *quota = bsn_money_format (store->min_purchase_rp);
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%s · %s", store->code, bsn_store_role_label (store->role));
  if (store->parent_code != NULL)
    g_string_append_printf (s, _(" · induk %s"), store->parent_code);
  g_string_append_printf (s, _(" · level %s · %s"),
                          bsn_store_level_name (store), bsn_schemes_label (store->schemes));
  g_string_append_c (s, '\n');
  g_string_append_printf (s, _("Buka %s selama %d jam · keuntungan %s · kuota minimal %s"),
                          clock, store->hours, margin, quota);
  return g_string_free (s, FALSE);
}

static GtkWidget *
store_row_new (const BsnStore *store)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = store_subtitle (store);
  g_autofree char *edit_label = g_strdup_printf (_("Ubah toko %s"), store->name);
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), store->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  if (!store->active)
    {
      GtkWidget *tag = gtk_label_new (_("nonaktif"));
      gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (tag, "inactive-tag");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
    }

  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (edit, "flat");
  gtk_widget_set_tooltip_text (edit, _("Ubah toko"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, edit_label,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "registry.edit-store");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (edit), "x", store->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);

  g_object_set_data_full (G_OBJECT (row), "bsn-store", bsn_store_copy (store),
                          (GDestroyNotify) bsn_store_free);
  return row;
}

static gboolean
store_row_matches (GtkListBoxRow *row,
                   gpointer       user_data)
{
  BsnRegistryPage *self = user_data;
  const BsnStore *store = g_object_get_data (G_OBJECT (row), "bsn-store");
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->store_search));
  g_autofree char *q = NULL, *code = NULL, *name = NULL;

  if (store == NULL || query == NULL || *query == '\0')
    return TRUE;
  q = g_utf8_casefold (query, -1);
  code = g_utf8_casefold (store->code, -1);
  name = g_utf8_casefold (store->name, -1);
  return strstr (code, q) != NULL || strstr (name, q) != NULL;
}

static void
on_store_search_changed (BsnRegistryPage *self)
{
  gtk_list_box_invalidate_filter (self->stores_list);
}

static void
list_stores_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  BsnRegistryPage *self = BSN_REGISTRY_PAGE (object);
  g_autoptr(GPtrArray) stores = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  GtkWidget *child;

  stores = bsn_db_task_finish (result, &error);
  if (stores == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        gtk_label_set_label (self->store_count_label, error->message);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->stores_list))) != NULL)
    gtk_list_box_remove (self->stores_list, child);
  for (guint i = 0; i < stores->len; i++)
    gtk_list_box_append (self->stores_list, store_row_new (g_ptr_array_index (stores, i)));

  count = g_strdup_printf (_("%u toko"), stores->len);
  gtk_label_set_label (self->store_count_label, count);
  g_clear_pointer (&self->stores, g_ptr_array_unref);
  self->stores = g_steal_pointer (&stores);
}

static void
reload_stores (BsnRegistryPage *self)
{
  if (self->path == NULL)
    return;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ,
                   bsn_db_task_list_stores, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                   self->cancellable, list_stores_done, NULL);
}

static void
on_saved (BsnRegistryPage *self)
{
  reload_stores (self);
  reload_customers (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_store_saved (BsnRegistryPage *self,
                const char      *name)
{
  BsnWindow *window = BSN_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (self), BSN_TYPE_WINDOW));
  g_autofree char *message = g_strdup_printf (_("Toko “%s” disimpan"), name);

  if (window != NULL)
    bsn_window_show_toast (window, message);
  on_saved (self);
}

static void
open_store_dialog (BsnRegistryPage *self,
                   const BsnStore  *store)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  BsnStoreDialog *dialog;

  if (self->path == NULL || self->stores == NULL)
    return;
  dialog = bsn_store_dialog_new (GTK_WINDOW (root), self->path, store, self->stores);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_store_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_store_row_activated (BsnRegistryPage *self,
                        GtkListBoxRow   *row)
{
  open_store_dialog (self, g_object_get_data (G_OBJECT (row), "bsn-store"));
}

static void
add_store_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  open_store_dialog (BSN_REGISTRY_PAGE (widget), NULL);
}

static void
edit_store_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  BsnRegistryPage *self = BSN_REGISTRY_PAGE (widget);
  gint64 id = g_variant_get_int64 (param);

  for (guint i = 0; self->stores != NULL && i < self->stores->len; i++)
    {
      BsnStore *store = g_ptr_array_index (self->stores, i);
      if (store->id == id)
        {
          open_store_dialog (self, store);
          return;
        }
    }
}

/* ---- Customers ---- */

static gpointer
search_customers_thread (BsnDb        *db,
                         gpointer      data,
                         GCancellable *cancellable,
                         GError      **error)
{
  return bsn_customer_search (db, data, CUSTOMER_LIMIT + 1, error);
}

static void
search_customers_done (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  BsnRegistryPage *self = BSN_REGISTRY_PAGE (object);
  guint generation = GPOINTER_TO_UINT (user_data);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autofree char *count = NULL;
  const char *query;
  guint n;

  found = bsn_db_task_finish (result, &error);
  if (generation != self->customer_generation)
    return;
  if (found == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        gtk_label_set_label (self->customer_count_label, error->message);
      return;
    }

  n = MIN (found->len, CUSTOMER_LIMIT);
  objects = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (objects, bsn_customer_object_new (g_steal_pointer (&g_ptr_array_index (found, i))));
  g_list_store_splice (self->customers, 0, g_list_model_get_n_items (G_LIST_MODEL (self->customers)),
                       objects->pdata, objects->len);
  self->customers_loaded = TRUE;

  if (found->len > CUSTOMER_LIMIT)
    count = g_strdup_printf (_("%u pertama"), CUSTOMER_LIMIT);
  else
    count = g_strdup_printf (_("%u pelanggan"), n);
  gtk_label_set_label (self->customer_count_label, count);

  query = gtk_editable_get_text (GTK_EDITABLE (self->customer_search));
  if (n == 0 && query != NULL && *query != '\0')
    {
      g_autofree char *desc = g_strdup_printf (_("Tidak ada pelanggan yang kode, nama, atau teleponnya memuat “%s”."), query);
      adw_status_page_set_title (self->customers_empty_page, _("Tidak ada yang cocok"));
      adw_status_page_set_description (self->customers_empty_page, desc);
      adw_status_page_set_icon_name (self->customers_empty_page, "edit-find-symbolic");
    }
  else
    {
      adw_status_page_set_title (self->customers_empty_page, _("Belum ada pelanggan"));
      adw_status_page_set_description (self->customers_empty_page,
                                       _("Tambahkan pelanggan agar poinnya bisa dicatat di semua toko jaringan."));
      adw_status_page_set_icon_name (self->customers_empty_page, "system-users-symbolic");
    }
  gtk_stack_set_visible_child_name (self->customers_stack, n > 0 ? "list" : "empty");
}

static void
reload_customers (BsnRegistryPage *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->customer_search));

  if (self->path == NULL)
    return;
  self->customer_generation++;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ,
                   search_customers_thread, g_strdup (query != NULL ? query : ""), g_free,
                   (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                   search_customers_done, GUINT_TO_POINTER (self->customer_generation));
}

static void
on_customer_search_changed (BsnRegistryPage *self)
{
  reload_customers (self);
}

static void
on_customer_saved (BsnRegistryPage *self,
                   const char      *name)
{
  BsnWindow *window = BSN_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (self), BSN_TYPE_WINDOW));
  g_autofree char *message = g_strdup_printf (_("Pelanggan “%s” disimpan"), name);

  if (window != NULL)
    bsn_window_show_toast (window, message);
  on_saved (self);
}

static void
open_customer_dialog (BsnRegistryPage   *self,
                      const BsnCustomer *customer)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  BsnCustomerDialog *dialog;

  if (self->path == NULL)
    return;
  dialog = bsn_customer_dialog_new (GTK_WINDOW (root), self->path, customer);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_customer_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_customer_activate (BsnRegistryPage *self,
                      guint            position)
{
  g_autoptr(BsnCustomerObject) object = g_list_model_get_item (G_LIST_MODEL (self->customers), position);

  if (object != NULL)
    open_customer_dialog (self, bsn_customer_object_get_customer (object));
}

static void
add_customer_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  open_customer_dialog (BSN_REGISTRY_PAGE (widget), NULL);
}

static void
on_stack_page_changed (BsnRegistryPage *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "customers") == 0
      && !self->customers_loaded)
    reload_customers (self);
}

/* ---- GObject ---- */

static void
bsn_registry_page_dispose (GObject *object)
{
  BsnRegistryPage *self = (BsnRegistryPage *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BSN_TYPE_REGISTRY_PAGE);
  /* The template's root box is a plain child of this GtkWidget. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->customer_selection);
  g_clear_object (&self->customers);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->stores, g_ptr_array_unref);

  G_OBJECT_CLASS (bsn_registry_page_parent_class)->dispose (object);
}

static void
bsn_registry_page_finalize (GObject *object)
{
  BsnRegistryPage *self = (BsnRegistryPage *) object;

  g_free (self->path);

  G_OBJECT_CLASS (bsn_registry_page_parent_class)->finalize (object);
}

static void
bsn_registry_page_class_init (BsnRegistryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bsn_registry_page_dispose;
  object_class->finalize = bsn_registry_page_finalize;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (BSN_TYPE_CUSTOMER_OBJECT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-registry-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnRegistryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BsnRegistryPage, store_search);
  gtk_widget_class_bind_template_child (widget_class, BsnRegistryPage, store_count_label);
  gtk_widget_class_bind_template_child (widget_class, BsnRegistryPage, stores_list);
  gtk_widget_class_bind_template_child (widget_class, BsnRegistryPage, customer_search);
  gtk_widget_class_bind_template_child (widget_class, BsnRegistryPage, customer_count_label);
  gtk_widget_class_bind_template_child (widget_class, BsnRegistryPage, customers_stack);
  gtk_widget_class_bind_template_child (widget_class, BsnRegistryPage, customers_view);
  gtk_widget_class_bind_template_child (widget_class, BsnRegistryPage, customers_empty_page);
  gtk_widget_class_bind_template_callback (widget_class, on_store_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_store_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_customer_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_customer_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stack_page_changed);

  gtk_widget_class_install_action (widget_class, "registry.add-store", NULL, add_store_action);
  gtk_widget_class_install_action (widget_class, "registry.edit-store", "x", edit_store_action);
  gtk_widget_class_install_action (widget_class, "registry.add-customer", NULL, add_customer_action);
}

static void
bsn_registry_page_init (BsnRegistryPage *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->customers = g_list_store_new (BSN_TYPE_CUSTOMER_OBJECT);
  self->customer_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->customers)));
  gtk_single_selection_set_autoselect (self->customer_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->customer_selection, TRUE);
  gtk_column_view_set_model (self->customers_view, GTK_SELECTION_MODEL (self->customer_selection));
  gtk_list_box_set_filter_func (self->stores_list, store_row_matches, self, NULL);
  placeholder = gtk_label_new (_("Belum ada toko. Tambahkan induk cabang, anak cabang, atau toko pertama jaringan."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_set_margin_top (placeholder, 24);
  gtk_widget_set_margin_bottom (placeholder, 24);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->stores_list, placeholder);
}

void
bsn_registry_page_set_path (BsnRegistryPage *self,
                            const char      *path)
{
  g_return_if_fail (BSN_IS_REGISTRY_PAGE (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->path);
  self->path = g_strdup (path);
  self->customers_loaded = FALSE;
  bsn_registry_page_reload (self);
}

void
bsn_registry_page_reload (BsnRegistryPage *self)
{
  g_return_if_fail (BSN_IS_REGISTRY_PAGE (self));

  reload_stores (self);
  reload_customers (self);
}

void
bsn_registry_page_focus_search (BsnRegistryPage *self)
{
  g_return_if_fail (BSN_IS_REGISTRY_PAGE (self));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "customers") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->customer_search));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->store_search));
}
