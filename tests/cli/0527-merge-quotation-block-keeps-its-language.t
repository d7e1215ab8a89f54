A block the source marks as another language (a quotation in Spanish in an English article) keeps that language when it comes back unchanged or untranslated, not the article's: its reader's screen reader and hyphenation need the language it is written in. A translated block takes the page's.
%%FILE article.xml
<?xml version="1.0" encoding="UTF-8"?>
<nitf version="-//IPTC//DTD NITF 3.6//EN" xml:lang="en">
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
      <p id="p1" xml:lang="es">¡Volvió la lluvia!</p>
      <p id="p2" xml:lang="es">Nadie lo esperaba.</p>
      <p id="p3" xml:lang="es">Es un milagro.</p>
    </body.content>
  </body>
</nitf>
%%FILE done.xlf
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr-CD">
  <file id="f1">
    <unit id="hl1"><segment id="s1"><source>Rain Returns</source><target>La pluie revient</target></segment></unit>
    <unit id="p1"><segment id="s1"><source>¡Volvió la lluvia!</source><target>¡Volvió la lluvia!</target></segment></unit>
    <unit id="p2"><segment id="s1"><source>Nadie lo esperaba.</source></segment></unit>
    <unit id="p3"><segment id="s1"><source>Es un milagro.</source><target>C'est un miracle.</target></segment></unit>
  </file>
</xliff>
%%ARGS
merge $TMP/article.xml $TMP/done.xlf --to french-africa --allow-untranslated --force
%%STDOUT-MATCH
<nitf [^>]*xml:lang="fr-CD"
<p id="p1" xml:lang="es"[^>]*>¡Volvió la lluvia!</p>
<p id="p2" xml:lang="es"[^>]*>Nadie lo esperaba.</p>
<p id="p3">C’est un miracle.</p>
