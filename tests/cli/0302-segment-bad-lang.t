A malformed language tag is a usage error with a one-line message.
%%ARGS
segment --lang en_US!x
%%STDIN
Hello.
%%EXIT
2
%%STDERR
newsloc: 'en_US!x' is not a valid BCP 47 language tag
