# server.bash - a throwaway PostgreSQL server for tests (sourced).
#
#   pg_start        initdb into a temporary directory, start the server
#                   listening only on a Unix socket there; stopped (and
#                   the directory removed) by pg_stop, which the caller's
#                   EXIT trap must call
#   pg_db NAME      creates database NAME, prints its postgresql:// URL
#   pg_test NAME    the start of a test script: $TMP (removed at exit
#                   with the server), fail(), HOME in $TMP (no TM of the
#                   machine's user is read), the server started
#
# Debian's `postgresql` package provides the server. A server that
# cannot start fails the test: it is never skipped (CI installs the
# package). initdb refuses to run as root, so as root the server runs
# as `nobody`; the tests connect through the socket as role newsloc
# (trust authentication, the socket is reachable from this machine only).
# PG_OPTS: server options (default "-c fsync=off": tests need no
# durability; benchmarks set their own).
PG_BIN=""
PG_DIR=""

pg_start() {
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    echo "FAIL: no PostgreSQL server here (install Debian's postgresql)" >&2
    exit 1
  fi
  PG_DIR=$(mktemp -d /tmp/nlpg.XXXXXX)
  local as=()
  if [ "$(id -u)" = 0 ]; then
    chown nobody "$PG_DIR"
    as=(runuser -u nobody --)
  fi
  PG_AS=("${as[@]}")
  if ! "${as[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U newsloc \
      --auth=trust -E UTF8 --no-locale >"$PG_DIR/initdb.log" 2>&1; then
    echo "FAIL: initdb failed:" >&2
    cat "$PG_DIR/initdb.log" >&2
    exit 1
  fi
  if ! "${as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" \
      -w -t 60 -o "-c listen_addresses='' -c unix_socket_directories='$PG_DIR' ${PG_OPTS--c fsync=off} -c max_connections=200" \
      start >/dev/null 2>&1; then
    echo "FAIL: the PostgreSQL server did not start:" >&2
    cat "$PG_DIR/server.log" >&2
    exit 1
  fi
  export PGHOST="$PG_DIR" PGUSER=newsloc PGPORT=5432
  unset PGPASSWORD PGDATABASE PGSERVICE
}

pg_stop() {
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR/data" ]; then
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop \
      >/dev/null 2>&1
  fi
  [ -n "$PG_DIR" ] && rm -rf "$PG_DIR"
  PG_DIR=""
}

pg_db() {
  "$PG_BIN/createdb" -h "$PG_DIR" -U newsloc "$1" || {
    echo "FAIL: createdb $1" >&2
    exit 1
  }
  printf 'postgresql:///%s?host=%s\n' "$1" "$PG_DIR"
}

pg_test() {
  PG_TEST=$1
  TMP=$(mktemp -d "${NL_TEST_TMP:-/tmp}/pg-$1.XXXXXX")
  trap 'pg_stop; rm -rf "$TMP"' EXIT
  export HOME=$TMP XDG_DATA_HOME=$TMP
  pg_start
}

fail() {
  echo "FAIL pg-$PG_TEST: $*"
  exit 1
}
