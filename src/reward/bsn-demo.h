/* bsn-demo.h — a realistic demo network for first runs and screenshots.
 *
 * Fills an empty database with a few induk, anak and toko stores around
 * Bandung and Cimahi, customers with Indonesian names, and weeks of
 * activity, deterministically from a seed so every demo looks the same.
 */
#pragma once

#include <gio/gio.h>

#include "bsn-db.h"
#include "bsn-store.h"
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

/* A store as the demo network (and the benchmark generator) describes it. */
typedef struct
{
  const char   *code;
  const char   *name;
  BsnStoreRole  role;
  const char   *parent;           /* the parent's code, or NULL */
  BsnBand       band;
  gint          tier;
  BsnSchemes    schemes;
  gint          opening_hour;
  gint64        min_purchase_rp;
} BsnStoreSpec;

/* Adds the store @spec describes, open 10 hours with its band's default
 * margin, under its parent (found by code). Returns the new store's id,
 * or 0 with @error set. */
gint64 bsn_demo_add_store (BsnDb              *db,
                           const BsnStoreSpec *spec,
                           GError            **error);

/* Refuses (BSN_ERROR_EXISTS) a database that already has stores. */
gboolean bsn_demo_fill (BsnDb                *db,
                        const BsnDemoOptions *options,
                        BsnProgressFunc       progress,
                        gpointer              user_data,
                        GCancellable         *cancellable,
                        GError              **error);

G_END_DECLS
