An import with --wait (the lock is free: no waiting line) stores the unit.
%%FILE a.tmx
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="en"><seg>The vote was held on Monday.</seg></tuv><tuv xml:lang="fa"><seg>رای‌گیری روز دوشنبه برگزار شد.</seg></tuv></tu>
</body></tmx>
%%ARGS
tm import --wait 30 $TMP/a.tmx
%%STDERR-MATCH
a.tmx: 1 units, 1 translations remembered, 0 skipped
