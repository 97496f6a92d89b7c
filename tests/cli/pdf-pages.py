#!/usr/bin/env python3
"""Checks how a printed report breaks into pages.

    pdf-pages.py REPORT.html REPORT.pdf MAX-PAGES

Reads each page's text with pdftotext (poppler-utils) and prints, per page,
its number and its last line. Fails (exit 1) when the PDF has more than
MAX-PAGES pages, or when a page ends with a heading: the last line of the
page is (a line of) a heading of the report (h2, h3, h4, a goal's row of the
chart) or the line of facts under it, so that the heading stands apart from
what it introduces.
"""
import html
import re
import subprocess
import sys


def norm(s):
    return " ".join(s.split())


def words(fragment):
    return norm(html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


def headings(path):
    """The headings of the portrait pages and those of the chart's (landscape) pages."""
    text = open(path, encoding="utf-8").read()
    portrait, landscape = [], []
    pat = r"<(h[234])[^>]*>(.*?)</\1>(\s*<p class=\"ameta-line\">(.*?)</p>)?"
    for m in re.finditer(pat, text, re.S):
        portrait += [words(p) for p in (m.group(2), m.group(4)) if p]
    landscape = [words(m.group(1)) for m in re.finditer(r"<tr class=\"goal\">(.*?)</tr>", text, re.S)]
    landscape += [words(m.group(1)) for m in re.finditer(r"<h2 id=\"h-gantt\">(.*?)</h2>", text, re.S)]
    return portrait, landscape


def page_lines(pdf, n):
    """The lines of page n, top to bottom: (height in points, text); the
    pieces of one line of the page (table cells) joined."""
    out = subprocess.run(["pdftotext", "-bbox-layout", "-f", str(n), "-l", str(n), pdf, "-"],
                         capture_output=True, text=True, check=True).stdout
    rows = {}
    for m in re.finditer(r'<line xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="[0-9.]+" '
                         r'yMax="([0-9.]+)">(.*?)</line>', out, re.S):
        x, y0, y1 = float(m.group(1)), float(m.group(2)), float(m.group(3))
        text = " ".join(html.unescape(w) for w in re.findall(r">([^<]*)</word>", m.group(4)))
        key = round(y1)
        rows.setdefault(key, []).append((x, y1 - y0, text))
    lines = []
    for key in sorted(rows):
        parts = sorted(rows[key])
        lines.append((max(p[1] for p in parts), norm(" ".join(p[2] for p in parts))))
    return lines


def main():
    report, pdf, most = sys.argv[1], sys.argv[2], int(sys.argv[3])
    portrait, landscape = headings(report)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", pdf], capture_output=True,
                          text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    sizes = {int(n): float(w) > float(h) for n, w, h in
             re.findall(r"^Page\s+(\d+) size:\s+([0-9.]+) x ([0-9.]+)", info, re.M)}
    bad = []
    for n in range(1, pages + 1):
        lines = page_lines(pdf, n)
        height, last = lines[-1] if lines else (0, "")
        wide = sizes.get(n, False)
        print("page %d%s: %s (%.1f pt high)" % (n, " (landscape)" if wide else "", last, height))
        # A short last line (a number, a year) proves nothing.
        if len(last) < 8:
            continue
        if wide:
            # The chart's goal rows and its heading.
            if any(last in h for h in landscape):
                bad.append(n)
        elif height >= 11.8 and any(last in h for h in portrait):
            # A line of a heading (h4 and up: 10.5 pt type or more).
            bad.append(n)
        elif len(lines) > 1 and lines[-2][0] >= 11.8 and any(last in h for h in portrait):
            # The line of facts under a heading, with the heading just above it.
            bad.append(n)
    print("%d pages (at most %d)" % (pages, most))
    ok = True
    if pages > most:
        print("too many pages: %d > %d" % (pages, most))
        ok = False
    if bad:
        print("pages ending with a heading: %s" % ", ".join(map(str, bad)))
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
