/*
 * plan trace's output: the steps of an indicator's history as text for
 * people and as JSON.
 */
#include "report/render_trace.h"

#include <string.h>

#include "report/render.h"
#include "report/report.h"
#include "util/i18n.h"
#include "util/date.h"

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

void
render_trace_text(buf *out, const trace_result *r, const ledger *l)
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

void
render_trace_json(buf *out, const trace_result *r)
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
		render_json_str(out, s->approver);
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
