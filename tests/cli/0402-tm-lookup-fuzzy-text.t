A changed day is a fuzzy match, printed as score, type, source and
target; --min raises the floor.
%%ARGS
tm lookup --from en --to fa --min 75 $("$bin" tm import $DATA/tm/learn.xlf >/dev/null 2>&1) "The talks ended on Sunday."
%%STDOUT-MATCH
^ *[0-9]+ fuzzy +The talks ended on Friday\.$
^    گفتگوها روز جمعه پایان یافت\.$
