Looking up in a TM that does not exist yet is an error, and creates
nothing.
%%ARGS
tm lookup --from en --to fa "Anything."
%%EXIT
2
%%STDERR-MATCH
^newsloc: .*tm\.sqlite: 
%%NOFILE tm.sqlite
