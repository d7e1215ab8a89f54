merge --no-localize into Dari: the direction comes from the language's script, and where ICU knows no script for the tag (prs) from the translation's text, never from whether localization ran (it wrote dir="ltr"). With --to the service's registry entry decides.
%%FILE dari.xlf
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="prs">
  <file id="f1">
    <unit id="hl1"><segment id="s1"><source>Parliament Approves New Budget</source><target>پارلمان بودجه جدید را تصویب کرد</target></segment></unit>
    <unit id="p1"><segment id="s1"><source>Lawmakers voted 210 to 95 in favor of the plan on Tuesday.</source><target>قانون‌گذاران روز سه‌شنبه با ۲۱۰ رای موافق طرح را تصویب کردند.</target></segment></unit>
  </file>
</xliff>
%%ARGS
merge $DATA/articles/short.xml $TMP/dari.xlf --no-localize --to prs
%%STDOUT-MATCH
^<nitf version="-//IPTC//DTD NITF 3.6//EN" xml:lang="prs" dir="rtl">$
^      <p id="p1">قانون‌گذاران
