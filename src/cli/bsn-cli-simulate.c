/* bsn-cli-simulate.c — `tiers simulate`: what a draft table, a level or a
 * bonus would have cost over a period (bsn-simulate.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-cli.h"
#include "bsn-error.h"
#include "bsn-money.h"
#include "bsn-expiry.h"
#include "bsn-simulate.h"
#include "bsn-store.h"

static void
json_sim_store (BsnCli            *cli,
                const BsnSimStore *s)
{
  json_builder_begin_object (cli->out);
  /* The total has every key too: its store is null. */
  json_builder_set_member_name (cli->out, "store");
  if (s->store != NULL)
    json_builder_add_string_value (cli->out, s->store);
  else
    json_builder_add_null_value (cli->out);
  bsn_cli_json_int (cli, "sales_rp", s->sales_rp);
  bsn_cli_json_int (cli, "cost_rp", s->cost_rp);
  bsn_cli_json_int (cli, "cost_draft_rp", s->cost_draft_rp);
  bsn_cli_json_int (cli, "cost_pct_bp", s->cost_pct_bp);
  bsn_cli_json_int (cli, "cost_draft_pct_bp", s->cost_draft_pct_bp);
  bsn_cli_json_int (cli, "margin_min_bp", s->margin_min_bp);
  bsn_cli_json_bool (cli, "safe", s->safe);
  bsn_cli_json_int (cli, "expired_rp", s->expired_rp);
  bsn_cli_json_int (cli, "expired_draft_rp", s->expired_draft_rp);
  json_builder_end_object (cli->out);
}

static void
print_sim_store (BsnCli            *cli,
                 const BsnSimStore *s)
{
  g_autofree char *cost = bsn_money_format (s->cost_rp);
  g_autofree char *draft = bsn_money_format (s->cost_draft_rp);
  g_autofree char *pct = bsn_bp_format ((gint32) CLAMP (s->cost_pct_bp, 0, G_MAXINT32));
  g_autofree char *draft_pct = bsn_bp_format ((gint32) CLAMP (s->cost_draft_pct_bp, 0, G_MAXINT32));

  bsn_cli_print (cli, "%-10s %18s (%s) → %18s (%s)  %s\n", s->store ? s->store : _("Total"), cost, pct, draft,
                 draft_pct, s->safe ? _("aman") : _("di bawah margin minimum aman"));
}

static gboolean
read_changes (BsnDb          *db,
              const char     *scheme,
              const char     *draft,
              char          **levels,
              const char     *bonus_file,
              BsnSimRequest  *req,
              GError        **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;

  if (draft != NULL)
    {
      if (!bsn_scheme_parse (scheme, &req->draft_scheme, error) || !g_file_get_contents (draft, &text, &len, error)
          || (req->draft_edits = bsn_tiers_parse_csv (req->draft_scheme, text, len, error)) == NULL)
        return FALSE;
      req->has_draft = TRUE;
      g_clear_pointer (&text, g_free);
    }
  req->levels = g_array_new (FALSE, FALSE, sizeof (BsnSimLevel));
  for (guint i = 0; levels != NULL && levels[i] != NULL; i++)
    {
      BsnSimLevel l;
      if (!bsn_sim_level_parse (db, levels[i], &l, error))
        return FALSE;
      g_array_append_val (req->levels, l);
    }
  if (bonus_file != NULL
      && (!g_file_get_contents (bonus_file, &text, &len, error)
          || (req->bonus_rules = bsn_sim_parse_bonus_csv (db, text, len, error)) == NULL))
    return FALSE;
  return TRUE;
}

static int
cmd_tiers_simulate (BsnCli *cli,
                    int     argc,
                    char  **argv)
{
  g_autofree char *from = NULL, *to = NULL, *store = NULL, *scheme = NULL, *draft = NULL, *bonus_file = NULL;
  g_auto(GStrv) levels = NULL;
  gint expiry_months = -1;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Sejak hari toko (termasuk)"), "TTTT-BB-HH" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Sampai hari toko (termasuk)"), "TTTT-BB-HH" },
    { "store", 0, 0, G_OPTION_ARG_STRING, &store, N_("Hanya toko ini"), "KODE" },
    { "scheme", 0, 0, G_OPTION_ARG_STRING, &scheme, N_("Skema tabel draf: stopwatch, lelang atau siaga"), "SKEMA" },
    { "draft", 0, 0, G_OPTION_ARG_STRING, &draft, N_("Tabel draf (CSV band,level,key,rate)"), "BERKAS.csv" },
    { "level", 0, 0, G_OPTION_ARG_STRING_ARRAY, &levels, N_("Level toko dalam simulasi (boleh berulang)"),
      "TOKO=LEVEL" },
    { "bonus-file", 0, 0, G_OPTION_ARG_STRING, &bonus_file,
      N_("Aturan bonus tambahan (CSV kind,rate,funding,store,min_amount,every)"), "BERKAS" },
    { "expiry-months", 0, 0, G_OPTION_ARG_INT, &expiry_months,
      N_("Kebijakan masa berlaku poin dalam simulasi: hangus N bulan setelah struk (0 = tidak hangus)"), "N" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnSimResult) result = NULL;
  g_autoptr(GArray) edits = NULL, level_list = NULL;
  g_autoptr(GPtrArray) bonus_rules = NULL;
  BsnSimRequest req = { 0 };
  GError *error = NULL;
  BsnTime f, t;
  BsnDb *db;
  int code = 0;
  gboolean ok;

  if (!bsn_cli_parse (cli, "tiers simulate", NULL, entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, from, "--from", &code) || !bsn_cli_require (cli, to, "--to", &code))
    return code;
  if (draft != NULL && !bsn_cli_require (cli, scheme, "--scheme", &code))
    return code;
  if (scheme != NULL && draft == NULL)
    return bsn_cli_usage (cli, _("--scheme hanya dipakai bersama --draft"));
  if (expiry_months != -1 && (expiry_months < 0 || expiry_months > BSN_EXPIRY_MAX_MONTHS))
    return bsn_cli_usage (cli, _("--expiry-months harus 0 sampai 120"));
  req.has_expiry = expiry_months != -1;
  req.expiry_months = MAX (expiry_months, 0);
  if (!bsn_date_parse (from, &f, &error) || !bsn_date_parse (to, &t, &error))
    return bsn_cli_fail (cli, error);
  req.from_day = bsn_time_day (f);
  req.to_day = bsn_time_day (t);
  if (req.to_day < req.from_day)
    return bsn_cli_usage (cli, _("--to tidak boleh sebelum --from"));
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if (store != NULL)
    {
      g_autoptr(BsnStore) s = bsn_store_find (db, store, &error);
      if (s == NULL)
        return bsn_cli_fail (cli, error);
      req.store_id = s->id;
    }
  ok = read_changes (db, scheme, draft, levels, bonus_file, &req, &error);
  edits = req.draft_edits;
  level_list = req.levels;
  bonus_rules = req.bonus_rules;
  if (!ok || (result = bsn_simulate (db, &req, &error)) == NULL)
    return bsn_cli_fail (cli, error);

  json_builder_set_member_name (cli->out, "stores");
  json_builder_begin_array (cli->out);
  for (guint i = 0; i < result->stores->len; i++)
    json_sim_store (cli, g_ptr_array_index (result->stores, i));
  json_builder_end_array (cli->out);
  json_builder_set_member_name (cli->out, "total");
  json_sim_store (cli, &result->total);
  for (guint i = 0; i < result->stores->len; i++)
    print_sim_store (cli, g_ptr_array_index (result->stores, i));
  print_sim_store (cli, &result->total);
  return BSN_EXIT_OK;
}

const BsnCliCommand bsn_cli_simulate_commands[] = {
  { "tiers simulate", N_("Biaya periode bila tabel draf, level, bonus atau masa berlaku poin diterapkan (--from --to)"),
    cmd_tiers_simulate },
  { NULL, NULL, NULL },
};
