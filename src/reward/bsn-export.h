/* bsn-export.h — writing reports and the ledger for bookkeepers.
 *
 * xlsx (libxlsxwriter): one workbook per report, a sheet per section with
 * Indonesian headers, Rupiah and percentage number formats, a frozen
 * header row, an autofilter, widths that fit, totals as real SUM formulas
 * so the bookkeeper can audit them, and a "Catatan" sheet (period,
 * filters, generated at, tier versions, formulas). Sheets stream in
 * constant_memory mode with temporary files on disk and roll over to a new
 * sheet before Excel's 1 048 576-row limit. The XML inside is written
 * with C numeric rules on the calling thread whatever the user's locale
 * (an Indonesian decimal comma there breaks the file; bsn-locale.h), so
 * @progress, called on that thread meanwhile, sees them too.
 *
 * csv: UTF-8 with a byte-order mark (so Excel reads it as UTF-8), ';' as
 * Indonesian Excel expects (configurable); sections one after another.
 * json: one object with the sections and notes.
 *
 * Files are written to a temporary name and renamed into place, so a
 * failed or cancelled export never leaves a half-written file.
 */
#pragma once

#include <gio/gio.h>

#include "bsn-db.h"
#include "bsn-demo.h"
#include "bsn-report.h"

G_BEGIN_DECLS

typedef enum
{
  BSN_EXPORT_XLSX,
  BSN_EXPORT_CSV,
  BSN_EXPORT_JSON,
} BsnExportFormat;

gboolean bsn_export_format_parse (const char *text, BsnExportFormat *out, GError **error);

/* Rows per sheet before rolling over (Excel's limit less the header). */
#define BSN_XLSX_MAX_ROWS 1048575

gboolean bsn_export_report (const BsnReport *report,
                            BsnExportFormat  format,
                            const char      *path,
                            char             csv_separator,
                            GError         **error);

/* Every posting leg of [@from, @to) to xlsx, streaming. @rows_per_sheet 0 =
 * BSN_XLSX_MAX_ROWS (tests use a small number to see the roll-over). */
gboolean bsn_export_ledger_xlsx (BsnDb          *db,
                                 BsnTime         from,
                                 BsnTime         to,
                                 const char     *path,
                                 guint64         rows_per_sheet,
                                 BsnProgressFunc progress,
                                 gpointer        user_data,
                                 GCancellable   *cancellable,
                                 guint64        *out_rows,
                                 GError        **error);

G_END_DECLS
