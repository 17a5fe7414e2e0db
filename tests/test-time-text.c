/* test-time-text.c — dates and times as users type and read them: every
 * refusal of a typed date or clock with its message, report periods in
 * each month's Indonesian name, the entry formats, Unix times shown in
 * local time (TZ fixed to UTC here). No dependence on today's date. */
#include "config.h"

#include <string.h>

#include "bsn-error.h"
#include "bsn-test-util.h"
#include "bsn-time.h"

static BsnTime
ymd (int y,
     int m,
     int d)
{
  return bsn_time_from_ymd_hms (y, m, d, 0, 0, 0);
}

static void
test_date_refusals (void)
{
  static const struct { const char *text, *message; } cases[] = {
    { "", "Tanggal kosong" },
    { NULL, "Tanggal kosong" },
    { "6/12/2026 pagi", "“6/12/2026 pagi” bukan tanggal yang sah: tulis HH/BB/TTTT, misalnya 22/11/2026" },
    { "2026-12-06T10:00", "“2026-12-06T10:00” bukan tanggal yang sah: tulis HH/BB/TTTT, misalnya 22/11/2026" },
    { "6-12-2026", "“6-12-2026” bukan tanggal yang sah: tulis HH/BB/TTTT, misalnya 22/11/2026" },
    { "6/12/26", "“6/12/26” bukan tanggal yang sah: tulis HH/BB/TTTT, misalnya 22/11/2026" },
    { "06.12.2026", "“06.12.2026” bukan tanggal yang sah: tulis HH/BB/TTTT, misalnya 22/11/2026" },
    { "29/02/2026", "“29/02/2026” bukan tanggal yang ada di kalender" },
    { "31/04/2026", "“31/04/2026” bukan tanggal yang ada di kalender" },
    { "2026-13-01", "“2026-13-01” bukan tanggal yang ada di kalender" },
    { "1899-12-31", "“1899-12-31” bukan tanggal yang ada di kalender" },
    { "0/1/2026", "“0/1/2026” bukan tanggal yang ada di kalender" },
  };
  BsnTime t = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (bsn_date_parse (cases[i].text, &t, &error));
      g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
  /* Leap day, the year's ends, ISO. */
  g_assert_true (bsn_date_parse ("29/2/2028", &t, NULL));
  g_assert_cmpint (t, ==, ymd (2028, 2, 29));
  g_assert_true (bsn_date_parse ("1900-01-01", &t, NULL));
  g_assert_cmpint (t, ==, ymd (1900, 1, 1));
  g_assert_true (bsn_date_parse ("31/12/9999", &t, NULL));
  g_assert_cmpint (t, ==, ymd (9999, 12, 31));
}

static void
test_clock_refusals (void)
{
  static const struct { const char *text, *message; } cases[] = {
    { "", "Jam kosong" },
    { NULL, "Jam kosong" },
    { "24:00", "“24:00” bukan jam yang ada (00:00:00 sampai 23:59:59)" },
    { "23:60", "“23:60” bukan jam yang ada (00:00:00 sampai 23:59:59)" },
    { "23:59:60", "“23:59:60” bukan jam yang ada (00:00:00 sampai 23:59:59)" },
    { "7.30", "“7.30” bukan jam yang sah: tulis JJ:MM atau JJ:MM:DD, misalnya 14:22:14" },
    { "07:3", "“07:3” bukan jam yang sah: tulis JJ:MM atau JJ:MM:DD, misalnya 14:22:14" },
    { "07:30:", "“07:30:” bukan jam yang sah: tulis JJ:MM atau JJ:MM:DD, misalnya 14:22:14" },
    { "07:30 WIB", "“07:30 WIB” bukan jam yang sah: tulis JJ:MM atau JJ:MM:DD, misalnya 14:22:14" },
  };
  gint s = -1;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (bsn_clock_parse (cases[i].text, &s, &error));
      g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
  g_assert_true (bsn_clock_parse ("23:59:59", &s, NULL));
  g_assert_cmpint (s, ==, 86399);
  g_assert_true (bsn_clock_parse ("00:00", &s, NULL));
  g_assert_cmpint (s, ==, 0);
}

/* A report's period: one day, days of one month, months of one year,
 * across years; every month by its name. */
static void
test_periods (void)
{
  static const char *const months[] = { "1–31 Januari 2026", "1–28 Februari 2026", "1–31 Maret 2026",
                                        "1–30 April 2026", "1–31 Mei 2026", "1–30 Juni 2026", "1–31 Juli 2026",
                                        "1–31 Agustus 2026", "1–30 September 2026", "1–31 Oktober 2026",
                                        "1–30 November 2026", "1–31 Desember 2026" };
  g_autofree char *day = bsn_time_format_period (ymd (2026, 12, 7), ymd (2026, 12, 8));
  g_autofree char *empty = bsn_time_format_period (ymd (2026, 12, 7), ymd (2026, 12, 7));
  g_autofree char *months_of_year = bsn_time_format_period (ymd (2026, 11, 25), ymd (2026, 12, 8));
  g_autofree char *years = bsn_time_format_period (ymd (2026, 12, 25), ymd (2027, 1, 8));

  for (int m = 1; m <= 12; m++)
    {
      g_autofree char *text = bsn_time_format_period (ymd (2026, m, 1), m == 12 ? ymd (2027, 1, 1) : ymd (2026, m + 1, 1));
      g_assert_cmpstr (text, ==, months[m - 1]);
    }
  g_assert_cmpstr (day, ==, "7 Desember 2026");
  /* An empty period reads as its first day. */
  g_assert_cmpstr (empty, ==, "7 Desember 2026");
  g_assert_cmpstr (months_of_year, ==, "25 November – 7 Desember 2026");
  g_assert_cmpstr (years, ==, "25 Desember 2026 – 7 Januari 2027");
}

static void
test_entry_and_unix (void)
{
  BsnTime t = bsn_time_from_ymd_hms (2026, 3, 5, 7, 8, 59);
  g_autofree char *entry = bsn_time_format_date_entry (t);
  g_autofree char *entry_dt = bsn_time_format_datetime_entry (t);
  g_autofree char *clock = bsn_clock_format (7 * 3600 + 8 * 60 + 59);
  g_autofree char *midnight = bsn_clock_format (0);
  /* 2026-12-07 02:45:00 UTC. */
  g_autofree char *unix_text = bsn_time_format_datetime_unix (1796611500);
  g_autofree char *iso = bsn_time_format_iso (t);
  g_autofree char *date_iso = bsn_time_format_date_iso (t);

  g_assert_cmpstr (entry, ==, "05/03/2026");
  g_assert_cmpstr (entry_dt, ==, "05/03/2026 07:08");
  g_assert_cmpstr (clock, ==, "07:08");
  g_assert_cmpstr (midnight, ==, "00:00");
  g_assert_cmpstr (unix_text, ==, "7 Des 2026 02.45");
  g_assert_cmpstr (iso, ==, "2026-03-05T07:08:59");
  g_assert_cmpstr (date_iso, ==, "2026-03-05");
}

int
main (int    argc,
      char **argv)
{
  /* Before GLib reads the local time zone. */
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/time-text/date-refusals", test_date_refusals);
  g_test_add_func ("/time-text/clock-refusals", test_clock_refusals);
  g_test_add_func ("/time-text/periods", test_periods);
  g_test_add_func ("/time-text/entry-and-unix", test_entry_and_unix);
  return g_test_run ();
}
