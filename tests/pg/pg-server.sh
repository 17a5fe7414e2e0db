#!/usr/bin/env bash
# pg-server.sh — a throwaway PostgreSQL server for the test suites.
#
#   tests/pg/pg-server.sh start DIR   initdb DIR/data and start a server that
#                                     listens only on a Unix socket in DIR
#                                     (no TCP), fsync off; DIR must be empty
#                                     or missing
#   tests/pg/pg-server.sh uri DIR     print the base URI of that server,
#                                     postgresql:///postgres?host=DIR&user=postgres
#   tests/pg/pg-server.sh stop DIR    stop the server (fast shutdown)
#   tests/pg/pg-server.sh resume DIR  start that server again, data kept
#
# initdb refuses to run as root: as root the server runs as the `postgres`
# system user (DIR is then given to that user); otherwise as the caller. The
# superuser is called `postgres` either way, trusted on the socket only.
# In the database `bsn_logins` (tests/cli/server-logins.py) the other
# logins give a password (scram-sha-256), as on a real server.
# Any failure prints why and exits non-zero: the PostgreSQL pass is never
# skipped silently.
set -euo pipefail

die () {
  echo "pg-server.sh: $*" >&2
  exit 1
}

# The server binaries: pg_config's, else the newest /usr/lib/postgresql/N/bin.
find_bindir () {
  local dir
  if command -v pg_config >/dev/null 2>&1; then
    dir=$(pg_config --bindir 2>/dev/null || true)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  fi
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
    echo "$dir"
    return 0
  fi
  die "initdb and pg_ctl not found (neither pg_config --bindir nor /usr/lib/postgresql/*/bin); install postgresql-15"
}

# as_server CMD… — runs CMD as the user the server runs as.
as_server () {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start () {
  local dir=$1 bindir
  bindir=$(find_bindir)
  mkdir -p "$dir"
  [ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
  if [ "$(id -u)" -eq 0 ]; then
    id -u postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' system user to run the server as"
    chown postgres: "$dir"
    runuser -u postgres -- test -w "$dir" \
      || die "the postgres user cannot reach $dir (every parent directory must be searchable by it; TMPDIR=/tmp works)"
  fi
  chmod 700 "$dir"
  # The socket lives in DIR: its path must fit in sun_path (107 bytes).
  [ ${#dir} -le 80 ] || die "$dir is too long for a Unix socket path"
  if ! as_server "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
        --no-sync >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    die "initdb failed in $dir/data"
  fi
  # Logins with passwords (the server-logins tests): in the database
  # bsn_logins every login but the superuser gives its password (SCRAM);
  # everything else stays trusted on the socket.
  as_server sh -c "{ printf 'local bsn_logins postgres trust\nlocal bsn_logins all scram-sha-256\n'; cat '$dir/data/pg_hba.conf'; } >'$dir/data/pg_hba.new' && mv '$dir/data/pg_hba.new' '$dir/data/pg_hba.conf'"
  run_server "$dir" "$bindir"
}

# run_server DIR BINDIR — starts the server of DIR/data and waits for it.
run_server () {
  local dir=$1 bindir=$2
  if ! as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-c listen_addresses='' -k '$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >"$dir/pg_ctl.log" 2>&1; then
    cat "$dir/pg_ctl.log" "$dir/server.log" >&2 2>/dev/null || true
    die "the server in $dir did not start"
  fi
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$dir" -U postgres -d postgres || die "the server in $dir does not answer on its socket"
  fi
}

# resume DIR — starts again a server that `stop` stopped (its data kept).
resume () {
  local dir=$1 bindir
  bindir=$(find_bindir)
  [ -f "$dir/data/PG_VERSION" ] || die "$dir holds no server to resume"
  run_server "$dir" "$bindir"
}

stop () {
  local dir=$1 bindir
  [ -f "$dir/data/postmaster.pid" ] || return 0
  bindir=$(find_bindir)
  as_server "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null \
    || die "could not stop the server in $dir"
}

uri () {
  echo "postgresql:///postgres?host=$1&user=postgres"
}

[ $# -eq 2 ] || { echo "Pemakaian: $0 start|resume|stop|uri DIR" >&2; exit 2; }
dir=$(readlink -m "$2")
case "$1" in
  start) start "$dir" ;;
  resume) resume "$dir" ;;
  stop) stop "$dir" ;;
  uri) uri "$dir" ;;
  *) echo "Pemakaian: $0 start|resume|stop|uri DIR" >&2; exit 2 ;;
esac
