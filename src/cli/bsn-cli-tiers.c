/* bsn-cli-tiers.c — tier tables (show, set, history) and program bonuses
 * (add, list, end). */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-bonus.h"
#include "bsn-cli.h"
#include "bsn-error.h"
#include "bsn-money.h"
#include "bsn-store.h"
#include "bsn-tiers.h"

static void
json_version (BsnCli               *cli,
              const BsnTierVersion *v)
{
  g_autofree char *from = bsn_time_format_iso (v->effective_from);

  json_builder_begin_object (cli->out);
  bsn_cli_json_int (cli, "id", v->id);
  bsn_cli_json_str (cli, "scheme", bsn_scheme_to_string (v->scheme));
  bsn_cli_json_str (cli, "name", v->name);
  bsn_cli_json_str (cli, "effective_from", from);
  bsn_cli_json_str (cli, "author", v->author);
  bsn_cli_json_str (cli, "reason", v->reason);
  json_builder_end_object (cli->out);
}

static const char *
row_level (BsnScheme scheme,
           BsnBand   band,
           gint      tier)
{
  return scheme == BSN_SCHEME_STOPWATCH ? bsn_level_name_stopwatch (band, tier) : bsn_level_name_lelang (tier);
}

static void
print_grid (BsnCli             *cli,
            const BsnTierTable *t)
{
  BsnScheme scheme = t->version.scheme;

  json_builder_set_member_name (cli->out, "levels");
  json_builder_begin_array (cli->out);
  for (gint band = 0; band < 2; band++)
    for (gint tier = 1; tier <= 3; tier++)
      {
        const char *level = row_level (scheme, band ? BSN_BAND_HIGH : BSN_BAND_LOW, tier);
        json_builder_begin_object (cli->out);
        bsn_cli_json_str (cli, "band", band ? "high" : "low");
        bsn_cli_json_str (cli, "level", level);
        json_builder_set_member_name (cli->out, "rates_bp");
        json_builder_begin_object (cli->out);
        bsn_cli_print (cli, "%-5s %-9s", band ? "≥15%" : "<15%", level);
        for (gint col = 0; col < 10; col++)
          {
            gint key = scheme == BSN_SCHEME_STOPWATCH ? (col + 1) % 10 : col + 1;
            gint32 rate = 0;
            g_autofree char *name = scheme == BSN_SCHEME_STOPWATCH ? g_strdup_printf ("%d", key)
                                                                   : g_strdup (bsn_slot_to_roman (key));
            g_autofree char *shown = NULL;

            bsn_tier_table_lookup (t, band ? BSN_BAND_HIGH : BSN_BAND_LOW, tier, key, &rate);
            bsn_cli_json_int (cli, name, rate);
            shown = bsn_bp_format (rate);
            bsn_cli_print (cli, " %7s", shown);
          }
        bsn_cli_print (cli, "\n");
        json_builder_end_object (cli->out);
        json_builder_end_object (cli->out);
      }
  json_builder_end_array (cli->out);
}

static int
cmd_tiers_show (BsnCli *cli,
                int     argc,
                char  **argv)
{
  g_autofree char *scheme = NULL, *at = NULL;
  GOptionEntry entries[] = {
    { "scheme", 0, 0, G_OPTION_ARG_STRING, &scheme, N_("stopwatch, lelang atau siaga"), "SKEMA" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Tabel yang berlaku pada waktu ini (bawaan sekarang)"), "WAKTU" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnTierTable) t = NULL;
  GError *error = NULL;
  BsnScheme s;
  BsnTime when;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "tiers show", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, scheme, "--scheme", &code))
    return code;
  when = bsn_time_now ();
  if (!bsn_scheme_parse (scheme, &s, &error) || (at && !bsn_time_parse (at, &when, &error)))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if ((t = bsn_tiers_table_at (db, s, when, &error)) == NULL)
    return bsn_cli_fail (cli, error);

  bsn_cli_json_str (cli, "scheme", bsn_scheme_to_string (s));
  bsn_cli_json_int (cli, "tier_version", t->version.id);
  json_builder_set_member_name (cli->out, "version");
  json_version (cli, &t->version);
  {
    g_autofree char *from = bsn_time_format_date (t->version.effective_from);
    bsn_cli_print (cli, _("%s — versi #%" G_GINT64_FORMAT " “%s”, berlaku sejak %s\n"), bsn_scheme_label (s),
                   t->version.id, t->version.name, from);
  }
  if (s == BSN_SCHEME_SIAGA)
    {
      json_builder_set_member_name (cli->out, "thresholds");
      json_builder_begin_array (cli->out);
      for (guint i = 0; i < t->rates->len; i++)
        {
          const BsnTierRate *r = &g_array_index (t->rates, BsnTierRate, i);
          g_autofree char *rate = bsn_bp_format (r->rate_bp);
          json_builder_begin_object (cli->out);
          bsn_cli_json_int (cli, "points", r->key);
          bsn_cli_json_int (cli, "rate_bp", r->rate_bp);
          json_builder_end_object (cli->out);
          bsn_cli_print (cli, _("  poin status ≥ %4d → %s\n"), r->key, rate);
        }
      json_builder_end_array (cli->out);
    }
  else
    {
      if (s == BSN_SCHEME_STOPWATCH)
        bsn_cli_print (cli, "%-15s %7s %7s %7s %7s %7s %7s %7s %7s %7s %7s\n", "", "1", "2", "3", "4", "5", "6",
                       "7", "8", "9", "0");
      else
        bsn_cli_print (cli, "%-15s %7s %7s %7s %7s %7s %7s %7s %7s %7s %7s\n", "", "I", "II", "III", "IV", "V",
                       "VI", "VII", "VIII", "IX", "X");
      print_grid (cli, t);
    }
  return BSN_EXIT_OK;
}

/* Resolves --level (and --band) into the cell's band and tier. */
static gboolean
parse_level (BsnScheme    scheme,
             const char  *level,
             const char  *band,
             BsnTierEdit *e,
             GError     **error)
{
  if (scheme == BSN_SCHEME_SIAGA)
    return TRUE;
  if (level == NULL)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("--level wajib untuk stopwatch dan lelang waktu"));
      return FALSE;
    }
  if (scheme == BSN_SCHEME_STOPWATCH)
    {
      for (gint b = 0; b < 2; b++)
        for (gint tier = 1; tier <= 3; tier++)
          if (g_ascii_strcasecmp (level, bsn_level_name_stopwatch (b ? BSN_BAND_HIGH : BSN_BAND_LOW, tier)) == 0)
            {
              e->band = b ? BSN_BAND_HIGH : BSN_BAND_LOW;
              e->tier = tier;
              return TRUE;
            }
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Level stopwatch “%s” tidak dikenal: Basic, Standard, Plus, Premium, Elite atau Pro"), level);
      return FALSE;
    }
  for (gint tier = 1; tier <= 3; tier++)
    if (g_ascii_strcasecmp (level, bsn_level_name_lelang (tier)) == 0)
      {
        e->tier = tier;
        e->all_bands = band == NULL;
        return band == NULL || bsn_band_parse (band, &e->band, error);
      }
  g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
               _("Level lelang waktu “%s” tidak dikenal: Silver, Gold atau Platinum"), level);
  return FALSE;
}

static int
cmd_tiers_set (BsnCli *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *scheme = NULL, *level = NULL, *band = NULL, *digit = NULL, *slot = NULL, *threshold = NULL;
  g_autofree char *rate_bp = NULL, *rate = NULL, *from = NULL, *reason = NULL, *author = NULL;
  GOptionEntry entries[] = {
    { "scheme", 0, 0, G_OPTION_ARG_STRING, &scheme, N_("stopwatch, lelang atau siaga"), "SKEMA" },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level, N_("Level (Basic…Pro, Silver/Gold/Platinum)"), "L" },
    { "band", 0, 0, G_OPTION_ARG_STRING, &band, N_("Lelang: hanya rentang low atau high (bawaan keduanya)"), "low|high" },
    { "digit", 0, 0, G_OPTION_ARG_STRING, &digit, N_("Stopwatch: angka keberuntungan"), "D" },
    { "slot", 0, 0, G_OPTION_ARG_STRING, &slot, N_("Lelang: slot I…X"), "SLOT" },
    { "threshold-points", 0, 0, G_OPTION_ARG_STRING, &threshold, N_("Siaga: ambang poin status"), "N" },
    { "rate-bp", 0, 0, G_OPTION_ARG_STRING, &rate_bp, N_("Tarif baru dalam basis poin (1 % = 100)"), "N" },
    { "rate", 0, 0, G_OPTION_ARG_STRING, &rate, N_("Tarif baru dalam persen, misalnya 6,5"), "P" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Mulai berlaku"), "WAKTU" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Alasan perubahan"), "TEKS" },
    { "author", 0, 0, G_OPTION_ARG_STRING, &author, N_("Nama pengubah, hanya untuk basis data tanpa pengguna (bila ada pengguna, yang masuk dengan --user yang tercatat)"), "NAMA" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  BsnTierEdit e = { 0 };
  GError *error = NULL;
  BsnScheme s;
  BsnTime when;
  gint64 version, v;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "tiers set", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, scheme, "--scheme", &code) || !bsn_cli_require (cli, from, "--from", &code)
      || !bsn_cli_require (cli, reason, "--reason", &code))
    return code;
  if (rate_bp == NULL && rate == NULL)
    return bsn_cli_usage (cli, _("--rate-bp wajib diisi"));
  if (!bsn_scheme_parse (scheme, &s, &error) || !bsn_time_parse (from, &when, &error)
      || !parse_level (s, level, band, &e, &error))
    return bsn_cli_fail (cli, error);
  if (rate_bp != NULL)
    {
      if (!bsn_cli_parse_int (rate_bp, "--rate-bp", 0, BSN_BP_100_PERCENT, &v, &error))
        return bsn_cli_fail (cli, error);
      e.rate_bp = (gint32) v;
    }
  else if (!bsn_bp_parse (rate, &e.rate_bp, &error))
    return bsn_cli_fail (cli, error);

  if (s == BSN_SCHEME_STOPWATCH)
    {
      if (digit == NULL)
        return bsn_cli_usage (cli, _("--digit wajib untuk stopwatch"));
      if (!bsn_cli_parse_int (digit, "--digit", 0, 9, &v, &error))
        return bsn_cli_fail (cli, error);
      e.key = (gint) v;
    }
  else if (s == BSN_SCHEME_LELANG)
    {
      if (slot == NULL)
        return bsn_cli_usage (cli, _("--slot wajib untuk lelang waktu"));
      if (!bsn_slot_parse (slot, &e.key, &error))
        return bsn_cli_fail (cli, error);
    }
  else
    {
      if (threshold == NULL)
        return bsn_cli_usage (cli, _("--threshold-points wajib untuk voucher siaga"));
      if (!bsn_cli_parse_int (threshold, "--threshold-points", 0, 10000000, &v, &error))
        return bsn_cli_fail (cli, error);
      e.key = (gint) v;
    }
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  version = bsn_tiers_edit (db, s, &e, 1, when, author ? author : g_get_user_name (), reason, warnings, &error);
  if (version == 0)
    return bsn_cli_fail (cli, error);

  bsn_cli_json_int (cli, "tier_version", version);
  bsn_cli_json_str (cli, "scheme", bsn_scheme_to_string (s));
  bsn_cli_json_time (cli, "effective_from", when);
  json_builder_set_member_name (cli->out, "warnings");
  json_builder_begin_array (cli->out);
  for (guint i = 0; i < warnings->len; i++)
    json_builder_add_string_value (cli->out, g_ptr_array_index (warnings, i));
  json_builder_end_array (cli->out);
  {
    g_autofree char *d = bsn_time_format_datetime (when);
    bsn_cli_print (cli, _("Versi #%" G_GINT64_FORMAT " tabel %s dibuat, berlaku sejak %s.\n"), version,
                   bsn_scheme_label (s), d);
  }
  for (guint i = 0; i < warnings->len; i++)
    bsn_cli_print (cli, _("Peringatan: %s\n"), (char *) g_ptr_array_index (warnings, i));
  return BSN_EXIT_OK;
}

static int
cmd_tiers_history (BsnCli *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *scheme = NULL;
  GOptionEntry entries[] = {
    { "scheme", 0, 0, G_OPTION_ARG_STRING, &scheme, N_("Hanya skema ini"), "SKEMA" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GPtrArray) list = NULL;
  GError *error = NULL;
  BsnScheme s = 0;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "tiers history", "", entries, &argc, &argv, 0, &code))
    return code;
  if (scheme && !bsn_scheme_parse (scheme, &s, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if ((list = bsn_tiers_history (db, scheme ? (gint) s : -1, &error)) == NULL)
    return bsn_cli_fail (cli, error);
  json_builder_set_member_name (cli->out, "versions");
  json_builder_begin_array (cli->out);
  for (guint i = 0; i < list->len; i++)
    {
      BsnTierVersion *v = g_ptr_array_index (list, i);
      g_autofree char *d = bsn_time_format_datetime (v->effective_from);
      json_version (cli, v);
      bsn_cli_print (cli, "#%-4" G_GINT64_FORMAT " %-14s %-32s %s  %s — %s\n", v->id, bsn_scheme_label (v->scheme),
                     v->name, d, v->author, v->reason);
    }
  json_builder_end_array (cli->out);
  return BSN_EXIT_OK;
}

static int
cmd_tiers_import (BsnCli *cli,
                  int     argc,
                  char  **argv)
{
  g_autofree char *scheme = NULL, *from = NULL, *reason = NULL, *author = NULL, *text = NULL;
  GOptionEntry entries[] = {
    { "scheme", 0, 0, G_OPTION_ARG_STRING, &scheme, N_("stopwatch, lelang atau siaga"), "SKEMA" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Mulai berlaku"), "WAKTU" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Alasan perubahan"), "TEKS" },
    { "author", 0, 0, G_OPTION_ARG_STRING, &author, N_("Nama pengubah, hanya untuk basis data tanpa pengguna (bila ada pengguna, yang masuk dengan --user yang tercatat)"), "NAMA" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) edits = NULL;
  GError *error = NULL;
  BsnScheme s;
  BsnTime when;
  gsize len = 0;
  gint64 version;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "tiers import", "BERKAS.csv", entries, &argc, &argv, 1, &code)
      || !bsn_cli_require (cli, scheme, "--scheme", &code) || !bsn_cli_require (cli, from, "--from", &code)
      || !bsn_cli_require (cli, reason, "--reason", &code))
    return code;
  if (!bsn_scheme_parse (scheme, &s, &error) || !bsn_time_parse (from, &when, &error)
      || !g_file_get_contents (argv[1], &text, &len, &error)
      || (edits = bsn_tiers_parse_csv (s, text, len, &error)) == NULL)
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  version = bsn_tiers_edit (db, s, (BsnTierEdit *) edits->data, edits->len, when, author ? author : g_get_user_name (),
                            reason, warnings, &error);
  if (version == 0)
    return bsn_cli_fail (cli, error);
  bsn_cli_json_int (cli, "tier_version", version);
  bsn_cli_json_int (cli, "cells", edits->len);
  json_builder_set_member_name (cli->out, "warnings");
  json_builder_begin_array (cli->out);
  for (guint i = 0; i < warnings->len; i++)
    json_builder_add_string_value (cli->out, g_ptr_array_index (warnings, i));
  json_builder_end_array (cli->out);
  bsn_cli_print (cli, _("Versi #%" G_GINT64_FORMAT " dibuat dari %u tarif.\n"), version, edits->len);
  return BSN_EXIT_OK;
}

static gboolean
parse_funding (const char   *text,
               BsnBonusRule *rule,
               GError      **error)
{
  g_auto(GStrv) parts = g_strsplit (text ? text : "", "/", -1);
  gint32 bp[3];

  if (g_strv_length (parts) != 3)
    {
      g_strfreev (parts);
      parts = g_strsplit (text ? text : "", ":", -1);
    }
  if (g_strv_length (parts) != 3)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("--funding ditulis PRODUSEN/RITEL/BSN dalam persen, misalnya 45/35/20"));
      return FALSE;
    }
  for (guint i = 0; i < 3; i++)
    if (!bsn_bp_parse (parts[i], &bp[i], error))
      return FALSE;
  rule->produsen_bp = bp[0];
  rule->ritel_bp = bp[1];
  rule->bsn_bp = bp[2];
  return TRUE;
}

static int
cmd_bonus_add (BsnCli *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *code_opt = NULL, *name = NULL, *kind = NULL, *rate = NULL, *funding = NULL, *store = NULL;
  g_autofree char *min_amount = NULL, *every = NULL, *from = NULL, *to = NULL, *points = NULL;
  GOptionEntry entries[] = {
    { "code", 0, 0, G_OPTION_ARG_STRING, &code_opt, N_("Kode aturan"), "KODE" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Nama aturan"), "N" },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind,
      N_("surprise_goods, surprise_points, siaga, stopwatch, lelang, registration, referral"), "JENIS" },
    { "rate", 0, 0, G_OPTION_ARG_STRING, &rate, N_("Besar bonus dalam persen belanja"), "P" },
    { "points", 0, 0, G_OPTION_ARG_STRING, &points, N_("Poin tetap (registration, referral)"), "N" },
    { "funding", 0, 0, G_OPTION_ARG_STRING, &funding, N_("Pendanaan PRODUSEN/RITEL/BSN dalam persen"), "P/R/B" },
    { "store", 0, 0, G_OPTION_ARG_STRING, &store, N_("Hanya toko ini"), "S" },
    { "min-amount", 0, 0, G_OPTION_ARG_STRING, &min_amount, N_("Belanja minimal"), "RP" },
    { "every", 0, 0, G_OPTION_ARG_STRING, &every, N_("Hanya tiap struk ke-N"), "N" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Berlaku sejak"), "WAKTU" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Berlaku sampai (tidak termasuk)"), "WAKTU" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnBonusRule) rule = bsn_bonus_rule_new ();
  GError *error = NULL;
  gint64 v;
  BsnDb *db;
  int code = 0;

  gboolean fixed;

  if (!bsn_cli_parse (cli, "bonus add", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, kind, "--kind", &code))
    return code;
  /* Registration and referral give fixed points and name themselves. */
  fixed = g_strcmp0 (kind, "registration") == 0 || g_strcmp0 (kind, "referral") == 0;
  if ((!fixed && (!bsn_cli_require (cli, code_opt, "--code", &code) || !bsn_cli_require (cli, name, "--name", &code)
                  || !bsn_cli_require (cli, rate, "--rate", &code)))
      || (fixed && !bsn_cli_require (cli, points, "--points", &code))
      || !bsn_cli_require (cli, funding, "--funding", &code))
    return code;
  rule->code = g_strdup (code_opt);
  rule->name = g_strdup (name);
  rule->kind = g_strdup (kind);
  if ((rate && !bsn_bp_parse (rate, &rule->rate_bp, &error))
      || (points && !bsn_points_parse (points, &rule->points_rp, &error))
      || !parse_funding (funding, rule, &error)
      || (min_amount && !bsn_money_parse_nonneg (min_amount, &rule->min_amount_rp, &error))
      || (from && !bsn_time_parse (from, &rule->valid_from, &error))
      || (to && !bsn_time_parse (to, &rule->valid_to, &error)))
    return bsn_cli_fail (cli, error);
  if (every)
    {
      if (!bsn_cli_parse_int (every, "--every", 1, 1000000, &v, &error))
        return bsn_cli_fail (cli, error);
      rule->every_nth = (gint) v;
    }
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if (store)
    {
      g_autoptr(BsnStore) s = bsn_store_find (db, store, &error);
      if (s == NULL)
        return bsn_cli_fail (cli, error);
      rule->store_id = s->id;
    }
  if (!bsn_bonus_rule_add (db, rule, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_json_int (cli, "rule", rule->id);
  bsn_cli_json_str (cli, "code", rule->code);
  bsn_cli_json_str (cli, "kind", rule->kind);
  if (rule->points_rp > 0)
    bsn_cli_json_int (cli, "points_rp", rule->points_rp);
  bsn_cli_print (cli, _("Aturan bonus %s (%s) ditambahkan.\n"), rule->code, bsn_bonus_kind_label (rule->kind));
  return BSN_EXIT_OK;
}

static int
cmd_bonus_list (BsnCli *cli,
                int     argc,
                char  **argv)
{
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  g_autoptr(GPtrArray) list = NULL;
  GError *error = NULL;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "bonus list", "", entries, &argc, &argv, 0, &code) || (db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if ((list = bsn_bonus_rule_list (db, &error)) == NULL)
    return bsn_cli_fail (cli, error);
  json_builder_set_member_name (cli->out, "rules");
  json_builder_begin_array (cli->out);
  for (guint i = 0; i < list->len; i++)
    {
      BsnBonusRule *r = g_ptr_array_index (list, i);
      g_autofree char *rate = bsn_bp_format (r->rate_bp);
      g_autofree char *p = bsn_bp_format (r->produsen_bp);
      g_autofree char *t = bsn_bp_format (r->ritel_bp);
      g_autofree char *b = bsn_bp_format (r->bsn_bp);
      json_builder_begin_object (cli->out);
      bsn_cli_json_str (cli, "code", r->code);
      bsn_cli_json_str (cli, "name", r->name);
      bsn_cli_json_str (cli, "kind", r->kind);
      bsn_cli_json_int (cli, "rate_bp", r->rate_bp);
      bsn_cli_json_int (cli, "produsen_bp", r->produsen_bp);
      bsn_cli_json_int (cli, "ritel_bp", r->ritel_bp);
      bsn_cli_json_int (cli, "bsn_bp", r->bsn_bp);
      bsn_cli_json_int (cli, "every", r->every_nth);
      bsn_cli_json_time (cli, "from", r->valid_from);
      if (r->valid_to)
        bsn_cli_json_time (cli, "to", r->valid_to);
      json_builder_end_object (cli->out);
      bsn_cli_print (cli, _("%-12s %-34s %s, dana produsen %s · ritel %s · BSN %s\n"), r->code, r->name, rate, p, t,
                     b);
    }
  json_builder_end_array (cli->out);
  if (list->len == 0)
    bsn_cli_print (cli, _("Belum ada aturan bonus.\n"));
  return BSN_EXIT_OK;
}

static int
cmd_bonus_end (BsnCli *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *code_opt = NULL, *at = NULL;
  GOptionEntry entries[] = {
    { "code", 0, 0, G_OPTION_ARG_STRING, &code_opt, N_("Kode aturan"), "KODE" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Berakhir pada (bawaan sekarang)"), "WAKTU" },
    G_OPTION_ENTRY_NULL
  };
  GError *error = NULL;
  BsnTime when = bsn_time_now ();
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "bonus end", "", entries, &argc, &argv, 0, &code)
      || !bsn_cli_require (cli, code_opt, "--code", &code))
    return code;
  if (at && !bsn_time_parse (at, &when, &error))
    return bsn_cli_fail (cli, error);
  if ((db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  if (!bsn_bonus_rule_end (db, code_opt, when, &error))
    return bsn_cli_fail (cli, error);
  bsn_cli_print (cli, _("Aturan bonus %s diakhiri.\n"), code_opt);
  return BSN_EXIT_OK;
}

const BsnCliCommand bsn_cli_tiers_commands[] = {
  { "tiers show", N_("Tampilkan tabel tingkat yang berlaku (--scheme [--at])"), cmd_tiers_show },
  { "tiers set", N_("Ubah satu tarif sebagai versi baru (--from --reason)"), cmd_tiers_set },
  { "tiers history", N_("Riwayat versi tabel tingkat"), cmd_tiers_history },
  { "tiers import", N_("Versi baru dari berkas CSV band,level,key,rate"), cmd_tiers_import },
  { "bonus add", N_("Tambah aturan bonus program"), cmd_bonus_add },
  { "bonus list", N_("Daftar aturan bonus program"), cmd_bonus_list },
  { "bonus end", N_("Akhiri aturan bonus program"), cmd_bonus_end },
  { NULL, NULL, NULL },
};
