/* test-migrate-edges.c — placeholder: filled by the coverage work of issue 18. */
#include "config.h"

#include "bsn-test-util.h"

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  return g_test_run ();
}
