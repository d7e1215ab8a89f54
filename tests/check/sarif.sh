#!/usr/bin/env bash
# sarif.sh NEWSLOC DATA SHARED - the SARIF that `newsloc check --format
# sarif` writes for every failing data file validates against the OASIS
# SARIF 2.1.0 JSON schema (../shared/schemas/sarif-2.1.0/), with the
# python3-jsonschema validator (Debian python3-jsonschema). Skipped (77)
# without ../shared or the validator.
set -u
bin=$1 data=$2/check shared=$3
schema=$shared/schemas/sarif-2.1.0/sarif-schema-2.1.0.json
if [ ! -f "$schema" ]; then
  echo "SKIP: $schema is not there (../shared missing)"; exit 77
fi
if ! python3 -c 'import jsonschema' 2>/dev/null; then
  echo "SKIP: python3-jsonschema is not installed"; exit 77
fi
tmp=$(mktemp -d "${NL_TEST_TMP:-/tmp}/sarif.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$bin" check --format sarif "$data" > "$tmp/out.sarif"
rc=$?
[ "$rc" = 1 ] || { echo "FAIL: exit $rc, want 1 (findings)"; exit 1; }
python3 - "$schema" "$tmp/out.sarif" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
jsonschema.Draft4Validator.check_schema(schema)
errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc),
                key=lambda e: list(e.path))
for e in errors[:20]:
    print("invalid at", "/".join(map(str, e.path)), ":", e.message)
results = doc["runs"][0]["results"]
rules = doc["runs"][0]["tool"]["driver"]["rules"]
assert results, "no results"
for r in results:
    assert rules[r["ruleIndex"]]["id"] == r["ruleId"], r
    reg = r["locations"][0]["physicalLocation"]["region"]
    assert reg["startLine"] >= 1, r
    assert rules[r["ruleIndex"]].get("help", {}).get("text"), r
sys.exit(1 if errors else 0)
PY
rc=$?
[ $rc = 0 ] && echo "ok: $(grep -c '"ruleId"' "$tmp/out.sarif") results valid SARIF 2.1.0"
exit $rc
