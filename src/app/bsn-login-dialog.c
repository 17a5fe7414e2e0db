/* bsn-login-dialog.c — signing in (see bsn-login-dialog.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-auth.h"
#include "bsn-db-task.h"
#include "bsn-login-dialog.h"

struct _BsnLoginDialog
{
  AdwWindow             parent_instance;

  char                 *path;
  BsnLoginMode          mode;
  GCancellable         *cancellable;
  gboolean              done;

  AdwWindowTitle       *window_title;
  GtkButton            *skip_button;
  GtkButton            *confirm_button;
  GtkImage             *icon;
  GtkLabel             *title_label;
  GtkLabel             *description_label;
  AdwEntryRow          *name_row;
  AdwPasswordEntryRow  *password_row;
  AdwPasswordEntryRow  *repeat_row;
  GtkLabel             *error_label;
};

G_DEFINE_FINAL_TYPE (BsnLoginDialog, bsn_login_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNED_IN,
  SKIPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char    *name;
  char    *password;
  gboolean create;
} LoginRequest;

typedef struct
{
  char *name;
  int   role;
} LoginResult;

static void
login_request_free (gpointer data)
{
  LoginRequest *req = data;

  g_free (req->name);
  if (req->password != NULL)
    memset (req->password, 0, strlen (req->password));
  g_free (req->password);
  g_free (req);
}

static void
login_result_free (gpointer data)
{
  LoginResult *res = data;

  g_free (res->name);
  g_free (res);
}

static gpointer
login_thread (BsnDb        *db,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  LoginRequest *req = data;
  LoginResult *res;
  int role = -1;

  if (req->create && !bsn_auth_add_user (db, req->name, BSN_ROLE_PEMILIK, req->password, error))
    return NULL;
  if (!bsn_auth_login (db, req->name, req->password, error))
    return NULL;
  res = g_new0 (LoginResult, 1);
  res->name = g_strdup (bsn_db_get_actor (db, &role));
  res->role = role;
  return res;
}

static void
show_error (BsnLoginDialog *self,
            const char     *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

/* While signing in the fields are insensitive. The focus leaves them
 * first: a GtkText made insensitive while focused gets no focus-out,
 * and its cursor blink then warns "GtkText - did not receive a
 * focus-out event" (fatal under G_DEBUG=fatal-warnings). login_done()
 * puts it back on the password after a refusal. */
static void
set_busy (BsnLoginDialog *self,
          gboolean        busy)
{
  if (busy)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->confirm_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->repeat_row), !busy);
}

static void
login_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BsnLoginDialog *self = BSN_LOGIN_DIALOG (object);
  LoginResult *res;
  g_autoptr(GError) error = NULL;

  res = bsn_db_task_finish (result, &error);
  if (res == NULL)
    {
      if (bsn_db_task_error_is_cancelled (error))
        return;
      set_busy (self, FALSE);
      show_error (self, error->message);
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->repeat_row), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  bsn_db_task_set_actor (res->name, res->role);
  self->done = TRUE;
  g_signal_emit (self, signals[SIGNED_IN], 0, res->name, res->role);
  login_result_free (res);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_confirm_clicked (BsnLoginDialog *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autofree char *trimmed = g_strstrip (g_strdup (name));
  LoginRequest *req;

  if (*trimmed == '\0')
    {
      show_error (self, _("Isi nama pengguna."));
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }
  if (*password == '\0')
    {
      show_error (self, _("Isi kata sandi."));
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  if (self->mode == BSN_LOGIN_CREATE_OWNER
      && g_strcmp0 (password, gtk_editable_get_text (GTK_EDITABLE (self->repeat_row))) != 0)
    {
      show_error (self, _("Kedua kata sandi tidak sama."));
      gtk_widget_grab_focus (GTK_WIDGET (self->repeat_row));
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);
  req = g_new0 (LoginRequest, 1);
  req->name = g_steal_pointer (&trimmed);
  req->password = g_strdup (password);
  req->create = self->mode == BSN_LOGIN_CREATE_OWNER;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_WRITE, login_thread, req, login_request_free,
                   login_result_free, self->cancellable, login_done, NULL);
}

/* Enter signs in from the name field too, once a password is there;
 * before, it moves on to the password. */
static void
on_name_activated (BsnLoginDialog *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->password_row)) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else if (self->mode == BSN_LOGIN_CREATE_OWNER
           && *gtk_editable_get_text (GTK_EDITABLE (self->repeat_row)) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->repeat_row));
  else
    on_confirm_clicked (self);
}

static void
on_password_activated (BsnLoginDialog *self)
{
  if (self->mode == BSN_LOGIN_CREATE_OWNER)
    gtk_widget_grab_focus (GTK_WIDGET (self->repeat_row));
  else
    on_confirm_clicked (self);
}

static void
on_skip_clicked (BsnLoginDialog *self)
{
  self->done = TRUE;
  g_signal_emit (self, signals[SKIPPED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
bsn_login_dialog_close_request (GtkWindow *window)
{
  BsnLoginDialog *self = BSN_LOGIN_DIALOG (window);

  GtkWindow *parent = gtk_window_get_transient_for (window);

  if (self->done)
    return FALSE;
  /* Creating the owner can be skipped; signing in cannot be dismissed,
   * but closing the dialog closes the window it guards. */
  if (self->mode == BSN_LOGIN_CREATE_OWNER)
    on_skip_clicked (self);
  else if (parent != NULL)
    gtk_window_close (parent);
  return TRUE;
}

/* The keys go to the first field to fill: the name, or the password
 * when the name is known (unlocking). Set once the dialog is on screen:
 * GTK 4.8 tells assistive technologies of a focus set before that. */
static void
bsn_login_dialog_map (GtkWidget *widget)
{
  BsnLoginDialog *self = BSN_LOGIN_DIALOG (widget);

  GTK_WIDGET_CLASS (bsn_login_dialog_parent_class)->map (widget);
  if (*gtk_editable_get_text (GTK_EDITABLE (self->name_row)) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
bsn_login_dialog_dispose (GObject *object)
{
  BsnLoginDialog *self = (BsnLoginDialog *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (bsn_login_dialog_parent_class)->dispose (object);
}

static void
bsn_login_dialog_finalize (GObject *object)
{
  BsnLoginDialog *self = (BsnLoginDialog *) object;

  g_free (self->path);

  G_OBJECT_CLASS (bsn_login_dialog_parent_class)->finalize (object);
}

static void
bsn_login_dialog_class_init (BsnLoginDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bsn_login_dialog_dispose;
  object_class->finalize = bsn_login_dialog_finalize;
  window_class->close_request = bsn_login_dialog_close_request;
  widget_class->map = bsn_login_dialog_map;

  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT);
  signals[SKIPPED] = g_signal_new ("skipped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-login-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnLoginDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, BsnLoginDialog, skip_button);
  gtk_widget_class_bind_template_child (widget_class, BsnLoginDialog, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, BsnLoginDialog, icon);
  gtk_widget_class_bind_template_child (widget_class, BsnLoginDialog, title_label);
  gtk_widget_class_bind_template_child (widget_class, BsnLoginDialog, description_label);
  gtk_widget_class_bind_template_child (widget_class, BsnLoginDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, BsnLoginDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, BsnLoginDialog, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, BsnLoginDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_confirm_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_name_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_password_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_skip_clicked);
}

static void
bsn_login_dialog_init (BsnLoginDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

BsnLoginDialog *
bsn_login_dialog_new (GtkWindow    *parent,
                      const char   *path,
                      BsnLoginMode  mode)
{
  BsnLoginDialog *self = g_object_new (BSN_TYPE_LOGIN_DIALOG, "transient-for", parent, NULL);
  g_autofree char *actor = NULL;

  self->path = g_strdup (path);
  self->mode = mode;
  if (mode == BSN_LOGIN_CREATE_OWNER)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Buat pemilik"));
      adw_window_title_set_title (self->window_title, _("Buat pemilik"));
      gtk_image_set_from_icon_name (self->icon, "avatar-default-symbolic");
      gtk_label_set_label (self->title_label, _("Lindungi basis data ini"));
      gtk_label_set_label (self->description_label,
                           _("Belum ada pengguna: siapa saja dapat mengubah data. Buat pemilik (kata sandi paling sedikit 8 karakter) agar setiap perubahan tercatat atas nama orang yang masuk, atau lewati untuk saat ini."));
      gtk_button_set_label (self->confirm_button, _("_Buat pemilik"));
      gtk_widget_set_visible (GTK_WIDGET (self->skip_button), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->repeat_row), TRUE);
    }
  else if (mode == BSN_LOGIN_UNLOCK)
    {
      actor = bsn_db_task_dup_actor (NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Terkunci"));
      adw_window_title_set_title (self->window_title, _("Terkunci"));
      gtk_label_set_label (self->title_label, _("BSN Loyalty terkunci"));
      gtk_label_set_label (self->description_label,
                           _("Terkunci karena lama tidak dipakai. Masuk lagi untuk melanjutkan; halaman yang terbuka tetap seperti semula."));
      if (actor != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->name_row), actor);
    }
  return self;
}
