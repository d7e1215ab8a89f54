# lib.sh - what the interop scripts share (sourced, not run).

# omegat_project DIR SOURCE-LANG TARGET-LANG: an OmegaT project file with
# the default folders, without OmegaT's own sentence segmentation (each
# trans-unit of newsloc's OmegaT profile is already one sentence).
omegat_project() {
  cat > "$1/omegat.project" <<XML
<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>$2</source_lang>
    <target_lang>$3</target_lang>
    <source_tok>org.omegat.tokenizer.DefaultTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.DefaultTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
XML
}

# valid12 XLIFF: the file passes the official XLIFF 1.2 strict schema
# (../shared/schemas), or the caller fails.
valid12() {
  command -v xmllint >/dev/null || { echo "xmllint is not installed (libxml2-utils)"; return 1; }
  xmllint --noout --nonet --schema "$NL_SHARED/schemas/xliff-1.2/xliff-core-1.2-strict.xsd" "$1" 2>&1 |
    grep -v ' validates$'
  return "${PIPESTATUS[0]}"
}

# pseudo_tmx XLIFF SRC TGT PREFIX: a TMX translating every <source> line
# of an XLIFF (one a line, as newsloc writes them) as "PREFIX N: source".
pseudo_tmx() {
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en" srclang="%s" datatype="plaintext"/><body>\n' "$2"
  sed -nE 's|^ *<source>(.*)</source>$|\1|p' "$1" | awk -v s="$2" -v t="$3" -v p="$4" '
    { printf "<tu><tuv xml:lang=\"%s\"><seg>%s</seg></tuv><tuv xml:lang=\"%s\"><seg>%s %d: %s</seg></tuv></tu>\n", s, $0, t, p, NR, $0 }'
  printf '</body></tmx>\n'
}
