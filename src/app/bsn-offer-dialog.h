/* bsn-offer-dialog.h — "Tawarkan titipan…": an induk offers a lot to an
 * anak cabang (DOMAIN.md §8, §9).
 *
 * Every field of bsn_lot_offer(): the goods (SKU, name, units), induk and
 * anak, modal pokok and the agreed sale price in Rupiah written the
 * Indonesian way ("Rp85.000"), the offer date, the normal sale period and
 * the days of Tahap I, II and III (the dates they give are shown as they
 * are typed), the partnership scheme, the induk's share of marketing costs
 * and extra points for buyers. Each field is checked by the library's
 * parsers and a problem is shown right under its group. "saved" carries
 * the new lot's id.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BSN_TYPE_OFFER_DIALOG (bsn_offer_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BsnOfferDialog, bsn_offer_dialog, BSN, OFFER_DIALOG, AdwWindow)

/* @stores: (element-type BsnStore) every store; @induk_id: the induk to
 * start with (0 = the first). */
BsnOfferDialog *bsn_offer_dialog_new (GtkWindow  *parent,
                                      const char *path,
                                      GPtrArray  *stores,
                                      gint64      induk_id);

G_END_DECLS
