prune without --older-than or --status would forget everything: refused.
%%ARGS
tm prune
%%EXIT
2
%%STDERR-MATCH
prune: give --older-than DAYS, --status, or both
%%NOFILE tm.sqlite
