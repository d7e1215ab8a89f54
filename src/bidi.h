/*
 * bidi.h - where mixed-direction text displays other than meant
 * (internal).
 *
 * A block's candidate runs are its phrases of the other direction as
 * newsloc reads them (a Latin name, #tag, C++, Yahoo!, a phone number
 * in Persian; an Arabic quotation in Russian). A run is a hazard when
 * ICU's ubidi, laying the block out at its direction, shows it
 * differently from how it shows with the run isolated: its own
 * characters out of order, a number or mark of the sentence pulled into
 * it, a bracket pair or quotation mirrored on one side only. Used by
 * localization to decide what to isolate, and by checks that report.
 */
#ifndef NL_BIDI_H
#define NL_BIDI_H

#include <stddef.h>
#include <stdint.h>

#include <unicode/utypes.h>

#include <newsloc/error.h>

enum {
  NL_BIDI_ORDER = 1,       /* characters display out of order */
  NL_BIDI_MIRROR = 2,      /* a bracket or quotation mark faces wrong */
  NL_BIDI_FIRST_STRONG = 4 /* the run would set the paragraph's direction
                              where that is taken from its first strong
                              character (UAX #9 P2, dir=auto, feeds) */
};

/* Scratch kept from one block to the next (the layout object, arrays
 * as long as the longest block): NULL where one is made for the call. */
typedef struct nl_bidi_work nl_bidi_work;
nl_bidi_work *nl_bidi__work_new(void);
void nl_bidi__work_free(nl_bidi_work *w);

/* Whether the work takes none of the shortcuts that test_bidi_fast holds
 * to the general path (tests: 1; a new work takes them). */
void nl_bidi__work_general(nl_bidi_work *w, int on);

/* What the oracle's walks ask of an ASCII character, in one look-up: its
 * bidi class is L, EN, ON; it is White_Space, a sentence mark
 * (nl_bidi__sentence_mark), a new line, a full stop. 0 above ASCII. */
enum {
  NL_BIDI_A_L = 1,
  NL_BIDI_A_WS = 2,
  NL_BIDI_A_EN = 4,
  NL_BIDI_A_MARK = 8,
  NL_BIDI_A_ON = 16,
  NL_BIDI_A_STOP = 32,
  NL_BIDI_A_DOT = 64
};
unsigned nl_bidi__ascii_class(unsigned char c);

/* How many entries of run_end's table of states (by direction, state
 * and byte) answer otherwise than its step over one ASCII character
 * (tests). */
int nl_bidi__run_table_wrong(void);

/* UAX #9's Bidi_Paired_Bracket_Type of `c` (U_BPT_*), as ICU has it,
 * without a property look-up for most text. */
int nl_bidi__bracket_type(uint32_t c);

/* The bidi class of `c` (U_LEFT_TO_RIGHT...), as u_charDirection. */
int nl_bidi__dir(uint32_t c);

/* Whether s[0..len) starts with one of the Persian and Arabic letters
 * the oracle steps over without a property look-up (U+0620..U+064A,
 * U+0671..U+06D3, read from two bytes): for tests. */
int nl_bidi__own_letter(const char *s, size_t len);

/* The oracle's walk over a right-to-left block's own letters, spaces and
 * joiners from byte i (see own_rtl in bidi.c): where it stops, the first
 * and last letters' offsets ((size_t)-1: none); `simd` 0 a character
 * at a time, 1 sixteen bytes at a time where it can. For tests. */
size_t nl_bidi__own_walk(const char *s, size_t len, size_t i, int simd,
                         size_t *first, size_t *last);

/* Whether `c` is White_Space, as u_isUWhiteSpace. */
int nl_bidi__space(uint32_t c);

/* Whether `c` is a mark after a phrase that belongs to the sentence,
 * even written onto the phrase's last letter: , : ; ' the Arabic
 * comma, semicolon, question mark and full stop, quotation marks,
 * dashes (UCHAR_DASH), paired brackets. */
int nl_bidi__sentence_mark(uint32_t c);

/* The display of s[0..a) LRI s[a..b) PDI s[b..n) in a right-to-left
 * paragraph (ICU's, mirrored, controls removed) into out (n units),
 * when it needs no layout; -1 when it does. */
int32_t nl_bidi__isolated_rtl(const UChar *s, int32_t n, int32_t a, int32_t b,
                              UChar *out);

/* The display of s[0..n) (n units into out) as a paragraph at level
 * `rtl`, ICU's, when it needs no layout (no explicit levels, marks,
 * mirrored characters, separators of segments or paragraphs); -1 when
 * it does. */
int32_t nl_bidi__plain_display(const UChar *s, int32_t n, int rtl,
                               UChar *out);

/* The class a unit has in the memo's key of a window (see memo_class
 * in bidi.c; -1: the memo leaves the window to the layouts), looked up
 * as the general path does (`fast` 0) or through its table: for tests. */
int nl_bidi__memo_class(UChar u, int fast);

/* Whether the first n (0..32) bytes of the 32 at x and y agree, as the
 * memo compares a window's classes with an entry's: for tests. */
int nl_bidi__same_classes(const uint8_t *x, const uint8_t *y, int n);

/* How many windows the work's memo has judged without a layout (see
 * memo_verdict in bidi.c): for tests. */
size_t nl_bidi__memo_hits(const nl_bidi_work *w);

typedef struct nl_bidi_hazard {
  size_t start, end; /* byte range of the run */
  int kind;          /* NL_BIDI_ORDER, _MIRROR or _FIRST_STRONG */
} nl_bidi_hazard;

/* The runs of valid UTF-8 `s` that display wrongly in a paragraph of
 * direction `rtl` (1) or ltr (0) and would display as meant isolated
 * (runs inside isolates already there are not judged), in order; then
 * the bracket pairs and quotations an isolate already there splits
 * (NL_BIDI_MIRROR, over both marks). *out is malloc'ed (NULL when *n is
 * 0). `marks` 0 says that the caller knows `s` holds no paired bracket
 * (UAX #9 Bidi_Paired_Bracket_Type) and no quotation mark: none is
 * looked for. */
int nl_bidi__hazards(const char *s, size_t len, int rtl, int marks,
                     nl_bidi_work *work, nl_bidi_hazard **out, size_t *n,
                     nl_error *err);

/* nl_bidi__hazards into `work`'s own array (*out, valid until the
 * work's next block; not freed by the caller): no allocation for a
 * block once the work has room. */
int nl_bidi__hazards_kept(const char *s, size_t len, int rtl, int marks,
                          nl_bidi_work *work, const nl_bidi_hazard **out,
                          size_t *n, nl_error *err);

/* The bidi controls that localization takes out of valid UTF-8 `s`,
 * marked at their first byte in kind[] (len bytes, zeroed by the
 * caller): NL_BIDI_DROP for embeddings, overrides and PDF (never
 * written: their state leaks into what follows) and isolates that close
 * nothing or nest deeper than 64; NL_BIDI_UNCLOSED for isolates never
 * closed. Pairing is over the whole of `s` (UAX #9 BD9). */
enum { NL_BIDI_DROP = 1, NL_BIDI_UNCLOSED = 2 };
void nl_bidi__strays(const char *s, size_t len, unsigned char *kind);

#endif
