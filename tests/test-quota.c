/* test-quota.c — daily stock quotas, targets and caps (DOMAIN.md §5). */
#include "config.h"

#include <string.h>

#include "bsn-award.h"
#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-quota.h"
#include "bsn-test-util.h"

static BsnTime
at (const char *iso)
{
  BsnTime t = 0;
  g_assert_true (bsn_time_parse (iso, &t, NULL));
  return t;
}

static gint64
sayur_store (BsnDb *db)
{
  g_autoptr(BsnStore) s = NULL;
  gint64 id = bsn_test_add_store (db, "SAYUR", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Platinum", BSN_SCHEMES_LELANG);

  s = bsn_store_get (db, id, NULL);
  s->opening_sec = 7 * 3600;
  g_assert_true (bsn_store_update (db, s, NULL));
  return id;
}

static BsnAward *
award_at (BsnDb      *db,
          gint64      store,
          gint64      customer,
          gint64      amount,
          const char *when)
{
  BsnReceipt r = { NULL, store, customer, amount, at (when), -1, -1 };
  g_autoptr(GError) error = NULL;
  BsnAward *a = bsn_award_receipt (db, NULL, &r, &error);

  g_assert_no_error (error);
  return a;
}

/* 100 kg over 10 h = 10 kg/h = Rp100.000/h at Rp10.000/kg. */
static void
test_hourly_target (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = sayur_store (t->db);
  gint64 day = bsn_time_day (at ("2026-11-22"));
  BsnStockLine line = { "Bayam", 100000, "kg", 10000, TRUE };
  BsnStockLine odd = { "Kangkung", 1000, "kg", 7, TRUE };
  g_autoptr(BsnDayStatus) st = NULL;
  g_autoptr(BsnDayStatus) st2 = NULL;
  gint64 sum = 0;

  g_assert_true (bsn_stock_set (t->db, store, day, &line, NULL));
  st = bsn_day_status (t->db, store, day, NULL);
  g_assert_cmpint (st->stock_rp, ==, 1000000);
  g_assert_cmpint (st->stock_qty_milli, ==, 100000);
  g_assert_cmpstr (st->unit, ==, "kg");
  for (gint i = 0; i < 10; i++)
    {
      g_assert_cmpint (st->slots[i].target_rp, ==, 100000);
      g_assert_cmpint (st->slots[i].target_qty_milli, ==, 10000);
      g_assert_cmpint (st->slots[i].start, ==, at ("2026-11-22T07:00:00") + i * 3600);
    }
  /* Targets always add up to the stock's value. */
  g_assert_true (bsn_stock_set (t->db, store, day, &odd, NULL));
  st2 = bsn_day_status (t->db, store, day, NULL);
  g_assert_cmpint (st2->stock_rp, ==, 1000007);
  for (gint i = 0; i < 10; i++)
    sum += st2->slots[i].target_rp;
  g_assert_cmpint (sum, ==, 1000007);
  g_assert_cmpint (st2->slots[9].target_rp, ==, 100007);
}

static void
test_qty_parse (void)
{
  gint64 m;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_assert_true (bsn_qty_parse ("2,5", &m, NULL));
  g_assert_cmpint (m, ==, 2500);
  g_assert_true (bsn_qty_parse ("100", &m, NULL));
  g_assert_cmpint (m, ==, 100000);
  g_assert_true (bsn_qty_parse ("0.125", &m, NULL));
  g_assert_cmpint (m, ==, 125);
  g_assert_false (bsn_qty_parse ("0", &m, NULL));
  g_assert_false (bsn_qty_parse ("1,2345", &m, NULL));
  g_assert_false (bsn_qty_parse ("-3", &m, NULL));
  g_assert_false (bsn_qty_parse ("dua", &m, NULL));
  a = bsn_qty_format (2500);
  b = bsn_qty_format (100000);
  g_assert_cmpstr (a, ==, "2,5");
  g_assert_cmpstr (b, ==, "100");
}

/* Low quota early, high quota late: full rate versus siaga per slot. */
static void
test_per_slot_quota (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = sayur_store (t->db);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  gint64 day = bsn_time_day (at ("2026-11-22"));

  g_assert_true (bsn_quota_set (t->db, store, day, 0, 50000, NULL));
  for (gint slot = 6; slot <= 10; slot++)
    g_assert_true (bsn_quota_set (t->db, store, day, slot, 150000, NULL));
  {
    g_autoptr(BsnAward) early = award_at (t->db, store, c, 100000, "2026-11-22T08:30:00");
    g_autoptr(BsnAward) late = award_at (t->db, store, c, 100000, "2026-11-22T15:30:00");
    g_autoptr(BsnAward) late_big = award_at (t->db, store, c, 150000, "2026-11-22T15:31:00");
    g_assert_cmpstr (early->scheme, ==, "lelang");
    g_assert_cmpint (early->rate_bp, ==, 250);      /* Platinum II */
    g_assert_cmpstr (late->scheme, ==, "siaga");
    g_assert_false (late->quota_met);
    g_assert_cmpint (late->quota_rp, ==, 150000);
    g_assert_cmpstr (late_big->scheme, ==, "lelang");
    g_assert_cmpint (late_big->rate_bp, ==, 600);   /* Platinum IX */
  }
  /* A store without a plan for the day falls back to its default quota. */
  {
    g_autoptr(BsnAward) other = award_at (t->db, store, c, 1000, "2026-11-23T08:30:00");
    g_assert_true (other->quota_met);
    g_assert_cmpint (other->quota_rp, ==, 0);
  }
}

/* A batch reads a store-day's quotas in one query: every slot gets what
 * the one-slot lookup gives (its own, else the day's, else the store's). */
static void
test_day_quotas_at_once (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store_id = sayur_store (t->db);
  g_autoptr(BsnStore) store = bsn_store_get (t->db, store_id, NULL);
  gint64 day = bsn_time_day (at ("2026-11-22"));
  const gint64 expected[][BSN_QUOTA_MAX_SLOT + 1] = {
    /* the day's 50 000, slots 6 and 10 their own */
    { 50000, 50000, 50000, 50000, 50000, 50000, 150000, 50000, 50000, 50000, 175000 },
    /* slot 3 only: the rest fall back to the store's default */
    { 0, 0, 0, 80000, 0, 0, 0, 0, 0, 0, 0 },
    /* nothing planned */
    { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
  };

  g_assert_true (bsn_quota_set (t->db, store_id, day, 0, 50000, NULL));
  g_assert_true (bsn_quota_set (t->db, store_id, day, 6, 150000, NULL));
  g_assert_true (bsn_quota_set (t->db, store_id, day, 10, 175000, NULL));
  g_assert_true (bsn_quota_set (t->db, store_id, day + 1, 3, 80000, NULL));
  for (gint d = 0; d < 3; d++)
    {
      gint64 slots[BSN_QUOTA_MAX_SLOT + 1];

      g_assert_true (bsn_quota_day_min_purchases (t->db, store, day + d, slots, NULL));
      for (gint slot = 0; slot <= BSN_QUOTA_MAX_SLOT; slot++)
        {
          gint64 one = -1;

          g_assert_true (bsn_quota_min_purchase_in_slot (t->db, store, day + d, slot, &one, NULL));
          g_assert_cmpint (slots[slot], ==, expected[d][slot]);
          g_assert_cmpint (one, ==, expected[d][slot]);
        }
    }
}

static void
test_slot_recipients_cap (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = sayur_store (t->db);
  gint64 day = bsn_time_day (at ("2026-11-22"));

  g_assert_true (bsn_day_plan_set_caps (t->db, store, day, 10, -1, NULL));
  for (gint i = 0; i < 12; i++)
    {
      g_autofree char *code = g_strdup_printf ("C%d", i);
      g_autofree char *when = g_strdup_printf ("2026-11-22T16:%02d:00", i);
      gint64 c = bsn_test_add_customer (t->db, code, "Pelanggan");
      g_autoptr(BsnAward) a = award_at (t->db, store, c, 100000, when);

      if (i < 10)
        {
          g_assert_cmpint (a->rate_bp, ==, 650);
          g_assert_false (a->capped);
        }
      else
        {
          /* The 11th customer of slot X gets the slot-I rate. */
          g_assert_cmpint (a->rate_bp, ==, 200);
          g_assert_cmpint (a->value_rp, ==, 2000);
          g_assert_true (a->capped);
        }
    }
  /* Another slot has its own count. */
  {
    gint64 c = bsn_test_add_customer (t->db, "CX", "Lain");
    g_autoptr(BsnAward) a = award_at (t->db, store, c, 100000, "2026-11-22T15:00:00");
    g_assert_cmpint (a->rate_bp, ==, 600);
    g_assert_false (a->capped);
  }
  {
    g_autoptr(BsnDayStatus) st = bsn_day_status (t->db, store, day, NULL);
    g_assert_cmpint (st->slots[9].receipts, ==, 12);
    g_assert_cmpint (st->slots[9].rewarded, ==, 12);
    g_assert_cmpint (st->slots[9].capped, ==, 2);
    g_assert_cmpint (st->slots[9].reward_rp, ==, 10 * 6500 + 2 * 2000);
    g_assert_cmpint (st->slots[8].reward_rp, ==, 6000);
  }
}

static void
test_daily_budget (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = sayur_store (t->db);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  gint64 day = bsn_time_day (at ("2026-11-22"));
  g_autoptr(BsnAward) a = NULL, b = NULL, d = NULL, next_day = NULL;
  gint64 balance = 0;

  g_assert_true (bsn_day_plan_set_caps (t->db, store, day, -1, 15000, NULL));
  a = award_at (t->db, store, c, 100000, "2026-11-22T16:00:00");   /* 6.500 */
  b = award_at (t->db, store, c, 200000, "2026-11-22T16:10:00");   /* 13.000 → cut to 8.500 */
  d = award_at (t->db, store, c, 100000, "2026-11-22T16:20:00");   /* 6.500 → 0 */
  next_day = award_at (t->db, store, c, 100000, "2026-11-23T16:00:00");
  g_assert_cmpint (a->value_rp, ==, 6500);
  g_assert_false (a->capped);
  g_assert_cmpint (b->value_rp, ==, 8500);
  g_assert_true (b->capped);
  g_assert_cmpint (d->value_rp, ==, 0);
  g_assert_true (d->capped);
  g_assert_cmpint (d->posting_id, ==, 0);
  g_assert_cmpint (next_day->value_rp, ==, 6500);
  g_assert_true (bsn_ledger_customer_balance (t->db, c, &balance, NULL, NULL));
  g_assert_cmpint (balance, ==, 15000 + 6500);
  {
    g_autoptr(BsnVerifyReport) v = bsn_ledger_verify (t->db, NULL);
    g_assert_true (v->ok);
  }
}

/* DOMAIN.md §4.2: open 20:00 for 10 hours, receipts after midnight
 * belong to the store-day of 22 November: its slot quota, its daily
 * budget and its `quota status`, not 23 November's. */
static void
test_store_day_past_midnight (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = sayur_store (t->db);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  gint64 d22 = bsn_time_day (at ("2026-11-22")), d23 = d22 + 1;
  g_autoptr(BsnStore) s = bsn_store_get (t->db, store, NULL);
  g_autoptr(BsnAward) r2 = NULL, r3 = NULL, r1 = NULL, r4 = NULL, again = NULL;
  g_autoptr(BsnDayStatus) st22 = NULL, st23 = NULL;
  gint64 quota = -1;

  s->opening_sec = 20 * 3600;
  g_assert_true (bsn_store_update (t->db, s, NULL));
  g_assert_true (bsn_quota_set (t->db, store, d22, 6, 150000, NULL));
  g_assert_true (bsn_quota_set (t->db, store, d23, 6, 50000, NULL));
  g_assert_true (bsn_day_plan_set_caps (t->db, store, d22, -1, 5000, NULL));

  /* 23:00 on 22 November, slot IV: Platinum 3,5 % = Rp3.500. */
  r2 = award_at (t->db, store, c, 100000, "2026-11-22T23:00:00");
  g_assert_cmpint (r2->slot, ==, 4);
  g_assert_cmpint (r2->value_rp, ==, 3500);
  /* 00:30 on 23 November, slot V (4 %, Rp4.000): 22 November's budget
   * has Rp1.500 left. */
  r3 = award_at (t->db, store, c, 100000, "2026-11-23T00:30:00");
  g_assert_cmpint (r3->slot, ==, 5);
  g_assert_cmpint (r3->value_rp, ==, 1500);
  g_assert_true (r3->capped);
  /* 01:30, slot VI: 22 November's slot-VI quota Rp150.000, not 23
   * November's Rp50.000. */
  r1 = award_at (t->db, store, c, 100000, "2026-11-23T01:30:00");
  g_assert_cmpint (r1->slot, ==, 6);
  g_assert_cmpint (r1->quota_rp, ==, 150000);
  g_assert_false (r1->quota_met);
  g_assert_cmpstr (r1->scheme, ==, "siaga");
  g_assert_true (bsn_quota_min_purchase_at (t->db, s, at ("2026-11-23T01:30:00"), &quota, NULL));
  g_assert_cmpint (quota, ==, 150000);
  g_assert_true (bsn_quota_min_purchase_at (t->db, s, at ("2026-11-23T21:30:00"), &quota, NULL));
  g_assert_cmpint (quota, ==, 0);
  /* 07:00 on 23 November: the night closed at 06:00; store-day 23
   * November, before its opening. */
  r4 = award_at (t->db, store, c, 70000, "2026-11-23T07:00:00");
  g_assert_cmpint (r4->slot, ==, 0);
  g_assert_cmpint (r4->value_rp, ==, 0);
  again = bsn_award_get (t->db, store, r1->receipt, NULL);
  g_assert_cmpint (again->slot, ==, 6);

  st22 = bsn_day_status (t->db, store, d22, NULL);
  g_assert_cmpint (st22->slots[3].receipts, ==, 1);
  g_assert_cmpint (st22->slots[4].receipts, ==, 1);
  g_assert_cmpint (st22->slots[5].receipts, ==, 1);
  g_assert_cmpint (st22->slots[5].quota_rp, ==, 150000);
  g_assert_cmpint (st22->sales_rp, ==, 300000);
  g_assert_cmpint (st22->reward_rp, ==, 5000);
  g_assert_cmpint (st22->outside_rp, ==, 0);
  st23 = bsn_day_status (t->db, store, d23, NULL);
  g_assert_cmpint (st23->sales_rp, ==, 70000);
  g_assert_cmpint (st23->outside_rp, ==, 70000);
  g_assert_cmpint (st23->slots[5].receipts, ==, 0);
  g_assert_cmpint (st23->slots[5].quota_rp, ==, 50000);
}

typedef struct
{
  const char *path;
  gint64      store;
  gint64      first_customer;
  gint        worker;
  gint        n;
} Worker;

static gpointer
award_many (gpointer data)
{
  Worker *w = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) db = bsn_db_open (w->path, BSN_DB_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  for (gint i = 0; i < w->n; i++)
    {
      g_autofree char *receipt = g_strdup_printf ("W%d-%d", w->worker, i);
      BsnReceipt r = { receipt, w->store, w->first_customer + i % 5, 100000,
                       at ("2026-11-22T16:00:00") + w->worker * 60 + i, -1, -1 };
      g_autoptr(BsnAward) a = bsn_award_receipt (db, NULL, &r, &error);
      g_assert_no_error (error);
    }
  return NULL;
}

/* Four cashiers award at the same moment: the caps still hold exactly. */
static void
test_caps_hold_concurrently (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = sayur_store (t->db);
  gint64 day = bsn_time_day (at ("2026-11-22"));
  gint64 first = 0;
  GThread *threads[4];
  Worker workers[4];

  for (gint i = 0; i < 5; i++)
    {
      g_autofree char *code = g_strdup_printf ("C%d", i);
      gint64 id = bsn_test_add_customer (t->db, code, "Pelanggan");
      if (i == 0)
        first = id;
    }
  g_assert_true (bsn_day_plan_set_caps (t->db, store, day, 7, 200000, NULL));
  for (gint i = 0; i < 4; i++)
    {
      workers[i] = (Worker) { t->path, store, first, i, 10 };
      threads[i] = g_thread_new ("cashier", award_many, &workers[i]);
    }
  for (gint i = 0; i < 4; i++)
    g_thread_join (threads[i]);

  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM receipts", 0), ==, 40);
  /* Exactly 7 receipts above the slot-I rate, and never past the budget. */
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM receipt_parts WHERE rate_bp > 200", 0), ==, 7);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT sum(value_rp) FROM receipts", 0), ==, 7 * 6500 + 33 * 2000);

  {
    g_autoptr(BsnVerifyReport) v = bsn_ledger_verify (t->db, NULL);
    g_assert_true (v->ok);
  }
}

static void
test_concurrent_budget (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = sayur_store (t->db);
  gint64 day = bsn_time_day (at ("2026-11-22"));
  gint64 first = 0;
  GThread *threads[4];
  Worker workers[4];

  for (gint i = 0; i < 5; i++)
    {
      g_autofree char *code = g_strdup_printf ("C%d", i);
      gint64 id = bsn_test_add_customer (t->db, code, "Pelanggan");
      if (i == 0)
        first = id;
    }
  g_assert_true (bsn_day_plan_set_caps (t->db, store, day, -1, 100000, NULL));
  for (gint i = 0; i < 4; i++)
    {
      workers[i] = (Worker) { t->path, store, first, i, 10 };
      threads[i] = g_thread_new ("cashier", award_many, &workers[i]);
    }
  for (gint i = 0; i < 4; i++)
    g_thread_join (threads[i]);
  /* 40 × 6.500 = 260.000 wanted; the budget gives exactly 100.000. */
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT sum(value_rp) FROM receipts", 0), ==, 100000);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM receipts WHERE capped = 1", 0), ==, 40 - 15);
}

static void
test_copy_plan (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = sayur_store (t->db);
  gint64 day = bsn_time_day (at ("2026-11-22"));
  BsnStockLine line = { "Bayam", 100000, "kg", 10000, TRUE };
  g_autoptr(GPtrArray) copied = NULL;
  g_autoptr(BsnStore) s = bsn_store_get (t->db, store, NULL);
  BsnDayPlan plan;
  gint64 quota = 0;

  g_assert_true (bsn_stock_set (t->db, store, day, &line, NULL));
  g_assert_true (bsn_quota_set (t->db, store, day, 10, 250000, NULL));
  g_assert_true (bsn_day_plan_set_caps (t->db, store, day, 5, 50000, NULL));
  g_assert_true (bsn_day_plan_set_hours (t->db, store, day, 6 * 3600, 12, NULL));
  g_assert_true (bsn_day_plan_copy (t->db, store, day, 3, NULL));
  copied = bsn_stock_list (t->db, store, day + 3, NULL);
  g_assert_cmpuint (copied->len, ==, 1);
  g_assert_true (bsn_day_plan_get (t->db, s, day + 3, &plan, NULL));
  g_assert_true (plan.planned);
  g_assert_cmpint (plan.slot_recipients, ==, 5);
  g_assert_cmpint (plan.daily_budget_rp, ==, 50000);
  g_assert_cmpint (plan.hours, ==, 12);
  /* Slot X of a 06:00 + 12 h day starts at 16:48. */
  g_assert_true (bsn_quota_min_purchase_at (t->db, s, at ("2026-11-25T16:48:00"), &quota, NULL));
  g_assert_cmpint (quota, ==, 250000);
  g_assert_true (bsn_quota_min_purchase_at (t->db, s, at ("2026-11-26T16:48:00"), &quota, NULL));
  g_assert_cmpint (quota, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/quota/store-day/past-midnight", test_store_day_past_midnight);
  g_test_add_func ("/quota/hourly-target/100kg", test_hourly_target);
  g_test_add_func ("/quota/qty-parse", test_qty_parse);
  g_test_add_func ("/quota/per-slot-quota", test_per_slot_quota);
  g_test_add_func ("/quota/day-quotas-at-once", test_day_quotas_at_once);
  g_test_add_func ("/quota/cap/slot-recipients", test_slot_recipients_cap);
  g_test_add_func ("/quota/cap/daily-budget", test_daily_budget);
  g_test_add_func ("/quota/cap/concurrent-slot", test_caps_hold_concurrently);
  g_test_add_func ("/quota/cap/concurrent-budget", test_concurrent_budget);
  g_test_add_func ("/quota/copy-plan", test_copy_plan);
  return g_test_run ();
}
