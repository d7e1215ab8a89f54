#!/usr/bin/env python3
"""Validate the gold-standard sentence segmentation cases.

Each tests/data/segment/<tag>.jsonl line is one JSON object:
  {"text": "<paragraph>", "expected": ["sentence", ...]}
with optional "note" (why the case is there) and "lang" (a BCP 47 tag
overriding the file name's).
The segmenter is judged by byte offsets, so the expected sentences must be
trimmed, appear in order in the text, and together with the whitespace
between them cover the text exactly. This script checks that, plus strict
UTF-8, NFC, one object per line and no duplicate paragraphs.

Usage: check.py [FILE.jsonl ...]   (default: every *.jsonl beside it)
Exit 0 when all files are valid, 1 otherwise (one line per problem).
"""
import glob
import json
import os
import sys
import unicodedata

KEYS = {"text", "expected", "note", "lang"}


def check_case(obj):
    """Return a list of problems for one parsed case."""
    if not isinstance(obj, dict):
        return ["not a JSON object"]
    bad = set(obj) - KEYS
    if bad:
        return ["unknown keys: %s" % sorted(bad)]
    text, exp = obj.get("text"), obj.get("expected")
    if not isinstance(text, str) or not text:
        return ["'text' must be a non-empty string"]
    if not isinstance(exp, list) or not exp:
        return ["'expected' must be a non-empty list"]
    for k in ("note", "lang"):
        if k in obj and (not isinstance(obj[k], str) or not obj[k]):
            return ["'%s' must be a non-empty string" % k]
    probs = []
    for s in [text] + exp:
        if not isinstance(s, str):
            return ["expected items must be strings"]
        if unicodedata.normalize("NFC", s) != s:
            probs.append("not NFC: %r" % s[:40])
        if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n"
               for ch in s):
            probs.append("control character in %r" % s[:40])
    pos = 0
    for i, s in enumerate(exp):
        if not s or s != s.strip():
            probs.append("expected[%d] empty or not trimmed: %r" % (i, s))
            continue
        at = text.find(s, pos)
        if at < 0:
            probs.append("expected[%d] not found in order: %r" % (i, s[:50]))
            return probs
        gap = text[pos:at]
        if gap.strip():
            probs.append("text before expected[%d] not covered: %r"
                         % (i, gap))
        pos = at + len(s)
    if text[pos:].strip():
        probs.append("trailing text not covered: %r" % text[pos:])
    return probs


def check_file(path):
    probs = []
    try:
        raw = open(path, "rb").read()
        data = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return ["%s: invalid UTF-8: %s" % (path, e)]
    if raw.startswith(b"\xef\xbb\xbf"):
        probs.append("%s: has a BOM" % path)
    if not data.endswith("\n"):
        probs.append("%s: no final newline" % path)
    seen = {}
    n = 0
    for ln, line in enumerate(data.split("\n")[:-1], 1):
        if not line.strip():
            probs.append("%s:%d: blank line" % (path, ln))
            continue
        try:
            obj = json.loads(line)
        except ValueError as e:
            probs.append("%s:%d: bad JSON: %s" % (path, ln, e))
            continue
        for p in check_case(obj):
            probs.append("%s:%d: %s" % (path, ln, p))
        if isinstance(obj, dict) and isinstance(obj.get("text"), str):
            if obj["text"] in seen:
                probs.append("%s:%d: duplicate of line %d"
                             % (path, ln, seen[obj["text"]]))
            seen[obj["text"]] = ln
        n += 1
    if n == 0:
        probs.append("%s: no cases" % path)
    return probs


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    files = argv[1:] or sorted(glob.glob(os.path.join(here, "*.jsonl")))
    probs = []
    for f in files:
        probs += check_file(f)
    for p in probs:
        print(p)
    if not probs:
        print("ok: %d files" % len(files))
    return 1 if probs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
