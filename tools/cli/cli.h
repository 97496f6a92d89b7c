/*
 * Shared pieces of the command line: the command table entry, output
 * formats, and printing findings. Only code under tools/cli prints.
 */
#ifndef PLAN_CLI_H
#define PLAN_CLI_H

#include <stdio.h>

#include "diag.h"

/* Exit statuses, as DESIGN.md section 6 gives them. */
enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

typedef enum cli_format { FMT_TEXT = 1, FMT_JSON = 2, FMT_CSV = 4, FMT_MD = 8 } cli_format;

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
 * files is the number of files looked at, for the closing line.
 */
int cli_print_findings(FILE *out, diag_list *findings, cli_format fmt, size_t files);

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

/* Every command's entry point. */
int cmd_lint_yaml(int argc, char **argv);
int cmd_validate(int argc, char **argv);

#endif
