/*
 * check_internal.h - what the check modules share (internal).
 *
 * The driver (check.c) reads a file's bytes itself, before any XML
 * parser, so that every finding can point at an exact byte, line and
 * column, and so that bytes libxml2 lets through (U+FDD0, private use,
 * U+202E) or refuses (invalid UTF-8) are seen as they are. It cuts the
 * text into runs: the character data of one block element, segment or
 * attribute value, with entities decoded and the language in force. Each
 * family of checks (check_text.c, check_bidi.c, check_script.c) looks at
 * runs; check_parity.c compares XLIFF/TMX sources and targets.
 */
#ifndef NL_CHECK_INTERNAL_H
#define NL_CHECK_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <unicode/uscript.h>

#include <newsloc/check.h>
#include <newsloc/services.h>

#include "util/buf.h"

/* Where a run sits in a bilingual file. */
enum { NL_RUN_TEXT = 0, NL_RUN_SOURCE = 1, NL_RUN_TARGET = 2 };

/* Where a piece of a run's text comes from in the file: decoded bytes
 * from `dec` on are the file's bytes from `file` on, or (`same`) all
 * stand for the one reference at `file`. */
typedef struct nl_run_piece {
  size_t dec, file;
  int same;
} nl_run_piece;

typedef struct nl_run {
  const char *text;    /* decoded UTF-8 (valid) */
  size_t len;
  size_t base;         /* file offset of text[0] when `raw` is NULL */
  const nl_run_piece *raw; /* the run's pieces in order, the last at
                          `len` (the file offset after the run); NULL
                          when the run is the file's bytes */
  size_t nraw;
  const size_t *tags;  /* decoded offsets where an inline tag sits */
  size_t ntags;
  const char *lang;    /* language in force, NULL when unknown */
  int attr;            /* an attribute value, not character data */
  int role;            /* NL_RUN_* */
  int first;           /* the run starts the file's text (BOM allowed) */
  int ascii;           /* only printable ASCII, tab, CR, LF (set by the
                          driver: most checks have nothing to look at) */
  int mixed;           /* holds another byte for sure (the scanner saw
                          it: the driver need not look again) */
} nl_run;

typedef struct nl_check_ctx nl_check_ctx;

/* Per-language facts the checks ask for; cached by language tag. */
typedef struct nl_check_lang {
  char tag[64];
  const nl_service *svc; /* the service for the language, may be NULL */
  int rtl;
  int uses_joiners;      /* ZWNJ/ZWJ are part of its spelling */
  int script;            /* UScriptCode of the service, -1 unknown */
  uint32_t zero;         /* the service's digit zero, 0 when unknown */
  void *ortho;           /* nl_lz with the service's rules, lazily */
  int ortho_loaded;
  unsigned char lead[8192]; /* bit (b0 << 8 | b1): a rule's FROM starts
                               with bytes b0 b1 */
  uint32_t ortho_lo, ortho_hi; /* the first code points of the FROMs */
  uint64_t ortho_near;   /* check_pass.c: bit cp - ortho_lo when a rule may
                            start at cp (all set: span over 64, or not
                            known yet) */
  int ortho_near_set;
  int pass_slot;         /* check_pass.c: 1 + the slot of its table with
                            the rules' two-byte leads marked, 0 none */
} nl_check_lang;

/* check.c */
/* For tests: the pass's verdict ignored, every check looks at every
 * run that is not plain ASCII (what the checks did before the pass).
 * The findings must be the same either way. */
void nl_checker__every_check(nl_checker *k, int on);
/* For tests: the XML scanner's general path alone (its shortcuts off). */
void nl_checker__general_scan(nl_checker *k, int on);
/* For tests: each run the scanner makes goes to fn (with ud), not to
 * the checks (NULL: to the checks). */
void nl_checker__run_hook(nl_checker *k,
                          int (*fn)(nl_check_ctx *, const nl_run *, void *),
                          void *ud);
int nl_chk__enabled(const nl_check_ctx *c, const char *id);
/* A finding at byte `at` of `run` (NULL: file-wide at `file_off`). */
#if defined(__GNUC__)
__attribute__((format(printf, 6, 7)))
#endif
int nl_chk__emit(nl_check_ctx *c, const char *id, const nl_run *run,
                 size_t at, long cp, const char *fmt, ...);
/* As nl_chk__emit, with two savings for a file full of findings. Bit i
 * of `lasting` says that argument i is a string that lives as long as
 * the checker (a literal, ICU's script names, the registry's and the
 * orthography rules' strings): it is copied once, not once a finding.
 * `args`, when not NULL, is for findings of one kind that have the same
 * arguments every time (a rule's orthography finding, its character's
 * name aside): `*args` says where they were kept for the first such
 * finding (SIZE_MAX: not yet; set now), and they are not read again.
 * The caller keys `*args` on every value it passes. */
#if defined(__GNUC__)
__attribute__((format(printf, 8, 9)))
#endif
int nl_chk__emit_again(nl_check_ctx *c, const char *id, const nl_run *run,
                       size_t at, long cp, size_t *args, unsigned lasting,
                       const char *fmt, ...);
/* As nl_chk__emit for a finding whose arguments were kept already, at
 * `args` (a place nl_chk__emit_again set): not variadic, nothing read. */
int nl_chk__emit_kept(nl_check_ctx *c, const char *id, const nl_run *run,
                      size_t at, long cp, size_t args, const char *fmt);
/* As nl_chk__emit for a format whose only argument is NL_CHK_NAME (or
 * that takes none): that argument kept once for all its findings. */
int nl_chk__emit_name(nl_check_ctx *c, const char *id, const nl_run *run,
                      size_t at, long cp, const char *fmt);
/* As nl_chk__emit for a format whose one conversion is an integer one
 * (private-use's "U+%04X" of the code point): `v` converted to that
 * conversion's type, as printf would take it. Not variadic, no format
 * read past its first finding: about half nl_chk__emit's cost. */
int nl_chk__emit_num(nl_check_ctx *c, const char *id, const nl_run *run,
                     size_t at, long cp, const char *fmt, long long v);
/* As nl_chk__emit_kept for a format whose argument `i` is a string
 * shown whole ("%s") that changes from finding to finding (the
 * confusable's word): the other arguments are those kept at `args` (a
 * place nl_chk__emit_again set, the caller keying on every value but
 * argument i), s[0..n) (no NUL among its bytes) argument i. */
int nl_chk__emit_kept_str(nl_check_ctx *c, const char *id, const nl_run *run,
                          size_t at, long cp, size_t args, const char *fmt,
                          unsigned i, const char *s, size_t n);
/* As nl_chk__emit at a file offset (raw checks). */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
int nl_chk__emit_raw(nl_check_ctx *c, const char *id, size_t file_off,
                     long cp, const char *fmt, ...);
/* As nl_chk__emit at a line of the file (parity checks). */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
int nl_chk__emit_line(nl_check_ctx *c, const char *id, unsigned long line,
                      int fixed, const char *fmt, ...);
size_t nl_chk__file_offset(const nl_run *run, size_t at);
/* *line and *col (1-based, in characters) moved from byte `at` to byte
 * `off` of s[0..len): the line feeds between, the characters after the
 * last of them (positions, 16 bytes at a time; tests hold it to a walk
 * a byte at a time). */
void nl_chk__advance(const char *s, size_t len, size_t at, size_t off,
                     unsigned long *line, unsigned long *col);
/* As nl_chk__advance, counting bits without popcnt where it would be
 * used (tests: both ways). */
void nl_chk__advance_table(const char *s, size_t len, size_t at, size_t off,
                           unsigned long *line, unsigned long *col);
/* Line and column (1-based, in characters) of each of s[0..len)'s byte
 * offsets off[0..n) (in file order; past len: len's), as positions
 * places findings, 64 bytes at a time; `table`: bits counted without
 * popcnt (tests: both ways). */
void nl_chk__place(const char *s, size_t len, const size_t *off, size_t n,
                   unsigned long *line, unsigned long *col, int table);
/* Fills the error with NL_EPARSE at file offset `off`; returns it. */
int nl_chk__input_error(nl_check_ctx *c, size_t off, const char *msg);
/* Language facts for `tag` (--lang wins when given); NULL when none. */
nl_check_lang *nl_chk__lang(nl_check_ctx *c, const char *tag);
const nl_services *nl_chk__services(const nl_check_ctx *c);
nl_error *nl_chk__err(nl_check_ctx *c);
const char *nl_chk__forced_lang(const nl_check_ctx *c);
/* For the reports: finding `i` into *out (its message NULL unless asked
 * for already), its message appended to `out` (written now unless
 * nl_checker_finding() wrote it), its rule's index. */
void nl_chk__finding_get(const nl_checker *k, size_t i, nl_check_finding *out);
int nl_chk__finding_message(const nl_checker *k, size_t i, nl_buf *out);
size_t nl_chk__finding_rule(const nl_checker *k, size_t i);

/* check_message.c: a message kept as its format and arguments */
/* A %s argument that stands for the finding's character's name,
 * "RIGHT-TO-LEFT OVERRIDE (U+202E)", looked up only when the message is
 * written. */
extern const char nl_chk__name[];
#define NL_CHK_NAME nl_chk__name
typedef struct nl_chk_msgs nl_chk_msgs;
nl_chk_msgs *nl_chk__msgs_new(void);
void nl_chk__msgs_free(nl_chk_msgs *m);
/* Keeps the arguments `fmt` takes from `ap`, the first at `*first`, and
 * sets `*kept` to the format to write them with: `fmt`, or "%s" when it
 * has a conversion that is not kept (the message is then written now).
 * NL_ENOMEM. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 0)))
#endif
int nl_chk__msg_keep(nl_chk_msgs *m, const char *fmt, va_list ap,
                     size_t *first, const char **kept);
/* As nl_chk__msg_keep; bit i of `lasting` says that argument i (a %s)
 * outlives `m`: its bytes are copied once for all findings that pass
 * it (the same address must always hold the same bytes). */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 0)))
#endif
int nl_chk__msg_keep_lasting(nl_chk_msgs *m, const char *fmt,
                             unsigned lasting, va_list ap, size_t *first,
                             const char **kept);
/* The message as printf would have written it (`cp`: NL_CHK_NAME's). */
int nl_chk__msg_write(nl_chk_msgs *m, const char *fmt, size_t first, long cp,
                      nl_buf *out);

/* check_pass.c: one pass over a run tells which checks can fire */
enum {
  NL_P_WORD = 1 << 0,     /* a letter or mark, ZWNJ, ZWJ (words) */
  NL_P_ALPHA = 1 << 1,    /* a letter other than ASCII's */
  NL_P_CHAR = 1 << 2,     /* control, noncharacter, private use, U+FEFF */
  NL_P_NFC = 1 << 3,      /* NFC quick check not yes, or ccc not 0 */
  NL_P_INVIS = 1 << 4,    /* default-ignorable, format, special space */
  NL_P_BIDI = 1 << 5,     /* embedding, override, isolate, their pops */
  NL_P_ISOLATE = 1 << 6,  /* U+2066..U+2069 */
  NL_P_DIGIT = 1 << 7,    /* a decimal digit other than ASCII's */
  NL_P_L = 1 << 8,        /* strong left-to-right */
  NL_P_R = 1 << 9,        /* strong right-to-left (R, AL) */
  NL_P_ADIGIT = 1 << 10,  /* 0-9 */
  NL_P_NUM = 1 << 11,     /* bidi class EN or AN */
  NL_P_SIGN = 1 << 12,    /* + - U+2212 or bidi class ET */
  NL_P_PAIR = 1 << 13,    /* a paired bracket or a quotation mark */
  NL_P_CLOSE = 1 << 14,   /* a closing paired bracket */
  /* of a run, not of a character: */
  NL_P_MIXED = 1 << 16,   /* a word with letters of two scripts */
  NL_P_FOREIGN = 1 << 17, /* a letter of a script the service does not
                             write */
  NL_P_ORTHO = 1 << 18,   /* an orthography rule may start somewhere */
  NL_P_MYANMAR = 1 << 19  /* Myanmar letters (Zawgyi is looked for) */
};
typedef struct nl_run_seen {
  uint32_t any;     /* NL_P_* of every character, and the run's */
  uint32_t exposed; /* NL_P_* of the characters outside isolates */
} nl_run_seen;
typedef struct nl_chk_props nl_chk_props;
nl_chk_props **nl_chk__props_slot(nl_check_ctx *c);
void nl_chk__props_free(nl_chk_props *t);
size_t nl_chk__props_size(void); /* for a table of one's own (tests) */
/* A code point's NL_P_* flags (low 16 bits) and script (high 16). */
uint32_t nl_chk__prop(nl_chk_props *t, uint32_t cp);
/* What nl_chk__prop gives when its table cannot be built: every flag. */
#define NL_P_UNKNOWN (0x7FFFu | 0x8000u | (uint32_t)USCRIPT_INVALID_CODE << 16)
int nl_chk__pass(nl_check_ctx *c, const nl_run *r, nl_check_lang *l,
                 nl_run_seen *out);
/* The pass over `text` with table `t` (`ortho`: the language's rules are
 * looked for); `every_step` takes each character the long way (tests:
 * the same verdict). */
int nl_chk__pass_text(nl_chk_props *t, const char *text, size_t len,
                      nl_check_lang *l, int ortho, int every_step,
                      nl_run_seen *out);
/* Where the last pass saw what the word and service checks look for, so
 * that they go there instead of walking the run again. */
#define NL_CHK_AT_MAX 32
typedef struct nl_chk_seen_at {
  const char *text; /* the run it is of */
  size_t len;
  /* where a word's letter of a second script is (every one, unless
   * mixed_all is 0: too many, or a character without a table entry) */
  size_t nmixed, mixed[NL_CHK_AT_MAX];
  int mixed_all;
  /* where an orthography rule's lead is (the first always; every one
   * when ortho_all) */
  size_t northo, ortho[NL_CHK_AT_MAX];
  int ortho_all;
  /* where an invisible character (NL_P_INVIS) or a ZWNJ or ZWJ the pass
   * did not find between letters is (every one when invis_all) */
  size_t ninvis, invis[NL_CHK_AT_MAX];
  int invis_all;
  /* the first letter of a script the service does not write (SIZE_MAX:
   * none) and whether its 128-code-point block holds letters of that
   * script alone (Common and Inherited aside) */
  size_t foreign;
  int foreign_alone;
} nl_chk_seen_at;
/* The places the pass of run r saw, NULL when r had no pass (ASCII). */
const nl_chk_seen_at *nl_chk__seen_at(nl_check_ctx *c, const nl_run *r);
const nl_chk_seen_at *nl_chk__props_seen_at(const nl_chk_props *t);
/* Whether the language's service has orthography rules (loaded now). */
int nl_chk__has_ortho(nl_check_ctx *c, nl_check_lang *l);

/* check_text.c: bytes and characters */
int nl_chk__encoding(nl_check_ctx *c, const char *s, size_t len);
int nl_chk__chars(nl_check_ctx *c, const nl_run *r);
int nl_chk__nfc(nl_check_ctx *c, const nl_run *r);
/* The byte offset in UTF-8 `s` of UTF-16 index `u`. */
size_t nl_chk__utf8_offset(const char *s, size_t len, int32_t u);
/* 1 for U+FDD0..U+FDEF and U+xxFFFE/U+xxFFFF. */
int nl_chk__nonchar(uint32_t c);

/* check_bidi.c */
int nl_chk__bidi(nl_check_ctx *c, const nl_run *r);
/* Display-order hazards (bidi.c's, as merge's localizer sees them) and
 * reversed brackets, when the run's characters can make any. */
int nl_chk__display(nl_check_ctx *c, const nl_run *r, nl_check_lang *l,
                    const nl_run_seen *seen);
/* A dir attribute (`dir`, `dir_len` bytes of the file at `file_off`)
 * against the language in force. */
int nl_chk__bidi_dir(nl_check_ctx *c, const char *lang, const char *dir,
                     size_t dir_len, size_t file_off);
/* The display-order oracle's scratch, kept by the checker (NULL: no
 * memory). */
struct nl_bidi_work *nl_chk__bidi_work(nl_check_ctx *c);
/* check_script.c's word scratch (a few kB), kept by the checker. */
void **nl_chk__word_slot(nl_check_ctx *c);
/* 1 for the embedding, override and isolate controls and their pops. */
int nl_chk__bidi_control(uint32_t c);
/* The offsets of nl_chk__bidi's controls in s (at most `max`, into
 * at[]): by its one-look mask when `fast` and it answers, else step by
 * step (tests hold the two together). */
size_t nl_chk__bidi_controls(const char *s, size_t len, int fast, size_t *at,
                             size_t max);

/* check_text.c: whether a stretch of text between two normalization
 * boundaries (a letter and its marks) is NFC, for the stretches decided
 * lately: NFD Vietnamese repeats a few hundred of them, and
 * unorm2_isNormalized costs about a thousand instructions a call. A
 * pure function of the stretch's code units, so the memo changes no
 * result. */
#define NL_CHK_NFC_MEMO 64
#define NL_CHK_NFC_UNITS 7
#define NL_CHK_NFC_PLACES 16 /* counts whose not-nfc arguments are kept */
typedef struct nl_chk_nfc_memo {
  struct {
    uint16_t u[NL_CHK_NFC_UNITS];
    uint8_t n;  /* units; 0: empty slot */
    uint8_t ok; /* 1: NFC */
  } e[NL_CHK_NFC_MEMO];
  /* the NFC of the stretches reported lately, in UTF-8 (the finding's
   * message says it; unorm2_normalize costs a thousand instructions) */
  struct {
    uint16_t u[NL_CHK_NFC_UNITS];
    uint8_t n; /* units; 0: empty slot */
    char want[40];
  } w[NL_CHK_NFC_MEMO];
  /* unorm2_hasBoundaryBefore of the BMP, a bit a code point, asked of
   * ICU 128 code points at a time (bb_known: which are) */
  uint8_t bb[0x10000 / 8];
  uint8_t bb_known[0x10000 / 128 / 8];
  /* per BMP code point, filled with bb: its combining class (low byte)
   * and NL_CHK_NFC_NO, _MAYBE, _TRAIL (NFC_QC No, Maybe; a trailing
   * combining class not 0) */
  uint16_t cls[0x10000];
  /* unorm2_composePair by pair, lately asked (key 0: empty) */
  struct {
    uint32_t key; /* first << 16 | second */
    int32_t to;   /* the composite, or negative: none */
  } pair[256];
  /* count_rest8's verdicts by the bytes of a letter and its marks (the
   * code point before the first mark, if the stretch may start there,
   * and every code point from U+0300 on after it): a pure function of
   * those bytes (len 0: empty slot) */
  struct {
    uint64_t key; /* the bytes, little end first */
    uint8_t len, seg, end, ok; /* bytes; the stretch; 1: NFC */
  } letter[256];
  const void *nfc; /* unorm2_getNFCInstance's answer, once asked */
  /* where the not-nfc message's arguments were kept (nl_chk__emit_again)
   * for w[i]'s text and 1..NL_CHK_NFC_PLACES places, plus one (0: not
   * yet; cleared when w[i] is filled anew) */
  uint32_t w_args[NL_CHK_NFC_MEMO][NL_CHK_NFC_PLACES];
  /* where private-use's argument was kept for each code point of the
   * BMP's private use area U+E000..U+F8FF, plus one (0: not yet) */
  uint32_t pua_args[0xF900 - 0xE000];
  /* ... and not-nfc's for letter[i]'s stretch and 1..NL_CHK_NFC_PLACES
   * places, plus one (cleared when letter[i] is filled anew) */
  uint32_t letter_args[256][NL_CHK_NFC_PLACES];
} nl_chk_nfc_memo;
#define NL_CHK_NFC_NO 0x100
#define NL_CHK_NFC_MAYBE 0x200
#define NL_CHK_NFC_TRAIL 0x400
/* ... and a normalization boundary before it, after it (cls too) */
#define NL_CHK_NFC_BEFORE 0x800
#define NL_CHK_NFC_AFTER 0x1000
#define NL_CHK_NFC_KNOWN 0x2000 /* filled (an entry of 0 is not yet) */
nl_chk_nfc_memo *nl_chk__nfc_memo(nl_check_ctx *c);
/* Where u[0..n) stops being NFC: the stretches that are not (places),
 * the first one [seg, end) and where the quick check stopped in it
 * (bad). m may be NULL (no memo). */
typedef struct nl_chk_nfc_found {
  size_t places;
  int32_t seg, end, bad;
} nl_chk_nfc_found;
int nl_chk__nfc_scan(nl_chk_nfc_memo *m, const uint16_t *u, int32_t n,
                     nl_chk_nfc_found *out);
/* Whether u[0..n) (BMP units between two normalization boundaries) is
 * NFC, from the memo's classes: 1 yes, 0 no, -1 for ICU to say. */
int nl_chk__nfc_by_table(nl_chk_nfc_memo *m, const uint16_t *u, int32_t n);
/* nl_chk__nfc_scan on the UTF-8 itself, in byte offsets: 0 when found
 * (out), 1 when the text is left to nl_chk__nfc_scan of its UTF-16 (a
 * character beyond the BMP, a stop of ICU's quick check not reproduced
 * here, ICU failing). */
#define NL_CHK_NFC_STRETCH 32 /* units of a stretch taken on the UTF-8 */
typedef struct nl_chk_nfc_found8 {
  size_t places, seg, end, bad;
  uint16_t u[NL_CHK_NFC_STRETCH]; /* the first stretch's units (n) */
  int32_t n;
  int letter; /* the letter memo's slot of the first stretch; -1: none */
} nl_chk_nfc_found8;
int nl_chk__nfc_scan8(nl_chk_nfc_memo *m, const char *s, size_t len,
                      nl_chk_nfc_found8 *out);
/* The first byte from i on of a character nl_chk__chars may object to
 * (a control, a lead byte of C2 or EE..FF); len when none. */
size_t nl_chk__char_suspect(const char *s, size_t len, size_t i);
/* Of s[base, base + 64) (len at most): a bit for each byte
 * nl_chk__char_suspect stops at, and for tab, LF and CR (the caller
 * lets them go). */
uint64_t nl_chk__char_suspects64(const char *s, size_t len, size_t base);

/* check_script.c */
typedef struct nl_chk_scripts nl_chk_scripts;
nl_chk_scripts **nl_chk__scripts_slot(nl_check_ctx *c);
void nl_chk__scripts_free(nl_chk_scripts *s);
void nl_chk__lang_init(nl_check_ctx *c, nl_check_lang *l);
/* The language subtag of a tag, lowercased ("fa" of "fa-IR"). */
void nl_chk__primary(const char *tag, char *out, size_t cap);
/* `l`: nl_chk__lang() of the run's language (the driver has it);
 * `seen`: the pass's flags (without NL_P_MIXED no word is judged). */
int nl_chk__words(nl_check_ctx *c, const nl_run *r, const nl_check_lang *l,
                  uint32_t seen);
/* `seen` (NL_P_DIGIT, _FOREIGN, _ORTHO, _MYANMAR) says what to look for. */
int nl_chk__service(nl_check_ctx *c, const nl_run *r, nl_check_lang *l,
                    uint32_t seen);
/* For U+0080..U+07FF: 1 when the invisible checks can report it (a
 * special space, default-ignorable or format), 0 for the rest. */
int nl_chk__two_byte_may_hide(uint32_t cp);
/* Where the ASCII letters (a-z, A-Z) from s[j] on end (j <= len). */
size_t nl_chk__ascii_letters_end(const unsigned char *s, size_t len,
                                 size_t j);
/* 1 when ICU's uspoof (every character allowed) puts the UTF-8 text
 * above UTS #39's highly restrictive level, 0 when not, -1 when it
 * cannot tell (ask uspoof). */
int nl_chk__beyond_highly_restrictive(const char *s, size_t len);
/* The same, with the characters' augmented script sets remembered in
 * `m` (a checker's; NULL: none). */
int nl_chk__beyond_memo(nl_chk_scripts *m, const char *s, size_t len);
/* Script tables of one's own (tests); nl_chk__scripts_free frees them. */
nl_chk_scripts *nl_chk__scripts_new(void);
/* A script whose letters join (ZWNJ/ZWJ between them mean something). */
int nl_chk__joining_script(int sc);
/* The service writes letters of script `sc` (Latin always passes). */
int nl_chk__allowed_script(const nl_check_lang *l, int sc);
void nl_chk__lang_dispose(nl_check_lang *l);
/* The service's orthography rules (localize_internal.h), lazily. */
struct nl_lz *nl_chk__ortho(nl_check_ctx *c, nl_check_lang *l);

/* check_parity.c: one source/target pair */
typedef struct nl_check_pair {
  const char *id;          /* "unit/segment" for messages */
  const char *source, *target;          /* plain text; target may be NULL */
  const char *source_markup, *target_markup; /* XLIFF 2.0 inline markup */
  const char *source_lang, *target_lang;
  const char *state;
  unsigned long line;
  int block;               /* the unit is not segmented (one block) */
  int hints;               /* XLIFF 2.0: canDelete, canCopy, canReorder */
} nl_check_pair;
int nl_chk__pair(nl_check_ctx *c, const nl_check_pair *p);
/* check_codes.c: inline codes, with XLIFF 2.0's editing hints */
int nl_chk__codes(nl_check_ctx *c, const nl_check_pair *p);
int nl_chk__xliff(nl_check_ctx *c, const char *data, size_t len,
                  const char *name);
int nl_chk__tmx(nl_check_ctx *c, const char *data, size_t len,
                const char *name);

/* check_parity.c: words to translate in `s`; a target copying such a
 * source is untranslated (target-equals-source; tm_xliff.c does not
 * learn it) */
int nl_chk__has_words(const char *s);

/* check_tm.c */
int nl_chk__tm(nl_check_ctx *c, const char *path);

/* check_fix.c */
/* The run's stray bidi controls, marked at their offsets (calloc'd,
 * NULL: no memory). */
unsigned char *nl_chk__fix_strays(const nl_run *r);
/* Fixes [from, to) of the run's text into `out` (`drop`: its strays);
 * changes become fixed findings. A part never spans markup, which a
 * fix must leave where it is; the caller leaves sources and attribute
 * values alone. */
int nl_chk__fix_part(nl_check_ctx *c, const nl_run *r,
                     const unsigned char *drop, size_t from, size_t to,
                     nl_buf *out, int *changed);

#endif
