/*
 * Asking a person at a terminal, one line at a time, in English or (when
 * the user's language is Swedish) in Swedish.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "util/xalloc.h"

int
cli_terminal(void)
{
	return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}

int
cli_ask(const char *question, const char *def, char **answer)
{
	char *line = NULL;
	size_t cap = 0, len, start = 0;
	ssize_t n;

	*answer = NULL;
	if (def != NULL && *def != '\0')
		printf("%s [%s]: ", question, def);
	else
		printf("%s: ", question);
	fflush(stdout);
	n = getline(&line, &cap, stdin);
	if (n < 0) {
		/* The end of input leaves the cursor after the question. */
		putchar('\n');
		free(line);
		return -1;
	}
	len = (size_t)n;
	while (len > 0 && strchr(" \t\r\n", line[len - 1]) != NULL)
		len--;
	while (start < len && (line[start] == ' ' || line[start] == '\t'))
		start++;
	if (start == len && def != NULL)
		*answer = xstrdup(def);
	else
		*answer = xstrndup(line + start, len - start);
	free(line);
	return 0;
}
