#!/usr/bin/env bash
# pkgconfig.sh BUILD-DIR [CFLAGS] - installs the build into a fresh prefix and
# builds and runs a small C program against it through pkg-config alone:
# newsloc.pc must point into that prefix, whatever prefix was configured.
set -u
build=$1
extra=${2:-} # the sanitizer flags of a sanitized build
command -v pkg-config >/dev/null || { echo "skipped: pkg-config is not installed"; exit 77; }
command -v cc >/dev/null || { echo "skipped: no C compiler (cc)"; exit 77; }
TMP=$(mktemp -d "${NL_TEST_TMP:-/tmp}/install.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL install: $*"; exit 1; }
cmake --install "$build" --prefix "$TMP/prefix" > "$TMP/install.log" 2>&1 ||
  fail "cmake --install: $(tail -3 "$TMP/install.log")"
pc=$(find "$TMP/prefix" -name newsloc.pc | head -1)
[ -n "$pc" ] || fail "no newsloc.pc installed"
grep -q "/usr/local" "$pc" && fail "newsloc.pc names /usr/local: $(cat "$pc")"
export PKG_CONFIG_PATH=$(dirname "$pc")
cat > "$TMP/t.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <newsloc/newsloc.h>
int main(void) {
  char tag[64];
  nl_error err = NL_ERROR_INIT;
  if (nl_lang_canonicalize("FA_ir", tag, sizeof(tag), &err) != 0 ||
      strcmp(tag, "fa-IR") != 0)
    return 1;
  printf("newsloc %s: %s\n", nl_version(), tag);
  return 0;
}
C
# shellcheck disable=SC2046
cc $extra -o "$TMP/t" "$TMP/t.c" $(pkg-config --cflags newsloc) \
  $(pkg-config --libs newsloc) 2> "$TMP/cc.log" || fail "cc: $(cat "$TMP/cc.log")"
libdir=$(pkg-config --variable=libdir newsloc)
case "$(cd "$libdir" && pwd)" in "$(cd "$TMP/prefix" && pwd)"/*) ;;
  *) fail "libdir $libdir is outside the prefix" ;; esac
LD_LIBRARY_PATH=$libdir "$TMP/t" || fail "the program failed"
