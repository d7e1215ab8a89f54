#!/usr/bin/env bash
# write-errors.sh NEWSLOC - every command that prints (listed in
# tests/data/cli/printing-commands.txt) fails when its output cannot be
# written: into a full disk (/dev/full) and into a pipe whose reader is
# gone. Each run must exit 2 with one stderr line saying so, last
# ("newsloc: write error: ..."; the library's own stdout writer says
# "newsloc: <stdout>: write failed: ..."), never 0 with the output lost.
set -u
bin=$1
DATA=${NL_TEST_DATA:?}
TMP=$(mktemp -d "${NL_TEST_TMP:-/tmp}/cli.write-errors.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export NEWSLOC_TM="$TMP/tm.sqlite"
"$bin" tm import "$DATA/tm/learn.xlf" 2>/dev/null || { echo "FAIL: setup tm"; exit 1; }
"$bin" export "$DATA/articles/short.xml" --to fa --no-tm -o "$TMP/short.fa.xlf" 2>/dev/null ||
  { echo "FAIL: setup export"; exit 1; }
echo "Mr. Smith left. He was tired." > "$TMP/para.txt"
[ -w /dev/full ] || { echo "SKIP: no /dev/full"; exit 77; }

# every command "newsloc help" lists has a line in the table: a new
# command is not left out of this test by oversight
for cmd in $("$bin" help | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p'); do
  grep -Eq "^$cmd( |$)" "$DATA/cli/printing-commands.txt" ||
    { echo "FAIL: '$cmd' has no line in tests/data/cli/printing-commands.txt"; exit 1; }
done
failures=0 runs=0
check() { # how args... ; stderr in $TMP/err, status in $status
  local how=$1
  shift
  runs=$((runs + 1))
  # informational lines may come first; the failure is one line, last
  local says
  says=$(grep -Ec '^newsloc: (write error: |<stdout>: write failed: )' "$TMP/err")
  if [ "$status" != 2 ] || [ "$says" != 1 ] ||
     ! tail -n 1 "$TMP/err" | grep -Eq '^newsloc: .*write (error|failed): '; then
    echo "FAIL ($how) newsloc $*: exit $status, stderr:"
    cat "$TMP/err"
    failures=$((failures + 1))
  fi
}

while IFS= read -r line; do
  case "$line" in ''|'#'*) continue ;; esac
  eval "set -- $line"
  "$bin" "$@" > /dev/full 2> "$TMP/err"
  status=$?
  check "full disk" "$@"
  # the reader (true) has exited before newsloc writes a byte
  { sleep 0.3; "$bin" "$@" 2> "$TMP/err"; echo $? > "$TMP/status"; } | true
  status=$(cat "$TMP/status")
  check "closed pipe" "$@"
done < "$DATA/cli/printing-commands.txt"

echo "$runs runs, $failures failures"
[ "$runs" -gt 0 ] && [ "$failures" = 0 ]
