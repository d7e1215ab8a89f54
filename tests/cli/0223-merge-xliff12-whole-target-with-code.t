An XLIFF 1.2 target that dropped the seg-source's mrk but holds an inline code is still the whole unit's translation (it was read as no target at all).
%%FILE w12.xlf
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="parliament-approves-new-budget" source-language="en" target-language="ru" datatype="xml">
    <body>
      <trans-unit id="hl1"><source>Parliament Approves New Budget</source><seg-source><mrk mtype="seg" mid="s1">Parliament Approves New Budget</mrk></seg-source><target>Парламент утвердил новый бюджет</target></trans-unit>
      <trans-unit id="p1"><source>Lawmakers voted 210 to 95 in favor of the plan on Tuesday.</source><seg-source><mrk mtype="seg" mid="s1">Lawmakers voted 210 to 95 in favor of the plan on Tuesday.</mrk></seg-source><target>Во <g id="9">вторник</g> депутаты проголосовали за план: 210 против 95.</target></trans-unit>
    </body>
  </file>
</xliff>
%%ARGS
merge $DATA/articles/short.xml $TMP/w12.xlf -o $TMP/out.xml
%%OUTFILE out.xml
<?xml version="1.0" encoding="UTF-8"?>
<nitf version="-//IPTC//DTD NITF 3.6//EN" xml:lang="ru" dir="ltr">
  <head>
    <title>Парламент утвердил новый бюджет</title>
    <docdata>
      <doc-id id-string="parliament-approves-new-budget"/>
    </docdata>
  </head>
  <body>
    <body.head>
      <hedline>
        <hl1 id="hl1">Парламент утвердил новый бюджет</hl1>
      </hedline>
    </body.head>
    <body.content>
      <p id="p1">Во вторник депутаты проголосовали за план: 210 против 95.</p>
    </body.content>
  </body>
</nitf>
