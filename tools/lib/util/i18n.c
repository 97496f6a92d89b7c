#include "util/i18n.h"

const char *
i18n_language(void)
{
	/* TRANSLATORS: the language code of this catalogue (sv); caches of
	 * findings are kept apart by it, so that they are never shown in
	 * another language than the one they were made in. */
	return _("en");
}
