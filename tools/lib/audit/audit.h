/*
 * audit: proof, from the repository alone, that every change to the records
 * on the main line was approved by someone allowed to, who is not its
 * author. For every first-parent commit on main that touches records/:
 *
 *   1. it merges the previous main and a branch that descends from it;
 *   2. its tree is the branch's tree (nothing slipped into the merge);
 *   3. it has exactly one "Approved-by: <person id> <email>" trailer naming
 *      a reviewer in the records of the previous main (so a change cannot
 *      grant itself the role or add its own key), and its committer is
 *      that person;
 *   4. the approver authored and committed none of the commits it merges
 *      (e-mails mapped to people through records/people.yaml);
 *   5. when records/plan.yaml asks for signed approvals, the merge is
 *      signed, and ssh-keygen verifies the signature against
 *      records/allowed_signers of the previous main for the approver;
 *   6. no ordinary commit on main touches records/;
 *   7. when records/plan.yaml asks for signed approvals, every commit the
 *      merge brings that changes records/ or schemas/ is signed too, by the
 *      key (in the previous main's allowed_signers) of the person whose
 *      address it carries as committer: who made a change is then proven,
 *      not claimed, and rule 4 holds against someone who sets
 *      GIT_AUTHOR_EMAIL or GIT_COMMITTER_EMAIL to a colleague's address.
 *
 * Without signed approvals, rules 3, 4 and 7 rest on the names and
 * addresses Git records, which whoever commits sets: audit_counts says so.
 *
 * The first commit of the ledger (the one `plan init` makes) founds it and
 * needs no approval. Each violation is a finding with rule "approval" whose
 * path is the commit's short id.
 */
#ifndef PLAN_AUDIT_H
#define PLAN_AUDIT_H

#include <stddef.h>

#include "util/diag.h"
#include "store/history.h"
#include "ledger/records.h"

typedef struct audit_options {
	const char *ssh_keygen; /* the program that verifies signatures; NULL: "ssh-keygen" */
	/*
	 * The folder of the cache kept between runs ($GIT_DIR/plan), or NULL.
	 * An audit of the whole main line keeps its verdicts there, by commit
	 * id; a later audit whose tip descends from the cached one audits only
	 * the commits since (commits never change, so verdicts never go stale).
	 */
	const char *cache_dir;
	/*
	 * A signature is judged as of the day it was made: the later of the
	 * merge's commit time and its first parent's, since a signer picks the
	 * former. With now set (a push being received), as of today instead.
	 */
	int signatures_now;
} audit_options;

typedef struct audit_counts {
	size_t walked;	 /* first-parent commits walked */
	size_t audited;	 /* of them, those that touch records/ */
	size_t signed_ok; /* signatures verified */
	size_t cached;	 /* of the walked, those whose verdict came from the cache */
	/*
	 * 1 when the last commit's records/plan.yaml does not ask for signed
	 * approvals: who made and who approved each change is then only what
	 * Git's author and committer fields claim.
	 */
	int self_asserted;
} audit_counts;

/*
 * Audits the first-parent commits after from (exclusive; NULL or the zero id
 * for the whole history) up to to. Appends findings in the order of the
 * commits. Returns 0, or -1 with the error set.
 */
int audit_run(history *h, const hist_oid *from, const hist_oid *to, const audit_options *o,
	      diag_list *out, audit_counts *counts);

/*
 * The records a commit is judged by (rule 7): people and the plan of a
 * tree, and its allowed signers. audit_rules_load fills *out (freed with
 * audit_rules_free); returns 0, or -1 with the error set.
 */
typedef struct audit_rules {
	ledger *people; /* only people and the plan are in it */
	int has_signers;
	hist_oid signers; /* records/allowed_signers' blob id */
} audit_rules;

int audit_rules_load(history *h, const hist_oid *tree, audit_rules *out);
/* 1 when an allowed_signers text has a key for email (among a line's principals), else 0. */
int audit_signers_list(const char *text, size_t len, const char *email);
void audit_rules_free(audit_rules *r);

/*
 * Rule 7 for one commit: when the rules ask for signed changes and the
 * commit changes records/ or schemas/ (from any of its parents; a commit
 * without parent that holds them), it is signed by the key of its
 * committer, a person of the rules' people.yaml. Returns 0 when so (or
 * nothing is asked), 1 with *why (to be freed) when not, -1 on failure.
 */
int audit_commit_proven(history *h, const hist_commit *c, const audit_rules *rules, int64_t when,
			const char *ssh_keygen, char **why);

/*
 * Whether a commit's signature is the key of email by ssh-keygen against the
 * allowed signers blob signers (NULL when the ledger has none), judged as
 * of the time when (seconds since 1970). Returns 0 when verified, 1 when not
 * and 2 when the commit is not signed at all (both with *why, to be freed,
 * saying why in words), or -1 with the error set.
 */
int audit_verify_signature(history *h, const hist_oid *commit, const hist_oid *signers,
			   const char *email, int64_t when, const char *ssh_keygen, char **why);

/*
 * Splits an Approved-by value "granskare-1 <granskare-1@example.org>" into
 * its person id and e-mail (both allocated; the e-mail NULL when absent).
 * Returns 0, or -1 when it has no person id.
 */
int audit_parse_approver(const char *value, char **id, char **email);

#endif
