#!/usr/bin/env python3
"""Pulled power, for real: every write that reached the card, replayed up to each flush.

Runs inside the test VM (tests/hw/powercut.sh). The booth's data folder sits on ext4 over a
device-mapper log-writes target, which records every write and flush that reaches the device
in the order the device saw them. A seeded load of check-ins, walk-ins, undos and strip
sessions runs on it; each acknowledgement the booth traces (a check-in welcomed, an undo
done, a session saved) puts a mark in the log the moment it is read. Then the log is replayed
onto a copy of the starting image, up to each flush and to points between flushes: the card
as a power cut at that instant leaves it. Each replay is mounted, the booth started on it
(it must reach the attract screen), and everything acknowledged before that point must be
there whole, as tests/crash/crash.py checks it: check-ins, undos, every file of each session
and each check-in's badge, with nothing adopted, damaged or left half-written.

A fact is due at a replay point when its mark lies before it: the mark was written after the
booth said so, so a write the booth waited for lies before the mark.

Usage: powercut.py --gatherbooth BIN --pngtool BIN --write-log BIN [--seed S] [--points N]
POWERCUT_FAULTS=F runs the load under GATHERBOOTH_FAULTS=F: with fsync=skip (no file is
synced) the test must fail.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crash"))
from crash import Failure, Harness  # noqa: E402

DEV = "gatherbooth-powercut"


def sh(*argv, **kw):
    return subprocess.run(argv, check=True, capture_output=True, text=True, **kw).stdout


class PowerCut:
    def __init__(self, args, tmp):
        self.args = args
        self.tmp = tmp
        self.rnd = random.Random(args.seed)
        self.h = Harness(argparse.Namespace(gatherbooth=args.gatherbooth,
                                            pngtool=args.pngtool, seed=args.seed, wrap="",
                                            verbose=False), tmp)
        self.mnt = os.path.join(tmp, "card")
        self.image = os.path.join(tmp, "card.img")
        self.start = os.path.join(tmp, "start.img")
        self.log = os.path.join(tmp, "log.img")
        self.loops = []
        self.acks = []  # (mark name, fields), in the order the booth said them
        self.tried_undos = set()

    # --- the card, logged -------------------------------------------------------------------

    def prepare(self):
        self.h.setup()
        # smaller stills than the crash harness: the images live in the VM's memory
        with open(self.h.conf) as f:
            conf = f.read().replace("still = 960x540", "still = 640x360")
        with open(self.h.conf, "w") as f:
            f.write(conf)
        os.makedirs(self.mnt)
        sh("modprobe", "-a", "loop", "ext4", "dm-log-writes")
        with open(self.image, "wb") as f:
            f.truncate(160 << 20)
        sh("mkfs.ext4", "-q", "-F", self.image)
        # the guest list goes in before logging starts: the start image holds it
        sh("mount", "-o", "loop", self.image, self.mnt)
        self.h.data = os.path.join(self.mnt, "data")
        self.h.run("import", self.h.roster, "--data", self.h.data)
        self.h.next_code = 1
        sh("umount", self.mnt)
        shutil.copyfile(self.image, self.start)
        with open(self.log, "wb") as f:
            f.truncate(1 << 30)
        card = sh("losetup", "-f", "--show", self.image).strip()
        self.loops.append(card)
        logdev = sh("losetup", "-f", "--show", self.log).strip()
        self.loops.append(logdev)
        sectors = int(sh("blockdev", "--getsz", card))
        sh("dmsetup", "create", "--noudevsync", DEV, "--table",
           f"0 {sectors} log-writes {card} {logdev}")
        sh("dmsetup", "mknodes", DEV)
        sh("mount", f"/dev/mapper/{DEV}", self.mnt)

    def teardown(self):
        subprocess.run(["umount", self.mnt], capture_output=True)
        subprocess.run(["dmsetup", "remove", "--noudevsync", DEV], capture_output=True)
        for loop in self.loops:
            subprocess.run(["losetup", "-d", loop], capture_output=True)
        self.loops = []

    # --- the load -----------------------------------------------------------------------------

    def script(self):
        """Seeded segments of a busy door, until they hold a photo check-in, a strip session
        and an undo."""
        lines = []
        text = ""
        while not all(w in text for w in ("tap Take photo", "press", "tap Undo")) or \
                len(lines) < 2:
            seg = self.h.segment().splitlines()
            lines += seg[:-2]  # not its final wait and quit
            text = "\n".join(lines)
        return text + "\nwait 6000\nquit\n"

    def load(self):
        path = os.path.join(self.tmp, "load.script")
        with open(path, "w") as f:
            f.write(self.script())
        env = dict(self.h.env)
        if os.environ.get("POWERCUT_FAULTS"):
            env["GATHERBOOTH_FAULTS"] = os.environ["POWERCUT_FAULTS"]
            print(f"load under GATHERBOOTH_FAULTS={env['GATHERBOOTH_FAULTS']}", flush=True)
        p = subprocess.Popen([self.args.gatherbooth, "run", "--headless", "--data",
                              self.h.data, "--script", path], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        tail = []
        for line in p.stderr:
            tail = (tail + [line])[-30:]
            if not line.startswith("trace: "):
                continue
            t = line[7:].split()
            if t[0] == "ack":
                name = f"ack{len(self.acks)}"
                sh("dmsetup", "message", DEV, "0", "mark", name)
                self.acks.append((name, t[1:]))
            elif t[0] == "try" and t[1] == "undo":
                self.tried_undos.add(int(t[2]))
        if p.wait() != 0:
            raise Failure(f"the load ended with exit {p.returncode}:\n" + "".join(tail))
        kinds = [a[1][0] for a in self.acks]
        print(f"load: {kinds.count('checkin')} check-ins, {kinds.count('undo')} undos and "
              f"{kinds.count('saved')} sessions acknowledged", flush=True)
        self.teardown()

    # --- the replays --------------------------------------------------------------------------

    def replay(self):
        flushes, marks, entries = [], {}, 0
        for line in sh(self.args.write_log, "list", self.log).splitlines():
            w = line.split()
            if w[0] == "flush":
                flushes.append(int(w[1]))
            elif w[0] == "mark":
                marks[w[2]] = int(w[1])
            elif w[0] == "entries":
                entries = int(w[1])
        missing = [name for name, _ in self.acks if name not in marks]
        if missing:
            raise Failure(f"marks missing from the log: {missing[:5]}")
        # a cut just after a flush (entries up to and with it on the card), and cuts between
        # flushes, where some writes after the last flush made it and others did not
        at_flush = [i + 1 for i in flushes]
        if len(at_flush) > self.args.points:
            keep = self.rnd.sample(at_flush[:-1], self.args.points - 1)
            at_flush = sorted(keep) + [at_flush[-1]]
        between = sorted({self.rnd.randrange(1, entries) for _ in range(self.args.between)}
                         - set(at_flush))
        points = sorted(set(at_flush) | set(between) | {entries})
        print(f"log: {entries} entries, {len(flushes)} flushes, {len(marks)} marks; "
              f"replaying to {len(points)} points ({len(between)} between flushes)",
              flush=True)
        replayed = os.path.join(self.tmp, "replay.img")
        shutil.copyfile(self.start, replayed)
        check = os.path.join(self.tmp, "check.img")
        done = 0
        for n, point in enumerate(points, 1):
            sh(self.args.write_log, "apply", self.log, replayed, str(done), str(point))
            done = point
            shutil.copyfile(replayed, check)
            due = [fields for name, fields in self.acks if marks[name] < point]
            self.verify(check, point, due, f"cut {n} of {len(points)}, after entry {point}"
                        f" of {entries} ({len(due)} acknowledgements due)")
        return len(points), len(between)

    def verify(self, check, point, due, where):
        h = self.h
        h.checkins, h.undone, h.strips = set(), set(), {}
        h.tried_undos = self.tried_undos
        for fields in due:
            h.acknowledge(fields)
        sh("mount", "-o", "loop", check, self.mnt)
        try:
            h.data = os.path.join(self.mnt, "data")
            h.restart_and_verify(where)
        finally:
            sh("umount", self.mnt)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gatherbooth", required=True)
    ap.add_argument("--pngtool", required=True)
    ap.add_argument("--write-log", required=True)
    ap.add_argument("--seed", type=int, default=20261129)
    ap.add_argument("--points", type=int, default=int(os.environ.get("POWERCUT_POINTS") or "20"),
                    help="cuts at flushes to replay (default 20, or POWERCUT_POINTS)")
    ap.add_argument("--between", type=int, default=6, help="cuts between flushes")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="gatherbooth-powercut-")
    pc = PowerCut(args, tmp)
    start = time.monotonic()
    status = 0
    try:
        pc.prepare()
        pc.load()
        cuts, between = pc.replay()
        print(f"ok: seed {args.seed}: nothing acknowledged was lost at any of {cuts} power "
              f"cuts ({between} between flushes), {len(pc.acks)} acknowledgements, in "
              f"{time.monotonic() - start:.0f} s")
    except (Failure, subprocess.CalledProcessError) as e:
        detail = e.stderr if isinstance(e, subprocess.CalledProcessError) else ""
        print(f"FAIL (seed {args.seed}): {e} {detail or ''}".rstrip(), file=sys.stderr)
        kernel = subprocess.run(["dmesg"], capture_output=True, text=True).stdout
        print("the kernel's last words:\n" + "\n".join(kernel.splitlines()[-8:]),
              file=sys.stderr)
        status = 1
    finally:
        pc.teardown()
        shutil.rmtree(tmp, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
