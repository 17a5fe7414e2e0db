/* test-domain-faults.c — (being written) */
#include "config.h"

#include "bsn-sql-faults.h"

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);
  return g_test_run ();
}
