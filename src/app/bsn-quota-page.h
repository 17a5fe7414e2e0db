/* bsn-quota-page.h — Kuota Harian: the planner of a store-day
 * (DOMAIN.md §5).
 *
 * Pick a store and a day; record the day's stock lines, and see the
 * hourly targets they give (stock value spread over slots I…X), sales
 * against them, the reward value given, and which awards a cap changed.
 * The minimum purchase quota is set for the whole day or per slot (typed
 * into the slot table or dragged in the chart); the caps (recipients
 * above the slot-I rate per slot, a daily reward budget) and the day's
 * opening hours are set below; a day's plan can be copied forward.
 * Every read and write runs on a worker thread; the page refreshes every
 * 30 seconds while it is on screen and after each change.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BSN_TYPE_QUOTA_PAGE (bsn_quota_page_get_type ())

G_DECLARE_FINAL_TYPE (BsnQuotaPage, bsn_quota_page, BSN, QUOTA_PAGE, GtkWidget)

void bsn_quota_page_set_path (BsnQuotaPage *self,
                              const char   *path);
/* Reads the store list and the day again (after stores changed). */
void bsn_quota_page_reload (BsnQuotaPage *self);

G_END_DECLS
