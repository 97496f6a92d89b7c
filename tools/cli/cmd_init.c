/*
 * plan init [--unsigned] DIR: a new records repository, asking for signed
 * changes unless --unsigned is given.
 * plan init --bare DIR --from LEDGER: a central one, starting from the main
 * branch of a ledger (its people and their keys), so no push decides them.
 * plan hooks install [--force]: the pre-commit hook in a clone.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/audit.h"
#include "store/store.h"
#include "cli.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsutil.h"
#include "util/i18n.h"
#include "util/proc.h"
#include "util/xalloc.h"
#include "workflow.h"

#define HOOK_MARK "# plan ledger"

/*
 * Writes the shipped hook into the repository's hooks folder, with the path
 * of this program filled in so the hook finds it even when it is not on
 * PATH. An existing hook that is not ours is kept unless force is set.
 */
static int
install_hook(history *h, const char *datadir, const char *name, int force)
{
	char *src = xasprintf("%s/hooks/%s", datadir, name);
	char *dir = NULL, *dst = NULL, *self = cli_self_path();
	buf text = BUF_INIT, old = BUF_INIT, out = BUF_INIT;
	const char *line;
	int too_big, rc = -1;

	if (fsutil_read_file(src, 65536, &text, &too_big) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	if (history_hooks_dir(h, &dir) != 0 || fsutil_mkdirs(dir) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	dst = xasprintf("%s/%s", dir, name);
	if (!force && fsutil_read_file(dst, 1 << 20, &old, &too_big) == 0 &&
	    strstr(buf_cstr(&old), HOOK_MARK) == NULL) {
		cli_error("%s already holds a hook of another tool; keep it, or replace it with "
			  "'plan hooks install --force'",
			  dst);
		goto done;
	}
	line = strstr(text.ptr, "\nPLAN_INSTALLED=\n");
	if (line != NULL && self != NULL) {
		buf_put(&out, text.ptr, (size_t)(line - text.ptr));
		buf_printf(&out, "\nPLAN_INSTALLED='%s'\n", self);
		buf_puts(&out, line + strlen("\nPLAN_INSTALLED=\n"));
	} else {
		buf_put(&out, text.ptr, text.len);
	}
	if (fsutil_write_atomic(dst, out.ptr, out.len, 0, NULL) != 0 || chmod(dst, 0755) != 0) {
		cli_error("cannot write %s: %s", dst, error_last());
		goto done;
	}
	printf(_("installed the %s hook in %s\n"), name, dst);
	rc = 0;
done:
	free(src);
	free(dir);
	free(dst);
	free(self);
	buf_free(&text);
	buf_free(&old);
	buf_free(&out);
	return rc;
}

static int
copy_file(const char *from, const char *to)
{
	buf data = BUF_INIT;
	struct stat st;
	int too_big, rc;

	rc = fsutil_read_file(from, 64 * 1024 * 1024, &data, &too_big);
	if (rc == 0)
		rc = fsutil_write_atomic(to, data.ptr != NULL ? data.ptr : "", data.len, 1, NULL);
	if (rc == 0 && stat(from, &st) == 0 && (st.st_mode & 0111))
		chmod(to, 0755);
	buf_free(&data);
	return rc;
}

/* Copies a folder of the shipped files, leaving out records/events/. */
static int
copy_tree(const char *from, const char *to, int depth)
{
	DIR *d;
	struct dirent *de;
	int rc = 0;

	if (depth > 8)
		return error_set("%s is nested too deep to copy", from);
	if (fsutil_mkdirs(to) != 0)
		return -1;
	d = opendir(from);
	if (d == NULL)
		return error_set_errno("cannot read %s", from);
	while (rc == 0 && (de = readdir(d)) != NULL) {
		char *a, *b;
		struct stat st;

		if (de->d_name[0] == '.' || (depth == 1 && strcmp(de->d_name, "events") == 0 &&
					     strstr(from, "records") != NULL))
			continue;
		a = xasprintf("%s/%s", from, de->d_name);
		b = xasprintf("%s/%s", to, de->d_name);
		if (stat(a, &st) != 0)
			rc = error_set_errno("cannot read %s", a);
		else if (S_ISDIR(st.st_mode))
			rc = copy_tree(a, b, depth + 1);
		else if (S_ISREG(st.st_mode))
			rc = copy_file(a, b);
		free(a);
		free(b);
	}
	closedir(d);
	return rc;
}

static const char readme[] =
	"# Plan ledger\n"
	"\n"
	"The activity plan and everything done under it, as YAML records checked\n"
	"by the `plan` tool: `records/` holds the plan (plan.yaml, goals,\n"
	"activities, indicators, people.yaml) and the events\n"
	"(`records/events/YYYY/MM/`), `schemas/` says what each record may hold.\n"
	"\n"
	"    plan add event ...   record something that happened\n"
	"    plan check           check the records\n"
	"    plan status          how far each indicator has come\n"
	"\n"
	"Every commit is checked by the pre-commit hook (`plan hooks install` in a\n"
	"new clone) and every push by the central repository.\n";

/*
 * 1 when dir is missing or empty, or holds only .git of a repository
 * without commits (a clone of an empty central repository).
 */
static int
folder_is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int empty = 1, git = 0;

	if (d == NULL)
		return errno == ENOENT;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (strcmp(de->d_name, ".git") == 0)
			git = 1;
		else
			empty = 0;
	}
	closedir(d);
	if (empty && git) {
		const char *const head[] = {"git", "rev-parse", "-q", "--verify", "HEAD", NULL};
		history *h = NULL;
		buf out = BUF_INIT;

		if (history_open(&h, dir) != 0)
			return 0;
		history_free(h);
		/* No commit yet: HEAD names nothing. */
		empty = proc_run(dir, head, NULL, &out, NULL) != 0;
		buf_free(&out);
	}
	return empty;
}

/* The web server's configuration for the central repository dir (plan init --bare --apache-config). */
static int
print_apache_config(const char *dir)
{
	const char *const exec_path[] = {"git", "--exec-path", NULL};
	char *abs = realpath(dir, NULL), *slash, *name;
	buf out = BUF_INIT;

	if (abs == NULL || proc_run(NULL, exec_path, NULL, &out, NULL) != 0) {
		free(abs);
		buf_free(&out);
		return cli_error(_("cannot find git-http-backend (git --exec-path failed)"));
	}
	while (out.len > 0 && out.ptr[out.len - 1] == '\n')
		out.ptr[--out.len] = '\0';
	slash = strrchr(abs, '/');
	*slash = '\0';
	name = slash + 1;
	printf(_("\n# The web server's configuration for the central repository %s/%s.\n"
		 "# Debian's apache2: save it as /etc/apache2/conf-available/plan-ledger.conf, then\n"
		 "#   a2enmod cgid alias env auth_basic authn_file authz_user\n"
		 "#   a2enconf plan-ledger && systemctl reload apache2\n"
		 "# One login a person, named by their id in records/people.yaml (htpasswd is in\n"
		 "# apache2-utils; -c makes the file, for the first person only):\n"
		 "#   htpasswd -c /etc/apache2/plan-ledger.passwd handlaggare-1\n"
		 "# The web server's user must own the repository: chown -R www-data: %s/%s\n"
		 "# Serve it over HTTPS only (a2enmod ssl, a certificate), so that no password\n"
		 "# crosses the network in the clear. Everyone then makes their clone with\n"
		 "#   plan join https://SERVER/ledger/%s\n"),
	       abs, name, abs, name, name);
	printf("SetEnv GIT_PROJECT_ROOT %s\n"
	       "SetEnv GIT_HTTP_EXPORT_ALL\n"
	       "ScriptAlias /ledger/ %s/git-http-backend/\n"
	       "<Location /ledger/>\n"
	       "    AuthType Basic\n"
	       "    AuthName \"Plan ledger\"\n"
	       "    AuthUserFile /etc/apache2/plan-ledger.passwd\n"
	       "    Require valid-user\n"
	       "</Location>\n",
	       abs, out.ptr);
	free(abs);
	buf_free(&out);
	return EXIT_OK;
}

/* Asks for the people of a new ledger, one at a time, until the answer is no. */
static int
ask_people(int sign, wf_person **out, size_t *n)
{
	for (;;) {
		char *id = NULL, *name = NULL, *email = NULL, *roles = NULL, *key = NULL,
		     *more = NULL, *spec;
		wf_person p;
		int r = 0;

		printf(_("Person %zu of the ledger:\n"), *n + 1);
		r = cli_ask(_("  id (small letters, such as handlaggare-1)"), NULL, &id);
		if (r == 0)
			r = cli_ask(_("  full name"), NULL, &name);
		if (r == 0)
			r = cli_ask(_("  e-mail address (as in git config user.email)"), NULL, &email);
		if (r == 0)
			r = cli_ask(_("  roles, joined by + (staff, reviewer, auditor)"),
				    "staff+reviewer", &roles);
		if (r == 0 && sign && strstr(roles, "reviewer") != NULL)
			r = cli_ask(_("  public key file (such as ~/.ssh/id_ed25519.pub)"), NULL, &key);
		if (r != 0) {
			free(id), free(name), free(email), free(roles), free(key);
			return -1;
		}
		spec = xasprintf("id=%s,name=%s,email=%s,roles=%s%s%s", id, name, email, roles,
				 key != NULL && *key ? ",key=" : "", key != NULL ? key : "");
		free(id), free(name), free(email), free(roles), free(key);
		if (wf_person_parse(spec, &p) != 0) {
			fprintf(stderr, "%s: %s\n", cli_progname, error_last());
			free(spec);
			continue;
		}
		free(spec);
		*out = xrealloc(*out, (*n + 1) * sizeof(**out));
		(*out)[(*n)++] = p;
		if (cli_ask(_("Another person? (y/N)"), "n", &more) != 0)
			return -1;
		r = more[0] == 'y' || more[0] == 'Y' || more[0] == 'j' || more[0] == 'J';
		free(more);
		if (!r) {
			if (wf_people_check(*out, *n, sign) == 0)
				return 0;
			fprintf(stderr, "%s: %s\n", cli_progname, error_last());
		}
	}
}

/*
 * plan join URL [DIR]: a clone of the central repository with the hook
 * installed, and whether the configured address is one of its people.
 */
static int
join(const char *url, const char *dir_arg, const char *datadir)
{
	const char *const argv_clone[] = {"git", "clone", "-q", "--", url, NULL, NULL};
	const char **clone = (const char **)argv_clone;
	char *dir;
	history *h = NULL;
	ledger *people = NULL;
	char *email = NULL;
	const rec_person *me;
	int rc = EXIT_TROUBLE;

	if (dir_arg != NULL) {
		dir = xstrdup(dir_arg);
	} else {
		size_t n;
		const char *base = fsutil_base(url, ".git", &n);

		dir = xstrndup(base, n);
		if (*dir == '\0') {
			free(dir);
			dir = xstrdup("ledger");
		}
	}
	if (!folder_is_empty(dir)) {
		cli_error(_("%s already exists and is not empty; name a new folder: plan join URL DIR"),
			  dir);
		goto done;
	}
	clone[5] = dir;
	if (cli_run(NULL, clone) != 0) {
		cli_error(_("could not make a clone of %s (see git's message above); check the "
			    "address, and your user name and password for the web server"),
			  url);
		goto done;
	}
	if (history_open(&h, dir) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	if (install_hook(h, datadir, "pre-commit", 0) != 0)
		goto done;
	if (wf_load_people(h, "HEAD", &people) != 0) {
		cli_error(_("the clone has no ledger on its main branch: %s"), error_last());
		goto done;
	}
	printf(_("made your clone of the ledger in %s\n"), dir);
	if (history_config(h, "user.email", &email) != 0) {
		printf(_("Git does not know who you are yet: set your name and the e-mail address "
			 "records/people.yaml lists for you:\n  git config --global user.name "
			 "'Your Name'\n  git config --global user.email you@example.org\n"));
		rc = EXIT_FINDINGS;
		goto done;
	}
	me = ledger_person_by_email(people, email);
	if (me == NULL) {
		printf(_("Your address %s (git config user.email) is not in records/people.yaml, so "
			 "what you send cannot be approved. If you are listed with another "
			 "address, set it: git config --global user.email ADDRESS. If you are not "
			 "listed, ask a colleague who is to add you: they add you to "
			 "records/people.yaml and run plan submit, a reviewer approves it, and "
			 "then you run plan sync here.\n"),
		       email);
		rc = EXIT_FINDINGS;
		goto done;
	}
	printf(_("You are %s (%s)%s. Record events with plan add event --submit; plan sync "
		 "brings what was approved.\n"),
	       me->id, me->name,
	       (me->roles & ROLE_REVIEWER) ? _(", a reviewer: plan review --pending lists what "
					       "waits for you") :
					     "");
	if (people->plan != NULL && people->plan->signed_approvals) {
		char *key = NULL, *path = NULL;
		const char *home = getenv("HOME");

		/* Signing in this clone, with the usual key, unless the person set up their own. */
		if (history_config(h, "user.signingkey", &key) != 0 && home != NULL) {
			char *pub = xasprintf("%s/.ssh/id_ed25519.pub", home);

			path = xasprintf("%s/.ssh/id_ed25519", home);
			if (fsutil_exists(pub)) {
				const char *const c1[] = {"git", "config", "gpg.format", "ssh", NULL};
				const char *const c2[] = {"git", "config", "user.signingkey", path, NULL};
				const char *const c3[] = {"git", "config", "commit.gpgsign", "true", NULL};

				if (cli_run(dir, c1) == 0 && cli_run(dir, c2) == 0 && cli_run(dir, c3) == 0) {
					free(key);
					key = xstrdup(path);
					printf(_("Your commits and approvals here are signed with %s.\n"), path);
				}
			}
			free(pub);
		}
		if (key == NULL)
			printf(_("The ledger asks for signed changes, and you have no SSH key yet: make "
				 "one with ssh-keygen -t ed25519, give the .pub file to whoever keeps "
				 "records/people.yaml, then run plan join again in a new folder.\n"));
		free(key);
		free(path);
	}
	rc = EXIT_OK;
done:
	ledger_free(people);
	history_free(h);
	free(email);
	free(dir);
	return rc;
}

static const char signers_header[] =
	"# The SSH public keys of the people in people.yaml, one to a line:\n"
	"#   <e-mail as people.yaml has it> namespaces=\"git\" <key type> <key>\n"
	"# such as\n"
	"#   handlaggare-1@example.org namespaces=\"git\" ssh-ed25519 AAAAC3Nza...\n"
	"# (the first two words of ~/.ssh/id_ed25519.pub). With approval: {signed: true}\n"
	"# in plan.yaml, every commit that changes records/ or schemas/ is signed by\n"
	"# the key of the person whose address it carries, and every approval by the\n"
	"# reviewer's: who made and who approved a change is then proven.\n";

/*
 * Makes the new ledger ask for signed changes: "signed: false" in the
 * shipped plan.yaml becomes "signed: true", and records/allowed_signers
 * starts with a header that says what goes in it.
 */
static int
ask_for_signatures(const char *dir)
{
	char *path = xasprintf("%s/records/plan.yaml", dir);
	buf text = BUF_INIT, out = BUF_INIT;
	const char *at;
	int too_big, rc = -1;

	if (fsutil_read_file(path, 1 << 20, &text, &too_big) != 0)
		goto done;
	at = strstr(buf_cstr(&text), "\n  signed: false\n");
	if (at == NULL) {
		error_set("%s does not say 'signed: false' under 'approval:' as the shipped plan "
			  "does, so it cannot be made to ask for signatures",
			  path);
		goto done;
	}
	buf_put(&out, text.ptr, (size_t)(at - text.ptr));
	buf_puts(&out, "\n  signed: true\n");
	buf_puts(&out, at + strlen("\n  signed: false\n"));
	if (fsutil_write_atomic(path, out.ptr, out.len, 0, NULL) != 0)
		goto done;
	free(path);
	path = xasprintf("%s/records/allowed_signers", dir);
	rc = fsutil_write_atomic(path, signers_header, strlen(signers_header), 1, NULL);
done:
	free(path);
	buf_free(&text);
	buf_free(&out);
	return rc;
}

static int
init_workdir(const char *dir, const char *datadir, int sign, const wf_person *people, size_t npeople)
{
	const char *const git_init[] = {"git", "init", "-q", "-b", "main", dir, NULL};
	const char *const to_main[] = {"git", "symbolic-ref", "HEAD", "refs/heads/main", NULL};
	char *dotgit = xasprintf("%s/.git", dir);
	int in_clone = fsutil_exists(dotgit);
	const char *const add[] = {"git", "add", "-A", NULL};
	const char *const commit[] = {"git", "commit", "-q", "-m",
				      "Start the ledger from the plan's records", NULL};
	const char *parts[] = {"records", "schemas", "hooks"};
	history *h = NULL;
	char *path;
	size_t i;

	free(dotgit);
	/* An empty clone is a repository already: its first branch becomes main. */
	if (in_clone ? cli_run(dir, to_main) != 0 : cli_run(NULL, git_init) != 0)
		return cli_error("git init failed for %s", dir);
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		char *from = xasprintf("%s/%s", datadir, parts[i]);
		char *to = xasprintf("%s/%s", dir, parts[i]);
		int rc = copy_tree(from, to, 0);

		free(from);
		free(to);
		if (rc != 0)
			return cli_error("%s", error_last());
	}
	if (sign && ask_for_signatures(dir) != 0)
		return cli_error("%s", error_last());
	if (npeople > 0 && wf_people_write(dir, people, npeople, sign) != 0)
		return cli_error("%s", error_last());
	path = xasprintf("%s/README.md", dir);
	if (fsutil_write_atomic(path, readme, strlen(readme), 1, NULL) != 0) {
		free(path);
		return cli_error("%s", error_last());
	}
	free(path);
	if (history_open(&h, dir) != 0)
		return cli_error("%s", error_last());
	if (install_hook(h, datadir, "pre-commit", 0) != 0) {
		history_free(h);
		return EXIT_TROUBLE;
	}
	history_free(h);
	if (cli_run(dir, add) != 0 || cli_run(dir, commit) != 0)
		return cli_error("the first commit in %s failed; see git's message above", dir);
	printf(_("made a new ledger in %s\n"), dir);
	if (npeople > 0) {
		printf(ngettext("with %zu person in records/people.yaml",
				"with %zu people in records/people.yaml", npeople),
		       npeople);
		printf(sign ? _(" and their keys in records/allowed_signers; changes must be signed "
				"(everyone sets git config gpg.format ssh, user.signingkey "
				"~/.ssh/id_ed25519 and commit.gpgsign true).\n") :
			      ".\n");
		printf(_("Next: make the central repository from it: plan init --bare DIR --from %s "
			 "(add --apache-config to have the web server's configuration printed); "
			 "then everyone makes their clone with plan join URL.\n"),
		       dir);
	} else if (sign)
		printf(_("It asks for signed changes (records/plan.yaml: approval: {signed: true}). "
			 "Before anyone else commits:\n"
			 "  1. put your people in records/people.yaml and their SSH keys in "
			 "records/allowed_signers;\n"
			 "  2. make that the first commit: git -C %s commit --amend -a;\n"
			 "  3. start the central repository from it: plan init --bare DIR --from %s\n"
			 "Everyone signs their commits: git config gpg.format ssh, git config "
			 "user.signingkey ~/.ssh/id_ed25519, git config commit.gpgsign true.\n"),
		       dir, dir);
	return EXIT_OK;
}

/*
 * With signed changes, the people of the founding commit need their keys in
 * records/allowed_signers: each one without is named (they can change
 * nothing), and without any reviewer's key nothing could ever be approved.
 */
static int
founders_keys(history *h, const hist_oid *tip, const char *ledger_dir)
{
	audit_rules rules;
	hist_commit c;
	buf text = BUF_INIT;
	size_t i, reviewers = 0;
	int too_big, rc = EXIT_TROUBLE;

	if (history_commit(h, tip, &c) != 0)
		return cli_error("%s", error_last());
	if (audit_rules_load(h, &c.tree, &rules) != 0) {
		hist_commit_free(&c);
		return cli_error("%s", error_last());
	}
	hist_commit_free(&c);
	if (rules.people->plan == NULL || !rules.people->plan->signed_approvals) {
		rc = EXIT_OK;
		goto done;
	}
	if (rules.has_signers &&
	    history_read_blob(h, &rules.signers, 1024 * 1024, &text, &too_big) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	for (i = 0; i < rules.people->npeople; i++) {
		const rec_person *p = &rules.people->people[i];

		if (p->email != NULL && audit_signers_list(buf_cstr(&text), text.len, p->email)) {
			if (p->roles & ROLE_REVIEWER)
				reviewers++;
			continue;
		}
		fprintf(stderr,
			"%s: warning: %s has %s in records/allowed_signers of %s, so cannot "
			"change anything while changes must be signed\n",
			cli_progname, p->id, p->email != NULL ? "no key" : "no e-mail address, so no key",
			ledger_dir);
	}
	if (reviewers == 0) {
		cli_error("no reviewer in records/people.yaml of %s has a key in "
			  "records/allowed_signers, so no change could ever be approved; add the "
			  "reviewers' keys there (git commit --amend -a), then make the central "
			  "repository",
			  ledger_dir);
		goto done;
	}
	rc = EXIT_OK;
done:
	audit_rules_free(&rules);
	buf_free(&text);
	return rc;
}

/*
 * The ledger a central repository starts from: its main branch, whose tip
 * must pass the checks, since nothing after it can change its people and
 * keys without an approval they give.
 */
static int
founding_commit(const char *ledger_dir, hist_oid *tip)
{
	diag_list found = DIAG_LIST_INIT;
	check_options co;
	history *h = NULL;
	ledger_from from;
	hist_commit c;
	int r, rc = EXIT_TROUBLE;

	if (history_open(&h, ledger_dir) != 0)
		return cli_error("%s is no ledger to start from: %s", ledger_dir, error_last());
	r = history_ref(h, "refs/heads/main", tip);
	if (r != 0) {
		if (r > 0)
			cli_error("%s has no main branch to start from; make a ledger with plan init "
				  "LEDGER first",
				  ledger_dir);
		else
			cli_error("%s", error_last());
		goto done;
	}
	if (history_commit(h, tip, &c) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	memset(&co, 0, sizeof(co));
	co.today = date_today();
	co.today_words = "today";
	memset(&from, 0, sizeof(from));
	from.where = LEDGER_TREE;
	from.tree = c.tree;
	hist_commit_free(&c);
	if (store_check(NULL, h, &from, NULL, &co, &found) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	if (diag_errors(&found) > 0) {
		cli_print_findings(stdout, &found, FMT_TEXT, 0);
		cli_error("the main branch of %s does not pass the checks; correct it there, then "
			  "make the central repository",
			  ledger_dir);
		goto done;
	}
	rc = founders_keys(h, tip, ledger_dir);
done:
	diag_list_free(&found);
	history_free(h);
	return rc;
}

static int
init_bare(const char *dir, const char *datadir, const char *from)
{
	const char *const git_init[] = {"git", "init", "-q", "--bare", "-b", "main", dir, NULL};
	char hex[HIST_HEXSZ + 1], *from_abs;
	hist_oid tip, got;
	/*
	 * The hook keeps main from being rewritten; a person's own branch may be
	 * (plan sync replays it on the latest main, for a reviewer to approve).
	 */
	static const char *const settings[][2] = {{"receive.denyNonFastForwards", "false"},
						  {"receive.denyDeletes", "true"},
						  {"receive.fsckObjects", "true"}};
	history *h = NULL;
	size_t i;

	if (founding_commit(from, &tip) != EXIT_OK)
		return EXIT_TROUBLE;
	if (cli_run(NULL, git_init) != 0)
		return cli_error("git init --bare failed for %s", dir);
	/* The hook is not there yet, and a fetch runs none: the founder's commits go in as they are. */
	from_abs = realpath(from, NULL);
	{
		const char *const fetch[] = {"git", "fetch", "-q", "--no-tags", "--",
					     from_abs != NULL ? from_abs : from,
					     "refs/heads/main:refs/heads/main", NULL};
		int r = cli_run(dir, fetch);

		free(from_abs);
		if (r != 0)
			return cli_error("cannot take the main branch of %s into %s; see git's "
					 "message above",
					 from, dir);
	}
	for (i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		const char *const cfg[] = {"git", "config", settings[i][0], settings[i][1], NULL};

		if (cli_run(dir, cfg) != 0)
			return cli_error("cannot set %s in %s", settings[i][0], dir);
	}
	if (history_open(&h, dir) != 0)
		return cli_error("%s", error_last());
	if (install_hook(h, datadir, "pre-receive", 0) != 0) {
		history_free(h);
		return EXIT_TROUBLE;
	}
	if (history_ref(h, "refs/heads/main", &got) != 0 || !hist_oid_equal(&got, &tip)) {
		history_free(h);
		return cli_error("the main branch of %s did not arrive in %s whole", from, dir);
	}
	history_free(h);
	printf(_("made a central ledger repository in %s, starting from the main branch of %s (%.12s)\n"),
	       dir, from, hist_oid_fmt(&tip, hex));
	return EXIT_OK;
}

int
cmd_init(int argc, char **argv)
{
	static const cli_option opts[] = {{"bare", 0, 0},   {"unsigned", 0, 0},
					  {"from", 0, 1},   {"person", 0, 1},
					  {"clone", 0, 1},  {"apache-config", 0, 0},
					  {NULL, 0, 0}};
	char *datadir = NULL;
	const char *val, *from = NULL, *clone = NULL;
	int bare = 0, sign = 1, apache = 0, opt, rc = EXIT_TROUBLE;
	wf_person *people = NULL;
	size_t npeople = 0, i;
	cli_args a;

	cli_args_init(&a, "init", argc, argv, opts);
	while ((opt = cli_next(&a, &val)) != CLI_ARGS_END) {
		if (opt == CLI_ARGS_HELP) {
			cli_print_usage(stdout, "init");
			rc = EXIT_OK;
			goto done;
		}
		if (opt == CLI_ARGS_ERROR)
			goto done;
		if (opt == 0)
			bare = 1;
		if (opt == 1)
			sign = 0;
		if (opt == 2)
			from = val;
		if (opt == 3) {
			people = xrealloc(people, (npeople + 1) * sizeof(*people));
			if (wf_person_parse(val, &people[npeople]) != 0) {
				cli_usage_error(a.cmd, "%s", error_last());
				goto done;
			}
			npeople++;
		}
		if (opt == 4)
			clone = val;
		if (opt == 5)
			apache = 1;
	}
	datadir = cli_datadir();
	if (datadir == NULL) {
		cli_error("cannot find the plan's shipped schemas and hooks (set PLAN_DATADIR to the "
			  "folder that holds schemas/ and hooks/, or reinstall plan)");
		goto done;
	}
	if (clone != NULL) {
		if (a.npos > 1 || bare || from != NULL || npeople > 0) {
			cli_usage_error(a.cmd, _("--clone takes the central repository's address and "
						 "at most a folder: plan init --clone URL [DIR]"));
			goto done;
		}
		rc = join(clone, a.npos == 1 ? a.pos[0] : NULL, datadir);
		goto done;
	}
	if (a.npos != 1) {
		cli_usage_error(a.cmd, "name the folder to make the ledger in");
		goto done;
	}
	if (bare && from == NULL) {
		cli_usage_error(a.cmd,
				"a central repository starts from the first commit of a ledger, so "
				"that no push decides who its people are and which keys are theirs: "
				"make the ledger (plan init LEDGER), put your people and their keys "
				"in it and commit, then: plan init --bare DIR --from LEDGER");
		goto done;
	}
	if ((!bare && (from != NULL || apache)) || (bare && (!sign || npeople > 0))) {
		cli_usage_error(a.cmd, bare ? _("--unsigned and --person go with a new ledger; the "
						"central repository takes the people and settings "
						"of the ledger it starts from") :
					      _("--from and --apache-config go with --bare"));
		goto done;
	}
	if (!folder_is_empty(a.pos[0])) {
		cli_error("%s already exists and is not empty; name a new folder", a.pos[0]);
		goto done;
	}
	if (!bare && npeople == 0 && cli_terminal()) {
		if (ask_people(sign, &people, &npeople) != 0) {
			cli_error(_("cancelled; nothing was made"));
			rc = EXIT_FINDINGS;
			goto done;
		}
	}
	if (npeople > 0 && wf_people_check(people, npeople, sign) != 0) {
		cli_usage_error(a.cmd, "%s", error_last());
		goto done;
	}
	if (bare && apache) {
		/* Standard output is the configuration alone (>ledger.conf); the rest goes to stderr. */
		int saved = dup(STDOUT_FILENO);

		fflush(stdout);
		if (saved < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
			cli_error(_("cannot set standard output aside"));
			goto done;
		}
		rc = init_bare(a.pos[0], datadir, from);
		fflush(stdout);
		dup2(saved, STDOUT_FILENO);
		close(saved);
	} else {
		rc = bare ? init_bare(a.pos[0], datadir, from) :
			    init_workdir(a.pos[0], datadir, sign, people, npeople);
	}
	if (rc == EXIT_OK && bare && apache)
		rc = print_apache_config(a.pos[0]);
done:
	for (i = 0; i < npeople; i++)
		wf_person_free(&people[i]);
	free(people);
	free(datadir);
	cli_args_free(&a);
	return rc;
}

int
cmd_join(int argc, char **argv)
{
	static const cli_option opts[] = {{NULL, 0, 0}};
	char *datadir = NULL;
	const char *val;
	int opt, rc = EXIT_TROUBLE;
	cli_args a;

	cli_args_init(&a, "join", argc, argv, opts);
	while ((opt = cli_next(&a, &val)) != CLI_ARGS_END) {
		if (opt == CLI_ARGS_HELP) {
			cli_print_usage(stdout, "join");
			rc = EXIT_OK;
			goto done;
		}
		if (opt == CLI_ARGS_ERROR)
			goto done;
	}
	if (a.npos < 1 || a.npos > 2) {
		cli_usage_error(a.cmd, _("name the central repository's address, and the folder "
					 "to make if you like: plan join URL [DIR]"));
		goto done;
	}
	datadir = cli_datadir();
	if (datadir == NULL) {
		cli_error("cannot find the plan's shipped schemas and hooks (set PLAN_DATADIR to the "
			  "folder that holds schemas/ and hooks/, or reinstall plan)");
		goto done;
	}
	rc = join(a.pos[0], a.npos == 2 ? a.pos[1] : NULL, datadir);
done:
	free(datadir);
	cli_args_free(&a);
	return rc;
}

int
cmd_hooks(int argc, char **argv)
{
	static const cli_option opts[] = {{"force", 0, 0}, {NULL, 0, 0}};
	history *h = NULL;
	char *datadir = NULL;
	const char *val;
	int force = 0, opt, rc = EXIT_TROUBLE;
	cli_args a;

	cli_args_init(&a, "hooks", argc, argv, opts);
	while ((opt = cli_next(&a, &val)) != CLI_ARGS_END) {
		if (opt == CLI_ARGS_HELP) {
			cli_print_usage(stdout, "hooks");
			rc = EXIT_OK;
			goto done;
		}
		if (opt == CLI_ARGS_ERROR)
			goto done;
		if (opt == 0)
			force = 1;
	}
	if (a.npos >= 2 && strcmp(a.pos[0], "message") == 0) {
		rc = cli_hook_message(a.npos - 1, a.pos + 1);
		goto done;
	}
	if (a.npos != 1 || strcmp(a.pos[0], "install") != 0) {
		cli_usage_error(a.cmd, "the only subcommand is 'install'");
		goto done;
	}
	if (history_open(&h, NULL) != 0) {
		cli_error("%s", error_last());
		goto done;
	}
	datadir = cli_datadir();
	if (datadir == NULL) {
		cli_error("cannot find the plan's shipped hooks (set PLAN_DATADIR to the folder "
			  "that holds schemas/ and hooks/, or reinstall plan)");
		goto done;
	}
	if (history_workdir(h) == NULL)
		rc = install_hook(h, datadir, "pre-receive", force) == 0 ? EXIT_OK : EXIT_TROUBLE;
	else
		rc = install_hook(h, datadir, "pre-commit", force) == 0 ? EXIT_OK : EXIT_TROUBLE;
done:
	free(datadir);
	history_free(h);
	cli_args_free(&a);
	return rc;
}
