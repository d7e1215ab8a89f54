Empty standard input is an error.
%%ARGS
import -
%%EXIT
2
%%STDERR
newsloc: <stdin>: no article text found
