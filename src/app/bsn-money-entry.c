/* bsn-money-entry.c — an entry for Rupiah (see bsn-money-entry.h). */
#include "config.h"

#include "bsn-money-entry.h"

struct _BsnMoneyEntry
{
  GtkEntry parent_instance;
};

G_DEFINE_FINAL_TYPE (BsnMoneyEntry, bsn_money_entry, GTK_TYPE_ENTRY)

static void
bsn_money_entry_class_init (BsnMoneyEntryClass *klass)
{
  /* gtk_widget_activate() — what the accessible Activate action calls —
   * emits the entry's own "activate", as pressing Enter does. */
  gtk_widget_class_set_activate_signal_from_name (GTK_WIDGET_CLASS (klass), "activate");
}

static void
bsn_money_entry_init (BsnMoneyEntry *self)
{
  gtk_editable_set_alignment (GTK_EDITABLE (self), 1);
  gtk_entry_set_input_purpose (GTK_ENTRY (self), GTK_INPUT_PURPOSE_DIGITS);
  gtk_widget_add_css_class (GTK_WIDGET (self), "money");
}

GtkWidget *
bsn_money_entry_new (void)
{
  return g_object_new (BSN_TYPE_MONEY_ENTRY, NULL);
}
