/*
 * fulfil: how far each indicator has come, from a ledger, on a reference
 * date (DESIGN.md section 5).
 *
 * For each indicator and each of its periods (every calendar year of the due
 * window when the target is per year, else the whole due window): the
 * events that count, the target, and a status. Events that are superseded
 * count once, in their latest version; an event listed under several
 * indicators counts for each; an event counts toward an indicator only once
 * the indicators it requires are met (as the requires rule says).
 *
 * A result borrows the ledger's records: free the result before the ledger.
 */
#ifndef PLAN_FULFIL_H
#define PLAN_FULFIL_H

#include <stddef.h>

#include "records.h"
#include "util/date.h"

typedef enum fulfil_status {
	ST_MET,
	ST_MET_LATE,    /* a deliverable after its due window, inside its activity's window */
	ST_PARTIAL,     /* the period is over; some but not enough */
	ST_NOT_MET,     /* the period is over; nothing */
	ST_IN_PROGRESS, /* the period is open on the reference date */
	ST_NOT_STARTED  /* the period has not begun on the reference date */
} fulfil_status;

enum { FULFIL_NSTATUS = 6 };

typedef struct fulfil_period {
	char label[32]; /* "2019", "2018-2019", or "2018-07-01/2019-06-30" */
	date_days start, end;
	int achieved;
	int target;
	fulfil_status status;
	/* Open periods: what the target asks by now (target x elapsed share); else -1. */
	double expected;
	const rec_event **events; /* the events that count, oldest first */
	size_t nevents;
	const rec_event *late; /* ST_MET_LATE: the event that came late */
} fulfil_period;

typedef struct fulfil_indicator {
	const rec_indicator *ind;
	const rec_activity *activity; /* NULL when the reference is broken */
	fulfil_period *periods;
	size_t nperiods;
	fulfil_status status; /* the periods rolled up */
} fulfil_indicator;

typedef struct fulfil_rollup {
	const char *id; /* activity or goal id */
	fulfil_status status;
	size_t count[FULFIL_NSTATUS]; /* indicator periods by status */
} fulfil_rollup;

typedef struct fulfil_result {
	date_days at;
	fulfil_indicator *indicators; /* in the ledger's order */
	size_t nindicators;
	fulfil_rollup *activities;
	size_t nactivities;
	fulfil_rollup *goals;
	size_t ngoals;
} fulfil_result;

/*
 * Computes one indicator's periods and status into *out (which the caller
 * clears with fulfil_indicator_clear), for tools that follow one indicator.
 */
void fulfil_indicator_compute(const ledger *l, const rec_indicator *ind, date_days at,
			      fulfil_indicator *out);
void fulfil_indicator_clear(fulfil_indicator *fi);

/* Computes fulfilment on the reference date at (events dated after it do not count). */
fulfil_result *fulfil_compute(const ledger *l, date_days at);
void fulfil_free(fulfil_result *r);

/* "met", "met-late", "partial", "not-met", "in-progress", "not-started". */
const char *fulfil_status_name(fulfil_status s);
/* The rolled-up status of several statuses (see fulfil.c for the order). */
fulfil_status fulfil_rollup_status(const size_t count[FULFIL_NSTATUS]);
/* The result for one indicator, or NULL. */
const fulfil_indicator *fulfil_find(const fulfil_result *r, const char *id);

#endif
