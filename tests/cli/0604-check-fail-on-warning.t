A warning (an embedding) fails only with --fail-on warning; --format github annotates.
%%FILE w.txt
name: ‫דוד‬.
%%ARGS
check --fail-on=warning --format github $TMP/w.txt
%%EXIT
1
%%STDOUT-MATCH
^::warning file=.*/w\.txt,line=1,col=7,title=bidi-embedding::RIGHT-TO-LEFT EMBEDDING \(U\+202B\)
