/* test-registry.c — stores and customers, with their validation. */
#include "config.h"

#include <string.h>

#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-test-util.h"

static void
test_store_roles_and_parent (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnStore) anak = bsn_store_new ();
  g_autoptr(BsnStore) got = NULL;
  g_autoptr(GError) error = NULL;
  gint64 induk = bsn_test_add_store (t->db, "IND1", BSN_ROLE_INDUK, NULL, BSN_BAND_LOW, "Gold", BSN_SCHEMES_BOTH);
  gint64 toko = bsn_test_add_store (t->db, "TK1", BSN_ROLE_TOKO, NULL, BSN_BAND_HIGH, "Pro", BSN_SCHEMES_STOPWATCH);

  anak->code = g_strdup ("ANK1");
  anak->name = g_strdup ("Anak Dago");
  anak->role = BSN_ROLE_ANAK;
  /* An anak needs an induk … */
  g_assert_false (bsn_store_add (t->db, anak, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);
  /* … and a toko cannot be one. */
  anak->parent_id = toko;
  g_assert_false (bsn_store_add (t->db, anak, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "TK1"));
  g_clear_error (&error);
  anak->parent_id = induk;
  g_assert_true (bsn_store_add (t->db, anak, &error));
  g_assert_no_error (error);

  got = bsn_store_find (t->db, "ANK1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->parent_code, ==, "IND1");
  g_assert_cmpint (got->role, ==, BSN_ROLE_ANAK);
  g_assert_cmpint (got->hours, ==, 10);
  /* Every store gets its Back Up Voucher reserve account. */
  g_assert_cmpint (bsn_ledger_reserve_account (t->db, got->id, NULL), >, 2);
  g_assert_cmpint (bsn_store_count (t->db), ==, 3);
}

static void
test_levels (void)
{
  gint tier = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (bsn_level_parse ("Plus", BSN_BAND_LOW, &tier, NULL));
  g_assert_cmpint (tier, ==, 3);
  g_assert_true (bsn_level_parse ("elite", BSN_BAND_HIGH, &tier, NULL));
  g_assert_cmpint (tier, ==, 2);
  g_assert_true (bsn_level_parse ("Platinum", BSN_BAND_HIGH, &tier, NULL));
  g_assert_cmpint (tier, ==, 3);
  g_assert_false (bsn_level_parse ("Premium", BSN_BAND_LOW, &tier, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Premium"));
  g_clear_error (&error);
  g_assert_false (bsn_level_parse ("Diamond", BSN_BAND_LOW, &tier, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (bsn_level_name_stopwatch (BSN_BAND_HIGH, 1), ==, "Premium");
  g_assert_cmpstr (bsn_level_name_stopwatch (BSN_BAND_LOW, 2), ==, "Standard");
  g_assert_cmpstr (bsn_level_name_lelang (3), ==, "Platinum");
}

static void
test_store_validation (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  struct { const char *code; const char *name; int hours; gint32 margin; BsnBand band; const char *says; } bad[] = {
    { "", "X", 10, 1400, BSN_BAND_LOW, "wajib" },
    { "TOKO BARU", "X", 10, 1400, BSN_BAND_LOW, "huruf, angka" },
    { "T\"1", "X", 10, 1400, BSN_BAND_LOW, "huruf, angka" },
    { "T1", "   ", 10, 1400, BSN_BAND_LOW, "wajib" },
    { "T1", "X", 0, 1400, BSN_BAND_LOW, "Jam buka" },
    { "T1", "X", 25, 1400, BSN_BAND_LOW, "Jam buka" },
    { "T1", "X", 10, 1800, BSN_BAND_LOW, "tidak cocok" },
    { "T1", "X", 10, 1000, BSN_BAND_HIGH, "tidak cocok" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(BsnStore) s = bsn_store_new ();
      g_autoptr(GError) error = NULL;

      s->code = g_strdup (bad[i].code);
      s->name = g_strdup (bad[i].name);
      s->hours = bad[i].hours;
      s->margin_bp = bad[i].margin;
      s->band = bad[i].band;
      g_assert_false (bsn_store_add (t->db, s, &error));
      g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
      if (strstr (error->message, bad[i].says) == NULL)
        g_error ("case %u: “%s” lacks “%s”", i, error->message, bad[i].says);
    }
  g_assert_cmpint (bsn_store_count (t->db), ==, 0);
}

static void
test_store_duplicate_and_update (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnStore) s = bsn_store_new ();
  g_autoptr(BsnStore) got = NULL;
  g_autoptr(GError) error = NULL;

  bsn_test_add_store (t->db, "TK1", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Basic", BSN_SCHEMES_BOTH);
  bsn_test_add_store (t->db, "TK2", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Basic", BSN_SCHEMES_BOTH);
  s->code = g_strdup ("TK1");
  s->name = g_strdup ("Lain");
  g_assert_false (bsn_store_add (t->db, s, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_EXISTS);
  g_clear_error (&error);

  got = bsn_store_find (t->db, "TK1", &error);
  g_free (got->name);
  got->name = g_strdup ("Toko Sembako “Berkah” 🛒");
  got->min_purchase_rp = 200000;
  got->active = FALSE;
  g_assert_true (bsn_store_update (t->db, got, &error));
  g_assert_no_error (error);
  g_free (got->code);
  got->code = g_strdup ("TK2");
  g_assert_false (bsn_store_update (t->db, got, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_EXISTS);
  g_clear_pointer (&got, bsn_store_free);
  got = bsn_store_find (t->db, "TK1", NULL);
  g_assert_cmpstr (got->name, ==, "Toko Sembako “Berkah” 🛒");
  g_assert_cmpint (got->min_purchase_rp, ==, 200000);
  g_assert_false (got->active);
}

static void
test_customers (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  const char *bad_phones[] = { "abc", "12", "0812+3456789", "1234567890123456789" };

  bsn_test_add_customer (t->db, "C001", "Siti Suryani");
  bsn_test_add_customer (t->db, "C002", "Budi Hidayat");
  bsn_test_add_customer (t->db, "C003", "محمد علي");   /* right-to-left names are fine */

  found = bsn_customer_search (t->db, "siti", 0, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((BsnCustomer *) found->pdata[0])->code, ==, "C001");
  g_clear_pointer (&found, g_ptr_array_unref);
  found = bsn_customer_search (t->db, NULL, 0, &error);
  g_assert_cmpuint (found->len, ==, 3);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = bsn_customer_search (t->db, "c00", 2, &error);
  g_assert_cmpuint (found->len, ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (bad_phones); i++)
    {
      g_autoptr(BsnCustomer) c = bsn_customer_new ();
      c->code = g_strdup ("C9");
      c->name = g_strdup ("Tes");
      g_free (c->phone);
      c->phone = g_strdup (bad_phones[i]);
      g_assert_false (bsn_customer_add (t->db, c, &error));
      g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
      g_clear_error (&error);
    }
  {
    g_autoptr(BsnCustomer) c = bsn_customer_new ();
    g_autofree char *longname = g_strnfill (10000, 'a');
    c->code = g_strdup ("C9");
    c->name = g_strdup (longname);
    g_assert_false (bsn_customer_add (t->db, c, &error));
    g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "terlalu panjang"));
  }
  g_assert_cmpint (bsn_customer_count (t->db), ==, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/registry/store/roles-and-parent", test_store_roles_and_parent);
  g_test_add_func ("/registry/store/levels", test_levels);
  g_test_add_func ("/registry/store/validation", test_store_validation);
  g_test_add_func ("/registry/store/duplicate-and-update", test_store_duplicate_and_update);
  g_test_add_func ("/registry/customers", test_customers);
  return g_test_run ();
}
