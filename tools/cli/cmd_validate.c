/*
 * plan validate --schema SCHEMA [-r FILE]... [--no-format] [--format text|json]
 * FILE...: any YAML or JSON files against any JSON Schema (draft 2020-12),
 * the job check-jsonschema and ajv-cli do. The schema's folder is read as
 * well, so that its $ref may name the other schemas there; -r FILE adds more
 * schemas, found by their $id (as ajv-cli's -r), and -r URI=FILE one found
 * by that address too (a schema served at an address other than its $id). Files named *.json are read
 * as JSON (RFC 8259), others as YAML.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "jschema/jschema.h"
#include "util/error.h"
#include "util/fsutil.h"
#include "util/xalloc.h"
#include "yaml/ytree.h"

/* The folder part of a path ("." when there is none); the caller frees it. */
static char *
folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/*
 * Copies the findings of from that are about the file at path (as the
 * folder was read) to to: the other files of the schema's folder are no
 * business of this command unless the schema refers to them.
 */
static void
copy_about(diag_list *to, const diag_list *from, const char *dir, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash != NULL ? slash + 1 : path;
	char *name = strcmp(dir, ".") == 0 ? xstrdup(base) : xasprintf("%s/%s", dir, base);
	size_t i;

	for (i = 0; i < from->n; i++) {
		const diag *d = &from->items[i];

		if (strcmp(d->path, name) == 0)
			diag_add_owned(to, d->path, d->line, d->col, d->severity, d->rule,
				       xstrdup(d->message));
	}
	free(name);
}

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* 1 when a -r argument is a pattern for glob(3) rather than a file. */
static int
is_pattern(const char *s)
{
	return strpbrk(s, "*?[") != NULL && !fsutil_exists(s);
}

/*
 * The length of the URI in a -r argument of the form URI=FILE (a scheme,
 * ':', then anything up to the first '='), or 0 when it is a plain file.
 */
static size_t
mapped_uri_len(const char *arg)
{
	const char *p = arg, *eq = strchr(arg, '=');

	if (eq == NULL || fsutil_exists(arg) ||
	    !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return 0;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
	       *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':' && p < eq && p - arg > 1 ? (size_t)(eq - arg) : 0;
}

/*
 * Parses one -r file and adds it under its file: URI, or under uri when
 * given (-r URI=FILE); its $id names it too.
 */
static int
add_ref_file(jschema_registry *r, const char *path, const char *given_uri)
{
	diag_list f = DIAG_LIST_INIT;
	ytree_doc *doc = NULL;
	char *uri;
	int p;

	if (is_dir(path)) {
		cli_error("'-r %s' names a folder; name its files, as in -r '%s/*.json'", path,
			  path);
		return -1;
	}
	uri = given_uri != NULL ? xstrdup(given_uri) : jschema_file_uri(path);
	if (given_uri != NULL && !fsutil_exists(path))
		error_set("cannot open %s: no such file", path);
	if (uri == NULL || (given_uri != NULL && !fsutil_exists(path))) {
		free(uri);
		cli_error("%s (given with -r)", error_last());
		return -1;
	}
	/* A file of the schema's own folder is there already. */
	if (jschema_registry_has(r, uri)) {
		free(uri);
		return 0;
	}
	p = ytree_parse_data_file(&doc, path, YTREE_DATA, NULL, &f);
	if (p < 0)
		cli_error("%s", error_last());
	else if (p != YTREE_OK) {
		cli_print_findings(stderr, &f, FMT_TEXT, 1);
		cli_error("the schema '%s' given with -r cannot be read", path);
	} else {
		jschema_registry_add(r, uri, doc);
	}
	diag_list_free(&f);
	free(uri);
	return p == YTREE_OK ? 0 : -1;
}

/*
 * Adds the schemas named with -r, each a file or a pattern (when the shell
 * has not expanded it). Returns 0, or -1 after saying why.
 */
static int
add_refs(jschema_registry *r, char **refs, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		glob_t g;
		int rc;

		size_t ulen = mapped_uri_len(refs[i]);

		if (ulen > 0) {
			char *uri = xstrndup(refs[i], ulen);

			rc = add_ref_file(r, refs[i] + ulen + 1, uri);
			free(uri);
			if (rc < 0)
				return -1;
			continue;
		}
		if (!is_pattern(refs[i])) {
			if (add_ref_file(r, refs[i], NULL) < 0)
				return -1;
			continue;
		}
		rc = glob(refs[i], 0, NULL, &g);
		if (rc == GLOB_NOMATCH) {
			cli_error("no file matches '-r %s'", refs[i]);
			return -1;
		}
		if (rc != 0) {
			cli_error("cannot read the files that '-r %s' names", refs[i]);
			return -1;
		}
		for (k = 0; k < g.gl_pathc; k++)
			if (!is_dir(g.gl_pathv[k]) && add_ref_file(r, g.gl_pathv[k], NULL) < 0) {
				globfree(&g);
				return -1;
			}
		globfree(&g);
	}
	return 0;
}

/*
 * Loads and compiles the schema, with the schemas named by -r. Returns 0
 * with *out, or prints why the schema cannot be used and returns
 * EXIT_TROUBLE.
 */
static int
load_schema(const jschema **out, jschema_registry *r, const char *path, char **refs,
	    size_t nrefs)
{
	diag_list f = DIAG_LIST_INIT, in_folder = DIAG_LIST_INIT;
	char *dir = folder_of(path), *uri = NULL;
	int rc = EXIT_TROUBLE;

	if (jschema_registry_add_dir(r, dir, &in_folder) < 0 ||
	    (uri = jschema_file_uri(path)) == NULL) {
		cli_error("%s", error_last());
		goto done;
	}
	if (!jschema_is_schema_file(path)) {
		ytree_doc *doc = NULL;
		int p = ytree_parse_data_file(&doc, path, YTREE_DATA, NULL, &f);

		if (p < 0) {
			cli_error("%s", error_last());
			goto done;
		}
		if (p == YTREE_OK)
			jschema_registry_add(r, uri, doc);
	}
	if (add_refs(r, refs, nrefs) < 0)
		goto done;
	rc = jschema_get(out, r, uri, &f);
	if (rc != 0)
		copy_about(&f, &in_folder, dir, path);
	switch (rc) {
	case 0:
		break;
	case 1:
		cli_print_findings(stderr, &f, FMT_TEXT, 1);
		cli_error("the schema '%s' cannot be used", path);
		break;
	default:
		/* The schema did not parse: its findings say why. */
		if (f.n > 0)
			cli_print_findings(stderr, &f, FMT_TEXT, 1);
		cli_error("the schema '%s' cannot be read", path);
		break;
	}
	if (rc != 0)
		rc = EXIT_TROUBLE;
done:
	diag_list_free(&in_folder);
	diag_list_free(&f);
	free(uri);
	free(dir);
	return rc;
}

/* Validates every document of one file; returns -1 when it cannot be read. */
static int
validate_file(const jschema *s, const char *path, diag_list *findings)
{
	ytree_doc *doc = NULL;
	size_t i;
	int p = ytree_parse_data_file(&doc, path, YTREE_DATA, NULL, findings);

	if (p < 0) {
		cli_error("%s", error_last());
		return -1;
	}
	if (p == YTREE_OK && doc->ndocs == 0)
		diag_add(findings, path, 0, 0, DIAG_ERROR, "schema",
			 "the file is empty: it holds no value to check");
	for (i = 0; p == YTREE_OK && i < doc->ndocs; i++)
		jschema_validate(s, doc->docs[i], path, findings);
	ytree_doc_free(doc);
	return 0;
}

int
cmd_validate(int argc, char **argv)
{
	static const cli_option opts[] = {
		{"schema", 0, 1}, {"no-format", 0, 0}, {"format", 0, 1}, {"ref", 'r', 1},
		{NULL, 0, 0}};
	jschema_options jo = {1};
	diag_list findings = DIAG_LIST_INIT;
	cli_format fmt = FMT_TEXT;
	jschema_registry *r = NULL;
	const char *schema = NULL, *val;
	const jschema *s = NULL;
	char **refs = NULL;
	size_t nrefs = 0, refcap = 0;
	cli_args a;
	int i, opt, rc = EXIT_TROUBLE, trouble = 0;

	cli_args_init(&a, "validate", argc, argv, opts);
	while ((opt = cli_next(&a, &val)) != CLI_ARGS_END) {
		if (opt == CLI_ARGS_HELP) {
			cli_print_usage(stdout, "validate");
			rc = EXIT_OK;
			goto done;
		}
		if (opt == CLI_ARGS_ERROR ||
		    (opt == 2 && cli_parse_format(a.cmd, val, FMT_TEXT | FMT_JSON, &fmt) != 0))
			goto done;
		if (opt == 0)
			schema = val;
		else if (opt == 1)
			jo.format_assertion = 0;
		else if (opt == 3) {
			refs = xgrow(refs, &refcap, nrefs + 1, sizeof(*refs));
			refs[nrefs++] = (char *)val;
		}
	}
	if (schema == NULL) {
		rc = cli_usage_error("validate", "name the schema with --schema SCHEMA");
		goto done;
	}
	if (a.npos == 0) {
		rc = cli_usage_error("validate", "name at least one file to check");
		goto done;
	}
	r = jschema_registry_new(&jo);
	if (load_schema(&s, r, schema, refs, nrefs) != 0)
		goto done;
	for (i = 0; i < a.npos; i++)
		if (validate_file(s, a.pos[i], &findings) < 0)
			trouble = 1;
	rc = cli_print_findings(stdout, &findings, fmt, (size_t)a.npos);
	if (trouble)
		rc = EXIT_TROUBLE;
done:
	jschema_registry_free(r);
	free(refs);
	diag_list_free(&findings);
	cli_args_free(&a);
	return rc;
}
