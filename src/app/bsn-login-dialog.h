/* bsn-login-dialog.h — signing in, and the first owner of a database.
 *
 * A database with users (bsn-auth.h) is closed until someone signs in:
 * the dialog asks for a name and password and checks them on a worker
 * thread; a wrong password is said inline. It also locks the window
 * after idle time (the window presents it again). A database without
 * users offers to create its owner (pemilik), which may be skipped: the
 * database then stays open to anyone, like the demo.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum
{
  BSN_LOGIN_SIGN_IN,
  BSN_LOGIN_CREATE_OWNER,
  BSN_LOGIN_UNLOCK,
} BsnLoginMode;

#define BSN_TYPE_LOGIN_DIALOG (bsn_login_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BsnLoginDialog, bsn_login_dialog, BSN, LOGIN_DIALOG, AdwWindow)

/* Emits "signed-in" (name, role) on success and closes; "skipped" when
 * the owner is not created. */
BsnLoginDialog *bsn_login_dialog_new (GtkWindow    *parent,
                                      const char   *path,
                                      BsnLoginMode  mode);

G_END_DECLS
