/* bsn-cli-quota.c — daily stock quotas: quota set, cap, stock, hours,
 * copy and status. */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-cli.h"
#include "bsn-error.h"
#include "bsn-money.h"
#include "bsn-quota.h"
#include "bsn-store.h"
#include "bsn-tiers.h"

/* Parses --store and --date, the two options every quota command has. */
static gboolean
store_day (BsnCli     *cli,
           BsnDb      *db,
           const char *store,
           const char *date,
           BsnStore  **out_store,
           gint64     *out_day,
           int        *code)
{
  GError *error = NULL;
  BsnTime t;

  if (!bsn_date_parse (date, &t, &error) || (*out_store = bsn_store_find (db, store, &error)) == NULL)
    {
      *code = bsn_cli_fail (cli, error);
      return FALSE;
    }
  *out_day = bsn_time_day (t);
  return TRUE;
}

static int
cmd_quota_set (BsnCli *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *store = NULL, *date = NULL, *min_purchase = NULL, *slot = NULL;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_STRING, &store, N_("Kode toko"), "S" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Tanggal"), "TTTT-BB-HH" },
    { "min-purchase", 0, 0, G_OPTION_ARG_STRING, &min_purchase, N_("Kuota belanja minimal per struk"), "RP" },
    { "slot", 0, 0, G_OPTION_ARG_STRING, &slot, N_("Hanya untuk satu slot (I…X)"), "SLOT" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnStore) s = NULL;
  GError *error = NULL;
  gint64 rp;
  BsnTime day;
  gint slot_n = 0;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "quota set", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, store, "--store", &code) || !bsn_cli_require (cli, date, "--date", &code)
      || !bsn_cli_require (cli, min_purchase, "--min-purchase", &code))
    return code;
  if (!bsn_date_parse (date, &day, &error) || !bsn_money_parse_nonneg (min_purchase, &rp, &error)
      || (slot && !bsn_slot_parse (slot, &slot_n, &error)))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if ((s = bsn_store_find (db, store, &error)) == NULL
      || !bsn_quota_set (db, s->id, bsn_time_day (day), slot_n, rp, &error))
    return bsn_cli_fail (cli, error);

  bsn_cli_json_str (cli, "store", s->code);
  bsn_cli_json_str (cli, "date", date);
  if (slot_n)
    bsn_cli_json_str (cli, "slot", bsn_slot_to_roman (slot_n));
  bsn_cli_json_int (cli, "min_purchase_rp", rp);
  {
    g_autofree char *m = bsn_money_format (rp);
    g_autofree char *d = bsn_time_format_date (day);
    if (slot_n)
      bsn_cli_print (cli, _("Kuota belanja minimal %s pada %s slot %s: %s.\n"), s->code, d,
                     bsn_slot_to_roman (slot_n), m);
    else
      bsn_cli_print (cli, _("Kuota belanja minimal %s pada %s: %s.\n"), s->code, d, m);
  }
  return BSN_EXIT_OK;
}

static int
cmd_quota_cap (BsnCli *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *store = NULL, *date = NULL, *recipients = NULL, *budget = NULL;
  gboolean clear = FALSE;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_STRING, &store, N_("Kode toko"), "S" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Tanggal"), "TTTT-BB-HH" },
    { "slot-recipients", 0, 0, G_OPTION_ARG_STRING, &recipients,
      N_("Paling banyak N struk per slot mendapat tarif di atas slot I"), "N" },
    { "daily-budget", 0, 0, G_OPTION_ARG_STRING, &budget, N_("Anggaran nilai poin per hari"), "RP" },
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear, N_("Hapus semua batas hari itu"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnStore) s = NULL;
  GError *error = NULL;
  gint64 n = -1, rp = -1, day;
  BsnDayPlan plan;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "quota cap", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, store, "--store", &code) || !bsn_cli_require (cli, date, "--date", &code))
    return code;
  if (!clear && recipients == NULL && budget == NULL)
    return bsn_cli_usage (cli, _("Sebutkan --slot-recipients, --daily-budget atau --clear"));
  if ((recipients && !bsn_cli_parse_int (recipients, "--slot-recipients", 0, 1000000, &n, &error))
      || (budget && !bsn_money_parse_nonneg (budget, &rp, &error)))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL || !store_day (cli, db, store, date, &s, &day, &code))
    return code;
  if ((clear && !bsn_day_plan_clear_caps (db, s->id, day, &error))
      || ((n >= 0 || rp >= 0) && !bsn_day_plan_set_caps (db, s->id, day, n, rp, &error))
      || !bsn_day_plan_get (db, s, day, &plan, &error))
    return bsn_cli_fail (cli, error);

  bsn_cli_json_str (cli, "store", s->code);
  bsn_cli_json_str (cli, "date", date);
  if (plan.slot_recipients >= 0)
    bsn_cli_json_int (cli, "slot_recipients", plan.slot_recipients);
  else
    bsn_cli_json_str (cli, "slot_recipients", NULL);
  if (plan.daily_budget_rp >= 0)
    bsn_cli_json_int (cli, "daily_budget_rp", plan.daily_budget_rp);
  else
    bsn_cli_json_str (cli, "daily_budget_rp", NULL);
  {
    g_autofree char *b = plan.daily_budget_rp >= 0 ? bsn_money_format (plan.daily_budget_rp) : g_strdup (_("tanpa batas"));
    g_autofree char *r = plan.slot_recipients >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, plan.slot_recipients)
                                                   : g_strdup (_("tanpa batas"));
    bsn_cli_print (cli, _("Batas %s pada %s: penerima tarif di atas slot I per slot %s, anggaran harian %s.\n"),
                   s->code, date, r, b);
  }
  return BSN_EXIT_OK;
}

static int
cmd_quota_stock (BsnCli *cli,
                 int     argc,
                 char  **argv)
{
  g_autofree char *store = NULL, *date = NULL, *item = NULL, *qty = NULL, *unit = NULL, *price = NULL;
  gboolean perishable = FALSE, remove = FALSE;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_STRING, &store, N_("Kode toko"), "S" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Tanggal"), "TTTT-BB-HH" },
    { "item", 0, 0, G_OPTION_ARG_STRING, &item, N_("Nama barang"), "NAMA" },
    { "qty", 0, 0, G_OPTION_ARG_STRING, &qty, N_("Jumlah, misalnya 100 atau 2,5"), "Q" },
    { "unit", 0, 0, G_OPTION_ARG_STRING, &unit, N_("Satuan (kg, ikat, buah …)"), "U" },
    { "price", 0, 0, G_OPTION_ARG_STRING, &price, N_("Harga per satuan"), "RP" },
    { "perishable", 0, 0, G_OPTION_ARG_NONE, &perishable, N_("Barang mudah rusak"), NULL },
    { "remove", 0, 0, G_OPTION_ARG_NONE, &remove, N_("Hapus barang ini dari stok hari itu"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnStore) s = NULL;
  g_autoptr(BsnStockLine) line = g_new0 (BsnStockLine, 1);
  GError *error = NULL;
  gint64 day;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "quota stock", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, store, "--store", &code) || !bsn_cli_require (cli, date, "--date", &code)
      || !bsn_cli_require (cli, item, "--item", &code))
    return code;
  if (!remove && (!bsn_cli_require (cli, qty, "--qty", &code) || !bsn_cli_require (cli, unit, "--unit", &code)
                  || !bsn_cli_require (cli, price, "--price", &code)))
    return code;
  if (!remove && (!bsn_qty_parse (qty, &line->qty_milli, &error)
                  || !bsn_money_parse_nonneg (price, &line->unit_price_rp, &error)))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL || !store_day (cli, db, store, date, &s, &day, &code))
    return code;
  line->item = g_strdup (item);
  line->unit = g_strdup (unit);
  line->perishable = perishable;
  if (remove ? !bsn_stock_remove (db, s->id, day, item, &error) : !bsn_stock_set (db, s->id, day, line, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_json_str (cli, "store", s->code);
  bsn_cli_json_str (cli, "date", date);
  bsn_cli_json_str (cli, "item", item);
  if (!remove)
    {
      g_autofree char *q = bsn_qty_format (line->qty_milli);
      g_autofree char *p = bsn_money_format (line->unit_price_rp);
      gint64 value = (gint64) ((__int128) line->qty_milli * line->unit_price_rp / 1000);
      g_autofree char *v = bsn_money_format (value);
      bsn_cli_json_int (cli, "qty_milli", line->qty_milli);
      bsn_cli_json_str (cli, "unit", unit);
      bsn_cli_json_int (cli, "price_rp", line->unit_price_rp);
      bsn_cli_json_int (cli, "value_rp", value);
      bsn_cli_json_bool (cli, "perishable", perishable);
      bsn_cli_print (cli, _("Stok %s %s: %s %s × %s = %s%s.\n"), s->code, date, q, unit, p, v,
                     perishable ? _(" (mudah rusak)") : "");
    }
  else
    bsn_cli_print (cli, _("%s dihapus dari stok %s %s.\n"), item, s->code, date);
  return BSN_EXIT_OK;
}

static int
cmd_quota_hours (BsnCli *cli,
                 int     argc,
                 char  **argv)
{
  g_autofree char *store = NULL, *date = NULL, *opening = NULL, *hours = NULL;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_STRING, &store, N_("Kode toko"), "S" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Tanggal"), "TTTT-BB-HH" },
    { "opening", 0, 0, G_OPTION_ARG_STRING, &opening, N_("Jam buka hari itu"), "JJ:MM" },
    { "hours", 0, 0, G_OPTION_ARG_STRING, &hours, N_("Lama buka hari itu"), "N" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnStore) s = NULL;
  GError *error = NULL;
  gint open_sec;
  gint64 h, day;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "quota hours", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, store, "--store", &code) || !bsn_cli_require (cli, date, "--date", &code)
      || !bsn_cli_require (cli, opening, "--opening", &code) || !bsn_cli_require (cli, hours, "--hours", &code))
    return code;
  if (!bsn_clock_parse (opening, &open_sec, &error) || !bsn_cli_parse_int (hours, "--hours", 1, 24, &h, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL || !store_day (cli, db, store, date, &s, &day, &code))
    return code;
  if (!bsn_day_plan_set_hours (db, s->id, day, open_sec, (gint) h, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_print (cli, _("%s pada %s buka %s selama %" G_GINT64_FORMAT " jam.\n"), s->code, date, opening, h);
  return BSN_EXIT_OK;
}

static int
cmd_quota_copy (BsnCli *cli,
                int     argc,
                char  **argv)
{
  g_autofree char *store = NULL, *date = NULL, *days = NULL;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_STRING, &store, N_("Kode toko"), "S" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Hari yang disalin"), "TTTT-BB-HH" },
    { "days", 0, 0, G_OPTION_ARG_STRING, &days, N_("Ke berapa hari berikutnya"), "N" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnStore) s = NULL;
  GError *error = NULL;
  gint64 n, day;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "quota copy", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, store, "--store", &code) || !bsn_cli_require (cli, date, "--date", &code)
      || !bsn_cli_require (cli, days, "--days", &code))
    return code;
  if (!bsn_cli_parse_int (days, "--days", 1, 366, &n, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL || !store_day (cli, db, store, date, &s, &day, &code))
    return code;
  if (!bsn_day_plan_copy (db, s->id, day, (guint) n, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_json_int (cli, "days", n);
  bsn_cli_print (cli, _("Rencana %s pada %s disalin ke %" G_GINT64_FORMAT " hari berikutnya.\n"), s->code, date, n);
  return BSN_EXIT_OK;
}

static int
cmd_quota_status (BsnCli *cli,
                  int     argc,
                  char  **argv)
{
  g_autofree char *store = NULL, *date = NULL;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_STRING, &store, N_("Kode toko"), "S" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Tanggal"), "TTTT-BB-HH" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnStore) s = NULL;
  g_autoptr(BsnDayStatus) st = NULL;
  GError *error = NULL;
  gint64 day;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "quota status", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, store, "--store", &code) || !bsn_cli_require (cli, date, "--date", &code))
    return code;
  if ((db = bsn_cli_db (cli, &code)) == NULL || !store_day (cli, db, store, date, &s, &day, &code))
    return code;
  if ((st = bsn_day_status (db, s->id, day, &error)) == NULL)
    return bsn_cli_fail (cli, error);

  bsn_cli_json_str (cli, "store", s->code);
  bsn_cli_json_str (cli, "date", date);
  bsn_cli_json_int (cli, "stock_rp", st->stock_rp);
  bsn_cli_json_int (cli, "sales_rp", st->sales_rp);
  bsn_cli_json_int (cli, "reward_rp", st->reward_rp);
  bsn_cli_json_int (cli, "unsold_rp", st->unsold_rp);
  bsn_cli_json_int (cli, "outside_hours_rp", st->outside_rp);
  if (st->unit)
    {
      bsn_cli_json_int (cli, "stock_qty_milli", st->stock_qty_milli);
      bsn_cli_json_str (cli, "unit", st->unit);
    }
  if (st->plan.slot_recipients >= 0)
    bsn_cli_json_int (cli, "slot_recipients", st->plan.slot_recipients);
  if (st->plan.daily_budget_rp >= 0)
    bsn_cli_json_int (cli, "daily_budget_rp", st->plan.daily_budget_rp);
  json_builder_set_member_name (cli->out, "slots");
  json_builder_begin_array (cli->out);
  {
    g_autofree char *stock = bsn_money_format (st->stock_rp);
    bsn_cli_print (cli, _("%s, %s — stok %s\n"), s->code, date, stock);
    bsn_cli_print (cli, "%-5s %-11s %14s %14s %14s %8s %12s %7s\n", _("Slot"), _("Jam"), _("Target"), _("Penjualan"),
                   _("Kuota"), _("Dapat"), _("Poin"), _("Dibatasi"));
  }
  for (gint i = 0; i < 10; i++)
    {
      BsnSlotStatus *sl = &st->slots[i];
      g_autofree char *from = bsn_clock_format (bsn_time_second_of_day (sl->start));
      g_autofree char *to = bsn_clock_format (bsn_time_second_of_day (sl->end));
      g_autofree char *target = bsn_money_format (sl->target_rp);
      g_autofree char *sales = bsn_money_format (sl->sales_rp);
      g_autofree char *quota = bsn_money_format (sl->quota_rp);
      g_autofree char *reward = bsn_money_format (sl->reward_rp);

      json_builder_begin_object (cli->out);
      bsn_cli_json_str (cli, "slot", bsn_slot_to_roman (sl->slot));
      bsn_cli_json_str (cli, "from", from);
      bsn_cli_json_str (cli, "to", to);
      bsn_cli_json_int (cli, "target_rp", sl->target_rp);
      if (st->unit)
        bsn_cli_json_int (cli, "target_qty_milli", sl->target_qty_milli);
      bsn_cli_json_int (cli, "quota_rp", sl->quota_rp);
      bsn_cli_json_int (cli, "sales_rp", sl->sales_rp);
      bsn_cli_json_int (cli, "receipts", sl->receipts);
      bsn_cli_json_int (cli, "rewarded", sl->rewarded);
      bsn_cli_json_int (cli, "reward_rp", sl->reward_rp);
      bsn_cli_json_int (cli, "capped", sl->capped);
      bsn_cli_json_int (cli, "stock_left_rp", sl->stock_left_rp);
      json_builder_end_object (cli->out);
      bsn_cli_print (cli, "%-5s %s–%s %14s %14s %14s %8" G_GINT64_FORMAT " %12s %7" G_GINT64_FORMAT "\n",
                     bsn_slot_to_roman (sl->slot), from, to, target, sales, quota, sl->rewarded, reward, sl->capped);
    }
  json_builder_end_array (cli->out);
  {
    g_autofree char *unsold = bsn_money_format (st->unsold_rp);
    bsn_cli_print (cli, _("Sisa stok belum terjual: %s\n"), unsold);
  }
  return BSN_EXIT_OK;
}

const BsnCliCommand bsn_cli_quota_commands[] = {
  { "quota set", N_("Tetapkan kuota belanja minimal toko per hari (atau per slot)"), cmd_quota_set },
  { "quota cap", N_("Batas penerima per slot dan anggaran poin harian"), cmd_quota_cap },
  { "quota stock", N_("Catat stok barang hari itu"), cmd_quota_stock },
  { "quota hours", N_("Jam buka khusus hari itu"), cmd_quota_hours },
  { "quota copy", N_("Salin rencana hari ke hari-hari berikutnya"), cmd_quota_copy },
  { "quota status", N_("Penjualan terhadap target per slot, poin dan batas"), cmd_quota_status },
  { NULL, NULL, NULL },
};
