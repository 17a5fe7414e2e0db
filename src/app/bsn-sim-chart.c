/* bsn-sim-chart.c — daily cost before/after (see bsn-sim-chart.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-money.h"
#include "bsn-sim-chart.h"
#include "bsn-time.h"

#define PAD    16.0
#define AXIS   90.0      /* room for the Rupiah labels on the left */
#define HEIGHT 220

struct _BsnSimChart
{
  GtkWidget  parent_instance;
  GArray    *days;       /* BsnSimDay */
  char      *summary;
};

G_DEFINE_FINAL_TYPE (BsnSimChart, bsn_sim_chart, GTK_TYPE_WIDGET)

static void
update_accessible (BsnSimChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 before = 0, after = 0;
  guint more = 0, less = 0;

  for (guint i = 0; i < self->days->len; i++)
    {
      const BsnSimDay *d = &g_array_index (self->days, BsnSimDay, i);

      before += d->cost_rp;
      after += d->cost_draft_rp;
      more += d->cost_draft_rp > d->cost_rp;
      less += d->cost_draft_rp < d->cost_rp;
    }
  if (self->days->len > 0)
    {
      g_autofree char *b = bsn_money_format (before);
      g_autofree char *a = bsn_money_format (after);

      /* TRANSLATORS: the chart's summary: days, total cost before → after, days dearer, days cheaper */
      g_string_append_printf (text, _("%u hari: biaya hadiah %s → %s; %u hari lebih mahal, %u hari lebih murah."),
                              self->days->len, b, a, more, less);
      for (guint i = 0; i < self->days->len; i++)
        {
          const BsnSimDay *d = &g_array_index (self->days, BsnSimDay, i);
          g_autofree char *date = NULL, *db = NULL, *da = NULL;

          if (d->receipts == 0)
            continue;
          date = bsn_time_format_date (d->day * BSN_SECONDS_PER_DAY);
          db = bsn_money_format (d->cost_rp);
          da = bsn_money_format (d->cost_draft_rp);
          g_string_append_printf (text, " %s: %s → %s.", date, db, da);
        }
    }
  g_free (self->summary);
  self->summary = g_string_free (g_steal_pointer (&text), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Grafik biaya hadiah harian, sekarang dan dengan perubahan"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->summary,
                                  -1);
}

void
bsn_sim_chart_set_days (BsnSimChart  *self,
                        const GArray *days)
{
  g_return_if_fail (BSN_IS_SIM_CHART (self));
  g_array_set_size (self->days, 0);
  if (days != NULL)
    g_array_append_vals (self->days, days->data, days->len);
  gtk_widget_set_visible (GTK_WIDGET (self), self->days->len > 0);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
bsn_sim_chart_get_summary (BsnSimChart *self)
{
  g_return_val_if_fail (BSN_IS_SIM_CHART (self), NULL);
  return self->summary;
}

static void
draw_line (cairo_t     *cr,
           BsnSimChart *self,
           gboolean     draft,
           double       x0,
           double       w,
           double       y0,
           double       h,
           gint64       top)
{
  guint n = self->days->len;

  for (guint i = 0; i < n; i++)
    {
      const BsnSimDay *d = &g_array_index (self->days, BsnSimDay, i);
      gint64 v = draft ? d->cost_draft_rp : d->cost_rp;
      double x = x0 + (n > 1 ? w * i / (n - 1) : w / 2);
      double y = y0 + h - h * (double) v / (double) top;

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_stroke (cr);
}

static void
draw_label (cairo_t    *cr,
            GtkWidget  *widget,
            const char *text,
            double      x,
            double      y,
            gboolean    right)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, right ? x - w : x, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
}

static void
bsn_sim_chart_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  BsnSimChart *self = BSN_SIM_CHART (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double x0 = PAD + AXIS, y0 = PAD, w = width - x0 - PAD, h = height - 2 * PAD - 20;
  cairo_t *cr;
  gint64 top = 1;
  GdkRGBA fg;

  if (self->days->len == 0 || w <= 0 || h <= 0)
    return;
  for (guint i = 0; i < self->days->len; i++)
    {
      const BsnSimDay *d = &g_array_index (self->days, BsnSimDay, i);

      top = MAX (top, MAX (d->cost_rp, d->cost_draft_rp));
    }
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);

  /* Axes and the top and zero labels. */
  gdk_cairo_set_source_rgba (cr, &fg);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x0, y0 + h);
  cairo_line_to (cr, x0 + w, y0 + h);
  cairo_stroke (cr);
  {
    g_autofree char *top_text = bsn_money_format (top);
    g_autofree char *first = bsn_time_format_date (g_array_index (self->days, BsnSimDay, 0).day * BSN_SECONDS_PER_DAY);
    g_autofree char *last = bsn_time_format_date (
        g_array_index (self->days, BsnSimDay, self->days->len - 1).day * BSN_SECONDS_PER_DAY);

    draw_label (cr, widget, top_text, x0 - 6, y0, TRUE);
    draw_label (cr, widget, "Rp0", x0 - 6, y0 + h, TRUE);
    draw_label (cr, widget, first, x0, y0 + h + 12, FALSE);
    draw_label (cr, widget, last, x0 + w, y0 + h + 12, TRUE);
  }
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
  draw_label (cr, widget, _("abu-abu: biaya sekarang · biru: dengan perubahan"), x0 + w, y0, TRUE);

  /* As recorded: grey; with the change: blue. */
  cairo_set_line_width (cr, 2);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.45);
  draw_line (cr, self, FALSE, x0, w, y0, h, top);
  cairo_set_source_rgb (cr, 0x1c / 255.0, 0x71 / 255.0, 0xd8 / 255.0);
  draw_line (cr, self, TRUE, x0, w, y0, h, top);
  cairo_destroy (cr);
}

static void
bsn_sim_chart_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = *natural = orientation == GTK_ORIENTATION_VERTICAL ? HEIGHT : 200;
}

static void
bsn_sim_chart_finalize (GObject *object)
{
  BsnSimChart *self = BSN_SIM_CHART (object);

  g_clear_pointer (&self->days, g_array_unref);
  g_clear_pointer (&self->summary, g_free);
  G_OBJECT_CLASS (bsn_sim_chart_parent_class)->finalize (object);
}

static void
bsn_sim_chart_class_init (BsnSimChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bsn_sim_chart_finalize;
  widget_class->snapshot = bsn_sim_chart_snapshot;
  widget_class->measure = bsn_sim_chart_measure;
  gtk_widget_class_set_css_name (widget_class, "simchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bsn_sim_chart_init (BsnSimChart *self)
{
  self->days = g_array_new (FALSE, TRUE, sizeof (BsnSimDay));
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  update_accessible (self);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
bsn_sim_chart_new (void)
{
  return g_object_new (BSN_TYPE_SIM_CHART, NULL);
}
