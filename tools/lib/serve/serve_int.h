/* What the files of serve share: the server, one request's state, page pieces. */
#ifndef PLAN_SERVE_INT_H
#define PLAN_SERVE_INT_H

#include "audit/provenance.h"
#include "ledger/fulfil.h"
#include "ledger/records.h"
#include "serve/serve.h"

enum { SERVE_MAX_PARAMS = 200 };

typedef struct params {
	char *k[SERVE_MAX_PARAMS];
	char *v[SERVE_MAX_PARAMS];
	size_t n;
} params;

struct serve {
	history *h;
	serve_config cfg; /* the strings owned */
	/* The ledger of the last commit asked for. */
	int loaded;
	hist_oid oid;
	char hex[HIST_HEXSZ + 1];
	ledger *l;
	provenance *prov;
	size_t errors;
	date_days commit_day;
	/* Fulfilment on the last date asked for, of that ledger. */
	fulfil_result *r;
	date_days r_at;
	/* The share-of-met chart of that ledger and date. */
	buf share;
	date_days share_at;
	int have_share;
	/* The overview's body as last rendered, and what it was rendered for
	 * (commit, date, language and the clocks its links carry). */
	buf overview;
	buf overview_key;
};

typedef struct req {
	serve *s;
	const serve_request *rq;
	serve_response *rs;
	buf *out;
	params q, f;
	const char *path; /* the target's path, decoded */
	const char *rev;  /* ?rev=, or NULL */
	date_days at;
	int has_at;
	report_ctx rc;
	int en;
	int stranger; /* a request for another host: its pages tell nothing of the ledger */
} req;

/* The value of a parameter, or NULL. */
const char *serve_param(const params *p, const char *key);
/* Appends s escaped for HTML. */
void serve_esc(buf *out, const char *s);
/* Appends s percent-encoded for a URL's query. */
void serve_url(buf *out, const char *s);
/* Appends "at=...&rev=..." as the request has them (HTML-escaped, starting with sep). */
void serve_clocks(req *r, char sep);
/* The page's start (title escaped; tab names the navigation's current one) and end. */
void serve_page_begin(req *r, const char *title, const char *tab);
void serve_page_end(req *r);
/* An error page: status, a heading and a sentence (both escaped). */
void serve_fail(req *r, int status, const char *title, const char *what);
/* Loads the ledger and fulfilment the request asks for; on failure the response is set, -1. */
int serve_load(req *r);
/* Whether writing pages are on. */
int serve_writable(const serve *s);

/* The writing pages (serve_write.c). */
void serve_page_new(req *r);
void serve_page_new_post(req *r);
void serve_page_review(req *r);
void serve_page_approve_post(req *r);

#endif
