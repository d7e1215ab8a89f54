--fix: Arabic yeh and kaf in a Persian article are replaced, the file rewritten atomically,
each change reported; what is left (the dir) is still an error.
%%FILE fa.xml
<?xml version="1.0" encoding="UTF-8"?>
<nitf xml:lang="fa" dir="ltr"><body><p>كتاب علي</p></body></nitf>
%%ARGS
check --fix $TMP/fa.xml
%%EXIT
1
%%STDOUT-MATCH
fa\.xml:2:40: note: orthography: fixed: "ك" -> "ک" \(rule set persian-letters\)$
fa\.xml:2:47: note: orthography: fixed: "ي" -> "ی" \(rule set persian-letters\)$
fa\.xml:2:26: error: bidi-dir-mismatch:
%%OUTFILE fa.xml
<?xml version="1.0" encoding="UTF-8"?>
<nitf xml:lang="fa" dir="ltr"><body><p>کتاب علی</p></body></nitf>
