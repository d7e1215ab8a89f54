An XLIFF that belongs to another article is refused: file and line named, exit 2, no output.
%%ARGS
merge $DATA/articles/markup.xml $DATA/xliff/other-article.xlf -o $TMP/out.xml
%%EXIT
2
%%STDERR-MATCH
^newsloc: .*/other-article\.xlf:5:7: unit 'p7' is not a translatable block of the article
%%NOFILE out.xml
