#!/usr/bin/env bash
# outputs.sh NEWSLOC - what -o, --report and tm export do to what is at
# the destination: devices and FIFOs are written in place (never replaced
# by a regular file), a symbolic link is written through (and stays a
# link), a hard link stays linked, a file keeps its mode (and owner, as
# root), a full device is a one-line error, the article and its report
# are written both or neither, and a signal leaves no temporary file.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TMP=$(mktemp -d "${NL_TEST_TMP:-/tmp}/hostile.outputs.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export NEWSLOC_TM="$TMP/tm.sqlite"
DATA=${NL_TEST_DATA:?}
art=$DATA/articles/short.xml
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
no_temp() { # no ".NAME.XXXXXX" left in the directory
  local left
  left=$(find "$TMP" -maxdepth 2 -name '.*.??????' | head -1)
  [ -z "$left" ] || { fail "$1: temporary file left: $left"; rm -f "$left"; }
}
cd "$TMP" || exit 1
"$bin" tm import "$DATA/tm/learn.xlf" 2> /dev/null || fail "seeding the TM"

# Every command that writes a file, as "ARGS... -o": $1 is the target.
outputs=(
  "render $art -o"
  "import $art -o"
  "export $art --to fr --no-tm -o"
  "tm export -o"
  "merge $DATA/e2e/article.xml $DATA/e2e/persian.xlf --to persian -o"
)

for cmd in "${outputs[@]}"; do
  name=${cmd%% *}
  # shellcheck disable=SC2086
  run() { timeout 30 "$bin" $cmd "$@"; }

  # a device: written, still a device
  # (another program on the machine may have replaced /dev/null before
  # us: only a change from a device to something else counts)
  for dev in /dev/null /dev/stdout; do
    was=$([ -c /dev/null ] && echo c)
    run "$dev" > "$TMP/stdout" 2> "$TMP/err" || fail "$name -o $dev: exit $?"
    [ -z "$was" ] || [ -c /dev/null ] ||
      fail "$name -o $dev: /dev/null is no longer a device"
  done
  [ -s "$TMP/stdout" ] || fail "$name -o /dev/stdout: nothing on stdout"

  # a full device: a one-line error, exit 2
  run /dev/full 2> "$TMP/err"
  st=$?
  [ "$st" = 2 ] || fail "$name -o /dev/full: exit $st"
  [ "$(wc -l < "$TMP/err")" = 1 ] && grep -q 'No space left' "$TMP/err" ||
    { fail "$name -o /dev/full: stderr"; cat "$TMP/err"; }
  [ -c /dev/full ] || fail "$name -o /dev/full: no longer a device"

  # a FIFO: read by someone, still a FIFO
  rm -f fifo && mkfifo fifo
  timeout 30 cat fifo > fifo.out &
  reader=$!
  run fifo 2> /dev/null || fail "$name -o fifo: exit $?"
  wait "$reader"
  [ -p fifo ] || fail "$name -o fifo: no longer a FIFO"
  [ -s fifo.out ] || fail "$name -o fifo: the reader got nothing"

  # a symbolic link: the file it names is replaced, the link stays
  rm -f real link && echo old > real && ln -s real link
  run link 2> /dev/null || fail "$name -o link: exit $?"
  [ -L link ] || fail "$name -o link: the link was replaced"
  [ "$(cat real)" != old ] || fail "$name -o link: the file was not written"
  # a link to nothing yet: the file is made where it points
  rm -f real link && ln -s real link
  run link 2> /dev/null || fail "$name -o dangling link: exit $?"
  [ -L link ] && [ -s real ] || fail "$name -o dangling link: not written through"

  # a hard link: both names still one file, with the new content
  rm -f h1 h2 && echo old > h1 && ln h1 h2
  run h1 2> /dev/null || fail "$name -o hard link: exit $?"
  [ "$(stat -c %h h1)" = 2 ] && [ h1 -ef h2 ] ||
    fail "$name -o hard link: the link was split"
  [ "$(cat h2)" != old ] || fail "$name -o hard link: not written"

  # mode (and owner, as root) kept
  rm -f kept && echo old > kept && chmod 0640 kept
  if [ "$(id -u)" = 0 ]; then chown 65534:65534 kept; fi
  run kept 2> /dev/null || fail "$name -o kept: exit $?"
  [ "$(stat -c %a kept)" = 640 ] || fail "$name: mode $(stat -c %a kept), want 640"
  if [ "$(id -u)" = 0 ]; then
    [ "$(stat -c %u:%g kept)" = 65534:65534 ] || fail "$name: owner lost"
  fi
  # a new file: 0666 less the umask
  rm -f new && (umask 022 && run new 2> /dev/null) || fail "$name -o new: exit $?"
  [ "$(stat -c %a new)" = 644 ] || fail "$name: new file mode $(stat -c %a new)"
  no_temp "$name"
done

# merge: -o and --report name the same file (even by another path)
m=(merge "$DATA/e2e/article.xml" "$DATA/e2e/persian.xlf" --to persian)
echo old > same
"$bin" "${m[@]}" -o same --report same 2> err
st=$?
[ "$st" = 2 ] || fail "merge -o X --report X: exit $st"
[ "$(cat same)" = old ] || fail "merge -o X --report X: the file was written"
"$bin" "${m[@]}" -o same --report ./same 2> err
st=$?
[ "$st" = 2 ] && [ "$(wc -l < err)" = 1 ] || { fail "merge -o X --report ./X: exit $st"; cat err; }
[ "$(cat same)" = old ] || fail "merge -o X --report ./X: the file was written"
ln -sf same samelink
"$bin" "${m[@]}" -o same --report samelink 2> /dev/null
[ "$?" = 2 ] || fail "merge -o X --report LINK-TO-X: not an error"

# a report that cannot be written: no article either, exit 2
rm -f art.xml
"$bin" "${m[@]}" -o art.xml --report /dev/full 2> err
st=$?
[ "$st" = 2 ] || fail "merge --report /dev/full: exit $st"
[ ! -e art.xml ] || fail "merge --report /dev/full: the article was written"
"$bin" "${m[@]}" -o art.xml --report no/such/dir/r.tsv 2> /dev/null
[ "$?" = 2 ] && [ ! -e art.xml ] || fail "merge --report in no dir: article written"
"$bin" "${m[@]}" -o art.xml --report rep.tsv 2> /dev/null ||
  fail "merge -o --report: exit $?"
[ -s art.xml ] && [ -e rep.tsv ] || fail "merge -o --report: outputs missing"
no_temp merge

# SIGTERM while the article's temporary file is ready and named and the
# report waits for a reader on a FIFO: nothing left behind. (Job
# control on, or a background job starts with SIGINT ignored.)
set -m
for sig in TERM INT HUP; do
  rm -f fifo art2.xml && mkfifo fifo
  "$bin" "${m[@]}" -o art2.xml --report fifo 2> /dev/null &
  pid=$!
  for _ in $(seq 50); do
    [ -n "$(find . -maxdepth 1 -name '.art2.xml.*')" ] && break
    sleep 0.1
  done
  kill -"$sig" "$pid"
  wait "$pid" 2> /dev/null
  st=$?
  [ "$st" -gt 128 ] || fail "SIG$sig: exit $st, not the signal's"
  [ ! -e art2.xml ] || fail "SIG$sig: the article was written"
  no_temp "SIG$sig"
done
[ "$fails" = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "ok outputs"
