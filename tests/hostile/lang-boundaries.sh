#!/usr/bin/env bash
# lang-boundaries.sh NEWSLOC - language tags at the lengths of the fixed
# buffers ICU fills: 64 (a canonical tag in the TM) and 157
# (ULOC_FULLNAME_CAPACITY, a locale id), one under, at and over each.
# A private-use tag "en-x-..." is its own canonical form and its locale
# id "en@x=..." is as long, so one length hits both. Through every door
# a tag comes in by: --lang, --to, tm --from/--to, an article's xml:lang
# (render, export, merge). Run under ASan the overreads abort; here the
# exit status, a one-line error and a working command just under each
# limit are checked.
set -u
bin=$1
TMP=$(mktemp -d "${NL_TEST_TMP:-/tmp}/hostile.lang.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export NEWSLOC_TM="$TMP/tm.sqlite"
fails=0
"$bin" tm import "$NL_TEST_DATA/tm/learn.xlf" 2> /dev/null ||
  { echo "FAIL: cannot seed the TM"; exit 1; }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

tag_of_length() { # "en-x-" then 8-letter subtags, the last one shorter
  local n=$1 rest="" chunk
  local left=$((n - 5))
  while [ "$left" -gt 0 ]; do
    [ -n "$rest" ] && { rest+="-"; left=$((left - 1)); }
    chunk=$((left > 8 ? 8 : left))
    # a 1-letter last subtag would be a singleton: borrow one letter
    [ "$left" -eq 9 ] && chunk=7
    rest+=$(printf '%*s' "$chunk" '' | tr ' ' 'q')
    left=$((left - chunk))
  done
  printf 'en-x-%s' "$rest"
}

# run WANT NAME ARGS...: WANT is ok (exit 0), err (exit 2, one line) or any
run() {
  local want=$1 name=$2
  shift 2
  "$bin" "$@" > "$TMP/out" 2> "$TMP/err" < /dev/null
  local st=$?
  if grep -q 'Sanitizer\|runtime error' "$TMP/err"; then
    fail "$name: sanitizer report"; head -5 "$TMP/err"; return
  fi
  case "$want:$st" in
    ok:0 | err:2 | any:0 | any:1 | any:2 | lookup:0 | lookup:1) ;;
    *) fail "$name: exit $st, want $want"; head -3 "$TMP/err"; return ;;
  esac
  if [ "$st" = 2 ] && [ "$(wc -l < "$TMP/err")" != 1 ]; then
    fail "$name: error is not one line"; cat "$TMP/err"
  fi
}

article() { # a NITF article in $1 with xml:lang $2
  cat > "$1" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<nitf xml:lang="$2"><head><title>T</title></head><body><body.head><hedline><hl1 id="h">Title here.</hl1></hedline></body.head><body.content><p id="p1">One sentence. Two sentences.</p></body.content></body></nitf>
XML
}

for n in 62 63 64 65 66 126 127 128 129 155 156 157 158 159; do
  t=$(tag_of_length "$n")
  [ "${#t}" = "$n" ] || { fail "generator made ${#t} for $n"; continue; }
  id_ok=$([ "$n" -lt 157 ] && echo ok || echo err)
  tm_ok=$([ "$n" -lt 64 ] && echo ok || echo err)
  echo "One sentence. Two." > "$TMP/text"
  run "$id_ok" "segment --lang ($n)" segment --lang "$t" "$TMP/text"
  # a lookup that finds nothing exits 1 (no match), not 2
  lk_ok=$([ "$n" -lt 64 ] && echo lookup || echo err)
  run "$lk_ok" "tm lookup --to ($n)" tm lookup --from en --to "$t" "Hello"
  run "$lk_ok" "tm lookup --from ($n)" tm lookup --from "$t" --to fr "Hello"
  run "$tm_ok" "tm export --to ($n)" tm export --to "$t" -o "$TMP/x.tmx"
  article "$TMP/a.xml" "$t"
  run ok "render xml:lang ($n)" render "$TMP/a.xml" -o "$TMP/a.html"
  run "$id_ok" "export xml:lang ($n)" export "$TMP/a.xml" --to fr --no-tm \
    -o "$TMP/a.xlf"
  article "$TMP/en.xml" en
  run "$tm_ok" "export --to ($n)" export "$TMP/en.xml" --to "$t" \
    -o "$TMP/b.xlf"
  # without the TM the tag is written whole, or refused: never cut
  out_ok=$([ "$n" -lt 128 ] && echo ok || echo err)
  rm -f "$TMP/c.xlf"
  run "$out_ok" "export --to --no-tm ($n)" export "$TMP/en.xml" --to "$t" \
    --no-tm -o "$TMP/c.xlf"
  if [ -e "$TMP/c.xlf" ] && ! grep -q "trgLang=\"$t\"" "$TMP/c.xlf"; then
    fail "export --to --no-tm ($n): trgLang is not the whole tag"
  fi
  [ -e "$TMP/c.xlf" ] && run any "merge ($n)" merge "$TMP/en.xml" "$TMP/c.xlf" \
    --no-localize --allow-untranslated -o "$TMP/m.xml"
  run any "import xml:lang ($n)" import "$TMP/a.xml" -o "$TMP/i.xml"
  run any "services ($n)" services "$t"
done
[ "$fails" = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "ok lang-boundaries"
