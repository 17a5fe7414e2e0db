/* bsn-error.h — the reward library's error domain.
 *
 * Every fallible library call takes a GError **. The codes fall into the
 * classes the CLI maps to exit codes (1 = the domain refuses, 3 = bad input
 * data, 4 = a storage or system fault: BSN_ERROR_IO, _BUSY, _CORRUPT, and
 * file errors of the disk or the permissions) and the app maps to messages. Messages are translated Indonesian and
 * say what was wrong, so they can be shown to a cashier as they are.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BSN_ERROR (bsn_error_quark ())

typedef enum
{
  BSN_ERROR_INVALID,      /* malformed input: a money amount, a date, a code */
  BSN_ERROR_NOT_FOUND,    /* a store, customer, posting … that does not exist */
  BSN_ERROR_EXISTS,       /* a code that is already taken */
  BSN_ERROR_REFUSED,      /* the rules forbid it: overdraft, double reversal … */
  BSN_ERROR_UNBALANCED,   /* a posting whose legs do not sum to zero */
  BSN_ERROR_SCHEMA,       /* a database from a newer version, or not ours */
  BSN_ERROR_CORRUPT,      /* integrity check failed */
  BSN_ERROR_IO,           /* SQLite or the disk failed */
  BSN_ERROR_CANCELLED,
  BSN_ERROR_BUSY,         /* another writer holds the database: try again */
  BSN_ERROR_OFFLINE,      /* the server cannot be reached, or the line dropped */
  BSN_ERROR_LOGIN,        /* the server refused the login: password, unknown user */
  BSN_ERROR_TAMPERED,     /* a database or backup edited outside the application */
} BsnErrorCode;

GQuark bsn_error_quark (void);

/* The CLI's exit code for an error, the one place that maps codes to exit
 * codes: 3 bad input data, 4 storage or system fault, 1 otherwise. */
int bsn_error_exit_code (const GError *error);

/* Sets @error from the SQLite connection's last error, prefixed by @what
 * (the SQLite engine's error mapping; above the storage layer use
 * bsn_db_set_error()). */
struct sqlite3;
void bsn_error_set_sqlite (GError **error, struct sqlite3 *sqlite, const char *what);

G_END_DECLS
