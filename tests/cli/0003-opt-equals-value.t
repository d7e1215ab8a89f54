"--opt=value" is "--opt value" for every command.
%%ARGS
export $DATA/articles/short.xml --to=persian --no-tm --xliff=1.2
%%STDOUT-MATCH
target-language="fa-IR"
