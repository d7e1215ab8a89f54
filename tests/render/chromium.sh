#!/usr/bin/env bash
# chromium.sh NEWSLOC DATA OUTDIR - renders a Persian article with
# isolated runs, opens the page in headless Chromium, checks the DOM it
# built and keeps a screenshot (OUTDIR/render-bidi-fa.png) as an artifact.
set -u
nl=$1 data=$2 out=$3
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "FAIL: chromium is not installed (apt-get install chromium); .ci/run installs it" >&2
  exit 1
fi
mkdir -p "$out"
"$nl" render "$data/render/bidi-fa.xml" -o "$out/render-bidi-fa.html" || exit 1
flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage
       --user-data-dir="$out/chromium-profile")
dom=$(timeout 60 "$browser" "${flags[@]}" --dump-dom "file://$out/render-bidi-fa.html" 2>/dev/null)
fail=0
for want in '<html lang="fa" dir="rtl"' '<bdi dir="ltr">U.N.</bdi>' \
            '<bdi dir="ltr">-۵</bdi>' '<a href="https://example.org">این گزارش</a>'; do
  case "$dom" in
    *"$want"*) ;;
    *) echo "FAIL: the page Chromium built lacks: $want" >&2; fail=1 ;;
  esac
done
timeout 60 "$browser" "${flags[@]}" --window-size=1000,600 \
  --screenshot="$out/render-bidi-fa.png" "file://$out/render-bidi-fa.html" >/dev/null 2>&1
if [ ! -s "$out/render-bidi-fa.png" ]; then
  echo "FAIL: no screenshot" >&2
  fail=1
fi
[ $fail -eq 0 ] && echo "ok: rendered, checked, screenshot in $out/render-bidi-fa.png"
exit $fail
