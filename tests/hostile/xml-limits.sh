#!/usr/bin/env bash
# xml-limits.sh NEWSLOC - an XML input past the XML reader's own limits
# (a run of text over 10,000,000 bytes, more than 256 nested elements)
# in every XML format newsloc reads: one line, exit 2, naming the limit
# (libxml2 says "Huge input lookup"), never a cut text with exit 0.
set -u
bin=$1
DATA=${NL_TEST_DATA:?}
TMP=$(mktemp -d "${NL_TEST_TMP:-/tmp}/hostile.xmllimits.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export NEWSLOC_TM="$TMP/tm.sqlite"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
python3 - "$TMP" <<'PY'
import sys
d = sys.argv[1]
big = "Word word word. " * 700000            # 11.2 MB in one text node
deep = "<g>" * 300 + "x" + "</g>" * 300
nitf = '<?xml version="1.0" encoding="UTF-8"?>\n<nitf xml:lang="en"><head><title>T</title></head><body><body.head><hedline><hl1 id="h">Title here</hl1></hedline></body.head><body.content><p id="p1">%s</p></body.content></body></nitf>\n'
open(d + "/huge.xml", "w").write(nitf % big)
open(d + "/deep.xml", "w").write(nitf % deep.replace("g>", "em>"))
x20 = '<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr"><file id="f1"><unit id="p1"><segment id="s1"><source>A.</source><target>%s</target></segment></unit></file></xliff>\n'
open(d + "/huge.xlf", "w").write(x20 % big)
open(d + "/deep.xlf", "w").write(x20 % deep.replace("<g>", '<pc id="1">').replace("</g>", "</pc>"))
tmx = '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/><body><tu><tuv xml:lang="en"><seg>A.</seg></tuv><tuv xml:lang="fr"><seg>%s</seg></tuv></tu></body></tmx>\n'
open(d + "/huge.tmx", "w").write(tmx % big)
open(d + "/deep.tmx", "w").write(tmx % deep.replace("<g>", "<hi>").replace("</g>", "</hi>"))
PY
# want NAME ARGS...: exit 2, one line, the limit named
want() {
  local name=$1
  shift
  "$bin" "$@" > /dev/null 2> "$TMP/err"
  local st=$?
  [ "$st" = 2 ] || { fail "$name: exit $st"; head -3 "$TMP/err"; return; }
  [ "$(wc -l < "$TMP/err")" = 1 ] || { fail "$name: not one line"; cat "$TMP/err"; }
  grep -Eq "limit(:| of)" "$TMP/err" || { fail "$name: the limit is not named"; cat "$TMP/err"; }
}
for k in huge deep; do
  want "import $k.xml" import "$TMP/$k.xml" -o "$TMP/out.xml"
  want "export $k.xml" export "$TMP/$k.xml" --to fr --no-tm -o "$TMP/out.xlf"
  want "render $k.xml" render "$TMP/$k.xml" -o "$TMP/out.html"
  want "merge $k.xlf" merge "$DATA/articles/short.xml" "$TMP/$k.xlf" -o "$TMP/out.xml"
  want "tm import $k.xlf" tm import "$TMP/$k.xlf"
  want "tm import $k.tmx" tm import "$TMP/$k.tmx"
done
[ ! -e "$TMP/out.xml" ] || fail "an output was written"
[ "$fails" = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "ok xml-limits"
