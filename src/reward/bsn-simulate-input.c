/* bsn-simulate-input.c — what `tiers simulate` reads besides the draft
 * table: a store's level (--level S=LEVEL) and a bonus file (see
 * bsn-simulate.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bsn-error.h"
#include "bsn-money.h"
#include "bsn-simulate.h"
#include "bsn-store.h"

gboolean
bsn_sim_level_parse (BsnDb       *db,
                     const char  *text,
                     BsnSimLevel *out,
                     GError     **error)
{
  g_autoptr(BsnStore) store = NULL;
  g_autoptr(GError) local = NULL;
  const char *eq = text ? strchr (text, '=') : NULL;
  g_autofree char *code = NULL;
  BsnBand other;

  if (eq == NULL || eq == text || eq[1] == '\0')
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("--level ditulis TOKO=LEVEL, misalnya T01=Premium"));
      return FALSE;
    }
  code = g_strndup (text, (gsize) (eq - text));
  if ((store = bsn_store_find (db, code, error)) == NULL)
    return FALSE;
  out->store_id = store->id;
  out->band = store->band;
  if (bsn_level_parse (eq + 1, store->band, &out->tier, &local))
    return TRUE;
  /* A name of the other band moves the store to that band. */
  other = store->band == BSN_BAND_LOW ? BSN_BAND_HIGH : BSN_BAND_LOW;
  if (bsn_level_parse (eq + 1, other, &out->tier, NULL))
    {
      out->band = other;
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

static gboolean
parse_bonus_line (BsnDb        *db,
                  char        **cells,
                  BsnBonusRule *rule,
                  GError      **error)
{
  g_auto(GStrv) funding = NULL;
  gint32 bp[3];
  gint64 every = 1;

  rule->kind = g_strdup (g_strstrip (cells[0]));
  if (!bsn_bp_parse (g_strstrip (cells[1]), &rule->rate_bp, error)
      || !bsn_bonus_rate_validate (rule->kind, rule->rate_bp, error))
    return FALSE;
  funding = g_strsplit (g_strstrip (cells[2]), "/", -1);
  if (g_strv_length (funding) != 3)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Pendanaan ditulis PRODUSEN/RITEL/BSN dalam persen, misalnya 45/35/20"));
      return FALSE;
    }
  for (guint i = 0; i < 3; i++)
    if (!bsn_bp_parse (g_strstrip (funding[i]), &bp[i], error))
      return FALSE;
  /* bsn_bp_parse () refuses a negative share: only the sum is left. */
  if (bp[0] + bp[1] + bp[2] != BSN_BP_100_PERCENT)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Pembagian dana produsen, ritel dan BSN harus berjumlah 100 %%"));
      return FALSE;
    }
  rule->produsen_bp = bp[0];
  rule->ritel_bp = bp[1];
  rule->bsn_bp = bp[2];
  if (*g_strstrip (cells[3]) != '\0')
    {
      g_autoptr(BsnStore) store = bsn_store_find (db, cells[3], error);
      if (store == NULL)
        return FALSE;
      rule->store_id = store->id;
    }
  if (*g_strstrip (cells[4]) != '\0' && !bsn_money_parse_nonneg (cells[4], &rule->min_amount_rp, error))
    return FALSE;
  if (*g_strstrip (cells[5]) != '\0'
      && (!g_ascii_string_to_signed (cells[5], 10, 1, G_MAXINT, &every, NULL)))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Kolom every harus bilangan bulat 1 atau lebih"));
      return FALSE;
    }
  rule->every_nth = (gint) every;
  return TRUE;
}

GPtrArray *
bsn_sim_parse_bonus_csv (BsnDb      *db,
                         const char *text,
                         gsize       len,
                         GError    **error)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) bsn_bonus_rule_free);
  g_autofree char *copy = g_strndup (text, len);
  g_auto(GStrv) lines = g_strsplit (copy, "\n", -1);
  gboolean header = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      const char *sep = strchr (line, ';') ? ";" : ",";
      g_auto(GStrv) cells = NULL;
      g_autoptr(BsnBonusRule) rule = NULL;
      g_autoptr(GError) local = NULL;

      if (*line == '\0' || *line == '#')
        continue;
      cells = g_strsplit (line, sep, -1);
      if (!header)
        {
          g_autofree char *joined = NULL;

          for (guint c = 0; cells[c] != NULL; c++)
            g_strstrip (cells[c]);
          joined = g_strjoinv (",", cells);
          if (g_ascii_strcasecmp (joined, "kind,rate,funding,store,min_amount,every") != 0)
            {
              g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                           _("Baris 1: kepala berkas bonus harus kind,rate,funding,store,min_amount,every"));
              return NULL;
            }
          header = TRUE;
          continue;
        }
      rule = bsn_bonus_rule_new ();
      if (g_strv_length (cells) != 6)
        g_set_error (&local, BSN_ERROR, BSN_ERROR_INVALID, _("harus ada 6 kolom"));
      else if (parse_bonus_line (db, cells, rule, &local))
        {
          rule->code = g_strdup_printf ("simulasi-%u", rules->len + 1);
          rule->name = g_strdup (rule->code);
          g_ptr_array_add (rules, g_steal_pointer (&rule));
          continue;
        }
      g_set_error (error, local->domain, local->code, _("Baris %u: %s"), i + 1, local->message);
      return NULL;
    }
  if (!header)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Berkas bonus kosong"));
      return NULL;
    }
  return g_steal_pointer (&rules);
}
