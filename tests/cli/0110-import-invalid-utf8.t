Invalid UTF-8 in a scraped page: exit 2, the position of the bad byte, and no output file.
%%FILE page.txt
Solar Plant Opens in Northern Kenya

The plant was built in eighteen months and cost $120 million.
It will supply power to ÿ homes in Garissa county.
%%ARGS
import page.txt -o out.xml
%%EXIT
2
%%STDERR
newsloc: page.txt:4:25: invalid UTF-8 (byte 0xFF)
%%NOFILE out.xml
