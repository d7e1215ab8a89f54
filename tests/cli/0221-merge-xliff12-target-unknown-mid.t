An XLIFF 1.2 target segment mrk whose mid the seg-source lacks (or with no mid) belongs to no segment: an error, not a translation dropped.
%%FILE t12.xlf
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="parliament-approves-new-budget" source-language="en" target-language="fr" datatype="xml">
    <body>
      <trans-unit id="hl1"><source>Parliament Approves New Budget</source><seg-source><mrk mtype="seg" mid="s1">Parliament Approves New Budget</mrk></seg-source><target><mrk mtype="seg" mid="s1">Le Parlement approuve le budget</mrk></target></trans-unit>
      <trans-unit id="p1"><source>Lawmakers voted 210 to 95 in favor of the plan on Tuesday.</source><seg-source><mrk mtype="seg" mid="s1">Lawmakers voted 210 to 95 in favor of the plan on Tuesday.</mrk></seg-source>
        <target><mrk mtype="seg" mid="s1">Les députés ont voté.</mrk> <mrk mtype="seg" mid="s2">Mardi.</mrk></target></trans-unit>
    </body>
  </file>
</xliff>
%%ARGS
merge $DATA/articles/short.xml $TMP/t12.xlf --no-localize -o $TMP/out.xml
%%EXIT
2
%%STDERR-MATCH
^newsloc: .*/t12\.xlf:7: target <mrk mtype="seg" mid="s2"> in unit 'p1' has no segment of that mid in <seg-source>: its translation would be lost
%%NOFILE out.xml
