/*
 * fulfil: how far each indicator has come, from a ledger, on a reference
 * date (DESIGN.md section 5).
 *
 * For each indicator and each of its periods (every calendar year of the due
 * window when the target is per year, else the whole due window): the
 * events that count, the target, and a status. Events that are superseded
 * count once, in their latest version; an event listed under several
 * indicators counts for each; an event counts toward an indicator only once
 * the indicators it strictly requires are met (as the requires rule says).
 * fulfil_place_event is the one judgement of where an event counts.
 *
 * A result borrows the ledger's records: free the result before the ledger.
 */
#ifndef PLAN_FULFIL_H
#define PLAN_FULFIL_H

#include <stddef.h>

#include "ledger/records.h"
#include "util/buf.h"
#include "util/date.h"

typedef enum fulfil_status {
	ST_MET,
	ST_MET_LATE,    /* reached only with a deliverable after its due window */
	ST_PARTIAL,     /* the period is over; some but not enough */
	ST_NOT_MET,     /* the period is over; nothing */
	ST_IN_PROGRESS, /* the period is open on the reference date */
	ST_NOT_STARTED  /* the period has not begun on the reference date */
} fulfil_status;

enum { FULFIL_NSTATUS = 6 };

/* Where an event stands for an indicator (DESIGN.md section 5). */
typedef enum fulfil_how {
	FULFIL_ON_TIME,	    /* dated in a period; counts there */
	FULFIL_EARLY,	    /* a deliverable before its due window; counts in the first period */
	FULFIL_LATE,	    /* a deliverable after its due window; counts in the last period */
	FULFIL_NOT_COUNTED  /* see fulfil_why */
} fulfil_how;

typedef enum fulfil_why {
	FULFIL_COUNTS,	   /* it counts */
	FULFIL_KIND,	   /* its kind does not count toward the indicator */
	FULFIL_SUPERSEDED, /* a later version corrects it */
	FULFIL_OUTSIDE,	   /* dated outside every period, and neither early nor late */
	FULFIL_REQUIRES,   /* a strict requirement was not met on its date */
	FULFIL_NO_DATE	   /* it has no date (a record that failed its schema) */
} fulfil_why;

typedef struct fulfil_place {
	fulfil_how how;
	fulfil_why why;
	/* The period it counts toward; for one not counted, the period nearest its date. */
	size_t period;
	/* FULFIL_REQUIRES: the requirement not met, and when it was met (-1: not at all). */
	const char *req;
	date_days req_met;
} fulfil_place;

/* An event that names an indicator but does not count toward it. */
typedef struct fulfil_skip {
	const rec_event *e;
	fulfil_place place;
} fulfil_skip;

typedef struct fulfil_period {
	char label[32]; /* "2019", "2018-2019", or "2018-07-01/2019-06-30" */
	date_days start, end;
	int achieved; /* every event that counts: on time, early and late */
	int target;
	fulfil_status status;
	/* Open periods: what the target asks by now (target x elapsed share); else -1. */
	double expected;
	const rec_event **events; /* the events that count, oldest first */
	fulfil_how *how;	  /* for each of events: on time, early or late */
	size_t nevents;
	const rec_event *late; /* the first event that came late, or NULL */
	int nlate, nearly;
} fulfil_period;

typedef struct fulfil_indicator {
	const rec_indicator *ind;
	const rec_activity *activity; /* NULL when the reference is broken */
	fulfil_period *periods;
	size_t nperiods;
	fulfil_status status; /* the periods rolled up */
	/* Events dated up to the reference date that name it and do not count;
	 * their place.period is the index in periods nearest their date, or
	 * (size_t)-1 when none is (narrowed to a year). */
	fulfil_skip *skipped;
	size_t nskipped;
} fulfil_indicator;

typedef struct fulfil_rollup {
	const char *id; /* activity or goal id */
	fulfil_status status;
	size_t count[FULFIL_NSTATUS]; /* indicator periods by status */
} fulfil_rollup;

typedef struct fulfil_result {
	date_days at;
	int year; /* 0, or the one year every figure is narrowed to */
	fulfil_indicator *indicators; /* in the ledger's order */
	size_t nindicators;
	fulfil_rollup *activities;
	size_t nactivities;
	fulfil_rollup *goals;
	size_t ngoals;
} fulfil_result;

/*
 * The periods of an indicator: every calendar year of its due window when
 * the target is per year, else the whole due window. Fills up to max
 * periods into start[] and end[] and returns how many there are (0 without
 * a due window).
 */
size_t fulfil_periods(const rec_indicator *ind, date_days *start, date_days *end, size_t max);

/*
 * THE placing of one event for one indicator, which every command uses:
 * on time, early, late, or not counted and why. at is the reference date
 * (-1: every event); an event dated after it is placed as if it had
 * happened, the caller leaves it out. Requirements are judged as
 * fulfil_requirement_unmet says, strict ones only: an advisory one never
 * keeps an event from counting.
 */
void fulfil_place_event(const ledger *l, const rec_indicator *ind, const rec_event *e,
			date_days at, fulfil_place *out);

/* The same, leaving every requirement out (for the requires rule, which judges them). */
void fulfil_place_plain(const ledger *l, const rec_indicator *ind, const rec_event *e,
			fulfil_place *out);

/*
 * When req (an indicator) was met, counting its events dated on or before
 * until (-1: all) as fulfil_place_event places them: the day its count in
 * some period first reached the target, or with per_year the day it did so
 * counting only the events of year. Returns 1 with *met, else 0.
 */
int fulfil_met_on(const ledger *l, const rec_indicator *req, int per_year, int year,
		  date_days until, date_days *met);

/*
 * Whether requirement k of ind was met on the day of e (counting events up
 * to until): 1 when it was, 0 with *met set (-1 when never met) when not.
 */
int fulfil_requirement_met(const ledger *l, const rec_indicator *ind, size_t k,
			   const rec_event *e, date_days until, date_days *met);

/* A reason in words, for people: "its kind (meeting) does not count here". */
void fulfil_why_words(buf *out, const fulfil_skip *s, const rec_indicator *ind);
/* "on time", "early", "late", "not counted". */
const char *fulfil_how_name(fulfil_how h);
/* "kind", "superseded", "outside", "requires", "no-date" (for JSON and CSV). */
const char *fulfil_why_name(fulfil_why w);

/*
 * Computes one indicator's periods and status into *out (which the caller
 * clears with fulfil_indicator_clear), for tools that follow one indicator.
 */
void fulfil_indicator_compute(const ledger *l, const rec_indicator *ind, date_days at,
			      fulfil_indicator *out);
void fulfil_indicator_clear(fulfil_indicator *fi);

/*
 * Computes fulfilment at the end of the day at (events dated after it do
 * not count; a period ending on it is closed). year, when not 0, narrows
 * every figure to the periods that overlap it: the indicators' periods,
 * their statuses, the events not counted, and the roll-ups.
 */
fulfil_result *fulfil_compute_year(const ledger *l, date_days at, int year);
fulfil_result *fulfil_compute(const ledger *l, date_days at);
void fulfil_free(fulfil_result *r);

/* "met", "met-late", "partial", "not-met", "in-progress", "not-started". */
const char *fulfil_status_name(fulfil_status s);
/* The rolled-up status of several statuses (see fulfil.c for the order). */
fulfil_status fulfil_rollup_status(const size_t count[FULFIL_NSTATUS]);
/* The result for one indicator, or NULL. */
const fulfil_indicator *fulfil_find(const fulfil_result *r, const char *id);
/* Pace as whole events: the events expected by now, rounded to the nearest. */
int fulfil_expected_whole(const fulfil_period *p);

#endif
