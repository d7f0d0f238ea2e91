#!/usr/bin/env python3
"""A guest's check-in driven through the kernel's input layer (uinput), inside the test VM.

A virtual multitouch touchscreen and a virtual keyboard are made with /dev/uinput; the booth runs
for real on KMSDRM, reads them through evdev as it would a Pi's touchscreen and a USB scanner,
and says where its controls are and which screen shows through its trace (GATHERBOOTH_TRACE=1).
The touchscreen taps Check in, types "mul" on the on-screen keyboard, picks Anna Müller, checks
her in, takes her photo and keeps it; then the keyboard types a badge code at a scanner's pace,
which must go straight to the confirm screen. Last, `gatherbooth setup` on a terminal shows its
test pattern on KMSDRM and the touchscreen taps the right-hand edge: the rotation is 90.

touch.py GATHERBOOTH DATA_DIR CONFIG
"""
import fcntl
import os
import pty
import select
import queue
import signal
import sqlite3
import struct
import subprocess
import sys
import threading
import time

EV_SYN, EV_KEY, EV_ABS = 0, 1, 3
BTN_TOUCH = 0x14A
ABS_X, ABS_Y = 0, 1
ABS_MT_SLOT, ABS_MT_POSITION_X, ABS_MT_POSITION_Y, ABS_MT_TRACKING_ID = 0x2F, 0x35, 0x36, 0x39
INPUT_PROP_DIRECT = 1
UI_SET_EVBIT, UI_SET_KEYBIT, UI_SET_ABSBIT, UI_SET_PROPBIT = 0x40045564, 0x40045565, 0x40045567, 0x4004556E
UI_ABS_SETUP, UI_DEV_SETUP, UI_DEV_CREATE, UI_DEV_DESTROY = 0x401C5504, 0x405C5503, 0x5501, 0x5502
W, H = 1024, 768
KEYS = {c: 16 + i for i, c in enumerate("qwertyuiop")}
KEYS.update({c: 30 + i for i, c in enumerate("asdfghjkl")})
KEYS.update({c: 44 + i for i, c in enumerate("zxcvbnm")})
KEYS.update({str((i + 1) % 10): 2 + i for i in range(10)})
KEYS.update({"-": 12, " ": 57, "\n": 28})
KEY_LEFTSHIFT = 42


class Device:
    def __init__(self, name, setup):
        self.fd = os.open("/dev/uinput", os.O_WRONLY | os.O_NONBLOCK)
        setup(self.fd)
        fcntl.ioctl(self.fd, UI_DEV_SETUP, struct.pack("HHHH80sI", 3, 0x1234, 0x5678, 1,
                                                       name.encode(), 0))
        fcntl.ioctl(self.fd, UI_DEV_CREATE)

    def emit(self, *events):
        t = time.time()
        for typ, code, value in events + ((EV_SYN, 0, 0),):
            os.write(self.fd, struct.pack("qqHHi", int(t), int(t % 1 * 1e6), typ, code, value))

    def close(self):
        fcntl.ioctl(self.fd, UI_DEV_DESTROY)
        os.close(self.fd)


def abs_setup(fd, code, maximum):
    fcntl.ioctl(fd, UI_SET_ABSBIT, code)
    fcntl.ioctl(fd, UI_ABS_SETUP, struct.pack("Hxxiiiiii", code, 0, 0, maximum, 0, 0, 0))


def touchscreen(fd):
    fcntl.ioctl(fd, UI_SET_EVBIT, EV_KEY)
    fcntl.ioctl(fd, UI_SET_KEYBIT, BTN_TOUCH)
    fcntl.ioctl(fd, UI_SET_EVBIT, EV_ABS)
    fcntl.ioctl(fd, UI_SET_PROPBIT, INPUT_PROP_DIRECT)
    for code, m in ((ABS_X, W - 1), (ABS_Y, H - 1), (ABS_MT_POSITION_X, W - 1),
                    (ABS_MT_POSITION_Y, H - 1), (ABS_MT_SLOT, 9), (ABS_MT_TRACKING_ID, 65535)):
        abs_setup(fd, code, m)


def keyboard(fd):
    fcntl.ioctl(fd, UI_SET_EVBIT, EV_KEY)
    for code in range(1, 128):
        fcntl.ioctl(fd, UI_SET_KEYBIT, code)


class Booth:
    """The booth's trace: its screen and where its controls are."""

    def __init__(self, argv, env):
        self.p = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True)
        self.lock = threading.Condition()
        self.screen = "attract"
        self.screens = []  # every screen shown, in order
        self.seen = 0  # how many of them wait_screen has gone past
        self.controls = {}
        self.pending = {}
        self.log = []
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        for line in self.p.stderr:
            with self.lock:
                self.log.append(line)
                if line.startswith("trace: screen "):
                    self.screen = line.split()[2]
                    self.screens.append(self.screen)
                elif line.startswith("trace: controls "):
                    self.pending = {}
                elif line.startswith("trace: control "):
                    x, y, w, h, label = line.rstrip("\n").split(" ", 6)[2:]
                    self.pending[label] = (int(x), int(y), int(w), int(h))
                    self.controls = dict(self.pending)
                self.lock.notify_all()

    def wait(self, what, timeout=60):
        with self.lock:
            if not self.lock.wait_for(what, timeout):
                tail = "".join(l for l in self.log[-15:] if not l.startswith("trace: control "))
                raise SystemExit(f"FAIL: timed out; on screen {self.screen}\n{tail}")

    def wait_screen(self, name, timeout=60):
        """Waits for NAME to be shown after the screens already waited for, however briefly."""
        self.wait(lambda: name in self.screens[self.seen:], timeout)
        with self.lock:
            self.seen += self.screens[self.seen:].index(name) + 1
        print(f"screen: {name}", flush=True)

    def control(self, label, timeout=60):
        self.wait(lambda: label in self.controls, timeout)
        with self.lock:
            return self.controls[label]


def tap(ts, booth, label):
    x, y, w, h = booth.control(label)
    cx, cy = x + w // 2, y + h // 2
    ts.emit((EV_ABS, ABS_MT_SLOT, 0), (EV_ABS, ABS_MT_TRACKING_ID, 1),
            (EV_ABS, ABS_MT_POSITION_X, cx), (EV_ABS, ABS_MT_POSITION_Y, cy),
            (EV_KEY, BTN_TOUCH, 1), (EV_ABS, ABS_X, cx), (EV_ABS, ABS_Y, cy))
    time.sleep(0.08)
    n = len(booth.log)
    ts.emit((EV_ABS, ABS_MT_TRACKING_ID, -1), (EV_KEY, BTN_TOUCH, 0))
    # the booth has taken the tap (and acted on it) when it traces the finger's lift
    booth.wait(lambda: any(l.startswith(f'trace: touch up on "{label}", tapped')
                           for l in booth.log[n:]), timeout=60)
    print(f"tapped {label!r} at {cx},{cy}", flush=True)


def scan(kb, text):
    """A scanner: every key at once, as fast as the bus goes, then Return."""
    for ch in text + "\n":
        shift = ch.isupper()
        code = KEYS[ch.lower()]
        if shift:
            kb.emit((EV_KEY, KEY_LEFTSHIFT, 1))
        kb.emit((EV_KEY, code, 1))
        kb.emit((EV_KEY, code, 0))
        if shift:
            kb.emit((EV_KEY, KEY_LEFTSHIFT, 0))


def wait_for_nodes(names, timeout=30):
    """Until the kernel lists each device by name with an event node that exists."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with open("/proc/bus/input/devices") as f:
            blocks = f.read().split("\n\n")
        nodes = {}
        for b in blocks:
            for n in names:
                if f'Name="{n}"' in b:
                    ev = [w for w in b.split() if w.startswith("event")]
                    nodes[n] = ev and os.path.exists(f"/dev/input/{ev[0]}")
        if all(nodes.get(n) for n in names):
            return
        time.sleep(0.05)
    raise SystemExit(f"FAIL: no event node for {names} in {timeout} s")


def start(gatherbooth, data, conf, **env):
    """A virtual touchscreen and scanner, then the booth on KMSDRM reading them through evdev
    (ENV added to its environment). Returns (touchscreen, keyboard, booth)."""
    ts = Device("gatherbooth test touchscreen", touchscreen)
    kb = Device("gatherbooth test scanner", keyboard)
    env = dict(os.environ, GATHERBOOTH_TRACE="1", SDL_VIDEODRIVER="KMSDRM", **env)
    subprocess.run(["udevadm", "settle"], check=False)
    wait_for_nodes(["gatherbooth test touchscreen", "gatherbooth test scanner"])
    return ts, kb, Booth([gatherbooth, "run", "--config", conf, "--data", data], env)


def main():
    gatherbooth, data, conf = sys.argv[1:4]
    ts, kb, booth = start(gatherbooth, data, conf)
    try:
        tap(ts, booth, "Check in")
        booth.wait_screen("search")
        for k in "mul":
            tap(ts, booth, k)
        tap(ts, booth, "Anna Müller")
        booth.wait_screen("confirm")
        tap(ts, booth, "Check in")
        booth.wait_screen("consent")
        tap(ts, booth, "Take photo")
        booth.wait_screen("review", timeout=120)
        tap(ts, booth, "Keep")
        booth.wait_screen("saved", timeout=60)
        tap(ts, booth, "Done")
        booth.wait_screen("attract", timeout=60)
        scan(kb, "GB-1001")
        booth.wait_screen("confirm", timeout=30)
    finally:
        booth.p.send_signal(signal.SIGTERM)
        booth.p.wait(timeout=30)
        ts.close()
        kb.close()
    db = sqlite3.connect(os.path.join(data, "gatherbooth.db"))
    anna = db.execute("SELECT id FROM attendees WHERE badge_code = 'GB-1004'").fetchone()[0]
    checkins = db.execute("SELECT count(*) FROM checkins WHERE attendee = ?", (anna,)).fetchone()[0]
    photos = db.execute("SELECT count(*) FROM photos WHERE attendee = ? AND kind = 'shot'",
                        (anna,)).fetchone()[0]
    if checkins != 1 or photos != 1:
        raise SystemExit(f"FAIL: Anna has {checkins} check-in(s) and {photos} photo(s)")
    print("ok: a check-in by touch through evdev, with a photo, and a scanner burst to confirm")
    setup_rotation(gatherbooth, os.path.dirname(conf))


def setup_rotation(gatherbooth, folder):
    """setup's test pattern on the screen, answered by a tap near the edge that is on top."""
    ts = Device("gatherbooth test touchscreen", touchscreen)
    conf = os.path.join(folder, "setup.conf")
    subprocess.run(["udevadm", "settle"], check=False)
    wait_for_nodes(["gatherbooth test touchscreen"])
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["SDL_VIDEODRIVER"] = "KMSDRM"
        os.execv(gatherbooth, [gatherbooth, "setup", "--config", conf, "--data",
                               os.path.join(folder, "setup-data"), "--no-enable", "--no-wait"])
    out = b""

    def until(text, timeout=60):
        nonlocal out
        end = time.monotonic() + timeout
        while text.encode() not in out:
            left = end - time.monotonic()
            if left <= 0:
                raise SystemExit(f"FAIL: setup never said {text!r}:\n{out.decode(errors='replace')}")
            if select.select([fd], [], [], min(left, 0.2))[0]:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise SystemExit(f"FAIL: setup ended before {text!r}:\n{out.decode(errors='replace')}")
                out += chunk

    try:
        until("A guest list to import")
        os.write(fd, b"\r")
        until("Staff PIN (4 to 8 digits")
        os.write(fd, b"2468\r")
        until("The same PIN again")
        os.write(fd, b"2468\r")
        until("How many dots are along the top edge")
        # the panel's right-hand edge on top: a panel turned a quarter anticlockwise
        x, y = W - 8, H // 2
        ts.emit((EV_ABS, ABS_MT_SLOT, 0), (EV_ABS, ABS_MT_TRACKING_ID, 1),
                (EV_ABS, ABS_MT_POSITION_X, x), (EV_ABS, ABS_MT_POSITION_Y, y),
                (EV_KEY, BTN_TOUCH, 1), (EV_ABS, ABS_X, x), (EV_ABS, ABS_Y, y))
        time.sleep(0.08)
        ts.emit((EV_ABS, ABS_MT_TRACKING_ID, -1), (EV_KEY, BTN_TOUCH, 0))
        until("90 degrees")
        until("Next:", timeout=120)
    finally:
        ts.close()
        os.waitpid(pid, 0)
    with open(conf) as f:
        if "\nrotation = 90\n" not in f.read():
            raise SystemExit("FAIL: setup's config has no rotation = 90")
    print("ok: setup's test pattern on KMSDRM, answered by a tap at the top edge: rotation 90")


if __name__ == "__main__":
    main()
