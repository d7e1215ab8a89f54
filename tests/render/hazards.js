// hazards.js - appended to the rendered hazard page by hazards.sh: asks
// Chromium's own layout where characters landed, and writes one line a
// check into <pre id="verdict"> (read back with --dump-dom).
//
// Checks, by paragraph id:
//   ltr   the phrase's characters stand left to right in logical order
//   pair  the first and last character (a bracket pair) enclose the rest
//         (a version keeps its Latin digits: locales/numbers.tsv):
//         in a right-to-left paragraph the opening one on the right
//   before A B: B (the sentence's next word or number) is read after A,
//         i.e. stands on A's left in a right-to-left paragraph
//   ends-right  the paragraph's last character (the full stop of English
//         left untranslated) stands right of all others
const checks = [
  ["p1", "pair", "(به نقل از Reuters)"], ["p1", "ltr", "Reuters"],
  ["p1", "before", "UNICEF", "۳"],
  ["p2", "before", "Barack Obama", "۲"], ["p2", "pair", "(WFP و IRC)"],
  ["p3", "ltr", "#WaterForAll"], ["p3", "ltr", "@VOAfarsi"],
  ["p4", "ltr", "Who Moved My Cheese?"], ["p4", "ltr", "Yahoo!"],
  ["p5", "ltr", "C++"], ["p5", "ltr", "C#"], ["p5", "pair", "(2.1.3)"],
  ["p6", "ltr", "press@voanews.com"], ["p6", "ltr", "+۱ ۲۰۲ ۵۵۵ ۰۱۰۰"],
  ["p7", "ends-right"],
];

// Where character i of element p's text is: its left edge.
function locate(p) {
  const nodes = [], walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode())
    for (let i = 0; i < n.data.length; i++) nodes.push([n, i]);
  return (i) => {
    const r = document.createRange();
    r.setStart(nodes[i][0], nodes[i][1]);
    r.setEnd(nodes[i][0], nodes[i][1] + 1);
    return r.getBoundingClientRect().left;
  };
}

const out = [];
for (const [id, kind, a, b] of checks) {
  const p = document.getElementById(id), text = p.textContent;
  const x = locate(p), rtl = getComputedStyle(p).direction === "rtl";
  const at = a === undefined ? 0 : text.indexOf(a);
  let ok = at >= 0, why = at < 0 ? "not found" : "";
  if (ok && kind === "ltr") {
    for (let i = at; i + 1 < at + a.length; i++)
      if (a[i - at] !== " " && a[i + 1 - at] !== " " && x(i) >= x(i + 1)) {
        ok = false;
        why = `"${a[i - at]}" is not left of "${a[i + 1 - at]}"`;
      }
  } else if (ok && kind === "pair") {
    // both marks outside what they enclose, on the sides the paragraph's
    // direction gives them: a closing bracket taken into an isolate
    // lands inside, next to the word it followed
    const o = x(at), c = x(at + a.length - 1);
    for (let i = at + 1; i < at + a.length - 1; i++)
      if (rtl ? !(c < x(i) && x(i) < o) : !(o < x(i) && x(i) < c)) {
        ok = false;
        why = `"${text[i]}" is not between the marks`;
      }
  } else if (ok && kind === "before") {
    const bi = text.indexOf(b, at + a.length);
    ok = bi >= 0 && (rtl ? x(bi) < x(at) : x(bi) > x(at));
    why = `"${b}" is not read after "${a}"`;
  } else if (ok && kind === "ends-right") {
    const last = text.length - 1;
    for (let i = 0; i < last; i++)
      if (text[i] !== " " && x(i) >= x(last)) {
        ok = false;
        why = `"${text[last]}" is not on the right of "${text[i]}"`;
      }
  }
  out.push(`${ok ? "ok" : "FAIL"} ${id} ${kind} ${a || ""}${ok ? "" : ": " + why}`);
}
const pre = document.createElement("pre");
pre.id = "verdict";
pre.textContent = out.join("\n");
document.body.appendChild(pre);
