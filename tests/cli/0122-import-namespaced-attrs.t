A namespaced attribute keeps its prefix and its declaration, so that
xlink:href next to href is not a duplicate on reading back; more than
sixteen attributes are all kept.
%%FILE in.xml
<?xml version="1.0"?>
<nitf xmlns:xlink="http://www.w3.org/1999/xlink"><body><body.content>
<p>See <a xlink:href="http://x/1" href="http://y/2" a1="1" a2="2" a3="3" a4="4" a5="5" a6="6" a7="7" a8="8" a9="9" a10="10" a11="11" a12="12" a13="13" a14="14" a15="15" a16="16" a17="17" xml:lang="fr">this</a>.</p>
</body.content></body></nitf>
%%ARGS
import $("$bin" import in.xml -o out.xml) out.xml -o again.xml
%%OUTFILE again.xml
<?xml version="1.0" encoding="UTF-8"?>
<nitf version="-//IPTC//DTD NITF 3.6//EN">
  <head>
  </head>
  <body>
    <body.head>
    </body.head>
    <body.content>
      <p id="p1">See <a xlink:href="http://x/1" href="http://y/2" a1="1" a2="2" a3="3" a4="4" a5="5" a6="6" a7="7" a8="8" a9="9" a10="10" a11="11" a12="12" a13="13" a14="14" a15="15" a16="16" a17="17" xml:lang="fr" xmlns:xlink="http://www.w3.org/1999/xlink">this</a>.</p>
    </body.content>
  </body>
</nitf>
