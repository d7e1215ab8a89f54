tm export --from zh (Simplified) leaves out what was stored as zh-Hant:
an empty body.
%%ARGS
tm export --from zh $("$bin" tm import $DATA/tm/zh-hant.tmx >/dev/null 2>&1)
%%STDOUT
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="newsloc" creationtoolversion="0.1.0"
          segtype="sentence" o-tmf="newsloc" adminlang="en"
          datatype="plaintext" srclang="zh"/>
  <body>
  </body>
</tmx>
