/* test-tiers.c — the default tables of DOMAIN.md §4, versions, history and
 * the margin safety rule of §3. */
#include <sqlite3.h>
#include "config.h"

#include <string.h>

#include "bsn-error.h"
#include "bsn-tiers.h"
#include "bsn-test-util.h"

static BsnTime
at (const char *iso)
{
  BsnTime t = 0;
  g_assert_true (bsn_time_parse (iso, &t, NULL));
  return t;
}

static gint32
rate (const BsnTierTable *t,
      BsnBand             band,
      gint                tier,
      gint                key)
{
  gint32 bp = -1;
  g_assert_true (bsn_tier_table_lookup (t, band, tier, key, &bp));
  return bp;
}

static void
test_default_stopwatch (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnTierTable) sw = bsn_tiers_table_at (t->db, BSN_SCHEME_STOPWATCH, at ("2026-11-22"), NULL);
  /* Rows of DOMAIN.md §4.1, digits 1…9, 0. */
  const gint table[2][3][10] = {
    { { 2, 2, 2, 3, 3, 3, 4, 4, 4, 5 }, { 2, 2, 3, 3, 4, 4, 5, 5, 6, 6 }, { 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 } },
    { { 4, 4, 4, 5, 5, 5, 6, 6, 6, 7 }, { 4, 4, 5, 5, 6, 6, 7, 7, 8, 8 }, { 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 } },
  };

  g_assert_nonnull (sw);
  g_assert_cmpuint (sw->rates->len, ==, 60);
  for (gint b = 0; b < 2; b++)
    for (gint tier = 1; tier <= 3; tier++)
      for (gint col = 0; col < 10; col++)
        g_assert_cmpint (rate (sw, b ? BSN_BAND_HIGH : BSN_BAND_LOW, tier, (col + 1) % 10), ==,
                         table[b][tier - 1][col] * 100);
  g_assert_cmpint (bsn_tier_table_top_rate (sw, BSN_BAND_HIGH, 3), ==, 1300);
}

static void
test_default_lelang_versions (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnTierTable) now = bsn_tiers_table_at (t->db, BSN_SCHEME_LELANG, at ("2026-11-22T16:00:00"), NULL);
  g_autoptr(BsnTierTable) old = bsn_tiers_table_at (t->db, BSN_SCHEME_LELANG, at ("2025-06-01"), NULL);
  g_autoptr(GPtrArray) history = bsn_tiers_history (t->db, BSN_SCHEME_LELANG, NULL);

  g_assert_cmpstr (now->version.name, ==, "Rekomendasi");
  g_assert_cmpstr (old->version.name, ==, "Awal");
  g_assert_cmpuint (history->len, ==, 2);
  /* Rekomendasi: < 15 % Platinum X = 6,5 %; ≥ 15 % Platinum X = 8,0 %; ≥ 15 % Gold VIII = 5,0 %. */
  g_assert_cmpint (rate (now, BSN_BAND_LOW, 3, 10), ==, 650);
  g_assert_cmpint (rate (now, BSN_BAND_HIGH, 3, 10), ==, 800);
  g_assert_cmpint (rate (now, BSN_BAND_HIGH, 2, 8), ==, 500);
  g_assert_cmpint (rate (now, BSN_BAND_LOW, 1, 1), ==, 200);
  /* Awal: < 15 % Platinum X = 8,0 %; ≥ 15 % Platinum X = 16 %; < 15 % Gold X = 5,5 %. */
  g_assert_cmpint (rate (old, BSN_BAND_LOW, 3, 10), ==, 800);
  g_assert_cmpint (rate (old, BSN_BAND_HIGH, 3, 10), ==, 1600);
  g_assert_cmpint (rate (old, BSN_BAND_LOW, 2, 10), ==, 550);
  g_assert_cmpint (rate (old, BSN_BAND_HIGH, 1, 1), ==, 700);
}

static void
test_default_siaga (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnTierTable) s = bsn_tiers_table_at (t->db, BSN_SCHEME_SIAGA, at ("2026-11-22"), NULL);

  g_assert_cmpint (bsn_tier_table_siaga_rate (s, 0), ==, 0);
  g_assert_cmpint (bsn_tier_table_siaga_rate (s, 49999), ==, 0);
  g_assert_cmpint (bsn_tier_table_siaga_rate (s, 50000), ==, 50);
  g_assert_cmpint (bsn_tier_table_siaga_rate (s, 150000), ==, 100);
  g_assert_cmpint (bsn_tier_table_siaga_rate (s, 300000), ==, 150);
  g_assert_cmpint (bsn_tier_table_siaga_rate (s, 500000), ==, 200);
  g_assert_cmpint (bsn_tier_table_siaga_rate (s, 700000), ==, 250);
}

static void
test_edit_is_new_version (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  BsnTierEdit both = { BSN_BAND_LOW, TRUE, 3, 10, 700 };
  BsnTierEdit high_only = { BSN_BAND_HIGH, FALSE, 1, 1, 310 };
  gint64 v1, v2;

  v1 = bsn_tiers_edit (t->db, BSN_SCHEME_LELANG, &both, 1, at ("2026-12-01T00:00:00"), "Bu Sri", "Stok sayur "
                       "berlebih", warnings, &error);
  g_assert_no_error (error);
  v2 = bsn_tiers_edit (t->db, BSN_SCHEME_LELANG, &high_only, 1, at ("2026-12-01T00:00:00"), "Bu Sri",
                       "Silver pagi", warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpint (v2, >, v1);
  {
    g_autoptr(BsnTierTable) dec = bsn_tiers_table_at (t->db, BSN_SCHEME_LELANG, at ("2026-12-02"), NULL);
    g_autoptr(BsnTierTable) nov = bsn_tiers_table_at (t->db, BSN_SCHEME_LELANG, at ("2026-11-30"), NULL);
    g_autoptr(BsnTierTable) first = bsn_tiers_table_get (t->db, v1, NULL);
    /* The later edit of the same moment builds on the earlier one. */
    g_assert_cmpint (dec->version.id, ==, v2);
    g_assert_cmpint (rate (dec, BSN_BAND_LOW, 3, 10), ==, 700);
    g_assert_cmpint (rate (dec, BSN_BAND_HIGH, 3, 10), ==, 700);
    g_assert_cmpint (rate (dec, BSN_BAND_HIGH, 1, 1), ==, 310);
    g_assert_cmpint (rate (dec, BSN_BAND_LOW, 1, 1), ==, 200);
    g_assert_cmpint (rate (nov, BSN_BAND_LOW, 3, 10), ==, 650);
    g_assert_cmpint (rate (first, BSN_BAND_HIGH, 1, 1), ==, 300);
    g_assert_cmpstr (dec->version.author, ==, "Bu Sri");
    g_assert_cmpstr (dec->version.reason, ==, "Silver pagi");
  }
  /* Rates and versions cannot be changed in place. */
  g_assert_cmpint (bsn_test_raw_exec (t->db, "UPDATE tier_rates SET rate_bp = 1"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (bsn_test_raw_exec (t->db, "DELETE FROM tier_versions"), ==, SQLITE_CONSTRAINT);
}

static void
test_edit_validation (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  BsnTierEdit bad_digit = { BSN_BAND_LOW, FALSE, 1, 10, 100 };
  BsnTierEdit ok = { BSN_BAND_LOW, FALSE, 1, 1, 100 };
  BsnTierEdit threshold = { BSN_BAND_LOW, FALSE, 0, 1000, 300 };

  g_assert_cmpint (bsn_tiers_edit (t->db, BSN_SCHEME_STOPWATCH, &bad_digit, 1, 0, "x", "y", NULL, &error), ==, 0);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (bsn_tiers_edit (t->db, BSN_SCHEME_STOPWATCH, &ok, 1, 0, "x", "  ", NULL, &error), ==, 0);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);
  /* Siaga grows by a new threshold. */
  g_assert_cmpint (bsn_tiers_edit (t->db, BSN_SCHEME_SIAGA, &threshold, 1, at ("2027-01-01"), "x", "Pelanggan "
                                   "emas", NULL, &error), >, 0);
  {
    g_autoptr(BsnTierTable) s = bsn_tiers_table_at (t->db, BSN_SCHEME_SIAGA, at ("2027-02-01"), NULL);
    g_assert_cmpint (bsn_tier_table_siaga_rate (s, 1000000), ==, 300);
    g_assert_cmpint (bsn_tier_table_siaga_rate (s, 999999), ==, 250);
  }
}

static void
test_margin_safety (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnStore) s = bsn_store_new ();
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  BsnTierEdit too_high = { BSN_BAND_LOW, FALSE, 3, 0, 1500 };
  BsnTierEdit warn = { BSN_BAND_LOW, FALSE, 3, 0, 1200 };

  s->code = g_strdup ("TK");
  s->name = g_strdup ("Toko");
  s->band = BSN_BAND_LOW;
  s->tier = 3;                  /* Plus: up to 11 % */
  s->schemes = BSN_SCHEMES_STOPWATCH;
  s->margin_bp = 1000;          /* 10 % margin: refused */
  g_assert_false (bsn_store_add (t->db, s, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "Plus"));
  g_assert_nonnull (strstr (error->message, "11 %"));
  g_assert_nonnull (strstr (error->message, "10 %"));
  g_clear_error (&error);

  s->margin_bp = 1400;          /* 11 % > 70 % of 14 % = 9,8 %: warned */
  g_assert_true (bsn_store_add (t->db, s, &error));
  g_assert_true (bsn_tiers_check_store_margin (t->db, s, at ("2026-11-22"), warnings, NULL));
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "70 %"));
  g_ptr_array_set_size (warnings, 0);

  /* An owner's edit that lifts Plus above the store's margin is refused;
   * one that stays under it is saved with a warning. */
  g_assert_cmpint (bsn_tiers_edit (t->db, BSN_SCHEME_STOPWATCH, &too_high, 1, at ("2027-01-01"), "x", "y", warnings,
                                   &error), ==, 0);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "15 %"));
  g_assert_nonnull (strstr (error->message, "TK"));
  g_clear_error (&error);
  /* The save dialog asks first, without saving (issue 16 §6): the same
   * refusal, the same warnings, and no version written. */
  g_assert_false (bsn_tiers_check_edit (t->db, BSN_SCHEME_STOPWATCH, &too_high, 1, at ("2027-01-01"), warnings,
                                        &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "15 %"));
  g_clear_error (&error);
  g_ptr_array_set_size (warnings, 0);
  g_assert_true (bsn_tiers_check_edit (t->db, BSN_SCHEME_STOPWATCH, &warn, 1, at ("2027-01-01"), warnings, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "70 %"));
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM tier_versions WHERE effective_from > 0 AND reason = 'y'",
                                     -1), ==, 0);
  g_ptr_array_set_size (warnings, 0);
  g_assert_cmpint (bsn_tiers_edit (t->db, BSN_SCHEME_STOPWATCH, &warn, 1, at ("2027-01-01"), "x", "y", warnings,
                                   &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, >=, 1);
}

static void
test_slot_names (void)
{
  gint slot;

  g_assert_cmpstr (bsn_slot_to_roman (1), ==, "I");
  g_assert_cmpstr (bsn_slot_to_roman (9), ==, "IX");
  g_assert_cmpstr (bsn_slot_to_roman (10), ==, "X");
  g_assert_true (bsn_slot_parse ("viii", &slot, NULL));
  g_assert_cmpint (slot, ==, 8);
  g_assert_true (bsn_slot_parse ("10", &slot, NULL));
  g_assert_cmpint (slot, ==, 10);
  g_assert_false (bsn_slot_parse ("XI", &slot, NULL));
  g_assert_false (bsn_slot_parse ("0", &slot, NULL));
}

static void
test_parse_csv (void)
{
  g_autoptr(GError) error = NULL;
  const char good[] = "band;level;key;rate\nlow;Plus;5;6,5\nhigh;Pro;0;13\n";
  const char lelang[] = "band,level,key,rate\nboth,Platinum,X,7\n";
  const char bad[] = "band,level,key,rate\nlow,Plus,5,6\nlow,Plus,12,6\n";
  g_autoptr(GArray) a = bsn_tiers_parse_csv (BSN_SCHEME_STOPWATCH, good, sizeof good - 1, &error);
  g_autoptr(GArray) b = bsn_tiers_parse_csv (BSN_SCHEME_LELANG, lelang, sizeof lelang - 1, &error);
  g_autoptr(GArray) c = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (a->len, ==, 2);
  g_assert_cmpint (g_array_index (a, BsnTierEdit, 0).rate_bp, ==, 650);
  g_assert_cmpint (g_array_index (a, BsnTierEdit, 1).band, ==, BSN_BAND_HIGH);
  g_assert_cmpint (g_array_index (a, BsnTierEdit, 1).tier, ==, 3);
  g_assert_true (g_array_index (b, BsnTierEdit, 0).all_bands);
  g_assert_cmpint (g_array_index (b, BsnTierEdit, 0).key, ==, 10);
  c = bsn_tiers_parse_csv (BSN_SCHEME_STOPWATCH, bad, sizeof bad - 1, &error);
  g_assert_null (c);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "baris 3"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tiers/defaults/stopwatch", test_default_stopwatch);
  g_test_add_func ("/tiers/defaults/lelang-awal-and-rekomendasi", test_default_lelang_versions);
  g_test_add_func ("/tiers/defaults/siaga", test_default_siaga);
  g_test_add_func ("/tiers/edit/new-version", test_edit_is_new_version);
  g_test_add_func ("/tiers/edit/validation", test_edit_validation);
  g_test_add_func ("/tiers/margin-safety", test_margin_safety);
  g_test_add_func ("/tiers/slot-names", test_slot_names);
  g_test_add_func ("/tiers/parse-csv", test_parse_csv);
  return g_test_run ();
}
