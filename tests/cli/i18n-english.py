#!/usr/bin/env python3
"""Names every line of the given outputs that is still an English message.

usage: i18n-english.py CATALOGUE.po OUTPUT...

A line is English when it matches a line of a message's msgid (its %s, %zu,
... standing for any text) that its Swedish msgstr does not have too, and
that line holds a word of at least three letters outside the directives.
Exit status 1 when any line is English, 0 otherwise.
"""
import re
import sys

DIRECTIVE = re.compile(r"%(?:\d+\$)?[-+ #0']*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfgGcspa%]")


def unquote(s):
    return bytes(s, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def read_po(path):
    entries, cur, key = [], None, None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
        if m:
            key = m.group(1)
            if key == "msgid":
                cur = {"msgid": "", "msgstr": ""}
                entries.append(cur)
            val = unquote(m.group(2))
            if key in ("msgid", "msgid_plural"):
                cur["msgid"] += ("\n" if key == "msgid_plural" else "") + val
            else:
                cur["msgstr"] += "\n" + val
            continue
        m = re.match(r'^"(.*)"$', line)
        if m and cur is not None:
            val = unquote(m.group(1))
            if key in ("msgid", "msgid_plural"):
                cur["msgid"] += val
            else:
                cur["msgstr"] += val
    return entries


def patterns(entries):
    out = []
    for e in entries:
        if not e["msgid"]:
            continue
        theirs = {l.strip() for l in e["msgstr"].split("\n")}
        for line in e["msgid"].split("\n"):
            text = line.strip()
            if not text or text in theirs:
                continue
            literal = DIRECTIVE.sub(" ", text)
            if not re.search(r"[A-Za-z]{3}", literal):
                continue
            parts = DIRECTIVE.split(text)
            rx = ".*".join(re.escape(p) for p in parts)
            out.append((re.compile(r"^\s*(?:.*: )?" + rx + r"\s*$"), text))
    return out


def main():
    pats = patterns(read_po(sys.argv[1]))
    bad = 0
    for path in sys.argv[2:]:
        for n, line in enumerate(open(path, encoding="utf-8", errors="replace"), 1):
            line = line.rstrip("\n")
            for rx, text in pats:
                if rx.match(line):
                    print("%s:%d: English: %s   (msgid line: %s)" % (path, n, line, text))
                    bad += 1
                    break
    sys.exit(1 if bad else 0)


main()
