/* bsn-tier-grid.c — one tier table as a grid (see bsn-tier-grid.h). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "bsn-money.h"
#include "bsn-tier-grid.h"

/* The highest status-point threshold the library accepts. */
#define MAX_THRESHOLD_POINTS 10000000

typedef struct
{
  BsnTierGrid *grid;
  GtkWidget   *entry;          /* the rate */
  GtkWidget   *key_entry;      /* a new siaga threshold: its points; else NULL */
  GtkWidget   *remove_button;  /* a new siaga threshold: removes it */
  BsnBand      band;
  gint         tier;
  gint         key;            /* a new threshold: as last parsed */
  gint32       original_bp;    /* -1 for a new threshold */
  gint32       rate_bp;        /* as last parsed */
  char        *rate_error;     /* the library's message; NULL when valid */
  char        *key_error;
} Cell;

struct _BsnTierGrid
{
  GtkWidget     parent_instance;

  BsnScheme     scheme;
  BsnTierTable *table;         /* a copy of what is shown; NULL when none */
  gboolean      editable;
  GPtrArray    *cells;         /* (element-type Cell) */
  gint          next_row;      /* of the GtkGrid, for new thresholds */

  GtkWidget    *box;
  GtkWidget    *caption;
  GtkWidget    *grid;
  GtkWidget    *add_button;
};

G_DEFINE_FINAL_TYPE (BsnTierGrid, bsn_tier_grid, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SCHEME,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
cell_free (gpointer data)
{
  Cell *cell = data;

  g_free (cell->rate_error);
  g_free (cell->key_error);
  g_free (cell);
}

/* ---- Words for cells ---- */

char *
bsn_tier_rate_text (gint32 rate_bp)
{
  char *text = bsn_bp_format (rate_bp);

  if (g_str_has_suffix (text, " %"))
    text[strlen (text) - 2] = '\0';
  return text;
}

char *
bsn_tier_cell_describe (BsnScheme scheme,
                        BsnBand   band,
                        gint      tier,
                        gint      key)
{
  if (scheme == BSN_SCHEME_STOPWATCH)
    return g_strdup_printf (_("%s · angka %d"), bsn_level_name_stopwatch (band, tier), key);
  if (scheme == BSN_SCHEME_LELANG)
    return g_strdup_printf (_("%s · %s · slot %s"), bsn_band_label (band), bsn_level_name_lelang (tier),
                            bsn_slot_to_roman (key));
  {
    g_autofree char *points = bsn_points_format ((gint64) key * BSN_RP_PER_POINT);
    return g_strdup_printf (_("Ambang %s"), points);
  }
}

char *
bsn_tier_version_since (BsnTime effective_from)
{
  /* The defaults are in force "since always" (time 0). */
  if (effective_from <= 0)
    return g_strdup (_("awal program"));
  return bsn_time_format_datetime (effective_from);
}

/* ---- State of the cells ---- */

static gboolean
cell_is_new (const Cell *cell)
{
  return cell->original_bp < 0;
}

static gboolean
cell_is_invalid (const Cell *cell)
{
  return cell->rate_error != NULL || cell->key_error != NULL;
}

static gboolean
cell_is_changed (const Cell *cell)
{
  return cell_is_new (cell) || (cell->rate_error == NULL && cell->rate_bp != cell->original_bp);
}

/* A new threshold's points: whole status points, "1.000" or "1000". */
static gboolean
parse_threshold (const char *text,
                 gint       *out_key,
                 char      **out_error)
{
  g_autoptr(GError) error = NULL;
  gint64 rp;

  if (!bsn_points_parse (text, &rp, &error))
    {
      *out_error = g_strdup (error->message);
      return FALSE;
    }
  if (rp % BSN_RP_PER_POINT != 0)
    {
      *out_error = g_strdup (_("Ambang poin status harus bilangan bulat"));
      return FALSE;
    }
  if (rp < 0 || rp / BSN_RP_PER_POINT > MAX_THRESHOLD_POINTS)
    {
      *out_error = g_strdup (_("Ambang poin status harus 0 sampai 10.000.000"));
      return FALSE;
    }
  *out_key = (gint) (rp / BSN_RP_PER_POINT);
  return TRUE;
}

static void
cell_parse (Cell *cell)
{
  g_autoptr(GError) error = NULL;
  gint32 bp;

  g_clear_pointer (&cell->rate_error, g_free);
  g_clear_pointer (&cell->key_error, g_free);
  if (bsn_bp_parse (gtk_editable_get_text (GTK_EDITABLE (cell->entry)), &bp, &error))
    cell->rate_bp = bp;
  else
    cell->rate_error = g_strdup (error->message);
  if (cell->key_entry != NULL)
    parse_threshold (gtk_editable_get_text (GTK_EDITABLE (cell->key_entry)), &cell->key, &cell->key_error);
}

/* A new threshold must not repeat one that exists or one added before it. */
static void
check_duplicate_thresholds (BsnTierGrid *self)
{
  for (guint i = 0; i < self->cells->len; i++)
    {
      Cell *cell = g_ptr_array_index (self->cells, i);

      if (!cell_is_new (cell) || cell->key_error != NULL)
        continue;
      for (guint j = 0; j < self->cells->len; j++)
        {
          Cell *other = g_ptr_array_index (self->cells, j);

          if (other == cell || other->key != cell->key || (cell_is_new (other) && (j > i || other->key_error)))
            continue;
          {
            g_autofree char *points = bsn_points_format ((gint64) cell->key * BSN_RP_PER_POINT);
            cell->key_error = g_strdup_printf (_("Ambang %s sudah ada di tabel"), points);
          }
          break;
        }
    }
}

static void
set_cell_marks (GtkWidget  *entry,
                const char *error,
                gboolean    changed,
                const char *note)
{
  const char *tip = error != NULL ? error : changed ? note : NULL;

  if (error != NULL)
    gtk_widget_add_css_class (entry, "error");
  else
    gtk_widget_remove_css_class (entry, "error");
  if (error == NULL && changed)
    gtk_widget_add_css_class (entry, "changed");
  else
    gtk_widget_remove_css_class (entry, "changed");
  gtk_widget_set_tooltip_text (entry, tip);
  if (tip != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tip, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  gtk_accessible_update_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID,
                               error != NULL ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE, -1);
}

static void
cell_update_marks (Cell *cell)
{
  if (cell_is_new (cell))
    {
      set_cell_marks (cell->key_entry, cell->key_error, TRUE, _("Ambang baru"));
      set_cell_marks (cell->entry, cell->rate_error, TRUE, _("Tarif ambang baru"));
    }
  else
    {
      g_autofree char *was = bsn_bp_format (cell->original_bp);
      g_autofree char *note = g_strdup_printf (_("Diubah, semula %s"), was);

      set_cell_marks (cell->entry, cell->rate_error, cell_is_changed (cell), note);
    }
}

static void
update_all (BsnTierGrid *self)
{
  for (guint i = 0; i < self->cells->len; i++)
    cell_parse (g_ptr_array_index (self->cells, i));
  check_duplicate_thresholds (self);
  for (guint i = 0; i < self->cells->len; i++)
    cell_update_marks (g_ptr_array_index (self->cells, i));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_cell_text_changed (GtkEditable *editable,
                      Cell        *cell)
{
  update_all (cell->grid);
}

/* ---- Building the grid ---- */

static GtkWidget *
header_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static GtkWidget *
cell_entry_new (const char *accessible_label)
{
  GtkWidget *entry = gtk_entry_new ();

  /* The width comes from the style (min-width), so a bold changed cell
   * does not widen its column. */
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 2);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 4);
  gtk_editable_set_alignment (GTK_EDITABLE (entry), 0.5);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
  gtk_widget_add_css_class (entry, "tier-cell");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  return entry;
}

static Cell *
add_cell (BsnTierGrid *self,
          BsnBand      band,
          gint         tier,
          gint         key,
          gint32       rate_bp)
{
  Cell *cell = g_new0 (Cell, 1);
  g_autofree char *label = bsn_tier_cell_describe (self->scheme, band, tier, key);
  g_autofree char *text = bsn_tier_rate_text (rate_bp);

  cell->grid = self;
  cell->band = band;
  cell->tier = tier;
  cell->key = key;
  cell->original_bp = rate_bp;
  cell->rate_bp = rate_bp;
  cell->entry = cell_entry_new (label);
  gtk_editable_set_text (GTK_EDITABLE (cell->entry), text);
  gtk_editable_set_editable (GTK_EDITABLE (cell->entry), self->editable);
  g_signal_connect (cell->entry, "changed", G_CALLBACK (on_cell_text_changed), cell);
  g_ptr_array_add (self->cells, cell);
  return cell;
}

/* Stopwatch and lelang waktu: a header of digits or slots, then per band
 * a heading and its three levels. */
static void
build_levels (BsnTierGrid *self)
{
  GtkGrid *grid = GTK_GRID (self->grid);
  gboolean stopwatch = self->scheme == BSN_SCHEME_STOPWATCH;
  gint row = 0;

  gtk_label_set_label (GTK_LABEL (self->caption),
                       stopwatch ? _("Tarif (%) menurut level toko dan angka keberuntungan, yaitu angka terakhir detik saat stopwatch berhenti.")
                                 : _("Tarif (%) menurut level toko dan slot jam: slot I adalah jam pertama setelah toko buka, slot X jam kesepuluh."));
  gtk_grid_attach (grid, header_label (_("Level")), 0, row, 1, 1);
  for (gint col = 0; col < 10; col++)
    {
      g_autofree char *name = stopwatch ? g_strdup_printf ("%d", (col + 1) % 10) : g_strdup (bsn_slot_to_roman (col + 1));
      gtk_grid_attach (grid, header_label (name), col + 1, row, 1, 1);
    }
  row++;

  for (gint b = 0; b < 2; b++)
    {
      BsnBand band = b == 0 ? BSN_BAND_LOW : BSN_BAND_HIGH;
      GtkWidget *heading = gtk_label_new (bsn_band_label (band));

      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "heading");
      gtk_widget_set_margin_top (heading, b == 0 ? 6 : 12);
      gtk_grid_attach (grid, heading, 0, row++, 11, 1);

      for (gint tier = 1; tier <= 3; tier++)
        {
          const char *level = stopwatch ? bsn_level_name_stopwatch (band, tier) : bsn_level_name_lelang (tier);
          GtkWidget *label = gtk_label_new (level);

          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_widget_set_margin_end (label, 6);
          gtk_grid_attach (grid, label, 0, row, 1, 1);
          for (gint col = 0; col < 10; col++)
            {
              gint key = stopwatch ? (col + 1) % 10 : col + 1;
              gint32 bp = 0;
              Cell *cell;

              bsn_tier_table_lookup (self->table, band, tier, key, &bp);
              cell = add_cell (self, band, tier, key, bp);
              gtk_grid_attach (grid, cell->entry, col + 1, row, 1, 1);
            }
          row++;
        }
    }
  self->next_row = row;
}

static void
build_siaga (BsnTierGrid *self)
{
  GtkGrid *grid = GTK_GRID (self->grid);
  gint row = 0;

  gtk_label_set_label (GTK_LABEL (self->caption),
                       _("Bila belanja belum mencapai kuota minimal, pelanggan mendapat voucher siaga dengan tarif (%) menurut poin status yang sudah dikumpulkannya. Ambang termasuk batasnya."));
  gtk_grid_attach (grid, header_label (_("Poin status")), 0, row, 1, 1);
  gtk_grid_attach (grid, header_label (_("Tarif (%)")), 1, row, 1, 1);
  row++;
  for (guint i = 0; i < self->table->rates->len; i++)
    {
      const BsnTierRate *r = &g_array_index (self->table->rates, BsnTierRate, i);
      g_autofree char *points = bsn_points_format ((gint64) r->key * BSN_RP_PER_POINT);
      g_autofree char *text = g_strdup_printf (_("≥ %s"), points);
      GtkWidget *label = gtk_label_new (text);
      Cell *cell;

      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "money");
      gtk_grid_attach (grid, label, 0, row, 1, 1);
      cell = add_cell (self, BSN_BAND_LOW, 0, r->key, r->rate_bp);
      gtk_grid_attach (grid, cell->entry, 1, row, 1, 1);
      row++;
    }
  self->next_row = row;
}

static void
clear_grid (BsnTierGrid *self)
{
  GtkWidget *child;

  /* The cells' signal handlers point at the cells: disconnect first. */
  for (guint i = 0; i < self->cells->len; i++)
    {
      Cell *cell = g_ptr_array_index (self->cells, i);
      g_signal_handlers_disconnect_by_data (cell->entry, cell);
      if (cell->key_entry != NULL)
        g_signal_handlers_disconnect_by_data (cell->key_entry, cell);
    }
  g_ptr_array_set_size (self->cells, 0);
  while ((child = gtk_widget_get_first_child (self->grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->grid), child);
  self->next_row = 0;
}

static void
rebuild (BsnTierGrid *self)
{
  clear_grid (self);
  gtk_widget_set_visible (self->add_button, self->table != NULL && self->scheme == BSN_SCHEME_SIAGA && self->editable);
  if (self->editable)
    gtk_widget_remove_css_class (GTK_WIDGET (self), "read-only");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "read-only");
  if (self->table == NULL)
    {
      gtk_label_set_label (GTK_LABEL (self->caption), "");
      g_signal_emit (self, signals[CHANGED], 0);
      return;
    }
  if (self->scheme == BSN_SCHEME_SIAGA)
    build_siaga (self);
  else
    build_levels (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* ---- New siaga thresholds ---- */

static void
on_remove_clicked (GtkButton *button,
                   Cell      *cell)
{
  BsnTierGrid *self = cell->grid;
  int row = 0;

  gtk_grid_query_child (GTK_GRID (self->grid), cell->entry, NULL, &row, NULL, NULL);
  g_signal_handlers_disconnect_by_data (cell->entry, cell);
  g_signal_handlers_disconnect_by_data (cell->key_entry, cell);
  g_signal_handlers_disconnect_by_data (cell->remove_button, cell);
  g_ptr_array_remove (self->cells, cell);
  gtk_grid_remove_row (GTK_GRID (self->grid), row);
  self->next_row--;
  update_all (self);
  gtk_widget_grab_focus (self->add_button);
}

static void
on_add_threshold (BsnTierGrid *self)
{
  GtkGrid *grid = GTK_GRID (self->grid);
  Cell *cell = g_new0 (Cell, 1);

  cell->grid = self;
  cell->original_bp = -1;
  cell->key_entry = cell_entry_new (_("Ambang baru, poin status"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (cell->key_entry), _("poin"));
  gtk_editable_set_width_chars (GTK_EDITABLE (cell->key_entry), 8);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (cell->key_entry), 10);
  gtk_editable_set_alignment (GTK_EDITABLE (cell->key_entry), 1);
  cell->entry = cell_entry_new (_("Tarif ambang baru"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (cell->entry), "%");
  cell->remove_button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_add_css_class (cell->remove_button, "flat");
  gtk_widget_set_tooltip_text (cell->remove_button, _("Hapus ambang baru"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell->remove_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Hapus ambang baru"), -1);

  gtk_grid_attach (grid, cell->key_entry, 0, self->next_row, 1, 1);
  gtk_grid_attach (grid, cell->entry, 1, self->next_row, 1, 1);
  gtk_grid_attach (grid, cell->remove_button, 2, self->next_row, 1, 1);
  self->next_row++;
  g_ptr_array_add (self->cells, cell);
  g_signal_connect (cell->key_entry, "changed", G_CALLBACK (on_cell_text_changed), cell);
  g_signal_connect (cell->entry, "changed", G_CALLBACK (on_cell_text_changed), cell);
  g_signal_connect (cell->remove_button, "clicked", G_CALLBACK (on_remove_clicked), cell);
  update_all (self);
  gtk_widget_grab_focus (cell->key_entry);
}

/* ---- Public ---- */

static BsnTierTable *
table_copy (const BsnTierTable *table)
{
  BsnTierTable *copy = g_new0 (BsnTierTable, 1);

  copy->version = table->version;
  copy->version.name = g_strdup (table->version.name);
  copy->version.author = g_strdup (table->version.author);
  copy->version.reason = g_strdup (table->version.reason);
  copy->rates = g_array_copy (table->rates);
  return copy;
}

void
bsn_tier_grid_set_table (BsnTierGrid        *self,
                         const BsnTierTable *table,
                         gboolean            editable)
{
  g_return_if_fail (BSN_IS_TIER_GRID (self));

  g_clear_pointer (&self->table, bsn_tier_table_free);
  if (table != NULL)
    self->table = table_copy (table);
  self->editable = editable;
  rebuild (self);
}

const BsnTierVersion *
bsn_tier_grid_get_version (BsnTierGrid *self)
{
  g_return_val_if_fail (BSN_IS_TIER_GRID (self), NULL);

  return self->table != NULL ? &self->table->version : NULL;
}

gboolean
bsn_tier_grid_get_editable (BsnTierGrid *self)
{
  g_return_val_if_fail (BSN_IS_TIER_GRID (self), FALSE);

  return self->editable;
}

BsnScheme
bsn_tier_grid_get_scheme (BsnTierGrid *self)
{
  g_return_val_if_fail (BSN_IS_TIER_GRID (self), BSN_SCHEME_STOPWATCH);

  return self->scheme;
}

guint
bsn_tier_grid_get_n_changed (BsnTierGrid *self)
{
  guint n = 0;

  g_return_val_if_fail (BSN_IS_TIER_GRID (self), 0);

  for (guint i = 0; i < self->cells->len; i++)
    if (cell_is_changed (g_ptr_array_index (self->cells, i)))
      n++;
  return n;
}

guint
bsn_tier_grid_get_n_invalid (BsnTierGrid *self)
{
  guint n = 0;

  g_return_val_if_fail (BSN_IS_TIER_GRID (self), 0);

  for (guint i = 0; i < self->cells->len; i++)
    if (cell_is_invalid (g_ptr_array_index (self->cells, i)))
      n++;
  return n;
}

void
bsn_tier_grid_revert (BsnTierGrid *self)
{
  g_return_if_fail (BSN_IS_TIER_GRID (self));

  rebuild (self);
}

GArray *
bsn_tier_grid_get_edits (BsnTierGrid *self)
{
  GArray *edits;

  g_return_val_if_fail (BSN_IS_TIER_GRID (self), NULL);

  edits = g_array_new (FALSE, TRUE, sizeof (BsnTierEdit));
  for (guint i = 0; i < self->cells->len; i++)
    {
      const Cell *cell = g_ptr_array_index (self->cells, i);
      BsnTierEdit e = { 0 };

      if (!cell_is_changed (cell) || cell_is_invalid (cell))
        continue;
      e.band = cell->band;
      e.all_bands = FALSE;
      e.tier = cell->tier;
      e.key = cell->key;
      e.rate_bp = cell->rate_bp;
      g_array_append_val (edits, e);
    }
  return edits;
}

GPtrArray *
bsn_tier_grid_describe_changes (BsnTierGrid *self)
{
  GPtrArray *lines;

  g_return_val_if_fail (BSN_IS_TIER_GRID (self), NULL);

  lines = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->cells->len; i++)
    {
      const Cell *cell = g_ptr_array_index (self->cells, i);
      g_autofree char *where = NULL;
      g_autofree char *now = NULL;

      if (!cell_is_changed (cell) || cell_is_invalid (cell))
        continue;
      where = bsn_tier_cell_describe (self->scheme, cell->band, cell->tier, cell->key);
      now = bsn_bp_format (cell->rate_bp);
      if (cell_is_new (cell))
        g_ptr_array_add (lines, g_strdup_printf (_("%s (baru): %s"), where, now));
      else
        {
          g_autofree char *was = bsn_bp_format (cell->original_bp);
          g_ptr_array_add (lines, g_strdup_printf (_("%s: %s → %s"), where, was, now));
        }
    }
  return lines;
}

/* ---- GObject ---- */

static void
bsn_tier_grid_dispose (GObject *object)
{
  BsnTierGrid *self = (BsnTierGrid *) object;

  if (self->cells != NULL)
    clear_grid (self);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (bsn_tier_grid_parent_class)->dispose (object);
}

static void
bsn_tier_grid_finalize (GObject *object)
{
  BsnTierGrid *self = (BsnTierGrid *) object;

  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_clear_pointer (&self->table, bsn_tier_table_free);

  G_OBJECT_CLASS (bsn_tier_grid_parent_class)->finalize (object);
}

static void
bsn_tier_grid_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BsnTierGrid *self = BSN_TIER_GRID (object);

  switch (prop_id)
    {
    case PROP_SCHEME:
      g_value_set_int (value, self->scheme);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bsn_tier_grid_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BsnTierGrid *self = BSN_TIER_GRID (object);

  switch (prop_id)
    {
    case PROP_SCHEME:
      self->scheme = (BsnScheme) g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bsn_tier_grid_class_init (BsnTierGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bsn_tier_grid_dispose;
  object_class->finalize = bsn_tier_grid_finalize;
  object_class->get_property = bsn_tier_grid_get_property;
  object_class->set_property = bsn_tier_grid_set_property;

  /* A BsnScheme: 0 stopwatch, 1 lelang waktu, 2 voucher siaga. */
  properties[PROP_SCHEME] =
    g_param_spec_int ("scheme", NULL, NULL, BSN_SCHEME_STOPWATCH, BSN_SCHEME_SIAGA, BSN_SCHEME_STOPWATCH,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tiergrid");
}

static void
bsn_tier_grid_init (BsnTierGrid *self)
{
  GtkWidget *scroller;
  GtkWidget *content;

  self->cells = g_ptr_array_new_with_free_func (cell_free);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->caption = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->caption), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->caption), 0);
  gtk_widget_add_css_class (self->caption, "dim-label");
  gtk_box_append (GTK_BOX (self->box), self->caption);

  /* A narrow window scrolls the grid sideways instead of squeezing it. */
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_box_append (GTK_BOX (self->box), scroller);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_halign (content, GTK_ALIGN_START);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), content);

  self->grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 6);
  gtk_widget_set_margin_bottom (self->grid, 6);
  gtk_box_append (GTK_BOX (content), self->grid);

  self->add_button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (self->add_button),
                        g_object_new (ADW_TYPE_BUTTON_CONTENT,
                                      "icon-name", "list-add-symbolic",
                                      "label", _("_Tambah ambang"),
                                      "use-underline", TRUE,
                                      NULL));
  gtk_widget_set_halign (self->add_button, GTK_ALIGN_START);
  gtk_widget_set_visible (self->add_button, FALSE);
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (on_add_threshold), self);
  gtk_box_append (GTK_BOX (content), self->add_button);
}

GtkWidget *
bsn_tier_grid_new (BsnScheme scheme)
{
  return g_object_new (BSN_TYPE_TIER_GRID, "scheme", (int) scheme, NULL);
}
