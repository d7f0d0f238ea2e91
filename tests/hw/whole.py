#!/usr/bin/env python3
"""The whole booth on real kernel drivers, inside the test VM: the button and LED on gpio-sim,
the screen on vkms through KMSDRM, and the libcamera camera on vimc.

whole.py GATHERBOOTH PNGTOOL DATA_DIR CONFIG SIM_DIR session
    A press on the GPIO line starts the countdown, the stills come from vimc, and a strip is
    saved with its row; then the camera is unplugged mid-stream and the booth goes on, check-in
    only. The LED is on when ready, blinks in the countdown, is off while a still
    is taken, on again in review, where the button keeps the strip, and off while saving.
whole.py GATHERBOOTH PNGTOOL DATA_DIR CONFIG SIM_DIR latency N
    N presses, each timed from the edge's kernel timestamp to the first countdown frame
    presented: p50 and p99, an upper bound under emulation.
whole.py GATHERBOOTH PNGTOOL DATA_DIR CONFIG SIM_DIR nav
    Without touch, on the start screen: the second button (GPIO22) shows the highlight, the big
    button held 1.2 s moves it (three times, to Español), a short press chooses it.
"""
import os
import signal
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from touch import Booth  # noqa: E402


class Sim:
    def __init__(self, folder):
        self.folder = folder
        self.pull = os.path.join(folder, "sim_gpio17", "pull")
        self.led = os.path.join(folder, "sim_gpio27", "value")

    def press(self, seconds=0.1, line=17):
        """The line pulled to ground for SECONDS: the button pressed and held so long."""
        pull = os.path.join(self.folder, f"sim_gpio{line}", "pull")
        with open(pull, "w") as f:
            f.write("pull-down")
        time.sleep(seconds)
        with open(pull, "w") as f:
            f.write("pull-up")
        # released as a finger lifts, for longer than the kernel's debounce (libgpiod 2): a
        # press a few ms after the last release would be the same press to the kernel
        time.sleep(0.1)

    def press_for(self, booth, screen, timeout=30):
        """A press that must bring SCREEN."""
        self.press_until(booth, lambda: booth.wait_screen(screen, timeout=timeout),
                         f"bring {screen}")

    def press_until(self, booth, wait, what, seconds=0.1, line=17):
        """A press held SECONDS, then WAIT (which exits on a timeout) for what it must do. The
        trace tells where a press went missing: an edge the kernel never delivered to the
        driver is the emulated machine's and is pressed again (at most twice, each said); an
        edge the driver got and the booth did not act on is a failure."""
        for attempt in range(3):
            n = len(booth.log)
            self.press(seconds, line)
            try:
                wait()
                return
            except SystemExit as e:
                with booth.lock:
                    trace = booth.log[n:]
                edges = [l.strip() for l in trace if l.startswith("trace: button edge ")]
                presses = [l.strip() for l in trace if l.startswith("trace: button press ")]
                if edges or presses or booth.p.poll() is not None:
                    raise SystemExit(f"FAIL: a press on GPIO{line} did not {what}: edges "
                                     f"{edges}, presses {presses}\n{e}") from None
                print(f"NOTE: no edge reached the driver after a press on gpio-sim's GPIO{line} "
                      f"(attempt {attempt + 1}); pressing again", flush=True)
        raise SystemExit("FAIL: three presses on gpio-sim gave the driver no edge")

    def wait_led(self, value, timeout=30):
        """Until the LED shows VALUE: the booth sets it just after it traces the screen."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with open(self.led) as f:
                if int(f.read()) == value:
                    return True
            time.sleep(0.01)
        return False

    def led_values(self, seconds):
        seen = set()
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            with open(self.led) as f:
                seen.add(int(f.read()))
            time.sleep(0.02)
        return seen


def session(booth, sim, data, pngtool, failures):
    if sim.led_values(0.5) != {1}:
        failures.append("the LED is not on when ready")
    sim.press_for(booth, "countdown")
    if sim.led_values(1.5) != {0, 1}:
        failures.append("the LED does not blink in the countdown")
    booth.wait_screen("capture", timeout=60)
    if not led_off_while(booth, sim, "capture"):
        failures.append("the LED is not off while a still is taken")
    booth.wait_screen("review", timeout=300)
    if not sim.wait_led(1) or sim.led_values(0.5) != {1}:
        failures.append("the LED is not on in review (the button keeps the strip)")
    sim.press_for(booth, "saved", timeout=300)  # the button keeps it
    saving_led(booth, sim, failures)
    booth.wait_screen("attract", timeout=120)  # the thank-you's 20 s
    # the camera unplugged (its driver unbound): the booth says so and goes on, check-in only
    n = len(booth.log)
    with open("/sys/bus/platform/drivers/vimc/unbind", "w") as f:
        f.write("vimc.0")
    booth.wait(lambda: any("check-in goes on" in l for l in booth.log[n:]), timeout=60)
    print("camera unplugged: " + next(l for l in booth.log[n:] if "check-in goes on" in l).strip())
    n = len(booth.log)
    sim.press()
    # the press taken by the booth's loop; a screen it brought would be traced right after
    booth.wait(lambda: any(l.startswith("trace: button press on ") for l in booth.log[n:]),
               timeout=60)
    time.sleep(0.5)
    if booth.p.poll() is not None:
        failures.append(f"the booth exited ({booth.p.returncode}) after the camera went")
    if booth.screen != "attract":
        failures.append(f"a press without a camera showed {booth.screen}")
    db = sqlite3.connect(os.path.join(data, "gatherbooth.db"))
    strips = db.execute("SELECT path FROM photos WHERE kind = 'strip'").fetchall()
    shots = db.execute("SELECT count(*) FROM photos WHERE kind = 'shot'").fetchone()[0]
    if len(strips) != 1:
        failures.append(f"{len(strips)} strip rows, expected 1")
    for (path,) in strips:
        p = subprocess.run([pngtool, "info", os.path.join(data, path)], capture_output=True,
                           text=True)
        if p.returncode != 0:
            failures.append(f"{path} does not decode: {p.stderr.strip()}")
        else:
            print(f"strip {path}: {p.stdout.strip()}, with {shots} shots from vimc")


def led_off_while(booth, sim, screen):
    """Off for as long as SCREEN shows: the booth traces a screen and then sets the LED for
    it, so the LED is first waited for, and a lit sample counts only if the trace still says
    SCREEN 200 ms later (the next screen's line may not have been read yet)."""
    if not sim.wait_led(0, timeout=5):
        return booth.screen != screen  # the screen went by before the LED could be read
    while booth.screen == screen:
        with open(sim.led) as f:
            lit = int(f.read())
        if lit:
            time.sleep(0.2)
            return booth.screen != screen
        time.sleep(0.01)
    return True


def saving_led(booth, sim, failures):
    """Off while the strip is being saved: from the saved screen until the trace says the save
    is done (the LED comes on only after that line is written, so a lit sample with no such
    line 200 ms later was taken while saving)."""
    def saved():
        with booth.lock:
            return any(l.startswith("trace: ack saved ") for l in booth.log)
    off = 0
    sim.wait_led(0, timeout=5)  # set just after the trace names the screen
    while not saved():
        with open(sim.led) as f:
            lit = int(f.read())
        if lit:
            time.sleep(0.2)
            if not saved():
                failures.append("the LED is on while saving")
            break
        off += 1
        time.sleep(0.02)
    print(f"LED off while saving: {off} samples")


def latency(booth, sim, presses, failures):
    times, reached, shown = [], [], []
    for _ in range(presses):
        n = len(booth.log)
        sim.wait_led(1)  # ready for the next guest (at attract, then on the thank-you)
        sim.press_for(booth, "countdown")
        booth.wait_screen("review", timeout=120)
        sim.wait_led(1)
        saves = sum(1 for l in booth.log if l.startswith("trace: ack saved "))
        sim.press_for(booth, "saved")  # kept by the button; the next press starts anew
        # the LED goes off while saving: the next press waits for the save, not for an LED
        # read before it went off
        booth.wait(lambda: sum(1 for l in booth.log if l.startswith("trace: ack saved ")) > saves,
                   timeout=120)
        with booth.lock:
            for l in booth.log[n:]:
                w = l.split()
                if l.startswith("trace: presented countdown "):
                    # "... N ms after the button's edge (drawn in D ms, presented in P ms)"
                    times.append(float(w[3]))
                    shown.append(float(w[15]))
                elif l.startswith("trace: button press on "):
                    reached.append(float(w[5]))

    def pct(v, p):
        v = sorted(v)
        return v[min(len(v) - 1, len(v) * p // 100)]
    if len(times) != presses:
        failures.append(f"{len(times)} countdown frames timed of {presses} presses")
    else:
        print(f"GPIO edge to the first countdown frame presented, {presses} presses: "
              f"p50 {pct(times, 50):.1f} ms, p99 {pct(times, 99):.1f} ms")
        print(f"  of which: edge to the press taken by the booth's loop p50 "
              f"{pct(reached, 50):.1f} ms (the loop busy with the frame before), and the "
              f"countdown frame's own present p50 {pct(shown, 50):.1f} ms (Mesa in software, "
              f"under emulation)")


def nav(booth, sim, failures):
    def focus(label, timeout=30):
        mark = len(booth.log)
        return lambda: booth.wait(
            lambda: any(l.rstrip("\n") == f"trace: focus {label}" for l in booth.log[mark:]),
            timeout=timeout)

    # the second button: the highlight shows, on the call to action
    sim.press_until(booth, focus("Press the button"), "show the highlight", line=22)
    n = len(booth.log)
    # held presses move it on: Check in, then the languages from the top
    for label in ("Check in", "English", "Español"):
        sim.press_until(booth, focus(label), f"move the highlight to {label}", seconds=1.2)
    sim.press_until(booth, lambda: booth.wait(
        lambda: any(l.startswith('trace: chose "Español"') for l in booth.log[n:]), timeout=30),
        "choose Español")  # short: chosen
    with booth.lock:
        screens = [l.split()[2] for l in booth.log[n:] if l.startswith("trace: screen ")]
    if any(s != "attract" for s in screens):
        failures.append(f"the presses left the start screen: {screens}")
    print("second button on GPIO22, then the big button held 1.2 s three times and pressed: "
          "Español chosen")


def main():
    gatherbooth, pngtool, data, conf, folder, mode = sys.argv[1:7]
    sim = Sim(folder)
    env = dict(os.environ, GATHERBOOTH_TRACE="1", SDL_VIDEODRIVER="KMSDRM")
    booth = Booth([gatherbooth, "run", "--config", conf, "--data", data], env)
    failures = []
    try:
        booth.control("Check in")  # the attract screen is up
        log = "".join(booth.log)
        camera = "using libcamera" if mode == "session" else "using synthetic"
        wants = [camera, "using button GPIO17", "KMSDRM"]
        if mode == "nav":
            wants.append("using button GPIO22")
        for want in wants:
            if want not in log:
                failures.append(f"not on the drivers meant: no '{want}' in the log")
        sim.wait_led(1)  # lit: ready for a press
        if mode == "session":
            session(booth, sim, data, pngtool, failures)
        elif mode == "nav":
            nav(booth, sim, failures)
        else:
            latency(booth, sim, int(sys.argv[7]), failures)
    finally:
        booth.p.send_signal(signal.SIGTERM)
        booth.p.wait(timeout=60)
    for f in failures:
        print(f"FAIL: {f}")
    if failures:
        sys.exit(1)
    print(f"ok: {mode}")


if __name__ == "__main__":
    main()
