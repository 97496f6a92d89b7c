/* How far apart two short texts are, for "did you mean" suggestions. */
#ifndef PLAN_UTIL_STRDIST_H
#define PLAN_UTIL_STRDIST_H

#include <stddef.h>

/*
 * The Levenshtein distance of a (la bytes) and b (lb bytes): the fewest
 * insertions, deletions and substitutions of bytes that turn one into the
 * other. Texts over STRDIST_MAX bytes are (size_t)-1 apart.
 */
enum { STRDIST_MAX = 64 };
size_t strdist(const char *a, size_t la, const char *b, size_t lb);

#endif
