/* bsn-posting-dialog.c — one posting with its legs (see
 * bsn-posting-dialog.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-db-task.h"
#include "bsn-ledger.h"
#include "bsn-money.h"
#include "bsn-posting-dialog.h"

struct _BsnPostingDialog
{
  AdwWindow             parent_instance;

  char                 *path;
  BsnPostingObject     *posting;
  GCancellable         *cancellable;
  gboolean              busy;

  AdwWindowTitle       *window_title;
  AdwPreferencesGroup  *details_group;
  AdwPreferencesGroup  *legs_group;
  AdwActionRow         *legs_loading_row;
  AdwPreferencesGroup  *reverse_group;
  AdwEntryRow          *reason_row;
  GtkLabel             *error_label;
  GtkButton            *reverse_button;
};

G_DEFINE_FINAL_TYPE (BsnPostingDialog, bsn_posting_dialog, ADW_TYPE_WINDOW)

enum {
  REVERSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A field and its value. Short values stay on one line; @long values
 * (the memo, an error) wrap within a sensible width. */
static void
add_value_row (AdwPreferencesGroup *group,
               const char          *title,
               const char          *value,
               gboolean             money,
               gboolean             long_value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  if (long_value)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_width_chars (GTK_LABEL (label), 28);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 44);
    }
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  if (money)
    gtk_widget_add_css_class (label, "money");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (group, row);
}

static void
fill_details (BsnPostingDialog *self)
{
  BsnPostingObject *p = self->posting;
  const char *memo = bsn_posting_object_get_memo_text (p);
  g_autofree char *title = g_strdup_printf (_("Posting No. %s"), bsn_posting_object_get_number_text (p));

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, bsn_posting_object_get_kind_text (p));
  gtk_window_set_title (GTK_WINDOW (self), title);

  add_value_row (self->details_group, _("Waktu"), bsn_posting_object_get_time_text (p), FALSE, FALSE);
  add_value_row (self->details_group, _("Jenis"), bsn_posting_object_get_kind_text (p), FALSE, FALSE);
  add_value_row (self->details_group, _("Toko"), bsn_posting_object_get_store_text (p), FALSE, FALSE);
  add_value_row (self->details_group, _("Pelanggan"), bsn_posting_object_get_customer_text (p), FALSE, FALSE);
  add_value_row (self->details_group, _("Jumlah"), bsn_posting_object_get_amount_text (p), TRUE, FALSE);
  add_value_row (self->details_group, _("Keterangan"), *memo != '\0' ? memo : "—", FALSE, TRUE);
}

/* Cancelling is offered only where the ledger allows it; otherwise the
 * group says why. */
static void
fill_reverse_group (BsnPostingDialog *self)
{
  gint64 reversed_by = bsn_posting_object_get_reversed_by (self->posting);
  gint64 reverses = bsn_posting_object_get_reverses_id (self->posting);
  g_autofree char *why = NULL;

  if (reversed_by != 0)
    {
      g_autofree char *number = bsn_posting_number_format (reversed_by);
      why = g_strdup_printf (_("Posting ini sudah dibatalkan oleh posting No. %s."), number);
    }
  else if (reverses != 0)
    {
      g_autofree char *number = bsn_posting_number_format (reverses);
      why = g_strdup_printf (_("Posting ini membatalkan posting No. %s; pembatalan tidak dapat dibatalkan lagi."),
                             number);
    }

  if (why != NULL)
    {
      adw_preferences_group_set_description (self->reverse_group, why);
      gtk_widget_set_visible (GTK_WIDGET (self->reason_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->reverse_button), FALSE);
    }
}

static void
update_actions (BsnPostingDialog *self)
{
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->reason_row));
  g_autofree char *trimmed = g_strstrip (g_strdup (reason));
  gboolean can = !self->busy && *trimmed != '\0'
              && bsn_posting_object_get_reversed_by (self->posting) == 0
              && bsn_posting_object_get_reverses_id (self->posting) == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "posting.reverse", can);
}

static void
show_error (BsnPostingDialog *self,
            const char       *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* ---- Legs ---- */

static gpointer
list_legs_thread (BsnDb        *db,
                  gpointer      data,
                  GCancellable *cancellable,
                  GError      **error)
{
  gint64 *id = data;

  return bsn_ledger_list_legs (db, *id, error);
}

static void
list_legs_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  BsnPostingDialog *self = BSN_POSTING_DIALOG (object);
  g_autoptr(GPtrArray) legs = NULL;
  g_autoptr(GError) error = NULL;

  legs = bsn_db_task_finish (result, &error);
  if (legs == NULL && bsn_db_task_error_is_cancelled (error))
    return;
  adw_preferences_group_remove (self->legs_group, GTK_WIDGET (self->legs_loading_row));
  self->legs_loading_row = NULL;
  if (legs == NULL)
    {
      add_value_row (self->legs_group, _("Kaki tidak dapat dibaca"), error->message, FALSE, TRUE);
      return;
    }

  for (guint i = 0; i < legs->len; i++)
    {
      BsnLegRow *leg = g_ptr_array_index (legs, i);
      g_autofree char *amount = bsn_money_format (leg->amount_rp);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label = gtk_label_new (amount);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), leg->account_label);
      if (leg->earned_rp != 0)
        {
          g_autofree char *points = bsn_points_format (leg->earned_rp);
          g_autofree char *subtitle = g_strdup_printf (_("Poin status %s%s"),
                                                       leg->earned_rp > 0 ? "+" : "", points);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      gtk_widget_add_css_class (label, "money");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      adw_preferences_group_add (self->legs_group, row);
    }
}

/* ---- Cancelling (reversal) ---- */

typedef struct
{
  gint64  posting_id;
  char   *reason;
} ReverseRequest;

static void
reverse_request_free (gpointer data)
{
  ReverseRequest *req = data;

  g_free (req->reason);
  g_free (req);
}

static gpointer
reverse_thread (BsnDb        *db,
                gpointer      data,
                GCancellable *cancellable,
                GError      **error)
{
  ReverseRequest *req = data;
  gint64 *reversal_id = g_new0 (gint64, 1);

  if (!bsn_ledger_reverse (db, req->posting_id, req->reason, bsn_time_now (), reversal_id, error))
    {
      g_free (reversal_id);
      return NULL;
    }
  return reversal_id;
}

static void
reverse_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BsnPostingDialog *self = BSN_POSTING_DIALOG (object);
  g_autofree gint64 *reversal_id = NULL;
  g_autoptr(GError) error = NULL;

  reversal_id = bsn_db_task_finish (result, &error);
  self->busy = FALSE;
  if (self->cancellable == NULL)
    {
      /* Disposed meanwhile: the ledger still needs to hear of it. */
      if (reversal_id != NULL)
        g_signal_emit (self, signals[REVERSED], 0, *reversal_id);
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->reason_row), TRUE);
  update_actions (self);
  if (reversal_id == NULL)
    {
      /* The dialog stays open with the reason as typed. */
      show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[REVERSED], 0, *reversal_id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
start_reverse (BsnPostingDialog *self)
{
  ReverseRequest *req = g_new0 (ReverseRequest, 1);

  req->posting_id = bsn_posting_object_get_id (self->posting);
  req->reason = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row)));
  self->busy = TRUE;
  show_error (self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reason_row), FALSE);
  update_actions (self);
  bsn_db_task_run (self, self->path, BSN_DB_TASK_WRITE,
                   reverse_thread, req, reverse_request_free, g_free,
                   NULL, reverse_done, NULL);
}

static void
on_confirm_response (AdwMessageDialog *dialog,
                     const char       *response,
                     BsnPostingDialog *self)
{
  if (g_strcmp0 (response, "reverse") == 0)
    start_reverse (self);
}

static void
reverse_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  BsnPostingDialog *self = BSN_POSTING_DIALOG (widget);
  const char *number = bsn_posting_object_get_number_text (self->posting);
  g_autofree char *heading = g_strdup_printf (_("Batalkan posting No. %s?"), number);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Posting pembalik dicatat sekarang dan semua kakinya dibalik. "
                                     "Pembatalan tidak dapat dibatalkan lagi."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Kembali"),
                                    "reverse", _("_Batalkan posting"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reverse",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A cancellation being written finishes before the dialog goes. */
static gboolean
bsn_posting_dialog_close_request (GtkWindow *window)
{
  BsnPostingDialog *self = BSN_POSTING_DIALOG (window);

  if (self->busy)
    return TRUE;
  return GTK_WINDOW_CLASS (bsn_posting_dialog_parent_class)->close_request (window);
}

static void
on_reason_changed (BsnPostingDialog *self)
{
  update_actions (self);
}

static void
on_reason_activated (BsnPostingDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "posting.reverse", NULL);
}

/* ---- GObject ---- */

static void
bsn_posting_dialog_dispose (GObject *object)
{
  BsnPostingDialog *self = (BsnPostingDialog *) object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BSN_TYPE_POSTING_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->posting);

  G_OBJECT_CLASS (bsn_posting_dialog_parent_class)->dispose (object);
}

static void
bsn_posting_dialog_finalize (GObject *object)
{
  BsnPostingDialog *self = (BsnPostingDialog *) object;

  g_free (self->path);

  G_OBJECT_CLASS (bsn_posting_dialog_parent_class)->finalize (object);
}

static void
bsn_posting_dialog_class_init (BsnPostingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bsn_posting_dialog_dispose;
  object_class->finalize = bsn_posting_dialog_finalize;
  window_class->close_request = bsn_posting_dialog_close_request;

  signals[REVERSED] =
    g_signal_new ("reversed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-posting-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnPostingDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, BsnPostingDialog, details_group);
  gtk_widget_class_bind_template_child (widget_class, BsnPostingDialog, legs_group);
  gtk_widget_class_bind_template_child (widget_class, BsnPostingDialog, legs_loading_row);
  gtk_widget_class_bind_template_child (widget_class, BsnPostingDialog, reverse_group);
  gtk_widget_class_bind_template_child (widget_class, BsnPostingDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, BsnPostingDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, BsnPostingDialog, reverse_button);
  gtk_widget_class_bind_template_callback (widget_class, on_reason_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_reason_activated);

  gtk_widget_class_install_action (widget_class, "posting.reverse", NULL, reverse_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bsn_posting_dialog_init (BsnPostingDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

BsnPostingDialog *
bsn_posting_dialog_new (GtkWindow        *parent,
                        const char       *path,
                        BsnPostingObject *posting)
{
  BsnPostingDialog *self;
  gint64 *posting_id;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (BSN_IS_POSTING_OBJECT (posting), NULL);

  self = g_object_new (BSN_TYPE_POSTING_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->path = g_strdup (path);
  self->posting = g_object_ref (posting);
  fill_details (self);
  fill_reverse_group (self);
  update_actions (self);

  posting_id = g_new (gint64, 1);
  *posting_id = bsn_posting_object_get_id (posting);
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ,
                   list_legs_thread, posting_id, g_free, (GDestroyNotify) g_ptr_array_unref,
                   self->cancellable, list_legs_done, NULL);
  return self;
}
