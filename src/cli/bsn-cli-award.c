/* bsn-cli-award.c — the reward engine from the command line: award,
 * quota set, import sales. */
#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "bsn-award.h"
#include "bsn-cli.h"
#include "bsn-customer.h"
#include "bsn-error.h"
#include "bsn-import.h"
#include "bsn-money.h"
#include "bsn-store.h"

void
bsn_cli_json_award (BsnCli         *cli,
                    const BsnAward *a)
{
  g_autofree char *at = bsn_time_format_iso (a->at);

  bsn_cli_json_str (cli, "receipt", a->receipt);
  if (a->store_code != NULL)
    bsn_cli_json_str (cli, "store", a->store_code);
  bsn_cli_json_str (cli, "scheme", a->scheme);
  bsn_cli_json_int (cli, "rate_bp", a->rate_bp);
  bsn_cli_json_int (cli, "value_rp", a->value_rp);
  bsn_cli_json_bool (cli, "quota_met", a->quota_met);
  bsn_cli_json_bool (cli, "capped", a->capped);
  bsn_cli_json_int (cli, "tier_version", a->tier_version);
  bsn_cli_json_bool (cli, "duplicate", a->duplicate);
  bsn_cli_json_int (cli, "quota_rp", a->quota_rp);
  bsn_cli_json_int (cli, "status_before_rp", a->status_before_rp);
  bsn_cli_json_str (cli, "at", at);
  if (a->slot > 0)
    bsn_cli_json_str (cli, "slot", bsn_slot_to_roman (a->slot));
  if (a->digit >= 0)
    bsn_cli_json_int (cli, "digit", a->digit);
  if (a->digit_source != NULL)
    bsn_cli_json_str (cli, "digit_source", a->digit_source);
  if (a->posting_id)
    bsn_cli_json_int (cli, "posting", a->posting_id);
  bsn_cli_json_str (cli, "explanation", a->explanation);

  json_builder_set_member_name (cli->out, "parts");
  json_builder_begin_array (cli->out);
  for (guint i = 0; i < a->n_parts; i++)
    {
      json_builder_begin_object (cli->out);
      bsn_cli_json_str (cli, "scheme", bsn_scheme_to_string (a->parts[i].scheme));
      bsn_cli_json_int (cli, "base_rp", a->parts[i].base_rp);
      bsn_cli_json_int (cli, "rate_bp", a->parts[i].rate_bp);
      bsn_cli_json_int (cli, "value_rp", a->parts[i].value_rp);
      bsn_cli_json_int (cli, "tier_version", a->parts[i].tier_version);
      json_builder_end_object (cli->out);
    }
  json_builder_end_array (cli->out);

  json_builder_set_member_name (cli->out, "bonuses");
  json_builder_begin_array (cli->out);
  for (guint i = 0; i < a->bonuses->len; i++)
    {
      BsnBonusGrant *g = g_ptr_array_index (a->bonuses, i);
      json_builder_begin_object (cli->out);
      bsn_cli_json_str (cli, "rule", g->rule_code);
      bsn_cli_json_str (cli, "kind", g->kind);
      bsn_cli_json_int (cli, "value_rp", g->value_rp);
      bsn_cli_json_int (cli, "produsen_rp", g->produsen_rp);
      bsn_cli_json_int (cli, "ritel_rp", g->ritel_rp);
      bsn_cli_json_int (cli, "bsn_rp", g->bsn_rp);
      json_builder_end_object (cli->out);
    }
  json_builder_end_array (cli->out);
}

static int
cmd_award (BsnCli *cli,
           int     argc,
           char  **argv)
{
  g_autofree char *store = NULL, *customer = NULL, *amount = NULL, *at = NULL, *digit = NULL;
  g_autofree char *stopwatch_end = NULL, *perishable = NULL, *receipt = NULL;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_STRING, &store, N_("Kode toko"), "S" },
    { "customer", 0, 0, G_OPTION_ARG_STRING, &customer, N_("Kode pelanggan"), "C" },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &amount, N_("Jumlah belanja"), "RP" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Waktu struk"), "TTTT-BB-HHTJJ:MM:DD" },
    { "digit", 0, 0, G_OPTION_ARG_STRING, &digit, N_("Angka keberuntungan 0–9"), "D" },
    { "stopwatch-end", 0, 0, G_OPTION_ARG_STRING, &stopwatch_end, N_("Jam berhentinya stopwatch"), "JJ:MM:DD" },
    { "perishable-amount", 0, 0, G_OPTION_ARG_STRING, &perishable, N_("Bagian barang mudah rusak"), "RP" },
    { "receipt", 0, 0, G_OPTION_ARG_STRING, &receipt, N_("Nomor struk (kunci agar tidak tercatat dua kali)"), "ID" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnStore) s = NULL;
  g_autoptr(BsnCustomer) c = NULL;
  g_autoptr(BsnAward) a = NULL;
  BsnReceipt r = { .digit = -1, .perishable_rp = -1 };
  GError *error = NULL;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "award", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, store, "--store", &code) || !bsn_cli_require (cli, customer, "--customer", &code)
      || !bsn_cli_require (cli, amount, "--amount", &code) || !bsn_cli_require (cli, at, "--at", &code))
    return code;
  if (digit != NULL && stopwatch_end != NULL)
    return bsn_cli_usage (cli, _("Pilih salah satu: --digit atau --stopwatch-end"));
  if (!bsn_money_parse_nonneg (amount, &r.amount_rp, &error) || !bsn_time_parse (at, &r.at, &error)
      || (perishable && !bsn_money_parse_nonneg (perishable, &r.perishable_rp, &error)))
    return bsn_cli_fail (cli, error);
  if (digit != NULL)
    {
      gint64 d;
      if (!bsn_cli_parse_int (digit, "--digit", 0, 9, &d, &error))
        return bsn_cli_fail (cli, error);
      r.digit = (gint) d;
      r.digit_source = "manual";
    }
  if (stopwatch_end != NULL)
    {
      gint secs;
      if (!bsn_clock_parse (stopwatch_end, &secs, &error)
          || !bsn_award_rules_stopwatch_digit (r.at, secs, &r.digit, &error))
        return bsn_cli_fail (cli, error);
      r.digit_source = "stopwatch";
    }
  r.receipt = receipt;
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if ((s = bsn_store_find (db, store, &error)) == NULL || (c = bsn_customer_find (db, customer, &error)) == NULL)
    return bsn_cli_fail (cli, error);
  r.store_id = s->id;
  r.customer_id = c->id;
  a = bsn_award_receipt (db, NULL, &r, &error);
  if (a == NULL)
    return bsn_cli_fail (cli, error);

  bsn_cli_json_award (cli, a);
  bsn_cli_json_str (cli, "store", s->code);
  bsn_cli_json_str (cli, "customer", c->code);
  {
    g_autofree char *value = bsn_money_format (a->value_rp);
    g_autofree char *points = bsn_points_format (a->value_rp);
    if (a->duplicate)
      bsn_cli_print (cli, _("Struk %s sudah tercatat sebelumnya; tidak ada poin baru.\n"), a->receipt);
    bsn_cli_print (cli, _("Struk %s: %s\nPoin untuk %s: %s (%s)\n"), a->receipt, a->explanation, c->code, points,
                   value);
    for (guint i = 0; i < a->bonuses->len; i++)
      {
        BsnBonusGrant *g = g_ptr_array_index (a->bonuses, i);
        g_autofree char *bv = bsn_money_format (g->value_rp);
        bsn_cli_print (cli, _("Bonus %s: %s\n"), g->rule_code, bv);
      }
  }
  return BSN_EXIT_OK;
}

static void
import_progress (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  BsnCli *cli = user_data;
  static guint last = G_MAXUINT;

  if (!cli->json && total > 0 && last != (guint) (done * 100 / total) && isatty (2)
      && (last = (guint) (done * 100 / total), TRUE))
    g_printerr ("\r%s %3u %%", _("Mengimpor…"), (guint) (done * 100 / total));
}

static int
cmd_import_sales (BsnCli *cli,
                  int     argc,
                  char  **argv)
{
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  g_autoptr(BsnImportResult) res = NULL;
  GError *error = NULL;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "import sales", "BERKAS.csv", entries, &argc, &argv, 1, &code)
      || (db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  res = bsn_import_sales (db, argv[1], import_progress, cli, NULL, &error);
  if (!cli->json)
    g_printerr ("\n");
  if (res == NULL)
    return bsn_cli_fail (cli, error);

  bsn_cli_json_int (cli, "imported", (gint64) res->imported);
  bsn_cli_json_int (cli, "duplicates", (gint64) res->duplicates);
  bsn_cli_json_int (cli, "expired_postings", res->expired_postings);
  bsn_cli_json_int (cli, "expired_rp", res->expired_rp);
  bsn_cli_json_int (cli, "rows", (gint64) res->rows);
  bsn_cli_json_int (cli, "value_rp", res->value_rp);
  json_builder_set_member_name (cli->out, "rejected");
  json_builder_begin_array (cli->out);
  for (guint i = 0; i < res->rejected->len; i++)
    {
      BsnImportRejection *r = g_ptr_array_index (res->rejected, i);
      json_builder_begin_object (cli->out);
      bsn_cli_json_int (cli, "line", (gint64) r->line);
      bsn_cli_json_str (cli, "reason", r->reason);
      json_builder_end_object (cli->out);
    }
  json_builder_end_array (cli->out);
  bsn_cli_json_int (cli, "rejected_unlisted", (gint64) res->unlisted);
  {
    g_autofree char *value = bsn_money_format (res->value_rp);
    bsn_cli_print (cli, _("%" G_GUINT64_FORMAT " struk diimpor (poin %s), %" G_GUINT64_FORMAT
                          " sudah ada sebelumnya, %" G_GUINT64_FORMAT " ditolak.\n"),
                   res->imported, value, res->duplicates, res->rejected->len + res->unlisted);
  }
  /* The terminal shows the first rejections; --json lists them all. */
  for (guint i = 0; i < res->rejected->len && i < 20; i++)
    {
      BsnImportRejection *r = g_ptr_array_index (res->rejected, i);
      bsn_cli_print (cli, _("  baris %" G_GUINT64_FORMAT ": %s\n"), r->line, r->reason);
    }
  if (res->rejected->len > 20)
    bsn_cli_print (cli, _("  … dan %u baris lain (lihat --json)\n"), res->rejected->len - 20);
  if (res->unlisted > 0)
    bsn_cli_print (cli, _("  … dan %" G_GUINT64_FORMAT " baris lain yang tidak dirinci\n"), res->unlisted);
  /* The good rows are in; any rejected row makes the run a failure of the
   * input data, so a script notices it (exit 3, "ok": false). */
  return res->rejected->len + res->unlisted > 0 ? BSN_EXIT_INPUT : BSN_EXIT_OK;
}

const BsnCliCommand bsn_cli_award_commands[] = {
  { "award", N_("Hitung dan catat poin sebuah struk"), cmd_award },
  { "import sales", N_("Impor struk penjualan dari CSV"), cmd_import_sales },
  { NULL, NULL, NULL },
};
