A target left in state "initial" is not a translation, for merge as for tm import: it is
listed as untranslated.
%%FILE initial.xlf
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">
  <file id="f1">
    <unit id="hl1"><segment id="s1" state="translated"><source>Parliament Approves New Budget</source><target>Parlament billigt neuen Haushalt</target></segment></unit>
    <unit id="p1"><segment id="s1" state="initial"><source>Lawmakers voted 210 to 95 in favor of the plan on Tuesday.</source><target>Die Abgeordneten stimmten am Dienstag mit 210 zu 95 für den Plan.</target></segment></unit>
  </file>
</xliff>
%%ARGS
merge $DATA/articles/short.xml $TMP/initial.xlf --no-localize -o $TMP/out.xml
%%EXIT
1
%%STDERR-MATCH
^newsloc: .*/initial\.xlf: 1 segment\(s\) without translation: p1/s1$
%%NOFILE out.xml
