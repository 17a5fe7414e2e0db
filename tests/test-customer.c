/* test-customer.c — the customer register (bsn-customer.h): lookups,
 * edits, taken codes and referrers. */
#include "config.h"

#include <string.h>

#include "bsn-customer.h"
#include "bsn-error.h"
#include "bsn-test-util.h"

static BsnCustomer *
customer (const char *code,
          const char *name,
          const char *phone)
{
  BsnCustomer *c = bsn_customer_new ();
  g_free (c->code);
  g_free (c->name);
  g_free (c->phone);
  c->code = g_strdup (code);
  c->name = g_strdup (name);
  c->phone = g_strdup (phone);
  return c;
}

static gint64
audit_rows (BsnDb      *db,
            const char *action)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = '%s'", action);
  return bsn_db_query_int (db, sql, -1);
}

static void
test_copy_and_lookup (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnCustomer) c = customer ("C1", "Siti", "081234567");
  g_autoptr(BsnCustomer) copy = NULL;
  g_autoptr(BsnCustomer) got = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bsn_customer_add (t->db, c, &error));
  g_assert_no_error (error);
  g_assert_cmpint (c->id, >, 0);
  copy = bsn_customer_copy (c);
  g_assert_cmpint (copy->id, ==, c->id);
  g_assert_cmpstr (copy->code, ==, "C1");
  g_assert_cmpstr (copy->name, ==, "Siti");
  g_assert_cmpstr (copy->phone, ==, "081234567");
  g_assert_true (copy->code != c->code);
  bsn_customer_free (NULL);

  got = bsn_customer_get (t->db, c->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->phone, ==, "081234567");
  g_assert_null (bsn_customer_get (t->db, 9999, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Pelanggan #9999 tidak ada");
  g_clear_error (&error);
  g_assert_null (bsn_customer_find (t->db, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Pelanggan “” tidak ada");
  g_clear_error (&error);

  /* By phone, with a limit. */
  {
    g_autoptr(BsnCustomer) d = customer ("C2", "Dewi", NULL);
    g_autoptr(BsnCustomer) e = customer ("C3", "Eko", "081399887");
    g_assert_true (bsn_customer_add (t->db, d, NULL));
    g_assert_true (bsn_customer_add (t->db, e, NULL));
  }
  found = bsn_customer_search (t->db, "081", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((BsnCustomer *) found->pdata[0])->code, ==, "C1");
  g_clear_pointer (&found, g_ptr_array_unref);
  found = bsn_customer_search (t->db, NULL, 0, &error);
  g_assert_cmpuint (found->len, ==, 3);
  g_assert_cmpstr (((BsnCustomer *) found->pdata[1])->phone, ==, "");
  g_assert_cmpint (bsn_customer_count (t->db), ==, 3);
}

/* Edits keep codes unique and are audited with before and after. */
static void
test_update (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnCustomer) a = customer ("C1", "Siti", "081234567");
  g_autoptr(BsnCustomer) b = customer ("C2", "Dewi", "");
  g_autoptr(BsnCustomer) got = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bsn_customer_add (t->db, a, NULL));
  g_assert_true (bsn_customer_add (t->db, b, NULL));
  g_assert_false (bsn_customer_add (t->db, a, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_EXISTS);
  g_assert_cmpstr (error->message, ==, "Kode pelanggan “C1” sudah dipakai");
  g_clear_error (&error);

  g_free (b->code);
  b->code = g_strdup ("C1");
  g_assert_false (bsn_customer_update (t->db, b, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_EXISTS);
  g_clear_error (&error);

  g_free (b->code);
  b->code = g_strdup ("C2B");
  g_free (b->phone);
  b->phone = NULL;
  g_free (b->name);
  b->name = g_strdup ("Dewi Lestari");
  g_assert_true (bsn_customer_update (t->db, b, &error));
  g_assert_no_error (error);
  got = bsn_customer_find (t->db, "C2B", &error);
  g_assert_no_error (error);
  g_assert_cmpint (got->id, ==, b->id);
  g_assert_cmpstr (got->name, ==, "Dewi Lestari");
  g_assert_cmpstr (got->phone, ==, "");
  g_assert_cmpint (audit_rows (t->db, "customer.edit"), ==, 1);
  g_assert_cmpint (bsn_db_query_int (t->db,
                                     "SELECT count(*) FROM audit WHERE action = 'customer.edit' "
                                     "AND before LIKE '%\"C2\"%' AND after LIKE '%\"C2B\"%'", -1), ==, 1);

  b->id = 4242;
  g_assert_false (bsn_customer_update (t->db, b, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (audit_rows (t->db, "customer.edit"), ==, 1);
}

/* A referrer is set once, never the customer themself, and must exist;
 * a refused referral adds no customer. */
static void
test_referrers (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnCustomer) a = customer ("C1", "Siti", "");
  g_autoptr(BsnCustomer) b = customer ("C2", "Dewi", "");
  g_autoptr(BsnCustomer) c = customer ("C3", "Eko", "");
  g_autoptr(BsnCustomer) self = customer ("C4", "Fajar", "");
  g_autoptr(BsnCustomer) orphan = customer ("C5", "Gita", "");
  g_autoptr(GError) error = NULL;

  g_assert_true (bsn_customer_add (t->db, a, NULL));
  g_assert_true (bsn_customer_add (t->db, b, NULL));
  g_assert_true (bsn_customer_add (t->db, c, NULL));

  g_assert_false (bsn_customer_set_referrer (t->db, a->id, "C1", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "Pelanggan C1 tidak bisa mereferensikan dirinya sendiri");
  g_clear_error (&error);
  g_assert_false (bsn_customer_set_referrer (t->db, a->id, "TIDAKADA", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (bsn_customer_set_referrer (t->db, a->id, "C2", &error));
  g_assert_no_error (error);
  g_assert_false (bsn_customer_set_referrer (t->db, a->id, "C3", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "Pelanggan C1 sudah punya pereferensi; tidak bisa diganti");
  g_clear_error (&error);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT referred_by FROM customers WHERE code = 'C1'", -1), ==, b->id);
  g_assert_cmpint (audit_rows (t->db, "customer.referrer"), ==, 1);

  g_assert_false (bsn_customer_add_referred (t->db, self, "C4", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (bsn_customer_add_referred (t->db, orphan, "TIDAKADA", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (bsn_customer_count (t->db), ==, 3);
  g_assert_true (bsn_customer_add_referred (t->db, orphan, "C3", &error));
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT referred_by FROM customers WHERE code = 'C5'", -1), ==, c->id);
}

/* Opened read-only: adding and editing fail with an error, nothing changes. */
static void
test_readonly (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnCustomer) a = customer ("C1", "Siti", "");
  g_autoptr(BsnCustomer) b = customer ("C2", "Dewi", "");
  g_autoptr(BsnDb) ro = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bsn_customer_add (t->db, a, NULL));
  ro = bsn_db_open (t->path, BSN_DB_OPEN_READONLY, &error);
  g_assert_no_error (error);
  g_assert_false (bsn_customer_add (ro, b, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_free (a->name);
  a->name = g_strdup ("Siti Aminah");
  g_assert_false (bsn_customer_update (ro, a, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (bsn_customer_add_referred (ro, b, "C1", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (bsn_customer_count (t->db), ==, 1);
  {
    g_autoptr(BsnCustomer) got = bsn_customer_get (t->db, a->id, NULL);
    g_assert_cmpstr (got->name, ==, "Siti");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/customer/copy-and-lookup", test_copy_and_lookup);
  g_test_add_func ("/customer/update", test_update);
  g_test_add_func ("/customer/referrers", test_referrers);
  g_test_add_func ("/customer/readonly-changes-nothing", test_readonly);
  return g_test_run ();
}
