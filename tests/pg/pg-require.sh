#!/bin/sh
# pg-require.sh TEST… — the exe_wrapper of meson's `pg` test setup: runs
# the test only when $BSN_TEST_PG names a server that answers, and fails
# it with the reason otherwise (the PostgreSQL pass is never run on SQLite
# by mistake, nor skipped silently).
if [ -z "${BSN_TEST_PG:-}" ]; then
  echo "pg-require.sh: BSN_TEST_PG is not set: run the pg setup through tests/pg/with-pg-server.sh" >&2
  exit 1
fi
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -d "$BSN_TEST_PG"; then
  echo "pg-require.sh: no PostgreSQL server answers at $BSN_TEST_PG" >&2
  exit 1
fi
exec "$@"
