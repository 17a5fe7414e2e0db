/* bsn-money.c — Rupiah, basis points and points (DOMAIN.md §2). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bsn-error.h"
#include "bsn-money.h"

static const char *
skip_spaces (const char *p)
{
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  return p;
}

static gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static gboolean
fail_at (GError    **error,
         const char *text,
         const char *at)
{
  /* Name the offending character and its 1-based position, so the cashier
   * sees exactly what to fix. Non-ASCII input is shown as one UTF-8 char. */
  g_autofree char *shown = NULL;
  const char *end = g_utf8_find_next_char (at, NULL);

  if (g_utf8_validate (at, -1, NULL) && end != NULL)
    shown = g_strndup (at, end - at);
  else
    shown = g_strdup_printf ("\\x%02x", (guchar) *at);
  g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
               _("“%s” bukan jumlah yang sah: karakter “%s” pada posisi %d tidak dikenali"),
               text, shown, (int) (at - text) + 1);
  return FALSE;
}

gboolean
bsn_money_parse (const char *text,
                 gint64     *out_rp,
                 GError    **error)
{
  const char *p;
  gboolean negative = FALSE;
  guint64 value = 0;
  int digits_in_group = 0;
  gboolean grouped = FALSE;
  gboolean any_digit = FALSE;

  g_return_val_if_fail (out_rp != NULL, FALSE);

  if (text == NULL || *skip_spaces (text) == '\0')
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Jumlah uang kosong"));
      return FALSE;
    }

  p = skip_spaces (text);
  if (*p == '-')
    {
      negative = TRUE;
      p = skip_spaces (p + 1);
    }
  if (g_ascii_strncasecmp (p, "rp", 2) == 0)
    {
      p += 2;
      if (*p == '.')
        p++;
      p = skip_spaces (p);
    }
  if (*p == '-' && !negative)
    {
      negative = TRUE;
      p++;
    }

  for (; *p != '\0'; p++)
    {
      if (is_digit (*p))
        {
          guint digit = (guint) (*p - '0');
          if (value > ((guint64) G_MAXINT64 - digit) / 10)
            {
              g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                           _("“%s” terlalu besar untuk dicatat"), text);
              return FALSE;
            }
          value = value * 10 + digit;
          digits_in_group++;
          any_digit = TRUE;
        }
      else if (*p == '.')
        {
          /* Thousands separator: the group before it must be complete. */
          if (!any_digit || (grouped && digits_in_group != 3) || digits_in_group > 3
              || !is_digit (p[1]))
            {
              g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                           _("“%s” bukan jumlah yang sah: titik pemisah ribuan harus memisahkan tiap tiga angka"),
                           text);
              return FALSE;
            }
          grouped = TRUE;
          digits_in_group = 0;
        }
      else if (*p == ',')
        {
          const char *q = p + 1;
          if (!any_digit || !is_digit (*q))
            return fail_at (error, text, p);
          for (; is_digit (*q); q++)
            if (*q != '0')
              {
                g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                             _("“%s” bukan jumlah yang sah: Rupiah tidak memakai pecahan sen"),
                             text);
                return FALSE;
              }
          p = q - 1;
          if (*skip_spaces (q) != '\0')
            return fail_at (error, text, skip_spaces (q));
          break;
        }
      else if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        {
          if (*skip_spaces (p) != '\0')
            return fail_at (error, text, skip_spaces (p));
          break;
        }
      else
        return fail_at (error, text, p);
    }

  if (!any_digit)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("“%s” bukan jumlah yang sah: tidak ada angkanya"), text);
      return FALSE;
    }
  if (grouped && digits_in_group != 3)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("“%s” bukan jumlah yang sah: titik pemisah ribuan harus memisahkan tiap tiga angka"),
                   text);
      return FALSE;
    }

  *out_rp = negative ? -(gint64) value : (gint64) value;
  return TRUE;
}

gboolean
bsn_money_parse_nonneg (const char *text,
                        gint64     *out_rp,
                        GError    **error)
{
  gint64 v;

  if (!bsn_money_parse (text, &v, error))
    return FALSE;
  if (v < 0)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("“%s”: jumlah tidak boleh negatif"), text);
      return FALSE;
    }
  *out_rp = v;
  return TRUE;
}

static void
append_grouped (GString *s,
                guint64  v)
{
  char digits[32];
  int n = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, v);

  for (int i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (s, '.');
      g_string_append_c (s, digits[i]);
    }
}

char *
bsn_money_format (gint64 rp)
{
  GString *s = g_string_sized_new (24);
  guint64 magnitude;

  if (rp < 0)
    {
      g_string_append_c (s, '-');
      magnitude = (guint64) (-(rp + 1)) + 1;
    }
  else
    magnitude = (guint64) rp;
  g_string_append (s, "Rp");
  append_grouped (s, magnitude);
  return g_string_free (s, FALSE);
}

/* Parses "12", "12,5", "12.25" into a value scaled by 10^@decimals.
 * Both ',' and '.' are taken as the decimal mark: a percentage or a point
 * count never needs a thousands separator in practice. */
static gboolean
parse_scaled (const char *text,
              int         decimals,
              gint64      max_scaled,
              gint64     *out,
              const char *what,
              GError    **error)
{
  const char *p = skip_spaces (text);
  gint64 whole = 0, frac = 0;
  int frac_digits = 0;
  gboolean any = FALSE, in_frac = FALSE;

  for (; *p != '\0'; p++)
    {
      if (is_digit (*p))
        {
          any = TRUE;
          if (in_frac)
            {
              if (++frac_digits > decimals)
                {
                  g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                               _("“%s” bukan %s yang sah: paling banyak %d angka di belakang koma"),
                               text, what, decimals);
                  return FALSE;
                }
              frac = frac * 10 + (*p - '0');
            }
          else
            {
              whole = whole * 10 + (*p - '0');
              if (whole > max_scaled)
                {
                  g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                               _("“%s” terlalu besar untuk %s"), text, what);
                  return FALSE;
                }
            }
        }
      else if ((*p == ',' || *p == '.') && !in_frac && any)
        in_frac = TRUE;
      else
        break;
    }
  while (frac_digits < decimals)
    {
      frac *= 10;
      frac_digits++;
    }
  if (!any)
    {
      if (*skip_spaces (text) == '-')
        g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                     _("“%s”: %s tidak boleh negatif"), text, what);
      else
        g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                     _("“%s” bukan %s yang sah: tidak ada angkanya"), text, what);
      return FALSE;
    }
  *out = whole;
  for (int i = 0; i < decimals; i++)
    *out *= 10;
  *out += frac;
  if (*out > max_scaled)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("“%s” terlalu besar untuk %s"), text, what);
      return FALSE;
    }
  /* What is left may only be a percent sign (for rates) and spaces. */
  p = skip_spaces (p);
  if (*p == '%' && decimals == 2)
    p = skip_spaces (p + 1);
  if (*p != '\0')
    return fail_at (error, text, p);
  return TRUE;
}

gboolean
bsn_bp_parse (const char *text,
              gint32     *out_bp,
              GError    **error)
{
  gint64 v;

  if (text == NULL || *skip_spaces (text) == '\0')
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Persentase kosong"));
      return FALSE;
    }
  if (!parse_scaled (text, 2, G_MAXINT32, &v, _("persentase"), error))
    return FALSE;
  if (v > BSN_BP_100_PERCENT)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("“%s”: persentase paling tinggi 100 %%"), text);
      return FALSE;
    }
  *out_bp = (gint32) v;
  return TRUE;
}

static char *
format_scaled (gint64      v,
               int         decimals,
               const char *suffix)
{
  GString *s = g_string_new (NULL);
  gint64 scale = 1;
  guint64 mag, whole, frac;

  for (int i = 0; i < decimals; i++)
    scale *= 10;
  if (v < 0)
    g_string_append_c (s, '-');
  mag = v < 0 ? (guint64) (-(v + 1)) + 1 : (guint64) v;
  whole = mag / (guint64) scale;
  frac = mag % (guint64) scale;
  append_grouped (s, whole);
  if (frac != 0)
    {
      char buf[8];
      int n = decimals;
      g_snprintf (buf, sizeof buf, "%0*" G_GUINT64_FORMAT, decimals, frac);
      while (n > 0 && buf[n - 1] == '0')
        buf[--n] = '\0';
      g_string_append_c (s, ',');
      g_string_append (s, buf);
    }
  g_string_append (s, suffix);
  return g_string_free (s, FALSE);
}

char *
bsn_bp_format (gint32 bp)
{
  return format_scaled (bp, 2, " %");
}

gboolean
bsn_points_parse (const char *text,
                  gint64     *out_rp,
                  GError    **error)
{
  if (text == NULL || *skip_spaces (text) == '\0')
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID, _("Jumlah poin kosong"));
      return FALSE;
    }
  return parse_scaled (text, 3, G_MAXINT64 / 1000, out_rp, _("jumlah poin"), error);
}

char *
bsn_points_format (gint64 rp)
{
  return format_scaled (rp, 3, " poin");
}

gint64
bsn_money_apply_bp (gint64 amount_rp,
                    gint32 bp)
{
  __int128 product;

  g_return_val_if_fail (amount_rp >= 0 && bp >= 0, 0);
  product = (__int128) amount_rp * bp;
  return (gint64) (product / BSN_BP_100_PERCENT);
}

void
bsn_money_split (gint64        total_rp,
                 const gint32 *parts_bp,
                 guint         n,
                 guint         remainder_to,
                 gint64       *out_parts)
{
  gint64 assigned = 0;

  g_return_if_fail (remainder_to < n);

  for (guint i = 0; i < n; i++)
    {
      __int128 product = (__int128) total_rp * parts_bp[i];
      /* Floor toward minus infinity, so a loss splits the same way. */
      gint64 part = (gint64) (product / BSN_BP_100_PERCENT);
      if (product % BSN_BP_100_PERCENT != 0 && product < 0)
        part--;
      out_parts[i] = part;
      assigned += part;
    }
  out_parts[remainder_to] += total_rp - assigned;
}
