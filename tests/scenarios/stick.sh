#!/usr/bin/env bash
# Export to a USB stick the way staff do it: a stick labelled BOOTHEXPORT mounted under /media (a
# loop device, in a mount namespace of the test's own, over a tmpfs of its own on /media, so the
# machine's mounts are untouched), "Export to USB" on the staff screen, the progress as it goes,
# and "You can remove the USB stick now." Then the stick holds the export, whole. The stick is
# ext4 here, since this machine's kernel has no vfat; a FAT stick plugged in over USB is tested
# in the VM (scripts/hw-test).
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root for a loop device and a mount namespace"; exit 77; }
if [ -n "${GATHERBOOTH_WRAP:-}" ]; then
  echo "ok: not under qemu-user"
  exit 0
fi

truncate -s 64M "$T/stick.img"
mkfs.ext4 -q -F -L BOOTHEXPORT "$T/stick.img"
cat > "$T/export.script" <<SCRIPT
wait 500
press
wait 16000
expect-screen review
tap Keep
tap Done
expect-screen attract
scan GB-1004
tap Check in
tap Skip photo
tap Done
$STAFF_LOGIN
tap Export to USB
wait 1000
shot exported
tap Exit staff
quit
SCRIPT
cat > "$T/inside.sh" <<INSIDE
set -e
mount --make-rprivate /
mount -t tmpfs -o size=1m,mode=0755 gatherbooth-test /media
mkdir /media/BOOTHEXPORT
mount -o loop "$T/stick.img" /media/BOOTHEXPORT
GATHERBOOTH_TRACE=1 "$GATHERBOOTH" run --headless --demo --data "$DATA" \
  --script "$T/export.script" --screenshots "$SHOTS" > "$T/out" 2> "$T/err"
mkdir -p "$T/copy"
cp -r /media/BOOTHEXPORT/. "$T/copy/"
umount /media/BOOTHEXPORT
INSIDE
unshare -m bash "$T/inside.sh" || { tail -20 "$T/err" >&2; fail "the export run failed"; }
trace=$(grep '^trace: ' "$T/err" || true)
grep -q "export: to /media/BOOTHEXPORT/gatherbooth-" "$T/err" || fail "the stick under /media was not found: $(grep export "$T/err")"
progress=$(grep -c '^trace: export [0-9]* of [0-9]*$' <<< "$trace" || true)
[ "$progress" -ge 3 ] || fail "progress: $progress reports"
last=$(grep '^trace: export [0-9]* of [0-9]*$' <<< "$trace" | tail -1)
read -r _ _ done _ total <<< "$last"
[ "$done" = "$total" ] || fail "the progress did not reach the end: $last"
expect_text "You can remove the USB stick now."
out=$(echo "$T"/copy/gatherbooth-*)
[ -d "$out" ] || fail "no gatherbooth-KIOSK folder on the stick: $(ls "$T/copy")"
(cd "$out" && sha256sum --quiet -c MANIFEST.sha256) || fail "the export on the stick does not verify"
expect_eq "$(find "$out/photos" -name '*.jpg' | wc -l)" 5 "photos on the stick"
expect_eq "$(find "$out/badges" -name '*.png' | wc -l)" 1 "badges on the stick"
echo "ok: found under /media, $progress progress reports, \"safe to remove\", the export whole on the stick"
