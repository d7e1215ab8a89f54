After an import (run inside the argument list: a case is one command),
lookups report each match as one JSON line: in-context is not possible
without neighbours, so the learned sentence is exact, and a sentence
with one word changed is fuzzy.
%%ARGS
tm lookup --from en --to fa --format jsonl $("$bin" tm import $DATA/tm/learn.xlf >/dev/null 2>&1) "The talks ended on Friday."
%%STDOUT
{"score": 100, "type": "exact", "source": "The talks ended on Friday.", "target": "گفتگوها روز جمعه پایان یافت."}
