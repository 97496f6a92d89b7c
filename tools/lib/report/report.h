/*
 * report: the follow-up report for politicians and auditors, as one
 * self-contained HTML page (the plan's Gantt chart with what happened laid
 * over it, and every indicator's status with the events that count and the
 * commits that recorded them) or as Markdown for the annual follow-up
 * document. Both are written into a buffer; the command line writes the
 * file.
 *
 * The report borrows everything in its context; nothing is freed here.
 */
#ifndef PLAN_REPORT_H
#define PLAN_REPORT_H

#include <stddef.h>

#include "ledger/fulfil.h"
#include "audit/provenance.h"
#include "ledger/records.h"
#include "util/buf.h"
#include "util/date.h"

typedef enum report_lang { REPORT_SV, REPORT_EN } report_lang;

typedef struct report_ctx {
	const ledger *l;
	const fulfil_result *r;	 /* computed on the --at date */
	const provenance *prov;	 /* the commits that recorded the events, or NULL */
	const char *commit;	 /* the full id of the commit the ledger was read from */
	date_days commit_day;	 /* that commit's day */
	size_t errors;		 /* error findings in the ledger at that commit */
	report_lang lang;
	const char *generator;	 /* "plan 0.1.0", for the colophon; may be NULL */
} report_ctx;

/* The whole report as an HTML document (UTF-8, inline CSS, SVG and script). */
void report_html(buf *out, const report_ctx *c);
/*
 * Parts of the HTML report without the page around them, for pages that
 * show the report's pieces (plan serve): a bit set of report_part. The
 * style sheet is render_html_style's.
 */
typedef enum report_part {
	REPORT_PART_SUMMARY = 1,
	REPORT_PART_GANTT = 2,
	REPORT_PART_INDICATORS = 4
} report_part;
void report_html_parts(buf *out, const report_ctx *c, unsigned parts);
/* One indicator's table, as the report has it: its periods, the events and their commits. */
void report_html_indicator(buf *out, const report_ctx *c, const fulfil_indicator *fi);
/* Appends s escaped for HTML element content and quoted attribute values. */
void report_html_escape(buf *out, const char *s);
/* The same content as Markdown: a heading per goal, a table per activity. */
void report_md(buf *out, const report_ctx *c);

/*
 * Words shared by both formats, in the report's language. The strings are
 * static.
 */
typedef struct report_words {
	const char *lang;		/* "sv", "en" */
	const char *status[FULFIL_NSTATUS];
	const char *status_help[FULFIL_NSTATUS]; /* what each status means, one sentence */
	const char *priority_high, *priority_medium_high;
	const char *report, *plan_period, *at, *commit, *overall_goal, *organisation;
	const char *summary, *timeline, *indicators, *about;
	const char *goal, *activity, *indicator, *priority, *time, *status_word, *target;
	const char *period, *achieved, *events_counting, *no_events, *kinds_counting;
	const char *recorded, *by, *approved_by, *not_approved, *edited_in, *corrects, *late;
	const char *because; /* before a correction's reason: "skäl" */
	const char *exception, *early, *not_counted, *not_counted_lead, *expected_by_now, *quarter, *legend, *event_marker;
	const char *today_line, *events_one, *events_many, *indicators_count;
	const char *and_more; /* after a list cut short: "and %zu more" */
	const char *show, *ledger_errors, *overall, *goal_status, *contents;
	const char *timeline_lead, *indicators_lead, *about_text, *reproduce, *showing;
} report_words;

const report_words *report_words_of(report_lang lang);

/* A span of days in words: "2019", "2018–våren 2019", "hösten 2018–2020", or the dates. */
void report_window_words(buf *out, date_days start, date_days end, report_lang lang);
/*
 * A target in words: "Minst 4 per år, 2018–2019", "Klart under 2019" (or in
 * English), without the event kinds that count.
 */
void report_target_words(buf *out, const rec_indicator *ind, report_lang lang);
/* The event kinds that count toward an indicator, in words: "seminarium, workshop". */
void report_kinds_words(buf *out, const ledger *l, const rec_indicator *ind, report_lang lang);

/*
 * The events laid over an activity's bar: events that no other supersedes,
 * dated on or before at, that name one of the activity's indicators; oldest
 * first. *out is an array the caller frees with free().
 */
size_t report_activity_events(const ledger *l, const rec_activity *act, date_days at,
			      const rec_event ***out);
/* Why an event does not count, in the report's language (the exception's reason included). */
void report_why_words(buf *out, const fulfil_skip *s, const rec_indicator *ind, report_lang lang);
/*
 * How a person of the history is named in reports and traces, the same for
 * authors and approvers: their name in people.yaml, found by e-mail address
 * or by id. who is a name as Git has it or an Approved-by trailer's
 * "id <email>"; email (may be NULL) the commit's address. Falls back to the
 * part of who before " <". Into out (emptied first); returns out's text.
 */
const char *report_person_name(buf *out, const ledger *l, const char *who, const char *email);
/* "Hög prioritet", "Mellanhög prioritet" (or in English); "?" when unknown. */
const char *report_priority_words(rec_priority p, report_lang lang);
/* The goal's number when its id is M followed by digits (M2: "2"), else NULL. */
const char *report_goal_number(const rec_goal *g);
/* The roll-up of an activity or goal by id in a result, or NULL. */
const fulfil_rollup *report_rollup(const fulfil_rollup *v, size_t n, const char *id);
/* The indicators of the result that belong to an activity, counted. */
size_t report_indicator_count(const fulfil_result *r, const rec_activity *act);

#endif
