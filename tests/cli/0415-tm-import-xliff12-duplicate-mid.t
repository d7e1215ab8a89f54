Two segment markers with one mid in an XLIFF 1.2 unit: both would take
the same target. An error naming both lines.
%%FILE in.xlf
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a" source-language="en" target-language="fr" datatype="plaintext"><body>
    <trans-unit id="p1">
      <source>One. Two.</source>
      <seg-source><mrk mtype="seg" mid="1">One.</mrk>
        <mrk mtype="seg" mid="1">Two.</mrk></seg-source>
      <target state="translated"><mrk mtype="seg" mid="1">Un.</mrk> <mrk mtype="seg" mid="2">Deux.</mrk></target>
    </trans-unit>
  </body></file>
</xliff>
%%ARGS
tm stats $("$bin" tm import in.xlf 2>err.txt)
%%STDOUT
%%OUTFILE err.txt
newsloc: in.xlf:7: duplicate segment id '1' in unit 'p1' (first at line 6)
