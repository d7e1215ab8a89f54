#!/usr/bin/env bash
# concurrency.sh NEWSLOC - 8 `tm import`s of different TMX files and 4
# `tm lookup` loops at once on one SQLite TM that none of them has created.
#
# Every importer must wait its turn (no "locked" error, no unit lost),
# every lookup must be answered (a match or "no match", never an error,
# even while the TM is being created), and the file must end sound, with
# its WAL emptied by the last writer out.
set -u
nl=$1
src=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d "${NL_TEST_TMP:-/tmp}/tm-concurrency.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v python3 >/dev/null || fail "python3 is needed to generate the TMX files"

. "$src/tests/tm/writers.bash"
tm_inputs 5
tm="$TMP/shared.sqlite"
tm_start "$tm" 5 4 25
tm_settle "$tm"
[ ! -s "$tm-wal" ] || fail "the last writer left a $(stat -c %s "$tm-wal")-byte WAL"
ic=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$tm") ||
  fail "integrity_check did not run"
[ "$ic" = ok ] || fail "integrity_check: $ic"
echo "ok: 1200 units from 8 importers beside 4 lookup loops, integrity_check ok"
