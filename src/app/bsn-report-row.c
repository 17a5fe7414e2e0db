/* bsn-report-row.c — report rows and section tables (see bsn-report-row.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-money.h"
#include "bsn-report-row.h"

struct _BsnReportRow
{
  GObject   parent_instance;

  GStrv     cells;
  gboolean  total;
};

G_DEFINE_FINAL_TYPE (BsnReportRow, bsn_report_row, G_TYPE_OBJECT)

static void
bsn_report_row_finalize (GObject *object)
{
  BsnReportRow *self = BSN_REPORT_ROW (object);

  g_strfreev (self->cells);
  G_OBJECT_CLASS (bsn_report_row_parent_class)->finalize (object);
}

static void
bsn_report_row_class_init (BsnReportRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bsn_report_row_finalize;
}

static void
bsn_report_row_init (BsnReportRow *self)
{
}

const char *
bsn_report_row_get_text (BsnReportRow *self,
                         guint         column)
{
  g_return_val_if_fail (BSN_IS_REPORT_ROW (self), "");

  if (self->cells == NULL || column >= g_strv_length (self->cells))
    return "";
  return self->cells[column];
}

gboolean
bsn_report_row_is_total (BsnReportRow *self)
{
  g_return_val_if_fail (BSN_IS_REPORT_ROW (self), FALSE);

  return self->total;
}

static char *
format_value (BsnColumnType type,
              gint64        num,
              const char   *text)
{
  switch (type)
    {
    case BSN_COL_TEXT:
      return g_strdup (text != NULL ? text : "");
    case BSN_COL_MONEY:
      return bsn_money_format (num);
    case BSN_COL_BP:
      return bsn_bp_format ((gint32) num);
    case BSN_COL_DATE:
      return num != 0 ? bsn_time_format_date (num) : g_strdup ("");
    case BSN_COL_INT:
    default:
      return g_strdup_printf ("%" G_GINT64_FORMAT, num);
    }
}

static BsnReportRow *
row_new (const BsnReportSection *section,
         GArray                 *cells)
{
  BsnReportRow *row = g_object_new (BSN_TYPE_REPORT_ROW, NULL);
  GStrvBuilder *builder = g_strv_builder_new ();

  for (guint c = 0; c < section->columns->len; c++)
    {
      const BsnColumn *column = &g_array_index (section->columns, BsnColumn, c);
      const BsnCell *cell = c < cells->len ? &g_array_index (cells, BsnCell, c) : NULL;
      g_autofree char *text = format_value (column->type, cell ? cell->num : 0, cell ? cell->text : NULL);

      g_strv_builder_add (builder, text);
    }
  row->cells = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return row;
}

static BsnReportRow *
totals_new (const BsnReportSection *section)
{
  BsnReportRow *row = g_object_new (BSN_TYPE_REPORT_ROW, NULL);
  GStrvBuilder *builder = g_strv_builder_new ();

  for (guint c = 0; c < section->columns->len; c++)
    {
      const BsnColumn *column = &g_array_index (section->columns, BsnColumn, c);
      g_autofree char *text = NULL;

      if (column->total)
        text = format_value (column->type, bsn_section_total (section, c), NULL);
      else
        text = g_strdup (c == 0 ? _("Total") : "");
      g_strv_builder_add (builder, text);
    }
  row->cells = g_strv_builder_end (builder);
  row->total = TRUE;
  g_strv_builder_unref (builder);
  return row;
}

static gboolean
is_numeric (BsnColumnType type)
{
  return type == BSN_COL_INT || type == BSN_COL_MONEY || type == BSN_COL_BP;
}

/* One cell of the table: a label that wraps when it is text or a
 * heading, keeps a figure on one line, right-aligned, and lets a figure
 * be selected and copied. */
static GtkWidget *
cell_new (const char    *text,
          BsnColumnType  type,
          gboolean       heading)
{
  GtkWidget *label = gtk_label_new (text);
  gboolean numeric = is_numeric (type);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0f : 0.0f);
  gtk_widget_set_halign (label, GTK_ALIGN_FILL);
  /* Filling the row's height, so a striped row has no gaps. */
  gtk_widget_set_valign (label, GTK_ALIGN_FILL);
  gtk_label_set_yalign (GTK_LABEL (label), heading ? 1.0f : 0.0f);
  /* Between words only: a column is never narrower than its longest
   * word, so "Barang" never breaks into letters. */
  if (heading || !numeric)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
      gtk_label_set_natural_wrap_mode (GTK_LABEL (label), GTK_NATURAL_WRAP_WORD);
    }
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  if (numeric && !heading)
    gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  return label;
}

/* The table does not scroll: every row is shown at its height and the
 * page scrolls. No scrolled window at all: one measures the grid's height
 * at its narrowest (every text wrapped) and leaves blank space below. */
GtkWidget *
bsn_report_row_section_view (const BsnReportSection *section)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (section->name);
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *grid = g_object_new (GTK_TYPE_GRID, "accessible-role", GTK_ACCESSIBLE_ROLE_TREE_GRID, NULL);
  guint n_rows = section->rows->len;
  gint expand = -1;

  for (guint c = 0; c < section->columns->len; c++)
    if (g_array_index (section->columns, BsnColumn, c).type == BSN_COL_TEXT)
      expand = (gint) c;

  for (guint c = 0; c < section->columns->len; c++)
    {
      const BsnColumn *column = &g_array_index (section->columns, BsnColumn, c);
      GtkWidget *cell = cell_new (column->header, column->type, TRUE);

      gtk_widget_add_css_class (cell, "column-header");
      /* The last text column (a name, a formula) takes the spare width. */
      gtk_widget_set_hexpand (cell, (gint) c == expand);
      gtk_grid_attach (GTK_GRID (grid), cell, (int) c, 0, 1, 1);
    }
  for (guint r = 0; r <= n_rows; r++)
    {
      g_autoptr(BsnReportRow) row = NULL;

      if (r < n_rows)
        row = row_new (section, g_ptr_array_index (section->rows, r));
      else if (section->totals && n_rows > 0)
        row = totals_new (section);
      else
        break;
      for (guint c = 0; c < section->columns->len; c++)
        {
          const BsnColumn *column = &g_array_index (section->columns, BsnColumn, c);
          GtkWidget *cell = cell_new (bsn_report_row_get_text (row, c), column->type, FALSE);

          gtk_widget_add_css_class (cell, row->total ? "total" : r % 2 ? "odd" : "even");
          gtk_grid_attach (GTK_GRID (grid), cell, (int) c, (int) r + 1, 1, 1);
        }
    }
  gtk_widget_add_css_class (grid, "report-table");
  if (section->columns->len > 8)
    gtk_widget_add_css_class (grid, "dense");
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid), GTK_ACCESSIBLE_PROPERTY_LABEL, section->name, -1);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  {
    /* Every row at full height (the page scrolls, not the table); only a
     * table wider than the window scrolls sideways, so no page needs more
     * width than the window has and the sidebar folds the same way on
     * every page. */
    GtkWidget *sideways = gtk_scrolled_window_new ();

    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (sideways), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
    gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (sideways), TRUE);
    gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (sideways), TRUE);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (sideways), grid);
    gtk_box_append (GTK_BOX (card), sideways);
  }
  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_overflow (card, GTK_OVERFLOW_HIDDEN);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), card);
  return box;
}
