--force merges what the gate would stop (the copy of the source is published as it is).
%%FILE copy.xlf
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">
  <file id="f1">
    <unit id="hl1"><segment id="s1" state="translated"><source>Parliament Approves New Budget</source><target>Parlament billigt neuen Haushalt</target></segment></unit>
    <unit id="p1"><segment id="s1" state="translated"><source>Lawmakers voted 210 to 95 in favor of the plan on Tuesday.</source><target>Lawmakers voted 210 to 95 in favor of the plan on Tuesday.</target></segment></unit>
  </file>
</xliff>
%%ARGS
merge $DATA/articles/short.xml $TMP/copy.xlf --force --no-localize -o $TMP/out.xml
%%EXIT
0
%%OUTFILE out.xml
<?xml version="1.0" encoding="UTF-8"?>
<nitf version="-//IPTC//DTD NITF 3.6//EN" xml:lang="de" dir="ltr">
  <head>
    <title>Parlament billigt neuen Haushalt</title>
    <docdata>
      <doc-id id-string="parliament-approves-new-budget"/>
    </docdata>
  </head>
  <body>
    <body.head>
      <hedline>
        <hl1 id="hl1">Parlament billigt neuen Haushalt</hl1>
      </hedline>
    </body.head>
    <body.content>
      <p id="p1">Lawmakers voted 210 to 95 in favor of the plan on Tuesday.</p>
    </body.content>
  </body>
</nitf>
