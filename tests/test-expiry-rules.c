/* test-expiry-rules.c — point expiry without a database
 * (rules/bsn-expiry-rules.h, DOMAIN.md §7): N calendar months after the
 * receipt's time to the second, the month's last day when the day does not
 * exist (leap years included), oldest lots spent first, and the split of an
 * expired value over the lot's funders. */
#include "config.h"

#include <string.h>

#include "bsn-expiry-rules.h"

#define T(y, mo, d, h, mi, s) bsn_time_from_ymd_hms (y, mo, d, h, mi, s)

typedef struct
{
  BsnTime from;
  gint    months;
  BsnTime expected;
} MonthCase;

static void
test_add_months (gconstpointer data)
{
  const MonthCase *c = data;

  g_assert_cmpint (bsn_expiry_add_months (c->from, c->months), ==, c->expected);
}

static void
add_month_cases (void)
{
  static MonthCase cases[11];
  static const char *names[] = {
    "/expiry-rules/months/same-day-and-second",
    "/expiry-rules/months/31-jan-plus-1-is-28-feb",
    "/expiry-rules/months/31-jan-plus-1-leap-is-29-feb",
    "/expiry-rules/months/29-feb-plus-12-is-28-feb",
    "/expiry-rules/months/29-feb-plus-48-is-29-feb",
    "/expiry-rules/months/30-nov-plus-3-is-28-feb",
    "/expiry-rules/months/31-oct-plus-4-is-28-feb",
    "/expiry-rules/months/year-turn",
    "/expiry-rules/months/31-aug-plus-1-is-30-sep",
    "/expiry-rules/months/zero-is-same",
    "/expiry-rules/months/last-second-of-day",
  };

  cases[0] = (MonthCase) { T (2026, 11, 22, 14, 22, 14), 3, T (2027, 2, 22, 14, 22, 14) };
  cases[1] = (MonthCase) { T (2027, 1, 31, 10, 0, 0), 1, T (2027, 2, 28, 10, 0, 0) };
  cases[2] = (MonthCase) { T (2028, 1, 31, 10, 0, 0), 1, T (2028, 2, 29, 10, 0, 0) };
  cases[3] = (MonthCase) { T (2028, 2, 29, 8, 30, 0), 12, T (2029, 2, 28, 8, 30, 0) };
  cases[4] = (MonthCase) { T (2028, 2, 29, 8, 30, 0), 48, T (2032, 2, 29, 8, 30, 0) };
  cases[5] = (MonthCase) { T (2026, 11, 30, 12, 0, 0), 3, T (2027, 2, 28, 12, 0, 0) };
  cases[6] = (MonthCase) { T (2099, 10, 31, 12, 0, 0), 4, T (2100, 2, 28, 12, 0, 0) };
  cases[7] = (MonthCase) { T (2026, 12, 15, 0, 0, 0), 1, T (2027, 1, 15, 0, 0, 0) };
  cases[8] = (MonthCase) { T (2026, 8, 31, 23, 0, 0), 1, T (2026, 9, 30, 23, 0, 0) };
  cases[9] = (MonthCase) { T (2026, 5, 31, 1, 2, 3), 0, T (2026, 5, 31, 1, 2, 3) };
  cases[10] = (MonthCase) { T (2026, 12, 31, 23, 59, 59), 2, T (2027, 2, 28, 23, 59, 59) };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add_data_func (names[i], &cases[i], test_add_months);
}

static const BsnPointLot *
lot (GArray *lots,
     guint   i)
{
  return &g_array_index (lots, BsnPointLot, i);
}

/* Two lots; a spending uses the older first; at the older one's expiry
 * second what is left of it is due, one second before nothing is. */
static void
test_fifo_oldest_first (void)
{
  BsnTime a = T (2026, 11, 1, 10, 0, 0), b = T (2026, 11, 20, 10, 0, 0);
  BsnTime ea = bsn_expiry_add_months (a, 3), eb = bsn_expiry_add_months (b, 3);
  BsnPointEvent events[] = {
    { BSN_POINT_EARN, a, 10000, 1, ea },
    { BSN_POINT_EARN, b, 6000, 2, eb },
    { BSN_POINT_SPEND, T (2026, 12, 1, 9, 0, 0), 12000, 0, 0 },
  };
  g_autoptr(GArray) lots = bsn_expiry_rules_replay (events, G_N_ELEMENTS (events), ea);

  g_assert_cmpuint (lots->len, ==, 2);
  g_assert_cmpint (lot (lots, 0)->remaining_rp, ==, 0);
  g_assert_cmpint (lot (lots, 1)->remaining_rp, ==, 4000);
  g_assert_cmpint (bsn_expiry_rules_due (lot (lots, 1), eb - 1), ==, 0);
  g_assert_cmpint (bsn_expiry_rules_due (lot (lots, 1), eb), ==, 4000);
  g_assert_cmpint (bsn_expiry_rules_due (lot (lots, 0), ea), ==, 0);
}

/* A spending after a lot's expiry second uses the younger lot, and takes
 * from the expired one only what the younger cannot cover. */
static void
test_fifo_skips_expired (void)
{
  BsnTime a = T (2027, 1, 31, 10, 0, 0), b = T (2027, 2, 10, 10, 0, 0);
  BsnTime ea = bsn_expiry_add_months (a, 1);
  BsnPointEvent events[] = {
    { BSN_POINT_EARN, a, 5000, 1, ea },
    { BSN_POINT_EARN, b, 3000, 2, bsn_expiry_add_months (b, 1) },
    { BSN_POINT_SPEND, ea, 2000, 0, 0 },
    { BSN_POINT_SPEND, ea + 1, 2000, 0, 0 },
  };
  g_autoptr(GArray) lots = bsn_expiry_rules_replay (events, G_N_ELEMENTS (events), ea + 1);

  g_assert_cmpint (ea, ==, T (2027, 2, 28, 10, 0, 0));
  g_assert_cmpint (lot (lots, 1)->remaining_rp, ==, 0);
  g_assert_cmpint (lot (lots, 0)->remaining_rp, ==, 4000);
  g_assert_cmpint (bsn_expiry_rules_due (lot (lots, 0), ea), ==, 4000);
}

/* A posted expiry closes its lot: nothing is due twice; a lot that never
 * expires (expires_at 0) is never due; a reversal takes its own lot. */
static void
test_expired_and_reversed (void)
{
  BsnTime a = T (2026, 1, 10, 8, 0, 0), ea = bsn_expiry_add_months (a, 2);
  BsnPointEvent events[] = {
    { BSN_POINT_EARN, a, 7000, 1, ea },
    { BSN_POINT_EARN, a + 60, 1500, 2, 0 },
    { BSN_POINT_EARN, a + 120, 2500, 3, bsn_expiry_add_months (a + 120, 2) },
    { BSN_POINT_REVERSE, a + 180, 2500, 3, 0 },
    { BSN_POINT_SPEND, a + 240, 1000, 0, 0 },
    { BSN_POINT_EXPIRED, ea, 6000, 1, 0 },
  };
  g_autoptr(GArray) lots = bsn_expiry_rules_replay (events, G_N_ELEMENTS (events), T (2030, 1, 1, 0, 0, 0));

  g_assert_cmpint (lot (lots, 0)->remaining_rp, ==, 0);
  g_assert_true (lot (lots, 0)->closed);
  g_assert_cmpint (bsn_expiry_rules_due (lot (lots, 0), T (2030, 1, 1, 0, 0, 0)), ==, 0);
  g_assert_cmpint (lot (lots, 1)->remaining_rp, ==, 1500);
  g_assert_cmpint (bsn_expiry_rules_due (lot (lots, 1), T (2030, 1, 1, 0, 0, 0)), ==, 0);
  g_assert_cmpint (lot (lots, 2)->remaining_rp, ==, 0);
}

/* Events after @until are not replayed. */
static void
test_until (void)
{
  BsnTime a = T (2026, 3, 1, 8, 0, 0);
  BsnPointEvent events[] = {
    { BSN_POINT_EARN, a, 7000, 1, bsn_expiry_add_months (a, 1) },
    { BSN_POINT_SPEND, a + 10, 7000, 0, 0 },
  };
  g_autoptr(GArray) lots = bsn_expiry_rules_replay (events, G_N_ELEMENTS (events), a + 9);

  g_assert_cmpint (lot (lots, 0)->remaining_rp, ==, 7000);
}

/* Funders get back in proportion, the remainder to the largest share. */
static void
test_split (void)
{
  gint64 weights[] = { 450, 350, 200 }, parts[3];
  gint64 one[] = { 5000 }, part;

  bsn_expiry_rules_split (1001, weights, 3, parts);
  g_assert_cmpint (parts[0], ==, 451);
  g_assert_cmpint (parts[1], ==, 350);
  g_assert_cmpint (parts[2], ==, 200);
  bsn_expiry_rules_split (3333, one, 1, &part);
  g_assert_cmpint (part, ==, 3333);
}

typedef struct
{
  gint64  lot[4];
  gint64  amount[4];
  BsnTime at[4];
  guint   n;
} Closures;

static void
note_closure (const BsnPointLot *lot,
              gint64             amount_rp,
              gpointer           data)
{
  Closures *c = data;

  g_assert_cmpuint (c->n, <, G_N_ELEMENTS (c->lot));
  c->lot[c->n] = lot->lot_id;
  c->amount[c->n] = amount_rp;
  c->at[c->n] = lot->expires_at;
  c->n++;
}

/* The margin simulator's draft expiry: each lot's expiry posted at its
 * time, before later events, which then cannot use it. Lot 1 (100,
 * expires 10 Feb) is spent 30 before, so 70 expire; the 40 spent on
 * 15 Feb come from lot 3 (30, never expires, older than lot 2) and lot 2
 * (10; lot 1 is gone), so 40 of lot 2 (50, 20 Feb) expire, lot 3 not
 * holding it back; lot 4 (20, 1 Apr) expires after @until. Reversing 5
 * of lot 2 first takes them from lot 2 itself: 35 expire. */
static void
test_closures (void)
{
  const BsnPointEvent events[] = {
    { BSN_POINT_EARN, T (2026, 1, 10, 9, 0, 0), 100, 1, T (2026, 2, 10, 9, 0, 0) },
    { BSN_POINT_EARN, T (2026, 1, 12, 9, 0, 0), 30, 3, 0 },
    { BSN_POINT_EARN, T (2026, 1, 20, 9, 0, 0), 50, 2, T (2026, 2, 20, 9, 0, 0) },
    { BSN_POINT_SPEND, T (2026, 1, 25, 9, 0, 0), 30, 0, 0 },
    { BSN_POINT_EARN, T (2026, 3, 1, 9, 0, 0), 20, 4, T (2026, 4, 1, 9, 0, 0) },
    { BSN_POINT_SPEND, T (2026, 2, 15, 9, 0, 0), 40, 0, 0 },
  };
  BsnPointEvent ordered[G_N_ELEMENTS (events)];
  Closures c = { 0 };

  /* In time order, as the ledger gives them. */
  memcpy (ordered, events, sizeof events);
  ordered[4] = events[5];
  ordered[5] = events[4];
  g_assert_cmpint (bsn_expiry_rules_closures (ordered, G_N_ELEMENTS (ordered), T (2026, 3, 31, 0, 0, 0),
                                              note_closure, &c), ==, 110);
  g_assert_cmpuint (c.n, ==, 2);
  g_assert_cmpint (c.lot[0], ==, 1);
  g_assert_cmpint (c.amount[0], ==, 70);
  g_assert_cmpint (c.at[0], ==, T (2026, 2, 10, 9, 0, 0));
  g_assert_cmpint (c.lot[1], ==, 2);
  g_assert_cmpint (c.amount[1], ==, 40);
  g_assert_cmpint (c.at[1], ==, T (2026, 2, 20, 9, 0, 0));

  /* A reversal of 5 of lot 2 before it expires. */
  {
    const BsnPointEvent more[] = {
      ordered[0], ordered[1], ordered[2], ordered[3],
      { BSN_POINT_REVERSE, T (2026, 2, 1, 9, 0, 0), 5, 2, 0 },
      ordered[4],
    };
    Closures d = { 0 };

    g_assert_cmpint (bsn_expiry_rules_closures (more, G_N_ELEMENTS (more), T (2026, 3, 31, 0, 0, 0),
                                                note_closure, &d), ==, 105);
    g_assert_cmpuint (d.n, ==, 2);
    g_assert_cmpint (d.amount[0], ==, 70);
    g_assert_cmpint (d.amount[1], ==, 35);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  add_month_cases ();
  g_test_add_func ("/expiry-rules/fifo/oldest-first", test_fifo_oldest_first);
  g_test_add_func ("/expiry-rules/fifo/skips-expired", test_fifo_skips_expired);
  g_test_add_func ("/expiry-rules/expired-and-reversed", test_expired_and_reversed);
  g_test_add_func ("/expiry-rules/until", test_until);
  g_test_add_func ("/expiry-rules/split", test_split);
  g_test_add_func ("/expiry-rules/closures", test_closures);
  return g_test_run ();
}
