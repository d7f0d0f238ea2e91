#!/usr/bin/env python3
"""Drives a program through a terminal (a pty), as a person would: the steps on standard input
are `expect TEXT` (waits up to 60 s for TEXT in the output since the last match), `send TEXT`
(types TEXT and Enter), `eof-send` (Ctrl-D) and `eof` (waits for the program to end). Exits
with the program's status, or 90 when an expectation was not met (the output so far shown)."""
import os
import pty
import select
import sys
import time


def main():
    steps = [line.rstrip("\n") for line in sys.stdin if line.strip()]
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(sys.argv[1], sys.argv[1:])
    seen = b""
    start = 0

    def read_some(timeout):
        nonlocal seen
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(fd, 4096)
        except OSError:
            return False
        if not data:
            return False
        seen += data
        return True

    for step in steps:
        op, _, arg = step.partition(" ")
        if op == "expect":
            want = arg.encode()
            end = time.monotonic() + 60
            while want not in seen[start:]:
                if time.monotonic() > end or not read_some(0.2):
                    if want in seen[start:]:
                        break
                    sys.stdout.write(seen.decode(errors="replace"))
                    print(f"\nsetup-prompts: never saw {arg!r}", file=sys.stderr)
                    os.kill(pid, 9)
                    sys.exit(90)
            start = seen.index(want, start) + len(want)
        elif op == "send":
            os.write(fd, arg.encode() + b"\r")
        elif op == "eof-send":
            os.write(fd, b"\x04")
        elif op == "eof":
            while read_some(60):
                pass
    while read_some(5):
        pass
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(seen.decode(errors="replace"))
    sys.exit(os.waitstatus_to_exitcode(status))


main()
