/*
 * The language plan speaks: GNU gettext's catalogue po/<lang>.po, compiled
 * to <localedir>/<lang>/LC_MESSAGES/plan.mo. The language is, first that
 * says: plan --lang sv|en, records/plan.yaml's interface_language, the
 * locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as gettext reads them).
 * Only the messages (and the character set) follow the locale: numbers,
 * dates and sorting stay as in C, so that machine formats do not change.
 */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "util/diag.h"
#include "util/fsutil.h"
#include "util/i18n.h"
#include "util/xalloc.h"
#include "yaml/ytree.h"

#ifndef PLAN_LOCALEDIR
#define PLAN_LOCALEDIR "/usr/local/share/locale"
#endif

static int swedish;

int
cli_swedish(void)
{
	return swedish;
}

/* 1 for sv, 0 for en, -1 for neither. */
int
cli_lang_code(const char *s)
{
	if (s == NULL)
		return -1;
	if (strcmp(s, "sv") == 0 || strncmp(s, "sv_", 3) == 0 || strncmp(s, "sv-", 3) == 0 ||
	    strcasecmp(s, "svenska") == 0 || strcasecmp(s, "swedish") == 0)
		return 1;
	if (strcmp(s, "en") == 0 || strncmp(s, "en_", 3) == 0 || strncmp(s, "en-", 3) == 0 ||
	    strcasecmp(s, "engelska") == 0 || strcasecmp(s, "english") == 0)
		return 0;
	return -1;
}

/* The folder of the compiled catalogues: the build's, the installed one. */
static char *
localedir(void)
{
	const char *env = getenv("PLAN_LOCALEDIR");
	char *self, *slash, *cand;

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	self = cli_self_path();
	if (self != NULL && (slash = strrchr(self, '/')) != NULL) {
		*slash = '\0';
		/* Built: build/plan beside build/locale. */
		cand = xasprintf("%s/locale/sv/LC_MESSAGES/plan.mo", self);
		if (fsutil_exists(cand)) {
			free(cand);
			cand = xasprintf("%s/locale", self);
			free(self);
			return cand;
		}
		free(cand);
		/* Installed: PREFIX/bin/plan beside PREFIX/share/locale. */
		cand = xasprintf("%s/../share/locale/sv/LC_MESSAGES/plan.mo", self);
		if (fsutil_exists(cand)) {
			free(cand);
			cand = xasprintf("%s/../share/locale", self);
			free(self);
			return cand;
		}
		free(cand);
	}
	free(self);
	return xstrdup(PLAN_LOCALEDIR);
}

/* records/plan.yaml's interface_language, from here or a folder above. */
static int
ledger_language(void)
{
	char dir[PATH_MAX];
	int lang = -1;

	if (getcwd(dir, sizeof(dir)) == NULL)
		return -1;
	for (;;) {
		char *path = xasprintf("%s/records/plan.yaml", dir);
		char *slash;

		if (fsutil_exists(path)) {
			ytree_doc *doc = NULL;
			diag_list findings = {0};

			if (ytree_parse_file(&doc, path, YTREE_RECORD, NULL, &findings) == YTREE_OK &&
			    doc->root != NULL && doc->root->kind == YT_MAP) {
				const ytree_node *v = ytree_get(doc->root, "interface_language");

				if (v != NULL && v->kind == YT_STR)
					lang = cli_lang_code(v->str);
			}
			ytree_doc_free(doc);
			diag_list_free(&findings);
			free(path);
			return lang;
		}
		free(path);
		slash = strrchr(dir, '/');
		if (slash == NULL || slash == dir)
			return -1;
		*slash = '\0';
	}
}

static int
is_c_locale(const char *v)
{
	return strcmp(v, "C") == 0 || strcmp(v, "POSIX") == 0;
}

/* The locale's language, as gettext would read it. */
static int
env_language(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	const char *loc = NULL, *language = getenv("LANGUAGE");
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v != NULL && *v != '\0') {
			loc = v;
			break;
		}
	}
	/* gettext reads LANGUAGE only when the locale is not C. */
	if (language != NULL && *language != '\0' && loc != NULL && !is_c_locale(loc)) {
		char first[16];
		size_t n = strcspn(language, ":");

		if (n < sizeof(first)) {
			memcpy(first, language, n);
			first[n] = '\0';
			if (cli_lang_code(first) >= 0)
				return cli_lang_code(first);
		}
	}
	return loc != NULL && cli_lang_code(loc) == 1 ? 1 : 0;
}

void
cli_i18n_init(int lang)
{
	char *dir;

	if (lang < 0)
		lang = ledger_language();
	if (lang < 0)
		lang = env_language();
	swedish = lang == 1;
	if (swedish) {
		const char *ctype = setlocale(LC_CTYPE, "");
		const char *msgs = setlocale(LC_MESSAGES, "");

		/* An unknown or C locale: C.UTF-8 (built into glibc) with LANGUAGE. */
		if (ctype == NULL || msgs == NULL || is_c_locale(ctype) || is_c_locale(msgs) ||
		    (strstr(ctype, "UTF-8") == NULL && strstr(ctype, "utf8") == NULL &&
		     strstr(ctype, "UTF8") == NULL && strstr(ctype, "utf-8") == NULL)) {
			setlocale(LC_CTYPE, "C.UTF-8");
			setlocale(LC_MESSAGES, "C.UTF-8");
		}
		setenv("LANGUAGE", "sv", 1);
	} else {
		setlocale(LC_MESSAGES, "C");
		unsetenv("LANGUAGE");
	}
	dir = localedir();
	bindtextdomain("plan", dir);
	bind_textdomain_codeset("plan", "UTF-8");
	textdomain("plan");
	free(dir);
}
