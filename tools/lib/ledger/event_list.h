/*
 * event_list: the events of a ledger chosen by a filter, and their table
 * (one row per event, the same columns in every format), as `plan list
 * events` shows them and `plan import` reads them back.
 *
 * Nothing here prints. event_list_select returns an array the caller frees
 * with free(); its pointers are borrowed from the ledger.
 */
#ifndef PLAN_EVENT_LIST_H
#define PLAN_EVENT_LIST_H

#include <stddef.h>

#include "ledger/records.h"
#include "util/buf.h"
#include "util/date.h"

typedef struct event_filter {
	const char *const *indicators; /* any of these ids; none: any */
	size_t nindicators;
	const char *activity; /* naming an indicator of this activity */
	const char *goal;     /* naming an indicator under this goal */
	const char *kind;
	const char *person; /* responsible */
	const char *text;   /* in the id, title, note or evidence, any case */
	int has_from, has_to;
	date_days from, to; /* both days included */
	int all;            /* superseded events too */
} event_filter;

/* The columns of the table, in order. */
typedef enum event_col {
	EVCOL_ID,
	EVCOL_DATE,
	EVCOL_KIND,
	EVCOL_TITLE,
	EVCOL_INDICATORS,
	EVCOL_RESPONSIBLE,
	EVCOL_PARTICIPANTS,
	EVCOL_EVIDENCE,
	EVCOL_NOTE,
	EVCOL_SUPERSEDES,
	EVCOL_REASON,
	EVCOL_EXCEPTION,
	EVCOL_SUPERSEDED_BY,
	EVCOL_N
} event_col;

/* A column's header: "id", "date", ... (the names plan import knows). */
const char *event_list_column(event_col c);

/*
 * The events of l that pass f, in date order (then id). Needs ledger_index
 * (ledger_load does it). *out is NULL when none pass.
 */
size_t event_list_select(const ledger *l, const event_filter *f, const rec_event ***out);

/*
 * Appends the text of one cell: indicators separated by ", ", evidence as
 * "type: ref" items separated by "; ", superseded_by the id of the event
 * that corrects it; "" when empty (participants not given, and so on).
 */
void event_list_cell(buf *out, const ledger *l, const rec_event *e, event_col c);

/* A table for people: date, id, kind, indicators and title, one event a line. */
void event_list_text(buf *out, const ledger *l, const rec_event *const *ev, size_t n);
/*
 * CSV with a byte-order mark (Excel then reads UTF-8) and a header row,
 * fields separated by sep (',' or ';'), lines ended by CR LF.
 */
void event_list_csv(buf *out, const ledger *l, const rec_event *const *ev, size_t n, char sep);
/* {"events":[{"id":...,"date":...,...}]}, fields left out when empty. */
void event_list_json(buf *out, const ledger *l, const rec_event *const *ev, size_t n);

/*
 * The event kind named by its id or by its Swedish or English label, in any
 * case (ASCII letters and Å, Ä, Ö), with or without its accents (mote is
 * möte), or NULL.
 */
const char *event_list_find_kind(const ledger *l, const char *s);
/*
 * For a word that names no kind: the kind whose id or label is nearest to
 * it (NULL when none is near), and in list every kind, "id (Swedish label)",
 * separated by commas, none left out.
 */
const char *event_list_suggest_kind(const ledger *l, const char *s, buf *list);

#endif
