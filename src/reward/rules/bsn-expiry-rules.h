/* bsn-expiry-rules.h — point expiry (DOMAIN.md §7): when earned points
 * expire and which points a spending uses.
 *
 * A pure rule module: plain values in, plain values out, no database.
 *
 * Points earned by a receipt (its award and its bonuses) form a lot that
 * expires exactly N calendar months after the receipt's time: the same day
 * of the month and the same time, or the last day of the month when that
 * day does not exist (31 January + 1 month = 28 February, 29 February in a
 * leap year). At that very second the points are gone. N comes from the
 * expiry policy in force at the receipt's time; N = 0 means they never
 * expire. A spending (a voucher) uses the oldest lots first (FIFO).
 */
#pragma once

#include <glib.h>

#include "bsn-time.h"

G_BEGIN_DECLS

/* @t moved by @months calendar months (0..1200): the same day and time of
 * the month, clamped to the month's last day. */
BsnTime bsn_expiry_add_months (BsnTime t, gint months);

typedef enum
{
  BSN_POINT_EARN,     /* a lot comes in: lot_id, amount, expires_at */
  BSN_POINT_SPEND,    /* points go out, oldest lots first */
  BSN_POINT_EXPIRED,  /* lot lot_id expired (its expiry posting) */
  BSN_POINT_REVERSE,  /* lot lot_id is taken back (its earning reversed) */
} BsnPointEventKind;

typedef struct
{
  BsnPointEventKind kind;
  BsnTime           at;
  gint64            amount_rp;   /* > 0 */
  gint64            lot_id;
  BsnTime           expires_at;  /* BSN_POINT_EARN only; 0 = never */
} BsnPointEvent;

typedef struct
{
  gint64   lot_id;
  BsnTime  at;
  BsnTime  expires_at;   /* 0 = never */
  gint64   earned_rp;
  gint64   remaining_rp; /* not yet spent, expired or taken back */
  gboolean closed;       /* its expiry was posted */
} BsnPointLot;

/* Replays @events, in the order given (time order, then entry order),
 * those dated before or at @until, and returns the lots (element-type
 * BsnPointLot) in the order they came in. A lot whose expiry time has
 * come by a spending's time is not used by it while younger lots hold
 * enough; what no lot covers is taken from expired lots too, oldest first
 * (their expiry not posted yet), so the remaining points always add up to
 * the balance the events make. (transfer full) */
GArray *bsn_expiry_rules_replay (const BsnPointEvent *events,
                                 guint                n_events,
                                 BsnTime              until);

/* A lot's expiry as the run would have posted it: @amount_rp of @lot's
 * remaining points gone at @lot->expires_at. */
typedef void (*BsnExpiryClosureFunc) (const BsnPointLot *lot,
                                      gint64             amount_rp,
                                      gpointer           data);

/* Replays @events like bsn_expiry_rules_replay() (up to @until) with each
 * lot's expiry posted at its expiry time, before any later event: its
 * remaining points (no more than the balance) leave the account then,
 * and later spendings can no longer use them. @emit sees each expiry
 * (expiry time ≤ @until) in time order. The events must hold no
 * BSN_POINT_EXPIRED (the expiries are what is replayed) and their lots'
 * expiry times must grow with the lots (one policy: the draft of the
 * margin simulator, bsn-simulate.h). Returns the value expired. */
gint64 bsn_expiry_rules_closures (const BsnPointEvent  *events,
                                  guint                 n_events,
                                  BsnTime               until,
                                  BsnExpiryClosureFunc  emit,
                                  gpointer              data);

/* The value of lot @lot due to expire by @at: its remaining points when
 * its expiry time is at or before @at and it is not closed, else 0. */
gint64 bsn_expiry_rules_due (const BsnPointLot *lot, BsnTime at);

/* Splits @value_rp over @n_parts in proportion to @weights (all ≥ 0, sum >
 * 0) into @out_parts: each floor(value × weight / sum), the remainder to
 * the largest weight (the first of equals), so the parts add up exactly. */
void bsn_expiry_rules_split (gint64        value_rp,
                             const gint64 *weights,
                             guint         n_parts,
                             gint64       *out_parts);

G_END_DECLS
