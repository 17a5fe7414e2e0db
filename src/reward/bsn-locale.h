/* bsn-locale.h — the process's locale and the thread's numeric locale.
 *
 * The users run Indonesian locales (id_ID.UTF-8), whose decimal separator
 * is a comma. That is right on screen and wrong in files with a fixed
 * syntax: libxlsxwriter prints the doubles of an xlsx part (column
 * widths, page margins, cell values) with the C library's printf, so under
 * id_ID it wrote `width="12,71"` and Excel, LibreOffice and openpyxl read
 * a broken workbook. A BsnCNumeric scope switches the calling thread alone
 * (uselocale, so the app's GTask workers and its main loop do not disturb
 * each other) to the C numeric rules, keeping the thread's other
 * categories (messages, time) as they were; leaving it restores the
 * thread's locale.
 *
 * bsn_locale_init() is the first call of both programs: the user's locale,
 * and the project's message catalogue — the build tree's when the program
 * runs from its build directory, the installed one otherwise. It matters
 * beyond our own strings: GLib, GTK and libadwaita translate their own
 * messages only when the program's text domain has a catalogue for the
 * language, so a missing catalogue left the option headings, the file
 * chooser and the About window in English.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BsnCNumeric BsnCNumeric;

/* Switches the calling thread to C numeric formatting until
 * bsn_c_numeric_leave(). Never fails: if the C locale cannot be made the
 * thread stays as it was (and the caller writes what it would have
 * written before). (transfer full) */
BsnCNumeric *bsn_c_numeric_enter (void);
void         bsn_c_numeric_leave (BsnCNumeric *scope);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnCNumeric, bsn_c_numeric_leave)

/* setlocale (LC_ALL, "") and the GETTEXT_PACKAGE text domain, bound to
 * the build tree's po/ directory when the running executable lies inside
 * the build tree, else to LOCALEDIR. Binds no other domain. */
void bsn_locale_init (void);

/* The directory bsn_locale_init() binds GETTEXT_PACKAGE to. (transfer full) */
char *bsn_locale_dir (void);

G_END_DECLS
