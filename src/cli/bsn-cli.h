/* bsn-cli.h — shared plumbing of bsn-loyalty-cli.
 *
 * The CLI is thin: it parses arguments, calls the reward library and
 * prints either Indonesian text or, with --json, exactly one JSON object on
 * stdout. Exit codes: 0 success, 1 the domain refuses, 2 usage error, 3 bad
 * input data.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bsn-award.h"
#include "bsn-db.h"
#include "bsn-time.h"

G_BEGIN_DECLS

#define BSN_EXIT_OK      0
#define BSN_EXIT_REFUSED 1
#define BSN_EXIT_USAGE   2
#define BSN_EXIT_INPUT   3
#define BSN_EXIT_SYSTEM  4   /* storage or system fault: disk, locks, permissions */

typedef struct _BsnCli BsnCli;

typedef int (*BsnCliCommandFunc) (BsnCli *cli, int argc, char **argv);

typedef struct
{
  const char        *name;      /* "store add" */
  const char        *summary;   /* one line, for --help */
  BsnCliCommandFunc  func;
} BsnCliCommand;

struct _BsnCli
{
  char        *db_path;
  char        *user;        /* --user: sign in before the command */
  gboolean     json;
  gboolean     readonly;    /* open the database read-only (verify) */
  BsnDb       *db;
  JsonBuilder *out;         /* the JSON object being built */
  gboolean     out_failed;
};

/* The database, opened on first use (and migrated). NULL after reporting
 * the error through bsn_cli_fail(); *exit_code is set then. */
BsnDb *bsn_cli_db (BsnCli *cli, int *exit_code);

/* Signs cli->user in on cli->db (password from BSN_PASSWORD or typed). */
gboolean bsn_cli_sign_in (BsnCli *cli, int *exit_code);

/* Reports @error (stderr text, or the JSON error object) and returns the
 * exit code it maps to. Takes ownership of @error. */
int bsn_cli_fail (BsnCli *cli, GError *error);
/* A usage error: message on stderr (and JSON), exit 2. */
G_GNUC_PRINTF (2, 3)
int bsn_cli_usage (BsnCli *cli, const char *format, ...);

/* Parses the command's options; on a usage error reports it and returns
 * FALSE with *exit_code = 2. @n_positional is how many positional
 * arguments the command requires after its options. */
gboolean bsn_cli_parse (BsnCli        *cli,
                        const char    *command,
                        const char    *parameter_string,
                        GOptionEntry  *entries,
                        int           *argc,
                        char        ***argv,
                        int            n_positional,
                        int           *exit_code);

/* Fails with exit 2 when @value is NULL: "--store wajib diisi". */
gboolean bsn_cli_require (BsnCli *cli, const char *value, const char *option, int *exit_code);

/* Human text, printed only without --json. */
G_GNUC_PRINTF (2, 3)
void bsn_cli_print (BsnCli *cli, const char *format, ...);

/* Helpers that parse option values into library types; bad values are
 * input errors (exit 3). */
gboolean bsn_cli_parse_int (const char *text, const char *option, gint64 min, gint64 max,
                            gint64 *out, GError **error);

/* JSON helpers on cli->out. */
void bsn_cli_json_int (BsnCli *cli, const char *key, gint64 value);
void bsn_cli_json_str (BsnCli *cli, const char *key, const char *value);
void bsn_cli_json_bool (BsnCli *cli, const char *key, gboolean value);
void bsn_cli_json_time (BsnCli *cli, const char *key, BsnTime value);

extern const BsnCliCommand bsn_cli_db_commands[];
extern const BsnCliCommand bsn_cli_registry_commands[];
extern const BsnCliCommand bsn_cli_ledger_commands[];
extern const BsnCliCommand bsn_cli_expiry_commands[];
extern const BsnCliCommand bsn_cli_award_commands[];
extern const BsnCliCommand bsn_cli_tiers_commands[];
extern const BsnCliCommand bsn_cli_simulate_commands[];
extern const BsnCliCommand bsn_cli_quota_commands[];
extern const BsnCliCommand bsn_cli_consign_commands[];
extern const BsnCliCommand bsn_cli_voucher_commands[];
extern const BsnCliCommand bsn_cli_report_commands[];
extern const BsnCliCommand bsn_cli_admin_commands[];

/* A password from the environment variable @env or typed at the terminal. */
char *bsn_cli_read_password (const char *env, const char *prompt, GError **error);

/* The award JSON keys of the CLI contract (award, and later commands). */
void bsn_cli_json_award (BsnCli *cli, const BsnAward *award);

G_END_DECLS
