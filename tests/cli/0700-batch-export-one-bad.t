A batch export where one article is malformed: the good one is written
(its XLIFF exactly as `export` writes it), the bad one fails alone with
FILE:LINE:COL on stderr and in the summary; exit 2, the worst file's.
%%FILE budget.xml
<?xml version="1.0" encoding="UTF-8"?>
<nitf version="-//IPTC//DTD NITF 3.6//EN" xml:lang="en" dir="ltr">
  <head><title>Parliament Approves New Budget</title></head>
  <body>
    <body.head><hedline><hl1 id="hl1">Parliament Approves New Budget</hl1></hedline></body.head>
    <body.content>
      <p id="p1">Lawmakers voted 210 to 95 in favor of the plan on Tuesday. It takes effect in May.</p>
    </body.content>
  </body>
</nitf>
%%FILE broken.xml
<?xml version="1.0" encoding="UTF-8"?>
<nitf version="-//IPTC//DTD NITF 3.6//EN" xml:lang="en">
  <body><body.content><p id="p1">Cut short.</b></body.content></body>
</nitf>
%%ARGS
batch export . --to fa --no-tm -o out --format json --jobs 2
%%EXIT
2
%%STDOUT
{"command": "export", "files": [
  {"status": "failed", "input": "./broken.xml", "target": "fa-IR", "exit": 2, "reason": "./broken.xml:3:48: XML: Opening and ending tag mismatch: p line 3 and b", "error": {"code": "malformed input", "file": "./broken.xml", "line": 3, "column": 48, "message": "XML: Opening and ending tag mismatch: p line 3 and b"}},
  {"status": "done", "input": "./budget.xml", "target": "fa-IR", "output": "out/fa-IR/budget.xlf", "exit": 0, "units": 2, "segments": 3, "prefilled": 0, "fuzzy": 0}
], "done": 1, "failed": 1, "skipped": 0, "exit": 2}
%%STDERR
newsloc: ./broken.xml:3:48: XML: Opening and ending tag mismatch: p line 3 and b
newsloc: batch export: 2 file(s): 1 done, 1 failed, 0 skipped
%%NOFILE out/fa-IR/broken.xlf
