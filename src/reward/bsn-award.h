/* bsn-award.h — turning a receipt into its reward (DOMAIN.md §4).
 *
 * For a receipt of a store and a customer:
 *  1. the minimum purchase quota in force (bsn-quota.h) decides between a
 *     full reward and voucher siaga;
 *  2. quota met: the durable part goes to the stopwatch (rate by level and
 *     lucky digit), the perishable part to lelang waktu (rate by level and
 *     the slot of the receipt time; nothing outside opening hours). A store
 *     running one scheme only rewards every part with it;
 *  3. quota missed: voucher siaga on the whole amount, at the rate of the
 *     customer's status points before this receipt;
 *  4. value = floor(amount × rate / 10 000) Rupiah, posted as a liability of
 *     the store's Back Up Voucher reserve, idempotently by (store, receipt
 *     number): two stores may both print "R-0001" (DOMAIN.md §2);
 *  5. active program bonuses (bsn-bonus.h) are added with their funding.
 * Every award records the tier version it used, so it can be explained and
 * reproduced forever.
 *
 * Steps 1–4 are decided by rules/bsn-award-rules.h over plain values; this
 * module gathers those values in the award's write transaction (the store,
 * its day plan and quota, the tables in force, the status points, the
 * counts the caps need) and records the decision.
 */
#pragma once

#include "bsn-award-rules.h"
#include "bsn-db.h"
#include "bsn-tiers.h"
#include "bsn-time.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 rule_id;
  char  *rule_code;
  char  *kind;
  gint64 value_rp;
  gint64 produsen_rp;
  gint64 ritel_rp;
  gint64 bsn_rp;
  gint64 customer_id;   /* who got the points (the referrer for referral) */
} BsnBonusGrant;

typedef struct
{
  char         *receipt;
  gboolean      duplicate;       /* already awarded: nothing was posted */
  char         *store_code;
  char         *customer_code;
  gint64        amount_rp;
  BsnTime       at;
  const char   *scheme;          /* "stopwatch" | "lelang" | "siaga" | "none" */
  gint32        rate_bp;         /* of the main part */
  gint64        value_rp;        /* all parts */
  gboolean      quota_met;
  gint64        quota_rp;
  gboolean      capped;
  gint64        tier_version;    /* of the main part, 0 when none */
  gint64        status_before_rp;
  gint          slot;            /* 0 outside opening hours */
  gint          digit;           /* -1 none */
  char         *digit_source;    /* "stopwatch" | "manual"; NULL without a digit or not stated */
  gint64        posting_id;      /* 0 when the value is zero */
  guint         n_parts;
  BsnAwardPart  parts[2];
  GPtrArray    *bonuses;         /* (element-type BsnBonusGrant) */
  char         *explanation;     /* "Kuota terpenuhi · Plus · angka 5 → 6 % = Rp15.000" */
} BsnAward;

void bsn_award_free (BsnAward *award);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnAward, bsn_award_free)

/* Caches stores and tier tables across many receipts (an import). Valid
 * inside one write transaction; NULL is fine for single awards. */
typedef struct _BsnAwardCache BsnAwardCache;
BsnAwardCache *bsn_award_cache_new (void);
void bsn_award_cache_free (BsnAwardCache *cache);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnAwardCache, bsn_award_cache_free)

/* Reads in one query which of @rows, about to be awarded with @cache in
 * the current write transaction, are stored already: on PostgreSQL the
 * duplicate check of each then costs no round trip (issue 19). Nothing on
 * SQLite, whose lookups cost none. What it read is exact only while the
 * transaction holds the writer's lock: @cache must not outlive it (an
 * import makes a new cache for each batch). */
gboolean bsn_award_cache_prefetch (BsnDb            *db,
                                   BsnAwardCache    *cache,
                                   const BsnReceipt *rows,
                                   guint             n,
                                   GError          **error);

/* Decides and posts the reward of @receipt in one transaction. Posting the
 * same (store, receipt number) again returns the recorded award with duplicate set;
 * the same number with different content is refused. Refused for an
 * inactive store. */
BsnAward *bsn_award_receipt (BsnDb            *db,
                             BsnAwardCache    *cache,
                             const BsnReceipt *receipt,
                             GError          **error);

/* The recorded award of receipt number @receipt of store @store_id. */
BsnAward *bsn_award_get (BsnDb *db, gint64 store_id, const char *receipt, GError **error);

/* The idempotency key of the award posting of a receipt: the store and the
 * number (DOMAIN.md §2). Keys of receipts recorded before schema version
 * 11 ("receipt:NUMBER") stay as they were; the prefix differs, so no new
 * key can equal an old one. */
char *bsn_award_receipt_key (gint64 store_id, const char *receipt);

G_END_DECLS
