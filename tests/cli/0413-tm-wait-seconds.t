--wait takes a number of seconds, 1 to 86400; anything else is refused
before the TM is touched.
%%ARGS
tm lookup --wait 0 --from en --to fa "Hello."
%%EXIT
2
%%STDERR-MATCH
lookup: --wait takes seconds, 1 to 86400
%%NOFILE tm.sqlite
