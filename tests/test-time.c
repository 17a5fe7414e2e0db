/* test-time.c — the wall-clock time convention (bsn-time.h). */
#include "config.h"

#include "bsn-error.h"
#include "bsn-time.h"

static void
test_parse (void)
{
  BsnTime t;
  g_autofree char *iso = NULL;
  g_autofree char *date = NULL;
  g_autofree char *dt = NULL;

  g_assert_true (bsn_time_parse ("2026-11-22T14:22:14", &t, NULL));
  g_assert_cmpint (bsn_time_second_of_day (t), ==, 14 * 3600 + 22 * 60 + 14);
  iso = bsn_time_format_iso (t);
  g_assert_cmpstr (iso, ==, "2026-11-22T14:22:14");
  date = bsn_time_format_date (t);
  g_assert_cmpstr (date, ==, "22 Nov 2026");
  dt = bsn_time_format_datetime (t);
  g_assert_cmpstr (dt, ==, "22 Nov 2026 14.22");
  g_assert_true (bsn_time_parse ("2026-11-22 14:22", &t, NULL));
  g_assert_cmpint (bsn_time_second_of_day (t), ==, 14 * 3600 + 22 * 60);
  g_assert_true (bsn_time_parse ("2024-02-29", &t, NULL));
  g_assert_cmpint (bsn_time_second_of_day (t), ==, 0);
}

/* One display format everywhere (issue 16 §5): the short Indonesian
 * month; entries show and read DD/MM/YYYY, and still read ISO. */
static void
test_display_and_entry (void)
{
  static const struct { const char *iso, *date, *datetime, *entry, *entry_time; } cases[] = {
    { "2026-12-06T14:22:05", "6 Des 2026", "6 Des 2026 14.22", "06/12/2026", "06/12/2026 14:22" },
    { "2028-02-29T00:00:00", "29 Feb 2028", "29 Feb 2028 00.00", "29/02/2028", "29/02/2028 00:00" },
    { "2027-08-17T09:05:00", "17 Agu 2027", "17 Agu 2027 09.05", "17/08/2027", "17/08/2027 09:05" },
    { "2026-05-01T23:59:30", "1 Mei 2026", "1 Mei 2026 23.59", "01/05/2026", "01/05/2026 23:59" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      BsnTime t, back;
      g_autofree char *date = NULL, *datetime = NULL, *entry = NULL, *entry_time = NULL;
      g_assert_true (bsn_time_parse (cases[i].iso, &t, NULL));
      date = bsn_time_format_date (t);
      datetime = bsn_time_format_datetime (t);
      entry = bsn_time_format_date_entry (t);
      entry_time = bsn_time_format_datetime_entry (t);
      g_assert_cmpstr (date, ==, cases[i].date);
      g_assert_cmpstr (datetime, ==, cases[i].datetime);
      g_assert_cmpstr (entry, ==, cases[i].entry);
      g_assert_cmpstr (entry_time, ==, cases[i].entry_time);
      g_assert_true (bsn_date_parse (entry, &back, NULL));
      g_assert_cmpint (back, ==, bsn_time_day (t) * BSN_SECONDS_PER_DAY);
      g_assert_true (bsn_time_parse (entry_time, &back, NULL));
      g_assert_cmpint (back, ==, t - t % 60);
    }
  {
    BsnTime t;
    g_assert_true (bsn_date_parse ("6/12/2026", &t, NULL));
    g_assert_cmpint (t, ==, bsn_time_from_ymd_hms (2026, 12, 6, 0, 0, 0));
    g_assert_true (bsn_time_parse ("6/1/2027 7:30", &t, NULL) == FALSE);   /* the clock keeps two digits */
    g_assert_true (bsn_time_parse ("06/01/2027 07:30", &t, NULL));
    g_assert_cmpint (t, ==, bsn_time_from_ymd_hms (2027, 1, 6, 7, 30, 0));
  }
}

static void
test_refuses_impossible (void)
{
  const char *bad[] = { "2026-02-30", "2026-13-01", "2025-02-29", "2026-11-22T24:00:00", "2026-11-22T10:60",
                        "22-11-2026", "2026/11/22", "31/02/2026", "22/11/26", "22/13/2026", "29/02/2027", "122/11/2026", "2026-11-22T14:22:14Z", "", "besok" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      BsnTime t = 7;
      g_assert_false (bsn_time_parse (bad[i], &t, &error));
      g_assert_error (error, BSN_ERROR, BSN_ERROR_INVALID);
      g_assert_cmpint (t, ==, 7);
    }
}

static void
test_clock (void)
{
  gint s;
  g_autofree char *c = NULL;

  g_assert_true (bsn_clock_parse ("07:30", &s, NULL));
  g_assert_cmpint (s, ==, 7 * 3600 + 30 * 60);
  c = bsn_clock_format (s);
  g_assert_cmpstr (c, ==, "07:30");
  g_assert_false (bsn_clock_parse ("7:30", &s, NULL));
  g_assert_false (bsn_clock_parse ("25:00", &s, NULL));
}

static void
test_days_roundtrip (void)
{
  /* Every day from 1900 to 2100 survives the trip through BsnTime. */
  BsnTime t = bsn_time_from_ymd_hms (1900, 1, 1, 0, 0, 0);
  BsnTime end = bsn_time_from_ymd_hms (2100, 12, 31, 0, 0, 0);
  g_autoptr(GDate) ref = g_date_new_dmy (1, 1, 1900);

  for (; t <= end; t += BSN_SECONDS_PER_DAY)
    {
      int y, m, d;
      bsn_time_to_ymd (t, &y, &m, &d);
      g_assert_cmpint (y, ==, g_date_get_year (ref));
      g_assert_cmpint (m, ==, g_date_get_month (ref));
      g_assert_cmpint (d, ==, g_date_get_day (ref));
      g_date_add_days (ref, 1);
    }
  g_assert_cmpint (bsn_time_from_ymd_hms (1970, 1, 2, 0, 0, 0), ==, 86400);
}

/* Periods as a bookkeeper writes them: each month and year said once. */
typedef struct
{
  const char *from;
  const char *to_exclusive;
  const char *expected;
} PeriodCase;

static const PeriodCase period_cases[] = {
  { "2026-11-01", "2026-12-01", "1–30 November 2026" },
  { "2026-11-01", "2026-12-07", "1 November – 6 Desember 2026" },
  { "2026-11-28", "2026-12-07", "28 November – 6 Desember 2026" },
  { "2026-12-30", "2027-01-03", "30 Desember 2026 – 2 Januari 2027" },
  { "2026-12-06", "2026-12-07", "6 Desember 2026" },
  { "2028-02-01", "2028-03-01", "1–29 Februari 2028" },
  { "2026-01-01", "2027-01-01", "1 Januari – 31 Desember 2026" },
  /* A period ending during a day (the page's "Bulan ini" ends now) ends that day. */
  { "2026-11-01", "2026-11-22T14:22:14", "1–22 November 2026" },
  /* Empty or reversed: the first day, never a date before it. */
  { "2026-11-05", "2026-11-05", "5 November 2026" },
  { "2026-11-05", "2026-11-01", "5 November 2026" },
};

static void
test_format_period (gconstpointer data)
{
  const PeriodCase *c = data;
  BsnTime from, to;
  g_autofree char *text = NULL;

  g_assert_true (bsn_time_parse (c->from, &from, NULL));
  g_assert_true (bsn_time_parse (c->to_exclusive, &to, NULL));
  text = bsn_time_format_period (from, to);
  g_assert_cmpstr (text, ==, c->expected);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/time/display-and-entry", test_display_and_entry);
  g_test_add_func ("/time/parse", test_parse);
  g_test_add_func ("/time/refuses-impossible-dates", test_refuses_impossible);
  g_test_add_func ("/time/clock", test_clock);
  g_test_add_func ("/time/days-roundtrip", test_days_roundtrip);
  for (guint i = 0; i < G_N_ELEMENTS (period_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/time/format-period/%s..%s", period_cases[i].from,
                                               period_cases[i].to_exclusive);
      g_test_add_data_func (path, &period_cases[i], test_format_period);
    }
  return g_test_run ();
}
