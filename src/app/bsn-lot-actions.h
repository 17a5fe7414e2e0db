/* bsn-lot-actions.h — what can be done to a titip jual lot (DOMAIN.md §8).
 *
 * The anak's answer to an offer (accept all, accept fewer, reject with a
 * reason), recording a sale (quantity and date; priced at that day's
 * stage by the library), re-pricing the modal pokok of out-of-fashion
 * goods (new modal, reason, from which day) and the return of what is
 * left (its cost, and whether the anak had asked for more than it could
 * sell). Each asks in a small dialog that checks what is typed as it is
 * typed — the button stays off and the reason shows under the fields —
 * and then writes on a worker thread. Used by the lot list and the lot's
 * detail alike.
 */
#pragma once

#include <gtk/gtk.h>

#include "bsn-lot-info.h"

G_BEGIN_DECLS

typedef enum
{
  BSN_LOT_ACTION_ACCEPT,
  BSN_LOT_ACTION_REDUCE,
  BSN_LOT_ACTION_REJECT,
  BSN_LOT_ACTION_SELL,
  BSN_LOT_ACTION_REPRICE,
  BSN_LOT_ACTION_RETURN,
} BsnLotAction;

/* Asks about @action on the lot of @info over @widget's window, then
 * writes it to the database at @path. */
void bsn_lot_action_run (GtkWidget           *widget,
                         const char          *path,
                         const BsnLotInfo    *info,
                         BsnLotAction         action,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data);

/* A sentence saying what was done (transfer full), or NULL with @error;
 * a dismissed dialog gives G_IO_ERROR_CANCELLED. */
char *bsn_lot_action_finish (GAsyncResult  *result,
                             GError       **error);

G_END_DECLS
