#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "util/buf.h"
#include "util/i18n.h"

static const char *
format_name(cli_format f)
{
	switch (f) {
	case FMT_TEXT: return "text";
	case FMT_JSON: return "json";
	case FMT_CSV: return "csv";
	case FMT_MD: return "md";
	case FMT_XLSX: return "xlsx";
	case FMT_GNU: return "gnu";
	}
	return "?";
}

int
cli_parse_format(const char *cmd, const char *value, unsigned allowed, cli_format *out)
{
	static const cli_format all[] = {FMT_TEXT, FMT_JSON, FMT_CSV, FMT_MD, FMT_XLSX, FMT_GNU};
	buf choices = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (!(allowed & all[i]))
			continue;
		if (strcmp(value, format_name(all[i])) == 0) {
			*out = all[i];
			buf_free(&choices);
			return 0;
		}
		buf_printf(&choices, "%s%s", choices.len ? ", " : "", format_name(all[i]));
	}
	cli_usage_error(cmd, "unknown format '%s' (choose one of: %s)", value, buf_cstr(&choices));
	buf_free(&choices);
	return -1;
}

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s %s: ", cli_progname, cmd);
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fprintf(stderr, _("\n(see '%s %s --help')\n"), cli_progname, cmd);
	return EXIT_TROUBLE;
}

int
cli_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, _("%s: error: "), cli_progname);
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_TROUBLE;
}

int
cli_is_help(const char *s)
{
	return strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0;
}

static int print_findings(FILE *out, const diag_list *l, cli_format fmt, size_t files);

void
cli_findings_json(buf *b, const diag_list *l)
{
	size_t i, warnings = 0;

	buf_puts(b, "\"findings\":[");
	for (i = 0; i < l->n; i++) {
		const diag *d = &l->items[i];

		if (d->severity == DIAG_WARNING)
			warnings++;
		buf_puts(b, i ? ",\n  {\"path\":" : "\n  {\"path\":");
		buf_put_json_str(b, d->path, strlen(d->path));
		buf_printf(b, ",\"line\":%u,\"column\":%u,\"severity\":\"%s\",\"rule\":", d->line,
			   d->col, d->severity == DIAG_ERROR ? "error" : "warning");
		buf_put_json_str(b, d->rule, strlen(d->rule));
		buf_puts(b, ",\"message\":");
		buf_put_json_str(b, d->message, strlen(d->message));
		if (d->pointer != NULL) {
			buf_puts(b, ",\"pointer\":");
			buf_put_json_str(b, d->pointer, strlen(d->pointer));
		}
		if (d->schema_loc != NULL) {
			buf_puts(b, ",\"schema\":");
			buf_put_json_str(b, d->schema_loc, strlen(d->schema_loc));
		}
		buf_putc(b, '}');
	}
	buf_printf(b, "%s],\"errors\":%zu,\"warnings\":%zu", l->n ? "\n" : "", l->n - warnings,
		   warnings);
}

static void
print_json(FILE *out, const diag_list *l)
{
	buf b = BUF_INIT;

	buf_putc(&b, '{');
	cli_findings_json(&b, l);
	buf_puts(&b, "}\n");
	fwrite(b.ptr, 1, b.len, out);
	buf_free(&b);
}

int
cli_print_findings(FILE *out, diag_list *l, cli_format fmt, size_t files)
{
	diag_sort(l);
	return print_findings(out, l, fmt, files);
}

int
cli_print_findings_in_order(FILE *out, diag_list *l, cli_format fmt)
{
	return print_findings(out, l, fmt, 0);
}

/*
 * Where findings' paths are shown from: the current folder's path below the
 * ledger's root ("records/events/", or "" at the root), as git status shows
 * paths. NULL shows them from the root (plan check --full-name).
 */
static const char *display_prefix;

void
cli_set_display_prefix(const char *prefix)
{
	display_prefix = prefix;
}

/* PATH (from the ledger's root) as seen from display_prefix; into *tmp. */
static const char *
display_path(const char *path, buf *tmp)
{
	const char *p = path, *q = display_prefix;

	if (q == NULL || *q == '\0')
		return path;
	/* Drop the folders the two share, whole names only. */
	for (;;) {
		const char *ps = strchr(p, '/'), *qs = strchr(q, '/');

		if (ps == NULL || qs == NULL || ps - p != qs - q || memcmp(p, q, (size_t)(ps - p)) != 0)
			break;
		p = ps + 1;
		q = qs + 1;
	}
	buf_reset(tmp);
	for (; *q != '\0'; q++)
		if (*q == '/')
			buf_puts(tmp, "../");
	buf_puts(tmp, p);
	return buf_cstr(tmp);
}

static int
print_findings(FILE *out, const diag_list *l, cli_format fmt, size_t files)
{
	buf shown_path = BUF_INIT;
	size_t i, errors, shown = 0, in_file = 0;

	errors = diag_errors(l);
	if (fmt == FMT_JSON) {
		print_json(out, l);
		return errors ? EXIT_FINDINGS : EXIT_OK;
	}
	for (i = 0; i < l->n; i++) {
		const diag *d = &l->items[i];
		const char *sev = d->severity == DIAG_ERROR ? _("error") : _("warning");
		const char *path = display_path(d->path, &shown_path);

		if (i == 0 || strcmp(d->path, l->items[i - 1].path) != 0)
			in_file = 0;
		if (shown == CLI_FINDINGS_PER_RUN) {
			fprintf(out, ngettext("... and %zu more finding not shown; correct the ones above "
					      "and run the check again\n",
					      "... and %zu more findings not shown; correct the ones above "
					      "and run the check again\n", l->n - i),
				l->n - i);
			break;
		}
		/* A last single finding takes the line that would say "1 more". */
		if (in_file++ == CLI_FINDINGS_PER_FILE && i + 1 < l->n &&
		    strcmp(l->items[i + 1].path, d->path) == 0) {
			size_t more = 1;

			while (i + more < l->n && strcmp(l->items[i + more].path, d->path) == 0)
				more++;
			fprintf(out, ngettext("%s: ... and %zu more finding in this file not shown\n",
					      "%s: ... and %zu more findings in this file not shown\n", more),
				path, more);
			shown++;
			i += more - 1;
			continue;
		}
		shown++;
		if (fmt == FMT_GNU) {
			/* Vim's and Emacs's patterns for GCC read the type after the position. */
			if (d->line == 0)
				fprintf(out, "%s: %s: %s [%s]\n", path, sev, d->message, d->rule);
			else if (d->col == 0)
				fprintf(out, "%s:%u: %s: %s [%s]\n", path, d->line, sev, d->message,
				        d->rule);
			else
				fprintf(out, "%s:%u:%u: %s: %s [%s]\n", path, d->line, d->col, sev,
				        d->message, d->rule);
		} else if (d->line == 0)
			fprintf(out, "%s: %s[%s]: %s\n", path, sev, d->rule, d->message);
		else if (d->col == 0)
			fprintf(out, "%s:%u: %s[%s]: %s\n", path, d->line, sev, d->rule,
				d->message);
		else
			fprintf(out, "%s:%u:%u: %s[%s]: %s\n", path, d->line, d->col, sev,
				d->rule, d->message);
	}
	buf_free(&shown_path);
	if (files > 0 && (l->n > 0 || files > 1))
	{
		fprintf(out, ngettext("%zu error", "%zu errors", errors), errors);
		fprintf(out, ngettext(", %zu warning", ", %zu warnings", l->n - errors), l->n - errors);
		fprintf(out, ngettext(" in %zu file\n", " in %zu files\n", files), files);
	}
	else if (files == 0 && l->n > 0)
	{
		fprintf(out, ngettext("%zu error", "%zu errors", errors), errors);
		fprintf(out, ngettext(", %zu warning\n", ", %zu warnings\n", l->n - errors), l->n - errors);
	}
	return errors ? EXIT_FINDINGS : EXIT_OK;
}

int
cli_parse_date(const char *cmd, const char *opt, const char *value, date_days *out)
{
	if (date_parse(value, strlen(value), out) == 0)
		return 0;
	cli_usage_error(cmd, "%s needs a date written YYYY-MM-DD, such as 2019-04-12; '%s' is "
			     "not one",
			opt, value);
	return -1;
}
