A file that is not a TM is refused with exit 2 and left as it was.
%%FILE notes.txt
my notes, not a database
%%ARGS
tm import --tm notes.txt $DATA/tm/learn.xlf
%%EXIT
2
%%STDERR-MATCH
^newsloc: .*notes\.txt: not a newsloc TM
%%OUTFILE notes.txt
my notes, not a database
