/* bsn-quota-chart.h — the live chart of a store-day (DOMAIN.md §5).
 *
 * Upper panel: per slot I…X a wide pale bar for the hourly target and a
 * narrow solid bar for the sales so far (green once the target is met),
 * and a line of the reward value given (its own scale, on the right).
 * Lower panel: the minimum purchase quota of each slot, a bar that can be
 * dragged up or down (or moved with the arrow keys) to set the slot's own
 * quota; the chart then emits "quota-changed". Hovering shows a slot's
 * exact figures in a tooltip; the page's table has the same figures as
 * real labels for screen readers.
 */
#pragma once

#include <gtk/gtk.h>

#include "bsn-quota-own.h"
#include "bsn-quota.h"

G_BEGIN_DECLS

#define BSN_TYPE_QUOTA_CHART (bsn_quota_chart_get_type ())

G_DECLARE_FINAL_TYPE (BsnQuotaChart, bsn_quota_chart, BSN, QUOTA_CHART, GtkWidget)

GtkWidget *bsn_quota_chart_new (void);

/* Shows @status; @own marks which quotas the day sets itself (NULL: none);
 * @current_slot (1..10) is highlighted as "now", 0 for none; slots after
 * @last_slot are still to come (0: the day has not begun, 10: it is over)
 * and draw no reward line. */
void bsn_quota_chart_set_status (BsnQuotaChart      *self,
                                 const BsnDayStatus *status,
                                 const BsnQuotaOwn  *own,
                                 gint                current_slot,
                                 gint                last_slot);

G_END_DECLS
