A clean article: nothing printed, exit 0.
%%ARGS
check $DATA/articles/short.xml
%%EXIT
0
%%STDOUT
