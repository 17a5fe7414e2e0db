/* bsn-time.c — wall-clock timestamps (see bsn-time.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bsn-error.h"
#include "bsn-time.h"

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's algorithm). */
static gint64
days_from_civil (gint64 y,
                 int    m,
                 int    d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void
civil_from_days (gint64 z,
                 int   *y,
                 int   *m,
                 int   *d)
{
  gint64 era, doe, yoe, doy, mp, yy;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  yy = yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = (int) (doy - (153 * mp + 2) / 5 + 1);
  *m = (int) (mp < 10 ? mp + 3 : mp - 9);
  *y = (int) (yy + (*m <= 2));
}

BsnTime
bsn_time_from_ymd_hms (int year,
                       int month,
                       int day,
                       int hour,
                       int minute,
                       int second)
{
  return days_from_civil (year, month, day) * BSN_SECONDS_PER_DAY
         + hour * 3600 + minute * 60 + second;
}

gint64
bsn_time_day (BsnTime t)
{
  return t >= 0 ? t / BSN_SECONDS_PER_DAY : -((-t - 1) / BSN_SECONDS_PER_DAY) - 1;
}

gint
bsn_time_second_of_day (BsnTime t)
{
  return (gint) (t - bsn_time_day (t) * BSN_SECONDS_PER_DAY);
}

void
bsn_time_to_ymd (BsnTime t,
                 int    *year,
                 int    *month,
                 int    *day)
{
  civil_from_days (bsn_time_day (t), year, month, day);
}

/* Reads exactly @n digits. */
static gboolean
read_digits (const char **p,
             int          n,
             int         *out)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      char c = (*p)[i];
      if (c < '0' || c > '9')
        return FALSE;
      v = v * 10 + (c - '0');
    }
  *p += n;
  *out = v;
  return TRUE;
}

/* One or two digits: the day and month of "6/12/2026". */
static gboolean
read_one_or_two (const char **p,
                 int         *out)
{
  if (!read_digits (p, 1, out))
    return FALSE;
  if (**p >= '0' && **p <= '9')
    {
      *out = *out * 10 + (**p - '0');
      (*p)++;
    }
  return TRUE;
}

/* "DD/MM/YYYY" as Indonesians write a date (also "6/12/2026"), or ISO
 * "YYYY-MM-DD" as machines do. */
static gboolean
parse_date_part (const char **p,
                 const char  *text,
                 int         *y,
                 int         *m,
                 int         *d,
                 GError     **error)
{
  const char *slash = *p;
  gboolean ok;

  if (read_one_or_two (&slash, d) && *slash == '/')
    {
      slash++;
      ok = read_one_or_two (&slash, m) && *slash == '/' && (slash++, read_digits (&slash, 4, y));
      if (ok)
        *p = slash;
    }
  else
    ok = read_digits (p, 4, y) && **p == '-' && (++*p, read_digits (p, 2, m)) && **p == '-'
         && (++*p, read_digits (p, 2, d));
  if (!ok)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("“%s” bukan tanggal yang sah: tulis HH/BB/TTTT, misalnya 22/11/2026"), text);
      return FALSE;
    }
  if (*y < 1900 || *y > 9999 || !g_date_valid_dmy ((GDateDay) *d, (GDateMonth) *m, (GDateYear) *y))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("“%s” bukan tanggal yang ada di kalender"), text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_clock_part (const char **p,
                  const char  *text,
                  int         *seconds,
                  GError     **error)
{
  int h, mi, s = 0;

  if (!read_digits (p, 2, &h) || **p != ':' || (++*p, !read_digits (p, 2, &mi)))
    goto bad;
  if (**p == ':')
    {
      ++*p;
      if (!read_digits (p, 2, &s))
        goto bad;
    }
  if (h > 23 || mi > 59 || s > 59)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("“%s” bukan jam yang ada (00:00:00 sampai 23:59:59)"), text);
      return FALSE;
    }
  *seconds = h * 3600 + mi * 60 + s;
  return TRUE;

bad:
  g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
               _("“%s” bukan jam yang sah: tulis JJ:MM atau JJ:MM:DD, misalnya 14:22:14"), text);
  return FALSE;
}

gboolean
bsn_time_parse (const char *text,
                BsnTime    *out,
                GError    **error)
{
  const char *p = text;
  int y, m, d, secs = 0;

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Waktu kosong"));
      return FALSE;
    }
  if (!parse_date_part (&p, text, &y, &m, &d, error))
    return FALSE;
  if (*p == 'T' || *p == ' ')
    {
      p++;
      if (!parse_clock_part (&p, text, &secs, error))
        return FALSE;
    }
  if (*p != '\0')
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("“%s” bukan waktu yang sah: tulis HH/BB/TTTT JJ:MM, misalnya 22/11/2026 14:22"),
                   text);
      return FALSE;
    }
  *out = bsn_time_from_ymd_hms (y, m, d, 0, 0, 0) + secs;
  return TRUE;
}

gboolean
bsn_date_parse (const char *text,
                BsnTime    *out,
                GError    **error)
{
  const char *p = text;
  int y, m, d;

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Tanggal kosong"));
      return FALSE;
    }
  if (!parse_date_part (&p, text, &y, &m, &d, error))
    return FALSE;
  if (*p != '\0')
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("“%s” bukan tanggal yang sah: tulis HH/BB/TTTT, misalnya 22/11/2026"), text);
      return FALSE;
    }
  *out = bsn_time_from_ymd_hms (y, m, d, 0, 0, 0);
  return TRUE;
}

gboolean
bsn_clock_parse (const char *text,
                 gint       *out_seconds,
                 GError    **error)
{
  const char *p = text;

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Jam kosong"));
      return FALSE;
    }
  if (!parse_clock_part (&p, text, out_seconds, error))
    return FALSE;
  if (*p != '\0')
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("“%s” bukan jam yang sah: tulis JJ:MM atau JJ:MM:DD, misalnya 14:22:14"), text);
      return FALSE;
    }
  return TRUE;
}

/* Seconds to add to the machine's clock: 0 unless $BSN_NOW moves it. */
static gint64
clock_offset (void)
{
  static gsize once = 0;
  static gint64 offset = 0;

  if (g_once_init_enter (&once))
    {
      const char *moved = g_getenv ("BSN_NOW");
      BsnTime target;

      if (moved != NULL && *moved != '\0' && bsn_time_parse (moved, &target, NULL))
        {
          g_autoptr(GDateTime) real = g_date_time_new_now_local ();
          BsnTime wall = bsn_time_from_ymd_hms (g_date_time_get_year (real), g_date_time_get_month (real),
                                                g_date_time_get_day_of_month (real),
                                                g_date_time_get_hour (real), g_date_time_get_minute (real),
                                                g_date_time_get_second (real));
          offset = target - wall;
        }
      g_once_init_leave (&once, 1);
    }
  return offset;
}

gint64
bsn_time_now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC + clock_offset ();
}

/* The machine's time zone, looked up again at most once a minute: GLib
 * reads /etc/localtime's link and stats the zone files on every
 * g_time_zone_new_local () (eight system calls; an import asks the time
 * for every receipt). (transfer full) */
static GTimeZone *
local_zone (void)
{
  static GMutex lock;
  static GTimeZone *zone;
  static gint64 looked_up;
  gint64 now = g_get_monotonic_time ();
  GTimeZone *result;

  g_mutex_lock (&lock);
  if (zone == NULL || now - looked_up >= 60 * G_USEC_PER_SEC)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      zone = g_time_zone_new_local ();
      looked_up = now;
    }
  result = g_time_zone_ref (zone);
  g_mutex_unlock (&lock);
  return result;
}

BsnTime
bsn_time_now (void)
{
  g_autoptr(GTimeZone) zone = local_zone ();
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  BsnTime wall = bsn_time_from_ymd_hms (g_date_time_get_year (now), g_date_time_get_month (now),
                                        g_date_time_get_day_of_month (now), g_date_time_get_hour (now),
                                        g_date_time_get_minute (now), g_date_time_get_second (now));

  return wall + clock_offset ();
}

char *
bsn_time_format_iso (BsnTime t)
{
  int y, m, d, s = bsn_time_second_of_day (t);

  bsn_time_to_ymd (t, &y, &m, &d);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, s / 3600, s / 60 % 60, s % 60);
}

char *
bsn_time_format_date_iso (BsnTime t)
{
  int y, m, d;

  bsn_time_to_ymd (t, &y, &m, &d);
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

static const char *
month_name (int m)
{
  switch (m)
    {
    case 1: return _("Januari");
    case 2: return _("Februari");
    case 3: return _("Maret");
    case 4: return _("April");
    case 5: return _("Mei");
    case 6: return _("Juni");
    case 7: return _("Juli");
    case 8: return _("Agustus");
    case 9: return _("September");
    case 10: return _("Oktober");
    case 11: return _("November");
    default: return _("Desember");
    }
}

static const char *
month_short (int m)
{
  switch (m)
    {
    case 1: return C_("bulan singkat", "Jan");
    case 2: return C_("bulan singkat", "Feb");
    case 3: return C_("bulan singkat", "Mar");
    case 4: return C_("bulan singkat", "Apr");
    case 5: return C_("bulan singkat", "Mei");
    case 6: return C_("bulan singkat", "Jun");
    case 7: return C_("bulan singkat", "Jul");
    case 8: return C_("bulan singkat", "Agu");
    case 9: return C_("bulan singkat", "Sep");
    case 10: return C_("bulan singkat", "Okt");
    case 11: return C_("bulan singkat", "Nov");
    default: return C_("bulan singkat", "Des");
    }
}

char *
bsn_time_format_date (BsnTime t)
{
  int y, m, d;

  bsn_time_to_ymd (t, &y, &m, &d);
  return g_strdup_printf ("%d %s %d", d, month_short (m), y);
}

char *
bsn_time_format_datetime (BsnTime t)
{
  int y, m, d, s = bsn_time_second_of_day (t);

  bsn_time_to_ymd (t, &y, &m, &d);
  return g_strdup_printf ("%d %s %d %02d.%02d", d, month_short (m), y, s / 3600, s / 60 % 60);
}

char *
bsn_time_format_datetime_unix (gint64 unix_seconds)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (unix_seconds);

  if (local == NULL)
    return g_strdup ("?");
  return bsn_time_format_datetime (bsn_time_from_ymd_hms (g_date_time_get_year (local),
                                                              g_date_time_get_month (local),
                                                              g_date_time_get_day_of_month (local),
                                                              g_date_time_get_hour (local),
                                                              g_date_time_get_minute (local),
                                                              g_date_time_get_second (local)));
}

char *
bsn_time_format_date_entry (BsnTime t)
{
  int y, m, d;

  bsn_time_to_ymd (t, &y, &m, &d);
  return g_strdup_printf ("%02d/%02d/%04d", d, m, y);
}

char *
bsn_time_format_datetime_entry (BsnTime t)
{
  int s = bsn_time_second_of_day (t);
  g_autofree char *date = bsn_time_format_date_entry (t);

  return g_strdup_printf ("%s %02d:%02d", date, s / 3600, s / 60 % 60);
}

char *
bsn_time_format_period (BsnTime from,
                        BsnTime to_exclusive)
{
  int y1, m1, d1, y2, m2, d2;

  bsn_time_to_ymd (from, &y1, &m1, &d1);
  bsn_time_to_ymd (MAX (to_exclusive - 1, from), &y2, &m2, &d2);
  /* An en dash, closed up between two numbers, spaced between dates. */
  if (y1 == y2 && m1 == m2 && d1 == d2)
    return g_strdup_printf ("%d %s %d", d1, month_name (m1), y1);
  if (y1 == y2 && m1 == m2)
    return g_strdup_printf ("%d–%d %s %d", d1, d2, month_name (m2), y2);
  if (y1 == y2)
    return g_strdup_printf ("%d %s – %d %s %d", d1, month_name (m1), d2, month_name (m2), y2);
  return g_strdup_printf ("%d %s %d – %d %s %d", d1, month_name (m1), y1, d2, month_name (m2), y2);
}

char *
bsn_clock_format (gint seconds)
{
  return g_strdup_printf ("%02d:%02d", seconds / 3600, seconds / 60 % 60);
}
