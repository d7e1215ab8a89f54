A page with no headline and no paragraph (here only page chrome) is an error, not an empty article.
%%FILE page.txt
Accessibility links

Breaking News
  • Share
XS
SM
MD
LG
%%ARGS
import page.txt -o out.xml
%%EXIT
2
%%STDERR
newsloc: page.txt: no article text found
%%NOFILE out.xml
