/* bsn-store-day.c — slots and store-days (see bsn-store-day.h). */
#include "config.h"

#include "bsn-store-day.h"

gint
bsn_store_day_slot_at (const BsnStoreDay *store,
                       BsnTime            at)
{
  gint64 open_len = (gint64) store->hours * 3600;
  gint64 offset = ((gint64) bsn_time_second_of_day (at) - store->opening_sec + BSN_SECONDS_PER_DAY)
                  % BSN_SECONDS_PER_DAY;

  if (offset >= open_len)
    return 0;
  return (gint) (offset * BSN_LELANG_SLOTS / open_len) + 1;
}

BsnTime
bsn_store_day_slot_start (const BsnStoreDay *store,
                          BsnTime            day_start,
                          gint               slot)
{
  return day_start + store->opening_sec + (gint64) (slot - 1) * store->hours * 3600 / BSN_LELANG_SLOTS;
}

BsnTime
bsn_store_day_start (const BsnStoreDay *store,
                     BsnTime            at)
{
  BsnTime midnight = bsn_time_day (at) * BSN_SECONDS_PER_DAY;

  return bsn_time_second_of_day (at) < store->opening_sec ? midnight - BSN_SECONDS_PER_DAY : midnight;
}

gint64
bsn_store_day_of (const BsnStoreDay *store,
                  BsnTime            at)
{
  return bsn_time_day (bsn_store_day_start (store, at));
}

void
bsn_store_day_slot_window (const BsnStoreDay *store,
                           BsnTime            at,
                           gint               slot,
                           BsnTime           *out_start,
                           BsnTime           *out_end)
{
  BsnTime day_start = bsn_store_day_start (store, at);

  *out_start = bsn_store_day_slot_start (store, day_start, slot);
  *out_end = slot < BSN_LELANG_SLOTS ? bsn_store_day_slot_start (store, day_start, slot + 1)
                                     : day_start + store->opening_sec + (gint64) store->hours * 3600;
}
