#!/usr/bin/env bash
# Without touch: the same strip session (a retake, then keep) done four ways, by touch, with
# the big button alone (a short press chooses, a press held 0.8 s moves the highlight), with the
# buttons (the second button "next" moves the highlight) and with a keyboard alone (Tab moves,
# Return chooses), ends with the same photos, pixel for pixel. The highlight shows as a ring
# (tests/golden/nav-focus.png).
. "$(dirname "$0")/lib.sh"

# keep a run's photos (4 shots and the strip) by their place in the session
run() {
  rm -rf "$DATA"
  booth "$1"
  expect_rc 0
  mkdir -p "$T/$2"
  for n in shot1 shot2 shot3 shot4 strip; do
    f=$(ls "$DATA"/photos/*/*-$n-* 2> /dev/null) || fail "$2: no $n saved"
    [ "$(wc -l <<< "$f")" = 1 ] || fail "$2: more than one $n: $f"
    cp "$f" "$T/$2/$n.jpg"
  done
}

# the same pictures, pixel for pixel (the files' EXIF time is the machine's)
same() {
  for n in shot1 shot2 shot3 shot4 strip; do
    "$PNGTOOL" diff "$T/touch/$n.jpg" "$T/$1/$n.jpg" > /dev/null ||
      fail "$1: its $n is not the one the touch session saved"
  done
}

# each waits 2 s on the first review, as long as two held presses take: the synthetic camera's
# pictures follow the booth's clock
run "wait 500
tap Press the button
wait 16000
expect-screen review
wait 2000
tap Retake
wait 16000
expect-screen review
tap Keep
expect-screen saved
tap Done
expect-screen attract
quit" touch

# the session without touch: the big button starts it, MOVES (steps taking 2 s) put the
# highlight on Retake, where the screen is saved as SHOT, the button chooses Retake, then Keep
# (the highlight's place on the new review) and Done
without_touch() {
  run "wait 500
press
wait 16000
expect-screen review
$1
shot $2
press
wait 16000
expect-screen review
press
expect-screen saved
press
expect-screen attract
quit" "$3"
  grep -q '^trace: focus Retake' <<< "$trace" || fail "$3: the highlight never reached Retake"
  grep -q '^trace: chose "Retake"' <<< "$trace" || fail "$3: the button did not choose Retake"
}

without_touch "wait 2000
next
next" nav-focus buttons
golden nav-focus
same buttons
echo "ok: the buttons alone: the same photos as by touch"

without_touch "hold 1000
hold 1000" nav-one-button one-button
"$PNGTOOL" diff ${GOLDEN_TOLERANT:+--tolerant} "$SHOTS/nav-one-button.png" \
  "$SRCDIR/tests/golden/nav-focus.png" > /dev/null ||
  fail "the highlight the held presses moved is not where the second button moves it"
same one-button
echo "ok: the big button alone: the same photos as by touch"

# on the start screen a held press calls off the strip its edge began (no photo) and shows the
# highlight, on the call to action; held presses move it on (Check in, then the languages from
# the top), a short press chooses
rm -rf "$DATA"
booth "wait 500
hold 1000
expect-screen attract
hold 1000
hold 1000
hold 1000
press
wait 100
shot nav-held-language
wait 5000
expect-screen attract
quit"
expect_rc 0
grep -q '^trace: chose "Español"' <<< "$trace" || fail "the held presses did not choose Español"
[ -z "$(ls "$DATA"/photos/*/* 2> /dev/null)" ] || fail "a held press took a photo"
grep -q 'Pulsa el botón' <<< "$trace" || fail "the start screen is not in Spanish"
echo "ok: held presses on the start screen: no photo, a language chosen"

# a press held by chance: the highlight is on the call to action, so the next press starts
rm -rf "$DATA"
booth "wait 500
hold 1000
expect-screen attract
press
expect-screen countdown
quit"
expect_rc 0
grep -q '^trace: chose "Press the button"' <<< "$trace" || fail "the next press did not start"
echo "ok: after a press held by chance, the next press starts a strip"

run "wait 500
key Return
wait 16000
expect-screen review
wait 2000
key Tab
key Tab
key Return
wait 16000
expect-screen review
key Return
expect-screen saved
key Return
expect-screen attract
quit" keyboard
grep -q '^trace: chose "Retake"' <<< "$trace" || fail "Return did not choose Retake"
same keyboard
echo "ok: the keyboard alone: the same photos as by touch"

# a touch hides the highlight: the big button does what it always does again
booth "wait 500
press
wait 16000
expect-screen review
next
next
tap-at 0.5 0.05
press
expect-screen saved
quit"
expect_rc 0
grep -q '^trace: chose ' <<< "$trace" && fail "the press chose the highlighted control after a touch"
echo "ok: a touch hides the highlight"

# a badge scanned while the highlight shows: the scanner's Return ends the code
booth "wait 500
key Tab
scan GB-1004
expect-screen confirm
quit"
expect_rc 0
grep -q '^trace: chose ' <<< "$trace" && fail "the scanner's Return chose the highlighted control"
echo "ok: a scan with the highlight showing"
