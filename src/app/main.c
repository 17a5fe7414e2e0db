/* main.c — bsn-loyalty [FILE]: the BSN Loyalty desktop app. */
#include "config.h"

#include <signal.h>

#include <glib/gi18n.h>

#include "bsn-application.h"
#include "bsn-locale.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BsnApplication) app = NULL;

  bsn_locale_init ();
  /* A write past the file-size limit fails with an error the user sees,
   * instead of killing the app. */
  signal (SIGXFSZ, SIG_IGN);

  g_set_application_name ("BSN Loyalty");
  app = bsn_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
