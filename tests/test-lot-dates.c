/* test-lot-dates.c — a lot's stage dates and prices agree with the stage
 * the library gives each day (DOMAIN.md §8). */
#include "config.h"

#include "bsn-consign.h"
#include "bsn-lot-dates.h"
#include "bsn-test-util.h"

static gint64
day_of (const char *iso)
{
  BsnTime t = 0;
  g_assert_true (bsn_date_parse (iso, &t, NULL));
  return bsn_time_day (t);
}

static BsnLot *
offer_lot (BsnDb *db)
{
  BsnLot *lot = bsn_lot_new ();

  lot->induk_id = bsn_test_add_store (db, "IND", BSN_ROLE_INDUK, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_BOTH);
  lot->anak_id = bsn_test_add_store (db, "ANK", BSN_ROLE_ANAK, "IND", BSN_BAND_LOW, "Plus", BSN_SCHEMES_BOTH);
  lot->sku = g_strdup ("MDU");
  lot->name = g_strdup ("Madu hutan");
  lot->qty = 40;
  lot->cost_rp = 60000;
  lot->price_rp = 85000;
  lot->offered_day = day_of ("2026-11-01");
  lot->period_days = 14;
  lot->stage_days[0] = 7;
  lot->stage_days[1] = 5;
  lot->stage_days[2] = 3;
  g_assert_true (bsn_lot_offer (db, lot, NULL));
  return lot;
}

/* Normal 1–14 Nov, Tahap I 15–21, II 22–26, III 27–29, return from 30 Nov. */
static void
test_spans (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnLot) lot = offer_lot (t->db);
  gint64 first, end;

  bsn_lot_stage_span (lot, BSN_STAGE_NORMAL, &first, &end);
  g_assert_cmpint (first, ==, day_of ("2026-11-01"));
  g_assert_cmpint (end, ==, day_of ("2026-11-15"));
  bsn_lot_stage_span (lot, BSN_STAGE_I, &first, &end);
  g_assert_cmpint (first, ==, day_of ("2026-11-15"));
  g_assert_cmpint (end, ==, day_of ("2026-11-22"));
  bsn_lot_stage_span (lot, BSN_STAGE_II, &first, &end);
  g_assert_cmpint (first, ==, day_of ("2026-11-22"));
  g_assert_cmpint (end, ==, day_of ("2026-11-27"));
  bsn_lot_stage_span (lot, BSN_STAGE_III, &first, &end);
  g_assert_cmpint (first, ==, day_of ("2026-11-27"));
  g_assert_cmpint (end, ==, day_of ("2026-11-30"));
  bsn_lot_stage_span (lot, BSN_STAGE_RETURN_DUE, &first, &end);
  g_assert_cmpint (first, ==, day_of ("2026-11-30"));
  g_assert_cmpint (end, ==, 0);
  bsn_lot_stage_span (lot, BSN_STAGE_OFFERED, &first, &end);
  g_assert_cmpint (first, ==, 0);
  g_assert_cmpint (end, ==, 0);
}

/* Every day of the timeline falls in the span of the stage the library
 * gives it, and a sale that day is priced at that stage's price. */
static void
test_agrees_with_status (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnLot) lot = offer_lot (t->db);

  g_assert_true (bsn_lot_accept (t->db, lot->id, 0, lot->offered_day, NULL));
  for (gint64 day = lot->offered_day; day < lot->offered_day + 35; day++)
    {
      BsnLotStatus st;
      gint64 first, end;

      g_assert_true (bsn_lot_status (t->db, lot->id, day, &st, NULL));
      bsn_lot_stage_span (lot, st.stage, &first, &end);
      g_assert_cmpint (day, >=, first);
      if (end != 0)
        g_assert_cmpint (day, <, end);
      if (st.stage != BSN_STAGE_RETURN_DUE)
        g_assert_cmpint (st.stage_ends_day, ==, end);
      g_assert_cmpint (st.unit_price_rp, ==, bsn_lot_stage_price (lot, st.stage));
    }
}

/* Rp85.000 less 10, 20 and 30 %. */
static void
test_prices (void)
{
  g_autoptr(BsnLot) lot = bsn_lot_new ();

  lot->price_rp = 85000;
  g_assert_cmpint (bsn_lot_stage_price (lot, BSN_STAGE_NORMAL), ==, 85000);
  g_assert_cmpint (bsn_lot_stage_price (lot, BSN_STAGE_I), ==, 76500);
  g_assert_cmpint (bsn_lot_stage_price (lot, BSN_STAGE_II), ==, 68000);
  g_assert_cmpint (bsn_lot_stage_price (lot, BSN_STAGE_III), ==, 59500);
  g_assert_cmpint (bsn_lot_stage_price (lot, BSN_STAGE_RETURN_DUE), ==, 0);
  g_assert_cmpint (bsn_lot_stage_price (lot, BSN_STAGE_OFFERED), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lot-dates/spans", test_spans);
  g_test_add_func ("/lot-dates/agrees-with-status", test_agrees_with_status);
  g_test_add_func ("/lot-dates/prices", test_prices);
  return g_test_run ();
}
