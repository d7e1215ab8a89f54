/*
 * check_rules.c - the catalogue of checks.
 *
 * Ids are a contract with CI configurations (--enable, --disable,
 * SARIF rule ids): never rename one. Rationale and examples of each are
 * in docs/checks.md; ITS types are the W3C ITS 2.0 locQualityIssueType
 * values.
 */
#include <string.h>

#include "check_internal.h"

#define E NL_CHECK_ERROR
#define W NL_CHECK_WARNING
#define N NL_CHECK_NOTE

static const nl_check_rule rules[] = {
  {"input-error", "input", E, "other",
   "a file in a directory that cannot be read, or XML that is not "
   "well-formed (the walk goes on)"},
  {"utf8-invalid", "encoding", E, "characters",
   "bytes that are not UTF-8"},
  {"surrogate", "encoding", E, "characters",
   "a UTF-16 surrogate encoded as UTF-8 (CESU-8) or as a reference"},
  {"noncharacter", "encoding", E, "characters",
   "a Unicode noncharacter (U+FDD0..U+FDEF, U+xxFFFE, U+xxFFFF)"},
  {"bom-not-at-start", "encoding", W, "characters",
   "U+FEFF inside the text, not as the file's first character"},
  {"control-char", "encoding", E, "characters",
   "a C0 or C1 control character other than tab, line feed, return"},
  {"private-use", "encoding", W, "characters",
   "a private-use character: no reader's font agrees what it is"},
  {"not-nfc", "normalization", E, "characters",
   "text that is not in Unicode Normalization Form C"},
  {"bidi-override", "bidi", E, "characters",
   "a bidi override (U+202D, U+202E): displays text in forced order"},
  {"bidi-embedding", "bidi", W, "characters",
   "a bidi embedding (U+202A, U+202B, U+202C): use isolates or markup"},
  {"bidi-unbalanced", "bidi", E, "characters",
   "a bidi control never closed in its segment, or a close never opened"},
  {"bidi-crosses-tag", "bidi", E, "markup",
   "a bidi control whose scope spans an element boundary"},
  {"bidi-dir-mismatch", "bidi", E, "locale-violation",
   "a dir attribute that contradicts the language's direction"},
  {"bidi-display-order", "bidi", W, "formatting",
   "a left-to-right phrase that displays out of order in right-to-left "
   "text"},
  {"bidi-bracket-reversed", "bidi", W, "typographical",
   "brackets typed in display order in right-to-left text: \")x(\""},
  {"invisible-char", "invisible", W, "characters",
   "an invisible (default-ignorable or format) character the language "
   "does not use there"},
  {"zwnj-misplaced", "invisible", W, "misspelling",
   "a zero-width joiner or non-joiner that is not between two letters"},
  {"invisible-space", "invisible", N, "whitespace",
   "a no-break or other special space"},
  {"mixed-script", "invisible", W, "characters",
   "letters of different scripts inside one word"},
  {"confusable", "invisible", E, "characters",
   "a letter of another script that looks like one of the word's "
   "(UTS #39)"},
  {"latin-in-cyrillic", "invisible", E, "misspelling",
   "a Latin look-alike letter inside a Cyrillic word"},
  {"foreign-script", "service", W, "characters",
   "letters of a script the service does not write in"},
  {"orthography", "service", E, "locale-violation",
   "a spelling the service's orthography rules replace (Arabic yeh/kaf "
   "in Persian, Uzbek o' for oʻ)"},
  {"zawgyi", "service", E, "characters",
   "Burmese text in the Zawgyi encoding, not Unicode"},
  {"digits-system", "service", W, "locale-violation",
   "digits of another numbering system than the service's"},
  {"digits-mixed", "service", W, "inconsistency",
   "more than one set of digits in one paragraph"},
  {"target-missing", "translation", E, "untranslated",
   "a segment without target, or an empty target"},
  {"target-blank", "translation", E, "omission",
   "a target of only whitespace"},
  {"target-equals-source", "translation", E, "untranslated",
   "a target identical to a source that has words to translate"},
  {"sentence-missing", "translation", E, "omission",
   "a block target with fewer sentences than its source"},
  {"inline-codes", "translation", E, "markup",
   "inline codes missing from the target that must stay (XLIFF 1.2; "
   "2.0 canDelete=\"no\"), added, copied against canCopy=\"no\" or "
   "reordered against canReorder"},
  {"inline-code-deleted", "translation", W, "markup",
   "an XLIFF 2.0 inline code the target dropped where the source lets "
   "it be deleted (canDelete not \"no\")"},
  {"number-mismatch", "translation", E, "numbers",
   "a number of the source missing from the target (by value, in any "
   "digits)"},
  {"url-mismatch", "translation", E, "inconsistent-entities",
   "a URL of the source missing from the target"},
  {"email-mismatch", "translation", E, "inconsistent-entities",
   "an e-mail address of the source missing from the target"},
  {"whitespace-edges", "translation", W, "whitespace",
   "leading or trailing whitespace that differs from the source"},
  {"end-punctuation", "translation", W, "typographical",
   "end punctuation that differs from the source's (per language)"},
  {"double-space", "translation", W, "whitespace",
   "two spaces in a row in the target"},
  {"double-word", "translation", W, "duplication",
   "the same word twice in a row in the target"},
  {"target-language", "translation", E, "locale-violation",
   "a target language that is not the service's"},
  {"tm-mixed-normalization", "tm", W, "inconsistency",
   "entries of one language in different normalization forms"},
  {"tm-zwnj-variants", "tm", W, "inconsistency",
   "one word spelled with ZWNJ, with a space and joined across the TM"},
};

size_t nl_check_rule_count(void) { return sizeof(rules) / sizeof(rules[0]); }

const nl_check_rule *nl_check_rule_at(size_t i) {
  return i < nl_check_rule_count() ? &rules[i] : NULL;
}

const nl_check_rule *nl_check_rule_find(const char *id) {
  for (size_t i = 0; id && i < nl_check_rule_count(); i++)
    if (rules[i].id[0] == id[0] && strcmp(rules[i].id, id) == 0)
      return &rules[i];
  return NULL;
}
