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

#define _(s) gettext(s)
#define N_(s) (s)

/* "en", or the language code of the catalogue in use ("sv"): part of the
 * key of every cache that keeps messages. */
const char *i18n_language(void);

#endif
