/* bsn-quota.h — minimum purchase quotas (kuota belanja minimal,
 * DOMAIN.md §5).
 *
 * The quota decides full reward against voucher siaga: a receipt that
 * reaches it gets the store's scheme, one that does not gets the standby
 * voucher. A quota may be set for a store-day (slot 0) or for one slot of
 * it (I…X, "low early, high late"); without either, the store's default
 * minimum purchase applies.
 */
#pragma once

#include "bsn-db.h"
#include "bsn-store.h"
#include "bsn-time.h"

G_BEGIN_DECLS

/* The lelang-waktu slot of @at for @store: 1..10, each a tenth of the
 * opening hours (an hour for the usual 10-hour day), or 0 outside opening
 * hours. Opening hours may run past midnight. */
gint bsn_store_slot_at (const BsnStore *store, BsnTime at);

/* Sets the quota of a store-day (@slot 0) or of one slot. */
gboolean bsn_quota_set (BsnDb *db, gint64 store_id, gint64 day, gint slot, gint64 min_purchase_rp,
                        GError **error);

/* The minimum purchase in force for a receipt of @store at @at. */
gboolean bsn_quota_min_purchase_at (BsnDb *db, const BsnStore *store, BsnTime at, gint64 *out_rp,
                                    GError **error);

G_END_DECLS
