--fix on standard input writes the fixed text to standard output (the report to stderr).
%%STDIN
Oʻzbekiston va O'zbek
%%ARGS
check --fix --lang uz -
%%EXIT
0
%%STDOUT
Oʻzbekiston va Oʻzbek
%%STDERR-MATCH
^<stdin>:1:16: note: orthography: fixed: "O'" -> "Oʻ" \(rule set uzbek-okina\)$
