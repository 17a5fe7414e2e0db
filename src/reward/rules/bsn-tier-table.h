/* bsn-tier-table.h — one version of a scheme's rate table, and the default
 * tables of the program (DOMAIN.md §4.1, §4.2, §4.3).
 *
 * A pure rule module: the tables are plain values; reading and writing
 * their versions is bsn-tiers.h's business.
 *
 * Three families:
 *  - stopwatch: level (band × tier) × lucky digit 0..9 → rate (§4.1);
 *  - lelang waktu ("time auction"): band × level × slot I..X → rate (§4.2);
 *  - voucher siaga (standby voucher): status-point threshold → rate,
 *    thresholds inclusive (§4.3).
 * Rates are basis points (1 % = 100 bp).
 */
#pragma once

#include <glib.h>

#include "bsn-store-day.h"
#include "bsn-time.h"

G_BEGIN_DECLS

typedef enum
{
  BSN_SCHEME_STOPWATCH,
  BSN_SCHEME_LELANG,
  BSN_SCHEME_SIAGA,
} BsnScheme;

/* The Rekomendasi lelang table's effective time: 2026-01-01T00:00:00. */
#define BSN_TIERS_REKOMENDASI_FROM ((BsnTime) 1767225600)

typedef struct
{
  gint64    id;
  BsnScheme scheme;
  char     *name;
  BsnTime   effective_from;
  char     *author;
  char     *reason;
  gint64    created_at;   /* UTC Unix time of the edit */
} BsnTierVersion;

void bsn_tier_version_free (BsnTierVersion *version);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnTierVersion, bsn_tier_version_free)

/* One cell. band and tier are ignored for siaga (band "all", tier 0);
 * key is the digit, the slot or the threshold in points. */
typedef struct
{
  BsnBand band;
  gint    tier;
  gint    key;
  gint32  rate_bp;
} BsnTierRate;

typedef struct
{
  BsnTierVersion version;
  GArray        *rates;   /* (element-type BsnTierRate), sorted */
} BsnTierTable;

void bsn_tier_table_free (BsnTierTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnTierTable, bsn_tier_table_free)

/* The rate of one cell; FALSE when the table has no such cell. */
gboolean bsn_tier_table_lookup (const BsnTierTable *table, BsnBand band, gint tier, gint key, gint32 *out_bp);
/* Siaga: the rate of the highest threshold (in points) that @status_rp
 * reaches; thresholds are inclusive. */
gint32 bsn_tier_table_siaga_rate (const BsnTierTable *table, gint64 status_rp);
/* Siaga: that highest threshold itself, in points (0 when none). */
gint bsn_tier_table_siaga_threshold (const BsnTierTable *table, gint64 status_rp);
/* The highest rate of a level (stopwatch, lelang) or of the table (siaga). */
gint32 bsn_tier_table_top_rate (const BsnTierTable *table, BsnBand band, gint tier);

/* The default table of DOMAIN.md for @scheme in force at @at (lelang:
 * "Awal" before BSN_TIERS_REKOMENDASI_FROM, "Rekomendasi" from then on),
 * with version id 0 and no author. Its rates are in the order the schema
 * installs them. (transfer full) */
BsnTierTable *bsn_tier_table_new_default (BsnScheme scheme, BsnTime at);

G_END_DECLS
