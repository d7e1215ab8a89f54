#!/usr/bin/env bash
# outputs-user.sh NEWSLOC - what -o and friends do to a file as a normal
# user, who cannot hand a file to another owner or group: a file they may
# not write is refused and left as it was (a rename in a writable
# directory would have replaced it), and a file they may write but do not
# own, or whose group they are not in, is written in place and keeps its
# owner and group. As root, the commands run as nobody (setpriv); as
# another user, as that user with what can be tried without root.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
DATA=${NL_TEST_DATA:?}
TMP=$(mktemp -d "${NL_TEST_TMP:-/tmp}/hostile.user.XXXXXX")
stage=
trap 'rm -rf "$TMP" ${stage:+"$stage"}' EXIT
chmod 0777 "$TMP"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
root=0
reach() {
  setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$bin" -a \
    -r "$DATA/e2e/article.xml" -a -w "$TMP"
}
if [ "$(id -u)" = 0 ]; then
  command -v setpriv > /dev/null || { echo "skipped: no setpriv"; exit 77; }
  # nobody must reach the binary, the data and the rules; a checkout
  # under a private directory (a CI runner's, mktemp -d's) is copied to
  # one nobody can read
  if ! reach; then
    stage=$(mktemp -d /tmp/nl-user-stage.XXXXXX) && chmod 0755 "$stage" &&
      cp "$bin" "$stage/newsloc" && cp -R "$DATA" "$stage/data" &&
      { [ -z "${NEWSLOC_LOCALES:-}" ] || cp -R "$NEWSLOC_LOCALES" "$stage/locales"; } &&
      chmod -R a+rX "$stage" || { echo "cannot stage a copy for nobody"; exit 1; }
    bin=$stage/newsloc DATA=$stage/data
    [ -z "${NEWSLOC_LOCALES:-}" ] || export NEWSLOC_LOCALES="$stage/locales"
    TMP2=$(mktemp -d /tmp/hostile.user.XXXXXX) && chmod 0777 "$TMP2" &&
      rm -rf "$TMP" && TMP=$TMP2
    reach || { echo "FAIL: nobody cannot reach even the staged copy"; exit 1; }
  fi
  root=1
fi
as_user() {
  if [ "$root" = 1 ]; then
    setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$TMP" "$@"
  else
    "$@"
  fi
}
cd "$TMP" || exit 1
export NEWSLOC_TM="$TMP/tm.sqlite"
as_user "$bin" tm import "$DATA/tm/learn.xlf" 2> /dev/null || fail "seeding the TM"
mkdir -p batch && cp "$DATA/e2e/article.xml" batch/ && chmod -R a+rwX batch

# Every command that writes a file, as "ARGS... -o": $1 is the target.
outputs=(
  "render $DATA/articles/short.xml -o"
  "import $DATA/articles/short.xml -o"
  "export $DATA/articles/short.xml --to fr --no-tm -o"
  "tm export -o"
  "merge $DATA/e2e/article.xml $DATA/e2e/persian.xlf --to persian -o"
  "merge $DATA/e2e/article.xml $DATA/e2e/persian.xlf --to persian -o art.xml --report"
  "batch export batch --to fr --no-tm -o bx --summary"
)
# state FILE: owner, group, mode and content's checksum
state() { stat -c '%u:%g %a' "$1"; cksum < "$1"; }

for cmd in "${outputs[@]}"; do
  name=${cmd%% -*}
  # shellcheck disable=SC2086
  run() { as_user timeout 60 "$bin" $cmd "$@"; }

  # their own file, read-only: refused, unchanged
  rm -f ro && echo old > ro && chmod 0444 ro
  [ "$root" = 1 ] && chown 65534:65534 ro
  before=$(state ro)
  run ro > /dev/null 2> err
  st=$?
  [ "$st" = 2 ] && grep -q 'Permission denied' err ||
    { fail "$name: a read-only file: exit $st"; cat err; }
  [ "$(state ro)" = "$before" ] || fail "$name: a read-only file was replaced"

  # the CI line of the README
  run /dev/null > /dev/null 2> err || { fail "$name -o /dev/null: exit $?"; cat err; }
  [ -c /dev/null ] || fail "$name -o /dev/null: no longer a device"

  [ "$root" = 1 ] || continue
  # root's file they may not write, in a directory they may: refused
  rm -f theirs && echo old > theirs && chmod 0644 theirs
  before=$(state theirs)
  run theirs > /dev/null 2> err
  st=$?
  [ "$st" = 2 ] || { fail "$name: another's read-only file: exit $st"; cat err; }
  [ "$(state theirs)" = "$before" ] || fail "$name: another's read-only file was replaced"

  # root's file they may write: written, still root's, same mode
  rm -f shared && echo old > shared && chmod 0666 shared
  run shared > /dev/null 2> err || { fail "$name: another's writable file: exit $?"; cat err; }
  [ "$(stat -c '%u:%g %a' shared)" = "0:0 666" ] ||
    fail "$name: another's writable file became $(stat -c '%u:%g %a' shared)"
  [ "$(cat shared)" != old ] || fail "$name: another's writable file not written"

  # their file in a group they are not in: written, the group kept
  rm -f grp && echo old > grp && chown 65534:0 grp && chmod 0664 grp
  run grp > /dev/null 2> err || { fail "$name: a file of another group: exit $?"; cat err; }
  [ "$(stat -c '%u:%g %a' grp)" = "65534:0 664" ] ||
    fail "$name: a file of another group became $(stat -c '%u:%g %a' grp)"
  [ "$(cat grp)" != old ] || fail "$name: a file of another group not written"
done
# check --fix rewrites its input: the same rules
fa() { printf '<?xml version="1.0" encoding="UTF-8"?>\n<nitf xml:lang="fa" dir="rtl"><body><p>\xd9\x83\xd8\xaa\xd8\xa7\xd8\xa8</p></body></nitf>\n' > "$1"; }
rm -f fix && fa fix && chmod 0444 fix
[ "$root" = 1 ] && chown 65534:65534 fix
before=$(state fix)
as_user "$bin" check --fix fix > /dev/null 2> err
[ "$?" = 2 ] || fail "check --fix: a read-only file: not refused"
[ "$(state fix)" = "$before" ] || fail "check --fix: a read-only file was replaced"
if [ "$root" = 1 ]; then
  rm -f fix && fa fix && chmod 0666 fix
  as_user "$bin" check --fix fix > /dev/null 2> err || { fail "check --fix: another's writable file: exit $?"; cat err; }
  [ "$(stat -c '%u:%g %a' fix)" = "0:0 666" ] ||
    fail "check --fix: another's writable file became $(stat -c '%u:%g %a' fix)"
  grep -q $'\xda\xa9' fix || fail "check --fix: another's writable file not fixed"
fi
left=$(find "$TMP" -name '.*.??????' | head -1)
[ -z "$left" ] || fail "temporary file left: $left"
[ "$fails" = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "ok outputs-user"
