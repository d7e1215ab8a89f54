A CAT tool's TMX stores English as EN-US; an article's "en" finds it
(docs/tm.md "Languages"): 100 exact, exit 0.
%%ARGS
tm lookup --from en --to fa $("$bin" tm import $DATA/tm/en-us.tmx >/dev/null 2>&1) "The minister resigned on Monday."
%%STDOUT
100 exact      The minister resigned on Monday.
    وزیر روز دوشنبه استعفا داد.
