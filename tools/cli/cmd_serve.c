/*
 * plan serve [--port 8150] [--bind 127.0.0.1] [--open] [--read-only] [--lang sv|en]
 * The ledger in a browser: libmicrohttpd carries the requests to the
 * pages of tools/lib/serve, one at a time, until Ctrl-C. It listens on
 * 127.0.0.1 unless told otherwise; each run makes a new secret token that
 * every form carries.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "cli.h"
#include "serve/serve.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* The pages, once the server knows its address. */
static serve *holder;

typedef struct conn {
	char *target; /* the request target as sent */
	buf body;
	int too_big;
	int started;
} conn;

static void *
uri_log(void *cls, const char *uri, struct MHD_Connection *c)
{
	conn *k = xcalloc(1, sizeof(*k));

	(void)cls;
	(void)c;
	k->target = xstrdup(uri != NULL ? uri : "");
	buf_init(&k->body);
	return k;
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	conn *k = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (k == NULL)
		return;
	buf_free(&k->body);
	free(k->target);
	free(k);
	*con_cls = NULL;
}

static enum MHD_Result
answer(void *cls, struct MHD_Connection *c, const char *url, const char *method,
       const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	serve *s = __atomic_load_n(&holder, __ATOMIC_ACQUIRE);
	conn *k = *con_cls;
	serve_request rq;
	serve_response rs;
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t i;

	(void)cls;
	(void)url;
	(void)version;
	if (k == NULL)
		return MHD_NO;
	if (!k->started) {
		k->started = 1;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (k->body.len + *upload_data_size > SERVE_MAX_BODY)
			k->too_big = 1;
		else
			buf_put(&k->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	memset(&rq, 0, sizeof(rq));
	rq.method = method;
	rq.target = k->target;
	rq.host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	rq.origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	rq.referer = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_REFERER);
	rq.content_type =
	        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	rq.body = k->body.ptr;
	rq.body_len = k->body.len;
	if (s == NULL || k->too_big) {
		memset(&rs, 0, sizeof(rs));
		buf_init(&rs.body);
		rs.status = s == NULL ? 503 : 413;
		rs.content_type = "text/plain; charset=utf-8";
		buf_puts(&rs.body, s == NULL ? _("Starting; try again in a moment.")
		                             : _("The form is too large."));
		buf_putc(&rs.body, '\n');
	} else {
		serve_handle(s, &rq, &rs);
	}
	resp = MHD_create_response_from_buffer(rs.body.len, rs.body.ptr != NULL ? rs.body.ptr : "",
	                                       MHD_RESPMEM_MUST_COPY);
	if (resp == NULL) {
		serve_response_free(&rs);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rs.content_type);
	for (i = 0; serve_headers[i][0] != NULL; i++)
		MHD_add_response_header(resp, serve_headers[i][0], serve_headers[i][1]);
	if (rs.location != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, rs.location);
	if (rs.disposition != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, rs.disposition);
	ret = MHD_queue_response(c, (unsigned)rs.status, resp);
	MHD_destroy_response(resp);
	serve_response_free(&rs);
	return ret;
}

/* A new secret: 32 hex digits from the kernel's random source. */
static int
make_token(char out[33])
{
	unsigned char raw[16];
	size_t i;

	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
		return -1;
	for (i = 0; i < sizeof(raw); i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
	return 0;
}

int
cmd_serve(int argc, char **argv)
{
	static const cli_option opts[] = {{"port", 'p', 1},    {"bind", 0, 1}, {"open", 0, 0},
	                                  {"read-only", 0, 0}, {"lang", 0, 1}, {NULL, 0, 0}};
	const char *bind = "127.0.0.1", *val;
	unsigned long port = 8150;
	int open_it = 0, opt, status = EXIT_TROUBLE, sig;
	history *h = NULL;
	struct MHD_Daemon *d = NULL;
	struct sockaddr_in addr;
	serve_config cfg;
	char token[33], *host = NULL, *alt = NULL, *self = NULL, *cache = NULL, *end;
	sigset_t stop;
	const union MHD_DaemonInfo *info;
	cli_args a;

	memset(&cfg, 0, sizeof(cfg));
	cfg.lang = cli_swedish() ? REPORT_SV : REPORT_EN;
	cli_args_init(&a, "serve", argc, argv, opts);
	while ((opt = cli_next(&a, &val)) != CLI_ARGS_END) {
		if (opt == CLI_ARGS_HELP) {
			cli_print_usage(stdout, "serve");
			status = EXIT_OK;
			goto done;
		}
		if (opt == CLI_ARGS_ERROR)
			goto done;
		if (opt == 0) {
			errno = 0;
			port = strtoul(val, &end, 10);
			if (*val == '\0' || *end != '\0' || errno != 0 || port > 65535) {
				cli_usage_error(a.cmd,
				                _("--port is a number from 1 to 65535 (0: any free "
				                  "one), not '%s'"),
				                val);
				goto done;
			}
		}
		if (opt == 1)
			bind = val;
		if (opt == 2)
			open_it = 1;
		if (opt == 3)
			cfg.read_only = 1;
		if (opt == 4) {
			if (strcmp(val, "sv") == 0)
				cfg.lang = REPORT_SV;
			else if (strcmp(val, "en") == 0)
				cfg.lang = REPORT_EN;
			else {
				cli_usage_error(a.cmd, _("--lang is sv or en, not '%s'"), val);
				goto done;
			}
		}
	}
	if (a.npos > 0) {
		cli_usage_error(a.cmd, _("unexpected argument '%s'"), a.pos[0]);
		goto done;
	}
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, bind, &addr.sin_addr) != 1) {
		cli_usage_error(a.cmd, _("--bind is an IPv4 address such as 127.0.0.1, not '%s'"),
		                bind);
		goto done;
	}
	if (cli_open_history(&h, "serve") != 0)
		goto done;
	if (make_token(token) != 0) {
		cli_error(_("no random numbers for the server's secret: %s"), strerror(errno));
		goto done;
	}
	self = cli_self_path();
	cache = cli_cache_dir(h);
	/* Signals stop the server; the daemon's thread must not take them. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, (uint16_t)port, NULL, NULL, answer,
	                     NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
	                     MHD_OPTION_URI_LOG_CALLBACK, uri_log, NULL,
	                     MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	                     MHD_OPTION_CONNECTION_LIMIT, (unsigned)64,
	                     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_END);
	if (d == NULL) {
		cli_error(_("cannot listen on %s port %lu (is another server using it? choose "
		            "another "
		            "with --port)"),
		          bind, port);
		goto done;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (info != NULL && info->port != 0)
		port = info->port;
	host = xasprintf("%s:%lu", bind, port);
	if (strcmp(bind, "127.0.0.1") == 0)
		alt = xasprintf("localhost:%lu", port);
	/* The pages know their own address only now; until then they answer 503. */
	cfg.host = host;
	cfg.alt_host = alt;
	cfg.token = token;
	cfg.plan_path = self;
	cfg.workdir = history_workdir(h);
	cfg.cache_dir = cache;
	__atomic_store_n(&holder, serve_new(h, &cfg), __ATOMIC_RELEASE);
	printf(_("plan serve: http://%s/ (%s; Ctrl-C stops it)\n"), host,
	       cfg.workdir == NULL || cfg.read_only ? _("read-only")
	                                            : _("recording and approving on"));
	fflush(stdout);
	if (strcmp(bind, "127.0.0.1") != 0 && strcmp(bind, "::1") != 0)
		fprintf(stderr,
		        _("plan serve: warning: listening on %s: anyone who can reach this "
		          "address may read the ledger\n"),
		        bind);
	if (open_it) {
		char *url = xasprintf("http://%s/", host);
		const char *const xdg[] = {"xdg-open", url, NULL};

		if (cli_run(NULL, xdg) != 0)
			fprintf(stderr, _("plan serve: open http://%s/ in your browser\n"), host);
		free(url);
	}
	while (sigwait(&stop, &sig) != 0)
		;
	status = EXIT_OK;
done:
	if (d != NULL)
		MHD_stop_daemon(d);
	serve_free(holder);
	holder = NULL;
	history_free(h);
	free(host);
	free(alt);
	free(self);
	free(cache);
	cli_args_free(&a);
	return status;
}
