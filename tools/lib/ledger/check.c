/*
 * Checking a loaded ledger: the rules across records, and the findings
 * about the paths asked for.
 */
#include "ledger/check.h"

#include <stdlib.h>
#include <string.h>

#include "ledger/rules.h"

void
check_rules(const ledger *l, const check_options *o, diag_list *out)
{
	rules_options ro;

	ro.today = o->today;
	ro.today_words = o->today_words;
	ro.threads = o->threads;
	rules_check(l, &ro, out);
}

int
check_path_under(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	while (n > 0 && prefix[n - 1] == '/')
		n--;
	if (n == 0 || (n == 1 && prefix[0] == '.'))
		return 1;
	return strncmp(path, prefix, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

void
check_keep_only(diag_list *out, const check_options *o)
{
	size_t i, j, k = 0;

	if (o->nonly == 0)
		return;
	for (i = 0; i < out->n; i++) {
		int keep = 0;

		for (j = 0; j < o->nonly && !keep; j++)
			keep = check_path_under(out->items[i].path, o->only[j]);
		if (keep) {
			out->items[k++] = out->items[i];
			continue;
		}
		free(out->items[i].path);
		free(out->items[i].message);
		free(out->items[i].pointer);
		free(out->items[i].schema_loc);
	}
	out->n = k;
}

void
check_ledger(const ledger *l, const check_options *o, diag_list *out)
{
	check_rules(l, o, out);
	check_keep_only(out, o);
}
