/* bsn-cli-ledger.c — the point ledger: opening, balance, reverse, list,
 * show and verify. */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-cli.h"
#include "bsn-customer.h"
#include "bsn-error.h"
#include "bsn-expiry.h"
#include "bsn-chain.h"
#include "bsn-ledger.h"
#include "bsn-money.h"
#include "bsn-store.h"

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
print_balance (BsnCli            *cli,
               const BsnCustomer *c,
               gint64             balance,
               gint64             status)
{
  g_autofree char *b = bsn_points_format (balance);
  g_autofree char *s = bsn_points_format (status);
  g_autofree char *brp = bsn_money_format (balance);

  bsn_cli_json_str (cli, "customer", c->code);
  bsn_cli_json_str (cli, "name", c->name);
  bsn_cli_json_int (cli, "balance_rp", balance);
  bsn_cli_json_int (cli, "status_rp", status);
  bsn_cli_json_str (cli, "balance_points", b);
  bsn_cli_json_str (cli, "status_points", s);
  bsn_cli_print (cli, _("%s (%s): saldo %s (%s), poin status %s\n"), c->code, c->name, b, brp, s);
}

static int
cmd_opening (BsnCli *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *customer = NULL, *points = NULL, *at = NULL;
  GOptionEntry entries[] = {
    { "customer", 0, 0, G_OPTION_ARG_STRING, &customer, N_("Kode pelanggan"), "C" },
    { "points", 0, 0, G_OPTION_ARG_STRING, &points, N_("Poin saldo awal (1 poin = Rp1.000)"), "N" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Waktu pencatatan (bawaan sekarang)"), "WAKTU" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnCustomer) c = NULL;
  GError *error = NULL;
  gint64 points_rp, id = 0, balance = 0, status = 0;
  gboolean duplicate = FALSE;
  BsnTime when;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "ledger opening", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, customer, "--customer", &code)
      || !bsn_cli_require (cli, points, "--points", &code))
    return code;
  if (!bsn_points_parse (points, &points_rp, &error) || !parse_at (at, &when, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if ((c = bsn_customer_find (db, customer, &error)) == NULL
      || !bsn_ledger_post_opening (db, c->id, points_rp, when, &id, &duplicate, &error)
      || !bsn_ledger_customer_balance (db, c->id, &balance, &status, &error))
    return bsn_cli_fail (cli, error);

  bsn_cli_json_int (cli, "posting", id);
  bsn_cli_json_bool (cli, "duplicate", duplicate);
  if (duplicate)
    bsn_cli_print (cli, _("Saldo awal ini sudah tercatat (posting #%" G_GINT64_FORMAT "); tidak ada yang berubah.\n"), id);
  else
    bsn_cli_print (cli, _("Saldo awal dicatat (posting #%" G_GINT64_FORMAT ").\n"), id);
  print_balance (cli, c, balance, status);
  return BSN_EXIT_OK;
}

static int
cmd_balance (BsnCli *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *customer = NULL, *at = NULL;
  GOptionEntry entries[] = {
    { "customer", 0, 0, G_OPTION_ARG_STRING, &customer, N_("Kode pelanggan"), "C" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Poin yang akan hangus sesudah waktu ini (bawaan sekarang)"), "WAKTU" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnCustomer) c = NULL;
  g_autoptr(GArray) expiring = NULL;
  GError *error = NULL;
  gint64 balance = 0, status = 0;
  BsnTime when;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "ledger balance", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, customer, "--customer", &code))
    return code;
  if (!parse_at (at, &when, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if ((c = bsn_customer_find (db, customer, &error)) == NULL
      || !bsn_ledger_customer_balance (db, c->id, &balance, &status, &error)
      || (expiring = bsn_expiry_upcoming (db, c->id, when, &error)) == NULL)
    return bsn_cli_fail (cli, error);
  print_balance (cli, c, balance, status);
  json_builder_set_member_name (cli->out, "expiring");
  json_builder_begin_array (cli->out);
  for (guint i = 0; i < expiring->len; i++)
    {
      const BsnExpiring *e = &g_array_index (expiring, BsnExpiring, i);
      g_autofree char *money = bsn_money_format (e->value_rp);
      g_autofree char *date = bsn_time_format_datetime (e->at);

      json_builder_begin_object (cli->out);
      bsn_cli_json_time (cli, "at", e->at);
      bsn_cli_json_int (cli, "value_rp", e->value_rp);
      json_builder_end_object (cli->out);
      bsn_cli_print (cli, _("  %s hangus pada %s\n"), money, date);
    }
  json_builder_end_array (cli->out);
  return BSN_EXIT_OK;
}

static int
cmd_reverse (BsnCli *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *posting = NULL, *reason = NULL, *at = NULL;
  GOptionEntry entries[] = {
    { "posting", 0, 0, G_OPTION_ARG_STRING, &posting, N_("Nomor posting yang dibatalkan"), "ID" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Alasan pembatalan"), "TEKS" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Waktu pembatalan (bawaan sekarang)"), "WAKTU" },
    G_OPTION_ENTRY_NULL
  };
  GError *error = NULL;
  gint64 id, new_id = 0;
  BsnTime when;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "ledger reverse", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, posting, "--posting", &code)
      || !bsn_cli_require (cli, reason, "--reason", &code))
    return code;
  if (!bsn_cli_parse_int (posting, "--posting", 1, G_MAXINT64, &id, &error) || !parse_at (at, &when, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if (!bsn_ledger_reverse (db, id, reason, when, &new_id, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_json_int (cli, "posting", new_id);
  bsn_cli_json_int (cli, "reverses", id);
  bsn_cli_print (cli, _("Posting #%" G_GINT64_FORMAT " dibatalkan oleh posting #%" G_GINT64_FORMAT ".\n"),
                 id, new_id);
  return BSN_EXIT_OK;
}

static int
cmd_list (BsnCli *cli,
          int     argc,
          char  **argv)
{
  g_autofree char *customer = NULL, *store = NULL, *from = NULL, *to = NULL, *limit = NULL, *offset = NULL;
  GOptionEntry entries[] = {
    { "customer", 0, 0, G_OPTION_ARG_STRING, &customer, N_("Hanya pelanggan ini"), "C" },
    { "store", 0, 0, G_OPTION_ARG_STRING, &store, N_("Hanya toko ini"), "S" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Sejak tanggal (termasuk)"), "TTTT-BB-HH" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Sampai tanggal (termasuk)"), "TTTT-BB-HH" },
    { "limit", 0, 0, G_OPTION_ARG_STRING, &limit, N_("Paling banyak N baris (bawaan 50)"), "N" },
    { "offset", 0, 0, G_OPTION_ARG_STRING, &offset, N_("Lewati N baris terbaru"), "N" },
    G_OPTION_ENTRY_NULL
  };
  BsnPostingFilter filter = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  GError *error = NULL;
  gint64 n_limit = 50, n_offset = 0;
  guint64 total = 0;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "ledger list", "", entries, &argc, &argv, 0, &code))
    return code;
  if ((limit && !bsn_cli_parse_int (limit, "--limit", 1, 100000, &n_limit, &error))
      || (offset && !bsn_cli_parse_int (offset, "--offset", 0, G_MAXINT64, &n_offset, &error))
      || (from && !bsn_date_parse (from, &filter.from, &error))
      || (to && !bsn_date_parse (to, &filter.to, &error)))
    return bsn_cli_fail (cli, error);
  if (to)
    filter.to += BSN_SECONDS_PER_DAY;
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if (customer)
    {
      g_autoptr(BsnCustomer) c = bsn_customer_find (db, customer, &error);
      if (c == NULL)
        return bsn_cli_fail (cli, error);
      filter.customer_id = c->id;
    }
  if (store)
    {
      g_autoptr(BsnStore) s = bsn_store_find (db, store, &error);
      if (s == NULL)
        return bsn_cli_fail (cli, error);
      filter.store_id = s->id;
    }
  if (!bsn_ledger_count_postings (db, &filter, &total, &error)
      || (rows = bsn_ledger_list_postings (db, &filter, (guint64) n_offset, (guint) n_limit, &error)) == NULL)
    return bsn_cli_fail (cli, error);

  bsn_cli_json_int (cli, "total", (gint64) total);
  json_builder_set_member_name (cli->out, "postings");
  json_builder_begin_array (cli->out);
  for (guint i = 0; i < rows->len; i++)
    {
      BsnPostingRow *r = g_ptr_array_index (rows, i);
      g_autofree char *when = bsn_time_format_iso (r->at);
      g_autofree char *amount = bsn_money_format (r->amount_rp);

      json_builder_begin_object (cli->out);
      bsn_cli_json_int (cli, "id", r->id);
      bsn_cli_json_str (cli, "at", when);
      bsn_cli_json_str (cli, "kind", r->kind);
      bsn_cli_json_str (cli, "store", r->store_code);
      bsn_cli_json_str (cli, "customer", r->customer_code);
      bsn_cli_json_int (cli, "amount_rp", r->amount_rp);
      bsn_cli_json_str (cli, "memo", r->memo);
      if (r->reverses_id)
        bsn_cli_json_int (cli, "reverses", r->reverses_id);
      if (r->reversed_by)
        bsn_cli_json_int (cli, "reversed_by", r->reversed_by);
      json_builder_end_object (cli->out);
      bsn_cli_print (cli, "#%-8" G_GINT64_FORMAT " %s  %-22s %-10s %-10s %14s  %s%s\n", r->id, when,
                     bsn_posting_kind_label (r->kind), r->store_code ? r->store_code : "-",
                     r->customer_code ? r->customer_code : "-", amount, r->memo,
                     r->reversed_by ? _(" [dibatalkan]") : "");
    }
  json_builder_end_array (cli->out);
  if (total == 0)
    bsn_cli_print (cli, _("Buku poin kosong untuk saringan ini.\n"));
  return BSN_EXIT_OK;
}

/* verify opens the database read-only and never refuses it: a suspect
 * file is answered with ok false and its problems named. */
static int
cmd_verify (BsnCli *cli,
            int     argc,
            char  **argv)
{
  gboolean full = FALSE;
  g_autofree char *witness = NULL;
  GOptionEntry entries[] = {
    { "full", 0, 0, G_OPTION_ARG_NONE, &full, N_("Periksa keutuhan berkas secara penuh (integrity_check, lebih lama)"), NULL },
    { "witness", 0, 0, G_OPTION_ARG_STRING, &witness, N_("Periksa sidik buku lama: apakah N entri pertama masih ber-hash HEX"),
      N_("HEX@N") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnBookCheck) check = NULL;
  g_autoptr(GError) integrity = NULL;
  g_autofree char *fingerprint = NULL;
  BsnVerifyReport *report;
  GError *error = NULL;
  gboolean ok;
  BsnDb *db;
  int code = 0;

  cli->readonly = TRUE;
  if (!bsn_cli_parse (cli, "verify", "", entries, &argc, &argv, 0, &code)
      || (db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  check = bsn_chain_check_book (db, witness, &error);
  if (check == NULL)
    return bsn_cli_fail (cli, error);
  report = check->ledger;
  /* The file check reads every page (1.8 s of a 4 s verify at a million
   * receipts), so it is --full's; the ledger invariants are always checked. */
  if (full)
    bsn_db_check_integrity (db, TRUE, &integrity);
  ok = check->ok && integrity == NULL;
  fingerprint = bsn_chain_fingerprint (check->head, check->entries);

  bsn_cli_json_bool (cli, "ok", ok);
  bsn_cli_json_str (cli, "integrity", !full ? "not_checked" : integrity ? integrity->message : "ok");
  bsn_cli_json_int (cli, "postings", (gint64) report->postings);
  bsn_cli_json_int (cli, "legs", (gint64) report->legs);
  bsn_cli_json_int (cli, "accounts", (gint64) report->accounts);
  bsn_cli_json_str (cli, "head", check->head);
  bsn_cli_json_int (cli, "entries", (gint64) check->entries);
  if (witness != NULL)
    bsn_cli_json_bool (cli, "witness_ok", check->witness_ok);
  json_builder_set_member_name (cli->out, "problems");
  json_builder_begin_array (cli->out);
  for (guint i = 0; i < check->problems->len; i++)
    json_builder_add_string_value (cli->out, g_ptr_array_index (check->problems, i));
  for (guint i = 0; i < report->problems->len; i++)
    json_builder_add_string_value (cli->out, g_ptr_array_index (report->problems, i));
  json_builder_end_array (cli->out);

  if (integrity)
    bsn_cli_print (cli, "%s\n", integrity->message);
  for (guint i = 0; i < check->problems->len; i++)
    bsn_cli_print (cli, "%s\n", (const char *) g_ptr_array_index (check->problems, i));
  for (guint i = 0; i < report->problems->len; i++)
    bsn_cli_print (cli, "%s\n", (const char *) g_ptr_array_index (report->problems, i));
  bsn_cli_print (cli, ok ? _("Buku poin sehat: %" G_GUINT64_FORMAT " posting, %" G_GUINT64_FORMAT
                             " kaki, %" G_GUINT64_FORMAT " akun diperiksa.\n")
                         : _("Buku poin BERMASALAH (%" G_GUINT64_FORMAT " posting, %" G_GUINT64_FORMAT
                             " kaki, %" G_GUINT64_FORMAT " akun diperiksa).\n"),
                 report->postings, report->legs, report->accounts);
  bsn_cli_print (cli, "%s\n", fingerprint);
  if (witness != NULL)
    bsn_cli_print (cli, check->witness_ok ? _("Saksi %s: cocok.\n") : _("Saksi %s: TIDAK cocok.\n"), witness);
  return ok && (witness == NULL || check->witness_ok) ? BSN_EXIT_OK : BSN_EXIT_REFUSED;
}

const BsnCliCommand bsn_cli_ledger_commands[] = {
  { "ledger opening", N_("Catat saldo awal poin pelanggan (--customer --points)"), cmd_opening },
  { "ledger balance", N_("Saldo dan poin status pelanggan (--customer)"), cmd_balance },
  { "ledger reverse", N_("Batalkan posting dengan posting pembalik (--posting --reason)"), cmd_reverse },
  { "ledger list", N_("Daftar posting terbaru, dengan saringan"), cmd_list },
  { "verify", N_("Periksa seluruh buku poin dari kaki-kakinya"), cmd_verify },
  { NULL, NULL, NULL },
};
