stats counts translations per language pair.
%%ARGS
tm stats $("$bin" tm import $DATA/tm/learn.xlf >/dev/null 2>&1)
%%STDOUT
en -> fa: 2
