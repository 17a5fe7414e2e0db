/* test-import.c — bulk import of sales receipts from CSV. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bsn-bonus.h"
#include "bsn-chain.h"
#include "bsn-error.h"
#include "bsn-import.h"
#include "bsn-ledger.h"
#include "bsn-test-util.h"

static char *
write_csv (BsnTestDb  *t,
           const char *name,
           const char *text)
{
  char *path = g_build_filename (t->dir, name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
set_up_network (BsnDb *db)
{
  g_autoptr(BsnStore) s = NULL;
  gint64 id = bsn_test_add_store (db, "TK01", BSN_ROLE_TOKO, NULL, BSN_BAND_LOW, "Plus", BSN_SCHEMES_BOTH);

  s = bsn_store_get (db, id, NULL);
  s->min_purchase_rp = 200000;
  s->opening_sec = 7 * 3600;
  g_assert_true (bsn_store_update (db, s, NULL));
  bsn_test_add_customer (db, "C001", "Siti");
  bsn_test_add_customer (db, "C002", "Budi");
}

static const char sales[] =
  "receipt,store,customer,amount,at,digit,perishable_amount\n"
  "R1,TK01,C001,250000,2026-11-22T14:22:14,5,\n"          /* stopwatch 6 % = 15.000 */
  "R2,TK01,C002,300000,2026-11-22T16:30:00,5,300000\n"    /* lelang X Platinum 6,5 % = 19.500 */
  "R3,TK01,C001,150000,2026-11-22T10:00:00,,\n"           /* siaga, status 15 poin < 50: 0 */
  "R4,TK01,C999,100000,2026-11-22T10:00:00,1,\n"          /* unknown customer */
  "R5,TK01,C001,12x,2026-11-22T10:00:00,1,\n"             /* bad amount */
  "R6,TK01,C001,100000,2026-02-30T10:00:00,1,\n"          /* impossible date */
  "R7,TK01,C001,250000,2026-11-22T11:00:00,,\n"           /* stopwatch without digit */
  "\n"
  "\"R8\",\"TK01\",\"C002\",\"Rp250.000\",2026-11-22T12:00:00,0,\n" /* quoted, Indonesian amount: Plus 0 → 11 % */
  "R1,TK01,C001,250000,2026-11-22T14:22:14,5,\n";         /* duplicate inside the file */

static void
test_import_and_reimport (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autofree char *path = NULL;
  g_autoptr(BsnImportResult) first = NULL, second = NULL;
  g_autoptr(GError) error = NULL;
  gint64 balance = 0;
  g_autoptr(BsnCustomer) c1 = NULL;

  set_up_network (t->db);
  path = write_csv (t, "sales.csv", sales);
  first = bsn_import_sales (t->db, path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->rows, ==, 9);
  g_assert_cmpuint (first->imported, ==, 4);
  g_assert_cmpuint (first->duplicates, ==, 1);
  g_assert_cmpuint (first->rejected->len, ==, 4);
  g_assert_cmpint (first->value_rp, ==, 15000 + 19500 + 0 + 27500);
  {
    const struct { guint64 line; const char *says; } expect[] = {
      { 5, "C999" }, { 6, "12x" }, { 7, "2026-02-30" }, { 8, "Angka keberuntungan wajib" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
      {
        BsnImportRejection *r = g_ptr_array_index (first->rejected, i);
        g_assert_cmpuint (r->line, ==, expect[i].line);
        if (strstr (r->reason, expect[i].says) == NULL)
          g_error ("line %" G_GUINT64_FORMAT ": “%s” lacks “%s”", r->line, r->reason, expect[i].says);
      }
  }

  /* Running the same file again posts nothing. */
  second = bsn_import_sales (t->db, path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->imported, ==, 0);
  g_assert_cmpuint (second->duplicates, ==, 5);
  g_assert_cmpuint (second->rejected->len, ==, 4);
  c1 = bsn_customer_find (t->db, "C001", NULL);
  g_assert_true (bsn_ledger_customer_balance (t->db, c1->id, &balance, NULL, NULL));
  g_assert_cmpint (balance, ==, 15000);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM receipts", 0), ==, 4);
  {
    g_autoptr(BsnVerifyReport) v = bsn_ledger_verify (t->db, NULL);
    g_assert_true (v->ok);
  }
}

/* The duplicate check of a whole read-ahead at once (one query on
 * PostgreSQL) decides as one lookup per receipt does: numbers stored
 * before, numbers seen earlier in the same file, a number reused for
 * another sale, and numbers with the characters a server's array literal
 * quotes (comma, braces, quote, backslash, space). */
static void
test_duplicates_read_ahead (void)
{
  static const char odd[] =
    "receipt,store,customer,amount,at,digit\n"
    "\"Q,1\",TK01,C001,250000,2026-11-22T14:22:14,5\n"
    "\"Q{\"\"2\"\"}\",TK01,C002,250000,2026-11-22T14:23:00,5\n"
    "Q\\3,TK01,C001,250000,2026-11-22T14:24:00,5\n"
    "Q 4,TK01,C002,250000,2026-11-22T14:25:00,5\n"
    "R1,TK01,C001,250000,2026-11-22T14:22:14,5\n"        /* stored by the first file */
    "R2,TK01,C002,999000,2026-11-22T16:30:00,5\n"        /* stored, another sale: refused */
    "Q 4,TK01,C002,250000,2026-11-22T14:25:00,5\n"       /* earlier in this file */
    "Q,1,TK01,C001,250000,2026-11-22T14:22:14,5\n";      /* too many fields: not Q,1 */
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autofree char *path = NULL;
  g_autofree char *odd_path = NULL;
  g_autoptr(BsnImportResult) first = NULL, res = NULL, again = NULL;
  g_autoptr(GError) error = NULL;

  set_up_network (t->db);
  path = write_csv (t, "sales.csv", sales);
  first = bsn_import_sales (t->db, path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->imported, ==, 4);

  odd_path = write_csv (t, "odd.csv", odd);
  res = bsn_import_sales (t->db, odd_path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (res->rows, ==, 8);
  g_assert_cmpuint (res->imported, ==, 4);
  g_assert_cmpuint (res->duplicates, ==, 2);
  g_assert_cmpuint (res->rejected->len, ==, 2);
  g_assert_cmpuint (((BsnImportRejection *) g_ptr_array_index (res->rejected, 0))->line, ==, 7);
  g_assert_nonnull (strstr (((BsnImportRejection *) g_ptr_array_index (res->rejected, 0))->reason, "R2"));
  g_assert_cmpuint (((BsnImportRejection *) g_ptr_array_index (res->rejected, 1))->line, ==, 9);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM receipts", 0), ==, 8);

  /* Again: every number is stored now, each found by the read-ahead. */
  again = bsn_import_sales (t->db, odd_path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->imported, ==, 0);
  g_assert_cmpuint (again->duplicates, ==, 6);
  g_assert_cmpuint (again->rejected->len, ==, 2);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM receipts", 0), ==, 8);
  {
    g_autoptr(BsnVerifyReport) v = bsn_ledger_verify (t->db, NULL);
    g_assert_true (v->ok);
  }
}

static void
test_header_and_separator (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autofree char *semi = NULL, *bad = NULL, *empty = NULL;
  g_autoptr(BsnImportResult) res = NULL;
  g_autoptr(GError) error = NULL;

  set_up_network (t->db);
  /* Indonesian Excel writes ';' and a BOM, and may reorder columns. */
  semi = write_csv (t, "semi.csv", "\xEF\xBB\xBF" "at;amount;receipt;customer;store;digit\r\n"
                                   "2026-11-22T14:22:14;Rp1.250.000;S1;C001;TK01;5\r\n");
  res = bsn_import_sales (t->db, semi, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (res->imported, ==, 1);
  g_assert_cmpint (res->value_rp, ==, 75000);

  bad = write_csv (t, "bad.csv", "receipt,store,amount\nR1,TK01,100\n");
  g_assert_null (bsn_import_sales (t->db, bad, NULL, NULL, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "customer"));
  g_clear_error (&error);
  empty = write_csv (t, "empty.csv", "");
  g_assert_null (bsn_import_sales (t->db, empty, NULL, NULL, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (bsn_import_sales (t->db, "/nonexistent.csv", NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
}

/* Indonesian column names, alone or mixed with English ones, in any case
 * and order, read as the English ones; a column named twice is refused. */
static void
test_indonesian_header (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autofree char *id = NULL, *mixed = NULL, *twice = NULL;
  g_autoptr(BsnImportResult) a = NULL, b = NULL;
  g_autoptr(GError) error = NULL;

  set_up_network (t->db);
  id = write_csv (t, "id.csv", "Struk,TOKO,pelanggan,Jumlah,waktu,angka,Bagian_Segar\n"
                               "I1,TK01,C001,250000,2026-11-22T14:22:14,5,\n"        /* stopwatch 6 % = 15.000 */
                               "I2,TK01,C002,300000,2026-11-22T16:30:00,5,300000\n"); /* lelang 6,5 % = 19.500 */
  a = bsn_import_sales (t->db, id, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->imported, ==, 2);
  g_assert_cmpuint (a->rejected->len, ==, 0);
  g_assert_cmpint (a->value_rp, ==, 15000 + 19500);

  mixed = write_csv (t, "mixed.csv", "waktu;AMOUNT;struk;customer;Toko;DIGIT;bagian_segar\n"
                                     "2026-11-22T16:40:00;300000;M1;C002;TK01;5;300000\n");
  b = bsn_import_sales (t->db, mixed, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (b->imported, ==, 1);
  g_assert_cmpint (b->value_rp, ==, 19500);

  twice = write_csv (t, "twice.csv", "receipt,struk,store,customer,amount,at\nR1,R1,TK01,C001,1000,2026-11-22\n");
  g_assert_null (bsn_import_sales (t->db, twice, NULL, NULL, NULL, &error));
  g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "dua kali"));
}

/* The template the import page offers is read back by the import as it
 * is, Indonesian header and DD/MM/YYYY time included (issue 16 §5). */
static void
test_template (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autofree char *text = NULL, *path = NULL;
  g_autoptr(BsnImportResult) res = NULL;
  g_autoptr(GError) error = NULL;
  BsnTime at;

  set_up_network (t->db);
  g_assert_true (bsn_time_parse ("2026-11-22T14:22:00", &at, NULL));
  text = bsn_import_template_csv ("TK01", "C001", at);
  g_assert_cmpstr (text, ==, "struk,toko,pelanggan,jumlah,waktu,angka,bagian_segar\r\n"
                             "STR-0001,TK01,C001,125000,22/11/2026 14:22,5,20000\r\n");
  path = write_csv (t, "templat.csv", text);
  res = bsn_import_sales (t->db, path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (res->imported, ==, 1);
  g_assert_cmpuint (res->rejected->len, ==, 0);
}

static void
test_hostile_rows (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GString) csv = g_string_new ("receipt,store,customer,amount,at,digit\n");
  g_autofree char *path = NULL;
  g_autofree char *huge = g_strnfill (70000, 'x');
  g_autoptr(BsnImportResult) res = NULL;
  g_autoptr(GError) error = NULL;

  set_up_network (t->db);
  g_string_append (csv, "H0,TK01,C001,1000000000000,2026-11-22T10:00:00,5\n");          /* Rp1 triliun: the cap */
  g_string_append (csv, "H1,TK01,C001,9223372036854775807,2026-11-22T10:00:00,5\n");    /* INT64 max: refused */
  g_string_append (csv, "H2,TK01,C001,9223372036854775808,2026-11-22T10:00:00,5\n");    /* overflow */
  g_string_append (csv, "H3,TK01,C001,-5,2026-11-22T10:00:00,5\n");
  g_string_append (csv, "H4,TK01,C001,100000,2026-11-22T10:00:00,55\n");
  g_string_append_printf (csv, "H5,TK01,C001,100000,2026-11-22T10:00:00,%s\n", huge);
  g_string_append (csv, "\"H6,TK01,C001,100000,2026-11-22T10:00:00,5\n");                /* unclosed quote */
  path = write_csv (t, "hostile.csv", csv->str);
  res = bsn_import_sales (t->db, path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (res->imported, ==, 1);
  g_assert_cmpint (res->value_rp, ==, 60000000000);
  g_assert_cmpuint (res->rejected->len, ==, 6);
  {
    g_autoptr(BsnVerifyReport) v = bsn_ledger_verify (t->db, NULL);
    g_assert_true (v->ok);
  }
}

/* The rejections of @res are exactly @expect (line, a word of the reason). */
typedef struct { guint64 line; const char *says; } Expected;

static void
assert_rejected (const BsnImportResult *res,
                 const Expected        *expect,
                 guint                  n)
{
  g_assert_cmpuint (res->rejected->len, ==, n);
  g_assert_cmpuint (res->unlisted, ==, 0);
  for (guint i = 0; i < n; i++)
    {
      BsnImportRejection *r = g_ptr_array_index (res->rejected, i);
      g_assert_cmpuint (r->line, ==, expect[i].line);
      g_assert_true (g_utf8_validate (r->reason, -1, NULL));
      if (strstr (r->reason, expect[i].says) == NULL)
        g_error ("line %" G_GUINT64_FORMAT ": “%s” lacks “%s”", r->line, r->reason, expect[i].says);
    }
}

static gint64
receipt_count (BsnDb      *db,
               const char *receipt)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM receipts WHERE receipt = '%s'", receipt);
  return bsn_db_query_int (db, sql, -1);
}

/* A NUL byte or invalid UTF-8 inside a field rejects its row, named by
 * line and column; "25\0" "000" is not Rp25. */
static void
test_bad_bytes (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  static const char csv[] =
    "receipt,store,customer,amount,at,digit\n"                   /* 1 */
    "E1,TK01,C001,25\0" "000,2026-11-22T14:22:14,5\n"            /* 2: NUL in amount */
    "E2,TK01,C001,250000,2026-11-22T14:23:00,5\n"                /* 3 */
    "E3,TK01,C\xff" "01,250000,2026-11-22T14:24:00,5\n"          /* 4: 0xFF */
    "\"E4\",\"TK01\",\"C0\xc3\",250000,2026-11-22T14:25:00,5\n"  /* 5: cut sequence, quoted */
    "\"E5\nE5b\",TK01,C001,250000,2026-11-22T14:26:\xed\xa0\x80,5\n" /* 6-7: surrogate */
    "E6\0,TK01,C002,250000,2026-11-22T14:27:00,5\n"              /* 8: NUL in the receipt */
    "E7,TK01,C002,250000,2026-11-22T14:28:00,5\n";               /* 9 */
  const Expected expect[] = {
    { 2, "kolom ke-4 berisi byte NUL" },
    { 4, "kolom ke-3 bukan teks UTF-8" },
    { 5, "kolom ke-3 bukan teks UTF-8" },
    { 6, "kolom ke-5 bukan teks UTF-8" },
    { 8, "kolom ke-1 berisi byte NUL" },
  };
  g_autofree char *path = g_build_filename (t->dir, "bytes.csv", NULL);
  g_autoptr(BsnImportResult) res = NULL;
  g_autoptr(GError) error = NULL;

  set_up_network (t->db);
  g_assert_true (g_file_set_contents (path, csv, sizeof csv - 1, NULL));
  res = bsn_import_sales (t->db, path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (res->rows, ==, 7);
  g_assert_cmpuint (res->imported, ==, 2);
  assert_rejected (res, expect, G_N_ELEMENTS (expect));
  g_assert_cmpint (receipt_count (t->db, "E1"), ==, 0);
  g_assert_cmpint (receipt_count (t->db, "E2"), ==, 1);
  g_assert_cmpint (receipt_count (t->db, "E6"), ==, 0);
  g_assert_cmpint (receipt_count (t->db, "E7"), ==, 1);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM receipts", 0), ==, 2);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM receipts WHERE amount_rp = 25", 0), ==, 0);
}

/* A line of exactly 64 KiB is read; one byte more rejects that line and
 * the import goes on with the next one, also after a 10 MB line of
 * separators and after an unclosed quote that would swallow the file. */
static void
test_long_lines (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GString) csv = g_string_new ("receipt,store,customer,amount,at,digit,perishable_amount\n");
  const char row[] = "L1,TK01,C001,250000,2026-11-22T14:22:14,5,";
  g_autofree char *path = g_build_filename (t->dir, "long.csv", NULL);
  g_autoptr(BsnImportResult) res = NULL;
  g_autoptr(GError) error = NULL;
  const Expected expect[] = {
    { 2, "UTF-8" },                    /* fits: its padding is the bad part */
    { 3, "lebih dari 64 KiB" },
    { 5, "lebih dari 64 KiB" },
    { 7, "lebih dari 64 KiB" },
  };
  gsize pad, quoted_from, cut;

  set_up_network (t->db);
  /* line 2: exactly 64 KiB, the padding in the perishable column. */
  pad = 64 * 1024 - strlen (row);
  g_string_append (csv, row);
  for (gsize i = 0; i < pad; i++)
    g_string_append_c (csv, '\xff');
  g_string_append_c (csv, '\n');
  /* line 3: 64 KiB + 1 */
  g_string_append (csv, "L2,TK01,C001,250000,2026-11-22T14:23:00,5,");
  for (gsize i = strlen (row); i < 64 * 1024 + 1; i++)
    g_string_append_c (csv, '0');
  g_string_append_c (csv, '\n');
  g_string_append (csv, "L3,TK01,C001,250000,2026-11-22T14:24:00,5,\n");     /* 4 */
  /* line 5: 10 MB of separators */
  for (gsize i = 0; i < 10 * 1000 * 1000; i++)
    g_string_append_c (csv, ',');
  g_string_append (csv, "\r\n");
  g_string_append (csv, "L4,TK01,C002,250000,2026-11-22T14:25:00,5,\n");     /* 6 */
  /* line 7 opens a quote it never closes: 2000 rows follow
   * inside it until the record passes 64 KiB; reading resumes on the
   * line after the one where it did (Q rows are 46 bytes) */
  quoted_from = csv->len;
  g_string_append (csv, "\"L5,TK01,C001,250000,2026-11-22T14:26:00,5,\n");
  /* the Q row holding the record's 65 537th byte is the last one cut */
  cut = (64 * 1024 - (csv->len - quoted_from)) / 46;
  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (csv, "Q%04u,TK01,C001,250000,2026-11-22T14:27:00,5,\n", i);
  g_assert_cmpuint (csv->len, >, 64 * 1024 + 10 * 1000 * 1000);
  g_string_append (csv, "L6,TK01,C002,250000,2026-11-22T14:28:00,5,\n");
  g_assert_true (g_file_set_contents (path, csv->str, (gssize) csv->len, NULL));

  res = bsn_import_sales (t->db, path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cut, ==, 1423);
  g_assert_cmpuint (res->imported, ==, 3 + (2000 - cut - 1));
  g_assert_cmpint (receipt_count (t->db, "Q1423"), ==, 0);
  g_assert_cmpint (receipt_count (t->db, "Q1424"), ==, 1);
  g_assert_cmpint (receipt_count (t->db, "L1"), ==, 0);
  g_assert_cmpint (receipt_count (t->db, "L2"), ==, 0);
  g_assert_cmpint (receipt_count (t->db, "L3"), ==, 1);
  g_assert_cmpint (receipt_count (t->db, "L4"), ==, 1);
  g_assert_cmpint (receipt_count (t->db, "L5"), ==, 0);
  g_assert_cmpint (receipt_count (t->db, "L6"), ==, 1);
  assert_rejected (res, expect, G_N_ELEMENTS (expect));
}

static void
progress_count (guint64 done, guint64 total, gpointer data)
{
  guint *calls = data;
  g_assert_cmpuint (done, <=, total);
  (*calls)++;
}

static void
test_cancel_keeps_committed_batches (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GString) csv = g_string_new ("receipt,store,customer,amount,at,digit\n");
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  g_autoptr(BsnImportResult) res = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint calls = 0;

  set_up_network (t->db);
  for (int i = 0; i < 10000; i++)
    g_string_append_printf (csv, "N%d,TK01,C00%d,250000,2026-11-22T%02d:%02d:00,%d\n", i, 1 + i % 2, 7 + i % 10,
                            i % 60, i % 10);
  path = write_csv (t, "many.csv", csv->str);
  g_cancellable_cancel (cancel);
  g_assert_null (bsn_import_sales (t->db, path, progress_count, &calls, cancel, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM receipts", 0), ==, 0);
  g_clear_error (&error);

  res = bsn_import_sales (t->db, path, progress_count, &calls, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (res->imported, ==, 10000);
  g_assert_cmpuint (calls, >=, 2);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM receipts", 0), ==, 10000);
}

/* An import of many small batches (BSN_IMPORT_BATCH_ROWS=3): every
 * receipt awarded once, each batch's postings and receipts sealed into
 * the chain at its commit, the book clean, on both engines. (It does not
 * yet reproduce the PostgreSQL id-block bug fixed in bsn_pg_begin: that
 * needs an id drawn outside the block between two batches, which the
 * 10k benchmark import met and these 20 receipts do not.) */
static void
test_small_batches_sealed (void)
{
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(GString) csv = g_string_new ("receipt,store,customer,amount,at,digit\n");
  g_autoptr(BsnImportResult) res = NULL;
  g_autoptr(BsnBookCheck) check = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  set_up_network (t->db);
  for (int i = 0; i < 20; i++)
    g_string_append_printf (csv, "B%d,TK01,C00%d,250000,2026-11-22T%02d:%02d:00,%d\n", i, 1 + i % 2, 8 + i % 9,
                            i, i % 10);
  path = write_csv (t, "batches.csv", csv->str);
  g_setenv ("BSN_IMPORT_BATCH_ROWS", "3", TRUE);
  res = bsn_import_sales (t->db, path, NULL, NULL, NULL, &error);
  g_unsetenv ("BSN_IMPORT_BATCH_ROWS");
  g_assert_no_error (error);
  g_assert_cmpuint (res->imported, ==, 20);
  g_assert_cmpuint (res->rejected->len, ==, 0);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM receipts", 0), ==, 20);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM chain WHERE kind = 'r'", -1), ==, 20);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM chain WHERE kind = 'p'", -1), ==,
                   bsn_db_query_int (t->db, "SELECT count(*) FROM postings", -2));
  check = bsn_chain_check_book (t->db, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < check->problems->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (check->problems, i));
  g_assert_cmpuint (check->problems->len, ==, 0);
  g_assert_true (check->ledger->ok);
}

/* A bonus rule's count of eligible receipts inside one batch: on
 * PostgreSQL the batch keeps the count and moves the server's row once at
 * its commit, and a row refused inside the batch (a receipt number reused
 * for another sale: its award rolls back) leaves the count where the
 * receipts before it put it. Every third eligible receipt earns the
 * bonus, on both engines alike. */
static void
test_bonus_count_in_batch (void)
{
  static const char first[] =
    "receipt,store,customer,amount,at,digit\n"
    "X1,TK01,C001,250000,2026-11-22T09:00:00,5\n";
  static const char batch[] =
    "receipt,store,customer,amount,at,digit\n"
    "B1,TK01,C001,250000,2026-11-22T10:00:00,5\n"
    "B2,TK01,C002,250000,2026-11-22T10:05:00,5\n"
    "B3,TK01,C001,250000,2026-11-22T10:10:00,5\n"
    "X1,TK01,C001,999000,2026-11-22T09:00:00,5\n"     /* another sale: refused */
    "B4,TK01,C002,250000,2026-11-22T10:15:00,5\n"
    "B5,TK01,C001,250000,2026-11-22T10:20:00,5\n"
    "B6,TK01,C002,250000,2026-11-22T10:25:00,5\n"
    "X1,TK01,C002,999000,2026-11-22T09:00:00,5\n"     /* refused again */
    "B7,TK01,C001,250000,2026-11-22T10:30:00,5\n";
  g_autoptr(BsnTestDb) t = bsn_test_db_new ();
  g_autoptr(BsnBonusRule) rule = bsn_bonus_rule_new ();
  g_autoptr(BsnImportResult) one = NULL, res = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_path = NULL, *batch_path = NULL;

  set_up_network (t->db);
  rule->code = g_strdup ("KEJUTAN");
  rule->name = g_strdup ("Kejutan tiap struk ketiga");
  rule->kind = g_strdup ("surprise_points");
  rule->rate_bp = 1000;
  rule->produsen_bp = 5000;
  rule->ritel_bp = 3000;
  rule->bsn_bp = 2000;
  rule->every_nth = 3;
  rule->valid_from = bsn_time_from_ymd_hms (2026, 11, 1, 0, 0, 0);
  rule->active = TRUE;
  g_assert_true (bsn_bonus_rule_add (t->db, rule, &error));
  g_assert_no_error (error);

  first_path = write_csv (t, "first.csv", first);
  one = bsn_import_sales (t->db, first_path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->imported, ==, 1);
  batch_path = write_csv (t, "batch.csv", batch);
  res = bsn_import_sales (t->db, batch_path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (res->imported, ==, 7);
  g_assert_cmpuint (res->rejected->len, ==, 2);
  /* X1 counted 1; B1..B7 bring it to 8; B2 (3rd) and B5 (6th) earn. */
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT eligible FROM bonus_rules WHERE code = 'KEJUTAN'", -1), ==, 8);
  g_assert_cmpint (bsn_db_query_int (t->db, "SELECT count(*) FROM bonus_grants", -1), ==, 2);
  g_assert_cmpint (bsn_db_query_int (t->db,
                                     "SELECT count(*) FROM bonus_grants g JOIN receipts r ON r.id = g.receipt_id "
                                     "WHERE r.receipt IN ('B2', 'B5')", -1), ==, 2);
  {
    g_autoptr(BsnVerifyReport) v = bsn_ledger_verify (t->db, NULL);
    g_assert_true (v->ok);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/import/sales/and-reimport", test_import_and_reimport);
  g_test_add_func ("/import/sales/duplicates-read-ahead", test_duplicates_read_ahead);
  g_test_add_func ("/import/sales/header-and-separator", test_header_and_separator);
  g_test_add_func ("/import/sales/indonesian-header", test_indonesian_header);
  g_test_add_func ("/import/sales/template", test_template);
  g_test_add_func ("/import/sales/hostile-rows", test_hostile_rows);
  g_test_add_func ("/import/sales/bad-bytes", test_bad_bytes);
  g_test_add_func ("/import/sales/long-lines", test_long_lines);
  g_test_add_func ("/import/sales/cancel", test_cancel_keeps_committed_batches);
  g_test_add_func ("/import/sales/small-batches-sealed", test_small_batches_sealed);
  g_test_add_func ("/import/sales/bonus-count-in-batch", test_bonus_count_in_batch);
  return g_test_run ();
}
