#!/usr/bin/env bash
# compare.sh NEWSLOC - the PostgreSQL store answers as the SQLite store.
#
# The same imports (a generated TMX, the test TMX and XLIFF files, the
# articles translated with their contexts) go into a SQLite file and a
# PostgreSQL database; then every question of lib.bash (lookups of
# exact, near-exact and fuzzy kinds, concordance on both sides, stats,
# the TM exported as TMX, articles pre-translated from the TM with
# in-context and same-unit matches) is put to both, and the answers
# must be identical, byte for byte. Then both are pruned alike and
# asked again.
set -u
nl=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server.bash"
. "$here/lib.bash"
pg_test compare
pg=$(pg_db compare)
lite=$TMP/tm.sqlite
make_data "$TMP" 2000 || fail "making the data"
tmx=()
for f in basic codes entities meta news omegat-markup tm-tmx11 tmx11; do
  tmx+=("$NL_TEST_DATA/tmx/$f.tmx")
done
for tm in "$lite" "$pg"; do
  "$nl" tm import --tm "$tm" "$TMP/gen.tmx" "${tmx[@]}" \
    "$NL_TEST_DATA/tm/learn.xlf" >/dev/null 2>&1 || fail "import into $tm"
  make_contexts "$nl" "$TMP" "$tm" || fail "contexts into $tm"
done
ask "$nl" "$lite" "$TMP" "$TMP/lite.out"
ask "$nl" "$pg" "$TMP" "$TMP/pg.out"
grep -q '"type": "fuzzy"' "$TMP/lite.out" || fail "no fuzzy match asked"
grep -q '"type": "near-exact"' "$TMP/lite.out" || fail "no near-exact match asked"
grep -qE ' [1-9][0-9]* pre-filled from the TM' "$TMP/lite.out" ||
  fail "no article pre-filled from the TM (in-context matches)"
diff -u "$TMP/lite.out" "$TMP/pg.out" > "$TMP/diff" ||
  { head -60 "$TMP/diff"; fail "the stores answer differently"; }

for tm in "$lite" "$pg"; do
  "$nl" tm prune --tm "$tm" --older-than 900 2>/dev/null || fail "prune $tm"
done
ask "$nl" "$lite" "$TMP" "$TMP/lite2.out"
ask "$nl" "$pg" "$TMP" "$TMP/pg2.out"
diff -u "$TMP/lite2.out" "$TMP/pg2.out" > "$TMP/diff" ||
  { head -60 "$TMP/diff"; fail "the stores answer differently after prune"; }
cmp -s "$TMP/lite.out" "$TMP/lite2.out" && fail "prune removed nothing"
echo "ok: $(grep -c '^== ' "$TMP/lite.out") questions, same answers"
