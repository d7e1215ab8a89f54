#!/usr/bin/env bash
# same-output.sh NEWSLOC DATA OUTDIR - nothing newsloc writes depends on
# the machine's locale.
#
# For every service, the sample article (tests/data/e2e/article.xml,
# dateline "GENEVA", date 2026-03-14) is exported, merged and localized -
# with the translator's file where tests/data/e2e has one, else with the
# export itself (--allow-untranslated keeps the English, the dateline
# still gets the service's date) - and the NITF and the --report are
# written under LANG and LC_ALL = C.UTF-8, fr_FR.UTF-8, ar_EG.UTF-8 and
# de_DE.UTF-8. ICU takes its default locale from these variables even
# when the C library has no such locale, so the environment is enough to
# make a locale-dependent call differ. Every output must be byte-identical
# to the C.UTF-8 one, and every service's dateline must end with its date
# as tests/locale/dates.tsv has it.
set -u
bin=$1 data=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out" && mkdir -p "$out" || exit 2
langs="C.UTF-8 fr_FR.UTF-8 ar_EG.UTF-8 de_DE.UTF-8"
fail=0 n=0
ids=$("$bin" services | awk '{print $1}')
[ -n "$ids" ] || { echo "no services listed"; exit 1; }
for lang in $langs; do
  mkdir -p "$out/$lang"
  for id in $ids; do
    xlf="$data/e2e/$id.xlf" allow=""
    if [ ! -f "$xlf" ]; then
      xlf="$out/$lang/$id.export.xlf" allow="--allow-untranslated"
      LANG=$lang LC_ALL=$lang "$bin" export "$data/e2e/article.xml" --to "$id" 2>/dev/null \
        --no-tm -o "$xlf" || { echo "$lang $id: export failed"; fail=1; continue; }
    fi
    LANG=$lang LC_ALL=$lang "$bin" merge "$data/e2e/article.xml" "$xlf" --to "$id" \
      $allow --report "$out/$lang/$id.report" -o "$out/$lang/$id.xml" 2>/dev/null ||
      { echo "$lang $id: merge failed"; fail=1; continue; }
  done
done
for id in $ids; do
  n=$((n + 1))
  want=$(awk -F'\t' -v id="$id" '$1 == id { print $2 }' "$here/dates.tsv")
  got=$(grep -o '<dateline[^>]*>[^<]*</dateline>' "$out/C.UTF-8/$id.xml")
  if [ -z "$want" ] || [ "${got%"$want</dateline>"}" = "$got" ]; then
    echo "$id: the dateline should end with \"$want\": $got"
    fail=1
  fi
  for lang in $langs; do
    for f in "$id.xml" "$id.report"; do
      if ! cmp -s "$out/C.UTF-8/$f" "$out/$lang/$f"; then
        echo "$id: $f differs under LANG=$lang:"
        diff "$out/C.UTF-8/$f" "$out/$lang/$f" | head -5
        fail=1
      fi
    done
  done
done
echo "$n services, 4 locales: $([ $fail = 0 ] && echo identical || echo DIFFERENT)"
exit $fail
