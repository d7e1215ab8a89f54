#!/usr/bin/env bash
# readme-help.sh NEWSLOC - the README's command table, `newsloc help` and
# the commands themselves agree.
#
# For every command (and tm subcommand) the options in the README's table
# must be those `newsloc help COMMAND` prints, and each of them must be
# accepted by the command, as "--opt 1" and as "--opt=1" (it may then
# fail for other reasons, never as an unknown option).
set -u
nl=$1
readme=${NL_SOURCE_DIR:?}/README.md
TMP=$(mktemp -d "${NL_TEST_TMP:-/tmp}/readme-help.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
[ -n "${NL_KEEP:-}" ] && trap - EXIT
export NEWSLOC_TM=$TMP/tm.sqlite HOME=$TMP XDG_DATA_HOME=$TMP
fail=0
bad() { echo "FAIL readme-help: $*"; fail=1; }

# "KEY<TAB>opt opt..." for usage lines "newsloc CMD [SUB] ..." on stdin;
# KEY is the command, with its subcommand for tm
forms() {
  sed -E 's/\\\|/|/g' | while read -r line; do
    line=${line#*newsloc }
    set -f
    # shellcheck disable=SC2086
    set -- $line
    set +f
    key=$1
    { [ "$key" = tm ] || [ "$key" = batch ]; } && key="$key $2"
    opts=$(printf '%s\n' "$line" | grep -oE -- '(^|[][ |])--?[a-z][a-z-]*' |
      sed -E 's/^[][ |]//' | sort -u | tr '\n' ' ')
    printf '%s\t%s\n' "$key" "$opts"
  done | sort | awk -F'\t' '{a[$1] = a[$1] $2} END {for (k in a) print k "\t" a[k]}' |
    while IFS=$'\t' read -r k o; do
      printf '%s\t%s\n' "$k" "$(printf '%s\n' $o | sort -u | tr '\n' ' ')"
    done | sort
}

grep -E '^\| `newsloc [a-z]' "$readme" | sed -E 's/^\| `([^`]*)`.*/\1/' | forms > "$TMP/readme"
"$nl" help | awk '/^commands:/ {on = 1; next} on && NF == 0 {exit} on {print $1}' > "$TMP/commands"
while read -r cmd; do
  "$nl" help "$cmd" | grep -E '^(usage:)? +newsloc |^usage: newsloc ' | sed -E 's/^usage://'
done < "$TMP/commands" | forms > "$TMP/help"
[ "$(wc -l < "$TMP/help")" -ge 10 ] || bad "help gave too few forms: $(cat "$TMP/help")"
diff "$TMP/readme" "$TMP/help" > "$TMP/diff" ||
  bad "README (<) and help (>) disagree:"$'\n'"$(cat "$TMP/diff")"

# every option help names is one the command takes
while IFS=$'\t' read -r key opts; do
  for o in $opts; do
    [ "$o" = -h ] && continue
    for form in "$o 1" "$o=1"; do
      [ "${o:0:2}" = "--" ] || [ "$form" = "$o 1" ] || continue
      # shellcheck disable=SC2086
      (cd "$TMP" && "$nl" $key $form) > /dev/null 2> "$TMP/err"
      if grep -qE "option '|unknown argument '-" "$TMP/err"; then
        bad "newsloc $key $form: $(cat "$TMP/err")"
      fi
    done
  done
done < "$TMP/help"
[ $fail -eq 0 ] && echo "README table = help for $(wc -l < "$TMP/help") commands; every option accepted"
exit $fail
