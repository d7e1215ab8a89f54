lookup needs both languages and one text.
%%ARGS
tm lookup --from en "Some text."
%%EXIT
2
%%STDERR-MATCH
lookup: give --from TAG --to TAG and one TEXT
