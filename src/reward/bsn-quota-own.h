/* bsn-quota-own.h — the quotas a store-day sets itself (DOMAIN.md §5).
 *
 * bsn-quota.h answers "which minimum purchase is in force": a slot's own
 * quota, else the day's (slot 0), else the store's default. A planner
 * also needs to know which of those the merchant actually typed, to show
 * an inherited quota as inherited and to take a slot's own quota back so
 * the slot follows the day again.
 */
#pragma once

#include "bsn-db.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 day_rp;        /* the day's own quota (slot 0), -1 = none */
  gint64 slot_rp[10];   /* each slot's own quota (I..X), -1 = none */
} BsnQuotaOwn;

/* The quotas set for the store-day itself. */
gboolean bsn_quota_own_get (BsnDb       *db,
                            gint64       store_id,
                            gint64       day,
                            BsnQuotaOwn *out,
                            GError     **error);

/* Removes the quota of a store-day (@slot 0) or of one slot (1..10), so
 * the next one down applies. Removing a quota that is not set is not an
 * error. */
gboolean bsn_quota_clear (BsnDb   *db,
                          gint64   store_id,
                          gint64   day,
                          gint     slot,
                          GError **error);

G_END_DECLS
