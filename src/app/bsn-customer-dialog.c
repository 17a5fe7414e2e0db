/* bsn-customer-dialog.c — adding or editing a customer (see
 * bsn-customer-dialog.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-customer-dialog.h"
#include "bsn-db-task.h"
#include "bsn-error.h"

struct _BsnCustomerDialog
{
  AdwWindow       parent_instance;

  char           *path;
  BsnCustomer    *customer;   /* the one edited; id 0 when new */
  gboolean        busy;

  AdwWindowTitle *window_title;
  GtkSpinner     *spinner;
  GtkLabel       *error_label;
  AdwEntryRow    *code_row;
  AdwEntryRow    *name_row;
  AdwEntryRow    *phone_row;
  AdwEntryRow    *referrer_row;   /* a new customer's referrer (DOMAIN.md §4.5) */
};

typedef struct
{
  BsnCustomer *customer;
  char        *referrer;   /* code, or NULL */
} SaveRequest;

static void
save_request_free (gpointer data)
{
  SaveRequest *req = data;

  bsn_customer_free (req->customer);
  g_free (req->referrer);
  g_free (req);
}

G_DEFINE_FINAL_TYPE (BsnCustomerDialog, bsn_customer_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (BsnCustomerDialog *self,
            const char        *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
on_row_changed (BsnCustomerDialog *self,
                GtkWidget         *row)
{
  gtk_widget_remove_css_class (row, "error");
}

static void
on_entry_activated (BsnCustomerDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "customer.save", NULL);
}

static void
set_busy (BsnCustomerDialog *self,
          gboolean           busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.save", !busy);
}

static gpointer
save_thread (BsnDb        *db,
             gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  SaveRequest *req = data;
  BsnCustomer *customer = req->customer;

  if (!bsn_customer_validate (customer, error))
    return NULL;
  if (customer->id != 0 ? !bsn_customer_update (db, customer, error)
      : req->referrer != NULL ? !bsn_customer_add_referred (db, customer, req->referrer, error)
                              : !bsn_customer_add (db, customer, error))
    return NULL;
  return g_strdup (customer->name);
}

static void
save_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  BsnCustomerDialog *self = BSN_CUSTOMER_DIALOG (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  name = bsn_db_task_finish (result, &error);
  set_busy (self, FALSE);
  if (name == NULL)
    {
      /* Everything typed stays; the message is the library's. A taken
       * code is the one error that clearly belongs to one row. */
      show_error (self, error->message);
      if (g_error_matches (error, BSN_ERROR, BSN_ERROR_EXISTS))
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->code_row), "error");
          gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
        }
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, name);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BsnCustomerDialog *self = BSN_CUSTOMER_DIALOG (widget);
  g_autoptr(BsnCustomer) customer = bsn_customer_copy (self->customer);

  if (self->busy)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);

  g_free (customer->code);
  customer->code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->code_row))));
  g_free (customer->name);
  customer->name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_free (customer->phone);
  customer->phone = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->phone_row))));

  {
    SaveRequest *req = g_new0 (SaveRequest, 1);
    g_autofree char *referrer = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->referrer_row))));

    req->customer = g_steal_pointer (&customer);
    if (req->customer->id == 0 && *referrer != '\0')
      req->referrer = g_steal_pointer (&referrer);
    set_busy (self, TRUE);
    bsn_db_task_run (self, self->path, BSN_DB_TASK_WRITE,
                     save_thread, req, save_request_free, g_free,
                     NULL, save_done, NULL);
  }
}

/* A save in progress finishes before the dialog goes. */
static gboolean
bsn_customer_dialog_close_request (GtkWindow *window)
{
  if (BSN_CUSTOMER_DIALOG (window)->busy)
    return TRUE;
  return GTK_WINDOW_CLASS (bsn_customer_dialog_parent_class)->close_request (window);
}

static void
bsn_customer_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BSN_TYPE_CUSTOMER_DIALOG);

  G_OBJECT_CLASS (bsn_customer_dialog_parent_class)->dispose (object);
}

static void
bsn_customer_dialog_finalize (GObject *object)
{
  BsnCustomerDialog *self = (BsnCustomerDialog *) object;

  g_free (self->path);
  g_clear_pointer (&self->customer, bsn_customer_free);

  G_OBJECT_CLASS (bsn_customer_dialog_parent_class)->finalize (object);
}

static void
bsn_customer_dialog_class_init (BsnCustomerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bsn_customer_dialog_dispose;
  object_class->finalize = bsn_customer_dialog_finalize;
  window_class->close_request = bsn_customer_dialog_close_request;

  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-customer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnCustomerDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, BsnCustomerDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, BsnCustomerDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, BsnCustomerDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, BsnCustomerDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, BsnCustomerDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, BsnCustomerDialog, referrer_row);
  gtk_widget_class_bind_template_callback (widget_class, on_row_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);

  gtk_widget_class_install_action (widget_class, "customer.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "customer.save", NULL);
}

static void
bsn_customer_dialog_init (BsnCustomerDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

BsnCustomerDialog *
bsn_customer_dialog_new (GtkWindow         *parent,
                         const char        *path,
                         const BsnCustomer *customer)
{
  BsnCustomerDialog *self;
  const char *title = customer != NULL ? _("Ubah pelanggan") : _("Pelanggan baru");

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (BSN_TYPE_CUSTOMER_DIALOG, "transient-for", parent, NULL);
  self->path = g_strdup (path);
  self->customer = customer != NULL ? bsn_customer_copy (customer) : bsn_customer_new ();

  adw_window_title_set_title (self->window_title, title);
  if (customer != NULL)
    adw_window_title_set_subtitle (self->window_title, customer->code);
  gtk_window_set_title (GTK_WINDOW (self), title);

  gtk_editable_set_text (GTK_EDITABLE (self->code_row), self->customer->code ? self->customer->code : "");
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), self->customer->name ? self->customer->name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), self->customer->phone ? self->customer->phone : "");
  /* Who brought a customer is said once, when the customer is new
   * (`customer edit --referred-by` sets it later for one without). */
  gtk_widget_set_visible (GTK_WIDGET (self->referrer_row), self->customer->id == 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
  return self;
}
