/* bsn-tier-history.h — the versions of one tier table and what changed
 * between two of them (DOMAIN.md §4: versions are immutable, a receipt is
 * computed with the version in force at its time).
 *
 * Lists every version of a scheme, newest first, with its name, the
 * Indonesian date it takes effect, its author and reason; the version in
 * force now and the scheduled ones are tagged. Two chosen versions are
 * compared cell by cell ("Plus · angka 5: 6 % → 6,5 %"). Activating a
 * version compares it with the one before it. Reads on worker threads.
 */
#pragma once

#include <gtk/gtk.h>

#include "bsn-tiers.h"

G_BEGIN_DECLS

#define BSN_TYPE_TIER_HISTORY (bsn_tier_history_get_type ())

G_DECLARE_FINAL_TYPE (BsnTierHistory, bsn_tier_history, BSN, TIER_HISTORY, GtkWidget)

void bsn_tier_history_set_path (BsnTierHistory *self,
                                const char     *path);
void bsn_tier_history_set_scheme (BsnTierHistory *self,
                                  BsnScheme       scheme);
void bsn_tier_history_reload (BsnTierHistory *self);

G_END_DECLS
