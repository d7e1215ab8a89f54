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
for k in 1 2 3 4 5 6 7 8; do
  for j in 0 1 2 3 4 5 6 7 8 9; do
    python3 "$src/bench/gen_tmx.py" --units 30 --seed $((k * 100 + j)) \
      --code-every 0 --out - | sed "s/ \([0-9]*\)\.</ w$k.$j.\1.</" \
      > "$TMP/i$k.$j.tmx" || fail "generating"
  done
done
grep -ho '<tuv xml:lang="en"><seg>[^<]*' "$TMP"/i*.tmx | sed 's/.*<seg>//' \
  > "$TMP/sources"
[ "$(sort -u "$TMP/sources" | wc -l)" = 2400 ] || fail "the data repeats itself"

"$nl" tm import --tm "$pg" "$TMP/i1.0.tmx" 2>/dev/null || fail "first import"
pids=()
for k in 1 2 3 4 5 6 7 8; do
  (for j in 0 1 2 3 4 5 6 7 8 9; do
     "$nl" tm import --tm "$pg" "$TMP/i$k.$j.tmx" >/dev/null || exit 1
   done) 2> "$TMP/imp$k.err" &
  pids+=($!)
done
for k in 1 2 3 4 5 6 7 8; do
  (for n in $(seq 1 15); do
     q=$(sed -n "$(( (k * 97 + n * 151) % 2400 + 1 ))p" "$TMP/sources")
     "$nl" tm lookup --tm "$pg" --from en --to fa "$q" >/dev/null
     rc=$?
     [ $rc -le 1 ] || exit 1 # 1: no match yet
   done) 2> "$TMP/look$k.err" &
  pids+=($!)
done
for cut in 1 2 3; do
  sleep 1
  "$PG_BIN/psql" -h "$PG_DIR" -U newsloc -d conc -qAt -c \
    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
     WHERE datname = 'conc' AND pid <> pg_backend_pid()" >> "$TMP/cuts" ||
    fail "cutting connections"
done
failed=0
for p in "${pids[@]}"; do
  wait "$p" || failed=$((failed + 1))
done
errs=$(grep -H . "$TMP"/imp*.err "$TMP"/look*.err | grep -v ':newsloc: no match in the TM' |
       grep -v 'translations remembered' | sed "s|^$TMP/||")
[ -z "$errs" ] || { printf '%s\n' "$errs" | head; fail "errors reached the user"; }
[ "$failed" = 0 ] || fail "$failed processes failed"
"$nl" tm stats --tm "$pg" > "$TMP/stats" || fail "stats"
grep -qx 'en -> fa: 2400' "$TMP/stats" || { cat "$TMP/stats"; fail "units lost or doubled"; }
for n in 1 400 800 1200 1600 2000 2400; do
  q=$(sed -n "${n}p" "$TMP/sources")
  "$nl" tm lookup --tm "$pg" --from en --to fa "$q" | grep -q '^100 exact' ||
    fail "unit $n not found exactly: $q"
done
echo "ok: 2400 units from 8 importers with 8 lookup loops, connections cut $(paste -sd+ "$TMP/cuts")"
