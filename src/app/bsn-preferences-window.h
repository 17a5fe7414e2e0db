/* bsn-preferences-window.h — Preferensi: which database the app uses. */
#pragma once

#include <adwaita.h>

#include "bsn-window.h"

G_BEGIN_DECLS

#define BSN_TYPE_PREFERENCES_WINDOW (bsn_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (BsnPreferencesWindow, bsn_preferences_window, BSN, PREFERENCES_WINDOW, AdwPreferencesWindow)

BsnPreferencesWindow *bsn_preferences_window_new (BsnWindow *window);

G_END_DECLS
