#!/usr/bin/env bash
# Printing through a real cupsd: the tests' own (tests/print/cupsd.sh), with simulated printers
# that keep what they receive. A strip goes out on Print as a 4x6 in sheet of two strips, a
# check-in's badge on the badge printer; a second Print tap makes no second job; an out-of-paper
# printer stops its queue, guests and staff are told, and Resume prints what waited; cupsd
# stopped and started again, a print CUPS lost, a printer that refuses jobs, a missing badge
# printer and badge stock the printer does not have are each shown to staff.
. "$(dirname "$0")/lib.sh"
. "$SRCDIR/tests/print/cupsd.sh"
grep -q 'HAVE_CUPS 1' "$BUILDDIR/build-config.h" || { echo "SKIP: built without CUPS (-Dcups)"; exit 77; }
command -v cupsd > /dev/null || fail "cupsd is not installed (Debian: cups-daemon)"
trap 'cups_stop; rm -rf "$T"' EXIT
cups_start "$T/cups" || fail "the test's cupsd did not start"
cups_queue strip 2> /dev/null
cups_queue badge 2> /dev/null
OUTDIR="$CUPS_DIR/out"
export GATHERBOOTH_CONFIG="$T/gatherbooth.conf"
conf() { # STRIP_PRINTER [BADGE_PRINTER [BADGE_STOCK [MORE]]]
  printf '[print]\nstrip_printer = %s\nbadge_printer = %s\nprint = ask\nbadge_stock = %s\n%s\n' \
    "$1" "${2:-badge}" "${3:-dymo30857}" "${4:-}" > "$GATHERBOOTH_CONFIG"
}
docs() { find "$OUTDIR" -name "$1-*.doc" | wc -l; }

# --- a queue that does not exist: FILE:LINE, the queues there are, exit 2 ---
conf nosuch
booth "wait 100"
expect_rc 2
grep -qF "$GATHERBOOTH_CONFIG:2: strip_printer: no printer queue \"nosuch\" (the queues are: " <<< "$err" ||
  fail "unknown queue: $err"
grep -q "badge" <<< "$err" && grep -q "strip" <<< "$err" || fail "the queues are not named: $err"
[ ! -e "$DATA/gatherbooth.db" ] || [ "$(sql "SELECT count(*) FROM prints")" = 0 ] ||
  fail "a print was stored by a booth that did not start"

# --- a strip: Print, and Print again on the way out; one job, two strips on 4x6 in ---
conf strip
booth "wait 300
press
wait 16000
tap-at 0.74 0.36
tap-at 0.74 0.36
expect-screen saved
expect-printer strips strip: ready, 0 waiting, 1 printed
shot thanks"
expect_rc 0
expect_eq "$(docs strip)" 1 "strip jobs after two Print taps"
expect_eq "$(sql "SELECT count(*) FROM prints WHERE kind = 'strip' AND state = 'done'")" 1 "done strip rows"
doc=$(find "$OUTDIR" -name 'strip-*.doc')
expect_eq "$("$PNGTOOL" info "$doc")" 1200x1800 "the printed sheet's pixels"
python3 - "$doc" <<'PY' || fail "the sheet does not say 300 dpi"
import struct, sys
data = open(sys.argv[1], "rb").read()
i = data.index(b"pHYs")
x, y, unit = struct.unpack(">IIB", data[i + 4:i + 13])
assert unit == 1 and abs(x * 0.0254 - 300) < 0.5 and x == y, (x, y, unit)
PY
grep -q 'media=na_index-4x6_4x6in' "${doc%.doc}.opts" || fail "media: $(cat "${doc%.doc}.opts")"
strip=$DATA/$(sql "SELECT path FROM photos WHERE kind = 'strip'")
"$PNGTOOL" crop "$doc" 0 0 600 1800 "$T/left.png"
"$PNGTOOL" crop "$doc" 600 0 600 1800 "$T/right.png"
"$PNGTOOL" diff "$T/left.png" "$strip" > /dev/null || fail "the sheet's left half is not the strip"
"$PNGTOOL" diff "$T/right.png" "$strip" > /dev/null || fail "the sheet's right half is not the strip"

# --- a check-in prints the badge, on DYMO 30857 labels, with the badge code's QR ---
booth "wait 300
scan GB-1004
tap Check in
tap Skip photo
expect-printer badges badge: ready, 0 waiting, 1 printed"
expect_rc 0
expect_eq "$(docs badge)" 1 "badge jobs"
badge=$(find "$OUTDIR" -name 'badge-*.doc')
expect_eq "$("$PNGTOOL" info "$badge")" 1200x675 "the printed badge's pixels"
if command -v zbarimg > /dev/null; then
  zbarimg -q --raw "$badge" | grep -qx GB-1004 || fail "the printed badge's QR code does not read GB-1004"
fi
grep -Eq 'media=[^ ]*(2.25x4in|w162h288)' "${badge%.doc}.opts" || fail "badge media: $(cat "${badge%.doc}.opts")"

# --- staff reprint a badge from the recent check-ins; a second check-in prints none ---
booth "wait 300
scan GB-1004
wait 3000
$STAFF_LOGIN
tap Recent check-ins
tap Reprint badge: Anna Müller
expect-printer badges badge: ready, 0 waiting, 2 printed"
expect_rc 0
expect_eq "$(docs badge)" 2 "badge jobs after a second scan and a reprint"

# --- out of paper: the queue stops; guests and staff are told; Resume prints what waited ---
touch "$OUTDIR/strip.stop"
: > "$T/err" # the waiter below reads the next run's log, not the last one's
(wait_for "$T/err" "printer strips strip: out of paper" 120 && rm -f "$OUTDIR/strip.stop") &
refill=$!
booth "wait 300
press
wait 16000
tap Print
expect-printer strips strip: out of paper
expect-printer 1 waiting
tap Done
expect-screen attract
shot attract-paper
$STAFF_LOGIN
tap Printing
shot staff-paper
tap Resume printer
expect-printer strips strip: ready, 0 waiting, 2 printed"
expect_rc 0
expect_text "The printer is out of paper. Your photos are saved and will print once it is refilled."
expect_text "Strip printer (strip): out of paper"
wait "$refill"
expect_eq "$(docs strip)" 2 "strip jobs after Resume"

# --- cupsd stopped: printing is off, the booth goes on; started again, the print goes out ---
cups_stop
(end=$((SECONDS + 120))
  until [ -e "$SHOTS/staff-off.png" ] || [ $SECONDS -ge $end ]; do sleep 0.05; done
  cups_start "$T/cups" > "$T/restart.log" 2>&1) &
restarter=$!
booth "wait 300
expect-printer service not running
press
wait 16000
tap Print
tap Done
expect-screen attract
$STAFF_LOGIN
tap Printing
shot staff-off
expect-printer strips strip: ready, 0 waiting, 3 printed"
expect_rc 0
expect_text "Printing is off: the print service is not running"
wait "$restarter"
expect_eq "$(docs strip)" 3 "strip jobs after cupsd came back"

# --- a print CUPS lost (its spool gone while the queue was stopped): staff send it again ---
touch "$OUTDIR/strip.stop"
booth "wait 300
press
wait 16000
tap Print
expect-printer strips strip: out of paper"
expect_rc 0
# cupsd restarted with the job waiting: CUPS keeps it, so the booth still waits for it
cups_stop
cups_start "$T/cups" || fail "cupsd did not start again"
booth "wait 300
expect-printer strips strip: out of paper, 1 waiting, 3 printed, 0 lost"
expect_rc 0
# and restarted without its spool: CUPS lost the job, and staff decide
cups_stop
rm -rf "$CUPS_DIR/spool"/[cd]* "$CUPS_DIR/cache/job.cache"
rm -f "$OUTDIR/strip.stop"
cups_start "$T/cups" || fail "cupsd did not start again"
cups_do cupsenable strip
booth "wait 300
expect-printer 1 lost
$STAFF_LOGIN
tap Printing
shot staff-lost
tap Resend lost prints
expect-printer strips strip: ready, 0 waiting, 4 printed, 0 lost"
expect_rc 0
expect_text "1 print was lost by the print service or a restart."
expect_eq "$(docs strip)" 4 "strip jobs after the lost print was sent again"

# --- a print the booth was handing over when it stopped: lost, never sent twice by itself ---
python3 - "$DATA/gatherbooth.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO prints (kind, session, printer, state, created) SELECT 'strip', max(id),"
           " 'strip', 'sending', '2026-11-29T09:00:00Z' FROM sessions")
db.commit()
PY
booth "wait 300
expect-printer 1 lost"
expect_rc 0
expect_eq "$(docs strip)" 4 "strip jobs after a restart with a print half sent"

# --- a printer that refuses jobs: CUPS's own reason for staff ---
cups_do cupsreject strip
booth "wait 300
$STAFF_LOGIN
tap Printing
tap Reprint last strip
expect-printer 1 failed
shot staff-refused"
expect_rc 0
expect_text "Not printed: Destination \"strip\" is not accepting jobs."
grep -q 'not accepting jobs' "$T/err" || fail "CUPS's reason is not in the log: $(grep print "$T/err" | tail -3)"
cups_do cupsaccept strip

# --- the printer dies in the middle of a job: CUPS retries it (Debian's retry-job), staff see
# CUPS's words while it waits, and it prints once when the printer answers again ---
touch "$OUTDIR/strip.hang"
: > "$T/err" # the waiter below reads the next run's log, not the last one's
(end=$((SECONDS + 120))
  until compgen -G "$OUTDIR/strip-*.hanging" > /dev/null || [ $SECONDS -ge $end ]; do sleep 0.05; done
  touch "$OUTDIR/strip.dead"
  rm -f "$OUTDIR/strip.hang"
  wait_for "$T/err" "printer strips strip: The printer stopped answering" 120
  rm -f "$OUTDIR/strip.dead") &
killer=$!
booth "wait 300
press
wait 16000
tap Print
expect-printer The printer stopped answering, 1 waiting
expect-printer strips strip: ready, 0 waiting, 5 printed"
expect_rc 0
wait "$killer"
expect_eq "$(docs strip)" 5 "strip jobs after the printer died mid-job and came back"

# --- a printer that never answers again: CUPS gives the job up after its tries, staff read
# why it was not printed ---
cups_stop
CUPS_RETRY_LIMIT=1 cups_start "$T/cups" || fail "cupsd did not start again"
touch "$OUTDIR/strip.dead"
booth "wait 300
press
wait 16000
tap Print
expect-printer 2 failed
$STAFF_LOGIN
tap Printing
shot staff-aborted"
expect_rc 0
expect_text "Not printed: The printer stopped answering"
expect_eq "$(sql "SELECT state FROM prints ORDER BY id DESC LIMIT 1")" failed "the print CUPS gave up"
rm -f "$OUTDIR/strip.dead"
cups_stop
cups_start "$T/cups" || fail "cupsd did not start again"

# --- the badge printer gone while the strip printer works; then badge stock it lacks ---
: > "$T/err" # the waiter below reads the next run's log, not the last one's
(wait_for "$T/err" "printer badges badge: ready" 120 && cups_do lpadmin -x badge) &
remover=$!
booth "wait 300
expect-printer badges badge: cupsd has no printer
scan GB-1001
tap Check in
tap Skip photo
wait 3000
press
wait 16000
tap Print
expect-printer strips strip: ready, 0 waiting, 6 printed"
expect_rc 0
wait "$remover"
expect_eq "$(sql "SELECT count(*) FROM prints WHERE kind = 'badge' AND state = 'queued'")" 1 \
  "the badge waiting for its printer"
sed '/w176h283/d' "$SRCDIR/tests/print/test.ppd" > "$T/no-dk.ppd"
cups_queue badge "$T/no-dk.ppd" 2> /dev/null
conf strip badge dk1202
booth "wait 300
expect-printer it has no Brother DK-1202 (62 x 100 mm) media
$STAFF_LOGIN
tap Printing
shot staff-media"
expect_rc 0
expect_eq "$(docs badge)" 2 "badges printed on the wrong stock"
expect_text "it has no Brother DK-1202"

# --- gatherbooth check names each printer's state ---
set +e
report=$(GATHERBOOTH_CAMERA=synthetic "$GATHERBOOTH" check --no-wait --config "$GATHERBOOTH_CONFIG" --data "$DATA" 2>&1)
set -e
grep -q "^PASS strips   strip: ready" <<< "$report" || fail "check, strips: $report"
grep -q "^FAIL badges   badge: it has no Brother DK-1202 (62 x 100 mm) media" <<< "$report" ||
  fail "check, badges: $report"

# --- the event's print limit: the photos are kept, no print is made, the guest is told ---
conf strip badge dymo30857 "limit = 6"
rows=$(sql "SELECT count(*) FROM prints")
booth "wait 300
press
wait 16000
tap Print
wait 500
shot limit"
expect_rc 0
expect_text "This event's prints are used up. Your photos are saved."
expect_no_text "Your strip is printing."
expect_eq "$(sql "SELECT count(*) FROM prints")" "$rows" "print rows past the limit"
# --- copies per session, a check-in's photo on the printed badge ---
conf strip badge dymo30857 "copies = 2"
strips_done=$(sql "SELECT count(*) FROM prints WHERE kind = 'strip' AND state = 'done'")
badges_due=$(sql "SELECT count(*) FROM prints WHERE kind = 'badge' AND state IN ('done', 'queued', 'sent')")
booth "wait 300
scan GB-1002
tap Check in
tap Take photo
wait 3500
tap Keep
expect-printer badges badge: ready, 0 waiting, $((badges_due + 1)) printed
wait 5000
press
wait 16000
tap Print
expect-printer strips strip: ready, 0 waiting, $((strips_done + 1)) printed"
expect_rc 0
newest() { ls -t "$OUTDIR"/$1-*.doc | head -1; }
grep -qx 'copies=2' "$(newest strip | sed 's/\.doc$/.opts/')" || fail "copies = 2 did not reach CUPS"
photo_badge=$(newest badge)
zbarimg -q --raw "$photo_badge" | grep -qx GB-1002 || fail "the photo badge's QR code does not read GB-1002"
"$PNGTOOL" crop "$badge" 60 100 280 380 "$T/no-photo.png"
"$PNGTOOL" crop "$photo_badge" 60 100 280 380 "$T/photo.png"
if "$PNGTOOL" diff "$T/no-photo.png" "$T/photo.png" > /dev/null; then
  fail "the badge printed after a check-in photo has no photo"
fi

# --- Cancel waiting prints: the strip waiting at a stopped printer never comes out ---
conf strip
touch "$OUTDIR/strip.stop"
before=$(docs strip)
booth "wait 300
press
wait 16000
tap Print
expect-printer strips strip: out of paper, 1 waiting
wait 5000
$STAFF_LOGIN
tap Printing
tap Cancel waiting prints
expect-printer strips strip: out of paper, 0 waiting"
expect_rc 0
expect_eq "$(sql "SELECT state FROM prints WHERE kind = 'strip' ORDER BY id DESC LIMIT 1")" cancelled \
  "the print staff cancelled"
rm -f "$OUTDIR/strip.stop"
cups_do cupsenable strip
expect_eq "$(lpstat -o strip | wc -l)" 0 "jobs left in cupsd after Cancel waiting prints"
expect_eq "$(docs strip)" "$before" "strips printed after Cancel waiting prints"

# --- the export counts what was printed ---
"$GATHERBOOTH" export --data "$DATA" "$T/export" > /dev/null
python3 - "$T/export" "$(sql "SELECT sum(copies) FROM prints WHERE kind = 'strip' AND state = 'done'")" \
  "$(sql "SELECT sum(copies) FROM prints WHERE kind = 'badge' AND state = 'done'")" <<'PY' ||
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1] + "/photos.csv", encoding="utf-8-sig", newline="")))
strips = sum(int(r["Printed"]) for r in rows if r["Kind"] == "strip")
badges = sum(int(r["Printed"] or 0) for r in rows if r["File"].startswith("badges/"))
assert (strips, badges) == (int(sys.argv[2]), int(sys.argv[3])), (strips, badges, sys.argv[2:])
assert all(r["Printed"] == "" for r in rows if r["Kind"] == "shot"), "a shot counted as printed"
PY
  fail "photos.csv does not count the prints"
echo "print: ok"
