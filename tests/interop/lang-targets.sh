#!/usr/bin/env bash
# lang-targets.sh NEWSLOC - one target language however it is named.
#
# A TM learns Persian as plain "fa" (a TMX's xml:lang); `export --to`
# fa, fa-IR, FA_ir, persian and farsi must all give the same file, with
# the same pre-filled targets. A name that is neither a service nor a tag
# of a known language is refused with a useful suggestion, or none.
set -u
nl=$1
TMP=$(mktemp -d "${NL_TEST_TMP:-/tmp}/lang-targets.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export NEWSLOC_TM=$TMP/tm.sqlite
fail() { echo "FAIL lang-targets: $*"; exit 1; }

cat > "$TMP/fa.tmx" <<'TMX'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="test" creationtoolversion="1"
 segtype="sentence" o-tmf="none" adminlang="en" srclang="en"
 datatype="plaintext"/><body>
<tu><tuv xml:lang="en"><seg>Parliament Approves New Budget</seg></tuv>
<tuv xml:lang="fa"><seg>مجلس بودجهٔ جدید را تصویب کرد</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Lawmakers voted 210 to 95 in favor of the plan on Tuesday.</seg></tuv>
<tuv xml:lang="fa"><seg>نمایندگان روز سه‌شنبه با ۲۱۰ رأی موافق در برابر ۹۵ به این طرح رأی دادند.</seg></tuv></tu>
</body></tmx>
TMX
"$nl" tm import "$TMP/fa.tmx" 2>/dev/null || fail "tm import"
art=$NL_TEST_DATA/articles/short.xml
for to in fa fa-IR FA_ir persian farsi; do
  "$nl" export "$art" --to "$to" -o "$TMP/$to.xlf" 2> "$TMP/$to.err" ||
    fail "export --to $to: $(cat "$TMP/$to.err")"
  grep -q "2 pre-filled" "$TMP/$to.err" ||
    fail "export --to $to: $(cat "$TMP/$to.err")"
  cmp -s "$TMP/fa.xlf" "$TMP/$to.xlf" || fail "--to $to differs from --to fa"
done
grep -q 'trgLang="fa-IR"' "$TMP/fa.xlf" || fail "the file's target is not fa-IR"
echo "export --to fa|fa-IR|FA_ir|persian|farsi: identical, 2 of 2 pre-filled"

# a lookup by service, language or regional tag finds the "fa" entry
for to in fa fa-IR persian; do
  "$nl" tm lookup --from en --to "$to" "Parliament Approves New Budget" |
    grep -q "^100" || fail "tm lookup --to $to: no exact match"
done

# made-up names: one line, a suggestion only when one is close
refuse() { # NAME EXPECTED-SUGGESTION ("" for none)
  if "$nl" export "$art" --to "$1" -o "$TMP/x.xlf" 2> "$TMP/x.err"; then
    fail "--to $1 was accepted"
  fi
  [ "$(wc -l < "$TMP/x.err")" -eq 1 ] || fail "--to $1: not one line"
  if [ -n "$2" ]; then
    grep -q "did you mean .*$2" "$TMP/x.err" || fail "--to $1: $(cat "$TMP/x.err")"
  else
    grep -q "did you mean" "$TMP/x.err" && fail "--to $1: $(cat "$TMP/x.err")"
  fi
  [ ! -e "$TMP/x.xlf" ] || fail "--to $1 wrote a file"
}
refuse farsy persian
refuse persain persian
refuse russain russian
refuse xx ""
refuse qqq ""
echo "made-up names refused, with suggestions only where close"
