A segment marker inside another in an XLIFF 1.2 target would count its
text twice (once in each segment's translation): an error naming both
lines, and nothing learned.
%%FILE in.xlf
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a" source-language="en" target-language="fr" datatype="plaintext"><body>
    <trans-unit id="p1">
      <source>One. Two.</source>
      <seg-source><mrk mtype="seg" mid="1">One.</mrk> <mrk mtype="seg" mid="2">Two.</mrk></seg-source>
      <target state="translated"><mrk mtype="seg" mid="1">Un.
        <mrk mtype="seg" mid="2">Deux.</mrk></mrk></target>
    </trans-unit>
  </body></file>
</xliff>
%%ARGS
tm stats $("$bin" tm import in.xlf 2>err.txt)
%%STDOUT
%%OUTFILE err.txt
newsloc: in.xlf:8: <mrk mtype="seg"> inside another (line 7) in unit 'p1': a segment cannot hold a segment
