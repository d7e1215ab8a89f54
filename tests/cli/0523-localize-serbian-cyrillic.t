Serbian is published in Latin and in Cyrillic (the registry's "scripts"): a translation written in
Cyrillic gets xml:lang sr-Cyrl-RS and a Cyrillic date, although the export's trgLang was
sr-Latn-RS; the report names the date it added.
%%FILE sr.xlf
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="sr-Latn-RS">
  <file id="f1">
    <unit id="hl1"><segment id="s1"><source>UN Says Aid Will Reach 2,300 Families</source><target>УН: помоћ ће стићи до 2.300 породица</target></segment></unit>
    <unit id="dl1"><segment id="s1"><source>GENEVA</source><target>ЖЕНЕВА</target></segment></unit>
    <unit id="p1"><segment id="s1"><source>The United Nations said on Tuesday that 45% of the families need food.</source><target>Уједињене нације саопштиле су у уторак да је 45% породица потребна храна.</target></segment><ignorable><source> </source></ignorable><segment id="s2"><source>NATO will send 300 trucks, the <pc id="1" dataRefStart="d1" dataRefEnd="d1e">U.N. office</pc> said.</source><target>НАТО ће послати 300 камиона, саопштила је <pc id="1" dataRefStart="d1" dataRefEnd="d1e">канцеларија УН</pc>.</target></segment></unit>
    <unit id="p2"><segment id="s1"><source>"We are ready," said spokesman John Smith.</source><target>"Спремни смо", рекао је портпарол Џон Смит.</target></segment></unit>
    <unit id="p3"><segment id="s1"><source>Details are at www.example.org/aid or +1 202 555 0100.</source><target>Детаљи су на www.example.org/aid или +1 202 555 0100.</target></segment></unit>
  </file>
</xliff>
%%ARGS
merge $DATA/e2e/article.xml $TMP/sr.xlf --to serbian --report $TMP/report.tsv -o -
%%STDOUT-MATCH
xml:lang="sr-Cyrl-RS"
<dateline id="dl1">ЖЕНЕВА, 14. март 2026.</dateline>
