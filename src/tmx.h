/*
 * tmx.h - TMX reading and writing, independent of the TM store (internal).
 *
 * The public nl_tmx_import/nl_tmx_export glue these to an nl_tm: the
 * reader hands entries to a sink (begin/add/commit/rollback, which for
 * the real import are nl_tm_begin/add/commit/rollback), and the writer
 * takes entries one at a time (fed by nl_tm_foreach). Keeping the TM out
 * of the parsing layer lets tests drive both with plain callbacks.
 *
 * Inline codes. TMX marks native codes with <bpt>/<ept> (paired by i),
 * <ph>, <it pos="begin|end"> (and the deprecated <ut>); the TM keeps
 * XLIFF 2.0 inline elements. The mapping, chosen to survive a round trip:
 *   bpt i=N ... ept i=N crossing no other pair -> <pc id="N"> ... </pc>
 *   bpt/ept pairs overlapping another pair     -> <sc id="N"/>
 *                                                 <ec startRef="N"/>
 *   bpt without ept / ept without bpt          -> <sc|ec id="N" isolated/>
 *   ph x=N (ut)                                -> <ph id="xN"/> ("phK": no x)
 *   it pos=begin|end x=N                       -> <sc|ec id="itN" isolated/>
 * The native code text (the code element's text, <sub> text included)
 * goes into disp (dispStart/dispEnd on <pc>), and a TMX type="T" into
 * type="fmt" (type="link" for T=link) subType="tmx:T". <hi> keeps only
 * its text. Plain text is the segment text without any code content.
 */
#ifndef NL_TMX_INTERNAL_H
#define NL_TMX_INTERNAL_H

#include <libxml/tree.h>
#include <newsloc/tmx.h>

/* Converts a TMX <seg> element into plain text and XLIFF 2.0 markup
 * (both appended, NFC). *has_codes is set when the segment held any
 * inline code; without codes the markup equals the escaped plain text. */
int nl_tmx__seg_read(const xmlNode *seg, nl_buf *plain, nl_buf *markup,
                     int *has_codes, nl_error *err);

/* Appends the TMX <seg> content for a segment: from `markup` (XLIFF 2.0
 * inline elements) when not NULL, else the escaped `plain`. */
int nl_tmx__seg_write(nl_buf *out, const char *plain, const char *markup,
                      nl_error *err);

/* XML-escapes text (attribute values with `attr`), dropping the C0
 * controls XML 1.0 cannot carry, so that what we write reads back. */
int nl_tmx__put_text(nl_buf *out, const char *s, size_t len, int attr);

/* Where the reader puts entries. begin/commit/rollback bracket batches.
 * add's `nfc` says the entry's source and target are valid UTF-8 in NFC
 * already (libxml2's text, normalized as read), so that preparing the
 * row need not check again; 0 when OmegaT's tags were taken out of
 * either, which can leave a mark next to a letter it composes with. */
typedef struct nl_tmx__sink {
  void *ctx;
  int (*begin)(void *ctx, nl_error *err);
  int (*add)(void *ctx, const nl_tm_entry *entry, int nfc, nl_error *err);
  int (*commit)(void *ctx, nl_error *err);
  void (*rollback)(void *ctx);
} nl_tmx__sink;

/* Units a batch holds before it commits, `units_read` units into the
 * import, for opts->batch_size `batch_size` (NL_TMX_BATCH_GROW: see
 * newsloc/tmx.h). */
size_t nl_tmx__batch_limit(size_t batch_size, size_t units_read);

/* Streams the TMX file at `path` into `sink`. */
int nl_tmx__read(const char *path, const nl_tmx_import_options *opts,
                 const nl_tmx__sink *sink, nl_tmx_stats *stats,
                 nl_error *err);

/* nl_tmx_import with parsing and preparing on a thread of its own while
 * the calling thread writes (tmx_pipe.c); same rows, same batches.
 * NL_TMX__NO_THREAD when no thread could be started (nothing was done). */
#define NL_TMX__NO_THREAD 1
int nl_tmx__import_piped(nl_tm *tm, const char *path,
                         const nl_tmx_import_options *opts,
                         nl_tmx_stats *stats, nl_error *err);

/* A streaming TMX writer: open, one call per entry, then finish (which
 * fsyncs and renames the temporary file over `path`) or abort. */
typedef struct nl_tmx__writer nl_tmx__writer;
int nl_tmx__writer_open(nl_tmx__writer **out, const char *path,
                        const char *srclang, int omegat, nl_error *err);

/* OmegaT's tag text (tmx_omegat.c): a segment of such text read into
 * plain text and XLIFF 2.0 markup; an entry's two sides written as such
 * text, escaped for a <seg>. */
int nl_tmx__omegat_read(const char *s, size_t n, nl_buf *plain, nl_buf *markup,
                        int *has_codes);
int nl_tmx__omegat_write(nl_buf *src_out, nl_buf *tgt_out,
                         const nl_tm_entry *e, nl_error *err);
int nl_tmx__writer_entry(nl_tmx__writer *w, const nl_tm_entry *entry,
                         nl_error *err);
int nl_tmx__writer_finish(nl_tmx__writer *w, nl_error *err);
void nl_tmx__writer_abort(nl_tmx__writer *w);

/* Whether an entry's source is a piece of a sentence another tool's
 * segmentation cut, by newsloc's segmenter for `lang` (tmx_fragment.c).
 * *f is made on the first call (free it with nl_tmx__fragments_free);
 * `sentence_segmented`: OmegaT segmented the file itself. */
typedef struct nl_tmx__fragments nl_tmx__fragments;
int nl_tmx__fragment(nl_tmx__fragments **f, const char *lang,
                     const char *source, const char *prev, const char *next,
                     int sentence_segmented, int *is_fragment,
                     nl_error *err);
void nl_tmx__fragments_free(nl_tmx__fragments *f);

/* The <prop>s and <note>s of one <tu> that no entry field takes
 * (tmx_meta.c), held as JSON until the unit's entries are made. Each
 * item belongs to the unit (owner -1) or to a <tuv> (its index in the
 * reader's list), so each entry gets the unit's and its own two
 * variants' items. Together they stay within NL_TM_META_MAX: an item
 * that would not fit is dropped and counted. */
typedef struct nl_tmx__meta_item {
  long owner;
  int note;
  size_t off, len; /* its members after "level", in `json` */
} nl_tmx__meta_item;

typedef struct nl_tmx__meta {
  nl_buf json;
  nl_tmx__meta_item *items;
  size_t n, cap;
  size_t used;    /* the most JSON any entry's meta can take */
  size_t dropped; /* over the limit, since the import began */
} nl_tmx__meta;

void nl_tmx__meta_reset(nl_tmx__meta *m); /* a new unit */
void nl_tmx__meta_dispose(nl_tmx__meta *m);
/* Takes the <prop> or <note> `n` for `owner`. */
int nl_tmx__meta_add(nl_tmx__meta *m, const xmlNode *n, long owner,
                     nl_error *err);
/* Forgets the items after the first `n` (a <tuv> that was not used). */
void nl_tmx__meta_truncate(nl_tmx__meta *m, size_t n);
/* The meta of the entry from variant `src` to `tgt` into `out` (cleared
 * first); *has is 0 when no item belongs to it. */
int nl_tmx__meta_json(const nl_tmx__meta *m, long src, long tgt, nl_buf *out,
                      int *has, nl_error *err);
/* Writes the props then the notes of `meta` (a parsed nl_tm_entry.meta,
 * may be NULL) that belong to `level` ("tu", "source", "target"), one
 * per line indented by `indent` spaces. */
struct nl_json;
int nl_tmx__meta_write(nl_buf *out, const struct nl_json *meta,
                       const char *level, int indent);

/* "YYYYMMDDThhmmssZ" <-> seconds since the epoch (UTC). Parse returns
 * -1 when the text is not in that form. */
long long nl_tmx__parse_date(const char *s);
void nl_tmx__format_date(char out[17], long long t);

#endif
