/* bsn-cli-registry.c — store and customer commands. */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-cli.h"
#include "bsn-customer.h"
#include "bsn-error.h"
#include "bsn-money.h"
#include "bsn-store.h"
#include "bsn-tiers.h"

static void
json_store (BsnCli         *cli,
            const BsnStore *s)
{
  g_autofree char *opening = bsn_clock_format (s->opening_sec);

  json_builder_begin_object (cli->out);
  bsn_cli_json_int (cli, "id", s->id);
  bsn_cli_json_str (cli, "code", s->code);
  bsn_cli_json_str (cli, "name", s->name);
  bsn_cli_json_str (cli, "role", bsn_store_role_to_string (s->role));
  bsn_cli_json_str (cli, "parent", s->parent_code);
  bsn_cli_json_str (cli, "band", bsn_band_to_string (s->band));
  bsn_cli_json_str (cli, "level", bsn_store_level_name (s));
  bsn_cli_json_str (cli, "stopwatch_level", bsn_level_name_stopwatch (s->band, s->tier));
  bsn_cli_json_str (cli, "lelang_level", bsn_level_name_lelang (s->tier));
  bsn_cli_json_str (cli, "scheme", bsn_schemes_to_string (s->schemes));
  bsn_cli_json_str (cli, "opening", opening);
  bsn_cli_json_int (cli, "hours", s->hours);
  bsn_cli_json_int (cli, "margin_bp", s->margin_bp);
  bsn_cli_json_int (cli, "min_purchase_rp", s->min_purchase_rp);
  bsn_cli_json_bool (cli, "active", s->active);
  json_builder_end_object (cli->out);
}

/* Fills @s from option strings; any bad value is an input error. */
static gboolean
store_from_options (BsnDb      *db,
                    BsnStore   *s,
                    const char *code,
                    const char *name,
                    const char *role,
                    const char *parent,
                    const char *band,
                    const char *level,
                    const char *scheme,
                    const char *opening,
                    const char *hours,
                    const char *margin,
                    const char *min_purchase,
                    GError    **error)
{
  gint64 v;

  if (code != NULL)
    g_free (s->code), s->code = g_strdup (code);
  if (name != NULL)
    g_free (s->name), s->name = g_strdup (name);
  if (role != NULL && !bsn_store_role_parse (role, &s->role, error))
    return FALSE;
  if (band != NULL)
    {
      if (!bsn_band_parse (band, &s->band, error))
        return FALSE;
      if (margin == NULL)
        s->margin_bp = bsn_band_default_margin_bp (s->band);
    }
  if (level != NULL && !bsn_level_parse (level, s->band, &s->tier, error))
    return FALSE;
  if (scheme != NULL && !bsn_schemes_parse (scheme, &s->schemes, error))
    return FALSE;
  if (opening != NULL && !bsn_clock_parse (opening, &s->opening_sec, error))
    return FALSE;
  if (hours != NULL)
    {
      if (!bsn_cli_parse_int (hours, "--hours", 1, 24, &v, error))
        return FALSE;
      s->hours = (gint) v;
    }
  if (margin != NULL)
    {
      if (!bsn_cli_parse_int (margin, "--margin-bp", 0, 10000, &v, error))
        return FALSE;
      s->margin_bp = (gint32) v;
    }
  if (min_purchase != NULL && !bsn_money_parse_nonneg (min_purchase, &s->min_purchase_rp, error))
    return FALSE;
  if (parent != NULL)
    {
      if (*parent == '\0')
        s->parent_id = 0;
      else
        {
          g_autoptr(BsnStore) p = bsn_store_find (db, parent, error);
          if (p == NULL)
            return FALSE;
          s->parent_id = p->id;
        }
    }
  return TRUE;
}

static int
cmd_store_add_or_edit (BsnCli  *cli,
                       int      argc,
                       char   **argv,
                       gboolean edit)
{
  g_autofree char *code = NULL, *name = NULL, *role = NULL, *parent = NULL, *band = NULL;
  g_autofree char *level = NULL, *scheme = NULL, *opening = NULL, *hours = NULL, *margin = NULL;
  g_autofree char *min_purchase = NULL, *active = NULL;
  GOptionEntry entries[] = {
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, N_("Kode toko"), "S" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Nama toko"), "N" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("Peran: induk, anak atau toko"), "PERAN" },
    { "parent", 0, 0, G_OPTION_ARG_STRING, &parent, N_("Kode induk cabang"), "S" },
    { "band", 0, 0, G_OPTION_ARG_STRING, &band, N_("Rentang keuntungan: low (< 15 %) atau high (≥ 15 %)"), "low|high" },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level, N_("Level: Basic…Pro atau Silver/Gold/Platinum"), "L" },
    { "scheme", 0, 0, G_OPTION_ARG_STRING, &scheme, N_("Skema: stopwatch, lelang atau both"), "SKEMA" },
    { "opening", 0, 0, G_OPTION_ARG_STRING, &opening, N_("Jam buka"), "JJ:MM" },
    { "hours", 0, 0, G_OPTION_ARG_STRING, &hours, N_("Lama buka dalam jam (bawaan 10)"), "N" },
    { "margin-bp", 0, 0, G_OPTION_ARG_STRING, &margin, N_("Margin rata-rata dalam basis poin (1 % = 100)"), "N" },
    { "min-purchase", 0, 0, G_OPTION_ARG_STRING, &min_purchase, N_("Kuota belanja minimal bawaan"), "RP" },
    { "active", 0, 0, G_OPTION_ARG_STRING, &active, N_("Aktif: yes atau no"), "yes|no" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnStore) s = NULL;
  GError *error = NULL;
  BsnDb *db;
  int code_rc = 0;

  if (!bsn_cli_parse (cli, edit ? "store edit" : "store add", "", entries, &argc, &argv, 0, &code_rc)
      || !bsn_cli_require (cli, code, "--code", &code_rc))
    return code_rc;
  if (!edit && (!bsn_cli_require (cli, name, "--name", &code_rc)
                || !bsn_cli_require (cli, role, "--role", &code_rc)
                || !bsn_cli_require (cli, band, "--band", &code_rc)
                || !bsn_cli_require (cli, level, "--level", &code_rc)
                || !bsn_cli_require (cli, scheme, "--scheme", &code_rc)
                || !bsn_cli_require (cli, opening, "--opening", &code_rc)))
    return code_rc;
  if ((db = bsn_cli_db (cli, &code_rc)) == NULL)
    return code_rc;

  if (edit)
    {
      s = bsn_store_find (db, code, &error);
      if (s == NULL)
        return bsn_cli_fail (cli, error);
    }
  else
    s = bsn_store_new ();
  if (!store_from_options (db, s, edit ? NULL : code, name, role, parent, band, level, scheme, opening,
                           hours, margin, min_purchase, &error))
    return bsn_cli_fail (cli, error);
  if (active != NULL)
    {
      if (g_strcmp0 (active, "yes") != 0 && g_strcmp0 (active, "no") != 0)
        return bsn_cli_fail (cli, g_error_new (BSN_ERROR, BSN_ERROR_INVALID,
                                               _("--active harus yes atau no, bukan “%s”"), active));
      s->active = g_strcmp0 (active, "yes") == 0;
    }
  if (!(edit ? bsn_store_update (db, s, &error) : bsn_store_add (db, s, &error)))
    return bsn_cli_fail (cli, error);

  {
    g_autoptr(BsnStore) saved = bsn_store_get (db, s->id, &error);
    if (saved == NULL)
      return bsn_cli_fail (cli, error);
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);

    json_builder_set_member_name (cli->out, "store");
    json_store (cli, saved);
    bsn_cli_print (cli, edit ? _("Toko %s (%s) disimpan.\n") : _("Toko %s (%s) ditambahkan.\n"),
                   saved->code, saved->name);
    /* The margin safety rule (DOMAIN.md §3): refusals stopped the save,
     * warnings are shown. */
    bsn_tiers_check_store_margin (db, saved, bsn_time_now (), warnings, NULL);
    json_builder_set_member_name (cli->out, "warnings");
    json_builder_begin_array (cli->out);
    for (guint i = 0; i < warnings->len; i++)
      {
        json_builder_add_string_value (cli->out, g_ptr_array_index (warnings, i));
        bsn_cli_print (cli, _("Peringatan: %s\n"), (char *) g_ptr_array_index (warnings, i));
      }
    json_builder_end_array (cli->out);
  }
  return BSN_EXIT_OK;
}

static int
cmd_store_add (BsnCli *cli, int argc, char **argv)
{
  return cmd_store_add_or_edit (cli, argc, argv, FALSE);
}

static int
cmd_store_edit (BsnCli *cli, int argc, char **argv)
{
  return cmd_store_add_or_edit (cli, argc, argv, TRUE);
}

static int
cmd_store_list (BsnCli *cli,
                int     argc,
                char  **argv)
{
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  g_autoptr(GPtrArray) stores = NULL;
  GError *error = NULL;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "store list", "", entries, &argc, &argv, 0, &code)
      || (db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  stores = bsn_store_list (db, &error);
  if (stores == NULL)
    return bsn_cli_fail (cli, error);

  json_builder_set_member_name (cli->out, "stores");
  json_builder_begin_array (cli->out);
  for (guint i = 0; i < stores->len; i++)
    json_store (cli, g_ptr_array_index (stores, i));
  json_builder_end_array (cli->out);

  if (stores->len == 0)
    bsn_cli_print (cli, _("Belum ada toko. Tambahkan dengan: bsn-loyalty-cli store add …\n"));
  for (guint i = 0; i < stores->len; i++)
    {
      BsnStore *s = g_ptr_array_index (stores, i);
      g_autofree char *opening = bsn_clock_format (s->opening_sec);
      bsn_cli_print (cli, "%-10s %-32s %-12s %-10s %-9s %s%s\n", s->code, s->name,
                     bsn_store_role_label (s->role), bsn_store_level_name (s),
                     bsn_schemes_to_string (s->schemes), opening, s->active ? "" : _(" (nonaktif)"));
    }
  return BSN_EXIT_OK;
}

static void
json_customer (BsnCli            *cli,
               const BsnCustomer *c)
{
  json_builder_begin_object (cli->out);
  bsn_cli_json_int (cli, "id", c->id);
  bsn_cli_json_str (cli, "code", c->code);
  bsn_cli_json_str (cli, "name", c->name);
  bsn_cli_json_str (cli, "phone", c->phone);
  json_builder_end_object (cli->out);
}

static int
cmd_customer_add_or_edit (BsnCli  *cli,
                          int      argc,
                          char   **argv,
                          gboolean edit)
{
  g_autofree char *code = NULL, *name = NULL, *phone = NULL, *referred_by = NULL;
  GOptionEntry entries[] = {
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, N_("Kode pelanggan"), "C" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Nama pelanggan"), "N" },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, N_("Nomor telepon"), "P" },
    { "referred-by", 0, 0, G_OPTION_ARG_STRING, &referred_by, N_("Kode pelanggan yang mereferensikan"), "KODE" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BsnCustomer) c = NULL;
  GError *error = NULL;
  BsnDb *db;
  int rc = 0;

  if (!bsn_cli_parse (cli, edit ? "customer edit" : "customer add", "", entries, &argc, &argv, 0, &rc)
      || !bsn_cli_require (cli, code, "--code", &rc)
      || (!edit && !bsn_cli_require (cli, name, "--name", &rc))
      || (db = bsn_cli_db (cli, &rc)) == NULL)
    return rc;
  if (edit)
    {
      c = bsn_customer_find (db, code, &error);
      if (c == NULL)
        return bsn_cli_fail (cli, error);
    }
  else
    {
      c = bsn_customer_new ();
      c->code = g_strdup (code);
    }
  if (name != NULL)
    g_free (c->name), c->name = g_strdup (name);
  if (phone != NULL)
    g_free (c->phone), c->phone = g_strdup (phone);
  if (edit ? !bsn_customer_update (db, c, &error)
           || (referred_by != NULL && !bsn_customer_set_referrer (db, c->id, referred_by, &error))
           : referred_by != NULL ? !bsn_customer_add_referred (db, c, referred_by, &error)
           : !bsn_customer_add (db, c, &error))
    return bsn_cli_fail (cli, error);
  if (referred_by != NULL)
    bsn_cli_json_str (cli, "referred_by", referred_by);
  json_builder_set_member_name (cli->out, "customer");
  json_customer (cli, c);
  bsn_cli_print (cli, edit ? _("Pelanggan %s (%s) disimpan.\n") : _("Pelanggan %s (%s) ditambahkan.\n"),
                 c->code, c->name);
  return BSN_EXIT_OK;
}

static int
cmd_customer_add (BsnCli *cli, int argc, char **argv)
{
  return cmd_customer_add_or_edit (cli, argc, argv, FALSE);
}

static int
cmd_customer_edit (BsnCli *cli, int argc, char **argv)
{
  return cmd_customer_add_or_edit (cli, argc, argv, TRUE);
}

static int
cmd_customer_list (BsnCli *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *search = NULL;
  GOptionEntry entries[] = {
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Cari kode, nama atau telepon"), "TEKS" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GPtrArray) list = NULL;
  GError *error = NULL;
  BsnDb *db;
  int code = 0;

  if (!bsn_cli_parse (cli, "customer list", "", entries, &argc, &argv, 0, &code)
      || (db = bsn_cli_db (cli, &code)) == NULL)
    return code;
  list = bsn_customer_search (db, search, 0, &error);
  if (list == NULL)
    return bsn_cli_fail (cli, error);
  json_builder_set_member_name (cli->out, "customers");
  json_builder_begin_array (cli->out);
  for (guint i = 0; i < list->len; i++)
    json_customer (cli, g_ptr_array_index (list, i));
  json_builder_end_array (cli->out);
  if (list->len == 0)
    bsn_cli_print (cli, _("Tidak ada pelanggan.\n"));
  for (guint i = 0; i < list->len; i++)
    {
      BsnCustomer *c = g_ptr_array_index (list, i);
      bsn_cli_print (cli, "%-12s %-32s %s\n", c->code, c->name, c->phone);
    }
  return BSN_EXIT_OK;
}

const BsnCliCommand bsn_cli_registry_commands[] = {
  { "store add", N_("Tambah toko (--code --name --role --band --level --scheme --opening)"), cmd_store_add },
  { "store edit", N_("Ubah toko yang ada (--code dan kolom yang diubah)"), cmd_store_edit },
  { "store list", N_("Daftar toko"), cmd_store_list },
  { "customer add", N_("Tambah pelanggan (--code --name [--phone])"), cmd_customer_add },
  { "customer edit", N_("Ubah pelanggan (--code dan kolom yang diubah)"), cmd_customer_edit },
  { "customer list", N_("Daftar pelanggan [--search TEKS]"), cmd_customer_list },
  { NULL, NULL, NULL },
};
