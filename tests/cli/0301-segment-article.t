Given an article, segment splits every translatable block and names it.
%%ARGS
segment --lang en $DATA/articles/short.xml
%%STDOUT
{"block": "hl1", "paragraph": 1, "text": "Parliament Approves New Budget"}
{"block": "p1", "paragraph": 2, "text": "Lawmakers voted 210 to 95 in favor of the plan on Tuesday."}
