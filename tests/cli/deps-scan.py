#!/usr/bin/env python3
"""Lists the programs that the project's scripts and C sources run.

Reads shell scripts (command positions: the first word of a command, after
|, &&, ||, ;, (, $( and `, and after env, timeout N, test_must_fail, and
variable assignments; heredoc bodies and double-quoted strings are passed
over) and C sources (string literals that start an argv array or an
execlp call). Prints one program name a line, with the file that runs it.
Used by tests/cli/t0001-deps.sh.
"""
import re
import sys

BUILTINS = set("""if then else elif fi for while until do done case esac in function
return exit set unset export local read echo printf cd pwd test [ [[ true false : .
source eval exec shift trap wait break continue command type umask ulimit alias getopts
hash kill readonly times let declare typeset""".split())
PREFIXES = {"!", "test_must_fail", "env", "exec", "command", "nohup", "setsid", "then",
            "do", "else", "time"}


def shell_programs(path, text, funcs):
    # Heredoc bodies are data (YAML, Python), not commands.
    kept = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        kept.append(re.sub(r"(^|\s)#.*$", "", line))
        for m in re.finditer(r"\$\{[A-Z_]+:-([a-z][a-z0-9-]*)\}", line):
            yield m.group(1)
        here = re.search(r"<<-?\s*\\?['\"]?([A-Za-z_]+)['\"]?", line)
        if here:
            term = here.group(1)
            while i < len(lines) and lines[i].strip() != term:
                i += 1
            i += 1
    code = "\n".join(kept)
    # Inline Python (python3 -c "..."), which may span lines, then one-line
    # double-quoted strings (messages, arguments).
    code = re.sub(r'(python3 -c )"(?:[^"\\]|\\.)*"', r'\1""', code, flags=re.S)
    code = re.sub(r'"[^"\n]*"', '""', code)
    # One-line single-quoted strings: test descriptions, sed and awk programs.
    code = re.sub(r"'[^'\n]*'", "''", code)
    for seg in re.split(r"\|\||&&|[|;(`{\n]|\$\(", code):
        toks = seg.strip().split()
        while toks:
            t = toks[0]
            if re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", t) or t in PREFIXES:
                toks = toks[1:]
            elif t == "timeout":
                toks = toks[2:]
            else:
                break
        if not toks:
            continue
        w = toks[0].strip("'")
        if re.match(r"^[a-z][a-z0-9.+_-]*$", w) and w not in BUILTINS and w not in funcs:
            yield w


def c_programs(text):
    for m in re.finditer(r'\[[0-9]*\]\s*=\s*\{\s*"([a-z][a-z0-9-]*)"', text):
        yield m.group(1)
    for m in re.finditer(r'\bexecl?v?p?e?\(\s*"([a-z][a-z0-9-]*)"', text):
        yield m.group(1)
    for m in re.finditer(r'argv\[[a-z]+\+\+\]\s*=\s*"([a-z][a-z0-9-]*)"', text):
        yield m.group(1)
    for m in re.finditer(r':\s*"(ssh-keygen|gpg|git)"', text):
        yield m.group(1)


def main(paths):
    texts = {p: open(p, encoding="utf-8", errors="replace").read() for p in paths}
    funcs = set()
    for p, t in texts.items():
        if not p.endswith(".c"):
            funcs |= set(re.findall(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(\)", t, re.M))
    seen = set()
    for p, t in texts.items():
        progs = c_programs(t) if p.endswith(".c") else shell_programs(p, t, funcs)
        for w in progs:
            if (w, p) not in seen:
                seen.add((w, p))
                print(w, p)


main(sys.argv[1:])
