Dari's own code, which ICU lacks but a service writes, is a language.
%%ARGS
segment --lang prs
%%STDIN
سلام. خدا حافظ.
%%EXIT
0
%%STDOUT
{"paragraph": 1, "text": "سلام."}
{"paragraph": 1, "text": "خدا حافظ."}
