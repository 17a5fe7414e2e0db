/* bsn-tier-grid.h — one tier table as a grid of cells to read or edit
 * (DOMAIN.md §3, §4).
 *
 * Stopwatch: six levels (grouped by margin band) × lucky digits 1…9, 0.
 * Lelang waktu: band × level rows × slots I…X. Voucher siaga: one row per
 * status-point threshold, and new thresholds can be added.
 *
 * Owners type rates the Indonesian way ("6,5"); every cell is parsed by
 * the library as it is typed. An invalid cell gets the "error" style and
 * the library's message as its tooltip; a changed cell is marked and says
 * what it was. The grid never writes: it hands the changed cells to the
 * page as BsnTierEdits. "changed" is emitted whenever the number of
 * changed or invalid cells may have moved.
 */
#pragma once

#include <gtk/gtk.h>

#include "bsn-tiers.h"

G_BEGIN_DECLS

#define BSN_TYPE_TIER_GRID (bsn_tier_grid_get_type ())

G_DECLARE_FINAL_TYPE (BsnTierGrid, bsn_tier_grid, BSN, TIER_GRID, GtkWidget)

GtkWidget *bsn_tier_grid_new (BsnScheme scheme);
BsnScheme bsn_tier_grid_get_scheme (BsnTierGrid *self);

/* Shows a copy of @table (NULL: an empty grid), editable or read-only.
 * Unsaved edits are dropped. */
void bsn_tier_grid_set_table (BsnTierGrid        *self,
                              const BsnTierTable *table,
                              gboolean            editable);
/* The version shown, or NULL. */
const BsnTierVersion *bsn_tier_grid_get_version (BsnTierGrid *self);
gboolean bsn_tier_grid_get_editable (BsnTierGrid *self);

guint bsn_tier_grid_get_n_changed (BsnTierGrid *self);
guint bsn_tier_grid_get_n_invalid (BsnTierGrid *self);
/* Puts every cell back as loaded and drops new thresholds. */
void bsn_tier_grid_revert (BsnTierGrid *self);

/* The changed cells, all valid (call only when n_invalid is 0). Lelang
 * cells keep their own band. (element-type BsnTierEdit) (transfer full) */
GArray *bsn_tier_grid_get_edits (BsnTierGrid *self);
/* One line per changed cell: "Plus · angka 5: 6 % → 6,5 %".
 * (element-type utf8) (transfer full) */
GPtrArray *bsn_tier_grid_describe_changes (BsnTierGrid *self);

/* Where a cell sits, for people: "Plus · angka 5",
 * "Keuntungan < 15 % · Platinum · slot X", "Poin status ≥ 300". */
char *bsn_tier_cell_describe (BsnScheme scheme,
                              BsnBand   band,
                              gint      tier,
                              gint      key);
/* When a version takes effect, for people: "1 Januari 2026 00.00", or
 * "awal program" for the defaults in force since always. */
char *bsn_tier_version_since (BsnTime effective_from);
/* A rate as typed in a cell: "6,5" for 650 bp (no percent sign). */
char *bsn_tier_rate_text (gint32 rate_bp);

G_END_DECLS
