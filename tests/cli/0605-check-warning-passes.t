By default only errors fail: a warning is printed, exit 0.
%%FILE w.txt
name: ‫דוד‬.
%%ARGS
check $TMP/w.txt
%%EXIT
0
%%STDOUT-MATCH
^.*/w\.txt:1:7: warning: bidi-embedding:
