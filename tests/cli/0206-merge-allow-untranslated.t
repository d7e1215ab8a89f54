--allow-untranslated keeps the source text where the target is missing and says so on stderr; the block left in English says so itself (xml:lang, dir="ltr"), so that its full stop sits on its right on a right-to-left page.
%%FILE partial.xlf
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fa">
  <file id="f1">
    <unit id="hl1"><segment id="s1"><source>Parliament Approves New Budget</source><target>مجلس بودجه جدید را تصویب کرد</target></segment></unit>
    <unit id="p1"><segment id="s1"><source>Lawmakers voted 210 to 95 in favor of the plan on Tuesday.</source></segment></unit>
  </file>
</xliff>
%%ARGS
merge $DATA/articles/short.xml $TMP/partial.xlf --allow-untranslated
%%STDERR
newsloc: warning: 1 segment(s) kept in the source language: p1/s1
%%STDOUT
<?xml version="1.0" encoding="UTF-8"?>
<nitf version="-//IPTC//DTD NITF 3.6//EN" xml:lang="fa" dir="rtl">
  <head>
    <title>مجلس بودجه جدید را تصویب کرد</title>
    <docdata>
      <doc-id id-string="parliament-approves-new-budget"/>
    </docdata>
  </head>
  <body>
    <body.head>
      <hedline>
        <hl1 id="hl1">مجلس بودجه جدید را تصویب کرد</hl1>
      </hedline>
    </body.head>
    <body.content>
      <p id="p1" xml:lang="en" dir="ltr">Lawmakers voted 210 to 95 in favor of the plan on Tuesday.</p>
    </body.content>
  </body>
</nitf>
