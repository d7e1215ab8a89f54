#!/usr/bin/env bash
# run.sh NEWSLOC CASE.t - runs one CLI case and compares what it did.
#
# A case file is a list of sections, each opened by a line "%%NAME [arg]":
#   %%ARGS            the command line after "newsloc" (one line; shell words;
#                     $DATA, $SHARED, $TMP, $SRC are expanded)
#   %%STDIN           bytes fed to standard input
#   %%FILE name       a file created in $TMP before the run
#   %%STDOUT          exact expected standard output
#   %%STDOUT-MATCH    extended regexes, one a line, each must match some line
#   %%STDERR          exact expected standard error
#   %%STDERR-MATCH    extended regexes, one a line, each must match some line
#   %%EXIT            expected exit status (default 0)
#   %%OUTFILE name    exact expected content of $TMP/name afterwards
#   %%NOFILE name     $TMP/name must not exist afterwards
#   %%ENV             NAME=value lines exported for the run
#   %%NEEDS           "shared": skip (exit 77) when ../shared is absent
# Lines before the first section and lines starting "%%#" are comments.
set -u
bin=$1 case=$2
name=$(basename "$case" .t)
TMP=$(mktemp -d "${NL_TEST_TMP:-/tmp}/cli.$name.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
DATA=${NL_TEST_DATA:-}
SHARED=${NL_SHARED:-}
SRC=${NL_SOURCE_DIR:-}
export TMP DATA SHARED SRC
export NEWSLOC_TM="${NL_CLI_TM:-$TMP/tm.sqlite}" # tests/pg/cli-cases.sh: a server

declare -A sect
order=()
cur=""
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in
    "%%#"*) continue ;;
    %%*)
      cur=${line#%%}
      order+=("$cur")
      sect[$cur]=""
      continue ;;
  esac
  [ -z "$cur" ] && continue
  sect[$cur]+="$line"$'\n'
done < "$case"

fail() { echo "FAIL $name: $*"; exit 1; }

# %%NEEDS shared: the case reads ../shared (the seed article, schemas);
# without it the case is reported as skipped (exit 77), never passed.
if [ -n "${sect[NEEDS]+x}" ] && [ ! -d "$SHARED" ]; then
  echo "skipped: $name needs ../shared, which is not next to this checkout"
  exit 77
fi

for s in "${order[@]}"; do
  case "$s" in
    "FILE "*) printf '%s' "${sect[$s]}" > "$TMP/${s#FILE }" ;;
    ENV) while IFS= read -r kv; do [ -n "$kv" ] && export "$(eval echo "$kv")"; done <<< "${sect[$s]}" ;;
  esac
done

args=${sect[ARGS]:-}
args=${args%$'\n'}
cd "$TMP" || exit 1
if [ -n "${sect[STDIN]+x}" ]; then
  printf '%s' "${sect[STDIN]}" > "$TMP/.stdin"
else
  : > "$TMP/.stdin"
fi
eval "set -- $args"
# NL_CLI_WRAP: a command put before newsloc (tests/valgrind.sh sets it).
${NL_CLI_WRAP:-} "$bin" "$@" < "$TMP/.stdin" > "$TMP/.stdout" 2> "$TMP/.stderr"
status=$?
want_exit=${sect[EXIT]:-0}
want_exit=${want_exit%$'\n'}

show() { echo "--- stdout"; cat "$TMP/.stdout"; echo "--- stderr"; cat "$TMP/.stderr"; }

[ "$status" = "$want_exit" ] || { show; fail "exit $status, want $want_exit"; }

check_exact() { # file section
  local want=${sect[$2]}
  if [ "$(cat "$1"; echo x)" != "${want}x" ]; then
    diff <(printf '%s' "$want") "$1" | head -40
    fail "$2 differs"
  fi
}
check_match() { # file section
  while IFS= read -r re; do
    [ -z "$re" ] && continue
    grep -Eq -- "$re" "$1" || { show; fail "$2: no line matches /$re/"; }
  done <<< "${sect[$2]}"
}

for s in "${order[@]}"; do
  case "$s" in
    STDOUT) check_exact "$TMP/.stdout" STDOUT ;;
    STDERR) check_exact "$TMP/.stderr" STDERR ;;
    STDOUT-MATCH) check_match "$TMP/.stdout" "$s" ;;
    STDERR-MATCH) check_match "$TMP/.stderr" "$s" ;;
    "OUTFILE "*) [ -f "$TMP/${s#OUTFILE }" ] || fail "missing ${s#OUTFILE }"
                 check_exact "$TMP/${s#OUTFILE }" "$s" ;;
    "NOFILE "*) [ ! -e "$TMP/${s#NOFILE }" ] || fail "${s#NOFILE } exists" ;;
  esac
done
# No temporary output may be left behind by the atomic writer.
leftover=$(find "$TMP" -name '.*.??????' -newer "$TMP/.stdin" 2>/dev/null | head -1)
[ -z "$leftover" ] || fail "temporary file left behind: $leftover"
echo "ok $name"
