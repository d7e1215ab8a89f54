A target that is a copy of its English source (OmegaT leaves those in untranslated segments)
stops the merge: exit 1, the list of what to fix on stderr, nothing written.
%%FILE copy.xlf
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fa">
  <file id="f1">
    <unit id="hl1"><segment id="s1" state="translated"><source>Parliament Approves New Budget</source><target>مجلس بودجه جدید را تصویب کرد</target></segment></unit>
    <unit id="p1"><segment id="s1" state="translated"><source>Lawmakers voted 210 to 95 in favor of the plan on Tuesday.</source><target>Lawmakers voted 210 to 95 in favor of the plan on Tuesday.</target></segment></unit>
  </file>
</xliff>
%%ARGS
merge $DATA/articles/short.xml $TMP/copy.xlf -o $TMP/out.xml
%%EXIT
1
%%STDERR-MATCH
^newsloc: .*/copy\.xlf:5: 1 problem\(s\) stop the merge
^.*/copy\.xlf:5: target-equals-source: p1/s1: the target is a copy of the source \(untranslated\)$
%%NOFILE out.xml
