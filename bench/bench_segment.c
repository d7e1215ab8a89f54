/*
 * bench_segment.c - segmentation throughput beside raw ICU, and memory
 * on a 100 MB input.
 *
 *   bench_segment [NEWSLOC_BINARY]
 *
 * Builds multi-megabyte English, Persian, Russian and Chinese texts
 * (paragraphs of news sentences; English and Persian also with the traps
 * the rules handle), then times, on the same
 * paragraphs, ICU's sentence iterator alone and newsloc's segmenter
 * (ICU + SRX rules + trimming + UTF-8 offsets), slice by slice, by
 * the thread's CPU time.
 * NL_BENCH_SRX=FILE weighs another rules file; NL_BENCH_ONLY=WORDS runs
 * the texts whose name holds them ("English news", "traps");
 * NL_BENCH_BYTES (default 8000000) and NL_BENCH_ROUNDS (default 5) size a
 * run for callgrind. With the CLI's path it
 * also streams a 100 MB file through `newsloc segment` and reports the
 * child's peak resident memory.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <unicode/ubrk.h>
#include <unicode/ustring.h>

#include <newsloc/newsloc.h>

/* News as published: sentences of ordinary length, an abbreviation
 * in one sentence of eight or so (the sample article's sentences and
 * more in its style). */
static const char *const english_news[] = {
    "Dozens of villages in northern Kenya now have clean water for the "
    "first time in years.",
    "A network of solar-powered pumps began working last month in Marsabit "
    "County.",
    "The county government built the pumps with help from local engineers.",
    "Each pump serves about 2,000 people and their animals.",
    "\"We used to walk six hours to find water,\" said Amina Galgalo, a "
    "mother of four.",
    "The region has suffered five failed rainy seasons since 2020, and aid "
    "groups say millions of animals have died.",
    "Officials plan to build 40 more pumps by the end of the year.",
    "The U.S. Agency for International Development paid for part of the "
    "project, according to a statement released on Tuesday.",
    "Engineers said the pumps need little maintenance, but spare parts must "
    "still be shipped from Nairobi, more than 500 kilometers to the south.",
    "Local leaders hope the water will allow families to plant vegetables "
    "and keep children in school during the dry months.",
    "Weather forecasters expect the next rainy season to start late again, "
    "which would put more pressure on the few wells that still work.",
    "Dr. Hassan Roba, who runs a clinic in the county, said cases of "
    "diarrhea among children had fallen sharply since the pumps opened.",
    "The national government has promised to extend the program to three "
    "neighboring counties by 2028.",
    "Critics say the plan does not address the deeper causes of the "
    "drought, including deforestation and the overuse of grazing land.",
    "Is it enough?",
    "Many families say it is a start.",
};

static const char *const persian_news[] = {
    "زنان روز ۴ مه ۲۰۲۶ از یک پمپ خورشیدی در استان مارسابیت کنیا آب "
    "برمی‌دارند.",
    "ده‌ها روستا در شمال کنیا اکنون پس از سال‌ها برای نخستین بار آب سالم "
    "دارند.",
    "شبکه‌ای از پمپ‌های خورشیدی ماه گذشته در استان مارسابیت به کار افتاد.",
    "دولت استان این پمپ‌ها را با کمک مهندسان محلی ساخت.",
    "هر پمپ به حدود 2,000 نفر و دام‌هایشان آب می‌رساند.",
    "امینه گلگالو، مادر چهار فرزند، گفت: «برای پیدا کردن آب شش ساعت پیاده "
    "راه می‌رفتیم.»",
    "این منطقه از سال ۲۰۲۰ تاکنون پنج فصل بارانی کم‌باران را پشت سر گذاشته "
    "است.",
    "گروه‌های امدادی می‌گویند میلیون‌ها دام تلف شده‌اند.",
    "مقامات قصد دارند تا پایان سال ۴۰ پمپ دیگر بسازند.",
    "سازمان ملل متحد روز سه‌شنبه گزارش داد که بیش از ۲ میلیون نفر در منطقه "
    "به کمک غذایی نیاز دارند.",
    "آیا این کمک‌ها کافی است؟",
    "به گفته مقامات U.N. بخشی از هزینه این طرح را سازمان‌های بین‌المللی "
    "پرداخته‌اند.",
};

/* The same story in Russian (Cyrillic: two-byte letters, like Persian's)
 * and Chinese (three-byte characters, no spaces). */
static const char *const russian_news[] = {
    "Десятки деревень на севере Кении впервые за много лет получили чистую "
    "воду.",
    "Сеть насосов на солнечных батареях заработала в прошлом месяце в округе "
    "Марсабит.",
    "Власти округа построили насосы с помощью местных инженеров.",
    "Каждый насос обслуживает около 2 000 человек и их скот.",
    "«Раньше мы шли за водой шесть часов», — сказала Амина Галгало, мать "
    "четырёх детей.",
    "С 2020 г. в регионе пять раз подряд не было сезона дождей.",
    "Чиновники планируют построить ещё 40 насосов до конца года.",
    "Часть проекта оплатило Агентство США по международному развитию, "
    "говорится в заявлении, опубликованном во вторник.",
    "Д-р Хасан Роба, руководитель местной клиники, сказал, что случаев "
    "диареи у детей стало намного меньше.",
    "Хватит ли этого?",
    "Многие семьи говорят, что это только начало.",
};

static const char *const chinese_news[] = {
    "肯尼亚北部的数十个村庄多年来首次用上了清洁的水。",
    "上个月，一套太阳能水泵网络在马萨比特县开始运行。",
    "县政府在当地工程师的帮助下建造了这些水泵。",
    "每台水泵为大约2000人及其牲畜供水。",
    "“我们过去要走六个小时才能找到水，”四个孩子的母亲阿米娜·加尔加洛说。",
    "自2020年以来，该地区已经历了五个雨季失收。",
    "官员计划在年底前再建造40台水泵。",
    "美国国际开发署支付了该项目的部分费用（据周二发布的声明）。",
    "这足够吗？",
    "许多家庭说，这是一个开始。",
};

/* Traps on purpose: most sentences hold an abbreviation, initials or a
 * number the rules must judge. The worst case, not the usual one. */
static const char *const english[] = {
    ("U.S. President Barack Obama spoke by telephone with Russian President "
     "Vladimir Putin on Wednesday."),
    "The delegation arrived in the U.S. on Monday.",
    "Sen. John McCain and Lt. Gen. James Dickinson met on Sept. 11.",
    "\"We will not give up,\" he said.",
    "The government will spend $3.5 billion on roads by 10 a.m. Monday.",
    "Former President George W. Bush attended the funeral.",
    "Is this the end?",
    "Details are available at voanews.com.",
    "Officials plan to build 40 more pumps by the end of the year.",
    "The storm killed at least 12 people in the Nagorno-Karabakh region.",
};

static const char *const persian[] = {
    "سازمان U.N. گفت که به آسیب‌دیدگان کمک می‌کند.",
    "آیا مذاکرات ادامه می‌یابد؟",
    "وزیر امور خارجه گفت: «ما به توافق نزدیک هستیم.»",
    "تورم به ۳۵٫۵ درصد رسید.",
    "رئیس‌جمهور در سال 2016 به مسکو رفت.",
    "ده‌ها نفر کشته شدند و صدها نفر زخمی شدند.",
    "گزارش در www.example.org منتشر شد.",
};

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* This thread's CPU time: on a shared machine the time others' work
 * takes the core away is not counted (the slices, the best of the
 * rounds, take care of the rest). */
static double cpu_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Paragraphs of 3-6 sentences, newline-separated, about `bytes` long. */
static char *make_text(const char *const *s, size_t ns, size_t bytes,
                       size_t *len) {
  char *t = malloc(bytes + 4096);
  size_t n = 0, k = 0;
  unsigned seed = 7;
  while (n < bytes) {
    size_t m = 3 + (seed = seed * 1103515245u + 12345u) % 4;
    for (size_t i = 0; i < m; i++) {
      const char *x = s[k++ % ns];
      size_t l = strlen(x);
      memcpy(t + n, x, l);
      n += l;
      t[n++] = i + 1 < m ? ' ' : '\n';
    }
  }
  *len = n;
  return t;
}

typedef struct result {
  double icu_s, nl_s;
  size_t sentences;
} result;

/* Raw ICU on one paragraph, as any caller pays for it: UTF-8 to UTF-16
 * and the sentence iterator. Not inlined, so that callgrind can count it
 * alone (--toggle-collect=raw_icu) beside nl_segmenter_split. */
__attribute__((noinline)) static size_t raw_icu(UBreakIterator *bi, UChar *u,
                                                const char *a,
                                                const char *end) {
  int32_t ul = 0;
  size_t n = 0;
  UErrorCode ec = U_ZERO_ERROR;
  u_strFromUTF8(u, 64 * 1024, &ul, a, (int32_t)(end - a), &ec);
  ubrk_setText(bi, u, ul, &ec);
  for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi))
    n++;
  return n;
}

/* A positive whole number from the environment, or `dflt`. */
static long env_count(const char *name, long dflt) {
  const char *v = getenv(name);
  char *end = NULL;
  long n = v ? strtol(v, &end, 10) : 0;
  return v && end != v && *end == '\0' && n > 0 ? n : dflt;
}

static void run(const char *lang, const char *text, size_t len, result *r) {
  nl_error err = NL_ERROR_INIT;
  nl_segmenter *seg = NULL;
  /* NL_BENCH_SRX: another rules file, to weigh what rules cost */
  nl_segmenter_options o = {0};
  o.srx_path = getenv("NL_BENCH_SRX");
  if (nl_segmenter_new(&seg, lang, &o, &err) < 0) {
    fprintf(stderr, "segmenter: %s\n", err.message);
    exit(2);
  }
  UErrorCode ec = U_ZERO_ERROR;
  UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, lang, NULL, 0, &ec);
  UChar *u = malloc(64 * 1024 * sizeof(UChar));
  /* The machine is shared and its speed drifts by the second. So the
   * text is timed in slices of about 256 kB, ICU and newsloc one after
   * the other on each slice, five rounds; each side's figure is the sum
   * over slices of its best time: both meet the same conditions. */
  enum { SLICE = 256 * 1024 };
  /* NL_BENCH_ROUNDS=1 with a smaller NL_BENCH_BYTES: for callgrind */
  const int ROUNDS = (int)env_count("NL_BENCH_ROUNDS", 5);
  size_t nslices = len / SLICE + 1;
  double *best_icu = malloc(nslices * sizeof(double));
  double *best_nl = malloc(nslices * sizeof(double));
  for (size_t i = 0; i < nslices; i++)
    best_icu[i] = best_nl[i] = 1e9;
  size_t icu_count = 0;
  for (int round = 0; round < ROUNDS; round++) {
    r->sentences = 0;
    const char *p = text;
    for (size_t i = 0; p < text + len; i++) {
      const char *end = p + SLICE < text + len ? p + SLICE : text + len;
      const char *q = memchr(end - 1, '\n', (size_t)(text + len - end + 1));
      end = q + 1; /* whole paragraphs */
      double t0 = cpu_now();
      for (const char *a = p; a < end;) {
        const char *nl = memchr(a, '\n', (size_t)(end - a));
        icu_count += raw_icu(bi, u, a, nl);
        a = nl + 1;
      }
      double t1 = cpu_now();
      for (const char *a = p; a < end;) {
        const char *nl = memchr(a, '\n', (size_t)(end - a));
        nl_range *rg = NULL;
        size_t n = 0;
        nl_segmenter_split(seg, a, (size_t)(nl - a), &rg, &n, &err);
        r->sentences += n;
        nl_free(rg);
        a = nl + 1;
      }
      double t2 = cpu_now();
      best_icu[i] = t1 - t0 < best_icu[i] ? t1 - t0 : best_icu[i];
      best_nl[i] = t2 - t1 < best_nl[i] ? t2 - t1 : best_nl[i];
      p = end;
    }
  }
  r->icu_s = r->nl_s = 0;
  for (size_t i = 0; i < nslices; i++)
    if (best_icu[i] < 1e9) {
      r->icu_s += best_icu[i];
      r->nl_s += best_nl[i];
    }
  free(best_icu);
  free(best_nl);
  (void)icu_count;
  free(u);
  ubrk_close(bi);
  nl_segmenter_free(seg);
}

static void report(const char *name, size_t len, const result *r) {
  double mb = (double)len / 1e6;
  printf("%-13s %5.1f MB  raw ICU %7.2f MB/s  newsloc %7.2f MB/s  ratio "
         "%.2fx  (%zu sentences)\n",
         name, mb, mb / r->icu_s, mb / r->nl_s, r->icu_s / r->nl_s,
         r->sentences);
}

/* Streams a ~100 MB file through the CLI; prints the child's peak RSS. */
static void memory(const char *cli) {
  char path[] = "/tmp/nl-bench-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0)
    return;
  size_t len;
  char *t = make_text(english, 10, 4 * 1000 * 1000, &len);
  FILE *f = fdopen(fd, "w");
  for (int i = 0; i < 25; i++)
    fwrite(t, 1, len, f);
  fclose(f);
  free(t);
  fflush(stdout); /* the child must not repeat our buffered output */
  double t0 = now();
  pid_t pid = fork();
  if (pid == 0) {
    if (!freopen(path, "r", stdin) || !freopen("/dev/null", "w", stdout))
      _exit(3);
    execl(cli, cli, "segment", "--lang", "en", "--format", "jsonl",
          (char *)NULL);
    _exit(4);
  }
  int status;
  struct rusage ru;
  waitpid(pid, &status, 0);
  getrusage(RUSAGE_CHILDREN, &ru); /* the only child we waited for */
  printf("newsloc segment on %.0f MB (streamed): %.1f s, peak RSS %.1f MB, "
         "exit %d\n",
         (double)len * 25 / 1e6, now() - t0, (double)ru.ru_maxrss / 1024.0,
         WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  unlink(path);
}

int main(int argc, char **argv) {
  size_t len;
  result r;
  static const struct {
    const char *lang, *name;
    const char *const *s;
    size_t n;
  } texts[] = {
      {"en", "English news", english_news, 16},
      {"fa", "Persian news", persian_news, 12},
      {"ru", "Russian news", russian_news, 11},
      {"zh", "Chinese news", chinese_news, 10},
      {"en", "English traps", english, 10},
      {"fa", "Persian traps", persian, 7},
  };
  const char *only = getenv("NL_BENCH_ONLY"); /* "English", "news", ... */
  for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
    if (only && strstr(texts[i].name, only) == NULL)
      continue;
    char *t = make_text(texts[i].s, texts[i].n,
                        (size_t)env_count("NL_BENCH_BYTES", 8 * 1000 * 1000),
                        &len);
    run(texts[i].lang, t, len, &r);
    report(texts[i].name, len, &r);
    free(t);
  }
  if (argc > 1)
    memory(argv[1]);
  return 0;
}
