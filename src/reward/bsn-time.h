/* bsn-time.h — the one time convention of the database.
 *
 * A BsnTime is a wall-clock timestamp in whole seconds since
 * 1970-01-01T00:00:00 as read on the store's clock (WIB, no zone stored):
 * receipts, slots and days are all about the local hour, so the arithmetic
 * (day = t / 86 400, second of day = t % 86 400) needs no time zone at all.
 * Dates are written ISO 8601 ("2026-11-22T14:22:14") for machines and the
 * Indonesian way ("22 November 2026") for people.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef gint64 BsnTime;

#define BSN_SECONDS_PER_DAY 86400

/* "YYYY-MM-DDTHH:MM:SS" (also with a space, or without seconds) or
 * "YYYY-MM-DD" (midnight); the date also as Indonesians write it,
 * "DD/MM/YYYY" ("22/11/2026 14:22"). Refuses impossible dates such as
 * 2026-02-30. */
gboolean bsn_time_parse (const char *text, BsnTime *out, GError **error);

/* "DD/MM/YYYY" or "YYYY-MM-DD", no time. */
gboolean bsn_date_parse (const char *text, BsnTime *out, GError **error);

/* "HH:MM" or "HH:MM:SS" → seconds since midnight. */
gboolean bsn_clock_parse (const char *text, gint *out_seconds, GError **error);

/* The current wall-clock time: the one clock of the library, the app, the
 * CLI and the demo data. $BSN_NOW ("2026-12-31T23:59:30") moves it: the
 * clock then starts at that time when first read and runs on from there,
 * so tests and demos can be run at any date (faketime moves it too). */
BsnTime bsn_time_now (void);

/* The same clock as seconds since the Unix epoch (UTC), for the record
 * times the database keeps beside the store-clock times. */
gint64 bsn_time_now_unix (void);

BsnTime bsn_time_from_ymd_hms (int year, int month, int day, int hour, int minute, int second);
void bsn_time_to_ymd (BsnTime t, int *year, int *month, int *day);
gint64 bsn_time_day (BsnTime t);              /* days since 1970-01-01 */
gint bsn_time_second_of_day (BsnTime t);

char *bsn_time_format_iso (BsnTime t);        /* "2026-11-22T14:22:14" */
char *bsn_time_format_date_iso (BsnTime t);   /* "2026-11-22" */
/* The one date format people read (the app, messages, the audit trail's
 * sentences): "22 Nov 2026", with the time "22 Nov 2026 14.22" (the
 * Indonesian short month, the time with a dot). ISO stays for machines
 * (JSON, CSV exchange files); a period keeps its long form (below). */
char *bsn_time_format_date (BsnTime t);       /* "22 Nov 2026" */
char *bsn_time_format_datetime (BsnTime t);   /* "22 Nov 2026 14.22" */
/* The same for a real instant (Unix seconds, UTC) read on the local clock. */
char *bsn_time_format_datetime_unix (gint64 unix_seconds);
/* What a date entry shows and the parsers read back: "22/11/2026",
 * "22/11/2026 14:22". */
char *bsn_time_format_date_entry (BsnTime t);
char *bsn_time_format_datetime_entry (BsnTime t);
char *bsn_clock_format (gint seconds);        /* "07:30" */

/* The days of [@from, @to_exclusive) the way an Indonesian bookkeeper
 * writes a period, saying each month and year once: "1–30 November 2026",
 * "28 November – 6 Desember 2026", "30 Desember 2026 – 2 Januari 2027",
 * and "6 Desember 2026" for a single day. A period ending at midnight
 * ends the day before; an empty or reversed period is its first day. */
char *bsn_time_format_period (BsnTime from, BsnTime to_exclusive);

G_END_DECLS
