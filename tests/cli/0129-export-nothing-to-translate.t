An article with no text to translate is said so, naming the file, and no XLIFF is written: XLIFF 2.0 has no empty <file>, and an empty one could not be merged back.
%%FILE empty.xml
<?xml version="1.0" encoding="UTF-8"?>
<nitf version="-//IPTC//DTD NITF 3.6//EN" xml:lang="en">
  <head><title>Only a title</title></head>
  <body><body.content>  </body.content></body>
</nitf>
%%ARGS
export $TMP/empty.xml --to persian --no-tm -o $TMP/out.xlf
%%STDERR-MATCH
^newsloc: .*/empty.xml: nothing to translate
%%EXIT
2
%%NOFILE out.xlf
