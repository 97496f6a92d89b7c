/*
 * A small option parser shared by the commands: long options with "=value"
 * or a separate value, short options, "--" ending the options, and the
 * other arguments collected in order wherever they stand (as GNU tools do).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "util/xalloc.h"

void
cli_args_init(cli_args *a, const char *cmd, int argc, char **argv, const cli_option *opts)
{
	memset(a, 0, sizeof(*a));
	a->cmd = cmd;
	a->argc = argc;
	a->argv = argv;
	a->i = 1;
	a->opts = opts;
	a->pos = xcalloc((size_t)argc + 1, sizeof(*a->pos));
}

void
cli_args_free(cli_args *a)
{
	free(a->pos);
	a->pos = NULL;
}

static int
take_value(cli_args *a, const cli_option *o, const char *inline_value, const char **value)
{
	if (!o->has_arg) {
		if (inline_value != NULL) {
			cli_usage_error(a->cmd, "--%s takes no value", o->lng);
			return CLI_ARGS_ERROR;
		}
		return (int)(o - a->opts);
	}
	if (inline_value != NULL) {
		*value = inline_value;
		return (int)(o - a->opts);
	}
	if (a->i >= a->argc) {
		if (o->lng != NULL)
			cli_usage_error(a->cmd, "--%s needs a value", o->lng);
		else
			cli_usage_error(a->cmd, "-%c needs a value", o->shrt);
		return CLI_ARGS_ERROR;
	}
	*value = a->argv[a->i++];
	return (int)(o - a->opts);
}

int
cli_next(cli_args *a, const char **value)
{
	*value = NULL;
	while (a->i < a->argc) {
		char *arg = a->argv[a->i];
		const cli_option *o;

		if (a->done || arg[0] != '-' || arg[1] == '\0') {
			a->pos[a->npos++] = arg;
			a->i++;
			continue;
		}
		a->i++;
		if (strcmp(arg, "--") == 0) {
			a->done = 1;
			continue;
		}
		if (cli_is_help(arg))
			return CLI_ARGS_HELP;
		if (arg[1] == '-') {
			const char *name = arg + 2;
			const char *eq = strchr(name, '=');
			size_t len = eq != NULL ? (size_t)(eq - name) : strlen(name);

			for (o = a->opts; o != NULL && (o->lng != NULL || o->shrt != 0); o++)
				if (o->lng != NULL && strlen(o->lng) == len &&
				    strncmp(o->lng, name, len) == 0)
					return take_value(a, o, eq != NULL ? eq + 1 : NULL, value);
			cli_usage_error(a->cmd, "unknown option '%s'", arg);
			return CLI_ARGS_ERROR;
		}
		for (o = a->opts; o != NULL && (o->lng != NULL || o->shrt != 0); o++)
			if (o->shrt == arg[1]) {
				if (arg[2] != '\0' && !o->has_arg)
					break;
				return take_value(a, o, arg[2] != '\0' ? arg + 2 : NULL, value);
			}
		cli_usage_error(a->cmd, "unknown option '%s'", arg);
		return CLI_ARGS_ERROR;
	}
	return CLI_ARGS_END;
}
