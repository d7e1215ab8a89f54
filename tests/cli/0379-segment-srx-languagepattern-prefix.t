A languagepattern "(sr|x)(-.*)?" must match the whole tag: srp (another language) is not sr, so the rule does not apply to it.
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
segment --lang srp --srx $TMP/lp.srx
%%STDIN
Hi Zz. Now go.
%%STDOUT
{"paragraph": 1, "text": "Hi Zz."}
{"paragraph": 1, "text": "Now go."}
