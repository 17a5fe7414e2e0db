/* test-quota-own.c — the quotas a store-day sets itself, and taking a
 * slot's own quota back (DOMAIN.md §5). */
#include "config.h"

#include "bsn-error.h"
#include "bsn-quota-own.h"
#include "bsn-quota.h"
#include "bsn-test-util.h"

static BsnTime
at (const char *iso)
{
  BsnTime t = 0;
  g_assert_true (bsn_time_parse (iso, &t, NULL));
  return t;
}

static BsnStore *
sayur_store (BsnDb *db)
{
  gint64 id = bsn_test_add_store (db, "SAYUR", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Platinum", BSN_SCHEMES_LELANG);
  BsnStore *s = bsn_store_get (db, id, NULL);

  s->opening_sec = 7 * 3600;
  s->min_purchase_rp = 200000;
  g_assert_true (bsn_store_update (db, s, NULL));
  return s;
}

/* Nothing typed: every quota is "none" and the store's default applies. */
static void
test_none_set (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnStore) s = sayur_store (t->db);
  gint64 day = bsn_time_day (at ("2026-11-22"));
  BsnQuotaOwn own;

  g_assert_true (bsn_quota_own_get (t->db, s->id, day, &own, NULL));
  g_assert_cmpint (own.day_rp, ==, -1);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpint (own.slot_rp[i], ==, -1);
}

/* The day's quota and slot X's own are reported where they were set, and
 * only for that store-day. */
static void
test_day_and_slot (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnStore) s = sayur_store (t->db);
  gint64 day = bsn_time_day (at ("2026-11-22"));
  BsnQuotaOwn own;

  g_assert_true (bsn_quota_set (t->db, s->id, day, 0, 150000, NULL));
  g_assert_true (bsn_quota_set (t->db, s->id, day, 10, 300000, NULL));
  g_assert_true (bsn_quota_own_get (t->db, s->id, day, &own, NULL));
  g_assert_cmpint (own.day_rp, ==, 150000);
  g_assert_cmpint (own.slot_rp[9], ==, 300000);
  for (guint i = 0; i < 9; i++)
    g_assert_cmpint (own.slot_rp[i], ==, -1);

  g_assert_true (bsn_quota_own_get (t->db, s->id, day + 1, &own, NULL));
  g_assert_cmpint (own.day_rp, ==, -1);
  g_assert_cmpint (own.slot_rp[9], ==, -1);
}

/* Clearing slot X's own quota makes it follow the day's again; clearing
 * the day's falls back to the store's default; clearing twice is fine. */
static void
test_clear_falls_back (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnStore) s = sayur_store (t->db);
  gint64 day = bsn_time_day (at ("2026-11-22"));
  BsnTime slot_x = at ("2026-11-22T16:30:00");
  g_autoptr(GError) error = NULL;
  BsnQuotaOwn own;
  gint64 quota;

  g_assert_true (bsn_quota_set (t->db, s->id, day, 0, 150000, NULL));
  g_assert_true (bsn_quota_set (t->db, s->id, day, 10, 300000, NULL));
  g_assert_true (bsn_quota_min_purchase_at (t->db, s, slot_x, &quota, NULL));
  g_assert_cmpint (quota, ==, 300000);

  g_assert_true (bsn_quota_clear (t->db, s->id, day, 10, NULL));
  g_assert_true (bsn_quota_min_purchase_at (t->db, s, slot_x, &quota, NULL));
  g_assert_cmpint (quota, ==, 150000);
  g_assert_true (bsn_quota_clear (t->db, s->id, day, 10, NULL));

  g_assert_true (bsn_quota_clear (t->db, s->id, day, 0, NULL));
  g_assert_true (bsn_quota_min_purchase_at (t->db, s, slot_x, &quota, NULL));
  g_assert_cmpint (quota, ==, 200000);
  g_assert_true (bsn_quota_own_get (t->db, s->id, day, &own, NULL));
  g_assert_cmpint (own.day_rp, ==, -1);

  g_assert_false (bsn_quota_clear (t->db, s->id, day, 11, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/quota-own/none-set", test_none_set);
  g_test_add_func ("/quota-own/day-and-slot", test_day_and_slot);
  g_test_add_func ("/quota-own/clear-falls-back", test_clear_falls_back);
  return g_test_run ();
}
