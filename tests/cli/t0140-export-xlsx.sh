#!/bin/sh
# Excel out: plan list events and plan status as XLSX (libxlsxwriter), read
# back with Python's openpyxl: cells and their types, header, frozen panes,
# filter, widths, statuses as words and colours; CSV for Swedish Excel.
. "$(dirname "$0")/lib.sh"

PY=python3
$PY -c "import openpyxl" 2>/dev/null || PY=/usr/bin/python3

test_expect_success 'a ledger with events, one with participants, evidence on two lines, an exception' '
	make_ledger ledger &&
	write_event ledger 2018-04-12 seminarium-a seminar I1 >/dev/null &&
	write_event ledger 2018-10-02 seminarium-b seminar I1 "participants: 25
evidence:
  - {type: diarienummer, ref: RUN 18/1}
  - {type: url, ref: \"https://example.org/a\"}" >/dev/null &&
	write_event ledger 2018-02-01 tidig report I16 "exception: {reason: Beslut i nämnden}" >/dev/null &&
	(cd ledger && git add -A && git commit -q -m events)
'

test_expect_success 'list events --format xlsx: header, real dates and numbers, frozen, filtered, wide enough' '
	(cd ledger && plan list events --format xlsx --output ../ev.xlsx) &&
	$PY - <<-\EOF
	import datetime, openpyxl
	wb = openpyxl.load_workbook("ev.xlsx")
	ws = wb.active
	assert ws.title == "events", ws.title
	head = [c.value for c in ws[1]]
	assert head[:8] == ["id", "date", "kind", "title", "indicators", "responsible", "participants", "evidence"], head
	assert all(c.font.b for c in ws[1])
	assert ws.freeze_panes == "A2", ws.freeze_panes
	assert ws.auto_filter.ref == "A1:M4", ws.auto_filter.ref
	rows = list(ws.iter_rows(min_row=2, values_only=True))
	assert [r[0] for r in rows] == ["2018-02-01-tidig", "2018-04-12-seminarium-a", "2018-10-02-seminarium-b"], rows
	assert rows[2][1] == datetime.datetime(2018, 10, 2), rows[2][1]
	assert ws["B4"].is_date and ws["B4"].number_format == "yyyy-mm-dd"
	assert rows[2][6] == 25 and isinstance(rows[2][6], int), rows[2][6]
	assert rows[1][6] is None
	assert rows[2][7] == "diarienummer: RUN 18/1\nurl: https://example.org/a", rows[2][7]
	assert ws["H4"].alignment.wrap_text
	assert rows[0][11] == "Beslut i nämnden", rows[0]
	assert ws.column_dimensions["A"].width >= len("2018-04-12-seminarium-a"), ws.column_dimensions["A"].width
	EOF
'

test_expect_success 'an exported workbook (shared strings, libxlsxwriter) imports as the same records' '
	make_ledger again &&
	(cd again && plan import ../ev.xlsx >../out) &&
	test_grep "3 rows: 3 new events written" out &&
	(cd ledger && plan list events --format json >../a.json) &&
	(cd again && plan list events --format json >../b.json) &&
	test_cmp a.json b.json
'

test_expect_success 'status --format xlsx: periods with dates, numbers and statuses as words and colours' '
	(cd ledger && plan status --at 2020-01-15 --format xlsx -o ../st.xlsx) &&
	(cd ledger && LC_ALL=sv_SE.UTF-8 plan status --at 2020-01-15 --indicator I1 --format xlsx -o ../st-sv.xlsx) &&
	$PY - <<-\EOF
	import datetime, openpyxl
	ws = openpyxl.load_workbook("st.xlsx").active
	head = [c.value for c in ws[1]]
	assert head == ["indicator", "activity", "goal", "period", "start", "end", "achieved", "target", "status", "expected", "events", "text"], head
	assert ws.freeze_panes == "A2"
	rows = {(r[0].value, r[3].value): r for r in ws.iter_rows(min_row=2)}
	r = rows[("I1", "2018")]
	assert r[4].value == datetime.datetime(2018, 1, 1) and r[5].value == datetime.datetime(2018, 12, 31)
	assert r[6].value == 2 and isinstance(r[6].value, int) and r[7].value == 4
	assert r[8].value == "partial" and r[8].fill.fgColor.rgb == "FFFFEB9C", (r[8].value, r[8].fill.fgColor.rgb)
	assert r[10].value == "2018-04-12-seminarium-a\n2018-10-02-seminarium-b", r[10].value
	r = rows[("I1", "2019")]
	assert r[8].value == "not-met" and r[8].fill.fgColor.rgb == "FFFFC7CE"
	ws = openpyxl.load_workbook("st-sv.xlsx").active
	assert ws.title == "Status"
	vals = [(r[3].value, r[8].value) for r in ws.iter_rows(min_row=2)]
	assert vals == [("2018", "delvis uppfyllt"), ("2019", "ej uppfyllt")], vals
	EOF
'

test_expect_success 'an open period: its expected share is a number; in Swedish CSV a decimal comma' '
	(cd ledger && plan status --at 2018-07-01 --indicator I1 --format xlsx -o ../open.xlsx) &&
	$PY -c "
import openpyxl
ws = openpyxl.load_workbook(\"open.xlsx\").active
r = [c.value for c in ws[2]]
assert r[8] == \"in-progress\" and isinstance(r[9], float) and 1.9 < r[9] < 2.1, r
" &&
	(cd ledger && LC_ALL=sv_SE.UTF-8 plan status --at 2018-07-01 --indicator I1 --format csv >../sv.csv) &&
	printf "\357\273\277indicator;activity;goal;period;start;end;achieved;target;status;expected;events;on_time;early;late;late_date;not_counted;text\r\n" >expect &&
	head -n 1 sv.csv >got && test_cmp expect got &&
	test_grep "^I1;A1.1;M1;2018;2018-01-01;2018-12-31;1;4;in-progress;[0-9],[0-9]{2};2018-04-12-seminarium-a;" sv.csv &&
	(cd ledger && LC_ALL=sv_SE.UTF-8 plan status --at 2018-07-01 --indicator I1 --format csv \
		--csv-separator , >../en.csv) &&
	test_grep "^I1,A1.1,M1,2018,2018-01-01,2018-12-31,1,4,in-progress,[0-9][.][0-9]{2},2018-04-12-seminarium-a," en.csv
'

test_expect_success 'xlsx needs --output; a folder that cannot be written is an error; no stray files' '
	(cd ledger &&
	 test_must_fail --status=2 plan status --format xlsx 2>../e1 &&
	 test_must_fail --status=2 plan list events --format xlsx 2>../e2 &&
	 test_must_fail --status=2 plan status --format xlsx -o ../nowhere/st.xlsx 2>../e3) &&
	test_grep "add --output FILE.xlsx" e1 && test_grep "add --output FILE.xlsx" e2 &&
	test_grep "nowhere/st.xlsx" e3 &&
	test -z "$(ls | grep tmp-)"
'

test_done
