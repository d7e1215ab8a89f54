An external entity is never loaded, and its reference is not silently
left out of the text either: the import fails where it is.
%%ARGS
import $DATA/bad/external-entity.xml -o out.xml
%%EXIT
2
%%STDERR-MATCH
^newsloc: .*/external-entity\.xml:3:59: XML: entity 'secret' is external: external entities are never loaded$
%%NOFILE out.xml
