An unknown --format is a usage error (exit 2): one line, pointing at the help.
%%ARGS
import --format pdf page.txt
%%EXIT
2
%%STDERR
newsloc: import: unknown format 'pdf' (see 'newsloc help import')
