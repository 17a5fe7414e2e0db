/* test-audit-sentence.c — every kind of audit entry as the sentence an
 * owner reads (bsn-audit-sentence.c; DOMAIN.md audit trail, issue 16 §4),
 * including entries whose JSON is missing, partial or foreign: the numbers
 * stay, nothing reads "(null)". */
#include "config.h"

#include <string.h>

#include "bsn-audit.h"
#include "bsn-test-util.h"

typedef struct
{
  const char *user, *action, *subject, *before, *after, *sentence;
} Case;

static void
check_cases (BsnDb      *db,
             const Case *cases,
             guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      BsnAuditEntry e = { 1, 0, (char *) cases[i].user, (char *) cases[i].action, (char *) cases[i].subject,
                          (char *) cases[i].before, (char *) cases[i].after, NULL };
      g_autofree char *sentence = bsn_audit_entry_sentence (db, &e);
      g_assert_cmpstr (sentence, ==, cases[i].sentence);
    }
}

#define SRI "Bu Sri"

/* Tier table versions: each cell named in the scheme's own words; a cell
 * written by an older or foreign program keeps its numbers; a missing rate
 * reads "(belum ada)"; a version without readable cells says so. */
static void
test_tiers (void)
{
  static const Case cases[] = {
    { SRI, "tiers.version", "stopwatch", NULL,
      "{\"effective_from\":\"2027-01-01T00:00:00\",\"cells\":["
      "{\"band\":\"high\",\"tier\":3,\"key\":2,\"from_bp\":500,\"to_bp\":550},"
      "{\"band\":\"both\",\"tier\":1,\"key\":7,\"to_bp\":25},"
      "{\"band\":\"low\",\"tier\":4,\"key\":1,\"from_bp\":100,\"to_bp\":200}]}",
      "Bu Sri membuat versi baru tabel Stopwatch yang berlaku sejak 1 Jan 2027 00.00: Pro angka 2 5 % → 5,5 %; "
      "tingkat 1 angka 7 (belum ada) → 0,25 %; tingkat 4 kunci 1 1 % → 2 %." },
    { SRI, "tiers.version", "lelang", NULL,
      "{\"effective_from\":\"2026-12-07T06:30:00\",\"cells\":["
      "{\"band\":\"low\",\"tier\":3,\"key\":10,\"from_bp\":800,\"to_bp\":900},"
      "{\"tier\":1,\"key\":1,\"from_bp\":100,\"to_bp\":150},"
      "{\"tier\":2,\"key\":11,\"from_bp\":100,\"to_bp\":150},"
      "{\"tier\":2,\"key\":0,\"from_bp\":100,\"to_bp\":150}]}",
      "Bu Sri membuat versi baru tabel Lelang waktu yang berlaku sejak 7 Des 2026 06.30: "
      "Platinum slot X (Keuntungan < 15 %) 8 % → 9 %; Silver slot I 1 % → 1,5 %; tingkat 2 kunci 11 1 % → 1,5 %; "
      "tingkat 2 kunci 0 1 % → 1,5 %." },
    /* Siaga has no levels: any tier, the key is the status threshold; an
     * element that is not an object is skipped; an unreadable date stays. */
    { SRI, "tiers.version", "siaga", NULL,
      "{\"effective_from\":\"kemarin\",\"cells\":[5,{\"tier\":0,\"key\":50,\"from_bp\":100}]}",
      "Bu Sri membuat versi baru tabel Voucher siaga yang berlaku sejak kemarin: ambang 50 poin status 1 % → "
      "(belum ada)." },
    /* An unknown scheme reads as stopwatch; no JSON, JSON that is not an
     * object, cells that are not a list. */
    { NULL, "tiers.version", "kuno", NULL, NULL,
      "sistem membuat versi baru tabel Stopwatch yang berlaku sejak ?: tanpa sel berubah." },
    { "", "tiers.version", NULL, NULL, "[1,2]",
      "sistem membuat versi baru tabel Stopwatch yang berlaku sejak ?: tanpa sel berubah." },
    { SRI, "tiers.version", "lelang", NULL, "{\"effective_from\":\"2026-12-07T00:00:00\",\"cells\":{\"a\":1}}",
      "Bu Sri membuat versi baru tabel Lelang waktu yang berlaku sejak 7 Des 2026 00.00: tanpa sel berubah." },
    { SRI, "tiers.version", "lelang", NULL, "bukan json",
      "Bu Sri membuat versi baru tabel Lelang waktu yang berlaku sejak ?: tanpa sel berubah." },
  };

  check_cases (NULL, cases, G_N_ELEMENTS (cases));
}

/* A store-day's plan: the subject "#store/day[/slot]" names the store and
 * the day (days since 1970-01-01: 20793 is 6 December 2026). */
static void
test_store_day (void)
{
  static const Case cases[] = {
    { SRI, "quota.set", "#4", NULL, NULL, "Bu Sri menetapkan belanja minimum Rp0 untuk semua slot di toko #4 pada ?." },
    { SRI, "quota.set", "#4/20793/11", NULL, "{\"min_purchase_rp\":75000}",
      "Bu Sri menetapkan belanja minimum Rp75.000 untuk semua slot di toko #4 pada 6 Des 2026." },
    { SRI, "quota.set", "#4/20793/10", NULL, "{\"min_purchase_rp\":1250000}",
      "Bu Sri menetapkan belanja minimum Rp1.250.000 untuk slot X di toko #4 pada 6 Des 2026." },
    { SRI, "quota.set", "#4/20793/0", NULL, "{\"min_purchase_rp\":10000}",
      "Bu Sri menetapkan belanja minimum Rp10.000 untuk semua slot di toko #4 pada 6 Des 2026." },
    { SRI, "quota.caps", "#4/20793", NULL, "{}",
      "Bu Sri menetapkan batas toko #4 pada 6 Des 2026: penerima per slot tetap, anggaran harian tetap." },
    { SRI, "quota.caps", "#4/20793", NULL, "{\"a\":3,\"b\":250000}",
      "Bu Sri menetapkan batas toko #4 pada 6 Des 2026: 3 penerima per slot, anggaran harian Rp250.000." },
    { SRI, "quota.caps", "#4/20793", NULL, "{\"a\":0,\"b\":0}",
      "Bu Sri menetapkan batas toko #4 pada 6 Des 2026: 0 penerima per slot, anggaran harian Rp0." },
    { SRI, "quota.stock", "#4/20793", NULL,
      "{\"item\":\"Gula\",\"unit\":\"kg\",\"qty_milli\":1500,\"unit_price_rp\":14000}",
      "Bu Sri menambah rencana stok toko #4 pada 6 Des 2026: Gula 1,5 kg @ Rp14.000." },
    { SRI, "quota.stock", "#4/20793", NULL, "{\"item\":\"Telur\",\"unit\":\"butir\",\"qty_milli\":30000,"
      "\"unit_price_rp\":2000}",
      "Bu Sri menambah rencana stok toko #4 pada 6 Des 2026: Telur 30 butir @ Rp2.000." },
    { SRI, "quota.stock", "#4/20793", NULL, "{\"qty_milli\":250}",
      "Bu Sri menambah rencana stok toko #4 pada 6 Des 2026: ? 0,25  @ Rp0." },
    { SRI, "quota.stock", "#4/20793", NULL, "{\"item\":\"Minyak\",\"unit\":\"l\",\"qty_milli\":2125}",
      "Bu Sri menambah rencana stok toko #4 pada 6 Des 2026: Minyak 2,125 l @ Rp0." },
    { SRI, "quota.caps-clear", "#4/20793", NULL, NULL,
      "Bu Sri menghapus batas toko #4 pada 6 Des 2026: tanpa batas penerima per slot dan anggaran harian." },
    { SRI, "quota.stock-remove", "#4/20793", "{\"item\":\"Gula\"}", NULL,
      "Bu Sri menghapus Gula dari rencana stok toko #4 pada 6 Des 2026." },
    { SRI, "quota.stock-remove", "#4/20793", NULL, NULL,
      "Bu Sri menghapus ? dari rencana stok toko #4 pada 6 Des 2026." },
    { SRI, "quota.hours", "#4/20793", NULL, "{\"a\":73800,\"b\":10}",
      "Bu Sri menetapkan jam buka toko #4 pada 6 Des 2026: mulai 20.30 selama 10 jam." },
    /* Any other quota action is the copy of a day's plan. */
    { SRI, "quota.copy", "#4/20793", NULL, "{\"days\":6}",
      "Bu Sri menyalin rencana harian toko #4 pada 6 Des 2026 ke 6 hari berikutnya." },
    /* A subject that is not an id, or none. */
    { SRI, "quota.copy", "CBB", NULL, NULL, "Bu Sri menyalin rencana harian toko #0 pada ? ke 0 hari berikutnya." },
    { SRI, "quota.copy", NULL, NULL, NULL, "Bu Sri menyalin rencana harian toko #0 pada ? ke 0 hari berikutnya." },
  };

  check_cases (NULL, cases, G_N_ELEMENTS (cases));
}

static void
test_consign (void)
{
  static const Case cases[] = {
    { SRI, "consign.offer", "#7", NULL, "{\"sku\":\"KOPI-1\",\"qty\":12,\"cost_rp\":15000,\"price_rp\":18000}",
      "Bu Sri mencatat tawaran titip jual #7: KOPI-1, 12 unit, modal pokok Rp15.000, harga jual Rp18.000." },
    { SRI, "consign.offer", "#7", NULL, "{\"qty\":1}",
      "Bu Sri mencatat tawaran titip jual #7: ?, 1 unit, modal pokok Rp0, harga jual Rp0." },
    { SRI, "consign.accept", "#7", NULL, "{\"qty\":12}", "Bu Sri menerima titipan #7 sebanyak 12 unit." },
    { SRI, "consign.reduce", "#7", NULL, "{\"qty\":3}", "Bu Sri menerima sebagian titipan #7: 3 unit." },
    { SRI, "consign.reject", "#7", NULL, "{\"reason\":\"Kedaluwarsa\"}",
      "Bu Sri menolak titipan #7. Alasan: Kedaluwarsa." },
    { SRI, "consign.reject", "#7", NULL, NULL, "Bu Sri menolak titipan #7. Alasan: —." },
    { SRI, "consign.reprice", "#7", NULL, "{\"amount_rp\":9000}",
      "Bu Sri mengubah modal pokok titipan #7 menjadi Rp9.000. Alasan: —." },
    { SRI, "consign.over_capacity_override", "#7", NULL, "{\"amount_rp\":5000,\"reason\":\"Stok lebaran\"}",
      "Bu Sri menetapkan titipan #7 melebihi kapasitas jual anak; anak menanggung Rp5.000 biaya pengembalian. "
      "Alasan: Stok lebaran." },
    { SRI, "consign.over_capacity_override", "#7", NULL, "{}",
      "Bu Sri menetapkan titipan #7 melebihi kapasitas jual anak; anak menanggung Rp0 biaya pengembalian. "
      "Alasan: —." },
    /* Any other consign action is a return. */
    { SRI, "consign.return", "#7", NULL, "{\"qty\":2,\"amount_rp\":3000}",
      "Bu Sri mencatat retur titipan #7: 2 unit, kompensasi induk Rp3.000." },
  };

  check_cases (NULL, cases, G_N_ELEMENTS (cases));
}

static void
test_people (void)
{
  static const Case cases[] = {
    { NULL, "user.add", "ani", NULL, "{\"role\":\"pembukuan\"}", "sistem menambah pengguna ani dengan peran Pembukuan." },
    /* A role this version does not know keeps its code. */
    { SRI, "user.add", "ani", NULL, "{\"role\":\"raja\"}", "Bu Sri menambah pengguna ani dengan peran raja." },
    { SRI, "user.password", NULL, NULL, NULL, "Bu Sri mengganti kata sandi pengguna ?." },
    { SRI, "user.role", "kiki", "{\"role\":\"pemilik\"}", "{\"role\":\"kasir\"}",
      "Bu Sri mengubah peran pengguna kiki: Pemilik → Kasir." },
    { SRI, "user.enable", "kiki", NULL, NULL, "Bu Sri mengaktifkan kembali pengguna kiki." },
    { SRI, "user.disable", "kiki", NULL, NULL, "Bu Sri menonaktifkan pengguna kiki." },
    { SRI, "customer.add", "C9", NULL, "{}", "Bu Sri menambah pelanggan ? (C9)." },
    { SRI, "customer.edit", "C9", "{\"code\":\"C9\",\"name\":\"Siti\",\"phone\":\"0811\"}",
      "{\"code\":\"C9\",\"name\":\"Siti A\",\"phone\":\"0812\"}",
      "Bu Sri mengubah pelanggan Siti A (C9): nama Siti → Siti A; telepon 0811 → 0812." },
    /* A field that appears or disappears reads "—"; nothing changed says so. */
    { SRI, "customer.edit", "C9", "{\"phone\":\"0811\"}", "{}", "Bu Sri mengubah pelanggan C9: telepon 0811 → —." },
    { SRI, "customer.edit", "C9", NULL, "{\"name\":\"Siti\"}", "Bu Sri mengubah pelanggan Siti (C9): nama — → Siti." },
    { SRI, "customer.edit", "C9", "{}", "{}", "Bu Sri mengubah pelanggan C9: tanpa perubahan isian." },
  };

  check_cases (NULL, cases, G_N_ELEMENTS (cases));
}

static void
test_stores (void)
{
  static const Case cases[] = {
    { SRI, "store.add", "CBB", NULL, "{\"name\":\"Cibubur\",\"role\":\"induk\"}",
      "Bu Sri menambah toko Cibubur (CBB) sebagai Induk cabang." },
    { SRI, "store.add", NULL, NULL, "{\"role\":\"gudang\"}", "Bu Sri menambah toko ? (?) sebagai gudang." },
    { SRI, "store.active", "#4", NULL, "{\"active\":1}", "Bu Sri mengaktifkan toko toko #4." },
    { SRI, "store.active", "#4", NULL, NULL, "Bu Sri menonaktifkan toko toko #4." },
    /* Every field of a store, each in the users' units. */
    { SRI, "store.edit", "CBB",
      "{\"code\":\"CBB\",\"name\":\"Cibubur\",\"role\":\"toko\",\"parent_id\":0,\"band\":\"low\",\"tier\":1,"
      "\"scheme\":\"stopwatch\",\"opening_sec\":25200,\"hours\":10,\"margin_bp\":1400,\"min_purchase_rp\":0,"
      "\"active\":1}",
      "{\"code\":\"CBB2\",\"name\":\"Cibubur Baru\",\"role\":\"anak\",\"parent_id\":3,\"band\":\"high\",\"tier\":2,"
      "\"scheme\":\"both\",\"opening_sec\":28800,\"hours\":12,\"margin_bp\":2000,\"min_purchase_rp\":50000,"
      "\"active\":0}",
      "Bu Sri mengubah toko Cibubur Baru (CBB): kode CBB → CBB2; nama Cibubur → Cibubur Baru; peran Toko → "
      "Anak cabang; induk tidak ada → toko #3; kelompok keuntungan Keuntungan < 15 % → Keuntungan ≥ 15 %; "
      "tingkat 1 → 2; skema Stopwatch → Stopwatch dan lelang waktu; jam buka 07.00 → 08.00; lama buka 10 jam → "
      "12 jam; margin 14 % → 20 %; belanja minimum Rp0 → Rp50.000; status aktif → nonaktif." },
    /* Codes this version does not know keep their text; the subject is
     * the name when they are the same. */
    { SRI, "store.edit", "CBB", "{\"name\":\"CBB\",\"band\":\"mid\",\"scheme\":\"lelang\",\"role\":\"induk\"}",
      "{\"name\":\"CBB\",\"band\":\"huge\",\"scheme\":\"semua\",\"role\":\"pusat\"}",
      "Bu Sri mengubah toko CBB: peran Induk cabang → pusat; kelompok keuntungan mid → huge; skema Lelang waktu → "
      "semua." },
    { SRI, "store.edit", NULL, "{}", "{}", "Bu Sri mengubah toko ?: tanpa perubahan isian." },
    { SRI, "store.edit", NULL, NULL, "{\"name\":\"Depok\"}", "Bu Sri mengubah toko Depok (?): nama — → Depok." },
  };

  check_cases (NULL, cases, G_N_ELEMENTS (cases));
}

static void
test_ledger (void)
{
  static const Case cases[] = {
    { SRI, "ledger.opening", "#5", NULL, "{\"points_rp\":1500}",
      "Bu Sri mencatat saldo awal 1,5 poin untuk pelanggan pelanggan #5." },
    { SRI, "ledger.reverse", "#12", "{\"kind\":\"award\",\"amount_rp\":6500}",
      "{\"reversal\":15,\"reason\":\"Struk ganda\"}",
      "Bu Sri membatalkan posting #12 (hadiah poin, Rp6.500) dengan posting pembalik #15. Alasan: Struk ganda." },
    { SRI, "ledger.reverse", "#12", "{\"kind\":\"redemption\",\"amount_rp\":6500}", "{\"reversal\":16}",
      "Bu Sri membatalkan posting #12 (penukaran, Rp6.500) dengan posting pembalik #16. Alasan: —." },
    { SRI, "ledger.reverse", "#12", "{\"kind\":\"redeem\",\"amount_rp\":100}", NULL,
      "Bu Sri membatalkan posting #12 (penukaran, Rp100). Alasan: —." },
    { SRI, "ledger.reverse", "#12", "{\"kind\":\"reversal\"}", "{\"reason\":\"Salah\"}",
      "Bu Sri membatalkan posting #12 (pembalikan, Rp0). Alasan: Salah." },
    { SRI, "ledger.reverse", "#12", "{\"kind\":\"settlement\"}", NULL,
      "Bu Sri membatalkan posting #12 (settlement, Rp0). Alasan: —." },
    { SRI, "ledger.reverse", "#12", NULL, NULL, "Bu Sri membatalkan posting #12 (?, Rp0). Alasan: —." },
    /* Back-dated: the posting's id from the JSON, else the subject's. */
    { SRI, "posting.backdated", "#9", NULL, "{\"kind\":\"opening\"}",
      "Bu Sri mencatat posting #9 (saldo awal) bertanggal mundur ?, saat jam menunjukkan ?." },
    { SRI, "posting.backdated", "#9", NULL,
      "{\"posting\":31,\"kind\":\"redeem\",\"at\":\"2026-11-30T23:59:59\",\"clock\":\"2026-12-01T00:00:10\"}",
      "Bu Sri mencatat posting #31 (penukaran) bertanggal mundur 30 Nov 2026 23.59, saat jam menunjukkan "
      "1 Des 2026 00.00." },
  };

  check_cases (NULL, cases, G_N_ELEMENTS (cases));
}

static void
test_other (void)
{
  static const Case cases[] = {
    { SRI, "bonus.end", "LEBARAN", NULL, NULL, "Bu Sri mengakhiri aturan bonus LEBARAN." },
    { SRI, "bonus.end", NULL, NULL, NULL, "Bu Sri mengakhiri aturan bonus ?." },
    { SRI, "bonus.add", "KOPI", NULL,
      "{\"kind\":\"sku\",\"rate_bp\":500,\"produsen_bp\":5000,\"ritel_bp\":3000,\"bsn_bp\":2000}",
      "Bu Sri menambah aturan bonus KOPI (sku): 5 %, ditanggung produsen 50 %, ritel 30 %, BSN 20 %." },
    { SRI, "bonus.add", NULL, NULL, NULL,
      "Bu Sri menambah aturan bonus ? (?): 0 %, ditanggung produsen 0 %, ritel 0 %, BSN 0 %." },
    { SRI, "reserve.policy", "#4", NULL, "{\"method\":\"days\",\"days\":3}",
      "Bu Sri menetapkan cadangan poin toko #4: rata-rata hadiah 3 hari terakhir." },
    { SRI, "reserve.policy", "#4", NULL, "{\"method\":\"customers\",\"customers\":40,\"avg_points\":25}",
      "Bu Sri menetapkan cadangan poin toko #4: 40 pelanggan × 25 poin." },
    { SRI, "reserve.policy", NULL, NULL, NULL, "Bu Sri menetapkan cadangan poin toko #0: 0 pelanggan × 0 poin." },
    { SRI, "backup", NULL, NULL, NULL, "Bu Sri membuat cadangan basis data ke ?." },
    { SRI, "restore", "/media/usb/cadangan.db", NULL, NULL,
      "Bu Sri memulihkan basis data dari /media/usb/cadangan.db." },
    { SRI, "restore", NULL, NULL, NULL, "Bu Sri memulihkan basis data dari ?." },
    { SRI, NULL, NULL, NULL, NULL, "Bu Sri mencatat  pada ?." },
    { NULL, "reserve.check", "#4", NULL, NULL, "sistem mencatat reserve.check pada #4." },
  };

  check_cases (NULL, cases, G_N_ELEMENTS (cases));
}

/* With the database the ids are named: a store by name and code (only the
 * name when both are the same), an id the database no longer has keeps
 * its number. */
static void
test_named_by_database (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 tk = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_BOTH);
  gint64 c1 = bsn_test_add_customer (t->db, "C1", "Siti");
  g_autoptr(BsnStore) s = bsn_store_get (t->db, tk, NULL);
  g_autofree char *store_day = g_strdup_printf ("#%" G_GINT64_FORMAT "/20793", tk);
  g_autofree char *store_id = g_strdup_printf ("#%" G_GINT64_FORMAT, tk);
  g_autofree char *customer_id = g_strdup_printf ("#%" G_GINT64_FORMAT, c1);
  g_autofree char *parent_after = g_strdup_printf ("{\"parent_id\":%" G_GINT64_FORMAT "}", tk);
  g_autofree char *store_named = NULL;
  const Case cases[] = {
    { SRI, "quota.copy", store_day, NULL, "{\"days\":2}",
      "Bu Sri menyalin rencana harian Toko TK (TK) pada 6 Des 2026 ke 2 hari berikutnya." },
    { SRI, "store.active", store_id, NULL, "{\"active\":1}", "Bu Sri mengaktifkan toko Toko TK (TK)." },
    { SRI, "store.edit", "ANAK", "{\"parent_id\":0}", parent_after,
      "Bu Sri mengubah toko ANAK: induk tidak ada → Toko TK (TK)." },
    { SRI, "ledger.opening", customer_id, NULL, "{\"points_rp\":25000}",
      "Bu Sri mencatat saldo awal 25 poin untuk pelanggan Siti (C1)." },
    { SRI, "reserve.policy", "#999999", NULL, "{\"method\":\"days\",\"days\":7}",
      "Bu Sri menetapkan cadangan poin toko #999999: rata-rata hadiah 7 hari terakhir." },
    { SRI, "consign.accept", "#999999", NULL, "{\"qty\":1}", "Bu Sri menerima titipan #999999 sebanyak 1 unit." },
  };

  g_assert_cmpstr (s->name, ==, "Toko TK");
  check_cases (t->db, cases, G_N_ELEMENTS (cases));

  /* A store whose name is its code is named once. */
  g_free (s->name);
  s->name = g_strdup ("TK");
  g_assert_true (bsn_store_update (t->db, s, NULL));
  {
    BsnAuditEntry e = { 1, 0, (char *) SRI, (char *) "store.active", store_id, NULL, (char *) "{\"active\":0}", NULL };
    store_named = bsn_audit_entry_sentence (t->db, &e);
    g_assert_cmpstr (store_named, ==, "Bu Sri menonaktifkan toko TK.");
  }
}

/* The filter's topics, first "all", each mapped to an action prefix. */
static void
test_topics (void)
{
  guint n = 0;
  const BsnAuditTopic *topics = bsn_audit_topics (&n);

  g_assert_cmpuint (n, ==, 13);
  g_assert_null (topics[0].action);
  g_assert_cmpstr (topics[0].label, ==, "Semua perubahan");
  g_assert_cmpstr (topics[1].action, ==, "tiers");
  g_assert_cmpstr (topics[8].action, ==, "posting");
  g_assert_cmpstr (topics[8].label, ==, "Posting bertanggal mundur");
  g_assert_cmpstr (topics[12].action, ==, "restore");
  g_assert_cmpstr (topics[12].label, ==, "Pemulihan");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/audit-sentence/tiers", test_tiers);
  g_test_add_func ("/audit-sentence/store-day", test_store_day);
  g_test_add_func ("/audit-sentence/consign", test_consign);
  g_test_add_func ("/audit-sentence/people", test_people);
  g_test_add_func ("/audit-sentence/stores", test_stores);
  g_test_add_func ("/audit-sentence/ledger", test_ledger);
  g_test_add_func ("/audit-sentence/other", test_other);
  g_test_add_func ("/audit-sentence/named-by-database", test_named_by_database);
  g_test_add_func ("/audit-sentence/topics", test_topics);
  return g_test_run ();
}
