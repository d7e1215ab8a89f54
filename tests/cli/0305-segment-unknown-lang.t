A well-formed tag that no language has is an error, not a silent fall-back to the Default rules.
%%ARGS
segment --lang xx
%%STDIN
Hello. Bye.
%%EXIT
2
%%STDERR
newsloc: unknown language 'xx': neither ICU nor a service knows it (--srx FILE serves any tag)
