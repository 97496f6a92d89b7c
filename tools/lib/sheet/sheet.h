/*
 * sheet: a table read from a spreadsheet file, a CSV file (sheet_csv.c, on
 * libcsv) or the first or a named sheet of an XLSX workbook (sheet_xlsx.c,
 * on minizip and expat), as rows of text cells in UTF-8.
 *
 * Every row keeps the number a spreadsheet program shows for it (1 for the
 * first), so findings can name the cell: in a CSV file the number of the
 * record (a quoted field over several lines is one row), in a workbook the
 * row's own number. Rows with no cell at all are left out. A cell that held
 * a number in a workbook keeps it (numeric, number) beside its text, so
 * that an Excel date (a serial number of days) can be told from text.
 *
 * A sheet owns everything in it: sheet_free releases it. The readers return
 * 0, or -1 with the error set (in words for the user) when the file cannot
 * be read as a table at all.
 */
#ifndef PLAN_SHEET_H
#define PLAN_SHEET_H

#include <stddef.h>

#include "util/buf.h"
#include "util/date.h"

typedef struct sheet_cell {
	char *text; /* never NULL; "" when empty */
	int numeric;
	double number;
} sheet_cell;

typedef struct sheet_row {
	unsigned row;      /* as the spreadsheet numbers it, from 1 */
	sheet_cell *cells; /* column A first; missing cells are "" */
	size_t ncells;
} sheet_row;

typedef struct sheet {
	char *name;     /* the sheet's name in a workbook; NULL for CSV */
	char *encoding; /* how a CSV file was read: "UTF-8", "UTF-8 with BOM", "Windows-1252" */
	char sep;       /* the CSV separator found */
	sheet_row *rows;
	size_t nrows;
} sheet;

/*
 * A sheet may hold at most this many cells (counting the empty ones before
 * a filled cell of a row), so that a hostile file cannot take all memory;
 * a list of events needs a few thousand.
 */
enum { SHEET_MAX_CELLS = 2000000 };

void sheet_free(sheet *s);

/*
 * Reads CSV from len bytes of data: UTF-8 with or without a byte-order
 * mark, or else Windows-1252 (converted with iconv); fields separated by
 * ',' or ';', whichever the first line holds more of outside quotes;
 * fields in double quotes may hold the separator, "" and line breaks.
 */
int sheet_csv_read(sheet **out, const char *data, size_t len);

/*
 * Reads the sheet named name (NULL: the first) of the XLSX workbook at
 * path: shared and inline strings, numbers (with their text as Excel would
 * show a general number), booleans and formulas' cached values.
 */
int sheet_xlsx_read(sheet **out, const char *path, const char *name);

/*
 * A column's letters: 0 is "A", 25 "Z", 26 "AA". out holds at least 8 bytes.
 */
char *sheet_column_name(size_t col, char *out);

/*
 * The day of an Excel serial number (days since 1899-12-30, the 1900 date
 * system; a fraction is the time of day and is dropped). Returns 0, or -1
 * when the number is no day between 1900 and 9999.
 */
int sheet_excel_day(double serial, date_days *out);

/*
 * Writes the CSV text in (as render_status_csv makes it: ',' between
 * fields) again with sep between fields and, when sep is ';', numbers with
 * a decimal point written with a decimal comma, as Swedish Excel reads
 * them. A byte-order mark at the start is kept. Returns 0, or -1 with the
 * error set when in is no CSV.
 */
int sheet_csv_reseparate(const char *in, size_t len, char sep, buf *out);

#endif
