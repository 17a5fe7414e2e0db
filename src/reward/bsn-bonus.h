/* bsn-bonus.h — program bonuses of "Employee to Owner" (DOMAIN.md §4.5).
 *
 * A bonus rule gives a share of a receipt on top of its reward, funded by
 * produsen, ritel (the store) and BSN in an agreed split:
 *  - surprise_goods: Bonus Surprise Barang Langsung, goods given on the
 *    spot (recorded for the reports, no points);
 *  - surprise_points: Bonus Surprise Poin Voucher, extra points;
 *  - siaga, stopwatch, lelang: extra points on receipts rewarded by that
 *    scheme (Bonus Poin Siaga / Stopwatch / Lelang Waktu);
 *  - registration: a fixed number of points on a customer's first
 *    receipt ("bonus poin ekstra saat pendaftaran");
 *  - referral: a fixed number of points to whoever referred the customer,
 *    on the referred customer's first receipt ("program referral").
 * Registration and referral are decided at the customer's first awarded
 * receipt by the rules in force at that receipt's time, whenever the
 * customer registered.
 * A rule may be limited to one store, a minimum amount, every n-th receipt
 * of its scope and a validity window. Each grant records who paid what;
 * a points bonus is one posting whose legs draw on the store's reserve, the
 * producers' pool and BSN's fund by the split.
 */
#pragma once

#include "bsn-db.h"
#include "bsn-time.h"

G_BEGIN_DECLS

typedef struct
{
  gint64   id;
  char    *code;
  char    *name;
  char    *kind;          /* see above */
  gint32   rate_bp;       /* 0 for registration and referral */
  gint64   points_rp;     /* registration and referral: the fixed value */
  gint32   produsen_bp;   /* the three sum to 10 000 */
  gint32   ritel_bp;
  gint32   bsn_bp;
  gint64   store_id;      /* 0 = every store */
  gint64   min_amount_rp;
  gint     every_nth;     /* 1 = every receipt */
  BsnTime  valid_from;
  BsnTime  valid_to;      /* 0 = open-ended */
  gboolean active;
} BsnBonusRule;

BsnBonusRule *bsn_bonus_rule_new (void);
void bsn_bonus_rule_free (BsnBonusRule *rule);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnBonusRule, bsn_bonus_rule_free)

gboolean bsn_bonus_kind_valid (const char *kind);
const char *bsn_bonus_kind_label (const char *kind);
/* The allowed size of a kind's bonus in basis points, both ends included
 * (DOMAIN §4.5); FALSE for an unknown kind. */
gboolean bsn_bonus_kind_range (const char *kind, gint32 *min_bp, gint32 *max_bp);
/* Checks @rate_bp against the kind's range; the message names the range. */
gboolean bsn_bonus_rate_validate (const char *kind, gint32 rate_bp, GError **error);

/* Adds a rule (validated: kind, rate, a split that sums to 100 %). */
gboolean bsn_bonus_rule_add (BsnDb *db, BsnBonusRule *rule, GError **error);
/* Ends a rule from @at on (rules are never deleted: grants refer to them). */
gboolean bsn_bonus_rule_end (BsnDb *db, const char *code, BsnTime at, GError **error);
/* (element-type BsnBonusRule) (transfer full) */
GPtrArray *bsn_bonus_rule_list (BsnDb *db, GError **error);

/* The active rules, in the order bsn_bonus_apply applies them; an import
 * reads them once per batch (the batch's transaction keeps them still). */
GPtrArray *bsn_bonus_active_rules (BsnDb   *db,
                                   GError **error);

/* The rule's pure part, shared by the award and the simulation
 * (bsn-simulate.h): whether @rule applies to a receipt of @store_id of
 * @amount_rp at @at (active, valid then, its store, its minimum) … */
gboolean bsn_bonus_rule_matches (const BsnBonusRule *rule, gint64 store_id, gint64 amount_rp, BsnTime at);
/* … and, for a receipt rewarded by @scheme ("siaga" …) whose first part's
 * base is @scheme_base_rp, the base its rate applies to (FALSE: the kind
 * is not for this scheme). The n-th-receipt count is the caller's. */
gboolean bsn_bonus_rule_base (const BsnBonusRule *rule, const char *scheme, gint64 amount_rp,
                              gint64 scheme_base_rp, gint64 *out_base_rp);

/* Used by bsn-award.c: applies every matching rule of @active_rules (NULL:
 * read them now) to a receipt just recorded, appending BsnBonusGrant
 * entries to @grants. */
gboolean bsn_bonus_apply (BsnDb           *db,
                          const GPtrArray *active_rules,
                          gint64           receipt_id,
                          const char      *receipt,
                          gint64           store_id,
                          gint64           customer_id,
                          gint64           amount_rp,
                          BsnTime          at,
                          const char      *scheme,
                          gint64           scheme_base_rp,
                          GPtrArray       *grants,
                          GError         **error);

/* Used by bsn-award.c on a customer's first receipt: the registration
 * rules of @active_rules in force at @at for @store_id give the customer
 * their points; when @referrer_id is not 0, the referral rules give the
 * referrer theirs. */
gboolean bsn_bonus_apply_first_receipt (BsnDb           *db,
                                        const GPtrArray *active_rules,
                                        gint64           receipt_id,
                                        const char      *receipt,
                                        gint64           store_id,
                                        gint64           customer_id,
                                        gint64           referrer_id,
                                        BsnTime          at,
                                        GPtrArray       *grants,
                                        GError         **error);

/* TRUE when @active_rules has a registration or referral rule. */
gboolean bsn_bonus_rules_have_first_receipt (const GPtrArray *active_rules);

void bsn_bonus_grant_free (gpointer grant);

G_END_DECLS
