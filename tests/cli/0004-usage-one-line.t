A usage error is one line on stderr, naming the command and where its help is.
%%ARGS
merge only-one.xml
%%EXIT
2
%%STDERR
newsloc: merge: give the article and its translated XLIFF (see 'newsloc help merge')
