#!/usr/bin/env bash
# omegat-edges.sh NEWSLOC - codes at a segment's edges, OmegaT's way.
# OmegaT leaves placeholders at a segment's edges and pairs enclosing
# the rest out of the segment (code_edges.h), so its TMX
# (tests/data/tmx/omegat-edges.tmx, written by OmegaT 3.6 for
# tests/data/articles/edges.xml: every arrangement of leading, trailing
# and only codes, paired and standalone) holds them without. Each
# sentence must still be pre-filled with the codes put back where they
# were: the pseudo-translation is the source behind a prefix, so the
# target without the prefix is the source, codes and all.
set -u
nl=$1
TMP=$(mktemp -d "${NL_TEST_TMP:-/tmp}/omegat-edges.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export NEWSLOC_TM=$TMP/tm.sqlite
fail() { echo "FAIL omegat-edges: $*"; exit 1; }
art=$NL_TEST_DATA/articles/edges.xml
"$nl" tm import "$NL_TEST_DATA/tmx/omegat-edges.tmx" 2>/dev/null || fail "tm import"
"$nl" export "$art" --to persian -o "$TMP/a.xlf" 2> "$TMP/err" || fail "export: $(cat "$TMP/err")"
segs=$(sed -nE 's/.* ([0-9]+) segments.*/\1/p' "$TMP/err")
pre=$(sed -nE 's/.*; ([0-9]+) pre-filled.*/\1/p' "$TMP/err")
[ -n "$segs" ] && [ "$pre" = "$segs" ] || fail "not every segment pre-filled: $(cat "$TMP/err")"
n=0
while IFS= read -r line; do
  src=$(printf '%s' "$line" | sed -E 's|.*<source>(.*)</source>.*|\1|')
  tgt=$(printf '%s' "$line" | sed -E 's|.*<target>(.*)</target>.*|\1|; s|ترجمه: ||')
  [ "$src" = "$tgt" ] || fail "codes misplaced: source $src, target $tgt"
  n=$((n + 1))
done < <(grep '<segment ' "$TMP/a.xlf")
[ "$n" = "$segs" ] || fail "$n of $segs segments compared"
xsd=${NL_SHARED:-}/schemas/xliff-2.0/all-modules.xsd
[ -f "$xsd" ] && command -v xmllint >/dev/null ||
  { echo "skipped: the XLIFF 2.0 schema (../shared) or xmllint is missing"; exit 77; }
xmllint --noout --nonet --schema "$xsd" "$TMP/a.xlf" 2> "$TMP/v" || fail "not valid XLIFF 2.0: $(cat "$TMP/v")"
"$nl" merge "$art" "$TMP/a.xlf" -o "$TMP/out.xml" 2> "$TMP/err" || fail "merge: $(cat "$TMP/err")"
[ "$(grep -o '<br/>' "$TMP/out.xml" | wc -l)" = "$(grep -o '<br/>' "$art" | wc -l)" ] ||
  fail "breaks lost in the merged article"
echo "OmegaT TMX, codes at the edges: $pre of $segs pre-filled, each with its codes where the source has them; valid XLIFF 2.0; merged"
