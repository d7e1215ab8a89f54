An unknown service is a usage error that suggests the closest ones; nothing is written.
%%ARGS
export $DATA/articles/short.xml --to persain --no-tm -o $TMP/out.xlf
%%EXIT
2
%%STDERR
newsloc: no service or language 'persain'; did you mean persian (see 'newsloc services')
%%NOFILE out.xlf
