An unknown service is an input error that suggests the closest ids.
%%ARGS
services persion
%%EXIT
2
%%STDERR-MATCH
^newsloc: no service 'persion'; did you mean persian
