/*
 * check_fix.c - the fixes that cannot change what a text says.
 *
 * Only what has one right answer is fixed: stray controls removed (the
 * bidi controls merge's localizer takes out - embeddings, overrides,
 * isolates that do not pair up - C0/C1 controls, a BOM inside the text), Zawgyi converted to Unicode when the detector is
 * sure, the service's orthography rules (Arabic yeh/kaf in Persian,
 * Uzbek oʻ), NFC. Sources of bilingual files are never touched: merge
 * compares them with the article.
 */
#include <stdlib.h>
#include <string.h>

#include "bidi.h"
#include "check_internal.h"
#include "error.h"
#include "localize_internal.h"
#include "services_internal.h"
#include "util/icu.h"
#include "util/utf8.h"

static int control(uint32_t cp) {
  return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
         (cp >= 0x7F && cp <= 0x9F);
}

/* What a bidi control the localizer takes out is reported as. */
static const char *stray_id(uint32_t cp) {
  if (cp == 0x202D || cp == 0x202E)
    return "bidi-override";
  return cp >= 0x202A && cp <= 0x202C ? "bidi-embedding" : "bidi-unbalanced";
}

/* The characters of [from, to) of the run but the ones to take out;
 * `drop` marks the stray bidi controls of the whole run (an isolate may
 * open before an inline tag and close after it). */
static int strip(nl_check_ctx *c, const nl_run *r, const unsigned char *drop,
                 size_t from, size_t to, nl_buf *out, int *changed) {
  int rc = 0;
  for (size_t i = from; rc == 0 && i < to;) {
    size_t at = i;
    uint32_t cp = nl_utf8__next(r->text, to, &i);
    const char *id = drop[at]                         ? stray_id(cp)
                     : control(cp)                    ? "control-char"
                     : cp == 0xFEFF && !(r->first && at == 0) ? "bom-not-at-start"
                                                      : NULL;
    if (id && nl_chk__enabled(c, id)) {
      rc = nl_chk__emit(c, id, r, at, (long)cp, "removed %s", NL_CHK_NAME);
      *changed = 1;
    } else if (nl_buf__put(out, r->text + at, i - at) < 0) {
      rc = NL_ENOMEM;
    }
  }
  return rc;
}

static int orthography(nl_check_ctx *c, const nl_run *r, nl_check_lang *l,
                       size_t from, nl_buf *cur, int *changed) {
  nl_lz *z = l ? nl_chk__ortho(c, l) : NULL;
  if (z == NULL)
    return 0;
  int zaw = z->zawgyi && nl_chk__enabled(c, "zawgyi") &&
            nl_lz__is_zawgyi(cur->ptr, cur->size);
  if (!zaw && (z->nrules == 0 || !nl_chk__enabled(c, "orthography")))
    return 0;
  for (size_t i = 0; !zaw && i < cur->size;) {
    const nl_ortho_rule *o = nl_lz__rule_at(z, cur->ptr, cur->size, i);
    if (o == NULL) {
      nl_utf8__next(cur->ptr, cur->size, &i);
      continue;
    }
    int rc = nl_chk__emit(c, "orthography", r,
                          from + i < r->len ? from + i : from, -1,
                          "\"%s\" -> \"%s\" (rule set %s)", o->from, o->to,
                          o->set);
    if (rc < 0)
      return rc;
    i += strlen(o->from);
  }
  nl_buf out = NL_BUF_INIT;
  z->block_is_zawgyi = zaw;
  z->err = nl_chk__err(c);
  z->report = NULL;
  int rc = nl_lz__orthography(z, cur->ptr, cur->size, &out);
  z->block_is_zawgyi = 0;
  if (rc == 0 && zaw)
    rc = nl_chk__emit(c, "zawgyi", r, from, -1,
                      "converted the paragraph from Zawgyi to Unicode");
  if (rc == 0 && (out.size != cur->size ||
                  memcmp(out.ptr ? out.ptr : "", cur->ptr, cur->size) != 0)) {
    nl_buf tmp = *cur;
    *cur = out;
    out = tmp;
    *changed = 1;
  }
  nl_buf_dispose(&out);
  return rc;
}

static int nfc(nl_check_ctx *c, const nl_run *r, size_t from, nl_buf *cur,
               int *changed) {
  if (!nl_chk__enabled(c, "not-nfc") || cur->size == 0 ||
      nl_icu__is_nfc(cur->ptr, cur->size))
    return 0;
  nl_buf out = NL_BUF_INIT;
  int rc = nl_icu__nfc(&out, cur->ptr, cur->size, nl_chk__err(c));
  if (rc == 0)
    rc = nl_chk__emit(c, "not-nfc", r, from, -1, "normalized to NFC");
  if (rc == 0) {
    nl_buf tmp = *cur;
    *cur = out;
    out = tmp;
    *changed = 1;
  }
  nl_buf_dispose(&out);
  return rc;
}

unsigned char *nl_chk__fix_strays(const nl_run *r) {
  unsigned char *drop = calloc(r->len + 1, 1);
  if (drop)
    nl_bidi__strays(r->text, r->len, drop); /* as merge's localizer does */
  return drop;
}

int nl_chk__fix_part(nl_check_ctx *c, const nl_run *r,
                     const unsigned char *drop, size_t from, size_t to,
                     nl_buf *out, int *changed) {
  *changed = 0;
  int rc = strip(c, r, drop, from, to, out, changed);
  nl_check_lang *l = nl_chk__lang(c, r->lang);
  if (rc == 0 && out->size == 0)
    return 0;
  if (rc == 0)
    rc = orthography(c, r, l, from, out, changed);
  if (rc == 0)
    rc = nfc(c, r, from, out, changed);
  return rc;
}
