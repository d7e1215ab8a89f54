#!/usr/bin/env python3
"""Generate a large synthetic TMX 1.4b file for import benchmarks.

The file is written as it is generated (constant memory), so it can be
made as large as the disk allows. Every unit has a distinct English
source and a Persian (or other) target, one unit in --code-every carries
an inline <bpt>/<ept> pair and a <ph>, and units have tuid, changeid and
changedate, like files exported from CAT tools. Output is deterministic
for a given set of arguments.

    python3 bench/gen_tmx.py --units 1000000 --out /tmp/big.tmx
    python3 bench/gen_tmx.py --units 1000 --target fr --out - | head
"""
import argparse
import random
import sys

EN = ("the president said talks would continue next week in the capital "
      "officials confirmed that aid reached the region after heavy rain "
      "markets rose as investors welcomed the central bank decision "
      "the minister told reporters the agreement was a first step").split()
FA = ("رئیس‌جمهور گفت گفتگوها هفته آینده در پایتخت ادامه می‌یابد "
      "مقامات تأیید کردند که کمک‌ها پس از باران شدید به منطقه رسید "
      "بازارها با استقبال سرمایه‌گذاران از تصمیم بانک مرکزی بالا رفت").split()


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sentence(rng, words, n):
    return " ".join(rng.choice(words) for _ in range(n))


def seg(text, coded):
    if not coded:
        return esc(text)
    head, _, tail = text.partition(" ")
    return ('<bpt i="1" type="bold">&lt;b&gt;</bpt>%s<ept i="1">&lt;/b&gt;'
            '</ept> %s<ph x="2">{0}</ph>' % (esc(head), esc(tail)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=100000)
    ap.add_argument("--source", default="en")
    ap.add_argument("--target", default="fa")
    ap.add_argument("--code-every", type=int, default=10,
                    help="one unit in N has inline codes (0: none)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="-", help="output path, - for stdout")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = (sys.stdout if args.out == "-"
           else open(args.out, "w", encoding="utf-8", newline="\n"))
    w = out.write
    w('<?xml version="1.0" encoding="UTF-8"?>\n'
      '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n'
      '  <header creationtool="gen_tmx.py" creationtoolversion="1" '
      'segtype="sentence" o-tmf="synthetic" adminlang="en" '
      'srclang="%s" datatype="plaintext"/>\n  <body>\n' % args.source)
    base = 1704067200  # 2024-01-01
    for i in range(1, args.units + 1):
        coded = args.code_every > 0 and i % args.code_every == 0
        src = "%s %d." % (sentence(rng, EN, rng.randint(6, 18)), i)
        tgt = "%s %d." % (sentence(rng, FA, rng.randint(6, 18)), i)
        t = base + i * 37
        date = "%04d%02d%02dT%02d%02d%02dZ" % (
            2024, 1 + (t // 2419200) % 12, 1 + (t // 86400) % 28,
            (t // 3600) % 24, (t // 60) % 60, t % 60)
        w('    <tu tuid="u%d" changeid="translator%d" changedate="%s">\n'
          '      <tuv xml:lang="%s"><seg>%s</seg></tuv>\n'
          '      <tuv xml:lang="%s"><seg>%s</seg></tuv>\n    </tu>\n'
          % (i, i % 7, date, args.source, seg(src, coded), args.target,
             seg(tgt, coded)))
    w("  </body>\n</tmx>\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
