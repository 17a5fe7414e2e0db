/* bsn-report-chart.h — the pictures of the reports (DOMAIN.md §9, §10).
 *
 * Horizontal bars, one row per party or per store, read from a report
 * section as built by bsn-report.h, so the chart and the table beside it
 * can never disagree:
 *  - parties ("Total per pihak" of the bagi hasil report): what each of
 *    produsen, induk, anak, ritel and BSN ends up with — its share of the
 *    consignment profit plus return compensation, less the bonus costs it
 *    funds — drawn from a zero line, so a party that pays shows to the left;
 *  - program ("Biaya program per toko"): per store the reward cost as a
 *    percentage of sales against the store's margin, with the store's
 *    margin minimum aman as a tick; a store whose margin after the program
 *    falls below it is drawn in red.
 * Hovering a row shows its exact figures in a tooltip; the table has them
 * too, as real text for screen readers.
 */
#pragma once

#include <gtk/gtk.h>

#include "bsn-report.h"

G_BEGIN_DECLS

#define BSN_TYPE_REPORT_CHART (bsn_report_chart_get_type ())

G_DECLARE_FINAL_TYPE (BsnReportChart, bsn_report_chart, BSN, REPORT_CHART, GtkWidget)

GtkWidget *bsn_report_chart_new (void);

/* Shows the "Total per pihak" section. */
void bsn_report_chart_set_parties (BsnReportChart         *self,
                                   const BsnReportSection *section);
/* Shows the "Biaya program per toko" section. */
void bsn_report_chart_set_program (BsnReportChart         *self,
                                   const BsnReportSection *section);
void bsn_report_chart_clear (BsnReportChart *self);

G_END_DECLS
