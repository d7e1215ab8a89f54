A languagepattern of the usual shape, "(sr|x)(-.*)?", matches the whole tag ignoring case (answered without ICU's regex engine, with ICU's meaning): SR-Latn is sr.
%%FILE lp.srx
<?xml version="1.0"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header cascade="yes"/>
  <body><languagerules><languagerule languagerulename="A">
    <rule break="no"><beforebreak>Zz\.</beforebreak><afterbreak>\s</afterbreak></rule>
  </languagerule></languagerules>
  <maprules><languagemap languagepattern="(sr|x)(-.*)?" languagerulename="A"/></maprules></body>
</srx>
%%ARGS
segment --lang SR-Latn --srx $TMP/lp.srx
%%STDIN
Hi Zz. Now go.
%%STDOUT
{"paragraph": 1, "text": "Hi Zz. Now go."}
