#!/usr/bin/env bash
# hazards.sh NEWSLOC DATA OUTDIR - the bidi hazard page (issue 12): an
# English article merged with a Persian translation full of Latin names,
# #tags, @handles, C++, brackets and a paragraph left in English, rendered
# and laid out by headless Chromium. hazards.js asks Chromium's layout
# where the characters landed (brackets facing inwards, phrases read
# left to right, numbers after the names they follow, the English
# paragraph's full stop on its right); the screenshot is kept in OUTDIR.
set -u
nl=$1 data=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "FAIL: chromium is not installed (apt-get install chromium); .ci/run installs it" >&2
  exit 1
fi
mkdir -p "$out"
"$nl" merge "$data/render/hazards-en.xml" "$data/render/hazards-fa.xlf" \
  --to persian --allow-untranslated -o "$out/hazards-fa.xml" 2>/dev/null || exit 1
"$nl" render "$out/hazards-fa.xml" -o "$out/hazards-fa.html" || exit 1
{ sed '/<\/body>/,$d' "$out/hazards-fa.html"
  printf '<script>\n'; cat "$here/hazards.js"; printf '</script>\n</body>\n</html>\n'
} > "$out/hazards-fa-check.html"
# a profile of its own: chromium.sh runs beside it (ctest -j), and a
# second Chromium on one profile hands its work to the first and exits
flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage
       --hide-scrollbars --user-data-dir="$out/chromium-profile-hazards")
dom=$(timeout 60 "$browser" "${flags[@]}" --dump-dom \
        "file://$out/hazards-fa-check.html" 2>/dev/null)
verdict=$(printf '%s\n' "$dom" | sed -n '/<pre id="verdict">/,/<\/pre>/p' |
          sed 's/<[^>]*>//g')
fail=0
if [ -z "$verdict" ]; then
  echo "FAIL: the page's checks did not run" >&2
  fail=1
elif printf '%s\n' "$verdict" | grep -q '^FAIL'; then
  printf '%s\n' "$verdict" | grep '^FAIL' >&2
  fail=1
fi
timeout 60 "$browser" "${flags[@]}" --window-size=760,420 \
  --screenshot="$out/hazards-fa.png" "file://$out/hazards-fa.html" >/dev/null 2>&1
[ -s "$out/hazards-fa.png" ] || { echo "FAIL: no screenshot" >&2; fail=1; }
[ $fail -eq 0 ] && echo "ok: $(printf '%s\n' "$verdict" | grep -c '^ok') layout checks; screenshot in $out/hazards-fa.png"
exit $fail
