/* bsn-db-watch.c — LISTEN/NOTIFY on the main loop (see bsn-db-watch.h). */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <libpq-fe.h>

#include "bsn-db-pg.h"
#include "bsn-db-watch.h"
#include "bsn-db.h"
#include "bsn-error.h"

#define CHANNEL "bsn_changes"

/* Milliseconds between reconnection tries: the first soon (a server that
 * restarts is back in a second), then doubling, at most 30 s. */
static const guint retry_delays_ms[] = { 500, 1000, 2000, 4000, 8000, 15000, 30000 };

struct _BsnDbWatch
{
  GObject       parent_instance;

  PGconn       *conn;
  GMainContext *context;
  GSource      *socket_source;
  GSource      *retry_source;
  guint         retry_step;
  gboolean      connected;
  gboolean      resetting;   /* PQresetPoll() in progress */
};

G_DEFINE_FINAL_TYPE (BsnDbWatch, bsn_db_watch, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTED,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void watch_socket (BsnDbWatch *self, GIOCondition condition);
static void schedule_retry (BsnDbWatch *self);

static void
set_connected (BsnDbWatch *self,
               gboolean    connected)
{
  if (self->connected == connected)
    return;
  self->connected = connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static void
clear_socket_source (BsnDbWatch *self)
{
  if (self->socket_source == NULL)
    return;
  g_source_destroy (self->socket_source);
  g_clear_pointer (&self->socket_source, g_source_unref);
}

/* The line dropped: say so, and try again later. */
static void
lost (BsnDbWatch *self)
{
  clear_socket_source (self);
  self->resetting = FALSE;
  set_connected (self, FALSE);
  schedule_retry (self);
}

/* Reads what arrived: results of LISTEN, then every notification. */
static void
on_readable (BsnDbWatch *self)
{
  PGnotify *notify;
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);

  if (!PQconsumeInput (self->conn))
    {
      lost (self);
      return;
    }
  while (!PQisBusy (self->conn))
    {
      PGresult *result = PQgetResult (self->conn);

      if (result == NULL)
        break;
      PQclear (result);
    }
  while ((notify = PQnotifies (self->conn)) != NULL)
    {
      if (g_str_equal (notify->relname, CHANNEL) && notify->extra != NULL)
        g_ptr_array_add (tables, g_strdup (notify->extra));
      PQfreemem (notify);
    }
  if (PQstatus (self->conn) == CONNECTION_BAD)
    {
      lost (self);
      return;
    }
  /* Emitted last: a handler may drop the last reference. */
  g_object_ref (self);
  for (guint i = 0; i < tables->len; i++)
    g_signal_emit (self, signals[CHANGED], 0, (const char *) tables->pdata[i]);
  g_object_unref (self);
}

static void
on_connected_again (BsnDbWatch *self)
{
  self->resetting = FALSE;
  self->retry_step = 0;
  if (!PQsendQuery (self->conn, "LISTEN " CHANNEL))
    {
      lost (self);
      return;
    }
  watch_socket (self, G_IO_IN);
  set_connected (self, TRUE);
  g_object_ref (self);
  g_signal_emit (self, signals[CHANGED], 0, "*");
  g_object_unref (self);
}

/* One step of a non-blocking reconnection. */
static void
on_reset_progress (BsnDbWatch *self)
{
  switch (PQresetPoll (self->conn))
    {
    case PGRES_POLLING_OK:
      on_connected_again (self);
      break;
    case PGRES_POLLING_READING:
      watch_socket (self, G_IO_IN);
      break;
    case PGRES_POLLING_WRITING:
      watch_socket (self, G_IO_OUT);
      break;
    case PGRES_POLLING_FAILED:
    case PGRES_POLLING_ACTIVE:
    default:
      lost (self);
      break;
    }
}

static gboolean
on_socket (int          fd,
           GIOCondition condition,
           gpointer     data)
{
  BsnDbWatch *self = data;

  /* This source is done either way: the next step makes its own. */
  clear_socket_source (self);
  if (self->resetting)
    on_reset_progress (self);
  else
    {
      on_readable (self);
      if (self->connected && self->socket_source == NULL)
        watch_socket (self, G_IO_IN);
    }
  return G_SOURCE_REMOVE;
}

static void
watch_socket (BsnDbWatch   *self,
              GIOCondition  condition)
{
  int fd = PQsocket (self->conn);

  clear_socket_source (self);
  if (fd < 0)
    {
      lost (self);
      return;
    }
  self->socket_source = g_unix_fd_source_new (fd, condition | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (self->socket_source, G_SOURCE_FUNC (on_socket), self, NULL);
  g_source_attach (self->socket_source, self->context);
}

/* The server's last words to a dropped connection ("terminating
 * connection …") are for the log, not for the terminal of the app. */
static void
ignore_notice (void       *arg,
               const char *message)
{
}

static gboolean
on_retry (gpointer data)
{
  BsnDbWatch *self = data;

  g_clear_pointer (&self->retry_source, g_source_unref);
  if (!PQresetStart (self->conn))
    {
      schedule_retry (self);
      return G_SOURCE_REMOVE;
    }
  self->resetting = TRUE;
  watch_socket (self, G_IO_OUT);
  return G_SOURCE_REMOVE;
}

static void
start_retry_in (BsnDbWatch *self,
                guint       delay_ms)
{
  if (self->retry_source != NULL)
    {
      g_source_destroy (self->retry_source);
      g_clear_pointer (&self->retry_source, g_source_unref);
    }
  self->retry_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (self->retry_source, on_retry, self, NULL);
  g_source_attach (self->retry_source, self->context);
}

static void
schedule_retry (BsnDbWatch *self)
{
  guint delay = retry_delays_ms[MIN (self->retry_step, G_N_ELEMENTS (retry_delays_ms) - 1)];

  self->retry_step++;
  start_retry_in (self, delay);
}

void
bsn_db_watch_retry_now (BsnDbWatch *self)
{
  g_return_if_fail (BSN_IS_DB_WATCH (self));

  if (self->connected || self->resetting || self->context == NULL)
    return;
  self->retry_step = 0;
  start_retry_in (self, 0);
}

BsnDbWatch *
bsn_db_watch_new (const char  *location,
                  GError     **error)
{
  /* Keepalives notice a pulled cable (idle 5 s, then 3 probes 2 s apart);
   * later keywords override the location's own. */
  const char *const keywords[] = { "dbname", "keepalives", "keepalives_idle", "keepalives_interval",
                                   "keepalives_count", "connect_timeout", "application_name", NULL };
  const char *const values[] = { location, "1", "5", "2", "3", "15", "bsn-loyalty-watch", NULL };
  g_autoptr(BsnDbWatch) self = NULL;
  PGresult *result;

  if (location == NULL || !bsn_db_location_is_server (location))
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_INVALID,
                   _("Pembaruan langsung hanya ada untuk basis data di server jaringan"));
      return NULL;
    }
  self = g_object_new (BSN_TYPE_DB_WATCH, NULL);
  self->conn = PQconnectdbParams (keywords, values, TRUE);
  if (self->conn == NULL || PQstatus (self->conn) != CONNECTION_OK)
    {
      bsn_pg_set_connect_error (error, self->conn != NULL ? PQerrorMessage (self->conn) : "",
                                self->conn != NULL ? PQhost (self->conn) : NULL,
                                self->conn != NULL ? PQuser (self->conn) : "",
                                self->conn != NULL ? PQdb (self->conn) : "",
                                self->conn != NULL && PQconnectionNeedsPassword (self->conn), FALSE);
      return NULL;
    }
  PQsetNoticeProcessor (self->conn, ignore_notice, NULL);
  result = PQexec (self->conn, "LISTEN " CHANNEL);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      g_set_error (error, BSN_ERROR, BSN_ERROR_OFFLINE,
                   _("Pembaruan langsung dari server tidak dapat dimulai: %s"),
                   PQerrorMessage (self->conn));
      PQclear (result);
      return NULL;
    }
  PQclear (result);
  self->connected = TRUE;
  return g_steal_pointer (&self);
}

void
bsn_db_watch_start (BsnDbWatch *self)
{
  g_return_if_fail (BSN_IS_DB_WATCH (self));
  g_return_if_fail (self->context == NULL);

  self->context = g_main_context_ref_thread_default ();
  PQsetnonblocking (self->conn, 1);
  /* bsn_db_watch_new() returned it connected; nothing since could have
   * dropped the line, as no source ran before this one is attached. */
  watch_socket (self, G_IO_IN);
}

gboolean
bsn_db_watch_get_connected (BsnDbWatch *self)
{
  g_return_val_if_fail (BSN_IS_DB_WATCH (self), FALSE);
  return self->connected;
}

int
bsn_db_watch_get_backend_pid (BsnDbWatch *self)
{
  g_return_val_if_fail (BSN_IS_DB_WATCH (self), 0);
  return self->connected ? PQbackendPID (self->conn) : 0;
}

static void
bsn_db_watch_finalize (GObject *object)
{
  BsnDbWatch *self = BSN_DB_WATCH (object);

  clear_socket_source (self);
  if (self->retry_source != NULL)
    {
      g_source_destroy (self->retry_source);
      g_clear_pointer (&self->retry_source, g_source_unref);
    }
  if (self->conn != NULL)
    PQfinish (self->conn);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (bsn_db_watch_parent_class)->finalize (object);
}

static void
bsn_db_watch_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BsnDbWatch *self = BSN_DB_WATCH (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bsn_db_watch_class_init (BsnDbWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bsn_db_watch_finalize;
  object_class->get_property = bsn_db_watch_get_property;

  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The name of a table another connection wrote (the commit is done),
   * or "*" after a reconnection. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
bsn_db_watch_init (BsnDbWatch *self)
{
}
