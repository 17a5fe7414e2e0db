/* bsn-users-page.c — Pengguna & Audit (see bsn-users-page.h). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-db-task.h"
#include "bsn-time.h"
#include "bsn-app-util.h"
#include "bsn-users-page.h"

#define AUDIT_SHOWN 500

struct _BsnUsersPage
{
  GtkWidget     parent_instance;

  char         *path;
  GCancellable *cancellable;
  GPtrArray    *audit;        /* BsnAuditEntry, as last listed */

  GtkListBox   *user_list;
  AdwEntryRow  *from_row;
  AdwEntryRow  *to_row;
  AdwComboRow  *topic_row;
  GtkListBox   *audit_list;
};

G_DEFINE_FINAL_TYPE (BsnUsersPage, bsn_users_page, GTK_TYPE_WIDGET)

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
text_row_new (const char *title,
              const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

/* ---- Users ---- */

static gpointer
users_thread (BsnDb        *db,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  return bsn_auth_list_users (db, error);
}

/* A change to one user: a role (role >= 0) or the active switch. */
typedef struct
{
  char    *name;
  int      role;
  gboolean active;
} UserChange;

static void
user_change_free (gpointer data)
{
  UserChange *c = data;

  g_free (c->name);
  g_free (c);
}

static gpointer
change_user_thread (BsnDb        *db,
                    gpointer      data,
                    GCancellable *cancellable,
                    GError      **error)
{
  UserChange *c = data;
  gboolean ok = c->role >= 0 ? bsn_auth_set_role (db, c->name, (BsnUserRole) c->role, error)
                             : bsn_auth_set_active (db, c->name, c->active, error);

  if (!ok)
    return NULL;
  if (c->role >= 0)
    return g_strdup_printf (_("Peran %s sekarang %s"), c->name, bsn_user_role_label ((BsnUserRole) c->role));
  return g_strdup_printf (c->active ? _("%s aktif kembali dan dapat masuk") : _("%s dinonaktifkan dan tidak dapat masuk"),
                          c->name);
}

static void
change_user_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  BsnUsersPage *self = BSN_USERS_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = bsn_db_task_finish (result, &error);

  if (message == NULL)
    {
      if (bsn_db_task_error_is_cancelled (error))
        return;
      bsn_app_show_message (GTK_WIDGET (self), _("Pengguna tidak diubah"), error->message);
    }
  else
    bsn_app_show_toast (GTK_WIDGET (self), message);
  /* Either way the list shows what the database holds now. */
  bsn_users_page_reload (self);
}

static void
run_change (BsnUsersPage *self,
            const char   *name,
            int           role,
            gboolean      active)
{
  UserChange *c = g_new0 (UserChange, 1);

  if (self->path == NULL)
    return;
  c->name = g_strdup (name);
  c->role = role;
  c->active = active;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_WRITE, change_user_thread, c, user_change_free, g_free,
                   self->cancellable, change_user_done, NULL);
}

static void
on_role_selected (GtkDropDown  *dropdown,
                  GParamSpec   *pspec,
                  BsnUsersPage *self)
{
  run_change (self, g_object_get_data (G_OBJECT (dropdown), "user"), (int) gtk_drop_down_get_selected (dropdown),
              FALSE);
}

static void
on_active_toggled (GtkSwitch    *toggle,
                   GParamSpec   *pspec,
                   BsnUsersPage *self)
{
  run_change (self, g_object_get_data (G_OBJECT (toggle), "user"), -1, gtk_switch_get_active (toggle));
}

/* A user's row: the name, a role dropdown and an "Aktif" switch; the
 * library refuses what the signed-in user may not change. */
static GtkWidget *
user_row_new (BsnUsersPage  *self,
              const BsnUser *u)
{
  const char *roles[] = { bsn_user_role_label (BSN_ROLE_PEMILIK), bsn_user_role_label (BSN_ROLE_MANAJER),
                          bsn_user_role_label (BSN_ROLE_PEMBUKUAN), bsn_user_role_label (BSN_ROLE_KASIR), NULL };
  g_autofree char *role_label = g_strdup_printf (_("Peran %s"), u->name);
  g_autofree char *active_label = g_strdup_printf (_("%s aktif"), u->name);
  GtkWidget *row = text_row_new (u->name, u->active ? _("Aktif: dapat masuk")
                                                    : _("Nonaktif: tidak dapat masuk"));
  GtkWidget *dropdown = gtk_drop_down_new_from_strings (roles);
  GtkWidget *toggle = gtk_switch_new ();

  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), u->role);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (dropdown, _("Peran pengguna (pemilik saja yang dapat mengubah)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, role_label, -1);
  gtk_switch_set_active (GTK_SWITCH (toggle), u->active);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (toggle, _("Aktif: dapat masuk. Nonaktif: tidak dapat masuk lagi."));
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, active_label, -1);
  g_object_set_data_full (G_OBJECT (dropdown), "user", g_strdup (u->name), g_free);
  g_object_set_data_full (G_OBJECT (toggle), "user", g_strdup (u->name), g_free);
  /* Connected after the initial values, so only the user's changes run. */
  g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (on_role_selected), self, 0);
  g_signal_connect_object (toggle, "notify::active", G_CALLBACK (on_active_toggled), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), dropdown);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  return row;
}

static void
users_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BsnUsersPage *self = BSN_USERS_PAGE (object);
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;

  users = bsn_db_task_finish (result, &error);
  if (users == NULL && bsn_db_task_error_is_cancelled (error))
    return;
  clear_list (self->user_list);
  if (users == NULL)
    {
      /* E.g. the signed-in user was just disabled by another owner. */
      gtk_list_box_append (self->user_list, text_row_new (_("Daftar pengguna tidak terbaca"), error->message));
      return;
    }
  for (guint i = 0; i < users->len; i++)
    gtk_list_box_append (self->user_list, user_row_new (self, g_ptr_array_index (users, i)));
  if (users->len == 0)
    gtk_list_box_append (self->user_list,
                         text_row_new (_("Belum ada pengguna"),
                                       _("Siapa saja dapat mengubah basis data ini. Pengguna pertama harus pemilik.")));
}

typedef struct
{
  char        *name;
  char        *password;
  BsnUserRole  role;
} NewUser;

static void
new_user_free (gpointer data)
{
  NewUser *u = data;

  g_free (u->name);
  if (u->password != NULL)
    memset (u->password, 0, strlen (u->password));
  g_free (u->password);
  g_free (u);
}

static gpointer
add_user_thread (BsnDb        *db,
                 gpointer      data,
                 GCancellable *cancellable,
                 GError      **error)
{
  NewUser *u = data;

  if (!bsn_auth_add_user (db, u->name, u->role, u->password, error))
    return NULL;
  return g_strdup (u->name);
}

static void
add_user_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  BsnUsersPage *self = BSN_USERS_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = bsn_db_task_finish (result, &error);
  g_autofree char *message = NULL;

  if (name == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        bsn_app_show_message (GTK_WIDGET (self), _("Pengguna tidak ditambahkan"), error->message);
      return;
    }
  message = g_strdup_printf (_("Pengguna %s ditambahkan"), name);
  bsn_app_show_toast (GTK_WIDGET (self), message);
  bsn_users_page_reload (self);
}

static void
on_add_response (AdwMessageDialog *dialog,
                 const char       *response,
                 BsnUsersPage     *self)
{
  GtkEditable *name = g_object_get_data (G_OBJECT (dialog), "name");
  GtkEditable *password = g_object_get_data (G_OBJECT (dialog), "password");
  GtkEditable *repeat = g_object_get_data (G_OBJECT (dialog), "repeat");
  AdwComboRow *role = g_object_get_data (G_OBJECT (dialog), "role");
  NewUser *u;

  if (g_strcmp0 (response, "add") != 0 || self->path == NULL)
    return;
  if (g_strcmp0 (gtk_editable_get_text (password), gtk_editable_get_text (repeat)) != 0)
    {
      bsn_app_show_message (GTK_WIDGET (self), _("Kata sandi tidak sama"), _("Ketik kata sandi yang sama dua kali."));
      return;
    }
  u = g_new0 (NewUser, 1);
  u->name = g_strstrip (g_strdup (gtk_editable_get_text (name)));
  u->password = g_strdup (gtk_editable_get_text (password));
  u->role = (BsnUserRole) adw_combo_row_get_selected (role);
  bsn_db_task_run (self, self->path, BSN_DB_TASK_WRITE, add_user_thread, u, new_user_free, g_free,
                   self->cancellable, add_user_done, NULL);
}

static void
on_add_clicked (BsnUsersPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *roles[] = { bsn_user_role_label (BSN_ROLE_PEMILIK), bsn_user_role_label (BSN_ROLE_MANAJER),
                          bsn_user_role_label (BSN_ROLE_PEMBUKUAN), bsn_user_role_label (BSN_ROLE_KASIR), NULL };
  g_autoptr(GtkStringList) role_names = gtk_string_list_new (roles);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Tambah pengguna"),
                                              _("Kata sandi paling sedikit 8 karakter."));
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *name = adw_entry_row_new ();
  GtkWidget *role = adw_combo_row_new ();
  GtkWidget *password = adw_password_entry_row_new ();
  GtkWidget *repeat = adw_password_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name), _("Nama pengguna"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (role), _("Peran"));
  adw_combo_row_set_model (ADW_COMBO_ROW (role), G_LIST_MODEL (role_names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (role), BSN_ROLE_KASIR);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (password), _("Kata sandi"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (repeat), _("Ulangi kata sandi"));
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (repeat), TRUE);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), name);
  gtk_list_box_append (GTK_LIST_BOX (list), role);
  gtk_list_box_append (GTK_LIST_BOX (list), password);
  gtk_list_box_append (GTK_LIST_BOX (list), repeat);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Batal"), "add", _("_Tambah"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "name", name);
  g_object_set_data (G_OBJECT (dialog), "role", role);
  g_object_set_data (G_OBJECT (dialog), "password", password);
  g_object_set_data (G_OBJECT (dialog), "repeat", repeat);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_add_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (name);
}

/* ---- Audit trail ---- */

typedef struct
{
  gint64  from;
  gint64  to;
  char   *action;
} AuditQuery;

static void
audit_query_free (gpointer data)
{
  AuditQuery *q = data;

  g_free (q->action);
  g_free (q);
}

static gpointer
audit_thread (BsnDb        *db,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  AuditQuery *q = data;
  GPtrArray *entries = bsn_audit_list (db, q->from, q->to, q->action, error);

  /* The sentences name stores and lots: read them here, off the main loop. */
  for (guint i = 0; entries != NULL && i < entries->len && i < AUDIT_SHOWN; i++)
    {
      BsnAuditEntry *e = g_ptr_array_index (entries, i);
      e->sentence = bsn_audit_entry_sentence (db, e);
    }
  return entries;
}

static char *
audit_time (gint64 at)
{
  return bsn_time_format_datetime_unix (at);
}

static void
audit_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BsnUsersPage *self = BSN_USERS_PAGE (object);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = bsn_db_task_finish (result, &error);
  if (entries == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        bsn_app_show_message (GTK_WIDGET (self), _("Jejak audit tidak terbaca"), error->message);
      return;
    }
  clear_list (self->audit_list);
  for (guint i = 0; i < entries->len && i < AUDIT_SHOWN; i++)
    {
      BsnAuditEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *when = audit_time (e->at);
      GtkWidget *row = text_row_new (e->sentence, when);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      gtk_list_box_append (self->audit_list, row);
    }
  if (entries->len == 0)
    gtk_list_box_append (self->audit_list, text_row_new (_("Jejak audit kosong untuk saringan ini"), NULL));
  g_clear_pointer (&self->audit, g_ptr_array_unref);
  self->audit = g_steal_pointer (&entries);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.export", self->audit->len > 0);
}

/* A local date's midnight as a UTC instant: audit times are real instants. */
static gboolean
parse_local_date (AdwEntryRow *row,
                  gint64       days_after,
                  gint64      *out,
                  GError     **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  BsnTime d;

  *out = 0;
  if (*text == '\0')
    return TRUE;
  if (!bsn_date_parse (text, &d, error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  *out = d + days_after * BSN_SECONDS_PER_DAY - g_date_time_get_utc_offset (now) / G_TIME_SPAN_SECOND;
  return TRUE;
}

static void
on_filter_clicked (BsnUsersPage *self)
{
  guint n_topics, topic = adw_combo_row_get_selected (self->topic_row);
  const BsnAuditTopic *topics = bsn_audit_topics (&n_topics);
  g_autoptr(GError) error = NULL;
  AuditQuery *q;
  gint64 from, to;

  if (self->path == NULL)
    return;
  if (!parse_local_date (self->from_row, 0, &from, &error) || !parse_local_date (self->to_row, 1, &to, &error))
    {
      bsn_app_show_message (GTK_WIDGET (self), _("Tanggal tidak sah"), error->message);
      return;
    }
  q = g_new0 (AuditQuery, 1);
  q->from = from;
  q->to = to;
  q->action = topic < n_topics ? g_strdup (topics[topic].action) : NULL;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, audit_thread, q, audit_query_free,
                   (GDestroyNotify) g_ptr_array_unref, self->cancellable, audit_done, NULL);
}

static void
csv_field (GString    *csv,
           const char *text)
{
  g_autofree char *quoted = NULL;
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return;
  parts = g_strsplit (text, "\"", -1);
  quoted = g_strjoinv ("\"\"", parts);
  g_string_append_printf (csv, "\"%s\"", quoted);
}

static char *
audit_csv (GPtrArray *entries)
{
  GString *csv = g_string_new ("\xEF\xBB\xBF" "waktu;pengguna;keterangan;tindakan;subjek;sebelum;sesudah\r\n");

  for (guint i = 0; i < entries->len; i++)
    {
      BsnAuditEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *when = audit_time (e->at);
      const char *fields[] = { when, e->user, e->sentence, e->action, e->subject, e->before, e->after };

      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        {
          if (f > 0)
            g_string_append_c (csv, ';');
          csv_field (csv, fields[f]);
        }
      g_string_append (csv, "\r\n");
    }
  return g_string_free (csv, FALSE);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BsnUsersPage *self = BSN_USERS_PAGE (widget);

  if (self->audit == NULL)
    return;
  bsn_app_save_text (widget, _("Ekspor jejak audit"), "jejak-audit.csv", audit_csv (self->audit));
}

/* ---- GObject ---- */

static void
bsn_users_page_dispose (GObject *object)
{
  BsnUsersPage *self = (BsnUsersPage *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BSN_TYPE_USERS_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (bsn_users_page_parent_class)->dispose (object);
}

static void
bsn_users_page_finalize (GObject *object)
{
  BsnUsersPage *self = (BsnUsersPage *) object;

  g_free (self->path);
  g_clear_pointer (&self->audit, g_ptr_array_unref);

  G_OBJECT_CLASS (bsn_users_page_parent_class)->finalize (object);
}

/* Changes are made on other pages: the trail is read again each time the
 * page is shown, so the newest entry is there without a manual refresh. */
static void
bsn_users_page_map (GtkWidget *widget)
{
  BsnUsersPage *self = BSN_USERS_PAGE (widget);

  GTK_WIDGET_CLASS (bsn_users_page_parent_class)->map (widget);
  if (self->path != NULL)
    on_filter_clicked (self);
}

static void
bsn_users_page_class_init (BsnUsersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bsn_users_page_dispose;
  object_class->finalize = bsn_users_page_finalize;
  widget_class->map = bsn_users_page_map;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-users-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnUsersPage, user_list);
  gtk_widget_class_bind_template_child (widget_class, BsnUsersPage, from_row);
  gtk_widget_class_bind_template_child (widget_class, BsnUsersPage, to_row);
  gtk_widget_class_bind_template_child (widget_class, BsnUsersPage, topic_row);
  gtk_widget_class_bind_template_child (widget_class, BsnUsersPage, audit_list);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_clicked);
  gtk_widget_class_install_action (widget_class, "users.export", NULL, export_action);
}

static void
bsn_users_page_init (BsnUsersPage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint n_topics;
  const BsnAuditTopic *topics = bsn_audit_topics (&n_topics);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < n_topics; i++)
    gtk_string_list_append (labels, _(topics[i].label));
  adw_combo_row_set_model (self->topic_row, G_LIST_MODEL (labels));
  bsn_app_add_date_picker (GTK_WIDGET (self->from_row), TRUE);
  bsn_app_add_date_picker (GTK_WIDGET (self->to_row), TRUE);
  self->cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.export", FALSE);
}

void
bsn_users_page_set_path (BsnUsersPage *self,
                         const char   *path)
{
  g_return_if_fail (BSN_IS_USERS_PAGE (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->path);
  self->path = g_strdup (path);
  bsn_users_page_reload (self);
}

void
bsn_users_page_reload (BsnUsersPage *self)
{
  g_return_if_fail (BSN_IS_USERS_PAGE (self));

  if (self->path == NULL)
    return;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, users_thread, NULL, NULL,
                   (GDestroyNotify) g_ptr_array_unref, self->cancellable, users_done, NULL);
  on_filter_clicked (self);
}
