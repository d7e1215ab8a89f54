#!/usr/bin/env bash
# batch.sh NEWSLOC - a batch over a desk's directory: one malformed
# article fails alone with FILE:LINE:COL in the summary while the others
# are written; a re-run skips all that is up to date; a changed input,
# TM, option or output is redone, and only that.
source "$(cd "$(dirname "$0")" && pwd)/setup.bash" "$1"
articles arts || { echo "FAIL: cannot make the articles"; exit 1; }

run() { "$nl" batch "$@" 2> err; echo $? > status; }

# 1. one bad article fails alone
run export arts --to fa,ps --no-tm -o out --summary s.json --jobs 2
[ "$(cat status)" = 2 ] || bad "export with a broken article: exit $(cat status), want 2"
[ "$(json s.json '(s["done"], s["failed"], s["skipped"], s["exit"])')" = "(8, 2, 0, 2)" ] ||
  bad "totals: $(json s.json '(s["done"], s["failed"], s["skipped"], s["exit"])')"
for t in fa-IR ps-AF; do
  for f in call scraped libya world/biden; do
    grep -q '<xliff ' "out/$t/$f.xlf" 2>/dev/null || bad "out/$t/$f.xlf not written"
  done
  [ -e "out/$t/broken.xlf" ] && bad "out/$t/broken.xlf written for a broken article"
done
reason=$(json s.json '[f["reason"] for f in s["files"] if f["status"] == "failed"][0]')
[[ "$reason" =~ ^arts/broken\.xml:[0-9]+:[0-9]+:\ XML: ]] || bad "failure reason '$reason' names no FILE:LINE:COL"
[ "$(json s.json 'all(f["error"]["line"] > 0 and f["error"]["file"] == "arts/broken.xml" for f in s["files"] if f["status"] == "failed")')" = yes ] ||
  bad "error record without file and line"
[ "$(json s.json '[f["input"] for f in s["files"]] == sorted([f["input"] for f in s["files"]], key=lambda p: p.rsplit(".", 1)[0])')" = yes ] ||
  bad "summary not in walk order"
[ "$(grep -c '^newsloc: arts/broken.xml:[0-9]*:[0-9]*: ' err)" = 2 ] || bad "stderr: $(cat err)"

# 2. a re-run skips everything up to date (the broken one fails again)
cp -r out before
run export arts --to fa,ps --no-tm -o out --summary s.json --jobs 2
[ "$(json s.json '(s["done"], s["failed"], s["skipped"])')" = "(0, 2, 8)" ] ||
  bad "re-run: $(json s.json '(s["done"], s["failed"], s["skipped"])')"
[ "$(json s.json 'set(f["reason"] for f in s["files"] if f["status"] == "skipped")')" = "{'up to date'}" ] ||
  bad "skip reasons: $(json s.json 'set(f.get("reason") for f in s["files"])')"
diff -r before out > /dev/null || bad "a skipped output changed"

# a new time is not a change: hashes, not mtimes
touch -d '2030-01-01' arts/call.xml
run export arts --to fa,ps --no-tm -o out --summary s.json
[ "$(json s.json 's["done"]')" = 0 ] || bad "touch redid $(json s.json 's["done"]') files"

# 3. a changed input redoes that article only, for each target
sed -i 's/Libya/Yemen/' arts/libya.xml
run export arts --to fa,ps --no-tm -o out --summary s.json
[ "$(json s.json 'sorted(f["output"] for f in s["files"] if f["status"] == "done")')" = "['out/fa-IR/libya.xlf', 'out/ps-AF/libya.xlf']" ] ||
  bad "after an edit, redone: $(json s.json '[f["output"] for f in s["files"] if f["status"] == "done"]')"
grep -q Yemen out/fa-IR/libya.xlf || bad "the redone output is not the new article's"

# an output removed or edited by hand is made again; a new target only
# adds its own files
rm out/fa-IR/call.xlf
echo '<!-- edited -->' >> out/ps-AF/scraped.xlf
run export arts --to fa,ps,ur --no-tm -o out --summary s.json
[ "$(json s.json 'sorted(f["output"] for f in s["files"] if f["status"] == "done")')" = "['out/fa-IR/call.xlf', 'out/ps-AF/scraped.xlf', 'out/ur-PK/call.xlf', 'out/ur-PK/libya.xlf', 'out/ur-PK/scraped.xlf', 'out/ur-PK/world/biden.xlf']" ] ||
  bad "removed/edited/new: $(json s.json 'sorted(f["output"] for f in s["files"] if f["status"] == "done")')"
cmp -s out/ps-AF/scraped.xlf before/ps-AF/scraped.xlf || bad "edited output not restored"

# an option or the TM changes every output
run export arts --to fa --no-tm --xliff 1.2 -o out --summary s.json
[ "$(json s.json 's["done"]')" = 4 ] || bad "--xliff 1.2 redid $(json s.json 's["done"]'), want 4"
run export arts --to fa --xliff 1.2 --tm "$TM" -o out --summary s.json
[ "$(json s.json 's["done"]')" = 4 ] || bad "an empty TM redid $(json s.json 's["done"]'), want 4"
pseudo_tm out/fa-IR/call.xlf 2>/dev/null || true
"$nl" export arts/call.xml --to fa -o call.fa.xlf --no-tm 2>/dev/null
pseudo_tm call.fa.xlf
run export arts --to fa --xliff 1.2 --tm "$TM" -o out --summary s.json
[ "$(json s.json 's["done"]')" = 4 ] || bad "a TM that learnt redid $(json s.json 's["done"]'), want 4"
grep -q 'ف 1' out/fa-IR/call.xlf || bad "the TM's translations are not in the redone export"
run export arts --to fa --xliff 1.2 --tm "$TM" -o out --summary s.json
[ "$(json s.json 's["skipped"]')" = 4 ] || bad "the same TM again: $(json s.json 's["skipped"]') skipped, want 4"
run export arts --to fa --xliff 1.2 --tm "$TM" -o out --summary s.json --rebuild
[ "$(json s.json 's["done"]')" = 4 ] || bad "--rebuild redid $(json s.json 's["done"]'), want 4"

# 4. two articles that would give one output: the second fails, named
cp arts/call.xml arts/call.nitf
run export arts --to fa --no-tm -o clash --summary s.json
[ "$(json s.json '[f["reason"] for f in s["files"] if f["input"] == "arts/call.xml"][0]')" = \
  "arts/call.xml: gives the same output name as call.nitf beside it: rename one" ] ||
  bad "clash: $(json s.json '[f.get("reason") for f in s["files"] if f["input"].startswith("arts/call")]')"
rm arts/call.nitf

# a link back up the tree is stepped over, not followed for ever
mkdir -p loop/sub && cp arts/call.xml loop/ && cp arts/call.xml loop/sub/b.xml
ln -s .. loop/sub/up && ln -s ../sub loop/sub/again
run export loop --to fa --no-tm -o loop-out --summary s.json
[ "$(json s.json '[f["input"] for f in s["files"]]')" = "['loop/call.xml', 'loop/sub/b.xml']" ] ||
  bad "links back: $(json s.json '[f["input"] for f in s["files"]]')"

# a directory out of reach (its path longer than PATH_MAX) fails alone
mkdir deep && cp arts/call.xml deep/
(cd deep && L=$(printf "d%.0s" $(seq 240)) && for _ in $(seq 18); do mkdir "$L" && cd "$L" || exit; done && cp "$TMP/arts/call.xml" x.xml)
run export deep --to fa --no-tm -o deep-out --summary s.json
[ "$(cat status)" = 2 ] && [ "$(json s.json '(s["done"], s["failed"])')" = "(1, 1)" ] ||
  bad "a directory out of reach: exit $(cat status), $(json s.json '(s["done"], s["failed"])')"
[ "$(json s.json '[f["error"]["message"] for f in s["files"] if f["status"] == "failed"][0]')" = "File name too long" ] ||
  bad "out of reach: $(json s.json '[f.get("reason") for f in s["files"]]')"

# 5. merge: translations from the TM; an article without one is skipped,
# a translation of another article fails alone (exit 2, with the unit)
run export arts --to fa --tm "$TM" -o xlf --summary s.json
"$nl" export arts/libya.xml --to fa --no-tm -o libya.xlf 2>/dev/null
pseudo_tm xlf/fa-IR/*.xlf xlf/fa-IR/world/*.xlf libya.xlf
run export arts --to fa --tm "$TM" -o xlf --summary s.json
rm xlf/fa-IR/scraped.xlf
cp xlf/fa-IR/call.xlf xlf/fa-IR/world/biden.xlf
run merge arts xlf --to fa -o pages --summary m.json --jobs 2
[ "$(cat status)" = 2 ] || bad "merge: exit $(cat status), want 2"
[ "$(json m.json '{f["input"]: f["status"] for f in s["files"]}')" = \
  "{'arts/broken.xml': 'skipped', 'arts/call.xml': 'done', 'arts/libya.xml': 'done', 'arts/scraped.txt': 'skipped', 'arts/world/biden.xml': 'failed'}" ] ||
  bad "merge outcomes: $(json m.json '{f["input"]: f["status"] for f in s["files"]}')"
grep -q 'xml:lang="fa-IR" dir="rtl"' pages/fa-IR/call.xml || bad "pages/fa-IR/call.xml is not the Persian page"
[ "$(json m.json '[f["reason"] for f in s["files"] if f["input"] == "arts/scraped.txt"][0]')" = \
  "no translation: xlf/fa-IR/scraped.xlf (nor .xliff)" ] || bad "merge skip reason"
[ "$(json m.json '[f["error"]["message"] for f in s["files"] if f["status"] == "failed"][0]')" != "" ] ||
  bad "merge failure without a message"
run merge arts xlf --to fa -o pages --summary m.json
[ "$(json m.json '(s["done"], s["skipped"])')" = "(0, 4)" ] || bad "merge re-run: $(json m.json '(s["done"], s["skipped"])')"

# 6. check: every file's report; a failing file still fails when skipped
run check xlf -o reports --summary c.json
first=$(cat status)
run check xlf -o reports --summary c2.json
[ "$first" = "$(cat status)" ] && [ "$first" != 0 ] || bad "check exits $first then $(cat status)"
[ "$(json c2.json 's["skipped"] == len(s["files"]) and s["exit"] == 1')" = yes ] ||
  bad "check re-run: $(json c2.json '(s["skipped"], s["exit"])')"
[ "$(json c.json 'all(f["findings"] > 0 for f in s["files"])')" = yes ] || bad "check findings"

# 7. usage and setup errors stop before anything is written
for args in "export arts -o u1" "export arts --to fa" "export nosuch --to fa -o u2" \
            "export arts --to fa,persian -o u3" "export arts --to fa -o arts" \
            "export arts --to fa -o u4 --jobs 0" "merge arts -o u5" "check arts -o u6 --fix"; do
  # shellcheck disable=SC2086
  "$nl" batch $args > /dev/null 2> err
  st=$?
  [ "$st" = 2 ] && [ "$(wc -l < err)" = 1 ] || bad "batch $args: exit $st, stderr: $(cat err)"
done
ls -d u? 2> /dev/null | grep -q . && bad "a refused batch made $(ls -d u?)"

[ $fail = 0 ] && echo "batch: failures alone, skips, redos, merge and check as specified"
exit $fail
