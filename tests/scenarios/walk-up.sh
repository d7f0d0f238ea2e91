#!/usr/bin/env bash
# A walk-up strip session: press, countdown, capture, review, Keep. Then a strip and four
# shots are on disk, each with its row, and the screenshots match the goldens.
. "$(dirname "$0")/lib.sh"

umask 000 # the booth's files stay private whatever umask it is started with
booth "
wait 1000
expect-screen attract
shot attract
press
expect-screen countdown
wait 1500
shot countdown
wait 1500
expect-screen capture
wait 300
expect-screen countdown
wait 9800
expect-screen review
wait 500
shot review
tap Keep
expect-screen saved
shot saved
wait 19000
expect-screen saved
wait 1000
expect-screen attract
quit"
expect_rc 0
expect_text "for a strip of 4 photos"
expect_text "Photo 1 of 4"
expect_text "Keep these photos?"
expect_text "Thanks!" 3FB950
expect_no_text "photos/"

expect_eq "$(find "$DATA/photos" -name '*-shot?-booth.jpg' | wc -l)" 4 "shot files"
expect_eq "$(find "$DATA/photos" -name '*-strip-booth.jpg' | wc -l)" 1 "strip files"
expect_eq "$(sql "SELECT count(*) FROM sessions")" 1 "sessions"
expect_eq "$(sql "SELECT count(*) FROM photos WHERE kind = 'shot'")" 4 "shot rows"
expect_eq "$(sql "SELECT count(*) FROM photos WHERE kind = 'strip'")" 1 "strip rows"
expect_eq "$(sql "SELECT layout FROM sessions")" strip4 "layout"
expect_eq "$(sql "SELECT count(DISTINCT session) FROM photos")" 1 "photos in one session"
strip=$(find "$DATA/photos" -name '*-strip-booth.jpg')
expect_eq "$("$PNGTOOL" info "$strip")" 600x1800 "strip size"
shot=$(find "$DATA/photos" -name '*-shot1-booth.jpg')
expect_eq "$("$PNGTOOL" info "$shot")" 1920x1080 "shot size"
expect_eq "$(sql "SELECT sha256 FROM photos WHERE kind = 'strip'")" \
  "$(sha256sum "$strip" | cut -d' ' -f1)" "strip sha256"
# files are named under photos/YYYY-MM-DD/
case "$strip" in "$DATA"/photos/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]/*) ;; *) fail "strip at $strip" ;; esac
check_files_and_rows

# the data folder is private
expect_eq "$(stat -c %a "$DATA")" 700 "data folder mode"
expect_eq "$(stat -c %a "$strip")" 600 "photo file mode"
open=$(find "$DATA" -mindepth 1 \( \( -type f ! -perm 600 \) -o \( -type d ! -perm 700 \) \) \
  -printf '%m %p\n')
[ -z "$open" ] || fail "readable by others under umask 000: $open"
umask 022

golden attract
golden countdown
golden review

json=$("$GATHERBOOTH" stats --json --data "$DATA")
python3 - "$json" <<'PY'
import json, sys
s = json.loads(sys.argv[1])
for key in ("attendees", "checked_in", "photos", "strips", "sessions"):
    assert key in s, key
assert s["photos"] == 5 and s["strips"] == 1 and s["sessions"] == 1, s
PY
echo "ok: 4 shots + 1 strip, rows match, screenshots within tolerance"
