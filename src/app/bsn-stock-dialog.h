/* bsn-stock-dialog.h — adding or changing a stock line of a store-day
 * (DOMAIN.md §5).
 *
 * Item, quantity ("2,5" — up to three decimals), unit, unit price in
 * Rupiah written the Indonesian way and whether it is perishable. The
 * line's value is shown as it is typed. Saving runs bsn_stock_set() on a
 * worker thread; a renamed item replaces the old line. "saved" carries
 * the item's name.
 */
#pragma once

#include <adwaita.h>

#include "bsn-quota.h"

G_BEGIN_DECLS

#define BSN_TYPE_STOCK_DIALOG (bsn_stock_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BsnStockDialog, bsn_stock_dialog, BSN, STOCK_DIALOG, AdwWindow)

/* @line: the line to change, or NULL for a new one. */
BsnStockDialog *bsn_stock_dialog_new (GtkWindow          *parent,
                                      const char         *path,
                                      gint64              store_id,
                                      gint64              day,
                                      const char         *store_label,
                                      const BsnStockLine *line);

G_END_DECLS
