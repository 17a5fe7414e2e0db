/* bsn-import-page.c — Impor Penjualan (see bsn-import-page.h). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bsn-app-util.h"
#include "bsn-db-task.h"
#include "bsn-import-page.h"
#include "bsn-import.h"
#include "bsn-money.h"
#include "bsn-posting-object.h"
#include "bsn-time.h"

/* The preview shows the header and this many rows. */
#define PREVIEW_ROWS 10
/* Rejected lines listed; the summary counts them all. */
#define MAX_LISTED_REJECTIONS 200

struct _BsnImportPage
{
  GtkWidget             parent_instance;

  char                 *path;           /* the database */
  char                 *csv;            /* the chosen file */
  GPtrArray            *preview;        /* GStrv rows, header first */
  GtkFileChooserNative *chooser;
  GCancellable         *import_cancellable;
  guint                 preview_generation;
  gboolean              importing;
  gboolean              disposed;

  GtkStack             *stack;
  GtkLabel             *file_name_label;
  GtkLabel             *file_dir_label;
  GtkLabel             *preview_caption;
  GtkLabel             *preview_error;
  GtkWidget            *preview_scroller;
  GtkColumnView        *preview_view;
  GtkProgressBar       *progress;
  GtkWidget            *import_button;
  GtkWidget            *cancel_button;
  GtkLabel             *status_label;
  GtkWidget            *summary_box;
  GtkLabel             *imported_label;
  GtkLabel             *duplicates_label;
  GtkLabel             *rejected_label;
  GtkLabel             *value_label;
  AdwPreferencesGroup  *rejected_group;
  GtkListBox           *rejected_list;
};

G_DEFINE_FINAL_TYPE (BsnImportPage, bsn_import_page, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_actions (BsnImportPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run",
                                 self->path != NULL && self->csv != NULL && self->preview != NULL && !self->importing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.cancel", self->importing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.choose", !self->importing);
}

static void
show_status (BsnImportPage *self,
             const char    *message,
             gboolean       is_error)
{
  gtk_label_set_label (self->status_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), message != NULL);
  if (is_error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error-banner");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error-banner");
    }
}

/* ---- Preview ---- */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
  gtk_widget_add_css_class (label, "money");
  gtk_list_item_set_child (item, label);
}

/* Items are row numbers of self->preview; the column is the factory's. */
static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           BsnImportPage            *self)
{
  GtkStringObject *object = gtk_list_item_get_item (item);
  guint row = (guint) g_ascii_strtoull (gtk_string_object_get_string (object), NULL, 10);
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "bsn-column"));
  const char *text = "";

  if (self->preview != NULL && row < self->preview->len)
    {
      GStrv fields = g_ptr_array_index (self->preview, row);
      if (column < g_strv_length (fields))
        text = fields[column];
    }
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
clear_columns (BsnImportPage *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->preview_view);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);
      gtk_column_view_remove_column (self->preview_view, column);
    }
}

static void
fill_preview (BsnImportPage *self)
{
  g_autoptr(GtkStringList) rows = gtk_string_list_new (NULL);
  g_autoptr(GtkNoSelection) selection = NULL;
  GStrv header = g_ptr_array_index (self->preview, 0);
  guint n_columns = 0;
  g_autofree char *caption = NULL;

  clear_columns (self);
  for (guint i = 0; i < self->preview->len; i++)
    n_columns = MAX (n_columns, g_strv_length (g_ptr_array_index (self->preview, i)));
  for (guint c = 0; c < n_columns; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data (G_OBJECT (factory), "bsn-column", GUINT_TO_POINTER (c));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
      column = gtk_column_view_column_new (c < g_strv_length (header) ? header[c] : "", factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->preview_view, column);
    }
  for (guint i = 1; i < self->preview->len; i++)
    {
      g_autofree char *index = g_strdup_printf ("%u", i);
      gtk_string_list_append (rows, index);
    }
  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&rows)));
  gtk_column_view_set_model (self->preview_view, GTK_SELECTION_MODEL (selection));

  if (self->preview->len <= 1)
    caption = g_strdup (_("Berkas ini hanya berisi baris judul; tidak ada struk untuk diimpor."));
  else
    caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Baris judul dan %u baris pertama berkas.",
                                            "Baris judul dan %u baris pertama berkas.", self->preview->len - 1),
                               self->preview->len - 1);
  gtk_label_set_label (self->preview_caption, caption);
  gtk_widget_set_visible (self->preview_scroller, TRUE);
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *rows = bsn_import_preview (task_data, PREVIEW_ROWS + 1, &error);

  if (rows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

static void
preview_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BsnImportPage *self = BSN_IMPORT_PAGE (object);
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = g_task_propagate_pointer (G_TASK (result), &error);

  if (self->disposed || GPOINTER_TO_UINT (user_data) != self->preview_generation)
    {
      g_clear_pointer (&rows, g_ptr_array_unref);
      return;
    }
  g_clear_pointer (&self->preview, g_ptr_array_unref);
  if (rows == NULL || rows->len == 0)
    {
      gtk_label_set_label (self->preview_error,
                           error != NULL ? error->message : _("Berkas ini kosong; tidak ada yang bisa diimpor."));
      gtk_widget_set_visible (GTK_WIDGET (self->preview_error), TRUE);
      gtk_label_set_label (self->preview_caption, "");
      g_clear_pointer (&rows, g_ptr_array_unref);
    }
  else
    {
      self->preview = rows;
      fill_preview (self);
    }
  update_actions (self);
}

static void
load_preview (BsnImportPage *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, preview_done, GUINT_TO_POINTER (++self->preview_generation));
  g_autofree char *name = g_path_get_basename (self->csv);
  g_autofree char *dir = g_path_get_dirname (self->csv);

  gtk_label_set_label (self->file_name_label, name);
  gtk_label_set_label (self->file_dir_label, dir);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->file_name_label), self->csv);
  gtk_label_set_label (self->preview_caption, _("Membaca berkas…"));
  gtk_widget_set_visible (GTK_WIDGET (self->preview_error), FALSE);
  gtk_widget_set_visible (self->preview_scroller, FALSE);
  gtk_widget_set_visible (self->summary_box, FALSE);
  show_status (self, NULL, FALSE);
  g_clear_pointer (&self->preview, g_ptr_array_unref);
  gtk_stack_set_visible_child_name (self->stack, "file");
  update_actions (self);

  g_task_set_task_data (task, g_strdup (self->csv), g_free);
  g_task_run_in_thread (task, preview_thread);
}

/* ---- Choosing a file ---- */

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     BsnImportPage   *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *csv = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      csv = file != NULL ? g_file_get_path (file) : NULL;
    }
  gtk_native_dialog_destroy (chooser);
  if (self->chooser == GTK_FILE_CHOOSER_NATIVE (chooser))
    g_clear_object (&self->chooser);
  if (csv == NULL)
    return;
  g_free (self->csv);
  self->csv = g_steal_pointer (&csv);
  load_preview (self);
}

void
bsn_import_page_choose_file (BsnImportPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) csv_filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all_filter = gtk_file_filter_new ();

  g_return_if_fail (BSN_IS_IMPORT_PAGE (self));

  if (self->importing)
    return;
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  self->chooser = gtk_file_chooser_native_new (_("Pilih berkas penjualan"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Pilih"), _("_Batal"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (csv_filter, _("Berkas CSV"));
  gtk_file_filter_add_pattern (csv_filter, "*.csv");
  gtk_file_filter_add_pattern (csv_filter, "*.CSV");
  gtk_file_filter_add_mime_type (csv_filter, "text/csv");
  gtk_file_filter_set_name (all_filter, _("Semua berkas"));
  gtk_file_filter_add_pattern (all_filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), csv_filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all_filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  bsn_import_page_choose_file (BSN_IMPORT_PAGE (widget));
}

/* ---- Importing ---- */

/* Progress comes from the worker; the page is only touched on the main
 * thread, through a weak reference in case it goes away meanwhile. */
typedef struct
{
  char     *csv;
  GWeakRef  page;
  gint      last_permille;
} ImportRequest;

typedef struct
{
  BsnImportPage *page;     /* (owned) */
  double         fraction;
} ProgressUpdate;

static void
import_request_free (gpointer data)
{
  ImportRequest *req = data;

  g_free (req->csv);
  g_weak_ref_clear (&req->page);
  g_free (req);
}

static void
progress_update_free (gpointer data)
{
  ProgressUpdate *update = data;

  g_object_unref (update->page);
  g_free (update);
}

static gboolean
apply_progress (gpointer data)
{
  ProgressUpdate *update = data;
  BsnImportPage *self = update->page;

  if (!self->disposed && self->importing)
    gtk_progress_bar_set_fraction (self->progress, update->fraction);
  return G_SOURCE_REMOVE;
}

static void
on_import_progress (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  ImportRequest *req = user_data;
  gint permille = total > 0 ? (gint) (MIN (done, total) * 1000 / total) : 0;
  ProgressUpdate *update;
  BsnImportPage *page;

  /* A thousand steps at most, whatever the file's size. */
  if (permille == req->last_permille)
    return;
  req->last_permille = permille;
  page = g_weak_ref_get (&req->page);
  if (page == NULL)
    return;
  update = g_new0 (ProgressUpdate, 1);
  update->page = page;
  update->fraction = permille / 1000.0;
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, apply_progress, update, progress_update_free);
}

static gpointer
import_thread (BsnDb        *db,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  ImportRequest *req = data;

  return bsn_import_sales (db, req->csv, on_import_progress, req, cancellable, error);
}

static void
set_importing (BsnImportPage *self,
               gboolean       importing)
{
  self->importing = importing;
  gtk_widget_set_visible (GTK_WIDGET (self->progress), importing);
  gtk_widget_set_visible (self->cancel_button, importing);
  update_actions (self);
}

static GtkWidget *
rejection_row_new (const BsnImportRejection *r)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_strdup_printf (_("Baris %" G_GUINT64_FORMAT), r->line);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), r->reason);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static void
set_number (GtkLabel *label,
            guint64   n)
{
  g_autofree char *text = bsn_posting_number_format ((gint64) MIN (n, (guint64) G_MAXINT64));

  gtk_label_set_label (label, text);
}

static void
show_summary (BsnImportPage         *self,
              const BsnImportResult *res)
{
  g_autofree char *value = bsn_money_format (res->value_rp);
  g_autofree char *status = NULL;
  GtkWidget *child;

  set_number (self->imported_label, res->imported);
  set_number (self->duplicates_label, res->duplicates);
  set_number (self->rejected_label, res->rejected->len);
  gtk_label_set_label (self->value_label, value);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rejected_list))) != NULL)
    gtk_list_box_remove (self->rejected_list, child);
  for (guint i = 0; i < res->rejected->len && i < MAX_LISTED_REJECTIONS; i++)
    gtk_list_box_append (self->rejected_list, rejection_row_new (g_ptr_array_index (res->rejected, i)));
  if (res->rejected->len > MAX_LISTED_REJECTIONS)
    {
      g_autofree char *more = g_strdup_printf (_("… dan %u baris lainnya"), res->rejected->len - MAX_LISTED_REJECTIONS);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      gtk_list_box_append (self->rejected_list, row);
    }
  adw_preferences_group_set_description (self->rejected_group,
                                         res->rejected->len == 0
                                           ? _("Tidak ada baris yang ditolak.")
                                           : _("Perbaiki baris ini di berkasnya lalu impor ulang; struk yang sudah masuk tidak tercatat dua kali."));
  gtk_widget_set_visible (GTK_WIDGET (self->rejected_list), res->rejected->len > 0);
  gtk_widget_set_visible (self->summary_box, TRUE);

  status = g_strdup_printf (_("Impor selesai: %" G_GUINT64_FORMAT " baris dibaca."), res->rows);
  show_status (self, status, FALSE);
}

static void
import_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  BsnImportPage *self = BSN_IMPORT_PAGE (object);
  g_autoptr(BsnImportResult) res = NULL;
  g_autoptr(GError) error = NULL;

  res = bsn_db_task_finish (result, &error);
  if (self->disposed)
    return;
  set_importing (self, FALSE);
  g_clear_object (&self->import_cancellable);
  if (res == NULL)
    {
      if (bsn_db_task_error_is_cancelled (error))
        show_status (self,
                     _("Impor dibatalkan. Struk dari bagian yang sudah selesai tetap tersimpan; impor ulang berkas yang sama untuk melanjutkan dari situ."),
                     FALSE);
      else
        show_status (self, error->message, TRUE);
      /* Finished batches were committed: other pages may be stale. */
      g_signal_emit (self, signals[CHANGED], 0);
      return;
    }
  gtk_progress_bar_set_fraction (self->progress, 1.0);
  show_summary (self, res);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  BsnImportPage *self = BSN_IMPORT_PAGE (widget);
  ImportRequest *req;

  if (self->importing || self->path == NULL || self->csv == NULL)
    return;
  req = g_new0 (ImportRequest, 1);
  req->csv = g_strdup (self->csv);
  req->last_permille = -1;
  g_weak_ref_init (&req->page, self);
  self->import_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress, 0);
  gtk_widget_set_visible (self->summary_box, FALSE);
  show_status (self, _("Mengimpor… Halaman lain tetap bisa dipakai selama impor berjalan."), FALSE);
  set_importing (self, TRUE);
  gtk_widget_grab_focus (self->cancel_button);
  bsn_db_task_run (self, self->path, BSN_DB_TASK_WRITE, import_thread, req, import_request_free,
                   (GDestroyNotify) bsn_import_result_free, self->import_cancellable, import_done, NULL);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  BsnImportPage *self = BSN_IMPORT_PAGE (widget);

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  show_status (self, _("Membatalkan…"), FALSE);
}

/* ---- GObject ---- */

static void
bsn_import_page_dispose (GObject *object)
{
  BsnImportPage *self = (BsnImportPage *) object;
  GtkWidget *child;

  self->disposed = TRUE;
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), BSN_TYPE_IMPORT_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->preview, g_ptr_array_unref);

  G_OBJECT_CLASS (bsn_import_page_parent_class)->dispose (object);
}

static void
bsn_import_page_finalize (GObject *object)
{
  BsnImportPage *self = (BsnImportPage *) object;

  g_free (self->path);
  g_free (self->csv);

  G_OBJECT_CLASS (bsn_import_page_parent_class)->finalize (object);
}

static void
template_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  bsn_app_save_text (widget, _("Simpan templat CSV penjualan"), "templat-penjualan.csv",
                     bsn_import_template_csv (_("KODE-TOKO"), _("KODE-PELANGGAN"), bsn_time_now ()));
}

static void
bsn_import_page_class_init (BsnImportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bsn_import_page_dispose;
  object_class->finalize = bsn_import_page_finalize;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-import-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnImportPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BsnImportPage, file_name_label);
  gtk_widget_class_bind_template_child (widget_class, BsnImportPage, file_dir_label);
  gtk_widget_class_bind_template_child (widget_class, BsnImportPage, preview_caption);
  gtk_widget_class_bind_template_child (widget_class, BsnImportPage, preview_error);
  gtk_widget_class_bind_template_child (widget_class, BsnImportPage, preview_scroller);
  gtk_widget_class_bind_template_child (widget_class, BsnImportPage, preview_view);
  gtk_widget_class_bind_template_child (widget_class, BsnImportPage, progress);
  gtk_widget_class_bind_template_child (widget_class, BsnImportPage, import_button);
  gtk_widget_class_bind_template_child (widget_class, BsnImportPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BsnImportPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, BsnImportPage, summary_box);
  gtk_widget_class_bind_template_child (widget_class, BsnImportPage, imported_label);
  gtk_widget_class_bind_template_child (widget_class, BsnImportPage, duplicates_label);
  gtk_widget_class_bind_template_child (widget_class, BsnImportPage, rejected_label);
  gtk_widget_class_bind_template_child (widget_class, BsnImportPage, value_label);
  gtk_widget_class_bind_template_child (widget_class, BsnImportPage, rejected_group);
  gtk_widget_class_bind_template_child (widget_class, BsnImportPage, rejected_list);

  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "import.template", NULL, template_action);
  gtk_widget_class_install_action (widget_class, "import.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "import.choose", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "import.cancel", NULL);
}

static void
bsn_import_page_init (BsnImportPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

void
bsn_import_page_set_path (BsnImportPage *self,
                          const char    *path)
{
  g_return_if_fail (BSN_IS_IMPORT_PAGE (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;
  /* An import writes to the database it started with; it finishes there. */
  g_free (self->path);
  self->path = g_strdup (path);
  update_actions (self);
}
