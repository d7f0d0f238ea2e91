#!/usr/bin/env bash
# The service: its units verify, the kiosk's is hardened to an exposure of 2.0 or lower, and
# `meson install` puts every file where the README says, never over a changed config.
set -euo pipefail
: "${SRCDIR:?}" "${BUILDDIR:?}"
T=$(mktemp -d "${TMPDIR:-/tmp}/gatherbooth-service-XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v systemd-analyze > /dev/null || { echo "SKIP: systemd-analyze is not installed"; exit 77; }

# the units, with the binary path pointing at this build
for u in gatherbooth.service gatherbooth-export@.service gatherbooth-clock.service \
  gatherbooth-share.service gatherbooth-hotspot.service gatherbooth-syncthing.service \
  gatherbooth-peers-pair.service; do
  sed "s|@BINDIR@|$BUILDDIR|; s|@SYSCONFDIR@|/etc|; s|@DATADIR@|/usr/share/gatherbooth|;
    s|@LIBEXECDIR@|$SRCDIR/systemd|" \
    "$SRCDIR/systemd/$u.in" > "$T/$u"
done
cp "$SRCDIR/systemd/gatherbooth-clock.path" "$SRCDIR/systemd/gatherbooth-share.socket" \
  "$SRCDIR/systemd/gatherbooth-hotspot-dns.service" "$SRCDIR/systemd/gatherbooth-peers-pair.path" \
  "$T/"
(cd "$T" && systemd-analyze verify gatherbooth.service gatherbooth-clock.path \
  gatherbooth-clock.service gatherbooth-export@sda1.service gatherbooth-share.socket \
  gatherbooth-share.service gatherbooth-hotspot.service gatherbooth-hotspot-dns.service \
  gatherbooth-syncthing.service gatherbooth-peers-pair.path gatherbooth-peers-pair.service) \
  2> "$T/verify" ||
  fail "systemd-analyze verify: $(cat "$T/verify")"
[ ! -s "$T/verify" ] || fail "systemd-analyze verify complained: $(cat "$T/verify")"
line=$(systemd-analyze security --offline=true "$T/gatherbooth.service" 2>&1 | grep "Overall exposure level")
score=$(sed -E 's/.*: ([0-9.]+) .*/\1/' <<< "$line")
echo "$line"
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) <= 2.0 else 1)" "$score" ||
  fail "exposure $score is above 2.0"
# the web server of the pages for phones: at least as closed
line=$(systemd-analyze security --offline=true "$T/gatherbooth-share.service" 2>&1 | grep "Overall exposure level")
score=$(sed -E 's/.*: ([0-9.]+) .*/\1/' <<< "$line")
echo "$line"
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) <= 2.0 else 1)" "$score" ||
  fail "the share server's exposure $score is above 2.0"
grep -q "^BindReadOnlyPaths=/var/lib/gatherbooth/share:/run/gatherbooth-share" "$T/gatherbooth-share.service" &&
  grep -q "^DynamicUser=yes" "$T/gatherbooth-share.service" || fail "the share server sees more than the share folder"
grep -q "^Type=notify" "$T/gatherbooth.service" && grep -q "^WatchdogSec=" "$T/gatherbooth.service" &&
  grep -q "^Restart=on-failure" "$T/gatherbooth.service" || fail "notify, watchdog, restart"
grep -q "ID_FS_LABEL}==\"BOOTHEXPORT\"" "$SRCDIR/systemd/99-gatherbooth-export.rules" || fail "udev rule"
grep -q "^d /var/lib/gatherbooth 0750" "$SRCDIR/systemd/gatherbooth.tmpfiles" &&
  grep -q "^z /var/lib/gatherbooth/gatherbooth.db 0600" "$SRCDIR/systemd/gatherbooth.tmpfiles" ||
  fail "tmpfiles modes"

# install into a folder: every file where the README says
meson install -C "$BUILDDIR" --destdir "$T/root" --no-rebuild > "$T/install.log" 2>&1 ||
  fail "meson install: $(tail -5 "$T/install.log")"
option() {
  meson introspect "$BUILDDIR" --buildoptions |
    python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]==sys.argv[1]][0])' "$1"
}
prefix=$(option prefix)
sysconfdir=$(option sysconfdir)
case "$sysconfdir" in /*) ;; *) sysconfdir="$prefix/$sysconfdir" ;; esac
R="$T/root$prefix"
for f in bin/gatherbooth share/gatherbooth/layouts/strip4.layout share/gatherbooth/layouts/single.layout \
  share/gatherbooth/layouts/grid2x2.layout share/gatherbooth/gatherbooth.conf \
  share/gatherbooth/sample-roster.csv lib/systemd/system/gatherbooth.service \
  lib/systemd/system/gatherbooth-export@.service lib/systemd/system/gatherbooth-clock.service \
  lib/systemd/system/gatherbooth-clock.path lib/tmpfiles.d/gatherbooth.conf \
  lib/sysusers.d/gatherbooth.conf lib/systemd/logind.conf.d/gatherbooth.conf lib/udev/rules.d/99-gatherbooth-export.rules \
  lib/systemd/system/gatherbooth-share.service lib/systemd/system/gatherbooth-share.socket \
  share/gatherbooth/share/lighttpd.conf share/gatherbooth/layouts/boomerang.layout \
  lib/systemd/system/gatherbooth-hotspot.service lib/systemd/system/gatherbooth-hotspot-dns.service; do
  [ -f "$R/$f" ] || fail "not installed: $prefix/$f"
done
conf="$T/root$sysconfdir/gatherbooth/gatherbooth.conf"
[ -f "$conf" ] || fail "no config at $sysconfdir/gatherbooth/gatherbooth.conf"
[ -f "$T/root$sysconfdir/gatherbooth/lighttpd.conf" ] || fail "no lighttpd.conf at $sysconfdir/gatherbooth"
grep -q "include \"$prefix/share/gatherbooth/share/lighttpd.conf\"" "$T/root$sysconfdir/gatherbooth/lighttpd.conf" ||
  fail "the installed lighttpd.conf does not include the installed rules"
grep -q "ExecStart=$prefix/bin/gatherbooth run --config $sysconfdir/gatherbooth/gatherbooth.conf" \
  "$R/lib/systemd/system/gatherbooth.service" || fail "the unit does not run the installed binary"
# the installed binary finds its installed layouts
${GATHERBOOTH_WRAP:-} "$R/bin/gatherbooth" --version > /dev/null
# a changed config is never overwritten
printf '[booth]\ncountdown = 5\n' >> "$conf"
cp "$conf" "$T/changed"
meson install -C "$BUILDDIR" --destdir "$T/root" --no-rebuild > "$T/install.log" 2>&1
cmp -s "$conf" "$T/changed" || fail "the changed config was overwritten"
[ -f "$conf.dist" ] || fail "the new defaults were not put beside it"
# the main loop tells systemd it is ready, pings the watchdog while it runs, and says when
# it stops (a hung loop would stop the pings, and systemd would restart it)
if [ "$(option systemd)" != disabled ] && pkg-config --exists libsystemd && [ -z "${GATHERBOOTH_WRAP:-}" ]; then
  python3 - "$T/notify" > "$T/notes" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(60)
end = time.time() + 60
try:
    while time.time() < end:
        note = s.recv(4096).decode().replace("\n", " ")
        print(note, flush=True)
        if "STOPPING=1" in note:
            break
except socket.timeout:
    pass
PY
  listener=$!
  for _ in $(seq 1 50); do [ -S "$T/notify" ] && break; sleep 0.1; done
  NOTIFY_SOCKET="$T/notify" WATCHDOG_USEC=1000000 SDL_VIDEODRIVER=dummy GATHERBOOTH_CONFIG=/dev/null \
    "$BUILDDIR/gatherbooth" run --headless --data "$T/data" 2> "$T/run.err" &
  booth=$!
  # three pings (one every half WATCHDOG_USEC), then the stop: waited for, not timed
  end=$((SECONDS + 60))
  until [ "$(grep -c "WATCHDOG=1" "$T/notes" 2> /dev/null)" -ge 3 ] || [ $SECONDS -ge $end ]; do
    sleep 0.05
  done
  kill -TERM "$booth"
  wait "$booth" || fail "the booth did not stop cleanly on SIGTERM: $(tail -3 "$T/run.err")"
  wait "$listener" || true
  grep -q "READY=1" "$T/notes" || fail "no READY=1: $(cat "$T/notes")"
  pings=$(grep -c "WATCHDOG=1" "$T/notes" || true)
  [ "$pings" -ge 3 ] || fail "only $pings watchdog pings in 60 s: $(cat "$T/notes")"
  grep -q "STOPPING=1" "$T/notes" || fail "no STOPPING=1"
  echo "sd_notify: READY, $pings watchdog pings, STOPPING"

  # the loop made to hang (GATHERBOOTH_FAULTS=loop=hang@20: its 20th turn blocks for good,
  # while the camera's and the saver's threads go on): the pings must stop, so that systemd's
  # watchdog restarts the booth
  rm -f "$T/notify" "$T/notes"
  python3 - "$T/notify" > "$T/notes" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(90)
try:
    while True:
        note = s.recv(4096).decode().replace("\n", " ")
        print(f"{time.monotonic():.3f} {note}", flush=True)
except socket.timeout:
    pass
PY
  listener=$!
  for _ in $(seq 1 50); do [ -S "$T/notify" ] && break; sleep 0.1; done
  NOTIFY_SOCKET="$T/notify" WATCHDOG_USEC=1000000 SDL_VIDEODRIVER=dummy GATHERBOOTH_CONFIG=/dev/null \
    GATHERBOOTH_FAULTS=loop=hang@20 "$BUILDDIR/gatherbooth" run --headless --data "$T/data" \
    2> "$T/hang.err" &
  booth=$!
  end=$((SECONDS + 60))
  until grep -q "this thread hangs here" "$T/hang.err" || [ $SECONDS -ge $end ]; do sleep 0.05; done
  grep -q "this thread hangs here" "$T/hang.err" || fail "the loop never reached its hang"
  hung=$(python3 -c 'import time; print(f"{time.monotonic():.3f}")')
  # one watchdog period for a ping already sent to arrive, then three more with none
  sleep 1
  before=$(grep -c "WATCHDOG=1" "$T/notes" || true)
  sleep 3
  after=$(grep -c "WATCHDOG=1" "$T/notes" || true)
  kill -0 "$booth" 2> /dev/null || fail "the booth exited instead of hanging: $(tail -3 "$T/hang.err")"
  kill -KILL "$booth"
  wait "$booth" 2> /dev/null || true
  kill "$listener" 2> /dev/null || true
  wait "$listener" 2> /dev/null || true
  [ "$before" -ge 1 ] || fail "no watchdog ping before the hang: $(cat "$T/notes")"
  [ "$after" -eq "$before" ] ||
    fail "$((after - before)) watchdog ping(s) 1 to 4 s after the loop hung at $hung: $(tail -4 "$T/notes")"
  echo "watchdog: $before pings while the loop turned, none in the 3 s after it hung"
fi
echo "ok: units, hardening, install, watchdog (and a hung loop stops it)"
