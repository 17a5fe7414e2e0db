/* bsn-money-entry.h — a compact entry for an amount of Rupiah.
 *
 * Right-aligned tabular figures, the digits keyboard, and an "activate"
 * that assistive technologies can trigger too: GTK 4.8's GtkEntry leaves
 * its accessible Activate action without effect, so a screen reader (or a
 * UI test) could fill the entry but never confirm it. Used for the slot
 * quotas of Kuota Harian, where Enter saves what was typed.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BSN_TYPE_MONEY_ENTRY (bsn_money_entry_get_type ())

G_DECLARE_FINAL_TYPE (BsnMoneyEntry, bsn_money_entry, BSN, MONEY_ENTRY, GtkEntry)

GtkWidget *bsn_money_entry_new (void);

G_END_DECLS
