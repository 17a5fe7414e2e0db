/* bsn-import.h — bulk import of sales receipts from CSV.
 *
 * The file has a header row naming its columns: receipt, store, customer,
 * amount, at, and optionally digit and perishable_amount (in any order;
 * ',' or ';' separated, RFC 4180 quoting, UTF-8 with or without BOM).
 * Valid rows are awarded (bsn-award.h); a receipt number already awarded
 * is a duplicate and skipped; bad rows are reported with their line number
 * and the reason: a field holding a NUL byte or invalid UTF-8, a line
 * over 64 KiB (the import goes on with the next line), an unclosed quote,
 * a value the rules refuse. The reader keeps one record at a time, so
 * memory stays flat whatever the file; after some tens of thousands of
 * rejections (4 MiB of reasons) further ones are only counted. Rows are committed in batches (16 000 receipts or a
 * second of work, whichever comes first), each receipt atomically,
 * so a crash leaves no receipt half-posted and re-running the same file
 * posts nothing twice.
 */
#pragma once

#include <gio/gio.h>

#include "bsn-db.h"
#include "bsn-demo.h"

G_BEGIN_DECLS

typedef struct
{
  guint64 line;
  char   *reason;
} BsnImportRejection;

typedef struct
{
  guint64    rows;          /* data rows read */
  guint64    imported;      /* newly awarded */
  guint64    duplicates;    /* already awarded before */
  gint64     value_rp;      /* reward value of the imported rows */
  GPtrArray *rejected;      /* (element-type BsnImportRejection) */
  guint64    unlisted;      /* rejected rows beyond the listed ones */
  guint      expired_postings; /* the expiry run for "now" after the rows */
  gint64     expired_rp;
} BsnImportResult;

void bsn_import_result_free (BsnImportResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnImportResult, bsn_import_result_free)

/* Imports @path, then posts the point expiries due by now (bsn-expiry.h).
 * Progress is reported in bytes of the file. On
 * cancellation the current batch is undone (earlier batches stay: running
 * the import again continues where it stopped) and the error is
 * G_IO_ERROR_CANCELLED. A storage failure stops the import the same way. */
BsnImportResult *bsn_import_sales (BsnDb          *db,
                                   const char     *path,
                                   BsnProgressFunc progress,
                                   gpointer        user_data,
                                   GCancellable   *cancellable,
                                   GError        **error);

/* The CSV template a shop fills in: the Indonesian header the import
 * reads and one example receipt of Rp125.000 at @store for @customer at
 * @at (DD/MM/YYYY JJ:MM), lucky digit 5, Rp20.000 of it fresh produce.
 * (transfer full) */
char *bsn_import_template_csv (const char *store, const char *customer, BsnTime at);

/* The first @max_rows rows of @path split into fields, for a preview
 * (header included). (element-type GStrv) (transfer full) */
GPtrArray *bsn_import_preview (const char *path, guint max_rows, GError **error);

G_END_DECLS
