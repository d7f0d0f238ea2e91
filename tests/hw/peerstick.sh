# Two kiosks with no network between them, and one USB stick that goes back and forth: a FAT
# image behind a configfs mass-storage gadget on dummy_hcd (a disk the kernel enumerates over
# USB, unplugged by taking the gadget off its controller), mounted under /media as a desktop
# would. Door A checks Anna in with her photo and carries to the stick from the staff screen;
# Door B checks María in, and its carry takes in A's and puts its own on the stick; back at A,
# the stick brings B's. Both kiosks then agree on who is checked in where, hold Anna's photo
# and the same badges byte for byte, and the stick, read back, holds both kiosks' changesets.
set -eu
. "$SRCDIR/tests/hw/common.sh"
D=/tmp/peerstick
rm -rf "$D" && mkdir -p "$D"
stick_image "$D/stick.img" KIOSKS
udev_start
export SDL_VIDEODRIVER=dummy
for k in A B; do
  mkdir -p "$D/sync-$k"
  printf '[booth]\ndata = %s\n[peers]\nfolder = %s\nname = Door %s\n' \
    "$D/data-$k" "$D/sync-$k" "$k" > "$D/$k.conf"
done
mountpoint -q /media || mount -t tmpfs -o size=1m,mode=0755 gatherbooth-test /media
mkdir -p /media/KIOSKS

# kiosk K SCRIPT: the booth K, headless on the synthetic camera, scripted
kiosk() {
  printf '%s\n' "$2" > "$D/$1.script"
  GATHERBOOTH_TRACE=1 "$BUILDDIR/gatherbooth" run --headless --demo --config "$D/$1.conf" \
    --script "$D/$1.script" > /dev/null 2> "$D/$1.err" ||
    { grep -v '^trace: ' "$D/$1.err" | tail -5; echo "FAIL: kiosk $1's run failed"; exit 1; }
}
# carry K: the stick plugged into kiosk K and mounted; staff carry from the Kiosks page and wait
# to be told they may pull it; then it is unmounted and pulled
carry() {
  stick_plug "$D/stick.img"
  mount -t vfat "/dev/$STICK_DEV" /media/KIOSKS
  kiosk "$1" "wait 500
hold 3000
tap 1
tap 2
tap 3
tap 4
tap OK
expect-screen staff
tap Kiosks
tap Carry on USB stick
expect-notice You can remove the USB stick now.
quit"
  umount /media/KIOSKS
  stick_unplug
  grep '^trace: carried ' "$D/$1.err" | sed "s/^trace: /  Door $1 /"
}
q() { # q K SQL: rows from kiosk K's database, fields joined by |
  python3 -c 'import sqlite3, sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in r))' "$D/data-$1/gatherbooth.db" "$2"
}
standing() {
  q "$1" "SELECT a.uuid, (SELECT c.kiosk_id FROM checkins c WHERE c.attendee = a.id
    AND c.undone_at IS NULL ORDER BY c.at_wall, c.uuid LIMIT 1) FROM attendees a ORDER BY a.uuid"
}

# Door A: Anna, with her photo
kiosk A "wait 500
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
tap Done
quit"
carry A
# Door B: María, without one; the stick brings Anna from A
kiosk B "wait 500
scan GB-1002
tap Check in
tap Skip photo
tap Done
quit"
carry B
# back at Door A: María from B
carry A

a_id=$(q A "SELECT value FROM meta WHERE key = 'kiosk_id'")
b_id=$(q B "SELECT value FROM meta WHERE key = 'kiosk_id'")
[ "$(standing A)" = "$(standing B)" ] ||
  { standing A; echo "--"; standing B; echo "FAIL: A and B disagree"; exit 1; }
for k in A B; do
  got=$(q $k "SELECT group_concat(x, ' ') FROM (SELECT a.badge_code || '@' || c.kiosk_id AS x
    FROM checkins c JOIN attendees a ON a.id = c.attendee WHERE c.undone_at IS NULL
    ORDER BY a.badge_code)")
  want="GB-1002@$b_id GB-1004@$a_id"
  [ "$got" = "$want" ] || { echo "FAIL: at $k the check-ins are $got, not $want"; exit 1; }
done
# Anna's photo at B, whole
path=$(q B "SELECT path FROM photos WHERE kind = 'shot'")
sha=$(q B "SELECT sha256 FROM photos WHERE kind = 'shot'")
[ -n "$path" ] && [ "$(sha256sum < "$D/data-B/$path" | cut -c1-64)" = "$sha" ] ||
  { echo "FAIL: Anna's photo did not reach B whole ($path)"; exit 1; }
# the same badges, drawn at each kiosk from the same facts
for k in A B; do
  (cd "$D/data-$k/badges" && sha256sum -- *.png) > "$D/badges-$k"
done
cmp -s "$D/badges-A" "$D/badges-B" ||
  { diff "$D/badges-A" "$D/badges-B"; echo "FAIL: A's and B's badges differ"; exit 1; }
# the stick, read back: both kiosks' changesets
mkdir -p "$D/back"
mount -o loop,ro "$D/stick.img" "$D/back"
on_stick=$(ls "$D/back/gatherbooth-peers" | grep -c '\.changeset$' || true)
from_a=$(ls "$D/back/gatherbooth-peers" | grep -c "^$a_id-" || true)
from_b=$(ls "$D/back/gatherbooth-peers" | grep -c "^$b_id-" || true)
umount "$D/back"
[ "$from_a" -gt 0 ] && [ "$from_b" -gt 0 ] ||
  { echo "FAIL: the stick holds $from_a changesets of A and $from_b of B"; exit 1; }
echo "ok: one stick plugged in three times (A, B, A) over USB; A and B agree on" \
  "$(q A "SELECT count(*) FROM checkins WHERE undone_at IS NULL") check-ins, Anna's photo" \
  "reached B whole, $(wc -l < "$D/badges-A") badges alike; $on_stick changesets on the stick"
