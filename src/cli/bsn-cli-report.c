/* bsn-cli-report.c — report bagi-hasil|program|kpi and export ledger. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "bsn-cli.h"
#include "bsn-error.h"
#include "bsn-export.h"
#include "bsn-report.h"

static gboolean
parse_period (const char *from,
              const char *to,
              BsnTime    *f,
              BsnTime    *t,
              GError    **error)
{
  if (!bsn_date_parse (from, f, error) || !bsn_date_parse (to, t, error))
    return FALSE;
  *t += BSN_SECONDS_PER_DAY;   /* --to is inclusive */
  if (*t <= *f)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("--to tidak boleh sebelum --from"));
      return FALSE;
    }
  return TRUE;
}

static int
cmd_report (BsnCli *cli,
            int     argc,
            char  **argv)
{
  g_autofree char *from = NULL, *to = NULL, *store = NULL, *format = NULL, *output = NULL, *sep = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Sejak tanggal (termasuk)"), "TTTT-BB-HH" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Sampai tanggal (termasuk)"), "TTTT-BB-HH" },
    { "store", 0, 0, G_OPTION_ARG_STRING, &store, N_("Hanya toko ini (induk: beserta anak cabangnya)"), "S" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("xlsx, csv atau json"), "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_STRING, &output, N_("Berkas hasil"), "BERKAS" },
    { "separator", 0, 0, G_OPTION_ARG_STRING, &sep, N_("Pemisah CSV (bawaan ;)"), "C" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnReport) report = NULL;
  GError *error = NULL;
  BsnExportFormat fmt = BSN_EXPORT_XLSX;
  const char *kind;
  BsnTime f, t;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "report", "bagi-hasil|program|kpi", entries, &argc, &argv, 1, &code)
      || !bsn_cli_require (cli, from, "--from", &code) || !bsn_cli_require (cli, to, "--to", &code)
      || !bsn_cli_require (cli, format, "--format", &code) || !bsn_cli_require (cli, output, "-o", &code))
    return code;
  kind = argv[1];
  if (g_strcmp0 (kind, "bagi-hasil") != 0 && g_strcmp0 (kind, "program") != 0 && g_strcmp0 (kind, "kpi") != 0)
    return bsn_cli_usage (cli, _("Laporan “%s” tidak dikenal: pilih bagi-hasil, program atau kpi"), kind);
  if (sep && (strlen (sep) != 1))
    return bsn_cli_usage (cli, _("--separator harus satu karakter"));
  if (!parse_period (from, to, &f, &t, &error) || !bsn_export_format_parse (format, &fmt, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if (g_str_equal (kind, "bagi-hasil"))
    report = bsn_report_bagi_hasil (db, f, t, store, &error);
  else if (g_str_equal (kind, "program"))
    report = bsn_report_program (db, f, t, store, &error);
  else
    report = bsn_report_kpi (db, f, t, store, &error);
  if (report == NULL || !bsn_export_report (report, fmt, output, sep ? sep[0] : ';', &error))
    return bsn_cli_fail (cli, error ? error : g_error_new (BSN_ERROR, BSN_ERROR_IO, _("Laporan gagal dibuat")));

  bsn_cli_json_str (cli, "report", kind);
  bsn_cli_json_str (cli, "output", output);
  bsn_cli_json_str (cli, "format", format);
  json_builder_set_member_name (cli->out, "sections");
  json_builder_begin_array (cli->out);
  for (guint i = 0; i < report->sections->len; i++)
    {
      BsnReportSection *s = g_ptr_array_index (report->sections, i);
      json_builder_begin_object (cli->out);
      bsn_cli_json_str (cli, "name", s->name);
      bsn_cli_json_int (cli, "rows", s->rows->len);
      if (s->totals)
        {
          json_builder_set_member_name (cli->out, "totals");
          json_builder_begin_object (cli->out);
          for (guint c = 0; c < s->columns->len; c++)
            if (g_array_index (s->columns, BsnColumn, c).total)
              bsn_cli_json_int (cli, g_array_index (s->columns, BsnColumn, c).header, bsn_section_total (s, c));
          json_builder_end_object (cli->out);
        }
      json_builder_end_object (cli->out);
    }
  json_builder_end_array (cli->out);
  bsn_cli_print (cli, _("%s ditulis ke %s.\n"), report->title, output);
  return BSN_EXIT_OK;
}

static void
export_progress (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  BsnCli *cli = user_data;

  if (!cli->json && total > 0 && isatty (2))
    g_printerr ("\r%s %3u %%", _("Mengekspor…"), (guint) (done * 100 / total));
}

static int
cmd_export_ledger (BsnCli *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *from = NULL, *to = NULL, *output = NULL, *per_sheet = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Sejak tanggal (termasuk)"), "TTTT-BB-HH" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Sampai tanggal (termasuk)"), "TTTT-BB-HH" },
    { "output", 'o', 0, G_OPTION_ARG_STRING, &output, N_("Berkas .xlsx"), "BERKAS" },
    { "rows-per-sheet", 0, 0, G_OPTION_ARG_STRING, &per_sheet, N_("Baris per lembar sebelum lembar baru"), "N" },
    G_OPTION_ENTRY_NULL
  };
  GError *error = NULL;
  guint64 rows = 0;
  gint64 n = 0;
  BsnTime f, t;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "export ledger", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, output, "-o", &code))
    return code;
  /* Without --from or --to the period is open at that end: no dates at
   * all exports every leg. */
  if (!parse_period (from ? from : "1970-01-01", to ? to : "9999-12-31", &f, &t, &error)
      || (per_sheet && !bsn_cli_parse_int (per_sheet, "--rows-per-sheet", 1, BSN_XLSX_MAX_ROWS, &n, &error)))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if (!bsn_export_ledger_xlsx (db, f, t, output, (guint64) n, export_progress, cli, NULL, &rows, &error))
    return bsn_cli_fail (cli, error);
  if (!cli->json && isatty (2))
    g_printerr ("\n");
  bsn_cli_json_str (cli, "output", output);
  bsn_cli_json_int (cli, "rows", (gint64) rows);
  bsn_cli_print (cli, _("%" G_GUINT64_FORMAT " kaki posting ditulis ke %s.\n"), rows, output);
  return BSN_EXIT_OK;
}

const BsnCliCommand bsn_cli_report_commands[] = {
  { "report", N_("Laporan bagi-hasil, program atau kpi ke xlsx/csv/json"), cmd_report },
  { "export ledger", N_("Semua kaki posting (suatu periode) ke Excel"), cmd_export_ledger },
  { NULL, NULL, NULL },
};
