/* bsn-db-watch.h — hearing about other desktops' writes, and about the line.
 *
 * On a PostgreSQL server every write to a table a page shows notifies the
 * channel "bsn_changes" with the table's name (schema version 14,
 * bsn-db-schema-pg.c), delivered when the writing transaction commits. A
 * BsnDbWatch holds one extra connection that LISTENs on that channel and
 * wakes the GLib main loop through a source on the connection's socket:
 * no polling, and the notification arrives within a round trip of the
 * commit.
 *
 * The watch is also the app's view of the line: "connected" turns FALSE
 * when the connection drops (the server stops, the cable is pulled: TCP
 * keepalives notice within about 15 s), and the watch then reconnects
 * without blocking the main loop, waiting 0.5, 1, 2, 4 … up to 30 s
 * between tries. Once back it emits "changed" with "*": anything may have
 * changed meanwhile.
 *
 * An SQLite file has no other desktop: bsn_db_watch_new() refuses one.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BSN_TYPE_DB_WATCH (bsn_db_watch_get_type ())

G_DECLARE_FINAL_TYPE (BsnDbWatch, bsn_db_watch, BSN, DB_WATCH, GObject)

/* Connects to @location and starts listening. Blocks on the network:
 * call it on a worker thread and hand the watch to the main thread, which
 * calls bsn_db_watch_start(). Fails as bsn_db_open() does (bsn-db-pg.h),
 * or with BSN_ERROR_INVALID for a file. (transfer full) */
BsnDbWatch *bsn_db_watch_new (const char  *location,
                              GError     **error);

/* Attaches the watch to the calling thread's default main context;
 * "changed" and notify::connected are emitted there. */
void bsn_db_watch_start (BsnDbWatch *self);

/* FALSE while the line is down and the watch tries to reconnect. */
gboolean bsn_db_watch_get_connected (BsnDbWatch *self);

/* Tries to reconnect now instead of at the next back-off step (the user
 * pressed "Coba lagi"). Does nothing while connected. */
void bsn_db_watch_retry_now (BsnDbWatch *self);

/* The server's process id of the listening connection (for the tests,
 * which cut it with pg_terminate_backend()); 0 while down. */
int bsn_db_watch_get_backend_pid (BsnDbWatch *self);

G_END_DECLS
