/* bsn-store-dialog.h — adding or editing a store (DOMAIN.md §1, §3).
 *
 * Every field the library keeps: code, name, role, parent induk, margin
 * band, level (named per band and scheme), schemes, opening time and
 * hours, average margin, minimum purchase quota and whether it is active.
 * Indonesian input ("14,5", "Rp200.000", "07:30") is parsed by the
 * library; its messages appear in the dialog, which stays open with
 * everything as typed until the store is saved.
 */
#pragma once

#include <adwaita.h>

#include "bsn-store.h"

G_BEGIN_DECLS

#define BSN_TYPE_STORE_DIALOG (bsn_store_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BsnStoreDialog, bsn_store_dialog, BSN, STORE_DIALOG, AdwWindow)

/* @store NULL adds a new store. @stores (element-type BsnStore) lists the
 * network, for the choice of parent induk. Emits "saved" (the name). */
BsnStoreDialog *bsn_store_dialog_new (GtkWindow      *parent,
                                      const char     *path,
                                      const BsnStore *store,
                                      GPtrArray      *stores);

G_END_DECLS
