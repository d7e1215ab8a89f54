No input is a usage error (exit 2) with the command's usage.
%%ARGS
check
%%EXIT
2
%%STDERR-MATCH
^newsloc: check: give files, directories, - or --tm DB
