/* bsn-stopwatch.h — the Poin Voucher Stopwatch countdown (DOMAIN.md §4.1).
 *
 * The customer starts a real countdown of a random 15–25 seconds (drawn
 * at each start, so nobody can time the stop to a digit); when it ends, the Angka Keberuntungan (lucky digit) is the last digit of the
 * wall-clock seconds at that moment (14:22:14 → 4), shown large. The
 * countdown can be cancelled (Escape on the page); running it again draws
 * a new digit.
 *
 * BSN_STOPWATCH_SECONDS=N (1–600) in the environment replaces the drawn
 * length with N seconds, for UI tests and demonstrations.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BSN_TYPE_STOPWATCH (bsn_stopwatch_get_type ())

G_DECLARE_FINAL_TYPE (BsnStopwatch, bsn_stopwatch, BSN, STOPWATCH, GtkWidget)

void bsn_stopwatch_start (BsnStopwatch *self);
/* Stops a running countdown without drawing a digit. */
void bsn_stopwatch_cancel (BsnStopwatch *self);
/* Forgets the digit, ready for the next customer. */
void bsn_stopwatch_reset (BsnStopwatch *self);
gboolean bsn_stopwatch_get_running (BsnStopwatch *self);
/* The lucky digit 0–9, or -1 before the countdown has ended. */
gint bsn_stopwatch_get_digit (BsnStopwatch *self);
/* Focuses the button that starts (or restarts) the countdown. */
void bsn_stopwatch_focus_start (BsnStopwatch *self);

G_END_DECLS
