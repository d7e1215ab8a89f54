Every command takes -h/--help, anywhere before "--": its usage on stdout, exit 0.
%%ARGS
export some.xml --help
%%STDOUT
usage: newsloc export ARTICLE --to TAG|SERVICE [--xliff 2.0|1.2] [--profile default|omegat|sentences] [--tm DB|--no-tm] [--min N] [--srx FILE] [-o OUT]
  write an article's sentences as XLIFF for translators
