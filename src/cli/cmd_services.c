/*
 * cmd_services.c - `newsloc services`: the registry, for people and
 * scripts.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void json_str(const char *s) {
  nl_buf b = NL_BUF_INIT;
  nl_json_escape(&b, s ? s : "", s ? strlen(s) : 0);
  printf("\"%s\"", b.ptr ? b.ptr : "");
  nl_buf_dispose(&b);
}

static void print_json(const nl_service *s, int last) {
  static const struct {
    const char *key;
    nl_service_field f;
  } fields[] = {{"id", NL_SERVICE_ID},         {"name", NL_SERVICE_NAME},
                {"native", NL_SERVICE_NATIVE}, {"tag", NL_SERVICE_TAG},
                {"script", NL_SERVICE_SCRIPT}, {"dir", NL_SERVICE_DIR},
                {"digits", NL_SERVICE_DIGITS}, {"calendar", NL_SERVICE_CALENDAR},
                {"status", NL_SERVICE_STATUS}};
  printf("  {");
  for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
    printf("%s\"%s\": ", i ? ", " : "", fields[i].key);
    json_str(nl_service_get(s, fields[i].f));
  }
  printf(", \"quotes\": [");
  for (int q = 0; q < 4; q++) {
    printf(q ? ", " : "");
    json_str(nl_service_quote(s, q));
  }
  printf("], \"orthography\": [");
  for (size_t i = 0; i < nl_service_orthography_count(s); i++) {
    printf(i ? ", " : "");
    json_str(nl_service_orthography(s, i));
  }
  printf("]}%s\n", last ? "" : ",");
}

/* One service in full, "key: value" a line (`newsloc services NAME`). */
static void print_one(const nl_service *s) {
  static const struct {
    const char *key;
    nl_service_field f;
  } fields[] = {{"id", NL_SERVICE_ID},         {"name", NL_SERVICE_NAME},
                {"native", NL_SERVICE_NATIVE}, {"tag", NL_SERVICE_TAG},
                {"script", NL_SERVICE_SCRIPT}, {"dir", NL_SERVICE_DIR},
                {"digits", NL_SERVICE_DIGITS}, {"calendar", NL_SERVICE_CALENDAR},
                {"status", NL_SERVICE_STATUS}, {"notes", NL_SERVICE_NOTES}};
  for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
    if (nl_service_get(s, fields[i].f))
      printf("%-12s %s\n", fields[i].key, nl_service_get(s, fields[i].f));
  printf("%-12s %s %s %s %s\n", "quotes", nl_service_quote(s, 0),
         nl_service_quote(s, 1), nl_service_quote(s, 2),
         nl_service_quote(s, 3));
  printf("%-12s", "orthography");
  for (size_t i = 0; i < nl_service_orthography_count(s); i++)
    printf(" %s", nl_service_orthography(s, i));
  printf("\n");
}

int cli_services(int argc, char **argv) {
  int json = 0;
  const char *name = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
      const char *f = argv[++i];
      if (strcmp(f, "json") != 0 && strcmp(f, "text") != 0)
        return cli_usage("services", "--format is text or json");
      json = strcmp(f, "json") == 0;
    } else if (argv[i][0] != '-' && name == NULL) {
      name = argv[i];
    } else {
      return cli_usage("services", "unknown argument '%s'", argv[i]);
    }
  }
  nl_error err = NL_ERROR_INIT;
  nl_services *r = NULL;
  if (nl_services_load(&r, NULL, &err) < 0)
    return cli_fail(&err);
  if (name) {
    const nl_service *s = NULL;
    int rc = nl_services_find(r, name, &s, &err);
    if (rc == 0 && json)
      print_json(s, 1);
    else if (rc == 0)
      print_one(s);
    nl_services_free(r);
    return rc < 0 ? cli_fail(&err) : CLI_OK;
  }
  size_t n = nl_services_count(r);
  if (json)
    printf("[\n");
  for (size_t i = 0; i < n; i++) {
    const nl_service *s = nl_services_at(r, i);
    if (json)
      print_json(s, i + 1 == n);
    else
      printf("%-24s %-12s %-4s %-3s %-8s %s%s%s%s\n",
             nl_service_get(s, NL_SERVICE_ID), nl_service_get(s, NL_SERVICE_TAG),
             nl_service_get(s, NL_SERVICE_SCRIPT),
             nl_service_get(s, NL_SERVICE_DIR),
             nl_service_get(s, NL_SERVICE_DIGITS),
             nl_service_get(s, NL_SERVICE_NATIVE),
             strcmp(nl_service_get(s, NL_SERVICE_STATUS), "active") ? "  ("
                                                                     : "",
             strcmp(nl_service_get(s, NL_SERVICE_STATUS), "active")
                 ? nl_service_get(s, NL_SERVICE_STATUS)
                 : "",
             strcmp(nl_service_get(s, NL_SERVICE_STATUS), "active") ? ")"
                                                                     : "");
  }
  if (json)
    printf("]\n");
  nl_services_free(r);
  return CLI_OK;
}
