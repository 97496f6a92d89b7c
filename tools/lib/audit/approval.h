/*
 * approval: the rules of four-eyes approval that plan approve applies
 * before it merges and plan audit after (audit.h, rules 3 and 4), written
 * once. An approval is judged by the people of the main branch before it
 * (audit_rules_load): the approver is a person there with the reviewer
 * role, and made none of the commits approved, nor could have under an
 * address people.yaml does not list.
 */
#ifndef PLAN_APPROVAL_H
#define PLAN_APPROVAL_H

#include <stddef.h>

#include "ledger/records.h"
#include "store/history.h"

/* 1 when p (may be NULL) may approve: a person with the reviewer role. */
int approval_is_reviewer(const rec_person *p);

typedef struct approval_tally {
	size_t total;	  /* commits looked at */
	size_t authored;  /* of them, authored by the approver */
	size_t committed; /* committed by the approver */
	size_t own;	  /* authored or committed by the approver */
	/* Not the approver's, but by an address people does not list, so that
	 * nothing shows the approver did not make them; the first such address
	 * in stranger (allocated, or NULL). */
	size_t unknown;
	char *stranger;
} approval_tally;

/*
 * Counts, of the commits (n of them), those the approver made and those
 * made by addresses people does not list. An address is the approver's
 * when people maps it to them or it is their own address. Returns 0 (free
 * with approval_tally_free), or -1 with the error set.
 */
int approval_tally_commits(history *h, const ledger *people, const rec_person *approver,
			   const hist_oid *commits, size_t n, approval_tally *t);
/* Counts one commit already read into t (zeroed at first). */
void approval_tally_add(const ledger *people, const rec_person *approver, const hist_commit *c,
			approval_tally *t);
void approval_tally_free(approval_tally *t);

/* The commits branch brings over main_tip, newest first, into *out (to be freed). */
int approval_branch_commits(history *h, const hist_oid *branch, const hist_oid *main_tip,
			    hist_oid **out, size_t *n);

#endif
