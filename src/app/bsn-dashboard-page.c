/* bsn-dashboard-page.c — Dasbor (see bsn-dashboard-page.h). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bsn-customer.h"
#include "bsn-dashboard-page.h"
#include "bsn-db-task.h"
#include "bsn-ledger.h"
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
};

G_DEFINE_FINAL_TYPE (BsnDashboardPage, bsn_dashboard_page, GTK_TYPE_WIDGET)

typedef struct
{
  gint64  stores;
  gint64  customers;
  guint64 postings;
} Counts;

static gpointer
count_thread (BsnDb        *db,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  Counts *counts = g_new0 (Counts, 1);

  counts->stores = bsn_store_count (db);
  counts->customers = bsn_customer_count (db);
  if (!bsn_ledger_count_postings (db, NULL, &counts->postings, error))
    {
      g_free (counts);
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
  g_autofree Counts *counts = NULL;
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
                   count_thread, NULL, NULL, g_free,
                   self->cancellable, count_done, NULL);
}
