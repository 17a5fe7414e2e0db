/* bsn-expiry-rules.c — point expiry: month arithmetic and FIFO lots (see
 * bsn-expiry-rules.h, DOMAIN.md §7). */
#include "config.h"

#include "bsn-expiry-rules.h"

static gint
days_in_month (gint year,
               gint month)
{
  static const gint days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  gboolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

  return month == 2 && leap ? 29 : days[month - 1];
}

BsnTime
bsn_expiry_add_months (BsnTime t,
                       gint    months)
{
  gint year, month, day, sec = bsn_time_second_of_day (t);
  gint index;

  g_return_val_if_fail (months >= 0 && months <= 1200, t);
  bsn_time_to_ymd (t, &year, &month, &day);
  index = year * 12 + (month - 1) + months;
  year = index / 12;
  month = index % 12 + 1;
  day = MIN (day, days_in_month (year, month));
  return bsn_time_from_ymd_hms (year, month, day, sec / 3600, sec / 60 % 60, sec % 60);
}

static gboolean
lot_expired_at (const BsnPointLot *lot,
                BsnTime            at)
{
  return lot->expires_at != 0 && lot->expires_at <= at;
}

/* Takes up to @amount from the lots, oldest first; with @expired FALSE
 * only from lots still valid at @at, with TRUE from any open lot. Returns
 * what is left to take. */
static gint64
take_fifo (GArray  *lots,
           gint64   amount,
           BsnTime  at,
           gboolean expired)
{
  for (guint i = 0; i < lots->len && amount > 0; i++)
    {
      BsnPointLot *lot = &g_array_index (lots, BsnPointLot, i);
      gint64 take;

      if (lot->closed || lot->remaining_rp <= 0 || (!expired && lot_expired_at (lot, at)))
        continue;
      take = MIN (amount, lot->remaining_rp);
      lot->remaining_rp -= take;
      amount -= take;
    }
  return amount;
}

static BsnPointLot *
find_lot (GArray *lots,
          gint64  lot_id)
{
  for (guint i = lots->len; i-- > 0;)
    if (g_array_index (lots, BsnPointLot, i).lot_id == lot_id)
      return &g_array_index (lots, BsnPointLot, i);
  return NULL;
}

GArray *
bsn_expiry_rules_replay (const BsnPointEvent *events,
                         guint                n_events,
                         BsnTime              until)
{
  GArray *lots = g_array_new (FALSE, FALSE, sizeof (BsnPointLot));

  for (guint i = 0; i < n_events; i++)
    {
      const BsnPointEvent *e = &events[i];
      BsnPointLot *lot;
      gint64 left;

      if (e->at > until || e->amount_rp <= 0)
        continue;
      switch (e->kind)
        {
        case BSN_POINT_EARN:
          {
            BsnPointLot l = { e->lot_id, e->at, e->expires_at, e->amount_rp, e->amount_rp, FALSE };
            g_array_append_val (lots, l);
          }
          break;
        case BSN_POINT_SPEND:
          left = take_fifo (lots, e->amount_rp, e->at, FALSE);
          take_fifo (lots, left, e->at, TRUE);
          break;
        case BSN_POINT_EXPIRED:
        case BSN_POINT_REVERSE:
          lot = find_lot (lots, e->lot_id);
          left = e->amount_rp;
          if (lot != NULL)
            {
              gint64 take = MIN (left, lot->remaining_rp);
              lot->remaining_rp -= take;
              left -= take;
              if (e->kind == BSN_POINT_EXPIRED)
                lot->closed = TRUE;
            }
          /* Points the lot no longer held (spent before a back-dated
           * entry) come from the others, as a spending would. */
          left = take_fifo (lots, left, e->at, FALSE);
          take_fifo (lots, left, e->at, TRUE);
          break;
        }
    }
  return lots;
}

/* Posts the expiries due by @at, from lot @*next on (the lots that
 * expire do so in the order they came in; those that never expire are
 * passed over). @balance: what the lots hold. */
static gint64
close_due (GArray              *lots,
           guint               *next,
           gint64              *balance,
           BsnTime              at,
           BsnExpiryClosureFunc emit,
           gpointer             data)
{
  gint64 expired = 0;

  for (; *next < lots->len; (*next)++)
    {
      BsnPointLot *lot = &g_array_index (lots, BsnPointLot, *next);
      gint64 amount;

      if (lot->expires_at == 0)
        continue;
      if (lot->expires_at > at)
        break;
      amount = MIN (lot->remaining_rp, MAX (*balance, 0));
      lot->remaining_rp -= amount;
      lot->closed = TRUE;
      *balance -= amount;
      expired += amount;
      if (amount > 0 && emit != NULL)
        emit (lot, amount, data);
    }
  return expired;
}

/* Takes @amount out of the lots as a spending does; what was taken. */
static gint64
spend (GArray  *lots,
       gint64   amount,
       BsnTime  at)
{
  gint64 left = take_fifo (lots, amount, at, FALSE);

  return amount - take_fifo (lots, left, at, TRUE);
}

gint64
bsn_expiry_rules_closures (const BsnPointEvent  *events,
                           guint                 n_events,
                           BsnTime               until,
                           BsnExpiryClosureFunc  emit,
                           gpointer              data)
{
  g_autoptr(GArray) lots = g_array_new (FALSE, FALSE, sizeof (BsnPointLot));
  gint64 expired = 0, balance = 0;
  guint next = 0;

  for (guint i = 0; i < n_events; i++)
    {
      const BsnPointEvent *e = &events[i];
      BsnPointLot *lot;

      if (e->at > until)
        break;
      expired += close_due (lots, &next, &balance, e->at, emit, data);
      if (e->amount_rp <= 0)
        continue;
      switch (e->kind)
        {
        case BSN_POINT_EARN:
          {
            BsnPointLot l = { e->lot_id, e->at, e->expires_at, e->amount_rp, e->amount_rp, FALSE };
            g_array_append_val (lots, l);
            balance += e->amount_rp;
          }
          break;
        case BSN_POINT_SPEND:
          balance -= spend (lots, e->amount_rp, e->at);
          break;
        case BSN_POINT_REVERSE:
          {
            gint64 left = e->amount_rp, take = 0;

            lot = find_lot (lots, e->lot_id);
            if (lot != NULL)
              {
                take = MIN (left, lot->remaining_rp);
                lot->remaining_rp -= take;
                left -= take;
              }
            balance -= take + spend (lots, left, e->at);
          }
          break;
        case BSN_POINT_EXPIRED:
        default:
          g_return_val_if_reached (expired);
        }
    }
  return expired + close_due (lots, &next, &balance, until, emit, data);
}

gint64
bsn_expiry_rules_due (const BsnPointLot *lot,
                      BsnTime            at)
{
  if (lot->closed || !lot_expired_at (lot, at))
    return 0;
  return MAX (lot->remaining_rp, 0);
}

void
bsn_expiry_rules_split (gint64        value_rp,
                        const gint64 *weights,
                        guint         n_parts,
                        gint64       *out_parts)
{
  gint64 sum = 0, assigned = 0;
  guint largest = 0;

  for (guint i = 0; i < n_parts; i++)
    {
      sum += weights[i];
      if (weights[i] > weights[largest])
        largest = i;
    }
  for (guint i = 0; i < n_parts; i++)
    {
      out_parts[i] = sum > 0 ? (gint64) ((__int128) value_rp * weights[i] / sum) : 0;
      if (i != largest)
        assigned += out_parts[i];
    }
  if (n_parts > 0)
    out_parts[largest] = value_rp - assigned;
}
