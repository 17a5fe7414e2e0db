/* bsn-private-file.c — owner-only output files written aside and renamed
 * into place (see bsn-private-file.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bsn-error.h"
#include "bsn-private-file.h"

#define TAG_LEN 8

struct _BsnPrivateFile
{
  char    *path;
  char    *tmp;
  int      fd;        /* holds the lock until commit or free */
  gboolean committed;
};

static gboolean
is_temp_of (const char *name,
            const char *base)
{
  gsize base_len = strlen (base);

  if (strncmp (name, base, base_len) != 0 || name[base_len] != '.'
      || strlen (name) != base_len + 1 + TAG_LEN + strlen (".tmp")
      || !g_str_has_suffix (name, ".tmp"))
    return FALSE;
  for (gsize i = 0; i < TAG_LEN; i++)
    if (!g_ascii_isxdigit (name[base_len + 1 + i]))
      return FALSE;
  return TRUE;
}

/* Removes the temporaries of @path whose writer is gone: their lock is
 * free. A writer still at work keeps its lock and its file. */
static void
remove_stale (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *full = NULL;
      int fd;

      if (!is_temp_of (name, base))
        continue;
      full = g_build_filename (dir, name, NULL);
      fd = g_open (full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
      if (fd < 0)
        continue;
      if (flock (fd, LOCK_EX | LOCK_NB) == 0)
        {
          g_autofree char *journal = g_strconcat (full, "-journal", NULL);
          g_unlink (full);
          g_unlink (journal);
        }
      close (fd);
    }
}

typedef enum { FAILED_CREATE, FAILED_WRITE, FAILED_SAVE } Failure;

static gboolean
set_errno_error (GError    **error,
                 int         saved,
                 Failure     failure,
                 const char *path)
{
  GFileError code = g_file_error_from_errno (saved);

  if (failure == FAILED_CREATE)
    g_set_error (error, G_FILE_ERROR, code, _("Berkas “%s” tidak dapat dibuat: %s"), path, g_strerror (saved));
  else if (failure == FAILED_WRITE)
    g_set_error (error, G_FILE_ERROR, code, _("Berkas “%s” tidak dapat ditulis: %s"), path, g_strerror (saved));
  else
    g_set_error (error, G_FILE_ERROR, code, _("Berkas “%s” tidak dapat disimpan: %s"), path, g_strerror (saved));
  return FALSE;
}

BsnPrivateFile *
bsn_private_file_new (const char *path,
                      GError    **error)
{
  BsnPrivateFile *file;
  g_autofree char *tmp = NULL;
  int fd = -1, saved = 0;

  remove_stale (path);
  for (int attempt = 0; attempt < 16 && fd < 0; attempt++)
    {
      g_autofree char *tag = g_uuid_string_random ();

      g_free (tmp);
      tmp = g_strdup_printf ("%s.%.*s.tmp", path, TAG_LEN, tag);
      fd = g_open (tmp, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0600);
      if (fd < 0 && (saved = errno) != EEXIST)
        break;
    }
  if (fd < 0)
    {
      set_errno_error (error, saved, FAILED_CREATE, path);
      return NULL;
    }
  /* The umask may have taken the owner's bits too. */
  if (fchmod (fd, 0600) != 0 || flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      saved = errno;
      close (fd);
      g_unlink (tmp);
      set_errno_error (error, saved, FAILED_CREATE, path);
      return NULL;
    }
  file = g_new0 (BsnPrivateFile, 1);
  file->path = g_strdup (path);
  file->tmp = g_steal_pointer (&tmp);
  file->fd = fd;
  return file;
}

const char *
bsn_private_file_get_temp_path (BsnPrivateFile *file)
{
  return file->tmp;
}

gboolean
bsn_private_file_write (BsnPrivateFile *file,
                        const char     *data,
                        gsize           len,
                        GError        **error)
{
  while (len > 0)
    {
      gssize n = write (file->fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return set_errno_error (error, errno, FAILED_WRITE, file->path);
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

gboolean
bsn_private_file_commit (BsnPrivateFile *file,
                         GError        **error)
{
  if (fsync (file->fd) != 0)
    return set_errno_error (error, errno, FAILED_WRITE, file->path);
  if (g_rename (file->tmp, file->path) != 0)
    return set_errno_error (error, errno, FAILED_SAVE, file->path);
  file->committed = TRUE;
  return TRUE;
}

void
bsn_private_file_free (BsnPrivateFile *file)
{
  if (file == NULL)
    return;
  if (!file->committed)
    g_unlink (file->tmp);
  close (file->fd);
  g_free (file->path);
  g_free (file->tmp);
  g_free (file);
}
