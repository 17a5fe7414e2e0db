/* bsn-tier-table.c — rate tables as values (see bsn-tier-table.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bsn-money.h"
#include "bsn-tier-table.h"

void
bsn_tier_version_free (BsnTierVersion *version)
{
  if (version == NULL)
    return;
  g_free (version->name);
  g_free (version->author);
  g_free (version->reason);
  g_free (version);
}

void
bsn_tier_table_free (BsnTierTable *table)
{
  if (table == NULL)
    return;
  g_free (table->version.name);
  g_free (table->version.author);
  g_free (table->version.reason);
  g_clear_pointer (&table->rates, g_array_unref);
  g_free (table);
}

gboolean
bsn_tier_table_lookup (const BsnTierTable *table,
                       BsnBand             band,
                       gint                tier,
                       gint                key,
                       gint32             *out_bp)
{
  gboolean siaga = table->version.scheme == BSN_SCHEME_SIAGA;

  for (guint i = 0; i < table->rates->len; i++)
    {
      const BsnTierRate *r = &g_array_index (table->rates, BsnTierRate, i);
      if (r->key == key && (siaga || (r->band == band && r->tier == tier)))
        {
          *out_bp = r->rate_bp;
          return TRUE;
        }
    }
  return FALSE;
}

gint32
bsn_tier_table_siaga_rate (const BsnTierTable *table,
                           gint64              status_rp)
{
  gint32 rate = 0;
  gint best = -1;

  for (guint i = 0; i < table->rates->len; i++)
    {
      const BsnTierRate *r = &g_array_index (table->rates, BsnTierRate, i);
      if (status_rp >= (gint64) r->key * BSN_RP_PER_POINT && r->key > best)
        {
          best = r->key;
          rate = r->rate_bp;
        }
    }
  return rate;
}

gint
bsn_tier_table_siaga_threshold (const BsnTierTable *table,
                                gint64              status_rp)
{
  gint best = 0;

  for (guint i = 0; i < table->rates->len; i++)
    {
      const BsnTierRate *r = &g_array_index (table->rates, BsnTierRate, i);
      if (status_rp >= (gint64) r->key * BSN_RP_PER_POINT && r->key > best)
        best = r->key;
    }
  return best;
}

gint32
bsn_tier_table_top_rate (const BsnTierTable *table,
                         BsnBand             band,
                         gint                tier)
{
  gint32 top = 0;
  gboolean siaga = table->version.scheme == BSN_SCHEME_SIAGA;

  for (guint i = 0; i < table->rates->len; i++)
    {
      const BsnTierRate *r = &g_array_index (table->rates, BsnTierRate, i);
      if (siaga || (r->band == band && r->tier == tier))
        top = MAX (top, r->rate_bp);
    }
  return top;
}

/* ---- The defaults of DOMAIN.md §4 (rates in tenths of a percent) ---- */

/* Stopwatch: digits in the order of the document, 1 … 9, 0. */
static const gint stopwatch_defaults[2][3][10] = {
  { /* band low: Basic, Standard, Plus */
    { 2, 2, 2, 3, 3, 3, 4, 4, 4, 5 },
    { 2, 2, 3, 3, 4, 4, 5, 5, 6, 6 },
    { 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 },
  },
  { /* band high: Premium, Elite, Pro */
    { 4, 4, 4, 5, 5, 5, 6, 6, 6, 7 },
    { 4, 4, 5, 5, 6, 6, 7, 7, 8, 8 },
    { 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 },
  },
};

/* Lelang waktu, slots I … X, in tenths of a percent. */
static const gint lelang_rekomendasi[2][3][10] = {
  {
    { 20, 20, 20, 25, 25, 25, 30, 30, 30, 35 },
    { 20, 20, 25, 25, 30, 30, 35, 35, 40, 45 },
    { 20, 25, 30, 35, 40, 45, 50, 55, 60, 65 },
  },
  {
    { 30, 30, 30, 35, 35, 35, 40, 40, 40, 45 },
    { 30, 30, 35, 35, 40, 40, 45, 50, 55, 60 },
    { 30, 35, 40, 45, 50, 55, 60, 65, 70, 80 },
  },
};

static const gint lelang_awal[2][3][10] = {
  {
    { 35, 35, 35, 40, 40, 40, 45, 45, 45, 50 },
    { 35, 35, 40, 40, 45, 45, 50, 50, 55, 55 },
    { 35, 40, 45, 50, 55, 60, 65, 70, 75, 80 },
  },
  {
    { 70, 70, 70, 80, 80, 80, 90, 90, 90, 100 },
    { 70, 70, 80, 80, 90, 90, 100, 100, 110, 110 },
    { 70, 80, 90, 100, 110, 120, 130, 140, 150, 160 },
  },
};

/* Siaga: status-point threshold → rate in basis points. */
static const gint siaga_defaults[][2] = {
  { 0, 0 }, { 50, 50 }, { 150, 100 }, { 300, 150 }, { 500, 200 }, { 700, 250 },
};

static void
append_grid (GArray         *rates,
             BsnScheme       scheme,
             const gint      grid[2][3][10],
             gint            unit_bp)
{
  for (gint band = 0; band < 2; band++)
    for (gint tier = 1; tier <= 3; tier++)
      for (gint col = 0; col < 10; col++)
        {
          /* Stopwatch columns are digits 1…9 then 0; lelang columns are
           * slots I…X. */
          gint key = scheme == BSN_SCHEME_STOPWATCH ? (col + 1) % 10 : col + 1;
          BsnTierRate r = { band ? BSN_BAND_HIGH : BSN_BAND_LOW, tier, key, grid[band][tier - 1][col] * unit_bp };
          g_array_append_val (rates, r);
        }
}

BsnTierTable *
bsn_tier_table_new_default (BsnScheme scheme,
                            BsnTime   at)
{
  BsnTierTable *t = g_new0 (BsnTierTable, 1);
  gboolean awal = scheme == BSN_SCHEME_LELANG && at < BSN_TIERS_REKOMENDASI_FROM;

  t->version.scheme = scheme;
  t->version.name = g_strdup (awal ? _("Awal") : _("Rekomendasi"));
  t->version.effective_from = scheme == BSN_SCHEME_LELANG && !awal ? BSN_TIERS_REKOMENDASI_FROM : 0;
  t->rates = g_array_new (FALSE, FALSE, sizeof (BsnTierRate));
  if (scheme == BSN_SCHEME_STOPWATCH)
    append_grid (t->rates, scheme, stopwatch_defaults, 100);
  else if (scheme == BSN_SCHEME_LELANG)
    append_grid (t->rates, scheme, awal ? lelang_awal : lelang_rekomendasi, 10);
  else
    for (guint i = 0; i < G_N_ELEMENTS (siaga_defaults); i++)
      {
        BsnTierRate r = { BSN_BAND_LOW, 0, siaga_defaults[i][0], siaga_defaults[i][1] };
        g_array_append_val (t->rates, r);
      }
  return t;
}
