An external entity is never loaded: the article's text stays without it.
%%ARGS
import $DATA/bad/external-entity.xml
%%STDOUT-MATCH
^      <p id="p1">Before after\.</p>$
