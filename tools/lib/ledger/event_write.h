/*
 * event_write: a new event record as `plan add event` writes it. The slug
 * of its file name from the title, the record's YAML text (every value
 * written so that a YAML 1.1 or 1.2 reader reads back exactly the text
 * given), its path, an id no other event has, and the atomic write.
 *
 * Nothing here prints. Every char * returned is the caller's to free with
 * free(); the fields of an event_fields are borrowed.
 */
#ifndef PLAN_EVENT_WRITE_H
#define PLAN_EVENT_WRITE_H

#include <stddef.h>

#include "ledger/records.h"
#include "util/buf.h"
#include "util/date.h"

/* The longest slug event_write_slug makes, in bytes. */
enum { EVENT_SLUG_MAX = 50 };

/* The first line of every event file: editors find the schema through it. */
#define EVENT_MODELINE "# yaml-language-server: $schema=../../../../schemas/event.schema.yaml"

typedef struct event_evidence {
	const char *type;
	const char *ref;
} event_evidence;

/* An event's fields. Text fields that are NULL are left out of the record. */
typedef struct event_fields {
	const char *id;
	date_days date;
	const char *kind;
	const char *title;
	const char *const *indicators;
	size_t nindicators;
	const char *responsible;
	int has_participants;
	long long participants;
	const event_evidence *evidence;
	size_t nevidence;
	const char *note;
	const char *supersedes;
	const char *reason;
	const char *exception; /* the exception's reason */
} event_fields;

/*
 * The slug of a title: lower-case ASCII letters and digits in words joined
 * by single hyphens. Latin letters lose their accents (å, ä, à → a; ö, ø →
 * o; æ → ae; ß → ss; ł → l), combining accents and apostrophes are dropped,
 * and every other run of characters becomes one hyphen. A slug longer than
 * max bytes is cut at the last word boundary within max (mid-word only when
 * its first word is longer). Returns "" when nothing of the title is left.
 */
char *event_write_slug(const char *title, size_t max);

/*
 * Appends s (len bytes of UTF-8) as a YAML value that every YAML reader
 * reads back as exactly this text: plain when that is safe under both YAML
 * 1.1 and 1.2 (not "no", "on", "~", "010", "0x1F", "1e3", ".5", "1:30",
 * "2019-04-12", not starting with an indicator such as '-' or '#', not
 * holding ": " or " #", no spaces at either end), a literal block for text
 * on several lines that reads well that way, otherwise double-quoted with
 * escapes for every control and invisible character. indent is the column
 * of a literal block's lines (the key's column plus two); flow means the
 * value stands in a [flow, list], where ',', '[', ']', '{', '}' need quotes
 * too. Invalid UTF-8 is written as U+FFFD. Appends no final line break.
 */
void event_write_scalar(buf *out, const char *s, size_t len, int indent, int flow);

/* Appends the whole record, starting with EVENT_MODELINE, ending with a line break. */
void event_write_text(buf *out, const event_fields *f);

/* "records/events/YYYY/MM/<id>.yaml", the record's repository-relative path. */
char *event_write_path(date_days date, const char *id);

/*
 * Chooses the id DATE-SLUG, or DATE-SLUG-2, -3, ... when a file already
 * stands at that id's path under root (which ends in '/') or the ledger l
 * (may be NULL) has an event with that id anywhere. Sets *id and *path.
 * Returns 0, or -1 with the error set when no free id is found.
 */
int event_write_unique_id(char **id, char **path, const ledger *l, const char *root, date_days date,
                          const char *slug);

/*
 * Writes text to root + path atomically and never over an existing file:
 * the month folder is made when missing (and removed again when the write
 * fails and it is still empty), then a temporary file, fsync, and a hard
 * link to the path. The temporary file is made in tmp_dir ($GIT_DIR/plan/tmp)
 * when it is not NULL, so that a program killed while writing leaves nothing
 * under records/ for a later check to trip on. On failure nothing is left
 * behind. Returns 0, or -1 with the error set; *exists is set when the path
 * was taken meanwhile.
 */
int event_write_file(const char *root, const char *path, const char *text, size_t len,
		     const char *tmp_dir, int *exists);

/*
 * Splits evidence written "TYPE:REFERENCE" ("diarienummer:RUN 19/00123") at
 * its first ':', without spaces around either part. Returns 0, or -1 with
 * the error set (in words for the user) when either part is missing.
 */
int event_write_parse_evidence(const char *arg, char **type, char **ref);

/*
 * An indicator id as a user may type it: "I15", "i15" and "15" are all
 * "I15" (spaces around it dropped); anything else is returned as given, for
 * the checks to judge.
 */
char *event_write_indicator_id(const char *s, size_t len);

#endif
