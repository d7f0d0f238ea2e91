#!/usr/bin/env bash
# Several kiosks at one door, each with its own sync folder, and the network between them
# played by copying files between those folders (as Syncthing does; tests/peers/syncthing.sh
# runs the real one). Kiosk C is cut off while guests are checked in everywhere: the same guest
# at two kiosks, walk-ins, an undo, photos; then the network heals and all three must agree.
# Then a kiosk with no network at all gets everything from a USB stick, and a kiosk whose clock
# is an hour off still agrees with the others.
. "$(dirname "$0")/lib.sh"
export GATHERBOOTH_DEBUG=1

for k in A B C D; do
  mkdir -p "$T/sync-$k"
  printf '[booth]\ndata = %s\n[peers]\nfolder = %s\nname = Door %s\n' \
    "$T/data-$k" "$T/sync-$k" "$k" > "$T/$k.conf"
done

# kiosk K SCRIPT: the booth K, headless, scripted; sets $rc, $trace, $log
kiosk() {
  local k=$1
  printf '%s\n' "$2" > "$T/$k.script"
  set +e
  GATHERBOOTH_TRACE=1 "$GATHERBOOTH" run --headless --demo --config "$T/$k.conf" \
    --script "$T/$k.script" --screenshots "$SHOTS" > "$T/out" 2> "$T/err"
  rc=$?
  set -e
  trace=$(grep '^trace: ' "$T/err" || true)
  log=$(grep -v '^trace: ' "$T/err" || true)
  [ "$rc" -eq 0 ] || { cat "$T/err" >&2; fail "kiosk $k: exit status $rc"; }
}

# net FROM TO: what FROM's folder holds that TO's lacks, copied (never over a file)
net() {
  cp -rn --preserve=timestamps "$T/sync-$1/." "$T/sync-$2/"
}

# sync K: one round on kiosk K from a shell; its lines in $synced
sync_kiosk() {
  synced=$("$GATHERBOOTH" sync --config "$T/$1.conf" 2> "$T/sync.err") ||
    { cat "$T/sync.err" >&2; fail "sync on $1: exit status $?"; }
}

q() { # q K SQL: one value from kiosk K's database
  DATA="$T/data-$1" sql "$2"
}

# standing check-ins, as (attendee, check-in) uuids: what every kiosk must agree on
standing() {
  python3 - "$T/data-$1/gatherbooth.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for row in db.execute("""SELECT a.uuid, a.display_name,
    (SELECT c.uuid FROM checkins c WHERE c.attendee = a.id AND c.undone_at IS NULL
     ORDER BY c.at_wall, c.uuid LIMIT 1)
  FROM attendees a ORDER BY a.uuid"""):
    print(*row)
PY
}

CHECKIN_ANNA="wait 300
scan GB-1004
expect-screen confirm
tap Check in
expect-screen consent
tap Take photo
wait 3500
expect-screen review
tap Keep
wait 500
expect-screen saved
tap Done"

# 1. A: Anna with her photo, and a walk-in
kiosk A "$CHECKIN_ANNA
tap Check in
type Zed
tap Not on the list?
expect-screen walkin
tap Space
type Shaw
tap Add and check in
expect-screen consent
tap Skip photo
tap Done
expect-screen attract
quit"
ls "$T/sync-A"/*.changeset > /dev/null 2>&1 || fail "A wrote no changeset into its folder: $(ls -R "$T/sync-A")"
anna_photo=$(q A "SELECT path FROM photos WHERE kind = 'shot'")
[ -f "$T/sync-A/$(q A "SELECT value FROM meta WHERE key = 'kiosk_id'")/$anna_photo" ] ||
  fail "A's photo is not in its sync folder"

# 2. B, which has not heard from A: Anna again (a second check-in), a walk-in of its own
kiosk B "$CHECKIN_ANNA
tap Check in
type Yara
tap Not on the list?
tap Space
type Diaz
tap Add and check in
tap Skip photo
tap Done
quit"

# 3. C, cut off: a guest checked in, then undone by staff; another kept
kiosk C "wait 300
scan GB-1002
tap Check in
tap Skip photo
tap Done
scan GB-1003
tap Check in
tap Skip photo
tap Done
$STAFF_LOGIN
tap Recent check-ins
tap Undo
wait 300
quit"
expect_eq "$(q C "SELECT count(*) FROM checkins WHERE undone_at IS NOT NULL")" 1 "C's undo"

# A and B meet; C stays cut off
net A B
net B A
sync_kiosk A
sync_kiosk B
grep -q '^applied ' <<< "$synced" || fail "B applied nothing from A: $synced"
expect_eq "$(standing A)" "$(standing B)" "A and B agree"
[ "$(standing A)" != "$(standing C)" ] || fail "C agrees without having heard anything"

# the double check-in is kept, and the earliest stands: A's
expect_eq "$(q B "SELECT count(*) FROM checkins c JOIN attendees a ON a.id = c.attendee WHERE a.badge_code = 'GB-1004'")" 2 "both check-ins of Anna kept"
a_id=$(q A "SELECT value FROM meta WHERE key = 'kiosk_id'")
expect_eq "$(q B "SELECT c.kiosk_id FROM checkins c JOIN attendees a ON a.id = c.attendee WHERE a.badge_code = 'GB-1004' AND c.undone_at IS NULL ORDER BY c.at_wall, c.uuid LIMIT 1")" "$a_id" "Anna's standing check-in is A's"
# staff at B see where and when
out=$("$GATHERBOOTH" checkin --config "$T/B.conf" --code GB-1004 2>/dev/null)
case "$out" in *"already checked in at Door A, "*) ;; *) fail "B's checkin said: $out" ;; esac
kiosk B "wait 300
scan GB-1004
expect-screen confirm
shot b-confirm
quit"
grep -q 'trace: text .*Already checked in at Door A, ' <<< "$trace" ||
  fail "B's confirm screen does not say Door A: $(grep 'Already' <<< "$trace")"

# 4. the network heals: everything reaches everyone
for round in 1 2; do
  for k in A B C; do
    for j in A B C; do [ "$k" = "$j" ] || net "$k" "$j"; done
  done
  for k in A B C; do sync_kiosk "$k"; done
done
expect_eq "$(standing A)" "$(standing B)" "A and B agree after healing"
expect_eq "$(standing A)" "$(standing C)" "A and C agree after healing"
expect_eq "$(q C "SELECT count(*) FROM attendees WHERE source = 'walkin'")" 2 "both walk-ins at C"
expect_eq "$(q A "SELECT count(DISTINCT attendee) FROM checkins WHERE undone_at IS NULL")" 4 "Anna, Zed, Yara and one of C's"
# every photo once in each data folder, with its checksum
for k in A B C; do
  expect_eq "$(q $k "SELECT count(*) FROM photos WHERE kind <> 'badge'")" 2 "photos at $k"
  while IFS='|' read -r path sha; do
    [ -f "$T/data-$k/$path" ] || fail "$k lacks $path"
    expect_eq "$(sha256sum < "$T/data-$k/$path" | cut -c1-64)" "$sha" "$k's copy of $path"
  done < <(python3 -c "
import sqlite3, sys
for p, s in sqlite3.connect(sys.argv[1]).execute(\"SELECT path, sha256 FROM photos WHERE kind <> 'badge'\"):
    print(p + '|' + s)" "$T/data-$k/gatherbooth.db")
done
# nothing waits, nothing was refused
for k in A B C; do
  expect_eq "$(q $k "SELECT count(*) FROM sync_damage")" 0 "refused at $k"
  expect_eq "$(q $k "SELECT count(*) FROM sync_peers WHERE waiting IS NOT NULL")" 0 "waiting at $k"
done
# a second round brings nothing twice
before=$(q A "SELECT count(*) FROM f_checkins")
sync_kiosk A
expect_eq "$(q A "SELECT count(*) FROM f_checkins")" "$before" "check-ins after another round"
echo "three kiosks agree: $(standing A | wc -l) attendees, $(q A "SELECT count(*) FROM checkins") check-ins"

# staff at B see the other kiosks, and carry everything onto a USB stick
mkdir -p "$T/stick-b"
printf '[booth]\ndata = %s\nexport_dir = %s\n[peers]\nfolder = %s\nname = Door B\n' \
  "$T/data-B" "$T/stick-b" "$T/sync-B" > "$T/B.conf"
kiosk B "wait 300
$STAFF_LOGIN
tap Kiosks
shot b-kiosks
tap Carry on USB stick
expect-notice You can remove the USB stick now.
quit"
grep -q 'trace: text .*This kiosk: Door B' <<< "$trace" || fail "the Kiosks page does not name B"
for k in A C; do
  grep -q "trace: text .*Door $k: last heard [0-9][0-9]:[0-9][0-9]. Its check-ins here: " <<< "$trace" ||
    fail "the Kiosks page lacks Door $k: $(grep 'trace: text' <<< "$trace" | grep -i door)"
done
ls "$T/stick-b/gatherbooth-peers/"*-00000001.changeset > /dev/null 2>&1 ||
  fail "nothing was carried onto the stick: $(ls -R "$T/stick-b")"

# 5. one export from any kiosk holds everything, the same from each: compared file by file,
# badges too (each kiosk draws them from the same facts), apart from the export's own time
for k in A B C; do
  "$GATHERBOOTH" export --config "$T/$k.conf" "$T/export-$k" > /dev/null 2>&1 ||
    fail "export at $k failed"
done
python3 "$SRCDIR/tests/scenarios/same-exports.py" --photos 2 --badges 5 "$XLSXDUMP" \
  "$T"/export-{A,B,C} ||
  fail "the kiosks' exports differ"
python3 - "$T" <<'PY' || fail "the export lacks what other kiosks did"
import csv, io, sys
t = sys.argv[1]
rows = list(csv.DictReader(io.StringIO(open(f"{t}/export-C/photos.csv", encoding="utf-8-sig").read())))
kiosks = sorted(r["Kiosk"] for r in rows if r["Kind"] == "shot")
assert kiosks == ["Door A", "Door B"], kiosks
checkins = open(f"{t}/export-B/checkins.csv", encoding="utf-8-sig").read()
assert "Door C" in checkins and ",undo," in checkins, checkins
PY

# 6. a kiosk with no network at all: a USB stick carries the folder from A, and D's own
# check-in back to A
out=$("$GATHERBOOTH" sync --config "$T/A.conf" --carry "$T/stick" 2>/dev/null) ||
  fail "carrying to the stick failed: $out"
kiosk D "wait 300
scan GB-1005
tap Check in
tap Skip photo
tap Done
quit"
out=$("$GATHERBOOTH" sync --config "$T/D.conf" --carry "$T/stick" 2> "$T/sync.err") ||
  { cat "$T/sync.err" >&2; fail "D's sync from the stick failed"; }
grep -q '^carried [1-9][0-9]* file(s) in' <<< "$out" || fail "D took nothing in: $out"
expect_eq "$(q D "SELECT count(*) FROM photos WHERE kind <> 'badge'")" 2 "photos at D"
out=$("$GATHERBOOTH" sync --config "$T/A.conf" --carry "$T/stick" 2>/dev/null)
expect_eq "$(q A "SELECT count(*) FROM checkins c JOIN attendees a ON a.id = c.attendee WHERE a.badge_code = 'GB-1005'")" 1 "D's check-in reached A by stick"
expect_eq "$(standing D)" "$(standing A)" "D agrees with A"

# 7. a kiosk whose clock is an hour slow: its check-in of the same guest is earlier by its own
# clock, and every kiosk agrees that it stands (the order is the facts', never the files')
if command -v faketime > /dev/null; then
  # (libfaketime is preloaded ahead of AddressSanitizer's runtime in the sanitizer build)
  ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 FAKETIME_NO_CACHE=1 \
    faketime -f -1h "$GATHERBOOTH" checkin --config "$T/C.conf" --code GB-1006 > "$T/slow.out" 2>&1 ||
    fail "the slow kiosk's check-in: $(cat "$T/slow.out")"
  "$GATHERBOOTH" checkin --config "$T/B.conf" --code GB-1006 > /dev/null 2>&1
  for round in 1 2; do
    for k in A B C; do for j in A B C; do [ "$k" = "$j" ] || net "$k" "$j"; done; done
    for k in A B C; do sync_kiosk "$k"; done
  done
  expect_eq "$(standing A)" "$(standing B)" "A and B agree with a slow clock about"
  expect_eq "$(standing A)" "$(standing C)" "A and C agree with a slow clock about"
  c_id=$(q C "SELECT value FROM meta WHERE key = 'kiosk_id'")
  expect_eq "$(q A "SELECT c.kiosk_id FROM checkins c JOIN attendees a ON a.id = c.attendee WHERE a.badge_code = 'GB-1006' AND c.undone_at IS NULL ORDER BY c.at_wall, c.uuid LIMIT 1")" "$c_id" "the slow kiosk's check-in stands"
else
  fail "faketime is not installed (package faketime)"
fi
echo "a stick carried everything to D; a slow clock changed nothing"

# 8. a huge file and a damaged one from a kiosk that is not what it says: refused unread, told
# in one line naming the file, exit status 2, nothing stored touched, and the kiosk's next
# changeset still comes in
mallory=99999999-9999-4999-8999-999999999999
before=$(standing A)
truncate -s 300M "$T/sync-A/$mallory-00000001.changeset"
head -c 5000 /dev/urandom > "$T/sync-A/$mallory-00000002.changeset"
set +e
out=$("$GATHERBOOTH" sync --config "$T/A.conf" 2> "$T/sync.err")
rc=$?
set -e
expect_eq "$rc" 2 "sync's exit status with refused changesets"
grep -q "^refused $mallory-00000001.changeset: larger than 256 MiB" <<< "$out" || fail "the huge file: $out"
grep -q "^refused $mallory-00000002.changeset: " <<< "$out" || fail "the damaged file: $out"
expect_eq "$(standing A)" "$before" "A after refusing two files"
expect_eq "$(q A "SELECT count(*) FROM sync_damage WHERE device = '$mallory'")" 2 "refusals recorded"
echo "refused: $(grep -c '^refused' <<< "$out") files"
rm "$T/sync-A/$mallory-"*

# 9. a re-import with changes is a new version of the guest list, and the newest import wins
# everywhere; an import that changes nothing is no version
versions=$(q A "SELECT count(*) FROM f_rosters")
sed 's/Stadtbibliothek Köln/Zentralbibliothek Köln/' "$SRCDIR/assets/sample-roster.csv" > "$T/roster-v2.csv"
"$GATHERBOOTH" import --config "$T/C.conf" "$T/roster-v2.csv" > /dev/null 2>&1
"$GATHERBOOTH" import --config "$T/B.conf" "$T/roster-v2.csv" > /dev/null 2>&1
"$GATHERBOOTH" import --config "$T/B.conf" "$T/roster-v2.csv" > /dev/null 2>&1
for round in 1 2; do
  for k in A B C; do for j in A B C; do [ "$k" = "$j" ] || net "$k" "$j"; done; done
  for k in A B C; do sync_kiosk "$k"; done
done
for k in A B C; do
  expect_eq "$(q $k "SELECT organization FROM attendees WHERE badge_code = 'GB-1004'")" \
    "Zentralbibliothek Köln" "Anna's organization at $k after the re-import"
  expect_eq "$(q $k "SELECT count(*) FROM f_rosters")" "$((versions + 2))" "guest list versions at $k"
done
expect_eq "$(q A "SELECT file FROM f_rosters ORDER BY at DESC, rowid DESC LIMIT 1")" roster-v2.csv "the version's file"

# 10. pairing by a USB stick: each kiosk leaves its code on it and asks to pair with the others'
for k in A D; do
  mkdir -p "$T/state-$k"
  printf '%s\n' "$k$k$k$k$k$k$k-AAAAAAA-BBBBBBB-CCCCCCC-DDDDDDD-EEEEEEE-FFFFFFF-GGGGGGG" > "$T/state-$k/syncthing-id"
  printf 'syncthing = %s\n' "$T/state-$k" >> "$T/$k.conf"
done
"$GATHERBOOTH" sync --config "$T/A.conf" --carry "$T/stick2" > /dev/null 2>&1 || fail "A's carry for pairing"
out=$("$GATHERBOOTH" sync --config "$T/D.conf" --carry "$T/stick2" 2>/dev/null) || fail "D's carry for pairing"
grep -q '^asked to pair with 1 kiosk' <<< "$out" || fail "D did not pair from the stick: $out"
expect_eq "$(cat "$T/state-D/requests/$(cat "$T/state-A/syncthing-id").pair")" \
  "$(cat "$T/state-A/syncthing-id") dynamic Door A" "D's request for A"
"$GATHERBOOTH" sync --config "$T/A.conf" --carry "$T/stick2" > /dev/null 2>&1
[ -f "$T/state-A/requests/$(cat "$T/state-D/syncthing-id").pair" ] || fail "A did not pair with D from the stick"
echo "guest list versions travel; two kiosks paired by a stick"
