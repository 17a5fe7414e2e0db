/* test-voucher-checks.c — the refusals of issuing, checking and redeeming
 * a voucher (DOMAIN.md §6, §7), each with its Indonesian message and code;
 * a refused redemption posts nothing. Fixed dates throughout. */
#include "config.h"

#include <string.h>

#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-test-util.h"
#include "bsn-voucher.h"

static BsnTime
at (const char *iso)
{
  BsnTime t = 0;
  g_assert_true (bsn_time_parse (iso, &t, NULL));
  return t;
}

typedef struct
{
  BsnTestDb *t;
  gint64     store, closed, customer;
} Fixture;

/* Siti (C1) holds 20 poin from an opening balance of 1 November 2026;
 * TK is open, TUTUP is not. */
static void
set_up (Fixture      *f,
        gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->t = bsn_test_db_new ();
  f->store = bsn_test_add_store (f->t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_BOTH);
  f->closed = bsn_test_add_store (f->t->db, "TUTUP", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_BOTH);
  g_assert_true (bsn_store_set_active (f->t->db, f->closed, FALSE, &error));
  f->customer = bsn_test_add_customer (f->t->db, "C1", "Siti");
  g_assert_true (bsn_ledger_post_opening (f->t->db, f->customer, 20000, at ("2026-11-01T08:00:00"), NULL, NULL,
                                          &error));
  g_assert_no_error (error);
}

static void
tear_down (Fixture      *f,
           gconstpointer data)
{
  bsn_test_db_free (f->t);
}

static void
test_issue_refusals (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  BsnTime when = at ("2026-11-03T09:00:00");
  gint64 bal = 0;

  g_assert_null (bsn_voucher_issue (f->t->db, f->customer, 0, when, 0, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Nilai voucher harus lebih dari nol");
  g_clear_error (&error);
  g_assert_null (bsn_voucher_issue (f->t->db, f->customer, 1000000000001, when, 0, &error));
  g_assert_cmpstr (error->message, ==, "Nilai voucher harus lebih dari nol");
  g_clear_error (&error);
  g_assert_null (bsn_voucher_issue (f->t->db, f->customer, 5000, when, -1, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Masa berlaku voucher 0 sampai 3650 hari");
  g_clear_error (&error);
  g_assert_null (bsn_voucher_issue (f->t->db, f->customer, 5000, when, 3651, &error));
  g_assert_cmpstr (error->message, ==, "Masa berlaku voucher 0 sampai 3650 hari");
  g_clear_error (&error);
  g_assert_null (bsn_voucher_issue (f->t->db, 999999, 5000, when, 0, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (bsn_voucher_issue (f->t->db, f->customer, 20001, when, 0, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "Poin C1 tidak cukup: punya 20 poin, voucher perlu 20,001 poin");
  g_clear_error (&error);

  g_assert_true (bsn_ledger_customer_balance (f->t->db, f->customer, &bal, NULL, NULL));
  g_assert_cmpint (bal, ==, 20000);
  list = bsn_voucher_list (f->t->db, f->customer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
}

/* A check answers with a reason rather than an error: unknown, mistyped,
 * not yet issued, expired, used. */
static void
test_check_reasons (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnVoucher) v = NULL;
  g_autoptr(BsnVoucher) open = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *unknown = bsn_voucher_code_new ();
  g_autofree char *expected = NULL;
  BsnVoucherCheck check;
  gint64 value = 0;

  /* 14 days from 3 November 09:00: valid until 17 November 09:00. */
  v = bsn_voucher_issue (f->t->db, f->customer, 5000, at ("2026-11-03T09:00:00"), 14, &error);
  g_assert_no_error (error);
  g_assert_cmpint (v->valid_until, ==, at ("2026-11-17T09:00:00"));
  open = bsn_voucher_issue (f->t->db, f->customer, 7500, at ("2026-11-03T10:00:00"), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (open->valid_until, ==, 0);

  g_assert_true (bsn_voucher_check (f->t->db, unknown, at ("2026-11-04T10:00:00"), &check, &error));
  g_assert_false (check.valid);
  expected = g_strdup_printf ("Voucher %s tidak terdaftar", unknown);
  g_assert_cmpstr (check.reason, ==, expected);
  bsn_voucher_check_clear (&check);

  g_assert_true (bsn_voucher_check (f->t->db, "BSN-12", at ("2026-11-04T10:00:00"), &check, &error));
  g_assert_false (check.valid);
  g_assert_cmpstr (check.reason, ==, "Kode voucher tidak sah: periksa kembali (17 huruf/angka sesudah BSN)");
  bsn_voucher_check_clear (&check);

  g_assert_true (bsn_voucher_check (f->t->db, v->code, at ("2026-11-03T08:59:59"), &check, &error));
  g_assert_false (check.valid);
  g_assert_cmpstr (check.reason, ==, "Voucher belum diterbitkan pada waktu itu");
  g_assert_cmpint (check.value_rp, ==, 5000);
  bsn_voucher_check_clear (&check);

  g_assert_true (bsn_voucher_check (f->t->db, v->code, at ("2026-11-17T08:59:59"), &check, &error));
  g_assert_true (check.valid);
  g_assert_cmpstr (check.code, ==, v->code);
  bsn_voucher_check_clear (&check);
  g_assert_true (bsn_voucher_check (f->t->db, v->code, at ("2026-11-17T09:00:00"), &check, &error));
  g_assert_false (check.valid);
  g_assert_cmpstr (check.reason, ==, "Voucher kedaluwarsa sejak 17 Nov 2026");
  bsn_voucher_check_clear (&check);

  /* Redeemed by typing it in lower case without dashes. */
  {
    g_autoptr(GString) typed = g_string_new (NULL);
    for (const char *p = open->code; *p; p++)
      if (*p != '-')
        g_string_append_c (typed, g_ascii_tolower (*p));
    g_assert_true (bsn_voucher_redeem (f->t->db, typed->str, f->store, at ("2026-11-05T12:30:00"), &value, &error));
    g_assert_no_error (error);
    g_assert_cmpint (value, ==, 7500);
  }
  g_assert_true (bsn_voucher_check (f->t->db, open->code, at ("2026-11-06T10:00:00"), &check, &error));
  g_assert_false (check.valid);
  g_assert_cmpstr (check.reason, ==, "Voucher sudah dipakai di TK pada 5 Nov 2026 12.30");
  bsn_voucher_check_clear (&check);

  list = bsn_voucher_list (f->t->db, f->customer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  {
    BsnVoucher *newest = list->pdata[0], *oldest = list->pdata[1];
    g_assert_cmpstr (newest->code, ==, open->code);
    g_assert_true (newest->redeemed);
    g_assert_cmpstr (newest->redeemed_store, ==, "TK");
    g_assert_cmpint (newest->redeemed_at, ==, at ("2026-11-05T12:30:00"));
    g_assert_cmpstr (oldest->code, ==, v->code);
    g_assert_false (oldest->redeemed);
    g_assert_cmpstr (oldest->customer_code, ==, "C1");
  }
}

/* Redemption refusals: nothing is posted for any of them. */
static void
test_redeem_refusals (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnVoucher) v = NULL;
  g_autofree char *typo = NULL;
  g_autofree char *unknown = bsn_voucher_code_new ();
  g_autofree char *expected = NULL;
  g_autoptr(BsnVoucher) after = NULL;
  gint64 reserve = 0, value = -1;

  v = bsn_voucher_issue (f->t->db, f->customer, 5000, at ("2026-11-03T09:00:00"), 14, &error);
  g_assert_no_error (error);

  /* One character changed: caught by the check symbol. */
  typo = g_strdup (v->code);
  typo[4] = typo[4] == '2' ? '3' : '2';
  g_assert_false (bsn_voucher_redeem (f->t->db, typo, f->store, at ("2026-11-04T10:00:00"), &value, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Kode voucher salah ketik: angka pemeriksa tidak cocok");
  g_clear_error (&error);

  g_assert_false (bsn_voucher_redeem (f->t->db, unknown, f->store, at ("2026-11-04T10:00:00"), &value, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  expected = g_strdup_printf ("Voucher %s tidak terdaftar", unknown);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  g_assert_false (bsn_voucher_redeem (f->t->db, v->code, 999999, at ("2026-11-04T10:00:00"), &value, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Toko #999999 tidak ada");
  g_clear_error (&error);

  g_assert_false (bsn_voucher_redeem (f->t->db, v->code, f->closed, at ("2026-11-04T10:00:00"), &value, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "Toko TUTUP nonaktif dan tidak dapat menerima voucher");
  g_clear_error (&error);

  g_assert_false (bsn_voucher_redeem (f->t->db, v->code, f->store, at ("2026-11-20T10:00:00"), &value, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "Voucher kedaluwarsa sejak 17 Nov 2026");
  g_clear_error (&error);
  g_assert_cmpint (value, ==, -1);

  after = bsn_voucher_get (f->t->db, v->code, &error);
  g_assert_no_error (error);
  g_assert_false (after->redeemed);
  g_assert_true (bsn_ledger_account_balance (f->t->db, bsn_ledger_reserve_account (f->t->db, f->store, NULL),
                                             &reserve, NULL, &error));
  g_assert_cmpint (reserve, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/voucher-checks/issue-refusals", Fixture, NULL, set_up, test_issue_refusals, tear_down);
  g_test_add ("/voucher-checks/check-reasons", Fixture, NULL, set_up, test_check_reasons, tear_down);
  g_test_add ("/voucher-checks/redeem-refusals", Fixture, NULL, set_up, test_redeem_refusals, tear_down);
  return g_test_run ();
}
