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

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  BsnColumnType type = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "type"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), is_numeric (type) ? 1.0 : 0.0);
  if (is_numeric (type))
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  BsnReportRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *text = bsn_report_row_get_text (row, column);

  gtk_label_set_label (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, *text != '\0' ? text : NULL);
  if (row->total)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_remove_css_class (label, "heading");
}

static GtkColumnViewColumn *
column_new (const BsnColumn *column,
            guint            index)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "type", GINT_TO_POINTER (column->type));
  g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (index));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), NULL);
  view_column = gtk_column_view_column_new (column->header, factory);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  return view_column;
}

GtkWidget *
bsn_report_row_section_view (const BsnReportSection *section)
{
  g_autoptr(GListStore) rows = g_list_store_new (BSN_TYPE_REPORT_ROW);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (section->name);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view;
  gint expand = -1;

  for (guint r = 0; r < section->rows->len; r++)
    {
      g_autoptr(BsnReportRow) row = row_new (section, g_ptr_array_index (section->rows, r));
      g_list_store_append (rows, row);
    }
  if (section->totals && section->rows->len > 0)
    {
      g_autoptr(BsnReportRow) row = totals_new (section);
      g_list_store_append (rows, row);
    }

  view = gtk_column_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&rows)))));
  gtk_column_view_set_show_column_separators (GTK_COLUMN_VIEW (view), TRUE);
  gtk_column_view_set_reorderable (GTK_COLUMN_VIEW (view), FALSE);
  for (guint c = 0; c < section->columns->len; c++)
    {
      const BsnColumn *column = &g_array_index (section->columns, BsnColumn, c);
      g_autoptr(GtkColumnViewColumn) view_column = column_new (column, c);

      /* The last text column (a name, a formula) takes the spare width. */
      if (column->type == BSN_COL_TEXT)
        expand = (gint) c;
      gtk_column_view_append_column (GTK_COLUMN_VIEW (view), view_column);
    }
  if (expand >= 0)
    {
      g_autoptr(GtkColumnViewColumn) view_column =
        g_list_model_get_item (gtk_column_view_get_columns (GTK_COLUMN_VIEW (view)), (guint) expand);
      gtk_column_view_column_set_expand (view_column, TRUE);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, section->name, -1);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 420);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_widget_add_css_class (scroller, "card");
  gtk_widget_set_overflow (scroller, GTK_OVERFLOW_HIDDEN);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), scroller);
  return box;
}
