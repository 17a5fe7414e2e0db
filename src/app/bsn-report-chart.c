/* bsn-report-chart.c — the pictures of the reports (see bsn-report-chart.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-money.h"
#include "bsn-report-chart.h"

#define LABEL_WIDTH 170.0
#define ROW_HEIGHT  34.0
#define PAD         12.0

typedef enum
{
  MODE_NONE,
  MODE_PARTIES,
  MODE_PROGRAM,
} ChartMode;

typedef struct
{
  char     *label;
  char     *tooltip;
  gint64    value;      /* parties: net Rp; program: cost bp */
  gint64    margin;     /* program: margin bp */
  gint64    minimum;    /* program: margin minimum aman bp */
  gboolean  flagged;    /* program: below the minimum after the program */
} ChartRow;

struct _BsnReportChart
{
  GtkWidget  parent_instance;

  ChartMode  mode;
  GArray    *rows;      /* ChartRow */
};

G_DEFINE_FINAL_TYPE (BsnReportChart, bsn_report_chart, GTK_TYPE_WIDGET)

static void
chart_row_clear (ChartRow *row)
{
  g_clear_pointer (&row->label, g_free);
  g_clear_pointer (&row->tooltip, g_free);
}

static const BsnCell *
cell_at (GArray *row,
         gint    column)
{
  if (column < 0 || (guint) column >= row->len)
    return NULL;
  return &g_array_index (row, BsnCell, column);
}

static gint64
num_at (GArray *row,
        gint    column)
{
  const BsnCell *cell = cell_at (row, column);

  return cell != NULL ? cell->num : 0;
}

static const char *
text_at (GArray *row,
         gint    column)
{
  const BsnCell *cell = cell_at (row, column);

  return cell != NULL && cell->text != NULL ? cell->text : "";
}

/* What the chart shows, in words: the figures of every bar, so a screen
 * reader user gets what the picture says without the table. */
static void
update_accessible (BsnReportChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *label;
  guint flagged = 0;

  for (guint i = 0; i < self->rows->len; i++)
    {
      ChartRow *row = &g_array_index (self->rows, ChartRow, i);
      g_autofree char *value = NULL;

      if (self->mode == MODE_PARTIES)
        value = bsn_money_format (row->value);
      else
        value = bsn_bp_format ((gint32) row->value);
      flagged += row->flagged;
      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append_printf (text, "%s: %s", row->label, value);
    }
  if (self->mode == MODE_PROGRAM && flagged > 0)
    {
      g_string_append (text, ". ");
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE, "%u toko di bawah margin minimum aman",
                                           "%u toko di bawah margin minimum aman", flagged),
                              flagged);
    }
  if (self->mode == MODE_PARTIES)
    label = _("Grafik bersih per pihak (bagian laba, kompensasi retur, dikurangi biaya bonus)");
  else if (self->mode == MODE_PROGRAM)
    label = _("Grafik biaya program per toko, dalam persen penjualan, terhadap margin toko");
  else
    label = _("Grafik laporan (kosong)");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                  -1);
}

static void
update_size (BsnReportChart *self)
{
  gtk_widget_set_size_request (GTK_WIDGET (self), -1,
                               (int) (2 * PAD + ROW_HEIGHT * MAX (self->rows->len, 1) + 20));
  gtk_widget_set_visible (GTK_WIDGET (self), self->rows->len > 0);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
bsn_report_chart_clear (BsnReportChart *self)
{
  g_return_if_fail (BSN_IS_REPORT_CHART (self));

  g_array_set_size (self->rows, 0);
  self->mode = MODE_NONE;
  update_size (self);
}

void
bsn_report_chart_set_parties (BsnReportChart         *self,
                              const BsnReportSection *section)
{
  gint c_share, c_comp, c_bonus, c_net;

  g_return_if_fail (BSN_IS_REPORT_CHART (self));

  bsn_report_chart_clear (self);
  if (section == NULL)
    return;
  c_share = bsn_section_column (section, BSN_COLUMN_SHARE);
  c_comp = bsn_section_column (section, BSN_COLUMN_COMPENSATION);
  c_bonus = bsn_section_column (section, BSN_COLUMN_BONUS_COST);
  c_net = bsn_section_column (section, BSN_COLUMN_NET);
  self->mode = MODE_PARTIES;
  for (guint i = 0; i < section->rows->len; i++)
    {
      GArray *cells = g_ptr_array_index (section->rows, i);
      gint64 share = num_at (cells, c_share), comp = num_at (cells, c_comp), bonus = num_at (cells, c_bonus);
      /* The library's figure, the one the table and the exports show. */
      gint64 net = num_at (cells, c_net);
      g_autofree char *s = bsn_money_format (share);
      g_autofree char *k = bsn_money_format (comp);
      g_autofree char *b = bsn_money_format (bonus);
      g_autofree char *n = bsn_money_format (net);
      ChartRow row = { 0 };

      row.label = g_strdup (text_at (cells, 0));
      row.value = net;
      row.tooltip = g_strdup_printf (_("<b>%s</b>\nBagian laba titip jual: %s\nKompensasi retur: %s\n"
                                       "Biaya bonus ditanggung: %s\nBersih: <b>%s</b>"),
                                     row.label, s, k, b, n);
      g_array_append_val (self->rows, row);
    }
  update_size (self);
}

void
bsn_report_chart_set_program (BsnReportChart         *self,
                              const BsnReportSection *section)
{
  gint c_cost, c_margin, c_after, c_min;

  g_return_if_fail (BSN_IS_REPORT_CHART (self));

  bsn_report_chart_clear (self);
  if (section == NULL)
    return;
  c_cost = bsn_section_column (section, BSN_COLUMN_COST_BP);
  c_margin = bsn_section_column (section, BSN_COLUMN_MARGIN_BP);
  c_after = bsn_section_column (section, BSN_COLUMN_MARGIN_AFTER_BP);
  c_min = bsn_section_column (section, BSN_COLUMN_MARGIN_MIN_BP);
  self->mode = MODE_PROGRAM;
  for (guint i = 0; i < section->rows->len; i++)
    {
      GArray *cells = g_ptr_array_index (section->rows, i);
      g_autofree char *cost = bsn_bp_format ((gint32) num_at (cells, c_cost));
      g_autofree char *margin = bsn_bp_format ((gint32) num_at (cells, c_margin));
      g_autofree char *after = bsn_bp_format ((gint32) num_at (cells, c_after));
      g_autofree char *min = bsn_bp_format ((gint32) num_at (cells, c_min));
      ChartRow row = { 0 };

      row.label = g_strdup (text_at (cells, 0));
      row.value = num_at (cells, c_cost);
      row.margin = num_at (cells, c_margin);
      row.minimum = num_at (cells, c_min);
      row.flagged = num_at (cells, c_after) < row.minimum;
      row.tooltip = g_strdup_printf (_("<b>%s — %s</b>\nBiaya %% penjualan: %s\nMargin: %s\n"
                                       "Margin setelah program: %s\nMargin minimum aman: %s%s"),
                                     row.label, text_at (cells, 1), cost, margin, after, min,
                                     row.flagged ? _("\n<b>Di bawah margin minimum aman</b>") : "");
      g_array_append_val (self->rows, row);
    }
  update_size (self);
}

/* ---- Drawing ---- */

static void
set_rgba (cairo_t    *cr,
          const char *spec,
          double      alpha)
{
  GdkRGBA c;

  gdk_rgba_parse (&c, spec);
  cairo_set_source_rgba (cr, c.red, c.green, c.blue, alpha);
}

static void
draw_text (BsnReportChart *self,
           cairo_t        *cr,
           const char     *text,
           double          x,
           double          y,
           double          width,
           gboolean        bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int w, h;

  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static void
foreground (BsnReportChart *self,
            cairo_t        *cr,
            double          alpha)
{
  GdkRGBA fg;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * alpha);
}

static void
draw_parties (BsnReportChart *self,
              cairo_t        *cr,
              double          width)
{
  gint64 lo = 0, hi = 0;
  double plot_x = PAD + LABEL_WIDTH, plot_w = width - plot_x - PAD - 110, zero, scale;

  for (guint i = 0; i < self->rows->len; i++)
    {
      ChartRow *r = &g_array_index (self->rows, ChartRow, i);
      lo = MIN (lo, r->value);
      hi = MAX (hi, r->value);
    }
  if (hi == lo)
    hi = lo + 1;
  scale = plot_w / (double) (hi - lo);
  zero = plot_x + (double) (-lo) * scale;

  for (guint i = 0; i < self->rows->len; i++)
    {
      ChartRow *r = &g_array_index (self->rows, ChartRow, i);
      double y = PAD + i * ROW_HEIGHT, x0 = zero, x1 = zero + (double) r->value * scale;
      g_autofree char *amount = bsn_money_format (r->value);

      foreground (self, cr, 1.0);
      draw_text (self, cr, r->label, PAD, y + ROW_HEIGHT / 2, LABEL_WIDTH - 8, FALSE);
      set_rgba (cr, r->value < 0 ? "#e01b24" : "#3584e4", 0.85);
      cairo_rectangle (cr, MIN (x0, x1), y + 6, MAX (fabs (x1 - x0), 1.0), ROW_HEIGHT - 12);
      cairo_fill (cr);
      foreground (self, cr, 0.8);
      draw_text (self, cr, amount, MAX (x0, x1) + 6, y + ROW_HEIGHT / 2, 110, FALSE);
    }
  foreground (self, cr, 0.5);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, floor (zero) + 0.5, PAD);
  cairo_line_to (cr, floor (zero) + 0.5, PAD + ROW_HEIGHT * self->rows->len);
  cairo_stroke (cr);
}

static void
draw_program (BsnReportChart *self,
              cairo_t        *cr,
              double          width)
{
  gint64 hi = 1;
  double plot_x = PAD + LABEL_WIDTH, plot_w = width - plot_x - PAD - 70, scale;
  double legend_y = PAD + ROW_HEIGHT * self->rows->len + 10;

  for (guint i = 0; i < self->rows->len; i++)
    {
      ChartRow *r = &g_array_index (self->rows, ChartRow, i);
      hi = MAX (hi, MAX (r->value, MAX (r->margin, r->minimum)));
    }
  scale = plot_w / (double) hi;

  for (guint i = 0; i < self->rows->len; i++)
    {
      ChartRow *r = &g_array_index (self->rows, ChartRow, i);
      double y = PAD + i * ROW_HEIGHT, tick = plot_x + (double) r->minimum * scale;
      g_autofree char *cost = bsn_bp_format ((gint32) r->value);

      if (r->flagged)
        {
          set_rgba (cr, "#e01b24", 0.12);
          cairo_rectangle (cr, 0, y, width, ROW_HEIGHT);
          cairo_fill (cr);
          set_rgba (cr, "#c01c28", 1.0);
        }
      else
        foreground (self, cr, 1.0);
      draw_text (self, cr, r->label, PAD, y + ROW_HEIGHT / 2, LABEL_WIDTH - 8, r->flagged);

      set_rgba (cr, "#9a9996", 0.6);   /* margin */
      cairo_rectangle (cr, plot_x, y + 5, MAX ((double) r->margin * scale, 1.0), ROW_HEIGHT / 2 - 6);
      cairo_fill (cr);
      set_rgba (cr, r->flagged ? "#e01b24" : "#e66100", 0.9);   /* reward cost */
      cairo_rectangle (cr, plot_x, y + ROW_HEIGHT / 2 + 1, MAX ((double) r->value * scale, 1.0), ROW_HEIGHT / 2 - 6);
      cairo_fill (cr);
      set_rgba (cr, "#26a269", 1.0);   /* margin minimum aman */
      cairo_set_line_width (cr, 2);
      cairo_move_to (cr, tick, y + 2);
      cairo_line_to (cr, tick, y + ROW_HEIGHT - 2);
      cairo_stroke (cr);
      foreground (self, cr, 0.8);
      draw_text (self, cr, cost, MAX (plot_x + (double) r->value * scale, tick) + 6, y + ROW_HEIGHT * 0.75, 70, FALSE);

    }

  set_rgba (cr, "#9a9996", 0.6);
  cairo_rectangle (cr, plot_x, legend_y + 2, 14, 10);
  cairo_fill (cr);
  foreground (self, cr, 0.8);
  draw_text (self, cr, _("Margin"), plot_x + 20, legend_y + 7, 100, FALSE);
  set_rgba (cr, "#e66100", 0.9);
  cairo_rectangle (cr, plot_x + 110, legend_y + 2, 14, 10);
  cairo_fill (cr);
  foreground (self, cr, 0.8);
  draw_text (self, cr, _("Biaya % penjualan"), plot_x + 130, legend_y + 7, 150, FALSE);
  set_rgba (cr, "#26a269", 1.0);
  cairo_rectangle (cr, plot_x + 290, legend_y, 3, 14);
  cairo_fill (cr);
  foreground (self, cr, 0.8);
  draw_text (self, cr, _("Margin minimum aman"), plot_x + 300, legend_y + 7, 200, FALSE);
}

static void
bsn_report_chart_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  BsnReportChart *self = BSN_REPORT_CHART (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->rows->len == 0 || width < LABEL_WIDTH + 100)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->mode == MODE_PARTIES)
    draw_parties (self, cr, width);
  else if (self->mode == MODE_PROGRAM)
    draw_program (self, cr, width);
  cairo_destroy (cr);
}

static gboolean
on_query_tooltip (BsnReportChart *self,
                  int             x,
                  int             y,
                  gboolean        keyboard,
                  GtkTooltip     *tooltip)
{
  int index;

  if (keyboard || y < PAD)
    return FALSE;
  index = (int) ((y - PAD) / ROW_HEIGHT);
  if (index < 0 || (guint) index >= self->rows->len)
    return FALSE;
  gtk_tooltip_set_markup (tooltip, g_array_index (self->rows, ChartRow, index).tooltip);
  return TRUE;
}

static void
bsn_report_chart_finalize (GObject *object)
{
  BsnReportChart *self = BSN_REPORT_CHART (object);

  g_clear_pointer (&self->rows, g_array_unref);
  G_OBJECT_CLASS (bsn_report_chart_parent_class)->finalize (object);
}

static void
bsn_report_chart_class_init (BsnReportChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bsn_report_chart_finalize;
  widget_class->snapshot = bsn_report_chart_snapshot;
  gtk_widget_class_set_css_name (widget_class, "reportchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bsn_report_chart_init (BsnReportChart *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (ChartRow));
  g_array_set_clear_func (self->rows, (GDestroyNotify) chart_row_clear);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  update_size (self);
}

GtkWidget *
bsn_report_chart_new (void)
{
  return g_object_new (BSN_TYPE_REPORT_CHART, NULL);
}
