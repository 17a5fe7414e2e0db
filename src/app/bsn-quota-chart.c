/* bsn-quota-chart.c — the live chart of a store-day (see bsn-quota-chart.h). */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "bsn-money.h"
#include "bsn-quota-chart.h"
#include "bsn-tiers.h"

#define N_SLOTS 10
#define QUOTA_PANEL_HEIGHT 84.0
#define PANEL_GAP 44.0
#define AXIS_GAP 8.0
/* A keyboard change is saved once the keys rest this long. */
#define KEY_COMMIT_MS 900

typedef struct
{
  gint64   target;
  gint64   sales;
  gint64   reward;
  gint64   quota;
  gint64   receipts;
  gint64   rewarded;
  gint64   capped;
  BsnTime  start;
  BsnTime  end;
  gboolean own;
} Slot;

/* Where everything goes for the current size. */
typedef struct
{
  double left, right;          /* plot area, x */
  double legend_bottom;
  double a_top, a_bottom;      /* sales panel */
  double b_top, b_bottom;      /* quota panel */
  double labels_top;
  double col;                  /* width of one slot */
  double a_max, r_max, b_max;  /* scale maxima, Rupiah */
  double a_step, r_step, b_step;
} Geometry;

struct _BsnQuotaChart
{
  GtkWidget  parent_instance;

  Slot       slots[N_SLOTS];
  gboolean   has_data;
  gint       current;          /* 1..10, 0 = none */
  gint       last;             /* slots after this one are still to come */
  gint       hover;            /* 1..10, 0 = none */
  gint       focus_slot;       /* 1..10: the keyboard's slot */

  gint       drag_slot;        /* 1..10 while a quota is being changed */
  gint64     drag_value;
  double     drag_scale;       /* b_max frozen while dragging */
  double     drag_start_y;
  gboolean   drag_moved;
  guint      key_commit_id;
};

G_DEFINE_FINAL_TYPE (BsnQuotaChart, bsn_quota_chart, GTK_TYPE_WIDGET)

enum {
  QUOTA_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- Numbers ---- */

/* "250 rb", "1,5 jt", "2 M": short enough for an axis. */
static char *
format_compact (double rp)
{
  const struct { double unit; const char *name; } units[] = {
    { 1e9, "M" }, { 1e6, "jt" }, { 1e3, "rb" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (rp >= units[i].unit)
      {
        double v = rp / units[i].unit;
        g_autofree char *text = NULL;

        if (fabs (v - round (v)) < 0.05)
          text = g_strdup_printf ("%.0f", v);
        else
          text = g_strdup_printf ("%.1f", v);
        g_strdelimit (text, ".", ',');
        return g_strdup_printf ("%s %s", text, units[i].name);
      }
  return g_strdup_printf ("%.0f", rp);
}

/* A step of 1, 2, 2,5 or 5 × 10^k that splits @max into about @n parts. */
static double
nice_step (double max,
           int    n)
{
  double raw = max / n;
  double mag = pow (10, floor (log10 (raw)));
  const double steps[] = { 1, 2, 2.5, 5, 10 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (raw <= steps[i] * mag)
      return steps[i] * mag;
  return 10 * mag;
}

static void
nice_scale (double  max,
            int     n,
            double  floor_value,
            double *out_max,
            double *out_step)
{
  double step;

  max = MAX (max, floor_value);
  step = nice_step (max, n);
  *out_step = step;
  *out_max = ceil (max / step) * step;
  if (*out_max < max * 1.04)
    *out_max += step;
}

/* Steps a dragged quota snaps to. */
static gint64
quota_snap (double scale)
{
  if (scale <= 50000)
    return 1000;
  if (scale <= 2000000)
    return 5000;
  return 50000;
}

/* ---- Colours ---- */

static GdkRGBA
named_color (GtkWidget  *widget,
             const char *name,
             const char *fallback)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  GdkRGBA rgba;

  if (gtk_style_context_lookup_color (context, name, &rgba))
    return rgba;
  if (fallback != NULL && gtk_style_context_lookup_color (context, fallback, &rgba))
    return rgba;
  gtk_style_context_get_color (context, &rgba);
  return rgba;
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *rgba,
            double         alpha)
{
  cairo_set_source_rgba (cr, rgba->red, rgba->green, rgba->blue, rgba->alpha * alpha);
}

/* ---- Layout ---- */

static PangoLayout *
make_layout (BsnQuotaChart *self,
             const char    *text,
             gboolean       small,
             gboolean       bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();

  /* Money in tabular figures, like the table. */
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
  if (small)
    pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

static double
text_width (BsnQuotaChart *self,
            const char    *text)
{
  g_autoptr(PangoLayout) layout = make_layout (self, text, TRUE, FALSE);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return w;
}

static double
text_height (BsnQuotaChart *self)
{
  g_autoptr(PangoLayout) layout = make_layout (self, "Rp0 X", TRUE, FALSE);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return h;
}

typedef struct
{
  const char *label;
  int         kind;   /* 0 sales, 1 target, 2 reward, 3 quota */
} LegendItem;

static const LegendItem legend_items[] = {
  { N_("Penjualan"), 0 },
  { N_("Target per jam"), 1 },
  { N_("Nilai poin (skala kanan)"), 2 },
  { N_("Kuota per struk (seret untuk mengubah)"), 3 },
};

#define SWATCH 12.0
#define LEGEND_GAP 18.0

/* Lays the legend out in lines that fit @width; returns its height and,
 * with @xs/@ys, where each item goes. */
static double
legend_layout (BsnQuotaChart *self,
               double         width,
               double        *xs,
               double        *ys)
{
  double line_h = MAX (text_height (self), SWATCH) + 6;
  double x = 0, y = 0;

  for (guint i = 0; i < G_N_ELEMENTS (legend_items); i++)
    {
      double w = SWATCH + 6 + text_width (self, _(legend_items[i].label));

      if (x > 0 && x + w > width)
        {
          x = 0;
          y += line_h;
        }
      if (xs != NULL)
        {
          xs[i] = x;
          ys[i] = y;
        }
      x += w + LEGEND_GAP;
    }
  return y + line_h;
}

static void
compute_geometry (BsnQuotaChart *self,
                  double         width,
                  double         height,
                  Geometry      *g)
{
  double a_max = 0, r_max = 0, b_max = 0;
  double th = text_height (self);
  g_autofree char *a_label = NULL;
  g_autofree char *r_label = NULL;

  for (guint i = 0; i < N_SLOTS; i++)
    {
      a_max = MAX (a_max, MAX (self->slots[i].target, self->slots[i].sales));
      r_max = MAX (r_max, self->slots[i].reward);
      b_max = MAX (b_max, self->slots[i].quota);
    }
  if (self->drag_slot > 0)
    b_max = MAX (b_max, self->drag_value);
  nice_scale (a_max, 4, 10000, &g->a_max, &g->a_step);
  nice_scale (r_max, 4, 1000, &g->r_max, &g->r_step);
  if (self->drag_slot > 0 && self->drag_scale > 0)
    g->b_max = self->drag_scale;
  else
    nice_scale (b_max * 1.2, 2, 10000, &g->b_max, &g->b_step);
  g->b_step = g->b_max / 2;

  a_label = format_compact (g->a_max);
  r_label = format_compact (g->r_max);
  g->left = text_width (self, a_label) + AXIS_GAP + 4;
  g->right = width - text_width (self, r_label) - AXIS_GAP - 4;
  g->col = (g->right - g->left) / N_SLOTS;

  g->legend_bottom = legend_layout (self, width, NULL, NULL) + 8;
  g->labels_top = height - 2 * th - 6;
  g->b_bottom = g->labels_top - 4;
  g->b_top = g->b_bottom - QUOTA_PANEL_HEIGHT;
  g->a_top = g->legend_bottom + th / 2 + 4;
  g->a_bottom = g->b_top - PANEL_GAP;
}

static double
col_center (const Geometry *g,
            gint            slot)
{
  return g->left + g->col * (slot - 0.5);
}

/* The slot under @x, or 0. */
static gint
slot_at_x (BsnQuotaChart *self,
           double         x)
{
  Geometry g;
  gint slot;

  compute_geometry (self, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)), &g);
  if (x < g.left || x >= g.right || g.col <= 0)
    return 0;
  slot = (gint) ((x - g.left) / g.col) + 1;
  return CLAMP (slot, 1, N_SLOTS);
}

/* ---- Drawing ---- */

static void
draw_text (BsnQuotaChart *self,
           cairo_t       *cr,
           const char    *text,
           double         x,
           double         y,
           double         xalign,   /* 0 left, 0.5 centre, 1 right of x */
           double         yalign,
           gboolean       bold)
{
  g_autoptr(PangoLayout) layout = make_layout (self, text, TRUE, bold);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, round (x - w * xalign), round (y - h * yalign));
  pango_cairo_show_layout (cr, layout);
}

static void
draw_legend (BsnQuotaChart *self,
             cairo_t       *cr,
             double         width,
             const GdkRGBA  colors[4],
             const GdkRGBA *fg)
{
  double xs[G_N_ELEMENTS (legend_items)], ys[G_N_ELEMENTS (legend_items)];
  double th = text_height (self);

  legend_layout (self, width, xs, ys);
  for (guint i = 0; i < G_N_ELEMENTS (legend_items); i++)
    {
      double x = xs[i], y = ys[i] + (th - SWATCH) / 2;

      switch (legend_items[i].kind)
        {
        case 0:
          set_source (cr, &colors[0], 1);
          cairo_rectangle (cr, x, y, SWATCH, SWATCH);
          cairo_fill (cr);
          break;
        case 1:
          set_source (cr, fg, 0.12);
          cairo_rectangle (cr, x, y, SWATCH, SWATCH);
          cairo_fill (cr);
          set_source (cr, fg, 0.5);
          cairo_set_line_width (cr, 1);
          cairo_rectangle (cr, x + 0.5, y + 0.5, SWATCH - 1, SWATCH - 1);
          cairo_stroke (cr);
          break;
        case 2:
          set_source (cr, &colors[2], 1);
          cairo_set_line_width (cr, 2);
          cairo_move_to (cr, x, y + SWATCH / 2);
          cairo_line_to (cr, x + SWATCH, y + SWATCH / 2);
          cairo_stroke (cr);
          cairo_arc (cr, x + SWATCH / 2, y + SWATCH / 2, 3, 0, 2 * G_PI);
          cairo_fill (cr);
          break;
        default:
          set_source (cr, &colors[3], 1);
          cairo_rectangle (cr, x, y + SWATCH / 2 - 2, SWATCH, 4);
          cairo_fill (cr);
          break;
        }
      set_source (cr, fg, 0.8);
      draw_text (self, cr, _(legend_items[i].label), x + SWATCH + 6, ys[i], 0, 0, FALSE);
    }
}

static double
y_of (double value,
      double max,
      double top,
      double bottom)
{
  if (max <= 0)
    return bottom;
  return bottom - (bottom - top) * CLAMP (value / max, 0, 1);
}

static void
draw_grid (BsnQuotaChart  *self,
           cairo_t        *cr,
           const Geometry *g,
           const GdkRGBA  *fg,
           const GdkRGBA  *reward_color)
{
  cairo_set_line_width (cr, 1);
  for (double v = 0; v <= g->a_max + 0.5; v += g->a_step)
    {
      double y = round (y_of (v, g->a_max, g->a_top, g->a_bottom)) + 0.5;
      g_autofree char *label = format_compact (v);

      set_source (cr, fg, v == 0 ? 0.35 : 0.1);
      cairo_move_to (cr, g->left, y);
      cairo_line_to (cr, g->right, y);
      cairo_stroke (cr);
      set_source (cr, fg, 0.6);
      draw_text (self, cr, label, g->left - AXIS_GAP, y, 1, 0.5, FALSE);
    }
  for (double v = g->r_step; v <= g->r_max + 0.5; v += g->r_step)
    {
      double y = round (y_of (v, g->r_max, g->a_top, g->a_bottom)) + 0.5;
      g_autofree char *label = format_compact (v);

      set_source (cr, reward_color, 0.9);
      draw_text (self, cr, label, g->right + AXIS_GAP, y, 0, 0.5, FALSE);
    }
  /* The quota panel: its baseline, its middle and its top. */
  for (double v = 0; v <= g->b_max + 0.5; v += g->b_step)
    {
      double y = round (y_of (v, g->b_max, g->b_top, g->b_bottom)) + 0.5;
      g_autofree char *label = format_compact (v);

      set_source (cr, fg, v == 0 ? 0.35 : 0.1);
      cairo_move_to (cr, g->left, y);
      cairo_line_to (cr, g->right, y);
      cairo_stroke (cr);
      if (v > 0)
        {
          set_source (cr, fg, 0.6);
          draw_text (self, cr, label, g->left - AXIS_GAP, y, 1, 0.5, FALSE);
        }
    }
  set_source (cr, fg, 0.8);
  draw_text (self, cr, _("Kuota per struk"), g->left, g->b_top - 18, 0, 1, TRUE);
}

static void
draw_slots (BsnQuotaChart  *self,
            cairo_t        *cr,
            const Geometry *g,
            const GdkRGBA  *fg,
            const GdkRGBA  *accent,
            const GdkRGBA  *success,
            const GdkRGBA  *quota_color)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  gboolean focused = gtk_widget_has_focus (GTK_WIDGET (self))
                     && GTK_IS_WINDOW (root) && gtk_window_get_focus_visible (GTK_WINDOW (root));

  for (gint s = 1; s <= N_SLOTS; s++)
    {
      const Slot *slot = &self->slots[s - 1];
      double cx = col_center (g, s);
      double x0 = g->left + g->col * (s - 1);
      double tw = g->col * 0.72, sw = g->col * 0.4, qw = g->col * 0.56;
      double ty = y_of (slot->target, g->a_max, g->a_top, g->a_bottom);
      double sy = y_of (slot->sales, g->a_max, g->a_top, g->a_bottom);
      gint64 quota = self->drag_slot == s ? self->drag_value : slot->quota;
      double qy = y_of (quota, g->b_max, g->b_top, g->b_bottom);
      gboolean met = slot->target > 0 && slot->sales >= slot->target;

      /* "Now" and the hovered slot sit on a faint band. */
      if (s == self->current)
        {
          set_source (cr, accent, 0.08);
          cairo_rectangle (cr, x0, g->a_top, g->col, g->b_bottom - g->a_top);
          cairo_fill (cr);
          set_source (cr, accent, 1);
          draw_text (self, cr, _("sekarang"), cx, g->a_top - 2, 0.5, 1, TRUE);
        }
      if (s == self->hover)
        {
          set_source (cr, fg, 0.05);
          cairo_rectangle (cr, x0, g->a_top, g->col, g->b_bottom - g->a_top);
          cairo_fill (cr);
        }

      /* Target: pale, outlined. */
      set_source (cr, fg, 0.1);
      cairo_rectangle (cr, cx - tw / 2, ty, tw, g->a_bottom - ty);
      cairo_fill (cr);
      set_source (cr, fg, 0.45);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, cx - tw / 2, round (ty) + 0.5);
      cairo_line_to (cr, cx + tw / 2, round (ty) + 0.5);
      cairo_stroke (cr);

      /* Sales: solid, green once the target is met. */
      set_source (cr, met ? success : accent, 1);
      cairo_rectangle (cr, cx - sw / 2, sy, sw, g->a_bottom - sy);
      cairo_fill (cr);

      /* Quota: solid when the slot sets it, pale when it follows the day. */
      set_source (cr, quota_color, slot->own || self->drag_slot == s ? 0.9 : 0.4);
      cairo_rectangle (cr, cx - qw / 2, qy, qw, g->b_bottom - qy);
      cairo_fill (cr);
      /* The handle to drag. */
      set_source (cr, quota_color, 1);
      cairo_rectangle (cr, cx - qw / 2 - 2, qy - 2, qw + 4, 4);
      cairo_fill (cr);
      if (self->drag_slot == s || s == self->hover)
        {
          g_autofree char *label = format_compact (quota);
          set_source (cr, fg, 0.9);
          draw_text (self, cr, label, cx, qy - 4, 0.5, 1, self->drag_slot == s);
        }
      if (focused && s == self->focus_slot)
        {
          set_source (cr, accent, 1);
          cairo_set_line_width (cr, 2);
          cairo_rectangle (cr, x0 + 2, g->b_top - 16, g->col - 4, g->b_bottom - g->b_top + 18);
          cairo_stroke (cr);
        }

      /* Slot and the hour it starts. */
      {
        g_autofree char *clock = bsn_clock_format (bsn_time_second_of_day (slot->start));
        double th = text_height (self);

        set_source (cr, fg, 0.85);
        draw_text (self, cr, bsn_slot_to_roman (s), cx, g->labels_top + 2, 0.5, 0, TRUE);
        set_source (cr, fg, 0.55);
        if (g->col >= text_width (self, clock) + 4)
          draw_text (self, cr, clock, cx, g->labels_top + 2 + th, 0.5, 0, FALSE);
      }
    }
}

static void
draw_reward_line (BsnQuotaChart  *self,
                  cairo_t        *cr,
                  const Geometry *g,
                  const GdkRGBA  *color)
{
  set_source (cr, color, 1);
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  /* Slots still to come have given nothing yet: the line stops at now. */
  for (gint s = 1; s <= self->last; s++)
    {
      double x = col_center (g, s);
      double y = y_of (self->slots[s - 1].reward, g->r_max, g->a_top, g->a_bottom);

      if (s == 1)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_stroke (cr);
  for (gint s = 1; s <= self->last; s++)
    {
      double x = col_center (g, s);
      double y = y_of (self->slots[s - 1].reward, g->r_max, g->a_top, g->a_bottom);

      cairo_arc (cr, x, y, 3.5, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

static void
bsn_quota_chart_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  BsnQuotaChart *self = BSN_QUOTA_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  GdkRGBA colors[4], fg, success;
  Geometry g;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  colors[0] = named_color (widget, "accent_bg_color", NULL);
  colors[1] = fg;
  colors[2] = named_color (widget, "orange_4", "warning_color");
  colors[3] = named_color (widget, "purple_3", "accent_color");
  success = named_color (widget, "success_bg_color", "success_color");

  compute_geometry (self, width, height, &g);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_legend (self, cr, width, colors, &fg);
  if (g.a_bottom - g.a_top > 20 && g.col > 4)
    {
      draw_grid (self, cr, &g, &fg, &colors[2]);
      draw_slots (self, cr, &g, &fg, &colors[0], &success, &colors[3]);
      draw_reward_line (self, cr, &g, &colors[2]);
    }
  cairo_destroy (cr);
}

static void
bsn_quota_chart_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 280;
      *natural = 720;
    }
  else
    {
      /* A narrow chart wraps its legend onto more lines. */
      double legend = for_size > 0 ? legend_layout (BSN_QUOTA_CHART (widget), for_size, NULL, NULL) : 40;
      *minimum = (int) ceil (legend) + 300;
      *natural = (int) ceil (legend) + 340;
    }
}

static GtkSizeRequestMode
bsn_quota_chart_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* ---- Tooltip ---- */

static char *
slot_summary (BsnQuotaChart *self,
              gint           s)
{
  const Slot *slot = &self->slots[s - 1];
  g_autofree char *from = bsn_clock_format (bsn_time_second_of_day (slot->start));
  g_autofree char *to = bsn_clock_format (bsn_time_second_of_day (slot->end));
  g_autofree char *target = bsn_money_format (slot->target);
  g_autofree char *sales = bsn_money_format (slot->sales);
  g_autofree char *quota = bsn_money_format (slot->quota);
  g_autofree char *reward = bsn_money_format (slot->reward);
  g_autofree char *percent = NULL;

  if (slot->target > 0)
    percent = g_strdup_printf (" (%" G_GINT64_FORMAT " %%)", slot->sales * 100 / slot->target);
  return g_strdup_printf (_("Slot %s · %s–%s\n"
                            "Target: %s\n"
                            "Penjualan: %s%s\n"
                            "Kuota per struk: %s%s\n"
                            "Dapat poin: %" G_GINT64_FORMAT " dari %" G_GINT64_FORMAT " struk\n"
                            "Nilai poin: %s\n"
                            "Dibatasi: %" G_GINT64_FORMAT),
                          bsn_slot_to_roman (s), from, to, target, sales, percent != NULL ? percent : "",
                          quota, slot->own ? "" : _(" (mengikuti kuota hari)"),
                          slot->rewarded, slot->receipts, reward, slot->capped);
}

static gboolean
bsn_quota_chart_query_tooltip (GtkWidget  *widget,
                               int         x,
                               int         y,
                               gboolean    keyboard_mode,
                               GtkTooltip *tooltip)
{
  BsnQuotaChart *self = BSN_QUOTA_CHART (widget);
  gint s = keyboard_mode ? self->focus_slot : slot_at_x (self, x);
  g_autofree char *text = NULL;

  if (!self->has_data || s == 0 || self->drag_slot > 0)
    return FALSE;
  text = slot_summary (self, s);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* ---- Pointer ---- */

static gboolean
in_quota_panel (BsnQuotaChart *self,
                double         y)
{
  Geometry g;

  compute_geometry (self, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)), &g);
  return y >= g.b_top - 18 && y <= g.labels_top;
}

static void
on_motion (BsnQuotaChart *self,
           double         x,
           double         y)
{
  gint s = self->has_data ? slot_at_x (self, x) : 0;

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), s > 0 && in_quota_panel (self, y) ? "ns-resize" : NULL);
  if (s != self->hover)
    {
      self->hover = s;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_leave (BsnQuotaChart *self)
{
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
  if (self->hover != 0)
    {
      self->hover = 0;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static gint64
quota_at_y (BsnQuotaChart *self,
            double         y)
{
  Geometry g;
  double v;
  gint64 snap;

  compute_geometry (self, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)), &g);
  v = (g.b_bottom - y) / (g.b_bottom - g.b_top) * g.b_max;
  v = CLAMP (v, 0, g.b_max);
  snap = quota_snap (g.b_max);
  return (gint64) (round (v / snap) * snap);
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               BsnQuotaChart  *self)
{
  gint s = self->has_data ? slot_at_x (self, x) : 0;
  Geometry g;

  if (s == 0 || !in_quota_panel (self, y))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  compute_geometry (self, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)), &g);
  self->drag_scale = g.b_max;
  self->drag_slot = s;
  self->drag_value = self->slots[s - 1].quota;
  self->drag_start_y = y;
  self->drag_moved = FALSE;
  self->focus_slot = s;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                BsnQuotaChart  *self)
{
  if (self->drag_slot == 0)
    return;
  if (fabs (dy) >= 3)
    self->drag_moved = TRUE;
  if (self->drag_moved)
    self->drag_value = quota_at_y (self, self->drag_start_y + dy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
finish_change (BsnQuotaChart *self,
               gboolean       commit)
{
  gint s = self->drag_slot;
  gint64 value = self->drag_value;

  g_clear_handle_id (&self->key_commit_id, g_source_remove);
  if (s == 0)
    return;
  self->drag_slot = 0;
  self->drag_scale = 0;
  if (commit && value != self->slots[s - 1].quota)
    {
      /* Shown at once; the page's reload confirms it. */
      self->slots[s - 1].quota = value;
      self->slots[s - 1].own = TRUE;
      g_signal_emit (self, signals[QUOTA_CHANGED], 0, s, value);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             BsnQuotaChart  *self)
{
  finish_change (self, self->drag_moved);
}

static void
on_drag_cancel (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                BsnQuotaChart    *self)
{
  finish_change (self, FALSE);
}

/* ---- Keyboard ---- */

static gboolean
key_commit_timeout (gpointer data)
{
  BsnQuotaChart *self = data;

  self->key_commit_id = 0;
  finish_change (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
key_adjust (BsnQuotaChart *self,
            int            steps)
{
  Geometry g;
  gint s = self->focus_slot;
  gint64 snap;

  if (!self->has_data)
    return;
  compute_geometry (self, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)), &g);
  if (self->drag_slot != s)
    {
      finish_change (self, TRUE);
      self->drag_slot = s;
      self->drag_value = self->slots[s - 1].quota;
      self->drag_scale = 0;
    }
  snap = quota_snap (g.b_max);
  self->drag_value = MAX (0, (self->drag_value / snap + steps) * snap);
  g_clear_handle_id (&self->key_commit_id, g_source_remove);
  self->key_commit_id = g_timeout_add (KEY_COMMIT_MS, key_commit_timeout, self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_key_pressed (BsnQuotaChart   *self,
                guint            keyval,
                guint            keycode,
                GdkModifierType  state)
{
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      finish_change (self, TRUE);
      self->focus_slot = MAX (1, self->focus_slot - 1);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      finish_change (self, TRUE);
      self->focus_slot = MIN (N_SLOTS, self->focus_slot + 1);
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      key_adjust (self, 1);
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      key_adjust (self, -1);
      break;
    case GDK_KEY_Page_Up:
      key_adjust (self, 10);
      break;
    case GDK_KEY_Page_Down:
      key_adjust (self, -10);
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
      finish_change (self, TRUE);
      break;
    case GDK_KEY_Escape:
      if (self->drag_slot == 0)
        return FALSE;
      finish_change (self, FALSE);
      break;
    default:
      return FALSE;
    }
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static void
on_focus_leave (BsnQuotaChart *self)
{
  finish_change (self, TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- GObject ---- */

static void
bsn_quota_chart_dispose (GObject *object)
{
  BsnQuotaChart *self = (BsnQuotaChart *) object;

  g_clear_handle_id (&self->key_commit_id, g_source_remove);

  G_OBJECT_CLASS (bsn_quota_chart_parent_class)->dispose (object);
}

static void
bsn_quota_chart_class_init (BsnQuotaChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bsn_quota_chart_dispose;
  widget_class->snapshot = bsn_quota_chart_snapshot;
  widget_class->measure = bsn_quota_chart_measure;
  widget_class->get_request_mode = bsn_quota_chart_get_request_mode;
  widget_class->query_tooltip = bsn_quota_chart_query_tooltip;

  /* (slot 1..10, quota in Rupiah): the user set a slot's own quota. */
  signals[QUOTA_CHANGED] =
    g_signal_new ("quota-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT64);

  gtk_widget_class_set_css_name (widget_class, "quotachart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bsn_quota_chart_init (BsnQuotaChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->focus_slot = 1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  g_signal_connect_swapped (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  g_signal_connect (drag, "cancel", G_CALLBACK (on_drag_cancel), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_focus_leave), self);
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (gtk_widget_queue_draw), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Grafik penjualan, target, nilai poin, dan kuota per slot"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Angka persisnya ada di tabel per slot. Panah kiri dan kanan memilih slot, panah atas dan bawah mengubah kuotanya."),
                                  -1);
}

GtkWidget *
bsn_quota_chart_new (void)
{
  return g_object_new (BSN_TYPE_QUOTA_CHART, NULL);
}

void
bsn_quota_chart_set_status (BsnQuotaChart      *self,
                            const BsnDayStatus *status,
                            const BsnQuotaOwn  *own,
                            gint                current_slot,
                            gint                last_slot)
{
  g_return_if_fail (BSN_IS_QUOTA_CHART (self));
  g_return_if_fail (status != NULL);

  for (guint i = 0; i < N_SLOTS; i++)
    {
      const BsnSlotStatus *st = &status->slots[i];
      Slot *slot = &self->slots[i];

      slot->target = st->target_rp;
      slot->sales = st->sales_rp;
      slot->reward = st->reward_rp;
      slot->quota = st->quota_rp;
      slot->receipts = st->receipts;
      slot->rewarded = st->rewarded;
      slot->capped = st->capped;
      slot->start = st->start;
      slot->end = st->end;
      slot->own = own != NULL && own->slot_rp[i] >= 0;
    }
  self->has_data = TRUE;
  self->current = current_slot;
  self->last = CLAMP (last_slot, 0, N_SLOTS);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
