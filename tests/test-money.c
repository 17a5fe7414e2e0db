/* test-money.c — Rupiah, basis points and points (DOMAIN.md §2). */
#include "config.h"

#include <string.h>

#include "bsn-error.h"
#include "bsn-money.h"

static void
test_money_parse_indonesian (void)
{
  struct { const char *text; gint64 rp; } ok[] = {
    { "Rp1.250.000", 1250000 },
    { "1.250.000", 1250000 },
    { "1250000", 1250000 },
    { "Rp 1.250.000", 1250000 },
    { "rp1.000", 1000 },
    { "Rp.15.000", 15000 },
    { "  Rp200.000  ", 200000 },
    { "Rp1.250.000,00", 1250000 },
    { "-Rp500", -500 },
    { "Rp-500", -500 },
    { "0", 0 },
    { "Rp9.223.372.036.854.775.807", G_MAXINT64 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 v = -1;
      g_assert_true (bsn_money_parse (ok[i].text, &v, &error));
      g_assert_no_error (error);
      g_assert_cmpint (v, ==, ok[i].rp);
    }
}

static void
test_money_parse_garbage (void)
{
  struct { const char *text; const char *says; } bad[] = {
    { "", "kosong" },
    { "Rp", "tidak ada angkanya" },
    { "12x", "“x” pada posisi 3" },
    { "1.25.000", "tiga angka" },
    { "1.2500", "tiga angka" },
    { "1.", "tiga angka" },
    { "Rp1.000,50", "pecahan sen" },
    { "Rp9.223.372.036.854.775.808", "terlalu besar" },
    { "99999999999999999999", "terlalu besar" },
    { "1 000", "posisi 3" },
    { "€100", "posisi 1" },
    { "Rp1.000,", "posisi" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 v = 42;
      g_assert_false (bsn_money_parse (bad[i].text, &v, &error));
      g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
      if (strstr (error->message, bad[i].says) == NULL)
        g_error ("“%s”: message “%s” lacks “%s”", bad[i].text, error->message, bad[i].says);
      g_assert_cmpint (v, ==, 42);
    }
}

static void
test_money_parse_nonneg (void)
{
  g_autoptr(GError) error = NULL;
  gint64 v;

  g_assert_false (bsn_money_parse_nonneg ("-Rp1", &v, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "negatif"));
}

static void
test_money_format (void)
{
  struct { gint64 rp; const char *text; } cases[] = {
    { 0, "Rp0" },
    { 500, "Rp500" },
    { 1000, "Rp1.000" },
    { 15000, "Rp15.000" },
    { 1250000, "Rp1.250.000" },
    { -2250, "-Rp2.250" },
    { G_MAXINT64, "Rp9.223.372.036.854.775.807" },
    { G_MININT64, "-Rp9.223.372.036.854.775.808" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = bsn_money_format (cases[i].rp);
      g_assert_cmpstr (s, ==, cases[i].text);
    }
}

static void
test_money_roundtrip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (int i = 0; i < 10000; i++)
    {
      gint64 v = ((gint64) g_rand_int (rand) << 31 ^ g_rand_int (rand)) * (g_rand_boolean (rand) ? 1 : -1);
      g_autofree char *s = bsn_money_format (v);
      gint64 back = 0;
      g_assert_true (bsn_money_parse (s, &back, NULL));
      g_assert_cmpint (back, ==, v);
    }
}

static void
test_bp_parse (void)
{
  struct { const char *text; gint32 bp; } ok[] = {
    { "3,5 %", 350 }, { "3,5%", 350 }, { "3,5", 350 }, { "3.5", 350 }, { "6", 600 },
    { "6,5", 650 }, { "0,25", 25 }, { "0,5 %", 50 }, { "100 %", 10000 }, { "0", 0 }, { " 2,50 ", 250 },
  };
  const char *bad[] = { "", "abc", "3,555", "101", "-1", "3,5 %%", "3,5 persen", "1,2,3" };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      gint32 v = -1;
      g_autoptr(GError) error = NULL;
      g_assert_true (bsn_bp_parse (ok[i].text, &v, &error));
      g_assert_no_error (error);
      g_assert_cmpint (v, ==, ok[i].bp);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint32 v = -1;
      g_autoptr(GError) error = NULL;
      g_assert_false (bsn_bp_parse (bad[i], &v, &error));
      g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
      g_assert_cmpint (v, ==, -1);
    }
}

static void
test_bp_format (void)
{
  struct { gint32 bp; const char *text; } cases[] = {
    { 350, "3,5 %" }, { 600, "6 %" }, { 25, "0,25 %" }, { 650, "6,5 %" }, { 0, "0 %" }, { 10000, "100 %" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = bsn_bp_format (cases[i].bp);
      g_assert_cmpstr (s, ==, cases[i].text);
    }
}

static void
test_points (void)
{
  g_autofree char *a = bsn_points_format (2250);
  g_autofree char *b = bsn_points_format (15000);
  g_autofree char *c = bsn_points_format (1500);
  gint64 rp;

  /* DOMAIN.md §2: Rp2.250 is shown as "2,25 poin". */
  g_assert_cmpstr (a, ==, "2,25 poin");
  g_assert_cmpstr (b, ==, "15 poin");
  g_assert_cmpstr (c, ==, "1,5 poin");
  g_assert_true (bsn_points_parse ("2,25", &rp, NULL));
  g_assert_cmpint (rp, ==, 2250);
  g_assert_true (bsn_points_parse ("300", &rp, NULL));
  g_assert_cmpint (rp, ==, 300000);
  g_assert_false (bsn_points_parse ("1,2345", &rp, NULL));
  g_assert_false (bsn_points_parse ("-5", &rp, NULL));
}

static void
test_apply_bp_floor (void)
{
  /* value = floor(amount × bp / 10 000) */
  g_assert_cmpint (bsn_money_apply_bp (250000, 600), ==, 15000);
  g_assert_cmpint (bsn_money_apply_bp (150000, 150), ==, 2250);
  g_assert_cmpint (bsn_money_apply_bp (100000, 650), ==, 6500);
  g_assert_cmpint (bsn_money_apply_bp (19999, 50), ==, 99);   /* 99,995 → 99 */
  g_assert_cmpint (bsn_money_apply_bp (1, 9999), ==, 0);
  /* Large amounts do not overflow the intermediate product. */
  g_assert_cmpint (bsn_money_apply_bp (G_MAXINT64, 10000), ==, G_MAXINT64);
  g_assert_cmpint (bsn_money_apply_bp (G_MAXINT64, 1300), ==, (gint64) (((__int128) G_MAXINT64 * 1300) / 10000));
  g_assert_cmpint (bsn_money_apply_bp (999999999999999, 650), ==, 64999999999999);
}

static void
test_split_adds_up (void)
{
  const gint32 scheme_b[] = { 2500, 4000, 3500 };
  const gint32 scheme_a[] = { 4000, 6000 };
  gint64 parts[3];
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);

  bsn_money_split (1001, scheme_b, 3, 2, parts);
  g_assert_cmpint (parts[0], ==, 250);
  g_assert_cmpint (parts[1], ==, 400);
  g_assert_cmpint (parts[2], ==, 351);  /* remainder to the anak */

  bsn_money_split (200000, scheme_a, 2, 1, parts);
  g_assert_cmpint (parts[0], ==, 80000);
  g_assert_cmpint (parts[1], ==, 120000);

  for (int i = 0; i < 5000; i++)
    {
      gint64 total = g_rand_int_range (rand, -1000000, 100000000);
      bsn_money_split (total, scheme_b, 3, 2, parts);
      g_assert_cmpint (parts[0] + parts[1] + parts[2], ==, total);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/money/parse/indonesian", test_money_parse_indonesian);
  g_test_add_func ("/money/parse/garbage-refused-with-reason", test_money_parse_garbage);
  g_test_add_func ("/money/parse/nonneg", test_money_parse_nonneg);
  g_test_add_func ("/money/format", test_money_format);
  g_test_add_func ("/money/roundtrip", test_money_roundtrip);
  g_test_add_func ("/money/bp/parse", test_bp_parse);
  g_test_add_func ("/money/bp/format", test_bp_format);
  g_test_add_func ("/money/points", test_points);
  g_test_add_func ("/money/apply-bp/floor", test_apply_bp_floor);
  g_test_add_func ("/money/split/adds-up", test_split_adds_up);
  return g_test_run ();
}
