/*
 * newsloc/newsloc.h - everything a program needs from libnewsloc.
 */
#ifndef NEWSLOC_NEWSLOC_H
#define NEWSLOC_NEWSLOC_H

#include <newsloc/common.h>
#include <newsloc/error.h>
#include <newsloc/article.h>
#include <newsloc/segment.h>
#include <newsloc/tm.h>
#include <newsloc/xliff.h>
#include <newsloc/merge.h>
#include <newsloc/tmx.h>
#include <newsloc/io.h>
#include <newsloc/services.h>
#include <newsloc/localize.h>
#include <newsloc/render.h>
#include <newsloc/check.h>
#include <newsloc/batch.h>

#endif
