#!/usr/bin/env python3
"""Pulled power while another kiosk's changesets come in.

Kiosk A checks guests in, takes photos and writes its changesets; kiosk B applies them with
`gatherbooth sync` and is killed (SIGKILL) inside the apply, over and over:

  op      at the K-th write, fsync, rename or commit, through the fault seam
          (GATHERBOOTH_FAULTS=OP=kill@K), for every K until a round runs to its end;
  timed   a random 0 to 40 ms after the round starts, wherever it is, SQLite's own writes
          included.

After each kill B runs a clean round and must then hold exactly A's facts: nothing applied twice
or skipped (the applied sequence equals A's last changeset, each fact once, with every column
as A wrote it), every photo of A's in place with its checksum, the same guests checked in, no
temporary file left, and PRAGMA integrity_check ok.

Usage: peers-crash.py --gatherbooth BIN [--timed N] [--seed S]
"""
import argparse
import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

FACTS = ("f_kiosks", "f_rosters", "f_people", "f_sessions", "f_checkins", "f_undos",
         "f_withdrawals", "f_photos", "f_prints")


def conf(t, k):
    path = f"{t}/{k}.conf"
    with open(path, "w") as f:
        f.write(f"[booth]\ndata = {t}/data-{k}\n[peers]\nfolder = {t}/sync-{k}\nname = {k}\n")
    os.makedirs(f"{t}/sync-{k}", exist_ok=True)
    return path


def run(args, env=None, check=True):
    p = subprocess.run(args, capture_output=True, text=True, env=env)
    if check and p.returncode != 0:
        raise SystemExit(f"{' '.join(args)}: exit {p.returncode}\n{p.stderr}")
    return p


def facts(db, device):
    out = {}
    con = sqlite3.connect(db)
    for t in FACTS:
        out[t] = sorted(con.execute(f"SELECT * FROM {t} WHERE device = ?", (device,)))
    con.close()
    return out


def standing(db):
    con = sqlite3.connect(db)
    rows = sorted(con.execute(
        "SELECT a.uuid, (SELECT c.uuid FROM checkins c WHERE c.attendee = a.id"
        " AND c.undone_at IS NULL ORDER BY c.at_wall, c.uuid LIMIT 1) FROM attendees a"))
    con.close()
    return rows


def make_a(gb, t):
    """Kiosk A: guests checked in with photos at the booth, more from a shell, an undo."""
    a = conf(t, "A")
    script = f"{t}/a.script"
    steps = ["wait 300"]
    for code in ("GB-1004", "GB-1002"):
        steps += [f"scan {code}", "tap Check in", "tap Take photo", "wait 3500", "tap Keep",
                  "tap Done"]
    steps += ["press", "wait 20000", "tap Keep", "wait 4500", "quit"]
    open(script, "w").write("\n".join(steps) + "\n")
    run([gb, "run", "--headless", "--demo", "--config", a, "--script", script])
    for code in ("GB-1001", "GB-1003", "GB-1005", "GB-1006", "GB-1007"):
        run([gb, "checkin", "--config", a, "--code", code])
        run([gb, "sync", "--config", a])
    con = sqlite3.connect(f"{t}/data-A/gatherbooth.db")
    device = con.execute("SELECT value FROM meta WHERE key = 'kiosk_id'").fetchone()[0]
    photos = con.execute("SELECT count(*) FROM photos WHERE kind <> 'badge'").fetchone()[0]
    con.close()
    files = sorted(f for f in os.listdir(f"{t}/sync-A") if f.endswith(".changeset"))
    return device, files, photos


def check_b(t, device, want, want_standing, photos_a, last):
    db = f"{t}/data-B/gatherbooth.db"
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity"
    applied = con.execute("SELECT applied FROM sync_peers WHERE device = ?",
                          (device,)).fetchone()
    assert applied and applied[0] == last, f"applied {applied}, A wrote {last}"
    assert con.execute("SELECT count(*) FROM sync_damage").fetchone()[0] == 0, "refused"
    rows = con.execute("SELECT path, sha256 FROM photos WHERE device = ?",
                       (device,)).fetchall()
    con.close()
    got = facts(db, device)
    for table in FACTS:
        assert got[table] == want[table], f"{table}: {len(got[table])} facts, A has {len(want[table])}"
    assert standing(db) == want_standing, "the guests checked in differ"
    assert len(rows) == photos_a, f"{len(rows)} of A's photos at B, A has {photos_a}"
    for path, sha in rows:
        data = open(f"{t}/data-B/{path}", "rb").read()
        assert hashlib.sha256(data).hexdigest() == sha, f"{path} damaged"
    for root in (f"{t}/data-B", f"{t}/sync-B"):
        for d, _, names in os.walk(root):
            left = [n for n in names if n.endswith(".tmp")]
            assert not left, f"left in {d}: {left}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gatherbooth", required=True)
    ap.add_argument("--timed", type=int, default=40)
    ap.add_argument("--seed", type=int, default=20261130)
    args = ap.parse_args()
    gb = args.gatherbooth
    rnd = random.Random(args.seed)
    t = tempfile.mkdtemp(prefix="gatherbooth-peers-crash-")
    try:
        device, files, photos_a = make_a(gb, t)
        last = int(files[-1].rsplit("-", 1)[1].split(".")[0])
        want = facts(f"{t}/data-A/gatherbooth.db", device)
        b = conf(t, "B")
        # B: the same roster, imported on its own, and nothing yet from A
        run([gb, "import", "--config", b, f"{os.environ['SRCDIR']}/assets/sample-roster.csv"])
        shutil.copytree(f"{t}/data-B", f"{t}/pristine-B")
        # what B holds after a round that nobody interrupts
        for f in os.listdir(f"{t}/sync-A"):
            src = f"{t}/sync-A/{f}"
            (shutil.copytree if os.path.isdir(src) else shutil.copy2)(src, f"{t}/sync-B/{f}")
        run([gb, "sync", "--config", b])
        want_standing = standing(f"{t}/data-B/gatherbooth.db")
        assert want_standing == standing(f"{t}/data-A/gatherbooth.db"), "A and B differ"
        check_b(t, device, want, want_standing, photos_a, last)

        def fresh_b():
            shutil.rmtree(f"{t}/data-B")
            shutil.copytree(f"{t}/pristine-B", f"{t}/data-B")
            for f in os.listdir(f"{t}/sync-B"):
                if f.startswith(device):
                    continue
                p = f"{t}/sync-B/{f}"
                shutil.rmtree(p) if os.path.isdir(p) else os.unlink(p)

        points = 0
        for op in ("commit", "write", "fsync", "rename"):
            k = 0
            while True:
                fresh_b()
                env = dict(os.environ, GATHERBOOTH_FAULTS=f"{op}=kill@{k}")
                p = run([gb, "sync", "--config", b], env=env, check=False)
                killed = p.returncode == -9
                run([gb, "sync", "--config", b])
                try:
                    check_b(t, device, want, want_standing, photos_a, last)
                except AssertionError as e:
                    raise SystemExit(f"FAIL: killed at {op}={k}: {e}")
                points += 1
                if not killed:
                    break
                k += 1
        for i in range(args.timed):
            fresh_b()
            delay = rnd.uniform(0, 0.040)
            p = subprocess.Popen([gb, "sync", "--config", b], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            time.sleep(delay)
            p.kill()
            p.wait()
            run([gb, "sync", "--config", b])
            try:
                check_b(t, device, want, want_standing, photos_a, last)
            except AssertionError as e:
                raise SystemExit(f"FAIL: killed {delay * 1000:.1f} ms in: {e}")
            points += 1
        print(f"{points} kill points while applying {len(files)} changesets of A "
              f"({photos_a} photos): nothing applied twice or skipped")
    finally:
        shutil.rmtree(t, ignore_errors=True)


if __name__ == "__main__":
    main()
