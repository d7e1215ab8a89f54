#!/usr/bin/env bash
# extra-operands.sh NEWSLOC - an operand a command does not take is a
# usage error, exit 2 (tests/data/cli/extra-operands.txt), never a file
# or text silently left out.
set -u
bin=$1
DATA=${NL_TEST_DATA:?}
TMP=$(mktemp -d "${NL_TEST_TMP:-/tmp}/cli.extra-operands.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export NEWSLOC_TM="$TMP/tm.sqlite"
"$bin" tm import "$DATA/tm/learn.xlf" 2>/dev/null &&
  "$bin" export "$DATA/articles/short.xml" --to fa --no-tm \
    -o "$TMP/short.fa.xlf" 2>/dev/null || { echo "FAIL: setup"; exit 1; }
echo "Mr. Smith left. He was tired." > "$TMP/para.txt"
# every command "newsloc help" lists has a line in the table: a new
# command is not left out of this test by oversight
for cmd in $("$bin" help | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p'); do
  grep -Eq "^$cmd( |$)" "$DATA/cli/extra-operands.txt" ||
    { echo "FAIL: '$cmd' has no line in tests/data/cli/extra-operands.txt"; exit 1; }
done
failures=0 runs=0
while IFS= read -r line; do
  case "$line" in ''|'#'*) continue ;; esac
  eval "set -- $line"
  runs=$((runs + 1))
  "$bin" "$@" > /dev/null 2> "$TMP/err"
  status=$?
  if [ "$status" != 2 ] || ! head -n 1 "$TMP/err" | grep -Eq "^newsloc: [a-z]+: "; then
    echo "FAIL newsloc $*: exit $status, stderr:"
    cat "$TMP/err"
    failures=$((failures + 1))
  fi
done < "$DATA/cli/extra-operands.txt"
echo "$runs runs, $failures failures"
[ "$runs" -gt 0 ] && [ "$failures" = 0 ]
