#!/usr/bin/env bash
# registry-lengths.sh NEWSLOC - a services.json's date pattern and month
# names at the lengths of the UTF-16 buffers the dateline once converted
# them into (128 units a pattern, 64 a month name, 128 a formatted date):
# one under, at and over each. At the full length the buffer was left
# unterminated and ICU read past it (ASan in CI aborts); here the date
# merge writes into the dateline must hold the month name whole.
set -u
bin=$1
TMP=$(mktemp -d "${NL_TEST_TMP:-/tmp}/hostile.registry.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
DATA=${NL_TEST_DATA:?} SRC=${NL_SOURCE_DIR:?}
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
cp -r "$SRC/locales" "$TMP/loc"
export NEWSLOC_LOCALES="$TMP/loc"

# the article's sentences as their own translation
"$bin" export "$DATA/e2e/article.xml" --to bosnian --no-tm -o "$TMP/a.xlf" 2> /dev/null ||
  { echo "FAIL: export"; exit 1; }
python3 - "$TMP/a.xlf" "$TMP/t.xlf" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
s = re.sub(r"<source>(.*?)</source>", r"<source>\1</source><target>\1</target>", s, flags=re.S)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY

# registry PATTERN_UNITS MONTH_UNITS: Bosnian's date with a pattern of
# that many UTF-16 units (narrow eras "GGGGG" format short, so the
# loader's trial formatting passes) and months that long, the last two
# units a supplementary character
registry() {
  python3 - "$SRC/locales/services.json" "$TMP/loc/services.json" "$1" "$2" <<'PY'
import json, sys
src, dst, pn, mn = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
d = json.load(open(src, encoding="utf-8"))
pat = "d. MMMM y"
pat += "G" * (pn - len(pat))
months = ["m%02d" % i + "j" * (mn - 5) + "\U0001D400" for i in range(12)]
for x in d["services"]:
    if x["id"] == "bosnian":
        x["date"] = {"pattern": pat, "months": months}
json.dump(d, open(dst, "w", encoding="utf-8"), ensure_ascii=False)
PY
}

for p in 127 128 129 200; do
  for m in 63 64 65 130; do
    registry "$p" "$m"
    "$bin" merge "$DATA/e2e/article.xml" "$TMP/t.xlf" --to bosnian --force \
      -o "$TMP/m.xml" 2> "$TMP/err"
    st=$?
    if grep -q 'Sanitizer\|runtime error' "$TMP/err"; then
      fail "pattern $p, months $m: sanitizer report"; head -5 "$TMP/err"; continue
    fi
    [ "$st" = 0 ] || { fail "pattern $p, months $m: exit $st"; head -3 "$TMP/err"; continue; }
    month="m02$(printf '%*s' $((m - 5)) '' | tr ' ' j)"$'\xf0\x9d\x90\x80'
    grep -q "<dateline id=\"dl1\">GENEVA, 14\. $month 2026" "$TMP/m.xml" ||
      { fail "pattern $p, months $m: the dateline lost its date"; grep dateline "$TMP/m.xml"; }
  done
done
[ "$fails" = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "ok registry-lengths"
