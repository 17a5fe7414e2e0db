/* bsn-tiers.h — the scheme tables and their versions (DOMAIN.md §3, §4).
 *
 * The tables themselves, their cells and lookups are values of
 * rules/bsn-tier-table.h; this module stores and edits their versions.
 *
 * Three families of tier tables:
 *  - stopwatch: level (band × tier) × lucky digit 0..9 → rate;
 *  - lelang waktu ("time auction"): band × level × slot I..X → rate;
 *  - voucher siaga (standby voucher): status-point threshold → rate.
 *
 * A version is a whole table, in force from its effective time until the
 * next version of the same family. Versions are immutable: an owner's edit
 * creates a new version (with author and reason) from the table in force at
 * its effective time, so an award computed yesterday is explained by the
 * version it recorded, forever.
 *
 * The defaults of DOMAIN.md are installed with the schema: stopwatch and
 * siaga "Rekomendasi" since always, lelang waktu "Awal" since always and
 * "Rekomendasi" from 1 January 2026, the program's start.
 *
 * Margin safety (§3): the highest rate a store can give must not exceed its
 * margin (refused) and should stay under 70 % of it (warned).
 */
#pragma once

#include "bsn-db.h"
#include "bsn-store.h"
#include "bsn-tier-table.h"
#include "bsn-time.h"

G_BEGIN_DECLS

/* Safety: warn above 70 % of the margin. */
#define BSN_MARGIN_WARN_BP 7000

const char *bsn_scheme_to_string (BsnScheme scheme);   /* "stopwatch" | "lelang" | "siaga" */
const char *bsn_scheme_label (BsnScheme scheme);       /* "Stopwatch", "Lelang waktu", "Voucher siaga" */
gboolean bsn_scheme_parse (const char *text, BsnScheme *out, GError **error);

/* Slot I..X as a roman numeral, and back (also accepts 1..10). */
const char *bsn_slot_to_roman (gint slot);
gboolean bsn_slot_parse (const char *text, gint *out_slot, GError **error);

/* The table of @scheme in force at @at. */
BsnTierTable *bsn_tiers_table_at (BsnDb *db, BsnScheme scheme, BsnTime at, GError **error);
/* A table by version id. */
BsnTierTable *bsn_tiers_table_get (BsnDb *db, gint64 version_id, GError **error);

/* An owner's edit: the cells that change. For lelang, @all_bands applies
 * the cell to the level in both margin bands. */
typedef struct
{
  BsnBand  band;
  gboolean all_bands;
  gint     tier;
  gint     key;
  gint32   rate_bp;
} BsnTierEdit;

/* Creates a new version of @scheme effective from @from: the table in
 * force at @from with @edits applied. Refused when receipts at or after
 * @from were already rewarded with this family (history never changes),
 * and when a store's margin would be exceeded (§3); warnings (70 % of a
 * margin, a later version that shadows this one) are appended to
 * @warnings. Returns the new version's id, 0 on error. */
gint64 bsn_tiers_edit (BsnDb             *db,
                       BsnScheme          scheme,
                       const BsnTierEdit *edits,
                       guint              n_edits,
                       BsnTime            from,
                       const char        *author,
                       const char        *reason,
                       GPtrArray         *warnings,
                       GError           **error);

/* The cells of @edits over @rates (a copy of the rates of the table in
 * force), as bsn_tiers_edit() applies them; the simulation's draft. */
void bsn_tiers_apply_edits (GArray *rates, BsnScheme scheme, const BsnTierEdit *edits, guint n_edits);
/* Reads cells for bsn_tiers_edit() from CSV text with the header
 * "band,level,key,rate" (',' or ';'): band low|high|both (ignored for
 * siaga), a level name, the digit / slot (I…X) / threshold points, and the
 * rate typed the Indonesian way ("6,5"). Bad lines are refused with their
 * line number. (element-type BsnTierEdit) (transfer full) */
GArray *bsn_tiers_parse_csv (BsnScheme scheme, const char *text, gsize len, GError **error);

/* Every version, oldest first; @scheme < 0 for all families.
 * (element-type BsnTierVersion) (transfer full) */
GPtrArray *bsn_tiers_history (BsnDb *db, gint scheme, GError **error);

/* Checks a store's level against its margin with the tables in force at
 * @at: FALSE (BSN_ERROR_REFUSED) when a rate exceeds the margin; warnings
 * for rates above 70 % of it. */
gboolean bsn_tiers_check_store_margin (BsnDb          *db,
                                       const BsnStore *store,
                                       BsnTime         at,
                                       GPtrArray      *warnings,
                                       GError        **error);

/* What bsn_tiers_edit() would say of @edits from @from, without saving:
 * FALSE (BSN_ERROR_REFUSED) when a rate would exceed a store's margin,
 * @warnings (element-type utf8) for rates above 70 % of one, so the owner
 * reads them before committing. */
gboolean bsn_tiers_check_edit (BsnDb             *db,
                               BsnScheme          scheme,
                               const BsnTierEdit *edits,
                               guint              n_edits,
                               BsnTime            from,
                               GPtrArray         *warnings,
                               GError           **error);

/* Installs the default tables of DOMAIN.md (done by the schema migration;
 * does nothing when tables exist). */
gboolean bsn_tiers_install_defaults (BsnDb *db, GError **error);

G_END_DECLS
