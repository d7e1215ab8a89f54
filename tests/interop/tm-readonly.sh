#!/usr/bin/env bash
# tm-readonly.sh NEWSLOC - reading a TM changes nothing and leaves nothing.
#
# lookup, stats, concordance, export and `export --tm` only read: the TM
# file keeps its bytes and no -wal/-shm files stay beside it. A lookup
# with no match says so on stderr and exits 1.
set -u
nl=$1
TMP=$(mktemp -d "${NL_TEST_TMP:-/tmp}/tm-readonly.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export NEWSLOC_TM=$TMP/tm.sqlite
fail() { echo "FAIL tm-readonly: $*"; exit 1; }
cat > "$TMP/t.tmx" <<'TMX'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="test" creationtoolversion="1"
 segtype="sentence" o-tmf="none" adminlang="en" srclang="en"
 datatype="plaintext"/><body>
<tu><tuv xml:lang="en"><seg>Parliament Approves New Budget</seg></tuv>
<tuv xml:lang="ru"><seg>Парламент утвердил новый бюджет</seg></tuv></tu>
</body></tmx>
TMX
"$nl" tm import "$TMP/t.tmx" 2>/dev/null || fail "tm import"
ls "$TMP"/tm.sqlite-* 2>/dev/null && fail "the import left files"
before=$(cksum < "$NEWSLOC_TM")
check() { # what
  ls "$TMP"/tm.sqlite-* >/dev/null 2>&1 && fail "$1 left $(ls "$TMP"/tm.sqlite-*)"
  [ "$(cksum < "$NEWSLOC_TM")" = "$before" ] || fail "$1 changed the TM"
}
"$nl" tm lookup --from en --to ru "Parliament Approves New Budget" | grep -q "^100" ||
  fail "lookup found nothing"
check "tm lookup"
"$nl" tm stats | grep -q "en -> ru: 1" || fail "stats"
check "tm stats"
"$nl" tm concordance budget | grep -q "Парламент" || fail "concordance"
"$nl" tm concordance --to russian budget | grep -q "Парламент" || fail "concordance --to russian"
"$nl" tm stats --to ru | grep -q "en -> ru: 1" || fail "stats --to ru"
check "tm concordance"
"$nl" tm export -o "$TMP/out.tmx" 2>/dev/null || fail "tm export"
check "tm export"
"$nl" export "$NL_TEST_DATA/articles/short.xml" --to russian -o "$TMP/x.xlf" 2>/dev/null ||
  fail "export"
check "export with the TM"

"$nl" tm lookup --from en --to ru "Nothing like it at all here." > "$TMP/out" 2> "$TMP/err"
rc=$?
[ $rc -eq 1 ] || fail "a lookup without a match exited $rc"
[ -s "$TMP/out" ] && fail "a lookup without a match printed $(cat "$TMP/out")"
grep -q "^newsloc: no match in the TM (en -> ru" "$TMP/err" || fail "no-match: $(cat "$TMP/err")"
check "a lookup without a match"
echo "lookup, stats, concordance, export: TM unchanged, no -wal/-shm left"
