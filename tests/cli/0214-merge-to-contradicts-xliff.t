A Persian XLIFF merged with --to ru is refused: the service is not the file's target language.
%%FILE fa.xlf
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fa">
  <file id="f1">
    <unit id="hl1"><segment id="s1" state="translated"><source>Parliament Approves New Budget</source><target>مجلس بودجه جدید را تصویب کرد</target></segment></unit>
    <unit id="p1"><segment id="s1" state="translated"><source>Lawmakers voted 210 to 95 in favor of the plan on Tuesday.</source><target>نمایندگان روز سه‌شنبه با ۲۱۰ رأی موافق در برابر ۹۵ رأی مخالف به این طرح رأی دادند.</target></segment></unit>
  </file>
</xliff>
%%ARGS
merge $DATA/articles/short.xml $TMP/fa.xlf --to ru -o $TMP/out.xml
%%EXIT
2
%%STDERR-MATCH
^newsloc: .*/fa\.xlf: the XLIFF is translated into 'fa' \(Persian\), not for the Russian service \('ru'\)$
%%NOFILE out.xml
