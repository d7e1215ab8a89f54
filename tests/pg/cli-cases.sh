#!/usr/bin/env bash
# cli-cases.sh NEWSLOC - the TM's CLI cases (tests/cli/04*.t) with the TM
# on a PostgreSQL server: each case in a database of its own, the same
# expected output as with a file. Cases about the file itself (one that
# names tm.sqlite or gives --tm PATH) are the SQLite store's alone.
set -u
nl=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server.bash"
trap 'pg_stop' EXIT
pg_start
ran=0 failed=0
for case in "$here"/../cli/04*.t; do
  grep -qE 'tm\.sqlite|--tm ' "$case" && continue
  name=$(basename "$case" .t)
  db=c$(printf '%s' "$name" | tr -c 'a-z0-9' '_')
  NL_CLI_TM=$(pg_db "$db") bash "$here/../cli/run.sh" "$nl" "$case" ||
    failed=$((failed + 1))
  ran=$((ran + 1))
done
[ "$ran" -ge 8 ] || { echo "FAIL pg-cli-cases: only $ran cases ran"; exit 1; }
[ "$failed" = 0 ] || { echo "FAIL pg-cli-cases: $failed of $ran cases"; exit 1; }
echo "ok: $ran TM CLI cases on PostgreSQL"
