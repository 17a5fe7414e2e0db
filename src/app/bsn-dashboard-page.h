/* bsn-dashboard-page.h — Dasbor.
 *
 * What the database holds (stores, customers, postings) and the Back Up
 * Voucher reserve of every store (DOMAIN.md §6): a traffic light, the
 * balance against the requirement, warnings, the "Nonaktif" badge of a
 * store the rule deactivated and what to deposit, with a "Setor
 * cadangan…" action per store. Everything is read off the main thread.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BSN_TYPE_DASHBOARD_PAGE (bsn_dashboard_page_get_type ())

G_DECLARE_FINAL_TYPE (BsnDashboardPage, bsn_dashboard_page, BSN, DASHBOARD_PAGE, GtkWidget)

void bsn_dashboard_page_set_path (BsnDashboardPage *self,
                                  const char       *path);
void bsn_dashboard_page_reload (BsnDashboardPage *self);

G_END_DECLS
