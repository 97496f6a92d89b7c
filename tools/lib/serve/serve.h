/*
 * serve: the ledger as web pages (plan serve). A request goes in as a
 * serve_request and comes out as a status and a body; the HTTP server
 * around it (libmicrohttpd, in tools/cli/cmd_serve.c) only carries bytes,
 * so every page and every check can be tested without a socket.
 *
 * Security: a request whose Host header is not the served host:port is
 * refused (DNS rebinding); a POST needs the per-process token in its form
 * and an Origin (or, without one, a Referer) of the served host; every
 * value from the records or the request is escaped; nothing of a request
 * names a file: pages look records up by id in the loaded ledger, and a
 * ?rev= is a Git revision of a plain shape. Writing (a new event, an
 * approval) is off in a bare repository and when the server was started
 * read-only. Bad requests get a page that says what is wrong and a 4xx.
 *
 * Nothing here prints. Not thread-safe: one request at a time.
 */
#ifndef PLAN_SERVE_H
#define PLAN_SERVE_H

#include <stddef.h>

#include "report/report.h"
#include "store/history.h"
#include "util/buf.h"
#include "util/date.h"

typedef struct serve_config {
	const char *host;      /* the Host header the pages are served under: "127.0.0.1:8150" */
	const char *alt_host;  /* another accepted one ("localhost:8150"), or NULL */
	const char *token;     /* the per-process secret every form carries */
	const char *plan_path; /* this program, run for writes (plan add event, plan approve) */
	const char *workdir;   /* the clone's work tree (ends in '/'), or NULL when bare */
	const char *cache_dir; /* $GIT_DIR/plan, for the ledger caches, or NULL */
	int read_only;         /* no writing pages even in a clone */
	report_lang lang;
} serve_config;

typedef struct serve_request {
	const char *method; /* "GET", "HEAD", "POST", ... */
	const char *target; /* the request target as sent: "/events?goal=M1" */
	const char *host;   /* the headers, NULL when absent */
	const char *origin;
	const char *referer;
	const char *content_type;
	const char *body; /* a POST's body (application/x-www-form-urlencoded) */
	size_t body_len;
} serve_request;

typedef struct serve_response {
	int status;
	const char *content_type; /* static */
	buf body;
	char *location;    /* a redirect's target, or NULL */
	char *disposition; /* Content-Disposition for a download, or NULL */
} serve_response;

typedef struct serve serve;

/* A server on h (borrowed; it must outlive the server). cfg's strings are copied. */
serve *serve_new(history *h, const serve_config *cfg);
void serve_free(serve *s);

/* Answers one request. rs is initialised here; free it with serve_response_free. */
void serve_handle(serve *s, const serve_request *rq, serve_response *rs);
void serve_response_free(serve_response *rs);

/* The largest POST body accepted, in bytes. */
enum { SERVE_MAX_BODY = 65536 };

/*
 * Percent-decodes len bytes of a query string or form body component ('+'
 * is a space) into out. Returns 0, or -1 when a '%' is not followed by two
 * hex digits, the result holds a NUL or a control character other than tab
 * and line breaks, or it is not UTF-8.
 */
int serve_decode(const char *s, size_t len, buf *out);

/* The extra response headers every page gets (security policy), as name/value pairs. */
extern const char *const serve_headers[][2];

#endif
