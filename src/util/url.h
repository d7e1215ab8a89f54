/*
 * util/url.h - which links from an article may be followed (internal).
 */
#ifndef NL_UTIL_URL_H
#define NL_UTIL_URL_H

/* 1 when a browser would take `href` as an http, https, mailto or tel URL,
 * or a relative one; 0 for every other scheme (javascript:, vbscript:,
 * data:, file:, ...) however it is disguised. */
int nl_url__safe(const char *href);

#endif
