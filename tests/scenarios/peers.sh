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
wait 4000"

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
wait 4000
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
wait 4000
quit"

# 3. C, cut off: a guest checked in, then undone by staff; another kept
kiosk C "wait 300
scan GB-1002
tap Check in
tap Skip photo
wait 4000
scan GB-1003
tap Check in
tap Skip photo
wait 4000
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
