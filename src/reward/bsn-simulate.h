/* bsn-simulate.h — what a change would have cost: replay a period's
 * receipts with a draft tier table, a store's level or band, or extra
 * bonus rules, writing nothing (issue 21; DOMAIN.md §3–§5, §10).
 *
 * The receipts of the store-days [from, to] (both included; a receipt
 * belongs to the store-day in which its store opened, §4.2) are streamed
 * in the order they were recorded (receipt id) through the award rules
 * (rules/bsn-award-rules.h) and the bonus rules (bsn_bonus_rule_matches,
 * bsn_bonus_rule_base), twice: as recorded ("cost") and with the changes
 * ("cost_draft"). Each replay keeps its own counters, first come first
 * served as the engine met the receipts: the daily budget and the slot
 * cap of each store-day, and each customer's status points (siaga): the
 * points the engine saw at the receipt (receipts.status_before_rp) plus
 * what the replay earned more or less than the record on that customer's
 * receipts replayed before it and dated before it. Quotas, day plans and
 * tier versions are read as the engine reads them; the store's band,
 * level, schemes and default hours are those of now (the store row keeps
 * no history; but a receipt recorded without a lucky digit is replayed
 * as lelang only, as it was decided, in a store switched to stopwatch
 * since), and a store switched off since is replayed as active.
 *
 * Cost of a receipt: its reward value plus the store's (ritel) share of
 * its bonuses, the numerator of the program report's "Biaya % penjualan";
 * so with no change cost_rp is what the period's receipts and bonus grants
 * record, to the Rupiah.
 *
 * Bonus rules: the n-th receipt of an existing "every n-th" rule is the
 * one the engine granted (what decides it, the scheme and amount of a
 * receipt, no change here alters); a rule from a bonus file counts its
 * receipts from the period's first.
 *
 * Expiry policy (has_expiry): an expiry gives a lot's unspent points back
 * to their funders when it comes, months after the award. The customers'
 * whole point history up to the period's end is replayed with every award
 * and bonus lot expiring by the draft policy (the recorded expiries left
 * out, rules/bsn-expiry-rules.h bsn_expiry_rules_closures); the part of
 * each expiry that falls in the period and was funded by the lot's store
 * (its reserve leg) is that store's expired_draft_rp, the store's share of
 * the period's recorded expiry postings its expired_rp, and
 * cost_draft_rp = cost with the other changes − expired_draft_rp +
 * expired_rp: what the program costs the store in the period, net of the
 * points that came back. The days of the chart move the same way. The
 * spendings stay as recorded (a customer whose points expired sooner would
 * not have spent them: where a spending finds too few, it takes what is
 * left, as the expiry run does).
 *
 * Safety (§10): a store is safe when its margin after the program
 * (margin − cost_draft_pct_bp) stays at or above its margin minimum aman
 * (BSN_MARGIN_MIN_AMAN_BP), the program report's "Aman".
 */
#pragma once

#include <gio/gio.h>

#include "bsn-bonus.h"
#include "bsn-db.h"
#include "bsn-tiers.h"

G_BEGIN_DECLS

/* A store's level or band in the draft. */
typedef struct
{
  gint64  store_id;
  BsnBand band;
  gint    tier;
} BsnSimLevel;

typedef struct _BsnSimResult BsnSimResult;

typedef struct
{
  gint64        from_day;     /* days since 1970-01-01, both included */
  gint64        to_day;
  gint64        store_id;     /* 0 = every store */
  gboolean      has_draft;
  BsnScheme     draft_scheme;
  GArray       *draft_edits;  /* (element-type BsnTierEdit), or NULL */
  GArray       *levels;       /* (element-type BsnSimLevel), or NULL */
  GPtrArray    *bonus_rules;  /* (element-type BsnBonusRule) extra rules, or NULL */
  /* The expiry policy as a change: points of awards and bonuses expire
   * @expiry_months calendar months after their receipt (0: never), the
   * whole history replayed under it (see bsn_simulate()). */
  gboolean      has_expiry;
  gint          expiry_months;
  GCancellable *cancellable;
  /* Called from the replaying thread now and then, and once at the end,
   * with the receipts read so far and how many the period's window holds
   * (for a progress bar), or NULL. */
  void        (*progress) (guint64 done, guint64 total, gpointer data);
  gpointer      progress_data;
  /* Called from the replaying thread every @partial_every receipts (0:
   * BSN_SIM_PARTIAL_EVERY)
   * with a snapshot of the stores met so far (days empty; a store's
   * percentages and safety on what was replayed of it), so a view can show
   * the first stores while the rest is read, or NULL. The callee owns the
   * snapshot (transfer full). */
  void        (*partial) (BsnSimResult *snapshot, gpointer data);
  gpointer      partial_data;
  guint         partial_every;
} BsnSimRequest;

#define BSN_SIM_PARTIAL_EVERY 32768

typedef struct
{
  gint64   store_id;          /* 0 for the total */
  char    *store;             /* code; NULL for the total */
  gint64   sales_rp;
  gint64   cost_rp;
  gint64   cost_draft_rp;
  gint64   cost_pct_bp;
  gint64   cost_draft_pct_bp;
  gint32   margin_bp;         /* the store's margin (total: none, 0) */
  gint32   margin_min_bp;
  gboolean safe;
  gint64   receipts;
  /* Points that expired in the period and went back to the store's own
   * funding (its reserve): as recorded, and under the draft expiry policy
   * (equal without one). */
  gint64   expired_rp;
  gint64   expired_draft_rp;
} BsnSimStore;

/* One store-day of the period, every store in scope added up (the chart
 * of daily cost before/after). */
typedef struct
{
  gint64 day;                 /* days since 1970-01-01 */
  gint64 sales_rp;
  gint64 cost_rp;
  gint64 cost_draft_rp;
  gint64 receipts;
} BsnSimDay;

struct _BsnSimResult
{
  GPtrArray   *stores;        /* (element-type BsnSimStore), by code */
  BsnSimStore  total;         /* safe: every store is */
  GArray      *days;          /* (element-type BsnSimDay): each day of the
                               * period in order, from_day first, days
                               * without receipts included */
};

void bsn_sim_result_free (BsnSimResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnSimResult, bsn_sim_result_free)

/* Replays the period (see above) inside a read-only transaction. Needs
 * the reports permission. NULL on error (G_IO_ERROR_CANCELLED when
 * cancelled). */
BsnSimResult *bsn_simulate (BsnDb               *db,
                            const BsnSimRequest *request,
                            GError             **error);

/* "S=LEVEL": store code S at the level named LEVEL (bsn_level_parse), in
 * the store's band or, when the name is of the other band, moved to it. */
gboolean bsn_sim_level_parse (BsnDb       *db,
                              const char  *text,
                              BsnSimLevel *out,
                              GError     **error);

/* Bonus rules from CSV text with the header
 * "kind,rate,funding,store,min_amount,every" (',' or ';'): a kind of
 * bsn-bonus.h, the rate typed the Indonesian way ("2,5"), the funding
 * PRODUSEN/RITEL/BSN in percent ("45/35/20"), a store code or empty for
 * every store, a minimum amount in Rupiah (empty: 0) and n for every n-th
 * receipt (empty: 1). Each is valid over the whole period and checked as
 * `bonus add` checks it; bad lines are refused with their line number.
 * (element-type BsnBonusRule) (transfer full) */
GPtrArray *bsn_sim_parse_bonus_csv (BsnDb       *db,
                                    const char  *text,
                                    gsize        len,
                                    GError     **error);

G_END_DECLS
