An unknown --format is a usage error (exit 2) that prints the usage line.
%%ARGS
import --format pdf page.txt
%%EXIT
2
%%STDERR
newsloc: import: unknown format 'pdf'
usage: newsloc import FILE [--format auto|text|html|nitf] [-o OUT]
