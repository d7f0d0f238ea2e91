#!/usr/bin/env bash
# A full card while saving: the error screen says so, nothing half-written stays, the booth
# goes back to attract, and once space is back the next session saves.
. "$(dirname "$0")/lib.sh"

export GATHERBOOTH_FAULTS=write=ENOSPC@2
booth "
press
wait 16000
tap Keep
expect-screen error
shot error
wait 19000
expect-screen error
wait 1000
expect-screen attract
press
wait 16000
tap Keep
expect-screen saved
tap Done
expect-screen attract
quit"
expect_rc 0
grep -q "No space left on device" <<< "$log" || fail "the log does not name the cause"
expect_eq "$(sql "SELECT count(*) FROM sessions")" 1 "sessions"
expect_eq "$(sql "SELECT count(*) FROM photos")" 5 "photos"
check_files_and_rows
golden error

# OK dismisses at once
export GATHERBOOTH_FAULTS=rename=EIO
booth "
press
wait 16000
tap Keep
expect-screen error
tap OK
expect-screen attract"
expect_rc 0
expect_eq "$(sql "SELECT count(*) FROM photos")" 5 "photos after an EIO"
check_files_and_rows

# a camera that fails mid-session
unset GATHERBOOTH_FAULTS
export GATHERBOOTH_CAMERA_FAIL_AFTER=2
booth "
press
wait 8000
expect-screen error
wait 10000
tap OK
expect-screen attract
wait 1000
press
expect-screen countdown
quit"
expect_rc 0
grep -q "the camera is back" <<< "$log" || fail "the lost camera was not found again"
check_files_and_rows

# no camera at start: check-in only, then the camera turns up without a restart
export GATHERBOOTH_CAMERA_FAIL_START=1
booth "
expect-screen attract
press
expect-screen attract
wait 11000
press
expect-screen countdown
quit"
expect_rc 0
grep -q "check-in only until" <<< "$log" || fail "a missing camera was not reported"
grep -q "the camera is back" <<< "$log" || fail "the camera was not found after start"
echo "ok: storage full, I/O error and a camera failure each shown and recovered from"
