/* test-store.c — a store's master data (DOMAIN.md §2): every check of a
 * store's fields and of its place in the network, with its Indonesian
 * message; refused changes leave the store as it was. */
#include "config.h"

#include <string.h>

#include "bsn-audit.h"
#include "bsn-error.h"
#include "bsn-store.h"
#include "bsn-test-util.h"

static void
assert_invalid (BsnDb          *db,
                const BsnStore *s,
                gint            code,
                const char     *message)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (bsn_store_validate (db, s, &error));
  g_assert_error (error, BSN_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

static BsnStore *
valid_store (void)
{
  BsnStore *s = bsn_store_new ();

  s->code = g_strdup ("BARU");
  s->name = g_strdup ("Toko Baru");
  return s;
}

/* Codes and names: what a code may hold, what a name may not. */
static void
test_code_and_name (void)
{
  static const struct { const char *code, *name, *message; } cases[] = {
    { "", "Toko", "Kode toko wajib diisi" },
    { NULL, "Toko", "Kode toko wajib diisi" },
    { "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", "Toko", "Kode toko terlalu panjang (33 karakter, paling banyak 32)" },
    { "A B", "Toko", "Kode toko “A B” hanya boleh berisi huruf, angka, “-” dan “_”" },
    { "CBB.1", "Toko", "Kode toko “CBB.1” hanya boleh berisi huruf, angka, “-” dan “_”" },
    /* A code that is not even UTF-8 is not repeated. */
    { "C\xff", "Toko", "Kode toko “?” hanya boleh berisi huruf, angka, “-” dan “_”" },
    { "CBB", NULL, "Nama toko bukan teks UTF-8 yang sah" },
    { "CBB", "Toko \xc3", "Nama toko bukan teks UTF-8 yang sah" },
    { "CBB", " \t ", "Nama toko wajib diisi" },
    { "CBB", "Toko\tCibubur", "Nama toko berisi karakter kendali yang tidak boleh" },
    { "CBB", "Toko\xc2\x85" "Cibubur", "Nama toko berisi karakter kendali yang tidak boleh" },
  };
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BsnStore) s = valid_store ();
      g_free (s->code);
      g_free (s->name);
      s->code = g_strdup (cases[i].code);
      s->name = g_strdup (cases[i].name);
      assert_invalid (t->db, s, BSN_ERROR_INVALID, cases[i].message);
    }

  /* 32 characters of code, 200 characters of name (400 bytes) pass; 201
   * characters do not. */
  {
    g_autoptr(BsnStore) s = valid_store ();
    g_autoptr(GString) name = g_string_new (NULL);
    g_free (s->code);
    s->code = g_strdup ("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345");
    for (int i = 0; i < 200; i++)
      g_string_append (name, "é");
    g_free (s->name);
    s->name = g_strdup (name->str);
    g_assert_true (bsn_store_validate (t->db, s, &error));
    g_assert_no_error (error);
    g_string_append_c (name, 'x');
    g_free (s->name);
    s->name = g_strdup (name->str);
    assert_invalid (t->db, s, BSN_ERROR_INVALID, "Nama toko terlalu panjang (paling banyak 200 karakter)");
  }
  /* The same checks name what they check. */
  g_assert_false (bsn_code_validate ("", "pelanggan", &error));
  g_assert_cmpstr (error->message, ==, "Kode pelanggan wajib diisi");
  g_clear_error (&error);
  g_assert_false (bsn_name_validate ("", "pelanggan", &error));
  g_assert_cmpstr (error->message, ==, "Nama pelanggan wajib diisi");
}

/* Level, hours, margin and its band, the minimum purchase. */
static void
test_fields (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  static const struct { gint tier, hours, opening; gint32 margin; BsnBand band; gint64 min; const char *message; }
  cases[] = {
    { 0, 10, 25200, 1400, BSN_BAND_LOW, 0, "Level toko harus 1 sampai 3" },
    { 4, 10, 25200, 1400, BSN_BAND_LOW, 0, "Level toko harus 1 sampai 3" },
    { 1, 0, 25200, 1400, BSN_BAND_LOW, 0, "Jam buka harus 1 sampai 24 jam, bukan 0" },
    { 1, 25, 25200, 1400, BSN_BAND_LOW, 0, "Jam buka harus 1 sampai 24 jam, bukan 25" },
    { 1, 10, -1, 1400, BSN_BAND_LOW, 0, "Jam buka toko tidak sah" },
    { 1, 10, 86400, 1400, BSN_BAND_LOW, 0, "Jam buka toko tidak sah" },
    { 1, 10, 25200, -1, BSN_BAND_LOW, 0, "Margin toko harus 0 sampai 100 %" },
    { 1, 10, 25200, 10001, BSN_BAND_HIGH, 0, "Margin toko harus 0 sampai 100 %" },
    { 1, 10, 25200, 1500, BSN_BAND_LOW, 0, "Margin 15 % tidak cocok dengan rentang keuntungan Keuntungan < 15 %" },
    { 1, 10, 25200, 1499, BSN_BAND_HIGH, 0,
      "Margin 14,99 % tidak cocok dengan rentang keuntungan Keuntungan ≥ 15 %" },
    { 1, 10, 25200, 1400, BSN_BAND_LOW, -1, "Kuota belanja minimal tidak boleh negatif" },
  };
  static const struct { gint tier, hours, opening; gint32 margin; BsnBand band; } edges[] = {
    { 3, 24, 0, 0, BSN_BAND_LOW },
    { 1, 1, 86399, 1499, BSN_BAND_LOW },
    { 2, 10, 25200, 1500, BSN_BAND_HIGH },
    { 3, 10, 25200, 10000, BSN_BAND_HIGH },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BsnStore) s = valid_store ();
      s->tier = cases[i].tier;
      s->hours = cases[i].hours;
      s->opening_sec = cases[i].opening;
      s->margin_bp = cases[i].margin;
      s->band = cases[i].band;
      s->min_purchase_rp = cases[i].min;
      assert_invalid (t->db, s, BSN_ERROR_INVALID, cases[i].message);
    }
  for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
    {
      g_autoptr(BsnStore) s = valid_store ();
      g_autoptr(GError) error = NULL;
      s->tier = edges[i].tier;
      s->hours = edges[i].hours;
      s->opening_sec = edges[i].opening;
      s->margin_bp = edges[i].margin;
      s->band = edges[i].band;
      g_assert_true (bsn_store_validate (t->db, s, &error));
      g_assert_no_error (error);
    }
}

/* The network: an induk has no parent, an anak has an induk, only an
 * induk can be a parent, never of itself. */
static void
test_network (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 induk = bsn_test_add_store (t->db, "IND", BSN_ROLE_INDUK, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_BOTH);
  gint64 toko = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_BOTH);
  g_autoptr(BsnStore) s = valid_store ();
  g_autoptr(BsnStore) self = NULL;
  g_autoptr(BsnStore) after = NULL;
  g_autoptr(GPtrArray) edits = NULL;
  g_autoptr(GError) error = NULL;

  s->role = BSN_ROLE_INDUK;
  s->parent_id = induk;
  assert_invalid (t->db, s, BSN_ERROR_INVALID, "Induk cabang tidak punya induk di atasnya");
  s->role = BSN_ROLE_ANAK;
  s->parent_id = 0;
  assert_invalid (t->db, s, BSN_ERROR_INVALID, "Anak cabang wajib punya induk cabang (--parent)");
  s->parent_id = toko;
  assert_invalid (t->db, s, BSN_ERROR_INVALID, "Toko TK bukan induk cabang, jadi tidak bisa menjadi induk");
  s->parent_id = 999999;
  assert_invalid (t->db, s, BSN_ERROR_NOT_FOUND, "Toko #999999 tidak ada");
  s->parent_id = induk;
  g_assert_true (bsn_store_validate (t->db, s, &error));
  g_assert_no_error (error);

  /* An induk made an anak of itself: refused, nothing changes, no audit. */
  self = bsn_store_get (t->db, induk, &error);
  g_assert_no_error (error);
  self->role = BSN_ROLE_ANAK;
  self->parent_id = induk;
  g_assert_false (bsn_store_update (t->db, self, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Toko tidak bisa menjadi induk dirinya sendiri");
  g_clear_error (&error);
  after = bsn_store_get (t->db, induk, &error);
  g_assert_cmpint (after->role, ==, BSN_ROLE_INDUK);
  g_assert_cmpint (after->parent_id, ==, 0);
  edits = bsn_audit_list (t->db, 0, 0, "store.edit", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (edits->len, ==, 0);
}

/* Codes are unique; a missing store is named in the refusal. */
static void
test_add_update_find (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 tk = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_BOTH);
  gint64 lain = bsn_test_add_store (t->db, "LAIN", BSN_ROLE_TOKO, NULL, BSN_BAND_HIGH, "Pro", BSN_SCHEMES_BOTH);
  g_autoptr(BsnStore) dup = valid_store ();
  g_autoptr(BsnStore) missing = valid_store ();
  g_autoptr(BsnStore) renamed = NULL;
  g_autoptr(BsnStore) again = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  g_free (dup->code);
  dup->code = g_strdup ("TK");
  g_assert_false (bsn_store_add (t->db, dup, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_EXISTS);
  g_assert_cmpstr (error->message, ==, "Kode toko “TK” sudah dipakai");
  g_clear_error (&error);

  renamed = bsn_store_get (t->db, lain, &error);
  g_free (renamed->code);
  renamed->code = g_strdup ("TK");
  g_assert_false (bsn_store_update (t->db, renamed, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_EXISTS);
  g_assert_cmpstr (error->message, ==, "Kode toko “TK” sudah dipakai");
  g_clear_error (&error);

  missing->id = 999999;
  g_assert_false (bsn_store_update (t->db, missing, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Toko #999999 tidak ada");
  g_clear_error (&error);

  g_assert_null (bsn_store_find (t->db, "NOPE", &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Toko “NOPE” tidak ada");
  g_clear_error (&error);
  g_assert_null (bsn_store_get (t->db, 999999, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Toko #999999 tidak ada");
  g_clear_error (&error);

  again = bsn_store_find (t->db, "LAIN", &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->id, ==, lain);
  g_assert_cmpint (again->band, ==, BSN_BAND_HIGH);
  g_assert_cmpint (again->tier, ==, 3);
  g_assert_cmpint (again->margin_bp, ==, 2000);
  list = bsn_store_list (t->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (tk, !=, lain);
}

/* Words the CLI and the app accept, and the names they show. */
static void
test_parse_and_names (void)
{
  g_autoptr(GError) error = NULL;
  BsnStoreRole role;
  BsnBand band;
  BsnSchemes schemes;
  gint tier = 0;
  g_autoptr(BsnStore) s = bsn_store_new ();

  g_assert_false (bsn_store_role_parse ("pusat", &role, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Peran “pusat” tidak dikenal: pilih induk, anak atau toko");
  g_clear_error (&error);
  g_assert_false (bsn_store_role_parse (NULL, &role, &error));
  g_assert_cmpstr (error->message, ==, "Peran “” tidak dikenal: pilih induk, anak atau toko");
  g_clear_error (&error);
  g_assert_false (bsn_band_parse ("mid", &band, &error));
  g_assert_cmpstr (error->message, ==, "Rentang keuntungan “mid” tidak dikenal: pilih low (< 15 %) atau high (≥ 15 %)");
  g_clear_error (&error);
  g_assert_false (bsn_schemes_parse ("semua", &schemes, &error));
  g_assert_cmpstr (error->message, ==, "Skema “semua” tidak dikenal: pilih stopwatch, lelang atau both");
  g_clear_error (&error);
  g_assert_true (bsn_schemes_parse ("lelang", &schemes, NULL));
  g_assert_cmpint (schemes, ==, BSN_SCHEMES_LELANG);
  g_assert_cmpstr (bsn_schemes_to_string (schemes), ==, "lelang");
  g_assert_cmpstr (bsn_schemes_label (BSN_SCHEMES_BOTH), ==, "Stopwatch dan lelang waktu");
  g_assert_cmpstr (bsn_store_role_label (BSN_ROLE_ANAK), ==, "Anak cabang");
  g_assert_cmpstr (bsn_band_to_string (BSN_BAND_HIGH), ==, "high");
  g_assert_cmpint (bsn_band_default_margin_bp (BSN_BAND_HIGH), ==, 2000);

  /* Levels: lelang's names fit either band, stopwatch's only their own;
   * case does not matter. */
  g_assert_true (bsn_level_parse ("gold", BSN_BAND_HIGH, &tier, &error));
  g_assert_cmpint (tier, ==, 2);
  g_assert_true (bsn_level_parse ("PRO", BSN_BAND_HIGH, &tier, &error));
  g_assert_cmpint (tier, ==, 3);
  g_assert_true (bsn_level_parse ("standard", BSN_BAND_LOW, &tier, &error));
  g_assert_cmpint (tier, ==, 2);
  g_assert_no_error (error);
  g_assert_false (bsn_level_parse ("Plus", BSN_BAND_HIGH, &tier, &error));
  g_assert_cmpstr (error->message, ==,
                   "Level Plus hanya untuk toko dengan keuntungan < 15 %; untuk ≥ 15 % pilih Premium, Elite atau Pro");
  g_clear_error (&error);
  g_assert_false (bsn_level_parse ("elite", BSN_BAND_LOW, &tier, &error));
  g_assert_cmpstr (error->message, ==,
                   "Level Elite hanya untuk toko dengan keuntungan ≥ 15 %; untuk < 15 % pilih Basic, Standard atau Plus");
  g_clear_error (&error);
  g_assert_false (bsn_level_parse ("Emas", BSN_BAND_LOW, &tier, &error));
  g_assert_cmpstr (error->message, ==,
                   "Level “Emas” tidak dikenal: pilih Basic, Standard, Plus, Premium, Elite, Pro, Silver, Gold atau "
                   "Platinum");
  g_clear_error (&error);
  g_assert_false (bsn_level_parse (NULL, BSN_BAND_LOW, &tier, &error));
  g_assert_cmpstr (error->message, ==,
                   "Level “” tidak dikenal: pilih Basic, Standard, Plus, Premium, Elite, Pro, Silver, Gold atau "
                   "Platinum");
  g_clear_error (&error);
  g_assert_cmpint (tier, ==, 2);

  /* A store's level is named by its stopwatch level when it runs the
   * stopwatch, else by its lelang level. */
  s->band = BSN_BAND_HIGH;
  s->tier = 2;
  g_assert_cmpstr (bsn_store_level_name (s), ==, "Elite");
  s->schemes = BSN_SCHEMES_LELANG;
  g_assert_cmpstr (bsn_store_level_name (s), ==, "Gold");
  s->tier = 3;
  s->band = BSN_BAND_LOW;
  s->schemes = BSN_SCHEMES_STOPWATCH;
  g_assert_cmpstr (bsn_store_level_name (s), ==, "Plus");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/code-and-name", test_code_and_name);
  g_test_add_func ("/store/fields", test_fields);
  g_test_add_func ("/store/network", test_network);
  g_test_add_func ("/store/add-update-find", test_add_update_find);
  g_test_add_func ("/store/parse-and-names", test_parse_and_names);
  return g_test_run ();
}
