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
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <xlsxwriter.h>

#include "bsn-award.h"
#include "bsn-bonus.h"
#include "bsn-consign.h"
#include "bsn-error.h"
#include "bsn-expiry.h"
#include "bsn-export.h"
#include "bsn-import.h"
#include "bsn-outbox.h"
#include "bsn-quota.h"
#include "bsn-report.h"
#include "bsn-simulate.h"
#include "bsn-test-util.h"
#include "bsn-tiers.h"
#include "bsn-voucher.h"
#include "rules/bsn-award-rules.h"
#include "rules/bsn-tier-table.h"

#define HOUR 3600

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
 * backslashed in JSON, control characters as \u escapes; a percentage is
 * written with a decimal comma and its sign, a date as ISO 8601; a store
 * filter and a section without totals come out as such. */
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
  add_mixed_section (r, "Rincian", FALSE);
  g_assert_true (bsn_export_report (r, BSN_EXPORT_CSV, csv, ',', &error));
  g_assert_no_error (error);
  g_assert_true (bsn_export_report (r, BSN_EXPORT_JSON, json, 0, &error));
  g_assert_no_error (error);
  csv_text = read_text (csv);
  json_text = read_text (json);
  csv_row = g_strdup_printf ("\"Siti \"\"Ibu\"\"\tA\x01\",3,12500,\"-3,50\",%s\r\nBudi,2\r\n", date);
  g_assert_nonnull (strstr (csv_text, "Rincian\r\nNama,Jumlah,Nilai,Persen,Waktu\r\n"));
  g_assert_nonnull (strstr (csv_text, csv_row));
  g_assert_nonnull (strstr (json_text, "\"store\":\"TK\\\"1\""));
  g_assert_nonnull (strstr (json_text, "[\"Siti \\\"Ibu\\\"\\u0009A\\u0001\",3,12500,-350,"));
  g_assert_nonnull (strstr (json_text, "[\"Budi\",2]],\"totals\":null}"));
  json_date = g_strdup_printf (",%" G_GINT64_FORMAT "],", 20000 * (gint64) BSN_SECONDS_PER_DAY + 9 * HOUR);
  g_assert_nonnull (strstr (json_text, json_date));
}

/* Two sections whose sheet names come out the same (Excel's forbidden
 * characters dropped) cannot both be sheets: the export fails with an I/O
 * error naming the file and leaves no file and no temporary behind. */
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
  add_mixed_section (r, "Rincian", TRUE);
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
  return events->len;
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
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
  return g_test_run ();
}
