A rule that backtracks without end is neither applied nor skipped at a
position it cannot settle: the run fails naming the paragraph's line, the
rule's file and line, the rule and the position.
%%FILE steps.srx
<?xml version="1.0"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header cascade="yes"/>
  <body><languagerules><languagerule languagerulename="A">
    <rule break="no"><beforebreak>\.</beforebreak><afterbreak>\s(X+X+)+y</afterbreak></rule>
  </languagerule></languagerules>
  <maprules><languagemap languagepattern=".*" languagerulename="A"/></maprules></body>
</srx>
%%ARGS
segment --lang en --format text --srx $TMP/steps.srx
%%STDIN
Fine. Good.
One. XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
%%EXIT
2
%%STDERR-MATCH
^newsloc: <stdin>:2: rule at .*/steps\.srx:5 cannot be settled at character 4 of the paragraph "One\. X+\.\.\." \(out of matching steps\): beforebreak "\\\.", afterbreak "\\s\(X\+X\+\)\+y"$
