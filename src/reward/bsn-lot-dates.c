/* bsn-lot-dates.c — a lot's stage dates and prices (see bsn-lot-dates.h). */
#include "config.h"

#include "bsn-lot-dates.h"
#include "bsn-money.h"

void
bsn_lot_stage_span (const BsnLot *lot,
                    BsnStage      stage,
                    gint64       *first_day,
                    gint64       *end_day)
{
  gint64 start = lot->offered_day;
  gint64 end = lot->offered_day + lot->period_days;

  *first_day = 0;
  *end_day = 0;
  if (stage < BSN_STAGE_NORMAL || stage > BSN_STAGE_RETURN_DUE)
    return;
  /* Each markdown stage follows the one before it for its agreed days. */
  for (BsnStage s = BSN_STAGE_I; s <= stage && s <= BSN_STAGE_III; s++)
    {
      start = end;
      end += lot->stage_days[s - BSN_STAGE_I];
    }
  if (stage == BSN_STAGE_RETURN_DUE)
    {
      *first_day = end;
      return;
    }
  *first_day = start;
  *end_day = end;
}

gint64
bsn_lot_stage_price (const BsnLot *lot,
                     BsnStage      stage)
{
  if (stage < BSN_STAGE_NORMAL || stage > BSN_STAGE_III)
    return 0;
  return lot->price_rp - bsn_money_apply_bp (lot->price_rp, bsn_stage_markdown_bp (stage));
}
