#!/usr/bin/env bash
# Every screen, as a guest and staff see it, at 800x480 (the 7" panel) and 720x1280 (a portrait
# panel), compared exactly with tests/golden/screens/SIZE/NAME.png (UPDATE_GOLDEN=1 rewrites
# them). A scripted run's clock is fixed (09:00 UTC on 29 November 2026, plus the script's
# time) and the free space is given, so the pictures are the same on any machine and day.
. "$(dirname "$0")/lib.sh"
export TZ=UTC GATHERBOOTH_FREE_MB=25000

SCREENS="attract staff-pin staff search walkin confirm consent countdown capture review saved error"

# every screen but the error in one run: staff before any photo (the staff page would show
# the last file's name, which carries the time of day), then a check-in with its photo
script="wait 1000
expect-screen attract
shot attract
hold 3000
expect-screen staff-pin
tap 1
tap 2
shot staff-pin
tap 3
tap 4
tap OK
expect-screen staff
shot staff
tap Exit staff
expect-screen attract
tap Check in
type jo
wait 100
expect-screen search
shot search
tap Not on the list?
expect-screen walkin
shot walkin
tap Back
expect-screen search
tap Back
expect-screen attract
wait 500
scan GB-1004
expect-screen confirm
shot confirm
tap Check in
expect-screen consent
shot consent
tap Take photo
expect-screen countdown
wait 1500
shot countdown
wait 1600
expect-screen capture
shot capture
wait 1000
expect-screen review
wait 200
shot review
tap Keep
wait 500
expect-screen saved
shot saved
tap Done
expect-screen attract
quit"
# then a session whose third photo cannot be written: the error screen
failing="wait 500
press
wait 16000
expect-screen review
tap Keep
expect-screen error
shot error
quit"

for size in 800x480 720x1280; do
  rm -rf "$DATA" "$SHOTS" && mkdir -p "$SHOTS"
  printf '[display]\nsize = %s\n' "$size" > "$T/$size.conf"
  GATHERBOOTH_CONFIG="$T/$size.conf" booth "$script"
  expect_rc 0
  words=$trace
  GATHERBOOTH_CONFIG="$T/$size.conf" GATHERBOOTH_FAULTS=write=ENOSPC@2 booth "$failing"
  expect_rc 0
  trace="$words
$trace"
  for name in $SCREENS; do
    [ -f "$SHOTS/$name.png" ] || fail "$size: no screenshot of $name"
    mkdir -p "$SRCDIR/tests/golden/screens/$size"
    if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
      cp "$SHOTS/$name.png" "$SRCDIR/tests/golden/screens/$size/$name.png"
      continue
    fi
    "$PNGTOOL" diff ${GOLDEN_TOLERANT:+--tolerant} "$SHOTS/$name.png" \
      "$SRCDIR/tests/golden/screens/$size/$name.png" > "$T/diff" ||
      fail "$size: the $name screen differs from tests/golden/screens/$size/$name.png: $(cat "$T/diff")"
  done
  # the words on the screens, where a wrong one fails with the word
  expect_text "Press the button"
  expect_text "Not on the list?"
  expect_text "José García"
  expect_text "Anna Müller"
  expect_text "Keep this photo?"
  expect_text "Thanks, Anna!" 3FB950
  expect_text "Checked in: 0 of"
  expect_no_text "photos/"
  echo "ok: $size: every screen as its golden"
done
