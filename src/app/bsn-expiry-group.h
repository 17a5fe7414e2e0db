/* bsn-expiry-group.h — "Poin segera hangus": the customers whose points
 * expire within 30 days (DOMAIN.md §7), each with a button that opens the
 * WhatsApp reminder. Shown on the Voucher page, where points are spent.
 * Loading it first posts the expiries already due (the app runs expiry
 * for "now" on its own), on a worker thread. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BSN_EXPIRY_REMINDER_DAYS 30

#define BSN_TYPE_EXPIRY_GROUP (bsn_expiry_group_get_type ())
G_DECLARE_FINAL_TYPE (BsnExpiryGroup, bsn_expiry_group, BSN, EXPIRY_GROUP, AdwPreferencesGroup)

/* Runs the expiry due now on @path and lists the reminders. */
void bsn_expiry_group_reload (BsnExpiryGroup *self, const char *path);

G_END_DECLS
