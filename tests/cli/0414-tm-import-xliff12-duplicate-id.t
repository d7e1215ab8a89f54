Two XLIFF 1.2 trans-units with one id: merge and the TM find
translations by id, so the second would be ignored or the first
replaced. An error naming both lines, and nothing learned.
%%FILE in.xlf
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a" source-language="en" target-language="fr" datatype="plaintext"><body>
    <trans-unit id="p1">
      <source>One.</source>
      <target state="translated">Un.</target>
    </trans-unit>
    <trans-unit id="p1">
      <source>Two.</source>
      <target state="translated">Deux.</target>
    </trans-unit>
  </body></file>
</xliff>
%%ARGS
tm stats $("$bin" tm import in.xlf 2>err.txt)
%%STDOUT
%%OUTFILE err.txt
newsloc: in.xlf:8: duplicate unit id 'p1' (first at line 4)
