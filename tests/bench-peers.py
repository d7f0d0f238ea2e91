#!/usr/bin/env python3
"""Six kiosks at one door, through real Syncthing on loopback.

Each kiosk has the same 2,000-person roster; 1,000 check-ins are made over the six in bursts.
A kiosk's check-in is committed with `gatherbooth checkin`, then that kiosk runs a round at
once (as the kiosk's worker does when woken); every kiosk also runs a round every second (as
its worker polls). For each check-in: the time from its commit until it is in every other
kiosk's database, p50 and p99, next to the anchor: Syncthing alone carrying a small file from
one folder to all the others. Then the cost of a day's changesets: all of them applied on a
fresh seventh kiosk, in CPU time and bytes written, next to the anchor of inserting the same
rows with plain SQL.
"""
import csv
import os
import random
import resource
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time

GB = os.environ["GATHERBOOTH"]
SRC = os.environ["SRCDIR"]
HELPER = f"{SRC}/systemd/gatherbooth-peers-helper"
KIOSKS, PEOPLE, CHECKINS, BURST = 6, 2000, 1000, 50


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


def run(*args, check=True):
    p = subprocess.run([GB, *args], capture_output=True, text=True)
    if check and p.returncode != 0:
        sys.exit(f"{' '.join(args)}: {p.returncode}: {p.stderr}")
    return p


class Kiosk:
    def __init__(self, t, i, port):
        self.name, self.t, self.port = f"K{i}", t, port
        self.data, self.sync, self.state = f"{t}/data-{i}", f"{t}/sync-{i}", f"{t}/state-{i}"
        self.home, self.sock = f"{t}/st-{i}", f"{t}/st-{i}.sock"
        self.conf = f"{t}/{i}.conf"
        os.makedirs(self.sync)
        with open(self.conf, "w") as f:
            f.write(f"[booth]\ndata = {self.data}\n[peers]\nfolder = {self.sync}\n"
                    f"name = {self.name}\nsyncthing = {self.state}\n")
        self.lock = threading.Lock()
        self.proc = None

    def env(self):
        return dict(os.environ, GB_SYNCTHING_SOCKET=self.sock, GB_SYNCTHING_HOME=self.home,
                    GB_PEERS_FOLDER=self.sync, GB_PEERS_STATE=self.state,
                    GB_LISTEN=f"tcp://127.0.0.1:{self.port}", GB_LOCAL_DISCOVERY="false")

    def start_syncthing(self):
        subprocess.run(["syncthing", "generate", f"--home={self.home}", "--no-default-folder",
                        "--skip-port-probing"], capture_output=True, check=True)
        self.proc = subprocess.Popen(
            ["syncthing", "serve", f"--home={self.home}", "--no-browser", "--no-restart",
             "--no-upgrade", f"--gui-address=unix://{self.sock}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=dict(os.environ, STNODEFAULTFOLDER="1", STNOUPGRADE="1"))
        subprocess.run([HELPER, "setup"], env=self.env(), capture_output=True, check=True)

    def round(self):
        with self.lock:
            run("sync", "--config", self.conf, check=False)

    def seen(self):
        con = sqlite3.connect(f"file:{self.data}/gatherbooth.db?mode=ro", uri=True)
        con.execute("PRAGMA busy_timeout = 5000")
        rows = [r[0] for r in con.execute("SELECT uuid FROM f_checkins")]
        con.close()
        return rows


def free_ports(n):
    ss = [socket.socket() for _ in range(n)]
    for s in ss:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in ss]
    for s in ss:
        s.close()
    return ports


def main():
    rnd = random.Random(20261130)
    t = tempfile.mkdtemp(prefix="gatherbooth-bench-peers-")
    kiosks = []
    try:
        roster = f"{t}/roster.csv"
        with open(roster, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["First Name", "Last Name", "Email", "Company", "Barcode #"])
            for i in range(PEOPLE):
                w.writerow([f"Guest{i}", f"Family{i % 97}", f"guest{i}@example.org",
                            f"Library {i % 40}", f"BP-{i:05d}"])
        kiosks = [Kiosk(t, i, p) for i, p in enumerate(free_ports(KIOSKS))]
        for k in kiosks:
            run("import", "--config", k.conf, roster)
            k.start_syncthing()
        ids = {k.name: open(f"{k.state}/syncthing-id").read().strip() for k in kiosks}
        for k in kiosks:
            for o in kiosks:
                if o is not k:
                    run("pair", "--config", k.conf, "--address",
                        f"tcp://127.0.0.1:{o.port}", ids[o.name], o.name)
            subprocess.run([HELPER, "apply"], env=k.env(), capture_output=True, check=True)

        # the anchor: Syncthing alone, a small file from one folder to all the others
        anchor = []
        for n in range(12):
            src = kiosks[n % KIOSKS]
            name = f"anchor-{n}.txt"
            t0 = time.monotonic()
            with open(f"{src.sync}/{name}", "w") as f:
                f.write("x" * 200)
            while not all(os.path.exists(f"{k.sync}/{name}") for k in kiosks):
                if time.monotonic() - t0 > 120:
                    sys.exit("Syncthing never carried a file to every kiosk")
                time.sleep(0.01)
            anchor.append(time.monotonic() - t0)

        # every kiosk's worker: a round a second, noting when each check-in is first seen
        first_seen = {}
        stop = threading.Event()

        def worker(k):
            while not stop.is_set():
                started = time.monotonic()
                k.round()
                now = time.monotonic()
                for uuid in k.seen():
                    first_seen.setdefault((uuid, k.name), now)
                stop.wait(max(0.0, 1.0 - (time.monotonic() - started)))

        threads = [threading.Thread(target=worker, args=(k,)) for k in kiosks]
        for th in threads:
            th.start()
        # the roster facts reach everyone before the door opens
        time.sleep(3)

        codes = [f"BP-{i:05d}" for i in range(PEOPLE)]
        rnd.shuffle(codes)
        made = {}  # check-in uuid -> (kiosk, commit time)

        def checkin(k, code):
            with k.lock:
                run("checkin", "--config", k.conf, "--code", code)
                t0 = time.monotonic()
                con = sqlite3.connect(f"file:{k.data}/gatherbooth.db?mode=ro", uri=True)
                uuid = con.execute("SELECT uuid FROM checkins ORDER BY id DESC LIMIT 1"
                                   ).fetchone()[0]
                con.close()
                made[uuid] = (k.name, t0)
                run("sync", "--config", k.conf, check=False)  # the worker, woken

        for b in range(CHECKINS // BURST):
            burst = codes[b * BURST:(b + 1) * BURST]
            per = [threading.Thread(target=lambda k=k, mine=burst[i::KIOSKS]: [
                checkin(k, c) for c in mine]) for i, k in enumerate(kiosks)]
            for th in per:
                th.start()
            for th in per:
                th.join()
            time.sleep(rnd.uniform(0.2, 0.8))
        end = time.monotonic() + 180
        while time.monotonic() < end:
            if all((u, k.name) in first_seen for u in made for k in kiosks if k.name != made[u][0]):
                break
            time.sleep(0.2)
        stop.set()
        for th in threads:
            th.join()
        lat = []
        for uuid, (origin, t0) in made.items():
            times = [first_seen.get((uuid, k.name)) for k in kiosks if k.name != origin]
            if None in times:
                sys.exit(f"check-in {uuid} from {origin} never reached every kiosk")
            lat.append(max(times) - t0)
        states = {k.name: sorted(k.seen()) for k in kiosks}
        assert all(s == states["K0"] for s in states.values()), "the kiosks differ"
        print(f"peers: {KIOSKS} kiosks, {PEOPLE} attendees, {len(made)} check-ins in "
              f"{CHECKINS // BURST} bursts: from the commit to every other kiosk "
              f"p50 {statistics.median(lat):.2f} s, p99 {pct(lat, 99):.2f} s, "
              f"max {max(lat):.2f} s (Syncthing alone, a file to every other folder: "
              f"p50 {statistics.median(anchor):.2f} s, p99 {pct(anchor, 99):.2f} s; "
              f"each kiosk applies once a second)")

        # a day's changesets on a fresh kiosk
        g = Kiosk(t, 9, 0)
        run("import", "--config", g.conf, roster)
        files = 0
        size = 0
        for name in os.listdir(kiosks[0].sync):
            p = f"{kiosks[0].sync}/{name}"
            if name.endswith(".changeset"):
                shutil.copy2(p, g.sync)
                files += 1
                size += os.path.getsize(p)
        before = sum(os.path.getsize(f"{g.data}/{n}") for n in os.listdir(g.data)
                     if n.startswith("gatherbooth.db"))
        p = subprocess.Popen([GB, "sync", "--config", g.conf], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        assert status == 0, f"the fresh kiosk's round: {status}"
        after = sum(os.path.getsize(f"{g.data}/{n}") for n in os.listdir(g.data)
                    if n.startswith("gatherbooth.db"))
        con = sqlite3.connect(f"{g.data}/gatherbooth.db")
        facts = sum(con.execute(f"SELECT count(*) FROM {t_}").fetchone()[0]
                    for t_ in ("f_people", "f_checkins", "f_kiosks", "f_rosters"))
        rows = con.execute("SELECT * FROM f_checkins").fetchall()
        people = con.execute("SELECT * FROM f_people").fetchall()
        con.close()
        assert sorted(r[0] for r in rows) == states["K0"], "the fresh kiosk differs"
        # the anchor: the same rows inserted with plain SQL, no checks, one transaction
        plain = sqlite3.connect(f"{t}/plain.db", isolation_level=None)
        plain.execute("PRAGMA journal_mode=WAL")
        plain.execute("PRAGMA synchronous=FULL")
        plain.execute("CREATE TABLE c (a, b, c, d, e)")
        plain.execute("CREATE TABLE p (" + ", ".join(f"x{i}" for i in range(15)) + ")")
        r0 = resource.getrusage(resource.RUSAGE_SELF)
        plain.execute("BEGIN")
        plain.executemany("INSERT INTO c VALUES (?, ?, ?, ?, ?)", rows)
        plain.executemany("INSERT INTO p VALUES (" + ", ".join("?" * 15) + ")", people)
        plain.execute("COMMIT")
        r1 = resource.getrusage(resource.RUSAGE_SELF)
        plain.close()
        print(f"peers: a day's changesets on a fresh kiosk ({files} files, {size / 1024:.0f} KiB,"
              f" {facts} facts): CPU {ru.ru_utime + ru.ru_stime:.2f} s, written "
              f"{ru.ru_oublock * 512 / 1e6:.1f} MB, database +{(after - before) / 1e6:.1f} MB "
              f"(plain SQL inserts of the same rows: CPU "
              f"{r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime:.2f} s)")
    finally:
        for k in kiosks:
            if k.proc:
                k.proc.terminate()
        for k in kiosks:
            if k.proc:
                k.proc.wait()
        shutil.rmtree(t, ignore_errors=True)


if __name__ == "__main__":
    main()
