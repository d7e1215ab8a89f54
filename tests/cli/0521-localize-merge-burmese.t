A Burmese translation whose headline came in Zawgyi is published in
Unicode; the Unicode paragraphs are left as they are.
%%ARGS
merge $DATA/e2e/article.xml $DATA/e2e/burmese.xlf --to my -o -
%%STDOUT-MATCH
<hl1 id="hl1">ကုလသမဂ္ဂ - အကူအညီများ မိသားစု ၂,၃၀၀ ထံ ရောက်ရှိမည်</hl1>
ကုလသမဂ္ဂက မိသားစုများ၏ ၄၅% သည်
