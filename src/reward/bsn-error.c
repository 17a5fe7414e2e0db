/* bsn-error.c — error domain of the reward library (see bsn-error.h). */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "bsn-error.h"

G_DEFINE_QUARK (bsn-error-quark, bsn_error)

/* A file error is the input's (3) when the user named a file that is not
 * there or not a file; it is the system's (4) when the disk, the file
 * system or the permissions fail a read or a write. */
static gboolean
file_error_is_system (int code)
{
  switch (code)
    {
    case G_FILE_ERROR_ACCES:
    case G_FILE_ERROR_PERM:
    case G_FILE_ERROR_ROFS:
    case G_FILE_ERROR_NOSPC:
    case G_FILE_ERROR_NOMEM:
    case G_FILE_ERROR_MFILE:
    case G_FILE_ERROR_NFILE:
    case G_FILE_ERROR_IO:
    case G_FILE_ERROR_TXTBSY:
    case G_FILE_ERROR_FAILED:   /* EFBIG, the file-size limit, lands here */
      return TRUE;
    default:
      return FALSE;
    }
}

int
bsn_error_exit_code (const GError *error)
{
  if (error == NULL)
    return 0;
  if (error->domain == BSN_ERROR)
    switch ((BsnErrorCode) error->code)
      {
      case BSN_ERROR_INVALID:
      /* Schema objects or history that this application did not write:
       * the file's data is bad, as a malformed import is. */
      case BSN_ERROR_TAMPERED:
        return 3;
      case BSN_ERROR_IO:
      case BSN_ERROR_OFFLINE:
      case BSN_ERROR_BUSY:
      case BSN_ERROR_CORRUPT:
        return 4;
      /* A newer schema, an empty or another program's database: the file
       * is intact and readable, this version declines to use it and the
       * user must act (update, init, point elsewhere), as for a missing
       * database. The rules refuse: 1. */
      case BSN_ERROR_SCHEMA:
      default:
        return 1;
      }
  if (error->domain == G_FILE_ERROR)
    return file_error_is_system (error->code) ? 4 : 3;
  if (error->domain == G_IO_CHANNEL_ERROR)
    return 3;
  if (error->domain == G_IO_ERROR
      && (error->code == G_IO_ERROR_NO_SPACE || error->code == G_IO_ERROR_PERMISSION_DENIED
          || error->code == G_IO_ERROR_READ_ONLY))
    return 4;
  return 1;
}

void
bsn_error_set_sqlite (GError    **error,
                      sqlite3    *sqlite,
                      const char *what)
{
  int code = sqlite ? sqlite3_extended_errcode (sqlite) : SQLITE_ERROR;
  const char *msg = sqlite ? sqlite3_errmsg (sqlite) : sqlite3_errstr (code);
  int primary = code & 0xff;
  BsnErrorCode bsn_code = BSN_ERROR_IO;

  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
    bsn_code = BSN_ERROR_CORRUPT;
  else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    bsn_code = BSN_ERROR_BUSY;
  else if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
    bsn_code = BSN_ERROR_EXISTS;

  if (primary == SQLITE_FULL)
    g_set_error (error, BSN_ERROR, bsn_code,
                 _("%s: disk penuh, perubahan dibatalkan (%s)"), what, msg);
  else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    g_set_error (error, BSN_ERROR, bsn_code,
                 _("%s: basis data sedang dipakai proses lain, coba lagi (%s)"), what, msg);
  else if (primary == SQLITE_NOTADB)
    g_set_error (error, BSN_ERROR, bsn_code,
                 _("%s: berkas ini bukan basis data SQLite"), what);
  else if (primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN || primary == SQLITE_PERM)
    g_set_error (error, BSN_ERROR, bsn_code,
                 _("%s: berkas tidak dapat dibuka atau ditulis (%s)"), what, msg);
  else
    g_set_error (error, BSN_ERROR, bsn_code, _("%s: kesalahan basis data (%s)"), what, msg);
}
