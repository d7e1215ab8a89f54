#!/usr/bin/env bash
# errors.sh NEWSLOC - a PostgreSQL TM named every way, and refused well.
#
# service=NAME from a pg_service.conf works; errors name the server and
# what to do, never the user or the password of the URL; a database of
# something else, or of a newer schema, is refused and left as it is; an
# empty one is not set up by a lookup.
set -u
nl=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server.bash"
pg_test errors
psql() { "$PG_BIN/psql" -h "$PG_DIR" -U newsloc -qAt "$@"; }
learn=$NL_TEST_DATA/tm/learn.xlf

# a service from pg_service.conf
pg_db svc > /dev/null
printf '[tm]\nhost=%s\ndbname=svc\nuser=newsloc\n' "$PG_DIR" > "$TMP/services"
export PGSERVICEFILE=$TMP/services
"$nl" tm import --tm service=tm "$learn" 2>/dev/null || fail "import into service=tm"
NEWSLOC_TM=service=tm "$nl" tm lookup --from en --to fa "Both sides met in Geneva." |
  grep -q '^100 exact' || fail "lookup through NEWSLOC_TM=service=tm"
[ -e service=tm ] && fail "a file named after the service"

# nobody listening: the server named, without user or password
"$nl" tm lookup --tm postgresql://bob:s3cret@127.0.0.1:1/newsloc --from en --to fa x \
  2> "$TMP/err" && fail "connected to nothing"
grep -qx 'newsloc: cannot connect to postgresql://127.0.0.1:1/newsloc: connection refused — is the server running?' \
  "$TMP/err" || { cat "$TMP/err"; fail "connection refused message"; }
cp "$TMP/err" "$TMP/err1"
url="postgresql://newsloc:s3cret@/nosuch?host=$PG_DIR&password=s3cret"
"$nl" tm import --tm "$url" "$learn" 2> "$TMP/err" && fail "imported into no database"
grep -q 'the database does not exist — create it with createdb' "$TMP/err" ||
  { cat "$TMP/err"; fail "missing database message"; }
cat "$TMP/err1" "$TMP/err" | grep -q 's3cret\|bob' && fail "a message shows the user or password"

# an empty database is not set up by a reader
empty=$(pg_db empty)
"$nl" tm lookup --tm "$empty" --from en --to fa x 2> "$TMP/err" && fail "lookup on empty"
grep -q 'empty or from an older newsloc; open it for writing once' "$TMP/err" ||
  { cat "$TMP/err"; fail "empty database message"; }
[ -z "$(psql -d empty -c '\dt')" ] || fail "a lookup created tables"

# another application's tables
other=$(pg_db other)
psql -d other -c "CREATE TABLE source(x int); INSERT INTO source VALUES (42)"
"$nl" tm import --tm "$other" "$learn" 2> "$TMP/err" && fail "imported into another application's database"
grep -q 'is not a newsloc TM' "$TMP/err" || { cat "$TMP/err"; fail "not ours message"; }
[ "$(psql -d other -c 'SELECT x FROM source')" = 42 ] || fail "the other table changed"

# a newer schema
newer=$(pg_db newer)
"$nl" tm import --tm "$newer" "$learn" 2>/dev/null || fail "import"
psql -d newer -c "INSERT INTO nl_schema_version(version) VALUES (99)"
"$nl" tm import --tm "$newer" "$learn" 2> "$TMP/err" && fail "wrote to a newer schema"
grep -q 'has schema 99, made by a newer newsloc' "$TMP/err" || { cat "$TMP/err"; fail "newer schema message"; }
echo "ok"
