#!/bin/sh
# The HTML report in a real browser: headless Chromium (Debian's chromium,
# installed by `sh tools/deps.sh --browser`, which make test runs) loads the
# report of the fixture ledger from disk, with no network, takes a PNG
# screenshot, dumps the DOM after the page's script ran, and prints the
# page to PDF through the print style sheet. A missing or broken browser is
# a failure, not a skip. The screenshot is kept in the test logs
# (report.png) for people to look at.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/cli/report-fixture.sh"

CHROMIUM=${CHROMIUM:-chromium}
SHOTS=$SRC/${B:-build}/test-logs

# Runs headless Chromium on the report with its own profile, no network
# services, and a time limit.
browse() {
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --disable-extensions --disable-default-apps --hide-scrollbars \
		--user-data-dir="$TRASH/profile" "$@" 2>>"$TRASH/chromium.log"
}

# png_check FILE WIDTH HEIGHT: a PNG of that size whose pixels are not all alike.
png_check() {
	python3 - "$@" <<-\PY
	import struct, sys, zlib
	data = open(sys.argv[1], "rb").read()
	assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
	w, h = struct.unpack(">II", data[16:24])
	assert (w, h) == (int(sys.argv[2]), int(sys.argv[3])), (w, h)
	pos, idat = 8, b""
	while pos < len(data):
	    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
	    if kind == b"IDAT":
	        idat += data[pos + 8:pos + 8 + n]
	    pos += 12 + n
	raw = zlib.decompress(idat)
	assert len(set(raw[::7])) > 20, "the screenshot is blank"
	PY
}

test_expect_success 'chromium is installed (sh tools/deps.sh --browser)' '
	command -v "$CHROMIUM" >/dev/null ||
	{ echo "no $CHROMIUM: run sh tools/deps.sh --browser as root" >&2; false; }
'

test_expect_success 'the fixture ledger and its report' '
	make_report_fixture L &&
	plan report --html ../report.html --at 2020-06-30
'

test_expect_success 'Chromium loads the page from disk and saves a screenshot' '
	browse --window-size=1400,2400 --screenshot="$TRASH/report.png" \
		"file://$TRASH/report.html" &&
	test -s report.png &&
	png_check report.png 1400 2400 &&
	mkdir -p "$SHOTS" && cp report.png "$SHOTS/report.png"
'

test_expect_success 'the rendered DOM has 18 chart rows, 33 indicator rows, and the script ran' '
	browse --dump-dom "file://$TRASH/report.html" >dom.html &&
	python3 - dom.html <<-\PY
	import re, sys
	dom = open(sys.argv[1], encoding="utf-8").read()
	assert len(re.findall(r"<tr data-activity=", dom)) == 18
	assert len(re.findall(r"<tr data-indicator=", dom)) == 33
	# The status filter is hidden until the script shows it and counts the rows.
	f = re.search(r"<fieldset id=\"filter\"[^>]*>", dom).group(0)
	assert "hidden" not in f, f
	assert re.search(r"<output id=\"filter-count\"[^>]*>Visar 33 av 33 indikatorer</output>", dom)
	PY
'

test_expect_success 'printing gives A4 pages, the chart on a landscape one' '
	browse --no-pdf-header-footer --print-to-pdf="$TRASH/report.pdf" \
		"file://$TRASH/report.html" &&
	test -s report.pdf &&
	python3 - report.pdf <<-\PY
	import re, sys
	pdf = open(sys.argv[1], "rb").read()
	# A4 is 595.3 x 841.9 points.
	def a4(w, h):
	    return abs(w - 595.3) < 3 and abs(h - 841.9) < 3
	boxes = [(float(w), float(h)) for w, h in
	         re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", pdf)]
	assert boxes and all(a4(w, h) or a4(h, w) for w, h in boxes), boxes
	assert any(a4(w, h) for w, h in boxes) and any(a4(h, w) for w, h in boxes), boxes
	PY
'

test_done
