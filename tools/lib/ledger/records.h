/*
 * records: the ledger as C structs. Which kind of record lives at which path
 * (one table), and the extraction of each record's fields from its YAML
 * tree once the record has passed its schema.
 *
 * A ledger owns every string of its records in its arena; records point
 * into it. ledger_free releases everything. Records that failed their
 * schema are still extracted as far as their fields are well-typed, with
 * `valid` cleared, so that other records can refer to them and the rules
 * skip what they cannot judge.
 */
#ifndef PLAN_RECORDS_H
#define PLAN_RECORDS_H

#include <stddef.h>

#include "util/diag.h"
#include "util/oid.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/date.h"
#include "yaml/ytree.h"

typedef enum rec_kind {
	REC_NONE,
	REC_PLAN,
	REC_GOAL,
	REC_ACTIVITY,
	REC_INDICATOR,
	REC_PEOPLE,
	REC_EVENT,
	REC_SIGNERS /* records/allowed_signers: the reviewers' SSH keys, not YAML */
} rec_kind;

/*
 * The kind of record that lives at a repository-relative path, or REC_NONE.
 * This is the one table from paths to record kinds and schemas.
 */
rec_kind records_kind_of(const char *path);
/* The schema file (in schemas/) of a kind: "event.schema.yaml". */
const char *records_schema_of(rec_kind kind);
/* A kind in words: "event", "indicator", ... */
const char *records_kind_name(rec_kind kind);
/* Where the records of a kind live, for messages: "records/events/YYYY/MM/". */
const char *records_kind_place(rec_kind kind);

/*
 * The modeline that lets an editor's YAML language server (VS Code, Neovim,
 * Emacs) check the record at PATH against its schema while it is typed:
 * "# yaml-language-server: $schema=../../schemas/goal.schema.yaml", the
 * schema's path seen from the file's folder. Into out (emptied first).
 * Returns -1 when PATH is no place of a record with a schema.
 */
int records_modeline(const char *path, buf *out);

typedef enum records_modeline_state {
	MODELINE_OK,      /* names the record's own schema */
	MODELINE_MISSING, /* no modeline among the comments before the record */
	MODELINE_WRONG    /* a modeline that names another file, or none */
} records_modeline_state;

/*
 * Reads the comments before the record's first line as yaml-language-server
 * reads them: the first "# yaml-language-server: ..." (or "# $schema: ...")
 * is the modeline, its $schema= a path resolved from the file's folder.
 * *line gets the modeline's line (1-based), 0 when there is none; *named
 * (when not NULL) the schema as written (into a buffer that it empties).
 */
records_modeline_state records_modeline_check(const char *path, const char *data, size_t len,
                                              unsigned *line, buf *named);

typedef struct rec_pos {
	unsigned line, col;
} rec_pos;

typedef struct rec_window {
	date_days start, end;
} rec_window;

typedef struct rec_plan {
	const char *path;
	const char *id;
	const char *title;
	const char *organisation;
	const char *overall_goal;
	rec_window period;
	int has_period;
	int signed_approvals; /* approval: {signed: true} */
	rec_pos period_pos;
} rec_plan;

typedef struct rec_goal {
	const char *path;
	const char *id;
	const char *title;
	rec_pos id_pos;
	int valid;
} rec_goal;

typedef enum rec_priority { PRIO_UNKNOWN, PRIO_HIGH, PRIO_MEDIUM_HIGH } rec_priority;

typedef struct rec_ref {
	const char *id;
	rec_pos pos;
} rec_ref;

typedef struct rec_activity {
	const char *path;
	const char *id;
	const char *title;
	const char *section;
	rec_ref goal;
	rec_priority priority;
	rec_window window;
	int has_window;
	const char *window_text;
	rec_pos id_pos, window_pos, window_text_pos;
	rec_ref *depends_on;
	size_t ndepends_on;
	int valid;
} rec_activity;

typedef enum rec_target_kind { TARGET_COUNT, TARGET_DELIVERABLE } rec_target_kind;

typedef struct rec_require {
	rec_ref indicator;
	int per_year; /* scope: year */
	/* strict: true (an error, and the event does not count); false: advisory
	 * (a warning; the event counts). A bare id, as older ledgers wrote it, is strict. */
	int strict;
} rec_require;

typedef struct rec_indicator {
	const char *path;
	const char *id;
	const char *text;
	rec_ref activity;
	rec_target_kind target_kind;
	int min;
	int per_year;
	rec_window due;
	int has_due;
	const char *due_text;
	const char **counts; /* event kinds */
	size_t ncounts;
	rec_require *requires;
	size_t nrequires;
	rec_pos id_pos, due_pos, due_text_pos;
	int valid;
} rec_indicator;

enum { ROLE_STAFF = 1, ROLE_REVIEWER = 2, ROLE_AUDITOR = 4 };

typedef struct rec_person {
	const char *id;
	const char *name;
	const char *email; /* NULL when not given */
	double fte;
	unsigned roles;
	rec_pos pos;
} rec_person;

typedef struct rec_evidence {
	const char *type;
	const char *ref;
} rec_evidence;

typedef struct rec_event {
	const char *path;
	const char *id;
	date_days date;
	int has_date;
	const char *kind;
	const char *title;
	rec_ref *indicators;
	size_t nindicators;
	rec_ref responsible;
	int participants; /* -1 when not given */
	rec_evidence *evidence;
	size_t nevidence;
	const char *note;
	rec_ref supersedes; /* id NULL when none */
	const char *reason;
	const char *exception; /* the exception's reason, or NULL */
	rec_pos id_pos, date_pos, kind_pos;
	hist_oid oid; /* the blob it was read from, when known */
	int valid;
	/* Filled by ledger_index: the event that supersedes this one, or -1. */
	long superseded_by;
} rec_event;

typedef struct ledger {
	arena arena;
	rec_plan *plan; /* NULL when records/plan.yaml is missing */
	rec_goal *goals;
	size_t ngoals, goals_cap;
	rec_activity *activities;
	size_t nactivities, activities_cap;
	rec_indicator *indicators;
	size_t nindicators, indicators_cap;
	rec_person *people;
	size_t npeople, people_cap;
	const char *people_path;
	rec_event *events;
	size_t nevents, events_cap;
	/* The event kinds the schemas allow, with their labels (may be empty). */
	const char **kinds;
	const char **kind_sv;
	const char **kind_en;
	size_t nkinds;
	/* Lookup of events by id, built by ledger_index. */
	size_t *event_hash;
	size_t event_hash_cap;
	int indexed; /* ledger_index has sorted goals, activities and indicators */
	/* Set before ledger_index when only fulfilment will be asked of the
	 * ledger: events are then found by id only when some correct others. */
	int light;
	/* Set before ledger_index when the events are already in date order. */
	int presorted;
	/* Built by ledger_index: for each indicator (same index as indicators),
	 * the events that name it, oldest first, as indices into events. */
	size_t **naming;
	size_t *nnaming;
	/* Built by ledger_index: lookup of plan records by id (index + 1). */
	size_t *id_hash;
	size_t id_hash_cap;
	/* Built by ledger_index (unless light): events whose id an earlier event
	 * already has, as pairs of indices (the later, the earlier). */
	size_t *dups;
	size_t ndups, dups_cap;
	/* The commit's tree it was read from, when has_tree (store.h). */
	hist_oid tree;
	int has_tree;
	/* What the ledger's records borrow from, released with the ledger. */
	struct ledger_kept {
		void *p;
		void (*release)(void *);
	} *kept;
	size_t nkept, kept_cap;
} ledger;

/*
 * An event record in a compact binary form, for the cache of parsed
 * records: everything ledger_add extracts, without the path and blob id,
 * which the reader supplies. ledger_add_serialized adds such an event to a
 * ledger; it returns -1 when the bytes are not a serialized event (a
 * damaged cache), adding nothing. The event's strings are lent from data,
 * which must outlive the ledger (see ledger_keep).
 */
void records_serialize_event(const rec_event *e, buf *out);
int ledger_add_serialized(ledger *l, const char *path, const hist_oid *oid,
			  const unsigned char *data, size_t len);
/* The same, with the path lent too: it must outlive the ledger, as data does. */
int ledger_add_serialized_lent(ledger *l, const char *path, const hist_oid *oid,
			       const unsigned char *data, size_t len);

ledger *ledger_new(void);
/* Keeps p (which records of l borrow from) until ledger_free, which calls release(p). */
void ledger_keep(ledger *l, void *p, void (*release)(void *));
void ledger_free(ledger *l);
/*
 * Moves the records of from (added with ledger_add, not indexed) to the end
 * of into's, in their order, and keeps from, whose memory they live in,
 * until into is freed. For loads on several threads, each filling a ledger
 * of its own.
 */
void ledger_absorb(ledger *into, ledger *from);

/*
 * Adds the record in doc, found at path, to the ledger. valid says whether
 * it passed its schema. Fields that are missing or of the wrong type are
 * left empty. oid may be NULL.
 */
void ledger_add(ledger *l, rec_kind kind, const char *path, const ytree_node *root, int valid,
		const hist_oid *oid);
/*
 * Reads the event kinds and their labels from the enum and x-labels of
 * $defs/event_kind in a parsed common.schema.yaml.
 */
void ledger_set_kinds(ledger *l, const ytree_node *common_schema);

/*
 * Ids (any order, NULLs skipped) as runs in the plan's numbering, so that a
 * gap shows: "I1 to I6, I8 to I33" ("A1.1 to A1.4, A2.1 to A2.8"); to is the
 * word between a run's ends (" to "). Appends to out; "none" when there are none.
 */
void records_id_runs(buf *out, const char **ids, size_t n, const char *to);
/* Compares ids in the plan's numbering: I9 before I10, A2.9 before A2.10. */
int records_id_cmp(const char *a, const char *b);

/*
 * Sorts and indexes the ledger after the last ledger_add: goals, activities
 * and indicators by id in the plan's numbering, events by date, and the
 * lookup of events by id.
 */
void ledger_index(ledger *l);

const rec_goal *ledger_goal(const ledger *l, const char *id);
const rec_activity *ledger_activity(const ledger *l, const char *id);
const rec_indicator *ledger_indicator(const ledger *l, const char *id);
const rec_person *ledger_person(const ledger *l, const char *id);
/* The person with this e-mail address (compared without regard to case), or NULL. */
const rec_person *ledger_person_by_email(const ledger *l, const char *email);
/* The index of the event with this id, or -1. */
long ledger_event_index(const ledger *l, const char *id);
/* The label of an event kind in a language ("sv" or "en"), or the kind itself. */
const char *ledger_kind_label(const ledger *l, const char *kind, const char *lang);
/* 1 when the event kind counts toward the indicator. */
int ledger_kind_counts(const rec_indicator *ind, const char *kind);
/*
 * 1 when the activity of the indicator runs on the day, or the day is in
 * the indicator's own due window, so that an event of that day may count
 * toward it without an exception (also when the activity or its window is
 * unknown, for the checks to judge).
 */
int ledger_indicator_runs_on(const ledger *l, const rec_indicator *ind, date_days day);

/*
 * The events that count toward an indicator, oldest first: events that no
 * other event supersedes (a correction counts once, in its latest version),
 * that name the indicator, whose kind counts toward it, and (when until is
 * not -1) that are dated on or before until. *out is an array the caller
 * frees with free(). Needs ledger_index.
 */
size_t ledger_counted_events(const ledger *l, const rec_indicator *ind, date_days until,
			     const rec_event ***out);

#endif
