/*
 * check_message.c - a finding's message kept as its format and
 * arguments, written only when it is asked for.
 *
 * A file full of findings spent most of its checking time writing
 * messages (vsnprintf, character names) that are written again by the
 * report anyway. So a finding keeps its format (a literal of the check)
 * and its arguments, copied into one growing store: numbers as they
 * are, strings as bytes (they often live on the check's stack). The
 * name of the finding's own character (NL_CHK_NAME) is not copied at
 * all: it is looked up when the message is written, once per code
 * point. Writing uses snprintf for every conversion but the plain
 * %s, %d, %u and %zu the checks mostly use, so a message is byte for
 * byte what printf made of it before.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "check_internal.h"
#include "check_message.h"

const char nl_chk__name[] = "(the name of the finding's character)";

/* One conversion of a format. */
typedef struct spec {
  const char *start, *end; /* from '%' to past the conversion */
  int plain;               /* no flags, width, precision or length but z, l */
  int wstar, pstar;        /* width, precision from an argument */
  long prec;               /* -1: none (or from an argument) */
  int kind;                /* of the value; -1: %% */
} spec;

nl_chk_msgs *nl_chk__msgs_new(void) { return calloc(1, sizeof(nl_chk_msgs)); }

void nl_chk__msgs_free(nl_chk_msgs *m) {
  if (m == NULL)
    return;
  free(m->v);
  free(m->s);
  free(m->names);
  free(m);
}

/* ---- formats ------------------------------------------------------------ */

static int length_kind(char conv, const char *len, size_t n) {
  int sign = conv == 'd' || conv == 'i';
  if (n == 0 || (n <= 2 && len[0] == 'h'))
    return sign || conv == 'c' ? NL_CHK_K_INT : NL_CHK_K_UINT;
  if (n == 1 && len[0] == 'l')
    return sign ? NL_CHK_K_LONG : NL_CHK_K_ULONG;
  if (n == 2 && len[0] == 'l' && len[1] == 'l')
    return sign ? NL_CHK_K_LLONG : NL_CHK_K_ULLONG;
  if (n == 1 && len[0] == 'z')
    return NL_CHK_K_SIZE;
  return -1;
}

/* The conversion at `p` ('%'); NULL when it is not one this module
 * keeps (the message is then written at once). */
static const char *parse_spec(const char *p, spec *s) {
  memset(s, 0, sizeof(*s));
  s->start = p++;
  s->prec = -1;
  const char *q = p;
  while (*q && strchr("-+ #0'", *q))
    q++;
  if (*q == '*') {
    s->wstar = 1;
    q++;
  } else {
    while (*q >= '0' && *q <= '9')
      q++;
  }
  if (*q == '.') {
    q++;
    if (*q == '*') {
      s->pstar = 1;
      q++;
    } else {
      s->prec = 0;
      for (; *q >= '0' && *q <= '9'; q++)
        s->prec = s->prec < 100000 ? s->prec * 10 + (*q - '0') : s->prec;
    }
  }
  int bare = q == p;
  const char *len = q;
  while (*q && strchr("hlzjtL", *q))
    q++;
  char conv = *q;
  if (conv == '\0')
    return NULL;
  s->end = q + 1;
  if (conv == '%') {
    s->kind = -1;
    return bare && len == q ? s->end : NULL;
  }
  if (conv == 's')
    s->kind = len == q ? NL_CHK_K_STR : -1;
  else if (strchr("diuxXoc", conv))
    s->kind = length_kind(conv, len, (size_t)(q - len));
  else
    s->kind = -1;
  s->plain = bare && (len == q || *len != 'h') && strchr("sdiu", conv) != NULL;
  return s->kind < 0 ? NULL : s->end;
}

/* The length of the conversion at `p` ('%') when put_common() writes
 * it (%s, %d, %zu, %0NX, %0Nx), else 0. */
static int common_len(const char *p) {
  if (p[1] == 's' || p[1] == 'd')
    return 2;
  if (p[1] == 'z' && p[2] == 'u')
    return 3;
  if (p[1] == '0' && p[2] >= '1' && p[2] <= '9' &&
      (p[3] == 'X' || p[3] == 'x'))
    return 4;
  return 0;
}

/* Where the conversions of f->fmt are, when put_common() writes them
 * all. */
static void plan_writing(nl_chk_fmt_info *f) {
  unsigned n = 0;
  const char *p = f->fmt;
  f->fast = 0;
  for (const char *pc; (pc = strchr(p, '%')) != NULL; p = pc + f->clen[n++]) {
    int k = common_len(pc);
    if (k == 0 || n == NL_CHK_MAX_ARGS || pc - f->fmt > 60000)
      return;
    f->at[n] = (unsigned short)(pc - f->fmt);
    f->clen[n] = (unsigned char)k;
  }
  f->len = (size_t)(p - f->fmt) + strlen(p);
  f->fast = n == f->n;
}

static nl_chk_fmt_info *parse_fmt(nl_chk_fmt_info *f, const char *fmt) {
  memset(f, 0, sizeof(*f));
  f->fmt = fmt;
  f->ok = 1;
  for (const char *p = fmt; (p = strchr(p, '%')) != NULL;) {
    spec s;
    p = parse_spec(p, &s);
    if (p == NULL || f->n + s.wstar + s.pstar + 1 > NL_CHK_MAX_ARGS) {
      f->ok = 0;
      break;
    }
    if (s.kind < 0)
      continue;
    if (s.wstar)
      f->kind[f->n++] = NL_CHK_K_INT;
    if (s.pstar)
      f->kind[f->n++] = NL_CHK_K_INT;
    f->prec[f->n] = s.pstar ? -2 : s.prec;
    f->kind[f->n++] = (unsigned char)s.kind;
  }
  if (f->ok)
    plan_writing(f);
  return f;
}

/* A format not in its slot `f`: in the slot after it, or parsed into
 * `f` when that is free, else into the one after. Two ways, so that two
 * hot formats whose literals the linker happens to put one slot apart
 * share the place instead of taking turns (each turn a parse, and the
 * arguments kept with the format lost): the speed of a check must not
 * depend on where its strings land. */
nl_chk_fmt_info *nl_chk__msg_fmt_missed(nl_chk_msgs *m, nl_chk_fmt_info *f,
                                        const char *fmt) {
  nl_chk_fmt_info *g = &m->fmts[(size_t)(f - m->fmts + 1) % NL_CHK_FMT_SLOTS];
  if (g->fmt == fmt)
    return g;
  return parse_fmt(f->fmt == NULL ? f : g, fmt);
}

/* ---- keeping ------------------------------------------------------------ */

int nl_chk__msg_grow_strings(nl_chk_msgs *m, size_t n) {
  size_t cap = m->caps ? m->caps : 4096;
  while (cap - m->ns < n + 1)
    cap *= 2;
  char *p = realloc(m->s, cap);
  if (p == NULL)
    return NL_ENOMEM;
  m->s = p;
  m->caps = cap;
  return 0;
}

int nl_chk__msg_grow_args(nl_chk_msgs *m, size_t n) {
  size_t cap = m->cap ? m->cap * 2 : 1024;
  while (cap - m->n < n)
    cap *= 2;
  uint64_t *p = realloc(m->v, cap * sizeof(*p));
  if (p == NULL)
    return NL_ENOMEM;
  m->v = p;
  m->cap = cap;
  return 0;
}

/* The message written now, kept as the one argument of "%s". */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 0)))
#endif
static int keep_written(nl_chk_msgs *m, const char *fmt, va_list ap,
                        size_t *first, const char **kept) {
  nl_buf b = NL_BUF_INIT;
  int rc = m->cap - m->n >= 1 ? 0 : nl_chk__msg_grow_args(m, 1);
  *first = m->n;
  if (rc == 0)
    rc = nl_buf__vprintf(&b, fmt, ap);
  if (rc == 0)
    rc = nl_chk__msg_store_string(m, b.ptr ? b.ptr : "", b.size, &m->v[m->n]);
  nl_buf_dispose(&b);
  m->n += rc == 0;
  *kept = "%s";
  return rc;
}

int nl_chk__msg_store_new_lasting(nl_chk_msgs *m, const char *s,
                                  uint64_t *out) {
  uintptr_t a = (uintptr_t)s;
  nl_chk_lasting_slot *e =
      &m->lasting[(a ^ a >> 6 ^ a >> 12) % NL_CHK_LASTING_SLOTS];
  int rc = nl_chk__msg_store_string(m, s, strlen(s), out);
  if (rc == 0) {
    e->p = s;
    e->off = *out;
  }
  return rc;
}

int nl_chk__msg_keep(nl_chk_msgs *m, const char *fmt, va_list ap,
                     size_t *first, const char **kept) {
  va_list a;
  va_copy(a, ap);
  int rc = nl_chk__msg_keep_lasting(m, fmt, 0, a, first, kept);
  va_end(a);
  return rc;
}

int nl_chk__msg_keep_lasting(nl_chk_msgs *m, const char *fmt,
                             unsigned lasting, va_list ap, size_t *first,
                             const char **kept) {
  if (!nl_chk__msg_fmt(m, fmt)->ok)
    return keep_written(m, fmt, ap, first, kept);
  return nl_chk__msg_keep_now(m, fmt, lasting, ap, first, kept);
}

int nl_chk__msg_keep_name_first(nl_chk_msgs *m, nl_chk_fmt_info *f) {
  int one = f->n == 1 && f->kind[0] == NL_CHK_K_STR && f->prec[0] == -1;
  if (!f->ok || (f->n != 0 && !one))
    return NL_EINVAL;
  if (one && m->cap - m->n < 1 && nl_chk__msg_grow_args(m, 1) < 0)
    return NL_ENOMEM;
  f->name_args1 = m->n + 1;
  if (one)
    m->v[m->n++] = NL_CHK_A_NAME;
  return 0;
}

/* ---- writing ------------------------------------------------------------ */

static void name_of(uint32_t cp, char *out, size_t cap) {
  char name[128], full[160];
  UErrorCode ec = U_ZERO_ERROR;
  int32_t n = u_charName((UChar32)cp, U_UNICODE_CHAR_NAME, name,
                         sizeof(name), &ec);
  if (U_FAILURE(ec) || n <= 0) {
    ec = U_ZERO_ERROR;
    n = u_charName((UChar32)cp, U_EXTENDED_CHAR_NAME, name, sizeof(name), &ec);
  }
  if (U_FAILURE(ec) || n <= 0)
    snprintf(full, sizeof(full), "U+%04X", (unsigned)cp);
  else
    snprintf(full, sizeof(full), "%s (U+%04X)", name, (unsigned)cp);
  size_t len = strlen(full) < cap ? strlen(full) : cap - 1;
  memcpy(out, full, len);
  out[len] = '\0';
}

/* Appends in place: a message is a few short pieces. */
static int put(nl_buf *b, const char *s, size_t n) {
  if (b->asize - b->size <= n && nl_buf__grow(b, n + 64) < 0)
    return NL_ENOMEM;
  memcpy(b->ptr + b->size, s, n);
  b->size += n;
  b->ptr[b->size] = '\0';
  return 0;
}

/* "RIGHT-TO-LEFT OVERRIDE (U+202E)": a file full of findings names the
 * same few characters again and again. */
static int put_name(nl_chk_msgs *m, long cp, nl_buf *out) {
  char tmp[128];
  if (m->names == NULL)
    m->names = calloc(NL_CHK_NAME_SLOTS, sizeof(nl_chk_name_slot));
  uint32_t c = cp < 0 ? 0 : (uint32_t)cp;
  nl_chk_name_slot *e = m->names ? &m->names[(c ^ c >> 8) % NL_CHK_NAME_SLOTS] : NULL;
  char *s = e ? e->s : tmp;
  if (e == NULL || e->cp1 != c + 1) {
    name_of(c, s, e ? sizeof(e->s) : sizeof(tmp));
    if (e == NULL)
      return nl_buf__puts(out, s);
    e->cp1 = c + 1;
    e->len = (uint32_t)strlen(s);
  }
  return put(out, s, e->len);
}

static int put_dec(nl_buf *out, uint64_t v, int neg) {
  char d[24];
  size_t n = sizeof(d);
  do
    d[--n] = (char)('0' + v % 10);
  while ((v /= 10) != 0);
  if (neg)
    d[--n] = '-';
  return nl_buf__put(out, d + n, sizeof(d) - n);
}

static int signed_kind(int kind) {
  return kind == NL_CHK_K_INT || kind == NL_CHK_K_LONG || kind == NL_CHK_K_LLONG;
}

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
/* A conversion as printf writes it: `conv` is the conversion with its
 * '*' replaced by numbers. */
static int put_printf(nl_buf *out, const char *conv, int kind, uint64_t v,
                      const char *str) {
  switch (kind) {
  case NL_CHK_K_INT:
    return nl_buf__printf(out, conv, (int)(int64_t)v);
  case NL_CHK_K_UINT:
    return nl_buf__printf(out, conv, (unsigned)v);
  case NL_CHK_K_LONG:
    return nl_buf__printf(out, conv, (long)(int64_t)v);
  case NL_CHK_K_ULONG:
    return nl_buf__printf(out, conv, (unsigned long)v);
  case NL_CHK_K_LLONG:
    return nl_buf__printf(out, conv, (long long)v);
  case NL_CHK_K_ULLONG:
    return nl_buf__printf(out, conv, (unsigned long long)v);
  case NL_CHK_K_SIZE:
    return nl_buf__printf(out, conv, (size_t)v);
  default:
    return nl_buf__printf(out, conv, str);
  }
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

/* The conversion of `s` with its stars spelled out (a negative
 * precision is none, as printf takes it). */
static int spell(const spec *s, int w, int p, char *out, size_t cap) {
  size_t n = 0;
  for (const char *q = s->start; q < s->end; q++) {
    int len = 0;
    if (*q == '*' && q[-1] == '.' && p < 0)
      n--; /* drop the '.' */
    else if (*q == '*')
      len = snprintf(out + n, cap - n, "%d", q[-1] == '.' ? p : w);
    else
      out[n] = *q, len = 1;
    if (len < 0 || (size_t)len >= cap - n - 1)
      return -1;
    n += (size_t)len;
  }
  out[n] = '\0';
  return 0;
}

static int put_arg(nl_chk_msgs *m, const spec *s, const uint64_t *v, long cp,
                   nl_buf *out) {
  int w = s->wstar ? (int)(int64_t)*v++ : 0;
  int p = s->pstar ? (int)(int64_t)*v++ : 0;
  uint64_t x = *v;
  char name[128];
  const char *str = s->kind != NL_CHK_K_STR ? NULL
                    : x == NL_CHK_A_NULL    ? NULL
                    : x == NL_CHK_A_NAME    ? name
                                     : m->s + x;
  if (s->kind == NL_CHK_K_STR && x == NL_CHK_A_NAME) {
    nl_buf tmp = NL_BUF_INIT;
    if (s->plain)
      return put_name(m, cp, out);
    if (put_name(m, cp, &tmp) < 0)
      return NL_ENOMEM;
    snprintf(name, sizeof(name), "%s", tmp.ptr);
    nl_buf_dispose(&tmp);
  }
  if (s->plain && s->kind == NL_CHK_K_STR && str)
    return nl_buf__puts(out, str);
  if (s->plain && s->kind != NL_CHK_K_STR)
    return put_dec(out,
                   signed_kind(s->kind) && (int64_t)x < 0 ? -x : x,
                   signed_kind(s->kind) && (int64_t)x < 0);
  char conv[64];
  if (spell(s, w, p, conv, sizeof(conv)) < 0)
    return NL_EINVAL;
  return put_printf(out, conv, s->kind, x, str);
}

/* %0NX, %0Nx of an unsigned int: "U+%04X". */
static int put_hex(nl_buf *out, unsigned v, int width, int upper) {
  const char *hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char d[16];
  size_t n = sizeof(d);
  do
    d[--n] = hex[v & 15];
  while ((v >>= 4) != 0);
  while (n > 0 && sizeof(d) - n < (size_t)width)
    d[--n] = '0';
  return nl_buf__put(out, d + n, sizeof(d) - n);
}

/* The conversions the checks use most, without parsing them: %s, %d,
 * %zu, %0NX; 0 when `p` is none of them. */
static int put_common(nl_chk_msgs *m, const char *p, const uint64_t *v,
                      long cp, nl_buf *out, int *rc) {
  if (p[1] == 's') {
    *rc = *v == NL_CHK_A_NAME   ? put_name(m, cp, out)
          : *v == NL_CHK_A_NULL ? put(out, "(null)", 6)
                         : put(out, m->s + *v, strlen(m->s + *v));
    return 2;
  }
  if (p[1] == 'd') {
    *rc = put_dec(out, (int64_t)*v < 0 ? -*v : *v, (int64_t)*v < 0);
    return 2;
  }
  if (p[1] == 'z' && p[2] == 'u') {
    *rc = put_dec(out, *v, 0);
    return 3;
  }
  if (p[1] == '0' && p[2] >= '1' && p[2] <= '9' &&
      (p[3] == 'X' || p[3] == 'x')) {
    *rc = put_hex(out, (unsigned)*v, p[2] - '0', p[3] == 'X');
    return 4;
  }
  return 0;
}

/* A format whose conversions put_common() writes, from its plan: the
 * literal pieces copied by length, no search for '%' (a report writes
 * every message of a file full of findings). */
static int write_planned(nl_chk_msgs *m, const nl_chk_fmt_info *f, const uint64_t *v,
                         long cp, nl_buf *out) {
  const char *fmt = f->fmt, *p = fmt;
  int rc = 0;
  if (out->asize - out->size <= f->len && nl_buf__grow(out, f->len + 64) < 0)
    return NL_ENOMEM;
  for (unsigned k = 0; rc == 0 && k < f->n; k++) {
    const char *pc = fmt + f->at[k];
    rc = put(out, p, (size_t)(pc - p));
    if (rc == 0)
      put_common(m, pc, v++, cp, out, &rc);
    p = pc + f->clen[k];
  }
  return rc == 0 ? put(out, p, f->len - (size_t)(p - fmt)) : rc;
}

int nl_chk__msg_write(nl_chk_msgs *m, const char *fmt, size_t first, long cp,
                      nl_buf *out) {
  /* no store yet when no finding so far kept an argument */
  const uint64_t *v = m->v ? m->v + first : NULL;
  const nl_chk_fmt_info *f = nl_chk__msg_fmt(m, fmt);
  if (f->ok && f->fast)
    return write_planned(m, f, v, cp, out);
  int rc = 0;
  for (const char *p = fmt; rc == 0 && *p;) {
    const char *pc = strchr(p, '%');
    size_t lit = pc ? (size_t)(pc - p) : strlen(p);
    rc = put(out, p, lit);
    if (pc == NULL || rc < 0)
      break;
    int n = put_common(m, pc, v, cp, out, &rc);
    if (n) {
      p = pc + n;
      v++;
      continue;
    }
    spec s;
    p = parse_spec(pc, &s); /* kept: it parsed when the finding was */
    if (p == NULL)
      return NL_EINVAL;
    if (s.kind < 0) {
      rc = put(out, "%", 1);
      continue;
    }
    rc = put_arg(m, &s, v, cp, out);
    v += 1 + s.wstar + s.pstar;
  }
  return rc;
}
