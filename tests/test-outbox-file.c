/* test-outbox-file.c — the offline outbox's file (DOMAIN.md, network
 * work): where it lives, what a damaged or foreign line does (ignored,
 * never a crash or a lost entry), ids that stay unique, clearing only
 * when nothing waits, and the message when the file cannot be written. */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bsn-outbox.h"
#include "bsn-test-util.h"

static char *data_home;

static void
append_line (const char *path,
             const char *line)
{
  FILE *f = fopen (path, "a");

  g_assert_nonnull (f);
  if (f == NULL)
    return;
  fputs (line, f);
  fputc ('\n', f);
  fclose (f);
}

/* One event line as the outbox writes them. */
static void
append_event (const char *path,
              gint64      id,
              const char *event,
              const char *reason,
              gboolean    with_command)
{
  GVariantBuilder b;
  g_autoptr(GVariant) v = NULL;
  g_autofree char *text = NULL;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "id", g_variant_new_int64 (id));
  g_variant_builder_add (&b, "{sv}", "event", g_variant_new_string (event));
  if (reason != NULL)
    g_variant_builder_add (&b, "{sv}", "reason", g_variant_new_string (reason));
  if (with_command)
    g_variant_builder_add (&b, "{sv}", "command", g_variant_new_string ("award"));
  v = g_variant_ref_sink (g_variant_builder_end (&b));
  text = g_variant_print (v, TRUE);
  append_line (path, text);
}

static BsnOutboxEntry *
entry (GPtrArray *list,
       guint      i)
{
  return g_ptr_array_index (list, i);
}

static void
test_path_for (void)
{
  g_autofree char *a = bsn_outbox_path_for ("/srv/toko/bsn.db");
  g_autofree char *a2 = bsn_outbox_path_for ("/srv/toko/bsn.db");
  g_autofree char *b = bsn_outbox_path_for ("/srv/toko/lain.db");
  g_autofree char *dir = g_build_filename (data_home, "bsn-loyalty", NULL);
  g_autofree char *name = g_path_get_basename (a);
  g_autofree char *parent = g_path_get_dirname (a);

  /* One file per database, in the user's data folder. */
  g_assert_cmpstr (parent, ==, dir);
  g_assert_true (g_str_has_prefix (name, "outbox-"));
  g_assert_true (g_str_has_suffix (name, ".txt"));
  g_assert_cmpuint (strlen (name), ==, strlen ("outbox-") + 16 + strlen (".txt"));
  for (guint i = 0; i < 16; i++)
    g_assert_true (g_ascii_isxdigit (name[strlen ("outbox-") + i]));
  g_assert_cmpstr (a, ==, a2);
  g_assert_cmpstr (a, !=, b);
}

static void
test_damaged_lines (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-outbox-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "baru", "outbox.txt", NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnOutbox) box = bsn_outbox_open (path, &error);
  g_autoptr(GPtrArray) list = NULL;
  BsnReceipt r = { "R-1", 4, 7, 250000, 1796000000, 5, 0, NULL };
  gint64 id1 = 0, id2 = 0, id3 = 0;
  GStatBuf st;

  g_assert_no_error (error);
  /* The folder is made, the owner's only. */
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (bsn_outbox_queue_award (box, &r, &id1, &error));
  g_assert_true (bsn_outbox_queue_lot_sale (box, 4, 3, 20793, 7, &id2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id1, ==, 1);
  g_assert_cmpint (id2, ==, 2);

  /* A line cut short by a crash; one that is not a dictionary; one without
   * an id; id 1 queued again (the first one stands); a queued entry
   * without its arguments (never listed, but its id is taken); an event of
   * an id never queued; then a refusal of 2 and a replay of 1 that did not
   * finish. */
  append_line (path, "{'id': <int64 3>, 'event': <'que");
  append_line (path, "[1, 2, 3]");
  append_line (path, "{'event': <'queued'>}");
  append_event (path, 1, "queued", NULL, TRUE);
  append_event (path, 7, "queued", NULL, TRUE);
  append_event (path, 9, "sent", NULL, FALSE);
  append_event (path, 2, "refused", "Stok habis", FALSE);
  append_event (path, 1, "sending", NULL, FALSE);
  append_line (path, "");

  list = bsn_outbox_list (box, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (entry (list, 0)->id, ==, 1);
  g_assert_cmpstr (entry (list, 0)->command, ==, "award");
  g_assert_cmpstr (entry (list, 0)->summary, ==, "Struk R-1 · Rp250.000");
  g_assert_cmpint (entry (list, 0)->state, ==, BSN_OUTBOX_PENDING);
  g_assert_true (entry (list, 0)->sending);
  g_assert_null (entry (list, 0)->reason);
  g_assert_cmpint (entry (list, 1)->id, ==, 2);
  g_assert_cmpstr (entry (list, 1)->command, ==, "lot.sell");
  g_assert_cmpstr (entry (list, 1)->summary, ==, "Titip jual lot 4 · 3 unit");
  g_assert_cmpint (entry (list, 1)->state, ==, BSN_OUTBOX_REFUSED);
  g_assert_false (entry (list, 1)->sending);
  g_assert_cmpstr (entry (list, 1)->reason, ==, "Stok habis");
  g_assert_cmpuint (bsn_outbox_count_pending (box), ==, 1);

  /* The next id is above every id the file mentions. */
  g_assert_true (bsn_outbox_queue_lot_sale (box, 5, 1, 20793, 0, &id3, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id3, ==, 10);

  /* Something still waits: clearing keeps everything. */
  g_assert_true (bsn_outbox_clear_done (box, &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = bsn_outbox_list (box, &error);
  g_assert_cmpuint (list->len, ==, 3);

  /* Once nothing waits, the file is emptied and ids start again. */
  append_event (path, 1, "sent", NULL, FALSE);
  append_event (path, 10, "refused", NULL, FALSE);
  g_assert_cmpuint (bsn_outbox_count_pending (box), ==, 0);
  g_assert_true (bsn_outbox_clear_done (box, &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = bsn_outbox_list (box, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_true (bsn_outbox_queue_award (box, &r, &id1, &error));
  g_assert_cmpint (id1, ==, 1);

  g_clear_pointer (&box, bsn_outbox_free);
  g_unlink (path);
  g_rmdir (folder);
  g_rmdir (dir);
}

static void
test_cannot_write (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bsn-outbox-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "berkas", NULL);
  g_autofree char *path = g_build_filename (file, "bsn-loyalty", "outbox.txt", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsnOutbox) box = NULL;

  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  box = bsn_outbox_open (path, &error);
  g_assert_null (box);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
  expected = g_strdup_printf ("Kotak keluar “%s” tidak dapat ditulis: %s", path, g_strerror (ENOTDIR));
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  /* The outbox itself a folder: it cannot be opened. */
  g_assert_null (bsn_outbox_open (dir, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("Kotak keluar “%s” tidak dapat ditulis: %s", dir, g_strerror (EISDIR));
  g_assert_cmpstr (error->message, ==, expected);

  g_unlink (file);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  int rc;

  /* Before GLib reads it: the user's data folder is the test's own. */
  data_home = g_dir_make_tmp ("bsn-outbox-home-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/outbox-file/path-for", test_path_for);
  g_test_add_func ("/outbox-file/damaged-lines", test_damaged_lines);
  g_test_add_func ("/outbox-file/cannot-write", test_cannot_write);
  rc = g_test_run ();
  g_rmdir (data_home);
  g_free (data_home);
  return rc;
}
