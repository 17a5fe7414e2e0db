/* bsn-wrap-box.c — a wrapping row of children (see bsn-wrap-box.h). */
#include "config.h"

#include "bsn-wrap-box.h"

struct _BsnWrapBox
{
  GtkWidget parent_instance;

  int       spacing;      /* between children on a line */
  int       row_spacing;  /* between lines */
};

G_DEFINE_FINAL_TYPE (BsnWrapBox, bsn_wrap_box, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SPACING,
  PROP_ROW_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GtkWidget *child;
  int        min_width;
  int        nat_width;
  int        min_height;
  int        nat_height;
  guint      line;
  int        width;       /* as allocated */
} Item;

static GArray *
collect_items (BsnWrapBox *self)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (Item));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      Item item = { child };

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1,
                          &item.min_width, &item.nat_width, NULL, NULL);
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1,
                          &item.min_height, &item.nat_height, NULL, NULL);
      g_array_append_val (items, item);
    }
  return items;
}

/* Puts each item on a line, at its natural width (at most @width);
 * returns the number of lines. */
static guint
break_lines (BsnWrapBox *self,
             GArray     *items,
             int         width)
{
  guint line = 0;
  int x = 0;

  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);
      int w = MIN (item->nat_width, width);

      w = MAX (w, item->min_width);
      if (x > 0 && x + w > width)
        {
          line++;
          x = 0;
        }
      item->line = line;
      item->width = w;
      x += w + self->spacing;
    }
  return items->len > 0 ? line + 1 : 0;
}

static int
line_height (GArray   *items,
             guint     line,
             gboolean  natural)
{
  int h = 0;

  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);
      if (item->line == line)
        h = MAX (h, natural ? item->nat_height : item->min_height);
    }
  return h;
}

static void
bsn_wrap_box_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  BsnWrapBox *self = BSN_WRAP_BOX (widget);
  g_autoptr(GArray) items = collect_items (self);

  *minimum = *natural = 0;
  if (items->len == 0)
    return;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Narrowest: one child per line. Widest: all on one line. */
      for (guint i = 0; i < items->len; i++)
        {
          Item *item = &g_array_index (items, Item, i);
          *minimum = MAX (*minimum, item->min_width);
          *natural += item->nat_width + (i > 0 ? self->spacing : 0);
        }
    }
  else
    {
      guint n_lines = break_lines (self, items, for_size < 0 ? G_MAXINT / 2 : for_size);

      for (guint line = 0; line < n_lines; line++)
        {
          int gap = line > 0 ? self->row_spacing : 0;
          *minimum += line_height (items, line, FALSE) + gap;
          *natural += line_height (items, line, TRUE) + gap;
        }
    }
}

static void
bsn_wrap_box_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  BsnWrapBox *self = BSN_WRAP_BOX (widget);
  g_autoptr(GArray) items = collect_items (self);
  guint n_lines = break_lines (self, items, width);
  int y = 0;

  for (guint line = 0; line < n_lines; line++)
    {
      int h = line_height (items, line, TRUE);
      int used = 0, n_expand = 0, extra, x = 0;
      guint n_on_line = 0;

      for (guint i = 0; i < items->len; i++)
        {
          Item *item = &g_array_index (items, Item, i);
          if (item->line != line)
            continue;
          used += item->width + (n_on_line++ > 0 ? self->spacing : 0);
          if (gtk_widget_compute_expand (item->child, GTK_ORIENTATION_HORIZONTAL))
            n_expand++;
        }
      extra = MAX (width - used, 0);

      for (guint i = 0; i < items->len; i++)
        {
          Item *item = &g_array_index (items, Item, i);
          int w = item->width;

          if (item->line != line)
            continue;
          if (n_expand > 0 && gtk_widget_compute_expand (item->child, GTK_ORIENTATION_HORIZONTAL))
            {
              int share = extra / n_expand;
              extra -= share;
              n_expand--;
              w += share;
            }
          gtk_widget_size_allocate (item->child,
                                    &(GtkAllocation) { x, y, MIN (w, width), h },
                                    -1);
          x += w + self->spacing;
        }
      y += h + self->row_spacing;
    }
}

static GtkSizeRequestMode
bsn_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
bsn_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (bsn_wrap_box_parent_class)->dispose (object);
}

static void
bsn_wrap_box_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BsnWrapBox *self = BSN_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;
    case PROP_ROW_SPACING:
      g_value_set_int (value, self->row_spacing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bsn_wrap_box_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  BsnWrapBox *self = BSN_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      self->spacing = g_value_get_int (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    case PROP_ROW_SPACING:
      self->row_spacing = g_value_get_int (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bsn_wrap_box_class_init (BsnWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bsn_wrap_box_dispose;
  object_class->get_property = bsn_wrap_box_get_property;
  object_class->set_property = bsn_wrap_box_set_property;
  widget_class->measure = bsn_wrap_box_measure;
  widget_class->size_allocate = bsn_wrap_box_size_allocate;
  widget_class->get_request_mode = bsn_wrap_box_get_request_mode;

  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 6,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROW_SPACING] =
    g_param_spec_int ("row-spacing", NULL, NULL, 0, G_MAXINT, 6,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "wrapbox");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bsn_wrap_box_init (BsnWrapBox *self)
{
  self->spacing = 6;
  self->row_spacing = 6;
}

GtkWidget *
bsn_wrap_box_new (void)
{
  return g_object_new (BSN_TYPE_WRAP_BOX, NULL);
}
