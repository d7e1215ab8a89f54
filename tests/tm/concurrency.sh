#!/usr/bin/env bash
# concurrency.sh NEWSLOC - 8 `tm import`s of different TMX files and 4
# `tm lookup` loops at once on one SQLite TM that none of them has created.
#
# Every importer must wait its turn (no "locked" error, no unit lost),
# every lookup must be answered (a match or "no match", never an error,
# even while the TM is being created), and the file must end sound, with
# its WAL emptied by the last writer out.
set -u
nl=$1
src=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d "${NL_TEST_TMP:-/tmp}/tm-concurrency.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v python3 >/dev/null || fail "python3 is needed to generate the TMX files"

for k in 1 2 3 4 5 6 7 8; do
  for j in 0 1 2 3 4; do
    python3 "$src/bench/gen_tmx.py" --units 30 --seed $((k * 100 + j)) \
      --code-every 0 --out - | sed "s/ \([0-9]*\)\.</ w$k.$j.\1.</" \
      > "$TMP/i$k.$j.tmx" || fail "generating"
  done
done
grep -ho '<tuv xml:lang="en"><seg>[^<]*' "$TMP"/i*.tmx | sed 's/.*<seg>//' \
  > "$TMP/sources"
[ "$(sort -u "$TMP/sources" | wc -l)" = 1200 ] || fail "the data repeats itself"

tm="$TMP/shared.sqlite"
pids=()
for k in 1 2 3 4 5 6 7 8; do
  (for j in 0 1 2 3 4; do
     "$nl" tm import --tm "$tm" "$TMP/i$k.$j.tmx" >/dev/null || exit 1
   done) 2> "$TMP/imp$k.err" &
  pids+=($!)
done
for k in 1 2 3 4; do
  (while [ ! -e "$tm" ]; do sleep 0.01; done
   for n in $(seq 1 25); do
     q=$(sed -n "$(( (k * 97 + n * 151) % 1200 + 1 ))p" "$TMP/sources")
     "$nl" tm lookup --tm "$tm" --from en --to fa "$q" >/dev/null
     rc=$?
     [ $rc -le 1 ] || exit 1 # 1: not imported yet
   done) 2> "$TMP/look$k.err" &
  pids+=($!)
done
failed=0
for p in "${pids[@]}"; do
  wait "$p" || failed=$((failed + 1))
done
errs=$(grep -H . "$TMP"/imp*.err "$TMP"/look*.err |
       grep -v ':newsloc: no match in the TM' |
       grep -v 'waiting for the TM lock' | grep -v 'translations remembered' | sed "s|^$TMP/||")
[ -z "$errs" ] || { printf '%s\n' "$errs" | head; fail "errors reached the user"; }
[ "$failed" = 0 ] || fail "$failed processes failed"
"$nl" tm stats --tm "$tm" > "$TMP/stats" || fail "stats"
grep -qx 'en -> fa: 1200' "$TMP/stats" || { cat "$TMP/stats"; fail "units lost or doubled"; }
for n in 1 200 400 600 800 1000 1200; do
  q=$(sed -n "${n}p" "$TMP/sources")
  "$nl" tm lookup --tm "$tm" --from en --to fa "$q" | grep -q '^100 exact' ||
    fail "unit $n not found exactly: $q"
done
[ ! -s "$tm-wal" ] || fail "the last writer left a $(stat -c %s "$tm-wal")-byte WAL"
ic=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$tm") ||
  fail "integrity_check did not run"
[ "$ic" = ok ] || fail "integrity_check: $ic"
echo "ok: 1200 units from 8 importers beside 4 lookup loops, integrity_check ok"
