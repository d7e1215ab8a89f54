# setup.bash - what the batch scripts share (sourced, not run).
#
# articles DIR: a desk's directory made from the seed article at test time
# (never copied into the project): the scraped page as it is, its NITF,
# two NITF variants (other names and numbers, so other sentences), one in
# a subdirectory, and a NITF cut short (malformed: FILE:LINE:COL).
#
# Sourced with the script's arguments (NEWSLOC): sets nl (absolute), TMP
# (removed at exit), TM, a default TM and home inside TMP, and cds there.
set -u
nl=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TMP=$(mktemp -d "${NL_TEST_TMP:-/tmp}/$(basename "$0" .sh).XXXXXX")
trap 'rm -rf "$TMP"' EXIT
TM=$TMP/tm.sqlite
export NEWSLOC_TM=$TMP/default-tm.sqlite HOME=$TMP XDG_DATA_HOME=$TMP
cd "$TMP" || exit 1
: "${NL_SHARED:?}"
seed=$NL_SHARED/articles/obama-putin-call.txt
[ -f "$seed" ] || { echo "skipped: $seed is missing"; exit 77; }

articles() {
  local d=$1
  mkdir -p "$d/world"
  cp "$seed" "$d/scraped.txt"
  "$nl" import "$seed" -o "$d/call.xml" 2>/dev/null || return 1
  sed 's/Obama/Biden/g; s/Putin/Medvedev/g' "$d/call.xml" > "$d/world/biden.xml"
  sed 's/Syria/Libya/g; s/Wednesday/Thursday/g' "$d/call.xml" > "$d/libya.xml"
  head -n 12 "$d/call.xml" > "$d/broken.xml"
}

# pseudo_tm XLIFF... : a TMX translating every source sentence of the
# XLIFF 2.0 files as "ف N: sentence", imported into $TM.
pseudo_tm() {
  {
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en" srclang="en" datatype="plaintext"/><body>\n'
    grep -ho '<source>[^<]*</source>' "$@" | sed -E 's|<source>(.*)</source>|\1|' | sort -u |
      awk '{ printf "<tu><tuv xml:lang=\"en\"><seg>%s</seg></tuv><tuv xml:lang=\"fa-IR\"><seg>ف %d: %s</seg></tuv></tu>\n", $0, NR, $0 }'
    printf '</body></tmx>\n'
  } > "$TMP/pseudo.tmx"
  "$nl" tm import --tm "$TM" "$TMP/pseudo.tmx" 2>/dev/null
}

fail=0
bad() { echo "FAIL $(basename "$0"): $*"; fail=1; }

# json FILE EXPR: evaluates the Python expression with the summary as `s`
# (python's json module is the judge of the JSON too).
json() {
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); r=eval(sys.argv[2]); print(r if not isinstance(r,bool) else ("yes" if r else "no"))' "$1" "$2"
}
