#!/usr/bin/env bash
# systemd stopping the booth (SIGTERM) in the middle of a strip's save: the signal is sent the
# moment the trace shows the K-th write, sync or rename of the session's files, for several K.
# The booth must end cleanly (a scripted run: exit 1, saying the script was stopped) and, started again, have the session whole (every file
# with its row, none adopted at start) or not at all (no file, no row): never a part of it.
. "$(dirname "$0")/lib.sh"
if [ -n "${GATHERBOOTH_WRAP:-}" ]; then
  echo "ok: not under qemu-user, whose signals arrive late"
  exit 0
fi
cat > "$T/save.script" <<'EOS'
wait 500
press
wait 16000
expect-screen review
tap Keep
wait 1000
wait-real 30000
quit
EOS
printf 'wait 300\nexpect-screen attract\nquit\n' > "$T/again.script"
python3 - "$GATHERBOOTH" "$T" <<'PY'
import os, signal, sqlite3, subprocess, sys

gatherbooth, tmp = sys.argv[1], sys.argv[2]
env = dict(os.environ, GATHERBOOTH_TRACE="1")
whole = absent = 0
for point, (op, k) in enumerate([("write", 1), ("write", 3), ("fsync", 1), ("rename", 1),
                                 ("fsync", 4), ("rename", 3), ("commit", 1)]):
    data = os.path.join(tmp, f"data{point}")
    p = subprocess.Popen([gatherbooth, "run", "--headless", "--demo", "--data", data, "--script",
                          os.path.join(tmp, "save.script")], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    keep = False  # the ops of the save, after Keep, are the ones counted
    seen, sent, tail = 0, False, []
    for line in p.stderr:
        tail = (tail + [line])[-20:]
        if line.startswith("trace: screen review"):
            keep = True
        if keep and not sent and line.startswith(f"trace: op {op}"):
            seen += 1
            if seen == k:
                p.send_signal(signal.SIGTERM)
                sent = True
    rc = p.wait()
    where = f"SIGTERM at {op} #{k} of the save"
    if not sent:
        sys.exit(f"FAIL: {where}: the save never reached it:\n" + "".join(tail))
    # a scripted run cut short says so and exits 1 (a service's run exits 0)
    if rc != 1 or "stopped by a signal" not in "".join(tail):
        sys.exit(f"FAIL: {where}: the booth exited {rc}:\n" + "".join(tail))
    again = subprocess.run([gatherbooth, "run", "--headless", "--demo", "--data", data,
                            "--script", os.path.join(tmp, "again.script")], env=env,
                           capture_output=True, text=True)
    if again.returncode != 0:
        sys.exit(f"FAIL: {where}: started again, the booth exited {again.returncode}:\n"
                 + again.stderr[-2000:])
    db = sqlite3.connect(os.path.join(data, "gatherbooth.db"))
    rows = db.execute("SELECT path, session FROM photos WHERE kind != 'badge'").fetchall()
    adopted = db.execute("SELECT count(*) FROM events WHERE kind = 'photo_adopted'").fetchone()[0]
    files = []
    for top, _, names in os.walk(os.path.join(data, "photos")):
        files += [os.path.relpath(os.path.join(top, n), data) for n in names]
    sessions = {s for _, s in rows}
    if adopted:
        sys.exit(f"FAIL: {where}: {adopted} file(s) lost their rows and were adopted at start")
    if sorted(files) != sorted(r for r, _ in rows):
        sys.exit(f"FAIL: {where}: files and rows differ: files {sorted(files)}, rows "
                 f"{sorted(r for r, _ in rows)}")
    if len(rows) == 0:
        absent += 1
        print(f"ok: {where}: the session is not there at all")
    elif len(sessions) == 1 and len(rows) == 5:
        whole += 1
        print(f"ok: {where}: the session is whole, 5 files with their rows")
    else:
        sys.exit(f"FAIL: {where}: a part of the session: {len(rows)} rows in "
                 f"{len(sessions)} session(s)")
print(f"ok: {whole} whole and {absent} absent of {whole + absent} sessions stopped mid-save")
PY
