/* bsn-posting-dialog.h — one posting of Buku Poin, with its legs.
 *
 * Shows what the posting is and how its legs move the accounts, and lets
 * the user cancel it: a reversal posting with every leg negated and a
 * reason (bsn_ledger_reverse()), written on a worker thread. Postings are
 * never edited; the original stays and is marked cancelled.
 */
#pragma once

#include <adwaita.h>

#include "bsn-posting-object.h"

G_BEGIN_DECLS

#define BSN_TYPE_POSTING_DIALOG (bsn_posting_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BsnPostingDialog, bsn_posting_dialog, BSN, POSTING_DIALOG, AdwWindow)

/* Emits "reversed" (gint64 reversal_id) after a successful cancellation. */
BsnPostingDialog *bsn_posting_dialog_new (GtkWindow        *parent,
                                          const char       *path,
                                          BsnPostingObject *posting);

G_END_DECLS
