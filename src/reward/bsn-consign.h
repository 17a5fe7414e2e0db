/* bsn-consign.h — titip jual: consignment lots from induk to anak cabang
 * (DOMAIN.md §8, §9).
 *
 * An induk cabang offers a lot (SKU, quantity, modal pokok per unit — what
 * the anak pays, only when a unit sells —, an agreed sale price, the normal
 * sale period and the durations of the three markdown stages, the
 * partnership scheme and the marketing-cost ratio). The anak accepts it,
 * accepts fewer (reduces) or rejects it; only accepted units are in its
 * stock.
 *
 * Stages follow from dates alone, counted from the offer date: normal price
 * for the sale period, then Tahap I (−10 %), II (−20 %), III (−30 %) for
 * their agreed days, then the return is due. A sale is priced at the stage
 * of its day. Out-of-fashion goods may be re-priced (a new modal pokok with
 * reason and date) for later sales.
 *
 * The anak's sales capacity is the number of units it can sell in the
 * lot's period: stated at the offer, or else the units of the same SKU it
 * sold in its previous accepted lot of equal length (normal period plus
 * the three stages), or else unknown. Accepting more units than the
 * capacity makes the lot "over capacity".
 *
 * The return of unsold units records the anak's share of the return cost
 * (50 % when the lot is over capacity, or when an explicit, audited
 * override with a reason says it asked for more than it could sell) and
 * the induk's compensation: 15 % of the Tahap III reduction on the
 * returned units, charged to the anak.
 *
 * Settlement: revenue, modal pokok owed to the induk, profit and its split
 * by scheme (A: induk 40 %, anak 60 %; B: induk 25 %, produsen 40 %, anak
 * 35 %; whole Rupiah, the remainder to the anak), marketing costs by the
 * agreed ratio, the return compensation; each figure traced to its sales.
 */
#pragma once

#include "bsn-db.h"
#include "bsn-time.h"

G_BEGIN_DECLS

typedef enum
{
  BSN_STAGE_OFFERED,
  BSN_STAGE_NORMAL,
  BSN_STAGE_I,
  BSN_STAGE_II,
  BSN_STAGE_III,
  BSN_STAGE_RETURN_DUE,
  BSN_STAGE_RETURNED,
  BSN_STAGE_REJECTED,
} BsnStage;

const char *bsn_stage_to_string (BsnStage stage);   /* "offered" "normal" "I" … "return_due" … */
const char *bsn_stage_label (BsnStage stage);       /* "Harga normal", "Tahap I (−10 %)" … */

/* The markdown of a selling stage in basis points (0, 1000, 2000, 3000). */
gint32 bsn_stage_markdown_bp (BsnStage stage);

typedef struct
{
  gint64  id;
  gint64  induk_id;
  gint64  anak_id;
  char   *induk_code;
  char   *anak_code;
  char   *sku;
  char   *name;
  gint64  qty;                 /* offered */
  gint64  cost_rp;             /* modal pokok per unit at the offer */
  gint64  price_rp;            /* agreed sale price per unit */
  gint64  offered_day;
  gint    period_days;
  gint    stage_days[3];
  char    scheme;              /* 'A' or 'B' */
  gint32  marketing_owner_bp;  /* the induk's share of marketing costs */
  gint32  bonus_bp;            /* extra points on consigned sales, 0 = none */
  gint64  capacity;            /* units the anak can sell in the period; -1 = none known
                                * (at the offer: -1 = take it from the previous lot) */
  gint64  capacity_lot_id;     /* the earlier lot the capacity was taken from; 0 = stated or none */
  gint64  accepted;            /* read back: units the anak accepted, 0 before its answer */
} BsnLot;

BsnLot *bsn_lot_new (void);
void bsn_lot_free (BsnLot *lot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnLot, bsn_lot_free)

/* Offers @lot (its id is set). A modal pokok above the agreed price is
 * refused (BSN_ERROR_REFUSED). A @lot->capacity of -1 is replaced by the
 * units of the SKU the anak sold in its previous accepted lot of equal
 * length (capacity_lot_id is set), or stays -1 when there is none. */
gboolean bsn_lot_offer (BsnDb *db, BsnLot *lot, GError **error);
BsnLot *bsn_lot_get (BsnDb *db, gint64 id, GError **error);

/* Whether the anak accepted more units than its capacity (never when the
 * capacity is unknown or before it answered). */
gboolean bsn_lot_is_over_capacity (const BsnLot *lot);

/* The anak's answer. @qty 0 = all offered; fewer = reduce. */
gboolean bsn_lot_accept (BsnDb *db, gint64 lot_id, gint64 qty, gint64 day, GError **error);
gboolean bsn_lot_reject (BsnDb *db, gint64 lot_id, const char *reason, gint64 day, GError **error);

/* One markdown stage's price per unit and whether it falls below the
 * modal pokok (strictly). */
typedef struct
{
  BsnStage stage;           /* BSN_STAGE_I, _II, _III */
  gint64   price_rp;
  gboolean below_cost;
} BsnLotStagePrice;

/* The prices of Tahap I, II and III (−10 %, −20 %, −30 % of the agreed
 * price, as sales are priced) against @cost_rp per unit, in that order. */
void bsn_lot_stage_prices (const BsnLot *lot, gint64 cost_rp, BsnLotStagePrice out[3]);

typedef struct
{
  BsnStage stage;
  gint64   unit_price_rp;   /* at that stage; 0 when not selling */
  gint64   cost_rp;         /* modal pokok per unit in force */
  BsnLotStagePrice stages[3]; /* Tahap I–III against cost_rp, whatever the stage */
  gint64   offered;
  gint64   accepted;
  gint64   sold;
  gint64   returned;
  gint64   remaining;       /* accepted − sold − returned */
  gint64   stage_ends_day;  /* first day of the next stage; 0 when none */
  gint64   revenue_rp;
  gint64   capacity;        /* -1 = none known */
  gboolean over_capacity;   /* accepted > capacity */
} BsnLotStatus;

/* The lot as of @day. */
gboolean bsn_lot_status (BsnDb *db, gint64 lot_id, gint64 day, BsnLotStatus *out, GError **error);

typedef struct
{
  BsnStage stage;
  gint64   unit_price_rp;
  gint64   amount_rp;
  gint64   cost_rp;         /* modal pokok per unit of this sale */
  gint64   bonus_rp;        /* extra points given, 0 = none */
} BsnLotSale;

/* Sells @qty units on @day at that day's stage price. Refused before
 * acceptance, after the return (or when it is due), beyond what remains,
 * and before the offer date. With @customer_id and a lot bonus, the
 * customer earns the lot's extra points, funded by the induk's reserve. */
gboolean bsn_lot_sell (BsnDb      *db,
                       gint64      lot_id,
                       gint64      qty,
                       gint64      day,
                       gint64      customer_id,
                       BsnLotSale *out,
                       GError    **error);

/* A new modal pokok per unit from @day on. */
gboolean bsn_lot_reprice (BsnDb *db, gint64 lot_id, gint64 cost_rp, gint64 day, const char *reason,
                          GError **error);

/* A marketing cost of the lot, shared by the agreed ratio. */
gboolean bsn_lot_add_marketing (BsnDb *db, gint64 lot_id, gint64 amount_rp, gint64 day, const char *reason,
                                GError **error);

typedef struct
{
  gint64 returned;
  gint64 return_cost_rp;
  gint64 return_cost_anak_rp;
  gint64 induk_compensation_rp;
  gboolean over_capacity;     /* the anak bore 50 % of the return cost */
  gboolean overridden;        /* because of the explicit override */
} BsnLotReturn;

/* Returns every remaining unit on @day; @return_cost_rp is what the trip
 * back costs. The anak bears 50 % of it when the lot is over capacity;
 * @override_reason (NULL = none) makes it bear 50 % anyway, and is
 * required to be non-empty and audited (consign.over_capacity_override). */
gboolean bsn_lot_return (BsnDb        *db,
                         gint64        lot_id,
                         gint64        day,
                         const char   *override_reason,
                         gint64        return_cost_rp,
                         BsnLotReturn *out,
                         GError      **error);

typedef struct
{
  gint64   revenue_rp;
  gint64   cost_rp;                /* modal pokok owed to the induk */
  gint64   profit_rp;
  gint64   induk_rp;               /* profit shares */
  gint64   produsen_rp;
  gint64   anak_rp;
  gint64   marketing_rp;
  gint64   marketing_induk_rp;
  gint64   marketing_anak_rp;
  gint64   return_cost_anak_rp;
  gint64   induk_compensation_rp;
  gint64   anak_pays_induk_rp;     /* modal + induk share + compensation + return cost share */
  gboolean closed;                 /* sold out, returned or rejected */
  GArray  *sales;                  /* (element-type BsnLotSaleLine) */
} BsnSettlement;

typedef struct
{
  gint64   event_id;
  gint64   day;
  BsnStage stage;
  gint64   qty;
  gint64   unit_price_rp;
  gint64   amount_rp;
  gint64   cost_rp;                /* qty × modal */
} BsnLotSaleLine;

void bsn_settlement_free (BsnSettlement *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnSettlement, bsn_settlement_free)

BsnSettlement *bsn_lot_settle (BsnDb *db, gint64 lot_id, GError **error);

/* The scheme's profit split into induk, produsen and anak (remainder to
 * the anak). */
void bsn_share_split (char scheme, gint64 profit_rp, gint64 *induk, gint64 *produsen, gint64 *anak);

typedef struct
{
  gint64   id;
  char    *kind;
  gint64   day;
  gint64   qty;
  char    *stage;
  gint64   unit_price_rp;
  gint64   amount_rp;
  gint64   cost_rp;
  char    *reason;
} BsnLotEvent;

void bsn_lot_event_free (BsnLotEvent *e);
/* The lot's timeline. (element-type BsnLotEvent) (transfer full) */
GPtrArray *bsn_lot_events (BsnDb *db, gint64 lot_id, GError **error);

/* Lots of an induk or anak (0 = all), newest first.
 * (element-type BsnLot) (transfer full) */
GPtrArray *bsn_lot_list (BsnDb *db, gint64 store_id, GError **error);

G_END_DECLS
