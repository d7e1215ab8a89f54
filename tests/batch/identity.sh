#!/usr/bin/env bash
# identity.sh NEWSLOC - a batch writes, byte for byte, what the single
# commands write for each file: export (XLIFF 2.0, and 1.2 with the
# OmegaT profile, with a TM), merge (with --to and without) and check
# (JSON and text reports). The batch runs with two workers, so a
# worker's reused segmenter, registry and TM connection are under test.
source "$(cd "$(dirname "$0")" && pwd)/setup.bash" "$1"
articles arts || { echo "FAIL: cannot make the articles"; exit 1; }
rm arts/broken.xml
# a Persian TM for some of the sentences, so that exports differ by
# article and carry pre-fills and fuzzy candidates
"$nl" export arts/call.xml --to fa --no-tm -o seed.xlf 2>/dev/null
pseudo_tm seed.xlf
n=0

same() { # BATCH-OUTPUT SINGLE-OUTPUT WHAT
  n=$((n + 1))
  cmp -s "$1" "$2" || bad "$3: $1 differs from the single command's $2"
}

stem() { local p=${1#arts/}; echo "${p%.*}"; }

"$nl" batch export arts --to fa,ps --tm "$TM" -o b1 --jobs 2 2> /dev/null ||
  bad "batch export failed"
"$nl" batch export arts --to fa,ur --tm "$TM" --xliff 1.2 --profile omegat --min 50 -o b2 --jobs 2 2> /dev/null ||
  bad "batch export 1.2 failed"
for a in $(find arts -type f | sort); do
  s=$(stem "$a")
  for t in fa:fa-IR ps:ps-AF; do
    "$nl" export "$a" --to "${t%%:*}" --tm "$TM" -o single.xlf 2> /dev/null
    same "b1/${t#*:}/$s.xlf" single.xlf "export $a --to ${t%%:*}"
  done
  for t in fa:fa-IR ur:ur-PK; do
    "$nl" export "$a" --to "${t%%:*}" --tm "$TM" --xliff 1.2 --profile omegat --min 50 -o single.xlf 2> /dev/null
    same "b2/${t#*:}/$s.xlf" single.xlf "export --profile omegat $a --to ${t%%:*}"
  done
done
grep -q '<target' b1/fa-IR/call.xlf || bad "the TM pre-filled nothing: the test would prove little"

# merge: every sentence translated by the TM
pseudo_tm b1/fa-IR/*.xlf b1/fa-IR/world/*.xlf
"$nl" batch export arts --to fa --tm "$TM" -o xlf --jobs 2 2> /dev/null
"$nl" batch merge arts xlf --to fa -o m1 --jobs 2 2> /dev/null || bad "batch merge --to failed"
"$nl" batch merge arts xlf/fa-IR -o m2 --no-localize --jobs 2 2> /dev/null || bad "batch merge failed"
for a in $(find arts -type f | sort); do
  s=$(stem "$a")
  "$nl" merge "$a" "xlf/fa-IR/$s.xlf" --to fa -o single.xml 2> /dev/null
  same "m1/fa-IR/$s.xml" single.xml "merge $a --to fa"
  "$nl" merge "$a" "xlf/fa-IR/$s.xlf" --no-localize -o single.xml 2> /dev/null
  same "m2/$s.xml" single.xml "merge --no-localize $a"
done

# check: the reports, and each file's status
"$nl" batch check xlf -o c1 --summary c1.json --jobs 2 2> /dev/null
"$nl" batch check m1 -o c2 --report-format text --lang fa --summary c2.json --jobs 2 2> /dev/null
for f in $(find xlf -type f -name '*.xlf' | sort); do
  "$nl" check "$f" --format json > single.json 2> /dev/null
  st=$?
  same "c1/${f#xlf/}.json" single.json "check $f"
  [ "$(json c1.json "[x['exit'] for x in s['files'] if x['input'] == '$f'][0]")" = "$st" ] ||
    bad "check $f: batch status differs from the single command's $st"
done
for f in $(find m1 -type f -name '*.xml' | sort); do
  "$nl" check "$f" --lang fa > single.txt 2> /dev/null
  same "c2/${f#m1/}.txt" single.txt "check --lang fa $f"
done

[ "$n" = 32 ] || bad "only $n comparisons"
[ $fail = 0 ] && echo "identity: $n batch outputs equal the single commands' bytes"
exit $fail
