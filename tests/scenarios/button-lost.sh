#!/usr/bin/env bash
# The button goes away mid-event (its cable pulled, its chip gone) and comes back: the booth says
# so, runs touch-only meanwhile, and takes the button back within 10 s of it returning. Played
# with the stand-in button, which is there while a file is, as a GPIO chip is while its device
# node is.
. "$(dirname "$0")/lib.sh"
DEV="$T/gpiochip-standin"
touch "$DEV"
export GATHERBOOTH_BUTTON="synthetic:$DEV" GATHERBOOTH_DEBUG=1
# the world outside: the device goes once the first screenshot is taken, and comes back after
# the second
(
  until [ -e "$SHOTS/present.png" ]; do sleep 0.05; done
  rm "$DEV"
  until [ -e "$SHOTS/lost.png" ]; do sleep 0.05; done
  touch "$DEV"
) &
helper=$!
printf '[camera]\nbackend = synthetic\n' > "$T/b.conf"
printf '%s\n' "wait 500
expect-screen attract
shot present
wait-real 1000
wait 500
shot lost
tap Tap to start
expect-screen countdown
wait 20000
tap Keep
tap Done
expect-screen attract
wait-real 500
wait 10000
expect-screen attract
shot back
tap Press the button
expect-screen countdown" > "$T/b.script"
set +e
"$GATHERBOOTH" run --headless --config "$T/b.conf" --data "$DATA" --script "$T/b.script" \
  --screenshots "$SHOTS" > "$T/out" 2> "$T/err"
rc=$?
set -e
log=$(cat "$T/err")
wait $helper
expect_rc 0
grep -q "using a synthetic button" <<< "$log" || fail "the stand-in was not used: $log"
grep -q "button: lost; the booth runs touch-only" <<< "$log" || fail "the loss was not logged"
grep -q "the button is back" <<< "$log" || fail "the button was not found again"
expect_eq "$(sql "SELECT count(*) FROM sessions")" 1 "a session by touch while the button was gone"
# attract asks for the button, then for a tap (the script tapped "Tap to start" while the
# button was gone, and "Press the button" once it was back)
"$PNGTOOL" diff "$SHOTS/present.png" "$SHOTS/lost.png" > /dev/null 2>&1 &&
  fail "the attract screen did not change when the button went"
echo "ok: the button lost, touch-only meanwhile, and found again"
