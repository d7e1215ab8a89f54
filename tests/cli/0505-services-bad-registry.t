A registry with a typo in a key is refused with its file, line and column.
%%ENV
NEWSLOC_LOCALES=$TMP
%%FILE services.json
{"format": "newsloc-services-1", "services": [
 {"id": "persian", "name": "Persian", "native": "فارسی", "tag": "fa-IR",
  "script": "Arab", "dir": "rtl", "digits": "arabext",
  "quotes": ["«", "»", "‹", "›"], "calendar": "persian",
  "orthographie": [], "status": "active"}]}
%%ARGS
services
%%EXIT
2
%%STDERR-MATCH
^newsloc: .*services.json:5:3: unknown key "orthographie" in a service$
