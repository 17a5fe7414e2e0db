/* main.c — bsn-loyalty [FILE]: the BSN Loyalty desktop app. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "bsn-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BsnApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name ("BSN Loyalty");
  app = bsn_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
