/* bsn-locale.c — the process's locale and the thread's numeric locale
 * (see bsn-locale.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "bsn-locale.h"

struct _BsnCNumeric
{
  locale_t c_numeric;   /* (locale_t) 0 when the switch could not be made */
  locale_t previous;
};

BsnCNumeric *
bsn_c_numeric_enter (void)
{
  BsnCNumeric *scope = g_new0 (BsnCNumeric, 1);
  /* A copy of the thread's locale with only LC_NUMERIC replaced, so the
   * strings written meanwhile are still translated (gettext reads the
   * thread's LC_MESSAGES). */
  locale_t base = duplocale (uselocale ((locale_t) 0));

  if (base == (locale_t) 0)
    return scope;
  scope->c_numeric = newlocale (LC_NUMERIC_MASK, "C", base);
  if (scope->c_numeric == (locale_t) 0)
    {
      freelocale (base);
      return scope;
    }
  scope->previous = uselocale (scope->c_numeric);
  return scope;
}

void
bsn_c_numeric_leave (BsnCNumeric *scope)
{
  if (scope == NULL)
    return;
  if (scope->c_numeric != (locale_t) 0)
    {
      uselocale (scope->previous);
      freelocale (scope->c_numeric);
    }
  g_free (scope);
}

/* Whether the running executable lies inside the build tree it was built
 * in (meson puts every target there; installing copies it out). */
static gboolean
running_uninstalled (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  char *root = realpath (BUILD_ROOT, NULL);
  gboolean inside = FALSE;

  if (exe != NULL && root != NULL)
    {
      size_t n = strlen (root);
      inside = strncmp (exe, root, n) == 0 && exe[n] == G_DIR_SEPARATOR;
    }
  free (root);
  return inside;
}

char *
bsn_locale_dir (void)
{
  return g_strdup (running_uninstalled () ? BUILD_LOCALEDIR : LOCALEDIR);
}

void
bsn_locale_init (void)
{
  g_autofree char *dir = NULL;

  setlocale (LC_ALL, "");
  dir = bsn_locale_dir ();
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
