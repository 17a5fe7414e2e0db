#!/usr/bin/env bash
# coverage.sh — measure what the suites cover of the library (src/reward/).
#
#   build-aux/coverage.sh          build _build-coverage with
#                                  -Db_coverage=true, run the unit, cli,
#                                  export and fuzz(-replay) suites on SQLite,
#                                  then the unit and cli suites again on a
#                                  throwaway PostgreSQL server ($BSN_TEST_PG
#                                  if set, else one started with
#                                  tests/pg/pg-server.sh), and report with
#                                  gcovr over src/reward/: a per-file text
#                                  table on stdout and an HTML report in
#                                  _build-coverage/coverage/index.html
#   BSN_COVERAGE_NO_PG=1 …         the SQLite pass only
#
# gcovr runs with --exclude-unreachable-branches (branches on lines gcc
# generated without source, e.g. cleanup of g_autoptr) and
# --exclude-throw-branches; no line of src/reward/ carries a GCOVR_EXCL
# marker. The figures of the last run are in TESTING.md ("Coverage").
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

BUILD=_build-coverage
command -v gcovr >/dev/null || { echo "coverage.sh: gcovr tidak ada (apt-get install gcovr)" >&2; exit 2; }

if [ ! -f "$BUILD/build.ninja" ]; then
  meson setup "$BUILD" -Db_coverage=true -Dbuildtype=debug
fi
ninja -C "$BUILD"

# Counters of an earlier run would add to this one.
find "$BUILD" -name '*.gcda' -delete

rc=0
# The SQLite pass is on SQLite even when $BSN_TEST_PG names a server.
env -u BSN_TEST_PG meson test -C "$BUILD" --num-processes 2 --print-errorlogs \
  --suite unit --suite cli --suite export --suite fuzz || rc=1

pg_dir=""
stop_pg () { [ -n "$pg_dir" ] && tests/pg/pg-server.sh stop "$pg_dir" >/dev/null 2>&1 || true; }
trap stop_pg EXIT
if [ -z "${BSN_COVERAGE_NO_PG:-}" ]; then
  if [ -z "${BSN_TEST_PG:-}" ]; then
    pg_dir=$(mktemp -d /tmp/bsn-coverage-pg.XXXXXX)
    tests/pg/pg-server.sh start "$pg_dir"
    BSN_TEST_PG=$(tests/pg/pg-server.sh uri "$pg_dir")
    export BSN_TEST_PG
  fi
  meson test -C "$BUILD" --setup pg --num-processes 2 --print-errorlogs \
    --suite unit --suite cli || rc=1
fi

mkdir -p "$BUILD/coverage"
# Only the library's objects: the app's and the tests' are not measured.
gcovr -r . "$BUILD/src/reward" --filter 'src/reward/' \
  --exclude-unreachable-branches --exclude-throw-branches \
  --json "$BUILD/coverage/coverage.json"
report () { gcovr -r . -a "$BUILD/coverage/coverage.json" "$@"; }
echo "== baris (lines) =="
report --txt -
echo "== cabang (branches) =="
report --txt - --branches
report --html-details "$BUILD/coverage/index.html" --print-summary
[ $rc -eq 0 ] || echo "coverage.sh: ada tes yang gagal (lihat di atas)" >&2
exit $rc
