/* test-quota-checks.c — the checks of a store-day's plan (DOMAIN.md §5):
 * minimum purchase quotas, opening hours, caps and the stock plan; every
 * refusal with its Indonesian message, and a refused change writes
 * nothing, not even an audit entry. Days are fixed (20793 = 6 Dec 2026). */
#include "config.h"

#include <string.h>

#include "bsn-audit.h"
#include "bsn-error.h"
#include "bsn-quota.h"
#include "bsn-test-util.h"

#define DAY 20793

static guint
audit_count (BsnDb      *db,
             const char *action)
{
  g_autoptr(GPtrArray) rows = bsn_audit_list (db, 0, 0, action, NULL);

  g_assert_nonnull (rows);
  return rows != NULL ? rows->len : G_MAXUINT;
}

static void
assert_error (GError     **error,
              gint         code,
              const char  *message)
{
  g_assert_error (*error, BSN_ERROR, code);
  g_assert_cmpstr ((*error)->message, ==, message);
  g_clear_error (error);
}

static void
test_quota_and_hours (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 tk = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_BOTH);
  g_autoptr(BsnStore) s = bsn_store_get (t->db, tk, NULL);
  g_autoptr(GError) error = NULL;
  BsnDayPlan plan;
  gint64 rp = -1;

  g_assert_false (bsn_quota_set (t->db, tk, DAY, 3, -1, &error));
  assert_error (&error, BSN_ERROR_INVALID, "Kuota belanja minimal tidak boleh negatif");
  g_assert_false (bsn_quota_set (t->db, tk, DAY, -1, 1000, &error));
  assert_error (&error, BSN_ERROR_INVALID, "Slot harus I sampai X");
  g_assert_false (bsn_quota_set (t->db, tk, DAY, 11, 1000, &error));
  assert_error (&error, BSN_ERROR_INVALID, "Slot harus I sampai X");
  g_assert_cmpuint (audit_count (t->db, "quota.set"), ==, 0);

  /* Slot X and 0 (every slot) are the ends; Rp0 is a quota. */
  g_assert_true (bsn_quota_set (t->db, tk, DAY, 10, 0, &error));
  g_assert_true (bsn_quota_set (t->db, tk, DAY, 0, 75000, &error));
  g_assert_no_error (error);
  g_assert_true (bsn_quota_min_purchase_in_slot (t->db, s, DAY, 10, &rp, &error));
  g_assert_cmpint (rp, ==, 0);
  g_assert_true (bsn_quota_min_purchase_in_slot (t->db, s, DAY, 9, &rp, &error));
  g_assert_cmpint (rp, ==, 75000);
  g_assert_true (bsn_quota_min_purchase_in_slot (t->db, s, DAY + 1, 9, &rp, &error));
  g_assert_cmpint (rp, ==, s->min_purchase_rp);
  g_assert_cmpuint (audit_count (t->db, "quota.set"), ==, 2);

  static const struct { gint opening, hours; } bad_hours[] = { { -1, 10 }, { 86400, 10 }, { 0, 0 }, { 0, 25 } };
  for (guint i = 0; i < G_N_ELEMENTS (bad_hours); i++)
    {
      g_assert_false (bsn_day_plan_set_hours (t->db, tk, DAY, bad_hours[i].opening, bad_hours[i].hours, &error));
      assert_error (&error, BSN_ERROR_INVALID, "Jam buka harus 00:00–23:59 dan lama buka 1 sampai 24 jam");
    }
  g_assert_true (bsn_day_plan_get (t->db, s, DAY, &plan, &error));
  g_assert_false (plan.planned);
  g_assert_cmpint (plan.opening_sec, ==, s->opening_sec);
  g_assert_cmpint (plan.hours, ==, s->hours);
  g_assert_cmpint (plan.slot_recipients, ==, -1);
  g_assert_cmpint (plan.daily_budget_rp, ==, -1);
  g_assert_cmpuint (audit_count (t->db, "quota.hours"), ==, 0);

  /* 23:59 for 24 hours is a plan. */
  g_assert_true (bsn_day_plan_set_hours (t->db, tk, DAY, 86399, 24, &error));
  g_assert_no_error (error);
  g_assert_true (bsn_day_plan_get (t->db, s, DAY, &plan, &error));
  g_assert_true (plan.planned);
  g_assert_cmpint (plan.opening_sec, ==, 86399);
  g_assert_cmpint (plan.hours, ==, 24);
}

/* Caps: a negative value leaves that cap as it was; clearing removes both. */
static void
test_caps (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 tk = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_BOTH);
  g_autoptr(BsnStore) s = bsn_store_get (t->db, tk, NULL);
  g_autoptr(GError) error = NULL;
  BsnDayPlan plan;

  g_assert_true (bsn_day_plan_set_caps (t->db, tk, DAY, 4, 300000, &error));
  g_assert_true (bsn_day_plan_set_caps (t->db, tk, DAY, -1, 250000, &error));
  g_assert_no_error (error);
  g_assert_true (bsn_day_plan_get (t->db, s, DAY, &plan, &error));
  g_assert_cmpint (plan.slot_recipients, ==, 4);
  g_assert_cmpint (plan.daily_budget_rp, ==, 250000);
  g_assert_true (bsn_day_plan_set_caps (t->db, tk, DAY, 6, -1, &error));
  g_assert_true (bsn_day_plan_get (t->db, s, DAY, &plan, &error));
  g_assert_cmpint (plan.slot_recipients, ==, 6);
  g_assert_cmpint (plan.daily_budget_rp, ==, 250000);
  g_assert_true (bsn_day_plan_clear_caps (t->db, tk, DAY, &error));
  g_assert_no_error (error);
  g_assert_true (bsn_day_plan_get (t->db, s, DAY, &plan, &error));
  g_assert_true (plan.planned);
  g_assert_cmpint (plan.slot_recipients, ==, -1);
  g_assert_cmpint (plan.daily_budget_rp, ==, -1);
  /* The store's hours stay the plan's. */
  g_assert_cmpint (plan.opening_sec, ==, s->opening_sec);
  g_assert_cmpint (plan.hours, ==, s->hours);
  /* Three caps set, one cleared: the clearing is its own action, so the
   * trail never reads it as "0 penerima per slot, anggaran harian Rp0". */
  g_assert_cmpuint (audit_count (t->db, "quota.caps"), ==, 3);
  g_assert_cmpuint (audit_count (t->db, "quota.caps-clear"), ==, 1);
  {
    g_autoptr(GPtrArray) rows = bsn_audit_list (t->db, 0, 0, NULL, NULL);
    BsnAuditEntry *last = NULL;
    g_autofree char *sentence = NULL;

    for (guint i = 0; i < rows->len; i++)
      if (g_str_equal (((BsnAuditEntry *) rows->pdata[i])->action, "quota.caps-clear"))
        last = rows->pdata[i];
    g_assert_nonnull (last);
    sentence = bsn_audit_entry_sentence (t->db, last);
    g_assert_true (g_str_has_suffix (sentence, ": tanpa batas penerima per slot dan anggaran harian."));
    g_assert_null (strstr (sentence, "Rp0"));
  }
}

/* The stock plan: names, quantities and prices checked; a line removed
 * must exist. */
static void
test_stock (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 tk = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_BOTH);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  static const struct { const char *item, *unit; gint64 qty, price; const char *message; } bad[] = {
    { "", "kg", 1000, 100, "Nama barang wajib diisi" },
    { "Gula\n", "kg", 1000, 100, "Nama barang berisi karakter kendali yang tidak boleh" },
    { "Gula", " ", 1000, 100, "Nama satuan wajib diisi" },
    { "Gula", NULL, 1000, 100, "Nama satuan bukan teks UTF-8 yang sah" },
    { "Gula", "kg", 0, 100, "Jumlah barang harus lebih dari nol dan harga tidak negatif" },
    { "Gula", "kg", -5, 100, "Jumlah barang harus lebih dari nol dan harga tidak negatif" },
    { "Gula", "kg", 1000, -1, "Jumlah barang harus lebih dari nol dan harga tidak negatif" },
    { "Gula", "kg", 1000, 1000000000001, "Jumlah barang harus lebih dari nol dan harga tidak negatif" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      BsnStockLine line = { (char *) bad[i].item, bad[i].qty, (char *) bad[i].unit, bad[i].price, FALSE };
      g_assert_false (bsn_stock_set (t->db, tk, DAY, &line, &error));
      assert_error (&error, BSN_ERROR_INVALID, bad[i].message);
    }
  g_assert_cmpuint (audit_count (t->db, "quota.stock"), ==, 0);
  list = bsn_stock_list (t->db, tk, DAY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  {
    BsnStockLine gula = { (char *) "Gula", 1500, (char *) "kg", 1000000000000, TRUE };
    BsnStockLine gula2 = { (char *) "Gula", 1, (char *) "ons", 0, FALSE };
    g_assert_true (bsn_stock_set (t->db, tk, DAY, &gula, &error));
    g_assert_no_error (error);
    /* The same item again replaces the line. */
    g_assert_true (bsn_stock_set (t->db, tk, DAY, &gula2, &error));
    g_assert_no_error (error);
  }
  list = bsn_stock_list (t->db, tk, DAY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  {
    BsnStockLine *l = list->pdata[0];
    g_assert_cmpstr (l->item, ==, "Gula");
    g_assert_cmpint (l->qty_milli, ==, 1);
    g_assert_cmpstr (l->unit, ==, "ons");
    g_assert_cmpint (l->unit_price_rp, ==, 0);
    g_assert_false (l->perishable);
  }

  g_assert_false (bsn_stock_remove (t->db, tk, DAY, "Garam", &error));
  assert_error (&error, BSN_ERROR_NOT_FOUND, "Barang “Garam” tidak ada di stok hari itu");
  g_assert_false (bsn_stock_remove (t->db, tk, DAY + 1, "Gula", &error));
  assert_error (&error, BSN_ERROR_NOT_FOUND, "Barang “Gula” tidak ada di stok hari itu");
  g_assert_cmpuint (audit_count (t->db, "quota.stock-remove"), ==, 0);
  g_assert_true (bsn_stock_remove (t->db, tk, DAY, "Gula", &error));
  g_assert_no_error (error);
  /* A removal is in the trail too, with the line it removed. */
  g_assert_cmpuint (audit_count (t->db, "quota.stock-remove"), ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = bsn_stock_list (t->db, tk, DAY, &error);
  g_assert_cmpuint (list->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/quota-checks/quota-and-hours", test_quota_and_hours);
  g_test_add_func ("/quota-checks/caps", test_caps);
  g_test_add_func ("/quota-checks/stock", test_stock);
  return g_test_run ();
}
