/* bsn-cli-db.c — init, demo: creating and filling a database. */
#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "bsn-cli.h"
#include "bsn-customer.h"
#include "bsn-demo.h"
#include "bsn-error.h"
#include "bsn-ledger.h"
#include "bsn-migrate.h"
#include "bsn-server.h"
#include "bsn-store.h"

static int
cmd_init (BsnCli *cli,
          int     argc,
          char  **argv)
{
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  GError *error = NULL;
  g_autofree char *shown = bsn_db_location_for_display (cli->db_path);
  gboolean created;
  int code = 0;

  if (!bsn_cli_parse (cli, "init", "", entries, &argc, &argv, 0, &code))
    return code;
  cli->db = bsn_db_open (cli->db_path, BSN_DB_OPEN_CREATE, &error);
  if (cli->db == NULL)
    return bsn_cli_fail (cli, error);

  created = bsn_db_get_created (cli->db);
  bsn_cli_json_str (cli, "db", shown);
  bsn_cli_json_bool (cli, "created", created);
  bsn_cli_json_str (cli, "backend", bsn_db_get_engine (cli->db) == BSN_ENGINE_POSTGRESQL ? "postgresql" : "sqlite");
  bsn_cli_json_int (cli, "schema_version", bsn_db_get_user_version (cli->db));
  bsn_cli_print (cli, created ? _("Basis data %s dibuat (skema %d).\n")
                              : _("Basis data %s sudah siap (skema %d).\n"),
                 shown, bsn_db_get_user_version (cli->db));
  return BSN_EXIT_OK;
}

static void
json_pending_users (BsnCli    *cli,
                    GPtrArray *names)
{
  json_builder_set_member_name (cli->out, "users_need_password");
  json_builder_begin_array (cli->out);
  for (guint i = 0; names != NULL && i < names->len; i++)
    json_builder_add_string_value (cli->out, g_ptr_array_index (names, i));
  json_builder_end_array (cli->out);
}

static int
cmd_server_init (BsnCli *cli,
                 int     argc,
                 char  **argv)
{
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  g_autoptr(BsnServerSetup) setup = NULL;
  GError *error = NULL;
  g_autofree char *shown = bsn_db_location_for_display (cli->db_path);
  static const char *const roles[] = { "pemilik", "manajer", "pembukuan", "kasir" };
  int code = 0;

  if (!bsn_cli_parse (cli, "server init", "", entries, &argc, &argv, 0, &code))
    return code;
  if (!bsn_db_location_is_server (cli->db_path))
    return bsn_cli_usage (cli, _("server init hanya untuk server PostgreSQL: --db postgresql://…"));
  cli->db = bsn_db_open (cli->db_path, BSN_DB_OPEN_CREATE, &error);
  if (cli->db == NULL || (setup = bsn_server_init (cli->db, &error)) == NULL)
    return bsn_cli_fail (cli, error);

  bsn_cli_json_str (cli, "db", shown);
  bsn_cli_json_int (cli, "schema_version", bsn_db_get_user_version (cli->db));
  bsn_cli_json_str (cli, "prefix", setup->prefix);
  json_builder_set_member_name (cli->out, "roles");
  json_builder_begin_object (cli->out);
  bsn_cli_print (cli, _("Server %s siap untuk login jaringan (skema %d). Peran di server:\n"), shown,
                 bsn_db_get_user_version (cli->db));
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autofree char *group = g_strdup_printf ("%s_%s", setup->prefix, roles[i]);

      bsn_cli_json_str (cli, roles[i], group);
      bsn_cli_print (cli, "  %-10s %s\n", roles[i], group);
    }
  json_builder_end_object (cli->out);
  json_pending_users (cli, setup->pending);
  for (guint i = 0; i < setup->pending->len; i++)
    bsn_cli_print (cli, _("Pengguna %s belum punya kata sandi di server: jalankan user passwd --name %s\n"),
                   (const char *) g_ptr_array_index (setup->pending, i),
                   (const char *) g_ptr_array_index (setup->pending, i));
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
    gint64 stores = 0, n_customers = 0;
    guint64 postings = 0;

    if (!bsn_store_read_count (cli->db, &stores, &error)
        || !bsn_customer_read_count (cli->db, &n_customers, &error)
        || !bsn_ledger_count_postings (cli->db, NULL, &postings, &error))
      return bsn_cli_fail (cli, error);
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

static void
migrate_progress (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  BsnCli *cli = user_data;

  if (!cli->json && total > 0 && isatty (2))
    g_printerr ("\r%s %3u %%", _("Memindahkan…"), (guint) (done * 100 / total));
}

static int
cmd_migrate (BsnCli *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *from = NULL, *to = NULL, *shown = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("Berkas SQLite yang dipindahkan"), N_("BERKAS") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Basis data PostgreSQL tujuan yang masih kosong"), "postgresql://…" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnMigrateReport) report = NULL;
  GError *error = NULL;
  int code = 0;

  if (!bsn_cli_parse (cli, "migrate", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, from, "--from", &code) || !bsn_cli_require (cli, to, "--to", &code))
    return code;
  shown = bsn_db_location_for_display (to);
  report = bsn_migrate_copy (from, to, migrate_progress, cli, &error);
  if (!cli->json && isatty (2))
    g_printerr ("\n");
  if (report == NULL)
    return bsn_cli_fail (cli, error);

  bsn_cli_json_str (cli, "from", from);
  bsn_cli_json_str (cli, "to", shown);
  json_builder_set_member_name (cli->out, "tables");
  json_builder_begin_array (cli->out);
  for (guint i = 0; i < report->tables->len; i++)
    {
      BsnMigrateTable *t = g_ptr_array_index (report->tables, i);

      json_builder_begin_object (cli->out);
      bsn_cli_json_str (cli, "name", t->table);
      bsn_cli_json_int (cli, "source_rows", t->source_rows);
      bsn_cli_json_int (cli, "target_rows", t->target_rows);
      json_builder_end_object (cli->out);
      bsn_cli_print (cli, "%-18s %10" G_GINT64_FORMAT " → %10" G_GINT64_FORMAT "\n", t->table, t->source_rows,
                     t->target_rows);
    }
  json_builder_end_array (cli->out);
  bsn_cli_json_int (cli, "accounts_differ", report->accounts_differ);
  bsn_cli_json_bool (cli, "source_verified", report->source_verified);
  bsn_cli_json_bool (cli, "target_verified", report->target_verified);
  json_builder_set_member_name (cli->out, "problems");
  json_builder_begin_array (cli->out);
  for (guint i = 0; i < report->problems->len; i++)
    {
      json_builder_add_string_value (cli->out, g_ptr_array_index (report->problems, i));
      bsn_cli_print (cli, "%s\n", (const char *) g_ptr_array_index (report->problems, i));
    }
  json_builder_end_array (cli->out);
  {
    GPtrArray *users = report->users;

    /* Users keep their names and roles; a server keeps its own passwords,
     * so each sets a new one after `server init` (README "Jaringan
     * toko"). */
    json_pending_users (cli, users);
    if (users->len > 0)
      {
        bsn_cli_json_str (cli, "next_step",
                          _("Jalankan server init, lalu user passwd --name NAMA untuk setiap pengguna: "
                            "di server mereka masuk hanya dengan kata sandi baru"));
        bsn_cli_print (cli, _("%u pengguna dipindahkan. Jalankan server init, lalu user passwd --name NAMA untuk "
                              "setiap pengguna: di server mereka masuk hanya dengan kata sandi baru.\n"),
                       users->len);
      }
  }
  if (!report->ok)
    {
      bsn_cli_print (cli, _("Pemindahan ke %s selesai, tetapi tujuan TIDAK sama dengan sumber.\n"), shown);
      return BSN_EXIT_REFUSED;
    }
  bsn_cli_print (cli, _("Dipindahkan ke %s: jumlah baris, saldo dan verify sama di kedua basis data.\n"), shown);
  return BSN_EXIT_OK;
}

const BsnCliCommand bsn_cli_db_commands[] = {
  { "init", N_("Buat basis data (aman diulang) dengan tabel tingkat bawaan"), cmd_init },
  { "demo", N_("Isi basis data dengan jaringan toko demo"), cmd_demo },
  { "server init", N_("Siapkan server PostgreSQL: peran pemilik, manajer, pembukuan dan kasir di server"),
    cmd_server_init },
  { "migrate", N_("Pindahkan seluruh jaringan dari berkas SQLite ke server PostgreSQL"), cmd_migrate },
  { NULL, NULL, NULL },
};
