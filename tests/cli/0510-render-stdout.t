`newsloc render` writes an HTML5 page with the article's lang and dir and
the isolates as <bdi>.
%%ARGS
render $DATA/render/bidi-fa.xml -o -
%%STDOUT-MATCH
^<!DOCTYPE html>
<html lang="fa" dir="rtl"
<bdi dir="ltr">U.N.</bdi>
Noto Naskh Arabic
