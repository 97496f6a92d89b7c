#ifndef PLAN_CLI_WORKFLOW_H
#define PLAN_CLI_WORKFLOW_H
/*
 * The office's workflow, for people who do not know Git: setting up the
 * people of a new ledger, sending one's changes for review (submit),
 * bringing a clone up to date (sync), and the branches waiting for a
 * reviewer. These functions print nothing: they return what happened, or
 * -1 with error_set(), so that the command line and the web interface
 * (plan serve) word it each their own way.
 */
#include <stddef.h>

#include "ledger/records.h"
#include "store/history.h"
#include "util/buf.h"
#include "util/diag.h"

/* A person given to plan init: --person 'id=...,name=...,email=...,roles=staff+reviewer,key=FILE'. */
typedef struct wf_person {
	char *id, *name, *email;
	unsigned roles;
	char *key; /* "ssh-ed25519 AAAA...", or NULL */
} wf_person;

/* Parses one --person value. Returns 0, or -1 with the error set in words. */
int wf_person_parse(const char *spec, wf_person *out);
void wf_person_free(wf_person *p);
/*
 * Checks the people of a new ledger: at least one, ids and addresses
 * unique, a reviewer; with signed changes, at least two reviewers, each
 * with a key. Returns 0, or -1 with the error set.
 */
int wf_people_check(const wf_person *p, size_t n, int sign);
/* Writes DIR/records/people.yaml (and with sign, the keys into records/allowed_signers). */
int wf_people_write(const char *dir, const wf_person *p, size_t n, int sign);

/* The people and the plan as the commit rev has them (records/people.yaml, plan.yaml). */
int wf_load_people(history *h, const char *rev, ledger **out);

/* Whether the clone has a remote named origin. */
int wf_has_origin(const char *root);

typedef struct wf_submit_result {
	char *branch;       /* the branch sent, such as handlaggare-1/2020-03-12 */
	char *person;       /* the sender's person id */
	size_t committed;   /* files committed by this submit */
	size_t commits;     /* commits the branch brings over the central main */
	size_t moved;       /* commits moved from main to the branch */
	int pushed;         /* 1 when the branch went to the central repository */
	diag_list findings; /* what the checks found (errors: nothing was pushed) */
	buf reviewers;      /* the reviewers other than the sender, "a, b" */
	buf files;          /* the records changed on the branch, one a line */
} wf_submit_result;

void wf_submit_result_free(wf_submit_result *r);
/*
 * Sends the person's new and changed records for review: commits them on
 * their branch <person-id>/<today> (made from the current commit when on
 * main; commits made on main move there, and main goes back to the central
 * one), checks every commit the branch brings over the central main as the
 * server will, and pushes the branch. today is YYYY-MM-DD. Returns 0 (see
 * r->pushed and r->findings), or -1 with the error set.
 */
int wf_submit(history **h, const char *root, const char *today, const char *message,
	      wf_submit_result *r);

typedef struct wf_branch {
	char *name;       /* origin/handlaggare-1/2020-03-12 */
	char *author;     /* the author address of its last commit */
	size_t commits;   /* commits over main */
	int behind;       /* 1 when it does not contain the latest main */
} wf_branch;

/* The branches on the central repository that main does not have yet. */
int wf_pending(history *h, const char *root, wf_branch **out, size_t *n);
void wf_branches_free(wf_branch *b, size_t n);

typedef struct wf_sync_result {
	buf approved;   /* one line per approval since the last sync: "subject\tapproved-by" */
	buf updated;    /* the person's branches brought up to date, one a line */
	buf conflicts;  /* branches that could not be, one a line */
	buf done;       /* the person's branches now in main, one a line */
	int main_moved; /* 1 when main moved forward */
} wf_sync_result;

void wf_sync_result_free(wf_sync_result *r);
/*
 * Fetches, moves main forward to the central one, rebases the person's
 * open branches onto it (pushing those the central repository has), and
 * lists what was approved since the last sync.
 */
int wf_sync(history **h, const char *root, wf_sync_result *r);

/*
 * Whether the person who logged in to the web server as login (their id in
 * records/people.yaml on main) may update ref: their own branches
 * refs/heads/<login>/...; main and tags only as a reviewer. Returns 1 when
 * they may, 0 when not (the error set to why, in words), -1 on failure.
 */
int wf_may_push(history *h, const char *login, const char *ref);

#endif
