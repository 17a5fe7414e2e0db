/* bsn-accessible.c — names for the inner parts of composite widgets
 * (see bsn-accessible.h). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bsn-accessible.h"

/* Labels every descendant of @owner that @wants by @owner itself. */
static void
label_parts_by (GtkWidget *owner,
                GtkWidget *widget,
                gboolean (*wants) (GtkWidget *part))
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (wants (child))
        gtk_accessible_update_relation (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_RELATION_LABELLED_BY, owner, NULL,
                                        -1);
      label_parts_by (owner, child, wants);
    }
}

static gboolean
is_drop_down_part (GtkWidget *part)
{
  return GTK_IS_TOGGLE_BUTTON (part) || GTK_IS_LIST_VIEW (part);
}

static gboolean
is_list (GtkWidget *part)
{
  return GTK_IS_LIST_VIEW (part) || GTK_IS_LIST_BOX (part);
}

static gboolean
is_expander_part (GtkWidget *part)
{
  return GTK_IS_LIST_BOX (part) || GTK_IS_SWITCH (part);
}

/* The first label under @widget after @after (NULL: the first of all),
 * depth first. */
static GtkWidget *
next_label (GtkWidget  *widget,
            GtkWidget  *after,
            gboolean   *passed)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child))
        {
          if (*passed)
            return child;
          *passed = child == after;
          continue;
        }
      if ((found = next_label (child, after, passed)) != NULL)
        return found;
    }
  return NULL;
}

/* A flow box child (a card of figures on Dasbor: a number over what it
 * counts) reads as what it shows: "8 toko". */
static void
label_by_contents (GtkWidget *widget)
{
  gboolean passed = TRUE;
  GtkWidget *first = next_label (widget, NULL, &passed);
  GtkWidget *second;

  if (first == NULL)
    return;
  passed = FALSE;
  second = next_label (widget, first, &passed);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, first, second, NULL,
                                  -1);
}

/* A row's title as read out: without its mnemonic underline. */
static char *
dup_plain_title (AdwPreferencesRow *row)
{
  const char *title = adw_preferences_row_get_title (row);
  char *plain = NULL;

  if (title == NULL || *title == '\0')
    return NULL;
  if (adw_preferences_row_get_use_underline (row)
      && pango_parse_markup (title, -1, '_', NULL, &plain, NULL, NULL))
    return plain;
  return g_strdup (title);
}

/* Names every descendant of @widget that @wants @name. */
static void
name_parts_as (GtkWidget  *widget,
               const char *name,
               gboolean  (*wants) (GtkWidget *part))
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (wants (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      name_parts_as (child, name, wants);
    }
}

/* An expander row (and its enable switch: "Entri kantor") and a combo
 * row's list are named after the row's title. The relation "labelled by
 * the row" would not do: GTK 4.8 reads only a label property or a
 * label's text through it, and these rows have neither. */
static void
name_row_parts (AdwPreferencesRow *row,
                gboolean         (*wants) (GtkWidget *part))
{
  g_autofree char *name = dup_plain_title (row);

  if (name == NULL)
    return;
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  name_parts_as (GTK_WIDGET (row), name, wants);
}

/* The first list box under @widget, depth first. */
static GtkWidget *
find_list_box (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = GTK_IS_LIST_BOX (child) ? child : find_list_box (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A preferences group's list of rows, after the group's title; an
 * untitled group's after its first row. */
static void
name_group_list (AdwPreferencesGroup *group)
{
  const char *title = adw_preferences_group_get_title (group);
  GtkWidget *list = find_list_box (GTK_WIDGET (group));
  GtkWidget *first_row = NULL;
  g_autofree char *name = NULL;

  if (list == NULL)
    return;
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_PREFERENCES_ROW (row))
      {
        first_row = row;
        break;
      }
  if (title != NULL && *title != '\0')
    name = g_strdup (title);
  else if (first_row != NULL)
    name = dup_plain_title (ADW_PREFERENCES_ROW (first_row));
  if (name != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/* libadwaita 1.2 gives a toast's close button an icon and nothing else. */
static gboolean
is_unnamed_close_button (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget)
         && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "window-close-symbolic") == 0
         && gtk_widget_get_tooltip_text (widget) == NULL;
}

static void
name_parts (GtkWidget *widget)
{
  if (GTK_IS_DROP_DOWN (widget))
    label_parts_by (widget, widget, is_drop_down_part);
  else if (ADW_IS_COMBO_ROW (widget))
    name_row_parts (ADW_PREFERENCES_ROW (widget), is_list);
  else if (GTK_IS_COLUMN_VIEW (widget))
    label_parts_by (widget, widget, is_list);
  else if (GTK_IS_FLOW_BOX_CHILD (widget))
    label_by_contents (widget);
  else if (ADW_IS_EXPANDER_ROW (widget))
    name_row_parts (ADW_PREFERENCES_ROW (widget), is_expander_part);
  else if (ADW_IS_PREFERENCES_GROUP (widget))
    name_group_list (ADW_PREFERENCES_GROUP (widget));
  else if (is_unnamed_close_button (widget))
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tutup"), -1);
}

static gboolean
on_widget_realize (GSignalInvocationHint *hint,
                   guint                  n_params,
                   const GValue          *params,
                   gpointer               data)
{
  name_parts (g_value_get_object (&params[0]));
  return TRUE;  /* stay installed */
}

void
bsn_accessible_name_parts_on_realize (void)
{
  static gsize installed;

  if (g_once_init_enter (&installed))
    {
      g_signal_add_emission_hook (g_signal_lookup ("realize", GTK_TYPE_WIDGET), 0,
                                  on_widget_realize, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}
