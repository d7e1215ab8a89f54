#!/usr/bin/env bash
# omegat-tmx.sh NEWSLOC - OmegaT's own TMX (tests/data/tmx/omegat-markup.tmx,
# written by OmegaT 3.6, tags as text) teaches the TM: the article's
# sentences with links, emphasis and a break then match exactly and are
# pre-filled with their codes renamed to the article's, in a valid file.
set -u
nl=$1
TMP=$(mktemp -d "${NL_TEST_TMP:-/tmp}/omegat-tmx.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export NEWSLOC_TM=$TMP/tm.sqlite
fail() { echo "FAIL omegat-tmx: $*"; exit 1; }
art=$NL_TEST_DATA/articles/markup.xml
"$nl" tm import "$NL_TEST_DATA/tmx/omegat-markup.tmx" 2>/dev/null || fail "tm import"
"$nl" tm lookup --from en --to fa-IR "Officials expect more closures." > "$TMP/l" ||
  fail "no match for a sentence with a code"
grep -q "^100 exact" "$TMP/l" || fail "not exact: $(cat "$TMP/l")"
grep -q "<g0>" "$TMP/l" && fail "tag text kept as text: $(cat "$TMP/l")"
"$nl" export "$art" --to persian -o "$TMP/a.xlf" 2> "$TMP/err" || fail "export: $(cat "$TMP/err")"
# every segment, the one starting with the <br/> OmegaT leaves out of
# it too (code_edges.h)
segs=$(sed -nE 's/.* ([0-9]+) segments.*/\1/p' "$TMP/err")
pre=$(sed -nE 's/.*; ([0-9]+) pre-filled.*/\1/p' "$TMP/err")
[ -n "$segs" ] && [ "$pre" = "$segs" ] || fail "$(cat "$TMP/err")"
grep -q '<target><ph id="1" dataRef="d1"/>ترجمه: It did not give details.</target>' "$TMP/a.xlf" ||
  fail "the <br/> OmegaT leaves out is not put back before the target"
grep -q '<target>ترجمه: Officials expect <pc id="2" dataRefStart="d2" dataRefEnd="d2e">more</pc> closures.</target>' "$TMP/a.xlf" ||
  fail "the emphasis is not the article's code in the pre-filled target"
grep -q '<target><pc id="2"[^>]*>ترجمه: The rain <pc id="3"[^>]*>will continue</pc> until Sunday.</pc></target>' "$TMP/a.xlf" ||
  fail "the pair OmegaT leaves out is not put back around the target"
xsd=${NL_SHARED:-}/schemas/xliff-2.0/all-modules.xsd
if [ -f "$xsd" ] && command -v xmllint >/dev/null; then
  xmllint --noout --nonet --schema "$xsd" "$TMP/a.xlf" 2> "$TMP/v" || fail "not valid XLIFF 2.0: $(cat "$TMP/v")"
else
  echo "skipped: the XLIFF 2.0 schema (../shared) or xmllint is missing"; exit 77
fi
"$nl" merge "$art" "$TMP/a.xlf" --allow-untranslated -o "$TMP/out.xml" 2> "$TMP/err" ||
  fail "merge: $(cat "$TMP/err")"
grep -q '<a href="https://www.example.org/ndma">' "$TMP/out.xml" || fail "the link is not in the merged article"
echo "OmegaT TMX: $pre of $segs pre-filled (codes renamed to the article's), valid XLIFF 2.0, merged with the link"
