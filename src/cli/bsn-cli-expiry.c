/* bsn-cli-expiry.c — point expiry (DOMAIN.md §7): the policy, the expiry
 * run and the reminders. */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-cli.h"
#include "bsn-error.h"
#include "bsn-expiry.h"
#include "bsn-money.h"

static gboolean
parse_at (const char *text,
          BsnTime    *out,
          GError    **error)
{
  if (text == NULL)
    {
      *out = bsn_time_now ();
      return TRUE;
    }
  return bsn_time_parse (text, out, error);
}

static int
cmd_expiry_set (BsnCli *cli,
                int     argc,
                char  **argv)
{
  g_autofree char *months = NULL, *from = NULL, *reason = NULL;
  GOptionEntry entries[] = {
    { "months", 0, 0, G_OPTION_ARG_STRING, &months, N_("Poin hangus N bulan sesudah struknya (0 = tidak hangus)"), "N" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Berlaku untuk poin yang diperoleh mulai waktu ini"), "WAKTU" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Alasan perubahan"), "TEKS" },
    G_OPTION_ENTRY_NULL
  };
  GError *error = NULL;
  gint64 n = 0, version = 0;
  BsnTime when;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "expiry set", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, months, "--months", &code)
      || !bsn_cli_require (cli, from, "--from", &code)
      || !bsn_cli_require (cli, reason, "--reason", &code))
    return code;
  if (!bsn_cli_parse_int (months, "--months", 0, BSN_EXPIRY_MAX_MONTHS, &n, &error)
      || !bsn_time_parse (from, &when, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if (!bsn_expiry_set (db, (gint) n, when, reason, &version, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_json_int (cli, "version", version);
  bsn_cli_json_int (cli, "months", n);
  bsn_cli_json_time (cli, "from", when);
  {
    g_autofree char *date = bsn_time_format_datetime (when);
    if (n == 0)
      bsn_cli_print (cli, _("Mulai %s poin tidak hangus (versi #%" G_GINT64_FORMAT ").\n"), date, version);
    else
      bsn_cli_print (cli, _("Mulai %s poin hangus %" G_GINT64_FORMAT " bulan sesudah struknya (versi #%"
                            G_GINT64_FORMAT ").\n"), date, n, version);
  }
  return BSN_EXIT_OK;
}

static int
cmd_ledger_expire (BsnCli *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *at = NULL;
  GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Hanguskan poin yang waktunya tiba sampai saat ini (bawaan sekarang)"),
      "WAKTU" },
    G_OPTION_ENTRY_NULL
  };
  GError *error = NULL;
  gint64 value = 0;
  guint postings = 0;
  BsnTime when;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "ledger expire", "", entries, &argc, &argv, 0, &code))
    return code;
  if (!parse_at (at, &when, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if (!bsn_expiry_run (db, when, &postings, &value, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_json_int (cli, "expired_postings", postings);
  bsn_cli_json_int (cli, "expired_rp", value);
  {
    g_autofree char *money = bsn_money_format (value);
    bsn_cli_print (cli, _("%u posting poin hangus, senilai %s dikembalikan ke penanggungnya.\n"), postings, money);
  }
  return BSN_EXIT_OK;
}

static int
cmd_customer_expiring (BsnCli *cli,
                       int     argc,
                       char  **argv)
{
  g_autofree char *within = NULL, *at = NULL;
  GOptionEntry entries[] = {
    { "within-days", 0, 0, G_OPTION_ARG_STRING, &within, N_("Poin yang hangus dalam N hari (bawaan 30)"), "N" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Dihitung dari waktu ini (bawaan sekarang)"), "WAKTU" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GPtrArray) list = NULL;
  GError *error = NULL;
  gint64 days = 30;
  BsnTime when;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "customer expiring", "", entries, &argc, &argv, 0, &code))
    return code;
  if ((within != NULL && !bsn_cli_parse_int (within, "--within-days", 1, 366, &days, &error))
      || !parse_at (at, &when, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if ((list = bsn_expiry_reminders (db, when, (gint) days, &error)) == NULL)
    return bsn_cli_fail (cli, error);
  json_builder_set_member_name (cli->out, "customers");
  json_builder_begin_array (cli->out);
  for (guint i = 0; i < list->len; i++)
    {
      const BsnExpiryReminder *r = g_ptr_array_index (list, i);
      g_autofree char *money = bsn_money_format (r->expiring_rp);
      g_autofree char *date = bsn_time_format_datetime (r->expires_at);

      json_builder_begin_object (cli->out);
      bsn_cli_json_str (cli, "code", r->code);
      bsn_cli_json_str (cli, "name", r->name);
      bsn_cli_json_str (cli, "phone", r->phone);
      bsn_cli_json_int (cli, "expiring_rp", r->expiring_rp);
      bsn_cli_json_time (cli, "expires_at", r->expires_at);
      json_builder_set_member_name (cli->out, "whatsapp_url");
      if (r->whatsapp_url != NULL)
        json_builder_add_string_value (cli->out, r->whatsapp_url);
      else
        json_builder_add_null_value (cli->out);
      json_builder_end_object (cli->out);
      bsn_cli_print (cli, "%s\t%s\t%s\t%s\t%s\n", r->code, r->name, money, date,
                     r->whatsapp_url != NULL ? r->whatsapp_url : _("(tanpa nomor WhatsApp)"));
    }
  json_builder_end_array (cli->out);
  if (list->len == 0)
    bsn_cli_print (cli, _("Tidak ada poin pelanggan yang hangus dalam %" G_GINT64_FORMAT " hari.\n"), days);
  return BSN_EXIT_OK;
}

const BsnCliCommand bsn_cli_expiry_commands[] = {
  { "expiry set", N_("Kebijakan masa berlaku poin (--months --from --reason; 0 = tidak hangus)"), cmd_expiry_set },
  { "ledger expire", N_("Hanguskan poin yang masa berlakunya habis (--at)"), cmd_ledger_expire },
  { "customer expiring", N_("Pelanggan yang poinnya segera hangus, dengan tautan WhatsApp"), cmd_customer_expiring },
  { NULL, NULL, NULL },
};
