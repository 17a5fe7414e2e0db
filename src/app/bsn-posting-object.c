/* bsn-posting-object.c — one row of Buku Poin (see bsn-posting-object.h). */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bsn-money.h"
#include "bsn-posting-object.h"
#include "bsn-time.h"

struct _BsnPostingObject
{
  GObject  parent_instance;

  gint64   id;
  gint64   amount_rp;
  gint64   reverses_id;
  gint64   reversed_by;
  char    *kind;

  char    *number_text;
  char    *time_text;
  char    *kind_text;
  char    *store_text;
  char    *customer_text;
  char    *amount_text;
  char    *amount_markup;
  char    *memo_text;
};

G_DEFINE_FINAL_TYPE (BsnPostingObject, bsn_posting_object, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PLACEHOLDER,
  PROP_REVERSED,
  PROP_REVERSAL,
  PROP_NUMBER_TEXT,
  PROP_TIME_TEXT,
  PROP_KIND_TEXT,
  PROP_STORE_TEXT,
  PROP_CUSTOMER_TEXT,
  PROP_AMOUNT_TEXT,
  PROP_AMOUNT_MARKUP,
  PROP_MEMO_TEXT,
  PROP_STATUS_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
bsn_posting_number_format (gint64 id)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0 && digits[i - 1] != '-')
        g_string_append_c (out, '.');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static void
bsn_posting_object_finalize (GObject *object)
{
  BsnPostingObject *self = (BsnPostingObject *) object;

  g_free (self->kind);
  g_free (self->number_text);
  g_free (self->time_text);
  g_free (self->kind_text);
  g_free (self->store_text);
  g_free (self->customer_text);
  g_free (self->amount_text);
  g_free (self->amount_markup);
  g_free (self->memo_text);

  G_OBJECT_CLASS (bsn_posting_object_parent_class)->finalize (object);
}

static void
bsn_posting_object_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BsnPostingObject *self = BSN_POSTING_OBJECT (object);

  switch (prop_id)
    {
    case PROP_PLACEHOLDER:
      g_value_set_boolean (value, self->id == 0);
      break;
    case PROP_REVERSED:
      g_value_set_boolean (value, self->reversed_by != 0);
      break;
    case PROP_REVERSAL:
      g_value_set_boolean (value, self->reverses_id != 0);
      break;
    case PROP_NUMBER_TEXT:
      g_value_set_string (value, self->number_text);
      break;
    case PROP_TIME_TEXT:
      g_value_set_string (value, self->time_text);
      break;
    case PROP_KIND_TEXT:
      g_value_set_string (value, self->kind_text);
      break;
    case PROP_STORE_TEXT:
      g_value_set_string (value, self->store_text);
      break;
    case PROP_CUSTOMER_TEXT:
      g_value_set_string (value, self->customer_text);
      break;
    case PROP_AMOUNT_TEXT:
      g_value_set_string (value, self->amount_text);
      break;
    case PROP_AMOUNT_MARKUP:
      g_value_set_string (value, self->amount_markup);
      break;
    case PROP_MEMO_TEXT:
      g_value_set_string (value, self->memo_text);
      break;
    case PROP_STATUS_TEXT:
      /* The tag next to a cancelled posting's kind. */
      g_value_set_string (value, self->reversed_by != 0 ? _("dibatalkan") : "");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, "",
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
boolean_property (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE,
                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
bsn_posting_object_class_init (BsnPostingObjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bsn_posting_object_finalize;
  object_class->get_property = bsn_posting_object_get_property;

  properties[PROP_PLACEHOLDER] = boolean_property ("placeholder");
  properties[PROP_REVERSED] = boolean_property ("reversed");
  properties[PROP_REVERSAL] = boolean_property ("reversal");
  properties[PROP_NUMBER_TEXT] = string_property ("number-text");
  properties[PROP_TIME_TEXT] = string_property ("time-text");
  properties[PROP_KIND_TEXT] = string_property ("kind-text");
  properties[PROP_STORE_TEXT] = string_property ("store-text");
  properties[PROP_CUSTOMER_TEXT] = string_property ("customer-text");
  properties[PROP_AMOUNT_TEXT] = string_property ("amount-text");
  properties[PROP_AMOUNT_MARKUP] = string_property ("amount-markup");
  properties[PROP_MEMO_TEXT] = string_property ("memo-text");
  properties[PROP_STATUS_TEXT] = string_property ("status-text");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bsn_posting_object_init (BsnPostingObject *self)
{
}

BsnPostingObject *
bsn_posting_object_new_placeholder (void)
{
  BsnPostingObject *self = g_object_new (BSN_TYPE_POSTING_OBJECT, NULL);

  self->number_text = g_strdup ("");
  self->time_text = g_strdup (_("Memuat…"));
  self->kind_text = g_strdup ("");
  self->store_text = g_strdup ("");
  self->customer_text = g_strdup ("");
  self->amount_text = g_strdup ("");
  self->amount_markup = g_strdup ("");
  self->memo_text = g_strdup ("");
  return self;
}

void
bsn_posting_object_fill_from (BsnPostingObject *self,
                              BsnPostingObject *loaded)
{
  g_return_if_fail (BSN_IS_POSTING_OBJECT (self));
  g_return_if_fail (BSN_IS_POSTING_OBJECT (loaded));

  self->id = loaded->id;
  self->amount_rp = loaded->amount_rp;
  self->reverses_id = loaded->reverses_id;
  self->reversed_by = loaded->reversed_by;
  g_free (self->kind);
  self->kind = g_strdup (loaded->kind);
#define COPY_TEXT(field) G_STMT_START { g_free (self->field); self->field = g_strdup (loaded->field); } G_STMT_END
  COPY_TEXT (number_text);
  COPY_TEXT (time_text);
  COPY_TEXT (kind_text);
  COPY_TEXT (store_text);
  COPY_TEXT (customer_text);
  COPY_TEXT (amount_text);
  COPY_TEXT (amount_markup);
  COPY_TEXT (memo_text);
#undef COPY_TEXT

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 1; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  g_object_thaw_notify (G_OBJECT (self));
}

static char *
memo_text_for (const BsnPostingRow *row)
{
  g_autofree char *memo = g_strdup (row->memo != NULL ? row->memo : "");
  g_autofree char *note = NULL;

  if (row->reversed_by != 0)
    {
      g_autofree char *number = bsn_posting_number_format (row->reversed_by);
      note = g_strdup_printf (_("Dibatalkan oleh No. %s"), number);
    }
  else if (row->reverses_id != 0)
    {
      g_autofree char *number = bsn_posting_number_format (row->reverses_id);
      note = g_strdup_printf (_("Membatalkan No. %s"), number);
    }

  if (note == NULL)
    return g_steal_pointer (&memo);
  if (*memo == '\0')
    return g_steal_pointer (&note);
  /* Translators: a posting's note, then its memo. */
  return g_strdup_printf (_("%s · %s"), note, memo);
}

BsnPostingObject *
bsn_posting_object_new (const BsnPostingRow *row)
{
  BsnPostingObject *self;
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (BSN_TYPE_POSTING_OBJECT, NULL);
  self->id = row->id;
  self->amount_rp = row->amount_rp;
  self->reverses_id = row->reverses_id;
  self->reversed_by = row->reversed_by;
  self->kind = g_strdup (row->kind);

  self->number_text = bsn_posting_number_format (row->id);
  self->time_text = bsn_time_format_datetime (row->at);
  self->kind_text = g_strdup (bsn_posting_kind_label (row->kind));
  self->store_text = g_strdup (row->store_code != NULL ? row->store_code : "—");
  if (row->customer_code != NULL && row->customer_name != NULL)
    self->customer_text = g_strdup_printf ("%s · %s", row->customer_code, row->customer_name);
  else
    self->customer_text = g_strdup (row->customer_code != NULL ? row->customer_code : "—");
  self->amount_text = bsn_money_format (row->amount_rp);
  escaped = g_markup_escape_text (self->amount_text, -1);
  /* A cancelled (reversed) posting no longer counts: its amount is struck
   * through. */
  if (row->reversed_by != 0)
    self->amount_markup = g_strdup_printf ("<s>%s</s>", escaped);
  else
    self->amount_markup = g_steal_pointer (&escaped);
  self->memo_text = memo_text_for (row);
  return self;
}

gboolean
bsn_posting_object_is_placeholder (BsnPostingObject *self)
{
  g_return_val_if_fail (BSN_IS_POSTING_OBJECT (self), TRUE);
  return self->id == 0;
}

gint64
bsn_posting_object_get_id (BsnPostingObject *self)
{
  g_return_val_if_fail (BSN_IS_POSTING_OBJECT (self), 0);
  return self->id;
}

gint64
bsn_posting_object_get_amount (BsnPostingObject *self)
{
  g_return_val_if_fail (BSN_IS_POSTING_OBJECT (self), 0);
  return self->amount_rp;
}

gint64
bsn_posting_object_get_reverses_id (BsnPostingObject *self)
{
  g_return_val_if_fail (BSN_IS_POSTING_OBJECT (self), 0);
  return self->reverses_id;
}

gint64
bsn_posting_object_get_reversed_by (BsnPostingObject *self)
{
  g_return_val_if_fail (BSN_IS_POSTING_OBJECT (self), 0);
  return self->reversed_by;
}

const char *
bsn_posting_object_get_kind (BsnPostingObject *self)
{
  g_return_val_if_fail (BSN_IS_POSTING_OBJECT (self), NULL);
  return self->kind;
}

#define TEXT_GETTER(field) \
  const char * \
  bsn_posting_object_get_##field (BsnPostingObject *self) \
  { \
    g_return_val_if_fail (BSN_IS_POSTING_OBJECT (self), NULL); \
    return self->field; \
  }

TEXT_GETTER (number_text)
TEXT_GETTER (time_text)
TEXT_GETTER (kind_text)
TEXT_GETTER (store_text)
TEXT_GETTER (customer_text)
TEXT_GETTER (amount_text)
TEXT_GETTER (memo_text)

#undef TEXT_GETTER
