/* bsn-report.h — the bookkeepers' reports (DOMAIN.md §4.5, §9, §10).
 *
 * A report is a set of sections, each a table of typed columns, plus notes
 * (period, filters, generated at, tier versions used, formulas). The same
 * report is shown on screen and exported to xlsx, csv and json
 * (bsn-export.h), so the numbers are the same wherever they are read.
 *
 * Reports:
 *  - bagi hasil: consigned sales profit split by scheme, per lot and per
 *    branch, totals per party (produsen, induk, anak, BSN), bonus costs by
 *    funding split, return compensations; "Total per pihak" ends with the
 *    column "Bersih" (BSN_COLUMN_NET), each party's net figure: its share
 *    of the consignment profit + return compensation − bonus cost borne,
 *    the number its chart draws, so it is read and copied from the table
 *    and every export rather than only seen as a bar;
 *  - program: rewards issued, redeemed, outstanding and expired per store,
 *    reward cost as % of sales, margin after program against the store's
 *    margin minimum aman (8 % unless set), flagged when below;
 *  - kpi: loyalty KPIs with their formulas.
 * Every figure comes from append-only records filtered by date, so the same
 * period gives the same numbers tomorrow.
 */
#pragma once

#include "bsn-db.h"
#include "bsn-time.h"

G_BEGIN_DECLS

typedef enum
{
  BSN_COL_TEXT,
  BSN_COL_INT,
  BSN_COL_MONEY,     /* Rupiah */
  BSN_COL_BP,        /* basis points, shown as a percentage */
  BSN_COL_DATE,      /* BsnTime */
} BsnColumnType;

typedef struct
{
  char          *header;
  BsnColumnType  type;
  gboolean       total;     /* the totals row sums this column */
  const char    *key;       /* what code finds it by (bsn_section_column); NULL for most */
} BsnColumn;

typedef struct
{
  gint64  num;
  char   *text;               /* BSN_COL_TEXT; NULL = empty */
} BsnCell;

typedef struct
{
  char      *name;            /* sheet name, ≤ 31 characters */
  const char *key;            /* what code finds it by (bsn_report_section); NULL for most */
  GArray    *columns;         /* (element-type BsnColumn) */
  GPtrArray *rows;            /* (element-type GArray of BsnCell) */
  gboolean   totals;          /* end with a totals row */
} BsnReportSection;

typedef struct
{
  char      *kind;            /* "bagi-hasil" | "program" | "kpi" | "ledger" */
  char      *title;
  BsnTime    from;
  BsnTime    to;              /* exclusive */
  char      *period;          /* [from, to) for people: "1–30 November 2026" */
  char      *store_code;      /* filter, NULL = all */
  GPtrArray *sections;        /* (element-type BsnReportSection) */
  GPtrArray *notes;           /* (element-type GStrv): key, value pairs */
  char      *fingerprint;     /* "Sidik buku: …" of the book it was made from (bsn-chain.h), or NULL */
} BsnReport;

void bsn_report_free (BsnReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnReport, bsn_report_free)

BsnReportSection *bsn_report_add_section (BsnReport *report, const char *name, gboolean totals);
void bsn_section_add_column (BsnReportSection *section, const char *header, BsnColumnType type, gboolean total);

/* Sections and columns a caller reads by meaning (the report page's
 * chart) carry a key, a static string that is never translated: their
 * names are, and may change with the wording. */
#define BSN_SECTION_PARTIES        "parties"         /* bagi hasil: per party */
#define BSN_SECTION_PROGRAM        "program"         /* program cost per store */
#define BSN_COLUMN_SHARE           "share"           /* parties: consignment profit share */
#define BSN_COLUMN_COMPENSATION    "compensation"    /* parties: return compensation */
#define BSN_COLUMN_BONUS_COST      "bonus-cost"      /* parties: bonus cost borne */
#define BSN_COLUMN_NET             "net"             /* parties: share + compensation − bonus cost */
#define BSN_COLUMN_COST_BP         "cost-bp"         /* program: cost as % of sales */
#define BSN_COLUMN_MARGIN_BP       "margin-bp"       /* program: the store's margin */
#define BSN_COLUMN_MARGIN_AFTER_BP "margin-after-bp" /* program: margin after the program */
#define BSN_COLUMN_MARGIN_MIN_BP   "margin-min-bp"   /* program: minimum safe margin */

void bsn_section_set_key (BsnReportSection *section, const char *key);
void bsn_section_add_keyed_column (BsnReportSection *section, const char *key, const char *header,
                                   BsnColumnType type, gboolean total);
/* The section or column with @key, or NULL / -1. */
const BsnReportSection *bsn_report_section (const BsnReport *report, const char *key);
gint bsn_section_column (const BsnReportSection *section, const char *key);
/* Starts a row; then bsn_row_* in column order. */
GArray *bsn_section_add_row (BsnReportSection *section);
void bsn_row_text (GArray *row, const char *text);
void bsn_row_num (GArray *row, gint64 value);
void bsn_report_add_note (BsnReport *report, const char *key, const char *value);
/* The sum of a column over the rows (what the totals row shows). */
gint64 bsn_section_total (const BsnReportSection *section, guint column);

/* Builds a report for [@from, @to) (to exclusive), optionally for one
 * store (an induk includes its anak cabang for bagi hasil). */
BsnReport *bsn_report_bagi_hasil (BsnDb *db, BsnTime from, BsnTime to, const char *store, GError **error);
BsnReport *bsn_report_program (BsnDb *db, BsnTime from, BsnTime to, const char *store, GError **error);
BsnReport *bsn_report_kpi (BsnDb *db, BsnTime from, BsnTime to, const char *store, GError **error);

/* The margin minimum aman when a store has none of its own (8 %). */
#define BSN_MARGIN_MIN_AMAN_BP 800

G_END_DECLS
