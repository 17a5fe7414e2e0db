/* bsn-cli-db.c — init, demo: creating and filling a database. */
#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "bsn-cli.h"
#include "bsn-customer.h"
#include "bsn-demo.h"
#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-store.h"

static int
cmd_init (BsnCli *cli,
          int     argc,
          char  **argv)
{
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  GError *error = NULL;
  gboolean existed;
  int code = 0;

  if (!bsn_cli_parse (cli, "init", "", entries, &argc, &argv, 0, &code))
    return code;
  existed = g_file_test (cli->db_path, G_FILE_TEST_EXISTS);
  cli->db = bsn_db_open (cli->db_path, BSN_DB_OPEN_CREATE, &error);
  if (cli->db == NULL)
    return bsn_cli_fail (cli, error);

  bsn_cli_json_str (cli, "db", cli->db_path);
  bsn_cli_json_bool (cli, "created", !existed);
  bsn_cli_json_int (cli, "schema_version", bsn_db_get_user_version (cli->db));
  bsn_cli_print (cli, existed ? _("Basis data %s sudah siap (skema %d).\n")
                              : _("Basis data %s dibuat (skema %d).\n"),
                 cli->db_path, bsn_db_get_user_version (cli->db));
  return BSN_EXIT_OK;
}

static void
demo_progress (guint64  done,
               guint64  total,
               gpointer user_data)
{
  BsnCli *cli = user_data;
  static guint last = G_MAXUINT;

  if (!cli->json && total > 0 && last != (guint) (done * 100 / total) && isatty (2)
      && (last = (guint) (done * 100 / total), TRUE))
    g_printerr ("\r%s %3u %%", _("Mengisi data demo…"), (guint) (done * 100 / total));
}

static int
cmd_demo (BsnCli *cli,
          int     argc,
          char  **argv)
{
  g_autofree char *seed = NULL, *customers = NULL, *days = NULL;
  GOptionEntry entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed, N_("Benih acak (data sama untuk benih sama)"), "N" },
    { "customers", 0, 0, G_OPTION_ARG_STRING, &customers, N_("Jumlah pelanggan (bawaan 120)"), "N" },
    { "days", 0, 0, G_OPTION_ARG_STRING, &days, N_("Hari riwayat transaksi (bawaan 28)"), "N" },
    G_OPTION_ENTRY_NULL
  };
  BsnDemoOptions options = { .seed = 2026 };
  GError *error = NULL;
  gint64 v;
  int code = 0;

  if (!bsn_cli_parse (cli, "demo", "", entries, &argc, &argv, 0, &code))
    return code;
  if (seed != NULL)
    {
      if (!bsn_cli_parse_int (seed, "--seed", 0, G_MAXUINT32, &v, &error))
        return bsn_cli_fail (cli, error);
      options.seed = (guint32) v;
    }
  if (customers != NULL)
    {
      if (!bsn_cli_parse_int (customers, "--customers", 1, 1000000, &v, &error))
        return bsn_cli_fail (cli, error);
      options.customers = (guint) v;
    }
  if (days != NULL)
    {
      if (!bsn_cli_parse_int (days, "--days", 1, 366, &v, &error))
        return bsn_cli_fail (cli, error);
      options.days = (guint) v;
    }
  cli->db = bsn_db_open (cli->db_path, BSN_DB_OPEN_CREATE, &error);
  if (cli->db == NULL)
    return bsn_cli_fail (cli, error);
  if (!bsn_cli_sign_in (cli, &code))
    return code;
  if (!bsn_demo_fill (cli->db, &options, demo_progress, cli, NULL, &error))
    {
      if (!cli->json)
        g_printerr ("\n");
      return bsn_cli_fail (cli, error);
    }
  if (!cli->json)
    g_printerr ("\n");

  {
    gint64 stores = bsn_store_count (cli->db);
    gint64 n_customers = bsn_customer_count (cli->db);
    guint64 postings = 0;

    bsn_ledger_count_postings (cli->db, NULL, &postings, NULL);
    bsn_cli_json_str (cli, "db", cli->db_path);
    bsn_cli_json_int (cli, "stores", stores);
    bsn_cli_json_int (cli, "customers", n_customers);
    bsn_cli_json_int (cli, "postings", (gint64) postings);
    bsn_cli_print (cli, _("Data demo diisi ke %s: %" G_GINT64_FORMAT " toko, %" G_GINT64_FORMAT
                          " pelanggan, %" G_GUINT64_FORMAT " posting.\n"),
                   cli->db_path, stores, n_customers, postings);
  }
  return BSN_EXIT_OK;
}

const BsnCliCommand bsn_cli_db_commands[] = {
  { "init", N_("Buat basis data (aman diulang) dengan tabel tingkat bawaan"), cmd_init },
  { "demo", N_("Isi basis data dengan jaringan toko demo"), cmd_demo },
  { NULL, NULL, NULL },
};
