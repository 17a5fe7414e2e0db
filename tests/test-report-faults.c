/* test-report-faults.c — the reading side of the library (the reports and
 * their files, the simulator, Buku Poin's pages and lists, balances,
 * stores and customers) and the ways receipts come in from outside (a
 * CSV import, the offline outbox's replay), with each statement they
 * prepare and each step they take failing in turn (SQLite).
 *
 * As in test-sql-faults.c, this program stands in front of SQLite's
 * prepare and step (bsn-sql-faults.h) and makes the k-th call fail, for
 * k = 0, 1, 2 … until the operation runs through. A read either fails
 * with an error of its own or gives exactly the answer a run without a
 * fault gives (the reference, whose figures are checked against the
 * hand-computed ones of test-report.c), and never changes the file; a
 * file export that fails leaves the previous file as it was and no
 * temporary behind; an update is whole or not made; an import that
 * fails keeps its batches whole, and running it again posts every
 * receipt once, to the same balances as an import without a fault.
 *
 * Where the library answers wrongly under a fault, the test records what
 * it saw and fails naming the defect (the defects it found are fixed; one
 * coming back must turn the suite red, not pass as a skip). */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bsn-award.h"
#include "bsn-chain.h"
#include "bsn-consign.h"
#include "bsn-customer.h"
#include "bsn-error.h"
#include "bsn-export.h"
#include "bsn-import.h"
#include "bsn-ledger-pages.h"
#include "bsn-ledger.h"
#include "bsn-outbox.h"
#include "bsn-report.h"
#include "bsn-simulate.h"
#include "bsn-store.h"
#include "bsn-test-util.h"

#include "bsn-sql-faults.h"

#define ON_PG "SQLite's functions stand in for the faults"

/* ---- Defects seen: the test fails naming them ---- */

static GPtrArray *defects;

/* TRUE when @what is new. */
static gboolean
note_defect (const char *what)
{
  if (defects == NULL)
    defects = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < defects->len; i++)
    if (g_str_equal (g_ptr_array_index (defects, i), what))
      return FALSE;
  g_test_message ("DEFECT: %s", what);
  g_ptr_array_add (defects, g_strdup (what));
  return TRUE;
}

/* TRUE (the test then returns, failed) when a defect was seen: a defect
 * found again fails the suite, never passes it as a skip. */
static gboolean
skip_for_defects (void)
{
  g_autoptr(GString) text = NULL;

  if (defects == NULL || defects->len == 0)
    return FALSE;
  text = g_string_new ("library defect: ");
  for (guint i = 0; i < defects->len; i++)
    g_string_append_printf (text, "%s%s", i ? "; " : "", (char *) g_ptr_array_index (defects, i));
  g_ptr_array_set_size (defects, 0);
  g_test_fail_printf ("%s", text->str);
  return TRUE;
}

/* fail_each () with a change to the file where none may be noted as the
 * defect @what instead of failing the test: for the operations that are
 * known to break their effect (see the report of each test). */
static guint
fail_each_noting (BsnTestDb  *t,
                  FaultKind   kind,
                  Operation   op,
                  gpointer    data,
                  Effect      effect,
                  const char *what)
{
  g_autofree char *before = NULL;
  gboolean noted = FALSE;
  guint k;

  for (k = 0; k < 10000; k++)
    {
      g_autoptr(BsnDb) db = reopen (t);
      g_autoptr(GError) error = NULL;
      gboolean ok, faulted;

      g_free (before);
      before = bsn_test_sqlite_digest (t->path);
      arm (kind, (gint) k);
      ok = op (db, data, &error);
      faulted = disarm ();
      if (!faulted)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          break;
        }
      if (!ok)
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == BSN_ERROR);
          g_assert_cmpstr (error->message, !=, "");
        }
      if (effect == READ_ONLY || (effect == ATOMIC && !ok))
        {
          g_autofree char *after = NULL;

          g_clear_pointer (&db, bsn_db_unref);
          after = bsn_test_sqlite_digest (t->path);
          if (g_strcmp0 (after, before) != 0 && !noted)
            {
              g_autofree char *line = g_strdup_printf ("%s (%s fault %u: %s)", what,
                                                       kind == FAULT_PREPARE ? "prepare" : "step", k,
                                                       error ? error->message : "no error");
              noted = note_defect (line);
            }
        }
    }
  g_test_message ("%u faults tried", k);
  g_assert_cmpuint (k, >, 0);
  return k;
}

/* ---- The data set of test-report.c ----
 *
 * Lot A (scheme A): IND → ANK, 10 units, modal 8.000, price 10.000, 6
 * sold in November (profit 12.000: induk 4.800, anak 7.200); lot B
 * (scheme B): 5 units, modal 1.000, price 2.001, 1 sold (profit 1.001:
 * induk 250, produsen 400, anak 351), 4 returned (compensation 360); one
 * more unit of A sold in December; two receipts of Rp100.000 at TK
 * (lelang Platinum, slot X: 6.500 each) on 10 November. */

static BsnTime
at (const char *iso)
{
  BsnTime t = 0;

  g_assert_true (bsn_time_parse (iso, &t, NULL));
  return t;
}

static gint64
day (const char *iso)
{
  return bsn_time_day (at (iso));
}

static BsnTestDb *
book_new (void)
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
  g_assert_true (bsn_lot_sell (t->db, a->id, 1, day ("2026-12-02"), 0, &sale, NULL));
  for (gint i = 0; i < 2; i++)
    {
      BsnReceipt rc = { NULL, toko, i ? c2 : c1, 100000, at ("2026-11-10T16:30:00") + i, -1, -1 };
      g_autoptr(BsnAward) aw = bsn_award_receipt (t->db, NULL, &rc, NULL);

      g_assert_nonnull (aw);
      g_assert_cmpint (aw->value_rp, ==, 6500);
    }
  return t;
}

/* ---- Reports ---- */

typedef BsnReport *(*ReportFunc) (BsnDb *db, BsnTime from, BsnTime to, const char *store, GError **error);

/* Where the reports drop the error of the book's fingerprint. */
#define FINGERPRINT_DEFECT \
  "bsn_report_bagi_hasil/_program/_kpi (bsn-report.c:283, 542, 757) call bsn_chain_fingerprint_of (db, NULL): " \
  "a failed read of the chain's head still gives a report, without its \"Sidik buku\" (its files written without it)"

typedef struct
{
  const char *scan_defect;  /* what the report is known to get wrong when a step fails */
  ReportFunc  build;
  const char *store;
  char       *text;         /* the reference's every cell */
  char       *fingerprint;  /* the reference's */
} ReportCase;

/* Every section, column and cell of @r (its notes hold the time it was
 * made, and its fingerprint is compared apart). (transfer full) */
static char *
report_text (const BsnReport *r)
{
  GString *out = g_string_new (r->kind);

  g_string_append_printf (out, "|%s|%s\n", r->period, r->store_code ? r->store_code : "");
  for (guint i = 0; i < r->sections->len; i++)
    {
      const BsnReportSection *s = g_ptr_array_index (r->sections, i);

      g_string_append_printf (out, "[%s]", s->name);
      for (guint c = 0; c < s->columns->len; c++)
        g_string_append_printf (out, "%s;", g_array_index (s->columns, BsnColumn, c).header);
      g_string_append_c (out, '\n');
      for (guint j = 0; j < s->rows->len; j++)
        {
          GArray *row = g_ptr_array_index (s->rows, j);

          for (guint c = 0; c < row->len; c++)
            {
              const BsnCell *cell = &g_array_index (row, BsnCell, c);

              if (cell->text != NULL)
                g_string_append_printf (out, "%s;", cell->text);
              else
                g_string_append_printf (out, "%" G_GINT64_FORMAT ";", cell->num);
            }
          g_string_append_c (out, '\n');
        }
    }
  return g_string_free (out, FALSE);
}

static BsnReport *
report_build (BsnDb      *db,
              ReportCase *rc,
              GError    **error)
{
  return rc->build (db, at ("2026-11-01"), at ("2026-12-01"), rc->store, error);
}

/* Notes where @r differs from the reference; TRUE when it does not. */
static gboolean
report_check (const ReportCase *rc,
              const BsnReport  *r)
{
  g_autofree char *text = report_text (r);
  gboolean same = TRUE;

  if (g_strcmp0 (text, rc->text) != 0)
    {
      if (note_defect (rc->scan_defect))
        g_test_message ("got:\n%s\nexpected:\n%s", text, rc->text);
      same = FALSE;
    }
  if (g_strcmp0 (r->fingerprint, rc->fingerprint) != 0)
    {
      g_assert_null (r->fingerprint);
      note_defect (FINGERPRINT_DEFECT);
      same = FALSE;
    }
  return same;
}

/* The report as the reference has it, or an error. */
static gboolean
op_report (BsnDb   *db,
           gpointer data,
           GError **error)
{
  ReportCase *rc = data;
  g_autoptr(BsnReport) r = report_build (db, rc, error);

  if (r == NULL)
    return FALSE;
  report_check (rc, r);
  return TRUE;
}

static void
report_case_init (BsnTestDb  *t,
                  ReportCase *rc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnReport) r = report_build (t->db, rc, &error);

  g_assert_no_error (error);
  rc->text = report_text (r);
  rc->fingerprint = g_strdup (r->fingerprint);
  g_assert_nonnull (rc->fingerprint);
  g_assert_true (g_str_has_prefix (rc->fingerprint, "Sidik buku: "));
}

static void
report_case_clear (ReportCase *rc)
{
  g_clear_pointer (&rc->text, g_free);
  g_clear_pointer (&rc->fingerprint, g_free);
}

static gint64
cell_num (const BsnReportSection *s,
          guint                   row,
          guint                   col)
{
  return g_array_index ((GArray *) g_ptr_array_index (s->rows, row), BsnCell, col).num;
}

#define BAGI_HASIL_DEFECT \
  "bsn_report_bagi_hasil (bsn-report.c:329, 420) stops its lot and bonus scans at a failed step as at their end " \
  "(the step's result never checked): success with lots, branches and bonus rows missing"

/* Bagi hasil of November, all stores: the reference's figures, then each
 * fault. */
static void
test_bagi_hasil (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  ReportCase rc = { BAGI_HASIL_DEFECT, bsn_report_bagi_hasil, NULL, NULL, NULL };

  if (bsn_test_skip_on_pg (ON_PG))
    return;
  t = book_new ();
  {
    g_autoptr(BsnReport) r = report_build (t->db, &rc, NULL);
    const BsnReportSection *lots = g_ptr_array_index (r->sections, 0);
    const BsnReportSection *parties = bsn_report_section (r, BSN_SECTION_PARTIES);

    g_assert_cmpuint (lots->rows->len, ==, 2);
    g_assert_cmpint (bsn_section_total (lots, 7), ==, 60000 + 2001);
    g_assert_cmpint (bsn_section_total (lots, 9), ==, 12000 + 1001);
    g_assert_cmpint (bsn_section_total (lots, 13), ==, 360);
    g_assert_cmpint (cell_num (parties, 0, 1), ==, 400);
    g_assert_cmpint (cell_num (parties, 1, 4), ==, 5050 + 360);
    g_assert_cmpint (cell_num (parties, 2, 4), ==, 7551 - 360);
  }
  report_case_init (t, &rc);
  fail_each (t, FAULT_PREPARE, op_report, &rc, READ_ONLY);
  fail_each (t, FAULT_STEP, op_report, &rc, READ_ONLY);
  /* For one induk: its scope read through the store list. */
  report_case_clear (&rc);
  rc.store = "IND";
  report_case_init (t, &rc);
  fail_each (t, FAULT_PREPARE, op_report, &rc, READ_ONLY);
  fail_each (t, FAULT_STEP, op_report, &rc, READ_ONLY);
  report_case_clear (&rc);
  skip_for_defects ();
}

/* Program cost of November at TK: sales 200.000, points 13.000 (6,5 %),
 * margin 14 % → 7,5 % after the program, below 8 %. */
static void
test_program (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  ReportCase rc = { "bsn_report_program gives other figures than without a fault", bsn_report_program, "TK", NULL,
                    NULL };

  if (bsn_test_skip_on_pg (ON_PG))
    return;
  t = book_new ();
  {
    g_autoptr(BsnReport) r = report_build (t->db, &rc, NULL);
    const BsnReportSection *s = bsn_report_section (r, BSN_SECTION_PROGRAM);

    g_assert_cmpuint (s->rows->len, ==, 1);
    g_assert_cmpint (cell_num (s, 0, 2), ==, 200000);
    g_assert_cmpint (cell_num (s, 0, 3), ==, 13000);
    g_assert_cmpint (cell_num (s, 0, 6), ==, 13000);
    g_assert_cmpint (cell_num (s, 0, 8), ==, 650);
    g_assert_cmpint (cell_num (s, 0, 10), ==, 750);
  }
  report_case_init (t, &rc);
  fail_each (t, FAULT_PREPARE, op_report, &rc, READ_ONLY);
  fail_each (t, FAULT_STEP, op_report, &rc, READ_ONLY);
  /* Every store: three rows. */
  report_case_clear (&rc);
  rc.store = NULL;
  report_case_init (t, &rc);
  fail_each (t, FAULT_PREPARE, op_report, &rc, READ_ONLY);
  fail_each (t, FAULT_STEP, op_report, &rc, READ_ONLY);
  report_case_clear (&rc);
  skip_for_defects ();
}

#define KPI_DEFECT \
  "bsn_report_kpi takes a failed step for no rows: customer_counts (bsn-report.c:713), the new customers " \
  "(781), the members (784, bsn_db_query_int's fallback 0) and points issued and redeemed (794): success with " \
  "wrong figures"

/* KPI of November: two active customers, both new, one receipt each. */
static void
test_kpi (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  ReportCase rc = { KPI_DEFECT, bsn_report_kpi, NULL, NULL, NULL };

  if (bsn_test_skip_on_pg (ON_PG))
    return;
  t = book_new ();
  {
    g_autoptr(BsnReport) r = report_build (t->db, &rc, NULL);
    const BsnReportSection *base = g_ptr_array_index (r->sections, 1);

    g_assert_cmpint (cell_num (base, 0, 1), ==, 2);         /* active */
    g_assert_cmpint (cell_num (base, 1, 1), ==, 2);         /* new */
    g_assert_cmpint (cell_num (base, 4, 1), ==, 2);         /* receipts */
    g_assert_cmpint (cell_num (base, 5, 1), ==, 200000);    /* sales */
    g_assert_cmpint (cell_num (base, 6, 1), ==, 2);         /* members */
    g_assert_cmpint (cell_num (base, 7, 1), ==, 13000);     /* points issued */
  }
  report_case_init (t, &rc);
  fail_each (t, FAULT_PREPARE, op_report, &rc, READ_ONLY);
  fail_each (t, FAULT_STEP, op_report, &rc, READ_ONLY);
  report_case_clear (&rc);
  skip_for_defects ();
}

/* ---- Files for bookkeepers ---- */

typedef struct
{
  const char *dir;
  char       *paths[3];   /* by BsnExportFormat */
  ReportCase  report;
} ExportCase;

static const char previous[] = "laporan bulan lalu";

static void
write_previous (const char *path)
{
  g_assert_true (g_file_set_contents (path, previous, -1, NULL));
}

static gboolean
is_previous (const char *path)
{
  g_autofree char *text = NULL;

  return g_file_get_contents (path, &text, NULL, NULL) && g_str_equal (text, previous);
}

/* No temporary of an export left behind in @dir. */
static void
assert_no_temporaries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (strstr (name, ".tmp") != NULL)
      g_error ("a temporary file was left behind: %s", name);
}

/* The bagi hasil built and written to xlsx, csv and json over last
 * month's files: each file the whole new one, or last month's. */
static gboolean
op_export (BsnDb   *db,
           gpointer data,
           GError **error)
{
  ExportCase *ec = data;
  g_autoptr(BsnReport) r = report_build (db, &ec->report, error);
  gboolean ok = r != NULL, whole = FALSE;

  if (ok)
    whole = report_check (&ec->report, r);
  for (BsnExportFormat f = BSN_EXPORT_XLSX; ok && f <= BSN_EXPORT_JSON; f++)
    ok = bsn_export_report (r, f, ec->paths[f], ';', error);
  if (!ok)
    for (BsnExportFormat f = BSN_EXPORT_XLSX; f <= BSN_EXPORT_JSON; f++)
      g_assert_true (is_previous (ec->paths[f]));
  /* A report that came out wrong is written as it is (noted above). */
  else if (whole)
    {
      g_autofree char *csv = NULL;
      g_autofree char *json = NULL;
      g_autofree char *xlsx = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (ec->paths[BSN_EXPORT_CSV], &csv, NULL, NULL));
      g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF" "Sidik buku: "));
      g_assert_nonnull (strstr (csv, ";60000;48000;12000;4800;0;7200;0\r\n"));
      g_assert_nonnull (strstr (csv, "Anak cabang;7551;-360;0;7191\r\n"));
      g_assert_true (g_file_get_contents (ec->paths[BSN_EXPORT_JSON], &json, NULL, NULL));
      g_assert_nonnull (strstr (json, "\"Pendapatan\":62001"));
      g_assert_nonnull (strstr (json, "\"Bersih\":13001}"));
      g_assert_true (g_file_get_contents (ec->paths[BSN_EXPORT_XLSX], &xlsx, &len, NULL));
      g_assert_cmpuint (len, >, 1000);
      g_assert_true (g_str_has_prefix (xlsx, "PK\x03\x04"));
    }
  assert_no_temporaries (ec->dir);
  /* The next run writes over last month's files again. */
  for (BsnExportFormat f = BSN_EXPORT_XLSX; f <= BSN_EXPORT_JSON; f++)
    write_previous (ec->paths[f]);
  return ok;
}

static void
test_export (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  ExportCase ec = { NULL, { NULL }, { BAGI_HASIL_DEFECT, bsn_report_bagi_hasil, NULL, NULL, NULL } };
  static const char *const names[] = { "bagi-hasil.xlsx", "bagi-hasil.csv", "bagi-hasil.json" };
  g_autofree char *out = NULL;

  if (bsn_test_skip_on_pg (ON_PG))
    return;
  t = book_new ();
  out = g_build_filename (t->dir, "ekspor", NULL);
  g_assert_cmpint (g_mkdir (out, 0700), ==, 0);
  ec.dir = out;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      ec.paths[i] = g_build_filename (out, names[i], NULL);
      write_previous (ec.paths[i]);
    }
  report_case_init (t, &ec.report);
  fail_each (t, FAULT_PREPARE, op_export, &ec, READ_ONLY);
  fail_each (t, FAULT_STEP, op_export, &ec, READ_ONLY);
  report_case_clear (&ec.report);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_free (ec.paths[i]);
  skip_for_defects ();
}

/* Buku Poin to xlsx, streaming inside a read transaction: the whole
 * ledger (two awards of two legs each) over last month's file, or that
 * file as it was. */
typedef struct
{
  const char *dir;
  char       *path;
} LedgerXlsxCase;

#define LEDGER_XLSX_DEFECT \
  "bsn_export_ledger_xlsx (bsn-export.c:715) calls bsn_chain_fingerprint_of (db, NULL): a failed read of the " \
  "chain's head still writes the whole file, its pages' header without the book's \"Sidik buku\""

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

static gboolean
op_ledger_xlsx (BsnDb   *db,
                gpointer data,
                GError **error)
{
  LedgerXlsxCase *lc = data;
  guint64 rows = 0;
  gboolean ok = bsn_export_ledger_xlsx (db, at ("2026-01-01"), at ("2027-01-01"), lc->path, 3, NULL, NULL, NULL, &rows,
                                        error);

  if (ok)
    {
      g_autofree char *xlsx = NULL;
      gsize len = 0;

      g_autofree char *xml = NULL;

      g_assert_cmpuint (rows, ==, 4);
      g_assert_true (g_file_get_contents (lc->path, &xlsx, &len, NULL));
      g_assert_cmpuint (len, >, 1000);
      g_assert_true (g_str_has_prefix (xlsx, "PK\x03\x04"));
      /* The book's fingerprint in every sheet's printed header. */
      xml = xlsx_xml (lc->path);
      if (strstr (xml, "Sidik buku") == NULL)
        note_defect (LEDGER_XLSX_DEFECT);
      g_assert_nonnull (strstr (xml, "<v>46336.6875</v>"));
    }
  else
    g_assert_true (is_previous (lc->path));
  assert_no_temporaries (lc->dir);
  write_previous (lc->path);
  return ok;
}

static void
test_ledger_xlsx (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autofree char *out = NULL;
  g_autofree char *path = NULL;
  LedgerXlsxCase lc;

  if (bsn_test_skip_on_pg (ON_PG))
    return;
  t = book_new ();
  out = g_build_filename (t->dir, "ekspor", NULL);
  g_assert_cmpint (g_mkdir (out, 0700), ==, 0);
  path = g_build_filename (out, "buku-poin.xlsx", NULL);
  write_previous (path);
  lc = (LedgerXlsxCase) { out, path };
  fail_each (t, FAULT_PREPARE, op_ledger_xlsx, &lc, READ_ONLY);
  fail_each (t, FAULT_STEP, op_ledger_xlsx, &lc, READ_ONLY);
  skip_for_defects ();
}

/* ---- The simulator ---- */

typedef struct
{
  BsnSimRequest req;
  char         *text;   /* the reference's every figure */
} SimCase;

static void
sim_store_text (GString           *out,
                const BsnSimStore *s)
{
  g_string_append_printf (out, "%s: sales %" G_GINT64_FORMAT " cost %" G_GINT64_FORMAT " draft %" G_GINT64_FORMAT
                               " pct %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " margin %d/%d safe %d receipts %"
                               G_GINT64_FORMAT " expired %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "\n",
                          s->store ? s->store : "total", s->sales_rp, s->cost_rp, s->cost_draft_rp, s->cost_pct_bp,
                          s->cost_draft_pct_bp, s->margin_bp, s->margin_min_bp, s->safe, s->receipts, s->expired_rp,
                          s->expired_draft_rp);
}

/* (transfer full) */
static char *
sim_text (const BsnSimResult *r)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < r->stores->len; i++)
    sim_store_text (out, g_ptr_array_index (r->stores, i));
  sim_store_text (out, &r->total);
  for (guint i = 0; i < r->days->len; i++)
    {
      const BsnSimDay *d = &g_array_index (r->days, BsnSimDay, i);

      if (d->receipts > 0 || d->cost_rp != 0 || d->cost_draft_rp != 0)
        g_string_append_printf (out, "day %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %"
                                     G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
                                d->day, d->sales_rp, d->cost_rp, d->cost_draft_rp, d->receipts);
    }
  return g_string_free (out, FALSE);
}

#define SIMULATE_DEFECT \
  "bsn_simulate gives other figures under a fault than without one"

static gboolean
op_simulate (BsnDb   *db,
             gpointer data,
             GError **error)
{
  SimCase *sc = data;
  g_autoptr(BsnSimResult) r = bsn_simulate (db, &sc->req, error);
  g_autofree char *text = NULL;

  if (r == NULL)
    return FALSE;
  text = sim_text (r);
  if (g_strcmp0 (text, sc->text) != 0 && note_defect (SIMULATE_DEFECT))
    g_test_message ("got:\n%s\nexpected:\n%s", text, sc->text);
  return TRUE;
}

/* November with no change costs what it recorded: TK's two receipts,
 * 13.000 of 200.000 (6,5 %); then December too with points expiring a
 * month after their receipt, which gives TK's 13.000 back on 10 and 11
 * December. */
static void
test_simulate (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  SimCase sc = { { 0 }, NULL };

  if (bsn_test_skip_on_pg (ON_PG))
    return;
  t = book_new ();
  sc.req.from_day = day ("2026-11-01");
  sc.req.to_day = day ("2026-11-30");
  {
    g_autoptr(BsnSimResult) r = bsn_simulate (t->db, &sc.req, &error);

    g_assert_no_error (error);
    g_assert_cmpint (r->total.sales_rp, ==, 200000);
    g_assert_cmpint (r->total.cost_rp, ==, 13000);
    g_assert_cmpint (r->total.cost_draft_rp, ==, 13000);
    g_assert_cmpint (r->total.cost_pct_bp, ==, 650);
    g_assert_cmpint (r->total.receipts, ==, 2);
    g_assert_cmpuint (r->days->len, ==, 30);
    sc.text = sim_text (r);
  }
  fail_each (t, FAULT_PREPARE, op_simulate, &sc, READ_ONLY);
  fail_each (t, FAULT_STEP, op_simulate, &sc, READ_ONLY);
  g_clear_pointer (&sc.text, g_free);

  sc.req.to_day = day ("2026-12-31");
  sc.req.has_expiry = TRUE;
  sc.req.expiry_months = 1;
  {
    g_autoptr(BsnSimResult) r = bsn_simulate (t->db, &sc.req, &error);

    g_assert_no_error (error);
    g_assert_cmpint (r->total.cost_rp, ==, 13000);
    g_assert_cmpint (r->total.expired_rp, ==, 0);
    g_assert_cmpint (r->total.expired_draft_rp, ==, 13000);
    g_assert_cmpint (r->total.cost_draft_rp, ==, 0);
    sc.text = sim_text (r);
  }
  fail_each (t, FAULT_PREPARE, op_simulate, &sc, READ_ONLY);
  fail_each (t, FAULT_STEP, op_simulate, &sc, READ_ONLY);
  g_clear_pointer (&sc.text, g_free);
  skip_for_defects ();
}

/* ---- Buku Poin: pages, lists, legs, balances ---- */

/* (transfer full) */
static char *
posting_rows_text (GPtrArray *rows)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      const BsnPostingRow *r = g_ptr_array_index (rows, i);

      g_string_append_printf (out, "#%" G_GINT64_FORMAT " %s %s %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "/%"
                                   G_GINT64_FORMAT ";",
                              r->id, r->kind, r->store_code ? r->store_code : "-",
                              r->customer_code ? r->customer_code : "-", r->amount_rp, r->reverses_id,
                              r->reversed_by);
    }
  return g_string_free (out, FALSE);
}

typedef struct
{
  BsnPostingFilter filter;
  gboolean         filtered;
  guint            page_size;
  char            *text;   /* the reference: counts, then each page */
} PagesCase;

/* (transfer full) */
static char *
pages_text (BsnDb          *db,
            BsnLedgerPages *pages,
            GError        **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_string_append_printf (out, "%" G_GUINT64_FORMAT " postings, %u pages, newest %" G_GINT64_FORMAT "\n",
                          bsn_ledger_pages_get_n_postings (pages), bsn_ledger_pages_get_n_pages (pages),
                          bsn_ledger_pages_get_newest_id (pages));
  for (guint p = 0; p < bsn_ledger_pages_get_n_pages (pages); p++)
    {
      g_autoptr(GPtrArray) rows = bsn_ledger_pages_list (db, pages, p, error);
      g_autofree char *text = NULL;

      if (rows == NULL)
        return NULL;
      text = posting_rows_text (rows);
      g_string_append_printf (out, "%s\n", text);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
op_pages (BsnDb   *db,
          gpointer data,
          GError **error)
{
  PagesCase *pc = data;
  g_autoptr(BsnLedgerPages) pages = bsn_ledger_pages_build (db, pc->filtered ? &pc->filter : NULL, pc->page_size,
                                                            NULL, error);
  g_autofree char *text = NULL;

  if (pages == NULL || (text = pages_text (db, pages, error)) == NULL)
    return FALSE;
  g_assert_cmpstr (text, ==, pc->text);
  return TRUE;
}

/* A book of more postings than a page: the fixture's two awards, a
 * voucher, a reversal and a deposit, and eight more receipts of C1. */
static BsnTestDb *
ledger_book_new (void)
{
  BsnTestDb *t = book_new ();
  g_autoptr(GError) error = NULL;
  gint64 toko = bsn_db_query_int (t->db, "SELECT id FROM stores WHERE code = 'TK'", -1);
  gint64 c1 = bsn_db_query_int (t->db, "SELECT id FROM customers WHERE code = 'C1'", -1);

  for (gint i = 0; i < 8; i++)
    {
      g_autofree char *number = g_strdup_printf ("L-%02d", i);
      BsnReceipt rc = { number, toko, c1, 100000 + 1000 * i, at ("2026-11-12T16:30:00") + 60 * i, -1, -1 };
      g_autoptr(BsnAward) aw = bsn_award_receipt (t->db, NULL, &rc, &error);

      g_assert_no_error (error);
      g_assert_nonnull (aw);
    }
  g_assert_true (bsn_ledger_reverse (t->db, bsn_db_query_int (t->db, "SELECT max(id) FROM postings", -1),
                                     "salah input", at ("2026-11-13T08:00:00"), NULL, &error));
  g_assert_no_error (error);
  return t;
}

/* Buku Poin's pages of 3, unfiltered (the dense ids: no scan) and for
 * C1 (the scan of the matching ids), each page read back. */
static void
test_ledger_pages (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  PagesCase pc = { { 0 }, FALSE, 3, NULL };
  gint64 n_all, n_c1;

  if (bsn_test_skip_on_pg (ON_PG))
    return;
  t = ledger_book_new ();
  n_all = bsn_db_query_int (t->db, "SELECT count(*) FROM postings", -1);
  pc.filter.customer_id = bsn_db_query_int (t->db, "SELECT id FROM customers WHERE code = 'C1'", -1);
  n_c1 = bsn_db_query_int (t->db, "SELECT count(DISTINCT l.posting_id) FROM legs l JOIN accounts a "
                                  "ON a.id = l.account_id WHERE a.customer_id = (SELECT id FROM customers "
                                  "WHERE code = 'C1')", -1);
  g_assert_cmpint (n_all, ==, 2 + 8 + 1);
  g_assert_cmpint (n_c1, ==, 1 + 8 + 1);
  for (guint f = 0; f < 2; f++)
    {
      g_autoptr(BsnLedgerPages) pages = NULL;

      pc.filtered = f == 1;
      pages = bsn_ledger_pages_build (t->db, pc.filtered ? &pc.filter : NULL, pc.page_size, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (bsn_ledger_pages_get_n_postings (pages), ==, f ? n_c1 : n_all);
      g_assert_cmpuint (bsn_ledger_pages_get_n_pages (pages), ==, ((f ? n_c1 : n_all) + 2) / 3);
      pc.text = pages_text (t->db, pages, &error);
      g_assert_no_error (error);
      fail_each (t, FAULT_PREPARE, op_pages, &pc, READ_ONLY);
      fail_each (t, FAULT_STEP, op_pages, &pc, READ_ONLY);
      g_clear_pointer (&pc.text, g_free);
    }
}

typedef struct
{
  gint64  c1;
  gint64  c1_account;
  char   *postings;   /* the reference: every posting, then C1's */
  char   *legs;       /* every posting's legs */
  gint64  balance_rp, status_rp, status_before_rp;
} ListCase;

/* The legs of every posting (ids from 1 to the newest). (transfer full) */
static char *
legs_text (BsnDb   *db,
           gint64   newest,
           GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (gint64 id = 1; id <= newest; id++)
    {
      g_autoptr(GPtrArray) legs = bsn_ledger_list_legs (db, id, error);
      gint64 sum = 0;

      if (legs == NULL)
        return NULL;
      g_string_append_printf (out, "#%" G_GINT64_FORMAT ":", id);
      for (guint i = 0; i < legs->len; i++)
        {
          const BsnLegRow *l = g_ptr_array_index (legs, i);

          g_string_append_printf (out, " %s %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, l->account_label, l->amount_rp,
                                  l->earned_rp);
          sum += l->amount_rp;
        }
      g_assert_cmpint (sum, ==, 0);
      g_string_append_c (out, '\n');
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
postings_text (BsnDb    *db,
               ListCase *lc,
               GError  **error)
{
  BsnPostingFilter c1 = { .customer_id = lc->c1 };
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  guint64 n_all = 0, n_mine = 0;

  if (!bsn_ledger_count_postings (db, NULL, &n_all, error) || !bsn_ledger_count_postings (db, &c1, &n_mine, error)
      || (all = bsn_ledger_list_postings (db, NULL, 0, 100, error)) == NULL
      || (mine = bsn_ledger_list_postings (db, &c1, 2, 4, error)) == NULL)
    return NULL;
  a = posting_rows_text (all);
  b = posting_rows_text (mine);
  return g_strdup_printf ("%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT "\n%s\n%s", n_all, n_mine, a, b);
}

#define LIST_LEGS_DEFECT \
  "bsn_ledger_list_legs (bsn-ledger.c:1086) stops at a failed step as at the last leg (its result never " \
  "checked): success with a posting's legs missing (none, or fewer, that do not sum to zero)"

static gboolean
op_lists (BsnDb   *db,
          gpointer data,
          GError **error)
{
  ListCase *lc = data;
  g_autofree char *postings = NULL;
  g_autofree char *legs = NULL;
  gint64 balance = -1, status = -1, before = -1;
  gint kind;

  if ((postings = postings_text (db, lc, error)) == NULL)
    return FALSE;
  g_assert_cmpstr (postings, ==, lc->postings);
  {
    gint64 newest = 0;

    kind = pause_faults ();
    newest = bsn_db_query_int (db, "SELECT max(id) FROM postings", -1);
    resume_faults (kind);
    /* Legs summing to other than zero are noted, not failed, here. */
    {
      g_autoptr(GString) out = g_string_new (NULL);

      for (gint64 id = 1; id <= newest; id++)
        {
          g_autoptr(GPtrArray) rows = bsn_ledger_list_legs (db, id, error);

          if (rows == NULL)
            return FALSE;
          g_string_append_printf (out, "#%" G_GINT64_FORMAT ":", id);
          for (guint i = 0; i < rows->len; i++)
            {
              const BsnLegRow *l = g_ptr_array_index (rows, i);

              g_string_append_printf (out, " %s %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, l->account_label,
                                      l->amount_rp, l->earned_rp);
            }
          g_string_append_c (out, '\n');
        }
      legs = g_string_free (g_steal_pointer (&out), FALSE);
    }
    if (g_strcmp0 (legs, lc->legs) != 0 && note_defect (LIST_LEGS_DEFECT))
      g_test_message ("got:\n%s\nexpected:\n%s", legs, lc->legs);
  }
  if (!bsn_ledger_customer_balance (db, lc->c1, &balance, &status, error))
    return FALSE;
  g_assert_cmpint (balance, ==, lc->balance_rp);
  g_assert_cmpint (status, ==, lc->status_rp);
  balance = status = -1;
  if (!bsn_ledger_account_balance (db, lc->c1_account, &balance, &status, error))
    return FALSE;
  g_assert_cmpint (balance, ==, lc->balance_rp);
  g_assert_cmpint (status, ==, lc->status_rp);
  if (!bsn_ledger_status_before (db, lc->c1_account, at ("2026-11-12T16:33:00"), &before, error))
    return FALSE;
  g_assert_cmpint (before, ==, lc->status_before_rp);
  return TRUE;
}

/* Buku Poin's list (all, and a window of C1's), each posting's legs,
 * C1's balance and status, and the status before the fourth of C1's
 * receipts of 12 November. */
static void
test_ledger_lists (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  ListCase lc = { 0 };

  if (bsn_test_skip_on_pg (ON_PG))
    return;
  t = ledger_book_new ();
  lc.c1 = bsn_db_query_int (t->db, "SELECT id FROM customers WHERE code = 'C1'", -1);
  lc.c1_account = bsn_ledger_customer_account (t->db, lc.c1, &error);
  g_assert_no_error (error);
  lc.postings = postings_text (t->db, &lc, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (lc.postings, "11 10\n"));
  lc.legs = legs_text (t->db, 11, &error);
  g_assert_no_error (error);
  g_assert_true (bsn_ledger_customer_balance (t->db, lc.c1, &lc.balance_rp, &lc.status_rp, &error));
  g_assert_true (bsn_ledger_status_before (t->db, lc.c1_account, at ("2026-11-12T16:33:00"), &lc.status_before_rp,
                                           &error));
  g_assert_no_error (error);
  /* C1: 6.500 on 10 November, then 8 receipts of which the last is
   * reversed; before 16:33 the first three of them. */
  g_assert_cmpint (lc.balance_rp, ==, bsn_db_query_int (t->db, "SELECT 6500 + sum(value_rp) FROM receipts "
                                                                "WHERE receipt LIKE 'L-%' AND receipt != 'L-07'", -1));
  g_assert_cmpint (lc.status_rp, ==, lc.balance_rp);
  g_assert_cmpint (lc.status_before_rp, ==, bsn_db_query_int (t->db, "SELECT 6500 + sum(value_rp) FROM receipts "
                                                                     "WHERE receipt IN ('L-00','L-01','L-02')", -1));
  fail_each (t, FAULT_PREPARE, op_lists, &lc, READ_ONLY);
  fail_each (t, FAULT_STEP, op_lists, &lc, READ_ONLY);
  g_free (lc.postings);
  g_free (lc.legs);
  skip_for_defects ();
}

/* ---- Import of receipts ---- */

/* test-import.c's network: TK01 (Plus, quota Rp200.000, opens at 7:00),
 * customers C001 and C002. The file: R1 stopwatch 6 % = 15.000, R2 lelang
 * X Platinum 6,5 % = 19.500, R3 siaga 0, a row of an unknown customer,
 * R8 Plus digit 0 11 % = 27.500, R1 again; R9 and R10 for C002 at
 * another hour. */
static const char import_csv[] =
  "receipt,store,customer,amount,at,digit,perishable_amount\n"
  "R1,TK01,C001,250000,2026-11-22T14:22:14,5,\n"
  "R2,TK01,C002,300000,2026-11-22T16:30:00,5,300000\n"
  "R3,TK01,C001,150000,2026-11-22T10:00:00,,\n"
  "R4,TK01,C999,100000,2026-11-22T10:00:00,1,\n"
  "R8,TK01,C002,250000,2026-11-22T12:00:00,0,\n"
  "R1,TK01,C001,250000,2026-11-22T14:22:14,5,\n"
  "R9,TK01,C002,220000,2026-11-23T09:00:00,5,\n"
  "R10,TK01,C001,210000,2026-11-23T09:30:00,5,\n";

static BsnTestDb *
import_book_new (void)
{
  BsnTestDb *t = bsn_test_db_new ();
  gint64 id = bsn_test_add_store (t->db, "TK01", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_BOTH);
  g_autoptr(BsnStore) s = bsn_store_get (t->db, id, NULL);

  s->min_purchase_rp = 200000;
  s->opening_sec = 7 * 3600;
  g_assert_true (bsn_store_update (t->db, s, NULL));
  bsn_test_add_customer (t->db, "C001", "Siti");
  bsn_test_add_customer (t->db, "C002", "Budi");
  return t;
}

/* What the import left: every receipt and what it earned, and every
 * account's balance and status. (transfer full) */
static char *
import_state (BsnDb *db)
{
  BsnStmt *stmt = bsn_db_prepare (db,
                                  "SELECT 'receipts: ' || (SELECT group_concat(receipt || '=' || value_rp, ' ') FROM "
                                  "(SELECT receipt, value_rp FROM receipts WHERE receipt NOT LIKE 'TRX-%' ORDER BY receipt)) || "
                                  "char(10) || "
                                  "'accounts: ' || (SELECT group_concat(id || '=' || balance_rp || '/' || status_rp, "
                                  "' ') FROM (SELECT id, balance_rp, status_rp FROM accounts ORDER BY id))",
                                  NULL);
  char *text;

  g_assert_nonnull (stmt);
  g_assert_cmpint (bsn_stmt_step (stmt), ==, BSN_ROW);
  text = g_strdup (bsn_stmt_column_text (stmt, 0));
  bsn_stmt_reset (stmt);
  return text;
}

static void
remove_db_files (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);

      g_unlink (p);
    }
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *bytes = NULL;
  gsize len = 0;

  remove_db_files (to);
  g_assert_true (g_file_get_contents (from, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (to, bytes, (gssize) len, NULL));
}

#define IMPORT_LOOKUP_DEFECT \
  "bsn_import_sales: lookup_id (bsn-import.c:328, 336) calls bsn_store_find / bsn_customer_find with a NULL " \
  "error, so a failed read of a store or customer rejects the row as \"toko/pelanggan tidak dikenal\" and the " \
  "import succeeds without it"

#define IMPORT_RATES_DEFECT \
  "load_rates (bsn-tiers.c:117) stops at a failed step as at the table's end (its result never checked), so " \
  "bsn_tiers_table_at returns a rate table with rates missing; bsn_award_receipt then awards at 0 % and " \
  "commits: bsn_import_sales and bsn_outbox_replay succeed having posted receipts with value 0 (an import's " \
  "cache keeps the table for the batch), which running them again cannot mend (duplicates)"

/* Each fault on a fresh copy of @pristine: a failed import leaves whole
 * batches (of @batch receipts) and a book that verifies; running it again
 * without a fault then gives the state of an import without a fault,
 * @expected, every receipt posted once. Returns the faults tried. */
static guint
import_each (BsnTestDb  *t,
             const char *pristine,
             const char *csv,
             FaultKind   kind,
             guint       batch,
             const char *expected)
{
  g_autofree char *work = g_build_filename (t->dir, "kerja.db", NULL);
  g_autofree char *batch_text = g_strdup_printf ("%u", batch);
  guint k;

  g_setenv ("BSN_IMPORT_BATCH_ROWS", batch_text, TRUE);
  for (k = 0; k < 10000; k++)
    {
      g_autoptr(BsnDb) db = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(BsnImportResult) res = NULL;
      g_autoptr(BsnImportResult) again = NULL;
      g_autoptr(BsnVerifyReport) verify = NULL;
      g_autofree char *state = NULL;
      gboolean faulted;
      gint64 receipts;

      copy_file (pristine, work);
      db = bsn_db_open (work, BSN_DB_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      arm (kind, (gint) k);
      res = bsn_import_sales (db, csv, NULL, NULL, NULL, &error);
      faulted = disarm ();
      if (res == NULL)
        {
          g_assert_true (faulted);
          g_assert_nonnull (error);
          g_assert_true (error->domain == BSN_ERROR);
          g_assert_cmpstr (error->message, !=, "");
          g_clear_error (&error);
        }
      else
        {
          g_assert_no_error (error);
          if (res->imported != 6 || res->rejected->len != 1 || res->duplicates != 1 || res->rows != 8)
            note_defect (IMPORT_LOOKUP_DEFECT);
        }
      /* Whole batches only: none of a batch's receipts or all of them.
       * Batches of two awards (a duplicate counts) end after R2, R8, R9
       * and R10: 2, 4, 5 and 6 receipts. */
      receipts = bsn_db_query_int (db, "SELECT count(*) FROM receipts", -1);
      if (batch == 2)
        g_assert_true (receipts == 0 || receipts == 2 || receipts == 4 || receipts == 5 || receipts == 6);
      else
        g_assert_true (receipts == 0 || receipts == 6);
      verify = bsn_ledger_verify (db, &error);
      g_assert_no_error (error);
      g_assert_true (verify->ok);

      again = bsn_import_sales (db, csv, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (again->imported + (guint64) receipts, ==, 6);
      g_assert_cmpuint (again->duplicates, ==, 1 + (guint64) receipts);
      state = import_state (db);
      if (g_strcmp0 (state, expected) != 0)
        {
          g_assert_true (faulted);
          if (note_defect (IMPORT_RATES_DEFECT))
            g_test_message ("fault %u (%s): got\n%s\nexpected\n%s", k, res ? "import succeeded" : "import failed",
                            state, expected);
        }
      if (!faulted)
        break;
    }
  g_unsetenv ("BSN_IMPORT_BATCH_ROWS");
  g_test_message ("%u faults tried", k);
  g_assert_cmpuint (k, >, 0);
  return k;
}

static void
test_import (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *pristine = NULL;
  g_autofree char *expected = NULL;

  if (bsn_test_skip_on_pg (ON_PG))
    return;
  t = import_book_new ();
  csv = g_build_filename (t->dir, "penjualan.csv", NULL);
  g_assert_true (g_file_set_contents (csv, import_csv, -1, NULL));
  pristine = g_build_filename (t->dir, "asal.db", NULL);
  g_clear_pointer (&t->db, bsn_db_unref);
  copy_file (t->path, pristine);
  /* The reference: an import without a fault. */
  {
    g_autoptr(BsnDb) db = bsn_db_open (t->path, BSN_DB_OPEN_DEFAULT, &error);
    g_autoptr(BsnImportResult) res = NULL;

    g_assert_no_error (error);
    res = bsn_import_sales (db, csv, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (res->rows, ==, 8);
    g_assert_cmpuint (res->imported, ==, 6);
    g_assert_cmpuint (res->duplicates, ==, 1);
    g_assert_cmpuint (res->rejected->len, ==, 1);
    g_assert_cmpuint (((BsnImportRejection *) g_ptr_array_index (res->rejected, 0))->line, ==, 5);
    expected = import_state (db);
    g_assert_cmpint (bsn_db_query_int (db, "SELECT sum(value_rp) FROM receipts WHERE receipt IN ('R1','R2','R3','R8')",
                                       -1), ==, 15000 + 19500 + 0 + 27500);
    g_assert_cmpint (res->value_rp, ==, bsn_db_query_int (db, "SELECT sum(value_rp) FROM receipts", -1));
  }
  t->db = bsn_db_open (t->path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  /* One batch, then batches of two receipts. */
  import_each (t, pristine, csv, FAULT_PREPARE, 16000, expected);
  import_each (t, pristine, csv, FAULT_STEP, 16000, expected);
  import_each (t, pristine, csv, FAULT_PREPARE, 2, expected);
  import_each (t, pristine, csv, FAULT_STEP, 2, expected);
  skip_for_defects ();
}

typedef struct
{
  const char *csv;
  char       *expected;
} ImportAgainCase;

/* The same file again: every receipt a duplicate, the rejection again,
 * nothing posted. */
static gboolean
op_import_again (BsnDb   *db,
                 gpointer data,
                 GError **error)
{
  ImportAgainCase *ic = data;
  g_autoptr(BsnImportResult) res = bsn_import_sales (db, ic->csv, NULL, NULL, NULL, error);
  g_autofree char *state = NULL;
  gint kind;

  if (res == NULL)
    return FALSE;
  if (res->imported != 0 || res->rejected->len != 1 || res->duplicates != 7 || res->rows != 8)
    note_defect (IMPORT_LOOKUP_DEFECT);
  kind = pause_faults ();
  state = import_state (db);
  g_assert_cmpstr (state, ==, ic->expected);
  resume_faults (kind);
  return TRUE;
}

static void
test_import_again (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnImportResult) res = NULL;
  g_autofree char *csv = NULL;
  ImportAgainCase ic;

  if (bsn_test_skip_on_pg (ON_PG))
    return;
  t = import_book_new ();
  csv = g_build_filename (t->dir, "penjualan.csv", NULL);
  g_assert_true (g_file_set_contents (csv, import_csv, -1, NULL));
  res = bsn_import_sales (t->db, csv, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (res->imported, ==, 6);
  ic = (ImportAgainCase) { csv, import_state (t->db) };
  fail_each (t, FAULT_PREPARE, op_import_again, &ic, CHANGES);
  fail_each (t, FAULT_STEP, op_import_again, &ic, CHANGES);
  g_free (ic.expected);
  skip_for_defects ();
}

/* ---- The offline outbox's replay ---- */

#define OUTBOX_REFUSED_DEFECT \
  "bsn_outbox_replay marks an award refused for good when a storage read inside it fails"

/* Each fault on fresh copies of the book @pristine and of the outbox
 * @pristine_box (three awards queued while the line was down): a replay
 * either sends them all or stops with an error, the entry at hand still
 * pending and none refused; the next replay sends the rest, and then the
 * book is the one of a replay without a fault, @expected, each receipt
 * posted once. */
static guint
replay_each (BsnTestDb  *t,
             const char *pristine,
             const char *pristine_box,
             FaultKind   kind,
             const char *expected)
{
  g_autofree char *work = g_build_filename (t->dir, "kerja.db", NULL);
  g_autofree char *box_path = g_build_filename (t->dir, "kerja-outbox.txt", NULL);
  guint k;

  for (k = 0; k < 10000; k++)
    {
      g_autoptr(BsnDb) db = NULL;
      g_autoptr(BsnOutbox) box = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) refused = NULL;
      g_autoptr(GPtrArray) entries = NULL;
      g_autofree char *state = NULL;
      guint sent = 0, more = 0;
      gboolean ok, faulted;

      copy_file (pristine, work);
      copy_file (pristine_box, box_path);
      db = bsn_db_open (work, BSN_DB_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      box = bsn_outbox_open (box_path, &error);
      g_assert_no_error (error);
      arm (kind, (gint) k);
      ok = bsn_outbox_replay (box, db, &sent, &refused, &error);
      faulted = disarm ();
      if (!ok)
        {
          g_assert_true (faulted);
          g_assert_nonnull (error);
          g_assert_true (error->domain == BSN_ERROR);
          g_assert_cmpstr (error->message, !=, "");
          g_assert_cmpuint (bsn_outbox_count_pending (box), ==, 3 - sent);
          g_clear_error (&error);
        }
      if (refused != NULL && refused->len > 0)
        {
          g_autofree char *line = g_strdup_printf ("%s: \"%s\"", OUTBOX_REFUSED_DEFECT,
                                                   ((BsnOutboxEntry *) g_ptr_array_index (refused, 0))->reason);

          note_defect (line);
        }
      g_assert_cmpint (bsn_db_query_int (db, "SELECT count(*) FROM receipts WHERE receipt LIKE 'OB-%'", -1), ==,
                       sent);
      g_assert_true (bsn_outbox_replay (box, db, &more, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (bsn_outbox_count_pending (box), ==, 0);
      entries = bsn_outbox_list (box, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (entries->len, ==, 3);
      state = import_state (db);
      if (refused == NULL || refused->len == 0)
        {
          g_assert_cmpuint (sent + more, ==, 3);
          for (guint i = 0; i < entries->len; i++)
            g_assert_cmpint (((BsnOutboxEntry *) g_ptr_array_index (entries, i))->state, ==, BSN_OUTBOX_SENT);
          if (g_strcmp0 (state, expected) != 0 && note_defect (IMPORT_RATES_DEFECT))
            g_test_message ("fault %u: got\n%s\nexpected\n%s", k, state, expected);
        }
      if (!faulted)
        break;
    }
  g_test_message ("%u faults tried", k);
  g_assert_cmpuint (k, >, 0);
  return k;
}

static void
test_outbox (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *box_path = NULL;
  g_autofree char *pristine = NULL;
  g_autofree char *pristine_box = NULL;
  g_autofree char *expected = NULL;

  if (bsn_test_skip_on_pg (ON_PG))
    return;
  t = book_new ();
  box_path = g_build_filename (t->dir, "outbox.txt", NULL);
  {
    g_autoptr(BsnOutbox) box = bsn_outbox_open (box_path, &error);
    gint64 toko = bsn_db_query_int (t->db, "SELECT id FROM stores WHERE code = 'TK'", -1);
    gint64 c1 = bsn_db_query_int (t->db, "SELECT id FROM customers WHERE code = 'C1'", -1);
    gint64 c2 = bsn_db_query_int (t->db, "SELECT id FROM customers WHERE code = 'C2'", -1);
    const BsnReceipt rs[] = {
      { "OB-1", toko, c1, 100000, at ("2026-11-11T16:30:00"), -1, -1 },
      { "OB-2", toko, c2, 150000, at ("2026-11-11T16:40:00"), -1, -1 },
      { "OB-3", toko, c1, 120000, at ("2026-11-11T16:50:00"), -1, -1 },
    };

    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (rs); i++)
      {
        gint64 id = 0;

        g_assert_true (bsn_outbox_queue_award (box, &rs[i], &id, &error));
        g_assert_no_error (error);
        g_assert_cmpint (id, ==, (gint64) i + 1);
      }
  }
  pristine = g_build_filename (t->dir, "asal.db", NULL);
  pristine_box = g_build_filename (t->dir, "asal-outbox.txt", NULL);
  g_clear_pointer (&t->db, bsn_db_unref);
  copy_file (t->path, pristine);
  copy_file (box_path, pristine_box);
  /* The reference: a replay without a fault. */
  {
    g_autoptr(BsnDb) db = bsn_db_open (t->path, BSN_DB_OPEN_DEFAULT, &error);
    g_autoptr(BsnOutbox) box = bsn_outbox_open (box_path, &error);
    guint sent = 0;

    g_assert_no_error (error);
    g_assert_true (bsn_outbox_replay (box, db, &sent, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (sent, ==, 3);
    expected = import_state (db);
    /* Slot X of Platinum: 6,5 % of each. */
    g_assert_cmpint (bsn_db_query_int (db, "SELECT sum(value_rp) FROM receipts WHERE receipt LIKE 'OB-%'", -1), ==,
                     (100000 + 150000 + 120000) * 65 / 1000);
  }
  t->db = bsn_db_open (t->path, BSN_DB_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  replay_each (t, pristine, pristine_box, FAULT_PREPARE, expected);
  replay_each (t, pristine, pristine_box, FAULT_STEP, expected);
  skip_for_defects ();
}

/* ---- Stores and customers ---- */

static guint store_updates;

/* TK renamed back and forth, whole or not at all (the store row and its
 * audit row). */
static gboolean
op_store_update (BsnDb   *db,
                 gpointer data,
                 GError **error)
{
  gint kind = pause_faults ();
  g_autoptr(BsnStore) s = bsn_store_find (db, "TK", NULL);

  g_assert_nonnull (s);
  g_free (s->name);
  s->hours = s->hours == 10 ? 11 : 10;
  s->name = g_strdup (s->hours == 10 ? "Toko Sepuluh" : "Toko Sebelas");
  resume_faults (kind);
  if (!bsn_store_update (db, s, error))
    return FALSE;
  store_updates++;
  return TRUE;
}

static gboolean
op_store_active (BsnDb   *db,
                 gpointer data,
                 GError **error)
{
  gint kind = pause_faults ();
  g_autoptr(BsnStore) s = bsn_store_find (db, "TK", NULL);

  g_assert_nonnull (s);
  resume_faults (kind);
  return bsn_store_set_active (db, s->id, !s->active, error);
}

/* The stores as the reference reads them. */
static gboolean
op_store_lookups (BsnDb   *db,
                  gpointer data,
                  GError **error)
{
  g_autoptr(BsnStore) found = bsn_store_find (db, "ANK", error);
  g_autoptr(BsnStore) got = NULL;
  g_autoptr(BsnStore) missing = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) local = NULL;

  if (found == NULL)
    return FALSE;
  g_assert_cmpstr (found->parent_code, ==, "IND");
  g_assert_cmpint (found->role, ==, BSN_ROLE_ANAK);
  if ((got = bsn_store_get (db, found->parent_id, error)) == NULL)
    return FALSE;
  g_assert_cmpstr (got->code, ==, "IND");
  /* A store that is not there is NOT_FOUND; the fault an error of its own. */
  missing = bsn_store_find (db, "TIDAK-ADA", &local);
  g_assert_null (missing);
  if (!g_error_matches (local, BSN_ERROR, BSN_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if ((all = bsn_store_list (db, error)) == NULL)
    return FALSE;
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpstr (((BsnStore *) g_ptr_array_index (all, 0))->code, ==, "ANK");
  g_assert_cmpstr (((BsnStore *) g_ptr_array_index (all, 2))->code, ==, "TK");
  g_assert_cmpint (((BsnStore *) g_ptr_array_index (all, 2))->opening_sec, ==, 7 * 3600);
  return TRUE;
}

#define STORE_ACTIVE_DEFECT \
  "bsn_store_set_active (bsn-store.c:491-521) runs its UPDATE outside a transaction of its own and then " \
  "records the audit row in another: when the audit's write fails the store is switched with no audit row " \
  "(half-written, and the error says nothing was saved)"

static void
test_store (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(BsnStore) tk = NULL;

  if (bsn_test_skip_on_pg (ON_PG))
    return;
  t = book_new ();
  fail_each (t, FAULT_PREPARE, op_store_lookups, NULL, READ_ONLY);
  fail_each (t, FAULT_STEP, op_store_lookups, NULL, READ_ONLY);
  fail_each (t, FAULT_PREPARE, op_store_update, NULL, ATOMIC);
  fail_each (t, FAULT_STEP, op_store_update, NULL, ATOMIC);
  tk = bsn_store_find (t->db, "TK", NULL);
  g_assert_nonnull (tk);
  /* Each update that succeeded, and only those, changed the row and
   * left its audit row (one more: the fixture's opening hour). */
  g_assert_cmpuint (store_updates, >=, 2);
  g_assert_cmpint (tk->hours, ==, store_updates % 2 ? 11 : 10);
  g_assert_cmpstr (tk->name, ==, store_updates % 2 ? "Toko Sebelas" : "Toko Sepuluh");
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM audit WHERE action = 'store.edit' "
                                            "AND subject = 'TK'", -1), ==, store_updates + 1);
  fail_each_noting (t, FAULT_PREPARE, op_store_active, NULL, ATOMIC, STORE_ACTIVE_DEFECT);
  fail_each_noting (t, FAULT_STEP, op_store_active, NULL, ATOMIC, STORE_ACTIVE_DEFECT);
  skip_for_defects ();
}

static gboolean
op_customer_update (BsnDb   *db,
                    gpointer data,
                    GError **error)
{
  gint kind = pause_faults ();
  g_autoptr(BsnCustomer) c = bsn_customer_find (db, "C2", NULL);
  g_autofree char *phone = NULL;

  g_assert_nonnull (c);
  phone = g_strdup (g_strcmp0 (c->phone, "081234567") == 0 ? "081298765" : "081234567");
  g_free (c->phone);
  c->phone = g_steal_pointer (&phone);
  resume_faults (kind);
  return bsn_customer_update (db, c, error);
}

/* A new customer, whole (row, account, audit) or not at all; once added,
 * the code is taken: an error of its own, the file as it was. */
static gboolean
op_customer_add (BsnDb   *db,
                 gpointer data,
                 GError **error)
{
  g_autoptr(BsnCustomer) c = bsn_customer_new ();
  g_autoptr(GError) local = NULL;

  c->code = g_strdup ("C3");
  c->name = g_strdup ("Wati");
  if (bsn_customer_add (db, c, &local) || g_error_matches (local, BSN_ERROR, BSN_ERROR_EXISTS))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

static gboolean
op_customer_lookups (BsnDb   *db,
                     gpointer data,
                     GError **error)
{
  g_autoptr(BsnCustomer) found = bsn_customer_find (db, "C1", error);
  g_autoptr(BsnCustomer) got = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) all = NULL;

  if (found == NULL)
    return FALSE;
  g_assert_cmpstr (found->name, ==, "Siti");
  if ((got = bsn_customer_get (db, found->id, error)) == NULL)
    return FALSE;
  g_assert_cmpstr (got->code, ==, "C1");
  if ((hits = bsn_customer_search (db, "Bud", 10, error)) == NULL || (all = bsn_customer_search (db, NULL, 0, error))
                                                                          == NULL)
    return FALSE;
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((BsnCustomer *) g_ptr_array_index (hits, 0))->code, ==, "C2");
  g_assert_cmpuint (all->len, ==, 2);
  return TRUE;
}

static void
test_customer (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(BsnCustomer) c2 = NULL;
  g_autoptr(BsnCustomer) c3 = NULL;
  gint64 balance = -1;

  if (bsn_test_skip_on_pg (ON_PG))
    return;
  t = book_new ();
  fail_each (t, FAULT_PREPARE, op_customer_lookups, NULL, READ_ONLY);
  fail_each (t, FAULT_STEP, op_customer_lookups, NULL, READ_ONLY);
  fail_each (t, FAULT_PREPARE, op_customer_update, NULL, ATOMIC);
  fail_each (t, FAULT_STEP, op_customer_update, NULL, ATOMIC);
  c2 = bsn_customer_find (t->db, "C2", NULL);
  g_assert_true (g_str_equal (c2->phone, "081234567") || g_str_equal (c2->phone, "081298765"));
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM audit WHERE action = 'customer.edit'", -1), >=, 2);
  fail_each (t, FAULT_PREPARE, op_customer_add, NULL, ATOMIC);
  fail_each (t, FAULT_STEP, op_customer_add, NULL, ATOMIC);
  c3 = bsn_customer_find (t->db, "C3", NULL);
  g_assert_nonnull (c3);
  g_assert_true (bsn_ledger_customer_balance (t->db, c3->id, &balance, NULL, NULL));
  g_assert_cmpint (balance, ==, 0);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM accounts WHERE customer_id = (SELECT id FROM "
                                            "customers WHERE code = 'C3')", -1), ==, 1);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM audit WHERE action = 'customer.add' "
                                            "AND subject = 'C3'", -1), ==, 1);
}

/* ---- main ---- */

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);
  g_test_add_func ("/report-faults/bagi-hasil", test_bagi_hasil);
  g_test_add_func ("/report-faults/program", test_program);
  g_test_add_func ("/report-faults/kpi", test_kpi);
  g_test_add_func ("/report-faults/export", test_export);
  g_test_add_func ("/report-faults/ledger-xlsx", test_ledger_xlsx);
  g_test_add_func ("/report-faults/simulate", test_simulate);
  g_test_add_func ("/report-faults/ledger-pages", test_ledger_pages);
  g_test_add_func ("/report-faults/ledger-lists", test_ledger_lists);
  g_test_add_func ("/report-faults/import", test_import);
  g_test_add_func ("/report-faults/import-again", test_import_again);
  g_test_add_func ("/report-faults/outbox", test_outbox);
  g_test_add_func ("/report-faults/store", test_store);
  g_test_add_func ("/report-faults/customer", test_customer);
  return g_test_run ();
}
