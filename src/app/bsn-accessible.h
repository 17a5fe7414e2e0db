/* bsn-accessible.h — names for the inner parts of composite widgets.
 *
 * GTK 4.8 and libadwaita 1.2 build some widgets out of parts a screen
 * reader reaches on its own and that carry no name of their own: the
 * button and the list of a GtkDropDown, the list inside a GtkColumnView,
 * the lists and the enable switch of an AdwExpanderRow, the children of
 * a GtkFlowBox. Without a name, GTK 4.8 hands the part's type name
 * ("GtkToggleButton") to AT-SPI, and that is what gets read out. Each
 * part is labelled by the widget it belongs to (its own label or title)
 * or by the labels it shows, when it is realized (a hook on "realize",
 * so pages, dialogs and tables built later are covered alike); libadwaita
 * 1.2's icon-only toast close button is named "Tutup". The ui-a11y-names test walks every page and
 * fails on a focusable part without a name.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* From now on, names the inner parts of every composite widget as it is
 * realized, whoever built it (a page, a dialog, a report's tables). */
void bsn_accessible_name_parts_on_realize (void);

G_END_DECLS
