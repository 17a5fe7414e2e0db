/* test-report-edges.c — the edges of the reporting and rule modules that
 * the other programs leave out (issue 18): a report file whose sheets
 * collide or whose page header outgrows Excel's limit, the plain-text
 * formats' escapes, the refusals of bad arguments (a range backwards, a
 * reminder window out of range, a copy over too many days, a lot moved
 * before its offer), the offline outbox whose file turns unreadable or
 * full, and the pure rule functions' input checks. Every test runs on
 * both engines unless it says why not. */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sqlite3.h>
#include <xlsxwriter.h>

#include "bsn-award.h"
#include "bsn-bonus.h"
#include "bsn-consign.h"
#include "bsn-error.h"
#include "bsn-expiry.h"
#include "bsn-export.h"
#include "bsn-import.h"
#include "bsn-ledger.h"
#include "bsn-money.h"
#include "bsn-outbox.h"
#include "bsn-quota.h"
#include "bsn-reserve.h"
#include "bsn-report.h"
#include "bsn-simulate.h"
#include "bsn-sql-faults.h"
#include "bsn-test-util.h"
#include "bsn-tiers.h"
#include "bsn-voucher.h"
#include "rules/bsn-award-rules.h"
#include "rules/bsn-expiry-rules.h"
#include "rules/bsn-tier-table.h"

#define HOUR 3600
#define ON_PG "SQLite's prepare and step stand in for the faults"

/* ---- SQLite failing on demand (SQLite only): bsn-sql-faults.h ---- */

/* Runs @op on a fresh copy of @t's file with the k-th call of @kind
 * failing, k = 0, 1 … until it runs through: each faulted run fails with
 * a BSN_ERROR and a message (or succeeds, when what failed was optional)
 * and, as @effect says, leaves every row of the file as it was. Returns
 * the faults tried. */
static guint
fail_each_on_copy (BsnTestDb *t,
                   FaultKind  kind,
                   Operation  op,
                   gpointer   data,
                   Effect     effect)
{
  g_autofree char *copy = g_build_filename (t->dir, "work.db", NULL);
  g_autofree char *wal = g_strconcat (copy, "-wal", NULL);
  g_autofree char *shm = g_strconcat (copy, "-shm", NULL);
  g_autofree char *bytes = NULL;
  g_autofree char *before = NULL;
  gsize len = 0;
  guint k;

  g_assert_cmpint (bsn_test_raw_exec (t->db, "PRAGMA wal_checkpoint(TRUNCATE)"), ==, SQLITE_OK);
  g_assert_true (g_file_get_contents (t->path, &bytes, &len, NULL));
  before = bsn_test_sqlite_digest (t->path);
  for (k = 0; k < 5000; k++)
    {
      g_autoptr(BsnDb) db = NULL;
      g_autoptr(GError) error = NULL;
      gboolean ok, faulted;

      g_unlink (wal);
      g_unlink (shm);
      g_assert_true (g_file_set_contents (copy, bytes, (gssize) len, NULL));
      db = bsn_db_open (copy, BSN_DB_OPEN_DEFAULT, NULL);
      g_assert_nonnull (db);
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
      if (effect == READ_ONLY || !ok)
        {
          g_autofree char *after = NULL;

          g_clear_pointer (&db, bsn_db_unref);
          after = bsn_test_sqlite_digest (copy);
          g_assert_cmpstr (after, ==, before);
        }
    }
  g_test_message ("%u faults tried", k);
  g_assert_cmpuint (k, >, 0);
  return k;
}

/* fail_each_on_copy () with prepares, then steps, failing. */
static void
fail_all (BsnTestDb *t,
          Operation  op,
          gpointer   data,
          Effect     effect)
{
  fail_each_on_copy (t, FAULT_PREPARE, op, data, effect);
  fail_each_on_copy (t, FAULT_STEP, op, data, effect);
}

/* ---- libxlsxwriter failing on demand ----
 *
 * The library's calls to workbook_new_opt () and workbook_close () bind
 * to these, in front of libxlsxwriter's own: a workbook that cannot be
 * made (out of memory) or written at the end (a full disk). */

static gboolean fail_workbook_new;
static gboolean fail_workbook_close;

typedef lxw_workbook *(*WorkbookNewOpt) (const char *, lxw_workbook_options *);
typedef lxw_error (*WorkbookClose) (lxw_workbook *);

lxw_workbook *
workbook_new_opt (const char           *filename,
                  lxw_workbook_options *options)
{
  static WorkbookNewOpt real;

  if (real == NULL)
    real = (WorkbookNewOpt) dlsym (RTLD_NEXT, "workbook_new_opt");
  g_assert_nonnull (real);
  if (fail_workbook_new)
    return NULL;
  return real (filename, options);
}

lxw_error
workbook_close (lxw_workbook *wb)
{
  static WorkbookClose real;
  lxw_error err;

  if (real == NULL)
    real = (WorkbookClose) dlsym (RTLD_NEXT, "workbook_close");
  g_assert_nonnull (real);
  err = real (wb);
  if (fail_workbook_close && err == LXW_NO_ERROR)
    return LXW_ERROR_CREATING_XLSX_FILE;
  return err;
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

/* A report of an empty book (its notes and period), for the hand-made
 * sections of the export tests. */
static BsnReport *
empty_report (BsnTestDb *t)
{
  g_autoptr(GError) error = NULL;
  BsnTime from = 0, to = 0;
  BsnReport *r;

  g_assert_true (bsn_time_parse ("2026-11-01T00:00:00", &from, NULL));
  g_assert_true (bsn_time_parse ("2026-12-01T00:00:00", &to, NULL));
  r = bsn_report_kpi (t->db, from, to, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  g_ptr_array_set_size (r->sections, 0);
  return r;
}

/* ---- Free functions ---- */

/* Every free function of these modules takes NULL, as g_clear_pointer ()
 * and g_autoptr pass it, and does nothing. */
static void
test_free_null (void)
{
  bsn_bonus_rule_free (NULL);
  bsn_outbox_entry_free (NULL);
  bsn_outbox_free (NULL);
  bsn_tier_version_free (NULL);
  bsn_expiry_reminder_free (NULL);
  bsn_stock_line_free (NULL);
  bsn_day_status_free (NULL);
  bsn_award_cache_free (NULL);
  bsn_award_free (NULL);
  bsn_import_result_free (NULL);
  bsn_lot_event_free (NULL);
  bsn_settlement_free (NULL);
  bsn_settlement_line_free (NULL);
  bsn_sim_result_free (NULL);
  g_assert_null (bsn_expiry_whatsapp_url (NULL, "Poin Anda"));
}

/* ---- Award rules ---- */

/* bsn_award_rules_validate () refuses each impossible receipt with its own
 * message: no amount, a perishable part above the amount or below -1, a
 * digit outside 0–9, an empty or too long receipt number. */
static void
test_award_rules_validate (void)
{
  static const struct
  {
    gint64      amount_rp;
    gint64      perishable_rp;
    gint        digit;
    const char *receipt;
    const char *message;
  } cases[] = {
    { 0, -1, -1, NULL, "Jumlah belanja harus lebih dari nol" },
    { -5, -1, -1, NULL, "Jumlah belanja harus lebih dari nol" },
    { 1000, 1001, -1, NULL, "Bagian barang mudah rusak tidak boleh melebihi jumlah belanja" },
    { 1000, -2, -1, NULL, "Bagian barang mudah rusak tidak boleh negatif" },
    { 1000, -1, 10, NULL, "Angka keberuntungan harus 0 sampai 9" },
    { 1000, -1, -2, NULL, "Angka keberuntungan harus 0 sampai 9" },
    { 1000, -1, 3, "", "Nomor struk harus 1 sampai" },
    { 1000, -1, 3, "\xff\xfe", "Nomor struk harus 1 sampai" },
  };
  g_autofree char *long_number = g_strnfill (200, 'R');

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      BsnReceipt r = { .receipt = cases[i].receipt, .store_id = 1, .customer_id = 1,
                       .amount_rp = cases[i].amount_rp, .perishable_rp = cases[i].perishable_rp,
                       .digit = cases[i].digit };
      g_autoptr(GError) error = NULL;

      g_assert_false (bsn_award_rules_validate (&r, &error));
      g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, cases[i].message));
    }
  {
    BsnReceipt r = { .receipt = long_number, .store_id = 1, .customer_id = 1, .amount_rp = 1000,
                     .perishable_rp = -1, .digit = 3 };
    g_autoptr(GError) error = NULL;

    g_assert_false (bsn_award_rules_validate (&r, &error));
    g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
    r.receipt = "R-1";
    r.perishable_rp = 1000;
    g_clear_error (&error);
    g_assert_true (bsn_award_rules_validate (&r, &error));
    g_assert_no_error (error);
  }
}

/* A decision whose split needs the siaga or the lelang table, when the
 * caller gave none, is refused (not made at 0 %). */
static void
test_award_rules_missing_table (void)
{
  BsnTime at = 20000 * (BsnTime) BSN_SECONDS_PER_DAY + 9 * HOUR;
  BsnStoreDay s = { .band = BSN_BAND_LOW, .tier = 3, .schemes = BSN_SCHEMES_STOPWATCH, .opening_sec = 7 * HOUR,
                    .hours = 10, .margin_bp = 1400, .active = TRUE };
  BsnReceipt r = { .amount_rp = 150000, .at = at, .digit = 5, .perishable_rp = -1 };
  BsnAwardInput in = { .receipt = &r, .store = &s, .quota_rp = 200000, .slot_recipients = -1,
                       .daily_budget_rp = -1 };
  BsnAwardDecision d;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnTierTable) stopwatch = bsn_tier_table_new_default (BSN_SCHEME_STOPWATCH, at);

  /* Below the quota: siaga. */
  in.tables[BSN_SCHEME_STOPWATCH] = stopwatch;
  g_assert_false (bsn_award_rules_decide (&in, &d, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Tabel tarif yang berlaku tidak diberikan");
  g_clear_error (&error);

  /* Lelang in opening hours, quota met. */
  s.schemes = BSN_SCHEMES_LELANG;
  in.quota_rp = 0;
  g_assert_false (bsn_award_rules_decide (&in, &d, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Tabel tarif yang berlaku tidak diberikan");
}

/* ---- Export ---- */

/* An unknown or missing format name is refused with the choices. */
static void
test_export_format_parse (void)
{
  BsnExportFormat f = BSN_EXPORT_XLSX;
  g_autoptr(GError) error = NULL;

  g_assert_false (bsn_export_format_parse (NULL, &f, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Format “” tidak dikenal: pilih xlsx, csv atau json");
  g_clear_error (&error);
  g_assert_false (bsn_export_format_parse ("ods", &f, &error));
  g_assert_cmpstr (error->message, ==, "Format “ods” tidak dikenal: pilih xlsx, csv atau json");
  g_assert_cmpint (f, ==, BSN_EXPORT_XLSX);
  g_clear_error (&error);
  g_assert_true (bsn_export_format_parse ("json", &f, &error));
  g_assert_cmpint (f, ==, BSN_EXPORT_JSON);
}

/* A section of every column type, with a short row, text that needs
 * quoting, a negative percentage and a date. */
static void
add_mixed_section (BsnReport *r,
                   const char *name,
                   gboolean    totals)
{
  BsnReportSection *s = bsn_report_add_section (r, name, totals);
  GArray *row;

  bsn_section_add_column (s, "Nama", BSN_COL_TEXT, FALSE);
  bsn_section_add_column (s, "Jumlah", BSN_COL_INT, TRUE);
  bsn_section_add_column (s, "Nilai", BSN_COL_MONEY, TRUE);
  bsn_section_add_column (s, "Persen", BSN_COL_BP, FALSE);
  bsn_section_add_column (s, "Waktu", BSN_COL_DATE, FALSE);
  row = bsn_section_add_row (s);
  bsn_row_text (row, "Siti \"Ibu\"\tA\x01");
  bsn_row_num (row, 3);
  bsn_row_num (row, 12500);
  bsn_row_num (row, -350);
  bsn_row_num (row, 20000 * (gint64) BSN_SECONDS_PER_DAY + 9 * HOUR);
  /* A row shorter than the columns: its missing cells stay empty. */
  row = bsn_section_add_row (s);
  bsn_row_text (row, "Budi");
  bsn_row_num (row, 2);
}

/* CSV and JSON escape what their syntax needs: quotes doubled in CSV and
 * backslashed in JSON (a backslash too), control characters as \u escapes;
 * a percentage is written with a decimal comma and its sign, a date as
 * ISO 8601, an empty text cell as nothing; a store filter and a section
 * without totals come out as such; CSV's separator is ';' unless asked
 * otherwise; a report without a fingerprint has no fingerprint line. */
static void
test_export_plain_escapes (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnReport) r = empty_report (t);
  g_autofree char *csv = g_build_filename (t->dir, "r.csv", NULL);
  g_autofree char *json = g_build_filename (t->dir, "r.json", NULL);
  g_autofree char *csv_text = NULL, *json_text = NULL;
  g_autofree char *date = bsn_time_format_iso (20000 * (gint64) BSN_SECONDS_PER_DAY + 9 * HOUR);
  g_autofree char *csv_row = NULL, *json_date = NULL;
  g_autoptr(GError) error = NULL;

  r->store_code = g_strdup ("TK\"1");
  g_clear_pointer (&r->fingerprint, g_free);
  add_mixed_section (r, "Rincian", FALSE);
  {
    BsnReportSection *s = g_ptr_array_index (r->sections, 0);
    GArray *row = bsn_section_add_row (s);

    /* An empty text cell, a backslash, a lone carriage return. */
    bsn_row_text (row, NULL);
    bsn_row_num (row, 1);
    row = bsn_section_add_row (s);
    bsn_row_text (row, "a\\b\rc");
    bsn_row_num (row, 4);
    row = bsn_section_add_row (s);
    bsn_row_text (row, "baris\nbaru");
    bsn_row_num (row, 5);
  }
  g_assert_true (bsn_export_report (r, BSN_EXPORT_CSV, csv, 0, &error));
  g_assert_no_error (error);
  g_assert_true (bsn_export_report (r, BSN_EXPORT_JSON, json, 0, &error));
  g_assert_no_error (error);
  csv_text = read_text (csv);
  json_text = read_text (json);
  /* No fingerprint: the file opens with the section (after the BOM). */
  g_assert_true (g_str_has_prefix (csv_text, "\xEF\xBB\xBFRincian\r\n"));
  csv_row = g_strdup_printf ("\"Siti \"\"Ibu\"\"\tA\x01\";3;12500;-3,50;%s\r\nBudi;2\r\n;1\r\n\"a\\b\rc\";4\r\n"
                             "\"baris\nbaru\";5\r\n", date);
  g_assert_nonnull (strstr (csv_text, "Rincian\r\nNama;Jumlah;Nilai;Persen;Waktu\r\n"));
  g_assert_nonnull (strstr (csv_text, csv_row));
  g_assert_null (strstr (json_text, "\"fingerprint\""));
  g_assert_nonnull (strstr (json_text, "\"store\":\"TK\\\"1\""));
  g_assert_nonnull (strstr (json_text, "[\"Siti \\\"Ibu\\\"\\u0009A\\u0001\",3,12500,-350,"));
  g_assert_nonnull (strstr (json_text, "[\"Budi\",2],[\"\",1],[\"a\\\\b\\u000dc\",4],[\"baris\\u000abaru\",5]],\"totals\":null}"));
  /* A CSV file in a folder that does not exist: the folder's error. */
  {
    g_autofree char *nowhere = g_build_filename (t->dir, "tidak-ada", "r.csv", NULL);

    g_assert_false (bsn_export_report (r, BSN_EXPORT_CSV, nowhere, ',', &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
    g_clear_error (&error);
  }
  /* And as a workbook: the empty cell is left empty. */
  {
    g_autofree char *xlsx = g_build_filename (t->dir, "r.xlsx", NULL);

    g_assert_true (bsn_export_report (r, BSN_EXPORT_XLSX, xlsx, 0, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (xlsx, G_FILE_TEST_IS_REGULAR));
  }
  json_date = g_strdup_printf (",%" G_GINT64_FORMAT "],", 20000 * (gint64) BSN_SECONDS_PER_DAY + 9 * HOUR);
  g_assert_nonnull (strstr (json_text, json_date));
}

/* Two sections whose sheet names come out the same (Excel's forbidden
 * characters dropped) cannot both be sheets, nor can a section named as
 * the notes' sheet: the export fails with an I/O error naming the file and
 * the clash, and leaves no file and no temporary behind. */
static void
test_export_xlsx_sheet_clash (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnReport) r = empty_report (t);
  g_autofree char *path = g_build_filename (t->dir, "r.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  add_mixed_section (r, "Ringkasan", TRUE);
  add_mixed_section (r, "Ring[kas]an", TRUE);
  g_assert_false (bsn_export_report (r, BSN_EXPORT_XLSX, path, 0, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "Berkas Excel “"));
  g_assert_true (g_str_has_suffix (error->message, lxw_strerror (LXW_ERROR_SHEETNAME_ALREADY_USED)));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* A section named as the notes' sheet: the notes would be lost. */
  g_ptr_array_set_size (r->sections, 0);
  add_mixed_section (r, "Catatan", TRUE);
  g_assert_false (bsn_export_report (r, BSN_EXPORT_XLSX, path, 0, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_true (g_str_has_suffix (error->message, lxw_strerror (LXW_ERROR_SHEETNAME_ALREADY_USED)));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  dir = g_dir_open (t->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (g_str_has_prefix (name, "r.xlsx"));
}

/* A title, period and store that make the printed page header longer than
 * Excel's 255 bytes, and a fingerprint that does the same to the footer,
 * still give a file (the header cut to the title, the footer to the page
 * numbers); a title with '&' is written as text, not a header code. */
static void
test_export_xlsx_long_header (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnReport) r = empty_report (t);
  g_autofree char *path = g_build_filename (t->dir, "r.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_free (r->title);
  r->title = g_strconcat ("Laba & rugi ", NULL);
  g_free (r->store_code);
  r->store_code = g_strnfill (300, 'S');
  g_free (r->fingerprint);
  r->fingerprint = g_strnfill (300, 'F');
  /* A sheet name past Excel's 31 characters is cut. */
  add_mixed_section (r, "Rincian — penjualan per pelanggan bulanan", TRUE);
  /* A long section (widths read from its first 2 000 rows) whose first
   * column is a total (the label then has no column of its own). */
  {
    BsnReportSection *big = bsn_report_add_section (r, "Angka", TRUE);

    bsn_section_add_column (big, "Jumlah", BSN_COL_INT, TRUE);
    bsn_section_add_column (big, "Catatan", BSN_COL_TEXT, FALSE);
    for (guint i = 0; i < 2001; i++)
      {
        GArray *row = bsn_section_add_row (big);

        bsn_row_num (row, i);
        bsn_row_text (row, "baris");
      }
  }
  g_assert_true (bsn_export_report (r, BSN_EXPORT_XLSX, path, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 0);
}

/* A file in a folder that does not exist, a workbook libxlsxwriter cannot
 * make, and one it cannot write at the end: each fails with an I/O error,
 * no file left. */
static void
test_export_xlsx_failures (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnReport) r = empty_report (t);
  g_autofree char *path = g_build_filename (t->dir, "r.xlsx", NULL);
  g_autofree char *nowhere = g_build_filename (t->dir, "tidak-ada", "r.xlsx", NULL);
  g_autoptr(GError) error = NULL;

  add_mixed_section (r, "Rincian", TRUE);
  g_assert_false (bsn_export_report (r, BSN_EXPORT_XLSX, nowhere, 0, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "tidak dapat dibuat: "));
  g_clear_error (&error);

  fail_workbook_new = TRUE;
  g_assert_false (bsn_export_report (r, BSN_EXPORT_XLSX, path, 0, &error));
  fail_workbook_new = FALSE;
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_true (g_str_has_suffix (error->message, "tidak dapat dibuat"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  fail_workbook_close = TRUE;
  g_assert_false (bsn_export_report (r, BSN_EXPORT_XLSX, path, 0, &error));
  fail_workbook_close = FALSE;
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "Berkas Excel “"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* The ledger's export fails the same ways: a missing folder, a workbook
 * that cannot be made, one that cannot be written; no file left. */
static void
test_export_ledger_failures (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autofree char *path = g_build_filename (t->dir, "buku.xlsx", NULL);
  g_autofree char *nowhere = g_build_filename (t->dir, "tidak-ada", "buku.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  guint64 rows = 99;

  g_assert_false (bsn_export_ledger_xlsx (t->db, 0, G_MAXINT32, nowhere, 0, NULL, NULL, NULL, &rows, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "tidak dapat dibuat: "));
  g_clear_error (&error);

  fail_workbook_new = TRUE;
  g_assert_false (bsn_export_ledger_xlsx (t->db, 0, G_MAXINT32, path, 0, NULL, NULL, NULL, &rows, &error));
  fail_workbook_new = FALSE;
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_true (g_str_has_suffix (error->message, "tidak dapat dibuat"));
  g_clear_error (&error);

  fail_workbook_close = TRUE;
  g_assert_false (bsn_export_ledger_xlsx (t->db, 0, G_MAXINT32, path, 0, NULL, NULL, NULL, &rows, &error));
  fail_workbook_close = FALSE;
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_cmpuint (rows, ==, 99);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* And with nothing failing, an empty book gives a file of no rows. */
  g_assert_true (bsn_export_ledger_xlsx (t->db, 0, G_MAXINT32, path, 0, NULL, NULL, NULL, &rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 0);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

/* ---- Refused arguments ---- */

/* A simulation whose period ends before it starts is refused. */
static void
test_simulate_backwards (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  BsnSimRequest req = { .from_day = 20010, .to_day = 20009 };
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnSimResult) res = bsn_simulate (t->db, &req, &error);

  g_assert_null (res);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "--to tidak boleh sebelum --from");
}

/* Reminders look 1 to 366 days ahead; 0 and 367 are refused. */
static void
test_expiry_reminder_window (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint windows[] = { 0, 367 };

  for (guint i = 0; i < G_N_ELEMENTS (windows); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) list = bsn_expiry_reminders (t->db, bsn_time_now (), windows[i], &error);

      g_assert_null (list);
      g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, "Jangka pengingat 1 sampai 366 hari");
    }
}

/* A day plan is copied to 1 to 366 following days; 0 and 367 are
 * refused, and no plan appears on the next day. */
static void
test_quota_copy_range (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 id = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Platinum", BSN_SCHEMES_LELANG);
  g_autoptr(BsnStore) s = bsn_store_get (t->db, id, NULL);
  guint counts[] = { 0, 367 };
  BsnDayPlan plan;

  g_assert_true (bsn_day_plan_set_hours (t->db, id, 20000, 8 * HOUR, 9, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (bsn_day_plan_copy (t->db, id, 20000, counts[i], &error));
      g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, "Salin ke 1 sampai 366 hari berikutnya");
    }
  g_assert_true (bsn_day_plan_get (t->db, s, 20001, &plan, NULL));
  g_assert_false (plan.planned);
}

/* bsn_store_for_day () gives the store as it opens on the store-day of
 * @at: the planned hours that day, the store's defaults another day. */
static void
test_quota_store_for_day (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 id = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Platinum", BSN_SCHEMES_LELANG);
  g_autoptr(BsnStore) s = bsn_store_get (t->db, id, NULL);
  g_autoptr(BsnStore) planned = NULL;
  g_autoptr(BsnStore) plain = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bsn_day_plan_set_hours (t->db, id, 20000, 9 * HOUR, 6, &error));
  g_assert_no_error (error);
  planned = bsn_store_for_day (t->db, s, 20000 * (BsnTime) BSN_SECONDS_PER_DAY + 12 * HOUR, &error);
  g_assert_no_error (error);
  g_assert_nonnull (planned);
  g_assert_cmpint (planned->opening_sec, ==, 9 * HOUR);
  g_assert_cmpint (planned->hours, ==, 6);
  g_assert_cmpint (planned->id, ==, id);
  plain = bsn_store_for_day (t->db, s, 20002 * (BsnTime) BSN_SECONDS_PER_DAY + 12 * HOUR, &error);
  g_assert_no_error (error);
  g_assert_cmpint (plain->opening_sec, ==, s->opening_sec);
  g_assert_cmpint (plain->hours, ==, s->hours);
}

/* ---- Titip jual refusals ---- */

static gint64
offer_lot (BsnDb *db,
           gint64 day)
{
  gint64 induk = bsn_test_add_store (db, "IND", BSN_ROLE_INDUK, NULL, BSN_BAND_LOW, "Gold", BSN_SCHEMES_BOTH);
  gint64 anak = bsn_test_add_store (db, "ANK", BSN_ROLE_ANAK, "IND", BSN_BAND_LOW, "Gold", BSN_SCHEMES_BOTH);
  g_autoptr(BsnLot) lot = bsn_lot_new ();

  lot->induk_id = induk;
  lot->anak_id = anak;
  lot->sku = g_strdup ("A");
  lot->name = g_strdup ("Barang A");
  lot->qty = 10, lot->cost_rp = 8000, lot->price_rp = 10000, lot->offered_day = day;
  lot->period_days = 14, lot->stage_days[0] = lot->stage_days[1] = lot->stage_days[2] = 7;
  g_assert_true (bsn_lot_offer (db, lot, NULL));
  return lot->id;
}

static guint
n_events (BsnDb *db,
          gint64 lot)
{
  g_autoptr(GPtrArray) events = bsn_lot_events (db, lot, NULL);

  g_assert_nonnull (events);
  return events != NULL ? events->len : 0;
}

#define ASSERT_REFUSED(call, code, text) \
  G_STMT_START { \
    g_autoptr(GError) e_ = NULL; \
    g_assert_false (call); \
    g_assert_error (e_, BSN_ERROR, code); \
    g_assert_cmpstr (e_->message, ==, text); \
  } G_STMT_END

/* Each move of a lot against its dates or its state is refused with its
 * reason and records no event: an acceptance before the offer, a
 * repricing without a reason, at a negative cost, before the offer or
 * after the return, a marketing cost of zero, a return before acceptance,
 * at a negative cost, or dated before the acceptance. */
static void
test_consign_refusals (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 lot = offer_lot (t->db, 20000);
  g_autofree char *done = g_strdup_printf ("Titipan #%" G_GINT64_FORMAT " sudah selesai", lot);
  g_autofree char *never = g_strdup_printf ("Titipan #%" G_GINT64_FORMAT " tidak pernah diterima; tidak ada yang dikembalikan", lot);
  BsnLotReturn ret;
  guint before;

  before = n_events (t->db, lot);
  ASSERT_REFUSED (bsn_lot_accept (t->db, lot, 0, 19999, &e_), BSN_ERROR_INVALID,
                  "Titipan tidak bisa diterima sebelum tanggal penawaran");
  ASSERT_REFUSED (bsn_lot_reprice (t->db, lot, 7000, 20001, "  ", &e_), BSN_ERROR_INVALID,
                  "Alasan penyesuaian modal pokok wajib diisi");
  ASSERT_REFUSED (bsn_lot_reprice (t->db, lot, -1, 20001, "turun", &e_), BSN_ERROR_INVALID,
                  "Modal pokok tidak boleh negatif");
  ASSERT_REFUSED (bsn_lot_reprice (t->db, lot, 7000, 19999, "turun", &e_), BSN_ERROR_INVALID,
                  "Tanggal penyesuaian sebelum tanggal penawaran");
  ASSERT_REFUSED (bsn_lot_add_marketing (t->db, lot, 0, 20001, "iklan", &e_), BSN_ERROR_INVALID,
                  "Biaya pemasaran harus lebih dari nol");
  ASSERT_REFUSED (bsn_lot_return (t->db, lot, 20002, NULL, 0, &ret, &e_), BSN_ERROR_REFUSED, never);
  g_assert_cmpuint (n_events (t->db, lot), ==, before);

  g_assert_true (bsn_lot_accept (t->db, lot, 0, 20003, NULL));
  before = n_events (t->db, lot);
  ASSERT_REFUSED (bsn_lot_return (t->db, lot, 20004, NULL, -1, &ret, &e_), BSN_ERROR_INVALID,
                  "Biaya pengembalian tidak boleh negatif");
  ASSERT_REFUSED (bsn_lot_return (t->db, lot, 20002, NULL, 0, &ret, &e_), BSN_ERROR_INVALID,
                  "Tanggal pengembalian sebelum titipan diterima");
  g_assert_cmpuint (n_events (t->db, lot), ==, before);

  g_assert_true (bsn_lot_return (t->db, lot, 20005, NULL, 0, &ret, NULL));
  g_assert_cmpint (ret.returned, ==, 10);
  before = n_events (t->db, lot);
  ASSERT_REFUSED (bsn_lot_reprice (t->db, lot, 7000, 20006, "turun", &e_), BSN_ERROR_REFUSED, done);
  g_assert_cmpuint (n_events (t->db, lot), ==, before);
}

/* ---- Tiers ---- */

/* A version id that does not exist is not found; installing the default
 * tables again changes nothing; a draft edit out of range is refused
 * before anything is read. */
static void
test_tiers_edges (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnTierTable) none = bsn_tiers_table_get (t->db, 987654, &error);
  gint64 versions = bsn_db_query_int (t->db, "SELECT count(*) FROM tier_versions", -1);
  BsnTierEdit bad = { BSN_BAND_LOW, FALSE, 1, 3, 20000 };
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);

  g_assert_null (none);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (versions, >, 0);
  g_assert_true (bsn_tiers_install_defaults (t->db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM tier_versions", -1), ==, versions);
  g_assert_false (bsn_tiers_check_edit (t->db, BSN_SCHEME_STOPWATCH, &bad, 1, 0, warnings, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Tarif harus 0 sampai 100 %");
  g_assert_cmpuint (warnings->len, ==, 0);
}

/* ---- Outbox ---- */

static const char *unknown_line =
  "{'id': <int64 1>, 'event': <'queued'>, 'command': <'lot.burn'>, 'args': <@a{sv} {}>, 'at': <int64 1>}\n";

/* An entry whose command this version does not know (a newer app queued
 * it) is refused with the command named, and the replay goes on. */
static void
test_outbox_unknown_command (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autofree char *path = g_build_filename (t->dir, "outbox", NULL);
  g_autoptr(BsnOutbox) box = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  guint sent = 99;

  g_assert_true (g_file_set_contents (path, unknown_line, -1, NULL));
  box = bsn_outbox_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (bsn_outbox_replay (box, t->db, &sent, &refused, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sent, ==, 0);
  g_assert_cmpuint (refused->len, ==, 1);
  g_assert_cmpstr (((BsnOutboxEntry *) refused->pdata[0])->reason, ==,
                   "Perintah “lot.burn” di kotak keluar tidak dikenal");
  list = bsn_outbox_list (box, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((BsnOutboxEntry *) list->pdata[0])->state, ==, BSN_OUTBOX_REFUSED);
}

/* An outbox whose file has become unreadable (a folder in its place)
 * fails every operation with the read error and queues nothing. */
static void
test_outbox_unreadable (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autofree char *path = g_build_filename (t->dir, "outbox", NULL);
  g_autoptr(BsnOutbox) box = bsn_outbox_open (path, NULL);
  BsnReceipt r = { .receipt = "R-1", .store_id = 1, .customer_id = 1, .amount_rp = 1000, .digit = -1,
                   .perishable_rp = -1 };
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  guint sent = 7;

  g_assert_nonnull (box);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  g_assert_false (bsn_outbox_queue_award (box, &r, &id, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_assert_cmpint (id, ==, 0);
  g_clear_error (&error);
  g_assert_false (bsn_outbox_replay (box, t->db, &sent, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_clear_error (&error);
  g_assert_null (bsn_outbox_list (box, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_clear_error (&error);
  g_assert_false (bsn_outbox_clear_done (box, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_assert_cmpint (g_rmdir (path), ==, 0);
}


/* ---- Storage faults across the rules (SQLite) ----
 *
 * A shop with everything switched on: a lelang store with a slot cap and
 * a daily budget, an expiry policy, bonus rules of every family (one on
 * every 2nd receipt, registration and referral), a referred customer, a
 * consigned lot with extra points. Each operation then runs with each of
 * its prepares and steps failing in turn. */

typedef struct
{
  BsnTestDb *t;
  gint64     toko;
  gint64     c1;
  gint64     c2;
  gint64     lot;
  gint64     day;
  BsnTime    open;     /* the day's 07:00 */
} Shop;

static void
add_bonus (BsnDb      *db,
           const char *code,
           const char *kind,
           gint32      rate_bp,
           gint64      points_rp,
           gint        every)
{
  g_autoptr(BsnBonusRule) r = bsn_bonus_rule_new ();
  g_autoptr(GError) error = NULL;

  r->code = g_strdup (code);
  r->name = g_strdup (code);
  r->kind = g_strdup (kind);
  r->rate_bp = rate_bp;
  r->points_rp = points_rp;
  r->produsen_bp = 2000;
  r->ritel_bp = 5000;
  r->bsn_bp = 3000;
  r->every_nth = every;
  g_assert_true (bsn_bonus_rule_add (db, r, &error));
  g_assert_no_error (error);
}

static void
shop_init (Shop *s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnStore) toko = NULL;
  g_autoptr(BsnLot) lot = bsn_lot_new ();
  BsnTime midnight = 0;
  BsnReceipt r = { .receipt = "R-1", .amount_rp = 100000, .digit = -1, .perishable_rp = -1 };
  g_autoptr(BsnAward) a = NULL;

  g_assert_true (bsn_time_parse ("2026-11-10T00:00:00", &midnight, NULL));
  s->t = bsn_test_db_new ();
  s->day = bsn_time_day (midnight);
  s->open = midnight + 7 * HOUR;
  s->toko = bsn_test_add_store (s->t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Platinum", BSN_SCHEMES_LELANG);
  toko = bsn_store_get (s->t->db, s->toko, NULL);
  toko->opening_sec = 7 * HOUR;
  g_assert_true (bsn_store_update (s->t->db, toko, NULL));
  s->c1 = bsn_test_add_customer (s->t->db, "C1", "Siti");
  s->c2 = bsn_test_add_customer (s->t->db, "C2", "Budi");
  g_assert_true (bsn_customer_set_referrer (s->t->db, s->c2, "C1", &error));
  g_assert_no_error (error);
  g_assert_true (bsn_expiry_set (s->t->db, 12, midnight - 30 * BSN_SECONDS_PER_DAY, "kebijakan", NULL, &error));
  g_assert_no_error (error);
  add_bonus (s->t->db, "SP2", "surprise_points", 500, 0, 2);
  add_bonus (s->t->db, "LEL", "lelang", 1000, 0, 1);
  add_bonus (s->t->db, "REG", "registration", 0, 5000, 1);
  add_bonus (s->t->db, "REF", "referral", 0, 10000, 1);
  g_assert_true (bsn_day_plan_set_caps (s->t->db, s->toko, s->day, 3, 1000000, &error));
  g_assert_no_error (error);
  {
    BsnStockLine line = { (char *) "Beras", 5000, (char *) "kg", 14000, FALSE };

    g_assert_true (bsn_stock_set (s->t->db, s->toko, s->day, &line, &error));
    g_assert_no_error (error);
  }
  r.store_id = s->toko;
  r.customer_id = s->c1;
  r.at = s->open + 3 * HOUR;
  a = bsn_award_receipt (s->t->db, NULL, &r, &error);
  g_assert_no_error (error);
  g_assert_nonnull (a);

  lot->induk_id = bsn_test_add_store (s->t->db, "IND", BSN_ROLE_INDUK, NULL, BSN_BAND_LOW, "Gold", BSN_SCHEMES_BOTH);
  lot->anak_id = bsn_test_add_store (s->t->db, "ANK", BSN_ROLE_ANAK, "IND", BSN_BAND_LOW, "Gold", BSN_SCHEMES_BOTH);
  lot->sku = g_strdup ("A");
  lot->name = g_strdup ("Barang A");
  lot->qty = 10, lot->cost_rp = 8000, lot->price_rp = 10000, lot->offered_day = s->day;
  lot->period_days = 14, lot->stage_days[0] = lot->stage_days[1] = lot->stage_days[2] = 7;
  lot->bonus_bp = 500;
  g_assert_true (bsn_lot_offer (s->t->db, lot, &error));
  g_assert_no_error (error);
  g_assert_true (bsn_lot_accept (s->t->db, lot->id, 0, s->day, &error));
  g_assert_no_error (error);
  s->lot = lot->id;
}

static void
shop_clear (Shop *s)
{
  g_clear_pointer (&s->t, bsn_test_db_free);
}

/* C2's first receipt, in slot IV under the cap and the budget: lelang,
 * its lelang bonus, the 2nd receipt of SP2, C2's registration and C1's
 * referral bonus. */
static BsnAward *
award_c2 (BsnDb  *db,
          Shop   *s,
          GError **error)
{
  BsnReceipt r = { .receipt = "R-2", .store_id = s->toko, .customer_id = s->c2, .amount_rp = 200000,
                   .at = s->open + 3 * HOUR + 1800, .digit = -1, .perishable_rp = -1 };

  return bsn_award_receipt (db, NULL, &r, error);
}

static gboolean
op_award (BsnDb   *db,
          gpointer data,
          GError **error)
{
  g_autoptr(BsnAward) a = award_c2 (db, data, error);

  return a != NULL;
}

static gboolean
op_lot_sell (BsnDb   *db,
             gpointer data,
             GError **error)
{
  Shop *s = data;
  BsnLotSale sale;

  return bsn_lot_sell (db, s->lot, 2, s->day + 1, s->c1, &sale, error);
}

static gboolean
op_lot_get (BsnDb   *db,
            gpointer data,
            GError **error)
{
  Shop *s = data;
  g_autoptr(BsnLot) lot = bsn_lot_get (db, s->lot, error);

  return lot != NULL;
}

static gboolean
op_expiry_run (BsnDb   *db,
               gpointer data,
               GError **error)
{
  Shop *s = data;
  guint postings = 0;
  gint64 expired = 0;

  return bsn_expiry_run (db, s->open + 400 * (BsnTime) BSN_SECONDS_PER_DAY, &postings, &expired, error);
}

static gboolean
op_expiry_reads (BsnDb   *db,
                 gpointer data,
                 GError **error)
{
  Shop *s = data;
  g_autoptr(GArray) upcoming = bsn_expiry_upcoming (db, s->c1, s->open, error);
  g_autoptr(GPtrArray) reminders = NULL;

  if (upcoming == NULL)
    return FALSE;
  reminders = bsn_expiry_reminders (db, s->open + 300 * (BsnTime) BSN_SECONDS_PER_DAY, 366, error);
  return reminders != NULL;
}

static gboolean
op_expiry_set (BsnDb   *db,
               gpointer data,
               GError **error)
{
  Shop *s = data;

  return bsn_expiry_set (db, 6, s->open + 30 * (BsnTime) BSN_SECONDS_PER_DAY, "lebih singkat", NULL, error);
}

static gboolean
op_quota_set (BsnDb   *db,
              gpointer data,
              GError **error)
{
  Shop *s = data;

  return bsn_quota_set (db, s->toko, s->day + 5, 3, 50000, error);
}

static gboolean
op_hours (BsnDb   *db,
          gpointer data,
          GError **error)
{
  Shop *s = data;

  return bsn_day_plan_set_hours (db, s->toko, s->day + 5, 8 * HOUR, 9, error);
}

static gboolean
op_stock_set (BsnDb   *db,
              gpointer data,
              GError **error)
{
  Shop *s = data;
  BsnStockLine line = { (char *) "Gula", 2500, (char *) "kg", 12000, FALSE };

  return bsn_stock_set (db, s->toko, s->day, &line, error);
}

static gboolean
op_stock_remove (BsnDb   *db,
                 gpointer data,
                 GError **error)
{
  Shop *s = data;

  return bsn_stock_remove (db, s->toko, s->day, "Beras", error);
}

static gboolean
op_copy (BsnDb   *db,
         gpointer data,
         GError **error)
{
  Shop *s = data;

  return bsn_day_plan_copy (db, s->toko, s->day, 2, error);
}

static gboolean
op_quota_reads (BsnDb   *db,
                gpointer data,
                GError **error)
{
  Shop *s = data;
  g_autoptr(BsnStore) toko = bsn_store_get (db, s->toko, error);
  g_autoptr(BsnStore) day = NULL;
  g_autoptr(BsnDayStatus) status = NULL;

  if (toko == NULL)
    return FALSE;
  day = bsn_store_for_day (db, toko, s->open + HOUR, error);
  if (day == NULL)
    return FALSE;
  status = bsn_day_status (db, s->toko, s->day, error);
  return status != NULL;
}

static gboolean
op_rule_add (BsnDb   *db,
             gpointer data,
             GError **error)
{
  g_autoptr(BsnBonusRule) r = bsn_bonus_rule_new ();

  r->code = g_strdup ("NEW");
  r->name = g_strdup ("Baru");
  r->kind = g_strdup ("surprise_points");
  r->rate_bp = 500;
  r->ritel_bp = BSN_BP_100_PERCENT;
  r->every_nth = 1;
  return bsn_bonus_rule_add (db, r, error);
}

static gboolean
op_rule_end (BsnDb   *db,
             gpointer data,
             GError **error)
{
  Shop *s = data;

  return bsn_bonus_rule_end (db, "LEL", s->open + 60 * (BsnTime) BSN_SECONDS_PER_DAY, error);
}

static gboolean
op_tiers_edit (BsnDb   *db,
               gpointer data,
               GError **error)
{
  Shop *s = data;
  BsnTierEdit e = { .band = BSN_BAND_LOW, .tier = 2, .key = 3, .rate_bp = 600 };
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);

  return bsn_tiers_edit (db, BSN_SCHEME_STOPWATCH, &e, 1, s->open + 90 * (BsnTime) BSN_SECONDS_PER_DAY, "pemilik",
                         "naik", warnings, error)
         != 0;
}

/* Each failure leaves the book as it was (a write) or untouched (a read);
 * then, with nothing failing, C2's first receipt gets its four bonuses. */
static void
test_faults_shop (void)
{
  Shop s = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnAward) a = NULL;

  if (bsn_test_skip_on_pg (ON_PG))
    return;
  shop_init (&s);
  fail_all (s.t, op_award, &s, ATOMIC);
  fail_all (s.t, op_lot_sell, &s, ATOMIC);
  fail_all (s.t, op_lot_get, &s, READ_ONLY);
  fail_all (s.t, op_expiry_run, &s, ATOMIC);
  fail_all (s.t, op_expiry_reads, &s, READ_ONLY);
  fail_all (s.t, op_expiry_set, &s, ATOMIC);
  fail_all (s.t, op_quota_set, &s, ATOMIC);
  fail_all (s.t, op_hours, &s, ATOMIC);
  fail_all (s.t, op_stock_set, &s, ATOMIC);
  fail_all (s.t, op_stock_remove, &s, ATOMIC);
  fail_all (s.t, op_copy, &s, ATOMIC);
  fail_all (s.t, op_quota_reads, &s, READ_ONLY);
  fail_all (s.t, op_rule_add, &s, ATOMIC);
  fail_all (s.t, op_rule_end, &s, ATOMIC);
  fail_all (s.t, op_tiers_edit, &s, ATOMIC);

  a = award_c2 (s.t->db, &s, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a->scheme, ==, "lelang");
  g_assert_cmpuint (a->bonuses->len, ==, 4);
  shop_clear (&s);
}

/* ---- The margin simulator over the shop ----
 *
 * The shop's day with more receipts: C1 buys twice in the same second
 * (the second under slot IV's new minimum, Rp50.000: siaga, whose status
 * a draft moves is then read from the earlier receipts only), C2 buys
 * for Rp1 in slot V (lelang; every bonus of it rounds to nothing), and
 * C1's first award is reversed. The draft: slot IV of lelang at 9 %, an extra
 * surprise bonus on every 2nd receipt, points expiring after 3 months. */

static void
shop_more (Shop *s)
{
  const struct
  {
    const char *receipt;
    gint64      customer;
    gint64      amount_rp;
    BsnTime     at;
  } more[] = {
    { "R-3", s->c1, 150000, s->open + 3 * HOUR + 600 },
    { "R-4", s->c1, 1000, s->open + 3 * HOUR + 600 },
    { "R-5", s->c2, 1, s->open + 4 * HOUR + 700 },
  };
  g_autoptr(BsnAward) a2 = NULL;
  g_autoptr(GError) error = NULL;
  gint64 r1 = 0;

  a2 = award_c2 (s->t->db, s, &error);
  g_assert_no_error (error);
  /* Below Rp50.000 in slot IV from now on: siaga. */
  g_assert_true (bsn_quota_set (s->t->db, s->toko, s->day, 4, 50000, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (more); i++)
    {
      BsnReceipt r = { .receipt = more[i].receipt, .store_id = s->toko, .customer_id = more[i].customer,
                       .amount_rp = more[i].amount_rp, .at = more[i].at, .digit = -1, .perishable_rp = -1 };
      g_autoptr(BsnAward) a = bsn_award_receipt (s->t->db, NULL, &r, &error);

      g_assert_no_error (error);
      g_assert_nonnull (a);
      g_test_message ("%s: %s", more[i].receipt, a->scheme);
    }
  r1 = bsn_db_query_int (s->t->db,
                         "SELECT p.id FROM postings p JOIN receipts r ON r.posting_id = p.id WHERE r.receipt = 'R-1'",
                         0);
  g_assert_cmpint (r1, >, 0);
  g_assert_true (bsn_ledger_reverse (s->t->db, r1, "salah input", s->open + 5 * HOUR, NULL, &error));
  g_assert_no_error (error);
}

typedef struct
{
  Shop          shop;
  BsnSimRequest req;
  GArray       *edits;
  GPtrArray    *rules;
  guint         progress_calls;
} SimCase;

static void
sim_progress (guint64  done,
              guint64  total,
              gpointer data)
{
  SimCase *c = data;

  g_assert_cmpuint (done, <=, total);
  c->progress_calls++;
}

static void
sim_case_init (SimCase *c)
{
  static const char *csv = "kind,rate,funding,store,min_amount,every\n"
                           "surprise_points;5;20/50/30;;;2\n"
                           "surprise_goods;20;0/100/0;;;1\n"
                           "surprise_points;1;0/100/0;;150000;1\n";
  g_autoptr(GError) error = NULL;

  shop_init (&c->shop);
  shop_more (&c->shop);
  c->edits = g_array_new (FALSE, TRUE, sizeof (BsnTierEdit));
  for (gint tier = 1; tier <= 3; tier++)
    {
      BsnTierEdit e = { .band = BSN_BAND_LOW, .all_bands = TRUE, .tier = tier, .key = 4, .rate_bp = 900 };
      g_array_append_val (c->edits, e);
    }
  c->rules = bsn_sim_parse_bonus_csv (c->shop.t->db, csv, strlen (csv), &error);
  g_assert_no_error (error);
  c->req = (BsnSimRequest) { .from_day = c->shop.day - 1, .to_day = c->shop.day + 1, .has_draft = TRUE,
                             .draft_scheme = BSN_SCHEME_LELANG, .draft_edits = c->edits,
                             .bonus_rules = c->rules, .has_expiry = TRUE, .expiry_months = 3,
                             .progress = sim_progress, .progress_data = c };
}

static void
sim_case_clear (SimCase *c)
{
  g_clear_pointer (&c->edits, g_array_unref);
  g_clear_pointer (&c->rules, g_ptr_array_unref);
  shop_clear (&c->shop);
}

static gboolean
op_simulate (BsnDb   *db,
             gpointer data,
             GError **error)
{
  SimCase *c = data;
  g_autoptr(BsnSimResult) r = bsn_simulate (db, &c->req, error);

  return r != NULL;
}

static gint64
customer_points (BsnDb *db,
                 gint64 customer)
{
  gint64 balance = -1;

  g_assert_true (bsn_ledger_customer_balance (db, customer, &balance, NULL, NULL));
  return balance;
}

/* The simulation of the shop's day: the TK store's sales are the five
 * receipts, and the draft costs more than what was recorded (slot IV at
 * 9 %, the extra bonus). */
static void
test_simulate_shop (void)
{
  SimCase c = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnSimResult) r = NULL;
  BsnSimStore *tk = NULL;

  sim_case_init (&c);
  r = bsn_simulate (c.shop.t->db, &c.req, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  for (guint i = 0; i < r->stores->len; i++)
    if (g_strcmp0 (((BsnSimStore *) r->stores->pdata[i])->store, "TK") == 0)
      tk = r->stores->pdata[i];
  g_assert_nonnull (tk);
  g_assert_cmpint (tk->receipts, ==, 5);
  g_assert_cmpint (tk->sales_rp, ==, 100000 + 200000 + 150000 + 1000 + 1);
  g_assert_cmpint (tk->cost_draft_rp, >, tk->cost_rp);
  g_assert_cmpuint (c.progress_calls, >, 0);
  g_assert_cmpint (customer_points (c.shop.t->db, c.shop.c1), >, 0);
  sim_case_clear (&c);
}

/* The same simulation with each of its reads failing in turn: it fails
 * cleanly (a BSN_ERROR) and the book is untouched. */
static void
test_faults_simulate (void)
{
  SimCase c = { 0 };

  if (bsn_test_skip_on_pg (ON_PG))
    return;
  sim_case_init (&c);
  fail_all (c.shop.t, op_simulate, &c, READ_ONLY);
  sim_case_clear (&c);
}

/* A period after the day's points would have expired under the draft
 * (3 months): those expiries fall before it and count for nothing in it;
 * the period has no receipts. */
static void
test_simulate_later_period (void)
{
  SimCase c = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnSimResult) r = NULL;

  sim_case_init (&c);
  c.req.from_day = c.shop.day + 100;
  c.req.to_day = c.shop.day + 130;
  r = bsn_simulate (c.shop.t->db, &c.req, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  g_assert_cmpint (r->total.receipts, ==, 0);
  g_assert_cmpint (r->total.expired_draft_rp, ==, 0);
  g_assert_cmpint (r->total.expired_rp, ==, 0);
  g_assert_cmpuint (r->days->len, ==, 31);
  sim_case_clear (&c);
}

/* ---- Expiry rules ---- */

static void
count_closure (const BsnPointLot *lot,
               gint64             amount_rp,
               gpointer           data)
{
  *(gint64 *) data += amount_rp;
}

/* The replay skips events after @until and events of no amount; a
 * reversal of a lot it never saw (a back-dated entry) comes out of the
 * oldest lots, as a spending would. */
static void
test_expiry_rules_replay_edges (void)
{
  const BsnPointEvent events[] = {
    { BSN_POINT_EARN, 100, 500, 1, 1000 },
    { BSN_POINT_EARN, 200, 300, 2, 0 },
    { BSN_POINT_SPEND, 250, 0, 0, 0 },
    { BSN_POINT_REVERSE, 300, 200, 99, 0 },
    { BSN_POINT_EARN, 900, 700, 3, 0 },
  };
  g_autoptr(GArray) lots = bsn_expiry_rules_replay (events, G_N_ELEMENTS (events), 800);

  g_assert_cmpuint (lots->len, ==, 2);
  g_assert_cmpint (g_array_index (lots, BsnPointLot, 0).remaining_rp, ==, 300);
  g_assert_cmpint (g_array_index (lots, BsnPointLot, 1).remaining_rp, ==, 300);
}

/* The closures stop at the first event after @until and pass over an
 * event of no amount; lot 1 (500, expiring at 1000) loses the 200 of a
 * reversal of an unknown lot first, then expires with 300. */
static void
test_expiry_rules_closures_edges (void)
{
  const BsnPointEvent events[] = {
    { BSN_POINT_EARN, 100, 500, 1, 1000 },
    { BSN_POINT_SPEND, 150, 0, 0, 0 },
    { BSN_POINT_REVERSE, 300, 200, 99, 0 },
    { BSN_POINT_EARN, 5000, 700, 3, 9000 },
  };
  gint64 emitted = 0;

  g_assert_cmpint (bsn_expiry_rules_closures (events, G_N_ELEMENTS (events), 2000, count_closure, &emitted), ==, 300);
  g_assert_cmpint (emitted, ==, 300);
}

/* An expiry event is not an input of the closures (they are what is
 * replayed): refused with a critical, the expired value so far returned. */
static void
test_expiry_rules_closures_refuse_expired (void)
{
  const BsnPointEvent events[] = {
    { BSN_POINT_EARN, 100, 500, 1, 200 },
    { BSN_POINT_EXPIRED, 300, 500, 1, 0 },
  };

  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*should not be reached*");
  g_assert_cmpint (bsn_expiry_rules_closures (events, G_N_ELEMENTS (events), 1000, NULL, NULL), ==, 500);
  g_test_assert_expected_messages ();
}

/* The remainder of a split goes to the largest weight, wherever it is. */
static void
test_expiry_rules_split_largest_last (void)
{
  const gint64 weights[] = { 1, 1, 5 };
  gint64 parts[3];

  bsn_expiry_rules_split (100, weights, 3, parts);
  g_assert_cmpint (parts[0], ==, 14);
  g_assert_cmpint (parts[1], ==, 14);
  g_assert_cmpint (parts[2], ==, 72);
}

/* ---- Outbox on a full disk ----
 *
 * RLIMIT_FSIZE stands in for a full disk: a write past the limit fails
 * with EFBIG (SIGXFSZ ignored), the bytes before it are written. */

static struct rlimit saved_fsize;

static void
limit_file_size (goffset size)
{
  struct rlimit lim;

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved_fsize), ==, 0);
  lim = saved_fsize;
  lim.rlim_cur = (rlim_t) size;
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &lim), ==, 0);
}

static void
unlimit_file_size (void)
{
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved_fsize), ==, 0);
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_size;
}

/* The outbox @text at @dir/@name, opened; its entries must be left
 * pending by a replay that cannot write. */
static BsnOutbox *
outbox_with (const char *dir,
             const char *name,
             const char *text,
             char      **out_path)
{
  g_autoptr(GError) error = NULL;
  BsnOutbox *box;

  *out_path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (*out_path, text, -1, NULL));
  box = bsn_outbox_open (*out_path, &error);
  g_assert_no_error (error);
  return box;
}

static void
assert_replay_full (BsnOutbox *box,
                    BsnDb     *db,
                    const char *path,
                    goffset    limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  guint sent = 99;

  limit_file_size (limit);
  g_assert_false (bsn_outbox_replay (box, db, &sent, NULL, &error));
  unlimit_file_size ();
  g_assert_error (error, G_FILE_ERROR, (gint) g_file_error_from_errno (EFBIG));
  g_assert_true (g_str_has_prefix (error->message, "Kotak keluar “"));
  g_assert_cmpuint (sent, ==, 0);
  g_assert_cmpint (file_size (path), <=, limit);
  g_clear_error (&error);
  list = bsn_outbox_list (box, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((BsnOutboxEntry *) list->pdata[0])->state, ==, BSN_OUTBOX_PENDING);
}

/* A replay that cannot write its "sending" line, its "refused" line, or
 * the "refused" line of a sale cut off in an earlier replay stops with
 * the write error; the entry stays pending for the next replay. */
static void
test_outbox_disk_full (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autofree char *probe_path = NULL, *path = NULL, *cut_path = NULL, *probe_text = NULL;
  g_autoptr(BsnOutbox) probe = outbox_with (t->dir, "probe", unknown_line, &probe_path);
  g_autoptr(BsnOutbox) box = outbox_with (t->dir, "outbox", unknown_line, &path);
  g_autoptr(BsnOutbox) cut = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *cut_text = NULL;
  guint sent = 0;

  /* How long the "sending" line is: from a replay that can write. */
  g_assert_true (bsn_outbox_replay (probe, t->db, &sent, NULL, NULL));
  probe_text = read_text (probe_path);
  lines = g_strsplit (probe_text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_nonnull (strstr (lines[1], "'sending'"));

  assert_replay_full (box, t->db, path, file_size (path));
  assert_replay_full (box, t->db, path, file_size (path) + (goffset) strlen (lines[1]) + 1);

  cut_text = g_strconcat ("{'id': <int64 1>, 'event': <'queued'>, 'command': <'lot.sell'>, "
                          "'args': <{'lot_id': <int64 1>, 'qty': <int64 1>, 'day': <int64 20000>}>, "
                          "'at': <int64 1>}\n",
                          "{'id': <int64 1>, 'event': <'sending'>}\n", NULL);
  cut = outbox_with (t->dir, "cut", cut_text, &cut_path);
  assert_replay_full (cut, t->db, cut_path, file_size (cut_path));
}

/* ---- Import ---- */

/* A path that opens but cannot be read (a folder) fails the import with
 * the read error, nothing imported. */
static void
test_import_unreadable (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnImportResult) res = bsn_import_sales (t->db, t->dir, NULL, NULL, NULL, &error);

  g_assert_null (res);
  g_assert_error (error, BSN_ERROR, BSN_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "Berkas “"));
  g_assert_nonnull (strstr (error->message, "tidak dapat dibaca: "));
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM receipts", -1), ==, 0);
}

/* Rejections are listed up to 4 MiB of reasons, the rest only counted;
 * a bad fresh-produce part is a row's own rejection. */
static void
test_import_many_rejections (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autofree char *path = g_build_filename (t->dir, "banyak.csv", NULL);
  g_autofree char *junk = g_strnfill (300, 'x');
  g_autoptr(GString) csv = g_string_new ("struk,toko,pelanggan,jumlah,waktu,angka,bagian_segar\r\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnImportResult) res = NULL;
  const guint n_bad = 17000;
  BsnImportRejection *first;

  bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Platinum", BSN_SCHEMES_LELANG);
  bsn_test_add_customer (t->db, "C1", "Siti");
  g_string_append (csv, "S-0,TK,C1,125000,10/11/2026 10:00,,segar\r\n");
  for (guint i = 1; i <= n_bad; i++)
    g_string_append_printf (csv, "S-%u,TK,C1,%s,10/11/2026 10:00,,\r\n", i, junk);
  g_assert_true (g_file_set_contents (path, csv->str, (gssize) csv->len, NULL));
  res = bsn_import_sales (t->db, path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (res);
  g_assert_cmpuint (res->imported, ==, 0);
  g_assert_cmpuint (res->rejected->len + res->unlisted, ==, n_bad + 1);
  g_assert_cmpuint (res->unlisted, >, 0);
  g_assert_cmpuint (res->rejected->len, <, n_bad);
  first = res->rejected->pdata[0];
  g_assert_cmpuint (first->line, ==, 2);
  g_assert_nonnull (strstr (first->reason, "segar"));
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM receipts", -1), ==, 0);
}

/* ---- The ledger export at size (SQLite: the rows are written raw) ---- */

typedef struct
{
  GCancellable *cancel;
  guint         calls;
  guint64       last_done;
  guint64       last_total;
} LedgerProgress;

static void
ledger_progress (guint64  done,
                 guint64  total,
                 gpointer data)
{
  LedgerProgress *p = data;

  p->calls++;
  p->last_done = done;
  p->last_total = total;
  if (p->cancel != NULL)
    g_cancellable_cancel (p->cancel);
}

/* 33 000 postings of two legs each (66 000 rows): the export reports its
 * progress every 65 536 rows and at the end, splits its sheets at the
 * rows per sheet asked for, and stops, leaving no file, when cancelled at
 * a progress report. */
static void
test_export_ledger_large (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  LedgerProgress p = { 0 };
  guint64 rows = 0;

  if (bsn_test_skip_on_pg ("the postings are written with SQLite's own SQL"))
    return;
  t = bsn_test_db_new ();
  path = g_build_filename (t->dir, "buku.xlsx", NULL);
  g_assert_cmpint (bsn_test_raw_exec (t->db,
                                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 33000) "
                                      "INSERT INTO postings (id, idem_key, kind, at, amount_rp, memo, created_at) "
                                      "SELECT 1000 + i, 'bulk:' || i, 'opening', 1790000000 + i, 1, 'uji', 0 FROM n;"
                                      "INSERT INTO legs (posting_id, account_id, amount_rp) "
                                      "SELECT id, 1, 1 FROM postings WHERE idem_key LIKE 'bulk:%';"
                                      "INSERT INTO legs (posting_id, account_id, amount_rp) "
                                      "SELECT id, 2, -1 FROM postings WHERE idem_key LIKE 'bulk:%';"),
                   ==, SQLITE_OK);

  g_assert_true (bsn_export_ledger_xlsx (t->db, 0, G_MAXINT64, path, 40000, ledger_progress, &p, NULL, &rows,
                                         &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 66000);
  g_assert_cmpuint (p.calls, ==, 2);
  g_assert_cmpuint (p.last_done, ==, 66000);
  g_assert_cmpuint (p.last_total, ==, 66000);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (g_unlink (path), ==, 0);

  p = (LedgerProgress) { .cancel = cancel };
  rows = 7;
  g_assert_false (bsn_export_ledger_xlsx (t->db, 0, G_MAXINT64, path, 0, ledger_progress, &p, cancel, &rows,
                                          &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (p.calls, ==, 1);
  g_assert_cmpuint (p.last_done, ==, 65536);
  g_assert_cmpuint (rows, ==, 7);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* No progress asked for, more rows per sheet than Excel holds (cut to
   * its limit: one sheet), no count asked for. */
  g_assert_true (bsn_export_ledger_xlsx (t->db, 0, G_MAXINT64, path, G_MAXUINT64, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

/* ---- Small edges of bonus, expiry and tiers ---- */

/* bsn_bonus_apply () without the caller's rules reads the active ones:
 * a rule added after a receipt applies to it when asked, 5 % of its
 * lelang base, 70 % funded by the store. */
static void
test_bonus_apply_reads_rules (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 toko = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Platinum", BSN_SCHEMES_LELANG);
  gint64 c1 = bsn_test_add_customer (t->db, "C1", "Siti");
  BsnTime at = 0;
  BsnReceipt r = { .receipt = "R-1", .store_id = toko, .customer_id = c1, .amount_rp = 100000, .digit = -1,
                   .perishable_rp = -1 };
  g_autoptr(BsnAward) a = NULL;
  g_autoptr(BsnBonusRule) rule = bsn_bonus_rule_new ();
  g_autoptr(GPtrArray) grants = g_ptr_array_new_with_free_func (bsn_bonus_grant_free);
  g_autoptr(GError) error = NULL;
  BsnBonusGrant *g;
  gint64 receipt_id;

  g_assert_true (bsn_time_parse ("2026-11-10T10:00:00", &at, NULL));
  r.at = at;
  a = bsn_award_receipt (t->db, NULL, &r, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->bonuses->len, ==, 0);
  rule->code = g_strdup ("LATE");
  rule->name = g_strdup ("Susulan");
  rule->kind = g_strdup ("surprise_points");
  rule->rate_bp = 500;
  rule->produsen_bp = 1000;
  rule->ritel_bp = 7000;
  rule->bsn_bp = 2000;
  rule->every_nth = 1;
  g_assert_true (bsn_bonus_rule_add (t->db, rule, &error));
  g_assert_no_error (error);
  receipt_id = bsn_db_query_int (t->db, "SELECT id FROM receipts WHERE receipt = 'R-1'", 0);
  g_assert_cmpint (receipt_id, >, 0);

  g_assert_true (bsn_db_begin (t->db, TRUE, &error));
  g_assert_true (bsn_bonus_apply (t->db, NULL, receipt_id, "R-1", toko, c1, 100000, at, "lelang", 100000, grants,
                                  &error));
  g_assert_no_error (error);
  g_assert_true (bsn_db_commit (t->db, &error));
  g_assert_cmpuint (grants->len, ==, 1);
  g = grants->pdata[0];
  g_assert_cmpstr (g->rule_code, ==, "LATE");
  g_assert_cmpint (g->value_rp, ==, 5000);
  g_assert_cmpint (g->produsen_rp, ==, 500);
  g_assert_cmpint (g->ritel_rp, ==, 3500);
  g_assert_cmpint (g->bsn_rp, ==, 1000);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM bonus_grants", -1), ==, 1);
  bsn_bonus_grant_free (NULL);
}

/* A customer id without a points account (no such customer) has nothing
 * expiring, and neither has a customer who never earned. */
static void
test_expiry_upcoming_no_account (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 c = bsn_test_add_customer (t->db, "C9", "Baru");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) next = NULL;

  g_assert_true (bsn_expiry_set (t->db, 12, 0, "kebijakan", NULL, &error));
  g_assert_no_error (error);
  next = bsn_expiry_upcoming (t->db, c, bsn_time_now (), &error);
  g_assert_no_error (error);
  g_assert_nonnull (next);
  g_assert_cmpuint (next->len, ==, 0);
  g_clear_pointer (&next, g_array_unref);
  next = bsn_expiry_upcoming (t->db, c + 1000, bsn_time_now (), &error);
  g_assert_no_error (error);
  g_assert_nonnull (next);
  g_assert_cmpuint (next->len, ==, 0);
}

/* Two customers whose points expire in the same second are reminded in
 * the order of their codes. */
static void
test_expiry_reminders_same_second (void)
{
  Shop s = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  BsnReceipt r = { .receipt = "R-9", .amount_rp = 100000, .digit = -1, .perishable_rp = -1 };
  g_autoptr(BsnAward) a = NULL;
  BsnTime expires = 0;

  shop_init (&s);
  r.store_id = s.toko;
  r.customer_id = s.c2;
  r.at = s.open + 3 * HOUR;
  a = bsn_award_receipt (s.t->db, NULL, &r, &error);
  g_assert_no_error (error);
  g_assert_true (bsn_time_parse ("2027-11-10T10:00:00", &expires, NULL));
  list = bsn_expiry_reminders (s.t->db, expires - 10 * (BsnTime) BSN_SECONDS_PER_DAY, 30, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((BsnExpiryReminder *) list->pdata[0])->code, ==, "C1");
  g_assert_cmpstr (((BsnExpiryReminder *) list->pdata[1])->code, ==, "C2");
  g_assert_cmpint (((BsnExpiryReminder *) list->pdata[0])->expires_at, ==, expires);
  g_assert_cmpint (((BsnExpiryReminder *) list->pdata[1])->expires_at, ==, expires);
  shop_clear (&s);
}

/* Before the first table of a family: a store's margin check passes it
 * over (nothing to exceed), and a draft edit has no table to start from. */
static void
test_tiers_before_first_table (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 id = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Platinum", BSN_SCHEMES_BOTH);
  g_autoptr(BsnStore) store = bsn_store_get (t->db, id, NULL);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  BsnTierEdit e = { .band = BSN_BAND_LOW, .tier = 1, .key = 3, .rate_bp = 500 };
  g_autoptr(GError) error = NULL;
  BsnTime before = -400 * (BsnTime) BSN_SECONDS_PER_DAY;

  g_assert_true (bsn_tiers_check_store_margin (t->db, store, before, warnings, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_false (bsn_tiers_check_edit (t->db, BSN_SCHEME_STOPWATCH, &e, 1, before, warnings, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "Belum ada tabel "));
  g_assert_cmpuint (warnings->len, ==, 0);
}

/* ---- The simulator over 4 100 receipts ---- */

typedef struct
{
  GCancellable *cancel;
  guint         progress_calls;
  guint         partial_calls;
  guint64       last_done;
  gboolean      cancel_at_end;
} BigSim;

static void
big_progress (guint64  done,
              guint64  total,
              gpointer data)
{
  BigSim *b = data;

  b->progress_calls++;
  b->last_done = done;
  if (b->cancel_at_end && done == total)
    g_cancellable_cancel (b->cancel);
}

static void
big_partial (BsnSimResult *snapshot,
             gpointer      data)
{
  BigSim *b = data;

  bsn_sim_result_free (snapshot);
  b->partial_calls++;
  g_cancellable_cancel (b->cancel);
}

/* A week of 4 100 receipts, imported, under a lelang table that changes on
 * the 4th (an empty draft costs what was recorded). The replay reports its progress
 * every 4 096 receipts and at the end; cancelled from a partial result,
 * it stops at the next 4 096th receipt; cancelled at its last progress
 * report, the expiry change that follows stops. Each cancelled run fails
 * with G_IO_ERROR_CANCELLED. */
static void
test_simulate_big (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autofree char *path = g_build_filename (t->dir, "minggu.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("struk,toko,pelanggan,jumlah,waktu,angka,bagian_segar\r\n");
  g_autoptr(BsnImportResult) res = NULL;
  g_autoptr(BsnSimResult) r = NULL;
  g_autoptr(GError) error = NULL;
  BsnTime first = 0;
  BigSim b = { 0 };
  BsnSimRequest req = { 0 };

  bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Platinum", BSN_SCHEMES_LELANG);
  bsn_test_add_customer (t->db, "C1", "Siti");
  /* A new lelang table from the 4th: the replay changes tables mid-week. */
  {
    BsnTierEdit e = { .band = BSN_BAND_LOW, .all_bands = TRUE, .tier = 3, .key = 1, .rate_bp = 400 };
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
    BsnTime from = 0;

    g_assert_true (bsn_time_parse ("2026-11-04T00:00:00", &from, NULL));
    g_assert_cmpint (bsn_tiers_edit (t->db, BSN_SCHEME_LELANG, &e, 1, from, "pemilik", "turun", warnings, &error), >, 0);
    g_assert_no_error (error);
  }
  for (guint i = 0; i < 4100; i++)
    g_string_append_printf (csv, "B-%u,TK,C1,60000,%02u/11/2026 %02u:%02u,,\r\n", i, 1 + i / 600,
                            7 + i % 600 / 60, i % 60);
  g_assert_true (g_file_set_contents (path, csv->str, (gssize) csv->len, NULL));
  res = bsn_import_sales (t->db, path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (res->imported, ==, 4100);
  g_assert_true (bsn_time_parse ("2026-11-01T00:00:00", &first, NULL));

  req.from_day = bsn_time_day (first);
  req.to_day = req.from_day + 7;
  /* A draft of the lelang family without edits is the table as it is. */
  req.has_draft = TRUE;
  req.draft_scheme = BSN_SCHEME_LELANG;
  r = bsn_simulate (t->db, &req, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->total.receipts, ==, 4100);
  g_assert_cmpint (r->total.sales_rp, ==, 4100 * (gint64) 60000);
  g_assert_cmpint (r->total.cost_draft_rp, ==, r->total.cost_rp);
  g_clear_pointer (&r, bsn_sim_result_free);

  req.progress = big_progress;
  req.progress_data = &b;
  r = bsn_simulate (t->db, &req, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->total.receipts, ==, 4100);
  g_assert_cmpint (r->total.cost_draft_rp, ==, r->total.cost_rp);
  g_assert_cmpuint (b.progress_calls, ==, 2);
  g_assert_cmpuint (b.last_done, ==, 4100);
  g_clear_pointer (&r, bsn_sim_result_free);

  b = (BigSim) { .cancel = g_cancellable_new () };
  req.cancellable = b.cancel;
  req.partial = big_partial;
  req.partial_data = &b;
  req.partial_every = 1000;
  r = bsn_simulate (t->db, &req, &error);
  g_assert_null (r);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (b.partial_calls, ==, 4);
  g_assert_cmpuint (b.progress_calls, ==, 0);
  g_clear_error (&error);
  g_clear_object (&b.cancel);

  b = (BigSim) { .cancel = g_cancellable_new (), .cancel_at_end = TRUE };
  req.cancellable = b.cancel;
  req.partial = NULL;
  req.has_expiry = TRUE;
  req.expiry_months = 1;
  r = bsn_simulate (t->db, &req, &error);
  g_assert_null (r);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (b.progress_calls, ==, 2);
  g_clear_object (&b.cancel);
}

/* Receipts without a number (the library gives them one) have nothing to
 * look up ahead: the prefetch reads nothing and the awards go through
 * with numbers of their own. */
static void
test_award_prefetch_unnumbered (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 toko = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Platinum", BSN_SCHEMES_LELANG);
  gint64 c1 = bsn_test_add_customer (t->db, "C1", "Siti");
  g_autoptr(BsnAwardCache) cache = bsn_award_cache_new ();
  g_autoptr(GError) error = NULL;
  BsnReceipt rows[2] = {
    { .store_id = toko, .customer_id = c1, .amount_rp = 100000, .digit = -1, .perishable_rp = -1 },
    { .store_id = toko, .customer_id = c1, .amount_rp = 50000, .digit = -1, .perishable_rp = -1 },
  };

  g_assert_true (bsn_time_parse ("2026-11-10T10:00:00", &rows[0].at, NULL));
  rows[1].at = rows[0].at + 60;
  g_assert_true (bsn_db_begin_batch (t->db, &error));
  g_assert_no_error (error);
  g_assert_true (bsn_award_cache_prefetch (t->db, cache, rows, 2, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(BsnAward) a = bsn_award_receipt (t->db, cache, &rows[i], &error);

      g_assert_no_error (error);
      g_assert_false (a->duplicate);
      g_assert_true (g_str_has_prefix (a->receipt, "TRX-"));
    }
  g_assert_true (bsn_db_commit (t->db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM receipts", -1), ==, 2);
}

/* ---- Vouchers and titip jual bonuses that come to nothing ---- */

static gint64
lelang_store (BsnDb      *db,
              const char *code)
{
  gint64 id = bsn_test_add_store (db, code, BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Platinum", BSN_SCHEMES_LELANG);
  g_autoptr(BsnStore) s = bsn_store_get (db, id, NULL);

  s->opening_sec = 7 * HOUR;
  g_assert_true (bsn_store_update (db, s, NULL));
  return id;
}

/* X's customer spends a Rp5.000 voucher at Y and Y's customer one of the
 * same value at X: the two stores owe each other nothing, and the
 * settlement has no line for them. */
static void
test_voucher_settlement_nets_out (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 x = lelang_store (t->db, "X");
  gint64 y = lelang_store (t->db, "Y");
  gint64 c1 = bsn_test_add_customer (t->db, "C1", "Siti");
  gint64 c2 = bsn_test_add_customer (t->db, "C2", "Budi");
  g_autoptr(BsnVoucher) v1 = NULL, v2 = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  BsnTime day = 0;

  g_assert_true (bsn_time_parse ("2026-11-02T16:00:00", &day, NULL));
  g_assert_true (bsn_reserve_deposit (t->db, x, 1000000, day - 10 * HOUR, NULL, &error));
  g_assert_true (bsn_reserve_deposit (t->db, y, 1000000, day - 10 * HOUR, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      BsnReceipt r = { .store_id = i ? y : x, .customer_id = i ? c2 : c1, .amount_rp = 100000, .at = day,
                       .digit = -1, .perishable_rp = -1 };
      g_autoptr(BsnAward) a = bsn_award_receipt (t->db, NULL, &r, &error);

      g_assert_no_error (error);
      g_assert_cmpint (a->value_rp, >=, 5000);
    }
  v1 = bsn_voucher_issue (t->db, c1, 5000, day + 17 * HOUR, 0, &error);
  g_assert_no_error (error);
  v2 = bsn_voucher_issue (t->db, c2, 5000, day + 17 * HOUR, 0, &error);
  g_assert_no_error (error);
  g_assert_true (bsn_voucher_redeem (t->db, v1->code, y, day + 18 * HOUR, NULL, &error));
  g_assert_true (bsn_voucher_redeem (t->db, v2->code, x, day + 18 * HOUR, NULL, &error));
  g_assert_no_error (error);
  lines = bsn_voucher_settlement (t->db, day - 2 * (BsnTime) BSN_SECONDS_PER_DAY,
                                  day + 20 * (BsnTime) BSN_SECONDS_PER_DAY, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lines);
  g_assert_cmpuint (lines->len, ==, 0);
}

/* A lot's extra points that round to nothing (0,01 % of Rp100) post
 * nothing: the sale goes through, the customer's points stay. */
static void
test_consign_bonus_rounds_to_nothing (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 induk = bsn_test_add_store (t->db, "IND", BSN_ROLE_INDUK, NULL, BSN_BAND_LOW, "Gold", BSN_SCHEMES_BOTH);
  gint64 anak = bsn_test_add_store (t->db, "ANK", BSN_ROLE_ANAK, "IND", BSN_BAND_LOW, "Gold", BSN_SCHEMES_BOTH);
  gint64 c1 = bsn_test_add_customer (t->db, "C1", "Siti");
  g_autoptr(BsnLot) lot = bsn_lot_new ();
  g_autoptr(GError) error = NULL;
  gint64 postings = 0;
  BsnLotSale sale;

  lot->induk_id = induk;
  lot->anak_id = anak;
  lot->sku = g_strdup ("K");
  lot->name = g_strdup ("Permen");
  lot->qty = 10, lot->cost_rp = 80, lot->price_rp = 100, lot->offered_day = 20000;
  lot->period_days = 14, lot->stage_days[0] = lot->stage_days[1] = lot->stage_days[2] = 7;
  lot->bonus_bp = 1;
  g_assert_true (bsn_lot_offer (t->db, lot, &error));
  g_assert_no_error (error);
  g_assert_true (bsn_lot_accept (t->db, lot->id, 0, 20000, &error));
  g_assert_no_error (error);
  postings = bsn_db_query_int (t->db, "SELECT count(*) FROM postings", -1);
  g_assert_true (bsn_lot_sell (t->db, lot->id, 1, 20001, c1, &sale, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sale.bonus_rp, ==, 0);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM postings", -1), ==, postings);
  g_assert_cmpint (customer_points (t->db, c1), ==, 0);
}

/* ---- Small pure edges ---- */

/* Month arithmetic across centuries' leap rules: 2000 (divisible by 400)
 * has a 29 February, 2100 has not; a month count out of range is a
 * programming error (a critical) that leaves the time as it was. */
static void
test_rules_month_edges (void)
{
  BsnTime t = 0, expect = 0;

  g_assert_true (bsn_time_parse ("2000-01-31T10:00:00", &t, NULL));
  g_assert_true (bsn_time_parse ("2000-02-29T10:00:00", &expect, NULL));
  g_assert_cmpint (bsn_expiry_add_months (t, 1), ==, expect);
  g_assert_true (bsn_time_parse ("2100-01-31T10:00:00", &t, NULL));
  g_assert_true (bsn_time_parse ("2100-02-28T10:00:00", &expect, NULL));
  g_assert_cmpint (bsn_expiry_add_months (t, 1), ==, expect);

  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*months >= 0*");
  g_assert_cmpint (bsn_expiry_add_months (t, -1), ==, t);
  g_test_assert_expected_messages ();
  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*months <= 1200*");
  g_assert_cmpint (bsn_expiry_add_months (t, 1201), ==, t);
  g_test_assert_expected_messages ();
}

/* A split among weights that are all zero gives everything to the first;
 * a split into no parts writes nothing. */
static void
test_rules_split_zero (void)
{
  const gint64 weights[] = { 0, 0 };
  gint64 parts[2] = { -1, -1 };
  gint64 none = 42;

  bsn_expiry_rules_split (700, weights, 2, parts);
  g_assert_cmpint (parts[0], ==, 700);
  g_assert_cmpint (parts[1], ==, 0);
  bsn_expiry_rules_split (700, weights, 0, &none);
  g_assert_cmpint (none, ==, 42);
}

/* A stopwatch end time outside a day is refused; so is a receipt number
 * with DEL in it. */
static void
test_rules_stopwatch_and_number (void)
{
  gint digit = -1;
  gint ends[] = { -1, BSN_SECONDS_PER_DAY };
  BsnReceipt r = { .receipt = "R\x7f" "1", .amount_rp = 1000, .digit = -1, .perishable_rp = -1 };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    {
      g_assert_false (bsn_award_rules_stopwatch_digit (10 * HOUR, ends[i], &digit, &error));
      g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "Stopwatch berhenti pukul "));
      g_assert_cmpint (digit, ==, -1);
      g_clear_error (&error);
    }
  g_assert_false (bsn_award_rules_validate (&r, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Nomor struk berisi karakter kendali");
}

/* Slots by numeral or number; none, 0 and 11 refused; a numeral for a
 * slot out of range is a programming error ("?"). Tier cells read from
 * ';'-separated CSV. */
static void
test_tiers_slot_and_csv (void)
{
  gint slot = -1;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) edits = NULL;
  const char *none[] = { NULL, "0", "11", "XI" };
  const char *csv = "band;level;key;rate\nlow;basic;3;4,5\n";

  g_assert_true (bsn_slot_parse ("iv", &slot, &error));
  g_assert_cmpint (slot, ==, 4);
  g_assert_true (bsn_slot_parse ("10", &slot, &error));
  g_assert_cmpint (slot, ==, 10);
  for (guint i = 0; i < G_N_ELEMENTS (none); i++)
    {
      g_assert_false (bsn_slot_parse (none[i], &slot, &error));
      g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_cmpint (slot, ==, 10);
  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*slot >= 1*");
  g_assert_cmpstr (bsn_slot_to_roman (0), ==, "?");
  g_test_assert_expected_messages ();
  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*slot <= BSN_LELANG_SLOTS*");
  g_assert_cmpstr (bsn_slot_to_roman (11), ==, "?");
  g_test_assert_expected_messages ();

  edits = bsn_tiers_parse_csv (BSN_SCHEME_STOPWATCH, csv, strlen (csv), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (edits->len, ==, 1);
  g_assert_cmpint (g_array_index (edits, BsnTierEdit, 0).tier, ==, 1);
  g_assert_cmpint (g_array_index (edits, BsnTierEdit, 0).key, ==, 3);
  g_assert_cmpint (g_array_index (edits, BsnTierEdit, 0).rate_bp, ==, 450);
}

/* Quantities: nothing is not a quantity; fractions lose their trailing
 * zeros. */
static void
test_quota_qty_edges (void)
{
  gint64 milli = 7;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = bsn_qty_format (2500);
  g_autofree char *b = bsn_qty_format (2050);
  g_autofree char *c = bsn_qty_format (3000);

  g_assert_false (bsn_qty_parse (NULL, &milli, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "“” bukan jumlah barang yang sah"));
  g_assert_cmpint (milli, ==, 7);
  g_assert_cmpstr (a, ==, "2,5");
  g_assert_cmpstr (b, ==, "2,05");
  g_assert_cmpstr (c, ==, "3");
}

/* WhatsApp links only for Indonesian mobile numbers, however written. */
static void
test_expiry_whatsapp_numbers (void)
{
  static const struct
  {
    const char *phone;
    const char *url;
  } cases[] = {
    { "+62 812-3456-7890", "https://wa.me/628123456789" "0?text=Hai" },
    { "(0812) 3456.789", "https://wa.me/62812345678" "9?text=Hai" },
    { "+6+2812345678", NULL },
    { "021 555 1234", NULL },
    { "0812", NULL },
    { "0812 3456 7890 1234", NULL },
    { "1812345678", NULL },
    { "0812x456789", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = bsn_expiry_whatsapp_url (cases[i].phone, "Hai");

      g_assert_cmpstr (url, ==, cases[i].url);
    }
}

/* A voucher code that is not there is not a code. */
static void
test_voucher_code_null (void)
{
  g_autofree char *canon = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (bsn_voucher_code_check (NULL, &canon, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_null (canon);
}

typedef struct
{
  gint64  toko;
  gint64  c1;
  gint64  receipt_id;
  BsnTime at;
} LateBonus;

static gboolean
op_bonus_apply (BsnDb   *db,
                gpointer data,
                GError **error)
{
  LateBonus *l = data;
  g_autoptr(GPtrArray) grants = g_ptr_array_new_with_free_func (bsn_bonus_grant_free);

  if (!bsn_db_begin (db, TRUE, error))
    return FALSE;
  if (!bsn_bonus_apply (db, NULL, l->receipt_id, "R-1", l->toko, l->c1, 100000, l->at, "lelang", 100000, grants,
                        error))
    {
      bsn_db_rollback (db);
      return FALSE;
    }
  g_assert_cmpuint (grants->len, ==, 1);
  return bsn_db_commit (db, error);
}

/* The same late bonus with each read and write failing in turn: all of
 * it or nothing. */
static void
test_faults_bonus_apply (void)
{
  g_autoptr(BsnTestDb) t = NULL;
  g_autoptr(BsnBonusRule) rule = bsn_bonus_rule_new ();
  g_autoptr(BsnAward) a = NULL;
  g_autoptr(GError) error = NULL;
  LateBonus l = { 0 };
  BsnReceipt r = { .receipt = "R-1", .amount_rp = 100000, .digit = -1, .perishable_rp = -1 };

  if (bsn_test_skip_on_pg (ON_PG))
    return;
  t = bsn_test_db_new ();
  l.toko = lelang_store (t->db, "TK");
  l.c1 = bsn_test_add_customer (t->db, "C1", "Siti");
  g_assert_true (bsn_time_parse ("2026-11-10T10:00:00", &l.at, NULL));
  r.store_id = l.toko;
  r.customer_id = l.c1;
  r.at = l.at;
  a = bsn_award_receipt (t->db, NULL, &r, &error);
  g_assert_no_error (error);
  rule->code = g_strdup ("LATE");
  rule->name = g_strdup ("Susulan");
  rule->kind = g_strdup ("surprise_points");
  rule->rate_bp = 500;
  rule->ritel_bp = BSN_BP_100_PERCENT;
  rule->every_nth = 1;
  g_assert_true (bsn_bonus_rule_add (t->db, rule, &error));
  g_assert_no_error (error);
  l.receipt_id = bsn_db_query_int (t->db, "SELECT id FROM receipts WHERE receipt = 'R-1'", 0);
  fail_all (t, op_bonus_apply, &l, ATOMIC);
}

/* ---- Refusals of offers, answers and bonus rules ---- */

/* An offer whose periods, marketing share or bonus are out of range is
 * refused, and no lot is recorded. */
static void
test_consign_offer_ranges (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 induk = bsn_test_add_store (t->db, "IND", BSN_ROLE_INDUK, NULL, BSN_BAND_LOW, "Gold", BSN_SCHEMES_BOTH);
  gint64 anak = bsn_test_add_store (t->db, "ANK", BSN_ROLE_ANAK, "IND", BSN_BAND_LOW, "Gold", BSN_SCHEMES_BOTH);
  static const struct
  {
    gint        period, s0, s1, s2;
    gint32      marketing_bp, bonus_bp;
    const char *message;
  } cases[] = {
    { 14, 7, 0, 7, 0, 0, "Masa jual dan lama tiap tahap harus 1 sampai 3650 hari" },
    { 14, 7, 7, 0, 0, 0, "Masa jual dan lama tiap tahap harus 1 sampai 3650 hari" },
    { 3651, 7, 7, 7, 0, 0, "Masa jual dan lama tiap tahap harus 1 sampai 3650 hari" },
    { 14, 3651, 7, 7, 0, 0, "Masa jual dan lama tiap tahap harus 1 sampai 3650 hari" },
    { 14, 7, 3651, 7, 0, 0, "Masa jual dan lama tiap tahap harus 1 sampai 3650 hari" },
    { 14, 7, 7, 3651, 0, 0, "Masa jual dan lama tiap tahap harus 1 sampai 3650 hari" },
    { 14, 7, 7, 7, -1, 0, "Bagian biaya pemasaran harus 0–100 % dan bonus poin 0–30 %" },
    { 14, 7, 7, 7, 10001, 0, "Bagian biaya pemasaran harus 0–100 % dan bonus poin 0–30 %" },
    { 14, 7, 7, 7, 0, -1, "Bagian biaya pemasaran harus 0–100 % dan bonus poin 0–30 %" },
    { 14, 7, 7, 7, 0, 3001, "Bagian biaya pemasaran harus 0–100 % dan bonus poin 0–30 %" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BsnLot) lot = bsn_lot_new ();
      g_autoptr(GError) error = NULL;

      lot->induk_id = induk;
      lot->anak_id = anak;
      lot->sku = g_strdup ("A");
      lot->name = g_strdup ("Barang A");
      lot->qty = 10, lot->cost_rp = 8000, lot->price_rp = 10000, lot->offered_day = 20000;
      lot->period_days = cases[i].period;
      lot->stage_days[0] = cases[i].s0, lot->stage_days[1] = cases[i].s1, lot->stage_days[2] = cases[i].s2;
      lot->marketing_owner_bp = cases[i].marketing_bp;
      lot->bonus_bp = cases[i].bonus_bp;
      g_assert_false (bsn_lot_offer (t->db, lot, &error));
      g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM lots", -1), ==, 0);
}

/* A rejected lot cannot be accepted, rejected again or returned; a
 * rejection and a repricing need a reason (none given is none); a
 * negative quantity cannot be accepted. Nothing is recorded. */
static void
test_consign_rejected_lot (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 lot = offer_lot (t->db, 20000);
  g_autofree char *rejected = g_strdup_printf ("Titipan #%" G_GINT64_FORMAT " sudah ditolak", lot);
  g_autofree char *never = g_strdup_printf ("Titipan #%" G_GINT64_FORMAT " tidak pernah diterima; tidak ada yang dikembalikan", lot);
  g_autofree char *done = g_strdup_printf ("Titipan #%" G_GINT64_FORMAT " sudah selesai", lot);
  BsnLotReturn ret;
  guint before;

  ASSERT_REFUSED (bsn_lot_accept (t->db, lot, -1, 20001, &e_), BSN_ERROR_INVALID,
                  "Jumlah diterima harus 1 sampai 10 (yang ditawarkan)");
  ASSERT_REFUSED (bsn_lot_reject (t->db, lot, NULL, 20001, &e_), BSN_ERROR_INVALID, "Alasan penolakan wajib diisi");
  ASSERT_REFUSED (bsn_lot_reprice (t->db, lot, 7000, 20001, NULL, &e_), BSN_ERROR_INVALID,
                  "Alasan penyesuaian modal pokok wajib diisi");
  g_assert_true (bsn_lot_reject (t->db, lot, "rusak", 20001, NULL));
  before = n_events (t->db, lot);
  ASSERT_REFUSED (bsn_lot_accept (t->db, lot, 0, 20002, &e_), BSN_ERROR_REFUSED, rejected);
  ASSERT_REFUSED (bsn_lot_reject (t->db, lot, "lagi", 20002, &e_), BSN_ERROR_REFUSED, rejected);
  ASSERT_REFUSED (bsn_lot_return (t->db, lot, 20002, NULL, 0, &ret, &e_), BSN_ERROR_REFUSED, never);
  ASSERT_REFUSED (bsn_lot_reprice (t->db, lot, 7000, 20002, "turun", &e_), BSN_ERROR_REFUSED, done);
  g_assert_cmpuint (n_events (t->db, lot), ==, before);
}

/* A registration rule without a code or a name gets both (REG-n, the
 * kind's label); a split with a negative share is refused. */
static void
test_bonus_rule_defaults_and_split (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnBonusRule) reg = bsn_bonus_rule_new ();
  g_autoptr(BsnBonusRule) bad = bsn_bonus_rule_new ();
  g_autoptr(GError) error = NULL;

  reg->code = g_strdup ("");
  reg->name = g_strdup ("");
  reg->kind = g_strdup ("registration");
  reg->points_rp = 5000;
  reg->ritel_bp = BSN_BP_100_PERCENT;
  reg->every_nth = 1;
  g_assert_true (bsn_bonus_rule_add (t->db, reg, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (reg->code, "REG-"));
  g_assert_cmpstr (reg->name, ==, bsn_bonus_kind_label ("registration"));

  bad->code = g_strdup ("NEG");
  bad->name = g_strdup ("Negatif");
  bad->kind = g_strdup ("surprise_points");
  bad->rate_bp = 500;
  bad->produsen_bp = -1000;
  bad->ritel_bp = 11000;
  bad->every_nth = 1;
  g_assert_false (bsn_bonus_rule_add (t->db, bad, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Pembagian dana produsen, ritel dan BSN harus berjumlah 100 %");
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM bonus_rules", -1), ==, 1);
}

/* ---- Outbox lines and arguments ---- */

/* Lines the outbox does not understand are skipped (no event, a queued
 * entry without arguments, events of entries never queued); a second
 * refusal replaces the first reason. */
static void
test_outbox_odd_lines (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autofree char *path = NULL;
  const char *text =
    "{'id': <int64 1>}\n"
    "{'id': <int64 2>, 'event': <'queued'>, 'command': <'award'>}\n"
    "{'id': <int64 3>, 'event': <'sent'>}\n"
    "{'id': <int64 4>, 'event': <'queued'>, 'command': <'lot.burn'>, 'args': <@a{sv} {}>, 'at': <int64 1>}\n"
    "{'id': <int64 4>, 'event': <'refused'>, 'reason': <'pertama'>}\n"
    "{'id': <int64 4>, 'event': <'refused'>, 'reason': <'kedua'>}\n";
  g_autoptr(BsnOutbox) box = outbox_with (t->dir, "outbox", text, &path);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  BsnOutboxEntry *e;

  list = bsn_outbox_list (box, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  e = list->pdata[0];
  g_assert_cmpint (e->id, ==, 4);
  g_assert_cmpint (e->state, ==, BSN_OUTBOX_REFUSED);
  g_assert_cmpstr (e->reason, ==, "kedua");
  g_assert_cmpuint (bsn_outbox_count_pending (box), ==, 0);
}

/* A receipt without a number is queued with one of its own; neither the
 * id nor the count sent need be asked for; an outbox that cannot be read
 * counts nothing pending; no outbox is a programming error. */
static void
test_outbox_arguments (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 toko = lelang_store (t->db, "TK");
  gint64 c1 = bsn_test_add_customer (t->db, "C1", "Siti");
  g_autofree char *path = NULL;
  g_autoptr(BsnOutbox) box = outbox_with (t->dir, "outbox", "", &path);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  BsnReceipt r = { .receipt = "", .store_id = toko, .customer_id = c1, .amount_rp = 100000, .digit = -1,
                   .perishable_rp = -1 };

  g_assert_true (bsn_time_parse ("2026-11-10T10:00:00", &r.at, NULL));
  g_assert_true (bsn_outbox_queue_award (box, &r, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bsn_outbox_count_pending (box), ==, 1);
  list = bsn_outbox_list (box, &error);
  g_assert_true (g_str_has_prefix (((BsnOutboxEntry *) list->pdata[0])->summary, "Struk OFF-"));
  g_assert_true (bsn_outbox_replay (box, t->db, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bsn_outbox_count_pending (box), ==, 0);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM receipts WHERE receipt LIKE 'OFF-%'", -1), ==, 1);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpuint (bsn_outbox_count_pending (box), ==, 0);

  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*outbox != NULL*");
  g_assert_false (bsn_outbox_queue_award (NULL, &r, NULL, NULL));
  g_test_assert_expected_messages ();
  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*receipt != NULL*");
  g_assert_false (bsn_outbox_queue_award (box, NULL, NULL, NULL));
  g_test_assert_expected_messages ();
  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*outbox != NULL*");
  g_assert_false (bsn_outbox_queue_lot_sale (NULL, 1, 1, 20000, 0, NULL, NULL));
  g_test_assert_expected_messages ();
}

/* A customer whose expiring points were all spent (a voucher) gets no
 * reminder, though their points came in the window's lots, and nothing
 * of theirs expires. */
static void
test_expiry_reminders_spent (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 x = lelang_store (t->db, "X");
  gint64 c1 = bsn_test_add_customer (t->db, "C1", "Siti");
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnAward) a = NULL;
  g_autoptr(BsnVoucher) v = NULL;
  g_autoptr(GPtrArray) list = NULL;
  BsnReceipt r = { .receipt = "R-1", .store_id = x, .customer_id = c1, .amount_rp = 100000, .digit = -1,
                   .perishable_rp = -1 };
  BsnTime expires = 0;

  g_assert_true (bsn_time_parse ("2026-11-02T16:00:00", &r.at, NULL));
  g_assert_true (bsn_expiry_set (t->db, 12, r.at - 30 * (BsnTime) BSN_SECONDS_PER_DAY, "kebijakan", NULL, &error));
  g_assert_true (bsn_reserve_deposit (t->db, x, 1000000, r.at - 10 * HOUR, NULL, &error));
  g_assert_no_error (error);
  a = bsn_award_receipt (t->db, NULL, &r, &error);
  g_assert_no_error (error);
  g_assert_cmpint (customer_points (t->db, c1), ==, a->value_rp);
  v = bsn_voucher_issue (t->db, c1, a->value_rp, r.at + HOUR, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (customer_points (t->db, c1), ==, 0);
  g_assert_true (bsn_time_parse ("2027-11-02T16:00:00", &expires, NULL));
  list = bsn_expiry_reminders (t->db, expires - 10 * (BsnTime) BSN_SECONDS_PER_DAY, 30, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  /* Nor does anything expire when the day comes. */
  {
    guint postings = 99;
    gint64 expired = 99;

    g_assert_true (bsn_expiry_run (t->db, expires + HOUR, &postings, &expired, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (postings, ==, 0);
    g_assert_cmpint (expired, ==, 0);
  }
}

/* Two lots that expire in the same second are one upcoming expiry of
 * their sum. */
static void
test_expiry_upcoming_same_second (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 x = lelang_store (t->db, "X");
  gint64 c1 = bsn_test_add_customer (t->db, "C1", "Siti");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) next = NULL;
  gint64 sum = 0;
  BsnTime at = 0, expires = 0;

  g_assert_true (bsn_time_parse ("2026-11-02T16:00:00", &at, NULL));
  g_assert_true (bsn_expiry_set (t->db, 12, at - 30 * (BsnTime) BSN_SECONDS_PER_DAY, "kebijakan", NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      BsnReceipt r = { .receipt = i ? "R-2" : "R-1", .store_id = x, .customer_id = c1, .amount_rp = 100000 + 50000 * i,
                       .at = at, .digit = -1, .perishable_rp = -1 };
      g_autoptr(BsnAward) a = bsn_award_receipt (t->db, NULL, &r, &error);

      g_assert_no_error (error);
      sum += a->value_rp;
    }
  g_assert_cmpint (sum, >, 0);
  next = bsn_expiry_upcoming (t->db, c1, at + HOUR, &error);
  g_assert_no_error (error);
  g_assert_true (bsn_time_parse ("2027-11-02T16:00:00", &expires, NULL));
  g_assert_cmpuint (next->len, ==, 1);
  g_assert_cmpint (g_array_index (next, BsnExpiring, 0).at, ==, expires);
  g_assert_cmpint (g_array_index (next, BsnExpiring, 0).value_rp, ==, sum);
}

/* Rows with a digit that is not one digit, an unknown store (twice: the
 * second from the lookup's memory), an amount of spaces, blank optional
 * fields, and a quote left open at the end of the file; each bad row is
 * rejected with its line, the good one imported. */
static void
test_import_row_edges (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autofree char *path = g_build_filename (t->dir, "baris.csv", NULL);
  const char *csv = "struk,toko,pelanggan,jumlah,waktu,angka,bagian_segar\r\n"
                    "S-1,TK,C1,125000,10/11/2026 10:00,12,\r\n"
                    "S-2,TK,C1,125000,10/11/2026 10:01,x,\r\n"
                    "S-3,ZZ,C1,1000,10/11/2026 10:02,,\r\n"
                    "S-4,ZZ,C1,1000,10/11/2026 10:03,,\r\n"
                    "S-5,TK,C1,  ,10/11/2026 10:04,,\r\n"
                    "S-6,TK,C1,125000,10/11/2026 10:05,  ,  \r\n"
                    "\"S-7,TK,C1,1000,10/11/2026 10:06,,\r\n";
  static const struct
  {
    guint64     line;
    const char *reason;
  } expect[] = {
    { 2, "angka keberuntungan “12” harus satu angka 0–9" },
    { 3, "angka keberuntungan “x” harus satu angka 0–9" },
    { 4, "toko “ZZ” tidak dikenal" },
    { 5, "toko “ZZ” tidak dikenal" },
    { 6, "Jumlah uang kosong" },
    { 8, "tanda kutip tidak ditutup" },
  };
  g_autoptr(BsnImportResult) res = NULL;
  g_autoptr(GError) error = NULL;

  lelang_store (t->db, "TK");
  bsn_test_add_customer (t->db, "C1", "Siti");
  g_assert_true (g_file_set_contents (path, csv, -1, NULL));
  res = bsn_import_sales (t->db, path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (res->imported, ==, 1);
  g_assert_cmpuint (res->rejected->len, ==, G_N_ELEMENTS (expect));
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      BsnImportRejection *r = res->rejected->pdata[i];

      g_test_message ("line %" G_GUINT64_FORMAT ": %s", r->line, r->reason);
      g_assert_cmpuint (r->line, ==, expect[i].line);
      if (expect[i].reason != NULL)
        g_assert_cmpstr (r->reason, ==, expect[i].reason);
    }
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM receipts WHERE receipt = 'S-6'", -1), ==, 1);
}

/* An import cancelled before it ends (here before it starts) keeps
 * nothing of its batch and fails with G_IO_ERROR_CANCELLED. */
static void
test_import_cancelled (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autofree char *path = g_build_filename (t->dir, "batal.csv", NULL);
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  g_autoptr(BsnImportResult) res = NULL;
  g_autoptr(GError) error = NULL;

  lelang_store (t->db, "TK");
  bsn_test_add_customer (t->db, "C1", "Siti");
  g_assert_true (g_file_set_contents (path,
                                      "struk,toko,pelanggan,jumlah,waktu,angka,bagian_segar\r\n"
                                      "S-1,TK,C1,125000,10/11/2026 10:00,,\r\n",
                                      -1, NULL));
  g_cancellable_cancel (cancel);
  res = bsn_import_sales (t->db, path, NULL, NULL, cancel, &error);
  g_assert_null (res);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM receipts", -1), ==, 0);
}

/* ---- More refusals and defaults ---- */

/* A receipt number already used at the store, with any other content (at,
 * customer, fresh part, digit), is refused; the record is not changed. */
static void
test_award_same_number_other_content (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 toko = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Platinum", BSN_SCHEMES_BOTH);
  gint64 c1 = bsn_test_add_customer (t->db, "C1", "Siti");
  gint64 c2 = bsn_test_add_customer (t->db, "C2", "Budi");
  BsnReceipt r = { .receipt = "R-1", .store_id = toko, .customer_id = c1, .amount_rp = 100000, .digit = 4,
                   .perishable_rp = 20000 };
  g_autoptr(BsnAward) a = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bsn_time_parse ("2026-11-10T10:00:00", &r.at, NULL));
  a = bsn_award_receipt (t->db, NULL, &r, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    {
      BsnReceipt other = r;
      g_autoptr(BsnAward) b = NULL;

      switch (i)
        {
        case 0: other.at += 60; break;
        case 1: other.customer_id = c2; break;
        case 2: other.perishable_rp = 10000; break;
        default: other.digit = 5; break;
        }
      b = bsn_award_receipt (t->db, NULL, &other, &error);
      g_assert_null (b);
      g_assert_error (error, BSN_ERROR, BSN_ERROR_REFUSED);
      g_assert_cmpstr (error->message, ==, "Nomor struk R-1 sudah dipakai untuk transaksi lain");
      g_clear_error (&error);
    }
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM receipts", -1), ==, 1);
  {
    g_autoptr(BsnAward) same = bsn_award_receipt (t->db, NULL, &r, &error);

    g_assert_no_error (error);
    g_assert_true (same->duplicate);
    g_assert_cmpint (same->value_rp, ==, a->value_rp);
  }
}

/* An expiry policy needs a reason and at most BSN_EXPIRY_MAX_MONTHS. */
static void
test_expiry_set_refusals (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GError) error = NULL;
  gint64 before = bsn_db_query_int (t->db, "SELECT count(*) FROM expiry_policies", -1);

  g_assert_false (bsn_expiry_set (t->db, 12, 0, NULL, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bsn_expiry_set (t->db, BSN_EXPIRY_MAX_MONTHS + 1, 0, "terlalu lama", NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM expiry_policies", -1), ==, before);
}

/* A tier edit without an author's name is the owner's ("pemilik"); one
 * shadowed by a later version is made even when nobody collects the
 * warning; an inactive store's margin is not checked. */
static void
test_tiers_edit_defaults (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 id = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Basic", BSN_SCHEMES_STOPWATCH);
  BsnTierEdit e = { .band = BSN_BAND_LOW, .tier = 1, .key = 3, .rate_bp = 500 };
  g_autoptr(GError) error = NULL;
  BsnTime first = 0;
  gint64 v1, v2;

  g_assert_true (bsn_store_set_active (t->db, id, FALSE, &error));
  g_assert_true (bsn_time_parse ("2027-03-01T00:00:00", &first, NULL));
  v1 = bsn_tiers_edit (t->db, BSN_SCHEME_STOPWATCH, &e, 1, first, NULL, "naik", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (v1, >, 0);
  e.rate_bp = 600;
  v2 = bsn_tiers_edit (t->db, BSN_SCHEME_STOPWATCH, &e, 1, first - 30 * (BsnTime) BSN_SECONDS_PER_DAY, "", "lebih awal",
                       NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (v2, >, v1);
  {
    g_autoptr(BsnTierTable) a = bsn_tiers_table_get (t->db, v1, &error);
    g_autoptr(BsnTierTable) b = bsn_tiers_table_get (t->db, v2, &error);

    g_assert_cmpstr (a->version.author, ==, "pemilik");
    g_assert_cmpstr (b->version.author, ==, "pemilik");
  }
}

/* A split with a negative ritel or BSN share is refused; a rule limited
 * to one store does not match another; no rules have no first-receipt
 * rule. */
static void
test_bonus_rule_edges (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 toko = bsn_test_add_store (t->db, "TK", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Platinum", BSN_SCHEMES_LELANG);
  const gint32 splits[][3] = { { 5000, -1000, 6000 }, { 5000, 6000, -1000 } };
  g_autoptr(BsnBonusRule) one = bsn_bonus_rule_new ();

  for (guint i = 0; i < G_N_ELEMENTS (splits); i++)
    {
      g_autoptr(BsnBonusRule) r = bsn_bonus_rule_new ();
      g_autoptr(GError) error = NULL;

      r->code = g_strdup ("NEG");
      r->name = g_strdup ("Negatif");
      r->kind = g_strdup ("surprise_points");
      r->rate_bp = 500;
      r->produsen_bp = splits[i][0];
      r->ritel_bp = splits[i][1];
      r->bsn_bp = splits[i][2];
      r->every_nth = 1;
      g_assert_false (bsn_bonus_rule_add (t->db, r, &error));
      g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
    }
  one->kind = g_strdup ("surprise_points");
  one->store_id = toko;
  one->every_nth = 1;
  one->active = TRUE;
  g_assert_true (bsn_bonus_rule_matches (one, toko, 1000, 100));
  g_assert_false (bsn_bonus_rule_matches (one, toko + 1, 1000, 100));
  g_assert_false (bsn_bonus_rules_have_first_receipt (NULL));
}

/* ---- The outbox replayed under storage faults (SQLite) ---- */

typedef struct
{
  Shop  *shop;
  char  *path;
  gboolean sale;
} OutboxFault;

static gboolean
op_outbox_replay (BsnDb   *db,
                  gpointer data,
                  GError **error)
{
  OutboxFault *o = data;
  g_autoptr(BsnOutbox) box = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  guint sent = 0;
  gboolean ok;

  g_unlink (o->path);
  box = bsn_outbox_open (o->path, NULL);
  g_assert_nonnull (box);
  if (o->sale)
    g_assert_true (bsn_outbox_queue_lot_sale (box, o->shop->lot, 1, o->shop->day + 1, o->shop->c1, NULL, NULL));
  else
    {
      BsnReceipt r = { .receipt = "R-OFF", .store_id = o->shop->toko, .customer_id = o->shop->c1,
                       .amount_rp = 80000, .at = o->shop->open + 4 * HOUR, .digit = -1, .perishable_rp = -1 };

      g_assert_true (bsn_outbox_queue_award (box, &r, NULL, NULL));
    }
  ok = bsn_outbox_replay (box, db, &sent, &refused, error);
  /* Sent, or still pending after a fault; never refused for a fault. */
  if (ok)
    g_assert_cmpuint (sent + refused->len, ==, 1);
  else
    g_assert_cmpuint (bsn_outbox_count_pending (box), ==, 1);
  return ok;
}

/* An award and a titip jual sale replayed from the outbox with each
 * storage call failing in turn: the entry is sent, or it stays pending
 * with the fault reported and the book as it was. */
static void
test_faults_outbox_replay (void)
{
  Shop shop = { 0 };
  OutboxFault o = { &shop, NULL, FALSE };

  if (bsn_test_skip_on_pg (ON_PG))
    return;
  shop_init (&shop);
  o.path = g_build_filename (shop.t->dir, "outbox", NULL);
  fail_all (shop.t, op_outbox_replay, &o, ATOMIC);
  o.sale = TRUE;
  fail_all (shop.t, op_outbox_replay, &o, ATOMIC);
  g_free (o.path);
  shop_clear (&shop);
}

/* A returned lot read as of a day before its return is still selling
 * (then past its period: return due, no price); a lot returned with the
 * over-capacity override has the anak bear half the trip; a rejected,
 * a returned and a sold-out lot settle closed, an open one not. */
static void
test_consign_states_and_settlements (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  gint64 lot = offer_lot (t->db, 20000);
  g_autoptr(GError) error = NULL;
  BsnLotStatus st;
  BsnLotReturn ret;
  BsnLotSale sale;

  g_assert_true (bsn_lot_accept (t->db, lot, 0, 20000, &error));
  g_assert_true (bsn_lot_return (t->db, lot, 20040, "gudang penuh", 10000, &ret, &error));
  g_assert_no_error (error);
  g_assert_true (ret.overridden);
  g_assert_true (ret.over_capacity);
  g_assert_cmpint (ret.return_cost_anak_rp, ==, 5000);
  g_assert_true (bsn_lot_status (t->db, lot, 20039, &st, &error));
  g_assert_no_error (error);
  g_assert_cmpint (st.stage, ==, BSN_STAGE_RETURN_DUE);
  g_assert_cmpint (st.unit_price_rp, ==, 0);
  g_assert_true (bsn_lot_status (t->db, lot, 20040, &st, &error));
  g_assert_cmpint (st.stage, ==, BSN_STAGE_RETURNED);

  {
    g_autoptr(BsnSettlement) returned = bsn_lot_settle (t->db, lot, &error);

    g_assert_no_error (error);
    g_assert_true (returned->closed);
  }
  {
    g_autoptr(BsnLot) l = bsn_lot_get (t->db, lot, NULL);
    g_autoptr(BsnLot) b = bsn_lot_new ();
    g_autoptr(BsnLot) c = bsn_lot_new ();
    g_autoptr(BsnSettlement) rejected = NULL;
    g_autoptr(BsnSettlement) sold_out = NULL;
    g_autoptr(BsnSettlement) open = NULL;

    b->induk_id = c->induk_id = l->induk_id;
    b->anak_id = c->anak_id = l->anak_id;
    b->sku = g_strdup ("B");
    c->sku = g_strdup ("C");
    b->name = g_strdup ("Barang B");
    c->name = g_strdup ("Barang C");
    b->qty = c->qty = 2, b->cost_rp = c->cost_rp = 8000, b->price_rp = c->price_rp = 10000;
    b->offered_day = c->offered_day = 20000;
    b->period_days = c->period_days = 14;
    b->stage_days[0] = b->stage_days[1] = b->stage_days[2] = 7;
    c->stage_days[0] = c->stage_days[1] = c->stage_days[2] = 7;
    g_assert_true (bsn_lot_offer (t->db, b, NULL));
    g_assert_true (bsn_lot_offer (t->db, c, NULL));
    g_assert_true (bsn_lot_reject (t->db, b->id, "tidak laku", 20001, NULL));
    rejected = bsn_lot_settle (t->db, b->id, &error);
    g_assert_no_error (error);
    g_assert_true (rejected->closed);
    g_assert_true (bsn_lot_accept (t->db, c->id, 0, 20001, NULL));
    g_assert_true (bsn_lot_sell (t->db, c->id, 1, 20002, 0, &sale, NULL));
    open = bsn_lot_settle (t->db, c->id, &error);
    g_assert_false (open->closed);
    g_assert_true (bsn_lot_sell (t->db, c->id, 1, 20003, 0, &sale, NULL));
    sold_out = bsn_lot_settle (t->db, c->id, &error);
    g_assert_no_error (error);
    g_assert_true (sold_out->closed);
    g_assert_cmpint (sold_out->revenue_rp, ==, 20000);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);
  g_test_add_func ("/report-edges/free/null", test_free_null);
  g_test_add_func ("/report-edges/award-rules/validate", test_award_rules_validate);
  g_test_add_func ("/report-edges/award-rules/missing-table", test_award_rules_missing_table);
  g_test_add_func ("/report-edges/export/format-parse", test_export_format_parse);
  g_test_add_func ("/report-edges/export/plain-escapes", test_export_plain_escapes);
  g_test_add_func ("/report-edges/export/xlsx-sheet-clash", test_export_xlsx_sheet_clash);
  g_test_add_func ("/report-edges/export/xlsx-long-header", test_export_xlsx_long_header);
  g_test_add_func ("/report-edges/export/xlsx-failures", test_export_xlsx_failures);
  g_test_add_func ("/report-edges/export/ledger-failures", test_export_ledger_failures);
  g_test_add_func ("/report-edges/simulate/backwards", test_simulate_backwards);
  g_test_add_func ("/report-edges/expiry/reminder-window", test_expiry_reminder_window);
  g_test_add_func ("/report-edges/quota/copy-range", test_quota_copy_range);
  g_test_add_func ("/report-edges/quota/store-for-day", test_quota_store_for_day);
  g_test_add_func ("/report-edges/consign/refusals", test_consign_refusals);
  g_test_add_func ("/report-edges/tiers/edges", test_tiers_edges);
  g_test_add_func ("/report-edges/outbox/unknown-command", test_outbox_unknown_command);
  g_test_add_func ("/report-edges/outbox/unreadable", test_outbox_unreadable);
  g_test_add_func ("/report-edges/faults/shop", test_faults_shop);
  g_test_add_func ("/report-edges/simulate/shop", test_simulate_shop);
  g_test_add_func ("/report-edges/simulate/later-period", test_simulate_later_period);
  g_test_add_func ("/report-edges/expiry-rules/replay-edges", test_expiry_rules_replay_edges);
  g_test_add_func ("/report-edges/expiry-rules/closures-edges", test_expiry_rules_closures_edges);
  g_test_add_func ("/report-edges/expiry-rules/closures-refuse-expired", test_expiry_rules_closures_refuse_expired);
  g_test_add_func ("/report-edges/expiry-rules/split-largest-last", test_expiry_rules_split_largest_last);
  g_test_add_func ("/report-edges/outbox/disk-full", test_outbox_disk_full);
  g_test_add_func ("/report-edges/import/unreadable", test_import_unreadable);
  g_test_add_func ("/report-edges/import/many-rejections", test_import_many_rejections);
  g_test_add_func ("/report-edges/export/ledger-large", test_export_ledger_large);
  g_test_add_func ("/report-edges/bonus/apply-reads-rules", test_bonus_apply_reads_rules);
  g_test_add_func ("/report-edges/expiry/upcoming-no-account", test_expiry_upcoming_no_account);
  g_test_add_func ("/report-edges/expiry/reminders-same-second", test_expiry_reminders_same_second);
  g_test_add_func ("/report-edges/tiers/before-first-table", test_tiers_before_first_table);
  g_test_add_func ("/report-edges/simulate/big", test_simulate_big);
  g_test_add_func ("/report-edges/faults/simulate", test_faults_simulate);
  g_test_add_func ("/report-edges/award/prefetch-unnumbered", test_award_prefetch_unnumbered);
  g_test_add_func ("/report-edges/voucher/settlement-nets-out", test_voucher_settlement_nets_out);
  g_test_add_func ("/report-edges/consign/bonus-rounds-to-nothing", test_consign_bonus_rounds_to_nothing);
  g_test_add_func ("/report-edges/rules/month-edges", test_rules_month_edges);
  g_test_add_func ("/report-edges/rules/split-zero", test_rules_split_zero);
  g_test_add_func ("/report-edges/rules/stopwatch-and-number", test_rules_stopwatch_and_number);
  g_test_add_func ("/report-edges/tiers/slot-and-csv", test_tiers_slot_and_csv);
  g_test_add_func ("/report-edges/quota/qty-edges", test_quota_qty_edges);
  g_test_add_func ("/report-edges/expiry/whatsapp-numbers", test_expiry_whatsapp_numbers);
  g_test_add_func ("/report-edges/voucher/code-null", test_voucher_code_null);
  g_test_add_func ("/report-edges/consign/offer-ranges", test_consign_offer_ranges);
  g_test_add_func ("/report-edges/consign/rejected-lot", test_consign_rejected_lot);
  g_test_add_func ("/report-edges/bonus/rule-defaults-and-split", test_bonus_rule_defaults_and_split);
  g_test_add_func ("/report-edges/outbox/odd-lines", test_outbox_odd_lines);
  g_test_add_func ("/report-edges/outbox/arguments", test_outbox_arguments);
  g_test_add_func ("/report-edges/expiry/reminders-spent", test_expiry_reminders_spent);
  g_test_add_func ("/report-edges/import/row-edges", test_import_row_edges);
  g_test_add_func ("/report-edges/import/cancelled", test_import_cancelled);
  g_test_add_func ("/report-edges/faults/bonus-apply", test_faults_bonus_apply);
  g_test_add_func ("/report-edges/award/same-number-other-content", test_award_same_number_other_content);
  g_test_add_func ("/report-edges/expiry/set-refusals", test_expiry_set_refusals);
  g_test_add_func ("/report-edges/tiers/edit-defaults", test_tiers_edit_defaults);
  g_test_add_func ("/report-edges/bonus/rule-edges", test_bonus_rule_edges);
  g_test_add_func ("/report-edges/faults/outbox-replay", test_faults_outbox_replay);
  g_test_add_func ("/report-edges/consign/states-and-settlements", test_consign_states_and_settlements);
  g_test_add_func ("/report-edges/expiry/upcoming-same-second", test_expiry_upcoming_same_second);
  return g_test_run ();
}
