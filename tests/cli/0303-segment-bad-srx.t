A rules file with a regex ICU rejects names the file, the rule's line and ICU's error.
%%FILE bad.srx
<?xml version="1.0"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header cascade="yes"/>
  <body><languagerules><languagerule languagerulename="A">
    <rule break="no"><beforebreak>[abc</beforebreak><afterbreak>\s</afterbreak></rule>
  </languagerule></languagerules>
  <maprules><languagemap languagepattern=".*" languagerulename="A"/></maprules></body>
</srx>
%%ARGS
segment --lang en --srx $TMP/bad.srx
%%STDIN
Hello.
%%EXIT
2
%%STDERR-MATCH
^newsloc: .*/bad\.srx:5: rule \(beforebreak "\[abc", afterbreak "\\s"\): ICU regex error U_REGEX_MISSING_CLOSE_BRACKET at offset [0-9]+$
