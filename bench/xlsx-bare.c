/* xlsx-bare.c — the floor for the ledger export: one SELECT, one
 * libxlsxwriter loop in constant_memory mode, nothing else.
 *
 *   xlsx-bare DB OUT.xlsx
 *
 * Writes the same sheet as `bsn-loyalty-cli export ledger` (the columns,
 * values, number formats, frozen header and autofilter of
 * bsn_export_ledger_xlsx() over every posting), but without the library:
 * no roles check, no progress, no temporary file renamed into place. The
 * difference between the two is what our plumbing costs.
 *
 * It never calls setlocale(), so it runs in the "C" locale whatever LANG
 * says and libxlsxwriter prints its doubles with '.' (the library needs
 * bsn-locale.h's BsnCNumeric for that, since its programs take the
 * user's locale).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#define MAX_ROWS 1048575   /* Excel's rows less the header */

static const char *const headers[] = {
  "Posting", "Waktu", "Jenis", "Toko", "Pelanggan", "Akun", "Jumlah", "Poin status", "Keterangan",
};
static const double widths[] = { 10, 17, 20, 10, 12, 24, 16, 14, 60 };
#define N_COLS 9

static const char *const query =
  "SELECT p.id, p.at, p.kind, s.code, c.code, a.kind, ac.code, asx.code, l.amount_rp, l.earned_rp, p.memo "
  "FROM postings p CROSS JOIN legs l ON l.posting_id = p.id JOIN accounts a ON a.id = l.account_id "
  "LEFT JOIN stores s ON s.id = p.store_id LEFT JOIN customers c ON c.id = p.customer_id "
  "LEFT JOIN customers ac ON ac.id = a.customer_id LEFT JOIN stores asx ON asx.id = a.store_id "
  "ORDER BY p.id, l.account_id";

static lxw_worksheet *
new_sheet (lxw_workbook *wb,
           unsigned      index,
           lxw_format   *header)
{
  char name[32];
  lxw_worksheet *ws;

  if (index == 0)
    snprintf (name, sizeof name, "Buku Poin");
  else
    snprintf (name, sizeof name, "Buku Poin (%u)", index + 1);
  ws = workbook_add_worksheet (wb, name);
  for (int c = 0; c < N_COLS; c++)
    worksheet_set_column (ws, c, c, widths[c], NULL);
  for (int c = 0; c < N_COLS; c++)
    worksheet_write_string (ws, 0, c, headers[c], header);
  worksheet_freeze_panes (ws, 1, 0);
  return ws;
}

static const char *
text (sqlite3_stmt *stmt,
      int           col)
{
  return (const char *) sqlite3_column_text (stmt, col);
}

int
main (int    argc,
      char **argv)
{
  lxw_workbook_options options = { .constant_memory = LXW_TRUE, .tmpdir = NULL };
  lxw_workbook *wb;
  lxw_worksheet *ws;
  lxw_format *header, *money, *date;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  unsigned sheet = 0;
  lxw_row_t row = 0;
  unsigned long long rows = 0;
  int rc;

  if (argc != 3)
    {
      fprintf (stderr, "usage: xlsx-bare DB OUT.xlsx\n");
      return 2;
    }
  if (sqlite3_open_v2 (argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (db, query, -1, &stmt, NULL) != SQLITE_OK)
    {
      fprintf (stderr, "xlsx-bare: %s\n", sqlite3_errmsg (db));
      return 1;
    }
  wb = workbook_new_opt (argv[2], &options);
  if (wb == NULL)
    {
      fprintf (stderr, "xlsx-bare: cannot create %s\n", argv[2]);
      return 1;
    }
  header = workbook_add_format (wb);
  format_set_bold (header);
  format_set_bg_color (header, 0xDDEBF7);
  format_set_border (header, LXW_BORDER_THIN);
  format_set_text_wrap (header);
  format_set_align (header, LXW_ALIGN_VERTICAL_CENTER);
  money = workbook_add_format (wb);
  format_set_num_format (money, "\"Rp\"#,##0;-\"Rp\"#,##0");
  date = workbook_add_format (wb);
  format_set_num_format (date, "dd/mm/yyyy hh:mm");

  ws = new_sheet (wb, sheet, header);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *kind = text (stmt, 5);
      char account[64];

      if (row == MAX_ROWS)
        {
          worksheet_autofilter (ws, 0, 0, row, N_COLS - 1);
          ws = new_sheet (wb, ++sheet, header);
          row = 0;
        }
      row++;
      if (kind && strcmp (kind, "customer") == 0)
        snprintf (account, sizeof account, "Pelanggan %s", text (stmt, 6));
      else if (kind && strcmp (kind, "reserve") == 0)
        snprintf (account, sizeof account, "Cadangan %s", text (stmt, 7));
      else
        snprintf (account, sizeof account, "%s", kind ? kind : "");
      worksheet_write_number (ws, row, 0, (double) sqlite3_column_int64 (stmt, 0), NULL);
      worksheet_write_number (ws, row, 1, (double) sqlite3_column_int64 (stmt, 1) / 86400 + 25569.0, date);
      worksheet_write_string (ws, row, 2, text (stmt, 2), NULL);
      if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
        worksheet_write_string (ws, row, 3, text (stmt, 3), NULL);
      if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
        worksheet_write_string (ws, row, 4, text (stmt, 4), NULL);
      worksheet_write_string (ws, row, 5, account, NULL);
      worksheet_write_number (ws, row, 6, (double) sqlite3_column_int64 (stmt, 8), money);
      worksheet_write_number (ws, row, 7, (double) sqlite3_column_int64 (stmt, 9), money);
      worksheet_write_string (ws, row, 8, text (stmt, 10), NULL);
      rows++;
    }
  if (rc != SQLITE_DONE)
    {
      fprintf (stderr, "xlsx-bare: %s\n", sqlite3_errmsg (db));
      return 1;
    }
  worksheet_autofilter (ws, 0, 0, row > 0 ? row : 1, N_COLS - 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  if (workbook_close (wb) != LXW_NO_ERROR)
    {
      fprintf (stderr, "xlsx-bare: cannot write %s\n", argv[2]);
      return 1;
    }
  printf ("{\"rows\": %llu}\n", rows);
  return 0;
}
