The same Serbian service with a translation in Latin keeps sr-Latn-RS and writes a Latin date.
%%FILE sr.xlf
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="sr-Latn-RS">
  <file id="f1">
    <unit id="hl1"><segment id="s1"><source>UN Says Aid Will Reach 2,300 Families</source><target>UN: pomoć će stići do 2.300 porodica</target></segment></unit>
    <unit id="dl1"><segment id="s1"><source>GENEVA</source><target>ŽENEVA</target></segment></unit>
    <unit id="p1"><segment id="s1"><source>The United Nations said on Tuesday that 45% of the families need food.</source><target>Ujedinjene nacije saopštile su u utorak da je 45% porodica potrebna hrana.</target></segment><ignorable><source> </source></ignorable><segment id="s2"><source>NATO will send 300 trucks, the <pc id="1" dataRefStart="d1" dataRefEnd="d1e">U.N. office</pc> said.</source><target>NATO će poslati 300 kamiona, saopštila je <pc id="1" dataRefStart="d1" dataRefEnd="d1e">kancelarija UN</pc>.</target></segment></unit>
    <unit id="p2"><segment id="s1"><source>"We are ready," said spokesman John Smith.</source><target>"Spremni smo", rekao je portparol Džon Smit.</target></segment></unit>
    <unit id="p3"><segment id="s1"><source>Details are at www.example.org/aid or +1 202 555 0100.</source><target>Detalji su na www.example.org/aid ili +1 202 555 0100.</target></segment></unit>
  </file>
</xliff>
%%ARGS
merge $DATA/e2e/article.xml $TMP/sr.xlf --to serbian -o -
%%STDOUT-MATCH
xml:lang="sr-Latn-RS"
<dateline id="dl1">ŽENEVA, 14. mart 2026.</dateline>
