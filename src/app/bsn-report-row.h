/* bsn-report-row.h — one row of a report section as the screen shows it
 * (bsn-report.h), and the table of a whole section.
 *
 * A BsnReportRow holds the row's cells already formatted for people
 * (Rupiah with bsn_money_format, percentages with bsn_bp_format, dates
 * the Indonesian way), so binding a cell is only setting a label; the
 * totals row is a row like the others, marked as such.
 */
#pragma once

#include <gtk/gtk.h>

#include "bsn-report.h"

G_BEGIN_DECLS

#define BSN_TYPE_REPORT_ROW (bsn_report_row_get_type ())

G_DECLARE_FINAL_TYPE (BsnReportRow, bsn_report_row, BSN, REPORT_ROW, GObject)

/* (transfer none): the text of @column, "" when there is none. */
const char *bsn_report_row_get_text (BsnReportRow *self,
                                     guint         column);
gboolean bsn_report_row_is_total (BsnReportRow *self);

/* (transfer floating): a heading and a table of @section (a GtkGrid of
 * labels, accessible as a table named after the section), with its
 * totals row when the section has one. It never scrolls vertically: the
 * page around it does, so every row shows and the wheel is not caught. */
GtkWidget *bsn_report_row_section_view (const BsnReportSection *section);

G_END_DECLS
