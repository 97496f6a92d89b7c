#include "audit/approval.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xalloc.h"

int
approval_is_reviewer(const rec_person *p)
{
	return p != NULL && (p->roles & ROLE_REVIEWER) != 0;
}

/* Whether people maps email to p, or it is p's own address. */
static int
is_theirs(const ledger *people, const rec_person *p, const char *email)
{
	return ledger_person_by_email(people, email) == p ||
	       (p->email != NULL && email != NULL && strcasecmp(p->email, email) == 0);
}

void
approval_tally_add(const ledger *people, const rec_person *approver, const hist_commit *c,
		   approval_tally *t)
{
	int authored = is_theirs(people, approver, c->author.email);
	int committed = is_theirs(people, approver, c->committer.email);

	t->total++;
	t->authored += authored;
	t->committed += committed;
	if (authored || committed) {
		t->own++;
	} else if (ledger_person_by_email(people, c->author.email) == NULL ||
		   ledger_person_by_email(people, c->committer.email) == NULL) {
		t->unknown++;
		if (t->stranger == NULL)
			t->stranger = xstrdup(ledger_person_by_email(people, c->author.email) == NULL ?
						      c->author.email :
						      c->committer.email);
	}
}

int
approval_tally_commits(history *h, const ledger *people, const rec_person *approver,
		       const hist_oid *commits, size_t n, approval_tally *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < n; i++) {
		hist_commit c;

		if (history_commit(h, &commits[i], &c) != 0) {
			approval_tally_free(t);
			return -1;
		}
		approval_tally_add(people, approver, &c, t);
		hist_commit_free(&c);
	}
	return 0;
}

void
approval_tally_free(approval_tally *t)
{
	free(t->stranger);
	memset(t, 0, sizeof(*t));
}

int
approval_branch_commits(history *h, const hist_oid *branch, const hist_oid *main_tip,
			hist_oid **out, size_t *n)
{
	history_walk *w;
	hist_oid id;
	size_t cap = 0;
	int r;

	*out = NULL;
	*n = 0;
	if (history_walk_new(&w, h, branch, main_tip, 0) != 0)
		return -1;
	while ((r = history_walk_next(w, &id)) == 0) {
		*out = xgrow(*out, &cap, *n + 1, sizeof(**out));
		(*out)[(*n)++] = id;
	}
	history_walk_free(w);
	if (r < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}
