/* test-expiry.c — point expiry over the ledger (bsn-expiry.h, DOMAIN.md
 * §7, §4.3, §6): the versioned policy and its audit, the expiry posting at
 * the exact second releasing what is left to the lot's funders, FIFO with
 * a voucher, idempotency, status points untouched, the upcoming list and
 * the WhatsApp reminders. */
#include "config.h"

#include <string.h>

#include "bsn-audit.h"
#include "bsn-auth.h"
#include "bsn-award.h"
#include "bsn-bonus.h"
#include "bsn-customer.h"
#include "bsn-error.h"
#include "bsn-expiry.h"
#include "bsn-ledger.h"
#include "bsn-report.h"
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
award (BsnDb      *db,
       gint64      store,
       gint64      customer,
       const char *number,
       gint64      amount,
       const char *when,
       gint        digit)
{
  g_autoptr(GError) error = NULL;
  BsnReceipt r = { number, store, customer, amount, at (when), digit, -1 };
  g_autoptr(BsnAward) a = bsn_award_receipt (db, NULL, &r, &error);

  g_assert_no_error (error);
  return a->value_rp;
}

static gint64
balance_of (BsnDb  *db,
            gint64  account,
            gint64 *status)
{
  gint64 b = 0;
  g_assert_true (bsn_ledger_account_balance (db, account, &b, status, NULL));
  return b;
}

static void
set_policy (BsnDb      *db,
            gint        months,
            const char *from)
{
  g_autoptr(GError) error = NULL;
  g_assert_true (bsn_expiry_set (db, months, at (from), "Uji", NULL, &error));
  g_assert_no_error (error);
}

/* Versions by effective time, audited; history never changes; bounds. */
static void
test_policy (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  gint64 store = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  gint months = -1;

  g_assert_true (bsn_expiry_months_at (t->db, at ("2030-01-01"), &months, NULL));
  g_assert_cmpint (months, ==, 0);
  set_policy (t->db, 3, "2027-01-01T00:00:00");
  set_policy (t->db, 0, "2027-06-01T00:00:00");
  g_assert_true (bsn_expiry_months_at (t->db, at ("2026-12-31T23:59:59"), &months, NULL));
  g_assert_cmpint (months, ==, 0);
  g_assert_true (bsn_expiry_months_at (t->db, at ("2027-01-01T00:00:00"), &months, NULL));
  g_assert_cmpint (months, ==, 3);
  g_assert_true (bsn_expiry_months_at (t->db, at ("2027-06-01T00:00:00"), &months, NULL));
  g_assert_cmpint (months, ==, 0);
  audit = bsn_audit_list (t->db, 0, 0, "expiry.set", NULL);
  g_assert_cmpuint (audit->len, ==, 2);

  g_assert_false (bsn_expiry_set (t->db, 121, at ("2028-01-01"), "x", NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bsn_expiry_set (t->db, 3, at ("2028-01-01"), "  ", NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);
  award (t->db, store, c, "R1", 100000, "2027-07-01T10:00:00", 5);
  g_assert_false (bsn_expiry_set (t->db, 3, at ("2027-07-01T10:00:00"), "x", NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_true (bsn_expiry_set (t->db, 3, at ("2027-07-01T10:00:01"), "x", NULL, &error));
}

/* 31 January + 1 month = 28 February at the same second; a voucher
 * before it takes the oldest points; the expiry gives what is left back to
 * the store's reserve, once; status points stay. */
static void
test_run (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnVoucher) v = NULL;
  gint64 store = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  gint64 account = bsn_ledger_customer_account (t->db, c, NULL);
  gint64 reserve = bsn_ledger_reserve_account (t->db, store, NULL);
  gint64 value = -1, status = 0, status_before = 0;
  guint postings = 99;

  set_policy (t->db, 1, "2027-01-01T00:00:00");
  g_assert_cmpint (award (t->db, store, c, "R1", 250000, "2027-01-31T10:00:00", 5), ==, 15000);
  g_assert_cmpint (award (t->db, store, c, "R2", 100000, "2027-02-10T10:00:00", 3), ==, 4000);
  v = bsn_voucher_issue (t->db, c, 3000, at ("2027-02-20T00:00:00"), 0, &error);
  g_assert_no_error (error);

  g_assert_true (bsn_expiry_run (t->db, at ("2027-02-28T09:59:59"), &postings, &value, &error));
  g_assert_cmpuint (postings, ==, 0);
  g_assert_cmpint (value, ==, 0);
  g_assert_true (bsn_expiry_run (t->db, at ("2027-02-28T10:00:00"), &postings, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (postings, ==, 1);
  g_assert_cmpint (value, ==, 12000);
  g_assert_cmpint (balance_of (t->db, account, &status), ==, 4000);
  g_assert_cmpint (status, ==, 19000);
  g_assert_cmpint (balance_of (t->db, reserve, NULL), ==, -7000);
  g_assert_true (bsn_ledger_status_before (t->db, account, at ("2027-03-01T00:00:00"), &status_before, NULL));
  g_assert_cmpint (status_before, ==, 19000);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT at FROM postings WHERE kind = 'expiry'", 0), ==,
                   at ("2027-02-28T10:00:00"));

  /* Again, and later: nothing new until R2's second. */
  g_assert_true (bsn_expiry_run (t->db, at ("2027-03-10T09:59:59"), &postings, &value, &error));
  g_assert_cmpuint (postings, ==, 0);
  g_assert_true (bsn_expiry_run (t->db, at ("2027-03-10T10:00:00"), &postings, &value, &error));
  g_assert_cmpuint (postings, ==, 1);
  g_assert_cmpint (value, ==, 4000);
  g_assert_cmpint (balance_of (t->db, account, NULL), ==, 0);
  g_assert_cmpint (balance_of (t->db, reserve, NULL), ==, -3000);
  g_assert_true (bsn_expiry_run (t->db, at ("2027-03-10T10:00:00"), &postings, &value, &error));
  g_assert_cmpuint (postings, ==, 0);
  assert_verify_ok (t->db);
}

/* A run for a time ahead of the clock (a database without users, or a
 * pemilik naming the time) closes the lots due by then; the points still
 * open as of an earlier time are no longer listed as expiring. A kasir
 * runs it only at the machine clock. */
static void
test_run_ahead (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  gint64 store = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  gint64 value = -1;
  guint postings = 99;

  set_policy (t->db, 1, "2030-01-01T00:00:00");
  g_assert_cmpint (award (t->db, store, c, "R1", 250000, "2030-05-31T10:00:00", 5), ==, 15000);
  before = bsn_expiry_upcoming (t->db, c, at ("2030-06-01T00:00:00"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->len, ==, 1);
  g_assert_cmpint (g_array_index (before, BsnExpiring, 0).at, ==, at ("2030-06-30T10:00:00"));
  g_assert_cmpint (g_array_index (before, BsnExpiring, 0).value_rp, ==, 15000);

  g_assert_true (bsn_expiry_run (t->db, at ("2030-07-15T00:00:00"), &postings, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (postings, ==, 1);
  g_assert_cmpint (value, ==, 15000);
  after = bsn_expiry_upcoming (t->db, c, at ("2030-06-01T00:00:00"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 0);

  g_assert_true (bsn_auth_add_user (t->db, "sri", BSN_ROLE_PEMILIK, "kata-sandi-sri", &error));
  g_assert_no_error (error);
  g_assert_true (bsn_auth_login (t->db, "sri", "kata-sandi-sri", &error));
  g_assert_no_error (error);
  g_assert_true (bsn_auth_add_user (t->db, "kiki", BSN_ROLE_KASIR, "kata-sandi-kiki", &error));
  g_assert_no_error (error);
  g_assert_true (bsn_auth_login (t->db, "kiki", "kata-sandi-kiki", &error));
  g_assert_no_error (error);
  g_assert_false (bsn_expiry_run (t->db, at ("2030-08-15T00:00:00"), &postings, &value, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  assert_verify_ok (t->db);
}

/* A voucher after a lot's expiry second cannot use those points: the
 * voucher runs the expiry first. */
static void
test_voucher_after_expiry (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnVoucher) v = NULL;
  gint64 store = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");

  set_policy (t->db, 3, "2027-01-01T00:00:00");
  g_assert_cmpint (award (t->db, store, c, "R1", 250000, "2027-01-15T10:00:00", 5), ==, 15000);
  v = bsn_voucher_issue (t->db, c, 10000, at ("2027-04-15T10:00:00"), 0, &error);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "punya 0 poin"));
  g_assert_null (v);
  g_clear_error (&error);
  /* One second earlier the points are still there. */
  v = bsn_voucher_issue (t->db, c, 10000, at ("2027-04-15T09:59:59"), 0, &error);
  g_assert_no_error (error);
  g_assert_true (bsn_expiry_run (t->db, at ("2027-04-15T10:00:00"), NULL, NULL, &error));
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT amount_rp FROM postings WHERE kind = 'expiry'", 0), ==, 5000);
  assert_verify_ok (t->db);
}

/* A surprise-points bonus lot goes back 45/35/20 to produsen, the store
 * and BSN; with expiry off nothing ever expires. */
static void
test_bonus_split (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnBonusRule) points = bsn_bonus_rule_new ();
  gint64 store = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  gint64 produsen = bsn_ledger_system_account (t->db, "produsen", NULL);
  gint64 bsn = bsn_ledger_system_account (t->db, "bsn", NULL);
  gint64 reserve = bsn_ledger_reserve_account (t->db, store, NULL);
  gint64 value = 0;
  guint postings = 0;

  points->code = g_strdup ("SPV");
  points->name = g_strdup ("Surprise poin");
  points->kind = g_strdup ("surprise_points");
  points->rate_bp = 1000;
  points->produsen_bp = 4500, points->ritel_bp = 3500, points->bsn_bp = 2000;
  g_assert_true (bsn_bonus_rule_add (t->db, points, &error));
  g_assert_true (bsn_expiry_run (t->db, at ("2027-01-01T00:00:00"), &postings, &value, &error));
  award (t->db, store, c, "R0", 100001, "2026-12-01T10:00:00", 5);
  set_policy (t->db, 2, "2027-01-01T00:00:00");
  award (t->db, store, c, "R1", 100001, "2027-01-01T10:00:00", 5);
  g_assert_cmpint (balance_of (t->db, produsen, NULL), ==, -9000);
  g_assert_true (bsn_expiry_run (t->db, at ("2027-03-01T10:00:00"), &postings, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (postings, ==, 2);
  g_assert_cmpint (value, ==, 16000);
  /* R0's points (before the policy) never expire. */
  g_assert_cmpint (balance_of (t->db, produsen, NULL), ==, -4500);
  g_assert_cmpint (balance_of (t->db, bsn, NULL), ==, -2000);
  g_assert_cmpint (balance_of (t->db, reserve, NULL), ==, -9500);
  g_assert_true (bsn_expiry_run (t->db, at ("2030-03-01T10:00:00"), &postings, &value, &error));
  g_assert_cmpuint (postings, ==, 0);
  assert_verify_ok (t->db);
}

static void
add_phone_customer (BsnDb      *db,
                    const char *code,
                    const char *name,
                    const char *phone)
{
  g_autoptr(BsnCustomer) c = bsn_customer_new ();
  g_autoptr(GError) error = NULL;

  c->code = g_strdup (code);
  c->name = g_strdup (name);
  g_free (c->phone);
  c->phone = g_strdup (phone);
  g_assert_true (bsn_customer_add (db, c, &error));
  g_assert_no_error (error);
}

/* The next expiries, oldest first, and the customers to remind within 30
 * days with their links; the window's end is included, its start not. */
static void
test_upcoming_and_reminders (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) next = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 store = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH);
  gint64 siti, budi;
  const BsnExpiryReminder *r;

  add_phone_customer (t->db, "C1", "Siti", "0812-3456-7890");
  add_phone_customer (t->db, "C2", "Budi", "");
  {
    g_autoptr(BsnCustomer) a = bsn_customer_find (t->db, "C1", NULL);
    g_autoptr(BsnCustomer) b = bsn_customer_find (t->db, "C2", NULL);
    siti = a->id;
    budi = b->id;
  }
  set_policy (t->db, 3, "2027-01-01T00:00:00");
  award (t->db, store, siti, "R1", 250000, "2027-01-10T10:00:00", 5);
  award (t->db, store, siti, "R2", 100000, "2027-01-20T11:00:00", 3);
  award (t->db, store, budi, "R3", 100000, "2027-02-15T12:00:00", 3);

  next = bsn_expiry_upcoming (t->db, siti, at ("2027-03-01T00:00:00"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (next->len, ==, 2);
  g_assert_cmpint (g_array_index (next, BsnExpiring, 0).at, ==, at ("2027-04-10T10:00:00"));
  g_assert_cmpint (g_array_index (next, BsnExpiring, 0).value_rp, ==, 15000);
  g_assert_cmpint (g_array_index (next, BsnExpiring, 1).at, ==, at ("2027-04-20T11:00:00"));
  g_assert_cmpint (g_array_index (next, BsnExpiring, 1).value_rp, ==, 4000);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM postings WHERE kind = 'expiry'", -1), ==, 0);

  /* (11 March 10:00, 10 April 10:00]: only Siti's first lot. */
  list = bsn_expiry_reminders (t->db, at ("2027-03-11T10:00:00"), 30, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  r = g_ptr_array_index (list, 0);
  g_assert_cmpstr (r->code, ==, "C1");
  g_assert_cmpint (r->expiring_rp, ==, 15000);
  g_assert_cmpint (r->expires_at, ==, at ("2027-04-10T10:00:00"));
  g_assert_cmpstr (r->whatsapp_url, ==,
                   "https://wa.me/6281234567890?text=Poin%20Anda%20senilai%20Rp15.000%20akan%20hangus%20pada%20"
                   "10%20Apr%202027%2010.00.");
  g_clear_pointer (&list, g_ptr_array_unref);

  /* 60 days from 1 April: both of Siti's (one already past is not
   * listed), then Budi without a link. */
  list = bsn_expiry_reminders (t->db, at ("2027-04-15T00:00:00"), 60, &error);
  g_assert_cmpuint (list->len, ==, 2);
  r = g_ptr_array_index (list, 0);
  g_assert_cmpstr (r->code, ==, "C1");
  g_assert_cmpint (r->expiring_rp, ==, 4000);
  r = g_ptr_array_index (list, 1);
  g_assert_cmpstr (r->code, ==, "C2");
  g_assert_cmpint (r->expires_at, ==, at ("2027-05-15T12:00:00"));
  g_assert_null (r->whatsapp_url);
}

static void
test_whatsapp (void)
{
  static const struct { const char *phone; const char *url; } cases[] = {
    { "0812-3456-7890", "https://wa.me/6281234567890?text=Halo%20Bu" },
    { "+62 812 3456 7890", "https://wa.me/6281234567890?text=Halo%20Bu" },
    { "6281234567890", "https://wa.me/6281234567890?text=Halo%20Bu" },
    { "(0812) 3456.7890", "https://wa.me/6281234567890?text=Halo%20Bu" },
    { "0812345678", "https://wa.me/62812345678?text=Halo%20Bu" },
    { "081234567", NULL },
    { "021-555-1234", NULL },
    { "", NULL },
    { "0812 abc", NULL },
    { "12345678901", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = bsn_expiry_whatsapp_url (cases[i].phone, "Halo Bu");
      g_assert_cmpstr (url, ==, cases[i].url);
    }
}

/* The program report's "Kedaluwarsa" column sums the period's expiry
 * postings per store. */
static void
test_report_column (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnReport) report = NULL;
  gint64 store = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH);
  gint64 c = bsn_test_add_customer (t->db, "C1", "Siti");
  BsnReportSection *s;
  guint col = 0;

  set_policy (t->db, 1, "2027-01-01T00:00:00");
  award (t->db, store, c, "R1", 250000, "2027-01-31T10:00:00", 5);
  g_assert_true (bsn_expiry_run (t->db, at ("2027-03-01T00:00:00"), NULL, NULL, &error));
  report = bsn_report_program (t->db, at ("2027-02-01"), at ("2027-03-01"), NULL, &error);
  g_assert_no_error (error);
  s = g_ptr_array_index (report->sections, 0);
  for (guint i = 0; i < s->columns->len; i++)
    if (g_strcmp0 (g_array_index (s->columns, BsnColumn, i).header, "Kedaluwarsa") == 0)
      col = i;
  g_assert_cmpuint (col, >, 0);
  g_assert_cmpint (bsn_section_total (s, col), ==, 15000);
  g_clear_pointer (&report, bsn_report_free);
  report = bsn_report_program (t->db, at ("2027-01-01"), at ("2027-02-01"), NULL, &error);
  s = g_ptr_array_index (report->sections, 0);
  g_assert_cmpint (bsn_section_total (s, col), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_setenv ("BSN_NOW", "2030-06-01T00:00:00", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/expiry/policy/versioned-audited", test_policy);
  g_test_add_func ("/expiry/run/exact-second-fifo-idempotent", test_run);
  g_test_add_func ("/expiry/run/voucher-after-expiry", test_voucher_after_expiry);
  g_test_add_func ("/expiry/run/ahead-of-the-clock", test_run_ahead);
  g_test_add_func ("/expiry/run/bonus-back-to-funders", test_bonus_split);
  g_test_add_func ("/expiry/upcoming-and-reminders", test_upcoming_and_reminders);
  g_test_add_func ("/expiry/whatsapp-number", test_whatsapp);
  g_test_add_func ("/expiry/report/expired-column", test_report_column);
  return g_test_run ();
}
