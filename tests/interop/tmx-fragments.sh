#!/usr/bin/env bash
# tmx-fragments.sh NEWSLOC - pieces of sentences another tool's
# segmentation cut are left out of a TMX import, and counted.
#
# tests/data/tmx/omegat-sentences.tmx is OmegaT 3.6's TMX of the markup
# article with its own sentence segmentation on: it cut "said Gen." /
# "Ahmed Khan." and "The U.S." / "Embassy offered help.". The pieces
# newsloc's segmenter can tell (tmx_fragment.c) are left out and the
# summary says how many; whole sentences still pre-fill. A TMX of
# another tool gets only the certain tests, so its legitimate entries
# ("... to the U.S.", a sentence starting lower-case) stay; newsloc's own
# TMX loses nothing.
set -u
nl=$1
TMP=$(mktemp -d "${NL_TEST_TMP:-/tmp}/tmx-fragments.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export NEWSLOC_TM=$TMP/tm.sqlite
fail() { echo "FAIL tmx-fragments: $*"; exit 1; }
exact() { # SOURCE: the TM has it as a whole entry
  "$nl" tm lookup --from en --to fa-IR "$1" 2>/dev/null | head -1 | grep -q '^100 exact'
}

"$nl" tm import "$NL_TEST_DATA/tmx/omegat-sentences.tmx" 2> "$TMP/err" || fail "import: $(cat "$TMP/err")"
grep -q ': 15 units, 13 translations remembered, 0 skipped$' "$TMP/err" || fail "$(cat "$TMP/err")"
grep -q ': 2 units left out as pieces of sentences' "$TMP/err" || fail "no count of pieces: $(cat "$TMP/err")"
exact "The U.S." && fail "OmegaT's piece \"The U.S.\" is in the TM"
exact '"We are ready," said Gen.' && fail "OmegaT's piece \"said Gen.\" is in the TM"
exact "Officials expect more closures." || fail "a whole sentence was lost"
"$nl" export "$NL_TEST_DATA/articles/markup.xml" --to persian -o "$TMP/a.xlf" 2> "$TMP/err" ||
  fail "export: $(cat "$TMP/err")"
grep -q '13 segments; 11 pre-filled' "$TMP/err" || fail "the 11 whole sentences not pre-filled: $(cat "$TMP/err")"

# newsloc's own TMX of those entries: nothing left out
"$nl" tm export --from en --to fa-IR -o "$TMP/own.tmx" 2>/dev/null || fail "tm export"
NEWSLOC_TM=$TMP/own.sqlite "$nl" tm import "$TMP/own.tmx" 2> "$TMP/err" || fail "import own: $(cat "$TMP/err")"
grep -q 'left out' "$TMP/err" && fail "newsloc's own TMX lost entries: $(cat "$TMP/err")"

# another tool's TMX: only what is certain
export NEWSLOC_TM=$TMP/other.sqlite
cat > "$TMP/other.tmx" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="other" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="en"><seg>The delegation met Sen.</seg></tuv><tuv xml:lang="fa-IR"><seg>ت1</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Mr.</seg></tuv><tuv xml:lang="fa-IR"><seg>ت2</seg></tuv></tu>
<tu><prop type="prev">The U.S.</prop><tuv xml:lang="en"><seg>Embassy offered help.</seg></tuv><tuv xml:lang="fa-IR"><seg>ت3</seg></tuv></tu>
<tu><prop type="next">Embassy offered help.</prop><tuv xml:lang="en"><seg>The U.S.</seg></tuv><tuv xml:lang="fa-IR"><seg>ت4</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>He returned to the U.S.</seg></tuv><tuv xml:lang="fa-IR"><seg>ت5</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>eBay shares rose.</seg></tuv><tuv xml:lang="fa-IR"><seg>ت6</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>and Russia agreed.</seg></tuv><tuv xml:lang="fa-IR"><seg>ت7</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Talks Resume in Geneva</seg></tuv><tuv xml:lang="fa-IR"><seg>ت8</seg></tuv></tu>
<tu><prop type="prev">Talks Resume in Geneva</prop><tuv xml:lang="en"><seg>Delegates arrived on Monday.</seg></tuv><tuv xml:lang="fa-IR"><seg>ت9</seg></tuv></tu>
</body></tmx>
XML
"$nl" tm import "$TMP/other.tmx" 2> "$TMP/err" || fail "import other: $(cat "$TMP/err")"
grep -q ': 9 units, 5 translations remembered, 0 skipped$' "$TMP/err" || fail "other: $(cat "$TMP/err")"
grep -q ': 4 units left out as pieces of sentences' "$TMP/err" || fail "other: $(cat "$TMP/err")"
for s in "He returned to the U.S." "eBay shares rose." "and Russia agreed." "Talks Resume in Geneva" "Delegates arrived on Monday."; do
  exact "$s" || fail "other tool's whole entry lost: $s"
done
echo "OmegaT's own segmentation: 15 units, 2 pieces left out (counted), 11 of 13 sentences pre-filled; another tool's TMX: 4 of 4 certain pieces left out, 5 of 5 whole entries kept; newsloc's own TMX: none left out"
