/* bsn-lot-row.h — one titip jual lot in the Titip Jual list (DOMAIN.md §8).
 *
 * Shows the goods (name, SKU, lot number), induk → anak, the stage label
 * of the library, the time left in the stage, the sell-through (sold of
 * accepted) and the value at risk. Seen from the anak, an offer also
 * carries its answer buttons: accept, accept fewer, reject (the
 * consign.accept/reduce/reject actions of the page, with the lot id).
 * Activating the row opens the lot's detail.
 */
#pragma once

#include <gtk/gtk.h>

#include "bsn-lot-info.h"

G_BEGIN_DECLS

#define BSN_TYPE_LOT_ROW (bsn_lot_row_get_type ())

G_DECLARE_FINAL_TYPE (BsnLotRow, bsn_lot_row, BSN, LOT_ROW, GtkListBoxRow)

/* @answer_here: show the anak's answer buttons on an offer. */
GtkWidget *bsn_lot_row_new (const BsnLotInfo *info,
                            gboolean          answer_here);
const BsnLotInfo *bsn_lot_row_get_info (BsnLotRow *self);

/* The CSS class of a stage's label ("stage-offered", "stage-markdown" …). */
const char *bsn_lot_stage_css_class (BsnStage stage);

G_END_DECLS
