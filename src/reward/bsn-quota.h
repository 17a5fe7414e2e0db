/* bsn-quota.h — daily stock quotas (kuota belanja minimal, DOMAIN.md §5).
 *
 * Perishable stock must sell within the store's day without the rewards
 * eating the margin. A store-day has:
 *  - a plan: opening time and hours (the store's by default), stock lines
 *    (item, quantity, unit, unit price, perishable), and from them the
 *    hourly target: the stock's value spread evenly over the ten slots
 *    (100 kg at Rp10.000/kg over 10 h = 10 kg and Rp100.000 an hour);
 *  - the minimum purchase quota per receipt, for the day (slot 0) or per
 *    slot ("low early, high late"); it decides full reward against voucher
 *    siaga. Without one, the store's default minimum purchase applies;
 *  - caps: at most N receipts per slot get a lelang rate above the slot-I
 *    rate (later ones get the slot-I rate, marked capped), and a daily
 *    budget of reward value (the award that crosses it is cut to what
 *    remains, possibly zero, and marked capped). The award engine decides
 *    both inside its write transaction, so they hold under concurrency.
 */
#pragma once

#include "bsn-db.h"
#include "bsn-store.h"
#include "bsn-time.h"

G_BEGIN_DECLS

/* The lelang-waktu slot of @at for @store: 1..10, each a tenth of the
 * opening hours (an hour for the usual 10-hour day), or 0 outside opening
 * hours. Opening hours may run past midnight. */
gint bsn_store_slot_at (const BsnStore *store, BsnTime at);

/* The first second of slot @slot (1..10) of the store-day starting at
 * @day_start (midnight), for @store's opening and hours. */
BsnTime bsn_store_slot_start (const BsnStore *store, BsnTime day_start, gint slot);

/* Sets the quota of a store-day (@slot 0) or of one slot. */
gboolean bsn_quota_set (BsnDb *db, gint64 store_id, gint64 day, gint slot, gint64 min_purchase_rp,
                        GError **error);

/* The minimum purchase in force for a receipt of @store at @at: that of
 * the receipt's store-day and slot (bsn_store_place_at). */
gboolean bsn_quota_min_purchase_at (BsnDb *db, const BsnStore *store, BsnTime at, gint64 *out_rp,
                                    GError **error);
/* The minimum purchase of slot @slot (0 = outside hours: the day's) of
 * store-day @day: the slot's own quota, else the day's, else the store's
 * default. */
gboolean bsn_quota_min_purchase_in_slot (BsnDb *db, const BsnStore *store, gint64 day, gint slot,
                                         gint64 *out_rp, GError **error);
/* The highest slot a quota may name (the quotas table's CHECK). */
#define BSN_QUOTA_MAX_SLOT 10
/* The minimum purchase of every slot 0 … BSN_QUOTA_MAX_SLOT of store-day
 * @day in one read, each as bsn_quota_min_purchase_in_slot() gives it. */
gboolean bsn_quota_day_min_purchases (BsnDb *db, const BsnStore *store, gint64 day,
                                      gint64 out_rp[BSN_QUOTA_MAX_SLOT + 1], GError **error);

typedef struct
{
  gint    opening_sec;
  gint    hours;
  gint64  slot_recipients;   /* -1 = no cap */
  gint64  daily_budget_rp;   /* -1 = no cap */
  gboolean planned;          /* FALSE: the store's defaults, no plan saved */
} BsnDayPlan;

/* The plan of a store-day, or the store's defaults. */
gboolean bsn_day_plan_get (BsnDb *db, const BsnStore *store, gint64 day, BsnDayPlan *out, GError **error);

/* The store as it opens under @plan (rules/bsn-store-day.h). */
BsnStoreDay bsn_store_day_from_plan (const BsnStore *store, const BsnDayPlan *plan);

/* Where a receipt of @store at @at belongs (DOMAIN.md §4.2): its
 * store-day and slot (bsn_store_day_place() over the plans of @at's
 * calendar day and the day before), and the plan of that store-day
 * (@out_plan may be NULL). A store-day may cross midnight. */
gboolean bsn_store_place_at (BsnDb *db, const BsnStore *store, BsnTime at, BsnStoreDayPlace *out_place,
                             BsnDayPlan *out_plan, GError **error);

/* [*out_start, *out_end): every receipt time that belongs to store-day
 * @day, its opening hours and the hours outside them. */
gboolean bsn_store_day_bounds (BsnDb *db, const BsnStore *store, gint64 day, BsnTime *out_start,
                               BsnTime *out_end, GError **error);

/* @store with the opening time and hours of its plan for the store-day
 * of @at. */
BsnStore *bsn_store_for_day (BsnDb *db, const BsnStore *store, BsnTime at, GError **error);

/* Sets the caps of a store-day; a negative value leaves that cap as it
 * is; use bsn_day_plan_clear_caps() to remove them. */
gboolean bsn_day_plan_set_caps (BsnDb *db, gint64 store_id, gint64 day, gint64 slot_recipients,
                                gint64 daily_budget_rp, GError **error);
gboolean bsn_day_plan_clear_caps (BsnDb *db, gint64 store_id, gint64 day, GError **error);
/* Sets the opening time and hours of a store-day. */
gboolean bsn_day_plan_set_hours (BsnDb *db, gint64 store_id, gint64 day, gint opening_sec, gint hours,
                                 GError **error);

typedef struct
{
  char    *item;
  gint64   qty_milli;       /* thousandths of the unit */
  char    *unit;
  gint64   unit_price_rp;
  gboolean perishable;
} BsnStockLine;

void bsn_stock_line_free (BsnStockLine *line);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnStockLine, bsn_stock_line_free)

/* Parses a quantity such as "100", "2,5" or "0.75" into thousandths. */
gboolean bsn_qty_parse (const char *text, gint64 *out_milli, GError **error);
char *bsn_qty_format (gint64 milli);   /* "2,5" */

/* Adds or replaces (by item name) a stock line of a store-day. */
gboolean bsn_stock_set (BsnDb *db, gint64 store_id, gint64 day, const BsnStockLine *line, GError **error);
gboolean bsn_stock_remove (BsnDb *db, gint64 store_id, gint64 day, const char *item, GError **error);
/* (element-type BsnStockLine) (transfer full) */
GPtrArray *bsn_stock_list (BsnDb *db, gint64 store_id, gint64 day, GError **error);

/* Copies a store-day's plan, stock lines and quotas to the @n_days
 * following days (replacing theirs). */
gboolean bsn_day_plan_copy (BsnDb *db, gint64 store_id, gint64 day, guint n_days, GError **error);

typedef struct
{
  gint    slot;              /* 1..10 */
  BsnTime start;
  BsnTime end;               /* exclusive */
  gint64  target_rp;         /* stock value / 10, remainder in slot X */
  gint64  target_qty_milli;  /* stock quantity / 10 (same unit only) */
  gint64  quota_rp;          /* minimum purchase in force in the slot */
  gint64  sales_rp;
  gint64  receipts;
  gint64  rewarded;          /* receipts that earned points */
  gint64  reward_rp;
  gint64  capped;            /* awards a cap changed */
  gint64  stock_left_rp;     /* stock value minus sales so far, ≥ 0 */
} BsnSlotStatus;

typedef struct
{
  BsnDayPlan     plan;
  gint64         stock_rp;         /* value of the day's stock */
  gint64         stock_qty_milli;  /* quantity, when all lines share a unit; else 0 */
  char          *unit;             /* that unit, or NULL */
  gint64         sales_rp;
  gint64         reward_rp;
  gint64         outside_rp;       /* sales outside opening hours */
  gint64         unsold_rp;        /* stock value not sold by close, ≥ 0 */
  BsnSlotStatus  slots[10];
} BsnDayStatus;

void bsn_day_status_free (BsnDayStatus *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnDayStatus, bsn_day_status_free)

/* Sales against target per slot, rewards and caps so far, stock left. */
BsnDayStatus *bsn_day_status (BsnDb *db, gint64 store_id, gint64 day, GError **error);

G_END_DECLS
