#!/usr/bin/env bash
# Accessibility on the guest's side: the button in the start screen's corner opens a panel
# where a guest turns on large text (or high contrast) for their visit; their check-in and photo
# are drawn so (each screen against its golden, tests/golden/access-*.png; UPDATE_GOLDEN=1
# rewrites them); the next guest starts as staff set it. The config's high_contrast makes high
# contrast every guest's start; so does staff's switch on the Language and access page, and it
# stays over a restart.
. "$(dirname "$0")/lib.sh"

booth "wait 500
expect-screen attract
tap Accessibility
shot access-panel
tap Large text
tap Done
wait 100
shot access-attract
scan GB-1004
expect-screen confirm
shot access-confirm
tap Check in
expect-screen consent
shot access-consent
tap Take photo
expect-screen countdown
wait 1500
shot access-countdown
wait 2500
expect-screen review
wait 200
shot access-review
tap Keep
expect-screen saved
shot access-saved
tap Done
expect-screen attract
wait 100
shot access-next
quit"
expect_rc 0
for name in panel attract confirm consent countdown review saved next; do
  golden "access-$name"
done
# the panel's switches say their state; the next guest's screen is drawn as the first's was not
"$PNGTOOL" diff "$SHOTS/access-next.png" "$SHOTS/access-attract.png" > /dev/null 2>&1 &&
  fail "the next guest still had large text"
expect_eq "$(sql "SELECT count(*) FROM f_checkins")" 1 "check-ins"
echo "ok: a guest's visit in large text, and the next guest's as staff set it"

# the config's high_contrast: every guest starts in high contrast
printf '[booth]\nhigh_contrast = yes\n' > "$T/hc.conf"
GATHERBOOTH_CONFIG="$T/hc.conf" booth "wait 500
shot access-high
quit"
expect_rc 0
golden access-high

# staff: high contrast for every guest, kept over a restart
booth "wait 500
$STAFF_LOGIN
tap Settings
tap Language
tap High contrast
wait 100
tap Back
tap Exit staff
expect-screen attract
quit"
expect_rc 0
expect_eq "$(sql "SELECT value FROM meta WHERE key = 'setting.access'")" 2 "the setting kept"
booth "wait 500
shot access-high
quit"
expect_rc 0
golden access-high
echo "ok: high contrast for every guest, from the config and from the staff screen"

# a screen mounted tall: a guest turns on Lower buttons, and every control they use is in the
# lower half (tests/golden/access-low-*.png); the config's low_controls does the same for every
# guest
rm -rf "$DATA" # staff's high contrast above is kept in it
printf '[display]\nsize = 480x800\n' > "$T/tall.conf"
GATHERBOOTH_CONFIG="$T/tall.conf" booth "wait 500
tap Accessibility
tap Lower buttons
tap Done
wait 100
shot access-low-attract
tap Check in
expect-screen search
type mar
shot access-low-search
tap Back
expect-screen attract
quit"
expect_rc 0
golden access-low-attract
golden access-low-search
printf '[display]\nsize = 480x800\n[booth]\nlow_controls = yes\n' > "$T/low.conf"
GATHERBOOTH_CONFIG="$T/low.conf" booth "wait 600
shot access-low-attract
quit"
expect_rc 0
golden access-low-attract
echo "ok: on a tall screen, the controls in its lower half for a guest who asks, or for all"
