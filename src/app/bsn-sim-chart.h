/* bsn-sim-chart.h — the daily reward cost of a simulated period, before
 * and after the change (issue 21, DOMAIN.md §10).
 *
 * Two lines over the period's days, every store in scope added up: the
 * cost as recorded (grey) and with the change (blue, red where it is
 * higher). The same figures are the chart's accessible description, one
 * sentence per day with a change and a summary first, so a screen reader
 * hears what the picture shows.
 */
#pragma once

#include <gtk/gtk.h>

#include "bsn-simulate.h"

G_BEGIN_DECLS

#define BSN_TYPE_SIM_CHART (bsn_sim_chart_get_type ())

G_DECLARE_FINAL_TYPE (BsnSimChart, bsn_sim_chart, BSN, SIM_CHART, GtkWidget)

GtkWidget *bsn_sim_chart_new (void);

/* Shows @days (element-type BsnSimDay), or nothing for NULL. */
void bsn_sim_chart_set_days (BsnSimChart  *self,
                             const GArray *days);
/* The text alternative now in force (transfer none). */
const char *bsn_sim_chart_get_summary (BsnSimChart *self);

G_END_DECLS
