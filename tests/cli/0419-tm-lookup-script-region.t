zh-TW is written in Traditional script: it finds zh-Hant.
%%ARGS
tm lookup --from zh-TW --to en $("$bin" tm import $DATA/tm/zh-hant.tmx >/dev/null 2>&1) "部長週一辭職。"
%%STDOUT
100 exact      部長週一辭職。
    The minister resigned on Monday.
