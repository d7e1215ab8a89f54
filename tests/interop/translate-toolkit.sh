#!/usr/bin/env bash
# translate-toolkit.sh NEWSLOC - the seed article through translate-toolkit
# and back, to Persian and Russian; then an article with links and
# emphasis, whose inline codes PO cannot carry.
#
# export --profile sentences -> xliff2po -> podebug (translate-toolkit's
# own pseudo-translator) -> pomerge -t (XLIFF 1.2, our structure) and
# po2xliff (XLIFF 1.1, numeric ids, no target language: --to names it)
# -> merge; po2tmx -> tm import, and the next export is pre-filled.
set -u
nl=$1
for t in xliff2po pomerge po2xliff po2tmx podebug; do
  command -v $t >/dev/null || { echo "skipped: $t is not installed (apt-get install translate-toolkit)"; exit 77; }
done
seed=${NL_SHARED:-}/articles/obama-putin-call.txt
[ -f "$seed" ] || { echo "skipped: needs ../shared/articles/obama-putin-call.txt"; exit 77; }
TMP=$(mktemp -d "${NL_TEST_TMP:-/tmp}/translate-toolkit.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export NEWSLOC_TM=$TMP/tm.sqlite HOME=$TMP
fail() { echo "FAIL translate-toolkit: $*"; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/interop/lib.bash
. "$here/lib.bash"
"$nl" import "$seed" -o "$TMP/article.xml" 2>/dev/null || fail "import"

segments() { sed -nE 's/.* ([0-9]+) segments.*/\1/p' "$1"; }

roundtrip() { # SERVICE PREFIX
  local svc=$1 prefix=$2 d=$TMP/$1
  mkdir -p "$d"
  "$nl" export "$TMP/article.xml" --to "$svc" --no-tm --profile sentences \
    -o "$d/a.xlf" 2> "$d/export.err" || fail "export: $(cat "$d/export.err")"
  local want
  want=$(segments "$d/export.err")
  valid12 "$d/a.xlf" || fail "$svc: --profile sentences export is not valid XLIFF 1.2"
  xliff2po "$d/a.xlf" "$d/a.po" > /dev/null 2>&1 || fail "xliff2po"
  local units
  units=$(grep -c '^msgid "' "$d/a.po")
  units=$((units - 1)) # the header
  [ "$units" = "$want" ] || fail "$svc: xliff2po gives $units units for $want segments"
  podebug -f "$prefix: " --rewrite=en "$d/a.po" "$d/t.po" > /dev/null 2>&1 || fail "podebug"
  pomerge -t "$d/a.xlf" -i "$d/t.po" -o "$d/pomerge.xlf" > /dev/null 2>&1 || fail "pomerge"
  po2xliff "$d/t.po" "$d/po2xliff.xlf" > /dev/null 2>&1 || fail "po2xliff"
  local tag
  tag=$(sed -nE 's/.*target-language="([^"]*)".*/\1/p' "$d/a.xlf" | head -1)
  for f in pomerge po2xliff; do
    "$nl" merge "$TMP/article.xml" "$d/$f.xlf" --to "$svc" -o "$d/$f.xml" 2> "$d/merge.err" ||
      fail "$svc: merge of $f output: $(cat "$d/merge.err")"
    grep -q "xml:lang=\"$tag\"" "$d/$f.xml" || fail "$svc: $f: merged article is not $tag"
    local got
    got=$(grep -o "$prefix: " "$d/$f.xml" | wc -l)
    [ "$got" -ge "$want" ] || fail "$svc: $f: $got of $want sentences translated"
  done
  # po2tmx -> tm import: the next export is pre-filled from it
  po2tmx -l "$tag" "$d/t.po" "$d/t.tmx" > /dev/null 2>&1 || fail "po2tmx"
  "$nl" tm import --from en "$d/t.tmx" 2> "$d/import.err" || fail "tm import: $(cat "$d/import.err")"
  "$nl" export "$TMP/article.xml" --to "$svc" -o "$d/again.xlf" 2> "$d/again.err" ||
    fail "export again: $(cat "$d/again.err")"
  local pre
  pre=$(sed -nE 's/.*; ([0-9]+) pre-filled.*/\1/p' "$d/again.err")
  [ "$pre" = "$want" ] || fail "$svc: $pre of $want pre-filled after po2tmx + tm import"
  echo "translate-toolkit $svc ($tag): $want segments, xliff2po $units units, pomerge and po2xliff merged ($want translated), po2tmx -> tm import: $pre of $want pre-filled"
}
roundtrip persian "ترجمه"
roundtrip russian "Перевод"

# Inline codes PO drops: merge names each and stops (exit 1), --force
# publishes without them.
d=$TMP/codes
mkdir -p "$d"
"$nl" export "$NL_TEST_DATA/articles/markup.xml" --to persian --no-tm --profile sentences -o "$d/a.xlf" 2>/dev/null
xliff2po "$d/a.xlf" "$d/a.po" > /dev/null 2>&1 &&
  podebug -f "ترجمه: " --rewrite=en "$d/a.po" "$d/t.po" > /dev/null 2>&1 &&
  pomerge -t "$d/a.xlf" -i "$d/t.po" -o "$d/t.xlf" > /dev/null 2>&1 || fail "codes: translate-toolkit"
"$nl" merge "$NL_TEST_DATA/articles/markup.xml" "$d/t.xlf" -o "$d/out.xml" 2> "$d/err"
rc=$?
[ $rc -eq 1 ] || fail "codes lost: exit $rc, not 1: $(cat "$d/err")"
[ ! -e "$d/out.xml" ] || fail "codes lost: an article was written without --force"
grep -q "p1:<a>" "$d/err" || fail "codes lost: the link in p1 is not named: $(cat "$d/err")"
[ "$(wc -l < "$d/err")" -eq 1 ] || fail "codes lost: not one line"
"$nl" merge "$NL_TEST_DATA/articles/markup.xml" "$d/t.xlf" --force -o "$d/out.xml" 2> "$d/err" ||
  fail "--force: $(cat "$d/err")"
n=$(grep -oE '[0-9]+ inline element' "$d/err" | head -1)
echo "inline codes lost through PO: ${n% inline element} named, exit 1 without --force, written with it"
