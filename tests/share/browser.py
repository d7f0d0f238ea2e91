#!/usr/bin/env python3
"""Headless Chromium as a guest's phone: opens URL, waits for the page, taps its first download
link, and waits for the download to finish in OUTDIR. Prints the page's title, its download
links, and the downloaded file's name. Talks to Chromium over its DevTools pipe (no port).

Usage: browser.py URL OUTDIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


class Chrome:
    def __init__(self, profile):
        exe = shutil.which("chromium") or shutil.which("chromium-browser")
        if not exe:
            sys.exit("SKIP: chromium is not installed")
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()
        # Chromium reads fd 3 and writes fd 4: the child's ends moved out of the way first,
        # then put there
        hi_r, hi_w = os.dup2(to_chrome_r, 100, inheritable=True), os.dup2(from_chrome_w, 101,
                                                                           inheritable=True)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        args = [exe, "--headless=new", "--remote-debugging-pipe", "--no-first-run",
                "--disable-gpu", "--no-default-browser-check", f"--user-data-dir={profile}",
                "--window-size=390,844", "about:blank"]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium's sandbox refuses root
        self.proc = subprocess.Popen(args, pass_fds=(3, 4), close_fds=True,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     preexec_fn=lambda: (os.dup2(hi_r, 3), os.dup2(hi_w, 4)))
        os.close(hi_r)
        os.close(hi_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        want = self.next_id
        while True:
            m = self.read()
            if m.get("id") == want:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def read(self):
        while b"\0" not in self.buf:
            chunk = os.read(self.from_chrome, 65536)
            if not chunk:
                raise RuntimeError("chromium closed its pipe")
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        return json.loads(raw)

    def wait_event(self, method, test=lambda p: True, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            for i, m in enumerate(self.events):
                if m.get("method") == method and test(m.get("params", {})):
                    return self.events.pop(i)["params"]
            self.events.append(self.read())
        raise RuntimeError(f"no {method} within {timeout} s")

    def close(self):
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def main():
    url, outdir = sys.argv[1], sys.argv[2]
    profile = tempfile.mkdtemp(prefix="gatherbooth-chromium-")
    c = Chrome(profile)
    try:
        c.send("Browser.setDownloadBehavior",
               {"behavior": "allow", "downloadPath": outdir, "eventsEnabled": True})
        target = c.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = c.send("Target.attachToTarget",
                         {"targetId": target, "flatten": True})["sessionId"]
        c.send("Page.enable", session=session)
        c.send("Page.navigate", {"url": url}, session=session)
        c.wait_event("Page.loadEventFired")
        info = c.send("Runtime.evaluate", {
            "expression": "JSON.stringify({title: document.title, status: performance."
                          "getEntriesByType('navigation')[0].responseStatus, links: "
                          "[...document.querySelectorAll('a[download]')].map(a => "
                          "a.getAttribute('href'))})",
            "returnByValue": True}, session=session)["result"]["value"]
        page = json.loads(info)
        print(f"status {page['status']}")
        print(f"title {page['title']}")
        for link in page["links"]:
            print(f"link {link}")
        if page["links"]:
            c.send("Runtime.evaluate",
                   {"expression": "document.querySelector('a[download]').click()"},
                   session=session)
            begin = c.wait_event("Browser.downloadWillBegin")
            c.wait_event("Browser.downloadProgress",
                         lambda p: p.get("guid") == begin["guid"] and
                         p.get("state") in ("completed", "canceled"))
            print(f"downloaded {begin['suggestedFilename']}")
    finally:
        c.close()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
