An HTML page whose only content is boilerplate (navigation, footer, scripts) has no article text.
%%FILE page.html
<!DOCTYPE html>
<html lang="en"><head><title>Site</title><script>var x = "<p>not text</p>";</script></head>
<body><nav><ul><li><a href="/">Home</a></li></ul></nav>
<footer><p>Copyright 2026 Example Broadcasting</p></footer></body></html>
%%ARGS
import page.html -o out.xml
%%EXIT
2
%%STDERR
newsloc: page.html: no article text found
%%NOFILE out.xml
