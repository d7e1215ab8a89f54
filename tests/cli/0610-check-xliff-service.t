An XLIFF checked for a service (--lang): a Persian file for the Russian service, a copy of the source.
%%FILE fa.xlf
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fa">
  <file id="f1">
    <unit id="p1"><segment id="s1" state="translated"><source>Lawmakers voted on Tuesday.</source><target>Lawmakers voted on Tuesday.</target></segment></unit>
  </file>
</xliff>
%%ARGS
check --lang ru $TMP/fa.xlf
%%EXIT
1
%%STDOUT-MATCH
fa\.xlf:4: error: target-language: the target language is 'fa', the service's is 'ru'$
fa\.xlf:4: error: target-equals-source: p1/s1: the target is a copy of the source \(untranslated\)$
