/* bsn-app-util.h — small things every page does: a toast, a message
 * dialog, and saving a text file the user picks. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A toast in the window's toast overlay (nothing when the widget has none). */
void bsn_app_show_toast   (GtkWidget  *widget,
                           const char *message);

/* A message dialog over the widget's window with one "Tutup" button. */
void bsn_app_show_message (GtkWidget  *widget,
                           const char *heading,
                           const char *body);

/* Asks where to save with a save dialog titled TITLE that suggests
 * SUGGESTED_NAME, then writes TEXT (taken) there in the background; a
 * toast says where it went, or a message why it did not. */
void bsn_app_save_text    (GtkWidget  *widget,
                           const char *title,
                           const char *suggested_name,
                           char       *text);

/* A calendar button beside a date entry (an AdwEntryRow gets it as a
 * suffix, a GtkEntry right after it in its box): the popover opens on
 * the entry's date, and the day picked is written the way the entry reads
 * it, "06/12/2026" (keeping a time already typed after the date). With
 * @activate the entry is then activated, as if Enter was pressed, so a
 * filter applies the date at once. (transfer none) */
GtkWidget *bsn_app_add_date_picker (GtkWidget *entry,
                                    gboolean   activate);

G_END_DECLS
