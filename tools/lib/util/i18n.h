#ifndef PLAN_UTIL_I18N_H
#define PLAN_UTIL_I18N_H
/*
 * Messages that a person reads are marked for translation:
 *   _("text")           translated where it is used
 *   N_("text")          marked only (tables of static strings); translate with _() when printed
 *   ngettext(one, many, n)  counts
 * Machine formats (JSON keys, CSV headers, rule ids, data-* attributes) are never marked.
 */
#include <libintl.h>
#include <locale.h>

#define _(s) gettext(s)
#define N_(s) (s)
/* A message told apart from another with the same English by a context:
 * pgettext("schema place", "(top)"). */
#define pgettext(ctx, s) i18n_pgettext(ctx "\004" s, s)

static inline const char *
i18n_pgettext(const char *id, const char *s)
{
	const char *t = dcgettext(NULL, id, LC_MESSAGES);

	return t == id ? s : t;
}

/* "en", or the language code of the catalogue in use ("sv"): part of the
 * key of every cache that keeps messages. */
const char *i18n_language(void);

#endif
