--evaluate prints boundary precision, recall and F1 and the share of exact paragraphs.
%%FILE gold.jsonl
{"text": "Mr. Smith left. He was tired.", "expected": ["Mr. Smith left.", "He was tired."]}
{"text": "It rained. Roads closed.", "expected": ["It rained. Roads closed."]}
%%ARGS
segment --lang en --evaluate $TMP/gold.jsonl
%%STDOUT
cases 2, exact 1 (50.0%)
boundaries: expected 1, found 2, correct 1
precision 0.5000, recall 1.0000, F1 0.6667
%%STDERR-MATCH
^line 2:$
^  got:      It rained\. \| Roads closed\.$
