tm export --from en writes what was stored as en-US; --from zh (Simplified)
leaves out zh-Hant (docs/tm.md "Languages").
%%ARGS
tm export --from en $("$bin" tm import $DATA/tm/en-us.tmx $DATA/tm/zh-hant.tmx >/dev/null 2>&1)
%%STDOUT-MATCH
<tuv xml:lang="en-US">
<seg>The minister resigned on Monday\.</seg>
