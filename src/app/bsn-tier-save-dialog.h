/* bsn-tier-save-dialog.h — saving edited cells as a new version of a tier
 * table (DOMAIN.md §4: every edit is a version with an effective time).
 *
 * Asks when the version takes effect (default: the next midnight), who
 * made it (default: the signed-in user, else the real name) and why
 * (required), then calls bsn_tiers_edit() on a worker thread. A refusal —
 * receipts already computed after that time, a rate above a store's
 * margin — appears in the dialog, which stays open with everything as
 * typed. On success "saved" carries the new version's id and the
 * library's warnings (70 % of a store's margin, a later version that
 * shadows this one).
 */
#pragma once

#include <adwaita.h>

#include "bsn-tiers.h"

G_BEGIN_DECLS

#define BSN_TYPE_TIER_SAVE_DIALOG (bsn_tier_save_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BsnTierSaveDialog, bsn_tier_save_dialog, BSN, TIER_SAVE_DIALOG, AdwWindow)

/* @edits (element-type BsnTierEdit) and @changes (element-type utf8, one
 * line per changed cell) are copied. Emits "saved" (gint64 version,
 * GStrv warnings). */
BsnTierSaveDialog *bsn_tier_save_dialog_new (GtkWindow  *parent,
                                             const char *path,
                                             BsnScheme   scheme,
                                             GArray     *edits,
                                             GPtrArray  *changes);

G_END_DECLS
