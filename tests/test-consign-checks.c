/* test-consign-checks.c — every check of a consignment offer (DOMAIN.md
 * §8): what the lot must hold and who may consign to whom, each refusal
 * with its Indonesian message and code; a refused offer writes no lot and
 * no audit entry. The stages' names as the owner reads them. */
#include "config.h"

#include <string.h>

#include "bsn-audit.h"
#include "bsn-consign.h"
#include "bsn-error.h"
#include "bsn-test-util.h"

typedef struct
{
  BsnTestDb *t;
  gint64     induk, anak, toko, induk2;
} Net;

static void
net_init (Net *n)
{
  n->t = bsn_test_db_new ();
  n->induk = bsn_test_add_store (n->t->db, "IND", BSN_ROLE_INDUK, NULL, BSN_BAND_LOW, "Gold", BSN_SCHEMES_BOTH);
  n->induk2 = bsn_test_add_store (n->t->db, "IND2", BSN_ROLE_INDUK, NULL, BSN_BAND_LOW, "Gold", BSN_SCHEMES_BOTH);
  n->anak = bsn_test_add_store (n->t->db, "ANK", BSN_ROLE_ANAK, "IND", BSN_BAND_LOW, "Gold", BSN_SCHEMES_BOTH);
  n->toko = bsn_test_add_store (n->t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Gold", BSN_SCHEMES_BOTH);
}

/* 10 units at modal Rp8.000, price Rp10.000, offered 1 November 2026
 * (day 20758), 14 days normal then three 7-day stages. */
static BsnLot *
good_lot (const Net *n)
{
  BsnLot *lot = bsn_lot_new ();

  lot->induk_id = n->induk;
  lot->anak_id = n->anak;
  lot->sku = g_strdup ("BAJU-01");
  lot->name = g_strdup ("Kemeja batik");
  lot->qty = 10;
  lot->cost_rp = 8000;
  lot->price_rp = 10000;
  lot->offered_day = 20758;
  lot->period_days = 14;
  lot->stage_days[0] = lot->stage_days[1] = lot->stage_days[2] = 7;
  return lot;
}

static void
assert_refused (const Net  *n,
                BsnLot     *lot,
                gint        code,
                const char *message)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (bsn_lot_offer (n->t->db, lot, &error));
  g_assert_error (error, BSN_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
  bsn_lot_free (lot);
}

static void
test_offer_refusals (void)
{
  Net n;
  BsnLot *l;
  g_autoptr(GPtrArray) lots = NULL;
  g_autoptr(GError) error = NULL;

  net_init (&n);

  l = good_lot (&n), g_free (l->sku), l->sku = g_strdup ("");
  assert_refused (&n, l, BSN_ERROR_INVALID, "Kode barang (SKU) wajib diisi");
  l = good_lot (&n), g_free (l->sku), l->sku = g_strdup ("BAJU 01");
  assert_refused (&n, l, BSN_ERROR_INVALID, "Kode barang (SKU) “BAJU 01” hanya boleh berisi huruf, angka, “-” dan “_”");
  l = good_lot (&n), g_free (l->name), l->name = g_strdup ("   ");
  assert_refused (&n, l, BSN_ERROR_INVALID, "Nama barang wajib diisi");
  l = good_lot (&n), l->qty = 0;
  assert_refused (&n, l, BSN_ERROR_INVALID, "Jumlah barang titipan harus 1 sampai 100.000.000");
  l = good_lot (&n), l->qty = 100000001;
  assert_refused (&n, l, BSN_ERROR_INVALID, "Jumlah barang titipan harus 1 sampai 100.000.000");
  l = good_lot (&n), l->cost_rp = -1;
  assert_refused (&n, l, BSN_ERROR_INVALID, "Modal pokok tidak boleh negatif dan harga jual harus lebih dari nol");
  l = good_lot (&n), l->price_rp = 0, l->cost_rp = 0;
  assert_refused (&n, l, BSN_ERROR_INVALID, "Modal pokok tidak boleh negatif dan harga jual harus lebih dari nol");
  l = good_lot (&n), l->price_rp = 1000000000001;
  assert_refused (&n, l, BSN_ERROR_INVALID, "Modal pokok tidak boleh negatif dan harga jual harus lebih dari nol");
  l = good_lot (&n), l->cost_rp = 10001;
  assert_refused (&n, l, BSN_ERROR_REFUSED, "Modal pokok Rp10.001 lebih tinggi dari harga jual yang disepakati Rp10.000");
  l = good_lot (&n), l->period_days = 0;
  assert_refused (&n, l, BSN_ERROR_INVALID, "Masa jual dan lama tiap tahap harus 1 sampai 3650 hari");
  l = good_lot (&n), l->period_days = 3651;
  assert_refused (&n, l, BSN_ERROR_INVALID, "Masa jual dan lama tiap tahap harus 1 sampai 3650 hari");
  l = good_lot (&n), l->stage_days[1] = 0;
  assert_refused (&n, l, BSN_ERROR_INVALID, "Masa jual dan lama tiap tahap harus 1 sampai 3650 hari");
  l = good_lot (&n), l->stage_days[2] = 3651;
  assert_refused (&n, l, BSN_ERROR_INVALID, "Masa jual dan lama tiap tahap harus 1 sampai 3650 hari");
  l = good_lot (&n), l->scheme = 'C';
  assert_refused (&n, l, BSN_ERROR_INVALID, "Skema kemitraan harus A atau B");
  l = good_lot (&n), l->marketing_owner_bp = 10001;
  assert_refused (&n, l, BSN_ERROR_INVALID, "Bagian biaya pemasaran harus 0–100 % dan bonus poin 0–30 %");
  l = good_lot (&n), l->marketing_owner_bp = -1;
  assert_refused (&n, l, BSN_ERROR_INVALID, "Bagian biaya pemasaran harus 0–100 % dan bonus poin 0–30 %");
  l = good_lot (&n), l->bonus_bp = 3001;
  assert_refused (&n, l, BSN_ERROR_INVALID, "Bagian biaya pemasaran harus 0–100 % dan bonus poin 0–30 %");
  l = good_lot (&n), l->capacity = -2;
  assert_refused (&n, l, BSN_ERROR_INVALID, "Kapasitas jual anak cabang harus 0 sampai 100.000.000 unit");
  l = good_lot (&n), l->capacity = 100000001;
  assert_refused (&n, l, BSN_ERROR_INVALID, "Kapasitas jual anak cabang harus 0 sampai 100.000.000 unit");
  l = good_lot (&n), l->induk_id = 999999;
  assert_refused (&n, l, BSN_ERROR_NOT_FOUND, "Toko #999999 tidak ada");
  l = good_lot (&n), l->anak_id = 999999;
  assert_refused (&n, l, BSN_ERROR_NOT_FOUND, "Toko #999999 tidak ada");
  l = good_lot (&n), l->induk_id = n.toko;
  assert_refused (&n, l, BSN_ERROR_INVALID, "Toko TK bukan induk cabang; hanya induk yang menitipkan barang");
  l = good_lot (&n), l->anak_id = n.induk;
  assert_refused (&n, l, BSN_ERROR_INVALID, "Barang dititipkan ke anak cabang atau toko, bukan ke IND");
  l = good_lot (&n), l->anak_id = n.induk2;
  assert_refused (&n, l, BSN_ERROR_INVALID, "Barang dititipkan ke anak cabang atau toko, bukan ke IND2");

  lots = bsn_lot_list (n.t->db, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lots->len, ==, 0);
  {
    g_autoptr(GPtrArray) audit = bsn_audit_list (n.t->db, 0, 0, "consign.offer", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (audit->len, ==, 0);
  }

  /* The ends of every range are offers; a toko may take a lot too. */
  {
    g_autoptr(BsnLot) edge = good_lot (&n);
    g_autoptr(BsnLot) back = NULL;
    edge->anak_id = n.toko;
    edge->qty = 100000000;
    edge->cost_rp = 10000;
    edge->period_days = 3650;
    edge->stage_days[0] = 1;
    edge->scheme = 'B';
    edge->marketing_owner_bp = 10000;
    edge->bonus_bp = 3000;
    edge->capacity = 0;
    g_assert_true (bsn_lot_offer (n.t->db, edge, &error));
    g_assert_no_error (error);
    back = bsn_lot_get (n.t->db, edge->id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (back->sku, ==, "BAJU-01");
    g_assert_cmpstr (back->induk_code, ==, "IND");
    g_assert_cmpstr (back->anak_code, ==, "TK");
    g_assert_cmpint (back->qty, ==, 100000000);
    g_assert_cmpint (back->cost_rp, ==, 10000);
    g_assert_cmpint (back->period_days, ==, 3650);
    g_assert_cmpint (back->stage_days[0], ==, 1);
    g_assert_cmpint (back->scheme, ==, 'B');
    g_assert_cmpint (back->marketing_owner_bp, ==, 10000);
    g_assert_cmpint (back->bonus_bp, ==, 3000);
    g_assert_cmpint (back->capacity, ==, 0);
    g_assert_cmpint (back->accepted, ==, 0);
  }
  g_assert_null (bsn_lot_get (n.t->db, 999999, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  bsn_test_db_free (n.t);
}

static void
test_stage_names (void)
{
  static const struct { BsnStage stage; const char *code, *label; } stages[] = {
    { BSN_STAGE_OFFERED, "offered", "Ditawarkan" },
    { BSN_STAGE_NORMAL, "normal", "Harga normal" },
    { BSN_STAGE_I, "I", "Tahap I (−10 %)" },
    { BSN_STAGE_II, "II", "Tahap II (−20 %)" },
    { BSN_STAGE_III, "III", "Tahap III (−30 %)" },
    { BSN_STAGE_RETURN_DUE, "return_due", "Wajib dikembalikan" },
    { BSN_STAGE_RETURNED, "returned", "Sudah dikembalikan" },
    { BSN_STAGE_REJECTED, "rejected", "Ditolak" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      g_assert_cmpstr (bsn_stage_to_string (stages[i].stage), ==, stages[i].code);
      g_assert_cmpstr (bsn_stage_label (stages[i].stage), ==, stages[i].label);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/consign-checks/offer-refusals", test_offer_refusals);
  g_test_add_func ("/consign-checks/stage-names", test_stage_names);
  return g_test_run ();
}
