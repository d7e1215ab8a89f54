A languagepattern that backtracks without end on the language tag is stopped at ICU's time limit and refused, naming the map's line: never taken as a match or a miss.
%%FILE lp.srx
<?xml version="1.0"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header cascade="yes"/>
  <body><languagerules><languagerule languagerulename="A">
    <rule break="no"><beforebreak>Mr\.</beforebreak><afterbreak>\s</afterbreak></rule>
  </languagerule></languagerules>
  <maprules><languagemap languagepattern="(([a-z]|-)*)*Z" languagerulename="A"/></maprules></body>
</srx>
%%ARGS
segment --lang en-x-aaaaaaaa-aaaaaaaa-aaaaaaaa-aaaaaaaa --srx $TMP/lp.srx
%%STDIN
Hello.
%%EXIT
2
%%STDERR-MATCH
^newsloc: .*/lp\.srx:7: languagepattern "\(\(\[a-z\]\|-\)\*\)\*Z" could not be matched against "en-x-aaaaaaaa-aaaaaaaa-aaaaaaaa-aaaaaaaa": it backtracks past ICU's time limit$
