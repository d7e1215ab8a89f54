#!/usr/bin/env bash
# omegat.sh NEWSLOC - the seed article through OmegaT and back, to
# Persian and Russian.
#
# newsloc exports the article for OmegaT (--profile omegat) into an OmegaT
# project whose tm/auto/ holds the TM as newsloc exports it (TMX); OmegaT's
# console mode (--mode=console-translate) writes the translated file from
# those matches, and newsloc merges it back into a localized article.
# Checked: OmegaT sees every newsloc sentence as one segment, the TM's
# translations all reach the article through OmegaT, and merge takes
# OmegaT's file. Then an article with links and emphasis: OmegaT matches
# every segment of `tm export --omegat` (a plain TMX loses those with
# codes), and OmegaT's own TMX read back by newsloc matches them exactly.
# Prints the segment and match counts.
set -u
nl=$1
here=$(cd "$(dirname "$0")" && pwd)
command -v omegat >/dev/null || { echo "skipped: omegat is not installed (apt-get install omegat)"; exit 77; }
command -v java >/dev/null || { echo "skipped: java is not installed (omegat needs it)"; exit 77; }
seed=${NL_SHARED:-}/articles/obama-putin-call.txt
[ -f "$seed" ] || { echo "skipped: needs ../shared/articles/obama-putin-call.txt"; exit 77; }
TMP=$(mktemp -d "${NL_TEST_TMP:-/tmp}/omegat.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export NEWSLOC_TM=$TMP/tm.sqlite HOME=$TMP
fail() { echo "FAIL omegat: $*"; exit 1; }
# shellcheck source=tests/interop/lib.bash
. "$here/lib.bash"

"$nl" import "$seed" -o "$TMP/article.xml" 2>/dev/null || fail "import"

roundtrip() { # SERVICE TAG PREFIX
  local svc=$1 tag=$2 prefix=$3 p=$TMP/$1
  mkdir -p "$p/source" "$p/target" "$p/tm/auto" "$p/omegat" "$p/glossary" "$p/dictionary"
  omegat_project "$p" en "$tag"
  "$nl" export "$TMP/article.xml" --to "$svc" --no-tm --profile omegat \
    -o "$p/source/article.xlf" 2> "$TMP/export.err" || fail "export: $(cat "$TMP/export.err")"
  local want
  want=$(sed -nE 's/.* ([0-9]+) segments.*/\1/p' "$TMP/export.err")
  valid12 "$p/source/article.xlf" || fail "$svc: --profile omegat export is not valid XLIFF 1.2"
  # the translator's earlier work: every sentence, in the TM
  pseudo_tmx "$p/source/article.xlf" en "$tag" "$prefix" > "$TMP/$svc.tmx"
  "$nl" tm import "$TMP/$svc.tmx" 2>/dev/null || fail "tm import"
  "$nl" tm export --from en --to "$tag" -o "$p/tm/auto/newsloc.tmx" 2>/dev/null || fail "tm export"
  (cd "$p" && timeout 300 omegat "$p" --mode=console-translate) > "$TMP/omegat.log" 2>&1 ||
    fail "omegat: $(tail -5 "$TMP/omegat.log")"
  [ -f "$p/target/article.xlf" ] || fail "omegat wrote no target file: $(tail -5 "$TMP/omegat.log")"
  local total
  total=$(awk -F'\t' '/^Total:/ {gsub(/ /, "", $2); print $2; exit}' "$p/omegat/project_stats.txt")
  [ "$total" = "$want" ] || fail "$svc: OmegaT sees $total segments, newsloc wrote $want"
  local matched
  matched=$(grep -c "<target[^>]*>$prefix" "$p/target/article.xlf")
  [ "$matched" = "$want" ] || fail "$svc: $matched of $want segments translated by OmegaT from the TMX"
  "$nl" merge "$TMP/article.xml" "$p/target/article.xlf" -o "$TMP/$svc.xml" 2> "$TMP/merge.err" ||
    fail "merge: $(cat "$TMP/merge.err")"
  grep -q "xml:lang=\"$tag\"" "$TMP/$svc.xml" || fail "$svc: merged article is not $tag"
  local got
  got=$(grep -oE "$prefix [^ :]+:" "$TMP/$svc.xml" | sort -u | wc -l)
  [ "$got" = "$want" ] || fail "$svc: $got of $want sentences translated in the article"
  echo "omegat $svc ($tag): newsloc $want segments, OmegaT $total segments, $matched matched from newsloc's TMX, $got in the merged article"
}
roundtrip persian fa-IR "ترجمه"
roundtrip russian "$("$nl" services russian --format json | sed -nE 's/.*"tag": *"([^"]*)".*/\1/p' | head -1)" "Перевод"

# Inline codes: a translated article with links, emphasis and a break,
# then one with codes at every edge of its sentences (code_edges.h)
codes() { # ARTICLE NAME
  local art=$1 d=$TMP/$2 want coded plain tagged exact s
  mkdir -p "$d/p/source" "$d/p/target" "$d/p/tm/auto" "$d/p/omegat" "$d/p/glossary" "$d/p/dictionary"
  export NEWSLOC_TM=$d/tm.sqlite
  omegat_project "$d/p" en fa-IR
  "$nl" export "$art" --to persian --no-tm --profile omegat -o "$d/p/source/a.xlf" 2> "$d/export.err" ||
    fail "$2: export"
  want=$(sed -nE 's/.* ([0-9]+) segments.*/\1/p' "$d/export.err")
  coded=$(grep -c '<source>.*<[gx] ' "$d/p/source/a.xlf")
  sed -E 's|(<target xml:lang="fa-IR")>|\1 state="translated">ترجمه: |' \
    "$d/p/source/a.xlf" > "$d/translated.xlf"
  "$nl" tm import "$d/translated.xlf" 2>/dev/null || fail "$2: tm import"
  matched() { # TMX-EXPORT-OPTIONS...: segments OmegaT translates from the TM
    rm -f "$d/p/tm/auto/"* "$d/p/target/"*
    "$nl" tm export --from en --to fa-IR "$@" -o "$d/p/tm/auto/newsloc.tmx" 2>/dev/null || fail "tm export $*"
    (cd "$d/p" && timeout 300 omegat "$d/p" --mode=console-translate) > "$d/omegat.log" 2>&1 ||
      fail "omegat: $(tail -5 "$d/omegat.log")"
    grep -c '<target[^>]*>\(<[gx] id="[0-9]*"/\?>\)*ترجمه' "$d/p/target/a.xlf"
  }
  plain=$(matched)
  tagged=$(matched --omegat)
  [ "$tagged" = "$want" ] || fail "$2: OmegaT matched $tagged of $want segments from tm export --omegat"
  "$nl" merge "$art" "$d/p/target/a.xlf" -o "$d/merged.xml" 2> "$d/merge.err" ||
    fail "$2: merge of OmegaT's file: $(cat "$d/merge.err")"
  [ "$(grep -o '<a href=\|<br/>\|<em>' "$d/merged.xml" | wc -l)" = "$(grep -o '<a href=\|<br/>\|<em>' "$art" | wc -l)" ] ||
    fail "$2: links, breaks or emphasis did not survive OmegaT"
  echo "omegat codes ($2): $want segments ($coded with codes); OmegaT matched $plain from a plain TMX, $tagged from tm export --omegat; merged with every link, break and emphasis kept"

  # OmegaT's own TMX (tag text) read by newsloc: the sentences with codes
  # match exactly, not as fuzzy matches of "<g0>"-text
  (cd "$d/p" && timeout 300 omegat "$d/p" --mode=console-createpseudotranslatetmx \
    --pseudotranslatetmx="$d/omegat.tmx" --pseudotranslatetype=equal) > "$d/omegat.log" 2>&1 ||
    fail "omegat pseudo TMX: $(tail -5 "$d/omegat.log")"
  grep -q '&lt;g0&gt;' "$d/omegat.tmx" || fail "$2: OmegaT's TMX has no tag text to read"
  export NEWSLOC_TM=$d/tm2.sqlite
  "$nl" tm import --from en --to fa-IR "$d/omegat.tmx" 2>/dev/null || fail "$2: tm import of OmegaT's TMX"
  exact=0
  while IFS= read -r src; do
    s=$(printf '%s' "$src" | sed -E 's/<[^>]*>//g; s/&quot;/"/g; s/&amp;/\&/g')
    "$nl" tm lookup --from en --to fa-IR "$s" 2>/dev/null | head -1 | grep -q "^100 exact" && exact=$((exact + 1))
  done < <(sed -nE 's|^ *<source>(.*)</source>$|\1|p' "$d/p/source/a.xlf")
  [ "$exact" = "$want" ] || fail "$2: OmegaT's TMX: $exact of $want sentences match exactly"
  echo "omegat TMX read ($2): $exact of $want sentences match exactly ($coded with codes)"
}
codes "$NL_TEST_DATA/articles/markup.xml" markup
codes "$NL_TEST_DATA/articles/edges.xml" edges
