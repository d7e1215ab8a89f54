#!/usr/bin/env bash
# pofilter.sh NEWSLOC DATA - newsloc check against translate-toolkit's
# pofilter on an XLIFF 1.2 file with planted errors.
#
# For each pofilter test that has a counterpart check, the units each
# tool flags are listed; the listing must equal agreement.tsv, where the
# differences are written down with their reason (see docs/checks.md).
# Without pofilter (Debian translate-toolkit) the test is skipped (77).
set -u
bin=$1 data=$2/check-pofilter
if ! command -v pofilter >/dev/null 2>&1; then
  echo "SKIP: pofilter (Debian package translate-toolkit) is not installed"
  exit 77
fi
tmp=$(mktemp -d "${NL_TEST_TMP:-/tmp}/pofilter.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$bin" check "$data/planted.xlf" > "$tmp/ours.txt"
got=$tmp/got.tsv
printf '# pofilter test\tcheck\tunits pofilter flags\tunits newsloc flags\n' > "$got"
while IFS=$'\t' read -r test ids; do
  case "$test" in "#"*|"") continue ;; esac
  pofilter -t "$test" "$data/planted.xlf" "$tmp/$test.xlf" >/dev/null 2>&1
  theirs=$( [ -f "$tmp/$test.xlf" ] &&
    grep -o 'trans-unit[^>]* id="[^"]*"' "$tmp/$test.xlf" |
    sed 's/.* id="\([^"]*\)"/\1/' | sort -u | tr '\n' ' ')
  # "id" or "id/word": findings of the check (whose message starts so)
  pat=$(echo "$ids" | sed -E 's#([a-z-]+)/([a-z]+)#\1: u[0-9]+: \2#g; s/,/|/g')
  ours=$(grep -E ": ($pat)" "$tmp/ours.txt" | grep -oE ': u[0-9]+: ' |
    grep -oE 'u[0-9]+' | sort -u | tr '\n' ' ')
  printf '%s\t%s\t%s\t%s\n' "$test" "$ids" "${theirs% }" "${ours% }" >> "$got"
done < <(sed -n 's/^\([a-z]*\)\t\([a-z,/-]*\)\t.*/\1\t\2/p' "$data/agreement.tsv")
if ! diff <(grep -v '^#' "$data/agreement.tsv" | cut -f1-4) <(grep -v '^#' "$got"); then
  echo "FAIL: pofilter and newsloc check no longer agree as agreement.tsv says"
  exit 1
fi
echo "ok: $(grep -vc '^#' "$got") pofilter tests compared"
