/* bsn-lot-info.c — a lot as the app shows it (see bsn-lot-info.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-lot-dates.h"
#include "bsn-lot-info.h"

BsnLotInfo *
bsn_lot_info_new (BsnLot             *lot,
                  const BsnLotStatus *status,
                  gint64              day)
{
  BsnLotInfo *info = g_new0 (BsnLotInfo, 1);

  info->lot = lot;
  info->status = *status;
  info->day = day;
  return info;
}

static BsnLot *
lot_copy (const BsnLot *lot)
{
  BsnLot *copy = g_new0 (BsnLot, 1);

  *copy = *lot;
  copy->induk_code = g_strdup (lot->induk_code);
  copy->anak_code = g_strdup (lot->anak_code);
  copy->sku = g_strdup (lot->sku);
  copy->name = g_strdup (lot->name);
  return copy;
}

BsnLotInfo *
bsn_lot_info_copy (const BsnLotInfo *info)
{
  return bsn_lot_info_new (lot_copy (info->lot), &info->status, info->day);
}

void
bsn_lot_info_free (BsnLotInfo *info)
{
  if (info == NULL)
    return;
  bsn_lot_free (info->lot);
  g_free (info);
}

BsnLotInfo *
bsn_lot_info_load (BsnDb   *db,
                   gint64   lot_id,
                   gint64   day,
                   GError **error)
{
  g_autoptr(BsnLot) lot = bsn_lot_get (db, lot_id, error);
  BsnLotStatus status;

  if (lot == NULL || !bsn_lot_status (db, lot_id, day, &status, error))
    return NULL;
  return bsn_lot_info_new (g_steal_pointer (&lot), &status, day);
}

static gboolean
is_selling (BsnStage stage)
{
  return stage >= BSN_STAGE_NORMAL && stage <= BSN_STAGE_III;
}

gint64
bsn_lot_info_days_left (const BsnLotInfo *info)
{
  if (info->status.stage_ends_day == 0)
    return -1;
  return info->status.stage_ends_day - info->day;
}

BsnLotGroup
bsn_lot_info_group (const BsnLotInfo *info)
{
  const BsnLotStatus *st = &info->status;
  gint64 left = bsn_lot_info_days_left (info);

  switch (st->stage)
    {
    case BSN_STAGE_OFFERED:
      return BSN_LOT_GROUP_ATTENTION;
    case BSN_STAGE_RETURN_DUE:
      return st->remaining > 0 ? BSN_LOT_GROUP_ATTENTION : BSN_LOT_GROUP_DONE;
    case BSN_STAGE_RETURNED:
    case BSN_STAGE_REJECTED:
      return BSN_LOT_GROUP_DONE;
    default:
      if (st->remaining == 0)
        return BSN_LOT_GROUP_DONE;
      /* The price drops (or the return falls due) within a week. */
      return left >= 0 && left <= BSN_LOT_SOON_DAYS ? BSN_LOT_GROUP_ATTENTION : BSN_LOT_GROUP_SELLING;
    }
}

/* Offers first (someone must answer), then returns due, then the
 * stages that end soonest. */
static gint
urgency (const BsnLotInfo *info)
{
  gint64 left = bsn_lot_info_days_left (info);

  switch (info->status.stage)
    {
    case BSN_STAGE_OFFERED:
      return 0;
    case BSN_STAGE_RETURN_DUE:
      return 1;
    default:
      return left >= 0 ? 2 + (gint) MIN (left, 100000) : 200000;
    }
}

gint
bsn_lot_info_compare (gconstpointer a,
                      gconstpointer b)
{
  const BsnLotInfo *x = *(const BsnLotInfo * const *) a;
  const BsnLotInfo *y = *(const BsnLotInfo * const *) b;
  gint ux = urgency (x), uy = urgency (y);

  if (ux != uy)
    return ux < uy ? -1 : 1;
  /* Newest first, as the library lists them. */
  return x->lot->id > y->lot->id ? -1 : x->lot->id < y->lot->id;
}

gint
bsn_lot_info_sell_through_bp (const BsnLotInfo *info)
{
  if (info->status.accepted <= 0)
    return -1;
  return (gint) (info->status.sold * 10000 / info->status.accepted);
}

gint64
bsn_lot_info_value_at_risk_rp (const BsnLotInfo *info)
{
  const BsnLotStatus *st = &info->status;

  if (is_selling (st->stage))
    return st->remaining * st->unit_price_rp;
  if (st->stage == BSN_STAGE_RETURN_DUE)
    return st->remaining * bsn_lot_stage_price (info->lot, BSN_STAGE_III);
  return 0;
}

static const char *
short_stage (BsnStage stage)
{
  switch (stage)
    {
    case BSN_STAGE_I: return _("Tahap I");
    case BSN_STAGE_II: return _("Tahap II");
    case BSN_STAGE_III: return _("Tahap III");
    default: return "";
    }
}

char *
bsn_lot_day_format_short (gint64 day)
{
  static const char *const months[] = {
    N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("Mei"), N_("Jun"),
    N_("Jul"), N_("Agu"), N_("Sep"), N_("Okt"), N_("Nov"), N_("Des"),
  };
  int y, m, d;

  bsn_time_to_ymd (day * BSN_SECONDS_PER_DAY, &y, &m, &d);
  return g_strdup_printf ("%d %s %d", d, _(months[CLAMP (m, 1, 12) - 1]), y);
}

char *
bsn_lot_info_describe_time (const BsnLotInfo *info)
{
  const BsnLotStatus *st = &info->status;
  gint64 left = bsn_lot_info_days_left (info);
  gint64 first, end;

  switch (st->stage)
    {
    case BSN_STAGE_OFFERED:
      return g_strdup_printf (_("Menunggu jawaban %s"), info->lot->anak_code);
    case BSN_STAGE_REJECTED:
      return g_strdup (_("Ditolak anak cabang"));
    case BSN_STAGE_RETURNED:
      return g_strdup_printf (_("%" G_GINT64_FORMAT " unit kembali ke %s"), st->returned, info->lot->induk_code);
    case BSN_STAGE_RETURN_DUE:
      if (st->remaining == 0)
        return g_strdup (_("Habis terjual"));
      bsn_lot_stage_span (info->lot, BSN_STAGE_RETURN_DUE, &first, &end);
      if (info->day - first <= 0)
        return g_strdup (_("Wajib dikembalikan mulai hari ini"));
      return g_strdup_printf (_("Wajib dikembalikan sejak %" G_GINT64_FORMAT " hari lalu"), info->day - first);
    default:
      break;
    }
  if (st->remaining == 0)
    return g_strdup (_("Habis terjual"));
  if (left < 0)
    return g_strdup ("");
  if (st->stage == BSN_STAGE_III)
    {
      if (left == 1)
        return g_strdup (_("Besok wajib dikembalikan"));
      return g_strdup_printf (_("%" G_GINT64_FORMAT " hari lagi wajib dikembalikan"), left);
    }
  if (left == 1)
    return g_strdup_printf (_("Besok masuk %s"), short_stage (st->stage + 1));
  return g_strdup_printf (_("%" G_GINT64_FORMAT " hari lagi ke %s"), left, short_stage (st->stage + 1));
}

char *
bsn_lot_info_route (const BsnLotInfo *info)
{
  return g_strdup_printf ("%s → %s", info->lot->induk_code, info->lot->anak_code);
}
