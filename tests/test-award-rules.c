/* test-award-rules.c — the award rules (rules/bsn-award-rules.h) without a
 * database: the worked examples of DOMAIN.md §4.4, the siaga thresholds of
 * §4.3 at their boundaries, the slot cap and the daily budget of §5, no
 * lelang waktu outside opening hours and the store-day across midnight of
 * §4.2. Every table is the default table of DOMAIN.md, built in memory. */
#include "config.h"

#include "bsn-award-rules.h"
#include "bsn-error.h"

/* 2026-11-22 00:00, a day with the Rekomendasi lelang table in force. */
#define DAY ((BsnTime) 1795305600)
#define HOUR 3600

/* The default tables in force at @at, as the award engine passes them. */
typedef struct
{
  BsnTierTable *tables[3];
} Tables;

static void
tables_init (Tables *t,
             BsnTime at)
{
  for (guint s = 0; s < 3; s++)
    t->tables[s] = bsn_tier_table_new_default ((BsnScheme) s, at);
}

static void
tables_clear (Tables *t)
{
  for (guint s = 0; s < 3; s++)
    g_clear_pointer (&t->tables[s], bsn_tier_table_free);
}

static BsnStoreDay
store (BsnBand    band,
       gint       tier,
       BsnSchemes schemes)
{
  return (BsnStoreDay) { .band = band, .tier = tier, .schemes = schemes, .opening_sec = 7 * HOUR, .hours = 10,
                         .margin_bp = band == BSN_BAND_HIGH ? 2000 : 1400, .active = TRUE };
}

/* Decides @r for @s with the default tables, no caps. */
static void
decide (const BsnStoreDay *s,
        const BsnReceipt  *r,
        gint64             quota_rp,
        gint64             status_rp,
        gint64             slot_recipients,
        gint64             slot_above,
        gint64             budget_rp,
        gint64             used_rp,
        BsnAwardDecision  *out)
{
  Tables t;
  g_autoptr(GError) error = NULL;
  BsnAwardInput in = {
    .receipt = r, .store = s, .quota_rp = quota_rp, .status_rp = status_rp,
    .slot_recipients = slot_recipients, .slot_above = slot_above,
    .daily_budget_rp = budget_rp, .budget_used_rp = used_rp,
  };

  tables_init (&t, r->at);
  for (guint i = 0; i < 3; i++)
    in.tables[i] = t.tables[i];
  g_assert_true (bsn_award_rules_decide (&in, out, &error));
  g_assert_no_error (error);
  tables_clear (&t);
}

static gint64
total (const BsnAwardDecision *d)
{
  gint64 sum = 0;

  for (guint i = 0; i < d->n_parts; i++)
    sum += d->parts[i].value_rp;
  return sum;
}

/* ---- DOMAIN.md §4.4, the worked examples ---- */

typedef struct
{
  const char *name;
  BsnBand     band;
  gint        tier;
  BsnSchemes  schemes;
  gint64      quota_rp;
  gint64      amount_rp;
  gint        digit;
  BsnTime     at;
  gint64      status_points;
  BsnScheme   scheme;
  gboolean    quota_met;
  gint        key;
  gint32      rate_bp;
  gint64      value_rp;
} Example;

static const Example examples[] = {
  { "plus-digit-5", BSN_BAND_LOW, 3, BSN_SCHEMES_STOPWATCH, 200000, 250000, 5, DAY + 10 * HOUR, 0,
    BSN_SCHEME_STOPWATCH, TRUE, 5, 600, 15000 },
  { "standard-digit-6", BSN_BAND_LOW, 2, BSN_SCHEMES_STOPWATCH, 200000, 300000, 6, DAY + 10 * HOUR, 0,
    BSN_SCHEME_STOPWATCH, TRUE, 6, 400, 12000 },
  { "siaga-300-points", BSN_BAND_LOW, 3, BSN_SCHEMES_STOPWATCH, 200000, 150000, 5, DAY + 10 * HOUR, 300,
    BSN_SCHEME_SIAGA, FALSE, 300, 150, 2250 },
  { "elite-siaga-500-points", BSN_BAND_HIGH, 2, BSN_SCHEMES_STOPWATCH, 500000, 400000, 5, DAY + 10 * HOUR, 500,
    BSN_SCHEME_SIAGA, FALSE, 500, 200, 8000 },
  { "lelang-platinum-slot-x", BSN_BAND_LOW, 3, BSN_SCHEMES_LELANG, 0, 100000, -1, DAY + 16 * HOUR + 30 * 60, 0,
    BSN_SCHEME_LELANG, TRUE, 10, 650, 6500 },
};

static void
test_worked_example (gconstpointer data)
{
  const Example *e = data;
  BsnStoreDay s = store (e->band, e->tier, e->schemes);
  BsnReceipt r = { .amount_rp = e->amount_rp, .at = e->at, .digit = e->digit, .perishable_rp = -1 };
  BsnAwardDecision d;

  decide (&s, &r, e->quota_rp, e->status_points * 1000, -1, 0, -1, 0, &d);
  g_assert_cmpint (d.quota_met, ==, e->quota_met);
  g_assert_cmpuint (d.n_parts, ==, 1);
  g_assert_cmpint (d.parts[0].scheme, ==, e->scheme);
  g_assert_cmpint (d.parts[0].base_rp, ==, e->amount_rp);
  g_assert_cmpint (d.parts[0].key, ==, e->key);
  g_assert_cmpint (d.parts[0].rate_bp, ==, e->rate_bp);
  g_assert_cmpint (d.parts[0].value_rp, ==, e->value_rp);
  g_assert_false (d.capped);
}

/* ---- DOMAIN.md §4.3, siaga thresholds are inclusive ---- */

typedef struct
{
  gint64 points;
  gint   key;
  gint32 rate_bp;
} Threshold;

static const Threshold thresholds[] = {
  { 0, 0, 0 },     { 49, 0, 0 },     { 50, 50, 50 },   { 149, 50, 50 },  { 150, 150, 100 },
  { 299, 150, 100 }, { 300, 300, 150 }, { 499, 300, 150 }, { 500, 500, 200 }, { 699, 500, 200 },
  { 700, 700, 250 }, { 5000, 700, 250 },
};

static void
test_siaga_threshold (gconstpointer data)
{
  const Threshold *th = data;
  BsnStoreDay s = store (BSN_BAND_LOW, 1, BSN_SCHEMES_BOTH);
  BsnReceipt r = { .amount_rp = 100000, .at = DAY + 8 * HOUR, .digit = 3, .perishable_rp = -1 };
  BsnAwardDecision d;

  decide (&s, &r, 200000, th->points * 1000, -1, 0, -1, 0, &d);
  g_assert_false (d.quota_met);
  g_assert_cmpuint (d.n_parts, ==, 1);
  g_assert_cmpint (d.parts[0].scheme, ==, BSN_SCHEME_SIAGA);
  g_assert_cmpint (d.parts[0].key, ==, th->key);
  g_assert_cmpint (d.parts[0].rate_bp, ==, th->rate_bp);
  g_assert_cmpint (d.parts[0].value_rp, ==, 100000 * th->rate_bp / 10000);

  /* One Rupiah short of the threshold is still below it. */
  if (th->points > 0 && th->key == th->points)
    {
      decide (&s, &r, 200000, th->points * 1000 - 1, -1, 0, -1, 0, &d);
      g_assert_cmpint (d.parts[0].rate_bp, <, th->rate_bp);
    }
}

/* ---- DOMAIN.md §5, at most N customers per slot above slot I ---- */

typedef struct
{
  const char *name;
  gint        hour;            /* of the receipt, store open 07:00 for 10 h */
  gint64      slot_recipients; /* -1 no cap */
  gint64      slot_above;      /* receipts of the slot above slot I so far */
  gint        slot;
  gint32      rate_bp;
  gboolean    capped;
  gboolean    counts;          /* the engine must count the slot */
} SlotCap;

static const SlotCap slot_caps[] = {
  { "no-cap", 16, -1, 50, 10, 650, FALSE, FALSE },
  { "n-th-customer", 16, 10, 9, 10, 650, FALSE, TRUE },
  { "n+1-th-customer", 16, 10, 10, 10, 200, TRUE, TRUE },
  { "far-past-n", 16, 10, 25, 10, 200, TRUE, TRUE },
  { "cap-zero", 12, 0, 0, 6, 200, TRUE, TRUE },
  { "slot-i-never-capped", 7, 10, 99, 1, 200, FALSE, FALSE },
  { "slot-ii-above-slot-i", 8, 1, 1, 2, 200, TRUE, TRUE },
};

static void
test_slot_cap (gconstpointer data)
{
  const SlotCap *c = data;
  BsnStoreDay s = store (BSN_BAND_LOW, 3, BSN_SCHEMES_LELANG);
  BsnReceipt r = { .amount_rp = 100000, .at = DAY + c->hour * HOUR + 30 * 60, .digit = -1, .perishable_rp = -1 };
  g_autoptr(BsnTierTable) lelang = bsn_tier_table_new_default (BSN_SCHEME_LELANG, r.at);
  BsnAwardDecision d;
  BsnTime start = 0, end = 0;
  gint32 first = 0;

  decide (&s, &r, 0, 0, c->slot_recipients, c->slot_above, -1, 0, &d);
  g_assert_cmpint (d.slot, ==, c->slot);
  g_assert_cmpuint (d.n_parts, ==, 1);
  g_assert_cmpint (d.parts[0].key, ==, c->slot);
  g_assert_cmpint (d.parts[0].rate_bp, ==, c->rate_bp);
  g_assert_cmpint (d.parts[0].value_rp, ==, 100000 * c->rate_bp / 10000);
  g_assert_cmpint (d.capped, ==, c->capped);

  g_assert_cmpint (bsn_award_rules_slot_cap_window (&s, lelang, r.at, c->slot, c->slot_recipients, &start, &end,
                                                    &first), ==, c->counts);
  if (c->counts)
    {
      /* The slot's own hour, and the slot-I rate as the bar. */
      g_assert_cmpint (start, ==, DAY + c->hour * HOUR);
      g_assert_cmpint (end, ==, DAY + (c->hour + 1) * HOUR);
      g_assert_cmpint (first, ==, 200);
    }
}

/* ---- DOMAIN.md §5, the daily budget ---- */

typedef struct
{
  const char *name;
  gint64      budget_rp;
  gint64      used_rp;
  gint64      stopwatch_rp;    /* value of each part after the cut */
  gint64      lelang_rp;
  gboolean    capped;
} Budget;

/* A receipt of Rp300.000, Rp100.000 of it perishable, at a Plus/Platinum
 * store in slot X with digit 0: Rp22.000 stopwatch + Rp6.500 lelang. */
static const Budget budgets[] = {
  { "no-budget", -1, 1000000, 22000, 6500, FALSE },
  { "well-inside", 100000, 0, 22000, 6500, FALSE },
  { "exactly-fits", 30000, 1500, 22000, 6500, FALSE },
  { "one-rupiah-over", 30000, 1501, 22000, 6499, TRUE },
  { "later-part-cut-first", 30000, 5000, 22000, 3000, TRUE },
  { "later-part-cut-to-zero", 30000, 8000, 22000, 0, TRUE },
  { "both-parts-cut", 30000, 10000, 20000, 0, TRUE },
  { "nothing-left", 30000, 30000, 0, 0, TRUE },
  { "already-overspent", 30000, 45000, 0, 0, TRUE },
  { "zero-budget", 0, 0, 0, 0, TRUE },
};

static void
test_budget (gconstpointer data)
{
  const Budget *b = data;
  BsnStoreDay s = store (BSN_BAND_LOW, 3, BSN_SCHEMES_BOTH);
  BsnReceipt r = { .amount_rp = 300000, .at = DAY + 16 * HOUR, .digit = 0, .perishable_rp = 100000 };
  BsnAwardDecision d;

  decide (&s, &r, 0, 0, -1, 0, b->budget_rp, b->used_rp, &d);
  g_assert_cmpuint (d.n_parts, ==, 2);
  g_assert_cmpint (d.parts[0].scheme, ==, BSN_SCHEME_STOPWATCH);
  g_assert_cmpint (d.parts[0].base_rp, ==, 200000);
  g_assert_cmpint (d.parts[0].rate_bp, ==, 1100);
  g_assert_cmpint (d.parts[0].value_rp, ==, b->stopwatch_rp);
  g_assert_cmpint (d.parts[1].scheme, ==, BSN_SCHEME_LELANG);
  g_assert_cmpint (d.parts[1].base_rp, ==, 100000);
  g_assert_cmpint (d.parts[1].rate_bp, ==, 650);
  g_assert_cmpint (d.parts[1].value_rp, ==, b->lelang_rp);
  g_assert_cmpint (d.capped, ==, b->capped);
  if (b->budget_rp >= 0)
    g_assert_cmpint (total (&d), <=, MAX (b->budget_rp - b->used_rp, 0));
}

/* ---- DOMAIN.md §4.2, opening hours and the store-day ---- */

typedef struct
{
  const char *name;
  gint        opening_sec;
  gint        hours;
  BsnTime     at;
  gint        slot;            /* 0 = closed */
  gint64      store_day;       /* day number of the store-day */
  BsnTime     slot_start;      /* when open: the slot's window */
  BsnTime     slot_end;
} Hours;

static const Hours hours[] = {
  { "before-opening", 7 * HOUR, 10, DAY + 7 * HOUR - 1, 0, 0, 0, 0 },
  { "first-second", 7 * HOUR, 10, DAY + 7 * HOUR, 1, 0, DAY + 7 * HOUR, DAY + 8 * HOUR },
  { "last-second", 7 * HOUR, 10, DAY + 17 * HOUR - 1, 10, 0, DAY + 16 * HOUR, DAY + 17 * HOUR },
  { "after-closing", 7 * HOUR, 10, DAY + 17 * HOUR, 0, 0, 0, 0 },
  { "night-opens", 20 * HOUR, 10, DAY + 20 * HOUR, 1, 0, DAY + 20 * HOUR, DAY + 21 * HOUR },
  /* Open 20:00 for 10 hours: 01:30 is slot VI of the store-day that
   * opened the evening before. */
  { "night-01:30", 20 * HOUR, 10, DAY + 86400 + HOUR + 30 * 60, 6, 0, DAY + 86400 + HOUR, DAY + 86400 + 2 * HOUR },
  { "night-last-second", 20 * HOUR, 10, DAY + 86400 + 6 * HOUR - 1, 10, 0, DAY + 86400 + 5 * HOUR,
    DAY + 86400 + 6 * HOUR },
  { "night-closed-06:00", 20 * HOUR, 10, DAY + 86400 + 6 * HOUR, 0, 0, 0, 0 },
  { "twelve-hour-slot-ii", 6 * HOUR, 12, DAY + 6 * HOUR + 72 * 60, 2, 0, DAY + 6 * HOUR + 72 * 60,
    DAY + 6 * HOUR + 144 * 60 },
};

static void
test_hours (gconstpointer data)
{
  const Hours *h = data;
  BsnStoreDay s = store (BSN_BAND_LOW, 3, BSN_SCHEMES_LELANG);
  BsnReceipt r = { .amount_rp = 100000, .at = h->at, .digit = -1, .perishable_rp = -1 };
  BsnAwardDecision d;

  s.opening_sec = h->opening_sec;
  s.hours = h->hours;
  g_assert_cmpint (bsn_store_day_slot_at (&s, h->at), ==, h->slot);
  decide (&s, &r, 0, 0, -1, 0, -1, 0, &d);
  g_assert_true (d.quota_met);
  g_assert_cmpint (d.slot, ==, h->slot);
  if (h->slot == 0)
    {
      /* Outside opening hours lelang waktu gives nothing. */
      g_assert_cmpuint (d.n_parts, ==, 0);
      return;
    }
  g_assert_cmpint (bsn_store_day_of (&s, h->at), ==, DAY / 86400 + h->store_day);
  g_assert_cmpuint (d.n_parts, ==, 1);
  g_assert_cmpint (d.parts[0].key, ==, h->slot);
  {
    BsnTime start, end;
    bsn_store_day_slot_window (&s, h->at, h->slot, &start, &end);
    g_assert_cmpint (start, ==, h->slot_start);
    g_assert_cmpint (end, ==, h->slot_end);
  }
}

/* DOMAIN.md §4.2: the one rule placing a receipt in its store-day and
 * slot, with the plans of two calendar days that may differ. */
static void
test_store_day_place (void)
{
  BsnStoreDay night = store (BSN_BAND_LOW, 3, BSN_SCHEMES_LELANG);
  BsnStoreDay day = night;
  BsnTime d = DAY + 86400;   /* the second calendar day, midnight */
  BsnStoreDayPlace p;

  night.opening_sec = 20 * HOUR;
  night.hours = 10;
  day.opening_sec = 8 * HOUR;
  day.hours = 4;

  /* Night after night: 01:30 is slot VI of the store-day before; its
   * last second 05:59:59 is slot X; 06:00 starts the new store-day. */
  g_assert_cmpint (bsn_store_day_first_second (&night, &night, d / 86400), ==, d + 6 * HOUR);
  p = bsn_store_day_place (&night, &night, d + HOUR + 30 * 60);
  g_assert_cmpint (p.day, ==, DAY / 86400);
  g_assert_cmpint (p.slot, ==, 6);
  p = bsn_store_day_place (&night, &night, d + 6 * HOUR - 1);
  g_assert_cmpint (p.day, ==, DAY / 86400);
  g_assert_cmpint (p.slot, ==, 10);
  p = bsn_store_day_place (&night, &night, d + 6 * HOUR);
  g_assert_cmpint (p.day, ==, d / 86400);
  g_assert_cmpint (p.slot, ==, 0);
  /* A day store before its opening: its own calendar day, outside. */
  g_assert_cmpint (bsn_store_day_first_second (&day, &day, d / 86400), ==, d);
  p = bsn_store_day_place (&day, &day, d + 7 * HOUR);
  g_assert_cmpint (p.day, ==, d / 86400);
  g_assert_cmpint (p.slot, ==, 0);
  /* Day plan then night plan: at 01:30 the short day closed long ago
   * and the night has not opened: outside hours of the new day, not
   * slot VI of a night that never ran. */
  p = bsn_store_day_place (&day, &night, d + HOUR + 30 * 60);
  g_assert_cmpint (p.day, ==, d / 86400);
  g_assert_cmpint (p.slot, ==, 0);
  night.day_before = &day;
  g_assert_cmpint (bsn_store_day_slot_at (&night, d + HOUR + 30 * 60), ==, 0);
  night.day_before = NULL;
  /* Night plan, then a day that opens 05:00: the new day opens before
   * the night would close, and takes over at its opening. */
  day.opening_sec = 5 * HOUR;
  g_assert_cmpint (bsn_store_day_first_second (&night, &day, d / 86400), ==, d + 5 * HOUR);
  p = bsn_store_day_place (&night, &day, d + 5 * HOUR - 1);
  g_assert_cmpint (p.day, ==, DAY / 86400);
  g_assert_cmpint (p.slot, ==, 9);
  p = bsn_store_day_place (&night, &day, d + 5 * HOUR);
  g_assert_cmpint (p.day, ==, d / 86400);
  g_assert_cmpint (p.slot, ==, 1);
}

/* A store with both schemes rewards only the durable part outside hours. */
static void
test_outside_hours_mixed (void)
{
  BsnStoreDay s = store (BSN_BAND_LOW, 3, BSN_SCHEMES_BOTH);
  BsnReceipt r = { .amount_rp = 300000, .at = DAY + 20 * HOUR, .digit = 5, .perishable_rp = 100000 };
  BsnAwardDecision d;

  decide (&s, &r, 0, 0, -1, 0, -1, 0, &d);
  g_assert_cmpint (d.slot, ==, 0);
  g_assert_cmpuint (d.n_parts, ==, 1);
  g_assert_cmpint (d.parts[0].scheme, ==, BSN_SCHEME_STOPWATCH);
  g_assert_cmpint (d.parts[0].base_rp, ==, 200000);
  g_assert_cmpint (d.parts[0].value_rp, ==, 12000);
}

/* ---- the split of a receipt between the schemes ---- */

typedef struct
{
  const char *name;
  BsnSchemes  schemes;
  gint64      perishable_rp;
  gint64      stopwatch_rp;
  gint64      lelang_rp;
} Split;

static const Split splits[] = {
  { "both-mixed", BSN_SCHEMES_BOTH, 40000, 60000, 40000 },
  { "both-unspecified-is-durable", BSN_SCHEMES_BOTH, -1, 100000, 0 },
  { "both-all-perishable", BSN_SCHEMES_BOTH, 100000, 0, 100000 },
  { "stopwatch-only-takes-all", BSN_SCHEMES_STOPWATCH, 40000, 100000, 0 },
  { "lelang-only-takes-all", BSN_SCHEMES_LELANG, 40000, 0, 100000 },
  { "lelang-only-unspecified", BSN_SCHEMES_LELANG, -1, 0, 100000 },
};

static void
test_split (gconstpointer data)
{
  const Split *sp = data;
  BsnStoreDay s = store (BSN_BAND_LOW, 1, sp->schemes);
  BsnReceipt r = { .amount_rp = 100000, .at = DAY + 9 * HOUR, .digit = 1, .perishable_rp = sp->perishable_rp };
  BsnAwardSplit out;
  g_autoptr(GError) error = NULL;

  g_assert_true (bsn_award_rules_split (&r, &s, 100000, &out, &error));
  g_assert_no_error (error);
  g_assert_true (out.quota_met);
  g_assert_cmpint (out.stopwatch_rp, ==, sp->stopwatch_rp);
  g_assert_cmpint (out.lelang_rp, ==, sp->lelang_rp);
  g_assert_cmpint (out.needs[BSN_SCHEME_STOPWATCH], ==, sp->stopwatch_rp > 0);
  g_assert_cmpint (out.needs[BSN_SCHEME_LELANG], ==, sp->lelang_rp > 0);
  g_assert_false (out.needs[BSN_SCHEME_SIAGA]);
}

/* value = floor(amount × bp / 10 000); the version of the table is kept. */
static void
test_value_floors (void)
{
  BsnStoreDay s = store (BSN_BAND_LOW, 1, BSN_SCHEMES_STOPWATCH);
  BsnReceipt r = { .amount_rp = 3333, .at = DAY + 9 * HOUR, .digit = 4, .perishable_rp = -1 };
  Tables t;
  BsnAwardInput in = { .receipt = &r, .store = &s, .slot_recipients = -1, .daily_budget_rp = -1 };
  BsnAwardDecision d;

  tables_init (&t, r.at);
  t.tables[BSN_SCHEME_STOPWATCH]->version.id = 42;
  in.tables[BSN_SCHEME_STOPWATCH] = t.tables[BSN_SCHEME_STOPWATCH];
  g_assert_true (bsn_award_rules_decide (&in, &d, NULL));
  g_assert_cmpint (d.parts[0].rate_bp, ==, 300);
  g_assert_cmpint (d.parts[0].value_rp, ==, 99);   /* 99,99 */
  g_assert_cmpint (d.parts[0].tier_version, ==, 42);
  g_assert_cmpint (d.digit, ==, 4);
  tables_clear (&t);
}

/* Refusals: an inactive store, a stopwatch part without a digit, a table
 * the caller did not give. */
static void
test_refusals (void)
{
  BsnStoreDay s = store (BSN_BAND_LOW, 1, BSN_SCHEMES_STOPWATCH);
  BsnReceipt r = { .amount_rp = 100000, .at = DAY + 9 * HOUR, .digit = -1, .perishable_rp = -1 };
  g_autoptr(BsnTierTable) stopwatch = bsn_tier_table_new_default (BSN_SCHEME_STOPWATCH, r.at);
  BsnAwardInput in = { .receipt = &r, .store = &s, .slot_recipients = -1, .daily_budget_rp = -1 };
  BsnAwardDecision d;
  GError *error = NULL;

  in.tables[BSN_SCHEME_STOPWATCH] = stopwatch;
  g_assert_false (bsn_award_rules_decide (&in, &d, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);

  r.digit = 7;
  s.active = FALSE;
  g_assert_false (bsn_award_rules_decide (&in, &d, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_clear_error (&error);

  s.active = TRUE;
  in.tables[BSN_SCHEME_STOPWATCH] = NULL;
  g_assert_false (bsn_award_rules_decide (&in, &d, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);
}

/* The stopwatch stops between the receipt's time and 5 minutes after it,
 * both ends included, past midnight too; its digit is the last of its
 * seconds. A receipt may be dated at most one day after the clock. */
static void
test_stopwatch_window_and_clock_ahead (void)
{
  const BsnTime at = DAY + 14 * HOUR + 22 * 60 + 14;           /* 14:22:14 */
  const BsnTime late = DAY + 23 * HOUR + 58 * 60;              /* 23:58:00 */
  const struct { BsnTime at; gint end; gint digit; } cases[] = {
    { at, 14 * 3600 + 22 * 60 + 14, 4 },                       /* the receipt's second */
    { at, 14 * 3600 + 27 * 60 + 14, 4 },                       /* 5 minutes after */
    { at, 14 * 3600 + 22 * 60 + 13, -1 },                      /* a second before */
    { at, 14 * 3600 + 27 * 60 + 15, -1 },                      /* 5 minutes and a second after */
    { at, 2 * 3600 + 22 * 60 + 14, -1 },                       /* twelve hours off */
    { late, 23 * 3600 + 58 * 60, 0 },
    { late, 2 * 60 + 59, 9 },                                  /* 00:02:59 the next day */
    { late, 3 * 60, 0 },                                       /* 00:03:00: exactly 5 minutes */
    { late, 3 * 60 + 1, -1 },
    { late, 23 * 3600 + 57 * 60 + 59, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GError *error = NULL;
      gint digit = -7;
      gboolean ok = bsn_award_rules_stopwatch_digit (cases[i].at, cases[i].end, &digit, &error);

      if (cases[i].digit >= 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpint (digit, ==, cases[i].digit);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
          g_assert_nonnull (strstr (error->message, "5 menit"));
          g_assert_cmpint (digit, ==, -7);
          g_clear_error (&error);
        }
    }

  {
    GError *error = NULL;
    const BsnTime now = DAY + 10 * HOUR;

    g_assert_true (bsn_award_rules_check_not_ahead (now - 400 * BSN_SECONDS_PER_DAY, now, NULL));
    g_assert_true (bsn_award_rules_check_not_ahead (now + BSN_SECONDS_PER_DAY, now, NULL));
    g_assert_false (bsn_award_rules_check_not_ahead (now + BSN_SECONDS_PER_DAY + 1, now, &error));
    g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "lebih dari satu hari sesudah jam komputer"));
    g_clear_error (&error);
  }
}

/* The lelang table in force depends on the receipt's time (§4.2). */
static void
test_lelang_versions (void)
{
  BsnStoreDay s = store (BSN_BAND_HIGH, 3, BSN_SCHEMES_LELANG);
  BsnReceipt r = { .amount_rp = 100000, .at = BSN_TIERS_REKOMENDASI_FROM - 86400 + 16 * HOUR, .digit = -1,
                   .perishable_rp = -1 };
  BsnAwardDecision d;

  decide (&s, &r, 0, 0, -1, 0, -1, 0, &d);
  g_assert_cmpint (d.parts[0].rate_bp, ==, 1600);   /* Awal, ≥ 15 %, Platinum, X */
  r.at += 86400;
  decide (&s, &r, 0, 0, -1, 0, -1, 0, &d);
  g_assert_cmpint (d.parts[0].rate_bp, ==, 800);    /* Rekomendasi */
}

#define ADD_TABLE(prefix, array, field, func)                                        \
  for (guint i = 0; i < G_N_ELEMENTS (array); i++)                                   \
    {                                                                                \
      g_autofree char *path = g_strdup_printf ("%s/%s", prefix, array[i].field);    \
      g_test_add_data_func (path, &array[i], func);                                  \
    }

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ADD_TABLE ("/award-rules/worked-example", examples, name, test_worked_example);
  for (guint i = 0; i < G_N_ELEMENTS (thresholds); i++)
    {
      g_autofree char *path = g_strdup_printf ("/award-rules/siaga/%" G_GINT64_FORMAT "-points",
                                               thresholds[i].points);
      g_test_add_data_func (path, &thresholds[i], test_siaga_threshold);
    }
  ADD_TABLE ("/award-rules/slot-cap", slot_caps, name, test_slot_cap);
  ADD_TABLE ("/award-rules/budget", budgets, name, test_budget);
  ADD_TABLE ("/award-rules/hours", hours, name, test_hours);
  ADD_TABLE ("/award-rules/split", splits, name, test_split);
  g_test_add_func ("/award-rules/hours/outside-mixed", test_outside_hours_mixed);
  g_test_add_func ("/award-rules/store-day/place", test_store_day_place);
  g_test_add_func ("/award-rules/value-floors", test_value_floors);
  g_test_add_func ("/award-rules/refusals", test_refusals);
  g_test_add_func ("/award-rules/stopwatch-window-and-clock-ahead", test_stopwatch_window_and_clock_ahead);
  g_test_add_func ("/award-rules/lelang-versions", test_lelang_versions);
  return g_test_run ();
}
