/* fuzz-parse.c — money, percentages, points, quantities, dates and clock
 * times from arbitrary bytes: refused with an error or parsed, never a
 * crash, and what parses prints back to the same value. */
#include "config.h"

#include <string.h>

#include "bsn-money.h"
#include "bsn-quota.h"
#include "bsn-time.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  gint64 v, q;
  gint32 bp;
  BsnTime t;
  gint secs;

  if (bsn_money_parse (text, &v, NULL))
    {
      g_autofree char *back = bsn_money_format (v);
      gint64 again = 0;
      if (!bsn_money_parse (back, &again, NULL) || again != v)
        __builtin_trap ();
    }
  if (bsn_bp_parse (text, &bp, NULL))
    {
      g_autofree char *back = bsn_bp_format (bp);
      gint32 again = -1;
      if (bp < 0 || bp > 10000 || !bsn_bp_parse (back, &again, NULL) || again != bp)
        __builtin_trap ();
    }
  if (bsn_points_parse (text, &v, NULL) && v < 0)
    __builtin_trap ();
  if (bsn_qty_parse (text, &q, NULL) && q <= 0)
    __builtin_trap ();
  if (bsn_time_parse (text, &t, NULL))
    {
      g_autofree char *back = bsn_time_format_iso (t);
      BsnTime again = 0;
      if (!bsn_time_parse (back, &again, NULL) || again != t)
        __builtin_trap ();
    }
  if (bsn_clock_parse (text, &secs, NULL) && (secs < 0 || secs >= 86400))
    __builtin_trap ();
  return 0;
}
