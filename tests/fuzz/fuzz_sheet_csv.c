/*
 * libFuzzer target for CSV files read as sheets: `make fuzz` runs it with
 * clang's sanitizers, and tests/run.sh replays its corpus through replay.c
 * in every test run.
 *
 * Beyond not crashing, leaking or hanging, it checks what sheet_csv_read
 * promises, and aborts when it does not hold: a read either fails with a
 * message, or gives rows whose numbers rise from 1, each with a non-empty
 * cell, every cell UTF-8 without a carriage return; the separator is ',',
 * ';' or a tab. A table read is written again with ';' by
 * sheet_csv_reseparate, which must accept it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sheet/sheet.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/utf8.h"

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sheet *s = NULL;
	buf out = BUF_INIT;
	unsigned last = 0;
	size_t i, k;

	if (sheet_csv_read(&s, (const char *)data, size) != 0) {
		check(s == NULL && *error_last() != '\0');
		return 0;
	}
	check(s != NULL && (s->sep == ',' || s->sep == ';' || s->sep == '\t'));
	for (i = 0; i < s->nrows; i++) {
		const sheet_row *r = &s->rows[i];
		size_t nonempty = 0;

		check(r->row > last);
		last = r->row;
		for (k = 0; k < r->ncells; k++) {
			const char *t = r->cells[k].text;

			check(t != NULL && strchr(t, '\r') == NULL);
			check(utf8_valid(t, strlen(t), NULL));
			nonempty += *t != '\0';
		}
		check(nonempty > 0);
	}
	if (s->sep == ',')
		check(sheet_csv_reseparate((const char *)data, size, ';', &out) == 0);
	buf_free(&out);
	sheet_free(s);
	return 0;
}
