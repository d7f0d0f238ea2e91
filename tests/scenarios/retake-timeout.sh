#!/usr/bin/env bash
# Retake throws the shots away; the review keeps by itself after 20 s and the thank-you
# shows for 20 s, and a touch gives each its whole time again; a press during the countdown is
# ignored and never queued.
. "$(dirname "$0")/lib.sh"

booth "
press
press
wait 16000
expect-screen review
tap Retake
expect-screen countdown
press
wait 13050
expect-screen review
wait 15000
tap-at 0.5 0.05
wait 19900
expect-screen review
wait 200
expect-screen saved
wait 19700
expect-screen saved
wait 300
expect-screen attract
quit"
expect_rc 0
expect_eq "$(sql "SELECT count(*) FROM sessions")" 1 "sessions (retake and presses add none)"
expect_eq "$(sql "SELECT count(*) FROM photos WHERE kind = 'shot'")" 4 "shots kept"
check_files_and_rows
echo "ok: retake, review timeout, ignored presses"
