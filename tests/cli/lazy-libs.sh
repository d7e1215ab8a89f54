#!/usr/bin/env bash
# lazy-libs.sh NEWSLOC - the CLI loads libxml2, SQLite, ICU's i18n
# library (and libpq) only when it first calls them (src/lazy/lazy_load.c,
# src/pq_load.c). With a broken copy of each first on the library path:
# segmenting text in a language compiled at build time prints what it
# prints with them (it never loads them); a command that needs one exits 2
# with one stderr line naming it, never a crash or a half-loaded library.
set -u
bin=$1
DATA=${NL_TEST_DATA:?}
TMP=$(mktemp -d "${NL_TEST_TMP:-/tmp}/cli.lazy-libs.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export NEWSLOC_TM="$TMP/tm.sqlite"
fail() { echo "FAIL: $*"; exit 1; }

printf 'The U.S. envoy arrived on Monday. Talks begin today.\n' > "$TMP/en.txt"
printf 'رئیس‌جمهور امروز به تهران رسید. گفتگوها فردا آغاز می‌شود.\n' > "$TMP/fa.txt"
for l in en fa; do
  "$bin" segment --lang $l "$TMP/$l.txt" > "$TMP/$l.want" || fail "segment $l"
done

# the libraries named in the binary that the loader does not load first
needed=$(ldd "$bin") || fail "ldd"
mkdir "$TMP/broken"
lazy=""
for so in $(grep -aoE 'lib[a-z0-9_]+\.so\.[0-9]+' "$bin" | sort -u); do
  grep -q "$so" <<< "$needed" && continue
  echo "not a library" > "$TMP/broken/$so"
  lazy+="$so "
done
for want in libxml2 libsqlite3 libicui18n libpq; do
  grep -q "$want\.so" <<< "$lazy" || fail "$want is loaded at start-up ($lazy)"
done
export LD_LIBRARY_PATH="$TMP/broken${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

for l in en fa; do
  "$bin" segment --lang $l "$TMP/$l.txt" > "$TMP/$l.got" 2> "$TMP/err" ||
    fail "segment --lang $l needs a library it should not: $(cat "$TMP/err")"
  cmp -s "$TMP/$l.want" "$TMP/$l.got" || fail "segment --lang $l printed other sentences"
done
"$bin" --version > /dev/null || fail "--version"

# each needs a library: exit 2, one line naming it
lib_re='(libxml2|libsqlite3|libicui18n|libpq)\.so\.[0-9]+'
check() {
  "$bin" "$@" > /dev/null 2> "$TMP/err"
  local status=$?
  [ "$status" = 2 ] || fail "$* exited $status: $(cat "$TMP/err")"
  [ "$(wc -l < "$TMP/err")" = 1 ] || fail "$*: not one line: $(cat "$TMP/err")"
  grep -Eq "^newsloc: this command needs $lib_re, which cannot be loaded: .*$lib_re" \
    "$TMP/err" || grep -q "libpq" "$TMP/err" || fail "$*: $(cat "$TMP/err")"
}
check import "$DATA/articles/short.xml"
check export "$DATA/articles/short.xml" --to fa --no-tm
check segment --lang en-AU "$TMP/en.txt" # not compiled at build time
check tm stats
check tm stats --tm postgresql://localhost/none
echo "ok: segmenting needs none of $lazy; commands that do say which"
