#!/usr/bin/env bash
# The kiosk's check-in, headless and scripted, on the demo roster: a scanned badge through to a
# photo and a badge record, a walk-in, an undo, the PIN lockout, the idle timeout, a scan that
# must not leak into the search field, and a check-in that cannot be committed.
. "$(dirname "$0")/lib.sh"
command -v zbarimg > /dev/null || { echo "SKIP: zbarimg is not installed (zbar-tools)"; exit 77; }
export GATHERBOOTH_DEBUG=1 # the screen changes are in the log
PIN="tap 1
tap 2
tap 3
tap 4
tap OK" # the demo's staff PIN

# 1. scan -> confirm -> Check in -> consent -> Take photo -> review -> Keep
booth "wait 500
scan GB-1004
expect-screen confirm
tap Check in
expect-screen consent
tap Take photo
expect-screen countdown
wait 3500
expect-screen review
tap Keep
wait 500
expect-screen saved
shot saved
tap Done
expect-screen attract"
expect_rc 0
# one photo: no "Photo 1 of 4" during its countdown, "this photo" at review, and the guest's
# thank-you by name, with no file path on a guest's screen
expect_no_text "Photo 1 of"
expect_text "Keep this photo?"
expect_no_text "Keep these photos?"
expect_text "Thanks, Anna!" 3FB950
expect_no_text "photos/"
anna=$(sql "SELECT id FROM attendees WHERE badge_code = 'GB-1004'")
expect_eq "$(sql "SELECT count(*) FROM checkins WHERE attendee = $anna AND undone_at IS NULL")" 1 "Anna checked in"
expect_eq "$(sql "SELECT count(*) FROM photos WHERE attendee = $anna AND kind = 'shot'")" 1 "Anna's photo row"
photo=$(sql "SELECT path FROM photos WHERE attendee = $anna AND kind = 'shot'")
case "$photo" in *-anna-muller.jpg) ;; *) fail "photo name $photo lacks the name slug" ;; esac
[ -f "$DATA/$photo" ] || fail "$photo is missing"
expect_eq "$(sql "SELECT attendee FROM sessions WHERE id = (SELECT session FROM photos WHERE path = '$photo')")" "$anna" "session tied to Anna"
badge="$DATA/badges/GB-1004-anna-muller.png"
[ -f "$badge" ] || fail "no badge at $badge: $(ls "$DATA/badges" 2>&1)"
expect_eq "$("$PNGTOOL" info "$badge")" 1200x900 "badge size (4x3 in at 300 dpi)"
expect_eq "$(zbarimg --quiet --raw "$badge")" GB-1004 "the badge's QR code"
expect_eq "$(sql "SELECT count(*) FROM photos WHERE attendee = $anna AND kind = 'badge'")" 1 "badge row"
check_files_and_rows

# 2. a walk-in, without a photo
booth "wait 300
tap Check in
type Zed
tap Not on the list?
expect-screen walkin
tap Space
type Shaw
tap Organization
type Hackers Inc
tap Add and check in
expect-screen consent
tap Skip photo
expect-screen saved
tap Done"
expect_rc 0
expect_eq "$(sql "SELECT source || '|' || organization FROM attendees WHERE display_name = 'Zed Shaw'")" "walkin|Hackers Inc" "walk-in stored"
zed=$(sql "SELECT id FROM attendees WHERE display_name = 'Zed Shaw'")
expect_eq "$(sql "SELECT count(*) FROM checkins WHERE attendee = $zed AND undone_at IS NULL")" 1 "walk-in checked in"
expect_eq "$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["walk_ins"])' "$("$GATHERBOOTH" stats --json --data "$DATA")")" 1 "stats walk_ins"
zed_uuid=$(sql "SELECT substr(uuid, 1, 8) FROM attendees WHERE id = $zed")
[ -f "$DATA/badges/walkin-$zed_uuid-zed-shaw.png" ] || fail "no badge for the walk-in"

# 3. staff: a long press, the PIN, the last check-ins, an undo (recorded, never deleted)
booth "wait 300
hold 3000
expect-screen staff-pin
$PIN
expect-screen staff
tap Recent check-ins
tap Undo
wait 100
tap Back
tap Exit staff
expect-screen attract"
expect_rc 0
expect_eq "$(sql "SELECT undone_at IS NOT NULL FROM checkins WHERE attendee = $zed")" 1 "undone"
expect_eq "$(sql "SELECT count(*) FROM checkins")" 2 "rows kept"
expect_eq "$(sql "SELECT count(*) FROM events WHERE kind = 'undo'")" 1 "undo in the audit log"

# 3b. consent withdrawn: a person's photos deleted from the staff screen, files and rows
expect_eq "$(sql "SELECT count(*) FROM photos WHERE attendee = $anna AND kind = 'shot'")" 1 "Anna's photo before"
booth "wait 300
tap Staff
$PIN
tap Recent check-ins
tap Delete photos: Anna Müller
wait 500
tap Back
tap Exit staff"
expect_rc 0
expect_eq "$(sql "SELECT count(*) FROM photos WHERE attendee = $anna AND kind = 'shot'")" 0 "photo rows gone"
[ ! -e "$DATA/$photo" ] || fail "the photo file is still there"
expect_eq "$(sql "SELECT count(*) FROM events WHERE kind = 'photos_forgotten'")" 1 "deletion recorded"
expect_eq "$(sql "SELECT consent FROM attendees WHERE id = $anna")" 0 "consent withdrawn"
[ -f "$badge" ] || fail "the badge is remade without the photo"
expect_eq "$(zbarimg --quiet --raw "$badge" 2> /dev/null)" GB-1004 "the remade badge's QR code"
check_files_and_rows

# 4. the PIN locks for 60 s after 5 wrong tries, also across leaving the screen
wrong="tap 9
tap 9
tap 9
tap 9
tap OK"
booth "wait 300
tap Staff
$wrong
$wrong
$wrong
$wrong
$wrong
$PIN
expect-screen staff-pin
shot locked
tap Back
tap Staff
$PIN
expect-screen staff-pin
wait 60000
tap Staff
$PIN
expect-screen staff"
expect_rc 0
if grep -v "the staff PIN is 1234" "$T/err" | grep -q "1234\|9999"; then fail "a PIN was logged"; fi

# 5. the idle timeout: back to attract after 60 s, the typed name gone
booth "wait 300
tap Check in
shot search-empty
type private name
wait 59000
expect-screen search
wait 1000
expect-screen attract
tap Check in
shot search-after-idle"
expect_rc 0
cmp -s "$SHOTS/search-empty.png" "$SHOTS/search-after-idle.png" || fail "the search field was not cleared"

# 6. a scan on the search screen goes to confirm and never into the field
booth "wait 300
tap Check in
type jo
wait 100
shot search-jo
scan GB-1003
expect-screen confirm
tap Back
expect-screen search
wait 100
shot search-jo-after"
expect_rc 0
cmp -s "$SHOTS/search-jo.png" "$SHOTS/search-jo-after.png" || fail "the scan changed the search field"
booth "scan NOPE-1
shot not-found
expect-screen attract"
expect_rc 0

# 7. a check-in that cannot be committed is refused on screen, never welcomed
before=$(sql "SELECT count(*) FROM checkins")
GATHERBOOTH_FAULTS=commit=EIO booth "wait 300
scan GB-1001
tap Check in
expect-screen error
shot checkin-failed
tap OK
scan GB-1001
tap Check in
expect-screen consent"
expect_rc 0
grep -q "screen confirm -> error" "$T/err" || fail "no error screen"
expect_eq "$(sql "SELECT count(*) FROM checkins")" $((before + 1)) "only the second check-in stored"

# 8. the row is committed before the welcome: killed the moment consent shows, it is there
printf 'wait 300\nscan GB-1002\ntap Check in\nwait 600000\n' > "$T/kill.script"
"$GATHERBOOTH" run --headless --demo --data "$DATA" --script "$T/kill.script" > /dev/null 2> "$T/kill.err" &
pid=$!
wait_for "$T/kill.err" "screen confirm -> consent" || true
kill -9 "$pid"
wait "$pid" 2> /dev/null || true
grep -q "screen confirm -> consent" "$T/kill.err" || fail "consent never showed"
expect_eq "$(sql "SELECT count(*) FROM checkins c JOIN attendees a ON a.id = c.attendee WHERE a.badge_code = 'GB-1002'")" 1 "committed before consent"
echo "ok: check-in, walk-in, undo, PIN lockout, idle timeout, scanner, refused commit"
