/* bsn-report-page.h — Bagi Hasil & Laporan (DOMAIN.md §4.5, §9, §10).
 *
 * Pick a report (bagi hasil, biaya program, KPI loyalitas), a period
 * (dates, both inclusive; "Bulan ini" and "Bulan lalu" as quick choices)
 * and optionally one store; the report is built on a worker thread by
 * bsn-report.h and shown as one table per section (money and percentages
 * right-aligned in tabular figures, a totals row) with a chart where the
 * shape matters (the split per party, reward cost against margin per
 * store). "Ekspor…" writes the same report to xlsx, csv or json;
 * "Ekspor buku poin…" streams every posting leg of the period to xlsx with
 * progress and a Cancel button. Both run on worker threads.
 *
 * BSN_EXPORT_DIR, when set, is the folder the save dialog opens in (the UI
 * tests use it to export into a temporary folder).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BSN_TYPE_REPORT_PAGE (bsn_report_page_get_type ())

G_DECLARE_FINAL_TYPE (BsnReportPage, bsn_report_page, BSN, REPORT_PAGE, GtkWidget)

void bsn_report_page_set_path (BsnReportPage *self,
                               const char    *path);
/* Reads the store list and the report again (after data changed). */
void bsn_report_page_reload (BsnReportPage *self);

G_END_DECLS
