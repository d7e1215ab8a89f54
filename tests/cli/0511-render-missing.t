A missing article is an input error and no page is written.
%%ARGS
render nosuch.xml -o out.html
%%EXIT
2
%%STDERR-MATCH
^newsloc: .*nosuch.xml
%%NOFILE out.html
