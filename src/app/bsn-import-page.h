/* bsn-import-page.h — Impor Penjualan: many receipts at once from a CSV
 * file (bsn-import.h; the rewards are those of DOMAIN.md §4).
 *
 * Pick a file (GtkFileChooserNative), see its first rows, then "Impor"
 * runs bsn_import_sales() on a worker thread with a progress bar and a
 * Cancel button. The summary says how many receipts were imported, how
 * many were already there, their reward value, and which lines were
 * rejected and why. A cancelled import keeps its finished batches; the
 * same file imported again continues where it stopped.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BSN_TYPE_IMPORT_PAGE (bsn_import_page_get_type ())

G_DECLARE_FINAL_TYPE (BsnImportPage, bsn_import_page, BSN, IMPORT_PAGE, GtkWidget)

void bsn_import_page_set_path (BsnImportPage *self,
                               const char    *path);
/* Opens the file chooser. */
void bsn_import_page_choose_file (BsnImportPage *self);

G_END_DECLS
