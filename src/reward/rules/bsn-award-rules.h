/* bsn-award-rules.h — the award decision: receipt → reward (DOMAIN.md §2,
 * §4, §5).
 *
 * A pure rule module: plain values in, a decision out; it reads and writes
 * nothing. The award engine (bsn-award.c) gathers the inputs in its write
 * transaction, asks these rules, and records the decision.
 *
 * For a receipt of a store:
 *  1. the minimum purchase quota that applies decides between a full
 *     reward and voucher siaga (standby voucher), on the whole receipt;
 *  2. quota met: the durable part goes to the stopwatch (rate by level and
 *     angka keberuntungan, the lucky digit), the perishable part to lelang
 *     waktu (rate by level and the slot of the receipt time; nothing
 *     outside opening hours). A store running one scheme only rewards
 *     every part with it;
 *  3. quota missed: voucher siaga on the whole amount, at the rate of the
 *     customer's status points before this receipt (§4.3);
 *  4. caps (§5): past N receipts in a slot with a lelang rate above slot
 *     I's, the slot-I rate applies; the award that crosses the daily
 *     budget is cut to what remains, possibly zero, later parts first;
 *     both mark the award capped;
 *  5. value = floor(amount × rate / 10 000) Rupiah (§2).
 *
 * The engine asks in three steps, so it reads only what a receipt needs:
 * bsn_award_rules_split() says which tables the receipt needs,
 * bsn_award_rules_slot_cap_window() whether (and which receipts) the slot
 * cap must count, and bsn_award_rules_decide() decides.
 */
#pragma once

#include <glib.h>

#include "bsn-store-day.h"
#include "bsn-tier-table.h"
#include "bsn-time.h"

G_BEGIN_DECLS

/* No single receipt is larger than Rp1 triliun: anything above is a typo,
 * and the cap keeps every sum of the ledger far from int64 overflow. */
#define BSN_MAX_RECEIPT_RP ((gint64) 1000000000000)

typedef struct
{
  const char *receipt;        /* receipt number; NULL = generate one */
  gint64      store_id;
  gint64      customer_id;
  gint64      amount_rp;
  BsnTime     at;
  gint        digit;          /* lucky digit 0..9, or -1 when none */
  gint64      perishable_rp;  /* perishable part of amount, -1 = unspecified */
  const char *digit_source;   /* "stopwatch" | "manual" (typed); NULL = not stated (an import) */
} BsnReceipt;

typedef struct
{
  BsnScheme scheme;
  gint64    base_rp;
  gint      key;              /* digit, slot or siaga threshold (points) */
  gint32    rate_bp;
  gint64    value_rp;
  gint64    tier_version;
} BsnAwardPart;

/* The lucky digit of a stopwatch that ended at @seconds_of_day: the last
 * digit of its seconds (14:22:14 → 4). */
gint bsn_award_digit_from_clock (gint seconds_of_day);

/* How long after the receipt's time a stopwatch may stop (both ends
 * included), and how far after the machine's clock a receipt may be dated. */
#define BSN_STOPWATCH_WINDOW_SECONDS (5 * 60)
#define BSN_RECEIPT_AHEAD_SECONDS    BSN_SECONDS_PER_DAY

/* The lucky digit of a stopwatch that stopped at the clock time @end_seconds
 * (seconds of day) on a receipt at @at: the stop lies between the receipt's
 * time and BSN_STOPWATCH_WINDOW_SECONDS after it, past midnight included;
 * otherwise FALSE (BSN_ERROR_INVALID). */
gboolean bsn_award_rules_stopwatch_digit (BsnTime at, gint end_seconds, gint *out_digit, GError **error);

/* A receipt dated more than BSN_RECEIPT_AHEAD_SECONDS after @now (the
 * machine's clock) is refused (BSN_ERROR_INVALID): a typo, not a sale. */
gboolean bsn_award_rules_check_not_ahead (BsnTime at, BsnTime now, GError **error);

/* Amount, perishable part, digit and receipt number are sensible. */
gboolean bsn_award_rules_validate (const BsnReceipt *receipt, GError **error);

/* How a receipt divides between the schemes, before any rate. */
typedef struct
{
  gboolean quota_met;
  gint     slot;              /* 0 outside opening hours */
  gint64   stopwatch_rp;      /* base of the stopwatch part */
  gint64   lelang_rp;         /* base of the lelang part (0 outside hours) */
  gboolean needs[3];          /* by BsnScheme: the tables the decision reads */
} BsnAwardSplit;

/* Splits @receipt for @store (as it opens that day) against the quota
 * @quota_rp. FALSE (BSN_ERROR_INVALID) when a stopwatch part has no digit. */
gboolean bsn_award_rules_split (const BsnReceipt  *receipt,
                                const BsnStoreDay *store,
                                gint64             quota_rp,
                                BsnAwardSplit     *out,
                                GError           **error);

/* Whether the slot cap can change the lelang rate of a receipt at @at in
 * @slot: a cap (@slot_recipients ≥ 0) is set, the slot is past I and its
 * rate (in @lelang) is above slot I's. Then the caller counts the
 * receipts of [*out_start, *out_end) whose lelang rate is above
 * *out_first_bp, and passes the count to bsn_award_rules_decide(). */
gboolean bsn_award_rules_slot_cap_window (const BsnStoreDay  *store,
                                          const BsnTierTable *lelang,
                                          BsnTime             at,
                                          gint                slot,
                                          gint64              slot_recipients,
                                          BsnTime            *out_start,
                                          BsnTime            *out_end,
                                          gint32             *out_first_bp);

/* Everything the decision reads. */
typedef struct
{
  const BsnReceipt   *receipt;
  const BsnStoreDay  *store;            /* the store as it opens that day */
  gint64              quota_rp;         /* minimum purchase that applies */
  gint64              status_rp;        /* status points before, in Rupiah */
  const BsnTierTable *tables[3];        /* by BsnScheme, in force at the receipt's
                                         * time; those the split needs, others NULL */
  gint64              slot_recipients;  /* cap per slot, -1 = none */
  gint64              slot_above;       /* receipts of the slot above slot I's rate */
  gint64              daily_budget_rp;  /* -1 = none */
  gint64              budget_used_rp;   /* reward value of the day so far */
} BsnAwardInput;

typedef struct
{
  gboolean     quota_met;
  gint         slot;            /* 0 outside opening hours */
  gint         digit;           /* -1 none */
  gboolean     capped;
  guint        n_parts;
  BsnAwardPart parts[2];        /* stopwatch before lelang; or one siaga */
} BsnAwardDecision;

/* Decides the reward of @in->receipt. FALSE for an inactive store
 * (BSN_ERROR_REFUSED), a stopwatch part without a digit or a needed table
 * missing (BSN_ERROR_INVALID). */
gboolean bsn_award_rules_decide (const BsnAwardInput *in,
                                 BsnAwardDecision    *out,
                                 GError             **error);

/* The daily budget (§5): cuts @parts so their value fits in what remains
 * of @budget_rp after @used_rp, later parts first. TRUE when it cut. */
gboolean bsn_award_rules_cut_to_budget (BsnAwardPart *parts,
                                        guint         n_parts,
                                        gint64        budget_rp,
                                        gint64        used_rp);

G_END_DECLS
