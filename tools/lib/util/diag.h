/*
 * Findings: what is wrong with the user's data. Library code appends them to
 * a list and carries on, so that one run reports every problem; only
 * tools/cli prints them. A finding is not an error to run (see util/error.h).
 */
#ifndef PLAN_DIAG_H
#define PLAN_DIAG_H

#include <stddef.h>

typedef enum diag_severity { DIAG_ERROR, DIAG_WARNING } diag_severity;

typedef struct diag {
	char *path;    /* owned */
	unsigned line; /* 1-based; 0 when the finding is about the whole file */
	unsigned col;  /* 1-based; 0 when unknown */
	diag_severity severity;
	const char *rule; /* a static rule id: "yaml", "schema", "window", ... */
	char *message;    /* owned; plain words, no final full stop needed */
	/* Optional, owned, NULL when not given: where in the data (a JSON
	 * pointer, "/indicators/0") and which schema keyword
	 * ("event.schema.yaml#/properties/date/format") the finding is about. */
	char *pointer;
	char *schema_loc;
} diag;

typedef struct diag_list {
	diag *items;
	size_t n;
	size_t cap;
} diag_list;

#define DIAG_LIST_INIT {NULL, 0, 0}

void diag_add(diag_list *l, const char *path, unsigned line, unsigned col, diag_severity sev,
	      const char *rule, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* Takes ownership of message (allocated with malloc). */
void diag_add_owned(diag_list *l, const char *path, unsigned line, unsigned col,
		    diag_severity sev, const char *rule, char *message);
/*
 * The static string of a rule id, for findings read back from a cache:
 * the known ids give their own constant, anything else "unknown".
 */
const char *diag_rule_static(const char *name);
/* Sets the pointer and schema location of the finding added last. */
void diag_set_location(diag_list *l, const char *pointer, const char *schema_loc);
/* Moves every finding of src to the end of dst; src is left empty. */
void diag_move(diag_list *dst, diag_list *src);
/* Sorts by path, line, column, then rule; stable for equal positions. */
void diag_sort(diag_list *l);
/* The number of findings of severity DIAG_ERROR. */
size_t diag_errors(const diag_list *l);
void diag_list_free(diag_list *l);

#endif
