`--format json` gives one object per service, quotation marks and
orthography rule sets included.
%%ARGS
services --format json
%%STDOUT-MATCH
^\[$
"id": "persian", .*"quotes": \["«", "»"
"id": "kurdish-sorani", .*"tag": "ckb-IQ"
^\]$
