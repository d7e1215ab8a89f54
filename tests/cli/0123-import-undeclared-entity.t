An HTML entity name in NITF that only the (never loaded) external DTD
could declare is an error at its position, not a hole in the text.
%%FILE in.xml
<?xml version="1.0"?>
<!DOCTYPE nitf SYSTEM "nitf-3-6.dtd">
<nitf><body><body.content>
<p>Le caf&eacute; est ouvert.</p>
</body.content></body></nitf>
%%ARGS
import in.xml -o out.xml
%%EXIT
2
%%STDERR
newsloc: in.xml:4:18: XML: Entity 'eacute' not defined
%%NOFILE out.xml
