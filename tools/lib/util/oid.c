/*
 * Git's object ids (oid.h).
 */
#include "util/oid.h"

#include <string.h>

#include "util/error.h"
#include "util/hex.h"

char *
hist_oid_fmt(const hist_oid *oid, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < HIST_RAWSZ; i++) {
		out[2 * i] = hex[oid->id[i] >> 4];
		out[2 * i + 1] = hex[oid->id[i] & 15];
	}
	out[HIST_HEXSZ] = '\0';
	return out;
}

int
hist_oid_parse(hist_oid *oid, const char *hex)
{
	size_t i;

	if (strlen(hex) != HIST_HEXSZ)
		return error_set("'%s' is not a full commit id", hex);
	for (i = 0; i < HIST_RAWSZ; i++) {
		int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return error_set("'%s' is not a full commit id", hex);
		oid->id[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

int
hist_oid_is_zero(const hist_oid *oid)
{
	size_t i;

	for (i = 0; i < HIST_RAWSZ; i++)
		if (oid->id[i] != 0)
			return 0;
	return 1;
}

int
hist_oid_equal(const hist_oid *a, const hist_oid *b)
{
	return memcmp(a->id, b->id, HIST_RAWSZ) == 0;
}

int
hist_oid_cmp(const hist_oid *a, const hist_oid *b)
{
	return memcmp(a->id, b->id, HIST_RAWSZ);
}
