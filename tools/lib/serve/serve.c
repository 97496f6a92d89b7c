/*
 * serve: requests in, pages out. The checks every request passes (method,
 * Host, the query's shape; for a POST the token and the origin), the
 * ledger loaded once per commit and kept, and the reading pages: the
 * overview, an indicator, the events and one event. The writing pages are
 * in serve_write.c.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/check.h"
#include "ledger/event_list.h"
#include "report/render_html.h"
#include "serve/serve_int.h"
#include "store/store.h"
#include "util/hex.h"
#include "util/error.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

const char *const serve_headers[][2] = {{"Content-Security-Policy",
                                         "default-src 'none'; style-src 'unsafe-inline'; "
                                         "img-src 'self' data:; form-action 'self'; "
                                         "frame-ancestors 'none'; base-uri 'none'"},
                                        {"X-Content-Type-Options", "nosniff"},
                                        {"X-Frame-Options", "DENY"},
                                        {"Referrer-Policy", "same-origin"},
                                        {"Cache-Control", "no-store"},
                                        {NULL, NULL}};

enum { PAGE_SIZE = 50 };

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

serve *
serve_new(history *h, const serve_config *cfg)
{
	serve *s = xcalloc(1, sizeof(*s));

	s->h = h;
	s->cfg = *cfg;
	s->cfg.host = dup_or_null(cfg->host);
	s->cfg.alt_host = dup_or_null(cfg->alt_host);
	s->cfg.token = dup_or_null(cfg->token);
	s->cfg.plan_path = dup_or_null(cfg->plan_path);
	s->cfg.workdir = dup_or_null(cfg->workdir);
	s->cfg.cache_dir = dup_or_null(cfg->cache_dir);
	buf_init(&s->share);
	return s;
}

static void
unload(serve *s)
{
	fulfil_free(s->r);
	provenance_free(s->prov);
	ledger_free(s->l);
	s->r = NULL;
	s->prov = NULL;
	s->l = NULL;
	s->loaded = 0;
	s->have_share = 0;
}

void
serve_free(serve *s)
{
	if (s == NULL)
		return;
	unload(s);
	buf_free(&s->share);
	buf_free(&s->overview);
	buf_free(&s->overview_key);
	free((char *)s->cfg.host);
	free((char *)s->cfg.alt_host);
	free((char *)s->cfg.token);
	free((char *)s->cfg.plan_path);
	free((char *)s->cfg.workdir);
	free((char *)s->cfg.cache_dir);
	free(s);
}

void
serve_response_free(serve_response *rs)
{
	buf_free(&rs->body);
	free(rs->location);
	free(rs->disposition);
	memset(rs, 0, sizeof(*rs));
}

int
serve_writable(const serve *s)
{
	return s->cfg.workdir != NULL && !s->cfg.read_only && s->cfg.plan_path != NULL;
}

/* ---- Decoding the query and the form ---- */

int
serve_decode(const char *s, size_t len, buf *out)
{
	size_t i;

	buf_reset(out);
	for (i = 0; i < len; i++) {
		int c = (unsigned char)s[i];

		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			int hi, lo;

			if (i + 2 >= len)
				return -1;
			hi = hex_value((unsigned char)s[i + 1]);
			lo = hex_value((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = hi * 16 + lo;
			i += 2;
		}
		if (c == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
			return -1;
		buf_putc(out, (char)c);
	}
	return utf8_valid(out->ptr != NULL ? out->ptr : "", out->len, NULL) ? 0 : -1;
}

static void
params_free(params *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->k[i]);
		free(p->v[i]);
	}
	p->n = 0;
}

/* Parses "a=1&b=2"; -1 when a part cannot be decoded or there are too many. */
static int
params_parse(params *p, const char *s, size_t len)
{
	buf k = BUF_INIT, v = BUF_INIT;
	size_t i = 0;
	int rc = 0;

	while (i < len) {
		size_t j = i, eq;

		while (j < len && s[j] != '&')
			j++;
		if (j > i) {
			for (eq = i; eq < j && s[eq] != '='; eq++)
				;
			if (p->n == SERVE_MAX_PARAMS || serve_decode(s + i, eq - i, &k) != 0 ||
			    serve_decode(s + eq + (eq < j), j - eq - (eq < j), &v) != 0) {
				rc = -1;
				break;
			}
			p->k[p->n] = xstrdup(buf_cstr(&k));
			p->v[p->n] = xstrdup(buf_cstr(&v));
			p->n++;
		}
		i = j + 1;
	}
	buf_free(&k);
	buf_free(&v);
	return rc;
}

const char *
serve_param(const params *p, const char *key)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->k[i], key) == 0)
			return p->v[i];
	return NULL;
}

/* A parameter's value, NULL when absent or empty. */
static const char *
given(const params *p, const char *key)
{
	const char *v = serve_param(p, key);

	return v != NULL && *v != '\0' ? v : NULL;
}

/* ---- Output ---- */

void
serve_esc(buf *out, const char *s)
{
	report_html_escape(out, s);
}

void
serve_url(buf *out, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)(s != NULL ? s : ""); *p; p++) {
		if (isalnum(*p) || strchr("-._~", *p) != NULL)
			buf_putc(out, (char)*p);
		else
			buf_printf(out, "%%%02X", *p);
	}
}

void
serve_clocks(req *r, char sep)
{
	char d[DATE_BUFSZ];

	if (r->has_at) {
		buf_printf(r->out, "%sat=%s", sep == '&' ? "&amp;" : "?", date_format(r->at, d));
		sep = '&';
	}
	if (r->rev != NULL) {
		buf_printf(r->out, "%s", sep == '&' ? "&amp;rev=" : "?rev=");
		serve_url(r->out, r->rev);
	}
}

static void
link_id(req *r, const char *kind, const char *id)
{
	buf_printf(r->out, "<a href=\"/%s/", kind);
	serve_url(r->out, id);
	serve_clocks(r, '?');
	buf_puts(r->out, "\">");
	serve_esc(r->out, id);
	buf_puts(r->out, "</a>");
}

static const char serve_css[] =
        "body{background:#f4f6f8}"
        ".top{background:#1f3b57;color:#fff;padding:.5rem 1rem;display:flex;gap:1.2rem;"
        "align-items:center;flex-wrap:wrap}"
        ".top a{color:#fff;text-decoration:none;padding:.3rem .6rem;border-radius:4px}"
        ".top a.on{background:#fff;color:#1f3b57;font-weight:600}"
        ".top .plan{font-weight:700;margin-right:1rem}"
        ".top form{margin-left:auto;display:flex;gap:.4rem;align-items:center;font-size:.85rem}"
        ".top input{width:7.5rem}"
        ".wrap{max-width:1280px;margin:1rem auto;padding:0 1rem}"
        ".card{background:#fff;border:1px solid #d8dee4;border-radius:6px;padding:1rem 1.2rem;"
        "margin:0 0 1rem}"
        "table.list{border-collapse:collapse;width:100%;font-size:.9rem}"
        "table.list th,table.list td{border-bottom:1px solid #e3e7eb;padding:.3rem .5rem;"
        "text-align:left;vertical-align:top}"
        "table.heat td{text-align:center;min-width:1.6rem}"
        "form.filter{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:end}"
        "form.filter label,form.entry label{display:flex;flex-direction:column;font-size:.85rem}"
        "form.entry label{margin:.6rem 0}"
        "form.entry .err{color:#a4161a;font-weight:600}"
        "form.entry [aria-invalid=true]{border:2px solid #a4161a}"
        ".notice{background:#e8f3ea;border:1px solid #8bc196;padding:.6rem 1rem;border-radius:6px}"
        ".problem{background:#fdecea;border:1px solid #e2a39f;padding:.6rem 1rem;border-radius:6px}"
        "pre.review{white-space:pre-wrap;background:#f7f7f7;padding:.6rem;font-size:.85rem}"
        "svg.share{width:100%;height:auto;max-width:900px}"
        ".pager{display:flex;gap:1rem;margin:.6rem 0}";

void
serve_page_begin(req *r, const char *title, const char *tab)
{
	static const struct {
		const char *path, *tab, *name;
	} tabs[] = {{"/", "overview", N_("Overview")},
	            {"/events", "events", N_("Events")},
	            {"/new", "new", N_("New event")},
	            {"/review", "review", N_("Review")}};
	const rec_plan *p = r->s->l != NULL && !r->stranger ? r->s->l->plan : NULL;
	char d[DATE_BUFSZ];
	size_t i;

	buf_printf(r->out,
	           "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	           "<title>",
	           r->en ? "en" : "sv");
	serve_esc(r->out, title);
	buf_puts(r->out, "</title>\n<style>\n");
	render_html_style(r->out);
	buf_puts(r->out, serve_css);
	buf_puts(r->out, "\n</style>\n</head>\n<body>\n<nav class=\"top\"><span class=\"plan\">");
	serve_esc(r->out, p != NULL && p->title != NULL ? p->title : "plan");
	buf_puts(r->out, "</span>");
	for (i = 0; i < sizeof(tabs) / sizeof(tabs[0]); i++) {
		if (strcmp(tabs[i].tab, "new") == 0 && !serve_writable(r->s))
			continue;
		buf_printf(r->out, "<a class=\"%s\" href=\"%s",
		           strcmp(tabs[i].tab, tab) == 0 ? "on" : "", tabs[i].path);
		serve_clocks(r, '?');
		buf_printf(r->out, "\">%s</a>", _(tabs[i].name));
	}
	/* The two clocks, as plan status has them. */
	buf_printf(r->out,
	           "<form method=\"get\" action=\"%s\"><label>%s <input name=\"at\" "
	           "value=\"",
	           strcmp(tab, "overview") == 0 ? "/" : "", _("on"));
	if (r->has_at)
		buf_puts(r->out, date_format(r->at, d));
	buf_printf(r->out,
	           "\" placeholder=\"YYYY-MM-DD\"></label><label>%s <input name=\"rev\" "
	           "value=\"",
	           _("commit"));
	serve_esc(r->out, r->rev);
	buf_printf(r->out,
	           "\" placeholder=\"main\"></label><button>%s</button></form></nav>\n"
	           "<div class=\"wrap\">\n",
	           _("Show"));
	if (r->s->l != NULL && r->s->errors > 0 && !r->stranger)
		buf_printf(
		        r->out, "<p class=\"problem\" role=\"note\">%s</p>\n",
		        _("The ledger has errors at this commit; the pages count only the records "
		          "that could be read. Run 'plan check' to see them."));
}

void
serve_page_end(req *r)
{
	buf_puts(r->out, "</div>\n</body>\n</html>\n");
}

void
serve_fail(req *r, int status, const char *title, const char *what)
{
	buf_reset(r->out);
	r->rs->status = status;
	r->rs->content_type = "text/html; charset=utf-8";
	serve_page_begin(r, title, "");
	buf_puts(r->out, "<div class=\"card problem\"><h1>");
	serve_esc(r->out, title);
	buf_puts(r->out, "</h1><p>");
	serve_esc(r->out, what);
	buf_printf(r->out, "</p><p><a href=\"/\">%s</a></p></div>\n", _("Back to the overview"));
	serve_page_end(r);
}

/* ---- The ledger ---- */

/* A revision of a plain shape: letters, digits, / . _ - ^ ~, no "..", not a path. */
static int
rev_ok(const char *rev)
{
	size_t i, n = strlen(rev);

	if (n == 0 || n > 100 || rev[0] == '-' || rev[0] == '/' || rev[0] == '.' ||
	    strstr(rev, "..") != NULL || strstr(rev, "//") != NULL)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)rev[i]) && strchr("/._-^~", rev[i]) == NULL)
			return 0;
	return 1;
}

static int
load_commit(serve *s, const hist_oid *oid)
{
	diag_list findings = DIAG_LIST_INIT;
	check_options co;
	ledger_load_options lo;
	ledger_from from;
	hist_commit c;
	int rc;

	if (s->loaded && hist_oid_equal(&s->oid, oid))
		return 0;
	unload(s);
	if (history_commit(s->h, oid, &c) != 0)
		return -1;
	memset(&co, 0, sizeof(co));
	co.today = -1;
	memset(&lo, 0, sizeof(lo));
	lo.cache_dir = s->cfg.cache_dir;
	memset(&from, 0, sizeof(from));
	from.where = LEDGER_TREE;
	from.tree = c.tree;
	rc = store_check(&s->l, s->h, &from, &lo, &co, &findings);
	s->commit_day = date_from_time(c.committer.time, c.committer.offset);
	hist_commit_free(&c);
	if (rc == 0 && provenance_build(&s->prov, s->h, oid) != 0)
		rc = -1;
	s->errors = diag_errors(&findings);
	diag_list_free(&findings);
	if (rc != 0) {
		unload(s);
		return -1;
	}
	s->oid = *oid;
	hist_oid_fmt(oid, s->hex);
	s->loaded = 1;
	return 0;
}

int
serve_load(req *r)
{
	serve *s = r->s;
	hist_oid oid;
	date_days at = r->has_at ? r->at : date_today();

	if (r->rev != NULL) {
		if (history_resolve(s->h, r->rev, &oid) != 0) {
			serve_fail(r, 404, _("No such commit"),
			           _("The repository has no commit or branch by the name given in "
			             "rev=. Leave the commit field empty for the main branch."));
			return -1;
		}
	} else if (history_ref(s->h, "refs/heads/main", &oid) != 0 &&
	           history_resolve(s->h, "HEAD", &oid) != 0) {
		serve_fail(r, 500, _("No commits yet"),
		           _("The repository has no commits; record the plan first (plan init)."));
		return -1;
	}
	if (load_commit(s, &oid) != 0) {
		serve_fail(r, 500, _("The ledger cannot be read"), error_last());
		return -1;
	}
	if (s->r == NULL || s->r_at != at) {
		fulfil_free(s->r);
		s->r = fulfil_compute(s->l, at);
		s->r_at = at;
		s->have_share = 0;
	}
	memset(&r->rc, 0, sizeof(r->rc));
	r->rc.l = s->l;
	r->rc.r = s->r;
	r->rc.prov = s->prov;
	r->rc.commit = s->hex;
	r->rc.commit_day = s->commit_day;
	r->rc.errors = s->errors;
	r->rc.lang = r->en ? REPORT_EN : REPORT_SV;
	return 0;
}

/* ---- The overview ---- */

/* The first day of quarter q (year * 4 + quarter - 1). */
static date_days
qstart(int q)
{
	return date_from_ymd(q / 4, (q % 4) * 3 + 1, 1);
}

static int
quarter_of(date_days d)
{
	int y, m, dd;

	date_to_ymd(d, &y, &m, &dd);
	return y * 4 + (m - 1) / 3;
}

/* The quarters the charts cover: the plan period, else the events' span; at most 40. */
static void
chart_quarters(const req *r, int *q0, int *nq)
{
	const ledger *l = r->s->l;
	date_days a = r->s->r_at, b = r->s->r_at;
	size_t i;

	if (l->plan != NULL && l->plan->has_period) {
		a = l->plan->period.start;
		b = l->plan->period.end;
	} else {
		for (i = 0; i < l->nevents; i++)
			if (l->events[i].has_date) {
				if (l->events[i].date < a)
					a = l->events[i].date;
				if (l->events[i].date > b)
					b = l->events[i].date;
			}
	}
	*q0 = quarter_of(a);
	*nq = quarter_of(b) - *q0 + 1;
	if (*nq > 40) {
		*q0 += *nq - 40;
		*nq = 40;
	}
}

static void
quarter_label(buf *out, int q)
{
	buf_printf(out, "%d&nbsp;Q%d", q / 4, q % 4 + 1);
}

/* Events per quarter per activity: a table whose cells darken with the count. */
static void
events_per_quarter(req *r)
{
	const ledger *l = r->s->l;
	int q0, nq, q;
	size_t a, k, max = 1;
	size_t *counts;
	date_days *starts;

	chart_quarters(r, &q0, &nq);
	counts = xcalloc((size_t)nq * (l->nactivities + 1), sizeof(*counts));
	/* The quarters' first days (and the day after the last), to find an
	 * event's quarter by comparing days. */
	starts = xcalloc((size_t)nq + 1, sizeof(*starts));
	for (q = 0; q <= nq; q++)
		starts[q] = date_from_ymd((q0 + q) / 4, (q0 + q) % 4 * 3 + 1, 1);
	for (a = 0; a < l->nactivities; a++) {
		const rec_event **ev;
		size_t n = report_activity_events(l, &l->activities[a], r->s->r_at, &ev);

		for (k = 0; k < n; k++) {
			date_days d = ev[k]->date;
			int lo = 0, hi = nq;

			if (d < starts[0] || d >= starts[nq])
				continue;
			while (hi - lo > 1) {
				int mid = (lo + hi) / 2;

				if (d < starts[mid])
					hi = mid;
				else
					lo = mid;
			}
			if (++counts[a * (size_t)nq + (size_t)lo] > max)
				max = counts[a * (size_t)nq + (size_t)lo];
		}
		free(ev);
	}
	free(starts);
	buf_printf(r->out,
	           "<section class=\"card\" id=\"per-quarter\"><h2>%s</h2>\n"
	           "<div style=\"overflow-x:auto\"><table class=\"list heat\"><thead><tr>"
	           "<th scope=\"col\">%s</th>",
	           _("Events per quarter and activity"), _("Activity"));
	for (q = 0; q < nq; q++) {
		buf_puts(r->out, "<th scope=\"col\">");
		quarter_label(r->out, q0 + q);
		buf_puts(r->out, "</th>");
	}
	buf_puts(r->out, "</tr></thead><tbody>\n");
	for (a = 0; a < l->nactivities; a++) {
		buf_puts(r->out, "<tr data-quarters=\"");
		serve_esc(r->out, l->activities[a].id);
		buf_puts(r->out, "\"><th scope=\"row\" title=\"");
		serve_esc(r->out, l->activities[a].title);
		buf_puts(r->out, "\">");
		serve_esc(r->out, l->activities[a].id);
		buf_puts(r->out, "</th>");
		for (q = 0; q < nq; q++) {
			size_t c = counts[a * (size_t)nq + (size_t)q];

			if (c == 0) {
				buf_puts(r->out, "<td></td>");
				continue;
			}
			buf_printf(
			        r->out,
			        "<td style=\"background:rgba(31,92,153,%.2f);color:%s\">%zu</td>",
			        0.15 + 0.85 * (double)c / (double)max,
			        (double)c / (double)max > 0.5 ? "#fff" : "#000", c);
		}
		buf_puts(r->out, "</tr>\n");
	}
	buf_puts(r->out, "</tbody></table></div></section>\n");
	free(counts);
}

/*
 * Each goal's share of met periods over time: at the end of every quarter
 * up to the date, fulfilment computed from the events dated by then; of the
 * periods closed on that day, the share met (on time or late). A step line
 * per goal.
 */
static void
share_chart(req *r)
{
	static const char *const colours[] = {"#1f5c99", "#c2410c", "#15803d", "#7e22ce",
	                                      "#b91c1c", "#0e7490", "#a16207", "#4d7c0f"};
	serve *s = r->s;
	const ledger *l = s->l;
	int q0, nq, q, last;
	size_t g;
	double *share;
	const double W = 800, H = 220, L = 40, B = 24;

	if (s->have_share && s->share_at == s->r_at) {
		buf_put(r->out, s->share.ptr, s->share.len);
		return;
	}
	chart_quarters(r, &q0, &nq);
	last = quarter_of(s->r_at) - q0;
	if (last >= nq)
		last = nq - 1;
	share = xcalloc((size_t)nq * (l->ngoals + 1), sizeof(*share));
	for (q = 0; q <= last; q++) {
		date_days end = qstart(q0 + q + 1) - 1;
		fulfil_result *fr = fulfil_compute(l, end < s->r_at ? end : s->r_at);

		for (g = 0; g < l->ngoals; g++) {
			const fulfil_rollup *gr =
			        report_rollup(fr->goals, fr->ngoals, l->goals[g].id);
			size_t met, closed;

			share[g * (size_t)nq + (size_t)q] = -1;
			if (gr == NULL)
				continue;
			met = gr->count[ST_MET] + gr->count[ST_MET_LATE];
			closed = met + gr->count[ST_PARTIAL] + gr->count[ST_NOT_MET];
			if (closed > 0)
				share[g * (size_t)nq + (size_t)q] = (double)met / (double)closed;
		}
		fulfil_free(fr);
	}
	buf_reset(&s->share);
	buf_printf(
	        &s->share,
	        "<section class=\"card\" id=\"share\"><h2>%s</h2><p class=\"lead\">%s</p>\n"
	        "<svg class=\"share\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
	        "aria-labelledby=\"share-t\"><title id=\"share-t\">%s</title>",
	        _("Share of met periods per goal"),
	        _("At the end of each quarter: of the indicator periods closed by then, the share "
	          "met (on time or late), from the events dated up to that day."),
	        W, H + B, _("Share of met periods per goal, by quarter"));
	for (q = 0; q <= 4; q++)
		buf_printf(&s->share,
		           "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
		           "<text x=\"%.0f\" y=\"%.1f\" font-size=\"11\" "
		           "text-anchor=\"end\">%d%%</text>",
		           L, W, H - H * q / 4.0 + 0.5, H - H * q / 4.0 + 0.5, L - 4,
		           H - H * q / 4.0 + 4, q * 25);
	for (q = 0; q < nq; q += (nq > 16 ? 4 : 1))
		buf_printf(&s->share, "<text x=\"%.1f\" y=\"%.0f\" font-size=\"10\">%d Q%d</text>",
		           L + (W - L) * q / nq, H + 16, (q0 + q) / 4, (q0 + q) % 4 + 1);
	for (g = 0; g < l->ngoals; g++) {
		int open = 0;

		buf_printf(&s->share, "<path data-goal=\"");
		serve_esc(&s->share, l->goals[g].id);
		buf_printf(&s->share, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" d=\"",
		           colours[g % 8]);
		for (q = 0; q <= last; q++) {
			double v = share[g * (size_t)nq + (size_t)q];
			double x0 = L + (W - L) * q / nq, x1 = L + (W - L) * (q + 1) / nq;

			if (v < 0) {
				open = 0;
				continue;
			}
			buf_printf(&s->share, "%c%.1f %.1f H%.1f ", open ? 'L' : 'M', x0,
			           H - H * v + (double)g * 1.5, x1);
			open = 1;
		}
		buf_puts(&s->share, "\"><title>");
		serve_esc(&s->share, l->goals[g].id);
		buf_puts(&s->share, "</title></path>");
	}
	buf_puts(&s->share, "</svg>\n<ul class=\"counts\">");
	for (g = 0; g < l->ngoals; g++) {
		buf_printf(&s->share, "<li><span style=\"color:%s\">&#9644;</span> ",
		           colours[g % 8]);
		serve_esc(&s->share, l->goals[g].id);
		buf_puts(&s->share, " ");
		serve_esc(&s->share, l->goals[g].title);
		buf_puts(&s->share, "</li>");
	}
	buf_puts(&s->share, "</ul></section>\n");
	free(share);
	s->have_share = 1;
	s->share_at = s->r_at;
	buf_put(r->out, s->share.ptr, s->share.len);
}

static void
badge(req *r, fulfil_status st)
{
	const report_words *w = report_words_of(r->rc.lang);

	buf_printf(r->out, "<span class=\"st st-%s\">%s</span>", fulfil_status_name(st),
	           w->status[st]);
}

/* Every indicator with its status, by goal: each links to its page. */
static void
indicator_list(req *r)
{
	const ledger *l = r->s->l;
	const fulfil_result *fr = r->s->r;
	size_t g, i;

	buf_printf(r->out,
	           "<section class=\"card\" id=\"indicators\"><h2>%s</h2>\n"
	           "<table class=\"list\"><thead><tr><th scope=\"col\">%s</th>"
	           "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	           "</tr></thead>\n",
	           _("Indicators"), _("Indicator"), _("Activity"), _("Text"), _("Status"));
	for (g = 0; g <= l->ngoals; g++) {
		int any = 0;

		for (i = 0; i < fr->nindicators; i++) {
			const fulfil_indicator *fi = &fr->indicators[i];
			const rec_activity *a = fi->activity;
			const char *gid = a != NULL ? a->goal.id : NULL;
			int mine = g < l->ngoals ? gid != NULL && strcmp(gid, l->goals[g].id) == 0
			                         : gid == NULL || ledger_goal(l, gid) == NULL;

			if (!mine)
				continue;
			if (!any) {
				buf_puts(r->out, "<tbody><tr><th colspan=\"4\" scope=\"rowgroup\"");
				if (g < l->ngoals) {
					buf_puts(r->out, " id=\"goal-");
					serve_esc(r->out, l->goals[g].id);
					buf_puts(r->out, "\">");
					serve_esc(r->out, l->goals[g].id);
					buf_puts(r->out, ": ");
					serve_esc(r->out, l->goals[g].title);
				} else {
					buf_printf(r->out, ">%s", _("Without a goal"));
				}
				buf_puts(r->out, "</th></tr>\n");
				any = 1;
			}
			buf_puts(r->out, "<tr data-indicator=\"");
			serve_esc(r->out, fi->ind->id);
			buf_printf(r->out, "\" data-status=\"%s\"><td>",
			           fulfil_status_name(fi->status));
			link_id(r, "indicator", fi->ind->id);
			buf_puts(r->out, "</td><td>");
			serve_esc(r->out, a != NULL ? a->id : "");
			buf_puts(r->out, "</td><td>");
			serve_esc(r->out, fi->ind->text);
			buf_puts(r->out, "</td><td>");
			badge(r, fi->status);
			buf_puts(r->out, "</td></tr>\n");
		}
		if (any)
			buf_puts(r->out, "</tbody>\n");
	}
	buf_puts(r->out, "</table></section>\n");
}

static void
page_overview(req *r)
{
	char d[DATE_BUFSZ];

	serve *s = r->s;
	buf key = BUF_INIT, *out = r->out;
	size_t start;

	if (serve_load(r) != 0)
		return;
	serve_page_begin(r, _("Overview"), "overview");
	/* Its body depends on the ledger's commit, the date, the language and
	 * the clocks of its links only: the last one rendered is kept, as a
	 * warm page of a large ledger (the Gantt chart and the events per
	 * quarter walk every event) would otherwise take a good part of a
	 * second each time. */
	buf_printf(&key, "%s %ld %d ", s->hex, (long)s->r_at, r->en);
	r->out = &key;
	serve_clocks(r, '?');
	r->out = out;
	if (s->overview_key.len > 0 && strcmp(s->overview_key.ptr, key.ptr) == 0) {
		buf_put(r->out, s->overview.ptr, s->overview.len);
		buf_free(&key);
		serve_page_end(r);
		return;
	}
	start = r->out->len;
	buf_printf(r->out, "<h1>%s</h1>\n<p>", _("Overview"));
	buf_printf(r->out, _("The ledger at commit %.12s, events dated up to %s."), r->s->hex,
	           date_format(r->s->r_at, d));
	buf_puts(r->out, "</p>\n<div class=\"card\">");
	report_html_parts(r->out, &r->rc, REPORT_PART_SUMMARY | REPORT_PART_GANTT);
	buf_puts(r->out, "</div>\n");
	share_chart(r);
	events_per_quarter(r);
	indicator_list(r);
	buf_reset(&s->overview);
	buf_put(&s->overview, r->out->ptr + start, r->out->len - start);
	buf_free(&s->overview_key);
	s->overview_key = key;
	serve_page_end(r);
}

/* ---- One indicator ---- */

static void
page_indicator(req *r, const char *id)
{
	const fulfil_indicator *fi;
	const rec_indicator *ind;

	if (serve_load(r) != 0)
		return;
	fi = fulfil_find(r->s->r, id);
	if (fi == NULL) {
		serve_fail(r, 404, _("No such indicator"),
		           _("The plan has no indicator by this id; the overview lists them all."));
		return;
	}
	ind = fi->ind;
	serve_page_begin(r, ind->id, "");
	buf_printf(r->out, "<h1>%s ", _("Indicator"));
	serve_esc(r->out, ind->id);
	buf_puts(r->out, "</h1>\n<p class=\"card\">");
	serve_esc(r->out, ind->text);
	buf_puts(r->out, "<br>");
	buf_printf(r->out, "%s: ", _("Target"));
	report_target_words(r->out, ind, r->rc.lang);
	buf_printf(r->out, " · %s: ", _("Status"));
	badge(r, fi->status);
	if (fi->activity != NULL) {
		buf_printf(r->out, " · %s: ", _("Activity"));
		serve_esc(r->out, fi->activity->id);
		buf_puts(r->out, " ");
		serve_esc(r->out, fi->activity->title);
	}
	buf_puts(r->out, "</p>\n<div class=\"card\">");
	report_html_indicator(r->out, &r->rc, fi);
	buf_puts(r->out, "</div>\n<p>");
	buf_puts(r->out, "<a href=\"/events?indicator=");
	serve_url(r->out, ind->id);
	serve_clocks(r, '&');
	buf_printf(r->out, "\">%s</a></p>\n", _("Every event that names it"));
	buf_printf(r->out, "<p class=\"small\">%s <code>plan trace ",
	           _("Its whole trace at a terminal:"));
	serve_esc(r->out, ind->id);
	buf_puts(r->out, "</code></p>\n");
	serve_page_end(r);
}

/* ---- The events ---- */

static const char *sort_key;
static int sort_desc;

static int
cmp_events(const void *a, const void *b)
{
	const rec_event *x = *(const rec_event *const *)a, *y = *(const rec_event *const *)b;
	int c = 0;

	if (strcmp(sort_key, "kind") == 0)
		c = strcmp(x->kind != NULL ? x->kind : "", y->kind != NULL ? y->kind : "");
	else if (strcmp(sort_key, "title") == 0)
		c = strcmp(x->title != NULL ? x->title : "", y->title != NULL ? y->title : "");
	else if (strcmp(sort_key, "responsible") == 0)
		c = strcmp(x->responsible.id != NULL ? x->responsible.id : "",
		           y->responsible.id != NULL ? y->responsible.id : "");
	if (c == 0)
		c = x->date < y->date ? -1 : x->date > y->date;
	if (c == 0)
		c = strcmp(x->id != NULL ? x->id : "", y->id != NULL ? y->id : "");
	return sort_desc ? -c : c;
}

/* A <select> of choices (value, label pairs); the one chosen is selected. */
static void
select_of(req *r, const char *name, const char *label, const char *const *values,
          const char *const *labels, size_t n, const char *chosen)
{
	size_t i;

	buf_printf(r->out, "<label>%s <select name=\"%s\"><option value=\"\">%s</option>", label,
	           name, _("(all)"));
	for (i = 0; i < n; i++) {
		buf_puts(r->out, "<option value=\"");
		serve_esc(r->out, values[i]);
		buf_puts(r->out, "\"");
		if (chosen != NULL && strcmp(chosen, values[i]) == 0)
			buf_puts(r->out, " selected");
		buf_puts(r->out, ">");
		serve_esc(r->out, labels[i]);
		buf_puts(r->out, "</option>");
	}
	buf_puts(r->out, "</select></label>\n");
}

static void
text_input(req *r, const char *name, const char *label, const char *value, const char *ph)
{
	buf_printf(r->out, "<label>%s <input name=\"%s\" value=\"", label, name);
	serve_esc(r->out, value);
	buf_printf(r->out, "\" placeholder=\"%s\"></label>\n", ph);
}

/* The query of the list as it is, without page (and format), HTML-escaped. */
static void
list_query(req *r, buf *out)
{
	static const char *const keep[] = {"goal",   "activity", "indicator", "kind",
	                                   "person", "from",     "to",        "q",
	                                   "sort",   "at",       "rev"};
	size_t i;
	char sep = '?';

	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
		const char *v = given(&r->q, keep[i]);

		if (v == NULL)
			continue;
		buf_printf(out, "%s%s=", sep == '?' ? "?" : "&amp;", keep[i]);
		serve_url(out, v);
		sep = '&';
	}
	if (sep == '?')
		buf_putc(out, '?');
	else
		buf_puts(out, "&amp;");
}

static void
page_events(req *r)
{
	const ledger *l;
	event_filter f;
	const rec_event **ev = NULL;
	const char *v, *sort;
	const char *ind[1];
	size_t n, i, page = 0, npages;
	buf q = BUF_INIT;
	char d[DATE_BUFSZ];
	int csv;

	if (serve_load(r) != 0)
		return;
	l = r->s->l;
	memset(&f, 0, sizeof(f));
	if ((v = given(&r->q, "goal")) != NULL && ledger_goal(l, v) == NULL) {
		serve_fail(r, 400, _("No such goal"),
		           _("The plan has no goal by the id in goal=."));
		return;
	}
	f.goal = v;
	if ((v = given(&r->q, "activity")) != NULL && ledger_activity(l, v) == NULL) {
		serve_fail(r, 400, _("No such activity"),
		           _("The plan has no activity by the id in activity=."));
		return;
	}
	f.activity = v;
	if ((v = given(&r->q, "indicator")) != NULL) {
		if (ledger_indicator(l, v) == NULL) {
			serve_fail(r, 400, _("No such indicator"),
			           _("The plan has no indicator by the id in indicator=."));
			return;
		}
		ind[0] = v;
		f.indicators = ind;
		f.nindicators = 1;
	}
	if ((v = given(&r->q, "kind")) != NULL && (v = event_list_find_kind(l, v)) == NULL) {
		serve_fail(r, 400, _("No such kind of event"),
		           _("The schemas have no event kind by the name in kind=."));
		return;
	}
	f.kind = v;
	if ((v = given(&r->q, "person")) != NULL && ledger_person(l, v) == NULL) {
		serve_fail(r, 400, _("No such person"),
		           _("records/people.yaml has nobody by the id in person=."));
		return;
	}
	f.person = v;
	f.text = given(&r->q, "q");
	if ((v = given(&r->q, "from")) != NULL) {
		if (date_parse(v, strlen(v), &f.from) != 0) {
			serve_fail(r, 400, _("Not a date"),
			           _("Write the dates as YYYY-MM-DD, for example 2019-04-12."));
			return;
		}
		f.has_from = 1;
	}
	if ((v = given(&r->q, "to")) != NULL) {
		if (date_parse(v, strlen(v), &f.to) != 0) {
			serve_fail(r, 400, _("Not a date"),
			           _("Write the dates as YYYY-MM-DD, for example 2019-04-12."));
			return;
		}
		f.has_to = 1;
	}
	/* Events dated after the page's date have not happened yet on it. */
	if (!f.has_to || f.to > r->s->r_at) {
		f.has_to = 1;
		f.to = r->s->r_at;
	}
	sort = given(&r->q, "sort");
	if (sort == NULL)
		sort = "-date";
	sort_desc = sort[0] == '-';
	sort_key = sort + sort_desc;
	if (strcmp(sort_key, "date") != 0 && strcmp(sort_key, "kind") != 0 &&
	    strcmp(sort_key, "title") != 0 && strcmp(sort_key, "responsible") != 0) {
		serve_fail(r, 400, _("Cannot sort so"),
		           _("sort= is date, kind, title or responsible, with a - before it for "
		             "the other way round."));
		return;
	}
	if ((v = given(&r->q, "page")) != NULL) {
		char *end;
		unsigned long p = strtoul(v, &end, 10);

		if (*end != '\0' || !isdigit((unsigned char)*v) || p < 1 || p > 1000000) {
			serve_fail(r, 400, _("No such page"),
			           _("page= is a page number: 1, 2, 3 ..."));
			return;
		}
		page = p - 1;
	}
	v = given(&r->q, "format");
	csv = v != NULL && strcmp(v, "csv") == 0;
	if (v != NULL && !csv) {
		serve_fail(r, 400, _("Unknown format"),
		           _("format= is csv, or left out for the page."));
		return;
	}
	n = event_list_select(l, &f, &ev);
	if (n > 1)
		qsort(ev, n, sizeof(*ev), cmp_events);
	if (csv) {
		event_list_csv(r->out, l, (const rec_event *const *)ev, n, r->en ? ',' : ';');
		r->rs->content_type = "text/csv; charset=utf-8";
		r->rs->disposition = xstrdup("attachment; filename=\"events.csv\"");
		free(ev);
		return;
	}
	npages = (n + PAGE_SIZE - 1) / PAGE_SIZE;
	if (page > 0 && page >= npages) {
		free(ev);
		serve_fail(r, 404, _("No such page"), _("The list has fewer pages than that."));
		return;
	}
	serve_page_begin(r, _("Events"), "events");
	buf_printf(r->out,
	           "<h1>%s</h1>\n<form class=\"filter card\" method=\"get\" "
	           "action=\"/events\">\n",
	           _("Events"));
	{
		const char **vals = xcalloc(l->ngoals + l->nactivities + l->nindicators +
		                                    l->nkinds + l->npeople + 1,
		                            sizeof(*vals));
		const char **labs = xcalloc(l->nkinds + l->npeople + 1, sizeof(*labs));

		for (i = 0; i < l->ngoals; i++)
			vals[i] = l->goals[i].id;
		select_of(r, "goal", _("Goal"), vals, vals, l->ngoals, given(&r->q, "goal"));
		for (i = 0; i < l->nactivities; i++)
			vals[i] = l->activities[i].id;
		select_of(r, "activity", _("Activity"), vals, vals, l->nactivities,
		          given(&r->q, "activity"));
		for (i = 0; i < l->nindicators; i++)
			vals[i] = l->indicators[i].id;
		select_of(r, "indicator", _("Indicator"), vals, vals, l->nindicators,
		          given(&r->q, "indicator"));
		for (i = 0; i < l->nkinds; i++)
			labs[i] = ledger_kind_label(l, l->kinds[i], r->en ? "en" : "sv");
		select_of(r, "kind", _("Kind"), l->kinds, labs, l->nkinds, f.kind);
		for (i = 0; i < l->npeople; i++) {
			vals[i] = l->people[i].id;
			labs[i] = l->people[i].name != NULL ? l->people[i].name : l->people[i].id;
		}
		select_of(r, "person", _("Responsible"), vals, labs, l->npeople,
		          given(&r->q, "person"));
		free(vals);
		free(labs);
	}
	text_input(r, "from", _("From"), given(&r->q, "from"), "YYYY-MM-DD");
	text_input(r, "to", _("To"), given(&r->q, "to"), "YYYY-MM-DD");
	text_input(r, "q", _("Text"), given(&r->q, "q"), "");
	{
		static const char *const sv[] = {"-date", "date", "kind", "title", "responsible"};
		const char *sl[] = {_("newest first"), _("oldest first"), _("kind"), _("title"),
		                    _("responsible")};

		buf_printf(r->out, "<label>%s <select name=\"sort\">", _("Order"));
		for (i = 0; i < 5; i++) {
			buf_printf(r->out, "<option value=\"%s\"%s>%s</option>", sv[i],
			           strcmp(sort, sv[i]) == 0 ? " selected" : "", sl[i]);
		}
		buf_puts(r->out, "</select></label>\n");
	}
	if (r->has_at)
		buf_printf(r->out, "<input type=\"hidden\" name=\"at\" value=\"%s\">",
		           date_format(r->at, d));
	if (r->rev != NULL) {
		buf_puts(r->out, "<input type=\"hidden\" name=\"rev\" value=\"");
		serve_esc(r->out, r->rev);
		buf_puts(r->out, "\">");
	}
	buf_printf(r->out, "<button id=\"filter-go\">%s</button></form>\n", _("Filter"));
	list_query(r, &q);
	buf_printf(r->out, "<p><output id=\"event-count\" data-count=\"%zu\">", n);
	buf_printf(r->out, ngettext("%zu event", "%zu events", n), n);
	buf_printf(r->out, "</output> · <a id=\"csv\" href=\"/events%sformat=csv\">%s</a></p>\n",
	           q.ptr, _("Download as CSV"));
	buf_printf(r->out,
	           "<table class=\"list\" id=\"events\"><thead><tr><th scope=\"col\">%s</th>"
	           "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	           "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
	           _("Date"), _("Title"), _("Kind"), _("Indicators"), _("Responsible"));
	for (i = page * PAGE_SIZE; i < n && i < (page + 1) * PAGE_SIZE; i++) {
		const rec_event *e = ev[i];
		size_t k;

		buf_puts(r->out, "<tr data-event=\"");
		serve_esc(r->out, e->id);
		buf_printf(r->out, "\"><td>%s</td><td><a href=\"/event/",
		           e->has_date ? date_format(e->date, d) : "");
		serve_url(r->out, e->id);
		serve_clocks(r, '?');
		buf_puts(r->out, "\">");
		serve_esc(r->out, e->title != NULL ? e->title : e->id);
		buf_puts(r->out, "</a></td><td>");
		serve_esc(r->out, ledger_kind_label(l, e->kind, r->en ? "en" : "sv"));
		buf_puts(r->out, "</td><td>");
		for (k = 0; k < e->nindicators; k++) {
			if (k > 0)
				buf_puts(r->out, ", ");
			if (e->indicators[k].id != NULL)
				link_id(r, "indicator", e->indicators[k].id);
		}
		buf_puts(r->out, "</td><td>");
		serve_esc(r->out, e->responsible.id);
		buf_puts(r->out, "</td></tr>\n");
	}
	buf_puts(r->out, "</tbody></table>\n<p class=\"pager\">");
	if (page > 0)
		buf_printf(r->out, "<a rel=\"prev\" href=\"/events%spage=%zu\">%s</a>", q.ptr, page,
		           _("Previous page"));
	if (npages > 1)
		buf_printf(r->out, "<span>%s %zu / %zu</span>", _("Page"), page + 1, npages);
	if (page + 1 < npages)
		buf_printf(r->out, "<a rel=\"next\" href=\"/events%spage=%zu\">%s</a>", q.ptr,
		           page + 2, _("Next page"));
	buf_puts(r->out, "</p>\n");
	buf_free(&q);
	free(ev);
	serve_page_end(r);
}

/* ---- One event ---- */

static void
commit_words(req *r, const char *what, const prov_commit *c)
{
	char hex[HIST_HEXSZ + 1], d[DATE_BUFSZ];

	buf_printf(r->out, "<li>%s: <code title=\"%s\">%.12s</code> %s, ", what,
	           hist_oid_fmt(&c->id, hex), hex, date_format(c->day, d));
	serve_esc(r->out, c->author_name);
	buf_puts(r->out, " &lt;");
	serve_esc(r->out, c->author_email);
	buf_puts(r->out, "&gt;; ");
	if (c->approver != NULL) {
		buf_printf(r->out, "%s ", _("approved by"));
		serve_esc(r->out, c->approver);
	} else {
		buf_puts(r->out, _("no approval recorded"));
	}
	buf_puts(r->out, "</li>");
}

static void
field(req *r, const char *term)
{
	buf_printf(r->out, "<dt>%s</dt><dd>", term);
}

static void
page_event(req *r, const char *id)
{
	const ledger *l;
	const rec_event *e;
	const prov_entry *pe;
	long k;
	size_t i;
	char d[DATE_BUFSZ];

	if (serve_load(r) != 0)
		return;
	l = r->s->l;
	k = ledger_event_index(l, id);
	if (k < 0) {
		serve_fail(
		        r, 404, _("No such event"),
		        _("The ledger has no event by this id at this commit; the list of events "
		          "shows them all."));
		return;
	}
	e = &l->events[k];
	serve_page_begin(r, e->title != NULL ? e->title : e->id, "");
	buf_puts(r->out, "<h1>");
	serve_esc(r->out, e->title);
	buf_puts(r->out, "</h1>\n<div class=\"card\"><dl class=\"facts\" id=\"record\">");
	field(r, "id");
	serve_esc(r->out, e->id);
	buf_puts(r->out, "</dd>");
	field(r, _("Date"));
	buf_puts(r->out, e->has_date ? date_format(e->date, d) : "");
	buf_puts(r->out, "</dd>");
	field(r, _("Kind"));
	serve_esc(r->out, ledger_kind_label(l, e->kind, r->en ? "en" : "sv"));
	buf_puts(r->out, "</dd>");
	field(r, _("Indicators"));
	for (i = 0; i < e->nindicators; i++) {
		if (i > 0)
			buf_puts(r->out, ", ");
		if (e->indicators[i].id != NULL)
			link_id(r, "indicator", e->indicators[i].id);
	}
	buf_puts(r->out, "</dd>");
	field(r, _("Responsible"));
	if (e->responsible.id != NULL) {
		const rec_person *p = ledger_person(l, e->responsible.id);

		serve_esc(r->out, p != NULL && p->name != NULL ? p->name : e->responsible.id);
	}
	buf_puts(r->out, "</dd>");
	if (e->participants >= 0) {
		field(r, _("Participants"));
		buf_printf(r->out, "%d</dd>", e->participants);
	}
	if (e->nevidence > 0) {
		field(r, _("Evidence"));
		buf_puts(r->out, "<ul class=\"evidence\">");
		for (i = 0; i < e->nevidence; i++) {
			const char *ref = e->evidence[i].ref != NULL ? e->evidence[i].ref : "";

			buf_puts(r->out, "<li>");
			serve_esc(r->out, e->evidence[i].type);
			buf_puts(r->out, ": ");
			if (strncmp(ref, "https://", 8) == 0 || strncmp(ref, "http://", 7) == 0) {
				buf_puts(r->out, "<a rel=\"noopener noreferrer\" href=\"");
				serve_esc(r->out, ref);
				buf_puts(r->out, "\">");
			} else {
				/* Other references: the events that cite the same one. */
				buf_puts(r->out, "<a href=\"/events?q=");
				serve_url(r->out, ref);
				serve_clocks(r, '&');
				buf_puts(r->out, "\">");
			}
			serve_esc(r->out, ref);
			buf_puts(r->out, "</a></li>");
		}
		buf_puts(r->out, "</ul></dd>");
	}
	if (e->note != NULL) {
		field(r, _("Note"));
		serve_esc(r->out, e->note);
		buf_puts(r->out, "</dd>");
	}
	if (e->supersedes.id != NULL) {
		field(r, _("Corrects"));
		link_id(r, "event", e->supersedes.id);
		if (e->reason != NULL) {
			buf_puts(r->out, ": ");
			serve_esc(r->out, e->reason);
		}
		buf_puts(r->out, "</dd>");
	}
	if (e->exception != NULL) {
		field(r, _("Exception"));
		serve_esc(r->out, e->exception);
		buf_puts(r->out, "</dd>");
	}
	if (e->superseded_by >= 0) {
		field(r, _("Corrected by"));
		link_id(r, "event", l->events[e->superseded_by].id);
		buf_puts(r->out, "</dd>");
	}
	field(r, _("File"));
	buf_puts(r->out, "<code>");
	serve_esc(r->out, e->path);
	buf_puts(r->out, "</code></dd></dl></div>\n");
	buf_printf(r->out, "<section class=\"card\"><h2>%s</h2><ul id=\"history\">", _("History"));
	pe = provenance_find(r->s->prov, e->path);
	if (pe != NULL) {
		commit_words(r, _("Recorded in"), pe->added);
		if (pe->changed != NULL)
			commit_words(r, _("Last changed in"), pe->changed);
	} else {
		buf_printf(r->out, "<li>%s</li>",
		           _("Not on the main line's history at this commit (on a branch, or "
		             "recorded directly)."));
	}
	if (e->superseded_by >= 0) {
		buf_printf(r->out, "<li>%s ", _("Corrected by"));
		link_id(r, "event", l->events[e->superseded_by].id);
		buf_puts(r->out, "</li>");
	}
	buf_puts(r->out, "</ul></section>\n");
	serve_page_end(r);
}

/* ---- The checks and the routing ---- */

static int
host_ok(const serve *s, const char *host)
{
	return host != NULL && ((s->cfg.host != NULL && strcmp(host, s->cfg.host) == 0) ||
	                        (s->cfg.alt_host != NULL && strcmp(host, s->cfg.alt_host) == 0));
}

/* Whether url is http://HOST or starts with http://HOST/ for a served host. */
static int
same_origin(const serve *s, const char *url, int exact)
{
	const char *hosts[2] = {s->cfg.host, s->cfg.alt_host};
	size_t i;

	for (i = 0; i < 2; i++) {
		size_t n;

		if (hosts[i] == NULL || strncmp(url, "http://", 7) != 0)
			continue;
		n = strlen(hosts[i]);
		if (strncmp(url + 7, hosts[i], n) == 0 &&
		    (url[7 + n] == '\0' || (!exact && url[7 + n] == '/')))
			return 1;
	}
	return 0;
}

/* Compares in time independent of where they differ. */
static int
token_equal(const char *a, const char *b)
{
	size_t n = strlen(b), i;
	unsigned char d = 0;

	if (a == NULL || strlen(a) != n)
		return 0;
	for (i = 0; i < n; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

static void
route(req *r)
{
	const char *p = r->path;
	int post = strcmp(r->rq->method, "POST") == 0;

	if (post) {
		if (r->rq->origin != NULL
		            ? !same_origin(r->s, r->rq->origin, 1)
		            : r->rq->referer == NULL || !same_origin(r->s, r->rq->referer, 0)) {
			serve_fail(r, 403, _("Refused"),
			           _("A form is taken only from this server's own pages."));
			return;
		}
		if (r->rq->content_type == NULL ||
		    strncmp(r->rq->content_type, "application/x-www-form-urlencoded", 33) != 0) {
			serve_fail(r, 415, _("Refused"), _("The form was not sent as a form."));
			return;
		}
		if (params_parse(&r->f, r->rq->body != NULL ? r->rq->body : "", r->rq->body_len) !=
		    0) {
			serve_fail(r, 400, _("Bad form"), _("The form's data cannot be read."));
			return;
		}
		if (r->s->cfg.token == NULL ||
		    !token_equal(serve_param(&r->f, "token"), r->s->cfg.token)) {
			serve_fail(
			        r, 403, _("Refused"),
			        _("The form is out of date or not from this server; open the page "
			          "again and send it from there."));
			return;
		}
		if (!serve_writable(r->s)) {
			serve_fail(
			        r, 403, _("Read-only"),
			        _("This server shows the ledger only: it runs in a bare repository "
			          "or was started with --read-only."));
			return;
		}
		if (strcmp(p, "/new") == 0)
			serve_page_new_post(r);
		else if (strcmp(p, "/approve") == 0)
			serve_page_approve_post(r);
		else
			serve_fail(r, 404, _("No such page"),
			           _("Nothing is sent to this address."));
		return;
	}
	if (strcmp(p, "/") == 0)
		page_overview(r);
	else if (strcmp(p, "/events") == 0)
		page_events(r);
	else if (strncmp(p, "/indicator/", 11) == 0 && p[11] != '\0')
		page_indicator(r, p + 11);
	else if (strncmp(p, "/event/", 7) == 0 && p[7] != '\0')
		page_event(r, p + 7);
	else if (strcmp(p, "/new") == 0)
		serve_page_new(r);
	else if (strcmp(p, "/review") == 0)
		serve_page_review(r);
	else
		serve_fail(
		        r, 404, _("No such page"),
		        _("There is no page at this address. The overview links to every page."));
}

void
serve_handle(serve *s, const serve_request *rq, serve_response *rs)
{
	req r;
	buf path = BUF_INIT;
	const char *t = rq->target != NULL ? rq->target : "", *qm, *v;

	memset(rs, 0, sizeof(*rs));
	buf_init(&rs->body);
	rs->status = 200;
	rs->content_type = "text/html; charset=utf-8";
	memset(&r, 0, sizeof(r));
	r.s = s;
	r.rq = rq;
	r.rs = rs;
	r.out = &rs->body;
	r.en = s->cfg.lang == REPORT_EN;
	r.path = "";
	if (!host_ok(s, rq->host)) {
		r.stranger = 1;
		serve_fail(&r, 421, _("Wrong address"),
		           _("This server answers only under the address it was started with; "
		             "open it by that address."));
		goto done;
	}
	if (rq->method == NULL ||
	    (strcmp(rq->method, "GET") != 0 && strcmp(rq->method, "HEAD") != 0 &&
	     strcmp(rq->method, "POST") != 0)) {
		serve_fail(&r, 405, _("Not allowed"),
		           _("Pages are read with GET and sent with POST."));
		goto done;
	}
	if (t[0] != '/') {
		serve_fail(&r, 400, _("Bad address"), _("The address must start with /."));
		goto done;
	}
	qm = strchr(t, '?');
	if (serve_decode(t, qm != NULL ? (size_t)(qm - t) : strlen(t), &path) != 0 ||
	    strchr(path.ptr, '\n') != NULL) {
		serve_fail(&r, 400, _("Bad address"), _("The address cannot be read."));
		goto done;
	}
	r.path = path.ptr;
	if (qm != NULL && params_parse(&r.q, qm + 1, strlen(qm + 1)) != 0) {
		serve_fail(
		        &r, 400, _("Bad address"),
		        _("The address's query (after ?) cannot be read: a % not followed by two "
		          "hexadecimal digits, or characters that are not text."));
		goto done;
	}
	if ((v = given(&r.q, "at")) != NULL) {
		if (date_parse(v, strlen(v), &r.at) != 0) {
			serve_fail(&r, 400, _("Not a date"),
			           _("at= is a date written YYYY-MM-DD, for example 2020-06-30."));
			goto done;
		}
		r.has_at = 1;
	}
	if ((v = given(&r.q, "rev")) != NULL) {
		if (!rev_ok(v)) {
			serve_fail(&r, 400, _("Not a commit"),
			           _("rev= is a commit id or a branch name such as main."));
			goto done;
		}
		r.rev = v;
	}
	route(&r);
done:
	if (rq->method != NULL && strcmp(rq->method, "HEAD") == 0)
		buf_reset(&rs->body);
	params_free(&r.q);
	params_free(&r.f);
	buf_free(&path);
}
