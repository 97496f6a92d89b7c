/*
 * Words for messages about values: type names a person knows ("text", "a
 * list"), values quoted the way they were written, and the closest field
 * name for a "did you mean".
 */
#include <math.h>
#include <string.h>

#include "jschema/jschema_int.h"
#include "util/strdist.h"

/* Longest text shown of a value in a message, in bytes; most values listed. */
enum { VALUE_SHOWN = 80, VALUES_SHOWN = 12 };

unsigned
js_types_of(const ytree_node *n)
{
	switch (n->kind) {
	case YT_NULL: return JS_T_NULL;
	case YT_BOOL: return JS_T_BOOL;
	case YT_INT: return JS_T_INT | JS_T_NUM;
	case YT_FLOAT:
		return isfinite(n->number) && n->number == floor(n->number) ? JS_T_INT | JS_T_NUM
									     : JS_T_NUM;
	case YT_STR: return JS_T_STR;
	case YT_SEQ: return JS_T_ARR;
	case YT_MAP: return JS_T_OBJ;
	}
	return 0;
}

void
js_put_types(buf *b, unsigned types)
{
	static const struct {
		unsigned bit;
		const char *words;
	} names[] = {
		{JS_T_STR, "text"},
		{JS_T_INT, "a whole number"},
		{JS_T_NUM, "a number"},
		{JS_T_BOOL, "true or false"},
		{JS_T_ARR, "a list"},
		{JS_T_OBJ, "a mapping (key: value lines)"},
		{JS_T_NULL, "empty"},
	};
	size_t i, n = 0, total = 0;

	if (types & JS_T_NUM)
		types &= ~(unsigned)JS_T_INT; /* "a number" says it all */
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (types & names[i].bit)
			total++;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(types & names[i].bit))
			continue;
		if (n > 0)
			buf_puts(b, n + 1 == total ? (total > 2 ? ", or " : " or ") : ", ");
		buf_puts(b, names[i].words);
		n++;
	}
}

const char *
js_kind_words(const ytree_node *n)
{
	if (n->kind == YT_FLOAT && (js_types_of(n) & JS_T_INT))
		return "a whole number";
	if (n->kind == YT_FLOAT)
		return "a number with a fraction";
	return ytree_kind_words(n->kind);
}

void
js_put_value(buf *b, const ytree_node *n)
{
	buf json = BUF_INIT;
	const char *s;
	size_t len;

	if (n->kind == YT_STR) {
		s = n->str;
		len = n->len;
		if (len == 0) {
			buf_puts(b, "\"\" (empty text)");
			return;
		}
	} else if ((n->kind == YT_INT || n->kind == YT_FLOAT) && n->str != NULL) {
		s = n->str;
		len = n->len;
	} else {
		ytree_to_json(&json, n);
		s = json.ptr;
		len = json.len;
	}
	if (len > VALUE_SHOWN) {
		size_t cut = VALUE_SHOWN;

		while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
			cut--;
		buf_put(b, s, cut);
		buf_puts(b, "…");
	} else {
		buf_put(b, s, len);
	}
	buf_free(&json);
}

/*
 * Appends the values a const or enum keyword allows ("high, medium-high"),
 * at most VALUES_SHOWN of them over all calls with the same *shown.
 */
void
js_put_allowed(buf *b, const js_kw *k, size_t *shown)
{
	size_t i, n = k->op == JS_OP_CONST ? 1 : k->value->n;

	for (i = 0; i < n; i++, (*shown)++) {
		if (*shown > VALUES_SHOWN)
			return;
		if (*shown > 0)
			buf_puts(b, ", ");
		if (*shown == VALUES_SHOWN) {
			buf_puts(b, "…");
			continue;
		}
		js_put_value(b, k->op == JS_OP_CONST ? k->value : k->value->items[i]);
	}
}

const char *
js_closest(const char *key, size_t len, const char **names, const size_t *lens, size_t n)
{
	size_t i, best = (size_t)-1, limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
	const char *guess = NULL;

	for (i = 0; i < n; i++) {
		size_t d = strdist(key, len, names[i], lens[i]);

		if (d < best) {
			best = d;
			guess = names[i];
		}
	}
	return best <= limit ? guess : NULL;
}
