/*
 * plan hooks message NAME [ARG]: the words the shipped hooks (shell
 * scripts) say themselves, printed to standard error in the user's
 * language, so that they are translated with every other message.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "util/i18n.h"

int
cli_hook_message(int n, char **words)
{
	if (n == 1 && strcmp(words[0], "refused") == 0)
		fputs(_("pre-receive: the push was refused; nothing was changed on the server.\n"),
		      stderr);
	else if (n == 1 && strcmp(words[0], "stopped") == 0)
		fputs(_("pre-receive: the check was stopped; the push was refused and nothing was "
			"changed on the server.\n"),
		      stderr);
	else if (n == 2 && strcmp(words[0], "budget") == 0)
		fprintf(stderr,
			_("pre-receive: the push took longer than its budget of %s seconds to "
			  "check, so it is refused; push fewer branches or commits at a time.\n"),
			words[1]);
	else
		return cli_usage_error("hooks", "no hook message '%s'", n > 0 ? words[0] : "");
	return EXIT_OK;
}
