/*
 * plan list [--date DATE] [--indicator ID] [--format text|json] WHAT: the
 * indicators, event kinds, people or commands, one to a line with a
 * description after a tab, for people choosing what to type and for the
 * shell's completion.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "util/i18n.h"
#include "ledger/event_write.h"
#include "util/buf.h"
#include "util/xalloc.h"

typedef struct lister {
	cli_format fmt;
	buf out;
	size_t n;
} lister;

static void
item(lister *li, const char *id, const char *description)
{
	if (description == NULL)
		description = "";
	if (li->fmt == FMT_TEXT) {
		/* One line each, whatever the description holds. */
		const char *p;

		buf_printf(&li->out, "%s\t", id);
		for (p = description; *p != '\0'; p++)
			buf_putc(&li->out, *p == '\n' || *p == '\t' ? ' ' : *p);
		buf_putc(&li->out, '\n');
	} else {
		buf_puts(&li->out, li->n ? ",\n  {\"id\":" : "\n  {\"id\":");
		buf_put_json_str(&li->out, id, strlen(id));
		buf_puts(&li->out, ",\"description\":");
		buf_put_json_str(&li->out, description, strlen(description));
		buf_putc(&li->out, '}');
	}
	li->n++;
}

/* 1 when the kind counts toward any indicator of the comma-separated list. */
static int
counts_toward(const ledger *l, const char *kind, const char *list)
{
	const char *p = list;
	int yes = 0;

	while (*p != '\0' && !yes) {
		size_t n = strcspn(p, ", ");

		if (n > 0) {
			char *id = event_write_indicator_id(p, n);
			const rec_indicator *ind = ledger_indicator(l, id);

			yes = ind != NULL && ledger_kind_counts(ind, kind);
			free(id);
		}
		p += n;
		p += strspn(p, ", ");
	}
	return yes;
}

static void
list_ledger(lister *li, const ledger *l, const char *what, int has_date, date_days date,
            const char *indicator)
{
	const char *lang = cli_swedish() ? "sv" : "en";
	size_t i;

	if (strcmp(what, "indicators") == 0) {
		for (i = 0; i < l->nindicators; i++)
			if (l->indicators[i].id != NULL &&
			    (!has_date || ledger_indicator_runs_on(l, &l->indicators[i], date)))
				item(li, l->indicators[i].id, l->indicators[i].text);
	} else if (strcmp(what, "kinds") == 0) {
		for (i = 0; i < l->nkinds; i++)
			if (indicator == NULL || counts_toward(l, l->kinds[i], indicator))
				item(li, l->kinds[i], ledger_kind_label(l, l->kinds[i], lang));
	} else {
		for (i = 0; i < l->npeople; i++)
			item(li, l->people[i].id, l->people[i].name);
	}
}

int
cmd_list(int argc, char **argv)
{
	static const cli_option opts[] = {
	        {"date", 0, 1}, {"indicator", 0, 1}, {"format", 0, 1}, {NULL, 0, 0}};
	static const char *const whats[] = {"indicators", "kinds", "people", "commands"};
	lister li;
	ledger *l = NULL;
	const char *val, *indicator = NULL, *what;
	date_days date = 0;
	int opt, has_date = 0, rc = EXIT_TROUBLE;
	size_t i;
	cli_args a;

	/* Events have options of their own: plan list events [OPTIONS]. */
	if (argc > 1 && strcmp(argv[1], "events") == 0)
		return cmd_list_events(argc - 1, argv + 1);
	memset(&li, 0, sizeof(li));
	li.fmt = FMT_TEXT;
	cli_args_init(&a, "list", argc, argv, opts);
	while ((opt = cli_next(&a, &val)) != CLI_ARGS_END) {
		if (opt == CLI_ARGS_HELP) {
			cli_print_usage(stdout, "list");
			rc = EXIT_OK;
			goto done;
		}
		if (opt == CLI_ARGS_ERROR)
			goto done;
		if (opt == 0 && cli_parse_date(a.cmd, "--date", val, &date) != 0)
			goto done;
		has_date |= opt == 0;
		if (opt == 1)
			indicator = val;
		if (opt == 2 && cli_parse_format(a.cmd, val, FMT_TEXT | FMT_JSON, &li.fmt) != 0)
			goto done;
	}
	for (i = 0; a.npos == 1 && i < sizeof(whats) / sizeof(whats[0]); i++)
		if (strcmp(a.pos[0], whats[i]) == 0)
			break;
	if (a.npos != 1 || i == sizeof(whats) / sizeof(whats[0])) {
		cli_usage_error(a.cmd, "say what to list: events, indicators, kinds, people or "
		                       "commands (options of 'events' go after the word)");
		goto done;
	}
	what = whats[i];
	if (strcmp(what, "commands") == 0) {
		size_t n;
		const cli_cmd *c = cli_commands(&n);

		for (i = 0; i < n; i++)
			item(&li, c[i].name, _(c[i].summary));
	} else {
		if (cli_load_worktree(&l, NULL) != 0)
			goto done;
		list_ledger(&li, l, what, has_date, date, indicator);
	}
	if (li.fmt == FMT_JSON) {
		printf("{\"%s\":[%s%s]}\n", what, buf_cstr(&li.out), li.n ? "\n" : "");
	} else {
		fputs(buf_cstr(&li.out), stdout);
	}
	rc = EXIT_OK;
done:
	ledger_free(l);
	buf_free(&li.out);
	cli_args_free(&a);
	return rc;
}
