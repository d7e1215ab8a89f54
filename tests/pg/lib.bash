# lib.bash - what the PostgreSQL store tests share (sourced after
# server.bash): a data set and the same questions put to any TM.
#
#   make_data DIR     a generated TMX, its query list, and an XLIFF with
#                     contexts (articles translated unit by unit)
#   ask NEWSLOC TM DIR OUT   every question, answers into OUT: lookups
#                     (exact, near-exact, fuzzy; jsonl), concordance on
#                     both sides, stats, the whole TM as TMX, and export
#                     --tm of the articles (in-context and same-unit)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/../.." && pwd)

make_data() {
  local dir=$1 units=${2:-2000}
  python3 "$src/bench/gen_tmx.py" --units "$units" --seed 7 \
    --out "$dir/gen.tmx" || return 1
  python3 - "$dir" <<'PY' || return 1
import random, re, sys
d = sys.argv[1]
rng = random.Random(3)
srcs = re.findall(r'<tuv xml:lang="en"><seg>([^<]*)</seg>', open(d + "/gen.tmx", encoding="utf-8").read())
qs = []
for s in rng.sample(srcs, 20):
    w = s.split()
    qs.append(s)                                   # exact
    qs.append(s.upper() if rng.random() < .5 else s.replace(".", "!"))  # near
    k = rng.randrange(len(w) - 1)
    qs.append(" ".join(w[:k] + w[k + 1:]))         # a word fewer
    qs.append(" ".join(w[:-1] + [str(rng.randrange(9999)) + "."]))  # a number
    qs.append(" ".join(rng.sample(w, len(w))))     # shuffled
qs += ["the", "president said talks", "rain", "central bank decision"]
open(d + "/queries.txt", "w", encoding="utf-8").write("\n".join(qs) + "\n")
PY
}

# The articles exported, every segment given a target, imported: the
# TM then knows each segment's neighbours and unit.
make_contexts() {
  local nl=$1 dir=$2 tm=$3 i=0 a
  for a in "$NL_TEST_DATA"/articles/*.xml; do
    i=$((i + 1))
    "$nl" export "$a" --to fa --no-tm -o "$dir/art$i.xlf" 2>/dev/null || return 1
    python3 - "$dir/art$i.xlf" <<'PY' || return 1
import re, sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = re.sub(r'<segment id="([^"]*)"><source>(.*?)</source></segment>',
           lambda m: '<segment id="%s" state="final"><source>%s</source>'
                     '<target>FA %s</target></segment>' % (m.group(1), m.group(2), m.group(2)),
           s, flags=re.S)
open(p, "w", encoding="utf-8").write(s)
PY
    "$nl" tm import --tm "$tm" "$dir/art$i.xlf" 2>/dev/null || return 1
  done
}

ask() {
  local nl=$1 tm=$2 dir=$3 out=$4 a q w
  : > "$out"
  while IFS= read -r q; do
    {
      printf '== lookup %s\n' "$q"
      "$nl" tm lookup --tm "$tm" --from en --to fa --min 50 --format jsonl \
        "$q" 2>&1
      printf 'exit %s\n' "$?"
    } >> "$out"
  done < "$dir/queries.txt"
  for w in president "talks would" "heavy rain" 1234 "central bank"; do
    printf '== concordance %s\n' "$w" >> "$out"
    "$nl" tm concordance --tm "$tm" "$w" >> "$out" 2>&1
  done
  for w in "بانک مرکزی" "FA Lawmakers"; do
    printf '== concordance --target %s\n' "$w" >> "$out"
    "$nl" tm concordance --tm "$tm" --target "$w" >> "$out" 2>&1
  done
  printf '== stats\n' >> "$out"
  "$nl" tm stats --tm "$tm" >> "$out" 2>&1
  printf '== export\n' >> "$out"
  # units imported without a date got the time of their import
  "$nl" tm export --tm "$tm" 2>&1 | grep -v 'creationdate=' |
    sed "s/changedate=\"$(date -u +%Y%m%d)T[0-9]*Z\"/changedate=\"today\"/" >> "$out"
  for a in "$NL_TEST_DATA"/articles/*.xml; do
    printf '== export --tm %s\n' "$(basename "$a")" >> "$out"
    "$nl" export "$a" --to fa --tm "$tm" >> "$out" 2>&1
    # the TM named by NEWSLOC_TM alone: a server URL is no file to look for
    printf '== NEWSLOC_TM export %s\n' "$(basename "$a")" >> "$out"
    NEWSLOC_TM="$tm" "$nl" export "$a" --to fa >> "$out" 2>&1
  done
  local b; b=$(mktemp -d "$dir/batch.XXXXXX")
  printf '== NEWSLOC_TM batch export\n' >> "$out"
  NEWSLOC_TM="$tm" "$nl" batch export "$NL_TEST_DATA/articles" --to fa \
    -o "$b" --jobs 2 2>&1 | sed "s|$b|OUT|g" >> "$out"
  for x in "$b"/fa-IR/*.xlf; do
    printf '== %s\n' "$(basename "$x")" >> "$out"
    cat "$x" >> "$out"
  done
}
