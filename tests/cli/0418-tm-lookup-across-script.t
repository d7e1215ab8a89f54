A source is never served across a script: zh (Simplified) does not find
what was stored as zh-Hant.
%%ARGS
tm lookup --from zh --to en $("$bin" tm import $DATA/tm/zh-hant.tmx >/dev/null 2>&1) "部長週一辭職。"
%%STDERR
newsloc: no match in the TM (zh-Hans-CN -> en, at least 70%)
%%EXIT
1
