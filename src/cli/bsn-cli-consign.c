/* bsn-cli-consign.c — titip jual from the command line. */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-cli.h"
#include "bsn-consign.h"
#include "bsn-customer.h"
#include "bsn-error.h"
#include "bsn-money.h"
#include "bsn-store.h"

static gboolean
parse_day (const char *text,
           gint64     *out_day,
           GError    **error)
{
  BsnTime t;

  if (text == NULL)
    {
      *out_day = bsn_time_day (bsn_time_now ());
      return TRUE;
    }
  if (!bsn_date_parse (text, &t, error))
    return FALSE;
  *out_day = bsn_time_day (t);
  return TRUE;
}

static char *
day_iso (gint64 day)
{
  return bsn_time_format_date_iso (day * BSN_SECONDS_PER_DAY);
}

/* The LOT argument: "12" or "#12". */
static gboolean
parse_lot (const char *text,
           gint64     *out,
           GError    **error)
{
  if (text && text[0] == '#')
    text++;
  return bsn_cli_parse_int (text, "LOT", 1, G_MAXINT64, out, error);
}

/* "capacity": N or null, and "capacity_from_lot": the earlier lot it was
 * taken from, or null when stated or unknown. */
static void
json_capacity (BsnCli       *cli,
               const BsnLot *lot)
{
  json_builder_set_member_name (cli->out, "capacity");
  if (lot->capacity >= 0)
    json_builder_add_int_value (cli->out, lot->capacity);
  else
    json_builder_add_null_value (cli->out);
  json_builder_set_member_name (cli->out, "capacity_from_lot");
  if (lot->capacity_lot_id > 0)
    json_builder_add_int_value (cli->out, lot->capacity_lot_id);
  else
    json_builder_add_null_value (cli->out);
}

static int
cmd_offer (BsnCli *cli,
           int     argc,
           char  **argv)
{
  g_autofree char *from = NULL, *to = NULL, *sku = NULL, *name = NULL, *qty = NULL, *cost = NULL, *price = NULL;
  g_autofree char *offered = NULL, *period = NULL, *stages = NULL, *scheme = NULL, *marketing = NULL, *bonus = NULL;
  g_autofree char *capacity = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Induk cabang pemilik barang"), "INDUK" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Anak cabang penjual"), "ANAK" },
    { "sku", 0, 0, G_OPTION_ARG_STRING, &sku, N_("Kode barang"), "SKU" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Nama barang"), "NAMA" },
    { "qty", 0, 0, G_OPTION_ARG_STRING, &qty, N_("Jumlah unit"), "N" },
    { "cost", 0, 0, G_OPTION_ARG_STRING, &cost, N_("Modal pokok per unit"), "RP" },
    { "price", 0, 0, G_OPTION_ARG_STRING, &price, N_("Harga jual yang disepakati per unit"), "RP" },
    { "offered", 0, 0, G_OPTION_ARG_STRING, &offered, N_("Tanggal penawaran"), "TTTT-BB-HH" },
    { "period-days", 0, 0, G_OPTION_ARG_STRING, &period, N_("Masa jual harga normal (hari)"), "N" },
    { "stage-days", 0, 0, G_OPTION_ARG_STRING, &stages, N_("Lama Tahap I, II, III (hari)"), "A,B,C" },
    { "scheme", 0, 0, G_OPTION_ARG_STRING, &scheme, N_("Skema kemitraan A atau B"), "A|B" },
    { "marketing-owner-pct", 0, 0, G_OPTION_ARG_STRING, &marketing, N_("Bagian biaya pemasaran pemilik (persen, bawaan 50)"), "P" },
    { "bonus-pct", 0, 0, G_OPTION_ARG_STRING, &bonus, N_("Poin tambahan untuk pembeli barang ini (persen)"), "P" },
    { "capacity", 0, 0, G_OPTION_ARG_STRING, &capacity,
      N_("Unit yang sanggup dijual anak dalam masa jual (bawaan: terjual di titipan sebelumnya yang sama lamanya)"), "N" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnLot) lot = bsn_lot_new ();
  g_autoptr(BsnStore) induk = NULL;
  g_autoptr(BsnStore) anak = NULL;
  g_auto(GStrv) parts = NULL;
  GError *error = NULL;
  gint64 v;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "consign offer", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, from, "--from", &code) || !bsn_cli_require (cli, to, "--to", &code)
      || !bsn_cli_require (cli, sku, "--sku", &code) || !bsn_cli_require (cli, name, "--name", &code)
      || !bsn_cli_require (cli, qty, "--qty", &code) || !bsn_cli_require (cli, cost, "--cost", &code)
      || !bsn_cli_require (cli, price, "--price", &code) || !bsn_cli_require (cli, offered, "--offered", &code)
      || !bsn_cli_require (cli, period, "--period-days", &code)
      || !bsn_cli_require (cli, stages, "--stage-days", &code) || !bsn_cli_require (cli, scheme, "--scheme", &code))
    return code;
  parts = g_strsplit (stages, ",", -1);
  if (g_strv_length (parts) != 3)
    return bsn_cli_fail (cli, g_error_new (BSN_ERROR, BSN_ERROR_INVALID,
                                           _("--stage-days perlu tiga angka dipisah koma, misalnya 7,7,7")));
  if (!bsn_cli_parse_int (qty, "--qty", 1, 100000000, &lot->qty, &error)
      || !bsn_money_parse (cost, &lot->cost_rp, &error) || !bsn_money_parse (price, &lot->price_rp, &error)
      || !parse_day (offered, &lot->offered_day, &error)
      || !bsn_cli_parse_int (period, "--period-days", 1, 3650, &v, &error))
    return bsn_cli_fail (cli, error);
  lot->period_days = (gint) v;
  for (guint i = 0; i < 3; i++)
    {
      g_strstrip (parts[i]);
      if (!bsn_cli_parse_int (parts[i], "--stage-days", 1, 3650, &v, &error))
        return bsn_cli_fail (cli, error);
      lot->stage_days[i] = (gint) v;
    }
  if (g_strcmp0 (scheme, "A") != 0 && g_strcmp0 (scheme, "B") != 0)
    return bsn_cli_fail (cli, g_error_new (BSN_ERROR, BSN_ERROR_INVALID, _("--scheme harus A atau B, bukan “%s”"), scheme));
  lot->scheme = scheme[0];
  if ((marketing && !bsn_bp_parse (marketing, &lot->marketing_owner_bp, &error))
      || (bonus && !bsn_bp_parse (bonus, &lot->bonus_bp, &error))
      || (capacity && !bsn_cli_parse_int (capacity, "--capacity", 0, 100000000, &lot->capacity, &error)))
    return bsn_cli_fail (cli, error);
  if (lot->cost_rp < 0 || lot->price_rp <= 0)
    return bsn_cli_fail (cli, g_error_new (BSN_ERROR, BSN_ERROR_INVALID,
                                           _("Modal pokok tidak boleh negatif dan harga jual harus lebih dari nol")));
  lot->sku = g_strdup (sku);
  lot->name = g_strdup (name);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if ((induk = bsn_store_find (db, from, &error)) == NULL || (anak = bsn_store_find (db, to, &error)) == NULL)
    return bsn_cli_fail (cli, error);
  lot->induk_id = induk->id;
  lot->anak_id = anak->id;
  if (!bsn_lot_offer (db, lot, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_json_int (cli, "lot", lot->id);
  json_capacity (cli, lot);
  bsn_cli_print (cli, _("Titipan #%" G_GINT64_FORMAT " ditawarkan %s → %s: %" G_GINT64_FORMAT " × %s.\n"), lot->id,
                 induk->code, anak->code, lot->qty, lot->name);
  if (lot->capacity >= 0 && lot->capacity_lot_id > 0)
    bsn_cli_print (cli, _("Kapasitas jual anak %" G_GINT64_FORMAT " unit (terjual di titipan #%" G_GINT64_FORMAT ").\n"),
                   lot->capacity, lot->capacity_lot_id);
  else if (lot->capacity >= 0)
    bsn_cli_print (cli, _("Kapasitas jual anak %" G_GINT64_FORMAT " unit.\n"), lot->capacity);
  return BSN_EXIT_OK;
}

static int
cmd_accept (BsnCli *cli,
            int     argc,
            char  **argv)
{
  g_autofree char *qty = NULL, *at = NULL;
  GOptionEntry entries[] = {
    { "qty", 0, 0, G_OPTION_ARG_STRING, &qty, N_("Terima lebih sedikit dari yang ditawarkan"), "N" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Tanggal (bawaan hari ini)"), "TTTT-BB-HH" },
    G_OPTION_ENTRY_NULL
  };
  GError *error = NULL;
  gint64 lot, n = 0, day;
  BsnLotStatus st;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "consign accept", "LOT", entries, &argc, &argv, 1, &code))
    return code;
  if (!parse_lot (argv[1], &lot, &error) || (qty && !bsn_cli_parse_int (qty, "--qty", 1, 100000000, &n, &error))
      || !parse_day (at, &day, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if (!bsn_lot_accept (db, lot, n, day, &error) || !bsn_lot_status (db, lot, day, &st, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_json_int (cli, "lot", lot);
  bsn_cli_json_int (cli, "accepted", st.accepted);
  bsn_cli_print (cli, _("Titipan #%" G_GINT64_FORMAT ": %" G_GINT64_FORMAT " dari %" G_GINT64_FORMAT " unit diterima.\n"),
                 lot, st.accepted, st.offered);
  return BSN_EXIT_OK;
}

static int
cmd_reject (BsnCli *cli,
            int     argc,
            char  **argv)
{
  g_autofree char *reason = NULL, *at = NULL;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Alasan penolakan"), "TEKS" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Tanggal (bawaan hari ini)"), "TTTT-BB-HH" },
    G_OPTION_ENTRY_NULL
  };
  GError *error = NULL;
  gint64 lot, day;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "consign reject", "LOT", entries, &argc, &argv, 1, &code)
      || !bsn_cli_require (cli, reason, "--reason", &code))
    return code;
  if (!parse_lot (argv[1], &lot, &error) || !parse_day (at, &day, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if (!bsn_lot_reject (db, lot, reason, day, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_json_int (cli, "lot", lot);
  bsn_cli_json_str (cli, "stage", "rejected");
  bsn_cli_print (cli, _("Titipan #%" G_GINT64_FORMAT " ditolak.\n"), lot);
  return BSN_EXIT_OK;
}

static int
cmd_sell (BsnCli *cli,
          int     argc,
          char  **argv)
{
  g_autofree char *qty = NULL, *at = NULL, *customer = NULL;
  GOptionEntry entries[] = {
    { "qty", 0, 0, G_OPTION_ARG_STRING, &qty, N_("Jumlah terjual"), "N" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Tanggal penjualan"), "TTTT-BB-HH" },
    { "customer", 0, 0, G_OPTION_ARG_STRING, &customer, N_("Pembeli (untuk poin tambahan barang titipan)"), "C" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnCustomer) c = NULL;
  GError *error = NULL;
  gint64 lot, n, day;
  BsnLotSale sale;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "consign sell", "LOT", entries, &argc, &argv, 1, &code)
      || !bsn_cli_require (cli, qty, "--qty", &code) || !bsn_cli_require (cli, at, "--at", &code))
    return code;
  if (!parse_lot (argv[1], &lot, &error) || !bsn_cli_parse_int (qty, "--qty", 1, 100000000, &n, &error)
      || !parse_day (at, &day, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if (customer && (c = bsn_customer_find (db, customer, &error)) == NULL)
    return bsn_cli_fail (cli, error);
  if (!bsn_lot_sell (db, lot, n, day, c ? c->id : 0, &sale, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_json_int (cli, "lot", lot);
  bsn_cli_json_str (cli, "stage", bsn_stage_to_string (sale.stage));
  bsn_cli_json_int (cli, "unit_price_rp", sale.unit_price_rp);
  bsn_cli_json_int (cli, "amount_rp", sale.amount_rp);
  bsn_cli_json_int (cli, "cost_rp", sale.cost_rp);
  bsn_cli_json_int (cli, "bonus_rp", sale.bonus_rp);
  {
    g_autofree char *unit = bsn_money_format (sale.unit_price_rp);
    g_autofree char *amount = bsn_money_format (sale.amount_rp);
    bsn_cli_print (cli, _("Terjual %" G_GINT64_FORMAT " unit pada %s: %s × %" G_GINT64_FORMAT " = %s.\n"), n,
                   bsn_stage_label (sale.stage), unit, n, amount);
  }
  return BSN_EXIT_OK;
}

static int
cmd_status (BsnCli *cli,
            int     argc,
            char  **argv)
{
  g_autofree char *at = NULL;
  GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Keadaan pada tanggal (bawaan hari ini)"), "TTTT-BB-HH" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnLot) l = NULL;
  GError *error = NULL;
  gint64 lot, day;
  BsnLotStatus st;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "consign status", "LOT", entries, &argc, &argv, 1, &code))
    return code;
  if (!parse_lot (argv[1], &lot, &error) || !parse_day (at, &day, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if ((l = bsn_lot_get (db, lot, &error)) == NULL || !bsn_lot_status (db, lot, day, &st, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_json_int (cli, "lot", lot);
  bsn_cli_json_str (cli, "sku", l->sku);
  bsn_cli_json_str (cli, "name", l->name);
  bsn_cli_json_str (cli, "from", l->induk_code);
  bsn_cli_json_str (cli, "to", l->anak_code);
  bsn_cli_json_str (cli, "stage", bsn_stage_to_string (st.stage));
  bsn_cli_json_int (cli, "unit_price_rp", st.unit_price_rp);
  bsn_cli_json_int (cli, "cost_rp", st.cost_rp);
  bsn_cli_json_int (cli, "offered", st.offered);
  bsn_cli_json_int (cli, "accepted", st.accepted);
  bsn_cli_json_int (cli, "sold", st.sold);
  bsn_cli_json_int (cli, "returned", st.returned);
  bsn_cli_json_int (cli, "remaining", st.remaining);
  bsn_cli_json_int (cli, "revenue_rp", st.revenue_rp);
  json_capacity (cli, l);
  bsn_cli_json_bool (cli, "over_capacity", st.over_capacity);
  if (st.stage_ends_day)
    {
      g_autofree char *end = day_iso (st.stage_ends_day);
      bsn_cli_json_str (cli, "next_stage_on", end);
      bsn_cli_json_int (cli, "days_left", st.stage_ends_day - day);
    }
  json_builder_set_member_name (cli->out, "stages");
  json_builder_begin_array (cli->out);
  for (guint i = 0; i < G_N_ELEMENTS (st.stages); i++)
    {
      json_builder_begin_object (cli->out);
      bsn_cli_json_int (cli, "stage", i + 1);
      bsn_cli_json_int (cli, "price_rp", st.stages[i].price_rp);
      bsn_cli_json_bool (cli, "below_cost", st.stages[i].below_cost);
      json_builder_end_object (cli->out);
    }
  json_builder_end_array (cli->out);
  {
    g_autofree char *price = bsn_money_format (st.unit_price_rp);
    bsn_cli_print (cli, _("Titipan #%" G_GINT64_FORMAT " %s (%s → %s): %s, harga %s\n"
                          "ditawarkan %" G_GINT64_FORMAT ", diterima %" G_GINT64_FORMAT ", terjual %" G_GINT64_FORMAT
                          ", dikembalikan %" G_GINT64_FORMAT ", sisa %" G_GINT64_FORMAT "\n"),
                   lot, l->name, l->induk_code, l->anak_code, bsn_stage_label (st.stage), price, st.offered,
                   st.accepted, st.sold, st.returned, st.remaining);
  }
  if (st.over_capacity)
    bsn_cli_print (cli, _("Perhatian: diterima %" G_GINT64_FORMAT " unit, melebihi kapasitas jual anak %" G_GINT64_FORMAT
                          " unit; anak menanggung 50 %% biaya pengembalian\n"),
                   st.accepted, st.capacity);
  for (guint i = 0; i < G_N_ELEMENTS (st.stages); i++)
    if (st.stages[i].below_cost)
      {
        g_autofree char *price = bsn_money_format (st.stages[i].price_rp);
        g_autofree char *cost = bsn_money_format (st.cost_rp);
        bsn_cli_print (cli, _("Perhatian: harga %s %s di bawah modal pokok %s\n"), bsn_stage_label (st.stages[i].stage),
                       price, cost);
      }
  return BSN_EXIT_OK;
}

static int
cmd_return (BsnCli *cli,
            int     argc,
            char  **argv)
{
  g_autofree char *at = NULL, *cost = NULL, *reason = NULL;
  gboolean over = FALSE;
  GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Tanggal pengembalian"), "TTTT-BB-HH" },
    { "over-capacity", 0, 0, G_OPTION_ARG_NONE, &over,
      N_("Tetapkan anak melebihi kapasitas jualnya walau tidak tercatat (menanggung 50 % biaya; perlu --reason)"), NULL },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Alasan penetapan --over-capacity (dicatat di jejak audit)"), "TEKS" },
    { "cost", 0, 0, G_OPTION_ARG_STRING, &cost, N_("Biaya pengembalian barang"), "RP" },
    G_OPTION_ENTRY_NULL
  };
  GError *error = NULL;
  gint64 lot, day, cost_rp = 0;
  BsnLotReturn r;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "consign return", "LOT", entries, &argc, &argv, 1, &code)
      || !bsn_cli_require (cli, at, "--at", &code))
    return code;
  if (over && (reason == NULL || *g_strstrip (reason) == '\0'))
    return bsn_cli_usage (cli, _("--over-capacity perlu --reason TEKS: alasan penetapan dicatat di jejak audit"));
  if (!over && reason != NULL)
    return bsn_cli_usage (cli, _("--reason hanya untuk --over-capacity"));
  if (!parse_lot (argv[1], &lot, &error) || !parse_day (at, &day, &error)
      || (cost && !bsn_money_parse_nonneg (cost, &cost_rp, &error)))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if (!bsn_lot_return (db, lot, day, over ? reason : NULL, cost_rp, &r, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_json_int (cli, "lot", lot);
  bsn_cli_json_int (cli, "returned", r.returned);
  bsn_cli_json_int (cli, "return_cost_rp", r.return_cost_rp);
  bsn_cli_json_int (cli, "return_cost_anak_rp", r.return_cost_anak_rp);
  bsn_cli_json_int (cli, "induk_compensation_rp", r.induk_compensation_rp);
  bsn_cli_json_bool (cli, "over_capacity", r.over_capacity);
  bsn_cli_json_bool (cli, "over_capacity_override", r.overridden);
  {
    g_autofree char *comp = bsn_money_format (r.induk_compensation_rp);
    g_autofree char *share = bsn_money_format (r.return_cost_anak_rp);
    bsn_cli_print (cli, _("%" G_GINT64_FORMAT " unit dikembalikan. Kompensasi untuk induk %s, biaya kembali ditanggung anak %s.\n"),
                   r.returned, comp, share);
  }
  return BSN_EXIT_OK;
}

static int
cmd_settle (BsnCli *cli,
            int     argc,
            char  **argv)
{
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  g_autoptr(BsnSettlement) s = NULL;
  GError *error = NULL;
  gint64 lot;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "consign settle", "LOT", entries, &argc, &argv, 1, &code))
    return code;
  if (!parse_lot (argv[1], &lot, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if ((s = bsn_lot_settle (db, lot, &error)) == NULL)
    return bsn_cli_fail (cli, error);
  bsn_cli_json_int (cli, "lot", lot);
  bsn_cli_json_int (cli, "revenue_rp", s->revenue_rp);
  bsn_cli_json_int (cli, "cost_rp", s->cost_rp);
  bsn_cli_json_int (cli, "profit_rp", s->profit_rp);
  bsn_cli_json_int (cli, "induk_rp", s->induk_rp);
  bsn_cli_json_int (cli, "produsen_rp", s->produsen_rp);
  bsn_cli_json_int (cli, "anak_rp", s->anak_rp);
  bsn_cli_json_int (cli, "induk_compensation_rp", s->induk_compensation_rp);
  bsn_cli_json_int (cli, "return_cost_anak_rp", s->return_cost_anak_rp);
  bsn_cli_json_int (cli, "marketing_rp", s->marketing_rp);
  bsn_cli_json_int (cli, "marketing_induk_rp", s->marketing_induk_rp);
  bsn_cli_json_int (cli, "marketing_anak_rp", s->marketing_anak_rp);
  bsn_cli_json_int (cli, "anak_pays_induk_rp", s->anak_pays_induk_rp);
  bsn_cli_json_bool (cli, "closed", s->closed);
  json_builder_set_member_name (cli->out, "sales");
  json_builder_begin_array (cli->out);
  for (guint i = 0; i < s->sales->len; i++)
    {
      BsnLotSaleLine *l = &g_array_index (s->sales, BsnLotSaleLine, i);
      g_autofree char *d = day_iso (l->day);
      json_builder_begin_object (cli->out);
      bsn_cli_json_int (cli, "event", l->event_id);
      bsn_cli_json_str (cli, "date", d);
      bsn_cli_json_str (cli, "stage", bsn_stage_to_string (l->stage));
      bsn_cli_json_int (cli, "qty", l->qty);
      bsn_cli_json_int (cli, "unit_price_rp", l->unit_price_rp);
      bsn_cli_json_int (cli, "amount_rp", l->amount_rp);
      bsn_cli_json_int (cli, "cost_rp", l->cost_rp);
      json_builder_end_object (cli->out);
      {
        g_autofree char *a = bsn_money_format (l->amount_rp);
        bsn_cli_print (cli, "  %s  %-18s %6" G_GINT64_FORMAT " unit  %14s\n", d, bsn_stage_label (l->stage), l->qty, a);
      }
    }
  json_builder_end_array (cli->out);
  {
    g_autofree char *rev = bsn_money_format (s->revenue_rp);
    g_autofree char *cost = bsn_money_format (s->cost_rp);
    g_autofree char *profit = bsn_money_format (s->profit_rp);
    g_autofree char *i = bsn_money_format (s->induk_rp);
    g_autofree char *p = bsn_money_format (s->produsen_rp);
    g_autofree char *a = bsn_money_format (s->anak_rp);
    g_autofree char *c = bsn_money_format (s->induk_compensation_rp);
    bsn_cli_print (cli, _("Pendapatan %s, modal pokok %s, laba %s\nBagi hasil: induk %s, produsen %s, anak %s\n"
                          "Kompensasi pengembalian untuk induk %s\n"),
                   rev, cost, profit, i, p, a, c);
  }
  return BSN_EXIT_OK;
}

static int
cmd_reprice (BsnCli *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *cost = NULL, *at = NULL, *reason = NULL;
  GOptionEntry entries[] = {
    { "cost", 0, 0, G_OPTION_ARG_STRING, &cost, N_("Modal pokok baru per unit"), "RP" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Berlaku sejak tanggal"), "TTTT-BB-HH" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Alasan"), "TEKS" },
    G_OPTION_ENTRY_NULL
  };
  GError *error = NULL;
  gint64 lot, day, rp;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "consign reprice", "LOT", entries, &argc, &argv, 1, &code)
      || !bsn_cli_require (cli, cost, "--cost", &code) || !bsn_cli_require (cli, reason, "--reason", &code))
    return code;
  if (!parse_lot (argv[1], &lot, &error) || !bsn_money_parse (cost, &rp, &error) || !parse_day (at, &day, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if (!bsn_lot_reprice (db, lot, rp, day, reason, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_json_int (cli, "lot", lot);
  bsn_cli_json_int (cli, "cost_rp", rp);
  bsn_cli_print (cli, _("Modal pokok titipan #%" G_GINT64_FORMAT " disesuaikan.\n"), lot);
  return BSN_EXIT_OK;
}

static int
cmd_marketing (BsnCli *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *amount = NULL, *at = NULL, *reason = NULL;
  GOptionEntry entries[] = {
    { "amount", 0, 0, G_OPTION_ARG_STRING, &amount, N_("Biaya pemasaran"), "RP" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Tanggal"), "TTTT-BB-HH" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Keterangan"), "TEKS" },
    G_OPTION_ENTRY_NULL
  };
  GError *error = NULL;
  gint64 lot, day, rp;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "consign marketing", "LOT", entries, &argc, &argv, 1, &code)
      || !bsn_cli_require (cli, amount, "--amount", &code))
    return code;
  if (!parse_lot (argv[1], &lot, &error) || !bsn_money_parse (amount, &rp, &error) || !parse_day (at, &day, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if (!bsn_lot_add_marketing (db, lot, rp, day, reason, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_json_int (cli, "lot", lot);
  bsn_cli_print (cli, _("Biaya pemasaran dicatat.\n"));
  return BSN_EXIT_OK;
}

static int
cmd_list (BsnCli *cli,
          int     argc,
          char  **argv)
{
  g_autofree char *store = NULL, *at = NULL;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_STRING, &store, N_("Hanya titipan induk atau anak ini"), "S" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Keadaan pada tanggal"), "TTTT-BB-HH" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GPtrArray) lots = NULL;
  GError *error = NULL;
  gint64 day, store_id = 0;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "consign list", "", entries, &argc, &argv, 0, &code))
    return code;
  if (!parse_day (at, &day, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if (store)
    {
      g_autoptr(BsnStore) s = bsn_store_find (db, store, &error);
      if (s == NULL)
        return bsn_cli_fail (cli, error);
      store_id = s->id;
    }
  if ((lots = bsn_lot_list (db, store_id, &error)) == NULL)
    return bsn_cli_fail (cli, error);
  json_builder_set_member_name (cli->out, "lots");
  json_builder_begin_array (cli->out);
  for (guint i = 0; i < lots->len; i++)
    {
      BsnLot *l = g_ptr_array_index (lots, i);
      BsnLotStatus st;
      if (!bsn_lot_status (db, l->id, day, &st, &error))
        return bsn_cli_fail (cli, error);
      json_builder_begin_object (cli->out);
      bsn_cli_json_int (cli, "lot", l->id);
      bsn_cli_json_str (cli, "sku", l->sku);
      bsn_cli_json_str (cli, "name", l->name);
      bsn_cli_json_str (cli, "from", l->induk_code);
      bsn_cli_json_str (cli, "to", l->anak_code);
      bsn_cli_json_str (cli, "stage", bsn_stage_to_string (st.stage));
      bsn_cli_json_int (cli, "accepted", st.accepted);
      bsn_cli_json_int (cli, "sold", st.sold);
      bsn_cli_json_int (cli, "remaining", st.remaining);
      json_capacity (cli, l);
      bsn_cli_json_bool (cli, "over_capacity", st.over_capacity);
      json_builder_end_object (cli->out);
      bsn_cli_print (cli, "#%-5" G_GINT64_FORMAT " %-10s %-28s %-8s → %-8s %-20s sisa %" G_GINT64_FORMAT "%s\n", l->id,
                     l->sku, l->name, l->induk_code, l->anak_code, bsn_stage_label (st.stage), st.remaining,
                     st.over_capacity ? _("  (melebihi kapasitas)") : "");
    }
  json_builder_end_array (cli->out);
  if (lots->len == 0)
    bsn_cli_print (cli, _("Belum ada titipan.\n"));
  return BSN_EXIT_OK;
}

const BsnCliCommand bsn_cli_consign_commands[] = {
  { "consign offer", N_("Induk menawarkan barang titipan ke anak cabang"), cmd_offer },
  { "consign accept", N_("Anak menerima titipan (atau sebagian, --qty)"), cmd_accept },
  { "consign reject", N_("Anak menolak titipan"), cmd_reject },
  { "consign sell", N_("Catat penjualan barang titipan pada harga tahapnya"), cmd_sell },
  { "consign status", N_("Keadaan titipan pada suatu tanggal"), cmd_status },
  { "consign return", N_("Kembalikan sisa barang ke induk"), cmd_return },
  { "consign settle", N_("Hitung penyelesaian dan bagi hasil titipan"), cmd_settle },
  { "consign reprice", N_("Sesuaikan modal pokok barang ketinggalan mode"), cmd_reprice },
  { "consign marketing", N_("Catat biaya pemasaran titipan"), cmd_marketing },
  { "consign list", N_("Daftar titipan"), cmd_list },
  { NULL, NULL, NULL },
};
