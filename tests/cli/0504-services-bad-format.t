Only text and json are formats.
%%ARGS
services --format xml
%%EXIT
2
%%STDERR
newsloc: services: --format is text or json (see 'newsloc help services')
