/*
 * plan import FILE.csv|FILE.xlsx [--sheet NAME] [--map MAP.yaml] [--dry-run]
 *                               [--skip-bad] [--commit]
 * One event per row of a spreadsheet, each checked as 'plan add event'
 * checks one, all rows together against each other and the ledger; nothing
 * is written unless every row passes (or --skip-bad writes the good ones).
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "store/store.h"
#include "cli.h"
#include "ledger/event_import.h"
#include "ledger/event_write.h"
#include "sheet/sheet.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsutil.h"
#include "util/xalloc.h"
#include "util/i18n.h"

/* A spreadsheet file may be this large. */
enum { IMPORT_MAX_BYTES = 64 << 20 };

/* 1 when the file is a ZIP archive (an XLSX workbook), by its first bytes or its name. */
static int
is_workbook(const char *path, const buf *data)
{
	size_t n = strlen(path);

	if (data->len >= 4 && memcmp(data->ptr, "PK\x03\x04", 4) == 0)
		return 1;
	return n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0;
}

static int
read_sheet(sheet **s, const char *path, const char *name)
{
	buf data = BUF_INIT;
	int too_big = 0, rc;

	if (fsutil_read_file(path, IMPORT_MAX_BYTES, &data, &too_big) != 0) {
		buf_free(&data);
		return cli_error("%s", error_last());
	}
	if (too_big) {
		buf_free(&data);
		return cli_error("%s is larger than 64 MiB; split it into several files", path);
	}
	if (is_workbook(path, &data))
		rc = sheet_xlsx_read(s, path, name);
	else if (name != NULL) {
		buf_free(&data);
		return cli_usage_error("import", "--sheet is for Excel workbooks (.xlsx); %s is a "
		                                 "CSV file, which has one sheet",
		                       path);
	} else
		rc = sheet_csv_read(s, data.ptr, data.len);
	buf_free(&data);
	if (rc != 0) {
		fprintf(stderr, "%s: error[import]: %s\n", path, error_last());
		fprintf(stderr, _("%s import: nothing was imported\n"), cli_progname);
		return EXIT_FINDINGS;
	}
	return 0;
}

/*
 * Writes the new rows' files; on a failure, removes the ones written and
 * returns -1. Temporary files go to $GIT_DIR/plan/tmp, as add event's do,
 * so that a kill leaves nothing under records/.
 */
static int
write_rows(import_plan *p, const char *root, history *h)
{
	sigset_t block, old;
	char *plan_dir = h != NULL ? cli_plan_dir(h) : NULL;
	char *tmp_dir = plan_dir != NULL ? xasprintf("%s/tmp", plan_dir) : NULL;
	size_t i, k;
	int rc = 0;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &old);
	for (i = 0; i < p->nrows && rc == 0; i++) {
		import_row *r = &p->rows[i];
		int exists = 0;

		if (r->state != IMPORT_NEW)
			continue;
		if (event_write_file(root, r->path, r->text.ptr, r->text.len, tmp_dir, &exists) != 0) {
			cli_error("row %u could not be written, so nothing was imported: %s", r->row,
			          error_last());
			for (k = 0; k < i; k++)
				if (p->rows[k].state == IMPORT_NEW) {
					char *full = xasprintf("%s%s", root, p->rows[k].path);

					unlink(full);
					free(full);
				}
			rc = -1;
		}
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(plan_dir);
	free(tmp_dir);
	return rc;
}

/* Stages and commits the new files, alone, through git so that its hooks run. */
static int
commit_rows(const import_plan *p, const char *root, size_t n)
{
	const char **argv = xcalloc(p->nrows + 12, sizeof(*argv));
	char *subject = xasprintf("Import %zu event%s from %s", n, n == 1 ? "" : "s", p->file);
	size_t i, k = 0, first;
	int rc;

	argv[k++] = "git";
	argv[k++] = "add";
	argv[k++] = "--";
	first = k;
	for (i = 0; i < p->nrows; i++)
		if (p->rows[i].state == IMPORT_NEW)
			argv[k++] = p->rows[i].path;
	argv[k] = NULL;
	rc = cli_run_to_stderr(root, argv);
	if (rc == 0) {
		size_t m = 0;
		const char **c = xcalloc(p->nrows + 12, sizeof(*c));

		c[m++] = "git";
		c[m++] = "commit";
		c[m++] = "-q";
		c[m++] = "-m";
		c[m++] = subject;
		c[m++] = "--";
		for (i = first; i < k; i++)
			c[m++] = argv[i];
		c[m] = NULL;
		rc = cli_run_to_stderr(root, c);
		free(c);
	}
	if (rc != 0)
		cli_error("the events are written, but the commit failed (see the messages above); "
		          "commit them yourself with: git add records/events && git commit");
	free(argv);
	free(subject);
	return rc == 0 ? 0 : -1;
}

enum { O_MAP, O_SHEET, O_DRY_RUN, O_SKIP_BAD, O_COMMIT, O_RESPONSIBLE };

/*
 * Checks the rows that are IMPORT_NEW as if their files stood in the work
 * tree under root, all at once (so rows may refer to each other), with the
 * rules of plan check on the day today; findings about them are appended
 * as findings about their cells, and rows with an error become IMPORT_BAD.
 * Returns the number of rows that became bad, or -1 with the error set.
 */
static long
check_rows(import_plan *p, const char *root, date_days today, diag_list *findings)
{
	diag_list out = DIAG_LIST_INIT;
	const char **only;
	check_options co;
	ledger_from from;
	ledger_file *files;
	size_t i, n = 0;
	long bad = 0;

	only = xcalloc(p->nrows + 1, sizeof(*only));
	files = xcalloc(p->nrows + 1, sizeof(*files));
	for (i = 0; i < p->nrows; i++)
		if (p->rows[i].state == IMPORT_NEW) {
			files[n].path = p->rows[i].path;
			files[n].data = p->rows[i].text.ptr != NULL ? p->rows[i].text.ptr : "";
			files[n].len = p->rows[i].text.len;
			only[n++] = p->rows[i].path;
		}
	memset(&from, 0, sizeof(from));
	from.where = LEDGER_WORKTREE;
	from.root = root;
	from.files = files;
	from.nfiles = n;
	memset(&co, 0, sizeof(co));
	co.today = today;
	co.today_words = "today";
	co.only = only;
	co.nonly = n;
	if (n > 0 && store_check(NULL, NULL, &from, NULL, &co, &out) != 0)
		bad = -1;
	else
		bad = import_take_findings(p, &out, findings);
	free(only);
	free(files);
	diag_list_free(&out);
	return bad;
}

int
cmd_import(int argc, char **argv)
{
	static const cli_option opts[] = {{"map", 0, 1},      {"sheet", 0, 1},  {"dry-run", 0, 0},
	                                  {"skip-bad", 0, 0}, {"commit", 0, 0}, {"responsible", 0, 1},
	                                  {NULL, 0, 0}};
	const char *val, *map_path = NULL, *sheet_name = NULL, *responsible = NULL;
	int opt, dry_run = 0, skip_bad = 0, commit = 0, rc = EXIT_TROUBLE;
	diag_list findings = DIAG_LIST_INIT, ignored = DIAG_LIST_INIT;
	char *root = NULL, *prefix = NULL, *email = NULL;
	import_map *map = NULL;
	import_plan *plan = NULL;
	history *h = NULL;
	ledger_from from;
	ledger *l = NULL;
	sheet *s = NULL;
	size_t nnew, errors;
	cli_args a;

	cli_args_init(&a, "import", argc, argv, opts);
	while ((opt = cli_next(&a, &val)) != CLI_ARGS_END) {
		switch (opt) {
		case CLI_ARGS_HELP:
			cli_print_usage(stdout, "import");
			rc = EXIT_OK;
			goto done;
		case CLI_ARGS_ERROR: goto done;
		case O_MAP: map_path = val; break;
		case O_SHEET: sheet_name = val; break;
		case O_DRY_RUN: dry_run = 1; break;
		case O_SKIP_BAD: skip_bad = 1; break;
		case O_COMMIT: commit = 1; break;
		case O_RESPONSIBLE: responsible = val; break;
		}
	}
	if (a.npos != 1) {
		cli_usage_error(a.cmd, a.npos == 0 ? "name the file to import: plan import FILE.csv"
		                                   : "import one file at a time");
		goto done;
	}
	if (cli_find_root(&h, &root, &prefix) != 0)
		goto done;
	if (commit && h == NULL) {
		cli_error("--commit needs a Git repository, and this ledger is not in one");
		goto done;
	}
	if (map_path != NULL) {
		int m = import_map_read(&map, map_path, &findings);

		if (m < 0) {
			cli_error("%s", error_last());
			goto done;
		}
		if (m > 0) {
			rc = cli_print_findings(stderr, &findings, FMT_TEXT, 0);
			fprintf(stderr, _("%s import: nothing was imported; correct the map file\n"),
			        cli_progname);
			goto done;
		}
	}
	if ((rc = read_sheet(&s, a.pos[0], sheet_name)) != 0)
		goto done;
	rc = EXIT_TROUBLE;
	memset(&from, 0, sizeof(from));
	from.where = LEDGER_WORKTREE;
	from.root = root;
	if (ledger_load(&l, h, &from, NULL, &ignored) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	if (responsible != NULL && ledger_person(l, responsible) == NULL) {
		cli_usage_error(a.cmd, "there is no person '%s' in records/people.yaml (see 'plan "
		                       "list people')",
		                responsible);
		goto done;
	}
	if (responsible == NULL && (email = cli_configured_email(h)) != NULL) {
		const rec_person *p = ledger_person_by_email(l, email);

		responsible = p != NULL ? p->id : NULL;
	}
	if (import_prepare(&plan, s, a.pos[0], map, l, root, responsible, &findings) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	for (;;) {
		diag_list round = DIAG_LIST_INIT;
		long bad = check_rows(plan, root, date_today(), &round);
		size_t i, k;

		if (bad < 0) {
			diag_list_free(&round);
			cli_error("%s", error_last());
			goto done;
		}
		if (!skip_bad || bad == 0) {
			diag_move(&findings, &round);
			break;
		}
		/*
		 * Rows that refer to a bad row may fail once it is left out, so the
		 * rest is checked again; the findings of the rows still in are
		 * those of the last round.
		 */
		for (i = 0; i < round.n; i++) {
			for (k = 0; k < plan->nrows && plan->rows[k].row != round.items[i].line; k++)
				;
			if (k < plan->nrows && plan->rows[k].state == IMPORT_BAD) {
				diag *d = &round.items[i];

				diag_add_owned(&findings, d->path, d->line, d->col, d->severity, d->rule,
				               d->message);
				d->message = NULL;
			}
		}
		diag_list_free(&round);
	}
	errors = diag_errors(&findings);
	nnew = import_count(plan, IMPORT_NEW);
	cli_print_findings(stderr, &findings, FMT_TEXT, 0);
	if (errors > 0 && !skip_bad) {
		fprintf(stderr,
		        "%s import: nothing was imported: %zu of %zu rows have errors. Correct them "
		        "and run the command again, or add --skip-bad to import the other rows\n",
		        cli_progname, import_count(plan, IMPORT_BAD), plan->nrows);
		rc = EXIT_FINDINGS;
		goto done;
	}
	if (!dry_run && nnew > 0 && write_rows(plan, root, h) != 0)
		goto done;
	printf(ngettext("%s: %zu row: %zu new %s, %zu already in the ledger, %zu the same as "
			"an earlier row, %zu not imported because of errors\n",
			"%s: %zu rows: %zu new %s, %zu already in the ledger, %zu the same as "
			"an earlier row, %zu not imported because of errors\n", plan->nrows),
	       a.pos[0], plan->nrows, nnew,
	       dry_run ? ngettext("event to write (a dry run: nothing was written)",
				  "events to write (a dry run: nothing was written)", nnew) :
			 ngettext("event written", "events written", nnew),
	       import_count(plan, IMPORT_PRESENT), import_count(plan, IMPORT_DUPLICATE),
	       import_count(plan, IMPORT_BAD));
	rc = errors > 0 ? EXIT_FINDINGS : EXIT_OK;
	if (!dry_run && commit && nnew > 0 && commit_rows(plan, root, nnew) != 0)
		rc = EXIT_TROUBLE;
done:
	diag_list_free(&findings);
	diag_list_free(&ignored);
	import_plan_free(plan);
	import_map_free(map);
	sheet_free(s);
	ledger_free(l);
	history_free(h);
	free(email);
	free(root);
	free(prefix);
	cli_args_free(&a);
	return rc;
}
