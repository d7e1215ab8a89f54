An unknown check id in --disable is a usage error naming it.
%%ARGS
check --disable bidi-override,no-such-check $DATA/articles/short.xml
%%EXIT
2
%%STDERR-MATCH
no check 'no-such-check'
