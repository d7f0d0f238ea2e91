#!/usr/bin/env python3
"""The staff screen's Shut down, tapped while the booth is writing (inside the VM).

A guest's own save cannot be cut by staff: the thank-you screen stays until the save is done,
and the staff corner is on the attract screen only. What staff can start and then shut down
over is an export. The booth runs for real on KMSDRM with a uinput touchscreen, its card made
slow: the export's first rename into place waits 60 s (GATHERBOOTH_FAULTS=rename=slow@0).
Staff open the PIN pad from the corner, export, and tap Shut down while the export is in
flight. The booth must finish the export and then end with exit 0; the export folder must be
whole (its manifest verifies) with no staging folder left.

shutdown.py GATHERBOOTH DATA_DIR CONFIG EXPORT_DIR
"""
import glob
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from touch import start, tap  # noqa: E402


def main():
    gatherbooth, data, conf, out = sys.argv[1:5]
    ts, kb, booth = start(gatherbooth, data, conf, GATHERBOOTH_FAULTS="rename=slow@0")
    try:
        tap(ts, booth, "Staff")
        booth.wait_screen("staff-pin")
        for d in "1234":
            tap(ts, booth, d)
        tap(ts, booth, "OK")
        booth.wait_screen("staff")
        t0 = time.monotonic()
        tap(ts, booth, "Export to USB")
        booth.wait(lambda: any("this call waits 60 s" in l for l in booth.log), timeout=60)
        tap(ts, booth, "Shut down")
        n = len(booth.log)
        print(f"Shut down tapped {time.monotonic() - t0:.1f} s after Export to USB, the "
              "export in flight", flush=True)
        rc = booth.p.wait(timeout=180)
    finally:
        if booth.p.poll() is None:
            booth.p.kill()
        ts.close()
        kb.close()
    with booth.lock:
        after = booth.log[n:]
    if rc != 0:
        raise SystemExit(f"FAIL: after Shut down the booth exited {rc}:\n" + "".join(after[-10:]))
    folders = glob.glob(os.path.join(out, "gatherbooth-*"))
    partial = glob.glob(os.path.join(out, ".*partial*")) + glob.glob(os.path.join(out, "*", ".partial"))
    if len(folders) != 1 or partial:
        raise SystemExit(f"FAIL: after Shut down the export folder holds {os.listdir(out)}")
    check = subprocess.run(["sha256sum", "--quiet", "-c", "MANIFEST.sha256"], cwd=folders[0],
                           capture_output=True, text=True)
    if check.returncode != 0:
        raise SystemExit(f"FAIL: the export does not verify: {check.stdout}{check.stderr}")
    photos = len(glob.glob(os.path.join(folders[0], "photos", "*.jpg")))
    print(f"ok: Shut down tapped mid-export: the booth finished the export ({photos} photos, "
          "manifest verified, no staging folder left) and ended with exit 0")


if __name__ == "__main__":
    main()
