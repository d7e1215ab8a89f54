/*
 * segment_blob_none.c - the generator's own blob: empty, so that it
 * compiles every language it is asked for.
 */
#include "segment_blob.h"

const nl_segment_blob nl_segment__blob = {
    {0, 0, 0, 0}, 0, 0, 0, NULL, NULL, 0, NULL, 0, NULL, 0, NULL};
