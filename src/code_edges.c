/*
 * code_edges.c - tags of XLIFF 2.0 markup, and the ones at a segment's
 * edges that OmegaT leaves out (see code_edges.h).
 */
#include <string.h>

#include "code_edges.h"

long nl_codes__toks(const char *s, nl_code_tok *t) {
  long n = 0;
  for (const char *p = strchr(s, '<'); p; p = strchr(p + 1, '<')) {
    const char *end = strchr(p, '>');
    if (end == NULL || n == NL_CODE_TOKS_MAX)
      return -1;
    nl_code_tok *k = &t[n++];
    k->at = p;
    k->len = (size_t)(end - p) + 1;
    k->kind = p[1] == '/' ? 'c' : end[-1] == '/' ? 'e' : 'o';
    k->id[0] = '\0';
    const char *id = strstr(p, " id=\"");
    if (id && id < end) {
      size_t l = strcspn(id + 5, "\"");
      if (l >= sizeof(k->id))
        return -1;
      memcpy(k->id, id + 5, l);
      k->id[l] = '\0';
    }
  }
  return n;
}

/* t[lo] opens the pair that t[hi - 1] closes: nothing between them
 * closes more than it opens. */
static int encloses(const nl_code_tok *t, long lo, long hi) {
  if (hi - lo < 2 || t[lo].kind != 'o' || t[hi - 1].kind != 'c')
    return 0;
  long depth = 0;
  for (long i = lo + 1; i < hi - 1; i++) {
    depth += t[i].kind == 'o' ? 1 : t[i].kind == 'c' ? -1 : 0;
    if (depth < 0)
      return 0;
  }
  return depth == 0;
}

nl_code_core nl_codes__omegat_core(const char *s, const nl_code_tok *t,
                                   long n) {
  nl_code_core c = {0, n < 0 ? 0 : n, 0, strlen(s)};
  for (;;) {
    int first = c.lo < c.hi && t[c.lo].at == s + c.pre,
        last = c.lo < c.hi && t[c.hi - 1].at + t[c.hi - 1].len == s + c.post;
    if (first && t[c.lo].kind == 'e') {
      c.pre += t[c.lo++].len;
    } else if (last && t[c.hi - 1].kind == 'e') {
      c.post -= t[--c.hi].len;
    } else if (first && last && encloses(t, c.lo, c.hi)) {
      c.pre += t[c.lo++].len;
      c.post -= t[--c.hi].len;
    } else {
      return c;
    }
  }
}
