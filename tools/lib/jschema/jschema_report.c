/*
 * Words for messages about values: type names a person knows ("text", "a
 * list"), values quoted the way they were written, and the closest field
 * name for a "did you mean".
 */
#include <math.h>
#include <string.h>

#include "jschema/jschema_int.h"
#include "util/i18n.h"
#include "util/strdist.h"

/* Longest text shown of a value in a message, in bytes; most values listed
 * (every event kind). */
enum { VALUE_SHOWN = 80, VALUES_SHOWN = 16 };

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
		{JS_T_STR, N_("text")},
		{JS_T_INT, N_("a whole number")},
		{JS_T_NUM, N_("a number")},
		{JS_T_BOOL, N_("true or false")},
		{JS_T_ARR, N_("a list")},
		{JS_T_OBJ, N_("a mapping (key: value lines)")},
		{JS_T_NULL, N_("empty")},
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
		/* TRANSLATORS: between the last two of three or more kinds of
		 * value ("text, a list, or empty"), then of two ("text or a list"). */
		if (n > 0)
			buf_puts(b, n + 1 == total ? (total > 2 ? _(", or ") : _(" or ")) : ", ");
		buf_puts(b, _(names[i].words));
		n++;
	}
}

const char *
js_kind_words(const ytree_node *n)
{
	switch (n->kind) {
	case YT_NULL: return _("empty");
	case YT_BOOL: return _("true or false");
	case YT_INT: return _("a whole number");
	case YT_FLOAT:
		return (js_types_of(n) & JS_T_INT) ? _("a whole number") : _("a number with a fraction");
	case YT_STR: return _("text");
	case YT_SEQ: return _("a list");
	case YT_MAP: return _("a mapping (key: value lines)");
	}
	return _("a value");
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
			buf_puts(b, _("\"\" (empty text)"));
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
 * The label of a value in the language of the messages, from the x-labels
 * of the schema ("meeting: {sv: möte, en: meeting}"), when it says
 * something the value does not; else NULL.
 */
static const ytree_node *
label_of(const ytree_node *labels, const ytree_node *v)
{
	const ytree_node *l;

	if (labels == NULL || v->kind != YT_STR)
		return NULL;
	l = ytree_get(ytree_get(labels, v->str), i18n_language());
	if (l == NULL || l->kind != YT_STR || l->str == NULL ||
	    (l->len == v->len && memcmp(l->str, v->str, v->len) == 0))
		return NULL;
	return l;
}

/*
 * Appends the values a const or enum keyword allows ("high, medium-high"),
 * at most VALUES_SHOWN of them over all calls with the same *shown; each
 * with its label from labels (the schema's x-labels, or NULL) when it has
 * one in the language of the messages: "meeting (möte)".
 */
void
js_put_allowed(buf *b, const js_kw *k, size_t *shown, const ytree_node *labels)
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
		const ytree_node *v = k->op == JS_OP_CONST ? k->value : k->value->items[i];
		const ytree_node *l = label_of(labels, v);

		js_put_value(b, v);
		if (l != NULL)
			buf_printf(b, " (%.*s)", (int)l->len, l->str);
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
