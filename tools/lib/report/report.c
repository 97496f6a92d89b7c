/*
 * The words and small pieces both report formats share: labels in Swedish
 * and English, spans of days and targets in words, and the events laid over
 * an activity.
 */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static const report_words words_sv = {
	.lang = "sv",
	.status = {"uppfyllt", "uppfyllt sent", "delvis uppfyllt", "ej uppfyllt", "pågår",
		   "ej påbörjat"},
	.status_help = {"Målet för perioden är nått.",
			"Leveransen kom efter sin period, men inom aktivitetens tidsfönster.",
			"Perioden är slut; en del men inte allt som målet kräver är gjort.",
			"Perioden är slut och inget som räknas har registrerats.",
			"Perioden pågår; det som väntats hittills visas vid antalet.",
			"Perioden har inte börjat."},
	.priority_high = "Hög prioritet",
	.priority_medium_high = "Mellanhög prioritet",
	.report = "Uppföljning",
	.plan_period = "Planperiod",
	.at = "Läget per",
	.commit = "Underlag",
	.overall_goal = "Övergripande mål",
	.organisation = "Organisation",
	.summary = "Sammanfattning",
	.timeline = "Tidsplan och genomförande",
	.indicators = "Indikatorer",
	.about = "Om rapporten",
	.goal = "Delmål",
	.activity = "Aktivitet",
	.indicator = "Indikator",
	.priority = "Prioritet",
	.time = "Tid",
	.status_word = "Status",
	.target = "Mål",
	.period = "Period",
	.achieved = "Uppnått / mål",
	.events_counting = "Händelser som räknas",
	.no_events = "Inga händelser",
	.kinds_counting = "räknas",
	.recorded = "registrerad",
	.by = "av",
	.approved_by = "godkänd av",
	.not_approved = "utan godkännande",
	.edited_in = "ändrad i",
	.corrects = "rättar",
	.because = "skäl",
	.late = "sent",
	.exception = "undantag",
	.early = "tidigt",
	.not_counted = "räknas inte",
	.not_counted_lead = "Händelser som inte räknas",
	.expected_by_now = "väntat hittills",
	.quarter = "Kv",
	.legend = "Teckenförklaring",
	.event_marker = "Händelse",
	.today_line = "Läget",
	.events_one = "händelse",
	.events_many = "händelser",
	.and_more = "och %zu till",
	.indicators_count = "Antal indikatorer",
	.show = "Visa indikatorer med status",
	.ledger_errors = "Registret har fel vid denna commit; siffrorna räknar bara de "
			 "händelser som gick att läsa. Kör 'plan check' för detaljer.",
	.overall = "samlat",
	.goal_status = "Samlad status",
	.contents = "Innehåll",
	.timeline_lead = "Varje aktivitet visas som en stapel över sitt tidsfönster i planen, "
			 "kvartal för kvartal och ordnad efter delmål. Stapelns fyllning visar "
			 "prioriteten. Ringarna är händelser som registrerats under aktivitetens "
			 "indikatorer (håll muspekaren över en ring för datum, typ och rubrik); "
			 "den streckade linjen är rapportens datum.",
	.indicators_lead = "Varje indikator med sitt mål, varje periods utfall och status, de "
			   "händelser som räknas och den commit i registret som registrerade "
			   "varje händelse.",
	.about_text = "Rapporten är framräknad ur registrets poster (YAML-filer i Git) som "
		      "de såg ut i den commit som anges ovan, med händelser daterade till och "
		      "med rapportens datum. En händelse som rättats räknas en gång, i sin "
		      "senaste version. En aktivitets och ett delmåls status sammanfattar "
		      "deras indikatorers perioder. Samma rapport kan tas fram igen med:",
	.reproduce = "Ta fram igen",
	.showing = "Visar %1 av %2 indikatorer",
};

static const report_words words_en = {
	.lang = "en",
	.status = {"met", "met late", "partly met", "not met", "in progress", "not started"},
	.status_help = {"The period's target is reached.",
			"The deliverable came after its period, but inside the activity's window.",
			"The period is over; some but not all of the target was done.",
			"The period is over and nothing that counts was recorded.",
			"The period is open; what was expected by now is shown by the count.",
			"The period has not begun."},
	.priority_high = "High priority",
	.priority_medium_high = "Medium-high priority",
	.report = "Follow-up report",
	.plan_period = "Plan period",
	.at = "Status as of",
	.commit = "Source",
	.overall_goal = "Overall goal",
	.organisation = "Organisation",
	.summary = "Summary",
	.timeline = "Timeline and delivery",
	.indicators = "Indicators",
	.about = "About this report",
	.goal = "Goal",
	.activity = "Activity",
	.indicator = "Indicator",
	.priority = "Priority",
	.time = "Time",
	.status_word = "Status",
	.target = "Target",
	.period = "Period",
	.achieved = "Achieved / target",
	.events_counting = "Events that count",
	.no_events = "No events",
	.kinds_counting = "counts",
	.recorded = "recorded",
	.by = "by",
	.approved_by = "approved by",
	.not_approved = "not approved",
	.edited_in = "edited in",
	.corrects = "corrects",
	.because = "reason",
	.late = "late",
	.exception = "exception",
	.early = "early",
	.not_counted = "not counted",
	.not_counted_lead = "Events that do not count",
	.expected_by_now = "expected by now",
	.quarter = "Q",
	.legend = "Legend",
	.event_marker = "Event",
	.today_line = "As of",
	.events_one = "event",
	.events_many = "events",
	.and_more = "and %zu more",
	.indicators_count = "Indicators",
	.show = "Show indicators with status",
	.ledger_errors = "The ledger has errors at this commit; the figures count only the "
			 "events that could be read. Run 'plan check' for details.",
	.overall = "overall",
	.goal_status = "Overall status",
	.contents = "Contents",
	.timeline_lead = "Each activity is a bar over its window in the plan, quarter by "
			 "quarter and grouped by goal. The bar's fill shows its priority. The "
			 "circles are events recorded under the activity's indicators (hover "
			 "over one for its date, kind and title); the dashed line is the "
			 "report's date.",
	.indicators_lead = "Each indicator with its target, each period's result and status, "
			   "the events that count, and the commit of the ledger that recorded "
			   "each event.",
	.about_text = "This report is computed from the ledger's records (YAML files in "
		      "Git) as they stood in the commit named above, counting events dated "
		      "up to the report's date. A corrected event counts once, in its latest "
		      "version. An activity's and a goal's status sums up their indicators' "
		      "periods. The same report can be made again with:",
	.reproduce = "Make it again",
	.showing = "Showing %1 of %2 indicators",
};

const report_words *
report_words_of(report_lang lang)
{
	return lang == REPORT_EN ? &words_en : &words_sv;
}

/* The start of a span in words: "2018", "hösten 2018", or NULL when neither. */
static void
span_start(buf *out, int y, int m, int d, report_lang lang, int *ok)
{
	*ok = 1;
	if (m == 1 && d == 1)
		buf_printf(out, "%d", y);
	else if (m == 7 && d == 1)
		buf_printf(out, "%s %d", lang == REPORT_EN ? "autumn" : "hösten", y);
	else
		*ok = 0;
}

static void
span_end(buf *out, int y, int m, int d, report_lang lang, int *ok)
{
	*ok = 1;
	if (m == 12 && d == 31)
		buf_printf(out, "%d", y);
	else if (m == 6 && d == 30)
		buf_printf(out, "%s %d", lang == REPORT_EN ? "spring" : "våren", y);
	else
		*ok = 0;
}

void
report_window_words(buf *out, date_days start, date_days end, report_lang lang)
{
	int y1, m1, d1, y2, m2, d2, ok1, ok2;
	buf a = BUF_INIT, b = BUF_INIT;
	char s[DATE_BUFSZ], e[DATE_BUFSZ];

	date_to_ymd(start, &y1, &m1, &d1);
	date_to_ymd(end, &y2, &m2, &d2);
	span_start(&a, y1, m1, d1, lang, &ok1);
	span_end(&b, y2, m2, d2, lang, &ok2);
	if (ok1 && ok2 && y1 == y2 && m1 == 1 && m2 == 12)
		buf_printf(out, "%d", y1);
	else if (ok1 && ok2 && y1 == y2 && m1 == 1 && m2 == 6)
		buf_puts(out, b.ptr);
	else if (ok1 && ok2 && y1 == y2 && m1 == 7 && m2 == 12)
		buf_puts(out, a.ptr);
	else if (ok1 && ok2 && y1 < y2)
		buf_printf(out, "%s–%s", a.ptr, b.ptr);
	else
		buf_printf(out, "%s–%s", date_format(start, s), date_format(end, e));
	buf_free(&a);
	buf_free(&b);
}

void
report_target_words(buf *out, const rec_indicator *ind, report_lang lang)
{
	int en = lang == REPORT_EN;
	buf when = BUF_INIT;

	if (ind->has_due)
		report_window_words(&when, ind->due.start, ind->due.end, lang);
	if (ind->target_kind == TARGET_COUNT && ind->per_year)
		buf_printf(out, en ? "At least %d a year" : "Minst %d per år", ind->min);
	else if (ind->target_kind == TARGET_COUNT)
		buf_printf(out, en ? "At least %d" : "Minst %d", ind->min);
	else if (ind->per_year && ind->min > 1)
		buf_printf(out, en ? "%d delivered every year" : "%d levereras varje år", ind->min);
	else if (ind->per_year)
		buf_puts(out, en ? "Delivered every year" : "Levereras varje år");
	else if (ind->min > 1)
		buf_printf(out, en ? "%d delivered" : "%d levereras", ind->min);
	else
		buf_puts(out, en ? "Delivered" : "Levereras");
	if (when.len > 0) {
		if (ind->per_year)
			buf_printf(out, ", %s", when.ptr);
		else
			buf_printf(out, en ? " in %s" : " under %s", when.ptr);
	}
	buf_free(&when);
}

void
report_kinds_words(buf *out, const ledger *l, const rec_indicator *ind, report_lang lang)
{
	size_t i;

	for (i = 0; i < ind->ncounts; i++)
		buf_printf(out, "%s%s", i ? ", " : "",
			   ledger_kind_label(l, ind->counts[i], report_words_of(lang)->lang));
}

/* Whether an event names an indicator of the activity. */
static int
names_activity(const ledger *l, const rec_event *e, const rec_activity *act)
{
	size_t i;

	for (i = 0; i < e->nindicators; i++) {
		const rec_indicator *ind = ledger_indicator(l, e->indicators[i].id);

		if (ind != NULL && ind->activity.id != NULL && act->id != NULL &&
		    strcmp(ind->activity.id, act->id) == 0)
			return 1;
	}
	return 0;
}

size_t
report_activity_events(const ledger *l, const rec_activity *act, date_days at,
		       const rec_event ***out)
{
	size_t i, k, n = 0, m = 0, *lists, *pos;

	*out = xcalloc(l->nevents ? l->nevents : 1, sizeof(**out));
	if (l->naming == NULL) {
		for (i = 0; i < l->nevents; i++) {
			const rec_event *e = &l->events[i];

			if (e->superseded_by != -1 || !e->has_date || e->date > at)
				continue;
			if (names_activity(l, e, act))
				(*out)[n++] = e;
		}
		return n;
	}
	/* From the events that name each of its indicators (ledger_index), in the
	 * events' order, each once: the same as the walk above, without
	 * looking at the events of other activities. Each list is in the
	 * events' order already, so they are merged, not sorted. */
	for (i = 0; i < l->nindicators; i++)
		if (l->indicators[i].activity.id != NULL && act->id != NULL &&
		    strcmp(l->indicators[i].activity.id, act->id) == 0)
			m++;
	lists = xcalloc(m ? m : 1, sizeof(*lists));
	pos = xcalloc(m ? m : 1, sizeof(*pos));
	m = 0;
	for (i = 0; i < l->nindicators; i++)
		if (l->indicators[i].activity.id != NULL && act->id != NULL &&
		    strcmp(l->indicators[i].activity.id, act->id) == 0 && l->nnaming[i] > 0)
			lists[m++] = i;
	for (;;) {
		size_t best = (size_t)-1;
		const rec_event *e;

		for (k = 0; k < m; k++)
			if (pos[k] < l->nnaming[lists[k]] && l->naming[lists[k]][pos[k]] < best)
				best = l->naming[lists[k]][pos[k]];
		if (best == (size_t)-1)
			break;
		for (k = 0; k < m; k++)
			if (pos[k] < l->nnaming[lists[k]] && l->naming[lists[k]][pos[k]] == best)
				pos[k]++;
		e = &l->events[best];
		if (e->superseded_by != -1 || !e->has_date || e->date > at)
			continue;
		(*out)[n++] = e;
	}
	free(lists);
	free(pos);
	return n;
}

const char *
report_person_name(buf *out, const ledger *l, const char *who, const char *email)
{
	const char *lt = who != NULL ? strstr(who, " <") : NULL;
	const rec_person *p = NULL;
	char *id = NULL, *addr = NULL;

	buf_reset(out);
	if (who == NULL)
		who = "";
	if (lt != NULL) {
		const char *gt = strchr(lt + 2, '>');

		id = xstrndup(who, (size_t)(lt - who));
		if (gt != NULL)
			addr = xstrndup(lt + 2, (size_t)(gt - lt - 2));
	}
	if (email != NULL)
		p = ledger_person_by_email(l, email);
	if (p == NULL && addr != NULL)
		p = ledger_person_by_email(l, addr);
	if (p == NULL)
		p = ledger_person(l, id != NULL ? id : who);
	if (p != NULL && p->name != NULL)
		buf_puts(out, p->name);
	else
		buf_puts(out, id != NULL ? id : who);
	free(id);
	free(addr);
	return buf_cstr(out);
}

void
report_why_words(buf *out, const fulfil_skip *s, const rec_indicator *ind, report_lang lang)
{
	int en = lang == REPORT_EN;
	const char *id = ind->id != NULL ? ind->id : "?";
	char d[DATE_BUFSZ];

	if (en) {
		fulfil_why_words(out, s, ind);
		return;
	}
	switch (s->place.why) {
	case FULFIL_KIND:
		buf_printf(out, "händelsetypen räknas inte för %s", id);
		break;
	case FULFIL_SUPERSEDED:
		buf_puts(out, "rättad av en senare version");
		break;
	case FULFIL_OUTSIDE:
		buf_printf(out, "daterad %s, utanför alla perioder för %s",
			   s->e->has_date ? date_format(s->e->date, d) : "?", id);
		break;
	case FULFIL_REQUIRES:
		if (s->place.req_met >= 0)
			buf_printf(out, "%s ska vara uppfyllt först och uppfylldes först %s",
				   s->place.req, date_format(s->place.req_met, d));
		else
			buf_printf(out, "%s ska vara uppfyllt först och är inte uppfyllt",
				   s->place.req);
		break;
	default:
		buf_puts(out, "saknar giltigt datum");
		break;
	}
	if (s->e->exception != NULL)
		buf_printf(out, "; registrerad som undantag: %s", s->e->exception);
}

const fulfil_rollup *
report_rollup(const fulfil_rollup *v, size_t n, const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < n; i++)
		if (v[i].id != NULL && strcmp(v[i].id, id) == 0)
			return &v[i];
	return NULL;
}

size_t
report_indicator_count(const fulfil_result *r, const rec_activity *act)
{
	size_t i, n = 0;

	for (i = 0; i < r->nindicators; i++)
		if (r->indicators[i].activity == act)
			n++;
	return n;
}

const char *
report_priority_words(rec_priority p, report_lang lang)
{
	const report_words *w = report_words_of(lang);

	return p == PRIO_MEDIUM_HIGH ? w->priority_medium_high
	       : p == PRIO_HIGH	     ? w->priority_high
				     : "?";
}

const char *
report_goal_number(const rec_goal *g)
{
	const char *id = g->id;

	if (id == NULL || id[0] != 'M' || id[1] < '1' || id[1] > '9' ||
	    strspn(id + 1, "0123456789") != strlen(id + 1))
		return NULL;
	return id + 1;
}
