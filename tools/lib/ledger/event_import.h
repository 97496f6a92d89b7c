/*
 * event_import: events from the rows of a sheet (sheet.h), one event per
 * row, each written and checked as `plan add event` writes and checks one.
 *
 * The first row of the sheet names the columns: Swedish or English headers
 * are recognised ("Datum"/"Date", "Typ"/"Kind", "Indikator"/"Indicator",
 * "Titel"/"Title", "Ansvarig"/"Responsible", "Deltagare"/"Participants",
 * "Diarienummer"/"Evidence", ... and every column `plan list events`
 * writes), or a map file says which column holds which field, with
 * defaults and value mappings:
 *
 *   columns: {date: Datum, title: Vad hände, kind: C}   header text or letter
 *   defaults: {kind: seminar, responsible: handlaggare-1}
 *   values:
 *     kind: {Seminarium: seminar, Utbildning: training}
 *     exception: {Ja: Beslutat av nämnden 2019-03-01}
 *
 * A row's content decides its id: the id column when there is one, else
 * the date and the slug of the title (DATE-SLUG, then -2, -3 ... past
 * files and rows with other content). A row whose record is already in the
 * work tree byte for byte is "present" and not written again, so importing
 * the same file twice adds nothing the second time; a row the same as an
 * earlier row is a duplicate, imported once.
 *
 * Findings are about cells: path is the file's name as given, line the
 * row, col the column (1 for A; 0 when the finding is about the whole row),
 * and the message starts with the cell ("C14 (Datum): ..."; in a workbook
 * "Blad1!C14 (Datum): ..."). Rule "import" for what cannot become a record
 * field (a date that is no date, an unknown column); the rules of plan
 * check for the rest.
 */
#ifndef PLAN_EVENT_IMPORT_H
#define PLAN_EVENT_IMPORT_H

#include <stddef.h>

#include "util/diag.h"
#include "ledger/event_list.h"
#include "ledger/records.h"
#include "sheet/sheet.h"
#include "util/buf.h"

typedef struct import_value {
	char *from, *to;
} import_value;

typedef struct import_map {
	char *column[EVCOL_N];   /* header text or column letters; NULL: by name */
	char *fallback[EVCOL_N]; /* the value of an empty cell; NULL: none */
	import_value *values[EVCOL_N];
	size_t nvalues[EVCOL_N];
} import_map;

/*
 * Reads a map file (YAML). Returns 0 with *out set, 1 with findings about
 * the file (rule "import", at their line and column), or -1 with the error
 * set when it cannot be read. import_map_free(NULL) does nothing.
 */
int import_map_read(import_map **out, const char *path, diag_list *findings);
void import_map_free(import_map *m);

typedef enum import_state {
	IMPORT_NEW,       /* to be written */
	IMPORT_PRESENT,   /* the same record is already in the work tree */
	IMPORT_DUPLICATE, /* the same as an earlier row */
	IMPORT_BAD        /* an error in the row: not written */
} import_state;

typedef struct import_row {
	unsigned row; /* the sheet's row number */
	import_state state;
	size_t same_as; /* IMPORT_DUPLICATE: the index of the earlier row */
	char *id, *path;
	buf text; /* the record */
	int col[EVCOL_N]; /* the sheet column each field came from, -1 */
	char *indicators; /* for messages: "I14, I15" */
} import_row;

typedef struct import_plan {
	char *file;  /* the file's name, as findings give it */
	char *sheet; /* the sheet's name in a workbook, else NULL */
	char *header[EVCOL_N]; /* the header each field came from */
	import_row *rows;
	size_t nrows;
} import_plan;

/*
 * Turns each row after the header into a record. l is the ledger of the
 * work tree under root (which ends in '/'); responsible is the person id
 * of an empty responsible cell (NULL: none). Findings about cells that
 * cannot become fields make their rows IMPORT_BAD. Returns 0 (*out set,
 * import_plan_free frees it) or -1 with the error set.
 */
int import_prepare(import_plan **out, const sheet *s, const char *file, const import_map *m,
                   const ledger *l, const char *root, const char *responsible,
                   diag_list *findings);

/*
 * Takes the findings of plan check over the files of the rows that are
 * IMPORT_NEW (checked all at once, as if they stood in the work tree, so
 * rows may refer to each other; store_check does that): findings about them
 * are appended to findings as findings about their cells, and rows with an
 * error become IMPORT_BAD. Findings about other files are passed over.
 * Returns the number of rows that became bad.
 */
long import_take_findings(import_plan *p, const diag_list *checked, diag_list *findings);

/* The number of rows in a state. */
size_t import_count(const import_plan *p, import_state st);

void import_plan_free(import_plan *p);

#endif
