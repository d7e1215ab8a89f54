/*
 * cmd_segment.c - `newsloc segment`: sentences, one JSON object a line.
 *
 * Plain text is read one paragraph per line and streamed: memory stays
 * flat however large the input. Each sentence is printed as
 *   {"paragraph": N, "text": "..."}
 * where N is the 1-based line number of its paragraph. An article (a
 * file whose first non-blank byte is '<') is read whole and every
 * translatable block is segmented, with "block" naming it.
 * --evaluate FILE.jsonl scores the segmenter against gold cases
 * ({"text": ..., "expected": [...]} per line) instead.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct seg_args {
  const char *lang, *format, *srx, *input, *evaluate;
} seg_args;

static int parse(seg_args *a, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i];
    int more = i + 1 < argc;
    if (strcmp(s, "--lang") == 0 && more)
      a->lang = argv[++i];
    else if (strcmp(s, "--format") == 0 && more)
      a->format = argv[++i];
    else if (strcmp(s, "--srx") == 0 && more)
      a->srx = argv[++i];
    else if (strcmp(s, "--evaluate") == 0 && more)
      a->evaluate = argv[++i];
    else if (s[0] == '-' && s[1] != '\0')
      return cli_usage("segment", "unknown or incomplete option '%s'", s);
    else if (a->input == NULL)
      a->input = s;
    else
      return cli_usage("segment", "one input at a time ('%s')", s);
  }
  if (a->lang == NULL)
    return cli_usage("segment", "no language: use --lang TAG");
  if (a->format && strcmp(a->format, "jsonl") != 0 &&
      strcmp(a->format, "text") != 0)
    return cli_usage("segment", "--format is jsonl or text");
  return CLI_OK;
}

typedef struct printer {
  int jsonl;
  nl_buf esc;
} printer;

static void print_segment(printer *p, const char *block, size_t para,
                          const char *s, size_t len) {
  if (!p->jsonl) {
    fwrite(s, 1, len, stdout);
    fputc('\n', stdout);
    return;
  }
  p->esc.size = 0;
  nl_json_escape(&p->esc, s, len);
  if (block) {
    nl_buf b = NL_BUF_INIT;
    nl_json_escape(&b, block, strlen(block));
    printf("{\"block\": \"%s\", \"paragraph\": %zu, \"text\": \"%s\"}\n",
           b.ptr, para, p->esc.ptr ? p->esc.ptr : "");
    nl_buf_dispose(&b);
  } else {
    printf("{\"paragraph\": %zu, \"text\": \"%s\"}\n", para,
           p->esc.ptr ? p->esc.ptr : "");
  }
}

static int split_print(nl_segmenter *seg, printer *p, const char *block,
                       size_t para, const char *s, size_t len, nl_error *err) {
  nl_range *r = NULL;
  size_t n = 0;
  if (nl_segmenter_split(seg, s, len, &r, &n, err) < 0)
    return -1;
  for (size_t k = 0; k < n; k++)
    print_segment(p, block, para, s + r[k].start, r[k].end - r[k].start);
  nl_free(r);
  return 0;
}

static int segment_article(nl_segmenter *seg, printer *p, const char *path,
                           nl_error *err) {
  nl_article *a = NULL;
  if (nl_article_read_file(&a, path, NL_FORMAT_AUTO, err) < 0)
    return -1;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < nl_article_block_count(a); i++) {
    const nl_block *b = nl_article_block(a, i);
    size_t len;
    const char *t = nl_block_text(b, &len);
    if (nl_block_translatable(b))
      rc = split_print(seg, p, nl_block_id(b), i + 1, t, len, err);
  }
  nl_article_free(a);
  return rc;
}

/* Streams lines; a line's position feeds error messages. */
static int segment_lines(nl_segmenter *seg, printer *p, FILE *in,
                         const char *name, nl_error *err) {
  char *line = NULL;
  size_t cap = 0, para = 0;
  ssize_t n;
  int rc = 0;
  /* a reader gone (closed pipe) ends the work: main() reports it */
  while (rc == 0 && !ferror(stdout) && (n = getline(&line, &cap, in)) >= 0) {
    para++;
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
      n--;
    rc = split_print(seg, p, NULL, para, line, (size_t)n, err);
    if (rc < 0) {
      /* positions from the splitter are within the line */
      snprintf(err->path, sizeof(err->path), "%s", name);
      err->line = para;
    }
  }
  free(line);
  return rc;
}

/* Whether the file starts (after blanks) with '<': an article. */
static int looks_like_markup(FILE *f) {
  int c;
  while ((c = fgetc(f)) != EOF && (c == ' ' || c == '\t' || c == '\n' ||
                                   c == '\r' || c == 0xEF || c == 0xBB ||
                                   c == 0xBF))
    ;
  rewind(f);
  return c == '<';
}

static int run_segment(const seg_args *a, nl_segmenter *seg) {
  nl_error err = NL_ERROR_INIT;
  printer p = {a->format == NULL || strcmp(a->format, "jsonl") == 0,
               NL_BUF_INIT};
  int rc = 0;
  if (a->input == NULL || strcmp(a->input, "-") == 0) {
    rc = segment_lines(seg, &p, stdin, "<stdin>", &err);
  } else {
    FILE *f = fopen(a->input, "rb");
    if (f == NULL) {
      fprintf(stderr, "newsloc: %s: cannot open\n", a->input);
      nl_buf_dispose(&p.esc);
      return CLI_ERROR;
    }
    int markup = looks_like_markup(f);
    if (markup)
      fclose(f);
    rc = markup ? segment_article(seg, &p, a->input, &err)
                : segment_lines(seg, &p, f, a->input, &err);
    if (!markup)
      fclose(f);
  }
  nl_buf_dispose(&p.esc);
  return rc < 0 ? cli_fail(&err) : CLI_OK;
}

static void print_miss(void *ctx, unsigned long line, const char *expected,
                       const char *got) {
  (void)ctx;
  fprintf(stderr, "line %lu:\n  expected: %s\n  got:      %s\n", line,
          expected, got);
}

static int run_evaluate(const seg_args *a, nl_segmenter *seg) {
  nl_error err = NL_ERROR_INIT;
  nl_segment_eval ev;
  if (nl_segment_evaluate(seg, a->evaluate, print_miss, NULL, &ev, &err) < 0)
    return cli_fail(&err);
  double p = ev.found ? (double)ev.correct / (double)ev.found : 1.0;
  double r = ev.expected ? (double)ev.correct / (double)ev.expected : 1.0;
  double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  printf("cases %zu, exact %zu (%.1f%%)\n", ev.cases, ev.exact,
         ev.cases ? 100.0 * (double)ev.exact / (double)ev.cases : 100.0);
  printf("boundaries: expected %zu, found %zu, correct %zu\n", ev.expected,
         ev.found, ev.correct);
  printf("precision %.4f, recall %.4f, F1 %.4f\n", p, r, f1);
  return CLI_OK;
}

/* With the bundled rules a tag nobody knows ("xx", "englsh") is a typo
 * that would quietly get the Default rules; ICU's languages and those a
 * service writes without ICU ("prs", "rhg") are accepted. A user's SRX
 * file may serve any tag. */
static int known_language(const char *lang) {
  if (nl_lang_is_known(lang))
    return 1;
  nl_services *reg = NULL;
  const nl_service *svc = NULL;
  nl_error err = NL_ERROR_INIT;
  int found = nl_services_load(&reg, NULL, &err) == 0 &&
              nl_services_find(reg, lang, &svc, &err) == 0;
  nl_services_free(reg);
  return found;
}

int cli_segment(int argc, char **argv) {
  seg_args a = {0};
  int rc = parse(&a, argc, argv);
  if (rc != CLI_OK)
    return rc;
  nl_error err = NL_ERROR_INIT;
  nl_segmenter *seg = NULL;
  nl_segmenter_options so = NL_SEGMENTER_OPTIONS_INIT;
  so.srx_path = a.srx;
  if (nl_segmenter_new(&seg, a.lang, &so, &err) < 0)
    return cli_fail(&err);
  if (a.srx == NULL && !known_language(a.lang)) {
    nl_segmenter_free(seg);
    fprintf(stderr,
            "newsloc: unknown language '%s': neither ICU nor a service knows "
            "it (--srx FILE serves any tag)\n",
            a.lang);
    return CLI_ERROR;
  }
  rc = a.evaluate ? run_evaluate(&a, seg) : run_segment(&a, seg);
  nl_segmenter_free(seg);
  return rc;
}
