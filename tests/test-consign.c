/* test-consign.c — titip jual: a lot's whole life with concrete numbers
 * (DOMAIN.md §8, §9). */
#include "config.h"

#include <string.h>

#include "bsn-audit.h"
#include "bsn-consign.h"
#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-test-util.h"

static gint64
day (const char *date)
{
  BsnTime t = 0;
  g_assert_true (bsn_date_parse (date, &t, NULL));
  return bsn_time_day (t);
}

typedef struct
{
  BsnTestDb *t;
  gint64     induk;
  gint64     anak;
  gint64     lot;
} Fixture;

/* 100 units at modal Rp8.000, price Rp10.000, offered 1 November 2026,
 * 14 days normal, then 7-day stages: normal 1–14 Nov, Tahap I 15–21,
 * II 22–28, III 29 Nov–5 Dec, return due from 6 Dec. */
static void
set_up (Fixture      *f,
        gconstpointer data)
{
  g_autoptr(BsnLot) lot = bsn_lot_new ();
  g_autoptr(GError) error = NULL;

  f->t = bsn_test_db_new ();
  f->induk = bsn_test_add_store (f->t->db, "IND", BSN_ROLE_INDUK, NULL, BSN_BAND_LOW, "Gold", BSN_SCHEMES_BOTH);
  f->anak = bsn_test_add_store (f->t->db, "ANK", BSN_ROLE_ANAK, "IND", BSN_BAND_LOW, "Gold", BSN_SCHEMES_BOTH);
  lot->induk_id = f->induk;
  lot->anak_id = f->anak;
  lot->sku = g_strdup ("BAJU-01");
  lot->name = g_strdup ("Kemeja batik");
  lot->qty = 100;
  lot->cost_rp = 8000;
  lot->price_rp = 10000;
  lot->offered_day = day ("2026-11-01");
  lot->period_days = 14;
  lot->stage_days[0] = lot->stage_days[1] = lot->stage_days[2] = 7;
  lot->scheme = GPOINTER_TO_INT (data) ? GPOINTER_TO_INT (data) : 'A';
  g_assert_true (bsn_lot_offer (f->t->db, lot, &error));
  g_assert_no_error (error);
  f->lot = lot->id;
}

static void
tear_down (Fixture      *f,
           gconstpointer data)
{
  bsn_test_db_free (f->t);
}

static void
sell (Fixture    *f,
      gint64      qty,
      const char *date,
      BsnStage    stage,
      gint64      unit_price)
{
  g_autoptr(GError) error = NULL;
  BsnLotSale sale;

  g_assert_true (bsn_lot_sell (f->t->db, f->lot, qty, day (date), 0, &sale, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sale.stage, ==, stage);
  g_assert_cmpint (sale.unit_price_rp, ==, unit_price);
  g_assert_cmpint (sale.amount_rp, ==, unit_price * qty);
}

static void
assert_stage (Fixture    *f,
              const char *date,
              BsnStage    stage,
              gint64      price)
{
  BsnLotStatus st;
  g_assert_true (bsn_lot_status (f->t->db, f->lot, day (date), &st, NULL));
  if (st.stage != stage)
    g_error ("%s: stage %s, expected %s", date, bsn_stage_to_string (st.stage), bsn_stage_to_string (stage));
  g_assert_cmpint (st.unit_price_rp, ==, price);
}

static void
test_whole_life (Fixture      *f,
                 gconstpointer data)
{
  char scheme = GPOINTER_TO_INT (data);
  g_autoptr(BsnSettlement) s = NULL;
  BsnLotStatus st;
  BsnLotReturn r;

  assert_stage (f, "2026-11-01", BSN_STAGE_OFFERED, 0);
  g_assert_true (bsn_lot_accept (f->t->db, f->lot, 0, day ("2026-11-01"), NULL));
  sell (f, 40, "2026-11-03", BSN_STAGE_NORMAL, 10000);
  sell (f, 20, "2026-11-16", BSN_STAGE_I, 9000);
  sell (f, 15, "2026-11-25", BSN_STAGE_II, 8000);
  sell (f, 10, "2026-12-01", BSN_STAGE_III, 7000);
  g_assert_true (bsn_lot_status (f->t->db, f->lot, day ("2026-12-06"), &st, NULL));
  g_assert_cmpint (st.stage, ==, BSN_STAGE_RETURN_DUE);
  g_assert_cmpint (st.remaining, ==, 15);

  /* 15 returned: 15 % of the Tahap III reduction (Rp3.000) = Rp450 each. */
  g_assert_true (bsn_lot_return (f->t->db, f->lot, day ("2026-12-06"), "Anak minta 100 unit, biasanya laku 60", 50000, &r, NULL));
  g_assert_cmpint (r.returned, ==, 15);
  g_assert_cmpint (r.induk_compensation_rp, ==, 6750);
  g_assert_cmpint (r.return_cost_anak_rp, ==, 25000);
  g_assert_true (r.over_capacity);
  g_assert_true (r.overridden);
  assert_stage (f, "2026-12-06", BSN_STAGE_RETURNED, 0);

  s = bsn_lot_settle (f->t->db, f->lot, NULL);
  g_assert_cmpint (s->revenue_rp, ==, 400000 + 180000 + 120000 + 70000);
  g_assert_cmpint (s->cost_rp, ==, 85 * 8000);
  g_assert_cmpint (s->profit_rp, ==, 90000);
  if (scheme == 'B')
    {
      g_assert_cmpint (s->induk_rp, ==, 22500);
      g_assert_cmpint (s->produsen_rp, ==, 36000);
      g_assert_cmpint (s->anak_rp, ==, 31500);
    }
  else
    {
      g_assert_cmpint (s->induk_rp, ==, 36000);
      g_assert_cmpint (s->produsen_rp, ==, 0);
      g_assert_cmpint (s->anak_rp, ==, 54000);
    }
  /* Modal owed plus the profit shares add up to the revenue. */
  g_assert_cmpint (s->cost_rp + s->induk_rp + s->produsen_rp + s->anak_rp, ==, s->revenue_rp);
  g_assert_cmpint (s->induk_compensation_rp, ==, 6750);
  g_assert_cmpuint (s->sales->len, ==, 4);
  g_assert_true (s->closed);
  /* Conservation: accepted = sold + remaining + returned. */
  g_assert_true (bsn_lot_status (f->t->db, f->lot, day ("2026-12-07"), &st, NULL));
  g_assert_cmpint (st.accepted, ==, st.sold + st.remaining + st.returned);
  g_assert_cmpint (st.remaining, ==, 0);
}

static void
test_stage_boundaries (Fixture      *f,
                       gconstpointer data)
{
  g_assert_true (bsn_lot_accept (f->t->db, f->lot, 0, day ("2026-11-01"), NULL));
  assert_stage (f, "2026-11-01", BSN_STAGE_NORMAL, 10000);
  assert_stage (f, "2026-11-14", BSN_STAGE_NORMAL, 10000);
  assert_stage (f, "2026-11-15", BSN_STAGE_I, 9000);
  assert_stage (f, "2026-11-21", BSN_STAGE_I, 9000);
  assert_stage (f, "2026-11-22", BSN_STAGE_II, 8000);
  assert_stage (f, "2026-11-28", BSN_STAGE_II, 8000);
  assert_stage (f, "2026-11-29", BSN_STAGE_III, 7000);
  assert_stage (f, "2026-12-05", BSN_STAGE_III, 7000);
  assert_stage (f, "2026-12-06", BSN_STAGE_RETURN_DUE, 0);
}

static void
expect_refusal (Fixture    *f,
                gint64      qty,
                const char *date,
                gint        code,
                const char *says)
{
  g_autoptr(GError) error = NULL;
  BsnLotSale sale;

  g_assert_false (bsn_lot_sell (f->t->db, f->lot, qty, day (date), 0, &sale, &error));
  g_assert_error (error, BSN_ERROR, code);
  if (strstr (error->message, says) == NULL)
    g_error ("“%s” lacks “%s”", error->message, says);
}

static void
test_refusals (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  BsnLotReturn r;

  expect_refusal (f, 1, "2026-11-02", BSN_ERROR_REFUSED, "belum diterima");
  g_assert_false (bsn_lot_accept (f->t->db, f->lot, 101, day ("2026-11-01"), &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);
  /* The anak reduces the offer to 60 units. */
  g_assert_true (bsn_lot_accept (f->t->db, f->lot, 60, day ("2026-11-02"), &error));
  g_assert_false (bsn_lot_accept (f->t->db, f->lot, 60, day ("2026-11-02"), &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (bsn_lot_reject (f->t->db, f->lot, "terlambat", day ("2026-11-02"), &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_clear_error (&error);
  expect_refusal (f, 1, "2026-10-30", BSN_ERROR_INVALID, "sebelum tanggal penawaran");
  expect_refusal (f, 1, "2026-11-01", BSN_ERROR_INVALID, "sebelum titipan diterima");
  expect_refusal (f, 61, "2026-11-03", BSN_ERROR_REFUSED, "tersisa 60");
  expect_refusal (f, 0, "2026-11-03", BSN_ERROR_INVALID, "lebih dari nol");
  sell (f, 60, "2026-11-03", BSN_STAGE_NORMAL, 10000);
  expect_refusal (f, 1, "2026-11-03", BSN_ERROR_REFUSED, "tersisa 0");
  expect_refusal (f, 1, "2026-12-06", BSN_ERROR_REFUSED, "wajib dikembalikan");
  g_assert_true (bsn_lot_return (f->t->db, f->lot, day ("2026-12-06"), NULL, 0, &r, NULL));
  g_assert_cmpint (r.returned, ==, 0);
  expect_refusal (f, 1, "2026-12-07", BSN_ERROR_REFUSED, "sudah dikembalikan");
}

static void
test_offer_validation (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 induk = bsn_test_add_store (t->db, "IND", BSN_ROLE_INDUK, NULL, BSN_BAND_LOW, "Gold", BSN_SCHEMES_BOTH);
  gint64 toko = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Gold", BSN_SCHEMES_BOTH);
  g_autoptr(BsnLot) lot = bsn_lot_new ();
  g_autoptr(GError) error = NULL;

  lot->induk_id = induk;
  lot->anak_id = toko;
  lot->sku = g_strdup ("X");
  lot->name = g_strdup ("Barang");
  lot->qty = 10;
  lot->cost_rp = 100;
  lot->price_rp = -5;
  lot->period_days = 7;
  lot->stage_days[0] = lot->stage_days[1] = lot->stage_days[2] = 7;
  g_assert_false (bsn_lot_offer (t->db, lot, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);
  lot->price_rp = 200;
  lot->induk_id = toko;
  lot->anak_id = induk;
  g_assert_false (bsn_lot_offer (t->db, lot, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "bukan induk"));
  g_clear_error (&error);
  /* A modal pokok above the agreed price is refused; equal to it is not. */
  lot->induk_id = induk;
  lot->anak_id = toko;
  lot->cost_rp = 201;
  g_assert_false (bsn_lot_offer (t->db, lot, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "Modal pokok Rp201 lebih tinggi"));
  g_clear_error (&error);
  lot->cost_rp = 200;
  g_assert_true (bsn_lot_offer (t->db, lot, &error));
  g_assert_no_error (error);
}

/* Tahap I–III priced −10/−20/−30 % of Rp10.000 against modal pokok 8.000:
 * 9.000, 8.000 (equal is not below), 7.000 (below), from the offer on,
 * whatever the stage; a re-pricing moves the flag, not the prices. */
static void
test_stages_below_cost (Fixture      *f,
                        gconstpointer data)
{
  const gint64 prices[3] = { 9000, 8000, 7000 };
  const gboolean below[3] = { FALSE, FALSE, TRUE };
  const char *dates[] = { "2026-11-01", "2026-11-03", "2026-11-16", "2026-12-06" };
  BsnLotStatus st;

  for (guint d = 0; d < G_N_ELEMENTS (dates); d++)
    {
      if (d == 1)
        g_assert_true (bsn_lot_accept (f->t->db, f->lot, 0, day ("2026-11-01"), NULL));
      g_assert_true (bsn_lot_status (f->t->db, f->lot, day (dates[d]), &st, NULL));
      g_assert_cmpint (st.cost_rp, ==, 8000);
      for (guint i = 0; i < 3; i++)
        {
          g_assert_cmpint (st.stages[i].stage, ==, BSN_STAGE_I + (gint) i);
          g_assert_cmpint (st.stages[i].price_rp, ==, prices[i]);
          g_assert_cmpint (st.stages[i].below_cost, ==, below[i]);
        }
    }
  g_assert_true (bsn_lot_reprice (f->t->db, f->lot, 8001, day ("2026-11-20"), "Ketinggalan mode", NULL));
  g_assert_true (bsn_lot_status (f->t->db, f->lot, day ("2026-11-20"), &st, NULL));
  g_assert_cmpint (st.stages[0].price_rp, ==, 9000);
  g_assert_false (st.stages[0].below_cost);
  g_assert_true (st.stages[1].below_cost);
  g_assert_true (st.stages[2].below_cost);
}

static void
test_reject (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  BsnLotStatus st;

  g_assert_false (bsn_lot_reject (f->t->db, f->lot, " ", day ("2026-11-02"), &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (bsn_lot_reject (f->t->db, f->lot, "Gudang penuh", day ("2026-11-02"), NULL));
  g_assert_true (bsn_lot_status (f->t->db, f->lot, day ("2026-11-05"), &st, NULL));
  g_assert_cmpint (st.stage, ==, BSN_STAGE_REJECTED);
  g_assert_cmpint (st.accepted, ==, 0);
  expect_refusal (f, 1, "2026-11-03", BSN_ERROR_REFUSED, "ditolak");
}

static void
test_reprice_and_marketing (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr(BsnSettlement) s = NULL;

  g_assert_true (bsn_lot_accept (f->t->db, f->lot, 0, day ("2026-11-01"), NULL));
  sell (f, 10, "2026-11-05", BSN_STAGE_NORMAL, 10000);
  /* Out of fashion: modal pokok down to Rp6.000 from 20 November. */
  g_assert_true (bsn_lot_reprice (f->t->db, f->lot, 6000, day ("2026-11-20"), "Ketinggalan mode", NULL));
  sell (f, 10, "2026-11-19", BSN_STAGE_I, 9000);
  sell (f, 10, "2026-11-20", BSN_STAGE_I, 9000);
  g_assert_true (bsn_lot_add_marketing (f->t->db, f->lot, 30001, day ("2026-11-06"), "Spanduk", NULL));
  s = bsn_lot_settle (f->t->db, f->lot, NULL);
  g_assert_cmpint (s->revenue_rp, ==, 100000 + 90000 + 90000);
  g_assert_cmpint (s->cost_rp, ==, 80000 + 80000 + 60000);
  g_assert_cmpint (s->profit_rp, ==, 60000);
  g_assert_cmpint (s->marketing_rp, ==, 30001);
  g_assert_cmpint (s->marketing_induk_rp + s->marketing_anak_rp, ==, 30001);
  g_assert_cmpint (s->marketing_induk_rp, ==, 15000);
  g_assert_false (s->closed);
}

static void
test_split_remainder_to_anak (void)
{
  gint64 i, p, a;

  bsn_share_split ('B', 1001, &i, &p, &a);
  g_assert_cmpint (i, ==, 250);
  g_assert_cmpint (p, ==, 400);
  g_assert_cmpint (a, ==, 351);
  bsn_share_split ('A', 1001, &i, &p, &a);
  g_assert_cmpint (i, ==, 400);
  g_assert_cmpint (p, ==, 0);
  g_assert_cmpint (a, ==, 601);
}

static void
test_loyalty_bonus (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 induk = bsn_test_add_store (t->db, "IND", BSN_ROLE_INDUK, NULL, BSN_BAND_LOW, "Gold", BSN_SCHEMES_BOTH);
  gint64 anak = bsn_test_add_store (t->db, "ANK", BSN_ROLE_ANAK, "IND", BSN_BAND_LOW, "Gold", BSN_SCHEMES_BOTH);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  g_autoptr(BsnLot) lot = bsn_lot_new ();
  BsnLotSale sale;
  gint64 bal = 0, reserve = 0;

  lot->induk_id = induk;
  lot->anak_id = anak;
  lot->sku = g_strdup ("MADU");
  lot->name = g_strdup ("Madu hutan");
  lot->qty = 10;
  lot->cost_rp = 40000;
  lot->price_rp = 50000;
  lot->offered_day = day ("2026-11-01");
  lot->period_days = 7;
  lot->stage_days[0] = lot->stage_days[1] = lot->stage_days[2] = 7;
  lot->bonus_bp = 300;
  g_assert_true (bsn_lot_offer (t->db, lot, NULL));
  g_assert_true (bsn_lot_accept (t->db, lot->id, 0, day ("2026-11-01"), NULL));
  g_assert_true (bsn_lot_sell (t->db, lot->id, 2, day ("2026-11-02"), c, &sale, NULL));
  g_assert_cmpint (sale.bonus_rp, ==, 3000);
  g_assert_true (bsn_ledger_customer_balance (t->db, c, &bal, NULL, NULL));
  g_assert_cmpint (bal, ==, 3000);
  g_assert_true (bsn_ledger_account_balance (t->db, bsn_ledger_reserve_account (t->db, induk, NULL), &reserve, NULL, NULL));
  g_assert_cmpint (reserve, ==, -3000);
}

/* A second lot to the fixture's anak, offered on @date. */
static gint64
offer_more (Fixture    *f,
            const char *sku,
            const char *date,
            gint        period_days,
            gint64      capacity,
            gint64     *out_capacity,
            gint64     *out_capacity_lot)
{
  g_autoptr(BsnLot) lot = bsn_lot_new ();
  g_autoptr(GError) error = NULL;

  lot->induk_id = f->induk;
  lot->anak_id = f->anak;
  lot->sku = g_strdup (sku);
  lot->name = g_strdup ("Kemeja batik");
  lot->qty = 100;
  lot->cost_rp = 8000;
  lot->price_rp = 10000;
  lot->offered_day = day (date);
  lot->period_days = period_days;
  lot->stage_days[0] = lot->stage_days[1] = lot->stage_days[2] = 7;
  lot->capacity = capacity;
  g_assert_true (bsn_lot_offer (f->t->db, lot, &error));
  g_assert_no_error (error);
  *out_capacity = lot->capacity;
  *out_capacity_lot = lot->capacity_lot_id;
  return lot->id;
}

static void
assert_capacity (Fixture *f,
                 gint64   lot_id,
                 gint64   capacity,
                 gboolean over)
{
  g_autoptr(BsnLot) lot = bsn_lot_get (f->t->db, lot_id, NULL);
  BsnLotStatus st;

  g_assert_true (bsn_lot_status (f->t->db, lot_id, day ("2026-12-20"), &st, NULL));
  g_assert_cmpint (st.capacity, ==, capacity);
  g_assert_cmpint (st.over_capacity, ==, over);
  g_assert_cmpint (lot->capacity, ==, capacity);
  g_assert_cmpint (bsn_lot_is_over_capacity (lot), ==, over);
}

/* Issue 17 §6: a stated capacity of 60; accepting 60 is within it,
 * accepting 61 is over; unknown capacity is never over. */
static void
test_capacity_stated (Fixture      *f,
                      gconstpointer data)
{
  gint64 cap, from, a, b;

  assert_capacity (f, f->lot, -1, FALSE);
  g_assert_true (bsn_lot_accept (f->t->db, f->lot, 0, day ("2026-11-01"), NULL));
  assert_capacity (f, f->lot, -1, FALSE);

  a = offer_more (f, "BAJU-02", "2026-11-02", 14, 60, &cap, &from);
  g_assert_cmpint (cap, ==, 60);
  g_assert_cmpint (from, ==, 0);
  assert_capacity (f, a, 60, FALSE);   /* before the answer */
  g_assert_true (bsn_lot_accept (f->t->db, a, 60, day ("2026-11-02"), NULL));
  assert_capacity (f, a, 60, FALSE);

  b = offer_more (f, "BAJU-03", "2026-11-02", 14, 60, &cap, &from);
  g_assert_true (bsn_lot_accept (f->t->db, b, 61, day ("2026-11-02"), NULL));
  assert_capacity (f, b, 60, TRUE);
}

/* Without --capacity: the units of the SKU the anak sold in its latest
 * accepted lot of equal length (14 + 7 + 7 + 7 days); a rejected lot and
 * lots of another length or SKU do not count. */
static void
test_capacity_from_previous (Fixture      *f,
                             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 cap, from, second, third, fourth;

  g_assert_true (bsn_lot_accept (f->t->db, f->lot, 0, day ("2026-11-01"), NULL));
  sell (f, 40, "2026-11-03", BSN_STAGE_NORMAL, 10000);
  sell (f, 20, "2026-11-16", BSN_STAGE_I, 9000);

  second = offer_more (f, "BAJU-01", "2026-12-06", 14, -1, &cap, &from);
  g_assert_cmpint (cap, ==, 60);
  g_assert_cmpint (from, ==, f->lot);
  g_assert_true (bsn_lot_accept (f->t->db, second, 60, day ("2026-12-06"), NULL));
  assert_capacity (f, second, 60, FALSE);

  /* Another length or another SKU: no capacity known. */
  offer_more (f, "BAJU-01", "2026-12-06", 21, -1, &cap, &from);
  g_assert_cmpint (cap, ==, -1);
  g_assert_cmpint (from, ==, 0);
  offer_more (f, "CELANA-01", "2026-12-06", 14, -1, &cap, &from);
  g_assert_cmpint (cap, ==, -1);

  /* A rejected lot is passed over: the latest accepted is the second,
   * which has sold nothing yet, so the capacity is 0 and one unit is over. */
  third = offer_more (f, "BAJU-01", "2026-12-07", 14, -1, &cap, &from);
  g_assert_cmpint (from, ==, second);
  g_assert_true (bsn_lot_reject (f->t->db, third, "stok masih ada", day ("2026-12-07"), &error));
  g_assert_no_error (error);
  fourth = offer_more (f, "BAJU-01", "2026-12-08", 14, -1, &cap, &from);
  g_assert_cmpint (cap, ==, 0);
  g_assert_cmpint (from, ==, second);
  g_assert_true (bsn_lot_accept (f->t->db, fourth, 1, day ("2026-12-08"), NULL));
  assert_capacity (f, fourth, 0, TRUE);
}

/* An over-capacity lot (capacity 50, 100 accepted, 85 sold) returns 15
 * units with a Rp50.000 trip: the anak bears Rp25.000 without any flag;
 * the settlement carries it. */
static void
test_capacity_return_cost (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr(BsnSettlement) s = NULL;
  g_autoptr(GError) error = NULL;
  gint64 cap, from, lot;
  BsnLotReturn r;

  lot = offer_more (f, "BAJU-09", "2026-11-01", 14, 50, &cap, &from);
  g_assert_true (bsn_lot_accept (f->t->db, lot, 0, day ("2026-11-01"), NULL));
  f->lot = lot;
  sell (f, 85, "2026-11-03", BSN_STAGE_NORMAL, 10000);
  g_assert_true (bsn_lot_return (f->t->db, lot, day ("2026-12-06"), NULL, 50000, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r.returned, ==, 15);
  g_assert_cmpint (r.return_cost_anak_rp, ==, 25000);
  g_assert_cmpint (r.induk_compensation_rp, ==, 6750);
  g_assert_true (r.over_capacity);
  g_assert_false (r.overridden);
  s = bsn_lot_settle (f->t->db, lot, NULL);
  g_assert_cmpint (s->return_cost_anak_rp, ==, 25000);
  g_assert_cmpint (s->anak_pays_induk_rp, ==, 85 * 8000 + s->induk_rp + 6750 + 25000);
}

/* Within capacity the anak bears nothing, unless the explicit override,
 * which needs a reason and leaves an audit entry with it. */
static void
test_capacity_override (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  BsnAuditEntry *e;
  BsnLotReturn r;

  g_assert_true (bsn_lot_accept (f->t->db, f->lot, 0, day ("2026-11-01"), NULL));
  g_assert_false (bsn_lot_return (f->t->db, f->lot, day ("2026-12-06"), "  ", 50000, &r, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Alasan"));
  g_clear_error (&error);
  g_assert_true (bsn_lot_return (f->t->db, f->lot, day ("2026-12-06"), " Permintaan awal 100 unit ", 50001, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r.returned, ==, 100);
  g_assert_cmpint (r.return_cost_anak_rp, ==, 25000);
  g_assert_true (r.over_capacity);
  g_assert_true (r.overridden);
  rows = bsn_audit_list (f->t->db, 0, 0, "consign.over_capacity_override", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  e = g_ptr_array_index (rows, 0);
  g_assert_nonnull (strstr (e->after, "\"reason\":\"Permintaan awal 100 unit\""));
  g_assert_nonnull (strstr (e->after, "\"amount_rp\":25000"));
}

/* Without the override and within capacity the anak bears nothing. */
static void
test_capacity_within (Fixture      *f,
                      gconstpointer data)
{
  gint64 cap, from, lot;
  BsnLotReturn r;

  lot = offer_more (f, "BAJU-09", "2026-11-01", 14, 100, &cap, &from);
  g_assert_true (bsn_lot_accept (f->t->db, lot, 0, day ("2026-11-01"), NULL));
  g_assert_true (bsn_lot_return (f->t->db, lot, day ("2026-12-06"), NULL, 50000, &r, NULL));
  g_assert_cmpint (r.return_cost_anak_rp, ==, 0);
  g_assert_false (r.over_capacity);
  g_assert_false (r.overridden);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/consign/life/scheme-a", Fixture, GINT_TO_POINTER ('A'), set_up, test_whole_life, tear_down);
  g_test_add ("/consign/life/scheme-b", Fixture, GINT_TO_POINTER ('B'), set_up, test_whole_life, tear_down);
  g_test_add ("/consign/stage-boundaries", Fixture, NULL, set_up, test_stage_boundaries, tear_down);
  g_test_add ("/consign/refusals", Fixture, NULL, set_up, test_refusals, tear_down);
  g_test_add ("/consign/stages-below-cost", Fixture, NULL, set_up, test_stages_below_cost, tear_down);
  g_test_add ("/consign/reject", Fixture, NULL, set_up, test_reject, tear_down);
  g_test_add ("/consign/reprice-and-marketing", Fixture, NULL, set_up, test_reprice_and_marketing, tear_down);
  g_test_add ("/consign/capacity/stated", Fixture, NULL, set_up, test_capacity_stated, tear_down);
  g_test_add ("/consign/capacity/from-previous-lot", Fixture, NULL, set_up, test_capacity_from_previous, tear_down);
  g_test_add ("/consign/capacity/return-cost", Fixture, NULL, set_up, test_capacity_return_cost, tear_down);
  g_test_add ("/consign/capacity/within", Fixture, NULL, set_up, test_capacity_within, tear_down);
  g_test_add ("/consign/capacity/override-needs-reason", Fixture, NULL, set_up, test_capacity_override, tear_down);
  g_test_add_func ("/consign/offer-validation", test_offer_validation);
  g_test_add_func ("/consign/split-remainder-to-anak", test_split_remainder_to_anak);
  g_test_add_func ("/consign/loyalty-bonus", test_loyalty_bonus);
  return g_test_run ();
}
