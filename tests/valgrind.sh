#!/usr/bin/env bash
# tests/valgrind.sh [BUILD] [REGEX] - every test under valgrind memcheck.
#
# Runs each unit test binary, each fuzz corpus replay and each CLI case
# (the newsloc command inside it, through tests/cli/run.sh's NL_CLI_WRAP)
# from BUILD (default: build, a plain gcc build) under memcheck, two at a
# time: an invalid read or write, a use of uninitialised memory, or a
# definite or indirect leak fails the run (--error-exitcode). Suppressions
# (tests/valgrind.supp) are for third-party noise only, each with its
# reason. Forked children (the TM's concurrency tests) are checked too,
# silently (--child-silent-after-fork): an error or a leak in one makes it
# exit 99, which its parent test reports as a failed child; so the
# children free what they were handed before they _exit. REGEX limits the run to the names that match (unit.test_tm,
# fuzz.tmx, cli.0101-...). Logs: BUILD/valgrind/NAME.log. The browser
# test (render.chromium) is left out: it runs chromium, not our code.
# NL_VALGRIND_SKIP=REGEX leaves out the names that match (the display-
# order oracle's full corpus takes about an hour under memcheck; the
# sanitizer build samples it instead).
# Exits 1 when any test fails or reports an error.
set -uo pipefail
cd "$(dirname "$0")/.."
build=$(cd "${1:-build}" 2>/dev/null && pwd) || { echo "no build directory ${1:-build}" >&2; exit 2; }
filter=${2:-.}
src=$PWD
out="$build/valgrind"
mkdir -p "$out" "$build/tests/tmp"
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
[ -x "$build/newsloc" ] || { echo "no $build/newsloc: build first" >&2; exit 2; }

export NL_TEST_DATA="$src/tests/data" NL_SHARED="$src/../shared" \
  NL_TEST_TMP="$build/tests/tmp" NEWSLOC_LOCALES="$src/locales" \
  NL_SOURCE_DIR="$src"
export VG="valgrind --tool=memcheck --error-exitcode=99 --leak-check=full \
--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
--track-origins=yes --num-callers=30 --child-silent-after-fork=yes --suppressions=$src/tests/valgrind.supp"

# One line per test: NAME<TAB>command
list() {
  for t in "$build"/tests/test_*; do
    [ -x "$t" ] && printf 'unit.%s\t%s\n' "$(basename "$t")" "$t"
  done
  for f in "$build"/fuzz/fuzz_*; do
    n=$(basename "$f"); n=${n#fuzz_}
    [ -x "$f" ] && [ -d "fuzz/corpus/$n" ] && printf 'fuzz.%s\t%s %s\n' "$n" "$f" "fuzz/corpus/$n"
  done
  for c in tests/cli/*.t; do
    printf 'cli.%s\tCLI %s\n' "$(basename "$c" .t)" "$c"
  done
}

one() {
  local name=${1%%$'\t'*} cmd=${1#*$'\t'}
  local log="$out/$name.log" start rc
  start=$(date +%s)
  if [ "${cmd%% *}" = CLI ]; then
    NL_CLI_WRAP="$VG --log-file=$log" \
      bash tests/cli/run.sh "$build/newsloc" "${cmd#CLI }" >"$log.out" 2>&1
  else
    # shellcheck disable=SC2086
    $VG --log-file="$log" $cmd >"$log.out" 2>&1
  fi
  rc=$?
  local secs=$(( $(date +%s) - start ))
  if [ $rc -eq 0 ] || [ $rc -eq 77 ]; then
    printf 'ok    %-45s %4ds\n' "$name" "$secs"
  else
    printf 'FAIL  %-45s %4ds (exit %d) %s\n' "$name" "$secs" "$rc" "$log"
    grep -hE 'ERROR SUMMARY: [1-9]|definitely lost: [1-9]|indirectly lost: [1-9]|Invalid|uninitialised' "$log"* 2>/dev/null | head -5 | sed 's/^/      /'
  fi
  return $rc
}
summary=$(mktemp "$out/summary.XXXXXX")
trap 'rm -f "$summary"' EXIT
export -f one
export build out

list | awk -F '\t' -v re="$filter" -v skip="${NL_VALGRIND_SKIP:-^$}" \
  '$1 ~ re && $1 !~ skip' |
  xargs -P "${NL_VALGRIND_JOBS:-2}" -d '\n' -n 1 bash -c 'one "$1"' _ | tee "$summary"
fails=$(grep -c '^FAIL' "$summary")
total=$(grep -c . "$summary")
echo "valgrind: $total tests, $fails failed"
[ "$fails" -eq 0 ]
