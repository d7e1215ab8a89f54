A translator's tool joined two segments of a unit (XLIFF 2.0 allows it): the merge still
reproduces the article, markup included.
%%ARGS
merge $DATA/articles/markup.xml $DATA/xliff/joined-segments.xlf --no-localize -o $TMP/out.xml
%%EXIT
0
%%OUTFILE out.xml
<?xml version="1.0" encoding="UTF-8"?>
<nitf version="-//IPTC//DTD NITF 3.6//EN" xmlns:its="http://www.w3.org/2005/11/its" its:version="2.0" xml:lang="en-GB" dir="ltr">
  <head>
    <title>Floods Close Schools Across Three Provinces</title>
    <docdata>
      <doc-id id-string="floods-close-schools"/>
      <date.issue norm="2026-03-14"/>
    </docdata>
    <pubdata type="web" name="VOA" position.section="Asia" ex-ref="https://www.example.org/a/floods.html"/>
  </head>
  <body>
    <body.head>
      <hedline>
        <hl1 id="hl1">Floods Close Schools Across Three Provinces</hl1>
      </hedline>
      <byline id="by1">By Jane Doe</byline>
      <dateline id="dl1">ISLAMABAD</dateline>
    </body.head>
    <body.content>
      <p id="p1">Heavy rain closed more than 1,200 schools on Friday, the <a href="https://www.example.org/ndma">National Disaster Management Authority</a> said. Officials expect <em>more</em> closures. "We are ready," said Gen. Ahmed Khan.</p>
      <media media-type="image">
        <media-caption id="cap1">A boy wades through a flooded street in Peshawar, March 13, 2026.</media-caption>
      </media>
      <p id="p2">The U.S. Embassy offered help.<br/>It did not give details. <em>The rain <q>will continue</q> until Sunday.</em> Forecasters agree.</p>
      <p id="p3" its:translate="no">ISLAMABAD-2026-03-14-FLOODS</p>
      <p id="p4" xml:space="preserve">Two  spaces stay here.</p>
    </body.content>
    <body.end>
      <tagline id="tag1">Some information for this report came from Reuters.</tagline>
    </body.end>
  </body>
</nitf>
