An XLIFF whose two files both hold unit hl1: merge would take one
translation and drop the other without a word; it names both instead.
%%FILE two-files.xlf
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr">
  <file id="f1" original="parliament-approves-new-budget">
    <unit id="hl1" name="headline" xml:space="preserve">
      <notes><note category="newsloc:block">headline</note></notes>
      <segment id="s1"><source>Parliament Approves New Budget</source><target>Parliament Approves New Budget</target></segment>
    </unit>
    <unit id="p1" name="paragraph" xml:space="preserve">
      <notes><note category="newsloc:block">paragraph</note></notes>
      <segment id="s1"><source>Lawmakers voted 210 to 95 in favor of the plan on Tuesday.</source><target>Lawmakers voted 210 to 95 in favor of the plan on Tuesday.</target></segment>
    </unit>
  </file>
  <file id="f2" original="parliament-approves-new-budget">
    <unit id="hl1" name="headline" xml:space="preserve">
      <notes><note category="newsloc:block">headline</note></notes>
      <segment id="s1"><source>Parliament Approves New Budget</source><target>OTHER</target></segment>
    </unit>
    <unit id="p1" name="paragraph" xml:space="preserve">
      <notes><note category="newsloc:block">paragraph</note></notes>
      <segment id="s1"><source>Lawmakers voted 210 to 95 in favor of the plan on Tuesday.</source><target>OTHER</target></segment>
    </unit>
  </file>
</xliff>
%%ARGS
merge $DATA/articles/short.xml two-files.xlf --to fr -o out.xml
%%EXIT
2
%%STDERR
newsloc: two-files.xlf:16:7: unit 'hl1' appears twice (first at line 6): which translation is the block's?
%%NOFILE out.xml
