# writers.bash - eight importers and lookup loops on one TM, for the
# SQLite (tests/tm/concurrency.sh) and PostgreSQL (tests/pg/concurrency.sh)
# stores alike (sourced; the caller gives $nl, $TMP and fail()).
#
#   tm_inputs FILES         eight importers' TMX files, FILES each of 30
#                           units no other holds; their English in
#                           $TMP/sources
#   tm_start TM FILES LOOPS N
#                           starts the eight import loops and LOOPS lookup
#                           loops of N lookups each, in the background
#                           (their pids in the array `pids`)
#   tm_settle TM            waits for them all; fails on any failed process,
#                           any message on stderr but the expected ones, a
#                           unit lost or doubled, or one not found exactly
IMPORTERS=8

tm_inputs() {
  local files=$1 k j
  for k in $(seq 1 $IMPORTERS); do
    for j in $(seq 0 $((files - 1))); do
      python3 "$src/bench/gen_tmx.py" --units 30 --seed $((k * 100 + j)) \
        --code-every 0 --out - | sed "s/ \([0-9]*\)\.</ w$k.$j.\1.</" \
        > "$TMP/i$k.$j.tmx" || fail "generating"
    done
  done
  grep -ho '<tuv xml:lang="en"><seg>[^<]*' "$TMP"/i*.tmx | sed 's/.*<seg>//' \
    > "$TMP/sources"
  UNITS=$((IMPORTERS * files * 30))
  [ "$(sort -u "$TMP/sources" | wc -l)" = "$UNITS" ] || fail "the data repeats itself"
}

tm_start() {
  local tm=$1 files=$2 loops=$3 n=$4 k
  pids=()
  for k in $(seq 1 $IMPORTERS); do
    (for j in $(seq 0 $((files - 1))); do
       "$nl" tm import --tm "$tm" "$TMP/i$k.$j.tmx" >/dev/null || exit 1
     done) 2> "$TMP/imp$k.err" &
    pids+=($!)
  done
  for k in $(seq 1 "$loops"); do
    (# a file TM may not exist yet: a lookup of a missing file is an error
     case $tm in postgresql:*) ;; *) while [ ! -e "$tm" ]; do sleep 0.01; done ;; esac
     for i in $(seq 1 "$n"); do
       q=$(sed -n "$(( (k * 97 + i * 151) % UNITS + 1 ))p" "$TMP/sources")
       "$nl" tm lookup --tm "$tm" --from en --to fa "$q" >/dev/null
       [ $? -le 1 ] || exit 1 # 1: not imported yet
     done) 2> "$TMP/look$k.err" &
    pids+=($!)
  done
}

tm_settle() {
  local tm=$1 failed=0 p n q errs
  for p in "${pids[@]}"; do
    wait "$p" || failed=$((failed + 1))
  done
  errs=$(grep -H . "$TMP"/imp*.err "$TMP"/look*.err |
         grep -v ':newsloc: no match in the TM' | grep -v 'waiting for the TM lock' |
         grep -v 'translations remembered' | sed "s|^$TMP/||")
  [ -z "$errs" ] || { printf '%s\n' "$errs" | head; fail "errors reached the user"; }
  [ "$failed" = 0 ] || fail "$failed processes failed"
  "$nl" tm stats --tm "$tm" > "$TMP/stats" || fail "stats"
  grep -qx "en -> fa: $UNITS" "$TMP/stats" || { cat "$TMP/stats"; fail "units lost or doubled"; }
  for n in 1 $((UNITS / 6)) $((UNITS / 3)) $((UNITS / 2)) $((UNITS * 2 / 3)) $((UNITS * 5 / 6)) "$UNITS"; do
    q=$(sed -n "${n}p" "$TMP/sources")
    "$nl" tm lookup --tm "$tm" --from en --to fa "$q" | grep -q '^100 exact' ||
      fail "unit $n not found exactly: $q"
  done
}
