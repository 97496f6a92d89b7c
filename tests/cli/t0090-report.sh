#!/bin/sh
# plan report: the HTML and Markdown follow-up reports of a fixture history
# built here with real git and fixed dates. The HTML is checked by its
# structure (data-activity, data-indicator, data-status, data-event and
# data-commit attributes) against plan status and git log, and parsed for
# well-formedness; the Markdown is checked row by row.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/cli/report-fixture.sh"

# The HTML checker: parses a report with Python's html.parser, fails on
# unbalanced or misnested tags, and writes what the tests compare as JSON.
cat >"$TRASH/htmlcheck.py" <<'PY'
import json, sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}

class Report(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.ids = [], [], {}
        self.activities, self.indicators, self.events = [], [], []
        self.tags, self.headings, self.text = {}, [], []
        self.lang = None
        self.scripts = 0
    def handle_starttag(self, tag, attrs, selfclosing=False):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag == "html":
            self.lang = a.get("lang")
        if "id" in a:
            self.ids[a["id"]] = self.ids.get(a["id"], 0) + 1
        if "data-activity" in a:
            self.activities.append((a["data-activity"], a.get("data-status"), tag))
        if "data-indicator" in a:
            self.indicators.append((a["data-indicator"], a.get("data-status"), tag))
        if "data-event" in a:
            self.events.append((a["data-event"], a.get("data-commit")))
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        if tag == "script":
            self.scripts += 1
        if tag not in VOID and not selfclosing:
            self.stack.append((tag, self.getpos()))
    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs, selfclosing=True)
    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack:
            self.errors.append("</%s> at %s closes nothing" % (tag, self.getpos()))
            return
        top, pos = self.stack.pop()
        if top != tag:
            self.errors.append("</%s> at %s closes <%s> of %s" % (tag, self.getpos(), top, pos))
    def handle_data(self, data):
        if self.stack and self.stack[-1][0] not in ("style", "script"):
            self.text.append(data)

raw = open(sys.argv[1], encoding="utf-8").read()
p = Report()
p.feed(raw)
p.close()
for tag, pos in p.stack:
    p.errors.append("<%s> of %s is never closed" % (tag, pos))
for i, n in p.ids.items():
    if n > 1:
        p.errors.append("id %r is used %d times" % (i, n))
if not raw.startswith("<!DOCTYPE html>"):
    p.errors.append("no doctype")
json.dump({"errors": p.errors, "lang": p.lang, "activities": p.activities,
           "indicators": p.indicators, "events": p.events, "tags": p.tags,
           "headings": p.headings, "scripts": p.scripts, "text": "".join(p.text)},
          open(sys.argv[2], "w"), ensure_ascii=False)
if p.errors:
    print("\n".join(p.errors[:20]))
    sys.exit(1)
PY

htmlcheck() {
	python3 "$TRASH/htmlcheck.py" "$1" "$2"
}

# An event whose title and evidence try to break out of HTML and Markdown.
write_hostile_event() {
	mkdir -p records/events/2020/05 &&
	cat >records/events/2020/05/2020-05-20-fientlig.yaml <<-\EOF
	id: 2020-05-20-fientlig
	date: 2020-05-20
	kind: meeting
	title: "<script>alert(1)</script> & <b>fet</b> | \"citat\" 'x'"
	indicators: [I26]
	responsible: handlaggare-1
	evidence:
	  - {type: url, ref: "\"><img src=x onerror=alert(2)>"}
	EOF
}

test_expect_success 'build the fixture history and its reports' '
	make_report_fixture L &&
	plan check --today 2020-06-30 &&
	git rev-parse HEAD >../tip &&
	plan report --html ../r.html --at 2020-06-30 &&
	plan status --at 2020-06-30 --format json >../s.json &&
	plan report --format md --at 2020-06-30 >../r.md
'

test_expect_success 'the HTML is well formed: balanced tags, unique ids, headings in order' '
	htmlcheck r.html r.json &&
	python3 - r.json <<-PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["lang"] == "sv", d["lang"]
	h = d["headings"]
	assert h[0] == 1 and h.count(1) == 1, h
	for a, b in zip(h, h[1:]):
	    assert b <= a + 1, "heading level jumps from %d to %d" % (a, b)
	assert d["scripts"] == 1, d["scripts"]
	assert d["tags"].get("svg", 0) > 18 and d["tags"].get("th", 0) > 50, d["tags"]
	PY
'

test_expect_success 'the page is self-contained: nothing is fetched from elsewhere' '
	test_grep ! "<(link|img|iframe|object|embed)[ >]" r.html &&
	test_grep ! "src=\"(https?:)?//" r.html &&
	# Web addresses are only links a reader may follow (evidence), never loaded.
	{ grep -oE "<[a-z]+ [^>]*href=\"(https?:)?//" r.html || :; } >hrefs &&
	test_grep ! "^<([^a]|a[^ ])" hrefs &&
	test_grep ! "@import|url\((https?:)?//" r.html &&
	test_grep "<style>" r.html
'

test_expect_success 'every activity (18) and indicator (33) appears exactly once' '
	python3 - r.json L/records <<-PY
	import json, os, sys
	d = json.load(open(sys.argv[1]))
	acts = sorted(f[:-5] for f in os.listdir(sys.argv[2] + "/activities"))
	inds = sorted(f[:-5] for f in os.listdir(sys.argv[2] + "/indicators"))
	got_a = [a for a, s, t in d["activities"]]
	got_i = [i for i, s, t in d["indicators"]]
	assert len(acts) == 18 and len(inds) == 33
	assert len(got_a) == 18 and sorted(got_a) == acts, got_a
	assert len(got_i) == 33 and sorted(got_i) == inds, got_i
	assert {t for a, s, t in d["activities"]} == {"tr"}
	assert {t for i, s, t in d["indicators"]} == {"tr"}
	PY
'

test_expect_success 'statuses are the ones plan status computes for the same --at' '
	python3 - r.json s.json <<-PY
	import json, sys
	d = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2]))
	want_i = {i["id"]: i["status"] for i in s["indicators"]}
	want_a = {a["id"]: a["status"] for a in s["activities"]}
	got_i = {i: st for i, st, t in d["indicators"]}
	got_a = {a: st for a, st, t in d["activities"]}
	assert got_i == want_i, [(k, got_i[k], want_i.get(k)) for k in got_i if got_i[k] != want_i.get(k)]
	assert got_a == want_a, [(k, got_a[k], want_a.get(k)) for k in got_a if got_a[k] != want_a.get(k)]
	# The fixture has a bit of everything.
	assert {"met", "met-late", "partial", "not-met", "in-progress", "not-started"} <= set(want_i.values())
	PY
'

test_expect_success 'each event shows the commit that added it to the main line' '
	cd L &&
	python3 - ../r.json <<-PY
	import json, subprocess, sys
	d = json.load(open(sys.argv[1]))
	files = subprocess.run(["git", "ls-files", "records/events"], capture_output=True,
	                       text=True, check=True).stdout.split()
	path = {f.rsplit("/", 1)[1][:-5]: f for f in files}
	assert len(d["events"]) >= 30, len(d["events"])
	for ev, commit in d["events"]:
	    want = subprocess.run(["git", "log", "--diff-filter=A", "--first-parent",
	                           "--format=%H", "--", path[ev]], capture_output=True,
	                          text=True, check=True).stdout.split()
	    assert want and commit == want[0], (ev, commit, want)
	PY
'

test_expect_success 'a merged event names its author and approver; a direct one says it was not approved' '
	python3 - r.html <<-PY
	import re, sys
	raw = open(sys.argv[1], encoding="utf-8").read()
	li = re.search(r"<li data-event=\"2018-11-15-kartlaggning-forslag\".*?</li>", raw).group(0)
	assert "Handläggare Två" in li and "handlaggare-1" in li, li
	# The approver by name, as the author (people.yaml), the trailer in the title.
	assert re.search(r"godkänd av <span title=\"handlaggare-1 &lt;handlaggare-1@example.org&gt;\">Handläggare Ett</span>", li), li
	assert "<a " not in li, li
	assert "2018-11-20" in li and "RUN 18/00311" in li and "RUN 2018-11-15 § 12" in li, li
	li = re.search(r"<li data-event=\"2018-03-01-statistik-1\".*?</li>", raw).group(0)
	assert "utan godkännande" in li and "Handläggare Ett" in li and "2018-10-01" in li, li
	PY
'

test_expect_success 'trace names approvers by name, as authors, as the report does' '
	(cd L && plan trace I17) >trace &&
	test_grep "^[0-9a-f]{12}  2018-11-20  Handläggare Två <handlaggare-2@example.org>$" trace &&
	test_grep "^ +approved by Handläggare Ett <handlaggare-1@example.org>$" trace &&
	test_grep ! "approved by handlaggare" trace
'

test_expect_success 'evidence that is a web address is a link; a correction shows its reason' '
	python3 - r.html <<-PY
	import re, sys
	raw = open(sys.argv[1], encoding="utf-8").read()
	li = re.search(r"<li data-event=\"2019-06-11-samhallsnytta\".*?</li>", raw).group(0)
	assert "url <a href=\"https://example.org/rapport-2019\" rel=\"noopener noreferrer\">https://example.org/rapport-2019</a>" in li, li
	li = re.search(r"<li data-event=\"2018-04-03-upphandling-rattad\".*?</li>", raw).group(0)
	assert "rättar 2018-04-02-upphandling (skäl: fel datum)" in li, li
	PY
'

test_expect_success 'only http and https addresses become links, escaped' '
	make_ledger U && (cd U &&
	write_event . 2018-03-01 lank seminar I1 "evidence:
  - {type: url, ref: \"javascript:alert(1)\"}
  - {type: url, ref: \"https://example.org/a?b=1&c=\\\"d\\\"\"}" >/dev/null &&
	git add -A && git commit -qm lank && plan report --html ../u.html --at 2018-12-31) &&
	test_grep "url javascript:alert\(1\); url <a href=\"https://example.org/a\?b=1&amp;c=&quot;d&quot;\" rel=" u.html &&
	test_grep ! "href=\"javascript" u.html
'

test_expect_success 'the header names the plan, period, commit, its date and the --at date' '
	test_grep "<h1>Aktivitetsplan för civilsamhälle och social ekonomi 2018–2021</h1>" r.html &&
	test_grep "Region Örebro län" r.html &&
	test_grep "data-commit=\"$(cat tip)\"" r.html &&
	test_grep "<time datetime=\"2020-05-01\">" r.html &&
	test_grep "<time datetime=\"2020-06-30\">" r.html &&
	test_grep "<time datetime=\"2018-01-01\">" r.html &&
	test_grep "Hög prioritet" r.html && test_grep "Mellanhög prioritet" r.html
'

test_expect_success 'the chart has a column per quarter of the plan period, bars by priority' '
	python3 - r.html <<-PY
	import re, sys
	raw = open(sys.argv[1], encoding="utf-8").read()
	scale = re.search(r"<th scope=\"col\" class=\"scale\">.*?</th>", raw).group(0)
	assert re.findall(r">(\d{4})</span>", scale) == ["2018", "2019", "2020", "2021"], scale
	assert len(re.findall(r"<span>Kv [1-4]</span>", scale)) == 16, scale
	row = re.search(r"<tr data-activity=\"A1.4\".*?</tr>", raw, re.S).group(0)
	# A1.4 is våren 2019 (2019 Kv 1-2): columns 5 and 6 of 16, medium-high.
	assert re.search(r"<rect class=\"w-medium-high\" x=\"25.000%\" y=\"10\" width=\"12.500%\"", row), row
	row = re.search(r"<tr data-activity=\"A2.6\".*?</tr>", raw, re.S).group(0)
	assert "class=\"w-high\" x=\"12.500%\"" in row and "width=\"62.500%\"" in row, row
	assert row.count("<circle") == 2 and "2018-11-15 · förslag · Invented event kartlaggning-forslag" in row, row
	# Events of one month share a marker with their number: A1.1 has seven
	# events in five months, two each in January and February 2019.
	row = re.search(r"<tr data-activity=\"A1.1\".*?</tr>", raw, re.S).group(0)
	assert row.count("<g class=\"ev\">") == 5 and len(re.findall(r">2</text>", row)) == 2, row
	assert "2019-01-10 · seminarium · Invented event statistik\n2019-01-24 · seminarium" in row, row
	PY
'

test_expect_success 'a report of an earlier commit shows that commit and its events only' '
	cd L && c=$(git rev-parse main~3) &&
	plan report --html ../early.html --rev "$c" --at 2020-06-30 &&
	plan status --rev "$c" --at 2020-06-30 --format json >../early-s.json &&
	cd .. && htmlcheck early.html early.json &&
	test_grep "data-commit=\"$c\"" early.html &&
	test_grep ! "2020-02-15-stodformer" early.html &&
	python3 - early.json early-s.json <<-PY
	import json, sys
	d = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2]))
	assert {i: st for i, st, t in d["indicators"]} == {i["id"]: i["status"] for i in s["indicators"]}
	assert dict((i, st) for i, st, t in d["indicators"])["I21"] == "not-met"
	PY
'

test_expect_success 'record text is escaped: a hostile title stays inert text' '
	git clone -q L H && cd H &&
	write_hostile_event &&
	plan check --today 2020-06-30 &&
	commit_on 2020-05-21 "A hostile title" &&
	plan report --html ../h.html --at 2020-06-30 &&
	plan report --format md --at 2020-06-30 >../h.md &&
	cd .. && htmlcheck h.html h.json &&
	test_grep ! "<script>alert|<img|<b>fet" h.html &&
	test_grep "&lt;script&gt;alert\(1\)&lt;/script&gt; &amp; &lt;b&gt;fet&lt;/b&gt; \| &quot;citat&quot; &#39;x&#39;" h.html &&
	python3 - h.json h.md r.json <<-PY
	import json, sys
	d = json.load(open(sys.argv[1])); r = json.load(open(sys.argv[3]))
	assert d["scripts"] == 1 and "img" not in d["tags"], d["tags"]
	assert d["tags"]["b"] == r["tags"]["b"], (d["tags"]["b"], r["tags"]["b"])
	assert "<script>alert(1)</script> & <b>fet</b> | \"citat\" \x27x\x27" in d["text"]
	assert "\"><img src=x onerror=alert(2)>" in d["text"]
	md = open(sys.argv[2], encoding="utf-8").read()
	assert "\\\\<script\\\\>alert(1)\\\\</script\\\\> \\\\& \\\\<b\\\\>fet\\\\</b\\\\> \\\\| \"citat\" \x27x\x27" in md, md
	PY
'

test_expect_success 'a record that fails its schema is still reported, on one line, with a notice' '
	git clone -q L B && cd B &&
	write_event . 2020-05-22 radbrytning meeting I26 >../broken-path &&
	sed -i "s/^title: .*/title: \"första raden\\\\nandra | raden\"/" "$(cat ../broken-path)" &&
	test_must_fail plan check --today 2020-06-30 >../check.out &&
	commit_on 2020-05-23 "A title with a line break" &&
	plan report --html ../b.html --at 2020-06-30 2>../b.err &&
	plan report --format md --at 2020-06-30 >../b.md 2>/dev/null &&
	cd .. && htmlcheck b.html b.json &&
	test_grep "warning: the ledger at [0-9a-f]{12} has 1 error" b.err &&
	test_grep "<p class=\"warn\" role=\"note\">Registret har fel" b.html &&
	test_grep "^> Registret har fel" b.md &&
	test_grep "^- I26, 2020: 2020-05-22 första raden andra \\\\\| raden \(möte\);" b.md
'

test_expect_success '--lang en: English words, lang="en"' '
	cd L && plan report --html ../en.html --at 2020-06-30 --lang en && cd .. &&
	htmlcheck en.html en.json &&
	python3 - en.json r.json <<-PY
	import json, sys
	e = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2]))
	assert e["lang"] == "en"
	assert e["indicators"] == s["indicators"] and e["activities"] == s["activities"]
	for w in ("Indicators", "Timeline and delivery", "partly met", "High priority",
	          "Medium-high priority", "At least 4 a year, 2018–2019", "Q1"):
	    assert w in e["text"], w
	assert "delvis uppfyllt" not in e["text"] and "Kv 1" not in e["text"]
	PY
'

test_expect_success 'the Markdown report has the figures of the HTML, row by row' '
	cat >expect <<-\EOF &&
	| I1 Fyra seminarier/workshops med relevanta aktörer om statistik och data har genomförts per år under 2018 och 2019. | Minst 4 per år, 2018–2019 (räknas: seminarium, workshop) | 2018 | 3 / 4 | delvis uppfyllt |
	| I1 | | 2019 | 4 / 4 | uppfyllt |
	| I17 Ett förslag till kartläggning av de sociala företagen har utarbetats hösten 2018. | Levereras under hösten 2018 (räknas: förslag) | hösten 2018 | 1 / 1 | uppfyllt |
	| I21 En sammanställning av relevanta ekonomiska stödformer och finansiella instrument för den sociala ekonomin har presenterats 2019. | Levereras under 2019 (räknas: rapport) | 2019 | 1 / 1 | uppfyllt sent |
	| **Alla** | | **7** | **1** | **14** | **5** | **5** | **1** |
	- I17, hösten 2018: 2018-11-15 Invented event kartlaggning-forslag (förslag), diarienummer RUN 18/00311; protokoll RUN 2018-11-15 § 12; registrerad `COMMIT` 2018-11-20, Handläggare Två, godkänd av Handläggare Ett
	- I21, 2019: 2020-02-15 Invented event stodformer (rapport, sent); registrerad `LATE` 2020-03-01, Handläggare Ett, utan godkännande
	## Delmål 2: Att tydliggöra och stärka stödet till civilsamhälle och social ekonomi
	### A2.6 Att kartlägga sociala företag och socialt entreprenörskap i Örebro län.
	Hög prioritet · Tid: Hösten 2018–2020 · Status: uppfyllt
	EOF
	c=$(cd L && git log --diff-filter=A --first-parent --format=%h --abbrev=10 -- \
		records/events/2018/11/2018-11-15-kartlaggning-forslag.yaml) &&
	late=$(cd L && git log --diff-filter=A --first-parent --format=%h --abbrev=10 -- \
		records/events/2020/02/2020-02-15-stodformer.yaml) &&
	sed -i "s/COMMIT/$c/; s/LATE/$late/" expect &&
	grep -F -x -f expect r.md >found &&
	test $(wc -l <found) -eq $(wc -l <expect) &&
	test $(grep -c "^### A" r.md) -eq 18 &&
	test $(grep -c "^## Delmål" r.md) -eq 4 &&
	test $(grep -c "^| I[0-9]* [^|]" r.md) -eq 33
'

test_expect_success 'the Markdown and HTML reports are the same for the same --rev and --at' '
	cd L && plan report --output ../again.md --rev "$(cat ../tip)" --at 2020-06-30 &&
	plan report --format html -o ../again.html --at 2020-06-30 && cd .. &&
	cmp again.md r.md && cmp again.html r.html
'

test_expect_success 'the file is replaced atomically, leaving nothing beside it' '
	mkdir out && echo old >out/r.html &&
	(cd L && plan report --html ../out/r.html --at 2020-06-30) &&
	cmp out/r.html r.html && test "$(ls -A out)" = "r.html"
'

test_expect_success 'bad arguments are usage errors' '
	cd L &&
	test_must_fail --status=2 plan report --html x.html --format md 2>../err &&
	test_grep "one or the other" ../err &&
	test_must_fail --status=2 plan report --lang fr 2>../err && test_grep "sv or en" ../err &&
	test_must_fail --status=2 plan report --format pdf 2>../err && test_grep "html or md" ../err &&
	test_must_fail --status=2 plan report --at 2020-02-30 2>../err &&
	test_must_fail --status=2 plan report --rev nosuch 2>../err &&
	test_must_fail --status=2 plan report --html /nonexistent/dir/r.html 2>../err &&
	test ! -e x.html
'

test_done
