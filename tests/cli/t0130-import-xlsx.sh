#!/bin/sh
# plan import FILE.xlsx: workbooks made by another program (Python's
# openpyxl) and by hand (shared strings with rich text, cells without
# references, another namespace prefix), dates as Excel day numbers, the
# sheet chosen by --sheet, findings naming sheet and cell, damaged files.
. "$(dirname "$0")/lib.sh"

PLAN_TODAY=2020-01-15
export PLAN_TODAY
# Debian's python3-openpyxl is for Debian's python3, which a python3
# installed elsewhere on PATH may not see.
PY=python3
$PY -c "import openpyxl" 2>/dev/null || PY=/usr/bin/python3

test_expect_success 'openpyxl writes a workbook: dates, numbers, line breaks, two sheets' '
	$PY - <<-\EOF
	import datetime, openpyxl
	wb = openpyxl.Workbook()
	ws = wb.active
	ws.title = "Blad1"
	ws.append(["Datum", "Typ", "Indikator", "Titel", "Deltagare", "Diarienummer", "Anteckning"])
	ws.append([datetime.date(2019, 4, 12), "Seminarium", "I14", "Seminarium om social hänsyn", 14, "RUN 19/00123", "Rad ett\nrad två"])
	ws.append([datetime.datetime(2019, 5, 2, 13, 30), "utbildning", 15, "Anbudsskola", None, None, None])
	ws.append(["2019-06-03", "meeting", "I26", "Arbetsutskottets möte", 7.0, None, None])
	bad = wb.create_sheet("Fel")
	bad.append(["Datum", "Typ", "Indikator", "Titel", "Deltagare"])
	bad.append([datetime.date(2019, 4, 12), "seminar", "I14", "Bra", 3])
	bad.append(["12 april", "seminar", "I14", "Inget datum", None])
	bad.append([datetime.date(2018, 2, 1), "report", "I16", "Utanför", None])
	bad.append([datetime.date(2019, 4, 12), "seminar", "I14", "Halv person", 2.5])
	wb.save("openpyxl.xlsx")
	EOF
'

test_expect_success 'the first sheet imports; dates and numbers come out as the spreadsheet shows them' '
	make_ledger ok &&
	(cd ok && plan import ../openpyxl.xlsx >../out 2>../err) &&
	test_grep "^../openpyxl.xlsx: 3 rows: 3 new events written" out && test ! -s err &&
	f=ok/records/events/2019/04/2019-04-12-seminarium-om-social-hansyn.yaml &&
	test_grep "^date: 2019-04-12$" $f && test_grep "^kind: seminar$" $f &&
	test_grep "^participants: 14$" $f && test_grep "^    ref: RUN 19/00123$" $f &&
	test_grep "^  rad två$" $f &&
	test_grep "^indicators: \[I15\]$" ok/records/events/2019/05/2019-05-02-anbudsskola.yaml &&
	test_grep "^participants: 7$" ok/records/events/2019/06/2019-06-03-arbetsutskottets-mote.yaml &&
	(cd ok && plan check >../out) && test_grep "^0 errors, 0 warnings in 60 files" out &&
	(cd ok && plan import ../openpyxl.xlsx >../out) &&
	test_grep "3 rows: 0 new events written, 3 already in the ledger" out
'

test_expect_success '--sheet: findings name the sheet and the cell; nothing is written' '
	make_ledger bad &&
	(cd bad && test_must_fail plan import --sheet Fel ../openpyxl.xlsx >../out 2>../err) &&
	test_grep "^../openpyxl.xlsx:3:1: error\[import\]: Fel!A3 \(Datum\): .12 april. is not a date" err &&
	test_grep "^../openpyxl.xlsx:4:3: error\[window\]: Fel!C4 \(Indikator\): I16 belongs to activity A2.5" err &&
	test_grep "^../openpyxl.xlsx:5:5: error\[import\]: Fel!E5 \(Deltagare\): .2.5. is not a number of people" err &&
	test ! -e bad/records/events &&
	(cd bad && test_must_fail plan import --sheet Saknas ../openpyxl.xlsx 2>../err) &&
	test_grep "no sheet .Saknas.; its sheets are .Blad1., .Fel." err
'

test_expect_success 'a workbook by hand: shared strings with rich text, no cell references, prefix x:' '
	$PY - <<-\EOF
	import zipfile
	ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	z = zipfile.ZipFile("hand.xlsx", "w", zipfile.ZIP_DEFLATED)
	z.writestr("xl/workbook.xml", f"<x:workbook xmlns:x=\"{ns}\" xmlns:q=\"{rel}\"><x:sheets>"
	    f"<x:sheet name=\"Händelser\" sheetId=\"1\" q:id=\"rId7\"/></x:sheets></x:workbook>")
	z.writestr("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	    "<Relationship Id=\"rId7\" Type=\"worksheet\" Target=\"/xl/worksheets/blad.xml\"/></Relationships>")
	strings = ["Datum", "Titel", "Indikator", "Typ", "<r><t>Semi</t></r><r><rPr><b/></rPr><t>narium &amp; samtal</t></r><rPh><t>x</t></rPh>"]
	z.writestr("xl/sharedStrings.xml", f"<sst xmlns=\"{ns}\">" + "".join(
	    s if s.startswith("<r>") else f"<si><t>{s}</t></si>" for s in strings[:4]) +
	    f"<si>{strings[4]}</si></sst>")
	z.writestr("xl/worksheets/blad.xml", f"<worksheet xmlns=\"{ns}\"><sheetData>"
	    "<row><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c><c t=\"s\"><v>2</v></c><c t=\"s\"><v>3</v></c></row>"
	    "<row r=\"3\"><c r=\"A3\"><v>43567</v></c><c r=\"B3\" t=\"s\"><v>4</v></c>"
	    "<c r=\"C3\" t=\"str\"><f>\"I\"&amp;14</f><v>I14</v></c><c r=\"D3\" t=\"inlineStr\"><is><t>seminar</t></is></c></row>"
	    "</sheetData></worksheet>")
	z.close()
	EOF
	make_ledger hand &&
	(cd hand && plan import ../hand.xlsx >../out) &&
	test_grep "1 row: 1 new event written" out &&
	test_grep "^title: Seminarium & samtal$" hand/records/events/2019/04/2019-04-12-seminarium-samtal.yaml
'

test_expect_success 'damaged and wrong files: a message in words, exit 1, nothing written' '
	make_ledger dmg &&
	printf "PK\003\004 not really a zip" >fake.xlsx &&
	$PY -c "import zipfile; z = zipfile.ZipFile(\"nowb.xlsx\", \"w\"); z.writestr(\"a.txt\", \"x\"); z.close()" &&
	$PY -c "import zipfile; z = zipfile.ZipFile(\"badxml.xlsx\", \"w\"); z.writestr(\"xl/workbook.xml\", \"<workbook><sheets>\"); z.close()" &&
	head -c 3000 openpyxl.xlsx >cut.xlsx &&
	$PY - <<-\EOF &&
	import zipfile
	z = zipfile.ZipFile("wide.xlsx", "w", zipfile.ZIP_DEFLATED)
	z.writestr("xl/workbook.xml", "<workbook><sheets><sheet name=\"A\" id=\"r1\"/></sheets></workbook>")
	z.writestr("xl/_rels/workbook.xml.rels", "<Relationships><Relationship Id=\"r1\" Target=\"worksheets/a.xml\"/></Relationships>")
	z.writestr("xl/worksheets/a.xml", "<worksheet><sheetData>" + "".join(
	    f"<row r=\"{n}\"><c r=\"XFD{n}\"><v>1</v></c></row>" for n in range(1, 201)) + "</sheetData></worksheet>")
	z.close()
	EOF
	(cd dmg &&
	 test_must_fail plan import ../fake.xlsx 2>../e1 &&
	 test_must_fail plan import ../nowb.xlsx 2>../e2 &&
	 test_must_fail plan import ../badxml.xlsx 2>../e3 &&
	 test_must_fail plan import ../cut.xlsx 2>../e4 &&
	 test_must_fail plan import ../wide.xlsx 2>../e5) &&
	test_grep "more than 2,000,000 cells" e5 &&
	test_grep "no ZIP archive, or a damaged one" e1 &&
	test_grep "no Excel workbook \(it has no xl/workbook.xml\)" e2 &&
	test_grep "xl/workbook.xml is no well-formed XML" e3 &&
	test_grep "^../cut.xlsx: error\[import\]: " e4 &&
	test ! -e dmg/records/events
'

test_expect_success '500 events made elsewhere import in one command; the bad rows are named' '
	$PY - <<-\EOF &&
	import datetime, openpyxl
	wb = openpyxl.Workbook()
	ws = wb.active
	ws.title = "Blad1"
	ws.append(["Datum", "Typ", "Indikator", "Titel", "Deltagare", "Ansvarig", "Diarienummer"])
	for i in range(500):
	    d = datetime.date(2019, 1, 2) + datetime.timedelta(days=i % 360)
	    ws.append([d, ["Seminarium", "workshop"][i % 2], "I1", f"Händelse {i} om civilsamhället", 3 + i % 40, "handlaggare-%d" % (1 + i % 3), f"RUN 19/{i:05d}"])
	ws.cell(row=100, column=1, value="inte ett datum")
	ws.cell(row=250, column=3, value="I99")
	ws.cell(row=400, column=5, value="många")
	wb.save("big.xlsx")
	EOF
	make_ledger big &&
	(cd big && test_must_fail plan import ../big.xlsx 2>../err) &&
	test $(grep -c "error\[" err) -eq 3 &&
	test_grep "^../big.xlsx:100:1: error\[import\]: Blad1!A100 \(Datum\)" err &&
	test_grep "^../big.xlsx:250:3: error\[ref\]: Blad1!C250 \(Indikator\)" err &&
	test_grep "^../big.xlsx:400:5: error\[import\]: Blad1!E400 \(Deltagare\)" err &&
	test ! -e big/records/events &&
	(cd big && test_must_fail plan import --skip-bad ../big.xlsx >../out 2>/dev/null) &&
	test_grep "500 rows: 497 new events written, 0 already in the ledger, 0 the same as an earlier row, 3 not imported" out &&
	(cd big && plan check >../out) && test_grep "^0 errors, 0 warnings in 554 files" out
'

test_done
