#!/usr/bin/env bash
# The kiosk cannot be left from its screen: Escape is "back", a window close (what Alt-F4 sends
# through a window manager) is refused, and only the staff screen's Shut down ends it. SIGTERM
# from systemd still stops it at once. The staff PIN appears in no log, database or config.
. "$(dirname "$0")/lib.sh"
export GATHERBOOTH_DEBUG=1
hash=$(printf '2580\n' | "$GATHERBOOTH" hash-pin | sed -n 's/^pin_hash *= *//p')
[ -n "$hash" ] || fail "hash-pin printed no pin_hash line"
grep -q 2580 <<< "$hash" && fail "the hash shows the PIN"
conf() {
  printf '[display]\nfullscreen = %s\n[camera]\nbackend = synthetic\n[button]\nbackend = none\n[staff]\npin_hash = %s\n' \
    "$1" "$hash" > "$T/kiosk.conf"
}
PIN="tap 2
tap 5
tap 8
tap 0
tap OK"

# 1. fullscreen: Escape, Alt+F4, Ctrl+Q, Ctrl+C and a close leave the booth where it was; Shut down ends it
conf yes
booth "wait 500
key Escape
key Alt+F4
key Ctrl+Q
key Ctrl+C
close
wait 500
expect-screen attract
press
expect-screen countdown
key Escape
close
wait 20000
tap Keep
tap Done
expect-screen attract
hold 3000
expect-screen staff-pin
$PIN
expect-screen staff
close
expect-screen staff
tap Shut down
wait 1000
shot after-shutdown" --config "$T/kiosk.conf"
expect_rc 0
cp "$T/err" "$T/first.err"
[ "$(grep -c "request to close the window was refused" <<< "$log")" -ge 3 ] ||
  fail "closes were not refused: $log"
grep -q "shut down from the staff screen" <<< "$log" || fail "Shut down did not end the booth"
[ ! -e "$SHOTS/after-shutdown.png" ] || fail "the booth went on after Shut down"
expect_eq "$(sql "SELECT count(*) FROM sessions")" 1 "the session went on through Escape and close"

# 2. in a window (a desk, not a kiosk) closing the window quits
conf no
booth "wait 500
close
wait 500
shot after-close" --config "$T/kiosk.conf"
expect_rc 0
[ ! -e "$SHOTS/after-close.png" ] || fail "a windowed booth did not close"

# 3. SIGTERM (systemctl stop) ends a fullscreen booth at once, cleanly
conf yes
"$GATHERBOOTH" run --headless --config "$T/kiosk.conf" --data "$DATA" > "$T/out" 2> "$T/err" &
pid=$!
wait_for "$T/err" "^app: info: data in " || fail "the booth did not start: $(tail -3 "$T/err")"
kill -TERM $pid
start=$(date +%s%N)
set +e
wait $pid
rc=$?
set -e
ms=$((($(date +%s%N) - start) / 1000000))
expect_rc 0
[ $ms -lt 5000 ] || fail "SIGTERM took $ms ms"

# 3b. a scripted run stopped by SIGTERM has not passed: it fails, naming the step it was on
printf 'wait 500\nwait-real 20000\nexpect-screen attract\n' > "$T/cut.script"
GATHERBOOTH_TRACE=1 "$GATHERBOOTH" run --headless --demo --data "$DATA" --script "$T/cut.script" \
  > "$T/out" 2> "$T/cut.err" &
pid=$!
wait_for "$T/cut.err" "^trace: step 2$" || fail "the script never reached its second step"
kill -TERM $pid
set +e
wait $pid
rc=$?
set -e
expect_rc 1
grep -q "cut.script:2: stopped by a signal" "$T/cut.err" ||
  fail "a script cut short did not say where: $(tail -3 "$T/cut.err")"

# 4. the PIN was typed above with every debug line on: it is nowhere
grep -q 2580 "$T/first.err" && fail "the PIN is in the log"
grep -rq 2580 "$T/kiosk.conf" && fail "the PIN is in the config"
python3 - "$DATA/gatherbooth.db" <<'PY' || fail "the PIN is in the database"
import re, sqlite3, sys
dump = "\n".join(sqlite3.connect(sys.argv[1]).iterdump())
# the PIN as itself, not four digits inside a photo's hash or an id
sys.exit(1 if re.search(r"(?<![0-9a-f-])2580(?![0-9a-f-])", dump) else 0)
PY
echo "ok: Escape, Alt+F4, Ctrl+Q, Ctrl+C and window closes refused in fullscreen, Shut down and SIGTERM end it, a script cut short fails, PIN nowhere"
