OmegaT leaves an untranslated segment as the copy of its source it was
given, without a state (the OmegaT profile writes none): tm import does not
learn such copies (merge's target-equals-source), or the next export would
pre-fill English as Persian. A name copied as it is (no words to translate)
and a real translation are learnt.
%%FILE omegat.xlf
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a" source-language="en" target-language="fa-IR" datatype="xml">
    <body>
      <group id="p1" restype="x-newsloc-sentences">
        <trans-unit id="p1/s1" resname="s1" xml:space="preserve">
          <source>Heavy rain closed the schools.</source>
          <target xml:lang="fa-IR">Heavy rain closed the schools.</target>
        </trans-unit>
        <trans-unit id="p1/s2" resname="s2" xml:space="preserve">
          <source>Officials expect <g id="1">more</g> closures.</source>
          <target xml:lang="fa-IR">Officials expect <g id="1">more</g> closures.</target>
        </trans-unit>
        <trans-unit id="p1/s3" resname="s3" xml:space="preserve">
          <source>VOA News</source>
          <target xml:lang="fa-IR">VOA News</target>
        </trans-unit>
        <trans-unit id="p1/s4" resname="s4" xml:space="preserve">
          <source>Forecasters agree.</source>
          <target xml:lang="fa-IR">پیش‌بینی‌کنندگان موافق‌اند.</target>
        </trans-unit>
      </group>
    </body>
  </file>
</xliff>
%%ARGS
tm import $TMP/omegat.xlf
%%STDERR-MATCH
omegat\.xlf: 4 segments, 2 remembered, 2 skipped \(not translated\)$
