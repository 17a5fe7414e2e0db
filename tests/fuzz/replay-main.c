/* replay-main.c — runs a fuzz target over every file of its committed
 * corpus, so the normal test suite (and the sanitizer build) replays what
 * the fuzzers found. TAP output: one test for the whole corpus (a crash
 * fails it; the name of the file being replayed is printed first). */
#include "config.h"

#include <glib.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (argc != 2 || (dir = g_dir_open (argv[1], 0, NULL)) == NULL)
    {
      g_printerr ("usage: %s CORPUS-DIR\n", argv[0]);
      return 2;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (files, g_build_filename (argv[1], name, NULL));
  g_ptr_array_sort (files, (GCompareFunc) g_strcmp0);
  g_print ("1..1\n");
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *data = NULL;
      gsize len = 0;
      if (!g_file_get_contents (g_ptr_array_index (files, i), &data, &len, NULL))
        {
          g_print ("not ok 1 %s unreadable\n", (char *) g_ptr_array_index (files, i));
          return 1;
        }
      g_print ("# %s\n", (char *) g_ptr_array_index (files, i));
      LLVMFuzzerTestOneInput ((const guint8 *) data, len);
    }
  g_print ("ok 1 %u corpus inputs replayed\n", files->len);
  return 0;
}
