Export moves a link's end out of the space after a full stop (and an emphasis's start out of the space before a sentence) so that each segment holds whole codes; when the translator keeps the code at the segment's edge and the space comes back as it was, merge puts the end (and the start) back where the source had it, inside the space: the markup is the article's, not ours to reshape.
%%FILE article.xml
<?xml version="1.0" encoding="UTF-8"?>
<nitf version="-//IPTC//DTD NITF 3.6//EN" xml:lang="en">
  <head><title>T</title></head>
  <body>
    <body.content>
      <p id="p1">He <a href="https://example.org/x">left the city. </a>She came back.</p>
      <p id="p2">He left.<em> She came back.</em></p>
      <p id="p3">He <a href="https://example.org/y">left the city. </a>She came back.</p>
    </body.content>
  </body>
</nitf>
%%FILE done.xlf
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr-CD">
  <file id="f1" original="article">
    <unit id="p1">
      <segment id="s1"><source>He <pc id="1">left the city.</pc></source><target>Il a <pc id="1">quitté la ville.</pc></target></segment>
      <ignorable><source> </source></ignorable>
      <segment id="s2"><source>She came back.</source><target>Elle est revenue.</target></segment>
    </unit>
    <unit id="p2">
      <segment id="s1"><source>He left.</source><target>Il est parti.</target></segment>
      <ignorable><source> </source></ignorable>
      <segment id="s2"><source><pc id="1">She came back.</pc></source><target><pc id="1">Elle est revenue.</pc></target></segment>
    </unit>
    <unit id="p3">
      <segment id="s1"><source>He <pc id="1">left the city.</pc></source><target><pc id="1">Il a quitté</pc> la ville.</target></segment>
      <ignorable><source> </source></ignorable>
      <segment id="s2"><source>She came back.</source><target>Elle est revenue.</target></segment>
    </unit>
  </file>
</xliff>
%%ARGS
merge $TMP/article.xml $TMP/done.xlf --to french-africa
%%STDOUT-MATCH
<p id="p1">Il a <a href="https://example.org/x">quitté la ville. </a>Elle est revenue.</p>
<p id="p2">Il est parti.<em> Elle est revenue.</em></p>
<p id="p3"><a href="https://example.org/y">Il a quitté</a> la ville. Elle est revenue.</p>
