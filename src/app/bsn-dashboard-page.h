/* bsn-dashboard-page.h — Dasbor.
 *
 * The dashboard proper (sales against target, reward cost, reserves per
 * store) is not built yet; the page says so and shows what the database
 * holds today: stores, customers and postings, counted off the main
 * thread.
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
