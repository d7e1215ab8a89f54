A block left in English on a French page takes none of the service's typography: its straight quotes stay (not « … »), its punctuation gets no French spacing. The headline, translated, gets the service's.
%%FILE article.xml
<?xml version="1.0" encoding="UTF-8"?>
<nitf version="-//IPTC//DTD NITF 3.6//EN" xml:lang="en" dir="ltr">
  <head>
    <title>Rain Returns</title>
  </head>
  <body>
    <body.head>
      <hedline>
        <hl1 id="hl1">Rain Returns</hl1>
      </hedline>
    </body.head>
    <body.content>
      <p id="p1">He said: "We used to walk six hours!"</p>
    </body.content>
  </body>
</nitf>
%%FILE partial.xlf
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr-CD">
  <file id="f1">
    <unit id="hl1"><segment id="s1"><source>Rain Returns</source><target>"La pluie revient"</target></segment></unit>
    <unit id="p1"><segment id="s1"><source>He said: "We used to walk six hours!"</source></segment></unit>
  </file>
</xliff>
%%ARGS
merge $TMP/article.xml $TMP/partial.xlf --to french-africa --allow-untranslated
%%STDERR-MATCH
1 segment\(s\) kept in the source language: p1/s1
%%STDOUT-MATCH
<hl1 id="hl1">«.{1,3}La pluie revient.{1,3}»</hl1>
<p id="p1" xml:lang="en"[^>]*>He said: "We used to walk six hours!"</p>
