An XLIFF whose source text differs from the article (another revision) is refused.
%%ARGS
merge $DATA/articles/markup.xml $DATA/xliff/wrong-source.xlf -o $TMP/out.xml
%%EXIT
2
%%STDERR-MATCH
^newsloc: .*/wrong-source\.xlf:5:7: unit 'hl1' segment 's1': source "Floods Close Schools Across Four Provinces" is not the article's text
%%NOFILE out.xml
