#!/usr/bin/env bash
# demo.sh - set up, build, and take the sample article from English to a
# localized Persian NITF article, the way a newsroom would:
#   import -> export for translators -> (translation) -> TM -> merge.
# Installs the Debian packages it needs when they are missing (as root or
# through sudo). Everything it writes goes to build/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."

have_deps() {
  command -v cmake >/dev/null && command -v cc >/dev/null &&
    pkg-config --exists icu-uc icu-i18n libxml-2.0 sqlite3 2>/dev/null
}
if ! have_deps; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq build-essential cmake pkg-config \
    libicu-dev libxml2-dev libsqlite3-dev >/dev/null
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null

nl=build/newsloc
out=build/demo
rm -rf "$out"
mkdir -p "$out"
# The demo's own TM, so that a user's TM is never touched.
export NEWSLOC_TM="$PWD/$out/tm.sqlite"

step() {
  if [ -t 1 ]; then printf '\n\033[1m== %s\033[0m\n' "$*"; else printf '\n== %s\n' "$*"; fi
}

step "1. import the scraped page: page chrome dropped, blocks found"
$nl import examples/sample-article.txt -o "$out/article.xml"
grep -E '<(hl1|byline|p|media-caption|tagline|pubdata)[ >]' "$out/article.xml" |
  cut -c1-110

step "2. export for Persian translators (the TM is still empty)"
$nl export "$out/article.xml" --to fa -o "$out/article.fa.xlf"

step "3. the translator's work (examples/sample-article.fa.xlf) goes into the TM"
$nl tm import examples/sample-article.fa.xlf

step "4. the same article exported again: every sentence comes from the TM"
$nl export "$out/article.xml" --to fa -o "$out/article.fa.prefilled.xlf"

step "5. merge for the Persian service; what localization corrected in the translation"
$nl merge "$out/article.xml" examples/sample-article.fa.xlf -o "$out/article.fa.xml" \
  --report "$out/changes.tsv"
cut -f1,3 "$out/changes.tsv" | sort | uniq -c
$nl render "$out/article.fa.xml" --side-by-side "$out/article.xml" -o "$out/review.html"
echo "(side-by-side review page: $out/review.html)"

step "6. the localized Persian article ($out/article.fa.xml)"
cat "$out/article.fa.xml"
