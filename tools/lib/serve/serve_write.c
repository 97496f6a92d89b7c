/*
 * serve's writing pages: a new event through a form, and the review of the
 * branches waiting for approval with a button that approves.
 *
 * The form has the fields and choices of `plan add event`; its record is
 * built by event_write and checked by store_check exactly as plan add
 * event checks it, so that each error can be shown beside its field. Only
 * a record without errors is recorded, and that by running `plan add event
 * --commit` itself (which checks it again), in a work tree of the server's
 * own ($GIT_DIR/plan/serve-worktree) on the person's branch
 * <person-id>/<date>, so that the person's own checkout is never touched.
 * Approving runs `plan approve BRANCH` in the clone. (When `plan submit`
 * and the office workflow's functions exist, these two places call them.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ledger/check.h"
#include "ledger/event_write.h"
#include "serve/serve_int.h"
#include "store/store.h"
#include "util/error.h"
#include "util/i18n.h"
#include "util/proc.h"
#include "util/xalloc.h"

enum {
	F_GENERAL,
	F_DATE,
	F_KIND,
	F_INDICATOR,
	F_TITLE,
	F_RESPONSIBLE,
	F_PARTICIPANTS,
	F_EVIDENCE,
	F_NOTE,
	F_N
};

static const char *const field_names[F_N] = {"",      "date",        "kind",         "indicator",
                                             "title", "responsible", "participants", "evidence",
                                             "note"};

typedef struct form_errors {
	buf msg[F_N];
	int n;
} form_errors;

static void
add_error(form_errors *fe, int field, const char *msg)
{
	if (fe->msg[field].len > 0)
		buf_puts(&fe->msg[field], " ");
	buf_puts(&fe->msg[field], msg);
	fe->n++;
}

static void
errors_free(form_errors *fe)
{
	int i;

	for (i = 0; i < F_N; i++)
		buf_free(&fe->msg[i]);
}

/* The e-mail address Git commits with here, as plan add event finds it. */
static char *
configured_email(history *h)
{
	const char *env = getenv("GIT_AUTHOR_EMAIL");
	char *v = NULL;

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	if (history_config(h, "author.email", &v) == 0 && v != NULL)
		return v;
	if (history_config(h, "user.email", &v) == 0 && v != NULL)
		return v;
	env = getenv("EMAIL");
	return env != NULL && *env != '\0' ? xstrdup(env) : NULL;
}

static const rec_person *
me(req *r)
{
	char *email = configured_email(r->s->h);
	const rec_person *p = email != NULL ? ledger_person_by_email(r->s->l, email) : NULL;

	free(email);
	return p;
}

static void
token_field(req *r)
{
	buf_printf(r->out, "<input type=\"hidden\" name=\"token\" value=\"%s\">", r->s->cfg.token);
}

static void
error_beside(req *r, const form_errors *fe, int field)
{
	if (fe != NULL && fe->msg[field].len > 0) {
		buf_printf(r->out, "<span class=\"err\" id=\"err-%s\">", field_names[field]);
		serve_esc(r->out, fe->msg[field].ptr);
		buf_puts(r->out, "</span>");
	}
}

static void
invalid(req *r, const form_errors *fe, int field)
{
	if (fe != NULL && fe->msg[field].len > 0)
		buf_printf(r->out, " aria-invalid=\"true\" aria-describedby=\"err-%s\"",
		           field_names[field]);
}

static int
chosen(const params *f, const char *key, const char *value)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->k[i], key) == 0 && strcmp(f->v[i], value) == 0)
			return 1;
	return 0;
}

/* One choice of a list. */
static void
option(req *r, const char *value, const char *label, int selected)
{
	buf_puts(r->out, "<option value=\"");
	serve_esc(r->out, value);
	buf_printf(r->out, "\"%s>", selected ? " selected" : "");
	serve_esc(r->out, label);
	buf_puts(r->out, "</option>");
}

static void
kind_options(req *r, const params *f, const char *v)
{
	const ledger *l = r->s->l;
	size_t i;

	(void)v;
	option(r, "", _("(choose)"), 0);
	for (i = 0; i < l->nkinds; i++)
		option(r, l->kinds[i], ledger_kind_label(l, l->kinds[i], r->en ? "en" : "sv"),
		       chosen(f, "kind", l->kinds[i]));
}

/* The indicators running today first, then the others. */
static void
indicator_options(req *r, const params *f, const char *v)
{
	const ledger *l = r->s->l;
	buf label = BUF_INIT;
	size_t i;
	int pass;

	(void)v;
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < l->nindicators; i++) {
			const rec_indicator *ind = &l->indicators[i];

			if (ledger_indicator_runs_on(l, ind, date_today()) != (pass == 0))
				continue;
			buf_reset(&label);
			buf_printf(&label, "%s: %s", ind->id, ind->text);
			option(r, ind->id, label.ptr, chosen(f, "indicator", ind->id));
		}
	buf_free(&label);
}

static void
person_options(req *r, const params *f, const char *v)
{
	const ledger *l = r->s->l;
	size_t i;

	(void)f;
	for (i = 0; i < l->npeople; i++) {
		const rec_person *p = &l->people[i];

		option(r, p->id, p->name != NULL ? p->name : p->id,
		       v != NULL && strcmp(v, p->id) == 0);
	}
}

/* The form's fields, in their order: the control, its attributes, its choices. */
static const struct form_field {
	int field;
	const char *label;
	const char *tag; /* input, select or textarea */
	const char *attrs;
	void (*options)(req *r, const params *f, const char *v);
} form_fields[] = {
	{F_DATE, N_("Date"), "input", " placeholder=\"YYYY-MM-DD\"", NULL},
	{F_KIND, N_("Kind"), "select", "", kind_options},
	{F_INDICATOR, N_("Indicators (the ones running today first)"), "select",
	 " multiple size=\"10\"", indicator_options},
	{F_TITLE, N_("Title"), "input", " size=\"70\"", NULL},
	{F_RESPONSIBLE, N_("Responsible"), "select", "", person_options},
	{F_PARTICIPANTS, N_("Participants (a number, may be left empty)"), "input",
	 " inputmode=\"numeric\"", NULL},
	{F_EVIDENCE, N_("Evidence, one a line as TYPE:REFERENCE"), "textarea",
	 " rows=\"3\" cols=\"60\" placeholder=\"diarienummer:RUN 19/00123\"", NULL},
	{F_NOTE, N_("Note"), "textarea", " rows=\"2\" cols=\"60\"", NULL},
};

static void
form(req *r, const params *f, const form_errors *fe)
{
	const rec_person *p = me(r);
	char d[DATE_BUFSZ];
	size_t i;

	buf_printf(r->out, "<h1>%s</h1>\n", _("New event"));
	if (p == NULL)
		buf_printf(
		        r->out, "<p class=\"problem\">%s</p>\n",
		        _("Git's e-mail address here (git config user.email) is nobody's in "
		          "records/people.yaml, so the event cannot be recorded in your name; set "
		          "it to the address people.yaml has for you."));
	if (fe != NULL && fe->n > 0)
		buf_printf(r->out, "<p class=\"problem\" id=\"form-problem\">%s</p>\n",
		           _("The event cannot be recorded as it stands; nothing was written. "
		             "Correct what is marked below."));
	error_beside(r, fe, F_GENERAL);
	buf_puts(r->out, "<form class=\"entry card\" method=\"post\" action=\"/new\">");
	token_field(r);
	for (i = 0; i < sizeof(form_fields) / sizeof(form_fields[0]); i++) {
		const struct form_field *ff = &form_fields[i];
		const char *name = field_names[ff->field];
		const char *v = serve_param(f, name);

		if (v == NULL && ff->field == F_DATE)
			v = date_format(date_today(), d);
		if (v == NULL && ff->field == F_RESPONSIBLE && p != NULL)
			v = p->id;
		buf_printf(r->out, "<label>%s <%s name=\"%s\" id=\"f-%s\"%s", _(ff->label), ff->tag,
		           name, name, ff->attrs);
		invalid(r, fe, ff->field);
		if (ff->options != NULL) {
			buf_puts(r->out, ">");
			ff->options(r, f, v);
		} else if (strcmp(ff->tag, "input") == 0) {
			buf_puts(r->out, " value=\"");
			serve_esc(r->out, v);
			buf_puts(r->out, "\">");
		} else {
			buf_puts(r->out, ">");
			serve_esc(r->out, v);
		}
		if (strcmp(ff->tag, "input") != 0)
			buf_printf(r->out, "</%s>", ff->tag);
		buf_puts(r->out, "</label>");
		error_beside(r, fe, ff->field);
	}
	buf_printf(r->out,
	           "<label class=\"check\"><input type=\"checkbox\" name=\"send\" id=\"f-send\" "
	           "value=\"1\"%s> %s</label>",
	           chosen(f, "send", "1") ? " checked" : "",
	           _("Send for review (as plan submit does): the branch goes to the common "
	             "repository, where a reviewer finds it"));
	buf_printf(r->out, "<p class=\"small\">%s</p><button id=\"f-submit\">%s</button></form>\n",
	           _("The event is checked by the same rules as plan add event, then committed to "
	             "your branch (your id/today's date), where a reviewer finds it."),
	           _("Record the event"));
}

static int
write_off(req *r)
{
	if (serve_writable(r->s))
		return 0;
	serve_fail(r, 403, _("Read-only"),
	           _("This server shows the ledger only: it runs in a bare repository or was "
	             "started with --read-only. Run plan serve in a clone to record and approve."));
	return -1;
}

void
serve_page_new(req *r)
{
	params none;

	if (write_off(r) != 0 || serve_load(r) != 0)
		return;
	memset(&none, 0, sizeof(none));
	serve_page_begin(r, _("New event"), "new");
	form(r, &none, NULL);
	serve_page_end(r);
}

/* The field of the record line a finding is about: the top-level key at or above it. */
static int
field_of_line(const char *text, unsigned line)
{
	const char *p = text, *key = NULL;
	unsigned n = 1;
	int i;

	if (line == 0)
		return F_GENERAL;
	for (; *p != '\0' && n <= line; n++) {
		if (*p != ' ' && *p != '-' && *p != '#' && *p != '\n')
			key = p;
		p += strcspn(p, "\n");
		if (*p == '\n')
			p++;
	}
	if (key == NULL)
		return F_GENERAL;
	for (i = 1; i < F_N; i++) {
		const char *name = i == F_INDICATOR ? "indicators" : field_names[i];
		size_t k = strlen(name);

		if (strncmp(key, name, k) == 0 && key[k] == ':')
			return i;
	}
	return F_GENERAL;
}

typedef struct entry {
	date_days date;
	const char *kind, *title, *responsible, *note;
	const char *ind[64];
	size_t nind;
	long long participants;
	int has_participants;
	char *ev_type[32], *ev_ref[32];
	size_t nev;
} entry;

static void
entry_free(entry *e)
{
	size_t i;

	for (i = 0; i < e->nev; i++) {
		free(e->ev_type[i]);
		free(e->ev_ref[i]);
	}
}

/* The form's fields read and judged one by one, as plan add event's options are. */
static void
read_form(req *r, entry *e, form_errors *fe)
{
	const ledger *l = r->s->l;
	const params *f = &r->f;
	const char *v;
	size_t i;

	memset(e, 0, sizeof(*e));
	v = serve_param(f, "date");
	if (v == NULL || *v == '\0')
		add_error(fe, F_DATE, _("Give the day it happened, as YYYY-MM-DD."));
	else if (date_parse(v, strlen(v), &e->date) != 0)
		add_error(fe, F_DATE,
		          _("This is not a date of the calendar; write it as YYYY-MM-DD, for "
		            "example 2021-03-15."));
	e->kind = serve_param(f, "kind");
	if (e->kind == NULL || *e->kind == '\0') {
		add_error(fe, F_KIND, _("Choose what kind of event it was."));
	} else {
		for (i = 0; i < l->nkinds && strcmp(l->kinds[i], e->kind) != 0; i++)
			;
		if (i == l->nkinds)
			add_error(fe, F_KIND, _("Choose one of the kinds in the list."));
	}
	for (i = 0; i < f->n; i++) {
		if (strcmp(f->k[i], "indicator") != 0 || *f->v[i] == '\0')
			continue;
		if (ledger_indicator(l, f->v[i]) == NULL) {
			add_error(fe, F_INDICATOR, _("Choose indicators from the list."));
			break;
		}
		if (e->nind < 64)
			e->ind[e->nind++] = f->v[i];
	}
	if (e->nind == 0 && fe->msg[F_INDICATOR].len == 0)
		add_error(fe, F_INDICATOR, _("Choose at least one indicator the event is about."));
	e->title = serve_param(f, "title");
	if (e->title == NULL || e->title[strspn(e->title, " \t")] == '\0')
		add_error(fe, F_TITLE,
		          _("Give the event a title, such as the name of the seminar."));
	e->responsible = serve_param(f, "responsible");
	if (e->responsible == NULL || ledger_person(l, e->responsible) == NULL)
		add_error(fe, F_RESPONSIBLE, _("Choose the person responsible from the list."));
	v = serve_param(f, "participants");
	if (v != NULL && *v != '\0') {
		size_t k = strspn(v, "0123456789");

		if (v[k] != '\0' || k > 9)
			add_error(
			        fe, F_PARTICIPANTS,
			        _("Write the number of people as digits only, such as 14, or leave "
			          "it empty."));
		else {
			e->has_participants = 1;
			e->participants = atoll(v);
		}
	}
	v = serve_param(f, "evidence");
	while (v != NULL && *v != '\0') {
		size_t n = strcspn(v, "\r\n");
		char *line = xstrndup(v, n), *type, *ref;

		if (line[strspn(line, " \t")] != '\0') {
			if (event_write_parse_evidence(line, &type, &ref) != 0) {
				add_error(fe, F_EVIDENCE, error_last());
			} else if (e->nev < 32) {
				e->ev_type[e->nev] = type;
				e->ev_ref[e->nev++] = ref;
			} else {
				free(type);
				free(ref);
			}
		}
		free(line);
		v += n;
		v += strspn(v, "\r\n");
	}
	e->note = serve_param(f, "note");
	if (e->note != NULL && *e->note == '\0')
		e->note = NULL;
}

static void
entry_text(const entry *e, const char *id, buf *text)
{
	event_evidence ev[32];
	event_fields ef;
	size_t i;

	for (i = 0; i < e->nev; i++) {
		ev[i].type = e->ev_type[i];
		ev[i].ref = e->ev_ref[i];
	}
	memset(&ef, 0, sizeof(ef));
	ef.id = id;
	ef.date = e->date;
	ef.kind = e->kind;
	ef.title = e->title;
	ef.indicators = e->ind;
	ef.nindicators = e->nind;
	ef.responsible = e->responsible;
	ef.has_participants = e->has_participants;
	ef.participants = e->participants;
	ef.evidence = ev;
	ef.nevidence = e->nev;
	ef.note = e->note;
	buf_reset(text);
	event_write_text(text, &ef);
}

/*
 * Checks the record as plan add event does, in the tree it will be
 * committed onto (the branch, else main); the errors about it go beside
 * their fields, those about other files (which the pre-commit hook would
 * refuse) to the top.
 */
static int
check_entry(req *r, const hist_oid *base, const entry *e, form_errors *fe)
{
	diag_list out = DIAG_LIST_INIT;
	check_options co;
	ledger_load_options lo;
	ledger_from from;
	ledger_file mem;
	hist_commit c;
	buf text = BUF_INIT;
	char *slug = event_write_slug(e->title, EVENT_SLUG_MAX), *id, *path;
	char d[DATE_BUFSZ];
	size_t i;
	int rc = -1;

	id = xasprintf("%s-%s", date_format(e->date, d), *slug != '\0' ? slug : e->kind);
	path = event_write_path(e->date, id);
	entry_text(e, id, &text);
	if (history_commit(r->s->h, base, &c) != 0)
		goto done;
	memset(&from, 0, sizeof(from));
	from.where = LEDGER_TREE;
	from.tree = c.tree;
	hist_commit_free(&c);
	mem.path = path;
	mem.data = text.ptr != NULL ? text.ptr : "";
	mem.len = text.len;
	from.files = &mem;
	from.nfiles = 1;
	memset(&co, 0, sizeof(co));
	co.today = date_today();
	co.today_words = "today";
	memset(&lo, 0, sizeof(lo));
	lo.cache_dir = r->s->cfg.cache_dir;
	rc = store_check(NULL, r->s->h, &from, &lo, &co, &out);
	if (rc != 0)
		goto done;
	for (i = 0; i < out.n; i++) {
		const diag *dg = &out.items[i];

		if (dg->severity != DIAG_ERROR)
			continue;
		if (strcmp(dg->path, path) == 0)
			add_error(fe, field_of_line(text.ptr, dg->line), dg->message);
	}
done:
	diag_list_free(&out);
	buf_free(&text);
	free(slug);
	free(id);
	free(path);
	return rc;
}

/* Runs argv in dir; the output of both streams into out. */
static int
run(const char *dir, const char *const argv[], buf *out)
{
	buf err = BUF_INIT;
	int rc = proc_run(dir, argv, NULL, out, &err);

	if (out != NULL)
		buf_put(out, err.ptr != NULL ? err.ptr : "", err.len);
	buf_free(&err);
	return rc;
}

/*
 * The server's own work tree, switched to branch (made from main when new).
 * It is made detached and left detached after each use (worktree_leave), so
 * that the person's branches are free: git switch and git branch -d on them
 * work in the clone.
 */
static int
worktree_on(req *r, const char *branch, char **dir, buf *msg)
{
	const char *root = r->s->cfg.workdir;
	char *ref = xasprintf("refs/heads/%s", branch);
	const char *sw[] = {"git", "switch", "-q", branch, NULL};
	hist_oid oid;
	struct stat st;
	int rc = -1;

	*dir = xasprintf("%s/serve-worktree", r->s->cfg.cache_dir);
	if (history_ref(r->s->h, ref, &oid) != 0) {
		const char *argv[] = {"git", "branch", "--", branch, "main", NULL};

		if (run(root, argv, msg) != 0)
			goto done;
	}
	if (stat(*dir, &st) != 0) {
		const char *prune[] = {"git", "worktree", "prune", NULL};
		const char *add[] = {"git", "worktree", "add", "-q", "--detach", *dir, "main", NULL};

		run(root, prune, NULL);
		if (run(root, add, msg) != 0)
			goto done;
	} else {
		const char *reset[] = {"git", "reset", "-q", "--hard", NULL};

		if (run(*dir, reset, msg) != 0)
			goto done;
	}
	if (run(*dir, sw, msg) != 0)
		goto done;
	rc = 0;
done:
	free(ref);
	return rc;
}

/* The server's work tree let go of the branch it was on. */
static void
worktree_leave(const char *dir)
{
	const char *detach[] = {"git", "switch", "-q", "--detach", NULL};

	run(dir, detach, NULL);
}

/*
 * Sends the branch checked out in dir for review by running plan submit
 * there; says in the page what happened. Returns plan submit's status.
 */
static int
send_for_review(req *r, const char *dir, const char *branch)
{
	const char *argv[] = {r->s->cfg.plan_path, "submit", NULL};
	buf out = BUF_INIT;
	int rc = run(dir, argv, &out);

	if (rc == 0 && strstr(buf_cstr(&out), branch) != NULL) {
		buf_printf(r->out, "<p id=\"sent\">%s</p>",
		           _("It was sent to the common repository for review: a reviewer finds it "
		             "there and approves it. Nothing counts until then."));
	} else {
		buf_printf(r->out, "<p class=\"problem\" id=\"not-sent\">%s</p><pre>",
		           _("It was recorded, but not sent for review, because plan submit said:"));
		serve_esc(r->out, out.ptr);
		buf_printf(r->out, "</pre><p>%s <code>git switch ",
		           _("The event is kept on your branch. Once what plan submit said is put "
		             "right (the common repository can be reached, say), run in your clone:"));
		serve_esc(r->out, branch);
		buf_printf(r->out, "</code> %s <code>plan submit</code>.</p>", _("and then"));
		if (rc == 0)
			rc = 1;
	}
	buf_free(&out);
	return rc;
}

void
serve_page_new_post(req *r)
{
	form_errors fe;
	entry e;
	const rec_person *p;
	char *branch = NULL, *ref = NULL, *dir = NULL;
	char d[DATE_BUFSZ];
	hist_oid base;
	buf msg = BUF_INIT, inds = BUF_INIT;
	int rc;

	memset(&fe, 0, sizeof(fe));
	memset(&e, 0, sizeof(e));
	if (serve_load(r) != 0)
		return;
	p = me(r);
	if (p == NULL) {
		serve_fail(r, 403, _("Who are you?"),
		           _("Git's e-mail address here (git config user.email) is nobody's in "
		             "records/people.yaml, so nothing can be recorded in your name."));
		return;
	}
	branch = xasprintf("%s/%s", p->id, date_format(date_today(), d));
	ref = xasprintf("refs/heads/%s", branch);
	if (history_ref(r->s->h, ref, &base) != 0)
		base = r->s->oid;
	read_form(r, &e, &fe);
	if (fe.n == 0 && check_entry(r, &base, &e, &fe) != 0)
		add_error(&fe, F_GENERAL, error_last());
	if (fe.n > 0) {
		r->rs->status = 422;
		serve_page_begin(r, _("New event"), "new");
		form(r, &r->f, &fe);
		serve_page_end(r);
		goto done;
	}
	if (worktree_on(r, branch, &dir, &msg) != 0) {
		serve_fail(r, 500, _("Nothing was written"), buf_cstr(&msg));
		goto done;
	}
	{
		const char *argv[80];
		size_t k = 0, i;
		int sign = r->s->l->plan != NULL && r->s->l->plan->signed_approvals;
		char **evs = xcalloc(e.nev + 1, sizeof(*evs));
		char *parts = NULL;

		for (i = 0; i < e.nind; i++)
			buf_printf(&inds, "%s%s", i ? "," : "", e.ind[i]);
		argv[k++] = "env";
		if (sign) {
			/* The ledger asks for signed commits: the branch's too (plan audit). */
			argv[k++] = "GIT_CONFIG_COUNT=1";
			argv[k++] = "GIT_CONFIG_KEY_0=commit.gpgsign";
			argv[k++] = "GIT_CONFIG_VALUE_0=true";
		}
		argv[k++] = r->s->cfg.plan_path;
		argv[k++] = "add";
		argv[k++] = "event";
		argv[k++] = "--commit";
		argv[k++] = "--date";
		argv[k++] = date_format(e.date, d);
		argv[k++] = "--kind";
		argv[k++] = e.kind;
		argv[k++] = "--indicator";
		argv[k++] = inds.ptr;
		argv[k++] = "--title";
		argv[k++] = e.title;
		argv[k++] = "--responsible";
		argv[k++] = e.responsible;
		if (e.has_participants) {
			parts = xasprintf("%lld", e.participants);
			argv[k++] = "--participants";
			argv[k++] = parts;
		}
		for (i = 0; i < e.nev && k < 70; i++) {
			evs[i] = xasprintf("%s:%s", e.ev_type[i], e.ev_ref[i]);
			argv[k++] = "--evidence";
			argv[k++] = evs[i];
		}
		if (e.note != NULL) {
			argv[k++] = "--note";
			argv[k++] = e.note;
		}
		argv[k] = NULL;
		buf_reset(&msg);
		rc = run(dir, argv, &msg);
		for (i = 0; i < e.nev; i++)
			free(evs[i]);
		free(evs);
		free(parts);
	}
	if (rc != 0) {
		serve_fail(r, 500, _("The event was not recorded"), buf_cstr(&msg));
		goto done;
	}
	serve_page_begin(r, _("New event"), "new");
	buf_printf(r->out, "<div class=\"notice\" id=\"recorded\"><p>%s <code>",
	           _("Recorded on the branch"));
	serve_esc(r->out, branch);
	buf_printf(r->out, "</code>.</p><pre>");
	serve_esc(r->out, msg.ptr);
	buf_puts(r->out, "</pre>");
	if (chosen(&r->f, "send", "1")) {
		send_for_review(r, dir, branch);
	} else {
		buf_printf(r->out, "<p id=\"not-sent\">%s <code>git switch ",
		           _("It is not sent for review yet. To send it, run in your clone:"));
		serve_esc(r->out, branch);
		buf_printf(r->out, "</code> %s <code>plan submit</code>.</p>", _("and then"));
	}
	buf_printf(r->out, "<p><a href=\"/review\">%s</a> · <a href=\"/new\">%s</a></p></div>\n",
	           _("See it waiting for review"), _("Record another"));
	serve_page_end(r);
done:
	if (dir != NULL)
		worktree_leave(dir);
	entry_free(&e);
	errors_free(&fe);
	buf_free(&msg);
	buf_free(&inds);
	free(branch);
	free(ref);
	free(dir);
}

/* ---- Review ---- */

/* A branch name of a plain shape. */
static int
branch_ok(const char *b)
{
	size_t i, n = strlen(b);

	if (n == 0 || n > 200 || b[0] == '-' || b[0] == '/' || b[0] == '.' ||
	    strstr(b, "..") != NULL)
		return 0;
	for (i = 0; i < n; i++)
		if (!((b[i] >= 'a' && b[i] <= 'z') || (b[i] >= 'A' && b[i] <= 'Z') ||
		      (b[i] >= '0' && b[i] <= '9') || strchr("/._-", b[i]) != NULL))
			return 0;
	return 1;
}

static const char *
here(const serve *s)
{
	return s->cfg.workdir != NULL ? s->cfg.workdir : history_gitdir(s->h);
}

void
serve_page_review(req *r)
{
	const char *const list[] = {"git", "for-each-ref", "--format=%(refname:short)",
	                            "refs/heads/", NULL};
	buf names = BUF_INIT;
	hist_oid main_tip;
	const char *p;
	size_t waiting = 0;
	const rec_person *who;

	if (serve_load(r) != 0)
		return;
	serve_page_begin(r, _("Review"), "review");
	buf_printf(r->out, "<h1>%s</h1>\n", _("Review"));
	if (serve_param(&r->q, "approved") != NULL) {
		buf_printf(r->out, "<p class=\"notice\" id=\"approved\">%s <code>", _("Approved:"));
		serve_esc(r->out, serve_param(&r->q, "approved"));
		buf_puts(r->out, "</code></p>\n");
	}
	if (history_ref(r->s->h, "refs/heads/main", &main_tip) != 0 ||
	    proc_run(here(r->s), list, NULL, &names, NULL) != 0) {
		buf_printf(r->out, "<p class=\"problem\">%s</p>\n",
		           _("The repository has no main branch, so nothing waits for review."));
		goto done;
	}
	who = serve_writable(r->s) ? me(r) : NULL;
	for (p = names.ptr; p != NULL && *p != '\0';) {
		size_t n = strcspn(p, "\n");
		char *name = xstrndup(p, n), *ref = xasprintf("refs/heads/%s", name);
		hist_oid tip;

		p += n + (p[n] == '\n');
		if (strcmp(name, "main") == 0 || !branch_ok(name) ||
		    history_ref(r->s->h, ref, &tip) != 0 ||
		    history_is_ancestor(r->s->h, &tip, &main_tip) != 0) {
			free(name);
			free(ref);
			continue;
		}
		waiting++;
		buf_puts(r->out, "<section class=\"card\" data-branch=\"");
		serve_esc(r->out, name);
		buf_puts(r->out, "\"><h2>");
		serve_esc(r->out, name);
		buf_puts(r->out, "</h2>\n");
		{
			char *range = xasprintf("main..%s", name);
			const char *argv[] = {r->s->cfg.plan_path, "review", range, NULL};
			buf out = BUF_INIT;

			if (r->s->cfg.plan_path != NULL)
				run(here(r->s), argv, &out);
			buf_puts(r->out, "<pre class=\"review\">");
			serve_esc(r->out, out.ptr);
			buf_puts(r->out, "</pre>\n");
			buf_free(&out);
			free(range);
		}
		if (who != NULL && (who->roles & ROLE_REVIEWER)) {
			buf_puts(r->out, "<form method=\"post\" action=\"/approve\">");
			token_field(r);
			buf_puts(r->out, "<input type=\"hidden\" name=\"branch\" value=\"");
			serve_esc(r->out, name);
			buf_printf(r->out, "\"><button class=\"approve\">%s</button> ",
			           _("Approve"));
			buf_printf(r->out, "<span class=\"small\">%s ", _("as"));
			serve_esc(r->out, who->name != NULL ? who->name : who->id);
			buf_printf(
			        r->out, ", %s</span></form>\n",
			        _("as plan approve does: a merge into main with your Approved-by"));
		}
		buf_puts(r->out, "</section>\n");
		free(name);
		free(ref);
	}
	if (waiting == 0)
		buf_printf(r->out, "<p id=\"none-waiting\">%s</p>\n",
		           _("No branch is waiting: main has everything on every branch."));
done:
	buf_free(&names);
	serve_page_end(r);
}

void
serve_page_approve_post(req *r)
{
	const char *branch = serve_param(&r->f, "branch");
	char *ref;
	hist_oid tip;
	buf out = BUF_INIT;
	int rc;

	if (branch == NULL || !branch_ok(branch)) {
		serve_fail(r, 400, _("No such branch"),
		           _("The form names no branch that could be approved."));
		return;
	}
	ref = xasprintf("refs/heads/%s", branch);
	rc = history_ref(r->s->h, ref, &tip);
	free(ref);
	if (rc != 0) {
		serve_fail(r, 404, _("No such branch"),
		           _("The repository has no branch by that name."));
		return;
	}
	{
		const char *argv[] = {r->s->cfg.plan_path, "approve", branch, NULL};

		rc = run(r->s->cfg.workdir, argv, &out);
	}
	if (rc != 0) {
		buf msg = BUF_INIT;

		buf_printf(&msg, "%s %s", _("plan approve said:"), buf_cstr(&out));
		serve_fail(r, 409, _("Not approved"), msg.ptr);
		buf_free(&msg);
		buf_free(&out);
		return;
	}
	buf_free(&out);
	r->rs->status = 303;
	{
		buf loc = BUF_INIT;

		buf_puts(&loc, "/review?approved=");
		serve_url(&loc, branch);
		r->rs->location = buf_detach(&loc);
	}
	buf_printf(r->out, "<a href=\"/review\">%s</a>\n", _("Review"));
}
