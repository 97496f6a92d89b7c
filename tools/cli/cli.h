/*
 * Shared pieces of the command line: the command table entry, output
 * formats, and printing findings. Only code under tools/cli prints.
 */
#ifndef PLAN_CLI_H
#define PLAN_CLI_H

#include <stdio.h>

#include "util/diag.h"
#include "store/history.h"
#include "ledger/records.h"
#include "util/buf.h"
#include "util/date.h"

/* Exit statuses, as DESIGN.md section 6 gives them. */
enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

typedef enum cli_format {
	FMT_TEXT = 1,
	FMT_JSON = 2,
	FMT_CSV = 4,
	FMT_MD = 8,
	FMT_XLSX = 16,
	/* Findings as GNU tools give them, for editors' error lists:
	 * path:line:col: error: message [rule], the column counted in bytes. */
	FMT_GNU = 32
} cli_format;

typedef struct cli_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary; /* one line for `plan --help` */
	const char *usage;   /* the synopsis and options, as in the man page */
} cli_cmd;

/* The program name for messages ("plan"). */
extern const char *cli_progname;

/*
 * Parses a --format value against the formats a command allows (a bit set of
 * cli_format). Returns 0, or prints a usage message and returns -1.
 */
int cli_parse_format(const char *cmd, const char *value, unsigned allowed, cli_format *out);

/* Prints "plan CMD: message" and a pointer to --help to stderr; returns EXIT_TROUBLE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "plan: error: message" to stderr; returns EXIT_TROUBLE. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a command's usage to out. */
void cli_print_usage(FILE *out, const char *cmd);

/*
 * Sorts and prints findings, compiler-style or as JSON, and returns the exit
 * status they call for: EXIT_FINDINGS when any is an error, else EXIT_OK.
 * files is the number of files looked at, for the closing line (0 leaves
 * the count of files out). As text, at most CLI_FINDINGS_PER_FILE findings
 * of one file and CLI_FINDINGS_PER_RUN in all are printed, then a line says
 * how many more there are; the closing line counts them all.
 */
enum { CLI_FINDINGS_PER_FILE = 20, CLI_FINDINGS_PER_RUN = 500 };
int cli_print_findings(FILE *out, diag_list *findings, cli_format fmt, size_t files);
/*
 * Text findings show their paths from PREFIX (the current folder below the
 * ledger's root, ending in '/', or ""), as git status does; NULL, the
 * default, shows them from the root. PREFIX must outlive the printing.
 */
void cli_set_display_prefix(const char *prefix);
/*
 * Appends the findings as JSON object members, for a command's own JSON
 * object: "findings":[...],"errors":N,"warnings":N.
 */
void cli_findings_json(buf *b, const diag_list *findings);

/* Prints findings as cli_print_findings does, in the order they were found. */
int cli_print_findings_in_order(FILE *out, diag_list *findings, cli_format fmt);

/* Returns 1 when s is "-h" or "--help". */
int cli_is_help(const char *s);

/* Options of a command, ended by an entry with neither name. */
typedef struct cli_option {
	const char *lng; /* without the leading "--" */
	char shrt;       /* 0 when none */
	int has_arg;
} cli_option;

typedef struct cli_args {
	const char *cmd;
	int argc;
	char **argv;
	int i;
	int done;
	const cli_option *opts;
	char **pos; /* the arguments that are not options, in order */
	int npos;
} cli_args;

enum { CLI_ARGS_END = -1, CLI_ARGS_HELP = -2, CLI_ARGS_ERROR = -3 };

void cli_args_init(cli_args *a, const char *cmd, int argc, char **argv, const cli_option *opts);
/*
 * Returns the index in opts of the next option (with *value set when it takes
 * one), CLI_ARGS_END when all are read (the rest are in a->pos),
 * CLI_ARGS_HELP for -h/--help, or CLI_ARGS_ERROR after printing why.
 */
int cli_next(cli_args *a, const char **value);
void cli_args_free(cli_args *a);

/*
 * Finds the ledger to work on: the Git work tree around the current folder
 * (*h open on it), or the current folder when it is outside Git but holds
 * records/ (*h NULL). *root ends in '/'; *prefix is the current folder
 * relative to the root ("" or "records/"). Returns 0, or prints why not and
 * returns EXIT_TROUBLE. The caller frees root and prefix, and h with
 * history_free.
 */
int cli_find_root(history **h, char **root, char **prefix);
/*
 * For the commands that read only the history (status, trace, report,
 * review, audit): the Git repository around the current folder, a bare one
 * too (the central repository, where an auditor may work). Prints what is
 * wrong and returns EXIT_TROUBLE when there is none.
 */
int cli_open_history(history **h, const char *cmd);
/*
 * A path the user typed (relative to the current folder, whose path below
 * the root is prefix, or absolute), relative to the root, with "./" and
 * ".." resolved; NULL when it lies outside the root.
 */
char *cli_repo_path(const char *root, const char *prefix, const char *arg);
/* Parses --today and similar date options; prints a usage error and returns -1 when bad. */
int cli_parse_date(const char *cmd, const char *opt, const char *value, date_days *out);

/*
 * Loads the ledger as it stands in the commit rev names, through the same
 * checks as 'plan check' (the future rule off). *errors counts the error
 * findings, which the caller may mention. Returns 0, or prints why not and
 * returns EXIT_TROUBLE.
 */
int cli_load_ledger(history *h, const char *rev, ledger **out, hist_oid *commit, size_t *errors);
/*
 * Loads the ledger of the work tree around the current folder. With errors
 * NULL, the plan's records only (no events, nothing checked: for lists of
 * ids); else every file checked as 'plan check' does (the future rule off),
 * and *errors counts the error findings. Returns 0, or prints why not and
 * returns EXIT_TROUBLE.
 */
int cli_load_worktree(ledger **out, size_t *errors);

/*
 * The tip of the main line: rev when given, else the main branch, else
 * HEAD. Returns 0, or prints why not and returns EXIT_TROUBLE.
 */
int cli_main_line(history *h, const char *rev, hist_oid *out);

/*
 * Runs a program (argv[0] looked up on PATH) in dir (NULL: here), with the
 * same standard streams, and returns its exit status (128 when it died of
 * a signal, 127 when it could not start).
 */
/*
 * Sets a budget for the rest of the run: after seconds (0: none) it stops
 * with exit status 2 and a message naming what (such as "the check of this
 * push"); with more than mib MiB of memory (0: none) likewise. Returns 0,
 * or -1 when the limits cannot be set.
 */
/*
 * Makes stdout and stderr show control and direction characters from the
 * data as visible escapes (\x1B, \u202E); tabs and line breaks pass.
 */
void cli_escape_streams(void);
int cli_budget(const char *what, unsigned long seconds, unsigned long mib);
int cli_run(const char *dir, const char *const argv[]);
/* The same with the program's standard output sent to standard error. */
int cli_run_to_stderr(const char *dir, const char *const argv[]);
/* The absolute path of this program, or NULL. The caller frees it. */
char *cli_self_path(void);
/*
 * The folder holding the shipped schemas/, hooks/ and records/:
 * $PLAN_DATADIR, PREFIX/share/plan next to the installed program, or the
 * source tree of a built one. NULL when none is found; the caller frees it.
 */
char *cli_datadir(void);

/*
 * The folder of the caches kept between runs, $GIT_DIR/plan, or NULL when
 * PLAN_NO_CACHE is set (read here only: the library is given the folder).
 * The caller frees it.
 */
char *cli_cache_dir(history *h);
/*
 * How many threads load a ledger's files at once: PLAN_THREADS when it is
 * a number from 1 (1: one thread), else the number of processors.
 */
unsigned cli_threads(void);
/* $GIT_DIR/plan, the tool's own folder in Git's (its tmp/ and caches). The caller frees it. */
char *cli_plan_dir(history *h);
/* The command table, for 'plan list commands'; *n receives its length. */
const cli_cmd *cli_commands(size_t *n);

/*
 * Talking with a person at a terminal. cli_terminal is 1 when both standard
 * input and output are terminals. cli_swedish is 1 when plan speaks Swedish
 * (see cli_i18n_init).
 * cli_ask prints the question, with [def] when def is not NULL, reads one
 * line and sets *answer to it without spaces at either end (def when the
 * line is empty). Returns 0, or -1 at the end of input (Ctrl-D); the
 * caller frees *answer.
 */
int cli_terminal(void);
int cli_swedish(void);
/*
 * Sets the language of messages (gettext's domain "plan"): lang 1 Swedish,
 * 0 English, -1 as records/plan.yaml's interface_language or else the
 * locale says. cli_lang_code reads "sv" or "en" (and locale names such as
 * sv_SE.UTF-8) as 1 or 0, anything else as -1.
 */
void cli_i18n_init(int lang);
int cli_lang_code(const char *s);
int cli_ask(const char *question, const char *def, char **answer);

/* Every command's entry point. */
int cmd_lint_yaml(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_hooks(int argc, char **argv);
/* plan hooks message NAME [ARG]: a shipped hook's own words, translated. */
int cli_hook_message(int n, char **words);
int cmd_validate(int argc, char **argv);
int cmd_approve(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_add(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_list_events(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_join(int argc, char **argv);
int cmd_correct(int argc, char **argv);
int cmd_submit(int argc, char **argv);
int cmd_sync(int argc, char **argv);

/*
 * Sends the person's new and changed records for review (plan submit), with
 * message as the commit's when not NULL, and says what happens next.
 * *h may be reopened. Returns an exit status.
 */
int cli_submit(history **h, const char *root, const char *message);

/*
 * The field separator of CSV written for spreadsheets: value ("," or ";",
 * from --csv-separator) when not NULL, else ';' when the user's locale
 * (LC_ALL, LC_NUMERIC or LANG, the first that is set) is Swedish, whose
 * Excel expects it, else ','. Returns 0, or prints a usage error and -1.
 */
int cli_csv_separator(const char *cmd, const char *value, char *out);

/*
 * The e-mail address commits are made with, as git finds it: GIT_AUTHOR_EMAIL,
 * then author.email or user.email in the configuration, then EMAIL; NULL
 * when none is set. The caller frees it.
 */
char *cli_configured_email(history *h);

#endif
