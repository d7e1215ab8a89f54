Concordance on the target side finds where a Persian word was used.
%%ARGS
tm concordance --target $("$bin" tm import $DATA/tm/learn.xlf >/dev/null 2>&1) "ژنو"
%%STDOUT
en -> fa
  Both sides met in Geneva.
  دو طرف در ژنو دیدار کردند.
