A batch check: each file's report where `check FILE` would print it, the
summary names the file that fails the gate with its first finding, and
the batch exits as its worst file (1: findings).
%%FILE a-clean.txt
A clean line.
%%FILE b-override.txt
Café: access level ‮user
%%ARGS
batch check . -o out --format json --jobs 2
%%EXIT
1
%%STDOUT
{"command": "check", "files": [
  {"status": "done", "input": "./a-clean.txt", "output": "out/a-clean.txt.json", "exit": 0, "findings": 0},
  {"status": "failed", "input": "./b-override.txt", "output": "out/b-override.txt.json", "exit": 1, "reason": "2 finding(s) at or above error; first: ./b-override.txt:1:20: bidi-override: RIGHT-TO-LEFT OVERRIDE (U+202E) forces the display order of the text after it (Trojan Source): use markup or isolates", "findings": 2}
], "done": 1, "failed": 1, "skipped": 0, "exit": 1}
%%OUTFILE out/a-clean.txt.json
{"findings": [
]}
