/* bsn-lot-dialog.h — one titip jual lot in full (DOMAIN.md §8, §9).
 *
 * Where the lot stands today (stage, price, modal pokok, how much was
 * accepted, sold, returned, what is left and at risk), the timeline of its
 * stages with their dates and prices, every event (offer, answer, sales,
 * re-pricings, marketing costs, return) and the settlement: revenue,
 * modal pokok owed to the induk, profit and its split between induk,
 * produsen and anak by scheme, marketing costs, the return compensation
 * and what the anak pays the induk. The actions that fit the stage are at
 * the top (bsn-lot-actions.h); after one, the dialog reads the lot again
 * and emits "changed".
 */
#pragma once

#include <adwaita.h>

#include "bsn-lot-info.h"

G_BEGIN_DECLS

#define BSN_TYPE_LOT_DIALOG (bsn_lot_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BsnLotDialog, bsn_lot_dialog, BSN, LOT_DIALOG, AdwWindow)

BsnLotDialog *bsn_lot_dialog_new (GtkWindow        *parent,
                                  const char       *path,
                                  const BsnLotInfo *info);

G_END_DECLS
