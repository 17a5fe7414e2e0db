/* bsn-stopwatch.c — the lucky-digit countdown (see bsn-stopwatch.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-award.h"
#include "bsn-stopwatch.h"
#include "bsn-time.h"

#define TICK_MS 100
#define MAX_OVERRIDE_SECONDS 600

struct _BsnStopwatch
{
  GtkWidget       parent_instance;

  guint           tick_id;
  gint64          end_us;            /* monotonic time the countdown ends */
  gint            seconds;           /* length of the running countdown */
  gint            override_seconds;  /* BSN_STOPWATCH_SECONDS; 0 = none */
  gint            digit;             /* -1 none */
  gint            stopped_at;        /* second of the day it ended */

  GtkWidget      *box;
  GtkWidget      *duration_box;
  GtkScale       *duration_scale;
  GtkLabel       *duration_label;
  GtkLabel       *number_label;
  GtkProgressBar *progress;
  GtkLabel       *caption_label;
  GtkWidget      *start_button;
  GtkWidget      *cancel_button;
};

G_DEFINE_FINAL_TYPE (BsnStopwatch, bsn_stopwatch, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_duration_changed (BsnStopwatch *self)
{
  g_autofree char *text = NULL;

  if (self->override_seconds > 0)
    text = g_strdup_printf (_("%d detik (uji)"), self->override_seconds);
  else
    text = g_strdup (_("acak, 15–25 detik"));
  gtk_label_set_label (self->duration_label, text);
}

static void
update_view (BsnStopwatch *self)
{
  gboolean running = self->tick_id != 0;

  gtk_widget_set_visible (self->cancel_button, running);
  gtk_widget_set_visible (self->start_button, !running);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), running);
  gtk_widget_set_sensitive (self->duration_box, !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stopwatch.cancel", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stopwatch.start", !running);
  gtk_widget_remove_css_class (GTK_WIDGET (self->number_label), "lucky");

  if (running)
    {
      gtk_label_set_label (self->caption_label, _("Hitung mundur berjalan… Tekan Esc untuk membatalkan."));
      return;
    }
  if (self->digit >= 0)
    {
      g_autofree char *number = g_strdup_printf ("%d", self->digit);
      g_autofree char *caption = g_strdup_printf (_("Angka keberuntungan %d — hitung mundur selesai pukul %02d.%02d.%02d"),
                                                  self->digit, self->stopped_at / 3600, self->stopped_at / 60 % 60,
                                                  self->stopped_at % 60);

      gtk_label_set_label (self->number_label, number);
      gtk_widget_add_css_class (GTK_WIDGET (self->number_label), "lucky");
      gtk_label_set_label (self->caption_label, caption);
      gtk_button_set_label (GTK_BUTTON (self->start_button), _("_Ulangi stopwatch"));
      return;
    }
  gtk_label_set_label (self->number_label, "–");
  gtk_label_set_label (self->caption_label,
                       _("Pelanggan memilih lama hitung mundur lalu menekan Mulai. Angka keberuntungan adalah angka terakhir detik jam saat hitung mundur selesai."));
  gtk_button_set_label (GTK_BUTTON (self->start_button), _("_Mulai stopwatch"));
}

static void
stop_ticking (BsnStopwatch *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
}

static void
finish (BsnStopwatch *self)
{
  BsnTime now = bsn_time_now ();

  stop_ticking (self);
  self->stopped_at = bsn_time_second_of_day (now);
  self->digit = bsn_award_digit_from_clock (self->stopped_at);
  update_view (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
on_tick (gpointer user_data)
{
  BsnStopwatch *self = user_data;
  gint64 left = self->end_us - g_get_monotonic_time ();
  g_autofree char *number = NULL;

  if (left <= 0)
    {
      /* finish() removes this source. */
      self->tick_id = 0;
      finish (self);
      return G_SOURCE_REMOVE;
    }
  number = g_strdup_printf ("%" G_GINT64_FORMAT, (left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  gtk_label_set_label (self->number_label, number);
  gtk_progress_bar_set_fraction (self->progress,
                                 1.0 - (double) left / ((double) self->seconds * G_USEC_PER_SEC));
  return G_SOURCE_CONTINUE;
}

void
bsn_stopwatch_start (BsnStopwatch *self)
{
  g_return_if_fail (BSN_IS_STOPWATCH (self));

  if (self->tick_id != 0)
    return;
  self->digit = -1;
  /* The countdown's length is drawn, 15–25 s (DOMAIN.md §4.1), unless a
   * test fixes it: nobody can time the stop to a digit. */
  self->seconds = self->override_seconds > 0 ? self->override_seconds : g_random_int_range (15, 26);
  self->end_us = g_get_monotonic_time () + (gint64) self->seconds * G_USEC_PER_SEC;
  self->tick_id = g_timeout_add (TICK_MS, on_tick, self);
  update_view (self);
  {
    g_autofree char *number = g_strdup_printf ("%d", self->seconds);
    gtk_label_set_label (self->number_label, number);
    gtk_progress_bar_set_fraction (self->progress, 0);
  }
  gtk_widget_grab_focus (self->cancel_button);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
bsn_stopwatch_cancel (BsnStopwatch *self)
{
  g_return_if_fail (BSN_IS_STOPWATCH (self));

  if (self->tick_id == 0)
    return;
  stop_ticking (self);
  self->digit = -1;
  update_view (self);
  gtk_widget_grab_focus (self->start_button);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
bsn_stopwatch_reset (BsnStopwatch *self)
{
  g_return_if_fail (BSN_IS_STOPWATCH (self));

  stop_ticking (self);
  self->digit = -1;
  update_view (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
bsn_stopwatch_get_running (BsnStopwatch *self)
{
  g_return_val_if_fail (BSN_IS_STOPWATCH (self), FALSE);

  return self->tick_id != 0;
}

gint
bsn_stopwatch_get_digit (BsnStopwatch *self)
{
  g_return_val_if_fail (BSN_IS_STOPWATCH (self), -1);

  return self->digit;
}

void
bsn_stopwatch_focus_start (BsnStopwatch *self)
{
  g_return_if_fail (BSN_IS_STOPWATCH (self));

  gtk_widget_grab_focus (self->start_button);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  bsn_stopwatch_start (BSN_STOPWATCH (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  bsn_stopwatch_cancel (BSN_STOPWATCH (widget));
}

/* ---- GObject ---- */

static void
bsn_stopwatch_dispose (GObject *object)
{
  BsnStopwatch *self = (BsnStopwatch *) object;
  GtkWidget *child;

  stop_ticking (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BSN_TYPE_STOPWATCH);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (bsn_stopwatch_parent_class)->dispose (object);
}

static void
bsn_stopwatch_class_init (BsnStopwatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bsn_stopwatch_dispose;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-stopwatch.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnStopwatch, box);
  gtk_widget_class_bind_template_child (widget_class, BsnStopwatch, duration_box);
  gtk_widget_class_bind_template_child (widget_class, BsnStopwatch, duration_scale);
  gtk_widget_class_bind_template_child (widget_class, BsnStopwatch, duration_label);
  gtk_widget_class_bind_template_child (widget_class, BsnStopwatch, number_label);
  gtk_widget_class_bind_template_child (widget_class, BsnStopwatch, progress);
  gtk_widget_class_bind_template_child (widget_class, BsnStopwatch, caption_label);
  gtk_widget_class_bind_template_child (widget_class, BsnStopwatch, start_button);
  gtk_widget_class_bind_template_child (widget_class, BsnStopwatch, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, on_duration_changed);

  gtk_widget_class_install_action (widget_class, "stopwatch.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "stopwatch.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "stopwatch.cancel", NULL);
}

static void
bsn_stopwatch_init (BsnStopwatch *self)
{
  const char *env = g_getenv ("BSN_STOPWATCH_SECONDS");
  guint64 seconds;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->digit = -1;
  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 1, MAX_OVERRIDE_SECONDS, &seconds, NULL))
    self->override_seconds = (gint) seconds;
  on_duration_changed (self);
  update_view (self);
}
