#!/usr/bin/python3
"""tmdb_lookup.py - translate-toolkit's own TM lookup, timed per query, for bench_tm.

    tmdb_lookup.py TMDB QUERIES SECONDS

TMDB is a database written by translate-toolkit's build_tmdb; QUERIES has
one "class<TAB>index<TAB>text" a line. The lookups run on an ANALYZEd
copy of TMDB: without statistics SQLite drives translate-toolkit's
candidate query from the length index instead of the full-text match and
a query takes ~30 s at 1M units. Every query runs in this one process,
timed around TMDB.translate_unit alone (min similarity 70, 5 candidates:
newsloc's defaults), so the figures are the matcher's, not Python's
start-up, which is reported on its own lines. Lookups stop once SECONDS
have passed (the classes are interleaved, so every class gets about as
many). Output, one record a line, tab-separated:

    distance  native|python   (python-Levenshtein present or not)
    analyze   SECONDS         (copy + ANALYZE, not translate-toolkit's cost)
    import    SECONDS         (importing translate.storage.tmdb)
    open      SECONDS         (TMDB(): schema, full-text check, preload)
    q  CLASS INDEX WALL_MS CPU_MS RESULTS QUALITY SOURCE  (SOURCE: first result)
    stopped   DONE            (the budget ran out after DONE queries)
"""
import logging
import os
import shutil
import sqlite3
import sys
import time

logging.disable(logging.WARNING)


def out(*fields):
    print("\t".join(str(f) for f in fields), flush=True)


def main():
    db, queries, budget = sys.argv[1], sys.argv[2], float(sys.argv[3])
    t0 = time.perf_counter()
    copy = db + ".analyzed"
    shutil.copyfile(db, copy)
    c = sqlite3.connect(copy)
    c.execute("ANALYZE")
    c.commit()
    c.close()
    out("analyze", "%.3f" % (time.perf_counter() - t0))
    t0 = time.perf_counter()
    from translate.search import lshtein
    from translate.storage.tmdb import TMDB

    out("import", "%.3f" % (time.perf_counter() - t0))
    out("distance", "native" if lshtein.distance is lshtein.native_distance
        else "python")
    t0 = time.perf_counter()
    tm = TMDB(copy, max_candidates=5, min_similarity=70)
    out("open", "%.3f" % (time.perf_counter() - t0))
    lines = [l.rstrip("\n").split("\t", 2)
             for l in open(queries, encoding="utf-8")]
    start, done = time.perf_counter(), 0
    for cls, index, text in lines:
        if time.perf_counter() - start > budget:
            out("stopped", done)
            break
        w0, c0 = time.perf_counter(), time.process_time()
        r = tm.translate_unit(text, ["en"], ["fa"])
        wall = (time.perf_counter() - w0) * 1e3
        cpu = (time.process_time() - c0) * 1e3
        first = r[0] if r else {"quality": 0, "source": ""}
        out("q", cls, index, "%.3f" % wall, "%.3f" % cpu, len(r),
            "%.0f" % first["quality"], first["source"].replace("\n", " "))
        done += 1
    os.unlink(copy)


main()
