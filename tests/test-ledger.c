/* test-ledger.c — the double-entry, append-only point ledger. */
#include <sqlite3.h>
#include "config.h"

#include <string.h>

#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-ledger-pages.h"
#include "bsn-test-util.h"
#include "bsn-voucher.h"

typedef struct
{
  BsnTestDb *t;
  gint64     store;
  gint64     reserve;
  gint64     customer;
  gint64     account;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->t = bsn_test_db_new ();
  f->store = bsn_test_add_store (f->t->db, "TK01", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_BOTH);
  f->reserve = bsn_ledger_reserve_account (f->t->db, f->store, NULL);
  f->customer = bsn_test_add_customer (f->t->db, "C001", "Siti Suryani");
  f->account = bsn_ledger_customer_account (f->t->db, f->customer, NULL);
  g_assert_cmpint (f->reserve, >, 2);
  g_assert_cmpint (f->account, >, 2);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  bsn_test_db_free (f->t);
}

/* An award-shaped posting: the store's reserve carries the liability. */
static gboolean
post_award (Fixture    *f,
            const char *key,
            gint64      value,
            gint64     *id,
            gboolean   *dup,
            GError    **error)
{
  BsnPostingSpec spec = { .idem_key = key, .kind = "award", .at = 1000, .store_id = f->store,
                          .customer_id = f->customer, .amount_rp = value };
  BsnLeg legs[] = { { f->account, value, value }, { f->reserve, -value, 0 } };

  return bsn_ledger_post (f->t->db, &spec, legs, 2, id, dup, error);
}

static void
assert_balance (Fixture *f,
                gint64   balance,
                gint64   status)
{
  gint64 b = -1, s = -1;

  g_assert_true (bsn_ledger_customer_balance (f->t->db, f->customer, &b, &s, NULL));
  g_assert_cmpint (b, ==, balance);
  g_assert_cmpint (s, ==, status);
}

static void
assert_verify_ok (BsnDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnVerifyReport) r = bsn_ledger_verify (db, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < r->problems->len; i++)
    g_printerr ("problem: %s\n", (char *) g_ptr_array_index (r->problems, i));
  g_assert_true (r->ok);
}

static void
test_post_balanced (Fixture *f, gconstpointer data)
{
  gint64 id = 0, reserve = 0;
  gboolean dup = TRUE;

  g_assert_true (post_award (f, "R-1", 15000, &id, &dup, NULL));
  g_assert_cmpint (id, >, 0);
  g_assert_false (dup);
  assert_balance (f, 15000, 15000);
  g_assert_true (bsn_ledger_account_balance (f->t->db, f->reserve, &reserve, NULL, NULL));
  g_assert_cmpint (reserve, ==, -15000);
  assert_verify_ok (f->t->db);
}

static void
test_post_unbalanced_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  BsnPostingSpec spec = { .idem_key = "X", .kind = "award", .at = 1 };
  BsnLeg legs[] = { { f->account, 100, 100 }, { f->reserve, -99, 0 } };
  BsnLeg one[] = { { f->account, 0, 0 } };
  BsnLeg same[] = { { f->account, 5, 0 }, { f->account, -5, 0 } };

  g_assert_false (bsn_ledger_post (f->t->db, &spec, legs, 2, NULL, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_UNBALANCED);
  g_assert_nonnull (strstr (error->message, "Rp1"));
  g_clear_error (&error);
  g_assert_false (bsn_ledger_post (f->t->db, &spec, one, 1, NULL, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_UNBALANCED);
  g_clear_error (&error);
  g_assert_false (bsn_ledger_post (f->t->db, &spec, same, 2, NULL, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpint (bsn_db_query_int (f->t->db, "SELECT count(*) FROM postings", -1), ==, 0);
  assert_balance (f, 0, 0);
}

static void
test_post_idempotent (Fixture *f, gconstpointer data)
{
  gint64 first = 0, second = 0;
  gboolean dup = FALSE;

  g_assert_true (post_award (f, "R-7", 12000, &first, &dup, NULL));
  g_assert_false (dup);
  g_assert_true (post_award (f, "R-7", 12000, &second, &dup, NULL));
  g_assert_true (dup);
  g_assert_cmpint (first, ==, second);
  assert_balance (f, 12000, 12000);
  g_assert_cmpint (bsn_db_query_int (f->t->db, "SELECT count(*) FROM legs", -1), ==, 2);
  assert_verify_ok (f->t->db);
}

static void
test_append_only (Fixture *f, gconstpointer data)
{
  g_assert_true (post_award (f, "R-1", 5000, NULL, NULL, NULL));
  g_assert_cmpint (bsn_test_raw_exec (f->t->db, "UPDATE postings SET amount_rp = 1"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (bsn_test_raw_exec (f->t->db, "DELETE FROM postings"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (bsn_test_raw_exec (f->t->db, "UPDATE legs SET amount_rp = 1"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (bsn_test_raw_exec (f->t->db, "DELETE FROM legs"), ==, SQLITE_CONSTRAINT);
  assert_balance (f, 5000, 5000);
  assert_verify_ok (f->t->db);
}

static void
test_reversal (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0, rev = 0, rev2 = 0;

  g_assert_true (post_award (f, "R-1", 15000, &id, NULL, NULL));
  g_assert_true (post_award (f, "R-2", 4000, NULL, NULL, NULL));
  g_assert_true (bsn_ledger_reverse (f->t->db, id, "Salah input kasir", 2000, &rev, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rev, >, id);
  /* The earning never happened: points and status both return. */
  assert_balance (f, 4000, 4000);
  assert_verify_ok (f->t->db);

  g_assert_false (bsn_ledger_reverse (f->t->db, id, "lagi", 2000, &rev2, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "sudah dibatalkan"));
  g_clear_error (&error);
  g_assert_false (bsn_ledger_reverse (f->t->db, rev, "balik", 2000, &rev2, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (bsn_ledger_reverse (f->t->db, id, "   ", 2000, &rev2, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bsn_ledger_reverse (f->t->db, 9999, "tidak ada", 2000, &rev2, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  assert_balance (f, 4000, 4000);
}

static void
test_reversal_overdraft_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  BsnPostingSpec spend = { .idem_key = "SPEND", .kind = "redemption", .at = 5, .customer_id = f->customer,
                           .amount_rp = 10000 };
  BsnLeg legs[] = { { f->account, -10000, 0 }, { BSN_ACCOUNT_EQUITY, 10000, 0 } };

  g_assert_true (post_award (f, "R-1", 15000, &id, NULL, NULL));
  g_assert_true (bsn_ledger_post (f->t->db, &spend, legs, 2, NULL, NULL, NULL));
  /* Redemption lowers the balance but never the status points. */
  assert_balance (f, 5000, 15000);
  g_assert_false (bsn_ledger_reverse (f->t->db, id, "Salah", 6, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "tidak cukup"));
  assert_balance (f, 5000, 15000);
  assert_verify_ok (f->t->db);
}

static void
test_opening (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0, id2 = 0;
  gboolean dup = TRUE;

  g_assert_true (bsn_ledger_post_opening (f->t->db, f->customer, 300000, 10, &id, &dup, &error));
  g_assert_false (dup);
  assert_balance (f, 300000, 300000);
  g_assert_true (bsn_ledger_post_opening (f->t->db, f->customer, 300000, 10, &id2, &dup, &error));
  g_assert_true (dup);
  g_assert_cmpint (id, ==, id2);
  g_assert_false (bsn_ledger_post_opening (f->t->db, f->customer, 200000, 10, &id2, &dup, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_clear_error (&error);
  /* After reversing the wrong opening a new one may be posted. */
  g_assert_true (bsn_ledger_reverse (f->t->db, id, "Salah jumlah", 11, NULL, NULL));
  g_assert_true (bsn_ledger_post_opening (f->t->db, f->customer, 200000, 12, &id2, &dup, &error));
  g_assert_no_error (error);
  g_assert_false (dup);
  assert_balance (f, 200000, 200000);
  g_assert_false (bsn_ledger_post_opening (f->t->db, f->customer, 0, 12, NULL, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  assert_verify_ok (f->t->db);
}

/* Random sequences of awards, redemptions and reversals across several
 * customers and stores: every posting balances and every balance equals
 * the sum of its legs, as computed independently here. */
static void
test_random_sequences (void)
{
  for (guint32 seed = 1; seed <= 12; seed++)
    {
      g_autoptr(BsnTestDb) t = bsn_test_db_new ();
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(GArray) posted = g_array_new (FALSE, FALSE, sizeof (gint64));
      gint64 accounts[8], expect_bal[8] = { 0 }, expect_status[8] = { 0 };
      gint64 stores[3];

      for (int s = 0; s < 3; s++)
        {
          g_autofree char *code = g_strdup_printf ("S%d", s);
          stores[s] = bsn_test_add_store (t->db, code, BSN_ROLE_TOKO, NULL, BSN_BAND_HIGH, "Pro", BSN_SCHEMES_BOTH);
        }
      for (int c = 0; c < 5; c++)
        {
          g_autofree char *code = g_strdup_printf ("C%d", c);
          gint64 cid = bsn_test_add_customer (t->db, code, "Pelanggan");
          accounts[c] = bsn_ledger_customer_account (t->db, cid, NULL);
        }
      for (int s = 0; s < 3; s++)
        accounts[5 + s] = bsn_ledger_reserve_account (t->db, stores[s], NULL);

      for (int step = 0; step < 300; step++)
        {
          int c = g_rand_int_range (rand, 0, 5), s = 5 + g_rand_int_range (rand, 0, 3);
          gint64 v = g_rand_int_range (rand, 1, 50000);
          g_autofree char *key = g_strdup_printf ("k%d", g_rand_int_range (rand, 0, 250));
          int what = g_rand_int_range (rand, 0, 10);

          if (what < 6)
            {
              BsnPostingSpec spec = { .idem_key = key, .kind = "award", .at = step };
              BsnLeg legs[] = { { accounts[c], v, v }, { accounts[s], -v, 0 } };
              gboolean dup = FALSE;
              gint64 id = 0;
              g_assert_true (bsn_ledger_post (t->db, &spec, legs, 2, &id, &dup, NULL));
              if (!dup)
                {
                  expect_bal[c] += v, expect_status[c] += v, expect_bal[s] -= v;
                  g_array_append_val (posted, id);
                }
            }
          else if (what < 8)
            {
              BsnPostingSpec spec = { .idem_key = key, .kind = "redemption", .at = step };
              BsnLeg legs[] = { { accounts[c], -v, 0 }, { BSN_ACCOUNT_EQUITY, v, 0 } };
              g_autoptr(GError) error = NULL;
              gboolean dup = FALSE;
              gboolean ok = bsn_ledger_post (t->db, &spec, legs, 2, NULL, &dup, &error);
              if (expect_bal[c] >= v || dup)
                g_assert_true (ok);
              if (ok && !dup)
                expect_bal[c] -= v;
              if (!ok)
                g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
            }
          else if (posted->len > 0)
            {
              gint64 id = g_array_index (posted, gint64, g_rand_int_range (rand, 0, posted->len));
              g_autoptr(GPtrArray) legs = bsn_ledger_list_legs (t->db, id, NULL);
              if (bsn_ledger_reverse (t->db, id, "acak", step, NULL, NULL))
                for (guint i = 0; i < legs->len; i++)
                  {
                    BsnLegRow *l = g_ptr_array_index (legs, i);
                    for (int a = 0; a < 8; a++)
                      if (accounts[a] == l->account_id)
                        expect_bal[a] -= l->amount_rp, expect_status[a] -= l->earned_rp;
                  }
            }
        }
      for (int a = 0; a < 8; a++)
        {
          gint64 b = 0, s = 0;
          g_assert_true (bsn_ledger_account_balance (t->db, accounts[a], &b, &s, NULL));
          g_assert_cmpint (b, ==, expect_bal[a]);
          g_assert_cmpint (s, ==, expect_status[a]);
          if (a < 5)
            g_assert_cmpint (b, >=, 0);
        }
      g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM (SELECT posting_id FROM legs "
                                                "GROUP BY posting_id HAVING sum(amount_rp) != 0) AS unbalanced", -1), ==, 0);
      assert_verify_ok (t->db);
    }
}

static void
test_verify_detects_tampering (Fixture *f, gconstpointer data)
{
  g_autoptr(BsnVerifyReport) r = NULL;

  g_assert_true (post_award (f, "R-1", 15000, NULL, NULL, NULL));
  /* Someone edits the file behind the library's back. */
  g_assert_cmpint (bsn_test_raw_exec (f->t->db, "UPDATE accounts SET balance_rp = balance_rp + 1 WHERE kind = 'customer'"),
                   ==, SQLITE_OK);
  g_assert_true (bsn_test_drop_trigger (f->t->db, "legs_no_update"));
  g_assert_cmpint (bsn_test_raw_exec (f->t->db, "UPDATE legs SET amount_rp = -14000, earned_rp = 5 "
                                                "WHERE amount_rp = -15000"), ==, SQLITE_OK);
  r = bsn_ledger_verify (f->t->db, NULL);
  g_assert_false (r->ok);
  /* The same problems, in the same order, on both engines. */
  {
    const char *expect[] = {
      "Posting #1 memberi poin status ke akun bukan pelanggan",
      "Posting #1 tidak seimbang (selisih 1000)",
      "Saldo akun #5 tercatat -15000 tetapi jumlah kakinya -14000",
      "Poin status akun #5 tercatat 0 tetapi jumlah kakinya 5",
      "Saldo akun #6 tercatat 15001 tetapi jumlah kakinya 15000",
    };

    g_assert_cmpuint (r->problems->len, ==, G_N_ELEMENTS (expect));
    for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
      g_assert_cmpstr (g_ptr_array_index (r->problems, i), ==, expect[i]);
  }
  g_assert_cmpuint (r->postings, ==, 1);
  g_assert_cmpuint (r->legs, ==, 2);
}

/* @n awards at the fixture's store, spread over three days (86 400 s
 * apart, 100 s into each), alternating between the fixture's customer
 * (even i) and @other; award i is worth Rp1.000 + i. */
static void
post_alternating_awards (Fixture *f,
                         int      n,
                         gint64   other,
                         gint64   other_account)
{
  for (int i = 0; i < n; i++)
    {
      g_autofree char *key = g_strdup_printf ("R-%d", i);
      BsnPostingSpec spec = { .idem_key = key, .kind = "award", .at = 86400 * (i % 3) + 100,
                              .store_id = f->store, .customer_id = i % 2 ? other : f->customer,
                              .amount_rp = 1000 + i };
      BsnLeg legs[] = { { i % 2 ? other_account : f->account, 1000 + i, 1000 + i }, { f->reserve, -1000 - i, 0 } };
      g_assert_true (bsn_ledger_post (f->t->db, &spec, legs, 2, NULL, NULL, NULL));
    }
}

static void
test_list_and_filter (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) rows = NULL;
  BsnPostingFilter filter = { 0 };
  gint64 other_customer = bsn_test_add_customer (f->t->db, "C002", "Budi Hidayat");
  gint64 other_account = bsn_ledger_customer_account (f->t->db, other_customer, NULL);
  guint64 n = 0;

  post_alternating_awards (f, 30, other_customer, other_account);
  g_assert_true (bsn_ledger_count_postings (f->t->db, NULL, &n, NULL));
  g_assert_cmpuint (n, ==, 30);
  rows = bsn_ledger_list_postings (f->t->db, NULL, 0, 10, NULL);
  g_assert_cmpuint (rows->len, ==, 10);
  /* Newest first. */
  g_assert_cmpint (((BsnPostingRow *) rows->pdata[0])->amount_rp, ==, 1029);
  g_assert_cmpstr (((BsnPostingRow *) rows->pdata[0])->customer_code, ==, "C002");
  g_assert_cmpstr (((BsnPostingRow *) rows->pdata[0])->store_code, ==, "TK01");
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = bsn_ledger_list_postings (f->t->db, NULL, 25, 10, NULL);
  g_assert_cmpuint (rows->len, ==, 5);
  g_assert_cmpint (((BsnPostingRow *) rows->pdata[4])->amount_rp, ==, 1000);
  g_clear_pointer (&rows, g_ptr_array_unref);

  filter.customer_id = f->customer;
  g_assert_true (bsn_ledger_count_postings (f->t->db, &filter, &n, NULL));
  g_assert_cmpuint (n, ==, 15);
  filter.from = 86400;
  filter.to = 2 * 86400;
  g_assert_true (bsn_ledger_count_postings (f->t->db, &filter, &n, NULL));
  g_assert_cmpuint (n, ==, 5);
  rows = bsn_ledger_list_postings (f->t->db, &filter, 0, 100, NULL);
  g_assert_cmpuint (rows->len, ==, 5);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpstr (((BsnPostingRow *) rows->pdata[i])->customer_code, ==, "C001");
}

/* Buku Poin's pages give the same postings, in the same order, as the
 * plain list, with every filter: a customer's postings are the ones with a
 * leg on the customer's account (the customer index is the legs'). */
static void
test_pages_match_list (Fixture       *f,
                       gconstpointer  data)
{
  gint64 other_customer = bsn_test_add_customer (f->t->db, "C002", "Budi Hidayat");
  gint64 other_account = bsn_ledger_customer_account (f->t->db, other_customer, NULL);
  BsnPostingFilter filters[] = {
    { 0 },
    { .customer_id = 0 },
    { .store_id = 0, .from = 86400, .to = 2 * 86400 },
    { .customer_id = 0, .from = 86400 },
  };
  guint expected[] = { 61, 31, 20, 20 };

  filters[1].customer_id = f->customer;
  filters[3].customer_id = other_customer;
  filters[3].store_id = f->store;
  post_alternating_awards (f, 60, other_customer, other_account);
  /* One opening: a posting of the customer without a store. */
  g_assert_true (bsn_ledger_post_opening (f->t->db, f->customer, 5000, 50, NULL, NULL, NULL));

  for (guint k = 0; k < G_N_ELEMENTS (filters); k++)
    {
      g_autoptr(BsnLedgerPages) pages = bsn_ledger_pages_build (f->t->db, &filters[k], 7, NULL, NULL);
      g_autoptr(GPtrArray) all = bsn_ledger_list_postings (f->t->db, &filters[k], 0, 1000, NULL);
      guint at = 0;

      g_assert_nonnull (pages);
      g_assert_cmpuint (bsn_ledger_pages_get_n_postings (pages), ==, expected[k]);
      g_assert_cmpuint (all->len, ==, expected[k]);
      g_assert_cmpuint (bsn_ledger_pages_get_n_pages (pages), ==, (expected[k] + 6) / 7);
      for (guint page = 0; page < bsn_ledger_pages_get_n_pages (pages); page++)
        {
          g_autoptr(GPtrArray) rows = bsn_ledger_pages_list (f->t->db, pages, page, NULL);

          g_assert_nonnull (rows);
          for (guint r = 0; r < rows->len; r++, at++)
            {
              BsnPostingRow *got = rows->pdata[r];
              BsnPostingRow *want = all->pdata[at];

              g_assert_cmpint (got->id, ==, want->id);
              if (filters[k].customer_id == f->customer)
                g_assert_cmpstr (got->customer_code, ==, "C001");
              if (filters[k].customer_id == other_customer)
                g_assert_cmpstr (got->customer_code, ==, "C002");
            }
        }
      g_assert_cmpuint (at, ==, expected[k]);
    }
}

/* ---- Each check of verify, seen firing ----
 *
 * The file edited behind the library's back (its append-only triggers
 * dropped first), each edit keeping every other invariant whole, so the
 * problem named is the one that check finds: the same words, in the same
 * order, on both engines. */

static void
assert_problems (BsnDb             *db,
                 const char *const *expect,
                 guint              n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnVerifyReport) r = bsn_ledger_verify (db, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < r->problems->len; i++)
    g_test_message ("problem: %s", (char *) g_ptr_array_index (r->problems, i));
  g_assert_false (r->ok);
  g_assert_cmpuint (r->problems->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (g_ptr_array_index (r->problems, i), ==, expect[i]);
}

/* Runs raw SQL built from @format; it must succeed. */
G_GNUC_PRINTF (2, 3)
static void
raw_with_id (BsnDb      *db,
             const char *format,
             ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  g_assert_cmpint (bsn_test_raw_exec (db, sql), ==, SQLITE_OK);
}

/* A posting left with one leg: unbalanced, and named for it. */
static void
test_verify_one_leg (Fixture      *f,
                     gconstpointer data)
{
  g_assert_true (post_award (f, "R-1", 15000, NULL, NULL, NULL));
  g_assert_true (bsn_test_drop_trigger (f->t->db, "legs_no_delete"));
  raw_with_id (f->t->db, "DELETE FROM legs WHERE account_id = %ld", (long) f->reserve);
  raw_with_id (f->t->db, "UPDATE accounts SET balance_rp = 0 WHERE id = %ld", (long) f->reserve);
  {
    const char *expect[] = {
      "Posting #1 tidak seimbang (selisih 15000)",
      "Posting #1 hanya punya satu kaki",
    };
    assert_problems (f->t->db, expect, G_N_ELEMENTS (expect));
  }
}

/* A leg moved to an account that does not exist. */
static void
test_verify_missing_account (Fixture      *f,
                             gconstpointer data)
{
  gboolean pg = bsn_db_get_engine (f->t->db) == BSN_ENGINE_POSTGRESQL;

  g_assert_true (post_award (f, "R-1", 15000, NULL, NULL, NULL));
  g_assert_true (bsn_test_drop_trigger (f->t->db, "legs_no_update"));
  if (pg)
    g_assert_true (bsn_test_drop_trigger (f->t->db, "legs_references"));
  if (pg)
    raw_with_id (f->t->db, "UPDATE legs SET account_id = 999 WHERE account_id = %ld", (long) f->reserve);
  else
    raw_with_id (f->t->db, "PRAGMA foreign_keys = OFF; UPDATE legs SET account_id = 999 WHERE account_id = %ld; "
                           "PRAGMA foreign_keys = ON", (long) (long) f->reserve);
  raw_with_id (f->t->db, "UPDATE accounts SET balance_rp = 0 WHERE id = %ld", (long) f->reserve);
  {
    const char *expect[] = { "Posting #1 memakai akun #999 yang tidak ada" };
    assert_problems (f->t->db, expect, G_N_ELEMENTS (expect));
  }
}

/* Both legs turned round, the balances with them: the customer owes. */
static void
test_verify_negative_customer (Fixture      *f,
                               gconstpointer data)
{
  g_autofree char *negative = NULL;

  g_assert_true (post_award (f, "R-1", 15000, NULL, NULL, NULL));
  g_assert_true (bsn_test_drop_trigger (f->t->db, "legs_no_update"));
  g_assert_cmpint (bsn_test_raw_exec (f->t->db, "UPDATE legs SET amount_rp = -amount_rp;"
                                                "UPDATE accounts SET balance_rp = -balance_rp"), ==, SQLITE_OK);
  negative = g_strdup_printf ("Akun pelanggan #%ld bersaldo negatif", (long) f->account);
  {
    const char *expect[] = { negative };
    assert_problems (f->t->db, expect, G_N_ELEMENTS (expect));
  }
}

/* Status points lowered by a posting that reverses nothing. */
static void
test_verify_status_lowered (Fixture      *f,
                            gconstpointer data)
{
  g_assert_true (post_award (f, "R-1", 15000, NULL, NULL, NULL));
  g_assert_true (post_award (f, "R-2", 5000, NULL, NULL, NULL));
  g_assert_true (bsn_test_drop_trigger (f->t->db, "legs_no_update"));
  g_assert_cmpint (bsn_test_raw_exec (f->t->db, "UPDATE legs SET earned_rp = -5000 WHERE posting_id = 2 "
                                                "AND earned_rp = 5000"), ==, SQLITE_OK);
  raw_with_id (f->t->db, "UPDATE accounts SET status_rp = 10000 WHERE id = %ld", (long) f->account);
  {
    const char *expect[] = { "Posting #2 menurunkan poin status padahal bukan pembatalan" };
    assert_problems (f->t->db, expect, G_N_ELEMENTS (expect));
  }
}

/* A reversal that gives back a rupiah less than its original took. */
static void
test_verify_reversal_not_mirrored (Fixture      *f,
                                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 reversal = 0;

  g_assert_true (post_award (f, "R-1", 15000, NULL, NULL, NULL));
  g_assert_true (bsn_ledger_reverse (f->t->db, 1, "salah input", 2000, &reversal, &error));
  g_assert_no_error (error);
  g_assert_cmpint (reversal, ==, 2);
  g_assert_true (bsn_test_drop_trigger (f->t->db, "legs_no_update"));
  g_assert_cmpint (bsn_test_raw_exec (f->t->db, "UPDATE legs SET amount_rp = amount_rp + 1 WHERE posting_id = 2 "
                                                "AND amount_rp < 0;"
                                                "UPDATE legs SET amount_rp = amount_rp - 1 WHERE posting_id = 2 "
                                                "AND amount_rp > 0;"
                                                "UPDATE accounts SET balance_rp = balance_rp + 1 WHERE kind = 'customer';"
                                                "UPDATE accounts SET balance_rp = balance_rp - 1 WHERE kind = 'reserve'"),
                   ==, SQLITE_OK);
  {
    const char *expect[] = { "Pembatalan #2 tidak mencerminkan posting aslinya" };
    assert_problems (f->t->db, expect, G_N_ELEMENTS (expect));
  }
}

/* A file with more problems than a report names: the first hundred, and
 * the report says it is not ok. */
static void
test_verify_many_problems (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnVerifyReport) r = NULL;

  for (guint i = 0; i < 120; i++)
    {
      g_autofree char *key = g_strdup_printf ("R-%u", i);

      g_assert_true (post_award (f, key, 1000 + i, NULL, NULL, NULL));
    }
  g_assert_true (bsn_test_drop_trigger (f->t->db, "legs_no_update"));
  g_assert_cmpint (bsn_test_raw_exec (f->t->db, "UPDATE legs SET amount_rp = amount_rp + 1 WHERE amount_rp > 0;"
                                                "UPDATE accounts SET balance_rp = balance_rp + 120 WHERE kind = 'customer'"),
                   ==, SQLITE_OK);
  r = bsn_ledger_verify (f->t->db, &error);
  g_assert_no_error (error);
  g_assert_false (r->ok);
  g_assert_cmpuint (r->postings, ==, 120);
  g_assert_cmpuint (r->problems->len, ==, 100);
  g_assert_cmpstr (g_ptr_array_index (r->problems, 0), ==, "Posting #1 tidak seimbang (selisih 1)");
  g_assert_cmpstr (g_ptr_array_index (r->problems, 99), ==, "Posting #100 tidak seimbang (selisih 1)");
}

/* The clearing account says vouchers are out that no voucher row holds;
 * a voucher whose funding lacks a rupiah. */
static void
test_verify_vouchers (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnVoucher) v = NULL;
  g_autofree char *funding = NULL;

  g_assert_true (post_award (f, "R-1", 15000, NULL, NULL, NULL));
  v = bsn_voucher_issue (f->t->db, f->customer, 10000, 2000, 30, &error);
  g_assert_no_error (error);
  g_assert_nonnull (v);
  assert_verify_ok (f->t->db);

  g_assert_cmpint (bsn_test_raw_exec (f->t->db, "UPDATE voucher_funding SET amount_rp = amount_rp - 1"), ==, SQLITE_OK);
  funding = g_strdup_printf ("Pendanaan voucher %s tidak sama dengan nilainya", v->code);
  {
    const char *expect[] = { funding };
    assert_problems (f->t->db, expect, G_N_ELEMENTS (expect));
  }
  g_assert_cmpint (bsn_test_raw_exec (f->t->db, "UPDATE voucher_funding SET amount_rp = amount_rp + 1;"
                                                "UPDATE accounts SET balance_rp = balance_rp + 500 WHERE id = 1"),
                   ==, SQLITE_OK);
  {
    const char *expect[] = {
      "Akun kliring 10500 tidak sama dengan voucher beredar 10000",
      "Saldo akun #1 tercatat 10500 tetapi jumlah kakinya 10000",
    };
    assert_problems (f->t->db, expect, G_N_ELEMENTS (expect));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/ledger/post/balanced", test_post_balanced);
  ADD ("/ledger/post/unbalanced-refused", test_post_unbalanced_refused);
  ADD ("/ledger/post/idempotent", test_post_idempotent);
  ADD ("/ledger/append-only", test_append_only);
  ADD ("/ledger/reversal/balances", test_reversal);
  ADD ("/ledger/reversal/overdraft-refused", test_reversal_overdraft_refused);
  ADD ("/ledger/opening", test_opening);
  ADD ("/ledger/verify/detects-tampering", test_verify_detects_tampering);
  ADD ("/ledger/verify/one-leg", test_verify_one_leg);
  ADD ("/ledger/verify/missing-account", test_verify_missing_account);
  ADD ("/ledger/verify/negative-customer", test_verify_negative_customer);
  ADD ("/ledger/verify/status-lowered", test_verify_status_lowered);
  ADD ("/ledger/verify/reversal-not-mirrored", test_verify_reversal_not_mirrored);
  ADD ("/ledger/verify/vouchers", test_verify_vouchers);
  ADD ("/ledger/verify/many-problems", test_verify_many_problems);
  ADD ("/ledger/list/filter-and-page", test_list_and_filter);
  ADD ("/ledger/pages/match-list", test_pages_match_list);
#undef ADD
  g_test_add_func ("/ledger/random-sequences/invariants", test_random_sequences);
  return g_test_run ();
}
