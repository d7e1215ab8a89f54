A target of only spaces would publish an empty paragraph: the gate stops it.
%%FILE blank.xlf
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fa">
  <file id="f1">
    <unit id="hl1"><segment id="s1" state="translated"><source>Parliament Approves New Budget</source><target>مجلس بودجه جدید را تصویب کرد</target></segment></unit>
    <unit id="p1"><segment id="s1" state="translated"><source>Lawmakers voted 210 to 95 in favor of the plan on Tuesday.</source><target>   </target></segment></unit>
  </file>
</xliff>
%%ARGS
merge $DATA/articles/short.xml $TMP/blank.xlf -o $TMP/out.xml
%%EXIT
1
%%STDERR-MATCH
target-blank: p1/s1: the target is only whitespace$
%%NOFILE out.xml
