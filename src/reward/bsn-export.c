/* bsn-export.c — reports and the ledger to xlsx, csv and json (see
 * bsn-export.h). */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-chain.h"
#include "bsn-error.h"
#include "bsn-export.h"
#include "bsn-locale.h"
#include "bsn-money.h"
#include "bsn-private-file.h"

#define MONEY_FORMAT "\"Rp\"#,##0;-\"Rp\"#,##0"
#define PERCENT_FORMAT "0.00%"
#define DATE_FORMAT "dd/mm/yyyy hh:mm"

/* A report's sheet opens with its title (row 1) and its period and store
 * filter (row 2), a blank row, then the column headers: read on screen or
 * printed, a sheet says what it is. Printing repeats the header row on
 * every page, and the page header repeats title, period and store. */
#define TITLE_ROW  0
#define PERIOD_ROW 1
#define FINGERPRINT_ROW 2
#define HEADER_ROW 3
/* Paper size 9 is A4, Indonesia's paper. */
#define PAPER_A4 9

gboolean
bsn_export_format_parse (const char      *text,
                         BsnExportFormat *out,
                         GError         **error)
{
  if (g_strcmp0 (text, "xlsx") == 0)
    *out = BSN_EXPORT_XLSX;
  else if (g_strcmp0 (text, "csv") == 0)
    *out = BSN_EXPORT_CSV;
  else if (g_strcmp0 (text, "json") == 0)
    *out = BSN_EXPORT_JSON;
  else
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Format “%s” tidak dikenal: pilih xlsx, csv atau json"),
                   text ? text : "");
      return FALSE;
    }
  return TRUE;
}

static gboolean
xlsx_error (lxw_error   err,
            const char *path,
            GError    **error)
{
  if (err == LXW_NO_ERROR)
    return TRUE;
  g_set_error (error, BSN_ERROR, BSN_ERROR_IO, _("Berkas Excel “%s” tidak dapat ditulis: %s"), path,
               lxw_strerror (err));
  return FALSE;
}

/* Excel time serial of a wall-clock BsnTime (days since 1899-12-30). */
static double
excel_serial (BsnTime t)
{
  return (double) t / BSN_SECONDS_PER_DAY + 25569.0;
}

typedef struct
{
  lxw_format *title;
  lxw_format *subtitle;
  lxw_format *header;
  lxw_format *money;
  lxw_format *percent;
  lxw_format *date;
  lxw_format *total_label;
  lxw_format *total_money;
  lxw_format *total_int;
  lxw_format *wrap;
} Formats;

static void
make_formats (lxw_workbook *wb,
              Formats      *f)
{
  f->title = workbook_add_format (wb);
  format_set_bold (f->title);
  format_set_font_size (f->title, 14);
  f->subtitle = workbook_add_format (wb);
  format_set_italic (f->subtitle);
  f->header = workbook_add_format (wb);
  format_set_bold (f->header);
  format_set_bg_color (f->header, 0xDDEBF7);
  format_set_border (f->header, LXW_BORDER_THIN);
  format_set_text_wrap (f->header);
  format_set_align (f->header, LXW_ALIGN_VERTICAL_CENTER);
  f->money = workbook_add_format (wb);
  format_set_num_format (f->money, MONEY_FORMAT);
  f->percent = workbook_add_format (wb);
  format_set_num_format (f->percent, PERCENT_FORMAT);
  f->date = workbook_add_format (wb);
  format_set_num_format (f->date, DATE_FORMAT);
  f->total_label = workbook_add_format (wb);
  format_set_bold (f->total_label);
  format_set_top (f->total_label, LXW_BORDER_DOUBLE);
  f->total_money = workbook_add_format (wb);
  format_set_bold (f->total_money);
  format_set_num_format (f->total_money, MONEY_FORMAT);
  format_set_top (f->total_money, LXW_BORDER_DOUBLE);
  f->total_int = workbook_add_format (wb);
  format_set_bold (f->total_int);
  format_set_top (f->total_int, LXW_BORDER_DOUBLE);
  f->wrap = workbook_add_format (wb);
  format_set_text_wrap (f->wrap);
}

/* A sheet name Excel accepts: ≤ 31 characters, none of []:*?/\ . */
static char *
sheet_name (const char *name,
            guint       part)
{
  GString *s = g_string_new (NULL);

  for (const char *p = name; *p && g_utf8_strlen (s->str, -1) < (part ? 26 : 31); p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (strchr ("[]:*?/\\", (int) (c < 128 ? c : 'x')) == NULL)
        g_string_append_unichar (s, c);
    }
  if (part)
    g_string_append_printf (s, " (%u)", part + 1);
  return g_string_free (s, FALSE);
}

static double
column_width (const BsnReportSection *s,
              guint                   c)
{
  const BsnColumn *col = &g_array_index (s->columns, BsnColumn, c);
  glong width = g_utf8_strlen (col->header, -1);

  for (guint r = 0; r < s->rows->len && r < 2000; r++)
    {
      GArray *row = g_ptr_array_index (s->rows, r);
      const BsnCell *cell = c < row->len ? &g_array_index (row, BsnCell, c) : NULL;
      glong w = 0;

      if (cell == NULL)
        continue;
      if (col->type == BSN_COL_TEXT)
        w = cell->text ? g_utf8_strlen (cell->text, -1) : 0;
      else if (col->type == BSN_COL_MONEY)
        {
          char digits[32];
          w = 4 + (glong) g_snprintf (digits, sizeof digits, "%" G_GINT64_FORMAT, cell->num) * 4 / 3;
        }
      else
        w = 10;
      width = MAX (width, w);
    }
  return CLAMP (width + 2, 8, 60);
}

/* @text for a page header or footer, where '&' starts a code. */
static void
append_header_text (GString    *out,
                    const char *text)
{
  for (const char *p = text; *p; p++)
    {
      if (*p == '&')
        g_string_append_c (out, '&');
      g_string_append_c (out, *p);
    }
}

/* Landscape A4, every column on one page width (as many pages down as it
 * takes), the header row @header_row repeated on each page, and a page
 * header with @title left, @period centred, @store right; the footer
 * numbers the pages. */
static void
setup_print (lxw_worksheet *ws,
             const char    *title,
             const char    *period,
             const char    *store,
             const char    *fingerprint,
             lxw_row_t      header_row)
{
  g_autoptr(GString) header = g_string_new ("&L&\"-,Bold\"");
  g_autoptr(GString) footer = g_string_new (NULL);

  worksheet_set_landscape (ws);
  worksheet_set_paper (ws, PAPER_A4);
  worksheet_fit_to_pages (ws, 1, 0);
  worksheet_repeat_rows (ws, header_row, header_row);
  append_header_text (header, title);
  g_string_append (header, "&C");
  append_header_text (header, period);
  g_string_append (header, "&R");
  append_header_text (header, store);
  /* Excel refuses a header past 255 bytes: the title alone then. */
  if (header->len >= LXW_HEADER_FOOTER_MAX)
    {
      g_string_assign (header, "&L");
      append_header_text (header, title);
      g_string_truncate (header, MIN (header->len, LXW_HEADER_FOOTER_MAX - 1));
    }
  worksheet_set_header (ws, header->str);
  /* The book's fingerprint on every printed page, left of the numbers. */
  if (fingerprint != NULL)
    {
      g_string_append (footer, "&L");
      append_header_text (footer, fingerprint);
    }
  /* TRANSLATORS: a printed page's footer; keep &P (this page) and &N (the
   * number of pages) as they are. */
  g_string_append (footer, _("&CHalaman &P dari &N"));
  if (footer->len >= LXW_HEADER_FOOTER_MAX)
    g_string_assign (footer, _("&CHalaman &P dari &N"));
  worksheet_set_footer (ws, footer->str);
}

static char *
report_store_text (const BsnReport *report)
{
  return g_strdup (report->store_code ? report->store_code : _("Semua toko"));
}

/* Rows TITLE_ROW and PERIOD_ROW of a report's sheet named @name, and its
 * print setup. */
static void
write_sheet_top (lxw_worksheet   *ws,
                 const Formats   *f,
                 const BsnReport *report,
                 const char      *name)
{
  g_autofree char *store = report_store_text (report);
  /* TRANSLATORS: a report sheet's title: the report, then the sheet. */
  g_autofree char *title = g_strdup_printf (_("%s — %s"), report->title, name);
  /* TRANSLATORS: under a report sheet's title: the period ("1–30 November
   * 2026") and the store filter. */
  g_autofree char *line = g_strdup_printf (_("Periode: %s · Toko: %s"), report->period, store);

  worksheet_write_string (ws, TITLE_ROW, 0, title, f->title);
  worksheet_write_string (ws, PERIOD_ROW, 0, line, f->subtitle);
  /* The book's fingerprint in the row before the headers: the copy
   * witnesses the history it was made from. */
  if (report->fingerprint != NULL)
    worksheet_write_string (ws, FINGERPRINT_ROW, 0, report->fingerprint, f->subtitle);
  setup_print (ws, title, report->period, store, report->fingerprint, HEADER_ROW);
}

static gboolean
write_section (lxw_workbook           *wb,
               const Formats          *f,
               const BsnReport        *report,
               const BsnReportSection *s,
               const char             *path,
               GError                **error)
{
  guint n_cols = s->columns->len;
  guint64 written = 0;
  guint part = 0;

  do
    {
      g_autofree char *name = sheet_name (s->name, part);
      lxw_worksheet *ws = workbook_add_worksheet (wb, name);
      guint64 chunk = MIN ((guint64) s->rows->len - written, (guint64) BSN_XLSX_MAX_ROWS - 1 - HEADER_ROW);
      lxw_row_t last;

      /* The name is cut and cleaned: another sheet's is all that is left
       * for libxlsxwriter to refuse. */
      if (ws == NULL)
        return xlsx_error (LXW_ERROR_SHEETNAME_ALREADY_USED, path, error);
      for (guint c = 0; c < n_cols; c++)
        worksheet_set_column (ws, c, c, column_width (s, c), NULL);
      write_sheet_top (ws, f, report, name);
      for (guint c = 0; c < n_cols; c++)
        worksheet_write_string (ws, HEADER_ROW, c, g_array_index (s->columns, BsnColumn, c).header, f->header);
      worksheet_freeze_panes (ws, HEADER_ROW + 1, 0);
      for (guint64 i = 0; i < chunk; i++)
        {
          GArray *row = g_ptr_array_index (s->rows, written + i);
          lxw_row_t r = (lxw_row_t) (HEADER_ROW + 1 + i);
          for (guint c = 0; c < n_cols && c < row->len; c++)
            {
              const BsnColumn *col = &g_array_index (s->columns, BsnColumn, c);
              const BsnCell *cell = &g_array_index (row, BsnCell, c);
              switch (col->type)
                {
                case BSN_COL_TEXT:
                  if (cell->text)
                    worksheet_write_string (ws, r, c, cell->text, NULL);
                  break;
                case BSN_COL_INT:
                  worksheet_write_number (ws, r, c, (double) cell->num, NULL);
                  break;
                case BSN_COL_MONEY:
                  worksheet_write_number (ws, r, c, (double) cell->num, f->money);
                  break;
                case BSN_COL_BP:
                  worksheet_write_number (ws, r, c, (double) cell->num / BSN_BP_100_PERCENT, f->percent);
                  break;
                case BSN_COL_DATE:
                  worksheet_write_number (ws, r, c, excel_serial (cell->num), f->date);
                  break;
                }
            }
        }
      last = (lxw_row_t) (HEADER_ROW + chunk);
      worksheet_autofilter (ws, HEADER_ROW, 0, MAX (last, HEADER_ROW + 1), (lxw_col_t) (n_cols - 1));
      /* Totals are formulas over the sheet's own rows: the bookkeeper can
       * audit them, and they recompute when a row is filtered or fixed. */
      if (s->totals && chunk > 0)
        {
          gboolean labelled = FALSE;
          for (guint c = 0; c < n_cols; c++)
            {
              const BsnColumn *col = &g_array_index (s->columns, BsnColumn, c);
              char from[16], to[16];
              if (!col->total)
                {
                  if (!labelled && c == 0)
                    {
                      worksheet_write_string (ws, last + 1, 0, _("Total"), f->total_label);
                      labelled = TRUE;
                    }
                  continue;
                }
              lxw_rowcol_to_cell (from, HEADER_ROW + 1, c);
              lxw_rowcol_to_cell (to, last, c);
              {
                g_autofree char *formula = g_strdup_printf ("=SUM(%s:%s)", from, to);
                gint64 sum = 0;
                for (guint64 i = 0; i < chunk; i++)
                  {
                    GArray *row = g_ptr_array_index (s->rows, written + i);
                    /* A short row's missing cells are empty (as written). */
                    if (c < row->len)
                      sum += g_array_index (row, BsnCell, c).num;
                  }
                worksheet_write_formula_num (ws, last + 1, c, formula,
                                             col->type == BSN_COL_MONEY ? f->total_money : f->total_int, (double) sum);
              }
            }
        }
      written += chunk;
      part++;
    }
  while (written < s->rows->len);
  return TRUE;
}

static gboolean
write_notes (lxw_workbook    *wb,
             const Formats   *f,
             const BsnReport *report)
{
  lxw_worksheet *ws = workbook_add_worksheet (wb, _("Catatan"));

  if (ws == NULL)
    return FALSE;
  worksheet_set_column (ws, 0, 0, 32, NULL);
  worksheet_set_column (ws, 1, 1, 90, f->wrap);
  write_sheet_top (ws, f, report, _("Catatan"));
  worksheet_write_string (ws, HEADER_ROW, 0, _("Keterangan"), f->header);
  worksheet_write_string (ws, HEADER_ROW, 1, _("Isi"), f->header);
  worksheet_freeze_panes (ws, HEADER_ROW + 1, 0);
  for (guint i = 0; i < report->notes->len; i++)
    {
      char **pair = g_ptr_array_index (report->notes, i);
      worksheet_write_string (ws, HEADER_ROW + 1 + (lxw_row_t) i, 0, pair[0], NULL);
      worksheet_write_string (ws, HEADER_ROW + 1 + (lxw_row_t) i, 1, pair[1], NULL);
    }
  return TRUE;
}

static gboolean
export_xlsx (const BsnReport *report,
             const char      *path,
             GError         **error)
{
  /* libxlsxwriter prints the doubles of the XML parts (widths, margins,
   * values) with printf: they need '.' whatever the user's locale. */
  g_autoptr(BsnCNumeric) numeric = bsn_c_numeric_enter ();
  g_autoptr(BsnPrivateFile) out = bsn_private_file_new (path, error);
  g_autofree char *tmpdir = g_path_get_dirname (path);
  lxw_workbook_options options = { .constant_memory = LXW_TRUE, .tmpdir = tmpdir };
  lxw_workbook *wb;
  lxw_doc_properties props = { 0 };
  Formats f;

  if (out == NULL)
    return FALSE;
  wb = workbook_new_opt (bsn_private_file_get_temp_path (out), &options);
  if (wb == NULL)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_IO, _("Berkas Excel “%s” tidak dapat dibuat"), path);
      return FALSE;
    }
  props.title = report->title;
  props.author = "BSN Loyalty";
  props.company = "BSN";
  workbook_set_properties (wb, &props);
  make_formats (wb, &f);
  for (guint i = 0; i < report->sections->len; i++)
    if (!write_section (wb, &f, report, g_ptr_array_index (report->sections, i), path, error))
      {
        workbook_close (wb);
        return FALSE;
      }
  /* A section named as the notes' sheet would lose the notes: refused as
   * a clash of two sections is. */
  if (!write_notes (wb, &f, report))
    {
      workbook_close (wb);
      return xlsx_error (LXW_ERROR_SHEETNAME_ALREADY_USED, path, error);
    }
  if (!xlsx_error (workbook_close (wb), path, error))
    return FALSE;
  return bsn_private_file_commit (out, error);
}

static void
csv_field (GString    *out,
           const char *text,
           char        sep)
{
  if (strchr (text, sep) || strchr (text, '"') || strchr (text, '\n') || strchr (text, '\r'))
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, text);
}

/* A text cell a spreadsheet would read as a formula (=, +, -, @, or a tab
 * or carriage return before one) gets a leading apostrophe: Excel and
 * LibreOffice show the text, and a customer named "=HYPERLINK(…)" runs
 * nothing. Numbers are written by csv_field() alone and stay numbers. */
static void
csv_text_field (GString    *out,
                const char *text,
                char        sep)
{
  if (text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL)
    {
      g_autofree char *quoted = g_strconcat ("'", text, NULL);
      csv_field (out, quoted, sep);
    }
  else
    csv_field (out, text, sep);
}

static char *
cell_plain (const BsnColumn *col,
            const BsnCell   *cell)
{
  switch (col->type)
    {
    case BSN_COL_TEXT:
      return g_strdup (cell->text ? cell->text : "");
    case BSN_COL_BP:
      {
        /* "3,50" percent with a decimal comma, as Indonesian Excel reads it. */
        gint64 v = cell->num;
        return g_strdup_printf ("%s%" G_GINT64_FORMAT ",%02" G_GINT64_FORMAT, v < 0 ? "-" : "", ABS (v) / 100,
                                ABS (v) % 100);
      }
    case BSN_COL_DATE:
      return bsn_time_format_iso (cell->num);
    default:
      return g_strdup_printf ("%" G_GINT64_FORMAT, cell->num);
    }
}

static gboolean
write_file (const char *path,
            GString    *content,
            GError    **error)
{
  g_autoptr(BsnPrivateFile) out = bsn_private_file_new (path, error);

  return out != NULL && bsn_private_file_write (out, content->str, content->len, error)
         && bsn_private_file_commit (out, error);
}

static gboolean
export_csv (const BsnReport *report,
            const char      *path,
            char             sep,
            GError         **error)
{
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");

  /* A title row: the book's fingerprint, then a blank line. */
  if (report->fingerprint != NULL)
    {
      csv_text_field (out, report->fingerprint, sep);
      g_string_append (out, "\r\n\r\n");
    }
  for (guint i = 0; i < report->sections->len; i++)
    {
      BsnReportSection *s = g_ptr_array_index (report->sections, i);

      if (i > 0)
        g_string_append (out, "\r\n");
      csv_text_field (out, s->name, sep);
      g_string_append (out, "\r\n");
      for (guint c = 0; c < s->columns->len; c++)
        {
          if (c)
            g_string_append_c (out, sep);
          csv_text_field (out, g_array_index (s->columns, BsnColumn, c).header, sep);
        }
      g_string_append (out, "\r\n");
      for (guint r = 0; r < s->rows->len; r++)
        {
          GArray *row = g_ptr_array_index (s->rows, r);
          for (guint c = 0; c < s->columns->len && c < row->len; c++)
            {
              const BsnColumn *col = &g_array_index (s->columns, BsnColumn, c);
              g_autofree char *v = cell_plain (col, &g_array_index (row, BsnCell, c));
              if (c)
                g_string_append_c (out, sep);
              if (col->type == BSN_COL_TEXT)
                csv_text_field (out, v, sep);
              else
                csv_field (out, v, sep);
            }
          g_string_append (out, "\r\n");
        }
    }
  return write_file (path, out, error);
}

static void
json_string (GString    *out,
             const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s ? s : ""; *p; p++)
    {
      guchar c = (guchar) *p;
      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static const char *
type_name (BsnColumnType t)
{
  static const char *const names[] = { "text", "int", "money_rp", "bp", "time" };
  return names[t];
}

static gboolean
export_json (const BsnReport *report,
             const char      *path,
             GError         **error)
{
  g_autoptr(GString) out = g_string_new ("{\"report\":");
  g_autofree char *from = bsn_time_format_date_iso (report->from);
  g_autofree char *to = bsn_time_format_date_iso (report->to - 1);

  json_string (out, report->kind);
  g_string_append (out, ",\"title\":");
  json_string (out, report->title);
  g_string_append (out, ",\"from\":");
  json_string (out, from);
  g_string_append (out, ",\"to\":");
  json_string (out, to);
  g_string_append (out, ",\"store\":");
  if (report->store_code)
    json_string (out, report->store_code);
  else
    g_string_append (out, "null");
  if (report->fingerprint != NULL)
    {
      g_string_append (out, ",\"fingerprint\":");
      json_string (out, report->fingerprint);
    }
  g_string_append (out, ",\"sections\":[");
  for (guint i = 0; i < report->sections->len; i++)
    {
      BsnReportSection *s = g_ptr_array_index (report->sections, i);
      g_string_append (out, i ? ",{\"name\":" : "{\"name\":");
      json_string (out, s->name);
      g_string_append (out, ",\"columns\":[");
      for (guint c = 0; c < s->columns->len; c++)
        {
          BsnColumn *col = &g_array_index (s->columns, BsnColumn, c);
          g_string_append (out, c ? ",{\"header\":" : "{\"header\":");
          json_string (out, col->header);
          g_string_append_printf (out, ",\"type\":\"%s\"}", type_name (col->type));
        }
      g_string_append (out, "],\"rows\":[");
      for (guint r = 0; r < s->rows->len; r++)
        {
          GArray *row = g_ptr_array_index (s->rows, r);
          g_string_append (out, r ? ",[" : "[");
          for (guint c = 0; c < s->columns->len && c < row->len; c++)
            {
              BsnColumn *col = &g_array_index (s->columns, BsnColumn, c);
              BsnCell *cell = &g_array_index (row, BsnCell, c);
              if (c)
                g_string_append_c (out, ',');
              if (col->type == BSN_COL_TEXT)
                json_string (out, cell->text);
              else
                g_string_append_printf (out, "%" G_GINT64_FORMAT, cell->num);
            }
          g_string_append_c (out, ']');
        }
      g_string_append (out, "],\"totals\":");
      if (s->totals)
        {
          g_string_append_c (out, '{');
          for (guint c = 0, k = 0; c < s->columns->len; c++)
            if (g_array_index (s->columns, BsnColumn, c).total)
              {
                if (k++)
                  g_string_append_c (out, ',');
                json_string (out, g_array_index (s->columns, BsnColumn, c).header);
                g_string_append_printf (out, ":%" G_GINT64_FORMAT, bsn_section_total (s, c));
              }
          g_string_append_c (out, '}');
        }
      else
        g_string_append (out, "null");
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\"notes\":{");
  for (guint i = 0; i < report->notes->len; i++)
    {
      char **pair = g_ptr_array_index (report->notes, i);
      if (i)
        g_string_append_c (out, ',');
      json_string (out, pair[0]);
      g_string_append_c (out, ':');
      json_string (out, pair[1]);
    }
  g_string_append (out, "}}\n");
  return write_file (path, out, error);
}

gboolean
bsn_export_report (const BsnReport *report,
                   BsnExportFormat  format,
                   const char      *path,
                   char             csv_separator,
                   GError         **error)
{
  switch (format)
    {
    case BSN_EXPORT_XLSX:
      return export_xlsx (report, path, error);
    case BSN_EXPORT_CSV:
      return export_csv (report, path, csv_separator ? csv_separator : ';', error);
    default:
      return export_json (report, path, error);
    }
}

gboolean
bsn_export_ledger_xlsx (BsnDb          *db,
                        BsnTime         from,
                        BsnTime         to,
                        const char     *path,
                        guint64         rows_per_sheet,
                        BsnProgressFunc progress,
                        gpointer        user_data,
                        GCancellable   *cancellable,
                        guint64        *out_rows,
                        GError        **error)
{
  static const char *const headers[] = {
    N_("Posting"), N_("Waktu"), N_("Jenis"), N_("Toko"), N_("Pelanggan"), N_("Akun"), N_("Jumlah"),
    N_("Poin status"), N_("Keterangan"),
  };
  static const double widths[] = { 10, 17, 20, 10, 12, 24, 16, 14, 60 };
  /* As in export_xlsx(): the XML parts need '.' as decimal point. */
  g_autoptr(BsnCNumeric) numeric = bsn_c_numeric_enter ();
  g_autoptr(BsnPrivateFile) out = NULL;
  g_autofree char *tmpdir = g_path_get_dirname (path);
  lxw_workbook_options options = { .constant_memory = LXW_TRUE, .tmpdir = tmpdir };
  lxw_workbook *wb;
  lxw_worksheet *ws = NULL;
  Formats f;
  BsnStmt *stmt;
  guint64 total = 0, done = 0, in_sheet = 0;
  guint sheet = 0;
  gboolean ok = TRUE;
  BsnStep rc;
  g_autofree char *period = bsn_time_format_period (from, to);
  g_autofree char *fingerprint = NULL;

  if (!bsn_auth_require (db, BSN_PERM_REPORTS, error))
    return FALSE;
  if (rows_per_sheet == 0 || rows_per_sheet > BSN_XLSX_MAX_ROWS)
    rows_per_sheet = BSN_XLSX_MAX_ROWS;
  if (!bsn_db_begin_read (db, NULL, error))
    return FALSE;
  /* The fingerprint of the book these rows are read from (same snapshot):
   * a file without it could pass for another book's. */
  fingerprint = bsn_chain_fingerprint_of (db, error);
  if (fingerprint == NULL)
    {
      bsn_db_rollback (db);
      return FALSE;
    }
  /* Only for the progress: a failed count shows none. */
  total = (guint64) bsn_db_query_int (db, "SELECT count(*) FROM legs", 0);
  /* Postings in id order and their legs in key order: the rows stream
   * without a sort, so memory stays flat at any size. */
  stmt = bsn_db_prepare_scan (db,
                              "SELECT p.id, p.at, p.kind, s.code, c.code, a.kind, ac.code, asx.code, l.amount_rp, "
                              "l.earned_rp, p.memo FROM postings p CROSS JOIN legs l "
                              "JOIN accounts a ON a.id = l.account_id LEFT JOIN stores s ON s.id = p.store_id "
                              "LEFT JOIN customers c ON c.id = p.customer_id "
                              "LEFT JOIN customers ac ON ac.id = a.customer_id "
                              "LEFT JOIN stores asx ON asx.id = a.store_id "
                              "WHERE l.posting_id = p.id AND +p.at >= ?1 AND +p.at < ?2 "
                              "ORDER BY p.id, l.account_id",
                              error);
  if (stmt == NULL)
    {
      bsn_db_rollback (db);
      return FALSE;
    }
  out = bsn_private_file_new (path, error);
  wb = out != NULL ? workbook_new_opt (bsn_private_file_get_temp_path (out), &options) : NULL;
  if (out == NULL)
    {
      bsn_stmt_reset (stmt);
      bsn_db_rollback (db);
      return FALSE;
    }
  if (wb == NULL)
    {
      bsn_stmt_reset (stmt);
      bsn_db_rollback (db);
      g_set_error (error, BSN_ERROR, BSN_ERROR_IO, _("Berkas Excel “%s” tidak dapat dibuat"), path);
      return FALSE;
    }
  make_formats (wb, &f);
  bsn_stmt_bind_int64 (stmt, 1, from);
  bsn_stmt_bind_int64 (stmt, 2, to);
  while ((rc = bsn_stmt_step (stmt)) == BSN_ROW)
    {
      lxw_row_t r;
      const char *kind = bsn_stmt_column_text (stmt, 5);
      char account[64];

      if (ws == NULL || in_sheet >= rows_per_sheet)
        {
          g_autofree char *name = sheet == 0 ? g_strdup (_("Buku Poin"))
                                             : g_strdup_printf (_("Buku Poin (%u)"), sheet + 1);
          if (ws != NULL)
            worksheet_autofilter (ws, 0, 0, (lxw_row_t) in_sheet, G_N_ELEMENTS (headers) - 1);
          ws = workbook_add_worksheet (wb, name);
          for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
            worksheet_set_column (ws, c, c, widths[c], NULL);
          for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
            worksheet_write_string (ws, 0, c, _(headers[c]), f.header);
          worksheet_freeze_panes (ws, 1, 0);
          /* The ledger keeps its headers in row 1 for the tools that read
           * it; its title and period go to the printed page header. */
          setup_print (ws, _("Buku Poin"), period, _("Semua toko"), fingerprint, 0);
          sheet++;
          in_sheet = 0;
        }
      r = (lxw_row_t) ++in_sheet;
      if (g_strcmp0 (kind, "customer") == 0)
        g_snprintf (account, sizeof account, "%s %s", _("Pelanggan"), bsn_stmt_column_text (stmt, 6));
      else if (g_strcmp0 (kind, "reserve") == 0)
        g_snprintf (account, sizeof account, "%s %s", _("Cadangan"), bsn_stmt_column_text (stmt, 7));
      else
        g_strlcpy (account, kind ? kind : "", sizeof account);
      worksheet_write_number (ws, r, 0, (double) bsn_stmt_column_int64 (stmt, 0), NULL);
      worksheet_write_number (ws, r, 1, excel_serial (bsn_stmt_column_int64 (stmt, 1)), f.date);
      worksheet_write_string (ws, r, 2, bsn_stmt_column_text (stmt, 2), NULL);
      if (!bsn_stmt_column_is_null (stmt, 3))
        worksheet_write_string (ws, r, 3, bsn_stmt_column_text (stmt, 3), NULL);
      if (!bsn_stmt_column_is_null (stmt, 4))
        worksheet_write_string (ws, r, 4, bsn_stmt_column_text (stmt, 4), NULL);
      worksheet_write_string (ws, r, 5, account, NULL);
      worksheet_write_number (ws, r, 6, (double) bsn_stmt_column_int64 (stmt, 8), f.money);
      worksheet_write_number (ws, r, 7, (double) bsn_stmt_column_int64 (stmt, 9), f.money);
      worksheet_write_string (ws, r, 8, bsn_stmt_column_text (stmt, 10), NULL);
      if (++done % 65536 == 0)
        {
          if (progress)
            progress (done, MAX (total, done), user_data);
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              ok = FALSE;
              break;
            }
        }
    }
  /* The engine's error is read before the rollback replaces it. */
  if (ok)
    ok = bsn_db_scan_ended (db, stmt, rc, _("Membaca buku poin"), error);
  else
    bsn_stmt_reset (stmt);
  bsn_db_rollback (db);
  if (ws == NULL)
    {
      ws = workbook_add_worksheet (wb, _("Buku Poin"));
      for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
        worksheet_write_string (ws, 0, c, _(headers[c]), f.header);
    }
  else
    worksheet_autofilter (ws, 0, 0, (lxw_row_t) MAX (in_sheet, 1), G_N_ELEMENTS (headers) - 1);
  if (!xlsx_error (workbook_close (wb), path, ok ? error : NULL) || !ok)
    return FALSE;
  if (progress)
    progress (done, MAX (total, done), user_data);
  if (out_rows)
    *out_rows = done;
  return bsn_private_file_commit (out, error);
}
