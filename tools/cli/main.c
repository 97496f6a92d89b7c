/*
 * plan: the command table, the options every command shares, and dispatch.
 * One file per command (cmd_<name>.c); each command parses its own options.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "util/i18n.h"
#include "util/strdist.h"

#ifndef PLAN_VERSION
#define PLAN_VERSION "0.0.0"
#endif

const char *cli_progname = "plan";

static int cmd_help(int argc, char **argv);
static int cmd_version(int argc, char **argv);

static const cli_cmd commands[] = {
	{"check", cmd_check, N_("check the records against the schemas and the plan's rules"),
	 N_("usage: plan check [--today DATE] [--format text|json|gnu] [--full-name] [PATH...]\n"
	 "   or: plan check --staged [--today DATE] [--format text|json|gnu]\n"
	 "   or: plan check --range OLD..NEW [--ref REF] [--format text|json]\n"
	 "                      [--max-seconds N] [--max-memory MIB] [--pusher ID]\n"
	 "\n"
	 "Checks every record under records/ of the ledger around the current\n"
	 "folder: YAML, schema, ids, references, windows, the plan's own words for\n"
	 "windows, requirements between indicators, and events dated in the future.\n"
	 "With paths, only findings about those files or folders are shown.\n"
	 "Paths are shown from the current folder, as git status shows them.\n"
	 "\n"
	 "    --staged         check what the next commit will contain (the Git\n"
	 "                     index), not the work tree; the pre-commit hook runs this\n"
	 "    --range OLD..NEW check every commit NEW brings over OLD, each against\n"
	 "                     its own day, and that no approved event on the main\n"
	 "                     branch was edited or deleted; OLD may be the zero id\n"
	 "                     (a new branch); the pre-receive hook runs this\n"
	 "    --ref REF        the branch a push updates: the main branch may be\n"
	 "                     neither deleted nor rewritten\n"
	 "    --pusher ID      with --ref: who pushes (the web server's login, a\n"
	 "                     person's id): only their own branches ID/..., and main\n"
	 "                     or a tag only as a reviewer\n"
	 "    --max-seconds N  stop after N seconds with an error (the pre-receive\n"
	 "                     hook's budget for a push)\n"
	 "    --max-memory MIB stop with an error past MIB MiB of memory\n"
	 "    --today DATE     judge 'in the future' against DATE (YYYY-MM-DD)\n"
	 "    --full-name      show paths from the ledger's root, wherever you are\n"
	 "    --format FMT     text (path:line:col: error[rule]: ...), json, or gnu\n"
	 "                     (path:line:col: error: ... [rule], the column in bytes,\n"
	 "                     as Vim's and Emacs's error lists read it)\n")},
	{"status", cmd_status, N_("how far each indicator has come"),
	 N_("usage: plan status [--at DATE] [--rev REV] [--year Y] [--indicator ID]\n"
	 "                   [--format text|json|csv|md|xlsx] [--output FILE]\n"
	 "                   [--csv-separator SEP]\n"
	 "\n"
	 "Counts, for each indicator and each of its periods, the events that count\n"
	 "toward it, against its target: met, met-late, partial, not-met,\n"
	 "in-progress or not-started, rolled up per activity and goal.\n"
	 "\n"
	 "Each event counts on time, early or late (a deliverable outside its due\n"
	 "window), or is listed as not counted with the reason.\n"
	 "\n"
	 "    --at DATE        the end of DATE: events dated up to it count, and a\n"
	 "                     period that ends on it is closed, as the ledger stands\n"
	 "                     now (default: today)\n"
	 "    --rev REV        the ledger as it stood at commit REV (default: HEAD)\n"
	 "    --year Y         only the periods of year Y: every figure, statuses and\n"
	 "                     roll-ups included\n"
	 "    --indicator ID   only one indicator, such as I14\n"
	 "    --format FMT     text, json, csv (for spreadsheets), md, or xlsx (an Excel\n"
	 "                     file with real dates and numbers, the status as a word\n"
	 "                     and a colour; needs --output)\n"
	 "    -o, --output FILE  write to FILE instead of standard output\n"
	 "    --csv-separator SEP  ',' or ';' (default ';' when LC_ALL, LC_NUMERIC or\n"
	 "                     LANG is Swedish, as Swedish Excel expects, with decimal\n"
	 "                     commas; else ',')\n")},
	{"trace", cmd_trace, N_("the history of one indicator, commit by commit"),
	 N_("usage: plan trace [--rev REV] [--format text|json] INDICATOR\n"
	 "\n"
	 "Walks the main line (first parents of the main branch, or of REV) and\n"
	 "lists every commit that changed what counts toward the indicator: the\n"
	 "commit, its day, who made the change, who approved it, the events added,\n"
	 "corrected, changed or deleted, and the indicator's status before and\n"
	 "after, both judged on the commit's day.\n"
	 "\n"
	 "    --rev REV        follow the first parents of REV instead of main\n"
	 "    --format FMT     text or json\n")},
	{"review", cmd_review, N_("a change in words, with its effect on fulfilment"),
	 N_("usage: plan review [--at DATE] [--format text|md|json] [A..B | BRANCH]\n"
	 "   or: plan review --pending\n"
	 "\n"
	 "Describes what B brings over A (default main..HEAD) for a reviewer: the\n"
	 "events added, corrected, changed or deleted, the plan's own records\n"
	 "changed, the findings of the checks a push gets, and which indicator\n"
	 "periods change status (\"I14 2019: partial -> met\"). Markdown pastes into\n"
	 "a merge request.\n"
	 "\n"
	 "    --at DATE        judge fulfilment on DATE (default: today)\n"
	 "    --format FMT     text, md or json\n"
	 "    --pending        list the central repository's branches that wait for\n"
	 "                     approval (BRANCH alone means main..BRANCH, such as\n"
	 "                     origin/handlaggare-1/2020-03-12)\n")},
	{"approve", cmd_approve, N_("approve a branch into main, as a reviewer"),
	 N_("usage: plan approve [--dry-run] [--no-push] BRANCH\n"
	 "\n"
	 "Run by a reviewer (git config user.email, as records/people.yaml lists\n"
	 "them with the reviewer role) in their clone; BRANCH may be one of the\n"
	 "clone's or one of the central repository's (origin/handlaggare-1/2020-03-12;\n"
	 "'plan review --pending' lists those waiting). Brings main up to date with\n"
	 "the central repository first (switching to main when nothing is left\n"
	 "unsent). Refuses when the branch does not pass 'plan check --range\n"
	 "main..BRANCH', when it does not contain the latest main (its author then\n"
	 "runs plan sync), or when the reviewer authored or committed any of its\n"
	 "commits. Otherwise writes a merge commit whose content is the branch's,\n"
	 "with the trailer 'Approved-by: <person id> <email>', signed with the\n"
	 "reviewer's SSH key when records/plan.yaml asks for signed approvals (git\n"
	 "config gpg.format ssh, user.signingkey), and sends main to the central\n"
	 "repository.\n"
	 "\n"
	 "    --dry-run        show the approval's message, write nothing\n"
	 "    --no-push        make the approval in this clone only\n")},
	{"audit", cmd_audit, N_("prove every change on main was approved properly"),
	 N_("usage: plan audit [--no-cache] [--format text|json] [A..B]\n"
	 "\n"
	 "Checks every commit on the main line (its first parents; default: the\n"
	 "whole history of main) that changes records/: it merges a branch that\n"
	 "contains the previous main, with the branch's content unchanged, and one\n"
	 "Approved-by line naming a reviewer of the previous main's records who\n"
	 "also committed the merge and made none of the merged commits; when the\n"
	 "plan asks for it, an SSH signature by that reviewer's key in\n"
	 "records/allowed_signers. Direct commits to main that change records are\n"
	 "findings. The ledger's first commit needs no approval. Verdicts on the\n"
	 "whole main line are kept in .git/plan/ by commit id, so a later audit\n"
	 "checks only the commits since.\n"
	 "\n"
	 "    --no-cache       audit every commit anew, trusting nothing kept locally\n"
	 "    --format FMT     text or json\n")},
	{"report", cmd_report, N_("the follow-up report: HTML with the Gantt chart, or Markdown"),
	 N_("usage: plan report --html FILE [--rev REV] [--at DATE] [--lang sv|en]\n"
	 "   or: plan report --format md [--output FILE] [--rev REV] [--at DATE] [--lang sv|en]\n"
	 "\n"
	 "Writes the follow-up report for politicians and auditors: the plan, its\n"
	 "period, the commit it was made from and the report's date; the plan's\n"
	 "Gantt chart with each activity's window, priority, recorded events and\n"
	 "status; and every indicator's target, each period's result and status,\n"
	 "the events that count and the commit that recorded each. The HTML page is\n"
	 "one self-contained file (it prints on A4); the Markdown has the same\n"
	 "content without the chart, for the annual follow-up document.\n"
	 "\n"
	 "    --html FILE      write the HTML report to FILE (as --format html --output FILE)\n"
	 "    --format FMT     html (the default) or md\n"
	 "    -o, --output FILE  write to FILE instead of standard output; a name ending\n"
	 "                     in .md means --format md\n"
	 "    --rev REV        the ledger as it stood at commit REV (default: the main\n"
	 "                     branch, else HEAD); the commits that recorded the events\n"
	 "                     are found along REV's first parents\n"
	 "    --at DATE        the end of DATE: events dated up to it count, and a\n"
	 "                     period that ends on it is closed (default: today)\n"
	 "    --lang LANG      sv (the default) or en\n")},
	{"serve", cmd_serve, N_("the ledger in a browser: overview, events, a form, review"),
	 N_("usage: plan serve [--port PORT] [--bind ADDRESS] [--open] [--read-only] [--lang sv|en]\n"
	 "\n"
	 "Serves the ledger as web pages on this computer: an overview with the\n"
	 "Gantt chart and every indicator's status, each indicator and event, the\n"
	 "events filtered and as CSV, a form that records an event on your branch\n"
	 "(your id/today's date) by the rules of 'plan add event', and the branches\n"
	 "waiting for review with a button that does what 'plan approve' does. Every\n"
	 "page takes ?at=DATE and ?rev=REV. In a bare repository, or with\n"
	 "--read-only, the pages only show. Ctrl-C stops it.\n"
	 "\n"
	 "    -p, --port PORT  the port to listen on (default 8150; 0: any free one)\n"
	 "    --bind ADDRESS   the IPv4 address to listen on (default 127.0.0.1, this\n"
	 "                     computer only)\n"
	 "    --open           open the overview in the browser\n"
	 "    --read-only      no form and no approving, also in a clone\n"
	 "    --lang LANG      sv or en (default: the language of the locale)\n")},
	{"add", cmd_add, N_("record an event: a new event file, checked before it is written"),
	 N_("usage: plan add event [--date DATE] --kind KIND --indicator ID[,ID...]\n"
	 "                      --title TITLE [--responsible ID] [--participants N]\n"
	 "                      [--evidence TYPE:REF]... [--note TEXT]\n"
	 "                      [--supersedes ID --reason TEXT] [--exception REASON]\n"
	 "                      [--commit | --submit] [--dry-run] [--format text|json]\n"
	 "\n"
	 "Records something that happened under the plan (a seminar held, a proposal\n"
	 "submitted, a meeting) as a new file records/events/YYYY/MM/DATE-TITLE.yaml,\n"
	 "checked by the same rules as 'plan check' before it is written. An error\n"
	 "in the event is shown and nothing is written; warnings are shown too. On a\n"
	 "terminal, plan asks for whatever the options leave out (Ctrl-D cancels);\n"
	 "elsewhere it names the missing options and asks nothing.\n"
	 "\n"
	 "    --date DATE          the day it happened, YYYY-MM-DD (default: today)\n"
	 "    --kind KIND          seminar, workshop, training, meeting, ... (see\n"
	 "                         'plan list kinds'); the Swedish name does too\n"
	 "    --indicator ID       an indicator it counts toward, such as I15; repeat\n"
	 "                         the option or separate ids by commas\n"
	 "    --title TITLE        what happened, on one line; the file is named after it\n"
	 "    --responsible ID     a person in records/people.yaml (default: the person\n"
	 "                         with the e-mail address Git is configured with)\n"
	 "    --participants N     how many took part\n"
	 "    --evidence TYPE:REF  where it can be verified, such as\n"
	 "                         \"diarienummer:RUN 19/00123\"; may be repeated\n"
	 "    --note TEXT          anything else worth knowing\n"
	 "    --supersedes ID      the event this one corrects; goes with --reason\n"
	 "    --reason TEXT        why the earlier event is corrected\n"
	 "    --exception REASON   record it although it falls outside its activity's\n"
	 "                         window; reports show it, and it needs approval\n"
	 "    --commit             stage the file and commit it; the pre-commit hook\n"
	 "                         checks it as usual\n"
	 "    --submit             then send it for review, as plan submit does\n"
	 "    --dry-run            print the record and its path, write nothing\n"
	 "    --format FMT         text (the path written) or json\n"
	 "\n"
	 "Exit status: 0 written (with --dry-run: would be written), 1 not written\n"
	 "because of an error in the event or cancelled at a question, 2 bad options,\n"
	 "no ledger, or a failure to write or to commit.\n")},
	{"correct", cmd_correct, N_("correct an event: a new one that supersedes it"),
	 N_("usage: plan correct [--reason TEXT] [--date DATE] [--kind KIND]\n"
	 "                    [--indicator ID[,ID...]] [--title TITLE] [--responsible ID]\n"
	 "                    [--participants N] [--evidence TYPE:REF]... [--note TEXT]\n"
	 "                    [--commit | --submit] [--dry-run] [--format text|json] ID\n"
	 "\n"
	 "Records a new event that supersedes the event ID (approved events are\n"
	 "never edited): it starts from ID's values. At a terminal, plan asks for\n"
	 "each again with the old value in [brackets] (Enter keeps it), then for\n"
	 "the reason. Elsewhere the options change what they name, and --reason is\n"
	 "needed. 'plan list events' shows the ids; bash completion offers them.\n"
	 "The options are those of 'plan add event'.\n")},
	{"list", cmd_list, N_("list the events, indicators, event kinds, people or commands"),
	 N_("usage: plan list [--date DATE] [--indicator ID] [--format text|json] WHAT\n"
	 "   or: plan list events [--indicator ID] [--activity ID] [--goal ID] [--kind KIND]\n"
	 "                        [--person ID] [--from DATE] [--to DATE] [--text TEXT]\n"
	 "                        [--all] [--format text|csv|json|xlsx] [--output FILE]\n"
	 "                        [--csv-separator SEP] [--rev REV]\n"
	 "\n"
	 "Lists what the ledger around the current folder holds, one to a line with\n"
	 "its description after a tab. WHAT is one of: indicators, kinds (of event),\n"
	 "people, commands.\n"
	 "\n"
	 "    --date DATE      indicators: only those whose activity runs on DATE\n"
	 "    --indicator ID   kinds: only those that count toward ID (several ids\n"
	 "                     separated by commas: toward any of them)\n"
	 "    --format FMT     text or json\n"
	 "\n"
	 "'plan list events' lists the events of the work tree (of commit REV with\n"
	 "--rev) in date order, one a line, or as a table for spreadsheets. Events\n"
	 "corrected by a later one (supersedes) are left out unless --all is given.\n"
	 "Every filter given must hold:\n"
	 "\n"
	 "    --indicator ID   naming this indicator (several: separated by commas)\n"
	 "    --activity ID    naming an indicator of this activity, such as A2.6\n"
	 "    --goal ID        naming an indicator under this goal, such as M2\n"
	 "    --kind KIND      of this kind (its Swedish or English name does too)\n"
	 "    --person ID      with this person responsible\n"
	 "    --from DATE      dated on or after DATE\n"
	 "    --to DATE        dated on or before DATE\n"
	 "    --text TEXT      TEXT in the id, title, note or evidence, in any case\n"
	 "    --all            corrected (superseded) events too\n"
	 "    --format FMT     text, csv, json or xlsx (an Excel file; needs --output)\n"
	 "    -o, --output FILE  write to FILE instead of standard output\n"
	 "    --csv-separator SEP  ',' or ';' (default ';' when LC_ALL, LC_NUMERIC or\n"
	 "                     LANG is Swedish, as Swedish Excel expects, else ',')\n"
	 "    --rev REV        the events of commit REV instead of the work tree\n")},
	{"import", cmd_import, N_("record events from the rows of a spreadsheet (CSV or Excel)"),
	 N_("usage: plan import [--map MAP.yaml] [--sheet NAME] [--responsible ID] [--dry-run]\n"
	 "                   [--skip-bad] [--commit] FILE.csv|FILE.xlsx\n"
	 "\n"
	 "Makes one event of each row of a CSV file or an Excel workbook's sheet,\n"
	 "written as 'plan add event' writes it and checked by the same rules, all\n"
	 "rows together, against each other and the ledger. A finding names the\n"
	 "file, the row and the column, and the cell as the spreadsheet shows it:\n"
	 "\n"
	 "    events.csv:14:3: error[window]: C14 (Datum): I16 belongs to ...\n"
	 "\n"
	 "Nothing is written unless every row passes. The first row names the\n"
	 "columns; Swedish and English headers are known (Datum/Date, Typ/Kind,\n"
	 "Indikator/Indicator, Titel/Title, Ansvarig/Responsible,\n"
	 "Deltagare/Participants, Diarienummer/Underlag/Evidence, Anteckning/Note,\n"
	 "Ersätter/Supersedes, Skäl/Reason, Undantag/Exception, Id), and so is every\n"
	 "column of 'plan list events'. A row's content decides its id (the id\n"
	 "column, else the date and the title), so importing the same file again\n"
	 "adds nothing. CSV may be UTF-8 (with or without BOM) or Windows-1252,\n"
	 "separated by ',' or ';'.\n"
	 "\n"
	 "    --map MAP.yaml   which column is which field, defaults and values:\n"
	 "                       columns: {date: Dag, title: Vad, kind: C}\n"
	 "                       defaults: {kind: seminar}\n"
	 "                       values: {kind: {Seminarium: seminar}}\n"
	 "    --sheet NAME     the workbook's sheet to read (default: the first)\n"
	 "    --responsible ID the person of rows that name none (default: you, as\n"
	 "                     git config user.email finds you in records/people.yaml)\n"
	 "    --dry-run        check every row and say what would be written\n"
	 "    --skip-bad       write the rows that pass and list the others\n"
	 "    --commit         stage the new files and commit them in one commit\n"
	 "\n"
	 "Exit status: 0 imported, 1 rows with errors (nothing written, or with\n"
	 "--skip-bad those rows left out), 2 bad options, no ledger, or a failure to\n"
	 "write.\n")},
	{"init", cmd_init, N_("make a new ledger repository, or a central one"),
	 N_("usage: plan init [--unsigned] [--person SPEC]... DIR\n"
	 "   or: plan init --bare DIR --from LEDGER [--apache-config]\n"
	 "   or: plan init --clone URL [DIR]\n"
	 "\n"
	 "Makes a new records repository in DIR (a new folder, or an empty clone\n"
	 "such as '.'): the shipped plan's records (without events), the schemas,\n"
	 "the hooks, the pre-commit hook installed, and a first commit on the main\n"
	 "branch with the ledger's people. The ledger asks for signed changes\n"
	 "(approval: {signed: true}): every commit that changes records/ or schemas/\n"
	 "is signed by the key, in records/allowed_signers, of the person whose\n"
	 "address it carries; it then needs at least two reviewers, each with a key.\n"
	 "On a terminal, plan asks for the people when no --person is given.\n"
	 "\n"
	 "    --person SPEC  a person of the ledger, repeated for each:\n"
	 "                   'id=handlaggare-1,name=Handläggare Ett,email=handlaggare-1@example.org,\n"
	 "                   roles=staff+reviewer,key=~/.ssh/id_ed25519.pub'\n"
	 "                   (roles: staff, reviewer, auditor; key: a .pub file)\n"
	 "    --unsigned     do not ask for signatures: who made and who approved a\n"
	 "                   change is then only what Git's commits claim\n"
	 "    --bare         make a central repository to push to instead: the\n"
	 "                   pre-receive hook checks every push, and the main branch\n"
	 "                   can be neither deleted nor rewritten (receive.denyDeletes,\n"
	 "                   receive.fsckObjects; a person's own branches may be\n"
	 "                   brought up to date by plan sync)\n"
	 "    --from LEDGER  with --bare: the main branch of LEDGER (its plan, people\n"
	 "                   and keys) becomes the central repository's, so no push\n"
	 "                   decides who they are; a push to an empty main is refused\n"
	 "    --apache-config  with --bare: also print a configuration for the Apache\n"
	 "                   web server (git-http-backend) that serves it over HTTP(S),\n"
	 "                   with a login for each person\n")},
	{"join", cmd_join, N_("make your clone of the central ledger"),
	 N_("usage: plan join URL [DIR]\n"
	 "\n"
	 "Clones the central repository at URL into DIR (default: the last part of\n"
	 "URL), installs the pre-commit hook, and checks that your e-mail address\n"
	 "(git config user.email) is one of the people in records/people.yaml,\n"
	 "saying what to do if not.\n")},
	{"submit", cmd_submit, N_("send your new and changed records for review"),
	 N_("usage: plan submit [-m MESSAGE]\n"
	 "\n"
	 "Commits your new and changed records on your branch <your id>/<today>\n"
	 "(made when you are on main; commits you made on main move there, and main\n"
	 "goes back to the central one), checks every commit as the central\n"
	 "repository will, sends the branch there, and says what happens next.\n"
	 "\n"
	 "    -m, --message MESSAGE  the commit's message (default: what it records)\n")},
	{"sync", cmd_sync, N_("bring your clone up to date with the approved ledger"),
	 N_("usage: plan sync\n"
	 "\n"
	 "Fetches from the central repository, moves main forward to the approved\n"
	 "ledger, brings your branches that wait for review up to date with it\n"
	 "(replaying your commits on the new main, so that a reviewer can approve\n"
	 "them; no merge commits), removes your branches that were approved, and\n"
	 "lists what was approved since your last sync.\n")},
	{"hooks", cmd_hooks, N_("install the checking hook in this repository"),
	 N_("usage: plan hooks install [--force]\n"
	 "\n"
	 "Installs the pre-commit hook (the pre-receive hook in a bare repository),\n"
	 "which runs 'plan check --staged' on every commit. A hook of another tool\n"
	 "is kept unless --force is given.\n")},
	{"lint-yaml", cmd_lint_yaml, N_("check files against the YAML rules for records"),
	 N_("usage: plan lint-yaml [--format text|json] FILE...\n"
	 "\n"
	 "Applies the YAML rules for record files: no duplicate keys, anchors,\n"
	 "aliases, tags or merge keys, one document, UTF-8 without byte-order mark\n"
	 "or invisible control characters, at most 64 KiB, nesting at most 16\n"
	 "levels, values at most 4 KiB.\n"
	 "\n"
	 "    --format FMT   text (path:line:col: error[yaml]: ...) or json\n")},
	{"validate", cmd_validate, N_("check YAML or JSON files against a JSON Schema"),
	 N_("usage: plan validate --schema SCHEMA [-r FILE]... [--no-format]\n"
	 "                     [--format text|json] FILE...\n"
	 "\n"
	 "Checks YAML or JSON files against a JSON Schema (draft 2020-12) written in\n"
	 "YAML or JSON. The other schemas in the schema's folder are read too, so that\n"
	 "a $ref may name them (\"common.schema.yaml#/$defs/date\"). Files named\n"
	 "*.json are read as JSON (RFC 8259), the others as YAML. Exit status: 0 all\n"
	 "files valid, 1 findings, 2 an unusable schema or arguments.\n"
	 "\n"
	 "    --schema SCHEMA   the schema file\n"
	 "    -r, --ref FILE    another schema, which a $ref may name by its $id\n"
	 "                      (again for more; a pattern such as 'dir/*.json' is\n"
	 "                      expanded); -r URI=FILE reads it as the schema at URI\n"
	 "    --no-format       treat `format` (date, email, ...) as a note, not a check\n"
	 "    --format FMT      text (path:line:col: error[schema]: ...) or json\n")},
	{"help", cmd_help, N_("show help for plan or one of its commands"),
	 N_("usage: plan help [COMMAND]\n")},
	{"version", cmd_version, N_("print the version"),
	 N_("usage: plan version\n")},

};

enum { NCOMMANDS = sizeof(commands) / sizeof(commands[0]) };

const cli_cmd *
cli_commands(size_t *n)
{
	*n = NCOMMANDS;
	return commands;
}

static const cli_cmd *
find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

void
cli_print_usage(FILE *out, const char *name)
{
	const cli_cmd *c = find_command(name);

	if (c != NULL)
		fputs(_(c->usage), out);
}

static void
print_overview(FILE *out)
{
	size_t i;

	fprintf(out,
		_("usage: plan [-C DIR] [--lang sv|en] [--version] [--help] COMMAND [ARGS]\n"
		  "\n"
		  "Keeps an activity plan and everything done under it as YAML records in a\n"
		  "Git repository, checks every change against the plan's rules, and reports\n"
		  "how far each indicator has come.\n"
		  "\n"
		  "Commands:\n"));
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(out, "   %-12s %s\n", commands[i].name, _(commands[i].summary));
	fprintf(out,
		_("\n"
		  "Options:\n"
		  "   -C DIR        run as if started in DIR\n"
		  "   --lang LANG   speak sv (Swedish) or en (English), whatever the computer's\n"
		  "                 language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) or the ledger's\n"
		  "                 (interface_language in records/plan.yaml) says\n"
		  "   --version     print the version\n"
		  "   -h, --help    show this help; 'plan COMMAND --help' for a command\n"
		  "\n"
		  "Exit status: 0 all good, 1 findings (invalid records, rule violations),\n"
		  "2 usage or environment errors.\n"));
}

static int
cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		print_overview(stdout);
		return EXIT_OK;
	}
	if (cli_is_help(argv[1])) {
		cli_print_usage(stdout, "help");
		return EXIT_OK;
	}
	if (find_command(argv[1]) == NULL)
		return cli_usage_error("help", "no such command '%s'", argv[1]);
	cli_print_usage(stdout, argv[1]);
	return EXIT_OK;
}

static int
cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf(_("plan version %s\n"), PLAN_VERSION);
	return EXIT_OK;
}

static int
unknown_command(const char *name)
{
	size_t i, best = (size_t)-1;
	const char *guess = NULL;

	for (i = 0; i < NCOMMANDS; i++) {
		size_t d = strdist(name, strlen(name), commands[i].name, strlen(commands[i].name));

		if (d < best) {
			best = d;
			guess = commands[i].name;
		}
	}
	fprintf(stderr, _("plan: '%s' is not a plan command. See 'plan --help'.\n"), name);
	if (guess != NULL && best <= 2)
		fprintf(stderr, _("\nThe most similar command is\n\t%s\n"), guess);
	return EXIT_TROUBLE;
}

/* --lang among the options before the command: 1 sv, 0 en, -1 not given, -2 bad. */
static int
lang_option(int argc, char **argv, const char **bad)
{
	int i, lang = -1;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *v = NULL;

		if (strcmp(argv[i], "-C") == 0)
			i++;
		else if (strcmp(argv[i], "--lang") == 0)
			v = i + 1 < argc ? argv[++i] : "";
		else if (strncmp(argv[i], "--lang=", 7) == 0)
			v = argv[i] + 7;
		if (v != NULL) {
			lang = strcmp(v, "sv") == 0 ? 1 : strcmp(v, "en") == 0 ? 0 : -2;
			if (lang == -2) {
				*bad = v;
				return -2;
			}
		}
	}
	return lang;
}

int
main(int argc, char **argv)
{
	int i = 1, moved = 0;
	const char *bad = NULL;
	int lang = lang_option(argc, argv, &bad);
	const cli_cmd *c;

	cli_escape_streams();
	cli_i18n_init(lang < 0 ? -1 : lang);
	if (lang == -2) {
		fprintf(stderr, _("plan: --lang is sv (Swedish) or en (English), not '%s'\n"), bad);
		return EXIT_TROUBLE;
	}
	while (i < argc && argv[i][0] == '-') {
		const char *a = argv[i];

		if (strcmp(a, "--lang") == 0 || strncmp(a, "--lang=", 7) == 0) {
			i += a[6] == '\0' ? 2 : 1;
			continue;
		}
		if (cli_is_help(a)) {
			print_overview(stdout);
			return EXIT_OK;
		}
		if (strcmp(a, "--version") == 0)
			return cmd_version(0, NULL);
		if (strcmp(a, "-C") == 0 || strncmp(a, "-C", 2) == 0) {
			const char *dir = a[2] != '\0' ? a + 2 : (i + 1 < argc ? argv[++i] : NULL);

			if (dir == NULL) {
				fprintf(stderr, _("plan: -C needs a folder\n"));
				return EXIT_TROUBLE;
			}
			if (*dir != '\0' && chdir(dir) == 0)
				moved = 1;
			else if (*dir != '\0') {
				fprintf(stderr, _("plan: cannot go to the folder %s: %s\n"), dir,
					strerror(errno));
				return EXIT_TROUBLE;
			}
			i++;
			continue;
		}
		fprintf(stderr, _("plan: unknown option '%s'\n\n"), a);
		print_overview(stderr);
		return EXIT_TROUBLE;
	}
	/* The ledger's own language, in the folder -C named. */
	if (moved && lang < 0)
		cli_i18n_init(-1);
	if (i >= argc) {
		print_overview(stderr);
		return EXIT_TROUBLE;
	}
	c = find_command(argv[i]);
	if (c == NULL)
		return unknown_command(argv[i]);
	return c->run(argc - i, argv + i);
}
