/* bsn-wrap-box.h — children in a row that wraps when the row is too narrow.
 *
 * Like a horizontal GtkBox while everything fits; on a narrow window the
 * children that do not fit move to the next line. Each line shares its
 * spare width among its horizontally expanding children. Used for the
 * filter bar of Buku Poin, which must fit a folded (narrow) window too.
 * GTK 4.8 has no flow layout that keeps natural widths (GtkFlowBox makes
 * columns of equal width).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BSN_TYPE_WRAP_BOX (bsn_wrap_box_get_type ())

G_DECLARE_FINAL_TYPE (BsnWrapBox, bsn_wrap_box, BSN, WRAP_BOX, GtkWidget)

GtkWidget *bsn_wrap_box_new (void);

G_END_DECLS
