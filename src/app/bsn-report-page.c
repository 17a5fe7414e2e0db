/* bsn-report-page.c — Bagi Hasil & Laporan (see bsn-report-page.h). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bsn-db-task.h"
#include "bsn-export.h"
#include "bsn-money.h"
#include "bsn-report-chart.h"
#include "bsn-app-util.h"
#include "bsn-report-page.h"
#include "bsn-report-row.h"
#include "bsn-store.h"
#include "bsn-time.h"

typedef enum
{
  KIND_BAGI_HASIL,
  KIND_PROGRAM,
  KIND_KPI,
} ReportKind;

/* File name stems, as the CLI names the reports. */
static const char *const kind_slugs[] = { "bagi-hasil", "program", "kpi" };

struct _BsnReportPage
{
  GtkWidget          parent_instance;

  char              *path;
  GPtrArray         *store_codes;       /* char*, index 0 = NULL (all stores) */
  GCancellable      *cancellable;       /* reads: stores and the report */
  GCancellable      *ledger_cancellable;/* the running ledger export, or NULL */
  GtkFileChooserNative *chooser;
  guint              generation;
  gboolean           updating;
  gboolean           exporting;
  gboolean           has_report;
  gboolean           period_pending;    /* the dates on screen are not the report's */
  guint              apply_id;          /* applies typed dates after a pause */

  GtkScrolledWindow *scroller;
  AdwComboRow       *kind_row;
  GtkEntry          *from_entry;
  GtkEntry          *to_entry;
  AdwComboRow       *store_row;
  GtkRevealer       *progress_revealer;
  GtkLabel          *progress_label;
  GtkProgressBar    *progress_bar;
  GtkLabel          *error_label;
  GtkStack          *content_stack;
  GtkSpinner        *spinner;
  AdwStatusPage     *empty_page;
  GtkLabel          *title_label;
  GtkWidget         *chart_box;
  GtkLabel          *chart_title;
  BsnReportChart    *chart;
  GtkBox            *sections_box;
  GtkLabel          *notes_label;
};

G_DEFINE_FINAL_TYPE (BsnReportPage, bsn_report_page, GTK_TYPE_WIDGET)

static void rebuild (BsnReportPage *self);

/* ---- Messages ---- */

static void
show_error (BsnReportPage *self,
            const char    *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static GtkWindow *
toplevel (BsnReportPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
add_toast (BsnReportPage *self,
           AdwToast      *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (toast);
}

/* ---- Period, kind, store ---- */

static ReportKind
selected_kind (BsnReportPage *self)
{
  guint pos = adw_combo_row_get_selected (self->kind_row);

  return pos <= KIND_KPI ? (ReportKind) pos : KIND_BAGI_HASIL;
}

static const char *
selected_store (BsnReportPage *self)
{
  guint pos = adw_combo_row_get_selected (self->store_row);

  if (self->store_codes == NULL || pos == GTK_INVALID_LIST_POSITION || pos >= self->store_codes->len)
    return NULL;
  return g_ptr_array_index (self->store_codes, pos);
}

/* [@from, @to) from the two inclusive dates on screen. */
static gboolean
read_period (BsnReportPage *self,
             BsnTime       *from,
             BsnTime       *to,
             GError       **error)
{
  const char *f = gtk_editable_get_text (GTK_EDITABLE (self->from_entry));
  const char *t = gtk_editable_get_text (GTK_EDITABLE (self->to_entry));

  if (!bsn_date_parse (f, from, error) || !bsn_date_parse (t, to, error))
    return FALSE;
  *to += BSN_SECONDS_PER_DAY;
  if (*to <= *from)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Tanggal akhir tidak boleh sebelum tanggal awal"));
      return FALSE;
    }
  return TRUE;
}

static void
set_period (BsnReportPage *self,
            BsnTime        from,
            BsnTime        to_inclusive)
{
  g_autofree char *f = bsn_time_format_date_entry (from);
  g_autofree char *t = bsn_time_format_date_entry (to_inclusive);

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), f);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), t);
  self->updating = FALSE;
}

static void
set_month (BsnReportPage *self,
           int            months_back)
{
  int year, month, day;
  BsnTime first, next;

  bsn_time_to_ymd (bsn_time_now (), &year, &month, &day);
  month -= months_back;
  while (month < 1)
    {
      month += 12;
      year--;
    }
  first = bsn_time_from_ymd_hms (year, month, 1, 0, 0, 0);
  next = month == 12 ? bsn_time_from_ymd_hms (year + 1, 1, 1, 0, 0, 0)
                     : bsn_time_from_ymd_hms (year, month + 1, 1, 0, 0, 0);
  /* This month runs to today; a past month to its last day. */
  set_period (self, first, months_back == 0 ? bsn_time_now () : next - BSN_SECONDS_PER_DAY);
}

/* "bagi-hasil-2026-11" for a whole month, else with both dates. */
static char *
suggested_stem (const char *slug,
                BsnTime     from,
                BsnTime     to)
{
  int y1, m1, d1, y2, m2, d2;
  g_autofree char *f = bsn_time_format_date_iso (from);
  g_autofree char *t = bsn_time_format_date_iso (to - BSN_SECONDS_PER_DAY);

  bsn_time_to_ymd (from, &y1, &m1, &d1);
  bsn_time_to_ymd (to, &y2, &m2, &d2);
  if (d1 == 1 && d2 == 1 && (y2 * 12 + m2) - (y1 * 12 + m1) == 1)
    return g_strdup_printf ("%s-%04d-%02d", slug, y1, m1);
  return g_strdup_printf ("%s-%s-%s", slug, f, t);
}

/* ---- Building the report ---- */

typedef struct
{
  ReportKind  kind;
  BsnTime     from;
  BsnTime     to;
  char       *store;
  /* export only */
  BsnExportFormat format;
  char       *output;
} ReportRequest;

static void
report_request_free (ReportRequest *request)
{
  g_free (request->store);
  g_free (request->output);
  g_free (request);
}

static ReportRequest *
report_request_new (BsnReportPage *self,
                    GError       **error)
{
  ReportRequest *request = g_new0 (ReportRequest, 1);

  if (!read_period (self, &request->from, &request->to, error))
    {
      report_request_free (request);
      return NULL;
    }
  request->kind = selected_kind (self);
  request->store = g_strdup (selected_store (self));
  return request;
}

static BsnReport *
build_report (BsnDb         *db,
              ReportRequest *request,
              GError       **error)
{
  switch (request->kind)
    {
    case KIND_BAGI_HASIL:
      return bsn_report_bagi_hasil (db, request->from, request->to, request->store, error);
    case KIND_PROGRAM:
      return bsn_report_program (db, request->from, request->to, request->store, error);
    case KIND_KPI:
    default:
      return bsn_report_kpi (db, request->from, request->to, request->store, error);
    }
}

static gpointer
report_thread (BsnDb        *db,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  return build_report (db, data, error);
}

/* A period without a single non-zero figure shows the empty state. */
static gboolean
report_is_empty (const BsnReport *report)
{
  for (guint s = 0; s < report->sections->len; s++)
    {
      const BsnReportSection *section = g_ptr_array_index (report->sections, s);

      for (guint r = 0; r < section->rows->len; r++)
        {
          GArray *row = g_ptr_array_index (section->rows, r);

          for (guint c = 0; c < row->len && c < section->columns->len; c++)
            if (g_array_index (section->columns, BsnColumn, c).type != BSN_COL_TEXT
                && g_array_index (row, BsnCell, c).num != 0)
              return FALSE;
        }
    }
  return TRUE;
}

static void
clear_sections (BsnReportPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sections_box))) != NULL)
    gtk_box_remove (self->sections_box, child);
}

static void
show_notes (BsnReportPage   *self,
            const BsnReport *report)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < report->notes->len; i++)
    {
      GStrv pair = g_ptr_array_index (report->notes, i);

      if (pair == NULL || pair[0] == NULL)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s: %s", pair[0], pair[1] != NULL ? pair[1] : "");
    }
  gtk_label_set_label (self->notes_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->notes_label), text->len > 0);
}

static void
show_report (BsnReportPage   *self,
             const BsnReport *report)
{
  const BsnReportSection *chart_section = NULL;

  clear_sections (self);
  gtk_label_set_label (self->title_label, report->title);
  for (guint s = 0; s < report->sections->len; s++)
    gtk_box_append (self->sections_box,
                    bsn_report_row_section_view (g_ptr_array_index (report->sections, s)));
  show_notes (self, report);

  if (g_strcmp0 (report->kind, "bagi-hasil") == 0
      && (chart_section = bsn_report_section (report, BSN_SECTION_PARTIES)) != NULL)
    {
      gtk_label_set_label (self->chart_title,
                           _("Bagian bersih per pihak: laba titip jual + kompensasi retur − biaya bonus"));
      bsn_report_chart_set_parties (self->chart, chart_section);
    }
  else if (g_strcmp0 (report->kind, "program") == 0
           && (chart_section = bsn_report_section (report, BSN_SECTION_PROGRAM)) != NULL)
    {
      gtk_label_set_label (self->chart_title, _("Biaya program dan margin per toko"));
      bsn_report_chart_set_program (self->chart, chart_section);
    }
  else
    bsn_report_chart_clear (self->chart);
  gtk_widget_set_visible (self->chart_box, chart_section != NULL && chart_section->rows->len > 0);
}

static void
set_loading (BsnReportPage *self,
             gboolean       loading)
{
  gtk_spinner_set_spinning (self->spinner, loading);
  if (loading)
    gtk_stack_set_visible_child_name (self->content_stack, "loading");
}

/* The figures on screen belong to the period last applied: while the dates
 * typed differ from it, they are dimmed and nothing can be exported. */
static void
set_period_pending (BsnReportPage *self,
                    gboolean       pending)
{
  self->period_pending = pending;
  gtk_widget_set_sensitive (GTK_WIDGET (self->content_stack), !pending);
}

static void
update_actions (BsnReportPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.export",
                                 self->has_report && !self->exporting && !self->period_pending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.export-ledger",
                                 self->path != NULL && self->ledger_cancellable == NULL
                                 && !self->period_pending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.cancel-export",
                                 self->ledger_cancellable != NULL);
}

static void
report_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  BsnReportPage *self = BSN_REPORT_PAGE (object);
  guint generation = GPOINTER_TO_UINT (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnReport) report = bsn_db_task_finish (result, &error);

  if (report == NULL && bsn_db_task_error_is_cancelled (error))
    return;
  if (generation != self->generation)
    return;
  set_loading (self, FALSE);
  if (report == NULL)
    {
      show_error (self, error->message);
      self->has_report = FALSE;
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
    }
  else if (report_is_empty (report))
    {
      self->has_report = FALSE;
      clear_sections (self);
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
    }
  else
    {
      self->has_report = TRUE;
      show_report (self, report);
      gtk_stack_set_visible_child_name (self->content_stack, "report");
    }
  update_actions (self);
}

static void
rebuild (BsnReportPage *self)
{
  g_autoptr(GError) error = NULL;
  ReportRequest *request;

  if (self->path == NULL || self->updating)
    return;
  g_clear_handle_id (&self->apply_id, g_source_remove);
  show_error (self, NULL);
  self->generation++;
  if ((request = report_request_new (self, &error)) == NULL)
    {
      /* The figures stay those of the last period applied: marked stale. */
      show_error (self, error->message);
      set_period_pending (self, TRUE);
      self->has_report = FALSE;
      update_actions (self);
      return;
    }
  set_period_pending (self, FALSE);
  self->has_report = FALSE;
  update_actions (self);
  set_loading (self, TRUE);
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, report_thread, request,
                   (GDestroyNotify) report_request_free, (GDestroyNotify) bsn_report_free,
                   self->cancellable, report_done, GUINT_TO_POINTER (self->generation));
}

static void
on_filter_changed (BsnReportPage *self)
{
  rebuild (self);
}

static gboolean
apply_typed_period (gpointer user_data)
{
  BsnReportPage *self = user_data;
  BsnTime from, to;

  self->apply_id = 0;
  /* A half-typed date waits for Enter or for the focus to leave. */
  if (read_period (self, &from, &to, NULL))
    rebuild (self);
  return G_SOURCE_REMOVE;
}

/* Typing a date marks the figures stale at once and applies the period
 * after a short pause; Enter and leaving the field apply it at once. */
static void
on_period_edited (BsnReportPage *self)
{
  if (self->updating)
    return;
  set_period_pending (self, TRUE);
  self->has_report = FALSE;
  update_actions (self);
  g_clear_handle_id (&self->apply_id, g_source_remove);
  self->apply_id = g_timeout_add (600, apply_typed_period, self);
}

static void
on_period_focus_left (BsnReportPage *self)
{
  if (self->period_pending)
    rebuild (self);
}

/* ---- Stores ---- */

static void
list_stores_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  BsnReportPage *self = BSN_REPORT_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stores = bsn_db_task_finish (result, &error);
  g_autoptr(GtkStringList) names = NULL;
  g_autofree char *current = g_strdup (selected_store (self));
  guint selected = 0;

  if (stores == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        show_error (self, error->message);
      return;
    }
  names = gtk_string_list_new (NULL);
  gtk_string_list_append (names, _("Semua toko"));
  g_clear_pointer (&self->store_codes, g_ptr_array_unref);
  self->store_codes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->store_codes, NULL);
  for (guint i = 0; i < stores->len; i++)
    {
      BsnStore *store = g_ptr_array_index (stores, i);
      g_autofree char *label = g_strdup_printf ("%s — %s", store->code, store->name);

      gtk_string_list_append (names, label);
      g_ptr_array_add (self->store_codes, g_strdup (store->code));
      if (g_strcmp0 (current, store->code) == 0)
        selected = i + 1;
    }
  self->updating = TRUE;
  adw_combo_row_set_model (self->store_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->store_row, selected);
  self->updating = FALSE;
  rebuild (self);
}

void
bsn_report_page_reload (BsnReportPage *self)
{
  g_return_if_fail (BSN_IS_REPORT_PAGE (self));

  if (self->path == NULL)
    return;
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, bsn_db_task_list_stores, NULL, NULL,
                   (GDestroyNotify) g_ptr_array_unref, self->cancellable, list_stores_done, NULL);
}

void
bsn_report_page_set_path (BsnReportPage *self,
                          const char    *path)
{
  g_return_if_fail (BSN_IS_REPORT_PAGE (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->path);
  self->path = g_strdup (path);
  self->has_report = FALSE;
  update_actions (self);
  bsn_report_page_reload (self);
}

/* ---- Opening what was written ---- */

static void
launch_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BsnReportPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    add_toast (self, adw_toast_new (_("Tidak ada aplikasi untuk membuka berkas ini")));
}

static void
launch_uri (BsnReportPage *self,
            const char    *uri)
{
  g_autoptr(GdkAppLaunchContext) context =
    gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));

  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), NULL,
                                           launch_done, g_object_ref (self));
}

static void
on_open_file (AdwToast *toast,
              gpointer  user_data)
{
  BsnReportPage *self = user_data;
  const char *uri = g_object_get_data (G_OBJECT (toast), "uri");

  launch_uri (self, uri);
}

typedef struct
{
  BsnReportPage *self;
  char          *folder_uri;
} ShowFolder;

static void
show_items_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ShowFolder *data = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  /* No file manager on the bus: open the folder instead. */
  if (reply == NULL)
    launch_uri (data->self, data->folder_uri);
  g_object_unref (data->self);
  g_free (data->folder_uri);
  g_free (data);
}

static void
on_show_in_folder (GtkButton *button,
                   gpointer   user_data)
{
  BsnReportPage *self = user_data;
  const char *uri = g_object_get_data (G_OBJECT (button), "uri");
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  GDBusConnection *bus = g_application_get_dbus_connection (g_application_get_default ());
  const char *uris[] = { uri, NULL };
  ShowFolder *data;

  if (bus == NULL || parent == NULL)
    {
      if (parent != NULL)
        {
          g_autofree char *folder = g_file_get_uri (parent);
          launch_uri (self, folder);
        }
      return;
    }
  data = g_new0 (ShowFolder, 1);
  data->self = g_object_ref (self);
  data->folder_uri = g_file_get_uri (parent);
  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems",
                          g_variant_new ("(^ass)", uris, ""), NULL, G_DBUS_CALL_FLAGS_NONE, 5000,
                          NULL, show_items_done, data);
}

static void
toast_written (BsnReportPage *self,
               const char    *title,
               GFile         *file)
{
  AdwToast *toast = adw_toast_new (title);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *folder = gtk_button_new_with_mnemonic (_("_Tampilkan di folder"));
  char *uri = g_file_get_uri (file);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (folder, "flat");
  gtk_widget_set_valign (folder, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (folder), "uri", g_strdup (uri), g_free);
  g_signal_connect_object (folder, "clicked", G_CALLBACK (on_show_in_folder), self, 0);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), folder);
  adw_toast_set_custom_title (toast, box);
  adw_toast_set_button_label (toast, _("_Buka berkas"));
  adw_toast_set_timeout (toast, 10);
  g_object_set_data_full (G_OBJECT (toast), "uri", uri, g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_open_file), self, 0);
  add_toast (self, toast);
}

/* ---- Save dialog ---- */

typedef void (*ChooserDone) (BsnReportPage *self, GFile *file, BsnExportFormat format);

static void
add_filter (GtkFileChooser  *chooser,
            const char      *name,
            const char      *pattern,
            BsnExportFormat  format)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  g_object_set_data (G_OBJECT (filter), "format", GINT_TO_POINTER (format));
  gtk_file_chooser_add_filter (chooser, filter);
}

static const char *
format_extension (BsnExportFormat format)
{
  switch (format)
    {
    case BSN_EXPORT_CSV:
      return ".csv";
    case BSN_EXPORT_JSON:
      return ".json";
    case BSN_EXPORT_XLSX:
    default:
      return ".xlsx";
    }
}

/* The format from the file's extension, else from the chosen filter (and
 * the extension is added). */
static GFile *
chosen_file (GtkFileChooser  *chooser,
             BsnExportFormat *format)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);
  g_autofree char *name = NULL;
  GtkFileFilter *filter = gtk_file_chooser_get_filter (chooser);
  g_autoptr(GFile) parent = NULL;
  g_autofree char *with_ext = NULL;

  if (file == NULL)
    return NULL;
  name = g_file_get_basename (file);
  for (BsnExportFormat f = BSN_EXPORT_XLSX; f <= BSN_EXPORT_JSON; f++)
    if (g_str_has_suffix (name, format_extension (f)))
      {
        *format = f;
        return g_steal_pointer (&file);
      }
  *format = filter != NULL ? (BsnExportFormat) GPOINTER_TO_INT (g_object_get_data (G_OBJECT (filter), "format"))
                           : BSN_EXPORT_XLSX;
  parent = g_file_get_parent (file);
  with_ext = g_strconcat (name, format_extension (*format), NULL);
  return g_file_get_child (parent, with_ext);
}

static void
on_chooser_response (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  BsnReportPage *self = user_data;
  ChooserDone done = (ChooserDone) g_object_get_data (G_OBJECT (dialog), "done");
  BsnExportFormat format = BSN_EXPORT_XLSX;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = chosen_file (GTK_FILE_CHOOSER (dialog), &format);
  g_clear_object (&self->chooser);
  if (file != NULL)
    done (self, file, format);
}

static void
ask_save_file (BsnReportPage *self,
               const char    *title,
               const char    *name,
               gboolean       report_formats,
               ChooserDone    done)
{
  GtkFileChooserNative *native;
  const char *dir = g_getenv ("BSN_EXPORT_DIR");

  if (self->chooser != NULL)
    return;
  native = gtk_file_chooser_native_new (title, toplevel (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Simpan"), _("_Batal"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  add_filter (GTK_FILE_CHOOSER (native), _("Buku kerja Excel (.xlsx)"), "*.xlsx", BSN_EXPORT_XLSX);
  if (report_formats)
    {
      add_filter (GTK_FILE_CHOOSER (native), _("CSV (.csv)"), "*.csv", BSN_EXPORT_CSV);
      add_filter (GTK_FILE_CHOOSER (native), _("JSON (.json)"), "*.json", BSN_EXPORT_JSON);
    }
  if (dir != NULL && *dir != '\0')
    {
      g_autoptr(GFile) folder = g_file_new_for_path (dir);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  g_object_set_data (G_OBJECT (native), "done", done);
  g_signal_connect (native, "response", G_CALLBACK (on_chooser_response), self);
  self->chooser = native;
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* ---- Exporting the report ---- */

static gpointer
export_thread (BsnDb        *db,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  ReportRequest *request = data;
  g_autoptr(BsnReport) report = NULL;

  /* Built again here: the records are append-only, so the numbers are the
   * ones on screen, and the screen may move on meanwhile. */
  if ((report = build_report (db, request, error)) == NULL
      || !bsn_export_report (report, request->format, request->output, ';', error))
    return NULL;
  return g_strdup (request->output);
}

static void
export_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  BsnReportPage *self = BSN_REPORT_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *output = bsn_db_task_finish (result, &error);

  self->exporting = FALSE;
  update_actions (self);
  if (output == NULL)
    {
      if (!bsn_db_task_error_is_cancelled (error))
        bsn_app_show_message (GTK_WIDGET (self), _("Laporan gagal diekspor"), error->message);
      return;
    }
  {
    g_autoptr(GFile) file = g_file_new_for_path (output);
    g_autofree char *base = g_file_get_basename (file);
    g_autofree char *title = g_strdup_printf (_("Laporan disimpan: %s"), base);

    toast_written (self, title, file);
  }
}

static void
export_to (BsnReportPage   *self,
           GFile           *file,
           BsnExportFormat  format)
{
  g_autoptr(GError) error = NULL;
  ReportRequest *request = report_request_new (self, &error);

  if (request == NULL)
    {
      show_error (self, error->message);
      return;
    }
  request->format = format;
  request->output = g_file_get_path (file);
  self->exporting = TRUE;
  update_actions (self);
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, export_thread, request,
                   (GDestroyNotify) report_request_free, g_free,
                   self->cancellable, export_done, NULL);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BsnReportPage *self = BSN_REPORT_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;
  BsnTime from, to;

  if (!read_period (self, &from, &to, &error))
    {
      show_error (self, error->message);
      return;
    }
  stem = suggested_stem (kind_slugs[selected_kind (self)], from, to);
  name = g_strconcat (stem, ".xlsx", NULL);
  ask_save_file (self, _("Ekspor laporan"), name, TRUE, export_to);
}

/* ---- Exporting the ledger ---- */

typedef struct
{
  BsnTime  from;
  BsnTime  to;
  char    *output;
  GWeakRef page;
  gint     last_permille;
  guint64  rows;
} LedgerRequest;

typedef struct
{
  GWeakRef page;
  guint64  done;
  guint64  total;
} LedgerProgress;

static void
ledger_request_free (LedgerRequest *request)
{
  g_weak_ref_clear (&request->page);
  g_free (request->output);
  g_free (request);
}

static gboolean
ledger_progress_idle (gpointer user_data)
{
  LedgerProgress *progress = user_data;
  g_autoptr(BsnReportPage) self = g_weak_ref_get (&progress->page);

  if (self != NULL && self->ledger_cancellable != NULL && progress->total > 0)
    {
      double fraction = (double) progress->done / (double) progress->total;
      g_autofree char *text = g_strdup_printf (_("%d %%"), (int) (fraction * 100));

      gtk_progress_bar_set_fraction (self->progress_bar, fraction);
      gtk_progress_bar_set_text (self->progress_bar, text);
    }
  return G_SOURCE_REMOVE;
}

static void
ledger_progress_free (LedgerProgress *progress)
{
  g_weak_ref_clear (&progress->page);
  g_free (progress);
}

/* Runs on the worker thread: hands the figures to the main thread, at most
 * once per tenth of a percent. */
static void
ledger_progress (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  LedgerRequest *request = user_data;
  gint permille = total > 0 ? (gint) (done * 1000 / total) : 0;
  LedgerProgress *progress;
  g_autoptr(GObject) page = NULL;

  if (permille == request->last_permille)
    return;
  request->last_permille = permille;
  page = g_weak_ref_get (&request->page);
  progress = g_new0 (LedgerProgress, 1);
  g_weak_ref_init (&progress->page, page);
  progress->done = done;
  progress->total = total;
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, ledger_progress_idle, progress,
                              (GDestroyNotify) ledger_progress_free);
}

static gpointer
ledger_thread (BsnDb        *db,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  LedgerRequest *request = data;
  g_autofree char *base = g_path_get_basename (request->output);

  if (!bsn_export_ledger_xlsx (db, request->from, request->to, request->output, 0,
                               ledger_progress, request, cancellable, &request->rows, error))
    return NULL;
  return g_strdup_printf (_("%" G_GUINT64_FORMAT " kaki posting disimpan: %s"), request->rows, base);
}

static void
ledger_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  BsnReportPage *self = BSN_REPORT_PAGE (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = bsn_db_task_finish (result, &error);

  g_clear_object (&self->ledger_cancellable);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  update_actions (self);
  if (title != NULL)
    toast_written (self, title, file);
  else if (bsn_db_task_error_is_cancelled (error))
    add_toast (self, adw_toast_new (_("Ekspor buku poin dibatalkan")));
  else
    bsn_app_show_message (GTK_WIDGET (self), _("Buku poin gagal diekspor"), error->message);
}

static void
export_ledger_to (BsnReportPage   *self,
                  GFile           *file,
                  BsnExportFormat  format)
{
  g_autoptr(GError) error = NULL;
  LedgerRequest *request = g_new0 (LedgerRequest, 1);

  if (!read_period (self, &request->from, &request->to, &error))
    {
      show_error (self, error->message);
      g_free (request);
      return;
    }
  request->output = g_file_get_path (file);
  request->last_permille = -1;
  g_weak_ref_init (&request->page, self);
  self->ledger_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, NULL);
  gtk_progress_bar_set_show_text (self->progress_bar, TRUE);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  update_actions (self);
  bsn_db_task_run (self, self->path, BSN_DB_TASK_READ, ledger_thread, request,
                   (GDestroyNotify) ledger_request_free, g_free,
                   self->ledger_cancellable, ledger_done, g_object_ref (file));
}

static void
export_ledger_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  BsnReportPage *self = BSN_REPORT_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;
  BsnTime from, to;

  if (!read_period (self, &from, &to, &error))
    {
      show_error (self, error->message);
      return;
    }
  stem = suggested_stem ("buku-poin", from, to);
  name = g_strconcat (stem, ".xlsx", NULL);
  ask_save_file (self, _("Ekspor buku poin"), name, FALSE, export_ledger_to);
}

static void
cancel_export_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  BsnReportPage *self = BSN_REPORT_PAGE (widget);

  if (self->ledger_cancellable != NULL)
    g_cancellable_cancel (self->ledger_cancellable);
}

/* ---- Period actions ---- */

static void
month_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  BsnReportPage *self = BSN_REPORT_PAGE (widget);

  set_month (self, g_str_equal (action_name, "report.last-month") ? 1 : 0);
  rebuild (self);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  rebuild (BSN_REPORT_PAGE (widget));
}

/* ---- GObject ---- */

static void
bsn_report_page_dispose (GObject *object)
{
  BsnReportPage *self = BSN_REPORT_PAGE (object);

  g_clear_handle_id (&self->apply_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  if (self->ledger_cancellable != NULL)
    g_cancellable_cancel (self->ledger_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), BSN_TYPE_REPORT_PAGE);
  G_OBJECT_CLASS (bsn_report_page_parent_class)->dispose (object);
}

static void
bsn_report_page_finalize (GObject *object)
{
  BsnReportPage *self = BSN_REPORT_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->ledger_cancellable);
  g_clear_pointer (&self->store_codes, g_ptr_array_unref);
  g_free (self->path);
  G_OBJECT_CLASS (bsn_report_page_parent_class)->finalize (object);
}

static void
bsn_report_page_class_init (BsnReportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bsn_report_page_dispose;
  object_class->finalize = bsn_report_page_finalize;

  g_type_ensure (BSN_TYPE_REPORT_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-report-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, BsnReportPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, BsnReportPage, kind_row);
  gtk_widget_class_bind_template_child (widget_class, BsnReportPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, BsnReportPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, BsnReportPage, store_row);
  gtk_widget_class_bind_template_child (widget_class, BsnReportPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, BsnReportPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, BsnReportPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BsnReportPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, BsnReportPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, BsnReportPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, BsnReportPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BsnReportPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, BsnReportPage, chart_box);
  gtk_widget_class_bind_template_child (widget_class, BsnReportPage, chart_title);
  gtk_widget_class_bind_template_child (widget_class, BsnReportPage, chart);
  gtk_widget_class_bind_template_child (widget_class, BsnReportPage, sections_box);
  gtk_widget_class_bind_template_child (widget_class, BsnReportPage, notes_label);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_period_edited);

  gtk_widget_class_install_action (widget_class, "report.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "report.export-ledger", NULL, export_ledger_action);
  gtk_widget_class_install_action (widget_class, "report.cancel-export", NULL, cancel_export_action);
  gtk_widget_class_install_action (widget_class, "report.this-month", NULL, month_action);
  gtk_widget_class_install_action (widget_class, "report.last-month", NULL, month_action);
  gtk_widget_class_install_action (widget_class, "report.refresh", NULL, refresh_action);
}

static void
bsn_report_page_init (BsnReportPage *self)
{
  const char *const all[] = { _("Semua toko"), NULL };
  g_autoptr(GtkStringList) stores = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  bsn_app_add_date_picker (GTK_WIDGET (self->from_entry), TRUE);
  bsn_app_add_date_picker (GTK_WIDGET (self->to_entry), TRUE);
  self->cancellable = g_cancellable_new ();
  stores = gtk_string_list_new (all);
  self->updating = TRUE;
  adw_combo_row_set_model (self->store_row, G_LIST_MODEL (stores));
  self->updating = FALSE;
  set_month (self, 0);
  for (guint i = 0; i < 2; i++)
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();

      g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_period_focus_left), self);
      gtk_widget_add_controller (GTK_WIDGET (i == 0 ? self->from_entry : self->to_entry), focus);
    }
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
  update_actions (self);
}
