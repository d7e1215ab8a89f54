The segment contract: plain text on stdin, one paragraph a line, one JSON object a sentence.
%%ARGS
segment --lang en --format jsonl
%%STDIN
U.S. President Barack Obama spoke by telephone on Wednesday. The call lasted an hour.

"Are you sure?" she asked. He said "yes."
%%STDOUT
{"paragraph": 1, "text": "U.S. President Barack Obama spoke by telephone on Wednesday."}
{"paragraph": 1, "text": "The call lasted an hour."}
{"paragraph": 3, "text": "\"Are you sure?\" she asked."}
{"paragraph": 3, "text": "He said \"yes.\""}
