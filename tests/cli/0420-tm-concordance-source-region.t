Filters take a language as lookups do: concordance --from en finds
sources stored as en-US (docs/tm.md "Languages").
%%ARGS
tm concordance --from en $("$bin" tm import $DATA/tm/en-us.tmx >/dev/null 2>&1) "minister"
%%STDOUT
en-US -> fa-IR
  The minister resigned on Monday.
  وزیر روز دوشنبه استعفا داد.
