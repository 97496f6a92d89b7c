#!/bin/sh
# The report printed on A4 by a real browser: headless Chromium prints the
# demonstration ledger's report (make demo's, an invented history) to PDF,
# and pdftotext (poppler-utils) reads it page by page: the summary with
# every goal on the first page, the chart one landscape page per goal, a
# bounded number of pages, and no page that ends with a heading. The pages
# are rendered to PNG (pdftoppm) and kept in the test logs (print-NN.png) for
# people to look at. `sh tools/deps.sh --browser` installs both.
. "$(dirname "$0")/lib.sh"

CHROMIUM=${CHROMIUM:-chromium}
SHOTS=$SRC/${B:-build}/test-logs
MAX_PAGES=23

test_expect_success 'chromium and poppler-utils are installed (sh tools/deps.sh --browser)' '
	command -v "$CHROMIUM" >/dev/null && command -v pdftotext >/dev/null &&
	command -v pdftoppm >/dev/null
'

test_expect_success 'the demonstration ledger and its report' '
	DEMO_DIR=$TRASH/demo sh "$SRC/tools/demo.sh" "$PLAN" >demo.out 2>&1 &&
	(cd demo/ledger && plan report --html "$TRASH/report.html" --at 2021-12-31)
'

test_expect_success 'Chromium prints it to PDF' '
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --disable-extensions --disable-default-apps \
		--user-data-dir="$TRASH/profile" --no-pdf-header-footer \
		--print-to-pdf="$TRASH/report.pdf" "file://$TRASH/report.html" 2>chromium.log &&
	test -s report.pdf
'

test_expect_success "at most $MAX_PAGES pages, none ending with a heading" '
	python3 "$SRC/tests/cli/pdf-pages.py" report.html report.pdf $MAX_PAGES >pages &&
	cat pages
'

test_expect_success 'the summary with all four goals on page 1; one landscape chart page per goal' '
	pdftotext -layout -f 1 -l 1 report.pdf p1.txt &&
	for g in 1 2 3 4; do test_grep "^ *Delmål $g: " p1.txt || return 1; done &&
	test "$(grep -c "(landscape)" pages)" -eq 4 &&
	for g in 1 2 3 4; do
		n=$(grep -n "(landscape)" pages | sed -n "${g}p" | sed "s/^.*page \([0-9]*\) .*/\1/") &&
		pdftotext -layout -f "$n" -l "$n" report.pdf chart.txt &&
		test "$(grep -c "Delmål [1-4]: " chart.txt)" -eq 1 &&
		test_grep "Delmål $g: " chart.txt || return 1
	done
'

test_expect_success 'status words stay on one line in print' '
	pdftotext -layout -f 1 -l 1 report.pdf p1.txt &&
	test_grep "Delmål 1: .* delvis uppfyllt +[0-9]" p1.txt
'

test_expect_success 'the pages as pictures, kept for people to look at' '
	pdftoppm -r 50 -png report.pdf print &&
	test -s print-01.png &&
	mkdir -p "$SHOTS" && cp print-*.png "$SHOTS/"
'

test_done
