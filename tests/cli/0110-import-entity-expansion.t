An article that expands entities into gigabytes is refused with its position, not expanded.
%%ARGS
import $DATA/bad/entity-expansion.xml -o $TMP/out.xml
%%EXIT
2
%%STDERR-MATCH
^newsloc: .*/entity-expansion\.xml:[0-9]+:[0-9]+: XML: .*entity
%%NOFILE out.xml
