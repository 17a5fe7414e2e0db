/* bsn-lot-dates.h — when a titip jual lot's stages begin and end, and its
 * unit price in each (DOMAIN.md §8).
 *
 * bsn-consign.h decides the stage of a given day; a planner wants the
 * whole timeline at once (normal price until …, Tahap I −10 % from … to …,
 * the return due from …) and the price of every stage, without asking
 * day by day. Both follow from the lot's own dates and prices, counted
 * from the offer date exactly as bsn_lot_status() counts them.
 */
#pragma once

#include "bsn-consign.h"

G_BEGIN_DECLS

/* The first day of @stage (BSN_STAGE_NORMAL … BSN_STAGE_RETURN_DUE) and
 * the first day after it; @end_day is 0 for the return, which does not
 * end. Other stages have no dates: both are 0. */
void bsn_lot_stage_span (const BsnLot *lot,
                         BsnStage      stage,
                         gint64       *first_day,
                         gint64       *end_day);

/* The unit price of @lot at @stage (normal, I, II or III): the agreed
 * price less the stage's markdown; 0 for the other stages. */
gint64 bsn_lot_stage_price (const BsnLot *lot,
                            BsnStage      stage);

G_END_DECLS
