The CLI lists its commands and rejects unknown ones with exit 2.
%%ARGS
frobnicate
%%EXIT
2
%%STDERR
newsloc: unknown command 'frobnicate' (try 'newsloc help')
