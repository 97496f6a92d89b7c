/*
 * Auditing the approvals on the main line. The people, the plan's signing
 * setting and the allowed signers are read from the previous main's tree
 * for every merge, and parsed once per blob id.
 */
#define _POSIX_C_SOURCE 200809L
#include "audit/audit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "audit/approval.h"
#include "ledger/records.h"
#include "store/store.h"
#include "util/binio.h"
#include "util/buf.h"
#include "util/cachefile.h"
#include "util/error.h"
#include "util/fsutil.h"
#include "util/hmap.h"
#include "util/date.h"
#include "util/proc.h"
#include "util/xalloc.h"
#include "yaml/ytree.h"
#include "util/i18n.h"

/*
 * What the audit needs of one commit's tree, read in two tree reads: the id
 * of records/, and of the files in it that say who may approve.
 */
typedef struct tree_facts {
	hist_oid tree;
	int has_records, has_schemas;
	hist_oid records, schemas; /* the folders' tree ids */
	int has_people, has_plan, has_signers;
	hist_oid people, plan, signers;
} tree_facts;

/* The rules' view of one tree: its people and whether approvals must be signed. */
typedef struct rules_at {
	hist_oid people_oid, plan_oid;
	int have_people, have_plan;
	ledger *people; /* only people and the plan are in it */
	int signed_required;
} rules_at;

/* A set of commit ids, for the commits of main's history. */
typedef hmap oidset;

static int
oidset_has(const oidset *s, const hist_oid *o)
{
	return hmap_find(s, o->id, HIST_RAWSZ) != NULL;
}

static void
oidset_add(oidset *s, const hist_oid *o)
{
	hmap_insert(s, o->id, HIST_RAWSZ, NULL);
}

typedef struct auditor {
	history *h;
	const audit_options *o;
	diag_list *out;
	rules_at at;
	buf data;
	audit_counts *counts;
	/* For an audit from the root: the search of what each merge brings
	 * (side_reader), and the index in the line of the commit audited. */
	int know_history;
	struct side_reader *sides;
	size_t at_line;
	/* The folder the commit being audited changes: "records/" or "schemas/". */
	const char *changed;
	/* The commit time of the commit before it on the main line. */
	int64_t first_parent_time;
} auditor;

static void
finding(auditor *a, const hist_oid *commit, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
finding(auditor *a, const hist_oid *commit, const char *fmt, ...)
{
	char hex[HIST_HEXSZ + 1];
	buf m = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&m, _(fmt), ap);
	va_end(ap);
	hist_oid_fmt(commit, hex);
	hex[12] = '\0';
	diag_add_owned(a->out, hex, 0, 0, DIAG_ERROR, "approval", buf_detach(&m));
}

int
audit_parse_approver(const char *value, char **id, char **email)
{
	const char *p = value, *lt, *gt;
	size_t n;

	*id = NULL;
	*email = NULL;
	while (*p == ' ' || *p == '\t')
		p++;
	for (n = 0; p[n] != '\0' && p[n] != ' ' && p[n] != '\t' && p[n] != '<'; n++)
		;
	if (n == 0)
		return -1;
	*id = xstrndup(p, n);
	lt = strchr(p + n, '<');
	gt = lt != NULL ? strchr(lt, '>') : NULL;
	if (lt != NULL && gt != NULL && gt > lt + 1)
		*email = xstrndup(lt + 1, (size_t)(gt - lt - 1));
	return 0;
}

/* Parses one record blob of a tree into l; a missing or broken file adds nothing. */
static int
add_blob(auditor *a, ledger *l, rec_kind kind, const char *path, const hist_oid *oid)
{
	return ledger_load_blob(l, a->h, kind, path, oid, 1, &a->data);
}

/* Makes a->at describe a tree, reparsing only what changed since the last tree. */
static int
load_rules_at(auditor *a, const tree_facts *f)
{
	if (a->at.people != NULL && f->has_people == a->at.have_people &&
	    (!f->has_people || hist_oid_equal(&f->people, &a->at.people_oid)) &&
	    f->has_plan == a->at.have_plan &&
	    (!f->has_plan || hist_oid_equal(&f->plan, &a->at.plan_oid)))
		return 0;
	ledger_free(a->at.people);
	a->at.people = ledger_new();
	a->at.have_people = f->has_people;
	a->at.have_plan = f->has_plan;
	if (f->has_people) {
		a->at.people_oid = f->people;
		if (add_blob(a, a->at.people, REC_PEOPLE, "records/people.yaml", &f->people) != 0)
			return -1;
	}
	if (f->has_plan) {
		a->at.plan_oid = f->plan;
		if (add_blob(a, a->at.people, REC_PLAN, "records/plan.yaml", &f->plan) != 0)
			return -1;
	}
	a->at.signed_required = a->at.people->plan != NULL && a->at.people->plan->signed_approvals;
	return 0;
}

/* Reads the ids of records/ and of its people, plan and signers files. */
static int
tree_facts_read(history *h, const hist_oid *tree, tree_facts *f)
{
	hist_entries root = HIST_ENTRIES_INIT, rec = HIST_ENTRIES_INIT;
	size_t i;
	int rc = -1;

	memset(f, 0, sizeof(*f));
	f->tree = *tree;
	if (history_tree_children_raw(h, tree, &root) != 0)
		goto done;
	for (i = 0; i < root.n; i++) {
		if (root.v[i].mode != HIST_MODE_TREE)
			continue;
		if (strcmp(root.v[i].path, "records") == 0) {
			f->has_records = 1;
			f->records = root.v[i].oid;
		} else if (strcmp(root.v[i].path, "schemas") == 0) {
			f->has_schemas = 1;
			f->schemas = root.v[i].oid;
		}
	}
	if (f->has_records && history_tree_children_raw(h, &f->records, &rec) != 0)
		goto done;
	for (i = 0; i < rec.n; i++) {
		if (rec.v[i].mode == HIST_MODE_TREE)
			continue;
		if (strcmp(rec.v[i].path, "people.yaml") == 0) {
			f->has_people = 1;
			f->people = rec.v[i].oid;
		} else if (strcmp(rec.v[i].path, "plan.yaml") == 0) {
			f->has_plan = 1;
			f->plan = rec.v[i].oid;
		} else if (strcmp(rec.v[i].path, "allowed_signers") == 0) {
			f->has_signers = 1;
			f->signers = rec.v[i].oid;
		}
	}
	rc = 0;
done:
	hist_entries_free(&root);
	hist_entries_free(&rec);
	return rc;
}

static int
read_facts(auditor *a, const hist_oid *tree, tree_facts *f)
{
	return tree_facts_read(a->h, tree, f);
}

/* The person an e-mail belongs to in the previous main's records, or NULL. */
static const rec_person *
who(const auditor *a, const char *email)
{
	return ledger_person_by_email(a->at.people, email);
}

/*
 * ssh-keygen's reason for refusing a signature, in one line: its standard
 * error when it gave one ("incorrect signature", "key has expired"), with
 * the temporary copy of the signers file named as records/allowed_signers;
 * else its "Could not verify signature." with what that means.
 */
static char *
ssh_reason(buf *err, buf *out, const char *signers_path)
{
	buf b = BUF_INIT;
	const char *p, *line;
	size_t n, skip = strlen(signers_path);

	line = err->len > 0 ? buf_cstr(err) : out->len > 0 ? buf_cstr(out) : "it gave no reason";
	for (p = line; *p != '\0' && *p != '\n' && *p != '\r'; p++)
		;
	n = (size_t)(p - line);
	if (n >= skip && strncmp(line, signers_path, skip) == 0) {
		buf_puts(&b, "records/allowed_signers");
		buf_put(&b, line + skip, n - skip);
	} else {
		buf_put(&b, line, n);
	}
	while (b.len > 0 && (b.ptr[b.len - 1] == ' ' || b.ptr[b.len - 1] == '.'))
		b.len--;
	if (err->len == 0 && out->len > 0)
		buf_puts(&b, "; the key that made it is not the one listed for that address");
	return buf_detach(&b);
}

int
audit_verify_signature(history *h, const hist_oid *commit, const hist_oid *signers,
		       const char *email, int64_t when, const char *ssh_keygen, char **why)
{
	buf sig = BUF_INIT, data = BUF_INIT, out = BUF_INIT, err = BUF_INIT;
	char *sig_path = NULL, *data_path = NULL, *signers_path = NULL;
	int rc, too_big, result = -1;

	*why = NULL;
	rc = history_commit_signature(h, commit, &sig, &data);
	if (rc < 0)
		goto done;
	if (rc > 0) {
		*why = xstrdup("it is not signed");
		result = 2;
		goto done;
	}
	if (strstr(buf_cstr(&sig), "-----BEGIN SSH SIGNATURE-----") == NULL) {
		*why = xstrdup("it is signed, but not with an SSH key; this ledger verifies SSH "
			       "signatures (git config gpg.format ssh)");
		result = 1;
		goto done;
	}
	if (signers == NULL) {
		*why = xstrdup("the main branch has no records/allowed_signers with the keys "
			       "to verify it by");
		result = 1;
		goto done;
	}
	if (history_read_blob(h, signers, 1024 * 1024, &out, &too_big) != 0)
		goto done;
	if ((signers_path = fsutil_temp_file("plan-audit", out.ptr != NULL ? out.ptr : "",
					     out.len)) == NULL ||
	    (sig_path = fsutil_temp_file("plan-audit", sig.ptr, sig.len)) == NULL ||
	    (data_path = fsutil_temp_file("plan-audit", data.ptr, data.len)) == NULL)
		goto done;
	{
		const char *prog = ssh_keygen != NULL ? ssh_keygen : "ssh-keygen";
		time_t t = (time_t)when;
		struct tm tm;
		char at[64];
		const char *const argv[] = {prog, "-Y", "verify", "-f", signers_path, "-I", email,
					    "-n", "git", "-s", sig_path, at, NULL};

		if (gmtime_r(&t, &tm) == NULL ||
		    strftime(at, sizeof(at), "-Overify-time=%Y%m%d%H%M%SZ", &tm) == 0)
			snprintf(at, sizeof(at), "-Overify-time=19700101Z");
		buf_reset(&out);
		rc = proc_run(NULL, argv, data_path, &out, &err);
	}
	if (rc < 0)
		goto done;
	if (rc == 127) {
		error_set("cannot run ssh-keygen to verify signatures; install OpenSSH's client "
			  "(openssh-client)");
		goto done;
	}
	if (rc != 0) {
		char *reason = ssh_reason(&err, &out, signers_path);

		*why = xasprintf("ssh-keygen does not verify it with %s's key in "
				 "records/allowed_signers (ssh-keygen: %s)",
				 email, reason);
		free(reason);
		result = 1;
		goto done;
	}
	result = 0;
done:
	if (sig_path != NULL)
		unlink(sig_path);
	if (data_path != NULL)
		unlink(data_path);
	if (signers_path != NULL)
		unlink(signers_path);
	free(sig_path);
	free(data_path);
	free(signers_path);
	buf_free(&sig);
	buf_free(&data);
	buf_free(&out);
	buf_free(&err);
	return result;
}

/* The moment a signature on commit c is judged at (see audit_options.signatures_now). */
static int64_t
signature_time(const auditor *a, const hist_commit *c)
{
	if (a->o != NULL && a->o->signatures_now)
		return (int64_t)time(NULL);
	/* Judged as of the day it was signed (as git verify-commit does), so a key
	 * that expired since does not undo an approval made in time; not before
	 * the main branch it merges into, since the signer sets the date. */
	return c->committer.time > a->first_parent_time ? c->committer.time :
							  a->first_parent_time;
}

/*
 * Rule 5: the merge is signed and ssh-keygen verifies the signature as the
 * approver's, against the allowed signers of the previous main.
 */
static int
check_signature(auditor *a, const hist_commit *c, const tree_facts *prev,
		const rec_person *approver)
{
	char *why = NULL;
	int r;

	if (approver->email == NULL) {
		finding(a, &c->id,
			"the approver %s has no e-mail address in records/people.yaml, so their "
			"signing key cannot be looked up",
			approver->id);
		return 0;
	}
	r = audit_verify_signature(a->h, &c->id, prev->has_signers ? &prev->signers : NULL,
				   approver->email, signature_time(a, c),
				   a->o != NULL ? a->o->ssh_keygen : NULL, &why);
	if (r < 0)
		return -1;
	if (r == 0)
		a->counts->signed_ok++;
	else if (r == 2)
		finding(a, &c->id,
			"the ledger asks for signed approvals (records/plan.yaml), but this merge "
			"is not signed; approve with 'plan approve', which signs when asked to");
	else
		finding(a, &c->id, "the signature on this merge is not %s's: %s", approver->id, why);
	free(why);
	return 0;
}

/* Whether a commit's tree has records/ or schemas/ other than one of its parents' has. */
static int
changes_ledger(history *h, const hist_commit *c)
{
	static const char *const folders[] = {"records", "schemas"};
	hist_oid mine[2], theirs;
	unsigned mode;
	int have[2], r;
	size_t i, k;

	for (k = 0; k < 2; k++) {
		r = history_tree_path(h, &c->tree, folders[k], &mine[k], &mode);
		if (r < 0)
			return -1;
		have[k] = r == 0;
	}
	if (c->nparents == 0)
		return have[0] || have[1];
	for (i = 0; i < c->nparents; i++) {
		hist_commit p;

		if (history_commit(h, &c->parents[i], &p) != 0)
			return -1;
		for (k = 0; k < 2; k++) {
			r = history_tree_path(h, &p.tree, folders[k], &theirs, &mode);
			if (r < 0 || (r == 0) != have[k] || (have[k] && !hist_oid_equal(&theirs, &mine[k]))) {
				hist_commit_free(&p);
				return r < 0 ? -1 : 1;
			}
		}
		hist_commit_free(&p);
	}
	return 0;
}

int
audit_commit_proven(history *h, const hist_commit *c, const audit_rules *rules, int64_t when,
		    const char *ssh_keygen, char **why)
{
	const rec_person *p;
	int r;

	*why = NULL;
	if (rules->people == NULL || rules->people->plan == NULL ||
	    !rules->people->plan->signed_approvals)
		return 0;
	r = changes_ledger(h, c);
	if (r <= 0)
		return r;
	p = ledger_person_by_email(rules->people, c->committer.email);
	if (p == NULL || p->email == NULL) {
		*why = xasprintf("it was made with the address %s, which records/people.yaml does "
				 "not list, so no key of theirs can prove it",
				 c->committer.email);
		return 1;
	}
	r = audit_verify_signature(h, &c->id, rules->has_signers ? &rules->signers : NULL, p->email,
				   when, ssh_keygen, why);
	return r < 0 ? -1 : r > 0;
}

int
audit_signers_list(const char *text, size_t len, const char *email)
{
	const char *p = text, *end = text + len;
	size_t elen = strlen(email);

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *q;
		int quoted;

		if (eol == NULL)
			eol = end;
		while (p < eol && (*p == ' ' || *p == '\t'))
			p++;
		quoted = p < eol && *p == '"';
		p += quoted;
		/* The first field, unless a comment: principals separated by commas. */
		while (p < eol && *p != '#') {
			for (q = p; q < eol && *q != ',' && *q != '"' &&
				    (quoted || (*q != ' ' && *q != '\t'));
			     q++)
				;
			if ((size_t)(q - p) == elen && strncasecmp(p, email, elen) == 0)
				return 1;
			if (q >= eol || *q != ',')
				break;
			p = q + 1;
		}
		p = eol + 1;
	}
	return 0;
}

int
audit_rules_load(history *h, const hist_oid *tree, audit_rules *out)
{
	auditor a;
	tree_facts f;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&a, 0, sizeof(a));
	a.h = h;
	if (read_facts(&a, tree, &f) == 0 && load_rules_at(&a, &f) == 0) {
		out->people = a.at.people;
		a.at.people = NULL;
		out->has_signers = f.has_signers;
		out->signers = f.signers;
		rc = 0;
	}
	ledger_free(a.at.people);
	buf_free(&a.data);
	return rc;
}

void
audit_rules_free(audit_rules *r)
{
	ledger_free(r->people);
	memset(r, 0, sizeof(*r));
}

/*
 * Rule 7: every commit the merge brings that changes records/ or schemas/ is
 * signed by its committer's key, as the previous main lists it.
 */
static int
check_commits_proven(auditor *a, const hist_commit *c, const tree_facts *prev,
		     const hist_commit *merged, size_t nmerged)
{
	audit_rules rules;
	size_t i, bad = 0;
	char *first = NULL, first_id[HIST_HEXSZ + 1];
	int rc = 0;

	rules.people = a->at.people;
	rules.has_signers = prev->has_signers;
	rules.signers = prev->signers;
	for (i = 0; i < nmerged && rc == 0; i++) {
		const hist_commit *bc = &merged[i];
		char *why = NULL;
		int r;

		r = audit_commit_proven(a->h, bc, &rules, signature_time(a, bc),
					a->o != NULL ? a->o->ssh_keygen : NULL, &why);
		if (r < 0)
			rc = -1;
		else if (r > 0 && bad++ == 0) {
			hist_oid_fmt(&bc->id, first_id);
			first = xasprintf("%.12s by %s <%s>: %s", first_id, bc->committer.name,
					  bc->committer.email, why);
		}
		free(why);
	}
	if (rc == 0 && bad > 0)
		finding(a, &c->id,
			"%zu of the commits this merge approves change%s records/ or schemas/ without "
			"proof of who made them (the first, %s); the ledger asks for signed changes "
			"(records/plan.yaml), so whoever commits signs with their own key (git "
			"config gpg.format ssh, user.signingkey and commit.gpgsign true)",
			bad, bad == 1 ? "s" : "", first);
	free(first);
	return rc;
}

/*
 * The commits a merge brings to main (reachable from its branch side but not
 * from the previous main), found by a search from the branch side that stops
 * at every commit main already has; and whether that search meets the
 * previous main, which is exactly when the branch descends from it (rule 1).
 * Only for an audit from the root, where main's history is all known. A
 * commit without parent among them is a second beginning: main's own line
 * may then start anywhere, and the audit says so.
 */
#define SECOND_BEGINNING                                                                       \
	"this merge joins a second history with a beginning of its own (a commit without "     \
	"parent), beside the ledger's: what it holds did not grow from the approved records, " \
	"and what was approved before may have been set aside"

static int
side_search(history *h, oidset *known, const hist_commit *c, hist_commit **out, size_t *n,
	    int *descends, int *roots)
{
	hist_oid *queue = NULL;
	size_t qcap = 0, head = 0, tail = 0, ocap = 0;
	oidset seen = HMAP_INIT_COPY;
	int rc = 0;

	*out = NULL;
	*n = 0;
	*descends = 0;
	*roots = 0;
	queue = xgrow(queue, &qcap, 1, sizeof(*queue));
	queue[tail++] = c->parents[1];
	oidset_add(&seen, &c->parents[1]);
	while (head < tail) {
		hist_oid id = queue[head++];
		hist_commit bc;
		size_t k;

		if (hist_oid_equal(&id, &c->parents[0]))
			*descends = 1;
		if (oidset_has(known, &id))
			continue;
		if (history_commit_odb(h, &id, &bc) != 0) {
			rc = -1;
			break;
		}
		if (bc.nparents == 0)
			(*roots)++;
		for (k = 0; k < bc.nparents; k++)
			if (!oidset_has(&seen, &bc.parents[k])) {
				oidset_add(&seen, &bc.parents[k]);
				queue = xgrow(queue, &qcap, tail + 1, sizeof(*queue));
				queue[tail++] = bc.parents[k];
			}
		*out = xgrow(*out, &ocap, *n + 1, sizeof(**out));
		(*out)[(*n)++] = bc;
	}
	free(queue);
	hmap_free(&seen);
	if (rc != 0) {
		hist_commits_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/*
 * In an audit from the root, what every merge of the main line brings is
 * found by a second thread, oldest merge first, while the first reads the
 * trees and judges: the two halves of an audit's reading, on two cores.
 * The second thread reads only from the object store (history_commit_odb)
 * and keeps main's known history itself: every commit of the line, and
 * what each merge brought. sides[i] is line[i]'s, ready once ready
 * (counted from the oldest) passes nline - 1 - i.
 */
typedef struct merge_side {
	hist_commit *v;
	size_t n;
	int descends, roots;
} merge_side;

typedef struct side_reader {
	history *h;
	const hist_commit *line;
	size_t nline;
	merge_side *sides;
	size_t ready;
	int failed, cancel, running;
	char error[512];
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thread;
} side_reader;

static void *
side_thread(void *arg)
{
	side_reader *r = arg;
	oidset known = HMAP_INIT_COPY;
	size_t k, j;

	for (k = 0; k < r->nline; k++) {
		size_t i = r->nline - 1 - k;
		const hist_commit *c = &r->line[i];
		merge_side *sd = &r->sides[i];
		int rc = 0, cancel;

		pthread_mutex_lock(&r->mu);
		cancel = r->cancel;
		pthread_mutex_unlock(&r->mu);
		if (cancel)
			break;
		if (c->nparents > 1)
			rc = side_search(r->h, &known, c, &sd->v, &sd->n, &sd->descends, &sd->roots);
		for (j = 0; rc == 0 && j < sd->n; j++)
			oidset_add(&known, &sd->v[j].id);
		oidset_add(&known, &c->id);
		pthread_mutex_lock(&r->mu);
		if (rc != 0) {
			r->failed = 1;
			snprintf(r->error, sizeof(r->error), "%s", error_last());
		} else {
			r->ready = k + 1;
		}
		pthread_cond_signal(&r->cv);
		pthread_mutex_unlock(&r->mu);
		if (rc != 0)
			break;
	}
	hmap_free(&known);
	return NULL;
}

/* Starts the search; without a second thread, it is done whole here first. */
static void
sides_start(side_reader *r, history *h, const hist_commit *line, size_t nline)
{
	memset(r, 0, sizeof(*r));
	r->h = h;
	r->line = line;
	r->nline = nline;
	r->sides = xcalloc(nline ? nline : 1, sizeof(*r->sides));
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	r->running = pthread_create(&r->thread, NULL, side_thread, r) == 0;
	if (!r->running)
		side_thread(r);
}

/* What line[i] brings, waiting for the search to come so far; taken over by the caller. */
static int
sides_take(side_reader *r, size_t i, merge_side *out)
{
	size_t k = r->nline - 1 - i;

	pthread_mutex_lock(&r->mu);
	while (r->running && r->ready <= k && !r->failed)
		pthread_cond_wait(&r->cv, &r->mu);
	if (r->ready <= k) {
		pthread_mutex_unlock(&r->mu);
		return error_set("%s", r->error);
	}
	pthread_mutex_unlock(&r->mu);
	*out = r->sides[i];
	memset(&r->sides[i], 0, sizeof(r->sides[i]));
	return 0;
}

/* Stops the search (at the end of the walk, or early on a failure). */
static void
sides_stop(side_reader *r)
{
	size_t i;

	if (r->running) {
		pthread_mutex_lock(&r->mu);
		r->cancel = 1;
		pthread_mutex_unlock(&r->mu);
		pthread_join(r->thread, NULL);
	}
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->cv);
	for (i = 0; i < r->nline; i++)
		hist_commits_free(r->sides[i].v, r->sides[i].n);
	free(r->sides);
}

/*
 * The commits a merge brings to main and whether its branch descends from
 * the previous main, reporting a second beginning among them: from what
 * main's known history lacks (merged_commits) in an audit from the root,
 * else by a walk of the branch side that stops at the previous main.
 */
static int
merged_side(auditor *a, const hist_commit *c, hist_commit **out, size_t *n, int *descends)
{
	history_walk *w = NULL;
	hist_oid id;
	size_t cap = 0;
	int r, roots = 0;

	if (a->know_history) {
		merge_side sd;

		memset(&sd, 0, sizeof(sd));
		if (sides_take(a->sides, a->at_line, &sd) != 0)
			return -1;
		*out = sd.v;
		*n = sd.n;
		*descends = sd.descends;
		if (sd.roots > 0)
			finding(a, &c->id, SECOND_BEGINNING);
		return 0;
	}
	*out = NULL;
	*n = 0;
	*descends = history_is_ancestor(a->h, &c->parents[0], &c->parents[1]);
	if (*descends < 0 ||
	    history_walk_new(&w, a->h, &c->parents[1], &c->parents[0], HIST_WALK_UNORDERED) != 0)
		return -1;
	while ((r = history_walk_next(w, &id)) == 0) {
		hist_commit bc;

		if (history_commit(a->h, &id, &bc) != 0) {
			r = -1;
			break;
		}
		if (bc.nparents == 0 && roots++ == 0)
			finding(a, &c->id, SECOND_BEGINNING);
		*out = xgrow(*out, &cap, *n + 1, sizeof(**out));
		(*out)[(*n)++] = bc;
	}
	history_walk_free(w);
	if (r < 0) {
		hist_commits_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* Rule 4: the approver made none of the commits the merge brings in. */
static int
check_not_author(auditor *a, const hist_commit *c, const hist_commit *merged, size_t nmerged,
		 const rec_person *approver)
{
	approval_tally t;
	size_t i;

	memset(&t, 0, sizeof(t));
	for (i = 0; i < nmerged; i++)
		approval_tally_add(a->at.people, approver, &merged[i], &t);
	if (t.own > 0)
		finding(a, &c->id,
			"%s approved a change they made themselves (author of %zu, committer of %zu "
			"of its commits); someone else with the reviewer role must approve it",
			approver->id, t.authored, t.committed);
	else if (t.unknown > 0)
		finding(a, &c->id,
			"%zu of the commits this merge approves were made with an e-mail address "
			"that records/people.yaml did not list (%s), so nothing shows that the "
			"approver %s did not make them",
			t.unknown, t.stranger, approver->id);
	approval_tally_free(&t);
	return 0;
}

/* Rules 1 to 5 for one commit on main that touches records/. */
static int
audit_commit(auditor *a, const hist_commit *c, const tree_facts *prev)
{
	char **approvals = NULL;
	size_t napprovals = 0;
	char *id = NULL, *email = NULL;
	const rec_person *approver, *committer;
	hist_commit branch;
	const hist_commit *tip = NULL;
	hist_commit *merged = NULL;
	size_t nmerged = 0, i;
	int r, rc = -1;

	if (c->nparents != 2) {
		if (c->nparents == 1)
			finding(a, &c->id,
				"this commit changes %s directly on the main branch; changes reach "
				"main only through an approval ('plan approve BRANCH'); whoever made "
				"it sends it for review with plan submit, which moves it to their "
				"own branch",
				a->changed);
		else
			finding(a, &c->id,
				"this commit merges more than two lines; an approval merges one "
				"branch into main");
		return 0;
	}
	if (merged_side(a, c, &merged, &nmerged, &r) != 0)
		return -1;
	if (r == 0)
		finding(a, &c->id,
			"the branch this merge approves does not contain the main branch before it, "
			"so the merge combines changes nobody approved as a whole");
	/* The branch's tip is among the commits it brings, unless main has it already. */
	memset(&branch, 0, sizeof(branch));
	for (i = 0; i < nmerged && tip == NULL; i++)
		if (hist_oid_equal(&merged[i].id, &c->parents[1]))
			tip = &merged[i];
	if (tip == NULL) {
		if (history_commit(a->h, &c->parents[1], &branch) != 0) {
			hist_commits_free(merged, nmerged);
			return -1;
		}
		tip = &branch;
	}
	if (!hist_oid_equal(&tip->tree, &c->tree))
		finding(a, &c->id,
			"the merge's content differs from the branch it approves: something was "
			"changed in the merge itself, where nobody reviewed it");
	hist_commit_free(&branch);
	if (load_rules_at(a, prev) != 0)
		return -1;
	if (history_trailers(c->message, "Approved-by", &approvals, &napprovals) != 0)
		return -1;
	if (napprovals != 1) {
		finding(a, &c->id,
			napprovals == 0 ? "this merge has no Approved-by line, so nobody approved it" :
					  "this merge has %zu Approved-by lines; an approval names "
					  "exactly one reviewer",
			napprovals);
		rc = 0;
		goto done;
	}
	if (audit_parse_approver(approvals[0], &id, &email) != 0) {
		finding(a, &c->id, "the Approved-by line '%s' names no person", approvals[0]);
		rc = 0;
		goto done;
	}
	approver = ledger_person(a->at.people, id);
	if (approver == NULL) {
		finding(a, &c->id,
			"the approver '%s' is not in records/people.yaml as the main branch had it "
			"before this merge",
			id);
		rc = 0;
		goto done;
	}
	if (!approval_is_reviewer(approver))
		finding(a, &c->id,
			"the approver %s did not have the reviewer role in records/people.yaml as "
			"the main branch had it before this merge",
			id);
	if (email != NULL && approver->email != NULL && strcasecmp(email, approver->email) != 0)
		finding(a, &c->id,
			"the Approved-by line gives %s the address %s, but records/people.yaml gives "
			"%s",
			id, email, approver->email);
	committer = who(a, c->committer.email);
	if (committer != approver)
		finding(a, &c->id,
			"the merge was committed by %s <%s>, not by the approver %s; the approver "
			"makes the merge",
			c->committer.name, c->committer.email, id);
	if (check_not_author(a, c, merged, nmerged, approver) != 0)
		goto done;
	if (a->at.signed_required && (check_signature(a, c, prev, approver) != 0 ||
				      check_commits_proven(a, c, prev, merged, nmerged) != 0))
		goto done;
	rc = 0;
done:
	hist_commits_free(merged, nmerged);
	hist_strings_free(approvals, napprovals);
	free(id);
	free(email);
	return rc;
}

/*
 * The audit's cache, $GIT_DIR/plan/audit.bin: a cache file (cachefile.h)
 * of kind "audit" whose key is the tool's version; its payload: the tip (20), the counts walked, audited and signed (4
 * each), the number of findings (4), and per finding its commit (20) and
 * message (length 4, bytes). It holds the verdict on the whole main line up
 * to the tip: every finding, in order.
 */
enum { ACACHE_VERSION = 1 };

typedef struct acache {
	hist_oid tip;
	audit_counts counts;
	diag_list findings;
	int loaded;
} acache;

static int
acache_key(hist_oid *key)
{
	char k[64];

	snprintf(k, sizeof(k), "plan audit " PLAN_VERSION ", cache 7, %s", i18n_language());
	return history_hash_blob(k, strlen(k), key);
}

static void
acache_load(const char *dir, acache *c)
{
	char *path = xasprintf("%s/audit.bin", dir);
	cachefile b;
	cachefile_id id = {"audit", ACACHE_VERSION, NULL};
	const unsigned char *p, *end;
	hist_oid key;
	size_t i, n;

	memset(c, 0, sizeof(*c));
	memset(&b, 0, sizeof(b));
	if (acache_key(&key) != 0)
		goto done;
	id.key = key.id;
	if (cachefile_open(&b, path, &id) != 0 || b.len < HIST_RAWSZ + 16)
		goto done;
	p = b.data;
	end = b.data + b.len;
	memcpy(c->tip.id, p, HIST_RAWSZ);
	c->counts.walked = binio_rd32(p + 20);
	c->counts.audited = binio_rd32(p + 24);
	c->counts.signed_ok = binio_rd32(p + 28);
	n = binio_rd32(p + 32);
	p += 36;
	for (i = 0; i < n; i++) {
		char hex[HIST_HEXSZ + 1];
		hist_oid commit;
		size_t len;

		if (end - p < HIST_RAWSZ + 4)
			break;
		memcpy(commit.id, p, HIST_RAWSZ);
		len = binio_rd32(p + HIST_RAWSZ);
		p += HIST_RAWSZ + 4;
		if ((size_t)(end - p) < len)
			break;
		hist_oid_fmt(&commit, hex);
		hex[12] = '\0';
		diag_add_owned(&c->findings, hex, 0, 0, DIAG_ERROR, "approval",
			       xstrndup((const char *)p, len));
		p += len;
	}
	if (i == n)
		c->loaded = 1;
	else
		diag_list_free(&c->findings);
done:
	free(path);
	cachefile_close(&b);
}

/* Saves the verdict on the main line up to tip (a cache: failures are ignored). */
static void
acache_save(const char *dir, const hist_oid *tip, const audit_counts *k, const diag_list *f,
	    const hist_oid *commits)
{
	char *path;
	buf b = BUF_INIT;
	hist_oid key;
	size_t i;

	cachefile_id id = {"audit", ACACHE_VERSION, NULL};

	if (acache_key(&key) != 0)
		return;
	id.key = key.id;
	cachefile_begin(&b, &id);
	buf_put(&b, tip->id, HIST_RAWSZ);
	binio_put32(&b, (uint32_t)k->walked);
	binio_put32(&b, (uint32_t)k->audited);
	binio_put32(&b, (uint32_t)k->signed_ok);
	binio_put32(&b, (uint32_t)f->n);
	for (i = 0; i < f->n; i++) {
		buf_put(&b, commits[i].id, HIST_RAWSZ);
		binio_put32(&b, (uint32_t)strlen(f->items[i].message));
		buf_puts(&b, f->items[i].message);
	}
	path = xasprintf("%s/audit.bin", dir);
	cachefile_write(path, &b);
	free(path);
	buf_free(&b);
}

static int audit_walk(history *h, const hist_oid *from, const hist_oid *to,
		      const audit_options *o, diag_list *out, audit_counts *counts);

static int audit_run_cached(history *h, const hist_oid *from, const hist_oid *to,
			    const audit_options *o, diag_list *out, audit_counts *counts);

int
audit_run(history *h, const hist_oid *from, const hist_oid *to, const audit_options *o,
	  diag_list *out, audit_counts *counts)
{
	audit_rules rules;
	hist_commit c;
	int rc;

	if (audit_run_cached(h, from, to, o, out, counts) != 0 || history_commit(h, to, &c) != 0)
		return -1;
	rc = audit_rules_load(h, &c.tree, &rules);
	hist_commit_free(&c);
	if (rc != 0)
		return -1;
	counts->self_asserted = rules.people->plan == NULL || !rules.people->plan->signed_approvals;
	audit_rules_free(&rules);
	return 0;
}

static int
audit_run_cached(history *h, const hist_oid *from, const hist_oid *to, const audit_options *o,
		 diag_list *out, audit_counts *counts)
{
	acache c;
	hist_oid *commits;
	audit_counts more;
	size_t nsince = 0, first = out->n, i;
	int whole = from == NULL || hist_oid_is_zero(from), r, rc;

	if (!whole || o == NULL || o->cache_dir == NULL)
		return audit_walk(h, from, to, o, out, counts);
	acache_load(o->cache_dir, &c);
	r = c.loaded ? history_first_parents_reach(h, &c.tip, to, 100000, &nsince) : 0;
	if (r < 0) {
		diag_list_free(&c.findings);
		return -1;
	}
	if (r == 0) {
		/* No usable cache: the whole main line, then remember it. */
		diag_list_free(&c.findings);
		rc = audit_walk(h, NULL, to, o, out, counts);
	} else {
		/* The cached verdict up to the old tip, then only what came since. */
		*counts = c.counts;
		counts->cached = c.counts.walked;
		diag_move(out, &c.findings);
		rc = nsince == 0 ? 0 : audit_walk(h, &c.tip, to, o, out, &more);
		if (rc == 0 && nsince > 0) {
			counts->walked += more.walked;
			counts->audited += more.audited;
			counts->signed_ok += more.signed_ok;
		}
	}
	if (rc != 0)
		return rc;
	/* The commit of each finding, for the file: its short id is its path. */
	commits = xcalloc(out->n - first + 1, sizeof(*commits));
	for (i = first; i < out->n; i++)
		if (history_resolve_short(h, out->items[i].path, &commits[i - first]) != 0)
			memset(&commits[i - first], 0, sizeof(*commits));
	{
		diag_list mine = {out->items + first, out->n - first, out->n - first};

		acache_save(o->cache_dir, to, counts, &mine, commits);
	}
	free(commits);
	return 0;
}

/* Whether a folder (its tree id when has) differs from what it was. */
static int
folder_changed(int has, const hist_oid *id, int had, const hist_oid *was)
{
	return has != had || (has && !hist_oid_equal(id, was));
}

/*
 * A merge not audited (main's records and schemas as before it) of a line
 * that holds all main had: that line's records must be main's too, or what
 * it held, approvals on it included, was set aside without an approval (a
 * merge made on an older main commit, with the newer main as its second
 * parent, looks just so).
 */
static int
check_set_aside(auditor *a, const hist_commit *c, const tree_facts *cur)
{
	hist_commit side;
	tree_facts f;
	int rc;

	if (history_commit(a->h, &c->parents[1], &side) != 0)
		return -1;
	rc = read_facts(a, &side.tree, &f);
	hist_commit_free(&side);
	if (rc != 0)
		return -1;
	if (folder_changed(f.has_records, &f.records, cur->has_records, &cur->records) ||
	    folder_changed(f.has_schemas, &f.schemas, cur->has_schemas, &cur->schemas))
		finding(a, &c->id,
			"this merge sets aside what the line it merges holds: that line has all the "
			"main branch had before, yet its records are not kept, so changes on it "
			"(approved ones too) were undone without an approval");
	return 0;
}

/*
 * The first-parent commits after from (exclusive; NULL or zero: all) up to
 * to, newest first. A from off to's first-parent line hides what it
 * reaches, as in "git log --first-parent from..to": on a first-parent line
 * those commits are the oldest ones, so they are cut off after a search.
 */
static int
main_line(history *h, const hist_oid *from, const hist_oid *to, hist_commit **line, size_t *n)
{
	size_t lo = 0, hi;
	int r = history_first_parents(h, to, from, SIZE_MAX, line, n);

	if (r != 0 || from == NULL || hist_oid_is_zero(from))
		return r < 0 ? -1 : 0;
	/* The newest commit that from reaches: those after it are the ones. */
	hi = *n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		r = history_is_ancestor(h, &(*line)[mid].id, from);
		if (r < 0) {
			hist_commits_free(*line, *n);
			*line = NULL;
			*n = 0;
			return -1;
		}
		if (r)
			hi = mid;
		else
			lo = mid + 1;
	}
	while (*n > lo)
		hist_commit_free(&(*line)[--*n]);
	return 0;
}

static int
audit_walk(history *h, const hist_oid *from, const hist_oid *to, const audit_options *o,
	   diag_list *out, audit_counts *counts)
{
	auditor a;
	hist_commit *line = NULL;
	size_t nline = 0, i;
	side_reader sides;
	tree_facts prev, cur;
	int have_prev = 0, joined, r, rc = -1;

	memset(&a, 0, sizeof(a));
	memset(counts, 0, sizeof(*counts));
	a.h = h;
	a.o = o;
	a.out = out;
	a.counts = counts;
	a.know_history = from == NULL || hist_oid_is_zero(from);
	if (main_line(h, from, to, &line, &nline) != 0)
		return -1;
	if (a.know_history) {
		sides_start(&sides, h, line, nline);
		a.sides = &sides;
	}
	for (i = nline; i-- > 0;) {
		const hist_commit *c = &line[i];
		const hist_oid *id = &c->id;

		counts->walked++;
		a.at_line = i;
		if (c->nparents == 0 && !a.know_history)
			finding(&a, id,
				"this commit has no parent: the main branch's line starts again here "
				"instead of continuing from where the audit began");
		if (!have_prev && c->nparents > 0) {
			/* The walk starts after from: its first commit's parent is the base. */
			hist_commit p;

			if (history_commit(h, &c->parents[0], &p) != 0)
				goto done;
			r = read_facts(&a, &p.tree, &prev);
			a.first_parent_time = p.committer.time;
			hist_commit_free(&p);
			if (r != 0)
				goto done;
			have_prev = 1;
		}
		if (read_facts(&a, &c->tree, &cur) != 0)
			goto done;
		/* The root commit founds the ledger; after it, a change to records/
		 * is audited, and to schemas/, which decide what a valid record is. */
		a.changed = NULL;
		if (have_prev &&
		    folder_changed(cur.has_records, &cur.records, prev.has_records, &prev.records))
			a.changed = "records/";
		else if (have_prev && folder_changed(cur.has_schemas, &cur.schemas, prev.has_schemas,
						     &prev.schemas))
			a.changed = "schemas/";
		if (a.changed != NULL) {
			counts->audited++;
			if (audit_commit(&a, c, &prev) != 0)
				goto done;
		} else if (c->nparents > 2) {
			finding(&a, id,
				"this commit merges more than two lines; an approval merges one "
				"branch into main, and the others could bring anything along");
		}
		/* The merge's own commits joined main's history in audit_commit;
		 * an ordinary commit (or a merge not audited) brings its branch too. */
		joined = 0;
		if (c->nparents > 1 && (a.changed == NULL || c->nparents > 2)) {
			hist_commit *more = NULL;
			size_t nmore = 0;

			if (merged_side(&a, c, &more, &nmore, &joined) != 0)
				goto done;
			/* A branch main had already brings nothing and joins nothing. */
			if (a.know_history && nmore == 0)
				joined = 0;
			hist_commits_free(more, nmore);
		}
		if (joined && a.changed == NULL && c->nparents == 2 &&
		    check_set_aside(&a, c, &cur) != 0)
			goto done;
		prev = cur;
		have_prev = 1;
		a.first_parent_time = c->committer.time;
	}
	rc = 0;
done:
	if (a.know_history)
		sides_stop(&sides);
	hist_commits_free(line, nline);
	ledger_free(a.at.people);
	buf_free(&a.data);
	return rc;
}
