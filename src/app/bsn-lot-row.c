/* bsn-lot-row.c — a lot in the Titip Jual list (see bsn-lot-row.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "bsn-lot-row.h"
#include "bsn-money.h"
#include "bsn-wrap-box.h"

struct _BsnLotRow
{
  GtkListBoxRow  parent_instance;

  BsnLotInfo    *info;

  GtkLabel      *title_label;
  GtkLabel      *stage_label;
  GtkLabel      *subtitle_label;
  GtkImage      *time_icon;
  GtkLabel      *time_label;
  GtkWidget     *sell_box;
  GtkLevelBar   *sell_bar;
  GtkLabel      *sell_label;
  GtkLabel      *risk_label;
  GtkLabel      *cost_label;    /* markdown stages below the modal pokok */
  GtkLabel      *capacity_label; /* accepted more than the anak can sell */
  GtkWidget     *answer_box;
  GtkButton     *accept_button;
  GtkButton     *reduce_button;
  GtkButton     *reject_button;
};

G_DEFINE_FINAL_TYPE (BsnLotRow, bsn_lot_row, GTK_TYPE_LIST_BOX_ROW)

const char *
bsn_lot_stage_css_class (BsnStage stage)
{
  switch (stage)
    {
    case BSN_STAGE_OFFERED: return "stage-offered";
    case BSN_STAGE_NORMAL: return "stage-normal";
    case BSN_STAGE_I:
    case BSN_STAGE_II:
    case BSN_STAGE_III: return "stage-markdown";
    case BSN_STAGE_RETURN_DUE: return "stage-return";
    default: return "stage-done";
    }
}

/* "Di bawah modal pokok: Tahap II, Tahap III" (issue 17 §6), or NULL when
 * every markdown stage still covers the modal pokok. */
static char *
below_cost_text (const BsnLotStatus *st)
{
  g_autoptr(GString) stages = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (st->stages); i++)
    if (st->stages[i].below_cost)
      g_string_append_printf (stages, "%s%s", stages->len ? ", " : "", bsn_stage_label (st->stages[i].stage));
  if (stages->len == 0)
    return NULL;
  return g_strdup_printf (_("Di bawah modal pokok: %s"), stages->str);
}

static void
fill (BsnLotRow *self,
      gboolean   answer_here)
{
  const BsnLotInfo *info = self->info;
  const BsnLotStatus *st = &info->status;
  g_autofree char *route = bsn_lot_info_route (info);
  g_autofree char *subtitle = g_strdup_printf (_("#%" G_GINT64_FORMAT " · SKU %s · %s"), info->lot->id,
                                               info->lot->sku, route);
  g_autofree char *time = bsn_lot_info_describe_time (info);
  g_autofree char *accessible = NULL;
  g_autofree char *below = NULL;
  g_autofree char *over = NULL;
  g_autoptr(GString) badges = g_string_new (NULL);
  gint sell_bp = bsn_lot_info_sell_through_bp (info);
  gint64 risk = bsn_lot_info_value_at_risk_rp (info);
  gint64 left = bsn_lot_info_days_left (info);
  gboolean offered = st->stage == BSN_STAGE_OFFERED;

  gtk_label_set_label (self->title_label, info->lot->name);
  gtk_label_set_label (self->stage_label, bsn_stage_label (st->stage));
  gtk_widget_add_css_class (GTK_WIDGET (self->stage_label), bsn_lot_stage_css_class (st->stage));
  gtk_label_set_label (self->subtitle_label, subtitle);

  gtk_label_set_label (self->time_label, time);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->time_label)), *time != '\0');
  /* A price drop or a return within the week stands out. */
  if (bsn_lot_info_group (info) == BSN_LOT_GROUP_ATTENTION && !offered)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->time_label), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->time_icon), "warning");
    }
  gtk_image_set_from_icon_name (self->time_icon,
                                offered ? "mail-unread-symbolic"
                                : st->stage == BSN_STAGE_RETURN_DUE ? "mail-reply-sender-symbolic"
                                : left >= 0 ? "alarm-symbolic" : "object-select-symbolic");

  if (offered)
    {
      g_autofree char *price = bsn_money_format (info->lot->price_rp);
      g_autofree char *text = g_strdup_printf (_("%" G_GINT64_FORMAT " unit × %s"), info->lot->qty, price);
      gtk_widget_set_visible (GTK_WIDGET (self->sell_bar), FALSE);
      gtk_label_set_label (self->sell_label, text);
    }
  else if (sell_bp >= 0)
    {
      g_autofree char *text = g_strdup_printf (_("%d %% terjual (%" G_GINT64_FORMAT " dari %" G_GINT64_FORMAT ")"),
                                               sell_bp / 100, st->sold, st->accepted);
      gtk_level_bar_set_value (self->sell_bar, sell_bp / 10000.0);
      gtk_label_set_label (self->sell_label, text);
    }
  else
    gtk_widget_set_visible (self->sell_box, FALSE);

  if (risk > 0)
    {
      g_autofree char *money = bsn_money_format (risk);
      g_autofree char *text = g_strdup_printf (_("Nilai berisiko %s"), money);
      gtk_label_set_label (self->risk_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->risk_label), risk > 0);
  below = below_cost_text (st);
  gtk_label_set_label (self->cost_label, below != NULL ? below : "");
  gtk_widget_set_visible (GTK_WIDGET (self->cost_label), below != NULL);
  if (st->over_capacity)
    {
      over = g_strdup_printf (_("Melebihi kapasitas (%" G_GINT64_FORMAT " dari %" G_GINT64_FORMAT " unit)"),
                              st->accepted, st->capacity);
      gtk_label_set_label (self->capacity_label, over);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->capacity_label), st->over_capacity);

  gtk_widget_set_visible (self->answer_box, offered && answer_here);
  if (offered && answer_here)
    {
      g_autofree char *accept = g_strdup_printf (_("Terima titipan %s"), info->lot->name);
      g_autofree char *reduce = g_strdup_printf (_("Terima sebagian titipan %s"), info->lot->name);
      g_autofree char *reject = g_strdup_printf (_("Tolak titipan %s"), info->lot->name);
      GtkButton *buttons[] = { self->accept_button, self->reduce_button, self->reject_button };
      const char *actions[] = { "consign.accept", "consign.reduce", "consign.reject" };
      const char *labels[] = { accept, reduce, reject };

      for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
        {
          gtk_actionable_set_action_name (GTK_ACTIONABLE (buttons[i]), actions[i]);
          gtk_actionable_set_action_target (GTK_ACTIONABLE (buttons[i]), "x", info->lot->id);
          gtk_accessible_update_property (GTK_ACCESSIBLE (buttons[i]), GTK_ACCESSIBLE_PROPERTY_LABEL, labels[i], -1);
        }
      gtk_widget_set_sensitive (GTK_WIDGET (self->reduce_button), info->lot->qty > 1);
    }

  if (below != NULL)
    g_string_append_printf (badges, ", %s", below);
  if (over != NULL)
    g_string_append_printf (badges, ", %s", over);
  accessible = g_strdup_printf ("%s, %s, %s%s", info->lot->name, bsn_stage_label (st->stage), route, badges->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

const BsnLotInfo *
bsn_lot_row_get_info (BsnLotRow *self)
{
  g_return_val_if_fail (BSN_IS_LOT_ROW (self), NULL);
  return self->info;
}

static void
bsn_lot_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BSN_TYPE_LOT_ROW);

  G_OBJECT_CLASS (bsn_lot_row_parent_class)->dispose (object);
}

static void
bsn_lot_row_finalize (GObject *object)
{
  BsnLotRow *self = (BsnLotRow *) object;

  g_clear_pointer (&self->info, bsn_lot_info_free);

  G_OBJECT_CLASS (bsn_lot_row_parent_class)->finalize (object);
}

static void
bsn_lot_row_class_init (BsnLotRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bsn_lot_row_dispose;
  object_class->finalize = bsn_lot_row_finalize;

  g_type_ensure (BSN_TYPE_WRAP_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/bsn/Loyalty/bsn-lot-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BsnLotRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, BsnLotRow, stage_label);
  gtk_widget_class_bind_template_child (widget_class, BsnLotRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, BsnLotRow, time_icon);
  gtk_widget_class_bind_template_child (widget_class, BsnLotRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, BsnLotRow, sell_box);
  gtk_widget_class_bind_template_child (widget_class, BsnLotRow, sell_bar);
  gtk_widget_class_bind_template_child (widget_class, BsnLotRow, sell_label);
  gtk_widget_class_bind_template_child (widget_class, BsnLotRow, risk_label);
  gtk_widget_class_bind_template_child (widget_class, BsnLotRow, cost_label);
  gtk_widget_class_bind_template_child (widget_class, BsnLotRow, capacity_label);
  gtk_widget_class_bind_template_child (widget_class, BsnLotRow, answer_box);
  gtk_widget_class_bind_template_child (widget_class, BsnLotRow, accept_button);
  gtk_widget_class_bind_template_child (widget_class, BsnLotRow, reduce_button);
  gtk_widget_class_bind_template_child (widget_class, BsnLotRow, reject_button);
}

static void
bsn_lot_row_init (BsnLotRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bsn_lot_row_new (const BsnLotInfo *info,
                 gboolean          answer_here)
{
  BsnLotRow *self;

  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (BSN_TYPE_LOT_ROW, NULL);
  self->info = bsn_lot_info_copy (info);
  fill (self, answer_here);
  return GTK_WIDGET (self);
}
