A TMX unit's props and notes come back with its match: jsonl lookups
add the translation's meta (tests/data/tmx/meta.tmx, unit m2: one note
on the target variant).
%%ARGS
tm lookup --from en --to fa --format jsonl $("$bin" tm import $DATA/tmx/meta.tmx >/dev/null 2>&1) "No unit-level notes here."
%%STDOUT
{"score": 100, "type": "exact", "source": "No unit-level notes here.", "target": "اینجا یادداشتی در سطح واحد نیست.", "meta": {"props":[],"notes":[{"level":"target","text":"Only the target has a note."}]}}
