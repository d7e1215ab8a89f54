A service is found by id, tag or a language tag that identifies it
(prs is Dari).
%%ARGS
services prs
%%STDOUT-MATCH
^id +dari$
^tag +fa-AF$
^calendar +persian$
^orthography +persian-letters
