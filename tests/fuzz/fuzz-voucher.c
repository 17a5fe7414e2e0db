/* fuzz-voucher.c — voucher codes from arbitrary bytes: a code that passes
 * the check is canonical and passes again; nothing crashes. */
#include "config.h"

#include "bsn-voucher.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *canonical = NULL;

  if (bsn_voucher_code_check (text, &canonical, NULL))
    {
      g_autofree char *again = NULL;
      if (!bsn_voucher_code_check (canonical, &again, NULL) || g_strcmp0 (canonical, again) != 0)
        __builtin_trap ();
    }
  return 0;
}
