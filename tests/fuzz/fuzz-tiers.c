/* fuzz-tiers.c — tier-table CSV from arbitrary bytes, for each scheme:
 * refused with the line and reason, or every cell it returns is valid. */
#include "config.h"

#include "bsn-tiers.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  for (BsnScheme s = BSN_SCHEME_STOPWATCH; s <= BSN_SCHEME_SIAGA; s++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) edits = bsn_tiers_parse_csv (s, (const char *) data, size, &error);

      if (edits == NULL && (error == NULL || error->message[0] == '\0'))
        __builtin_trap ();
      for (guint i = 0; edits && i < edits->len; i++)
        {
          BsnTierEdit *e = &g_array_index (edits, BsnTierEdit, i);
          if (e->rate_bp < 0 || e->rate_bp > 10000 || (s == BSN_SCHEME_STOPWATCH && (e->key < 0 || e->key > 9))
              || (s == BSN_SCHEME_LELANG && (e->key < 1 || e->key > 10)))
            __builtin_trap ();
        }
    }
  return 0;
}
