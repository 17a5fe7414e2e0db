/* test-voucher.c — reserves, vouchers, redemption and settlement
 * (DOMAIN.md §6, §7). */
#include "config.h"

#include <string.h>

#include "bsn-award.h"
#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-reserve.h"
#include "bsn-test-util.h"
#include "bsn-voucher.h"

static BsnTime
at (const char *iso)
{
  BsnTime t = 0;
  g_assert_true (bsn_time_parse (iso, &t, NULL));
  return t;
}

static void
assert_verify_ok (BsnDb *db)
{
  g_autoptr(BsnVerifyReport) r = bsn_ledger_verify (db, NULL);
  for (guint i = 0; i < r->problems->len; i++)
    g_printerr ("problem: %s\n", (char *) g_ptr_array_index (r->problems, i));
  g_assert_true (r->ok);
}

static gint64
lelang_store (BsnDb      *db,
              const char *code)
{
  g_autoptr(BsnStore) s = NULL;
  gint64 id = bsn_test_add_store (db, code, BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Platinum", BSN_SCHEMES_LELANG);

  s = bsn_store_get (db, id, NULL);
  s->opening_sec = 7 * 3600;
  g_assert_true (bsn_store_update (db, s, NULL));
  return id;
}

/* Rp100.000 at slot X → Rp6.500 of points drawn on the store's reserve. */
static BsnAward *
award (BsnDb      *db,
       gint64      store,
       gint64      customer,
       const char *when,
       GError    **error)
{
  BsnReceipt r = { NULL, store, customer, 100000, at (when), -1, -1 };
  return bsn_award_receipt (db, NULL, &r, error);
}

/* DOMAIN.md §6 "days": the required reserve is N days of the average
 * award value of the 30 store-days before the status time's store-day.
 * The store opens 20:00 for 10 hours (until 06:00): a receipt at 05:30
 * (slot X, Rp6.500) belongs to the store-day that opened the evening
 * before. At 30 November 12:00 (store-day 30 November) the window is
 * [31 October 06:00, 30 November 06:00): 15 November 05:30 and both of
 * 30 November 05:30 and 05:45 count, 31 October 05:30 (store-day 30
 * October) does not: 3 × 6.500 ÷ 30 = 650 a day, × 3 days = 1.950. At
 * 30 November 05:59 the store-day is still 29 November: 31 October 05:30
 * and 15 November count, 2 × 6.500 ÷ 30 = 433 a day, × 3 = 1.299. */
static void
test_reserve_days_by_store_day (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 id = lelang_store (t->db, "MLM");
  gint64 c1 = bsn_test_add_customer (t->db, "C1", "Siti");
  g_autoptr(BsnStore) s = bsn_store_get (t->db, id, NULL);
  const char *times[] = { "2026-10-31T05:30:00", "2026-11-15T05:30:00", "2026-11-30T05:30:00",
                          "2026-11-30T05:45:00" };
  BsnReservePolicy p = { "days", 0, 0, 3 };
  BsnReserveStatus st;
  g_autoptr(GError) error = NULL;

  s->opening_sec = 20 * 3600;
  s->hours = 10;
  g_assert_true (bsn_store_update (t->db, s, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr(BsnAward) a = award (t->db, id, c1, times[i], &error);
      g_assert_no_error (error);
      g_assert_cmpint (a->slot, ==, 10);
      g_assert_cmpint (a->value_rp, ==, 6500);
    }
  g_assert_true (bsn_reserve_set_policy (t->db, id, &p, &error));
  g_assert_no_error (error);

  g_assert_true (bsn_reserve_status (t->db, id, at ("2026-11-30T12:00:00"), &st, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (st.method, ==, "days");
  g_assert_cmpint (st.required_rp, ==, 1950);
  bsn_reserve_status_clear (&st);

  g_assert_true (bsn_reserve_status (t->db, id, at ("2026-11-30T05:59:59"), &st, &error));
  g_assert_cmpint (st.required_rp, ==, 1299);
  bsn_reserve_status_clear (&st);

  /* From 06:00 on, 30 November is its own store-day. */
  g_assert_true (bsn_reserve_status (t->db, id, at ("2026-11-30T06:00:00"), &st, &error));
  g_assert_cmpint (st.required_rp, ==, 1950);
  bsn_reserve_status_clear (&st);
}

static void
test_code_check_digit (void)
{
  for (int i = 0; i < 200; i++)
    {
      g_autofree char *code = bsn_voucher_code_new ();
      g_autofree char *canonical = NULL;
      g_autofree char *lower = g_ascii_strdown (code, -1);
      char *typo = g_strdup (code);
      gsize len = strlen (code);
      gsize pos = 4 + (gsize) i % (len - 4);

      g_assert_cmpuint (len, ==, strlen ("BSN-XXXX-XXXX-XXXX-XXXX-C"));
      g_assert_true (bsn_voucher_code_check (code, &canonical, NULL));
      g_assert_cmpstr (canonical, ==, code);
      g_assert_true (bsn_voucher_code_check (lower, NULL, NULL));
      /* Any one wrong character is caught. */
      if (typo[pos] != '-')
        {
          typo[pos] = typo[pos] == '7' ? '8' : '7';
          g_assert_false (bsn_voucher_code_check (typo, NULL, NULL));
        }
      g_free (typo);
      /* Any swap of two different neighbours is caught. */
      typo = g_strdup (code);
      for (gsize k = 4; k + 1 < len; k++)
        if (typo[k] != '-' && typo[k + 1] != '-' && typo[k] != typo[k + 1])
          {
            char c = typo[k];
            typo[k] = typo[k + 1];
            typo[k + 1] = c;
            g_assert_false (bsn_voucher_code_check (typo, NULL, NULL));
            break;
          }
      g_free (typo);
    }
  g_assert_false (bsn_voucher_code_check ("BSN-1234", NULL, NULL));
  g_assert_false (bsn_voucher_code_check ("", NULL, NULL));
  g_assert_false (bsn_voucher_code_check ("BSN-ÄÖÜ!-XXXX-XXXX-XXXX-X", NULL, NULL));
}

static void
test_reserve_warning_and_deactivation (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = lelang_store (t->db, "SAYUR");
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  BsnReservePolicy policy = { "customers", 10, 2, 0 };   /* 10 × 2 poin × Rp1.000 = Rp20.000 */
  BsnReserveStatus st;
  g_autoptr(GError) error = NULL;

  g_assert_true (bsn_reserve_set_policy (t->db, store, &policy, NULL));
  g_assert_true (bsn_reserve_deposit (t->db, store, 10000, at ("2026-11-01T06:00:00"), NULL, NULL));
  g_assert_true (bsn_reserve_status (t->db, store, at ("2026-11-01T06:00:00"), &st, NULL));
  g_assert_cmpint (st.balance_rp, ==, 10000);
  g_assert_cmpint (st.required_rp, ==, 20000);
  g_assert_cmpint (st.warnings, ==, 0);
  g_assert_false (bsn_reserve_below_warning (&st));     /* 10.000 ≥ 4.000 */
  bsn_reserve_status_clear (&st);

  /* Day 1: 10.000 − 6.500 = 3.500 < 20 % of 20.000 (4.000): warning 1.
   * A second award the same day does not warn twice. */
  for (gint d = 1; d <= 3; d++)
    {
      g_autofree char *when = g_strdup_printf ("2026-11-%02dT16:00:00", d);
      g_autofree char *again = g_strdup_printf ("2026-11-%02dT16:30:00", d);
      g_autoptr(BsnAward) a = award (t->db, store, c, when, &error);
      g_autoptr(BsnAward) b = NULL;

      g_assert_no_error (error);
      g_assert_true (bsn_reserve_status (t->db, store, at (when), &st, NULL));
      g_assert_cmpint (st.warnings, ==, d);
      g_assert_cmpint (st.active, ==, d < 3);
      g_assert_true (bsn_reserve_below_warning (&st));
      bsn_reserve_status_clear (&st);
      if (d < 3)
        {
          b = award (t->db, store, c, again, &error);
          g_assert_no_error (error);
        }
    }
  /* Deactivated: no new rewards … */
  {
    g_autoptr(BsnAward) refused = award (t->db, store, c, "2026-11-04T16:00:00", &error);
    g_assert_null (refused);
    g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
    g_assert_nonnull (strstr (error->message, "nonaktif"));
    g_clear_error (&error);
  }
  /* … until a top-up lifts the reserve above 20 %: reactivated, count cleared. */
  g_assert_true (bsn_reserve_deposit (t->db, store, 50000, at ("2026-11-04T17:00:00"), NULL, NULL));
  g_assert_true (bsn_reserve_status (t->db, store, at ("2026-11-04T17:00:00"), &st, NULL));
  g_assert_true (st.active);
  g_assert_cmpint (st.warnings, ==, 0);
  bsn_reserve_status_clear (&st);
  {
    g_autoptr(BsnAward) ok = award (t->db, store, c, "2026-11-05T16:00:00", &error);
    g_assert_no_error (error);
    g_assert_cmpint (ok->value_rp, ==, 6500);
  }
  /* A withdrawal never takes the reserve below zero. */
  g_assert_false (bsn_reserve_withdraw (t->db, store, 1000000, at ("2026-11-05T18:00:00"), NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  assert_verify_ok (t->db);
}

static void
test_store_without_reserve_is_not_warned (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 store = lelang_store (t->db, "SAYUR");
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  g_autoptr(GError) error = NULL;

  for (gint d = 1; d <= 5; d++)
    {
      g_autofree char *when = g_strdup_printf ("2026-11-%02dT16:00:00", d);
      g_autoptr(BsnAward) a = award (t->db, store, c, when, &error);
      g_assert_no_error (error);
    }
}

static void
test_voucher_cross_store (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 x = lelang_store (t->db, "X");
  gint64 y = lelang_store (t->db, "Y");
  gint64 z = lelang_store (t->db, "Z");
  gint64 c1 = bsn_test_add_customer (t->db, "C1", "Siti");
  gint64 c2 = bsn_test_add_customer (t->db, "C2", "Budi");
  gint64 c3 = bsn_test_add_customer (t->db, "C3", "Dewi");
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnVoucher) v1 = NULL, v2 = NULL, v3 = NULL, v4 = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  BsnVoucherCheck check;
  gint64 bal = 0, value = 0, ry = 0;

  g_assert_true (bsn_reserve_deposit (t->db, x, 1000000, at ("2026-11-01T06:00:00"), NULL, NULL));
  g_assert_true (bsn_reserve_deposit (t->db, y, 1000000, at ("2026-11-01T06:00:00"), NULL, NULL));
  g_assert_true (bsn_reserve_deposit (t->db, z, 1000000, at ("2026-11-01T06:00:00"), NULL, NULL));
  /* C1 earns 6.500 at X; C2 earns 6.500 at Y; C3 earns at Z. */
  {
    g_autoptr(BsnAward) w = award (t->db, x, c1, "2026-11-02T16:00:00", &error);
    g_autoptr(BsnAward) a = award (t->db, y, c2, "2026-11-02T16:00:00", &error);
    g_autoptr(BsnAward) b = award (t->db, z, c3, "2026-11-02T16:00:00", &error);
    g_assert_no_error (error);
  }
  /* Not enough points: refused. */
  g_assert_null (bsn_voucher_issue (t->db, c1, 7000, at ("2026-11-03T09:00:00"), 0, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_clear_error (&error);

  v1 = bsn_voucher_issue (t->db, c1, 5000, at ("2026-11-03T09:00:00"), 14, &error);
  g_assert_no_error (error);
  g_assert_true (bsn_ledger_customer_balance (t->db, c1, &bal, NULL, NULL));
  g_assert_cmpint (bal, ==, 1500);
  v2 = bsn_voucher_issue (t->db, c2, 6000, at ("2026-11-03T09:00:00"), 0, &error);
  v3 = bsn_voucher_issue (t->db, c3, 3000, at ("2026-11-03T09:00:00"), 0, &error);
  v4 = bsn_voucher_issue (t->db, c3, 2000, at ("2026-11-03T09:00:00"), 0, &error);
  g_assert_no_error (error);

  g_assert_true (bsn_voucher_check (t->db, v1->code, at ("2026-11-04T10:00:00"), &check, NULL));
  g_assert_true (check.valid);
  g_assert_cmpint (check.value_rp, ==, 5000);
  bsn_voucher_check_clear (&check);

  /* X's voucher at Y, Y's at X, Z's at X (twice): X owes Y 5.000, Y owes X
   * 6.000 → Y owes X 1.000 net; Z owes X 5.000. */
  g_assert_true (bsn_voucher_redeem (t->db, v1->code, y, at ("2026-11-04T10:00:00"), &value, &error));
  g_assert_cmpint (value, ==, 5000);
  g_assert_true (bsn_voucher_redeem (t->db, v2->code, x, at ("2026-11-04T10:00:00"), NULL, &error));
  g_assert_true (bsn_voucher_redeem (t->db, v3->code, x, at ("2026-11-05T10:00:00"), NULL, &error));
  g_assert_true (bsn_voucher_redeem (t->db, v4->code, x, at ("2026-11-05T11:00:00"), NULL, &error));
  g_assert_no_error (error);
  /* Used once only. */
  g_assert_false (bsn_voucher_redeem (t->db, v1->code, z, at ("2026-11-06T10:00:00"), NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "sudah dipakai"));
  g_clear_error (&error);

  lines = bsn_voucher_settlement (t->db, at ("2026-11-01"), at ("2026-12-01"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, ==, 2);
  {
    BsnSettlementLine *a = g_ptr_array_index (lines, 0), *b = g_ptr_array_index (lines, 1);
    g_assert_cmpstr (a->from_code, ==, "Y");
    g_assert_cmpstr (a->to_code, ==, "X");
    g_assert_cmpint (a->amount_rp, ==, 1000);
    g_assert_cmpstr (b->from_code, ==, "Z");
    g_assert_cmpstr (b->to_code, ==, "X");
    g_assert_cmpint (b->amount_rp, ==, 5000);
  }
  /* The redeeming store is paid from the pool: Y had 1.000.000 − 6.500
   * and received 5.000. */
  g_assert_true (bsn_ledger_account_balance (t->db, bsn_ledger_reserve_account (t->db, y, NULL), &ry, NULL, NULL));
  g_assert_cmpint (ry, ==, 1000000 - 6500 + 5000);
  assert_verify_ok (t->db);
}

static void
test_expired_and_mistyped (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 x = lelang_store (t->db, "X");
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  g_autoptr(BsnVoucher) v = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *typo = NULL;
  BsnVoucherCheck check;

  g_assert_true (bsn_ledger_post_opening (t->db, c, 50000, 0, NULL, NULL, NULL));
  v = bsn_voucher_issue (t->db, c, 10000, at ("2026-11-01T09:00:00"), 7, &error);
  g_assert_no_error (error);
  g_assert_true (bsn_voucher_check (t->db, v->code, at ("2026-11-08T09:00:00"), &check, NULL));
  g_assert_false (check.valid);
  g_assert_nonnull (strstr (check.reason, "kedaluwarsa"));
  bsn_voucher_check_clear (&check);
  g_assert_false (bsn_voucher_redeem (t->db, v->code, x, at ("2026-11-08T09:00:00"), NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_clear_error (&error);

  typo = g_strdup (v->code);
  typo[5] = typo[5] == 'A' ? 'B' : 'A';
  g_assert_true (bsn_voucher_check (t->db, typo, at ("2026-11-02T09:00:00"), &check, NULL));
  g_assert_false (check.valid);
  g_assert_nonnull (strstr (check.reason, "salah ketik"));
  bsn_voucher_check_clear (&check);
  assert_verify_ok (t->db);
}

typedef struct
{
  const char *path;
  const char *code;
  gint64      store;
  gint        ok;
} Cashier;

static gpointer
redeem_thread (gpointer data)
{
  Cashier *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnDb) db = bsn_db_open (c->path, BSN_DB_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  c->ok = bsn_voucher_redeem (db, c->code, c->store, at ("2026-11-04T10:00:00"), NULL, &error);
  if (!c->ok)
    g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  return NULL;
}

/* Two cashiers scan the same code at the same moment: one wins. */
static void
test_concurrent_redemption (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 x = lelang_store (t->db, "X");
  gint64 y = lelang_store (t->db, "Y");
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");

  g_assert_true (bsn_ledger_post_opening (t->db, c, 500000, 0, NULL, NULL, NULL));
  for (gint round = 0; round < 10; round++)
    {
      g_autoptr(BsnVoucher) v = bsn_voucher_issue (t->db, c, 10000, at ("2026-11-01T09:00:00"), 0, NULL);
      Cashier a = { t->path, v->code, x, 0 }, b = { t->path, v->code, y, 0 };
      GThread *ta = g_thread_new ("a", redeem_thread, &a);
      GThread *tb = g_thread_new ("b", redeem_thread, &b);

      g_thread_join (ta);
      g_thread_join (tb);
      g_assert_cmpint (a.ok + b.ok, ==, 1);
    }
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM redemptions", 0), ==, 10);
  assert_verify_ok (t->db);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/voucher/code/check-digit", test_code_check_digit);
  g_test_add_func ("/voucher/reserve/warning-deactivation-reactivation", test_reserve_warning_and_deactivation);
  g_test_add_func ("/voucher/reserve/not-joined-not-warned", test_store_without_reserve_is_not_warned);
  g_test_add_func ("/voucher/reserve/days-by-store-day", test_reserve_days_by_store_day);
  g_test_add_func ("/voucher/cross-store-and-settlement", test_voucher_cross_store);
  g_test_add_func ("/voucher/expired-and-mistyped", test_expired_and_mistyped);
  g_test_add_func ("/voucher/concurrent-redemption", test_concurrent_redemption);
  return g_test_run ();
}
