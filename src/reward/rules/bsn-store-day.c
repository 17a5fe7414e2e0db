/* bsn-store-day.c — slots and store-days (see bsn-store-day.h). */
#include "config.h"

#include "bsn-store-day.h"

/* The slot of @at in store-day @day of @store, 0 outside its hours. */
static gint
slot_in_day (const BsnStoreDay *store,
             gint64             day,
             BsnTime            at)
{
  gint64 open_len = (gint64) store->hours * 3600;
  gint64 offset = at - (day * BSN_SECONDS_PER_DAY + store->opening_sec);

  if (offset < 0 || offset >= open_len)
    return 0;
  return (gint) (offset * BSN_LELANG_SLOTS / open_len) + 1;
}

BsnTime
bsn_store_day_first_second (const BsnStoreDay *prev,
                            const BsnStoreDay *same,
                            gint64             day)
{
  BsnTime midnight = day * BSN_SECONDS_PER_DAY;
  BsnTime prev_close = midnight - BSN_SECONDS_PER_DAY + prev->opening_sec + (gint64) prev->hours * 3600;
  BsnTime opens = midnight + same->opening_sec;

  return MAX (midnight, MIN (prev_close, opens));
}

BsnStoreDayPlace
bsn_store_day_place (const BsnStoreDay *prev,
                     const BsnStoreDay *same,
                     BsnTime            at)
{
  gint64 day = bsn_time_day (at);

  if (at >= bsn_store_day_first_second (prev, same, day))
    return (BsnStoreDayPlace) { day, slot_in_day (same, day, at) };
  return (BsnStoreDayPlace) { day - 1, slot_in_day (prev, day - 1, at) };
}

gint
bsn_store_day_slot_at (const BsnStoreDay *store,
                       BsnTime            at)
{
  return bsn_store_day_place (store->day_before != NULL ? store->day_before : store, store, at).slot;
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
  return bsn_store_day_of (store, at) * BSN_SECONDS_PER_DAY;
}

gint64
bsn_store_day_of (const BsnStoreDay *store,
                  BsnTime            at)
{
  return bsn_store_day_place (store, store, at).day;
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
