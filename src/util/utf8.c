/*
 * util/utf8.c - UTF-8 validation and positions.
 *
 * Every text that enters the library is checked here first, so that the
 * rest of the code may assume well-formed UTF-8 and so that users learn
 * the exact line and column of a bad byte instead of a garbled output.
 */
#include "util/utf8.h"

#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <unicode/uchar.h>

#include "error.h"

/* One well-formed sequence of 2 to 4 bytes at s[i]: its code point and
 * length in *n, or -1 (overlong, surrogate, past U+10FFFF, truncated). */
static int32_t decode_multi(const unsigned char *s, size_t len, size_t i,
                            size_t *n) {
  unsigned char c = s[i];
  uint32_t min, cp;
  if (c >= 0xC2 && c <= 0xDF) {
    *n = 2; min = 0x80; cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    *n = 3; min = 0x800; cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    *n = 4; min = 0x10000; cp = c & 0x07;
  } else {
    return -1;
  }
  if (len - i < *n)
    return -1;
  for (size_t k = 1; k < *n; k++) {
    if ((s[i + k] & 0xC0) != 0x80)
      return -1;
    cp = (cp << 6) | (s[i + k] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return -1;
  return (int32_t)cp;
}

#ifdef __SSE2__
/* The bytes of x (`high`: its bytes >= 0x80) that are ASCII, or a lead
 * C2..DF with a trail byte after it, or a trail byte after such a lead,
 * as a mask; the leads in *lead (C0 and C1 would be overlong), the trail
 * bytes' mask in *tmask. */
static unsigned short_bytes(__m128i x, unsigned high, __m128i *lead,
                            unsigned *tmask) {
  __m128i trail = _mm_cmpeq_epi8(_mm_and_si128(x, _mm_set1_epi8((char)0xC0)),
                                 _mm_set1_epi8((char)0x80));
  *lead = _mm_cmpeq_epi8(_mm_subs_epu8(_mm_sub_epi8(x, _mm_set1_epi8((char)0xC2)),
                                       _mm_set1_epi8(0xDF - 0xC2)),
                         _mm_setzero_si128());
  unsigned t = (unsigned)_mm_movemask_epi8(trail);
  unsigned l = (unsigned)_mm_movemask_epi8(*lead);
  *tmask = t;
  return (~high & 0xFFFF) | (l & (t >> 1)) | (t & (l << 1));
}
#endif

#ifdef __SSE2__
static unsigned equal(__m128i x, unsigned char v) {
  return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)v)));
}

/* The bytes of x at or above v (unsigned), as a mask. */
static unsigned at_least(__m128i x, unsigned char v) {
  return (unsigned)_mm_movemask_epi8(
      _mm_cmpeq_epi8(_mm_max_epu8(x, _mm_set1_epi8((char)v)), x));
}
#endif

/* From a character's first byte on, a byte at a time (with the pairs
 * of two-byte sequences and the common three-byte ones taken whole):
 * the file's last bytes, and where a block was found bad, the exact
 * offset. */
static size_t invalid_from(const unsigned char *s, size_t len, size_t i) {
  size_t n;
  while (i < len) {
    if (s[i] < 0x80)
      i++;
    else if (s[i] >= 0xC2 && s[i] <= 0xDF && i + 1 < len &&
             (s[i + 1] & 0xC0) == 0x80)
      i += 2; /* two bytes: every such pair is well-formed */
    else if (s[i] >= 0xE1 && s[i] <= 0xEF && s[i] != 0xED && i + 2 < len &&
             (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80)
      i += 3; /* E1..EC, EE, EF: any two trail bytes (ZWNJ, isolates, CJK) */
    else if (decode_multi(s, len, i, &n) < 0)
      return i;
    else
      i += n;
  }
  return len;
}

#ifdef __SSE2__
/* What the leads at the end of a block want of the next one: bit k of
 * `need` is byte k of the next block, which must be a trail byte; bit 0
 * of e0, ed, f0, f4 says byte 0 is the second after that lead, whose
 * range is narrower. */
typedef struct carry {
  uint64_t need, e0, ed, f0, f4;
} carry;

/* The 32 bytes a, b as a mask of bit k for byte k: `m` of each. */
#define MASK32(m, a, b) ((uint64_t)(m(a)) | (uint64_t)(m(b)) << 16)

static unsigned ge_c0(__m128i x) { return at_least(x, 0xC0); }
static unsigned ge_e0(__m128i x) { return at_least(x, 0xE0); }
static unsigned ge_f0(__m128i x) { return at_least(x, 0xF0); }
static unsigned ge_f5(__m128i x) { return at_least(x, 0xF5); }
static unsigned ge_a0(__m128i x) { return at_least(x, 0xA0); }
static unsigned ge_90(__m128i x) { return at_least(x, 0x90); }
static unsigned is_e0(__m128i x) { return equal(x, 0xE0); }
static unsigned is_ed(__m128i x) { return equal(x, 0xED); }
static unsigned is_f0(__m128i x) { return equal(x, 0xF0); }
static unsigned is_f4(__m128i x) { return equal(x, 0xF4); }
/* C0, C1: overlong whatever follows */
static unsigned is_c0c1(__m128i x) {
  return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
      _mm_and_si128(x, _mm_set1_epi8((char)0xFE)), _mm_set1_epi8((char)0xC0)));
}

/* Whether the 32 bytes a, b (`high`: those >= 0x80) are well-formed as
 * far as they go, given what the block before wants (*cy, then what
 * this one wants of the next): the bytes' roles found for all 32 at
 * once as bit masks, every lead's trail bytes exactly where the trail
 * bytes are (a lead that wants more than the block holds hands it on),
 * no C0, C1, F5..FF, then the second byte after E0, ED, F0, F4
 * (overlongs, surrogates, past U+10FFFF) when one of those is there.
 * Any mix of lengths, and a sequence the block cuts costs nothing more:
 * 32 bytes a step. */
static int block_ok(__m128i a, __m128i b, uint64_t high, carry *cy) {
  uint64_t c0 = MASK32(ge_c0, a, b), e0 = MASK32(ge_e0, a, b);
  uint64_t f0 = e0 ? MASK32(ge_f0, a, b) : 0, trail = high & ~c0;
  uint64_t need = (c0 << 1 | e0 << 2 | f0 << 3) | cy->need;
  uint64_t bad = ((need ^ trail) & 0xFFFFFFFFu) | MASK32(is_c0c1, a, b);
  uint64_t w0 = cy->e0, wd = cy->ed, w4 = cy->f0, w8 = cy->f4;
  cy->need = need >> 32;
  cy->e0 = cy->ed = cy->f0 = cy->f4 = 0;
  if (e0 == 0 && (w0 | wd | w4 | w8) == 0)
    return bad == 0; /* (no three- or four-byte lead in or before it) */
  __m128i ea = _mm_or_si128(_mm_cmpeq_epi8(a, _mm_set1_epi8((char)0xE0)),
                            _mm_cmpeq_epi8(a, _mm_set1_epi8((char)0xED)));
  __m128i eb = _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8((char)0xE0)),
                            _mm_cmpeq_epi8(b, _mm_set1_epi8((char)0xED)));
  uint64_t edge = MASK32(_mm_movemask_epi8, ea, eb);
  if (edge != 0) {
    w0 |= MASK32(is_e0, a, b) << 1;
    wd |= MASK32(is_ed, a, b) << 1;
  }
  if (f0 != 0) { /* (four bytes: rare) */
    bad |= MASK32(ge_f5, a, b);
    w4 |= MASK32(is_f0, a, b) << 1;
    w8 |= MASK32(is_f4, a, b) << 1;
  }
  if ((w0 | wd | w4 | w8) == 0)
    return bad == 0; /* (E1..EC, EE, EF, F1..F3: any trail bytes) */
  uint64_t a0 = MASK32(ge_a0, a, b), h90 = MASK32(ge_90, a, b);
  bad |= ((w0 & ~a0) | (wd & a0) | (w4 & ~h90) | (w8 & h90)) & 0xFFFFFFFFu;
  cy->e0 = w0 >> 32;
  cy->ed = wd >> 32;
  cy->f0 = w4 >> 32;
  cy->f4 = w8 >> 32;
  return bad == 0;
}

/* Whether the 64 bytes at s are all ASCII (English text, markup): one
 * test for four loads. */
static int ascii64(const unsigned char *s) {
  const __m128i *p = (const __m128i *)(const void *)s;
  __m128i x = _mm_or_si128(
      _mm_or_si128(_mm_loadu_si128(p), _mm_loadu_si128(p + 1)),
      _mm_or_si128(_mm_loadu_si128(p + 2), _mm_loadu_si128(p + 3)));
  return _mm_movemask_epi8(x) == 0;
}

/* The start of the character that byte i is in or that wants it, when
 * the bytes before i are well-formed as far as they go: at most three
 * trail bytes back, then their lead. */
static size_t char_start(const unsigned char *s, size_t i) {
  size_t j = i;
  while (j > 0 && i - j < 3 && (s[j - 1] & 0xC0) == 0x80)
    j--;
  return j > 0 && s[j - 1] >= 0xC0 ? j - 1 : j;
}
#endif

#if defined(__GNUC__) && defined(__SSE2__) && !defined(__AVX2__) &&        \
    defined(__x86_64__)
#define NL_AVX2_CLONE 1
#include <immintrin.h>

/* What can be wrong with a pair of bytes, one bit a kind, found from
 * three looks in 16-entry tables: the first byte's high and low nibble,
 * the second's high nibble; a pair is wrong when all three looks have
 * the kind's bit. A continuation after a continuation (TWO_CONTS) is
 * wrong unless a lead two or three bytes back wants it. */
enum {
  TOO_SHORT = 1 << 0,  /* a lead, then no continuation */
  TOO_LONG = 1 << 1,   /* ASCII, then a continuation */
  OVERLONG_3 = 1 << 2, /* E0 80..9F */
  TOO_LARGE = 1 << 3,  /* F4 90..BF, F5..FF */
  SURROGATE = 1 << 4,  /* ED A0..BF */
  OVERLONG_2 = 1 << 5, /* C0, C1 */
  TOO_LARGE_1000 = 1 << 6, /* F5..FF 80..8F */
  OVERLONG_4 = 1 << 6, /* F0 80..8F */
  TWO_CONTS = -128,    /* bit 7 (as the tables' char) */
  CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS
};

#define TABLE16(...) _mm256_setr_epi8(__VA_ARGS__, __VA_ARGS__)

/* The 32 bytes before `in`'s each, n back (the block before, `pre`,
 * gives the first n). */
#define PREV(in, pre, n)                                                     \
  _mm256_alignr_epi8(in, _mm256_permute2x128_si256(pre, in, 0x21), 16 - (n))

/* Where the blocks of 32 bytes from s stop being well-formed UTF-8 as far
 * as they go: the start of the first bad block, or of the bytes after
 * the last whole block (the caller looks at both a byte at a time, from
 * the start of the character they begin in). Pairs of bytes judged by
 * table (AVX2's byte shuffle), continuations two and three bytes after
 * a lead of three or four by a subtraction: some 25 instructions a
 * block of any script. */
__attribute__((target("avx2"))) static size_t
blocks_avx2(const unsigned char *s, size_t len) {
  const __m256i b1h = TABLE16(
      TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
      TOO_LONG, TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,
      TOO_SHORT | OVERLONG_2, TOO_SHORT, TOO_SHORT | OVERLONG_3 | SURROGATE,
      TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4);
  const __m256i b1l = TABLE16(
      CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4, CARRY | OVERLONG_2, CARRY,
      CARRY, CARRY | TOO_LARGE, CARRY | TOO_LARGE | TOO_LARGE_1000,
      CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
      CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
      CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
      CARRY | TOO_LARGE | TOO_LARGE_1000,
      CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
      CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000);
  const __m256i b2h = TABLE16(
      TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
      TOO_SHORT, TOO_SHORT,
      TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 |
          OVERLONG_4,
      TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
      TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
      TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE, TOO_SHORT,
      TOO_SHORT, TOO_SHORT, TOO_SHORT);
  const __m256i low = _mm256_set1_epi8(0x0F), hi = _mm256_set1_epi8((char)0x80);
  /* a block's last bytes that want the next block: a lead in the last
   * one, three- and four-byte leads in the two or three last */
  const __m256i wants = _mm256_setr_epi8(
      -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
      -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, (char)0xEF, (char)0xDF,
      (char)0xBF);
  __m256i pre = _mm256_setzero_si256(), open = pre;
  size_t i = 0;
  for (; len - i >= 32; i += 32) {
    __m256i in = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
    if (_mm256_movemask_epi8(in) == 0) { /* ASCII: nothing may be open */
      if (!_mm256_testz_si256(open, open))
        return i;
      /* more ASCII 64 bytes a step (any ASCII before a block is as
       * good as the block's own bytes: zeros) */
      const __m256i *p = (const __m256i *)(const void *)(s + i + 32);
      for (; len - i >= 96 &&
             _mm256_movemask_epi8(_mm256_or_si256(
                 _mm256_loadu_si256(p), _mm256_loadu_si256(p + 1))) == 0;
           p += 2)
        i += 64;
      pre = _mm256_setzero_si256();
      continue;
    }
    __m256i p1 = PREV(in, pre, 1);
    __m256i sc = _mm256_and_si256(
        _mm256_and_si256(
            _mm256_shuffle_epi8(
                b1h, _mm256_and_si256(_mm256_srli_epi16(p1, 4), low)),
            _mm256_shuffle_epi8(b1l, _mm256_and_si256(p1, low))),
        _mm256_shuffle_epi8(b2h,
                            _mm256_and_si256(_mm256_srli_epi16(in, 4), low)));
    __m256i third = _mm256_subs_epu8(PREV(in, pre, 2), _mm256_set1_epi8(0x60));
    __m256i fourth =
        _mm256_subs_epu8(PREV(in, pre, 3), _mm256_set1_epi8(0x70));
    __m256i want23 = _mm256_and_si256(_mm256_or_si256(third, fourth), hi);
    __m256i bad = _mm256_xor_si256(want23, sc);
    if (!_mm256_testz_si256(bad, bad))
      return i;
    open = _mm256_subs_epu8(in, wants);
    pre = in;
  }
  return i;
}
#undef PREV
#undef TABLE16
#endif

/* The same with SSE2 alone (the processors without AVX2): 32 bytes a
 * step by bit masks (block_ok()). */
static size_t blocks_sse2(const unsigned char *s, size_t len) {
  size_t i = 0;
#ifdef __SSE2__
  carry cy = {0, 0, 0, 0, 0};
  while (len - i >= 32) {
    const __m128i *p = (const __m128i *)(const void *)(s + i);
    __m128i a = _mm_loadu_si128(p), b = _mm_loadu_si128(p + 1);
    uint64_t high = MASK32(_mm_movemask_epi8, a, b);
    if ((high | cy.need) == 0) { /* (wanting nothing, it has no edge) */
      for (i += 32; len - i >= 64 && ascii64(s + i);)
        i += 64;
      continue;
    }
    if (!block_ok(a, b, high, &cy))
      break; /* the exact offset from the last character's start */
    i += 32;
  }
#else
  (void)s, (void)len;
#endif
  return i;
}

size_t nl_utf8__invalid_at_sse2(const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = blocks_sse2(s, len);
#ifdef __SSE2__
  i = char_start(s, i);
#endif
  return invalid_from(s, len, i);
}

int nl_utf8__have_avx2(void) {
#ifdef NL_AVX2_CLONE
  return __builtin_cpu_supports("avx2") != 0;
#else
  return 0;
#endif
}

size_t nl_utf8__invalid_at(const char *str, size_t len) {
#ifdef NL_AVX2_CLONE
  const unsigned char *s = (const unsigned char *)str;
  if (nl_utf8__have_avx2())
    return invalid_from(s, len, char_start(s, blocks_avx2(s, len)));
#endif
  return nl_utf8__invalid_at_sse2(str, len);
}

#ifdef __SSE2__
/* The whole one- and two-byte sequences at the start of the 16 bytes at
 * s (ASCII, and Arabic script, Cyrillic, Greek, Hebrew, Armenian
 * letters), decoded into d; how many bytes they take (0 when the first
 * is neither). Text of those scripts mixes both every few bytes (a
 * space a word), which a loop takes a character at a time and a branch
 * each: here the 16 are classified at once, every byte decoded as if a
 * character started there, and the characters copied out. */
static size_t mixed16(const unsigned char *s, uint16_t *d, size_t *o) {
  const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)s);
  const __m128i zero = _mm_setzero_si128();
  unsigned high = (unsigned)_mm_movemask_epi8(x);
  if (high == 0) { /* all ASCII: English news nearly always */
    _mm_storeu_si128((__m128i *)(void *)(d + *o), _mm_unpacklo_epi8(x, zero));
    _mm_storeu_si128((__m128i *)(void *)(d + *o + 8),
                     _mm_unpackhi_epi8(x, zero));
    *o += 16;
    return 16;
  }
  __m128i lead;
  unsigned t;
  unsigned ok = short_bytes(x, high, &lead, &t);
  unsigned n = (unsigned)__builtin_ctz(~ok); /* ok ends before bit 16 */
  if (n == 0)
    return 0;
  /* every byte as a character's start: its own value, or a lead's five
   * bits over the next byte's six */
  const __m128i next = _mm_srli_si128(x, 1);
  __m128i v[2];
  for (int h = 0; h < 2; h++) {
    __m128i b = h ? _mm_unpackhi_epi8(x, zero) : _mm_unpacklo_epi8(x, zero);
    __m128i nb =
        h ? _mm_unpackhi_epi8(next, zero) : _mm_unpacklo_epi8(next, zero);
    __m128i lw =
        h ? _mm_unpackhi_epi8(lead, lead) : _mm_unpacklo_epi8(lead, lead);
    __m128i two = _mm_or_si128(
        _mm_slli_epi16(_mm_and_si128(b, _mm_set1_epi16(0x1F)), 6),
        _mm_and_si128(nb, _mm_set1_epi16(0x3F)));
    v[h] = _mm_or_si128(_mm_and_si128(lw, two), _mm_andnot_si128(lw, b));
  }
  uint16_t tmp[16];
  _mm_storeu_si128((__m128i *)(void *)tmp, v[0]);
  _mm_storeu_si128((__m128i *)(void *)(tmp + 8), v[1]);
  size_t k = *o;
  for (unsigned m = ~t & ((1u << n) - 1); m; m &= m - 1)
    d[k++] = tmp[__builtin_ctz(m)];
  *o = k;
  return n;
}
#endif

/* 1 when the first 6 of the 8 bytes at s are two three-byte sequences
 * (CJK, Indic scripts, Thai, ...), decoded into d. Leads E0 and ED,
 * whose second byte has narrower bounds (overlong, surrogates), are left
 * to the caller. */
static int three2(const unsigned char *s, uint16_t *d) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  uint64_t w;
  memcpy(&w, s, 8);
  /* bytes 0 and 3 1110xxxx, the others 10xxxxxx (byte 0 lowest) */
  if ((w & 0xC0C0F0C0C0F0u) != 0x8080E08080E0u)
    return 0;
  unsigned a = (unsigned)(w & 0xFF), b = (unsigned)(w >> 24) & 0xFF;
  if (a == 0xE0 || a == 0xED || b == 0xE0 || b == 0xED)
    return 0;
  d[0] = (uint16_t)((a & 0x0F) << 12 | ((w >> 8) & 0x3F) << 6 |
                    ((w >> 16) & 0x3F));
  d[1] = (uint16_t)((b & 0x0F) << 12 | ((w >> 32) & 0x3F) << 6 |
                    ((w >> 40) & 0x3F));
  return 1;
#else
  (void)s, (void)d;
  return 0;
#endif
}

#ifdef __SSE2__
/* 1 when the first 12 of the 16 bytes at s are four three-byte
 * sequences, none led by E0 or ED (see three2), decoded into d. */
static int three4(const unsigned char *s, uint16_t *d) {
  const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)s);
  unsigned lead = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
      _mm_and_si128(x, _mm_set1_epi8((char)0xF0)), _mm_set1_epi8((char)0xE0)));
  unsigned trail = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
      _mm_and_si128(x, _mm_set1_epi8((char)0xC0)), _mm_set1_epi8((char)0x80)));
  unsigned narrow = (unsigned)_mm_movemask_epi8(
      _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xE0)),
                   _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xED))));
  /* leads at 0, 3, 6, 9, trail bytes between */
  if ((lead & 0xFFF) != 0x249 || (trail & 0xFFF) != 0xDB6 || (narrow & 0x249))
    return 0;
  for (int k = 0; k < 4; k++, s += 3)
    d[k] = (uint16_t)((s[0] & 0x0F) << 12 | (s[1] & 0x3F) << 6 | (s[2] & 0x3F));
  return 1;
}
#endif

int64_t nl_utf8__to_utf16(const char *str, size_t len, uint16_t *dst) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0, o = 0, n;
  while (i < len) {
    unsigned c = s[i];
#ifdef __SSE2__
    /* not before a character of three or four bytes (CJK, Indic
     * scripts), which the block would stop at at once */
    if (len - i >= 16 && c < 0xE0 && s[i + 1] < 0xE0) {
      size_t k = mixed16(s + i, dst, &o);
      if (k) {
        i += k;
        continue;
      }
    }
#endif
#ifdef __SSE2__
    /* a lone ZWNJ in Arabic script is not worth a look at 16 bytes */
    if (c >= 0xE0 && len - i >= 16 && s[i + 3] >= 0xE0 &&
        three4(s + i, dst + o)) {
      i += 12, o += 4;
      continue;
    }
#endif
    if (c >= 0xE0 && len - i >= 8 && three2(s + i, dst + o)) {
      i += 6, o += 2;
    } else if (c < 0x80) {
      dst[o++] = (uint16_t)c;
      i++;
    } else if (c - 0xC2 <= 0xDF - 0xC2 && len - i >= 2 &&
               (s[i + 1] & 0xC0) == 0x80) {
      dst[o++] = (uint16_t)(((c & 0x1F) << 6) | (s[i + 1] & 0x3F));
      i += 2;
    } else if (c - 0xE0 <= 0xEF - 0xE0 && len - i >= 3 &&
               (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80 &&
               (c != 0xE0 || s[i + 1] >= 0xA0) &&   /* overlong */
               (c != 0xED || s[i + 1] < 0xA0)) {    /* a surrogate */
      dst[o++] = (uint16_t)(((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) |
                            (s[i + 2] & 0x3F));
      i += 3;
    } else {
      int32_t cp = decode_multi(s, len, i, &n);
      if (cp < 0)
        return -1;
      i += n;
      if (cp < 0x10000) {
        dst[o++] = (uint16_t)cp;
      } else {
        dst[o++] = (uint16_t)(0xD7C0 + (cp >> 10));
        dst[o++] = (uint16_t)(0xDC00 | (cp & 0x3FF));
      }
    }
  }
  return (int64_t)o;
}

void nl_utf8__position(const char *s, size_t off, unsigned long *line,
                       unsigned long *column) {
  unsigned long l = 1, c = 1;
  for (size_t i = 0; i < off; i++) {
    unsigned char b = (unsigned char)s[i];
    if (b == '\n') {
      l++;
      c = 1;
    } else if ((b & 0xC0) != 0x80) {
      c++;
    }
  }
  *line = l;
  *column = c;
}

int nl_utf8__check(const char *s, size_t len, const char *name,
                   nl_error *err) {
  size_t bad = nl_utf8__invalid_at(s, len);
  if (bad == len)
    return 0;
  unsigned long line, col;
  nl_utf8__position(s, bad, &line, &col);
  return nl_error__set(err, NL_EUTF8, name, line, col,
                       "invalid UTF-8 (byte 0x%02X)",
                       (unsigned)(unsigned char)s[bad]);
}

size_t nl_utf8__prev_start(const char *s, size_t i) {
  size_t k = i - 1;
  while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
    k--;
  return k;
}

size_t nl_utf8__fit(const char *s, size_t n, size_t cap) {
  if (n <= cap)
    return n;
  while (cap > 0 && ((unsigned char)s[cap] & 0xC0) == 0x80)
    cap--;
  return cap;
}

uint32_t nl_utf8__prev(const char *s, size_t i) {
  if (i == 0)
    return 0;
  size_t k = nl_utf8__prev_start(s, i);
  return nl_utf8__next(s, i, &k);
}

uint32_t nl_utf8__next(const char *s, size_t len, size_t *i) {
  return nl_utf8__next_inline(s, len, i);
}

size_t nl_utf8__encode(uint32_t c, char *out) {
  unsigned char *o = (unsigned char *)out;
  if (c < 0x80) {
    o[0] = (unsigned char)c;
    return 1;
  }
  if (c < 0x800) {
    o[0] = (unsigned char)(0xC0 | (c >> 6));
    o[1] = (unsigned char)(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (c >> 12));
    o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (c & 0x3F));
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | (c >> 18));
  o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (c & 0x3F));
  return 4;
}

int nl_utf8__xml_char(uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

size_t nl_utf8__xml_bad_at(const char *s, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < len;) {
    /* printable ASCII and well-formed two-byte sequences (U+0080 to
     * U+07FF: Latin, Arabic, Cyrillic...) are all XML characters: most
     * of a TM entry, a byte compare instead of a decode each */
    if (u[i] >= 0x20 && u[i] < 0x80) {
      i++;
      continue;
    }
    if (u[i] >= 0xC2 && u[i] <= 0xDF && i + 1 < len && (u[i + 1] & 0xC0) == 0x80) {
      i += 2;
      continue;
    }
    size_t j = i;
    if (!nl_utf8__xml_char(nl_utf8__next(s, len, &j)))
      return i;
    i = j;
  }
  return len;
}

size_t nl_utf8__xml_strip(char *s, size_t len) {
  size_t out = nl_utf8__xml_bad_at(s, len);
  for (size_t i = out; i < len;) {
    size_t j = i;
    int keep = nl_utf8__xml_char(nl_utf8__next(s, len, &j));
    if (keep)
      memmove(s + out, s + i, j - i);
    out += keep ? j - i : 0;
    i = j;
  }
  return out;
}

size_t nl_utf8__line_break(const char *s, size_t len, size_t i, int *para) {
  const unsigned char *u = (const unsigned char *)s + i;
  size_t left = len - i;
  *para = 0;
  switch (u[0]) {
  case '\n':
  case '\v':
    return 1;
  case '\f':
    *para = 1;
    return 1;
  case '\r':
    return left > 1 && u[1] == '\n' ? 2 : 1;
  case 0xC2:
    return left > 1 && u[1] == 0x85 ? 2 : 0; /* NEL */
  case 0xE2:
    if (left < 3 || u[1] != 0x80 || (u[2] != 0xA8 && u[2] != 0xA9))
      return 0;
    *para = u[2] == 0xA9; /* PS; LS is a line break */
    return 3;
  default:
    return 0;
  }
}

int nl_utf8__is_space(uint32_t c) {
  if (c < 0x80)
    return c == ' ' || (c >= 0x09 && c <= 0x0D);
  if (c < 0x1680) /* settled without ICU for most scripts' letters */
    return c == 0x85 || c == 0xA0;
  if (c > 0x3000) /* U+3000 is the last (CJK, Hangul: test_util holds
                   * this to ICU for every code point) */
    return 0;
  if (c >= 0x2010 && c <= 0x2027) /* dashes, quotes, ellipsis: none */
    return 0;
  return c == 0x200B || u_isUWhiteSpace((UChar32)c);
}

size_t nl_utf8__space_at(const char *s, size_t len, size_t i) {
  size_t j = i;
  return i < len && nl_utf8__is_space(nl_utf8__next(s, len, &j)) ? j - i : 0;
}
