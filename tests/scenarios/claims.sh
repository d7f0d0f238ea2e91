#!/usr/bin/env bash
# What the README promises and nothing checked before:
#  1. settings changed on the staff screen (countdown, layout, photo at check-in) survive a
#     restart, on screen and in what the booth does;
#  2. a session whose database commit fails leaves no file and no row, and says so;
#  3. `gatherbooth set-clock` takes only times between 2020 and 2100, removes a bad request,
#     and leaves a good one for a dry run.
. "$(dirname "$0")/lib.sh"

# 1. change three settings, then start again
booth "wait 300
$STAFF_LOGIN
tap Settings
tap Longer
tap Longer
tap Next layout
tap Next layout
tap Turn off
shot settings-changed
tap Back
tap Exit staff
quit"
expect_rc 0
expect_text "Countdown: 5 s"
expect_text "Photo at check-in: off"
booth "wait 300
shot attract
$STAFF_LOGIN
tap Settings
shot settings-kept
tap Back
tap Exit staff
expect-screen attract
scan GB-1004
tap Check in
expect-screen saved
tap Done
press
expect-screen countdown
wait 4500
expect-screen countdown
wait 600
expect-screen capture
quit"
expect_rc 0
expect_text "Countdown: 5 s"
expect_text "Photo at check-in: off"
expect_text "Layout: grid2x2"
expect_text "for 4 photos on a card"
expect_no_text "for a strip of"
expect_eq "$(sql "SELECT count(*) FROM photos WHERE kind = 'shot'")" 0 "no photo taken at check-in"
echo "ok: countdown 5 s, the grid layout and no photo at check-in, kept across a restart"

# 2. a session's commit fails: the error, and neither files nor rows of it
rm -rf "$DATA"
booth "quit" # the data folder made and its schema migrated: the session's is the next commit
GATHERBOOTH_FAULTS=commit=EIO@0 booth "wait 300
press
wait 16000
expect-screen review
tap Keep
expect-screen error
shot error
quit"
expect_rc 0
expect_text "The photo could not be recorded (database error). Check-in still works."
expect_eq "$(sql "SELECT count(*) FROM sessions")" 0 "sessions after a failed commit"
expect_eq "$(sql "SELECT count(*) FROM photos")" 0 "photo rows after a failed commit"
expect_eq "$(find "$DATA/photos" -type f | wc -l)" 0 "photo files after a failed commit"
echo "ok: a failed commit leaves no file and no row, and the screen says so"

# 3. set-clock's range
req="$DATA/clock-request"
for bad in 1577836799 4102444801 -5 "1700000000 1" "soon" ""; do
  printf '%s\n' "$bad" > "$req"
  set +e
  "$GATHERBOOTH" set-clock --data "$DATA" > "$T/o" 2> "$T/e"
  rc=$?
  set -e
  expect_eq "$rc" 2 "set-clock with \"$bad\""
  grep -qx "$req: not a time between 2020 and 2100" "$T/e" || fail "set-clock \"$bad\": $(cat "$T/e")"
  [ ! -e "$req" ] || fail "a bad request \"$bad\" was left behind"
done
for good in 1577836800 1795942800 4102444800; do
  printf '%s\n' "$good" > "$req"
  "$GATHERBOOTH" set-clock --data "$DATA" --dry-run | grep -q "^would set the clock to " ||
    fail "set-clock --dry-run $good"
  [ -e "$req" ] || fail "a dry run removed the request"
done
echo "ok: set-clock refuses times outside 2020 to 2100 and removes them"
