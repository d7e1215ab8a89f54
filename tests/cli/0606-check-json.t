--format json: every field of a finding, the ITS 2.0 issue type included.
%%FILE n.txt
bad ﷐ char
%%ARGS
check --format json $TMP/n.txt
%%EXIT
1
%%STDOUT-MATCH
"line": 1, "column": 5, "offset": 4, "severity": "error", "id": "noncharacter", "its_type": "characters", "codepoint": "U\+FDD0", "fixed": false, "message": "noncharacter U\+FDD0
