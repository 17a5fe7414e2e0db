/* bsn-demo.h — a realistic demo network for first runs and screenshots.
 *
 * Fills an empty database with a few induk, anak and toko stores around
 * Bandung and Cimahi, customers with Indonesian names, and weeks of
 * activity, deterministically from a seed so every demo looks the same.
 */
#pragma once

#include <gio/gio.h>

#include "bsn-db.h"
#include "bsn-time.h"

G_BEGIN_DECLS

/* Called now and then with the work done so far, out of @total. */
typedef void (*BsnProgressFunc) (guint64 done, guint64 total, gpointer user_data);

typedef struct
{
  guint32 seed;        /* same seed, same network */
  guint   customers;   /* 0 = the default (120) */
  guint   days;        /* days of history up to @today; 0 = 28 */
  BsnTime today;       /* 0 = now */
} BsnDemoOptions;

/* Refuses (BSN_ERROR_EXISTS) a database that already has stores. */
gboolean bsn_demo_fill (BsnDb                *db,
                        const BsnDemoOptions *options,
                        BsnProgressFunc       progress,
                        gpointer              user_data,
                        GCancellable         *cancellable,
                        GError              **error);

G_END_DECLS
