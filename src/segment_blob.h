/*
 * segment_blob.h - the bundled rules, compiled at build time (internal).
 *
 * Compiling a language's rules (ICU sets for \p{L} and scripts, merged
 * into each regex's edge sets at four distances each way, its ways and
 * keys) costs a process tens of millions of instructions before its
 * first sentence. The generator (src/gen/segment_blob_gen.c, run by
 * CMake) compiles each listed language with the bundled newsloc.srx and
 * starters.tsv and writes the result as words into a C file linked into
 * the library; a segmenter for a listed tag then loads its regexes from
 * there. The blob carries the ICU version it was made with and hashes of
 * both files: when the files found at run time (locales_dir,
 * $NEWSLOC_LOCALES, ...) or ICU differ, or a user's --srx is given, the
 * rules are compiled as before. Either way the segmenter is the same.
 */
#ifndef NL_SEGMENT_BLOB_H
#define NL_SEGMENT_BLOB_H

#include <stddef.h>
#include <stdint.h>

#include <newsloc/segment.h>

#include "rx.h"

/* Words: the sets' table (set i at set_at[i]), the regexes' (regex i
 * at rx_at[i]), then one entry per distinct language: its number of
 * rules, and per rule its kind, line, text (length, then bytes four a
 * word) and the indexes of its two regexes. Languages whose rules come
 * out the same share an entry, and regexes and sets are shared by all. */
typedef struct nl_segment_blob {
  uint8_t icu[4];             /* u_getVersion of the generator */
  uint64_t srx_hash;          /* of newsloc.srx (nl_segment_blob__hash) */
  uint64_t starters_hash;     /* of segment/starters.tsv */
  size_t ntags;
  const char *const *tags;    /* BCP 47 tags as given, exactly */
  const uint32_t *at;         /* per tag: where its entry starts */
  size_t nsets;
  const uint32_t *set_at;
  size_t nrx;
  const uint32_t *rx_at;
  size_t nwords;
  const uint32_t *words;
} nl_segment_blob;

/* The generated blob (an empty one in the generator itself). */
extern const nl_segment_blob nl_segment__blob;

/* One rule as saved: kind, line, its text for messages (BEFORE NUL
 * AFTER NUL, `text_len` bytes) and both regexes. */
typedef struct nl_blob_rule {
  int brk;
  unsigned long line;
  char *text;
  size_t text_len;
  nl_rx *before, *after;
} nl_blob_rule;

uint64_t nl_segment_blob__hash(const char *data, size_t n);

/* Where the entry for `lang` starts when the blob has one and it was
 * made from the file `srx_path`, the starters file found in
 * `locales_dir` and this ICU: 1 and *at; 0 when the rules must be
 * compiled. */
int nl_segment_blob__find(size_t *at, const char *lang, const char *srx_path,
                          const char *locales_dir);

/* Loads the entry at `at`: its sets into `cache`, its rules into *rules
 * (n of them, regexes owned by the caller, text malloc'd). 0,
 * NL_ENOMEM, 1 when the words are bad (compile instead). */
int nl_segment_blob__load(nl_blob_rule **rules, size_t *n, size_t at,
                          nl_rx_sets *cache);
void nl_segment_blob__free_rules(nl_blob_rule *rules, size_t n);

/* For the generator: rule i of a compiled segmenter as the blob saves
 * it, borrowed. 0; 1 past the last rule; -1 when ICU judges the rule
 * (such a language is not saved). */
int nl_segmenter__rule(const nl_segmenter *s, size_t i, nl_blob_rule *out);

#endif
