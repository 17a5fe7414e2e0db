/* bsn-store-day.h — the store as it opens on one day, and the time of its
 * day (DOMAIN.md §3, §4.2, §5).
 *
 * A pure rule module: plain values in, plain values out, no database.
 *
 * Band and level (§3): a store is in the band keuntungan < 15 % or ≥ 15 %
 * and picks a rank 1..3 inside it. Schemes: stopwatch, lelang waktu or both.
 *
 * Store-day (§4.2, §5): a day plan may move the opening time and hours of
 * one day. The operating day is cut into ten equal slots I…X from the
 * opening; a store-day may cross midnight (open 20:00 for 10 hours: 01:30
 * is slot VI of the store-day that opened the evening before), and a
 * receipt belongs to the store-day in which the store opened.
 */
#pragma once

#include <glib.h>

#include "bsn-time.h"

G_BEGIN_DECLS

#define BSN_LELANG_SLOTS 10

typedef enum
{
  BSN_BAND_LOW,   /* keuntungan < 15 % */
  BSN_BAND_HIGH,  /* keuntungan ≥ 15 % */
} BsnBand;

typedef enum
{
  BSN_SCHEMES_STOPWATCH = 1 << 0,
  BSN_SCHEMES_LELANG    = 1 << 1,
  BSN_SCHEMES_BOTH      = BSN_SCHEMES_STOPWATCH | BSN_SCHEMES_LELANG,
} BsnSchemes;

/* What the award rules read of a store on the day of a receipt: its own
 * fields, with the opening time and hours of that day's plan. */
typedef struct _BsnStoreDay
{
  BsnBand    band;
  gint       tier;          /* 1..3 */
  BsnSchemes schemes;
  gint       opening_sec;   /* seconds after midnight */
  gint       hours;         /* 1..24 */
  gint32     margin_bp;
  gboolean   active;
  /* The store as it opened the calendar day before, when its plan
   * differs; NULL: it opened the same way. */
  const struct _BsnStoreDay *day_before;
} BsnStoreDay;

/* Where a receipt belongs (§4.2): its store-day, as the number of the
 * calendar day on which the store opened (days since 1970-01-01), and its
 * lelang-waktu slot in that store-day, 1..10, or 0 outside opening hours.
 * Slot, minimum-purchase quota, slot caps, daily budget, day plan and
 * `quota status` all go by it. */
typedef struct
{
  gint64 day;
  gint   slot;
} BsnStoreDayPlace;

/* The first second of store-day @day: midnight, unless the store-day
 * before (@prev, the store as it opened on day @day − 1) is still open
 * then; it then ends at its closing or at the opening of @day (@same, the
 * store as it opens on day @day), whichever comes first. Store-day @day
 * lasts until the first second of store-day @day + 1. */
BsnTime bsn_store_day_first_second (const BsnStoreDay *prev,
                                    const BsnStoreDay *same,
                                    gint64             day);

/* The one rule that places a receipt at @at: @prev and @same are the
 * store as it opens on the calendar day before @at and on @at's own
 * calendar day. Open 20:00 for 10 hours both days: 01:30 on 23 November
 * is slot VI of store-day 22 November; 06:00 and 07:00 on 23 November
 * belong to store-day 23 November, outside its hours (slot 0). */
BsnStoreDayPlace bsn_store_day_place (const BsnStoreDay *prev,
                                      const BsnStoreDay *same,
                                      BsnTime            at);

/* The lelang-waktu slot of @at (bsn_store_day_place with @store's
 * day_before, or @store, for the day before): 1..10, each a tenth of the
 * opening hours, or 0 outside them. Hours may run past midnight. */
gint bsn_store_day_slot_at (const BsnStoreDay *store, BsnTime at);

/* The first second of slot @slot (1..10) of the store-day whose calendar
 * day starts at @day_start (midnight). */
BsnTime bsn_store_day_slot_start (const BsnStoreDay *store, BsnTime day_start, gint slot);

/* The midnight that starts the store-day of @at (bsn_store_day_place,
 * the same opening every day): the day before for 01:30 when it opens at
 * 20:00 for 10 hours. */
BsnTime bsn_store_day_start (const BsnStoreDay *store, BsnTime at);

/* The store-day of @at as a day number (days since 1970-01-01), the same
 * opening every day. */
gint64 bsn_store_day_of (const BsnStoreDay *store, BsnTime at);

/* [*out_start, *out_end): the slot @slot (1..10) of the store-day that
 * contains @at. */
void bsn_store_day_slot_window (const BsnStoreDay *store,
                                BsnTime            at,
                                gint               slot,
                                BsnTime           *out_start,
                                BsnTime           *out_end);

G_END_DECLS
