#!/usr/bin/env bash
# No GPIO chip here: the booth says so in one log line, runs touch-only, and its attract screen
# offers "Tap to start" instead of "Press the button".
. "$(dirname "$0")/lib.sh"
printf '[camera]\nbackend = synthetic\n[button]\nbackend = gpiod\nled_line = GPIO27\n' > "$T/touch.conf"
printf 'wait 300\ntap Tap to start\nexpect-screen countdown\n' > "$T/s.script"
set +e
"$GATHERBOOTH" run --headless --config "$T/touch.conf" --data "$DATA" --script "$T/s.script" \
  > "$T/out" 2> "$T/err"
rc=$?
set -e
expect_rc 0
grep -q "GPIO line GPIO17: .*; the booth runs touch-only" "$T/err" || fail "no clear line: $(cat "$T/err")"
expect_eq "$(grep -c "touch-only" "$T/err")" 1 "one line"
grep -q "GPIO line GPIO27: .*; no ready light" "$T/err" || fail "LED not reported"
# with backend = none there is nothing to report
printf '[camera]\nbackend = synthetic\n[button]\nbackend = none\n' > "$T/none.conf"
"$GATHERBOOTH" run --headless --config "$T/none.conf" --data "$DATA" --script "$T/s.script" 2> "$T/err2"
! grep -q "touch-only" "$T/err2" || fail "a button was looked for"
echo "ok: touch-only fallback"

# no camera at all: one line saying why, and a check-in-only booth
if [ ! -e /dev/media0 ] && [ ! -e /dev/video0 ] && [ -z "${GATHERBOOTH_UNDER_QEMU:-}" ]; then
  printf '[camera]\nbackend = auto\n[button]\nbackend = none\n' > "$T/nocam.conf"
  printf 'wait 300\ntap Check in\nexpect-screen search\n' > "$T/c.script"
  "$GATHERBOOTH" run --headless --config "$T/nocam.conf" --data "$DATA" --script "$T/c.script" \
    2> "$T/err3" || fail "check-in without a camera: $(tail -2 "$T/err3")"
  grep -q "no camera found (libcamera: no camera found" "$T/err3" || grep -q "no camera found (libcamera: not built" "$T/err3" ||
    fail "no camera not explained: $(cat "$T/err3")"
  grep -q "the booth runs check-in only" "$T/err3" || fail "check-in only not said"
  echo "ok: check-in only without a camera"
fi
