Malformed NITF is refused with file, line and column; nothing is written.
%%FILE broken.xml
<nitf>
  <body><body.content>
    <p id="p1">Unclosed paragraph
  </body.content></body>
</nitf>
%%ARGS
export $TMP/broken.xml --to fa -o $TMP/out.xlf
%%EXIT
2
%%STDERR-MATCH
^newsloc: .*/broken\.xml:[0-9]+:[0-9]+: XML: .*mismatch
%%NOFILE out.xlf
