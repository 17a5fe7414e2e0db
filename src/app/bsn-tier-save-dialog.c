/* bsn-tier-save-dialog.c — a new version of a tier table (see
 * bsn-tier-save-dialog.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-app-util.h"
#include "bsn-db-task.h"
#include "bsn-money.h"
#include "bsn-simulate.h"
#include "bsn-tier-save-dialog.h"

/* The dialog lists this many changed cells, then says how many more. */
#define MAX_LISTED_CHANGES 40

typedef struct _EffectShared EffectShared;

struct _BsnTierSaveDialog
{
  AdwWindow             parent_instance;

  char                 *path;
  BsnScheme             scheme;
  GArray               *edits;          /* BsnTierEdit */
  gboolean              busy;
  GCancellable         *check_cancellable;
  GtkLabel             *safety_label;   /* the margin check, before saving */
  GtkLabel             *effect_label;   /* the draft replayed over the last 8 weeks (issue 21) */
  GCancellable         *effect_cancellable;
  GtkWidget            *effect_busy;     /* progress bar and cancel, while replaying */
  GtkProgressBar       *effect_progress;
  EffectShared         *effect_shared;   /* of the replay under way, or NULL */
  guint                 effect_poll;

  AdwWindowTitle       *window_title;
  GtkSpinner           *spinner;
  GtkLabel             *error_label;
  AdwPreferencesGroup  *version_group;
  AdwEntryRow          *from_row;
  AdwEntryRow          *author_row;
  AdwEntryRow          *reason_row;
  AdwPreferencesGroup  *changes_group;
  GtkListBox           *changes_list;
};

G_DEFINE_FINAL_TYPE (BsnTierSaveDialog, bsn_tier_save_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  BsnScheme  scheme;
  GArray    *edits;
  BsnTime    from;
  char      *author;
  char      *reason;
} SaveRequest;

typedef struct
{
  gint64     version;
  GPtrArray *warnings;   /* utf8, NULL-terminated for a GStrv */
} SaveResult;

static void
save_request_free (gpointer data)
{
  SaveRequest *req = data;

  g_array_unref (req->edits);
  g_free (req->author);
  g_free (req->reason);
  g_free (req);
}

static void
save_result_free (gpointer data)
{
  SaveResult *res = data;

  g_ptr_array_unref (res->warnings);
  g_free (res);
}

/* ---- Form ---- */

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* ---- The margin check, before the owner commits ---- */

typedef struct
{
  BsnScheme  scheme;
  GArray    *edits;
  BsnTime    from;
} CheckRequest;

static void
check_request_free (gpointer data)
{
  CheckRequest *req = data;

  g_array_unref (req->edits);
  g_free (req);
}

static gpointer
check_thread (BsnDb        *db,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  CheckRequest *req = data;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);

  if (!bsn_tiers_check_edit (db, req->scheme, (const BsnTierEdit *) (gpointer) req->edits->data, req->edits->len,
                             req->from, warnings, error))
    return NULL;
  return g_steal_pointer (&warnings);
}

static void
check_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BsnTierSaveDialog *self = BSN_TIER_SAVE_DIALOG (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = bsn_db_task_finish (result, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  if (warnings == NULL && bsn_db_task_error_is_cancelled (error))
    return;
  gtk_widget_remove_css_class (GTK_WIDGET (self->safety_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->safety_label), "warning");
  if (warnings == NULL)
    {
      g_string_append (text, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->safety_label), "error");
    }
  else
    {
      for (guint i = 0; i < warnings->len; i++)
        g_string_append_printf (text, "%s%s", i ? "\n" : "", (const char *) g_ptr_array_index (warnings, i));
      if (warnings->len > 0)
        gtk_widget_add_css_class (GTK_WIDGET (self->safety_label), "warning");
    }
  gtk_label_set_label (self->safety_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->safety_label), text->len > 0);
}

/* Runs the margin check of the table as it would be from @from, so a
 * warning (or a refusal) is read before "Simpan", not after. */
static void
check_margins (BsnTierSaveDialog *self,
               BsnTime            from)
{
  CheckRequest *req = g_new0 (CheckRequest, 1);

  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  self->check_cancellable = g_cancellable_new ();
  req->scheme = self->scheme;
  req->edits = g_array_ref (self->edits);
  req->from = from;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, check_thread, req, check_request_free,
                   (GDestroyNotify) g_ptr_array_unref, self->check_cancellable, check_done, NULL);
}

/* ---- What the draft would have cost over the last 8 weeks ---- */

#define EFFECT_DAYS 56

/* The replay's progress, shared by the replaying thread (which writes it)
 * and the dialog (which reads it on the main loop): each holds a
 * reference, so neither outlives the other's memory. */
struct _EffectShared
{
  gint permille;
};

typedef struct
{
  CheckRequest  check;
  EffectShared *shared;
} EffectRequest;

static void
effect_request_free (gpointer data)
{
  EffectRequest *req = data;

  g_array_unref (req->check.edits);
  g_atomic_rc_box_release (req->shared);
  g_free (req);
}

/* From the replaying thread. */
static void
on_effect_progress (guint64  done,
                    guint64  total,
                    gpointer data)
{
  EffectRequest *req = data;

  if (total > 0)
    g_atomic_int_set (&req->shared->permille, (gint) MIN (1000, done * 1000 / total));
}

static gpointer
effect_thread (BsnDb        *db,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  EffectRequest *req = data;
  BsnSimRequest sim = { 0 };
  gint64 today = bsn_time_day (bsn_time_now ());

  sim.from_day = today - EFFECT_DAYS;
  sim.to_day = today - 1;
  sim.has_draft = TRUE;
  sim.draft_scheme = req->check.scheme;
  sim.draft_edits = req->check.edits;
  sim.cancellable = cancellable;
  sim.progress = on_effect_progress;
  sim.progress_data = req;
  return bsn_simulate (db, &sim, error);
}

static void
stop_effect_poll (BsnTierSaveDialog *self)
{
  g_clear_handle_id (&self->effect_poll, g_source_remove);
  g_clear_pointer (&self->effect_shared, g_atomic_rc_box_release);
}

static void
effect_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  BsnTierSaveDialog *self = BSN_TIER_SAVE_DIALOG (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnSimResult) sim = bsn_db_task_finish (result, &error);
  g_autoptr(GString) markup = NULL;
  guint shown = 0;

  if (sim == NULL && bsn_db_task_error_is_cancelled (error))
    return;   /* a newer request, the dialog closing, or "Batalkan hitungan" */
  stop_effect_poll (self);
  gtk_widget_set_visible (self->effect_busy, FALSE);
  if (sim == NULL)
    {
      /* No history to replay, or no right to read reports: the margin
       * check above still speaks; the effect is left out. */
      g_debug ("the 8-week effect is left out: %s", error != NULL ? error->message : "?");
      gtk_widget_set_visible (GTK_WIDGET (self->effect_label), FALSE);
      return;
    }
  markup = g_string_new (NULL);
  g_string_append_printf (markup, "<b>%s</b>", _("Biaya hadiah 8 minggu terakhir jika tabel ini sudah berlaku"));
  for (guint i = 0; i < sim->stores->len; i++)
    {
      const BsnSimStore *st = g_ptr_array_index (sim->stores, i);
      g_autofree char *before = bsn_money_format (st->cost_rp);
      g_autofree char *after = bsn_money_format (st->cost_draft_rp);
      g_autofree char *pct_before = bsn_bp_format ((gint32) st->cost_pct_bp);
      g_autofree char *pct_after = bsn_bp_format ((gint32) st->cost_draft_pct_bp);
      g_autofree char *line = NULL;
      g_autofree char *escaped = NULL;

      if (st->sales_rp == 0)
        continue;
      /* TRANSLATORS: store code: cost before → after (cost as % of sales, before → after) */
      line = g_strdup_printf (_("%s: %s → %s (%s → %s dari penjualan)"), st->store, before, after,
                              pct_before, pct_after);
      escaped = g_markup_escape_text (line, -1);
      if (st->safe)
        g_string_append_printf (markup, "\n%s", escaped);
      else
        {
          g_autofree char *warning = g_markup_escape_text (_("di bawah margin minimum aman"), -1);
          g_string_append_printf (markup, "\n<span foreground=\"#c01c28\">%s — %s</span>", escaped, warning);
        }
      shown++;
    }
  if (shown == 0)
    g_string_append_printf (markup, "\n%s", _("Belum ada penjualan dalam 8 minggu terakhir untuk dihitung."));
  gtk_label_set_markup (self->effect_label, markup->str);
  gtk_widget_set_visible (GTK_WIDGET (self->effect_label), TRUE);
}

static gboolean
poll_effect_progress (gpointer data)
{
  BsnTierSaveDialog *self = data;

  if (self->effect_shared != NULL)
    gtk_progress_bar_set_fraction (self->effect_progress,
                                   g_atomic_int_get (&self->effect_shared->permille) / 1000.0);
  return G_SOURCE_CONTINUE;
}

/* Replays the last 8 weeks with the draft (bsn_simulate(), writing
 * nothing), off the main loop; a newer request cancels the older. */
static void
simulate_effect (BsnTierSaveDialog *self)
{
  EffectRequest *req = g_new0 (EffectRequest, 1);

  g_cancellable_cancel (self->effect_cancellable);
  g_clear_object (&self->effect_cancellable);
  self->effect_cancellable = g_cancellable_new ();
  req->check.scheme = self->scheme;
  req->check.edits = g_array_ref (self->edits);
  stop_effect_poll (self);
  self->effect_shared = g_atomic_rc_box_new0 (EffectShared);
  req->shared = g_atomic_rc_box_acquire (self->effect_shared);
  self->effect_poll = g_timeout_add (100, poll_effect_progress, self);
  gtk_label_set_label (self->effect_label, _("Menghitung biaya 8 minggu terakhir dengan tabel ini…"));
  gtk_widget_set_visible (GTK_WIDGET (self->effect_label), TRUE);
  gtk_progress_bar_set_fraction (self->effect_progress, 0);
  gtk_widget_set_visible (self->effect_busy, TRUE);
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, effect_thread, req, effect_request_free,
                   (GDestroyNotify) bsn_sim_result_free, self->effect_cancellable, effect_done, NULL);
}

static void
on_effect_cancel_clicked (BsnTierSaveDialog *self)
{
  g_cancellable_cancel (self->effect_cancellable);
  stop_effect_poll (self);
  gtk_widget_set_visible (self->effect_busy, FALSE);
  gtk_label_set_label (self->effect_label,
                       _("Hitungan biaya 8 minggu terakhir dibatalkan; tabel tetap dapat disimpan."));
}

static void
show_error (BsnTierSaveDialog *self,
            GtkWidget         *row,
            const char        *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_opacity (GTK_WIDGET (self->error_label), 1);
  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_grab_focus (row);
    }
}

static void
clear_errors (BsnTierSaveDialog *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->from_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->author_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->reason_row), "error");
  /* The banner keeps its place, empty and transparent, so a message does
   * not push the fields down under the pointer. */
  gtk_label_set_label (self->error_label, "");
  gtk_widget_set_opacity (GTK_WIDGET (self->error_label), 0);
}

static void
on_row_changed (BsnTierSaveDialog *self,
                GtkWidget         *row)
{
  gtk_widget_remove_css_class (row, "error");
}

/* Says the chosen time the Indonesian way as it is typed. */
static void
on_from_changed (BsnTierSaveDialog *self,
                 GtkWidget         *row)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  BsnTime from;

  gtk_widget_remove_css_class (row, "error");
  if (bsn_time_parse (row_text (self->from_row), &from, &error))
    {
      g_autofree char *when = bsn_time_format_datetime (from);
      description = g_strdup_printf (_("Berlaku mulai %s. Transaksi sebelum waktu itu tetap dihitung dengan versi yang lama."),
                                     when);
      if (self->path != NULL)
        check_margins (self, from);
    }
  else
    description = g_strdup (error->message);
  adw_preferences_group_set_description (self->version_group, description);
}

static void
on_entry_activated (BsnTierSaveDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "tiersave.save", NULL);
}

static void
set_busy (BsnTierSaveDialog *self,
          gboolean           busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tiersave.save", !busy);
}

/* ---- Saving ---- */

static gpointer
save_thread (BsnDb        *db,
             gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  SaveRequest *req = data;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  SaveResult *res;
  gint64 version;

  version = bsn_tiers_edit (db, req->scheme, (const BsnTierEdit *) (gpointer) req->edits->data, req->edits->len,
                            req->from, req->author, req->reason, warnings, error);
  if (version == 0)
    return NULL;
  g_ptr_array_add (warnings, NULL);
  res = g_new0 (SaveResult, 1);
  res->version = version;
  res->warnings = g_steal_pointer (&warnings);
  return res;
}

static void
save_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  BsnTierSaveDialog *self = BSN_TIER_SAVE_DIALOG (object);
  g_autoptr(GError) error = NULL;
  SaveResult *res;

  res = bsn_db_task_finish (result, &error);
  set_busy (self, FALSE);
  if (res == NULL)
    {
      /* A refusal (history would change, a margin would be exceeded) is
       * the library's sentence, which says what to change; everything
       * typed stays. */
      show_error (self, NULL, error->message);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, res->version, (char **) res->warnings->pdata);
  save_result_free (res);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BsnTierSaveDialog *self = BSN_TIER_SAVE_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *author = g_strstrip (g_strdup (row_text (self->author_row)));
  g_autofree char *reason = g_strstrip (g_strdup (row_text (self->reason_row)));
  SaveRequest *req;
  BsnTime from;

  if (self->busy)
    return;
  clear_errors (self);
  if (!bsn_time_parse (row_text (self->from_row), &from, &error))
    {
      show_error (self, GTK_WIDGET (self->from_row), error->message);
      return;
    }
  /* Signed in, the user is the author (the library records them): the
   * row is hidden and nothing typed can stand in for them. */
  if (!gtk_widget_get_visible (GTK_WIDGET (self->author_row)))
    g_clear_pointer (&author, g_free);
  else if (*author == '\0')
    {
      show_error (self, GTK_WIDGET (self->author_row), _("Nama pengubah wajib diisi, agar riwayat menyebut siapa yang mengubah tabel."));
      return;
    }
  if (*reason == '\0')
    {
      show_error (self, GTK_WIDGET (self->reason_row), _("Alasan perubahan wajib diisi, agar riwayat menjelaskan mengapa tarif berubah."));
      return;
    }

  req = g_new0 (SaveRequest, 1);
  req->scheme = self->scheme;
  req->edits = g_array_ref (self->edits);
  req->from = from;
  req->author = g_steal_pointer (&author);
  req->reason = g_steal_pointer (&reason);
  set_busy (self, TRUE);
  bsn_db_task_run (self, self->path, BSN_DB_TASK_WRITE,
                   save_thread, req, save_request_free, save_result_free,
                   NULL, save_done, NULL);
}

/* A save in progress finishes before the dialog goes. */
static gboolean
bsn_tier_save_dialog_close_request (GtkWindow *window)
{
  if (BSN_TIER_SAVE_DIALOG (window)->busy)
    return TRUE;
  return GTK_WINDOW_CLASS (bsn_tier_save_dialog_parent_class)->close_request (window);
}

/* ---- Filling ---- */

static void
fill_changes (BsnTierSaveDialog *self,
              GPtrArray         *changes)
{
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u sel diubah", "%u sel diubah",
                                                         changes->len),
                                            changes->len);

  adw_preferences_group_set_description (self->changes_group, count);
  for (guint i = 0; i < changes->len && i < MAX_LISTED_CHANGES; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g_ptr_array_index (changes, i));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_add_css_class (row, "money");
      gtk_list_box_append (self->changes_list, row);
    }
  if (changes->len > MAX_LISTED_CHANGES)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *more = g_strdup_printf (_("… dan %u sel lainnya"), changes->len - MAX_LISTED_CHANGES);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      gtk_list_box_append (self->changes_list, row);
    }
}

/* The next midnight, as typed in the entry: "2026-11-24 00:00". */
static char *
next_midnight_text (void)
{
  BsnTime midnight = (bsn_time_day (bsn_time_now ()) + 1) * BSN_SECONDS_PER_DAY;
  return bsn_time_format_datetime_entry (midnight);
}

/* Without users nobody signs in: the account's real name is a fair
 * default for the "Nama pengubah" row. */
static char *
default_author (void)
{
  const char *real = g_get_real_name ();

  /* GLib says "Unknown" when the account has no real name. */
  if (real == NULL || *real == '\0' || g_strcmp0 (real, "Unknown") == 0)
    real = g_get_user_name ();
  return g_strdup (real);
}

/* ---- GObject ---- */

static void
bsn_tier_save_dialog_dispose (GObject *object)
{
  BsnTierSaveDialog *self = (BsnTierSaveDialog *) object;

  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  g_cancellable_cancel (self->effect_cancellable);
  g_clear_object (&self->effect_cancellable);
  stop_effect_poll (self);
  gtk_widget_dispose_template (GTK_WIDGET (object), BSN_TYPE_TIER_SAVE_DIALOG);

  G_OBJECT_CLASS (bsn_tier_save_dialog_parent_class)->dispose (object);
}

static void
bsn_tier_save_dialog_finalize (GObject *object)
{
  BsnTierSaveDialog *self = (BsnTierSaveDialog *) object;

  g_free (self->path);
  g_clear_pointer (&self->edits, g_array_unref);

  G_OBJECT_CLASS (bsn_tier_save_dialog_parent_class)->finalize (object);
}

static void
bsn_tier_save_dialog_class_init (BsnTierSaveDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bsn_tier_save_dialog_dispose;
  object_class->finalize = bsn_tier_save_dialog_finalize;
  window_class->close_request = bsn_tier_save_dialog_close_request;

  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRV);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-tier-save-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnTierSaveDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, BsnTierSaveDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, BsnTierSaveDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, BsnTierSaveDialog, version_group);
  gtk_widget_class_bind_template_child (widget_class, BsnTierSaveDialog, from_row);
  gtk_widget_class_bind_template_child (widget_class, BsnTierSaveDialog, author_row);
  gtk_widget_class_bind_template_child (widget_class, BsnTierSaveDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, BsnTierSaveDialog, changes_group);
  gtk_widget_class_bind_template_child (widget_class, BsnTierSaveDialog, changes_list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_from_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);

  gtk_widget_class_install_action (widget_class, "tiersave.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "tiersave.save", NULL);
}

static void
bsn_tier_save_dialog_init (BsnTierSaveDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->safety_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->safety_label, 0);
  gtk_label_set_wrap (self->safety_label, TRUE);
  gtk_label_set_wrap_mode (self->safety_label, PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_visible (GTK_WIDGET (self->safety_label), FALSE);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->error_label))),
                              GTK_WIDGET (self->safety_label), GTK_WIDGET (self->error_label));
  self->effect_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->effect_label, 0);
  gtk_label_set_wrap (self->effect_label, TRUE);
  gtk_label_set_wrap_mode (self->effect_label, PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_visible (GTK_WIDGET (self->effect_label), FALSE);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->error_label))),
                              GTK_WIDGET (self->effect_label), GTK_WIDGET (self->safety_label));
  {
    GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Batalkan hitungan"));

    self->effect_busy = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    self->effect_progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
    gtk_widget_set_hexpand (GTK_WIDGET (self->effect_progress), TRUE);
    gtk_widget_set_valign (GTK_WIDGET (self->effect_progress), GTK_ALIGN_CENTER);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->effect_progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Kemajuan hitungan biaya"), -1);
    g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (on_effect_cancel_clicked), self);
    gtk_box_append (GTK_BOX (self->effect_busy), GTK_WIDGET (self->effect_progress));
    gtk_box_append (GTK_BOX (self->effect_busy), cancel);
    gtk_widget_set_visible (self->effect_busy, FALSE);
    gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->error_label))),
                                self->effect_busy, GTK_WIDGET (self->effect_label));
  }
}

BsnTierSaveDialog *
bsn_tier_save_dialog_new (GtkWindow  *parent,
                          const char *path,
                          BsnScheme   scheme,
                          GArray     *edits,
                          GPtrArray  *changes)
{
  BsnTierSaveDialog *self;
  g_autofree char *from = next_midnight_text ();
  g_autofree char *author = default_author ();
  g_autofree char *signed_in = bsn_db_task_dup_actor (NULL);

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (edits != NULL && changes != NULL, NULL);

  self = g_object_new (BSN_TYPE_TIER_SAVE_DIALOG, "transient-for", parent, NULL);
  self->path = g_strdup (path);
  self->scheme = scheme;
  self->edits = g_array_copy (edits);

  adw_window_title_set_subtitle (self->window_title, bsn_scheme_label (scheme));
  gtk_editable_set_text (GTK_EDITABLE (self->from_row), from);
  bsn_app_add_date_picker (GTK_WIDGET (self->from_row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->author_row), author);
  gtk_widget_set_visible (GTK_WIDGET (self->author_row), signed_in == NULL || *signed_in == '\0');
  fill_changes (self, changes);
  {
    BsnTime at;
    if (bsn_time_parse (from, &at, NULL))
      check_margins (self, at);
  }
  simulate_effect (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
  return self;
}
