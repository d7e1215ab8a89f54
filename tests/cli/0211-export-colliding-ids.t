Block ids that are not NMTOKENs are rewritten for XLIFF ("a b" becomes
"a_x20_b"); when that meets another block's id, export refuses, naming
both, rather than write two units with one id.
%%FILE in.xml
<?xml version="1.0" encoding="UTF-8"?>
<nitf xml:lang="en"><body><body.content>
<p id="a b">One.</p>
<p id="a_x20_b">Two.</p>
</body.content></body></nitf>
%%ARGS
export in.xml --to fr --no-tm -o out.xlf
%%EXIT
2
%%STDERR
newsloc: block ids 'a b' and 'a_x20_b' both become XLIFF unit id 'a_x20_b'; rename one
%%NOFILE out.xlf
