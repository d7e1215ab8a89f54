An XLIFF 1.2 block target (no mrk segments) that lost a sentence of its source stops the merge.
%%FILE art.xml
<?xml version="1.0" encoding="UTF-8"?>
<nitf version="-//IPTC//DTD NITF 3.6//EN" xml:lang="en" dir="ltr">
  <head>
    <title>Parliament Approves New Budget</title>
    <docdata>
      <doc-id id-string="parliament-approves-new-budget"/>
    </docdata>
  </head>
  <body>
    <body.head>
      <hedline>
        <hl1 id="hl1">Parliament Approves New Budget</hl1>
      </hedline>
    </body.head>
    <body.content>
      <p id="p1">Lawmakers voted 210 to 95 in favor of the plan on Tuesday. The vote ends a month of talks.</p>
    </body.content>
  </body>
</nitf>
%%FILE block.xlf
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="parliament-approves-new-budget" source-language="en" target-language="de" datatype="xml">
    <body>
      <trans-unit id="hl1"><source>Parliament Approves New Budget</source><target>Parlament billigt neuen Haushalt</target></trans-unit>
      <trans-unit id="p1"><source>Lawmakers voted 210 to 95 in favor of the plan on Tuesday. The vote ends a month of talks.</source><target>Die Abgeordneten stimmten am Dienstag mit 210 zu 95 für den Plan.</target></trans-unit>
    </body>
  </file>
</xliff>
%%ARGS
merge $TMP/art.xml $TMP/block.xlf --no-localize -o $TMP/out.xml
%%EXIT
1
%%STDERR-MATCH
^.*/block\.xlf:6: sentence-missing: p1: the source has 2 sentences, the target 1: a sentence was not translated$
%%NOFILE out.xml
