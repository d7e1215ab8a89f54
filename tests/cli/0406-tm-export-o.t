export -o writes a TMX 1.4b file of what was learned.
%%ARGS
tm export -o out.tmx $("$bin" tm import $DATA/tm/learn.xlf >/dev/null 2>&1)
%%STDERR-MATCH
2 translation units written to out.tmx
