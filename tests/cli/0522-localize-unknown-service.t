An unknown service is refused before anything is written, with the
closest ids.
%%ARGS
merge $DATA/e2e/article.xml $DATA/e2e/persian.xlf --to persan -o out.xml
%%EXIT
2
%%STDERR-MATCH
^newsloc: no service or language 'persan'; did you mean persian
%%NOFILE out.xml
