#!/usr/bin/env bash
# concurrency.sh NEWSLOC - 8 importers and 8 lookup loops at once on one
# PostgreSQL TM, while its connections are cut now and then.
#
# Each importer runs ten imports of its own units; each lookup loop asks
# for units of every importer. Meanwhile every other connection to the
# database is terminated three times (pg_terminate_backend, as a server
# restart or a failover would): the store reconnects and redoes what was
# not committed. Nothing may be lost (every unit is stored and found
# exactly), and no lock or connection error may reach the user.
set -u
nl=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server.bash"
pg_test concurrency
pg=$(pg_db conc)
src=$(cd "$here/../.." && pwd)
. "$src/tests/tm/writers.bash"
tm_inputs 10
"$nl" tm import --tm "$pg" "$TMP/i1.0.tmx" 2>/dev/null || fail "first import"
tm_start "$pg" 10 8 15
for cut in 1 2 3; do
  sleep 1
  "$PG_BIN/psql" -h "$PG_DIR" -U newsloc -d conc -qAt -c \
    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
     WHERE datname = 'conc' AND pid <> pg_backend_pid()" >> "$TMP/cuts" ||
    fail "cutting connections"
done
tm_settle "$pg"
echo "ok: 2400 units from 8 importers with 8 lookup loops, connections cut $(paste -sd+ "$TMP/cuts")"
