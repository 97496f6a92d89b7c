/*
 * For the two readers (ytree.c, ytree_json.c) only: what both do to build a
 * tree. Findings counted and capped, nodes made in the document's arena,
 * the children of open lists and mappings kept in one shared array until
 * their collection closes, sizes in words, and keys written twice.
 */
#ifndef PLAN_YTREE_BUILD_H
#define PLAN_YTREE_BUILD_H

#include <stdarg.h>
#include <stddef.h>

#include "util/diag.h"
#include "yaml/ytree.h"

/* The findings of one parse: at most YTREE_MAX_FINDINGS, then one that says there are more. */
typedef struct ytree_report {
	diag_list *findings;
	const char *path;
	const char *rule; /* "yaml" or "json" */
	size_t nfound;    /* findings of this parse, those left out too */
	int stop;         /* no point in reading further */
} ytree_report;

/* Adds a finding (fmt translated) at line:col, or sets stop once there are too many. */
void ytree_report_add(ytree_report *r, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void ytree_report_addv(ytree_report *r, unsigned line, unsigned col, const char *fmt, va_list ap);

/* A new node of kind at line:col, in the document's arena. */
ytree_node *ytree_new_node(ytree_doc *doc, ytree_kind kind, unsigned line, unsigned col);

/* Finished children waiting for the collection they belong to to close. */
typedef struct ytree_slots {
	ytree_node **v;
	size_t n, cap;
} ytree_slots;

void ytree_slots_push(ytree_slots *s, ytree_node *node);
/*
 * Gives the list or mapping n the children held since start (a mapping's as
 * key, value, key, value, ...), copied into the arena, and takes them off.
 */
void ytree_slots_close(ytree_doc *doc, ytree_slots *s, ytree_node *n, size_t start);

/* A size in words: "812 bytes", "4.0 KiB", "10.0 MiB". */
const char *ytree_size_words(size_t n, char *out, size_t outlen);

/* Quotes a key for a message into out (YTREE_SHOW_BUF bytes), cut and escaped. */
typedef const char *ytree_show_fn(char *out, const char *s, size_t len);
enum { YTREE_SHOW_BUF = 40 * 6 + 8 };

/* 1 when both keys have text, and the same. */
int ytree_key_equal(const ytree_node *a, const ytree_node *b);
/* For qsort of ytree_pair pointers: by key text (keys with text only), then by place. */
int ytree_cmp_pair_ptr(const void *pa, const void *pb);

/*
 * A finding at each key of map that an earlier key has the same text as, in
 * the order of the file: fmt (already marked for translation) gets the key
 * as show quotes it, the earlier key's line and this one's. Keys without
 * text (lists, mappings) are passed over. Small mappings pair by pair, big
 * ones sorted.
 */
void ytree_check_duplicates(ytree_report *r, const ytree_node *map, const char *fmt,
			    ytree_show_fn *show);

#endif
