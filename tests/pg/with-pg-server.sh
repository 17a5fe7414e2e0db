#!/usr/bin/env bash
# with-pg-server.sh CMD… — runs CMD with a throwaway PostgreSQL server.
#
# Starts a server (pg-server.sh) in a new temporary directory, exports
# BSN_TEST_PG (its base URI) for CMD, then stops the server and removes the
# directory whatever happens (a trap, also on failure or Ctrl-C). Exits
# with CMD's status, or 1 with the reason when the server cannot start.
#
#   tests/pg/with-pg-server.sh meson test -C _build --setup pg --suite unit --suite cli
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")
[ $# -ge 1 ] || { echo "Pemakaian: $0 PERINTAH…" >&2; exit 2; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/bsn-pg-XXXXXX")
cleanup () {
  "$here/pg-server.sh" stop "$dir" || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$EPOCHREALTIME
if ! "$here/pg-server.sh" start "$dir"; then
  echo "with-pg-server.sh: PostgreSQL could not be started: the PostgreSQL test pass FAILS" >&2
  exit 1
fi
BSN_TEST_PG=$("$here/pg-server.sh" uri "$dir")
export BSN_TEST_PG
echo "with-pg-server.sh: PostgreSQL ready in $(awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $started }") s at $BSN_TEST_PG" >&2

rc=0
"$@" || rc=$?
exit $rc
