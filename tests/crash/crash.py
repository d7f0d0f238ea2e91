#!/usr/bin/env python3
"""Pulled power, over and over: the crash harness.

Runs the real booth headless under a scripted load of check-ins, walk-ins, undos and strip
sessions, and kills it with SIGKILL inside its risky windows: a photo's write, fsync or rename, or
a database commit. Each kill point is chosen from a seeded generator and printed, so any failure
replays with the same seed. Two kinds of kill point:

  op      the booth kills itself at the K-th call of one risky operation (GATHERBOOTH_FAULTS=
          OP=kill@K, the same seam the fault tests use): exactly inside the window.
  timed   the harness sends SIGKILL a random 0 to 3 ms after the booth's trace says the J-th risky
          operation is starting (GATHERBOOTH_TRACE=1): inside or just past it, wherever the
          kernel happens to be, including SQLite's own writes.

After each kill the booth is started again, must reach the attract screen, and then the facts
are checked, not only that the start-up repair left a tidy folder:
  - every check-in the booth acknowledged (welcomed on screen) is in the database, and not
    undone unless an undo of it was started; every acknowledged undo is recorded;
  - every acknowledged check-in not undone has its badge, a file in place with its row;
  - every acknowledged session has all its files (shots and strip), in one session, and none
    of them was adopted at start (a file whose row was lost and put back by the repair);
  - PRAGMA integrity_check is ok;
  - every photo file has its row and every row its file, and every PNG decodes in full;
  - no .tmp file is left, and no photo was found damaged (half-written) and set aside.

Usage: crash.py --gatherbooth BIN --pngtool BIN [--points N] [--seed S]
The short form (200 points) runs in scripts/test; run 2000 or more by hand.
"""
import argparse
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

PIN = "1234"
RISKY = ("write", "fsync", "rename", "commit")


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gatherbooth", required=True)
    ap.add_argument("--pngtool", required=True)
    ap.add_argument("--points", type=int, default=int(os.environ.get("CRASH_POINTS", "200")),
                    help="kill points to reach (default 200, or CRASH_POINTS)")
    ap.add_argument("--seed", type=int, default=20261129)
    ap.add_argument("--per-dir", type=int, default=25,
                    help="kill points on one data folder before starting a fresh one")
    ap.add_argument("--wrap", default=os.environ.get("GATHERBOOTH_WRAP", ""),
                    help="command to run the programs through (qemu)")
    ap.add_argument("--verbose", action="store_true")
    return ap.parse_args()


class Failure(Exception):
    pass


class Harness:
    def __init__(self, args, tmp):
        self.args = args
        self.tmp = tmp
        self.rnd = random.Random(args.seed)
        # a wrapper's own `timeout` would outlive the SIGKILL sent to it: kill qemu itself
        wrap = args.wrap.split()
        qemu = [i for i, w in enumerate(wrap) if "qemu" in w]
        self.wrap = wrap[qemu[0]:] if qemu else wrap
        self.env = dict(os.environ, GATHERBOOTH_TRACE="1", SDL_VIDEODRIVER="dummy")
        self.env.pop("GATHERBOOTH_FAULTS", None)
        self.env.pop("GATHERBOOTH_DEBUG", None)
        self.conf = os.path.join(tmp, "crash.conf")
        self.roster = os.path.join(tmp, "roster.csv")
        # risky operations seen per run, learnt as the runs go (a first guess to start)
        self.seen = {op: [12] for op in RISKY}
        self.points = self.missed = 0
        self.kinds = {}
        self.acked_checkins = self.acked_undos = self.acked_strips = 0
        self.verified = {}
        self.dir_number = 0

    # --- setting up ----------------------------------------------------------------------

    def run(self, *argv, check=True, **kw):
        p = subprocess.run(self.wrap + [self.args.gatherbooth, *argv], env=self.env,
                           capture_output=True, text=True, **kw)
        if check and p.returncode != 0:
            raise Failure(f"gatherbooth {' '.join(argv)}: exit {p.returncode}\n{p.stderr}")
        return p

    def setup(self):
        h = subprocess.run(self.wrap + [self.args.gatherbooth, "hash-pin"], input=PIN + "\n",
                           capture_output=True, text=True, env=self.env, check=True)
        pin_hash = [l.split("=", 1)[1].strip() for l in h.stdout.splitlines()
                    if l.startswith("pin_hash")][0]
        with open(self.conf, "w") as f:
            f.write("[booth]\nlayout = grid2x2\n[camera]\nbackend = synthetic\n"
                    "preview = 640x360\nstill = 960x540\n[button]\nbackend = none\n"
                    f"[staff]\npin_hash = {pin_hash}\n")
        with open(self.roster, "w") as f:
            f.write("First Name,Last Name,Email,Barcode #\n")
            for i in range(1, 3001):
                f.write(f"Guest{i},Crash,g{i}@example.org,CR-{i:04d}\n")
        self.env["GATHERBOOTH_CONFIG"] = self.conf

    def fresh_dir(self):
        self.dir_number += 1
        self.data = os.path.join(self.tmp, f"data{self.dir_number}")
        shutil.rmtree(os.path.join(self.tmp, f"data{self.dir_number - 1}"), ignore_errors=True)
        self.run("import", self.roster, "--data", self.data)
        self.next_code = 1
        self.checkins = set()  # acknowledged, by id
        self.undone = set()
        self.tried_undos = set()  # an undo was started: committed or not
        self.strips = {}  # acknowledged sessions: a file's path -> the session's file count
        self.verified = {}

    # --- the load ------------------------------------------------------------------------

    def code(self):
        c = f"CR-{self.next_code:04d}"
        self.next_code += 1
        return c

    def segment(self):
        """A few minutes of a busy door, as a script."""
        lines = ["wait 300"]
        undoable = 0  # check-ins earlier in this run: there is one to undo
        for _ in range(self.rnd.randint(3, 6)):
            r = self.rnd.random()
            if r >= 0.85 and not undoable:
                r = self.rnd.random() * 0.85
            undoable += r < 0.60
            if r < 0.30:
                lines += [f"scan {self.code()}", "wait 200", "tap Check in", "wait 200",
                          "tap Take photo", "wait 3500", "tap Keep", "tap Done"]
            elif r < 0.50:
                lines += [f"scan {self.code()}", "wait 200", "tap Check in", "wait 200",
                          "tap Skip photo", "tap Done"]
            elif r < 0.60:
                lines += ["tap Check in", "wait 200", f"type Walk{self.next_code}",
                          "tap Not on the list?", "wait 200", "tap Space", "type In",
                          "tap Add and check in", "wait 200", "tap Skip photo", "tap Done"]
                self.next_code += 1
            elif r < 0.85:
                lines += ["press", "wait 14000", "tap Keep", "tap Done"]
            else:
                undoable -= 1
                lines += ["hold 3000", "wait 200"] + [f"tap {d}" for d in PIN] + [
                    "tap OK", "wait 200", "tap Recent check-ins", "wait 200", "tap Undo",
                    "wait 200", "tap Back", "tap Exit staff", "wait 500"]
        lines += ["wait 6000", "quit"]
        return "\n".join(lines) + "\n"

    # --- one kill point --------------------------------------------------------------------

    def estimate(self, op):
        seen = self.seen[op][-20:]
        return max(1, sum(seen) // len(seen))

    def kill_point(self, n):
        script = os.path.join(self.tmp, "load.script")
        with open(script, "w") as f:
            f.write(self.segment())
        env = dict(self.env)
        if self.rnd.random() < 0.6:
            op = self.rnd.choice(RISKY)
            k = self.rnd.randrange(self.estimate(op))
            kind, what = "op", f"{op}=kill@{k}"
            env["GATHERBOOTH_FAULTS"] = what
            target = None
        else:
            j = self.rnd.randrange(sum(self.estimate(op) for op in RISKY))
            delay = self.rnd.uniform(0, 0.003)
            kind, what = "timed", f"{delay * 1000:.2f} ms after risky step {j}"
            target = j
        p = subprocess.Popen(self.wrap + [self.args.gatherbooth, "run", "--headless", "--data",
                                          self.data, "--script", script],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True)
        counts = {op: 0 for op in RISKY}
        risky = 0
        last = "start"
        tail = []
        acks = []
        for line in p.stderr:
            tail = (tail + [line])[-30:]
            if not line.startswith("trace: "):
                continue
            t = line[7:].split()
            if t[0] == "op":
                counts[t[1]] += 1
                last = f"{t[1]} #{counts[t[1]] - 1}"
                if target is not None and risky == target:
                    time.sleep(delay)
                    p.kill()
                risky += 1
            elif t[0] == "ack":
                acks.append(t[1:])
            elif t[0] == "try" and t[1] == "undo":
                self.tried_undos.add(int(t[2]))
        rc = p.wait()
        for op in RISKY:
            if rc == 0:
                self.seen[op].append(counts[op])
        for a in acks:
            self.acknowledge(a)
        if rc == 0:
            self.missed += 1  # the load ended before the kill point came
            return
        if rc != -9:
            raise Failure(f"point {n}: the booth exited {rc} by itself under {what}:\n" +
                          "".join(tail))
        self.points += 1
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        if self.args.verbose:
            print(f"point {n}: {kind} {what}: killed after {last}; "
                  f"{len(acks)} acknowledgement(s)", flush=True)
        self.restart_and_verify(f"point {n} ({kind} {what}, killed after {last})")

    def acknowledge(self, a):
        if a[0] == "checkin":
            self.checkins.add(int(a[1]))
            self.acked_checkins += 1
        elif a[0] == "undo":
            self.undone.add(int(a[1]))
            self.acked_undos += 1
        elif a[0] == "saved":
            self.strips[a[2]] = int(a[3])
            self.acked_strips += 1

    # --- after the kill ----------------------------------------------------------------------

    def restart_and_verify(self, where):
        script = os.path.join(self.tmp, "restart.script")
        with open(script, "w") as f:
            f.write("wait 200\nexpect-screen attract\nquit\n")
        p = self.run("run", "--headless", "--data", self.data, "--script", script, check=False,
                     timeout=120)
        if p.returncode != 0:
            raise Failure(f"{where}: after the restart the booth did not reach attract "
                          f"(exit {p.returncode}):\n{p.stderr}")
        db = sqlite3.connect(os.path.join(self.data, "gatherbooth.db"))
        try:
            self.verify(db, where)
        finally:
            db.close()

    def verify(self, db, where):
        def one(sql, *params):
            return db.execute(sql, params).fetchone()[0]

        integrity = one("PRAGMA integrity_check")
        if integrity != "ok":
            raise Failure(f"{where}: integrity_check says {integrity}")
        for cid in sorted(self.checkins):
            if one("SELECT count(*) FROM checkins WHERE id = ?", cid) != 1:
                raise Failure(f"{where}: acknowledged check-in {cid} is lost")
        for cid in sorted(self.undone):
            if one("SELECT undone_at IS NOT NULL FROM checkins WHERE id = ?", cid) != 1:
                raise Failure(f"{where}: acknowledged undo of check-in {cid} is lost")
        rows = {r[0] for r in db.execute("SELECT path FROM photos")}
        if one("SELECT count(*) FROM photos") != len(rows):
            raise Failure(f"{where}: two photo rows share a file")
        files = set()
        for top, dirs, names in os.walk(self.data):
            for name in names:
                rel = os.path.relpath(os.path.join(top, name), self.data)
                if name.endswith(".tmp"):
                    raise Failure(f"{where}: {rel} is left after the restart")
                if rel.startswith("damaged/"):
                    # reconciliation moves an undecodable photo there; with atomic writes a
                    # kill never leaves one
                    raise Failure(f"{where}: a photo was damaged: {rel}")
                if name.endswith((".png", ".jpg")):
                    files.add(rel)
        if files - rows:
            raise Failure(f"{where}: photo file(s) without a row: {sorted(files - rows)[:5]}")
        if rows - files:
            raise Failure(f"{where}: row(s) without their file: {sorted(rows - files)[:5]}")
        for path, count in sorted(self.strips.items()):
            if path not in rows:
                raise Failure(f"{where}: acknowledged session file {path} is lost")
            session = one("SELECT session FROM photos WHERE path = ?", path)
            n = one("SELECT count(*) FROM photos WHERE session = ?", session)
            if n != count:
                raise Failure(f"{where}: acknowledged session {session} has {n} of its "
                              f"{count} files")
            adopted = one("SELECT count(*) FROM events WHERE kind = 'photo_adopted' AND subject"
                          " IN (SELECT path FROM photos WHERE session = ?)", session)
            if adopted:
                raise Failure(f"{where}: acknowledged session {session}: {adopted} file(s) "
                              "had lost their rows and were adopted at start")
        for cid in sorted(self.checkins - self.tried_undos):
            if one("SELECT undone_at IS NULL FROM checkins WHERE id = ?", cid) != 1:
                raise Failure(f"{where}: acknowledged check-in {cid} is undone, and nobody "
                              "undid it")
        for cid in sorted(self.checkins - self.undone):
            if one("SELECT undone_at IS NULL FROM checkins WHERE id = ?", cid) != 1:
                continue  # an undo started and was committed, not acknowledged
            badge = db.execute("SELECT p.path FROM photos p JOIN checkins c ON"
                               " p.attendee = c.attendee WHERE c.id = ? AND p.kind = 'badge'",
                               (cid,)).fetchone()
            if not badge or not os.path.exists(os.path.join(self.data, badge[0])):
                raise Failure(f"{where}: acknowledged check-in {cid} has no badge")
        for rel in sorted(files):
            st = os.stat(os.path.join(self.data, rel))
            key = (st.st_ino, st.st_size, st.st_mtime_ns)
            if self.verified.get(rel) == key:
                continue
            p = subprocess.run(self.wrap + [self.args.pngtool, "info",
                                            os.path.join(self.data, rel)],
                               capture_output=True, text=True)
            if p.returncode != 0:
                raise Failure(f"{where}: {rel} does not decode: {p.stderr.strip()}")
            self.verified[rel] = key


def main():
    args = parse_args()
    tmp = tempfile.mkdtemp(prefix="gatherbooth-crash-")
    h = Harness(args, tmp)
    start = time.monotonic()
    status = 0
    try:
        h.setup()
        n, folder = 0, -1
        while h.points < args.points:
            if h.points // args.per_dir != folder:
                folder = h.points // args.per_dir
                h.fresh_dir()
            n += 1
            h.kill_point(n)
    except Failure as e:
        print(f"FAIL (seed {args.seed}): {e}", file=sys.stderr)
        status = 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    took = time.monotonic() - start
    kinds = ", ".join(f"{v} {k}" for k, v in sorted(h.kinds.items()))
    print(f"{'ok' if status == 0 else 'failed'}: seed {args.seed}: {h.points} kill points "
          f"({kinds}; {h.missed} run(s) ended before their point) in {took:.0f} s")
    print(f"0 lost of {h.acked_checkins} acknowledged check-ins, {h.acked_undos} undos and "
          f"{h.acked_strips} saved sessions, over {h.points} kill points"
          if status == 0 else "a loss or damage was found: see above")
    return status


if __name__ == "__main__":
    sys.exit(main())
