A truncated XLIFF fails with the file, line and column of the fault.
%%FILE broken.xlf
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fa">
  <file id="f1">
    <unit id="hl1">
      <segment id="s1"><source>Floods
%%ARGS
merge $DATA/articles/markup.xml $TMP/broken.xlf -o $TMP/out.xml
%%EXIT
2
%%STDERR-MATCH
^newsloc: .*/broken\.xlf:[0-9]+:[0-9]+: XML: 
%%NOFILE out.xml
