#!/usr/bin/env bash
# What "committed before Welcome" and "a photo is in place before its row" mean for the disk, in
# the order the system calls happen (strace -f): for every photo and badge file, its data synced,
# then renamed into place, then its folder synced; then the database's write-ahead log written
# and synced; and only then the acknowledgement the screen acts on. The same for a check-in:
# the WAL written and synced before "ack checkin". A cheap check of the order outside the VM;
# the power-cut test in scripts/hw-test checks what survives.
. "$(dirname "$0")/lib.sh"
command -v strace > /dev/null || fail "strace is not installed (package strace)"
if [ -n "${GATHERBOOTH_WRAP:-}" ]; then
  echo "ok: not under qemu-user, whose system calls strace does not see"
  exit 0
fi

cat > "$T/order.script" <<'EOF'
wait 1500
tap Check in
type jose
wait 200
tap José García
tap Check in
wait 500
expect-screen consent
tap Take photo
wait 4000
tap Keep
wait 1000
expect-screen saved
tap Done
expect-screen attract
press
wait 16000
expect-screen review
tap Keep
wait 1000
expect-screen saved
quit
EOF
# LeakSanitizer cannot run under ptrace; the other scenarios look for leaks
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
traced_run() {
  rm -rf "$DATA"
  GATHERBOOTH_TRACE=1 strace -f -y -qq -s 200 \
    -e trace=fsync,fdatasync,rename,renameat,renameat2,pwrite64,write \
    -o "$T/strace" "$GATHERBOOTH" run --headless --demo --data "$DATA" --script "$T/order.script" \
    > "$T/out" 2> "$T/err" || { cat "$T/err" >&2; fail "the scripted run failed"; }
}
traced_run
check_order() {
python3 - "$T/strace" "$DATA" <<'PY'
import re, sys

raw = open(sys.argv[1], errors="replace").read().splitlines()
data = sys.argv[2]
# a call another thread interrupted is split in two lines ("fsync(18</x> <unfinished ...>", then
# "<... fsync resumed>) = 0"): joined again, in the place where it finished
lines, pending = [], {}
for line in raw:
    pid = line.split(" ", 1)[0]
    if line.endswith("<unfinished ...>"):
        pending[pid] = line[: -len("<unfinished ...>")].rstrip()
        continue
    m = re.match(r"(\d+) +<\.\.\. \w+ resumed>(.*)", line)
    if m and pid in pending:
        line = pending.pop(pid) + m.group(2)
    lines.append(line)
events = []  # (index, kind, path)
for i, line in enumerate(lines):
    m = re.match(r"\d+ +(\w+)\((\d+)<([^>]*)>", line)
    call = m.group(1) if m else line.split("(", 1)[0].split()[-1]
    if call in ("fsync", "fdatasync") and m and line.rstrip().endswith("= 0"):
        events.append((i, "sync", m.group(3)))
    elif call == "pwrite64" and m and m.group(3).endswith("-wal"):
        events.append((i, "wal-write", m.group(3)))
    elif call.startswith("rename") and line.rstrip().endswith("= 0"):
        names = re.findall(r'"([^"]+)"', line)
        if len(names) == 2:
            events.append((i, "rename", (names[0], names[1])))
    elif call == "write" and '"trace: ack ' in line:
        events.append((i, "ack", re.search(r'"trace: (ack [^"\\]*)', line).group(1)))

failures = []
syncs = sum(1 for e in events if e[1] == "sync")
if syncs == 0:
    print(f"FAIL: strace: {len(lines)} lines, {len(events)} events, no sync read; the first "
          "lines were:")
    print("\n".join(lines[:8]))
    sys.exit(1)

def first(kind, after, pred=lambda p: True, before=None):
    for i, k, p in events:
        if i > after and (before is None or i < before) and k == kind and pred(p):
            return i
    return None

def last(kind, before, pred=lambda p: True, after=-1):
    found = None
    for i, k, p in events:
        if after < i < before and k == kind and pred(p):
            found = i
    return found

acks = [(i, p) for i, k, p in events if k == "ack"]
checkins = [a for a in acks if a[1].startswith("ack checkin")]
saves = [a for a in acks if a[1].startswith("ack saved")]
if len(checkins) != 1 or len(saves) != 2:
    sys.exit(f"FAIL: expected 1 check-in and 2 saves acknowledged, saw {[a[1] for a in acks]}")

# a check-in: the WAL written, then synced, then the acknowledgement
ack = checkins[0][0]
sync = last("sync", ack, lambda p: p.endswith("-wal"))
write = last("wal-write", ack)
if write is None or sync is None or sync < write:
    failures.append("the check-in was acknowledged before its WAL write was synced")
else:
    print("ok: check-in: WAL written (line %d), synced (line %d), acknowledged (line %d)"
          % (write + 1, sync + 1, ack + 1))

# every file renamed into place before an acknowledgement: synced before, folder synced after,
# and the WAL written and synced after the last folder sync, before the acknowledgement
prev = -1
for ack, what in saves:
    renames = [(i, p) for i, k, p in events if k == "rename" and prev < i < ack]
    photos = [r for r in renames if "/photos/" in r[1][1]]
    if not photos:
        failures.append(f"{what}: no photo was renamed into place before it")
    last_dir_sync = -1
    for i, (tmp, final) in renames:
        base = tmp.rsplit("/", 1)[-1]
        folder = final.rsplit("/", 1)[0].split("/data/", 1)[-1]
        synced = last("sync", i, lambda p: p.endswith("/" + base), prev)
        dir_sync = first("sync", i, lambda p: p.endswith("/" + folder), ack)
        if synced is None:
            failures.append(f"{final}: renamed into place before its data was synced")
        if dir_sync is None:
            failures.append(f"{final}: its folder was not synced after the rename")
        else:
            last_dir_sync = max(last_dir_sync, dir_sync)
    wal_sync = last("sync", ack, lambda p: p.endswith("-wal"), last_dir_sync)
    wal_write = last("wal-write", ack, after=last_dir_sync)
    if wal_write is None or wal_sync is None or wal_sync < wal_write:
        failures.append(f"{what}: acknowledged before its rows were written and synced after "
                        "the files")
    else:
        print(f"ok: {what.split()[0]} {what.split()[1]} session {what.split()[2]}: "
              f"{len(renames)} file(s) synced, renamed, folder synced; then the WAL written "
              "and synced; then acknowledged")
    prev = ack

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
PY
}
check_order
