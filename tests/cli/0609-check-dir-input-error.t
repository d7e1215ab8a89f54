A directory: every file is checked; one that is not well-formed XML is an input-error
finding and the exit status is 2, the other files still reported.
%%ARGS
check $DATA/check-dir
%%EXIT
2
%%STDOUT-MATCH
/check-dir/a\.xml:2:15: error: input-error: unterminated tag$
/check-dir/b\.txt:1:5: warning: private-use: private-use character U\+E000
