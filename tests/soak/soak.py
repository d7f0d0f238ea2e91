#!/usr/bin/env python3
"""A long day at the door, in minutes: the soak test.

Runs the real booth headless on its virtual clock through N photo sessions and N check-ins,
one after the other, in one process. Its resident memory is sampled as it goes: the figure once
a tenth of the work is done (caches warm) and at the end are printed, and the end may not
exceed the first by more than max(20 MB, 25%), which any per-session leak would. Afterwards the
database and the card must hold exactly what was done: N sessions, N check-ins, one file and one
row per photo, integrity_check ok, no .tmp.

Usage: soak.py --gatherbooth BIN [--sessions N] [--checkins N]
The suite runs 500 of each; run 10000 of each by hand (about 10 minutes).
"""
import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gatherbooth", required=True)
    ap.add_argument("--sessions", type=int, default=int(os.environ.get("SOAK_SESSIONS", 500)))
    ap.add_argument("--checkins", type=int, default=int(os.environ.get("SOAK_CHECKINS", 500)))
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="gatherbooth-soak-")
    try:
        return soak(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def wrapper():
    """The command to run the booth through (qemu, for scripts/cross-arm64); qemu itself, not
    a `timeout` before it, so that the memory measured is the process's."""
    wrap = os.environ.get("GATHERBOOTH_WRAP", "").split()
    qemu = [i for i, w in enumerate(wrap) if "qemu" in w]
    return wrap[qemu[0]:] if qemu else wrap


def soak(args, tmp):
    wrap = wrapper()
    data = os.path.join(tmp, "data")
    roster = os.path.join(tmp, "roster.csv")
    with open(roster, "w") as f:
        f.write("First Name,Last Name,Barcode #\n")
        for i in range(1, args.checkins + 1):
            f.write(f"Guest{i},Soak,SK-{i:06d}\n")
    conf = os.path.join(tmp, "soak.conf")
    with open(conf, "w") as f:
        # small sizes and a one-shot layout: the same code paths at a soak's pace
        f.write("[booth]\nlayout = single\ncountdown = 1\n[display]\nsize = 480x320\n"
                "[camera]\nbackend = synthetic\npreview = 320x180\nstill = 640x360\n"
                "[button]\nbackend = none\n")
    env = dict(os.environ, GATHERBOOTH_CONFIG=conf, SDL_VIDEODRIVER="dummy",
               GATHERBOOTH_TRACE="1")
    subprocess.run(wrap + [args.gatherbooth, "import", roster, "--data", data], env=env,
                   check=True, capture_output=True)
    script = os.path.join(tmp, "soak.script")
    n = max(args.sessions, args.checkins)
    with open(script, "w") as f:
        for i in range(1, n + 1):
            if i <= args.sessions:
                f.write("press\nwait 1300\ntap Keep\nwait 100\ntap Done\n")
            if i <= args.checkins:
                f.write(f"scan SK-{i:06d}\ntap Check in\ntap Skip photo\nwait 100\ntap Done\n")
        f.write("wait 1000\nexpect-screen attract\nquit\n")

    start = time.monotonic()
    p = subprocess.Popen(wrap + [args.gatherbooth, "run", "--headless", "--data", data,
                                 "--script", script], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True)
    total = args.sessions + args.checkins
    done = 0
    warm = end = peak = 0
    tail = []
    samples = []
    for line in p.stderr:
        if line.startswith("trace: ack "):
            done += 1
            if done == max(1, total // 10):
                warm = rss_kb(p.pid)
            if done % max(1, total // 20) == 0:
                samples.append(rss_kb(p.pid))
            if done == total:
                end = rss_kb(p.pid)
        elif not line.startswith("trace: "):
            tail = (tail + [line])[-20:]
    rc = p.wait()
    took = time.monotonic() - start
    if rc != 0:
        print(f"FAIL: the booth exited {rc}:\n{''.join(tail)}", file=sys.stderr)
        return 1
    print(f"{args.sessions} sessions and {args.checkins} check-ins in {took:.0f} s")
    print(f"resident memory: {warm / 1024:.1f} MB after a tenth, {end / 1024:.1f} MB at the "
          f"end; along the way (MB): {' '.join(f'{s / 1024:.0f}' for s in samples)}")
    failures = []
    if done != total:
        failures.append(f"{done} acknowledgements, expected {total}")
    # a figure of 0 is no measurement (the booth had exited, or /proc was unreadable)
    if warm == 0 or end == 0 or 0 in samples:
        failures.append(f"memory not measured: {warm} kB after a tenth, {end} kB at the end")
    elif end > warm + max(20 * 1024, warm // 4):
        failures.append(f"memory grew from {warm} kB to {end} kB")

    db = sqlite3.connect(os.path.join(data, "gatherbooth.db"))

    def one(sql):
        return db.execute(sql).fetchone()[0]

    files = tmps = 0
    for top, _, names in os.walk(data):
        files += sum(n.endswith((".png", ".jpg")) for n in names)
        tmps += sum(n.endswith(".tmp") for n in names)
    got = {
        "integrity": one("PRAGMA integrity_check"),
        "sessions": one("SELECT count(*) FROM sessions"),
        "check-ins": one("SELECT count(*) FROM checkins"),
        "photo rows": one("SELECT count(*) FROM photos"),
        "photo files": files,
        ".tmp files": tmps,
    }
    want = {
        "integrity": "ok",
        "sessions": args.sessions,
        "check-ins": args.checkins,
        "photo rows": files,
        "photo files": one("SELECT count(*) FROM photos"),
        ".tmp files": 0,
    }
    db.close()
    for k in got:
        if got[k] != want[k]:
            failures.append(f"{k}: {got[k]}, expected {want[k]}")
    print(f"on the card: {got['sessions']} sessions, {got['check-ins']} check-ins, "
          f"{got['photo files']} photo files and as many rows, integrity {got['integrity']}")
    for f in failures:
        print(f"FAIL: {f}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
