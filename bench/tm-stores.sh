#!/usr/bin/env bash
# bench/tm-stores.sh [UNITS] [QUERIES] - the SQLite and PostgreSQL TM
# stores in one run (bench_tm_stores.c): import, exact and fuzzy lookup
# latency, throughput with 1, 8 and 32 clients.
#
#   bench/tm-stores.sh               20,000 units (a quick look)
#   bench/tm-stores.sh 1000000       the figures of docs/tm.md
#
# The TMX comes from bench/gen_tmx.py. PostgreSQL is a throwaway server
# from Debian's package (tests/pg/server.bash), with its default
# durability (fsync on, as SQLite's synchronous=NORMAL syncs at
# checkpoints); NEWSLOC_BENCH_PG=URL uses a server of your own instead
# (its database must be empty).
set -euo pipefail
cd "$(dirname "$0")/.."
units=${1:-20000} queries=${2:-500}
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j2 --target bench_tm_stores >/dev/null
tmp=$(mktemp -d /tmp/nl-bench-stores.XXXXXX)
PG_OPTS="-c shared_buffers=256MB -c max_wal_size=4GB"
. tests/pg/server.bash
cleanup() { pg_stop; rm -rf "$tmp"; }
trap cleanup EXIT
url=${NEWSLOC_BENCH_PG:-}
if [ -z "$url" ]; then
  pg_start
  url=$(pg_db bench)
fi
python3 bench/gen_tmx.py --units "$units" --out "$tmp/bench.tmx"
echo "== $units units, $queries queries a kind ($(nproc) cores)"
build-bench/bench/bench_tm_stores "$tmp/bench.tmx" "$tmp/tm.sqlite" "$url" "$queries"
