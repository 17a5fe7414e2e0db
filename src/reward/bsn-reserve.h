/* bsn-reserve.h — the Back Up Voucher reserve of each store (DOMAIN.md §6).
 *
 * Every store deposits a reserve that guarantees the points it issues. The
 * reserve account's balance is what is left after the liabilities drawn on
 * it: deposits − withdrawals − awards (and bonuses it funds) + vouchers
 * redeemed at the store (the pool pays the redeeming store).
 *
 * The required reserve is computed per store by one of the document's
 * rules: (loyal + prospective customers) × average points per transaction
 * × Rp1.000, or a number of days of expected reward value (the average
 * daily award value of the last 30 store-days before the store-day of the
 * status time, store-days as bsn_store_place_at() places receipts, so a
 * night's receipts after midnight belong to the evening's store-day).
 *
 * Below 20 % of the requirement the store is warned, at most once a day;
 * a top-up clears the count; after 3 warnings without a top-up the store
 * is deactivated: it issues no new rewards, while the vouchers backed by
 * it stay redeemable. A top-up that lifts the reserve back above 20 %
 * reactivates a store the rule had deactivated. The rule applies to stores
 * that joined the scheme (a policy set or a deposit made).
 */
#pragma once

#include "bsn-db.h"
#include "bsn-time.h"

G_BEGIN_DECLS

#define BSN_RESERVE_WARN_BP 2000
#define BSN_RESERVE_MAX_WARNINGS 3

typedef struct
{
  char  *method;        /* "customers" | "days" */
  gint64 customers;
  gint64 avg_points;
  gint64 days;
} BsnReservePolicy;

typedef struct
{
  gint64   balance_rp;
  gint64   required_rp;
  gint64   warnings;      /* since the last top-up */
  gboolean active;
  gboolean joined;        /* policy set or deposit made */
  char    *method;
} BsnReserveStatus;

void bsn_reserve_status_clear (BsnReserveStatus *status);

/* Whether the balance is under BSN_RESERVE_WARN_BP of the requirement, the
 * line where the store gets a warning (DOMAIN.md). */
gboolean bsn_reserve_below_warning (const BsnReserveStatus *status);

/* Whether bsn_reserve_check() would act on a store in @status: it has
 * joined the scheme, is active and is below the warning line. */
gboolean bsn_reserve_can_warn (const BsnReserveStatus *status);

/* Whether @status's requirement moves with the receipts recorded after it
 * was read (the "days" method averages recent awards): such a status cannot
 * be reused for bsn_reserve_can_warn() later in the same transaction. */
gboolean bsn_reserve_required_moves (const BsnReserveStatus *status);

gboolean bsn_reserve_set_policy (BsnDb *db, gint64 store_id, const BsnReservePolicy *policy, GError **error);
gboolean bsn_reserve_status (BsnDb *db, gint64 store_id, BsnTime at, BsnReserveStatus *out, GError **error);

/* A deposit (top-up) or withdrawal of @amount_rp. A withdrawal may not take
 * the reserve below zero. Returns the posting id through @out_posting. */
gboolean bsn_reserve_deposit (BsnDb *db, gint64 store_id, gint64 amount_rp, BsnTime at, gint64 *out_posting,
                              GError **error);
gboolean bsn_reserve_withdraw (BsnDb *db, gint64 store_id, gint64 amount_rp, BsnTime at, gint64 *out_posting,
                               GError **error);

/* Applies the warning rule for the day of @at (`reserve check`): a write,
 * for the roles that manage reserves (BSN_PERM_RESERVES), under the clock
 * rule (bsn-auth.h). */
gboolean bsn_reserve_check (BsnDb *db, gint64 store_id, BsnTime at, GError **error);
/* The same rule run by an award inside its own transaction, whose
 * permission and clock it has already checked. */
gboolean bsn_reserve_check_after_award (BsnDb *db, gint64 store_id, BsnTime at, GError **error);

G_END_DECLS
