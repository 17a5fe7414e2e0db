/* bsn-lot-info.h — a titip jual lot as the app shows it (DOMAIN.md §8).
 *
 * A lot with its status as of one day, and what the manager reads off it:
 * how many days are left in the current stage, how much of what the anak
 * accepted has sold, the value at risk (what remains × the current unit
 * price), the dates of its stages, and which group it belongs in — what
 * needs attention first (offers awaiting an answer, returns due, a
 * markdown stage starting within a week), what is selling, what is done.
 * The rules themselves (stage dates and prices) are the library's
 * (bsn-consign.h, bsn-lot-dates.h); this only reads them.
 */
#pragma once

#include <glib.h>

#include "bsn-consign.h"

G_BEGIN_DECLS

/* A markdown stage starting within this many days needs attention. */
#define BSN_LOT_SOON_DAYS 7

typedef enum
{
  BSN_LOT_GROUP_ATTENTION,
  BSN_LOT_GROUP_SELLING,
  BSN_LOT_GROUP_DONE,
} BsnLotGroup;

typedef struct
{
  BsnLot       *lot;
  BsnLotStatus  status;   /* as of @day */
  gint64        day;
} BsnLotInfo;

/* Takes @lot. */
BsnLotInfo *bsn_lot_info_new (BsnLot             *lot,
                              const BsnLotStatus *status,
                              gint64              day);
BsnLotInfo *bsn_lot_info_copy (const BsnLotInfo *info);
void bsn_lot_info_free (BsnLotInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnLotInfo, bsn_lot_info_free)

/* Reads a lot and its status as of @day; for worker threads. */
BsnLotInfo *bsn_lot_info_load (BsnDb   *db,
                               gint64   lot_id,
                               gint64   day,
                               GError **error);

BsnLotGroup bsn_lot_info_group (const BsnLotInfo *info);
/* Orders a group: the most pressing first. */
gint bsn_lot_info_compare (gconstpointer a,
                           gconstpointer b);

/* Days until the next stage begins, or -1 when no stage follows. */
gint64 bsn_lot_info_days_left (const BsnLotInfo *info);
/* Sold ÷ accepted in basis points, or -1 before anything was accepted. */
gint bsn_lot_info_sell_through_bp (const BsnLotInfo *info);
/* Remaining units × the unit price of the current stage (the Tahap III
 * price once the return is due). */
gint64 bsn_lot_info_value_at_risk_rp (const BsnLotInfo *info);

/* "5 hari lagi ke Tahap II", "Besok masuk Tahap I", "Wajib dikembalikan
 * sejak 3 hari", "Menunggu jawaban ANK-DGO" … (transfer full) */
char *bsn_lot_info_describe_time (const BsnLotInfo *info);
/* "IND-BDG → ANK-DGO" (transfer full) */
char *bsn_lot_info_route (const BsnLotInfo *info);
/* A day as "2 Des 2026" (transfer full) */
char *bsn_lot_day_format_short (gint64 day);

G_END_DECLS
