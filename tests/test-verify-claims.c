/* test-verify-claims.c — verify compares every receipt's claim with the
 * points its posting gave: a receipt's value edited behind the library's
 * back (its no-update trigger dropped first) is named by its receipt
 * number, on both engines, beside the dropped trigger and the broken
 * chain. */
#include "config.h"

#include <string.h>

#include "bsn-award.h"
#include "bsn-chain.h"
#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-test-util.h"

static gboolean
has_problem (GPtrArray  *problems,
             const char *text)
{
  for (guint i = 0; i < problems->len; i++)
    if (strstr (g_ptr_array_index (problems, i), text) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_receipt_value_edited (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnAward) a = NULL;
  g_autoptr(BsnBookCheck) before = NULL;
  g_autoptr(BsnBookCheck) after = NULL;
  gint64 store = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_STOPWATCH);
  gint64 customer = bsn_test_add_customer (t->db, "C1", "Siti");
  BsnReceipt r = { "F-0042", store, customer, 250000, 1795300934, 5, -1 };

  a = bsn_award_receipt (t->db, NULL, &r, &error);
  g_assert_no_error (error);
  g_assert_nonnull (a);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT value_rp FROM receipts WHERE receipt = 'F-0042'", -1), >, 0);
  before = bsn_chain_check_book (t->db, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (before->ok);

  g_assert_true (bsn_test_drop_trigger (t->db, "receipts_no_update"));
  g_assert_cmpint (bsn_test_raw_exec (t->db, "UPDATE receipts SET value_rp = value_rp * 10 WHERE receipt = 'F-0042'"),
                   ==, 0);
  after = bsn_chain_check_book (t->db, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < after->ledger->problems->len; i++)
    g_test_message ("ledger: %s", (char *) g_ptr_array_index (after->ledger->problems, i));
  for (guint i = 0; i < after->problems->len; i++)
    g_test_message ("book: %s", (char *) g_ptr_array_index (after->problems, i));
  g_assert_false (after->ok);
  g_assert_false (after->ledger->ok);
  g_assert_true (has_problem (after->ledger->problems, "Struk F-0042 tidak cocok dengan posting poinnya"));
  g_assert_true (has_problem (after->problems, "receipts_no_update"));
  g_assert_true (has_problem (after->problems, "Struk #1 diubah setelah dicatat"));
  g_assert_cmpuint (after->entries, ==, before->entries);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verify/claims/receipt-value-edited", test_receipt_value_edited);
  return g_test_run ();
}
