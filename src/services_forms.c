/*
 * services_forms.c - what a registry may name for ICU's formatters,
 * decided without loading ICU's i18n library.
 *
 * Every command that resolves a language reads the registry, and most
 * (a TM lookup, an import) never format a number or a date: asking
 * ICU's formatters whether "d MMMM y" and "arab" are good made each of
 * them load and relocate libicui18n and build a date formatter, about
 * a third of a `tm lookup` process. The answers come from the same
 * places without the formatters: the numbering systems are the keys
 * of ICU's own numberingSystems resource (what unumsys_openByName
 * reads), and the pattern letters are the fields ICU's date formatter
 * knows. ICU's formatter itself accepts any pattern and writes nothing
 * for a letter it does not know ("d MMMM yj" formats), so a typo would
 * drop part of every dateline; here it is an error.
 * tests/unit/test_services.c holds both answers to ICU's formatters.
 */
#include <string.h>

#include <unicode/ures.h>

#include "services_internal.h"

int nl_service__numbering_known(const char *name) {
  UErrorCode ec = U_ZERO_ERROR;
  UResourceBundle *top = ures_openDirect(NULL, "numberingSystems", &ec);
  UResourceBundle *all = ures_getByKey(top, "numberingSystems", NULL, &ec);
  UResourceBundle *one = ures_getByKey(all, name, NULL, &ec);
  int ok = U_SUCCESS(ec) && *name != '\0';
  ures_close(one);
  ures_close(all);
  ures_close(top);
  return ok;
}

/* The field letters of ICU's SimpleDateFormat (UTS #35's date field
 * symbols less the skeleton-only j, J and C); ':' is the time
 * separator. */
static int is_field(char c) {
  return c != '\0' &&
         strchr("GyMdkHmsSEDFwWahKzYeugAZvcLQqVUOXxrbB:", c) != NULL;
}

static int is_ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int nl_service__date_pattern_fields(const char *pattern, char *unknown) {
  int fields = 0, quoted = 0;
  for (const char *p = pattern; *p; p++) {
    if (*p == '\'') {
      if (p[1] == '\'')
        p++; /* '' is a quotation mark, in quotes or out */
      else
        quoted = !quoted;
    } else if (!quoted && is_ascii_letter(*p)) {
      if (!is_field(*p)) {
        *unknown = *p;
        return -1;
      }
      fields |= *p == 'd' ? 1 : *p == 'M' ? 2 : *p == 'y' ? 4 : 0;
    }
  }
  return fields;
}
