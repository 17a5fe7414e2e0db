/* bsn-cli-voucher.c — reserves, vouchers and settlement. */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-cli.h"
#include "bsn-customer.h"
#include "bsn-error.h"
#include "bsn-money.h"
#include "bsn-reserve.h"
#include "bsn-store.h"
#include "bsn-voucher.h"

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

static void
json_reserve (BsnCli                 *cli,
              const BsnStore         *s,
              const BsnReserveStatus *st)
{
  bsn_cli_json_str (cli, "store", s->code);
  bsn_cli_json_int (cli, "balance_rp", st->balance_rp);
  bsn_cli_json_int (cli, "required_rp", st->required_rp);
  bsn_cli_json_int (cli, "warnings", st->warnings);
  bsn_cli_json_bool (cli, "active", st->active);
  bsn_cli_json_str (cli, "method", st->method);
  {
    g_autofree char *b = bsn_money_format (st->balance_rp);
    g_autofree char *r = bsn_money_format (st->required_rp);
    bsn_cli_print (cli, _("Cadangan %s: %s dari kebutuhan %s · peringatan %" G_GINT64_FORMAT " · %s\n"), s->code, b, r,
                   st->warnings, st->active ? _("aktif") : _("NONAKTIF"));
  }
}

static int
cmd_reserve_move (BsnCli  *cli,
                  int      argc,
                  char   **argv,
                  gboolean deposit)
{
  g_autofree char *store = NULL, *amount = NULL, *at = NULL;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_STRING, &store, N_("Kode toko"), "S" },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &amount, N_("Jumlah"), "RP" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Waktu (bawaan sekarang)"), "WAKTU" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnStore) s = NULL;
  BsnReserveStatus st;
  GError *error = NULL;
  gint64 rp, posting = 0;
  BsnTime when;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, deposit ? "reserve deposit" : "reserve withdraw", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, store, "--store", &code) || !bsn_cli_require (cli, amount, "--amount", &code))
    return code;
  if (!bsn_money_parse_nonneg (amount, &rp, &error) || !parse_at (at, &when, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if ((s = bsn_store_find (db, store, &error)) == NULL
      || !(deposit ? bsn_reserve_deposit (db, s->id, rp, when, &posting, &error)
                   : bsn_reserve_withdraw (db, s->id, rp, when, &posting, &error))
      || !bsn_reserve_status (db, s->id, when, &st, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_json_int (cli, "posting", posting);
  json_reserve (cli, s, &st);
  bsn_reserve_status_clear (&st);
  return BSN_EXIT_OK;
}

static int
cmd_reserve_deposit (BsnCli *cli, int argc, char **argv)
{
  return cmd_reserve_move (cli, argc, argv, TRUE);
}

static int
cmd_reserve_withdraw (BsnCli *cli, int argc, char **argv)
{
  return cmd_reserve_move (cli, argc, argv, FALSE);
}

/* reserve status and reserve check: the same store and time, and the
 * same answer; check first records a warning or deactivation when due. */
static int
reserve_status_or_check (BsnCli     *cli,
                         int         argc,
                         char      **argv,
                         const char *name,
                         gboolean    check)
{
  g_autofree char *store = NULL, *at = NULL;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_STRING, &store, N_("Kode toko"), "S" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at,
      check ? N_("Hari pemeriksaan (bawaan sekarang)") : N_("Pada waktu (bawaan sekarang)"), "WAKTU" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnStore) s = NULL;
  BsnReserveStatus st;
  GError *error = NULL;
  BsnTime when;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, name, "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, store, "--store", &code))
    return code;
  if (!parse_at (at, &when, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if ((s = bsn_store_find (db, store, &error)) == NULL
      || (check && !bsn_reserve_check (db, s->id, when, &error))
      || !bsn_reserve_status (db, s->id, when, &st, &error))
    return bsn_cli_fail (cli, error);
  json_reserve (cli, s, &st);
  bsn_reserve_status_clear (&st);
  return BSN_EXIT_OK;
}

static int
cmd_reserve_status (BsnCli *cli,
                    int     argc,
                    char  **argv)
{
  return reserve_status_or_check (cli, argc, argv, "reserve status", FALSE);
}

static int
cmd_reserve_policy (BsnCli *cli,
                    int     argc,
                    char  **argv)
{
  g_autofree char *store = NULL, *customers = NULL, *avg = NULL, *days = NULL;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_STRING, &store, N_("Kode toko"), "S" },
    { "customers", 0, 0, G_OPTION_ARG_STRING, &customers, N_("Pelanggan setia + calon pelanggan"), "N" },
    { "avg-points", 0, 0, G_OPTION_ARG_STRING, &avg, N_("Rata-rata poin per transaksi"), "P" },
    { "days", 0, 0, G_OPTION_ARG_STRING, &days, N_("Atau: hari nilai poin yang diharapkan"), "N" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnStore) s = NULL;
  BsnReservePolicy p = { "customers", 50, 10, 3 };
  BsnReserveStatus st;
  GError *error = NULL;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "reserve policy", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, store, "--store", &code))
    return code;
  if (days && (customers || avg))
    return bsn_cli_usage (cli, _("Pilih --days atau --customers/--avg-points, tidak keduanya"));
  if (days)
    p.method = "days";
  if ((customers && !bsn_cli_parse_int (customers, "--customers", 0, 10000000, &p.customers, &error))
      || (avg && !bsn_cli_parse_int (avg, "--avg-points", 0, 1000000, &p.avg_points, &error))
      || (days && !bsn_cli_parse_int (days, "--days", 0, 366, &p.days, &error)))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if ((s = bsn_store_find (db, store, &error)) == NULL || !bsn_reserve_set_policy (db, s->id, &p, &error)
      || !bsn_reserve_status (db, s->id, bsn_time_now (), &st, &error))
    return bsn_cli_fail (cli, error);
  json_reserve (cli, s, &st);
  bsn_reserve_status_clear (&st);
  return BSN_EXIT_OK;
}

static int
cmd_reserve_check (BsnCli *cli,
                   int     argc,
                   char  **argv)
{
  return reserve_status_or_check (cli, argc, argv, "reserve check", TRUE);
}

static int
cmd_voucher_issue (BsnCli *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *customer = NULL, *value = NULL, *days = NULL, *at = NULL;
  GOptionEntry entries[] = {
    { "customer", 0, 0, G_OPTION_ARG_STRING, &customer, N_("Kode pelanggan"), "C" },
    { "value", 0, 0, G_OPTION_ARG_STRING, &value, N_("Nilai voucher"), "RP" },
    { "valid-days", 0, 0, G_OPTION_ARG_STRING, &days, N_("Masa berlaku (hari)"), "N" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Waktu terbit (bawaan sekarang)"), "WAKTU" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnCustomer) c = NULL;
  g_autoptr(BsnVoucher) v = NULL;
  GError *error = NULL;
  gint64 rp, n = 0;
  BsnTime when;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "voucher issue", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, customer, "--customer", &code) || !bsn_cli_require (cli, value, "--value", &code))
    return code;
  if (!bsn_money_parse_nonneg (value, &rp, &error) || !parse_at (at, &when, &error)
      || (days && !bsn_cli_parse_int (days, "--valid-days", 1, 3650, &n, &error)))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if ((c = bsn_customer_find (db, customer, &error)) == NULL
      || (v = bsn_voucher_issue (db, c->id, rp, when, (gint) n, &error)) == NULL)
    return bsn_cli_fail (cli, error);
  bsn_cli_json_str (cli, "code", v->code);
  bsn_cli_json_int (cli, "value_rp", v->value_rp);
  bsn_cli_json_str (cli, "customer", c->code);
  if (v->valid_until)
    bsn_cli_json_time (cli, "valid_until", v->valid_until);
  {
    g_autofree char *m = bsn_money_format (v->value_rp);
    bsn_cli_print (cli, _("Voucher %s senilai %s untuk %s.\n"), v->code, m, c->code);
  }
  return BSN_EXIT_OK;
}

static int
cmd_voucher_check (BsnCli *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *at = NULL;
  GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Pada waktu (bawaan sekarang)"), "WAKTU" },
    G_OPTION_ENTRY_NULL
  };
  BsnVoucherCheck check;
  GError *error = NULL;
  BsnTime when;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "voucher check", "KODE", entries, &argc, &argv, 1, &code))
    return code;
  if (!parse_at (at, &when, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if (!bsn_voucher_check (db, argv[1], when, &check, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_json_bool (cli, "valid", check.valid);
  bsn_cli_json_int (cli, "value_rp", check.value_rp);
  bsn_cli_json_str (cli, "reason", check.reason);
  bsn_cli_json_str (cli, "code", check.code);
  {
    g_autofree char *m = bsn_money_format (check.value_rp);
    if (check.valid)
      bsn_cli_print (cli, _("Voucher %s sah, senilai %s.\n"), check.code, m);
    else
      bsn_cli_print (cli, _("Voucher tidak dapat dipakai: %s\n"), check.reason);
  }
  bsn_voucher_check_clear (&check);
  return BSN_EXIT_OK;
}

static int
cmd_voucher_redeem (BsnCli *cli,
                    int     argc,
                    char  **argv)
{
  g_autofree char *store = NULL, *at = NULL;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_STRING, &store, N_("Toko yang menerima voucher"), "S" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Waktu penukaran (bawaan sekarang)"), "WAKTU" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnStore) s = NULL;
  GError *error = NULL;
  gint64 value = 0;
  BsnTime when;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "voucher redeem", "KODE", entries, &argc, &argv, 1, &code)
      || !bsn_cli_require (cli, store, "--store", &code))
    return code;
  if (!parse_at (at, &when, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if ((s = bsn_store_find (db, store, &error)) == NULL)
    return bsn_cli_fail (cli, error);
  if (!bsn_voucher_redeem (db, argv[1], s->id, when, &value, &error))
    {
      /* A voucher that cannot be taken is the domain refusing, whatever
       * the reason (unknown, used, expired, mistyped). */
      if (error->domain == BSN_ERROR && (error->code == BSN_ERROR_INVALID || error->code == BSN_ERROR_NOT_FOUND))
        error->code = BSN_ERROR_REFUSED;
      return bsn_cli_fail (cli, error);
    }
  bsn_cli_json_bool (cli, "redeemed", TRUE);
  bsn_cli_json_int (cli, "value_rp", value);
  bsn_cli_json_str (cli, "store", s->code);
  {
    g_autofree char *m = bsn_money_format (value);
    bsn_cli_print (cli, _("Voucher diterima di %s: %s.\n"), s->code, m);
  }
  return BSN_EXIT_OK;
}

static int
cmd_settlement (BsnCli *cli,
                int     argc,
                char  **argv)
{
  g_autofree char *from = NULL, *to = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Sejak tanggal (termasuk)"), "TTTT-BB-HH" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Sampai tanggal (termasuk)"), "TTTT-BB-HH" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GPtrArray) lines = NULL;
  GError *error = NULL;
  BsnTime f, t;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "settlement", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, from, "--from", &code) || !bsn_cli_require (cli, to, "--to", &code))
    return code;
  if (!bsn_date_parse (from, &f, &error) || !bsn_date_parse (to, &t, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if ((lines = bsn_voucher_settlement (db, f, t + BSN_SECONDS_PER_DAY, &error)) == NULL)
    return bsn_cli_fail (cli, error);
  json_builder_set_member_name (cli->out, "lines");
  json_builder_begin_array (cli->out);
  for (guint i = 0; i < lines->len; i++)
    {
      BsnSettlementLine *l = g_ptr_array_index (lines, i);
      g_autofree char *m = bsn_money_format (l->amount_rp);
      json_builder_begin_object (cli->out);
      bsn_cli_json_str (cli, "from_store", l->from_code);
      bsn_cli_json_str (cli, "to_store", l->to_code);
      bsn_cli_json_int (cli, "amount_rp", l->amount_rp);
      json_builder_end_object (cli->out);
      bsn_cli_print (cli, _("%-10s membayar %-10s %14s\n"), l->from_code, l->to_code, m);
    }
  json_builder_end_array (cli->out);
  if (lines->len == 0)
    bsn_cli_print (cli, _("Tidak ada penyelesaian antartoko pada periode ini.\n"));
  return BSN_EXIT_OK;
}

const BsnCliCommand bsn_cli_voucher_commands[] = {
  { "reserve deposit", N_("Setor cadangan Back Up Voucher toko"), cmd_reserve_deposit },
  { "reserve withdraw", N_("Tarik cadangan toko"), cmd_reserve_withdraw },
  { "reserve status", N_("Saldo, kebutuhan, peringatan dan status aktif cadangan"), cmd_reserve_status },
  { "reserve policy", N_("Cara menghitung kebutuhan cadangan toko"), cmd_reserve_policy },
  { "reserve check", N_("Periksa cadangan dan beri peringatan bila kurang dari 20 %"), cmd_reserve_check },
  { "voucher issue", N_("Tukar poin pelanggan menjadi voucher"), cmd_voucher_issue },
  { "voucher check", N_("Periksa kode voucher"), cmd_voucher_check },
  { "voucher redeem", N_("Terima voucher sebagai pembayaran di toko"), cmd_voucher_redeem },
  { "settlement", N_("Penyelesaian antartoko per periode"), cmd_settlement },
  { NULL, NULL, NULL },
};
