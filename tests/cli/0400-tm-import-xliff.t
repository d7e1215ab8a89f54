Translated and final segments of an XLIFF 2.0 file are learned; the
initial one is not.
%%ARGS
tm import $DATA/tm/learn.xlf
%%STDERR-MATCH
learn.xlf: 3 segments, 2 remembered, 1 skipped
