`newsloc services` lists every service with tag, script, direction and
digits; closed services say so.
%%ARGS
services
%%STDOUT-MATCH
^persian +fa-IR +Arab rtl arabext +فارسی$
^dari +fa-AF +Arab rtl arabext
^urdu +ur-PK +Arab rtl
^burmese +my-MM +Mymr ltr mymr
^greek .*\(closed\)$
