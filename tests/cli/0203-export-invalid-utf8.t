An article with invalid UTF-8 is refused with the position of the bad byte; nothing is written.
%%ARGS
export $DATA/bad/invalid-utf8.xml --to fa -o $TMP/out.xlf
%%EXIT
2
%%STDERR-MATCH
^newsloc: .*/invalid-utf8\.xml:3:17: invalid UTF-8 \(byte 0xFF\)$
%%NOFILE out.xlf
