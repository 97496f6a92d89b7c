#!/usr/bin/env python3
"""Drives a command through a real pseudo-terminal, as a person would.

    pty-drive.py TRANSCRIPT COMMAND [ARGS...] <SCRIPT

SCRIPT holds one step a line:
    expect REGEX   wait (at most 10 s) until the output matches REGEX
    send TEXT      type TEXT and Enter
    eof            press Ctrl-D
Everything the terminal showed is written to TRANSCRIPT (without \\r). The
exit status is the command's, or 124 when an expectation timed out, or 125
when the command ended while one was still awaited.
"""
import os
import pty
import re
import select
import sys
import time


def main():
    transcript, cmd = sys.argv[1], sys.argv[2:]
    steps = [line.rstrip("\n") for line in sys.stdin if line.strip()]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    out = bytearray()
    pos = 0
    ended = False

    def read(timeout):
        nonlocal ended
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return
        try:
            data = os.read(fd, 4096)
        except OSError:
            data = b""
        if not data:
            ended = True
        out.extend(data)

    status = None
    for step in steps:
        kind, _, arg = step.partition(" ")
        if kind == "expect":
            rx = re.compile(arg.encode())
            deadline = time.time() + 10
            while not rx.search(out, pos):
                if ended:
                    status = 125
                    break
                if time.time() > deadline:
                    status = 124
                    break
                read(0.1)
            if status is not None:
                sys.stderr.write("pty-drive: gave up waiting for /%s/\n" % arg)
                break
            pos = rx.search(out, pos).end()
        elif kind == "send":
            os.write(fd, arg.encode() + b"\n")
        elif kind == "eof":
            os.write(fd, b"\x04")
        else:
            sys.exit("pty-drive: unknown step: " + step)
    deadline = time.time() + 10
    while not ended and time.time() < deadline:
        read(0.1)
    if not ended:
        os.kill(pid, 9)
    _, st = os.waitpid(pid, 0)
    with open(transcript, "wb") as f:
        f.write(bytes(out).replace(b"\r", b""))
    if status is None:
        status = os.waitstatus_to_exitcode(st)
    sys.exit(status)


if __name__ == "__main__":
    main()
