--to takes a service id, written as the service's tag in the XLIFF.
%%ARGS
export $DATA/articles/short.xml --to persian --no-tm
%%STDOUT-MATCH
srcLang="en" trgLang="fa-IR"
