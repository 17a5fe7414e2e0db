/* test-report.c — report figures on a small hand-computed data set, and
 * the files written for bookkeepers. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "bsn-award.h"
#include "bsn-bonus.h"
#include "bsn-consign.h"
#include "bsn-customer.h"
#include "bsn-export.h"
#include "bsn-ledger.h"
#include "bsn-report.h"
#include "bsn-reserve.h"
#include "bsn-test-util.h"
#include "bsn-voucher.h"

static BsnTime
at (const char *iso)
{
  BsnTime t = 0;
  g_assert_true (bsn_time_parse (iso, &t, NULL));
  return t;
}

static gint64
day (const char *d)
{
  return bsn_time_day (at (d));
}

/* The data set:
 *  - lot A (scheme A): IND → ANK, 10 units, modal 8.000, price 10.000;
 *    6 sold in November at normal price: revenue 60.000, modal 48.000,
 *    profit 12.000 → induk 4.800, anak 7.200;
 *  - lot B (scheme B): 5 units, modal 1.000, price 2.001, 1 sold:
 *    profit 1.001 → induk 250, produsen 400, anak 351 (remainder);
 *    4 returned: compensation 4 × 15 % × 30 % × 2.001 = 4 × 90 = 360;
 *  - receipts at TK (lelang Platinum, slot X): 2 × Rp100.000 → 2 × 6.500. */
static BsnTestDb *
make_data (void)
{
  BsnTestDb *t = bsn_test_db_new ();
  gint64 induk = bsn_test_add_store (t->db, "IND", BSN_ROLE_INDUK, NULL, BSN_BAND_LOW, "Gold", BSN_SCHEMES_BOTH);
  gint64 anak = bsn_test_add_store (t->db, "ANK", BSN_ROLE_ANAK, "IND", BSN_BAND_LOW, "Gold", BSN_SCHEMES_BOTH);
  gint64 toko = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Platinum", BSN_SCHEMES_LELANG);
  gint64 c1 = bsn_test_add_customer (t->db, "C1", "Siti");
  gint64 c2 = bsn_test_add_customer (t->db, "C2", "Budi");
  g_autoptr(BsnLot) a = bsn_lot_new ();
  g_autoptr(BsnLot) b = bsn_lot_new ();
  g_autoptr(BsnStore) s = bsn_store_get (t->db, toko, NULL);
  BsnLotSale sale;
  BsnLotReturn r;

  s->opening_sec = 7 * 3600;
  g_assert_true (bsn_store_update (t->db, s, NULL));
  a->induk_id = b->induk_id = induk;
  a->anak_id = b->anak_id = anak;
  a->sku = g_strdup ("A");
  a->name = g_strdup ("Barang A");
  a->qty = 10, a->cost_rp = 8000, a->price_rp = 10000, a->offered_day = day ("2026-11-01");
  a->period_days = 14, a->stage_days[0] = a->stage_days[1] = a->stage_days[2] = 7;
  b->sku = g_strdup ("B");
  b->name = g_strdup ("Barang B");
  b->qty = 5, b->cost_rp = 1000, b->price_rp = 2001, b->offered_day = day ("2026-11-01");
  b->period_days = 14, b->stage_days[0] = b->stage_days[1] = b->stage_days[2] = 7;
  b->scheme = 'B';
  g_assert_true (bsn_lot_offer (t->db, a, NULL));
  g_assert_true (bsn_lot_offer (t->db, b, NULL));
  g_assert_true (bsn_lot_accept (t->db, a->id, 0, day ("2026-11-01"), NULL));
  g_assert_true (bsn_lot_accept (t->db, b->id, 0, day ("2026-11-01"), NULL));
  g_assert_true (bsn_lot_sell (t->db, a->id, 6, day ("2026-11-05"), 0, &sale, NULL));
  g_assert_true (bsn_lot_sell (t->db, b->id, 1, day ("2026-11-05"), 0, &sale, NULL));
  g_assert_true (bsn_lot_return (t->db, b->id, day ("2026-11-20"), NULL, 0, &r, NULL));
  /* A sale in December is outside the November period. */
  g_assert_true (bsn_lot_sell (t->db, a->id, 1, day ("2026-12-02"), 0, &sale, NULL));
  for (gint i = 0; i < 2; i++)
    {
      BsnReceipt rc = { NULL, toko, i ? c2 : c1, 100000, at ("2026-11-10T16:30:00") + i, -1, -1 };
      g_autoptr(BsnAward) aw = bsn_award_receipt (t->db, NULL, &rc, NULL);
      g_assert_nonnull (aw);
    }
  return t;
}

static void
test_bagi_hasil_figures (void)
{
  g_autoptr(BsnTestDb) t = make_data ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnReport) r = bsn_report_bagi_hasil (t->db, at ("2026-11-01"), at ("2026-12-01"), NULL, &error);
  BsnReportSection *lots, *parties;

  g_assert_no_error (error);
  lots = g_ptr_array_index (r->sections, 0);
  g_assert_cmpuint (lots->rows->len, ==, 2);
  g_assert_cmpint (bsn_section_total (lots, 7), ==, 60000 + 2001);      /* revenue */
  g_assert_cmpint (bsn_section_total (lots, 8), ==, 48000 + 1000);      /* modal */
  g_assert_cmpint (bsn_section_total (lots, 9), ==, 12000 + 1001);      /* profit */
  g_assert_cmpint (bsn_section_total (lots, 10), ==, 4800 + 250);       /* induk */
  g_assert_cmpint (bsn_section_total (lots, 11), ==, 400);              /* produsen */
  g_assert_cmpint (bsn_section_total (lots, 12), ==, 7200 + 351);       /* anak */
  g_assert_cmpint (bsn_section_total (lots, 13), ==, 360);              /* compensation */
  /* Modal + shares = revenue, to the Rupiah. */
  g_assert_cmpint (bsn_section_total (lots, 8) + bsn_section_total (lots, 10) + bsn_section_total (lots, 11)
                     + bsn_section_total (lots, 12), ==, bsn_section_total (lots, 7));
  parties = g_ptr_array_index (r->sections, 3);
  g_assert_cmpint (g_array_index ((GArray *) g_ptr_array_index (parties->rows, 0), BsnCell, 1).num, ==, 400);
  g_assert_cmpint (g_array_index ((GArray *) g_ptr_array_index (parties->rows, 1), BsnCell, 2).num, ==, 360);
  g_assert_cmpint (g_array_index ((GArray *) g_ptr_array_index (parties->rows, 2), BsnCell, 2).num, ==, -360);
  /* The chart finds the section and its columns by key, whatever the
   * wording of their names. */
  g_assert_true (bsn_report_section (r, BSN_SECTION_PARTIES) == parties);
  g_assert_null (bsn_report_section (r, BSN_SECTION_PROGRAM));
  g_assert_cmpint (bsn_section_column (parties, BSN_COLUMN_SHARE), ==, 1);
  g_assert_cmpint (bsn_section_column (parties, BSN_COLUMN_COMPENSATION), ==, 2);
  g_assert_cmpint (bsn_section_column (parties, BSN_COLUMN_BONUS_COST), ==, 3);
  g_assert_cmpint (bsn_section_column (parties, BSN_COLUMN_MARGIN_BP), ==, -1);

  /* Reproducible: the same period, the same numbers. */
  {
    g_autoptr(BsnReport) again = bsn_report_bagi_hasil (t->db, at ("2026-11-01"), at ("2026-12-01"), NULL, NULL);
    BsnReportSection *l2 = g_ptr_array_index (again->sections, 0);
    for (guint c = 6; c < 14; c++)
      g_assert_cmpint (bsn_section_total (l2, c), ==, bsn_section_total (lots, c));
  }
}

static gint64
party_num (const BsnReportSection *parties,
           guint                   row,
           gint                    column)
{
  g_assert_cmpint (column, >=, 0);
  return g_array_index ((GArray *) g_ptr_array_index (parties->rows, row), BsnCell, column).num;
}

/* "Total per pihak" ends with each party's net figure (what the chart
 * draws): share of the profit + return compensation − bonus cost borne.
 * On make_data() plus a goods bonus of 20 % on one more Rp50.000 receipt
 * at TK, funded produsen 45 %, ritel 35 %, BSN 20 % (4.500 / 3.500 /
 * 2.000):
 *  - Produsen: scheme B 40 % of 1.001 = 400, − 4.500 = −4.100;
 *  - Induk: scheme A 40 % of 12.000 = 4.800 + scheme B 25 % of 1.001 = 250,
 *    + compensation 360 = 5.410;
 *  - Anak: 7.200 + 351 (35 % of 1.001 floored is 350, the remainder 1 is
 *    the anak's) − 360 = 7.191;
 *  - Ritel: −3.500; BSN: −2.000; total 13.001 − 10.000 = 3.001. */
static void
test_bagi_hasil_net_per_party (void)
{
  g_autoptr(BsnTestDb) t = make_data ();
  g_autoptr(BsnBonusRule) goods = bsn_bonus_rule_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnReport) r = NULL;
  g_autoptr(BsnStore) toko = bsn_store_find (t->db, "TK", NULL);
  const BsnReportSection *parties;
  const struct { const char *party; gint64 share, comp, bonus, net; } expected[] = {
    { "Produsen", 400, 0, 4500, -4100 },
    { "Induk cabang", 5050, 360, 0, 5410 },
    { "Anak cabang", 7551, -360, 0, 7191 },
    { "Ritel (toko)", 0, 0, 3500, -3500 },
    { "BSN", 0, 0, 2000, -2000 },
  };
  gint c_net;

  goods->code = g_strdup ("SBL");
  goods->name = g_strdup ("Surprise barang");
  goods->kind = g_strdup ("surprise_goods");
  goods->rate_bp = 2000;
  goods->produsen_bp = 4500, goods->ritel_bp = 3500, goods->bsn_bp = 2000;
  g_assert_true (bsn_bonus_rule_add (t->db, goods, &error));
  g_assert_no_error (error);
  {
    BsnReceipt rc = { NULL, toko->id, bsn_test_add_customer (t->db, "C3", "Wati"), 50000,
                      at ("2026-11-11T16:30:00"), -1, -1 };
    g_autoptr(BsnAward) aw = bsn_award_receipt (t->db, NULL, &rc, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (aw->bonuses->len, ==, 1);
  }

  r = bsn_report_bagi_hasil (t->db, at ("2026-11-01"), at ("2026-12-01"), NULL, &error);
  g_assert_no_error (error);
  parties = bsn_report_section (r, BSN_SECTION_PARTIES);
  g_assert_nonnull (parties);
  g_assert_cmpstr (parties->name, ==, "Total per pihak");
  /* Appended: the columns before it keep their places. */
  c_net = bsn_section_column (parties, BSN_COLUMN_NET);
  g_assert_cmpint (c_net, ==, 4);
  g_assert_cmpuint (parties->columns->len, ==, 5);
  g_assert_cmpstr (g_array_index (parties->columns, BsnColumn, c_net).header, ==, "Bersih");
  g_assert_true (g_array_index (parties->columns, BsnColumn, c_net).total);
  g_assert_cmpuint (parties->rows->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      GArray *row = g_ptr_array_index (parties->rows, i);
      g_assert_cmpstr (g_array_index (row, BsnCell, 0).text, ==, expected[i].party);
      g_assert_cmpint (party_num (parties, i, bsn_section_column (parties, BSN_COLUMN_SHARE)), ==, expected[i].share);
      g_assert_cmpint (party_num (parties, i, bsn_section_column (parties, BSN_COLUMN_COMPENSATION)), ==,
                       expected[i].comp);
      g_assert_cmpint (party_num (parties, i, bsn_section_column (parties, BSN_COLUMN_BONUS_COST)), ==,
                       expected[i].bonus);
      g_assert_cmpint (party_num (parties, i, c_net), ==, expected[i].net);
    }
  g_assert_cmpint (bsn_section_total (parties, (guint) c_net), ==, 3001);
  /* The parts of the profit add up to the profit, to the Rupiah. */
  g_assert_cmpint (bsn_section_total (parties, (guint) bsn_section_column (parties, BSN_COLUMN_SHARE)), ==, 13001);
  g_assert_cmpstr (r->period, ==, "1–30 November 2026");
}

/* The net column reaches every export: json rows and totals, csv rows. */
static void
test_bagi_hasil_net_exported (void)
{
  g_autoptr(BsnTestDb) t = make_data ();
  g_autoptr(BsnReport) r = bsn_report_bagi_hasil (t->db, at ("2026-11-01"), at ("2026-12-01"), NULL, NULL);
  g_autofree char *csv = g_build_filename (t->dir, "net.csv", NULL);
  g_autofree char *json = g_build_filename (t->dir, "net.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bsn_export_report (r, BSN_EXPORT_CSV, csv, ';', &error));
  g_assert_no_error (error);
  g_assert_true (bsn_export_report (r, BSN_EXPORT_JSON, json, 0, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "Total per pihak\r\nPihak;Bagian laba titip jual;Kompensasi retur;"
                                  "Biaya bonus ditanggung;Bersih\r\nProdusen;400;0;0;400\r\n"
                                  "Induk cabang;5050;360;0;5410\r\nAnak cabang;7551;-360;0;7191\r\n"));
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (json, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "[\"Produsen\",400,0,0,400]"));
  g_assert_nonnull (strstr (text, "[\"Anak cabang\",7551,-360,0,7191]"));
  g_assert_nonnull (strstr (text, "\"Bersih\":13001}"));
  g_assert_nonnull (strstr (text, "\"Periode\":\"1–30 November 2026\""));
}

/* A text cell a spreadsheet would take for a formula is written with a
 * leading apostrophe in CSV; numbers, negative ones too, stay numbers, and
 * xlsx stores the same text as text (tests/export/test-xlsx.py). */
static void
test_csv_formula_injection (void)
{
  g_autoptr(BsnTestDb) t = make_data ();
  g_autoptr(BsnReport) r = bsn_report_bagi_hasil (t->db, at ("2026-11-01"), at ("2026-12-01"), NULL, NULL);
  g_autofree char *csv = g_build_filename (t->dir, "formula.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  static const char *const names[] = { "=HYPERLINK(\"http://x\";\"klik\")", "+62812", "-Diskon", "@SUM(A1)",
                                       "\t=1", "\r=1", "Biasa", "", "Rp-5" };
  BsnReportSection *s = bsn_report_add_section (r, "=Uji", FALSE);

  bsn_section_add_column (s, "Nama", BSN_COL_TEXT, FALSE);
  bsn_section_add_column (s, "Jumlah", BSN_COL_MONEY, FALSE);
  bsn_section_add_column (s, "Butir", BSN_COL_INT, FALSE);
  bsn_section_add_column (s, "Persen", BSN_COL_BP, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GArray *row = bsn_section_add_row (s);
      bsn_row_text (row, names[i]);
      bsn_row_num (row, -360 - (gint64) i);
      bsn_row_num (row, -5);
      bsn_row_num (row, -350);
    }
  g_assert_true (bsn_export_report (r, BSN_EXPORT_CSV, csv, ';', &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\r\n'=Uji\r\nNama;Jumlah;Butir;Persen\r\n"
                                  "\"'=HYPERLINK(\"\"http://x\"\";\"\"klik\"\")\";-360;-5;-3,50\r\n"
                                  "'+62812;-361;-5;-3,50\r\n"
                                  "'-Diskon;-362;-5;-3,50\r\n"
                                  "'@SUM(A1);-363;-5;-3,50\r\n"
                                  "'\t=1;-364;-5;-3,50\r\n"
                                  "\"'\r=1\";-365;-5;-3,50\r\n"
                                  "Biasa;-366;-5;-3,50\r\n"
                                  ";-367;-5;-3,50\r\n"
                                  "Rp-5;-368;-5;-3,50\r\n"));
  /* The bagi hasil's own negative figure is still a number. */
  g_assert_nonnull (strstr (text, "Anak cabang;7551;-360;0;7191\r\n"));
}

static void
test_program_figures (void)
{
  g_autoptr(BsnTestDb) t = make_data ();
  g_autoptr(BsnReport) r = bsn_report_program (t->db, at ("2026-11-01"), at ("2026-12-01"), "TK", NULL);
  BsnReportSection *s = g_ptr_array_index (r->sections, 0);
  GArray *row;

  g_assert_cmpuint (s->rows->len, ==, 1);
  row = g_ptr_array_index (s->rows, 0);
  g_assert_cmpint (g_array_index (row, BsnCell, 2).num, ==, 200000);   /* sales */
  g_assert_cmpint (g_array_index (row, BsnCell, 3).num, ==, 13000);    /* points issued */
  g_assert_cmpint (g_array_index (row, BsnCell, 6).num, ==, 13000);    /* outstanding */
  g_assert_cmpint (g_array_index (row, BsnCell, 8).num, ==, 650);      /* 6,5 % of sales */
  g_assert_cmpint (g_array_index (row, BsnCell, 9).num, ==, 1400);     /* margin 14 % */
  g_assert_cmpint (g_array_index (row, BsnCell, 10).num, ==, 750);     /* after program */
  g_assert_cmpstr (g_array_index (row, BsnCell, 12).text, ==, "Di bawah batas aman");
  g_assert_true (bsn_report_section (r, BSN_SECTION_PROGRAM) == s);
  g_assert_cmpint (bsn_section_column (s, BSN_COLUMN_COST_BP), ==, 8);
  g_assert_cmpint (bsn_section_column (s, BSN_COLUMN_MARGIN_BP), ==, 9);
  g_assert_cmpint (bsn_section_column (s, BSN_COLUMN_MARGIN_AFTER_BP), ==, 10);
  g_assert_cmpint (bsn_section_column (s, BSN_COLUMN_MARGIN_MIN_BP), ==, 11);
}

static BsnBonusRule *
fixed_rule (const char *kind,
            gint64      points_rp,
            gint32      produsen_bp,
            gint32      ritel_bp,
            gint32      bsn_bp)
{
  BsnBonusRule *r = bsn_bonus_rule_new ();

  r->kind = g_strdup (kind);
  r->points_rp = points_rp;
  r->produsen_bp = produsen_bp, r->ritel_bp = ritel_bp, r->bsn_bp = bsn_bp;
  return r;
}

/* The cell @col of row @row of @s. */
static gint64
cell (const BsnReportSection *s,
      guint                   row,
      guint                   col)
{
  return g_array_index ((GArray *) g_ptr_array_index (s->rows, row), BsnCell, col).num;
}

/* The outstanding column the way it was computed before issue 22: every
 * reserve leg of an award, bonus, reversal or expiry before @end, less
 * the funding of every voucher redeemed before @end (the oracle). */
static gint64
outstanding_from_history (BsnDb  *db,
                          gint64  store_id,
                          BsnTime end)
{
  BsnStmt *stmt = bsn_db_prepare (db,
                                  "SELECT coalesce((SELECT -sum(l.amount_rp) FROM legs l "
                                  "JOIN postings p ON p.id = l.posting_id JOIN accounts a ON a.id = l.account_id "
                                  "WHERE a.kind = 'reserve' AND a.store_id = ?1 "
                                  "AND p.kind IN ('award','bonus','reversal','expiry') AND p.at < ?2), 0) "
                                  "- coalesce((SELECT sum(f.amount_rp) FROM voucher_funding f "
                                  "JOIN redemptions d ON d.voucher_id = f.voucher_id "
                                  "WHERE f.store_id = ?1 AND d.at < ?2), 0)",
                                  NULL);
  gint64 v;

  g_assert_nonnull (stmt);
  bsn_stmt_bind_int64 (stmt, 1, store_id);
  bsn_stmt_bind_int64 (stmt, 2, end);
  g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_ROW);
  v = bsn_stmt_column_int64 (stmt, 0);
  bsn_stmt_reset (stmt);
  return MAX (v, 0);
}

/* TK's "Poin beredar (akhir periode)" of [@from, @to). */
static gint64
outstanding (BsnDb      *db,
             const char *from,
             const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnReport) r = bsn_report_program (db, at (from), at (to), "TK", &error);
  const BsnReportSection *s;

  g_assert_no_error (error);
  s = bsn_report_section (r, BSN_SECTION_PROGRAM);
  g_assert_cmpuint (s->rows->len, ==, 1);
  return cell (s, 0, 6);
}

/* Issue 22: the outstanding column reads the reserve's kept balance less
 * what came at or after the period's end, not the whole history. At TK:
 * awards of 6.500 on 10 November at 16:30:00 and 16:30:01 (make_data),
 * on 3 and 4 December, the latter reversed on 6 December; deposits of
 * 50.000 (15 November) and 20.000 (5 December) and a withdrawal of 10.000
 * (16 November), which back nothing; a voucher of 5.000 redeemed at TK on
 * 25 November and one of 3.000 issued on 26 November and redeemed on 10
 * December. November ends with 13.000 − 5.000; a period ending at
 * 16:30:01 counts only the first award; a period ending on 7 December
 * holds 13.000 + 6.500 − 5.000 (the reversed award counting for nothing,
 * the second voucher not yet redeemed); December ends with 3.000 less;
 * October ends with nothing. Each figure also equals the sum over the
 * whole history. */
static void
test_program_outstanding_period_end (void)
{
  g_autoptr(BsnTestDb) t = make_data ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnVoucher) v1 = NULL, v2 = NULL;
  gint64 toko = bsn_db_query_int (t->db, "SELECT id FROM stores WHERE code = 'TK'", -1);
  gint64 c1 = bsn_db_query_int (t->db, "SELECT id FROM customers WHERE code = 'C1'", -1);
  gint64 c2 = bsn_db_query_int (t->db, "SELECT id FROM customers WHERE code = 'C2'", -1);
  gint64 a4 = 0, value = 0;
  const char *ends[] = { "2026-11-01", "2026-11-10T16:30:00", "2026-11-10T16:30:01", "2026-11-10T16:30:02",
                         "2026-11-25", "2026-11-26", "2026-12-01", "2026-12-04T12:00:00", "2026-12-07",
                         "2027-01-01" };

  g_assert_true (bsn_reserve_deposit (t->db, toko, 50000, at ("2026-11-15T08:00:00"), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bsn_reserve_withdraw (t->db, toko, 10000, at ("2026-11-16T08:00:00"), NULL, &error));
  g_assert_no_error (error);
  v1 = bsn_voucher_issue (t->db, c1, 5000, at ("2026-11-20T09:00:00"), 0, &error);
  g_assert_no_error (error);
  g_assert_true (bsn_voucher_redeem (t->db, v1->code, toko, at ("2026-11-25T10:00:00"), &value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value, ==, 5000);
  v2 = bsn_voucher_issue (t->db, c2, 3000, at ("2026-11-26T09:00:00"), 0, &error);
  g_assert_no_error (error);
  for (gint i = 0; i < 2; i++)
    {
      BsnReceipt rc = { NULL, toko, i ? c2 : c1, 100000, at (i ? "2026-12-04T16:30:00" : "2026-12-03T16:30:00"),
                        -1, -1 };
      g_autoptr(BsnAward) aw = bsn_award_receipt (t->db, NULL, &rc, &error);

      g_assert_no_error (error);
      g_assert_nonnull (aw);
    }
  a4 = bsn_db_query_int (t->db, "SELECT max(id) FROM postings WHERE kind = 'award'", -1);
  g_assert_true (bsn_reserve_deposit (t->db, toko, 20000, at ("2026-12-05T08:00:00"), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bsn_ledger_reverse (t->db, a4, "salah input", at ("2026-12-06T08:00:00"), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bsn_voucher_redeem (t->db, v2->code, toko, at ("2026-12-10T10:00:00"), &value, &error));
  g_assert_no_error (error);

  g_assert_cmpint (outstanding (t->db, "2026-10-01", "2026-11-01"), ==, 0);
  g_assert_cmpint (outstanding (t->db, "2026-11-01", "2026-11-10T16:30:01"), ==, 6500);
  g_assert_cmpint (outstanding (t->db, "2026-11-01", "2026-12-01"), ==, 8000);
  g_assert_cmpint (outstanding (t->db, "2026-11-01", "2026-12-07"), ==, 14500);   /* V2 not yet redeemed */
  g_assert_cmpint (outstanding (t->db, "2026-12-01", "2027-01-01"), ==, 11500);
  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    g_assert_cmpint (outstanding (t->db, "2026-10-01", ends[i]), ==,
                     outstanding_from_history (t->db, toko, at (ends[i])));
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM accounts WHERE kind = 'reserve' "
                                            "AND balance_rp = (SELECT sum(amount_rp) FROM legs "
                                            "WHERE account_id = accounts.id)", -1), ==, 1);
}

/* Issue 17 §5: a referred customer's first receipt at TK (Rp100.000,
 * lelang slot X: 6.500) with a registration bonus of 5 poin funded
 * 0/100/0 and a referral bonus of 10 poin funded 20/50/30 in force. The
 * program report shows the store's share of both (5.000 + 5.000) in
 * "Bonus ditanggung toko" and counts it in the cost; the bagi-hasil
 * report's "Biaya bonus" lists each rule with its split and "Total per
 * pihak" charges produsen 2.000, ritel 10.000 and BSN 3.000. */
static void
test_reports_registration_referral (void)
{
  g_autoptr(BsnTestDb) t = make_data ();
  g_autoptr(BsnBonusRule) reg = fixed_rule ("registration", 5000, 0, 10000, 0);
  g_autoptr(BsnBonusRule) ref = fixed_rule ("referral", 10000, 2000, 5000, 3000);
  g_autoptr(BsnCustomer) dewi = bsn_customer_new ();
  g_autoptr(BsnStore) tk = bsn_store_find (t->db, "TK", NULL);
  g_autoptr(BsnAward) first = NULL;
  g_autoptr(BsnReport) program = NULL;
  g_autoptr(BsnReport) bagi = NULL;
  g_autoptr(GError) error = NULL;
  const BsnReportSection *s, *bonus, *parties;
  GArray *row;

  g_assert_true (bsn_bonus_rule_add (t->db, reg, &error));
  g_assert_true (bsn_bonus_rule_add (t->db, ref, &error));
  g_assert_cmpstr (reg->code, ==, "REG-1");
  g_assert_cmpstr (ref->code, ==, "REF-2");   /* the rows sort by code: REF-2 first */
  dewi->code = g_strdup ("C3");
  dewi->name = g_strdup ("Dewi");
  g_assert_true (bsn_customer_add_referred (t->db, dewi, "C1", &error));
  g_assert_no_error (error);
  {
    BsnReceipt rc = { NULL, tk->id, dewi->id, 100000, at ("2026-11-10T16:30:02"), -1, -1 };
    first = bsn_award_receipt (t->db, NULL, &rc, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (first->value_rp, ==, 6500);
  g_assert_cmpuint (first->bonuses->len, ==, 2);

  program = bsn_report_program (t->db, at ("2026-11-01"), at ("2026-12-01"), "TK", &error);
  g_assert_no_error (error);
  s = bsn_report_section (program, BSN_SECTION_PROGRAM);
  g_assert_cmpuint (s->rows->len, ==, 1);
  row = g_ptr_array_index (s->rows, 0);
  g_assert_cmpstr (g_array_index (row, BsnCell, 0).text, ==, "TK");
  g_assert_cmpint (cell (s, 0, 2), ==, 300000);          /* sales */
  g_assert_cmpint (cell (s, 0, 3), ==, 19500);           /* points issued: 3 × 6.500 */
  g_assert_cmpint (cell (s, 0, 4), ==, 5000 + 5000);     /* the store's share of both bonuses */
  g_assert_cmpint (cell (s, 0, 8), ==, 983);             /* (19.500 + 10.000) ÷ 300.000 */

  bagi = bsn_report_bagi_hasil (t->db, at ("2026-11-01"), at ("2026-12-01"), NULL, &error);
  g_assert_no_error (error);
  bonus = g_ptr_array_index (bagi->sections, 2);
  g_assert_cmpstr (bonus->name, ==, "Biaya bonus");
  g_assert_cmpuint (bonus->rows->len, ==, 2);
  row = g_ptr_array_index (bonus->rows, 0);
  g_assert_cmpstr (g_array_index (row, BsnCell, 0).text, ==, ref->code);
  g_assert_cmpint (cell (bonus, 0, 2), ==, 1);           /* grants */
  g_assert_cmpint (cell (bonus, 0, 3), ==, 10000);
  g_assert_cmpint (cell (bonus, 0, 4), ==, 2000);        /* produsen */
  g_assert_cmpint (cell (bonus, 0, 5), ==, 5000);        /* ritel */
  g_assert_cmpint (cell (bonus, 0, 6), ==, 3000);        /* BSN */
  row = g_ptr_array_index (bonus->rows, 1);
  g_assert_cmpstr (g_array_index (row, BsnCell, 0).text, ==, reg->code);
  g_assert_cmpint (cell (bonus, 1, 2), ==, 1);
  g_assert_cmpint (cell (bonus, 1, 3), ==, 5000);
  g_assert_cmpint (cell (bonus, 1, 4), ==, 0);
  g_assert_cmpint (cell (bonus, 1, 5), ==, 5000);
  g_assert_cmpint (cell (bonus, 1, 6), ==, 0);
  g_assert_cmpint (bsn_section_total (bonus, 3), ==, 15000);

  parties = bsn_report_section (bagi, BSN_SECTION_PARTIES);
  g_assert_cmpint (cell (parties, 0, 3), ==, 2000);      /* produsen */
  g_assert_cmpint (cell (parties, 0, 4), ==, 400 - 2000);
  g_assert_cmpint (cell (parties, 1, 3), ==, 0);         /* induk */
  g_assert_cmpint (cell (parties, 2, 3), ==, 0);         /* anak */
  g_assert_cmpint (cell (parties, 3, 3), ==, 10000);     /* ritel */
  g_assert_cmpint (cell (parties, 3, 4), ==, -10000);
  g_assert_cmpint (cell (parties, 4, 3), ==, 3000);      /* BSN */
  g_assert_cmpint (cell (parties, 4, 4), ==, -3000);
}

static void
test_kpi_figures (void)
{
  g_autoptr(BsnTestDb) t = make_data ();
  g_autoptr(BsnReport) r = bsn_report_kpi (t->db, at ("2026-11-01"), at ("2026-12-01"), NULL, NULL);
  BsnReportSection *kpi = g_ptr_array_index (r->sections, 0);
  BsnReportSection *base = g_ptr_array_index (r->sections, 1);

  g_assert_cmpuint (kpi->rows->len, ==, 9);
  /* Two customers active, both new, one receipt each. */
  g_assert_cmpint (g_array_index ((GArray *) g_ptr_array_index (base->rows, 0), BsnCell, 1).num, ==, 2);
  g_assert_cmpint (g_array_index ((GArray *) g_ptr_array_index (base->rows, 1), BsnCell, 1).num, ==, 2);
  g_assert_cmpstr (g_array_index ((GArray *) g_ptr_array_index (kpi->rows, 3), BsnCell, 1).text, ==, "Rp100.000");
  g_assert_cmpstr (g_array_index ((GArray *) g_ptr_array_index (kpi->rows, 2), BsnCell, 1).text, ==, "0 %");
  g_assert_cmpstr (g_array_index ((GArray *) g_ptr_array_index (kpi->rows, 7), BsnCell, 1).text, ==, "100 %");
}

static void
test_export_formats (void)
{
  g_autoptr(BsnTestDb) t = make_data ();
  g_autoptr(BsnReport) r = bsn_report_bagi_hasil (t->db, at ("2026-11-01"), at ("2026-12-01"), NULL, NULL);
  g_autofree char *xlsx = g_build_filename (t->dir, "bh.xlsx", NULL);
  g_autofree char *csv = g_build_filename (t->dir, "bh.csv", NULL);
  g_autofree char *json = g_build_filename (t->dir, "bh.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bsn_export_report (r, BSN_EXPORT_XLSX, xlsx, 0, &error));
  g_assert_no_error (error);
  g_assert_true (bsn_export_report (r, BSN_EXPORT_CSV, csv, ';', &error));
  g_assert_true (bsn_export_report (r, BSN_EXPORT_JSON, json, 0, &error));
  g_assert_true (g_file_test (xlsx, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  /* The fingerprint's title row, then the first section. */
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF" "Sidik buku: "));
  g_assert_nonnull (strstr (text, "\r\n\r\nPer titipan\r\nTitipan;SKU;Barang;"));
  g_assert_nonnull (strstr (text, ";60000;48000;12000;4800;0;7200;0\r\n"));
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (json, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\"Pendapatan\":62001"));
  /* An unwritable place fails cleanly, leaving nothing behind. */
  g_assert_false (bsn_export_report (r, BSN_EXPORT_CSV, "/nonexistent/dir/x.csv", ';', &error));
  g_assert_nonnull (error);
}

static void
test_ledger_rollover (void)
{
  g_autoptr(BsnTestDb) t = make_data ();
  g_autofree char *path = g_build_filename (t->dir, "ledger.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  guint64 rows = 0;

  g_assert_true (bsn_export_ledger_xlsx (t->db, at ("2026-01-01"), at ("2027-01-01"), path, 3, NULL, NULL, NULL, &rows,
                                         &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 4);   /* two awards × two legs */
}

/* Every member of the zip at @path, concatenated (unzip -p). */
static char *
xlsx_xml (const char *path)
{
  const char *argv[] = { "unzip", "-p", path, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The figures libxlsxwriter prints with printf: attribute values and
 * cells' <v>. None may carry a decimal comma. */
static void
assert_no_decimal_comma (const char *xml)
{
  g_autoptr(GRegex) comma = g_regex_new ("=\"-?[0-9]+,[0-9]+\"|<v>-?[0-9]+,[0-9]+</v>", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (g_regex_match (comma, xml, 0, &match))
    {
      g_autofree char *found = g_match_info_fetch (match, 0);
      g_test_message ("decimal comma in the xlsx: %s", found);
      g_assert_not_reached ();
    }
}

static gpointer
export_ledger_thread (gpointer data)
{
  BsnTestDb *t = data;
  g_autofree char *path = g_build_filename (t->dir, "ledger-id.xlsx", NULL);
  guint64 rows = 0;

  if (!bsn_export_ledger_xlsx (t->db, at ("2026-01-01"), at ("2027-01-01"), path, 0, NULL, NULL, NULL, &rows, NULL))
    return NULL;
  return g_steal_pointer (&path);
}

/* Under the users' id_ID.UTF-8 (decimal comma) the xlsx parts still say
 * width="12.7109375" and left="0.7", from the main thread and from a
 * worker thread as the app's GTask runs it, and the calling thread gets
 * its comma back afterwards (tests/locale generates the locale; LOCPATH
 * points at it). */
static void
test_export_xlsx_indonesian_locale (void)
{
  g_autoptr(BsnTestDb) t = make_data ();
  g_autoptr(BsnReport) r = bsn_report_bagi_hasil (t->db, at ("2026-11-01"), at ("2026-12-01"), NULL, NULL);
  g_autofree char *report_path = g_build_filename (t->dir, "bh-id.xlsx", NULL);
  g_autofree char *ledger_path = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *half = NULL;
  g_autoptr(GError) error = NULL;

  if (setlocale (LC_ALL, "id_ID.UTF-8") == NULL)
    {
      g_test_skip ("id_ID.UTF-8 is not available (LOCPATH should name tests/locale in the build tree)");
      return;
    }
  half = g_strdup_printf ("%.1f", 0.5);
  g_assert_cmpstr (half, ==, "0,5");

  g_assert_true (bsn_export_report (r, BSN_EXPORT_XLSX, report_path, 0, &error));
  g_assert_no_error (error);
  xml = xlsx_xml (report_path);
  assert_no_decimal_comma (xml);
  g_assert_nonnull (strstr (xml, "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" "
                                 "header=\"0.3\" footer=\"0.3\"/>"));
  g_clear_pointer (&half, g_free);
  half = g_strdup_printf ("%.1f", 0.5);
  g_assert_cmpstr (half, ==, "0,5");

  ledger_path = g_thread_join (g_thread_new ("export", export_ledger_thread, t));
  g_assert_nonnull (ledger_path);
  g_clear_pointer (&xml, g_free);
  xml = xlsx_xml (ledger_path);
  assert_no_decimal_comma (xml);
  /* Column "Waktu" is 17 wide; the first award, 2026-11-10 16:30, is
   * Excel's day 46336 and 16.5 hours. */
  g_assert_nonnull (strstr (xml, "<col min=\"2\" max=\"2\" width=\"17.7109375\""));
  g_assert_nonnull (strstr (xml, "<v>46336.6875</v>"));
  g_clear_pointer (&half, g_free);
  half = g_strdup_printf ("%.1f", 0.5);
  g_assert_cmpstr (half, ==, "0,5");

  setlocale (LC_ALL, "");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report/bagi-hasil/figures", test_bagi_hasil_figures);
  g_test_add_func ("/report/bagi-hasil/net-per-party", test_bagi_hasil_net_per_party);
  g_test_add_func ("/report/bagi-hasil/net-exported", test_bagi_hasil_net_exported);
  g_test_add_func ("/report/program/figures", test_program_figures);
  g_test_add_func ("/report/program/outstanding-period-end", test_program_outstanding_period_end);
  g_test_add_func ("/report/bonus/registration-referral", test_reports_registration_referral);
  g_test_add_func ("/report/kpi/figures", test_kpi_figures);
  g_test_add_func ("/report/export/formats", test_export_formats);
  g_test_add_func ("/report/export/csv-formula-injection", test_csv_formula_injection);
  g_test_add_func ("/report/export/ledger-rollover", test_ledger_rollover);
  g_test_add_func ("/report/export/xlsx-indonesian-locale", test_export_xlsx_indonesian_locale);
  return g_test_run ();
}
