/* test-tier-csv.c — reading tier table cells from a CSV file (the owner's
 * spreadsheet, `tiers edit --file`) and the checks of each cell before a
 * new version is written (DOMAIN.md §3): every refusal names the line and
 * says what is wrong, in Indonesian. */
#include "config.h"

#include <string.h>

#include "bsn-error.h"
#include "bsn-test-util.h"
#include "bsn-tiers.h"

typedef struct
{
  BsnScheme   scheme;
  const char *text;
  const char *message;
} Refusal;

static void
test_refusals (void)
{
  static const Refusal cases[] = {
    { BSN_SCHEME_STOPWATCH, "band,level,key,rate\nlow,Plus,5,\xff\n", "Berkas tabel bukan teks UTF-8" },
    { BSN_SCHEME_STOPWATCH, "", "Baris judul tabel harus band,level,key,rate" },
    { BSN_SCHEME_STOPWATCH, "band,level,rate\nlow,Plus,6\n", "Baris judul tabel harus band,level,key,rate" },
    { BSN_SCHEME_STOPWATCH, "band;level;rate;key\n", "Baris judul tabel harus band,level,key,rate" },
    { BSN_SCHEME_STOPWATCH, "band,level,key,rate\n", "Berkas tabel tidak berisi tarif" },
    { BSN_SCHEME_STOPWATCH, "band,level,key,rate\n\n   \n\n", "Berkas tabel tidak berisi tarif" },
    { BSN_SCHEME_STOPWATCH, "band,level,key,rate\nlow,Plus,5\n", "baris 2: perlu empat kolom" },
    { BSN_SCHEME_STOPWATCH, "band,level,key,rate\nlow,Plus,5,6,7\n", "baris 2: perlu empat kolom" },
    /* A ';' file is split on ';' only. */
    { BSN_SCHEME_STOPWATCH, "band;level;key;rate\nlow;Plus;5;6,5\nlow,Plus,5,6\n", "baris 3: perlu empat kolom" },
    { BSN_SCHEME_STOPWATCH, "band,level,key,rate\nmid,Plus,5,6\n",
      "baris 2: Rentang keuntungan “mid” tidak dikenal: pilih low (< 15 %) atau high (≥ 15 %)" },
    { BSN_SCHEME_STOPWATCH, "band,level,key,rate\nlow,Gold,5,6\n", "baris 2: level stopwatch “Gold” tidak dikenal" },
    { BSN_SCHEME_STOPWATCH, "band,level,key,rate\nlow,Plus,x,6\n", "baris 2: kunci “x” bukan angka yang sah" },
    { BSN_SCHEME_STOPWATCH, "band,level,key,rate\nlow,Plus,10,6\n", "baris 2: kunci “10” bukan angka yang sah" },
    { BSN_SCHEME_STOPWATCH, "band,level,key,rate\nlow,Plus,-1,6\n", "baris 2: kunci “-1” bukan angka yang sah" },
    { BSN_SCHEME_STOPWATCH, "band,level,key,rate\nlow,Plus,5,abc\n",
      "baris 2: “abc” bukan persentase yang sah: tidak ada angkanya" },
    { BSN_SCHEME_STOPWATCH, "band,level,key,rate\nlow,Plus,5,\n", "baris 2: Persentase kosong" },
    { BSN_SCHEME_STOPWATCH, "band,level,key,rate\nlow,Plus,5,-1\n",
      "baris 2: “-1”: persentase tidak boleh negatif" },
    { BSN_SCHEME_STOPWATCH, "band,level,key,rate\nlow,Plus,5,101\n",
      "baris 2: “101”: persentase paling tinggi 100 %" },
    { BSN_SCHEME_STOPWATCH, "band,level,key,rate\nlow,Plus,5,1.234\n",
      "baris 2: “1.234” bukan persentase yang sah: paling banyak 2 angka di belakang koma" },
    { BSN_SCHEME_LELANG, "band,level,key,rate\nlow,Gold,XI,5\n", "baris 2: Slot “XI” tidak dikenal: pilih I sampai X" },
    { BSN_SCHEME_LELANG, "band,level,key,rate\nlow,Gold,0,5\n", "baris 2: Slot “0” tidak dikenal: pilih I sampai X" },
    { BSN_SCHEME_LELANG, "band,level,key,rate\nlow,Pro,I,5\n",
      "baris 2: Level Pro hanya untuk toko dengan keuntungan ≥ 15 %; untuk < 15 % pilih Basic, Standard atau Plus" },
    { BSN_SCHEME_LELANG, "band,level,key,rate\nlow,Emas,I,5\n",
      "baris 2: Level “Emas” tidak dikenal: pilih Basic, Standard, Plus, Premium, Elite, Pro, Silver, Gold atau "
      "Platinum" },
    { BSN_SCHEME_SIAGA, "band,level,key,rate\n,,10000001,2\n", "baris 2: kunci “10000001” bukan angka yang sah" },
    { BSN_SCHEME_SIAGA, "band,level,key,rate\n,,banyak,2\n", "baris 2: kunci “banyak” bukan angka yang sah" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) edits = bsn_tiers_parse_csv (cases[i].scheme, cases[i].text, strlen (cases[i].text), &error);
      g_assert_null (edits);
      g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static BsnTierEdit
edit_at (GArray *a,
         guint   i)
{
  return g_array_index (a, BsnTierEdit, i);
}

/* What is accepted: a byte-order mark, spaces, a percent sign, level
 * names in any case; a stopwatch level names its own band (the band column
 * is then ignored); siaga ignores band and level. */
static void
test_accepted (void)
{
  g_autoptr(GError) error = NULL;
  const char stopwatch[] = "\xEF\xBB\xBF" "band,level,key,rate\r\n"
                           " low , basic , 0 , 1 \r\n"
                           "high,plus,9,6 %\n"
                           "both,PRO,3,12.5\n";
  const char lelang[] = "band;level;key;rate\nboth;silver;iv;1,25\nhigh;Gold;10;0\nlow;Platinum;XII;100\n";
  const char siaga[] = "band,level,key,rate\n,,0,2\napa,saja,10000000,5\n";
  g_autoptr(GArray) a = bsn_tiers_parse_csv (BSN_SCHEME_STOPWATCH, stopwatch, sizeof stopwatch - 1, &error);
  g_autoptr(GArray) b = NULL;
  g_autoptr(GArray) c = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (a->len, ==, 3);
  g_assert_cmpint (edit_at (a, 0).band, ==, BSN_BAND_LOW);
  g_assert_cmpint (edit_at (a, 0).tier, ==, 1);
  g_assert_cmpint (edit_at (a, 0).key, ==, 0);
  g_assert_cmpint (edit_at (a, 0).rate_bp, ==, 100);
  g_assert_cmpint (edit_at (a, 1).band, ==, BSN_BAND_LOW);
  g_assert_cmpint (edit_at (a, 1).tier, ==, 3);
  g_assert_cmpint (edit_at (a, 1).key, ==, 9);
  g_assert_cmpint (edit_at (a, 1).rate_bp, ==, 600);
  g_assert_false (edit_at (a, 2).all_bands);
  g_assert_cmpint (edit_at (a, 2).band, ==, BSN_BAND_HIGH);
  g_assert_cmpint (edit_at (a, 2).tier, ==, 3);
  g_assert_cmpint (edit_at (a, 2).rate_bp, ==, 1250);

  b = bsn_tiers_parse_csv (BSN_SCHEME_LELANG, lelang, sizeof lelang - 1, &error);
  g_assert_null (b);
  g_assert_cmpstr (error->message, ==, "baris 4: Slot “XII” tidak dikenal: pilih I sampai X");
  g_clear_error (&error);
  b = bsn_tiers_parse_csv (BSN_SCHEME_LELANG, lelang, strstr (lelang, "low;") - lelang, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (b->len, ==, 2);
  g_assert_true (edit_at (b, 0).all_bands);
  g_assert_cmpint (edit_at (b, 0).tier, ==, 1);
  g_assert_cmpint (edit_at (b, 0).key, ==, 4);
  g_assert_cmpint (edit_at (b, 0).rate_bp, ==, 125);
  g_assert_false (edit_at (b, 1).all_bands);
  g_assert_cmpint (edit_at (b, 1).band, ==, BSN_BAND_HIGH);
  g_assert_cmpint (edit_at (b, 1).tier, ==, 2);
  g_assert_cmpint (edit_at (b, 1).key, ==, 10);
  g_assert_cmpint (edit_at (b, 1).rate_bp, ==, 0);

  c = bsn_tiers_parse_csv (BSN_SCHEME_SIAGA, siaga, sizeof siaga - 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->len, ==, 2);
  g_assert_cmpint (edit_at (c, 0).key, ==, 0);
  g_assert_cmpint (edit_at (c, 0).rate_bp, ==, 200);
  g_assert_cmpint (edit_at (c, 0).tier, ==, 0);
  g_assert_cmpint (edit_at (c, 1).key, ==, 10000000);
  g_assert_cmpint (edit_at (c, 1).rate_bp, ==, 500);
}

/* Cells given to bsn_tiers_edit() directly (the app's editor): each is
 * checked before anything is written; no version appears. */
static void
test_edit_checks (void)
{
  static const struct { BsnScheme scheme; BsnTierEdit e; const char *message; } cases[] = {
    { BSN_SCHEME_STOPWATCH, { BSN_BAND_LOW, FALSE, 1, 1, -1 }, "Tarif harus 0 sampai 100 %" },
    { BSN_SCHEME_LELANG, { BSN_BAND_LOW, FALSE, 1, 1, 10001 }, "Tarif harus 0 sampai 100 %" },
    { BSN_SCHEME_STOPWATCH, { BSN_BAND_LOW, FALSE, 0, 1, 100 }, "Level harus salah satu dari tiga level" },
    { BSN_SCHEME_LELANG, { BSN_BAND_HIGH, FALSE, 4, 1, 100 }, "Level harus salah satu dari tiga level" },
    { BSN_SCHEME_STOPWATCH, { BSN_BAND_LOW, FALSE, 1, -1, 100 }, "Angka keberuntungan harus 0 sampai 9" },
    { BSN_SCHEME_LELANG, { BSN_BAND_LOW, FALSE, 1, 0, 100 }, "Slot harus I sampai X" },
    { BSN_SCHEME_LELANG, { BSN_BAND_LOW, FALSE, 1, 11, 100 }, "Slot harus I sampai X" },
    { BSN_SCHEME_SIAGA, { BSN_BAND_LOW, FALSE, 0, -1, 100 }, "Ambang poin status harus 0 sampai 10.000.000" },
    { BSN_SCHEME_SIAGA, { BSN_BAND_LOW, FALSE, 0, 10000001, 100 }, "Ambang poin status harus 0 sampai 10.000.000" },
  };
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GPtrArray) before = bsn_tiers_history (t->db, -1, NULL);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  BsnTierEdit ok = { BSN_BAND_LOW, FALSE, 1, 1, 100 };

  g_assert_nonnull (before);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (bsn_tiers_edit (t->db, cases[i].scheme, &cases[i].e, 1, 0, "sri", "Uji", NULL, &error), ==, 0);
      g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_clear_error (&error);
    }
  g_assert_cmpint (bsn_tiers_edit (t->db, BSN_SCHEME_STOPWATCH, &ok, 0, 0, "sri", "Uji", NULL, &error), ==, 0);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Tidak ada tarif yang diubah");
  g_clear_error (&error);
  g_assert_cmpint (bsn_tiers_edit (t->db, BSN_SCHEME_STOPWATCH, &ok, 1, 0, "sri", NULL, NULL, &error), ==, 0);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Alasan perubahan tabel wajib diisi");
  g_clear_error (&error);

  after = bsn_tiers_history (t->db, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tier-csv/refusals", test_refusals);
  g_test_add_func ("/tier-csv/accepted", test_accepted);
  g_test_add_func ("/tier-csv/edit-checks", test_edit_checks);
  return g_test_run ();
}
