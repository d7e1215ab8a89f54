Every file named is imported, however many: the 300th here (once a
fixed table of 256 dropped it without a word).
%%ARGS
tm import $(for i in $(seq 299); do printf '%s ' "$DATA/tm/learn.xlf"; done) $DATA/xliff/other-article.xlf
%%STDERR-MATCH
other-article\.xlf: [0-9]+ segments
