/*
 * check_message.h - the store of the findings' message arguments
 * (check_message.c), seen by the checker so that keeping a finding's
 * arguments is inline where it records the finding: a call, its
 * prologue and its results through memory less for each of a file full
 * of findings. Only check.c and check_message.c include it.
 */
#ifndef NL_CHECK_MESSAGE_H
#define NL_CHECK_MESSAGE_H

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "check_internal.h"

#define NL_CHK_MAX_ARGS 10
#define NL_CHK_FMT_SLOTS 256 /* formats by address: a file's few dozen,
                                rarely two in a slot (the report asks
                                again for each) */
#define NL_CHK_NAME_SLOTS 256
#define NL_CHK_A_NAME UINT64_MAX       /* a string argument: NL_CHK_NAME */
#define NL_CHK_A_NULL (UINT64_MAX - 1) /* a string argument: NULL */

enum {
  NL_CHK_K_INT,
  NL_CHK_K_UINT,
  NL_CHK_K_LONG,
  NL_CHK_K_ULONG,
  NL_CHK_K_LLONG,
  NL_CHK_K_ULLONG,
  NL_CHK_K_SIZE,
  NL_CHK_K_STR
};

/* What a format takes, worked out once per format (by its address). */
typedef struct nl_chk_fmt_info {
  const char *fmt;
  int ok; /* every conversion understood (or the message is written now) */
  unsigned char n;
  unsigned char kind[NL_CHK_MAX_ARGS];
  long prec[NL_CHK_MAX_ARGS]; /* strings: bytes kept at most (-1: all;
                                 -2: the previous argument says) */
  /* for writing: when every conversion is one put_common() writes
   * (fast), where each is and how long, and the format's length */
  int fast;
  unsigned short at[NL_CHK_MAX_ARGS];
  unsigned char clen[NL_CHK_MAX_ARGS];
  size_t len;
  size_t name_args1; /* a format whose only argument is NL_CHK_NAME: 1 +
                        where that argument is kept for all its findings;
                        0 not yet */
} nl_chk_fmt_info;

/* Character names by code point, direct-mapped: ICU walks its name
 * tables on every lookup. */
typedef struct nl_chk_name_slot {
  uint32_t cp1; /* code point + 1; 0: empty */
  uint32_t len; /* of s */
  char s[124];
} nl_chk_name_slot;

/* Strings that outlive the checker (a rule's letters, a service's name,
 * ICU's script names) by address: copied once, their offset reused. A
 * file full of findings passes the same few thousand times, and copying
 * each (strlen, memcpy) was most of what recording cost. */
#define NL_CHK_LASTING_SLOTS 64
typedef struct nl_chk_lasting_slot {
  const char *p;
  uint64_t off;
} nl_chk_lasting_slot;

struct nl_chk_msgs {
  uint64_t *v;
  size_t n, cap;
  char *s; /* the strings, NUL-terminated, at offsets kept in v */
  size_t ns, caps;
  nl_chk_fmt_info fmts[NL_CHK_FMT_SLOTS];
  nl_chk_name_slot *names;
  nl_chk_lasting_slot lasting[NL_CHK_LASTING_SLOTS];
};

/* The rare ways, out of line: a format seen first, the stores grown, a
 * lasting string copied for the first time. */
nl_chk_fmt_info *nl_chk__msg_fmt_missed(nl_chk_msgs *m, nl_chk_fmt_info *f,
                                        const char *fmt);
int nl_chk__msg_grow_args(nl_chk_msgs *m, size_t n);
int nl_chk__msg_grow_strings(nl_chk_msgs *m, size_t n);
int nl_chk__msg_store_new_lasting(nl_chk_msgs *m, const char *s,
                                  uint64_t *out);

int nl_chk__msg_keep_name_first(nl_chk_msgs *m, nl_chk_fmt_info *f);
/* The slot of format `fmt` (by its address), parsed or not. */
static inline nl_chk_fmt_info *nl_chk__msg_fmt_slot(nl_chk_msgs *m,
                                                    const char *fmt) {
  return &m->fmts[((uintptr_t)fmt >> 3) % NL_CHK_FMT_SLOTS];
}

static inline nl_chk_fmt_info *nl_chk__msg_fmt(nl_chk_msgs *m,
                                               const char *fmt) {
  nl_chk_fmt_info *f = nl_chk__msg_fmt_slot(m, fmt);
  return f->fmt == fmt ? f : nl_chk__msg_fmt_missed(m, f, fmt);
}

static inline int nl_chk__msg_store_string(nl_chk_msgs *m, const char *s,
                                           size_t n, uint64_t *out) {
  if (m->caps - m->ns < n + 1 && nl_chk__msg_grow_strings(m, n) < 0)
    return NL_ENOMEM;
  memcpy(m->s + m->ns, s, n);
  m->s[m->ns + n] = '\0';
  *out = m->ns;
  m->ns += n + 1;
  return 0;
}

/* A string argument that outlives the checker: its copy made once. */
static inline int nl_chk__msg_store_lasting(nl_chk_msgs *m, const char *s,
                                            uint64_t *out) {
  uintptr_t a = (uintptr_t)s;
  const nl_chk_lasting_slot *e =
      &m->lasting[(a ^ a >> 6 ^ a >> 12) % NL_CHK_LASTING_SLOTS];
  if (e->p != s)
    return nl_chk__msg_store_new_lasting(m, s, out);
  *out = e->off;
  return 0;
}

/* For a format whose one argument is NL_CHK_NAME (or that takes none):
 * `*first` is where it is kept, once for all the format's findings (the
 * same value every time; the name is looked up from the finding's code
 * point when the message is written). NL_ENOMEM; NL_EINVAL for a format
 * that takes anything else. */
static inline int nl_chk__msg_keep_name(nl_chk_msgs *m, const char *fmt,
                                        size_t *first) {
  nl_chk_fmt_info *f = nl_chk__msg_fmt(m, fmt);
  int rc;
  if (f->name_args1 == 0 && (rc = nl_chk__msg_keep_name_first(m, f)) < 0)
    return rc;
  *first = f->name_args1 - 1;
  return 0;
}

/* An integer argument as nl_chk__msg_keep_now keeps it when it is
 * passed as the type `kind` says (its value v converted to that type). */
static inline uint64_t nl_chk__msg_num(unsigned kind, long long v) {
  switch (kind) {
  case NL_CHK_K_INT:
    return (uint64_t)(int64_t)(int)v;
  case NL_CHK_K_UINT:
    return (unsigned)v;
  case NL_CHK_K_LONG:
    return (uint64_t)(int64_t)(long)v;
  case NL_CHK_K_ULONG:
    return (unsigned long)v;
  case NL_CHK_K_SIZE:
    return (size_t)v;
  default: /* long long, unsigned long long */
    return (uint64_t)v;
  }
}

/* For a format whose one conversion is an integer one (no '*'): `v`,
 * converted to that conversion's type, kept at `*first`, as
 * nl_chk__msg_keep_now keeps it passed as that type. NL_ENOMEM;
 * NL_EINVAL for any other format. */
static inline int nl_chk__msg_keep_num(nl_chk_msgs *m, const char *fmt,
                                       long long v, size_t *first) {
  const nl_chk_fmt_info *f = nl_chk__msg_fmt(m, fmt);
  if (!f->ok || f->n != 1 || f->kind[0] == NL_CHK_K_STR)
    return NL_EINVAL;
  if (m->cap - m->n < 1 && nl_chk__msg_grow_args(m, 1) < 0)
    return NL_ENOMEM;
  m->v[m->n] = nl_chk__msg_num(f->kind[0], v);
  *first = m->n++;
  return 0;
}

/* nl_chk__msg_keep_lasting for a format whose conversions are all kept
 * (nl_chk__msg_fmt(m, fmt)->ok). `ap` is the caller's own: it reads
 * nothing after it, so it is read here without a copy. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 0), always_inline))
#endif
static inline int nl_chk__msg_keep_now(nl_chk_msgs *m, const char *fmt,
                                       unsigned lasting, va_list ap,
                                       size_t *first, const char **kept) {
  const nl_chk_fmt_info *f = nl_chk__msg_fmt(m, fmt);
  unsigned n = f->n;
  *kept = fmt;
  *first = m->n;
  if (n == 0) /* nothing to keep, and maybe no array yet */
    return 0;
  if (m->cap - m->n < n && nl_chk__msg_grow_args(m, n) < 0)
    return NL_ENOMEM;
  /* one argument after the other into v, counted once at the end (a
   * finding that runs out of memory keeps none) */
  uint64_t *v = m->v + m->n;
  for (unsigned i = 0; i < n; i++) {
    int rc = 0;
    switch (f->kind[i]) {
    case NL_CHK_K_INT:
      v[i] = (uint64_t)(int64_t)va_arg(ap, int);
      continue;
    case NL_CHK_K_UINT:
      v[i] = va_arg(ap, unsigned);
      continue;
    case NL_CHK_K_LONG:
      v[i] = (uint64_t)(int64_t)va_arg(ap, long);
      continue;
    case NL_CHK_K_ULONG:
      v[i] = va_arg(ap, unsigned long);
      continue;
    case NL_CHK_K_LLONG:
      v[i] = (uint64_t)va_arg(ap, long long);
      continue;
    case NL_CHK_K_ULLONG:
      v[i] = va_arg(ap, unsigned long long);
      continue;
    case NL_CHK_K_SIZE:
      v[i] = va_arg(ap, size_t);
      continue;
    default:
      break;
    }
    const char *s = va_arg(ap, const char *);
    long prec = f->prec[i];
    if (s == nl_chk__name || s == NULL)
      v[i] = s ? NL_CHK_A_NAME : NL_CHK_A_NULL;
    else if (prec == -1 && (lasting >> i & 1u))
      rc = nl_chk__msg_store_lasting(m, s, &v[i]);
    else if (prec == -1)
      rc = nl_chk__msg_store_string(m, s, strlen(s), &v[i]);
    else {
      if (prec == -2) /* %.*s: the argument before says how much is shown */
        prec = (int64_t)v[i - 1] >= 0 ? (long)(int64_t)v[i - 1] : -1;
      rc = nl_chk__msg_store_string(
          m, s, prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s), &v[i]);
    }
    if (rc < 0)
      return rc;
  }
  m->n += n;
  return 0;
}

#endif
