/* bsn-test-util.h — fixtures shared by the library tests. */
#pragma once

#include "bsn-customer.h"
#include "bsn-db.h"
#include "bsn-store.h"

G_BEGIN_DECLS

/* A fresh database in a temporary directory, removed by bsn_test_db_free(). */
typedef struct
{
  char  *dir;
  char  *path;
  BsnDb *db;
} BsnTestDb;

BsnTestDb *bsn_test_db_new (void);
void bsn_test_db_free (BsnTestDb *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsnTestDb, bsn_test_db_free)

/* Adds a store / customer with sensible defaults and returns its id. */
gint64 bsn_test_add_store (BsnDb *db, const char *code, BsnStoreRole role, const char *parent_code,
                           BsnBand band, const char *level, BsnSchemes schemes);
gint64 bsn_test_add_customer (BsnDb *db, const char *code, const char *name);

/* Runs a raw SQL statement and returns the SQLite result code (for tests
 * that try to break the rules from outside the library). */
int bsn_test_raw_exec (BsnDb *db, const char *sql);

G_END_DECLS
