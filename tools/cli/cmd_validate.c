/*
 * plan validate --schema SCHEMA [--no-format] [--format text|json] FILE...:
 * any YAML or JSON files against any JSON Schema (draft 2020-12), the job
 * check-jsonschema and ajv-cli do. The schema's folder is read as well, so
 * that its $ref may name the other schemas there. Files named *.json are
 * read as JSON (RFC 8259), others as YAML.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jschema.h"
#include "util/error.h"
#include "util/xalloc.h"
#include "ytree.h"

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

/*
 * Loads and compiles the schema. Returns 0 with *out, or prints why the
 * schema cannot be used and returns EXIT_TROUBLE.
 */
static int
load_schema(const jschema **out, jschema_registry *r, const char *path)
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
		{"schema", 0, 1}, {"no-format", 0, 0}, {"format", 0, 1}, {NULL, 0, 0}};
	jschema_options jo = {1};
	diag_list findings = DIAG_LIST_INIT;
	cli_format fmt = FMT_TEXT;
	jschema_registry *r = NULL;
	const char *schema = NULL, *val;
	const jschema *s = NULL;
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
	if (load_schema(&s, r, schema) != 0)
		goto done;
	for (i = 0; i < a.npos; i++)
		if (validate_file(s, a.pos[i], &findings) < 0)
			trouble = 1;
	rc = cli_print_findings(stdout, &findings, fmt, (size_t)a.npos);
	if (trouble)
		rc = EXIT_TROUBLE;
done:
	jschema_registry_free(r);
	diag_list_free(&findings);
	cli_args_free(&a);
	return rc;
}
