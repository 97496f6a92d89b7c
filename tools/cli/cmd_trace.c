/*
 * plan trace [--rev REV] [--format text|json] INDICATOR: every commit of the
 * main line that changed what counts toward an indicator, with who, when,
 * approved by whom, what changed, and the status before and after.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "audit/trace.h"
#include "report/report.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/i18n.h"

/* The main line: the main branch when there is one, else HEAD. */
int
cli_main_line(history *h, const char *rev, hist_oid *out)
{
	if (rev != NULL) {
		if (history_resolve(h, rev, out) != 0)
			return cli_error("%s", error_last());
		return 0;
	}
	if (history_ref(h, "refs/heads/main", out) == 0)
		return 0;
	if (history_resolve(h, "HEAD", out) != 0)
		return cli_error("there are no commits yet, so there is no history to follow");
	return 0;
}

static void
text_state_change(buf *out, const trace_state *b, const trace_state *a)
{
	size_t i, j;

	buf_printf(out, _("    status     %s"), _(fulfil_status_name(b->status)));
	if (a->status != b->status)
		buf_printf(out, " -> %s", _(fulfil_status_name(a->status)));
	for (i = 0; i < a->nperiods; i++) {
		const trace_period *pa = &a->periods[i];
		const trace_period *pb = NULL;

		for (j = 0; j < b->nperiods; j++)
			if (strcmp(b->periods[j].label, pa->label) == 0)
				pb = &b->periods[j];
		if (pb != NULL && pb->status == pa->status && pb->achieved == pa->achieved)
			continue;
		buf_printf(out, "; %s: ", pa->label);
		if (pb != NULL)
			buf_printf(out, "%s %d/%d -> ", _(fulfil_status_name(pb->status)), pb->achieved,
				   pb->target);
		buf_printf(out, "%s %d/%d", _(fulfil_status_name(pa->status)), pa->achieved,
			   pa->target);
	}
	buf_putc(out, '\n');
}

/*
 * A person as the text shows them: their name in people.yaml of the main
 * line's tip (l, may be NULL), found by e-mail or id, the same for authors,
 * approvers and committers; then the address: "Handläggare Två
 * <handlaggare-2@example.org>". who is Git's name or an Approved-by
 * trailer's "id <email>".
 */
static const char *
person(buf *tmp, const ledger *l, const char *who, const char *email)
{
	buf name = BUF_INIT;
	const char *lt = strstr(who, " <");

	if (l != NULL)
		report_person_name(&name, l, who, email);
	else
		buf_put(&name, who, lt != NULL ? (size_t)(lt - who) : strlen(who));
	buf_reset(tmp);
	buf_puts(tmp, buf_cstr(&name));
	if (email != NULL)
		buf_printf(tmp, " <%s>", email);
	else if (lt != NULL)
		buf_puts(tmp, lt);
	buf_free(&name);
	return buf_cstr(tmp);
}

static void
render_text(buf *out, const trace_result *r, const ledger *l)
{
	buf who = BUF_INIT;
	char hex[HIST_HEXSZ + 1], d[DATE_BUFSZ];
	size_t i, k;

	buf_printf(out, "%s  %s\n", r->indicator, r->text != NULL ? r->text : "");
	buf_printf(out, ngettext("Main line up to %.12s: %zu commit, %zu that changed what counts toward %s\n",
				 "Main line up to %.12s: %zu commits, %zu that changed what counts toward %s\n",
				 r->commits),
		   hist_oid_fmt(&r->tip, hex), r->commits, r->nsteps, r->indicator);
	if (r->nsteps > 0)
		buf_puts(out, _("Approvals as their Approved-by lines give them; plan audit verifies "
				"them.\n"));
	for (i = 0; i < r->nsteps; i++) {
		const trace_step *s = &r->steps[i];

		buf_printf(out, "\n%.12s  %s  %s\n", hist_oid_fmt(&s->commit, hex),
			   date_format(s->day, d),
			   person(&who, l, s->author.name, s->author.email));
		if (s->approver != NULL)
			buf_printf(out, _("              approved by %s\n"),
				   person(&who, l, s->approver, NULL));
		else
			buf_printf(out, _("              committed by %s (no Approved-by)\n"),
				   person(&who, l, s->committer.name, s->committer.email));
		for (k = 0; k < s->nchanges; k++) {
			const trace_change *c = &s->changes[k];

			buf_printf(out, "    %-10s %s", _(trace_change_name(c->kind)), c->event);
			if (c->kind_of_event != NULL && c->date != -1)
				buf_printf(out, "  (%s, %s)", c->kind_of_event, date_format(c->date, d));
			if (c->kind == TRACE_CORRECTED && c->supersedes != NULL)
				buf_printf(out, _(", corrects %s"), c->supersedes);
			buf_putc(out, '\n');
			if (c->placed != NULL)
				buf_printf(out, "               %s\n", c->placed);
		}
		if (s->plan_changed)
			buf_puts(out, _("    plan       the plan's own records changed (targets, windows, "
					"requirements)\n"));
		text_state_change(out, &s->before, &s->after);
	}
	buf_free(&who);
}

static void
json_state(buf *out, const trace_state *s)
{
	size_t i;

	buf_printf(out, "{\"status\":\"%s\",\"periods\":[", fulfil_status_name(s->status));
	for (i = 0; i < s->nperiods; i++) {
		buf_puts(out, i ? ",{\"period\":" : "{\"period\":");
		buf_put_json_str(out, s->periods[i].label, strlen(s->periods[i].label));
		buf_printf(out, ",\"status\":\"%s\",\"achieved\":%d,\"target\":%d}",
			   fulfil_status_name(s->periods[i].status), s->periods[i].achieved,
			   s->periods[i].target);
	}
	buf_puts(out, "]}");
}

static void
json_sig(buf *out, const hist_sig *s)
{
	buf_puts(out, "{\"name\":");
	buf_put_json_str(out, s->name, strlen(s->name));
	buf_puts(out, ",\"email\":");
	buf_put_json_str(out, s->email, strlen(s->email));
	buf_printf(out, ",\"time\":%lld,\"offset\":%d}", (long long)s->time, s->offset);
}

static void
render_json(buf *out, const trace_result *r)
{
	char hex[HIST_HEXSZ + 1], d[DATE_BUFSZ];
	size_t i, k;

	buf_puts(out, "{\"indicator\":");
	buf_put_json_str(out, r->indicator, strlen(r->indicator));
	buf_printf(out, ",\"tip\":\"%s\",\"commits\":%zu,\"steps\":[", hist_oid_fmt(&r->tip, hex),
		   r->commits);
	for (i = 0; i < r->nsteps; i++) {
		const trace_step *s = &r->steps[i];

		buf_printf(out, "%s\n {\"commit\":\"%s\",\"date\":\"%s\",\"author\":", i ? "," : "",
			   hist_oid_fmt(&s->commit, hex), date_format(s->day, d));
		json_sig(out, &s->author);
		buf_puts(out, ",\"committer\":");
		json_sig(out, &s->committer);
		buf_puts(out, ",\"approver\":");
		if (s->approver != NULL)
			buf_put_json_str(out, s->approver, strlen(s->approver));
		else
			buf_puts(out, "null");
		buf_puts(out, ",\"changes\":[");
		for (k = 0; k < s->nchanges; k++) {
			const trace_change *c = &s->changes[k];

			buf_printf(out, "%s{\"change\":\"%s\",\"event\":", k ? "," : "",
				   trace_change_name(c->kind));
			buf_put_json_str(out, c->event, strlen(c->event));
			buf_puts(out, ",\"path\":");
			buf_put_json_str(out, c->path, strlen(c->path));
			if (c->date != -1)
				buf_printf(out, ",\"date\":\"%s\"", date_format(c->date, d));
			if (c->supersedes != NULL) {
				buf_puts(out, ",\"supersedes\":");
				buf_put_json_str(out, c->supersedes, strlen(c->supersedes));
			}
			if (c->placed != NULL) {
				buf_puts(out, ",\"placed\":");
				buf_put_json_str(out, c->placed, strlen(c->placed));
			}
			buf_putc(out, '}');
		}
		buf_printf(out, "],\"plan_changed\":%s,\"before\":", s->plan_changed ? "true" : "false");
		json_state(out, &s->before);
		buf_puts(out, ",\"after\":");
		json_state(out, &s->after);
		buf_putc(out, '}');
	}
	buf_puts(out, "]}\n");
}

int
cmd_trace(int argc, char **argv)
{
	static const cli_option opts[] = {{"format", 0, 1}, {"rev", 0, 1}, {NULL, 0, 0}};
	cli_format fmt = FMT_TEXT;
	const char *rev = NULL, *val;
	history *h = NULL;
	trace_result *r = NULL;
	ledger *l = NULL;
	char *cache_dir = NULL;
	size_t reused = 0;
	hist_oid tip;
	buf out = BUF_INIT;
	cli_args a;
	int opt, rc, status = EXIT_TROUBLE;

	cli_args_init(&a, "trace", argc, argv, opts);
	while ((opt = cli_next(&a, &val)) != CLI_ARGS_END) {
		if (opt == CLI_ARGS_HELP) {
			cli_print_usage(stdout, "trace");
			status = EXIT_OK;
			goto done;
		}
		if (opt == CLI_ARGS_ERROR)
			goto done;
		if (opt == 0 && cli_parse_format(a.cmd, val, FMT_TEXT | FMT_JSON, &fmt) != 0)
			goto done;
		if (opt == 1)
			rev = val;
	}
	if (a.npos != 1) {
		cli_usage_error(a.cmd, "name one indicator, such as I14");
		goto done;
	}
	if (cli_open_history(&h, "trace") != 0)
		goto done;
	if (cli_main_line(h, rev, &tip) != 0)
		goto done;
	cache_dir = cli_cache_dir(h);
	rc = trace_run(h, &tip, a.pos[0], cache_dir, &r, &reused);
	if (rc == 0 && getenv("PLAN_CACHE_STATS") != NULL)
		fprintf(stderr, "cache: %zu of %zu commits not walked again\n", reused,
			r->commits);
	if (rc < 0) {
		cli_error("%s", error_last());
		goto done;
	}
	if (rc > 0) {
		cli_usage_error(a.cmd, "there is no indicator '%s' in this plan", a.pos[0]);
		goto done;
	}
	if (fmt == FMT_JSON) {
		render_json(&out, r);
	} else {
		/* People by their names in people.yaml of the tip, as the report names them. */
		char hex[HIST_HEXSZ + 1];
		hist_oid at;
		size_t errors = 0;

		if (cli_load_ledger(h, hist_oid_fmt(&tip, hex), &l, &at, &errors) != 0)
			l = NULL;
		render_text(&out, r, l);
	}
	fwrite(out.ptr, 1, out.len, stdout);
	status = EXIT_OK;
done:
	buf_free(&out);
	trace_free(r);
	ledger_free(l);
	free(cache_dir);
	history_free(h);
	cli_args_free(&a);
	return status;
}
