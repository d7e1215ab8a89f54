Standard input: a right-to-left override never closed (Trojan Source) is an error: exit 1,
one line a finding, FILE:LINE:COL in characters, the character by name and code point.
%%STDIN
Café: access level ‮user
%%ARGS
check -
%%EXIT
1
%%STDOUT
<stdin>:1:20: error: bidi-override: RIGHT-TO-LEFT OVERRIDE (U+202E) forces the display order of the text after it (Trojan Source): use markup or isolates
<stdin>:1:20: error: bidi-unbalanced: RIGHT-TO-LEFT OVERRIDE (U+202E) is never closed in its segment: it reorders what follows it, past the end of the element
