/* bsn-sim-page.h — Simulasi: try a change without saving it (issue 21,
 * DOMAIN.md §3, §10).
 *
 * The owner picks a scheme and edits its rates in a tier grid (the table
 * in force, bsn-tier-grid.h), optionally a store and the level it would
 * have, and a period (default the last 8 weeks); "Hitung" replays the
 * period's receipts with that draft (bsn_simulate(), writing nothing) on a
 * worker thread with a progress bar and a cancel button. Each store's row
 * (sales, cost today → with the change, % of sales, margin minimum aman)
 * appears as soon as the replay has met it, red where the store would
 * fall below its margin minimum aman; the chart shows the daily cost
 * before and after (bsn-sim-chart.h). Nothing here writes.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BSN_TYPE_SIM_PAGE (bsn_sim_page_get_type ())

G_DECLARE_FINAL_TYPE (BsnSimPage, bsn_sim_page, BSN, SIM_PAGE, GtkWidget)

void bsn_sim_page_set_path (BsnSimPage *self,
                            const char *path);
void bsn_sim_page_reload (BsnSimPage *self);

G_END_DECLS
