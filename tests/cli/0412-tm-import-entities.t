Entities an XLIFF file declares in its internal subset are part of the
translation the TM learns; an undeclared one fails the file, named with
its position, and the TM learns nothing from it.
%%FILE ok.xlf
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE xliff [<!ENTITY eacute "&#233;"><!ENTITY house "Voice of America">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr">
  <file id="f1"><unit id="p1"><segment id="s1" state="final">
    <source>The cafe of &house;.</source>
    <target>Le caf&eacute; de &house;.</target>
  </segment></unit></file>
</xliff>
%%FILE bad.xlf
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE xliff SYSTEM "xliff.dtd">
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr">
  <file id="f1"><unit id="p1"><segment id="s1" state="final">
    <source>The bar.</source>
    <target>Le bar &agrave; vin.</target>
  </segment></unit></file>
</xliff>
%%ARGS
tm concordance --target $("$bin" tm import ok.xlf >/dev/null 2>&1; "$bin" tm import bad.xlf 2>err.txt) "café"
%%STDOUT
en -> fr
  The cafe of Voice of America.
  Le café de Voice of America.
%%OUTFILE err.txt
newsloc: bad.xlf:6:28: XML: Entity 'agrave' not defined
