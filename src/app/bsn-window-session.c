/* bsn-window-session.c — who is signed in to the window, locking after
 * idle time, and the backups (the "Cadangkan…" and "Pulihkan…" menu items
 * and the automatic daily copy). See bsn-login-dialog.h for the rules.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-auth.h"
#include "bsn-app-util.h"
#include "bsn-backup.h"
#include "bsn-chain.h"
#include "bsn-db-task.h"
#include "bsn-db-logins.h"
#include "bsn-login-dialog.h"
#include "bsn-window-private.h"
#include "bsn-time.h"

#define DAILY_BACKUPS_KEPT 7
#define IDLE_CHECK_SECONDS 15
#define DAILY_BACKUP_DELAY_SECONDS 30

/* ---- Signing in ---- */

/* Shows or hides a strip above the sections at once (no slide: it must
 * not move what is under the pointer). A closed GtkRevealer keeps its
 * child visible to assistive technologies, so the revealer is hidden too. */
static void
show_strip (GtkRevealer *revealer,
            gboolean     show)
{
  gtk_widget_set_visible (GTK_WIDGET (revealer), show);
  gtk_revealer_set_reveal_child (revealer, show);
}

static void
on_signed_in (BsnWindow  *self,
              const char *name,
              int         role)
{
  g_autofree char *message = g_strdup_printf (_("Masuk sebagai %s (%s)"), name,
                                              bsn_user_role_label ((BsnUserRole) role));

  self->login_dialog = NULL;
  self->last_input = g_get_monotonic_time ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->leaflet), TRUE);
  /* Whoever signed in (or was just made pemilik) is a user. */
  self->has_users = TRUE;
  show_strip (self->firstrun_revealer, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.create-owner", FALSE);
  adw_window_title_set_subtitle (self->window_title, message);
  if (!self->pages_loaded)
    {
      self->pages_loaded = TRUE;
      bsn_window_reload_pages (self);
      bsn_window_backup_daily (self);
    }
  bsn_window_show_toast (self, message);
}

static void
on_owner_skipped (BsnWindow *self)
{
  self->login_dialog = NULL;
}

static void
present_login (BsnWindow    *self,
               BsnLoginMode  mode)
{
  BsnLoginDialog *dialog;

  if (self->login_dialog != NULL || self->path == NULL)
    return;
  dialog = bsn_login_dialog_new (GTK_WINDOW (self), self->path, mode);
  self->login_dialog = GTK_WIDGET (dialog);
  g_signal_connect_object (dialog, "signed-in", G_CALLBACK (on_signed_in), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "skipped", G_CALLBACK (on_owner_skipped), self, G_CONNECT_SWAPPED);
  if (mode != BSN_LOGIN_CREATE_OWNER)
    gtk_widget_set_sensitive (GTK_WIDGET (self->leaflet), FALSE);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* What the start of a session needs to know of the database, packed in
 * a pointer that is never NULL (NULL is the task's failure). */
enum
{
  DB_STATE_READ      = 1 << 0,
  DB_STATE_HAS_USERS = 1 << 1,
  DB_STATE_DEMO      = 1 << 2,
};

/* A server login (after `server init`) is signed in by the server itself:
 * the connection's session user is the app's user, no second password. */
typedef struct
{
  int   state;
  char *session_name;   /* signed in by the server, or NULL */
  int   session_role;
} SessionState;

static void
session_state_free (gpointer data)
{
  SessionState *st = data;

  g_free (st->session_name);
  g_free (st);
}

static gpointer
has_users_thread (BsnDb        *db,
                  gpointer      data,
                  GCancellable *cancellable,
                  GError      **error)
{
  g_autofree char *demo = bsn_db_get_meta (db, "demo");
  SessionState *st = g_new0 (SessionState, 1);

  st->state = DB_STATE_READ;
  if (bsn_auth_has_users (db))
    st->state |= DB_STATE_HAS_USERS;
  if (g_strcmp0 (demo, "1") == 0)
    st->state |= DB_STATE_DEMO;
  if (bsn_db_has_server_logins (db) && !bsn_db_is_server_admin (db))
    {
      g_autoptr(GError) login_error = NULL;

      /* Not a login of this network's users: the sign-in dialog says why. */
      if (bsn_auth_login_session (db, &login_error))
        st->session_name = g_strdup (bsn_db_get_actor (db, &st->session_role));
    }
  return st;
}

/* The first-run strip: "Buat pemilik" first, and the other kind of data
 * one click away: an empty network from the demo, the demo from an empty
 * database (unless the demo's own file is the one open). */
static void
update_first_run (BsnWindow *self,
                  gboolean   demo)
{
  g_autofree char *demo_path = bsn_db_default_path ();
  gboolean show = !self->has_users && !self->first_run_skipped;

  if (demo)
    {
      gtk_label_set_label (self->firstrun_data_label,
                           _("Ini data contoh: jaringan Anda sendiri dimulai dari basis data kosong."));
      gtk_button_set_label (self->firstrun_data_button, _("Mulai jaringan _kosong…"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->firstrun_data_button), "app.new-database");
      gtk_widget_set_visible (GTK_WIDGET (self->firstrun_data_button), TRUE);
    }
  else
    {
      gboolean other = g_strcmp0 (self->path, demo_path) != 0 && !bsn_db_location_is_server (demo_path);

      gtk_label_set_label (self->firstrun_data_label,
                           other ? _("Ingin mencoba dulu? Data contoh ada di berkas terpisah.") : "");
      gtk_button_set_label (self->firstrun_data_button, _("Buka data _contoh"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->firstrun_data_button),
                                      "win.open-default-database");
      gtk_widget_set_visible (GTK_WIDGET (self->firstrun_data_button), other);
    }
  show_strip (self->firstrun_revealer, show);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.create-owner", !self->has_users);
}

static void
has_users_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  BsnWindow *self = BSN_WINDOW (object);
  g_autoptr(GError) error = NULL;
  SessionState *answer = bsn_db_task_finish (result, &error);
  g_autofree char *session_name = NULL;
  int session_role;
  int state;

  if (answer == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        g_warning ("Pengguna: %s", error->message);
      return;
    }
  state = answer->state;
  session_name = g_steal_pointer (&answer->session_name);
  session_role = answer->session_role;
  session_state_free (answer);
  self->has_users = (state & DB_STATE_HAS_USERS) != 0;
  show_strip (self->demo_revealer, (state & DB_STATE_DEMO) != 0);
  update_first_run (self, (state & DB_STATE_DEMO) != 0);
  if (self->has_users && session_name != NULL)
    {
      bsn_db_task_set_actor (session_name, session_role);
      on_signed_in (self, session_name, session_role);
      return;
    }
  if (self->has_users)
    {
      present_login (self, BSN_LOGIN_SIGN_IN);
      return;
    }
  /* Offered, not forced: the first-run strip says what to do, and the
   * demo database stays open to anyone who skips it. */
  self->pages_loaded = TRUE;
  bsn_window_reload_pages (self);
  bsn_window_backup_daily (self);
}

void
bsn_window_session_begin (BsnWindow *self)
{
  if (self->login_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->login_dialog));
  self->login_dialog = NULL;
  self->pages_loaded = FALSE;
  self->has_users = FALSE;
  self->first_run_skipped = FALSE;
  bsn_db_task_set_actor (NULL, -1);
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, has_users_thread, NULL, NULL, session_state_free,
                   self->cancellable, has_users_done, NULL);
}

static void
create_owner_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  BsnWindow *self = BSN_WINDOW (widget);

  if (!self->has_users)
    present_login (self, BSN_LOGIN_CREATE_OWNER);
}

static void
skip_first_run_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  BsnWindow *self = BSN_WINDOW (widget);

  /* Until the next start or the next database: the risk has not gone. */
  self->first_run_skipped = TRUE;
  show_strip (self->firstrun_revealer, FALSE);
  bsn_window_show_toast (self, _("Tanpa pemilik, siapa saja dapat mengubah data ini. "
                                 "Buat pemilik kapan saja dari menu utama."));
}

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BsnWindow *self = BSN_WINDOW (widget);

  if (self->has_users && self->pages_loaded)
    present_login (self, BSN_LOGIN_UNLOCK);
}

/* ---- Locking after idle time ---- */

static void
on_input (BsnWindow *self)
{
  self->last_input = g_get_monotonic_time ();
}

static gboolean
on_key_pressed (BsnWindow *self)
{
  on_input (self);
  return GDK_EVENT_PROPAGATE;
}

static gboolean
check_idle (gpointer user_data)
{
  BsnWindow *self = user_data;
  int minutes = self->settings != NULL ? g_settings_get_int (self->settings, "lock-idle-minutes") : 10;

  if (minutes > 0 && self->has_users && self->pages_loaded && self->login_dialog == NULL
      && g_get_monotonic_time () - self->last_input > (gint64) minutes * 60 * G_USEC_PER_SEC)
    present_login (self, BSN_LOGIN_UNLOCK);
  return G_SOURCE_CONTINUE;
}

void
bsn_window_session_init (BsnWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  /* Capture phase: every key and pointer event of the window counts,
   * whichever widget ends up taking it. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (on_input), self);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (on_input), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  self->last_input = g_get_monotonic_time ();
  self->idle_source = g_timeout_add_seconds (IDLE_CHECK_SECONDS, check_idle, self);
}

void
bsn_window_session_dispose (BsnWindow *self)
{
  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->daily_backup_source, g_source_remove);
  if (self->login_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->login_dialog));
  self->login_dialog = NULL;
}

/* ---- Backups ---- */

static gpointer
daily_thread (BsnDb        *db,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  const char *dir = data;
  char *made = NULL;

  if (!bsn_backup_daily (db, dir, DAILY_BACKUPS_KEPT, &made, error))
    return NULL;
  return made != NULL ? made : g_strdup ("");
}

static void
daily_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *made = bsn_db_task_finish (result, &error);

  /* A cashier may not make backups: the next owner's start will. */
  if (made == NULL && !bsn_db_task_error_is_cancelled (error))
    g_message ("Cadangan harian tidak dibuat: %s", error->message);
  else if (made != NULL && *made != '\0')
    g_debug ("Cadangan harian: %s", made);
}

static gboolean
run_daily_backup (gpointer user_data)
{
  BsnWindow *self = user_data;
  char *dir = g_build_filename (g_get_user_data_dir (), "bsn-loyalty", "cadangan", NULL);

  self->daily_backup_source = 0;
  if (self->path != NULL)
    bsn_db_task_run (self, self->path, BSN_DB_TASK_WRITE, daily_thread, dir, g_free, g_free,
                     self->cancellable, daily_done, NULL);
  else
    g_free (dir);
  return G_SOURCE_REMOVE;
}

/* The day's backup copies the whole file; on two cores it would compete
 * with the first pages being read, so it starts a little after opening. */
void
bsn_window_backup_daily (BsnWindow *self)
{
  g_clear_handle_id (&self->daily_backup_source, g_source_remove);
  /* A server is backed up where it runs (pg_dump, README), not copied to
   * each store's PC. */
  if (self->path != NULL && bsn_db_location_is_server (self->path))
    return;
  self->daily_backup_source = g_timeout_add_seconds (DAILY_BACKUP_DELAY_SECONDS, run_daily_backup, self);
}

/* A backup made from the menu, with its fingerprint read back from the
 * copy (as the CLI's backup prints it): the copy witnesses the history at
 * that moment. */
typedef struct
{
  char *path;
  char *fingerprint;
} BackupMade;

static void
backup_made_free (gpointer data)
{
  BackupMade *made = data;

  g_free (made->path);
  g_free (made->fingerprint);
  g_free (made);
}

static gpointer
backup_thread (BsnDb        *db,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  g_autofree char *head = NULL;
  BackupMade *made;
  guint64 entries = 0;

  if (!bsn_backup_to (db, data, error) || !bsn_backup_read_fingerprint (data, &head, &entries, error))
    return NULL;
  made = g_new0 (BackupMade, 1);
  made->path = g_strdup (data);
  made->fingerprint = bsn_chain_fingerprint (head, entries);
  return made;
}

static void
backup_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  BsnWindow *self = BSN_WINDOW (object);
  g_autoptr(GError) error = NULL;
  BackupMade *made = bsn_db_task_finish (result, &error);
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (made == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        bsn_app_show_message (GTK_WIDGET (self), _("Cadangan tidak dibuat"), error->message);
      return;
    }
  name = g_path_get_basename (made->path);
  /* TRANSLATORS: the backup's file name, then its fingerprint
   * ("Sidik buku: 3f2a…c91 @ 48.211"). */
  message = g_strdup_printf (_("Cadangan disimpan: %s · %s"), name, made->fingerprint);
  bsn_window_show_toast (self, message);
  backup_made_free (made);
}

static void
on_backup_chooser_response (GtkNativeDialog *chooser,
                            int              response,
                            BsnWindow       *self)
{
  g_autoptr(GFile) file = NULL;
  char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    path = g_file_get_path (file);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (path == NULL || self->path == NULL)
    {
      g_free (path);
      return;
    }
  bsn_db_task_run (self, self->path, BSN_DB_TASK_WRITE, backup_thread, path, g_free, backup_made_free,
                   NULL, backup_done, NULL);
}

static void
backup_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BsnWindow *self = BSN_WINDOW (widget);
  g_autofree char *today = bsn_time_format_date_iso (bsn_time_now ());
  g_autofree char *name = g_strdup_printf ("bsn-loyalty-%s.db", today);
  GtkFileChooserNative *chooser;

  if (self->path == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Cadangkan basis data"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Simpan"), _("_Batal"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_backup_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gpointer
restore_thread (BsnDb        *db,
                gpointer      data,
                GCancellable *cancellable,
                GError      **error)
{
  char *safety = NULL;

  if (!bsn_backup_restore (db, data, &safety, error))
    return NULL;
  return safety != NULL ? safety : g_strdup ("");
}

static void
restore_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BsnWindow *self = BSN_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *safety = bsn_db_task_finish (result, &error);
  g_autofree char *message = NULL;

  if (safety == NULL)
    {
      /* The library checked the file first: nothing was changed. */
      if (!bsn_db_task_error_is_cancelled (error))
        bsn_app_show_message (GTK_WIDGET (self), _("Basis data tidak dipulihkan"), error->message);
      return;
    }
  message = g_strdup_printf (_("Dipulihkan. Isi sebelumnya disimpan di %s"), *safety ? safety : "-");
  bsn_window_show_toast (self, message);
  /* The restored file may have other users: sign in again, then every
   * page reads the restored data. */
  bsn_window_session_begin (self);
}

static void
on_restore_confirmed (AdwMessageDialog *dialog,
                      const char       *response,
                      BsnWindow        *self)
{
  const char *path = g_object_get_data (G_OBJECT (dialog), "backup-path");

  if (g_strcmp0 (response, "restore") != 0 || path == NULL || self->path == NULL)
    return;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_WRITE, restore_thread, g_strdup (path), g_free, g_free,
                   NULL, restore_done, NULL);
}

static void
on_restore_chooser_response (GtkNativeDialog *chooser,
                             int              response,
                             BsnWindow       *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    path = g_file_get_path (file);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (path == NULL)
    return;
  name = g_path_get_basename (path);
  heading = g_strdup_printf (_("Pulihkan dari “%s”?"), name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Isi basis data yang terbuka diganti dengan isi cadangan ini. "
                                     "Salinan pengaman isi sekarang disimpan di samping berkas basis data, "
                                     "jadi tidak ada yang hilang. Berkas yang rusak atau bukan cadangan BSN "
                                     "ditolak tanpa mengubah apa pun."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Batal"),
                                    "restore", _("_Pulihkan"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "backup-path", g_steal_pointer (&path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_restore_confirmed), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  BsnWindow *self = BSN_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->path == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Pulihkan dari cadangan"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Pilih"), _("_Batal"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Cadangan BSN Loyalty"));
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_restore_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
bsn_window_class_add_session_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.backup", NULL, backup_action);
  gtk_widget_class_install_action (widget_class, "win.restore", NULL, restore_action);
  gtk_widget_class_install_action (widget_class, "win.create-owner", NULL, create_owner_action);
  gtk_widget_class_install_action (widget_class, "win.skip-first-run", NULL, skip_first_run_action);
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK | GDK_SUPER_MASK, "win.lock", NULL);
}
