#!/usr/bin/env bash
# copy.sh NEWSLOC - `tm copy` SQLite -> PostgreSQL -> SQLite loses nothing.
#
# A TM with contexts is copied into a PostgreSQL database and from there
# into a new SQLite file; all three answer every question of lib.bash
# (lookups, in-context pre-translation, concordance, stats, the TMX
# export) identically. A copy run twice duplicates nothing, and a copy
# killed halfway is finished by running it again.
set -u
nl=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server.bash"
. "$here/lib.bash"
pg_test copy
pg=$(pg_db copy)
a=$TMP/a.sqlite b=$TMP/b.sqlite
make_data "$TMP" 1500 || fail "making the data"
"$nl" tm import --tm "$a" "$TMP/gen.tmx" "$NL_TEST_DATA/tmx/meta.tmx" \
  "$NL_TEST_DATA/tm/learn.xlf" >/dev/null 2>&1 || fail "import"
make_contexts "$nl" "$TMP" "$a" || fail "contexts"

"$nl" tm copy "$a" "$pg" 2> "$TMP/err1" || { cat "$TMP/err1"; fail "copy to PostgreSQL"; }
grep -qE '^newsloc: tm copy: [0-9]+ translations \([0-9]+ with their contexts\) copied$' \
  "$TMP/err1" || { cat "$TMP/err1"; fail "no summary line"; }
grep -q $'\r' "$TMP/err1" && fail "a progress bar where stderr is no terminal"
"$nl" tm copy "$pg" "$b" 2> "$TMP/err2" || { cat "$TMP/err2"; fail "copy back"; }
cmp -s "$TMP/err1" "$TMP/err2" || { cat "$TMP/err1" "$TMP/err2"; fail "counts differ"; }

ask "$nl" "$a" "$TMP" "$TMP/a.out"
ask "$nl" "$pg" "$TMP" "$TMP/pg.out"
ask "$nl" "$b" "$TMP" "$TMP/b.out"
grep -q '"type": "fuzzy"' "$TMP/a.out" || fail "no fuzzy match asked"
diff -u "$TMP/a.out" "$TMP/pg.out" | head -40
cmp -s "$TMP/a.out" "$TMP/pg.out" || fail "the PostgreSQL copy answers differently"
cmp -s "$TMP/a.out" "$TMP/b.out" || fail "the copy back answers differently"

# again: nothing duplicated, nothing changed
"$nl" tm copy "$a" "$pg" 2>/dev/null || fail "second copy"
ask "$nl" "$pg" "$TMP" "$TMP/pg2.out"
cmp -s "$TMP/pg.out" "$TMP/pg2.out" || fail "a second copy changed the TM"

# interrupted: killed after its first batches, then run again
pg2=$(pg_db copy2)
"$nl" tm copy "$a" "$pg2" 2>/dev/null &
pid=$!
sleep 0.3
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
"$nl" tm copy "$a" "$pg2" 2>/dev/null || fail "finishing an interrupted copy"
ask "$nl" "$pg2" "$TMP" "$TMP/pg3.out"
cmp -s "$TMP/a.out" "$TMP/pg3.out" || fail "an interrupted copy, run again, differs"

"$nl" tm copy "$a" "$a" 2>/dev/null && fail "a copy onto itself"
echo "ok: copied both ways, $(grep -c '^== ' "$TMP/a.out") questions, same answers"
