/* test-award.c — receipt → reward: the worked examples of DOMAIN.md §4.4,
 * slots, quotas, versions, idempotency, rounding and bonuses. */
#include <sqlite3.h>
#include "config.h"

#include <string.h>

#include "bsn-award.h"
#include "bsn-bonus.h"
#include "bsn-customer.h"
#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-money.h"
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
store_with_quota (BsnDb      *db,
                  const char *code,
                  BsnBand     band,
                  const char *level,
                  BsnSchemes  schemes,
                  gint64      quota)
{
  g_autoptr(BsnStore) s = NULL;
  gint64 id = bsn_test_add_store (db, code, BSN_ROLE_TOKO, NULL, band, level, schemes);

  s = bsn_store_get (db, id, NULL);
  s->min_purchase_rp = quota;
  s->opening_sec = 7 * 3600;
  g_assert_true (bsn_store_update (db, s, NULL));
  return id;
}

static BsnAward *
award (BsnDb      *db,
       const char *receipt,
       gint64      store,
       gint64      customer,
       gint64      amount,
       const char *when,
       gint        digit,
       gint64      perishable)
{
  BsnReceipt r = { receipt, store, customer, amount, at (when), digit, perishable };
  g_autoptr(GError) error = NULL;
  BsnAward *a = bsn_award_receipt (db, NULL, &r, &error);

  g_assert_no_error (error);
  g_assert_nonnull (a);
  return a;
}

static void
test_worked_examples (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 plus = store_with_quota (t->db, "PLUS", BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH, 200000);
  gint64 standard = store_with_quota (t->db, "STD", BSN_BAND_LOW, "Standard", BSN_SCHEMES_STOPWATCH, 200000);
  gint64 elite = store_with_quota (t->db, "ELITE", BSN_BAND_HIGH, "Elite", BSN_SCHEMES_STOPWATCH, 500000);
  gint64 sayur = store_with_quota (t->db, "SAYUR", BSN_BAND_LOW, "Platinum", BSN_SCHEMES_LELANG, 0);
  gint64 c1 = bsn_test_add_customer (t->db, "C1", "Siti");
  gint64 c2 = bsn_test_add_customer (t->db, "C2", "Budi");
  gint64 c3 = bsn_test_add_customer (t->db, "C3", "Dewi");
  gint64 c4 = bsn_test_add_customer (t->db, "C4", "Agus");

  g_assert_true (bsn_ledger_post_opening (t->db, c2, 300000, 0, NULL, NULL, NULL));
  g_assert_true (bsn_ledger_post_opening (t->db, c3, 500000, 0, NULL, NULL, NULL));

  /* Plus, quota Rp200.000, spend Rp250.000, digit 5 → 6 % → Rp15.000. */
  {
    g_autoptr(BsnAward) a = award (t->db, "EX1", plus, c1, 250000, "2026-11-22T14:22:14", 5, -1);
    g_assert_cmpstr (a->scheme, ==, "stopwatch");
    g_assert_true (a->quota_met);
    g_assert_cmpint (a->rate_bp, ==, 600);
    g_assert_cmpint (a->value_rp, ==, 15000);
    g_assert_cmpint (a->tier_version, >, 0);
    g_assert_cmpstr (a->explanation, ==, "Kuota terpenuhi · Plus · angka 5 → 6 % = Rp15.000");
  }
  /* Standard, spend Rp300.000 (quota met), digit 6 → 4 % → Rp12.000. */
  {
    g_autoptr(BsnAward) a = award (t->db, "EX2", standard, c1, 300000, "2026-11-22T10:00:00", 6, -1);
    g_assert_cmpstr (a->scheme, ==, "stopwatch");
    g_assert_cmpint (a->rate_bp, ==, 400);
    g_assert_cmpint (a->value_rp, ==, 12000);
  }
  /* Quota Rp200.000, spend Rp150.000, status 300 poin → siaga 1,5 % → Rp2.250. */
  {
    g_autoptr(BsnAward) a = award (t->db, "EX3", plus, c2, 150000, "2026-11-22T10:00:00", 3, -1);
    g_assert_cmpstr (a->scheme, ==, "siaga");
    g_assert_false (a->quota_met);
    g_assert_cmpint (a->status_before_rp, ==, 300000);
    g_assert_cmpint (a->rate_bp, ==, 150);
    g_assert_cmpint (a->value_rp, ==, 2250);
  }
  /* Elite, quota Rp500.000, spend Rp400.000, status 500 poin → siaga 2 % → Rp8.000. */
  {
    g_autoptr(BsnAward) a = award (t->db, "EX4", elite, c3, 400000, "2026-11-22T10:00:00", -1, -1);
    g_assert_cmpstr (a->scheme, ==, "siaga");
    g_assert_cmpint (a->rate_bp, ==, 200);
    g_assert_cmpint (a->value_rp, ==, 8000);
  }
  /* Lelang waktu, band < 15 %, Platinum, slot X, spend Rp100.000 → 6,5 % → Rp6.500. */
  {
    g_autoptr(BsnAward) a = award (t->db, "EX5", sayur, c4, 100000, "2026-11-22T16:30:00", -1, -1);
    g_assert_cmpstr (a->scheme, ==, "lelang");
    g_assert_cmpint (a->slot, ==, 10);
    g_assert_cmpint (a->rate_bp, ==, 650);
    g_assert_cmpint (a->value_rp, ==, 6500);
  }
  {
    gint64 b = 0, s = 0;
    g_assert_true (bsn_ledger_customer_balance (t->db, c1, &b, &s, NULL));
    g_assert_cmpint (b, ==, 27000);
    g_assert_cmpint (s, ==, 27000);
    g_assert_true (bsn_ledger_customer_balance (t->db, c2, &b, &s, NULL));
    g_assert_cmpint (b, ==, 302250);
  }
  /* The store's reserve carries the liability. */
  {
    gint64 reserve = 0;
    g_assert_true (bsn_ledger_account_balance (t->db, bsn_ledger_reserve_account (t->db, plus, NULL), &reserve,
                                               NULL, NULL));
    g_assert_cmpint (reserve, ==, -(15000 + 2250));
  }
}

static void
test_digit_from_clock (void)
{
  g_assert_cmpint (bsn_award_digit_from_clock (14 * 3600 + 22 * 60 + 14), ==, 4);
  g_assert_cmpint (bsn_award_digit_from_clock (9 * 3600 + 15 * 60 + 7), ==, 7);
  g_assert_cmpint (bsn_award_digit_from_clock (59), ==, 9);
  g_assert_cmpint (bsn_award_digit_from_clock (60), ==, 0);
}

/* The first and last second of every slot, and outside opening hours. */
static void
test_slot_boundaries (void)
{
  g_autoptr(BsnStore) s = bsn_store_new ();
  BsnTime day = at ("2026-11-22");

  s->opening_sec = 7 * 3600;
  s->hours = 10;
  g_assert_cmpint (bsn_store_slot_at (s, day + 7 * 3600 - 1), ==, 0);
  for (gint slot = 1; slot <= 10; slot++)
    {
      BsnTime first = day + (6 + slot) * 3600;
      g_assert_cmpint (bsn_store_slot_at (s, first), ==, slot);
      g_assert_cmpint (bsn_store_slot_at (s, first + 3599), ==, slot);
    }
  g_assert_cmpint (bsn_store_slot_at (s, day + 17 * 3600), ==, 0);
  g_assert_cmpint (bsn_store_slot_at (s, day + 23 * 3600), ==, 0);

  /* A night market 20:00–06:00 runs past midnight. */
  s->opening_sec = 20 * 3600;
  g_assert_cmpint (bsn_store_slot_at (s, day + 20 * 3600), ==, 1);
  g_assert_cmpint (bsn_store_slot_at (s, day + 86400 + 5 * 3600 + 3599), ==, 10);
  g_assert_cmpint (bsn_store_slot_at (s, day + 86400 + 6 * 3600), ==, 0);

  /* A 12-hour day has ten slots of 72 minutes. */
  s->opening_sec = 6 * 3600;
  s->hours = 12;
  g_assert_cmpint (bsn_store_slot_at (s, day + 6 * 3600 + 72 * 60 - 1), ==, 1);
  g_assert_cmpint (bsn_store_slot_at (s, day + 6 * 3600 + 72 * 60), ==, 2);
}

static void
test_lelang_every_slot_and_outside_hours (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = store_with_quota (t->db, "SAYUR", BSN_BAND_HIGH, "Gold", BSN_SCHEMES_LELANG, 0);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  /* Rekomendasi, band ≥ 15 %, Gold: 3,0 3,0 3,5 3,5 4,0 4,0 4,5 5,0 5,5 6,0 */
  const gint32 expect[10] = { 300, 300, 350, 350, 400, 400, 450, 500, 550, 600 };

  for (gint slot = 1; slot <= 10; slot++)
    {
      g_autofree char *first = g_strdup_printf ("2026-11-22T%02d:00:00", 6 + slot);
      g_autofree char *last = g_strdup_printf ("2026-11-22T%02d:59:59", 6 + slot);
      g_autofree char *k1 = g_strdup_printf ("F%d", slot);
      g_autofree char *k2 = g_strdup_printf ("L%d", slot);
      g_autoptr(BsnAward) a = award (t->db, k1, store, c, 100000, first, -1, -1);
      g_autoptr(BsnAward) b = award (t->db, k2, store, c, 100000, last, -1, -1);
      g_assert_cmpint (a->slot, ==, slot);
      g_assert_cmpint (a->rate_bp, ==, expect[slot - 1]);
      g_assert_cmpint (b->rate_bp, ==, expect[slot - 1]);
    }
  {
    g_autoptr(BsnAward) before = award (t->db, "B", store, c, 100000, "2026-11-22T06:59:59", -1, -1);
    g_autoptr(BsnAward) after = award (t->db, "A", store, c, 100000, "2026-11-22T17:00:00", -1, -1);
    g_assert_cmpstr (before->scheme, ==, "none");
    g_assert_cmpint (before->value_rp, ==, 0);
    g_assert_cmpint (before->posting_id, ==, 0);
    g_assert_cmpstr (after->scheme, ==, "none");
  }
}

static void
test_mixed_receipt (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = store_with_quota (t->db, "CAMPUR", BSN_BAND_LOW, "Plus", BSN_SCHEMES_BOTH, 100000);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  g_autoptr(GError) error = NULL;
  /* Rp300.000, of which Rp100.000 perishable, digit 5 at slot X:
   * stopwatch Plus 5 → 6 % of 200.000 = 12.000; lelang Platinum X 6,5 % of
   * 100.000 = 6.500. */
  g_autoptr(BsnAward) a = award (t->db, "M1", store, c, 300000, "2026-11-22T16:10:05", 5, 100000);
  BsnReceipt no_digit = { "M2", store, c, 300000, at ("2026-11-22T16:10:05"), -1, 100000 };
  BsnAward *refused;

  g_assert_cmpuint (a->n_parts, ==, 2);
  g_assert_cmpint (a->value_rp, ==, 12000 + 6500);
  g_assert_cmpstr (a->scheme, ==, "stopwatch");
  g_assert_cmpint (a->rate_bp, ==, 600);
  /* Durable goods at a stopwatch store need the lucky digit. */
  refused = bsn_award_receipt (t->db, NULL, &no_digit, &error);
  g_assert_null (refused);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
}

static void
test_siaga_thresholds_inclusive (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = store_with_quota (t->db, "TK", BSN_BAND_LOW, "Basic", BSN_SCHEMES_STOPWATCH, 1000000);
  struct { gint64 status; gint32 bp; } cases[] = {
    { 49999, 0 }, { 50000, 50 }, { 149999, 50 }, { 150000, 100 }, { 300000, 150 },
    { 499999, 150 }, { 500000, 200 }, { 700000, 250 }, { 5000000, 250 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *code = g_strdup_printf ("C%u", i);
      g_autofree char *rec = g_strdup_printf ("S%u", i);
      gint64 c = bsn_test_add_customer (t->db, code, "X");
      g_autoptr(BsnAward) a = NULL;

      if (cases[i].status > 0)
        g_assert_true (bsn_ledger_post_opening (t->db, c, cases[i].status, 0, NULL, NULL, NULL));
      a = award (t->db, rec, store, c, 100000, "2026-11-22T10:00:00", 1, -1);
      g_assert_cmpstr (a->scheme, ==, "siaga");
      g_assert_cmpint (a->rate_bp, ==, cases[i].bp);
      g_assert_cmpint (a->value_rp, ==, 100000 * cases[i].bp / 10000);
    }
}

static void
test_idempotent_and_conflicting (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = store_with_quota (t->db, "TK", BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH, 0);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  g_autoptr(BsnAward) a = award (t->db, "R1", store, c, 250000, "2026-11-22T14:22:14", 5, -1);
  g_autoptr(BsnAward) b = award (t->db, "R1", store, c, 250000, "2026-11-22T14:22:14", 5, -1);
  BsnReceipt other = { "R1", store, c, 999000, at ("2026-11-22T14:22:14"), 5, -1 };
  g_autoptr(GError) error = NULL;
  gint64 bal = 0;

  g_assert_false (a->duplicate);
  g_assert_true (b->duplicate);
  g_assert_cmpint (b->value_rp, ==, 15000);
  g_assert_cmpint (b->tier_version, ==, a->tier_version);
  g_assert_null (bsn_award_receipt (t->db, NULL, &other, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_true (bsn_ledger_customer_balance (t->db, c, &bal, NULL, NULL));
  g_assert_cmpint (bal, ==, 15000);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM receipts", 0), ==, 1);
}

static void
test_rounding_large_amounts (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = store_with_quota (t->db, "TK", BSN_BAND_HIGH, "Pro", BSN_SCHEMES_STOPWATCH, 0);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  /* Pro, digit 0 → 13 %: floor(999.999.999.999 × 1300 / 10000). */
  g_autoptr(BsnAward) a = award (t->db, "BIG", store, c, 999999999999, "2026-11-22T10:00:00", 0, -1);
  g_autoptr(BsnAward) b = award (t->db, "ODD", store, c, 19, "2026-11-22T10:00:00", 0, -1);

  g_assert_cmpint (a->rate_bp, ==, 1300);
  g_assert_cmpint (a->value_rp, ==, 129999999999);
  g_assert_cmpint (b->value_rp, ==, 2);   /* 2,47 → 2 */
}

static void
test_versions_change_only_later_awards (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = store_with_quota (t->db, "TK", BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH, 0);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  BsnTierEdit e = { BSN_BAND_LOW, FALSE, 3, 5, 700 };
  g_autoptr(BsnAward) before = award (t->db, "B", store, c, 100000, "2026-11-30T23:59:59", 5, -1);
  gint64 version;

  version = bsn_tiers_edit (t->db, BSN_SCHEME_STOPWATCH, &e, 1, at ("2026-12-01T00:00:00"), "Pemilik",
                            "Promo Desember", warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpint (version, >, 0);
  {
    g_autoptr(BsnAward) still = award (t->db, "B2", store, c, 100000, "2026-11-30T23:59:59", 5, -1);
    g_autoptr(BsnAward) after = award (t->db, "A", store, c, 100000, "2026-12-01T00:00:00", 5, -1);
    g_autoptr(BsnAward) again = bsn_award_get (t->db, store, "B", NULL);
    g_assert_cmpint (before->rate_bp, ==, 600);
    g_assert_cmpint (still->rate_bp, ==, 600);
    g_assert_cmpint (after->rate_bp, ==, 700);
    g_assert_cmpint (after->tier_version, ==, version);
    g_assert_cmpint (again->rate_bp, ==, 600);
    g_assert_cmpint (again->tier_version, ==, before->tier_version);
  }
  /* Rewriting a period that already has awards is refused. */
  g_assert_cmpint (bsn_tiers_edit (t->db, BSN_SCHEME_STOPWATCH, &e, 1, at ("2026-11-30T00:00:00"), "Pemilik",
                                   "Mundur", NULL, &error), ==, 0);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
}

static void
test_inactive_store_refused (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = store_with_quota (t->db, "TK", BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH, 0);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  g_autoptr(BsnStore) s = bsn_store_get (t->db, store, NULL);
  BsnReceipt r = { "R", store, c, 100000, at ("2026-11-22T10:00:00"), 5, -1 };
  g_autoptr(GError) error = NULL;

  s->active = FALSE;
  g_assert_true (bsn_store_update (t->db, s, NULL));
  g_assert_null (bsn_award_receipt (t->db, NULL, &r, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "nonaktif"));
}

static void
test_day_and_slot_quota (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = store_with_quota (t->db, "TK", BSN_BAND_LOW, "Platinum", BSN_SCHEMES_LELANG, 50000);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  BsnTime day = at ("2026-11-22");

  g_assert_true (bsn_quota_set (t->db, store, bsn_time_day (day), 0, 150000, NULL));
  g_assert_true (bsn_quota_set (t->db, store, bsn_time_day (day), 10, 250000, NULL));
  {
    g_autoptr(BsnAward) early = award (t->db, "E", store, c, 200000, "2026-11-22T08:00:00", -1, -1);
    g_autoptr(BsnAward) late = award (t->db, "L", store, c, 200000, "2026-11-22T16:00:00", -1, -1);
    g_autoptr(BsnAward) other_day = award (t->db, "O", store, c, 60000, "2026-11-23T16:00:00", -1, -1);
    g_assert_true (early->quota_met);
    g_assert_cmpint (early->quota_rp, ==, 150000);
    g_assert_false (late->quota_met);
    g_assert_cmpint (late->quota_rp, ==, 250000);
    g_assert_cmpstr (late->scheme, ==, "siaga");
    g_assert_true (other_day->quota_met);
    g_assert_cmpint (other_day->quota_rp, ==, 50000);
  }
}

/* A receipt dated more than one day after the machine's clock is refused
 * by the award itself (the CLI's award and the import alike). */
static void
test_receipt_ahead_of_clock (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = store_with_quota (t->db, "TK", BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH, 0);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  /* The clock runs on while the test does: a minute's margin each side. */
  BsnTime now = bsn_time_now ();
  BsnReceipt ok = { "R-OK", store, c, 100000, now + BSN_SECONDS_PER_DAY - 60, 5, -1 };
  BsnReceipt ahead = { "R-AHEAD", store, c, 100000, now + BSN_SECONDS_PER_DAY + 60, 5, -1 };
  g_autoptr(BsnAward) a = NULL;
  g_autoptr(BsnAward) b = NULL;
  g_autoptr(GError) error = NULL;

  a = bsn_award_receipt (t->db, NULL, &ok, &error);
  g_assert_no_error (error);
  g_assert_nonnull (a);
  b = bsn_award_receipt (t->db, NULL, &ahead, &error);
  g_assert_null (b);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "lebih dari satu hari"));
}

/* Each kind's size range (DOMAIN §4.5) at its ends, through the rule's
 * storage and through the pure check; "19,99" parses as 1999 bp. */
static void
test_bonus_size_ranges (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  const struct { const char *kind; const char *rate; gboolean ok; } cases[] = {
    { "surprise_goods", "19,99", FALSE }, { "surprise_goods", "20", TRUE },
    { "surprise_goods", "30", TRUE }, { "surprise_goods", "30,01", FALSE },
    { "surprise_points", "0", FALSE }, { "surprise_points", "0,01", TRUE },
    { "surprise_points", "30", TRUE }, { "surprise_points", "30,01", FALSE },
    { "siaga", "0,99", FALSE }, { "siaga", "1", TRUE },
    { "siaga", "5", TRUE }, { "siaga", "5,01", FALSE },
    { "stopwatch", "0,99", FALSE }, { "stopwatch", "1", TRUE },
    { "stopwatch", "10", TRUE }, { "stopwatch", "10,01", FALSE },
    { "lelang", "0", FALSE }, { "lelang", "0,01", TRUE },
    { "lelang", "15", TRUE }, { "lelang", "15,01", FALSE },
  };
  gint32 min_bp = 0, max_bp = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BsnBonusRule) r = bsn_bonus_rule_new ();
      g_autoptr(GError) error = NULL;
      gboolean ok;

      r->code = g_strdup_printf ("B%u", i);
      r->name = g_strdup ("Bonus uji");
      r->kind = g_strdup (cases[i].kind);
      g_assert_true (bsn_bp_parse (cases[i].rate, &r->rate_bp, NULL));
      r->produsen_bp = 5000, r->ritel_bp = 4000, r->bsn_bp = 1000;
      ok = bsn_bonus_rule_add (t->db, r, &error);
      if (ok != cases[i].ok)
        g_error ("%s %s: %s", cases[i].kind, cases[i].rate, ok ? "accepted" : error->message);
      if (!ok)
        {
          g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
          g_assert_nonnull (strstr (error->message, "di luar batas"));
        }
      g_assert_cmpint (bsn_bonus_rate_validate (cases[i].kind, r->rate_bp, NULL), ==, cases[i].ok);
    }
  g_assert_true (bsn_bonus_kind_range ("surprise_goods", &min_bp, &max_bp));
  g_assert_cmpint (min_bp, ==, 2000);
  g_assert_cmpint (max_bp, ==, 3000);
  g_assert_false (bsn_bonus_kind_range ("jackpot", &min_bp, &max_bp));
}

static void
test_bonus_funding_split (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = store_with_quota (t->db, "TK", BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH, 0);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  g_autoptr(BsnBonusRule) points = bsn_bonus_rule_new ();
  g_autoptr(BsnBonusRule) goods = bsn_bonus_rule_new ();
  g_autoptr(BsnAward) a = NULL;
  g_autoptr(GError) error = NULL;
  gint64 produsen = 0, bsn = 0, reserve = 0, bal = 0;

  points->code = g_strdup ("SPV");
  points->name = g_strdup ("Surprise poin");
  points->kind = g_strdup ("surprise_points");
  points->rate_bp = 1000;
  points->produsen_bp = 4500, points->ritel_bp = 3500, points->bsn_bp = 2000;
  g_assert_true (bsn_bonus_rule_add (t->db, points, &error));
  goods->code = g_strdup ("SBL");
  goods->name = g_strdup ("Surprise barang");
  goods->kind = g_strdup ("surprise_goods");
  goods->rate_bp = 2000;
  goods->produsen_bp = 5000, goods->ritel_bp = 4000, goods->bsn_bp = 1000;
  goods->every_nth = 2;
  g_assert_true (bsn_bonus_rule_add (t->db, goods, &error));

  a = award (t->db, "R1", store, c, 100001, "2026-11-22T10:00:00", 5, -1);
  /* 10 % of Rp100.001 = Rp10.000: produsen 4.500, ritel 3.500, BSN 2.000. */
  g_assert_cmpuint (a->bonuses->len, ==, 1);
  {
    BsnBonusGrant *g = g_ptr_array_index (a->bonuses, 0);
    g_assert_cmpint (g->value_rp, ==, 10000);
    g_assert_cmpint (g->produsen_rp, ==, 4500);
    g_assert_cmpint (g->ritel_rp, ==, 3500);
    g_assert_cmpint (g->bsn_rp, ==, 2000);
  }
  g_clear_pointer (&a, bsn_award_free);
  /* Every second receipt also gets goods: 20 % of Rp50.000 = Rp10.000 in goods. */
  a = award (t->db, "R2", store, c, 50000, "2026-11-22T11:00:00", 5, -1);
  g_assert_cmpuint (a->bonuses->len, ==, 2);
  {
    BsnBonusGrant *g = g_ptr_array_index (a->bonuses, 1);
    g_assert_cmpstr (g->kind, ==, "surprise_goods");
    g_assert_cmpint (g->value_rp, ==, 10000);
    g_assert_cmpint (g->produsen_rp + g->ritel_rp + g->bsn_rp, ==, 10000);
  }
  g_assert_true (bsn_ledger_account_balance (t->db, bsn_ledger_system_account (t->db, "produsen", NULL), &produsen,
                                             NULL, NULL));
  g_assert_true (bsn_ledger_account_balance (t->db, bsn_ledger_system_account (t->db, "bsn", NULL), &bsn, NULL,
                                             NULL));
  g_assert_true (bsn_ledger_account_balance (t->db, bsn_ledger_reserve_account (t->db, store, NULL), &reserve, NULL,
                                             NULL));
  /* Points: awards 6 % of 100.001 (6.000) and of 50.000 (3.000); bonuses
   * 10.000 and 5.000 — goods are not points. */
  g_assert_true (bsn_ledger_customer_balance (t->db, c, &bal, NULL, NULL));
  g_assert_cmpint (bal, ==, 6000 + 3000 + 10000 + 5000);
  g_assert_cmpint (produsen, ==, -(4500 + 2250));
  g_assert_cmpint (bsn, ==, -(2000 + 1000));
  g_assert_cmpint (reserve, ==, -(6000 + 3000 + 3500 + 1750));
  {
    g_autoptr(BsnVerifyReport) v = bsn_ledger_verify (t->db, NULL);
    g_assert_true (v->ok);
  }
}

static void
test_verify_sees_receipt_tampering (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = store_with_quota (t->db, "TK", BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH, 0);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  g_autoptr(BsnAward) a = award (t->db, "R1", store, c, 250000, "2026-11-22T14:22:14", 5, -1);
  g_autoptr(BsnVerifyReport) ok = bsn_ledger_verify (t->db, NULL);
  g_autoptr(BsnVerifyReport) bad = NULL;

  g_assert_true (ok->ok);
  g_assert_true (bsn_test_drop_trigger (t->db, "receipts_no_update"));
  g_assert_cmpint (bsn_test_raw_exec (t->db, "UPDATE receipts SET value_rp = 99999"), ==, SQLITE_OK);
  bad = bsn_ledger_verify (t->db, NULL);
  g_assert_false (bad->ok);
  g_assert_nonnull (strstr (g_ptr_array_index (bad->problems, 0), "R1"));
}

/* verify finds exactly one problem, naming @receipt, both ways it reads
 * the receipts: beside the legs on a second connection, and on the
 * caller's own connection inside its transaction. */
static void
assert_verify_names (BsnDb      *db,
                     const char *receipt,
                     guint64     postings)
{
  for (guint inside = 0; inside < 2; inside++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BsnVerifyReport) v = NULL;

      if (inside)
        g_assert_true (bsn_db_begin (db, FALSE, NULL));
      v = bsn_ledger_verify (db, &error);
      if (inside)
        bsn_db_rollback (db);
      g_assert_no_error (error);
      g_assert_false (v->ok);
      g_assert_cmpuint (v->problems->len, ==, 1);
      g_assert_nonnull (strstr (g_ptr_array_index (v->problems, 0), receipt));
      g_assert_cmpint (v->postings, ==, postings);
    }
}

/* verify reads the receipts beside the legs, on a second connection, or
 * on the caller's own connection inside its transaction: either way one
 * bad part sum names exactly its receipt. */
static void
test_verify_names_the_bad_receipt (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = store_with_quota (t->db, "TK", BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH, 0);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  const char *receipts[] = { "R1", "R2", "R3" };

  for (guint i = 0; i < G_N_ELEMENTS (receipts); i++)
    {
      g_autoptr(BsnAward) a = award (t->db, receipts[i], store, c, 100000 * (i + 1), "2026-11-22T14:22:14", 5, -1);
      g_assert_cmpint (a->value_rp, >, 0);
    }
  g_assert_cmpint (bsn_test_raw_exec (t->db, "UPDATE receipt_parts SET value_rp = value_rp + 1 "
                                             "WHERE receipt_id = (SELECT id FROM receipts WHERE receipt = 'R2')"),
                   ==, SQLITE_OK);
  assert_verify_names (t->db, "R2", 3);

  /* R2 mended; R3's value and parts agree with each other but no longer
   * with its posting: found by matching the receipts with the postings,
   * which the second connection leaves to the first. */
  g_assert_true (bsn_test_drop_trigger (t->db, "receipts_no_update"));
  g_assert_cmpint (bsn_test_raw_exec (t->db, "UPDATE receipt_parts SET value_rp = value_rp - 1 "
                                             "WHERE receipt_id = (SELECT id FROM receipts WHERE receipt = 'R2');"
                                             "UPDATE receipt_parts SET value_rp = value_rp + 7 "
                                             "WHERE receipt_id = (SELECT id FROM receipts WHERE receipt = 'R3');"
                                             "UPDATE receipts SET value_rp = value_rp + 7 WHERE receipt = 'R3'"),
                   ==, SQLITE_OK);
  assert_verify_names (t->db, "R3", 3);
}

/* Each customer's first receipt time is the earliest receipt awarded,
 * whatever the order they arrive in (the program report's new customers);
 * verify checks it against the receipts. */
static void
test_first_receipt (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = store_with_quota (t->db, "TK", BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH, 0);
  gint64 c1 = bsn_test_add_customer (t->db, "C1", "Siti");
  gint64 c2 = bsn_test_add_customer (t->db, "C2", "Budi");
  g_autoptr(BsnAward) later = award (t->db, "R1", store, c1, 120000, "2026-11-22T14:22:14", 5, -1);
  g_autoptr(BsnAward) earlier = award (t->db, "R2", store, c1, 80000, "2026-11-20T09:00:00", 3, -1);
  g_autoptr(BsnAward) last = award (t->db, "R3", store, c1, 50000, "2026-11-23T10:00:00", 1, -1);
  g_autoptr(BsnVerifyReport) ok = bsn_ledger_verify (t->db, NULL);
  g_autoptr(BsnVerifyReport) bad = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce(first_receipt_at, -1) FROM customers WHERE id = %"
                                          G_GINT64_FORMAT, c1);
  g_autofree char *sql2 = g_strdup_printf ("SELECT coalesce(first_receipt_at, -1) FROM customers WHERE id = %"
                                           G_GINT64_FORMAT, c2);

  g_assert_cmpint (bsn_db_query_int (t->db, sql, 0), ==, at ("2026-11-20T09:00:00"));
  g_assert_cmpint (bsn_db_query_int (t->db, sql2, 0), ==, -1);
  g_assert_true (ok->ok);
  g_assert_cmpint (bsn_test_raw_exec (t->db, "UPDATE customers SET first_receipt_at = first_receipt_at + 1 "
                                             "WHERE code = 'C1'"), ==, SQLITE_OK);
  bad = bsn_ledger_verify (t->db, NULL);
  g_assert_false (bad->ok);
  g_assert_cmpuint (bad->problems->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (bad->problems, 0), "C1"));
}

/* DOMAIN.md §4.3: status points are those earned by receipts and opening
 * balances dated strictly before the receipt's time, whatever order they
 * are entered in; a back-dated receipt changes no award already made;
 * only reversing an earning lowers them. Quota Rp1.000.000: every receipt
 * here is siaga, 50 bp below 150 poin, 100 bp from 150 poin. */
static void
test_siaga_status_as_of_receipt_time (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = store_with_quota (t->db, "TK", BSN_BAND_LOW, "Basic", BSN_SCHEMES_STOPWATCH, 1000000);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  gint64 c2 = bsn_test_add_customer (t->db, "C2", "Budi");
  g_autoptr(BsnAward) late = NULL, early = NULL, same = NULL, noon = NULL, after = NULL, again = NULL;
  g_autoptr(BsnAward) late_get = NULL, at_opening = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bsn_ledger_post_opening (t->db, c, 149000, at ("2026-11-20T00:00:00"), NULL, NULL, &error));
  g_assert_no_error (error);
  late = award (t->db, "LATE", store, c, 200000, "2026-11-22T11:00:00", 1, -1);
  g_assert_cmpint (late->status_before_rp, ==, 149000);
  g_assert_cmpint (late->rate_bp, ==, 50);
  g_assert_cmpint (late->value_rp, ==, 1000);
  /* Entered after LATE, dated an hour before it: LATE's point is not
   * yet earned at 10:00. */
  early = award (t->db, "EARLY", store, c, 200000, "2026-11-22T10:00:00", 1, -1);
  g_assert_cmpint (early->status_before_rp, ==, 149000);
  g_assert_cmpint (early->rate_bp, ==, 50);
  g_assert_cmpint (early->value_rp, ==, 1000);
  /* At 11:00 exactly: EARLY counts, LATE (same second) does not. */
  same = award (t->db, "SAME", store, c, 200000, "2026-11-22T11:00:00", 1, -1);
  g_assert_cmpint (same->status_before_rp, ==, 150000);
  g_assert_cmpint (same->rate_bp, ==, 100);
  g_assert_cmpint (same->value_rp, ==, 2000);
  noon = award (t->db, "NOON", store, c, 100000, "2026-11-22T12:00:00", 1, -1);
  g_assert_cmpint (noon->status_before_rp, ==, 153000);
  /* Reversing EARLY's earning at 12:30 lowers status from then on. */
  g_assert_true (bsn_ledger_reverse (t->db, early->posting_id, "salah input", at ("2026-11-22T12:30:00"), NULL,
                                     &error));
  g_assert_no_error (error);
  after = award (t->db, "AFTER", store, c, 100000, "2026-11-22T13:00:00", 1, -1);
  g_assert_cmpint (after->status_before_rp, ==, 153000 + 1000 - 1000);
  g_assert_cmpint (after->rate_bp, ==, 100);
  /* Awards already made never change. */
  again = award (t->db, "NOON", store, c, 100000, "2026-11-22T12:00:00", 1, -1);
  g_assert_true (again->duplicate);
  g_assert_cmpint (again->status_before_rp, ==, 153000);
  late_get = bsn_award_get (t->db, store, "LATE", &error);
  g_assert_no_error (error);
  g_assert_cmpint (late_get->status_before_rp, ==, 149000);
  g_assert_cmpint (late_get->rate_bp, ==, 50);
  g_assert_cmpint (late_get->value_rp, ==, 1000);

  /* An opening balance dated at the receipt's very second is not before
   * it. */
  g_assert_true (bsn_ledger_post_opening (t->db, c2, 700000, at ("2026-11-22T10:00:00"), NULL, NULL, &error));
  at_opening = award (t->db, "C2-A", store, c2, 100000, "2026-11-22T10:00:00", 1, -1);
  g_assert_cmpint (at_opening->status_before_rp, ==, 0);
  g_assert_cmpint (at_opening->rate_bp, ==, 0);
  {
    g_autoptr(BsnAward) next = award (t->db, "C2-B", store, c2, 100000, "2026-11-22T10:00:01", 1, -1);
    g_assert_cmpint (next->status_before_rp, ==, 700000);
    g_assert_cmpint (next->rate_bp, ==, 250);
  }
}

/* DOMAIN.md §2: a receipt is identified by (store, number). Store TB's
 * R-0001 is a new receipt after store TA's; the same (store, number)
 * again is a duplicate that posts nothing (its bonus neither). */
static void
test_receipt_number_per_store (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 ta = store_with_quota (t->db, "TA", BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH, 0);
  gint64 tb = store_with_quota (t->db, "TB", BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH, 0);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  g_autoptr(BsnBonusRule) points = bsn_bonus_rule_new ();
  g_autoptr(BsnAward) a = NULL, b = NULL, a2 = NULL, b2 = NULL, got = NULL;
  g_autoptr(GError) error = NULL;
  BsnReceipt other = { "R-0001", tb, c, 300000, at ("2026-11-22T10:30:00"), 5, -1 };
  gint64 balance = 0;

  points->code = g_strdup ("SPV");
  points->name = g_strdup ("Surprise poin");
  points->kind = g_strdup ("surprise_points");
  points->rate_bp = 1000;
  points->produsen_bp = 4500, points->ritel_bp = 3500, points->bsn_bp = 2000;
  g_assert_true (bsn_bonus_rule_add (t->db, points, &error));

  a = award (t->db, "R-0001", ta, c, 250000, "2026-11-22T10:00:00", 5, -1);
  b = award (t->db, "R-0001", tb, c, 250000, "2026-11-22T10:00:00", 5, -1);
  g_assert_false (a->duplicate);
  g_assert_false (b->duplicate);
  g_assert_cmpint (a->value_rp, ==, 15000);
  g_assert_cmpint (b->value_rp, ==, 15000);
  g_assert_cmpint (b->posting_id, !=, a->posting_id);
  g_assert_cmpuint (b->bonuses->len, ==, 1);
  g_assert_cmpstr (a->store_code, ==, "TA");
  g_assert_cmpstr (b->store_code, ==, "TB");
  /* 2 × (Rp15.000 + 10 % bonus Rp25.000). */
  g_assert_true (bsn_ledger_customer_balance (t->db, c, &balance, NULL, &error));
  g_assert_cmpint (balance, ==, 80000);

  a2 = award (t->db, "R-0001", ta, c, 250000, "2026-11-22T10:00:00", 5, -1);
  b2 = award (t->db, "R-0001", tb, c, 250000, "2026-11-22T10:00:00", 5, -1);
  g_assert_true (a2->duplicate);
  g_assert_true (b2->duplicate);
  g_assert_cmpint (a2->posting_id, ==, a->posting_id);
  g_assert_cmpint (b2->posting_id, ==, b->posting_id);
  g_assert_true (bsn_ledger_customer_balance (t->db, c, &balance, NULL, &error));
  g_assert_cmpint (balance, ==, 80000);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM receipts WHERE receipt = 'R-0001'", -1), ==, 2);

  /* The same (store, number) with other contents is refused. */
  g_assert_null (bsn_award_receipt (t->db, NULL, &other, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_clear_error (&error);

  got = bsn_award_get (t->db, tb, "R-0001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->store_code, ==, "TB");
  g_assert_cmpint (got->posting_id, ==, b->posting_id);
  g_assert_null (bsn_award_get (t->db, tb, "R-0002", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
}

static BsnBonusRule *
fixed_rule (const char *kind,
            gint64      points_rp,
            gint32      produsen_bp,
            gint32      ritel_bp,
            gint32      bsn_bp)
{
  BsnBonusRule *r = bsn_bonus_rule_new ();

  r->kind = g_strdup (kind);
  r->points_rp = points_rp;
  r->produsen_bp = produsen_bp, r->ritel_bp = ritel_bp, r->bsn_bp = bsn_bp;
  return r;
}

/* Issue 17 §5: registration and referral bonuses come with the customer's
 * first receipt, by the rules in force at its time, once; the referrer
 * gets theirs; no self-referral, no second referrer; fixed points only. */
static void
test_registration_referral (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = store_with_quota (t->db, "TK", BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH, 0);
  gint64 ani = bsn_test_add_customer (t->db, "A", "Ani");
  g_autoptr(BsnCustomer) budi = bsn_customer_new ();
  g_autoptr(BsnCustomer) cici = bsn_customer_new ();
  g_autoptr(BsnBonusRule) reg = fixed_rule ("registration", 5000, 0, 10000, 0);
  g_autoptr(BsnBonusRule) ref = fixed_rule ("referral", 10000, 2000, 5000, 3000);
  g_autoptr(BsnBonusRule) late = fixed_rule ("registration", 7000, 0, 10000, 0);
  g_autoptr(BsnBonusRule) bad = fixed_rule ("registration", 0, 0, 10000, 0);
  g_autoptr(BsnAward) first = NULL;
  g_autoptr(BsnAward) second = NULL;
  g_autoptr(BsnAward) own = NULL;
  g_autoptr(GError) error = NULL;
  gint64 bal = 0, status = 0;

  budi->code = g_strdup ("B");
  budi->name = g_strdup ("Budi");
  g_assert_true (bsn_customer_add_referred (t->db, budi, "A", &error));
  g_assert_no_error (error);
  cici->code = g_strdup ("C");
  cici->name = g_strdup ("Cici");
  g_assert_false (bsn_customer_add_referred (t->db, cici, "C", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (bsn_customer_set_referrer (t->db, budi->id, "A", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (bsn_customer_set_referrer (t->db, ani, "A", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_clear_error (&error);

  g_assert_false (bsn_bonus_rule_add (t->db, bad, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_clear_error (&error);
  reg->valid_from = at ("2026-11-01T00:00:00");
  reg->valid_to = at ("2026-12-01T00:00:00");
  g_assert_true (bsn_bonus_rule_add (t->db, reg, &error));
  g_assert_cmpstr (reg->code, ==, "REG-1");
  g_assert_true (bsn_bonus_rule_add (t->db, ref, &error));
  late->valid_from = at ("2026-12-01T00:00:00");
  g_assert_true (bsn_bonus_rule_add (t->db, late, &error));
  g_assert_no_error (error);

  /* Budi registered long before; his first receipt (22 November) takes
   * the rules in force then: 5 poin for him, 10 for Ani. */
  first = award (t->db, "R1", store, budi->id, 100000, "2026-11-22T10:00:00", 3, -1);
  g_assert_cmpuint (first->bonuses->len, ==, 2);
  {
    BsnBonusGrant *g0 = g_ptr_array_index (first->bonuses, 0), *g1 = g_ptr_array_index (first->bonuses, 1);
    g_assert_cmpstr (g0->kind, ==, "registration");
    g_assert_cmpint (g0->value_rp, ==, 5000);
    g_assert_cmpint (g0->customer_id, ==, budi->id);
    g_assert_cmpint (g0->ritel_rp, ==, 5000);
    g_assert_cmpstr (g1->kind, ==, "referral");
    g_assert_cmpint (g1->value_rp, ==, 10000);
    g_assert_cmpint (g1->customer_id, ==, ani);
    g_assert_cmpint (g1->produsen_rp, ==, 2000);
    g_assert_cmpint (g1->ritel_rp, ==, 5000);
    g_assert_cmpint (g1->bsn_rp, ==, 3000);
  }
  g_assert_true (bsn_ledger_customer_balance (t->db, budi->id, &bal, &status, NULL));
  g_assert_cmpint (bal, ==, 4000 + 5000);
  g_assert_cmpint (status, ==, 9000);
  g_assert_true (bsn_ledger_customer_balance (t->db, ani, &bal, &status, NULL));
  g_assert_cmpint (bal, ==, 10000);
  g_assert_cmpint (status, ==, 10000);

  /* The second receipt, even back-dated, brings no bonus again. */
  second = award (t->db, "R2", store, budi->id, 100000, "2026-11-21T10:00:00", 3, -1);
  g_assert_cmpuint (second->bonuses->len, ==, 0);
  /* Ani's own first receipt (December): the later registration rule. */
  own = award (t->db, "R3", store, ani, 100000, "2026-12-02T10:00:00", 3, -1);
  g_assert_cmpuint (own->bonuses->len, ==, 1);
  g_assert_cmpint (((BsnBonusGrant *) g_ptr_array_index (own->bonuses, 0))->value_rp, ==, 7000);
  {
    g_autoptr(BsnVerifyReport) v = bsn_ledger_verify (t->db, &error);
    g_assert_no_error (error);
    g_assert_true (v->ok);
  }
}

/* Issue 17 §6: a digit from the stopwatch and one typed by hand are
 * recorded as such, in the award, its posting's memo and a re-read. */
static void
test_digit_source (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = store_with_quota (t->db, "TK", BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH, 0);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  BsnReceipt sw = { "D1", store, c, 100000, at ("2026-11-22T10:00:00"), 5, -1, "stopwatch" };
  BsnReceipt typed = { "D2", store, c, 100000, at ("2026-11-22T10:05:00"), 5, -1, "manual" };
  BsnReceipt none = { "D3", store, c, 100000, at ("2026-11-22T10:06:00"), 4, -1, NULL };
  g_autoptr(BsnAward) a = bsn_award_receipt (t->db, NULL, &sw, NULL);
  g_autoptr(BsnAward) b = bsn_award_receipt (t->db, NULL, &typed, NULL);
  g_autoptr(BsnAward) d = NULL;
  g_autoptr(BsnAward) again = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (a->digit_source, ==, "stopwatch");
  g_assert_true (g_str_has_suffix (a->explanation, " · angka dari stopwatch"));
  g_assert_cmpstr (b->digit_source, ==, "manual");
  g_assert_true (g_str_has_suffix (b->explanation, " · angka diketik manual"));
  /* Not stated (an import): nothing said. */
  d = bsn_award_receipt (t->db, NULL, &none, &error);
  g_assert_no_error (error);
  g_assert_null (d->digit_source);
  g_assert_false (g_str_has_suffix (d->explanation, "manual"));
  again = bsn_award_get (t->db, store, "D1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->digit_source, ==, "stopwatch");
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM postings WHERE memo LIKE '%angka dari stopwatch'",
                                     -1), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/award/worked-examples", test_worked_examples);
  g_test_add_func ("/award/digit-from-clock", test_digit_from_clock);
  g_test_add_func ("/award/verify-names-the-bad-receipt", test_verify_names_the_bad_receipt);
  g_test_add_func ("/award/slot/boundaries", test_slot_boundaries);
  g_test_add_func ("/award/lelang/every-slot-and-outside-hours", test_lelang_every_slot_and_outside_hours);
  g_test_add_func ("/award/mixed-receipt", test_mixed_receipt);
  g_test_add_func ("/award/siaga/thresholds-inclusive", test_siaga_thresholds_inclusive);
  g_test_add_func ("/award/idempotent-and-conflicting", test_idempotent_and_conflicting);
  g_test_add_func ("/award/rounding/large-amounts", test_rounding_large_amounts);
  g_test_add_func ("/award/versions/change-only-later-awards", test_versions_change_only_later_awards);
  g_test_add_func ("/award/inactive-store-refused", test_inactive_store_refused);
  g_test_add_func ("/award/quota/day-and-slot", test_day_and_slot_quota);
  g_test_add_func ("/award/bonus/funding-split", test_bonus_funding_split);
  g_test_add_func ("/award/bonus/size-ranges", test_bonus_size_ranges);
  g_test_add_func ("/award/receipt-ahead-of-clock", test_receipt_ahead_of_clock);
  g_test_add_func ("/award/verify/receipt-tampering", test_verify_sees_receipt_tampering);
  g_test_add_func ("/award/first-receipt", test_first_receipt);
  g_test_add_func ("/award/siaga/status-as-of-receipt-time", test_siaga_status_as_of_receipt_time);
  g_test_add_func ("/award/receipt-number-per-store", test_receipt_number_per_store);
  g_test_add_func ("/award/bonus/registration-referral", test_registration_referral);
  g_test_add_func ("/award/digit-source", test_digit_source);
  return g_test_run ();
}
