# A USB stick plugged in for real: a FAT image labelled BOOTHEXPORT behind a configfs
# mass-storage gadget on dummy_hcd, which the kernel enumerates as a USB disk. udevd, with the
# project's rule installed, must ask systemd for the export service for it; then what that
# service runs (its own ExecStart, mounted the way it mounts) exports to the stick; and the
# staff screen's "Export to USB" finds it mounted under /media, shows the progress and says it
# is safe to remove. The stick, unplugged and read back, holds both exports whole.
set -eu
. "$SRCDIR/tests/hw/common.sh"
D=/tmp/usbstick
rm -rf "$D" && mkdir -p "$D"
stick_image "$D/stick.img" BOOTHEXPORT
mkdir -p /run/udev/rules.d
cp "$SRCDIR/systemd/99-gatherbooth-export.rules" /run/udev/rules.d/
udev_start
udevadm control --reload

# a day's photos and a check-in to export: the synthetic camera, headless
export SDL_VIDEODRIVER=dummy
printf 'wait 500\npress\nwait 16000\nexpect-screen review\ntap Keep\ntap Done\nexpect-screen attract\nscan GB-1004\ntap Check in\ntap Skip photo\ntap Done\nquit\n' > "$D/day.script"
"$BUILDDIR/gatherbooth" run --headless --demo --data "$D/data" --script "$D/day.script" 2> "$D/day.err" ||
  { tail -5 "$D/day.err"; echo "FAIL: the day's run failed"; exit 1; }

# plugged in
stick_plug "$D/stick.img"
dev=$STICK_DEV
echo "plugged in: /dev/$dev, $(cat /sys/block/$dev/device/vendor 2> /dev/null | tr -s ' ')$(cat /sys/block/$dev/device/model 2> /dev/null | tr -s ' ')"
props=$(udevadm info --query=property "/dev/$dev")
echo "$props" | grep -E "^(ID_FS_LABEL|ID_FS_TYPE|ID_BUS|SYSTEMD_WANTS|TAGS)=" | sed 's/^/  /'
echo "$props" | grep -qx "ID_FS_LABEL=BOOTHEXPORT" || { echo "FAIL: udev did not read the label"; exit 1; }
echo "$props" | grep -q "^SYSTEMD_WANTS=.*gatherbooth-export@$dev.service" || {
  ls -l /run/udev/rules.d
  udevadm test --action=add "/sys/block/$dev" 2>&1 | grep -iE "gatherbooth|SYSTEMD_WANTS|/run/udev|ID_FS_LABEL" | head -20
  echo "FAIL: the rule did not ask for gatherbooth-export@$dev.service"
  exit 1
}
echo "$props" | grep -q "^TAGS=.*:systemd:" || { echo "FAIL: the device is not tagged for systemd"; exit 1; }

# what the service does: mounted as it mounts (root here: the VM has no gatherbooth user), and
# its ExecStart, with the build's program and this test's data
unit=$SRCDIR/systemd/gatherbooth-export@.service.in
opts=$(sed -n 's/.*systemd-mount .*--options=\([^ ]*\) .*/\1/p' "$unit" | sed 's/gatherbooth/root/g')
mnt=/run/gatherbooth-export/$dev
mkdir -p "$mnt"
mount -t vfat -o "$opts" "/dev/$dev" "$mnt" ||
  { dmesg | tail -5; echo "FAIL: the stick does not mount with the service's options ($opts)"; exit 1; }
cmd=$(sed -n 's/^ExecStart=//p' "$unit" | sed -e "s|@BINDIR@|$BUILDDIR|" -e "s|%I|$dev|g" \
  -e "s|--config [^ ]*|--config /dev/null|" -e "s|--data [^ ]*|--data $D/data|")
echo "the service runs: $cmd"
$cmd > "$D/service.out" 2>&1 || { cat "$D/service.out"; echo "FAIL: the service's export failed"; exit 1; }
umount "$mnt"

# the staff screen's Export to USB, the stick mounted under /media as a desktop would
mount -t tmpfs -o size=1m,mode=0755 gatherbooth-test /media
mkdir /media/BOOTHEXPORT
mount -t vfat "/dev/$dev" /media/BOOTHEXPORT
cat > "$D/staff.script" << EOS
wait 500
hold 3000
tap 1
tap 2
tap 3
tap 4
tap OK
expect-screen staff
tap Export to USB
wait 1000
tap Exit staff
quit
EOS
GATHERBOOTH_TRACE=1 "$BUILDDIR/gatherbooth" run --headless --demo --data "$D/data" \
  --script "$D/staff.script" > /dev/null 2> "$D/staff.err" ||
  { tail -5 "$D/staff.err"; echo "FAIL: the staff export run failed"; exit 1; }
umount /media/BOOTHEXPORT
umount /media
grep -q "export: to /media/BOOTHEXPORT/gatherbooth-" "$D/staff.err" ||
  { grep export "$D/staff.err"; echo "FAIL: the stick under /media was not found"; exit 1; }
progress=$(grep -c '^trace: export [0-9]* of [0-9]*$' "$D/staff.err" || true)
grep -q '^trace: text [0-9A-Fa-f]* .*You can remove the USB stick now.' "$D/staff.err" ||
  { grep -E "^trace: (text|export|screen)|export" "$D/staff.err" | tail -15
    echo "FAIL: no \"You can remove the USB stick now.\" on screen"; exit 1; }

# unplugged, and read back
stick_unplug
mkdir -p "$D/back"
mount -o loop,ro "$D/stick.img" "$D/back"
n=0
for out in "$D/back/gatherbooth" "$D"/back/gatherbooth-*; do
  [ -d "$out" ] || { echo "FAIL: no export at $out on the stick: $(ls "$D/back")"; exit 1; }
  (cd "$out" && sha256sum --quiet -c MANIFEST.sha256) || { echo "FAIL: $out does not verify"; exit 1; }
  photos=$(find "$out/photos" -name '*.jpg' | wc -l)
  [ "$photos" -eq 5 ] || { echo "FAIL: $photos photos in $out, not 5"; exit 1; }
  n=$((n + 1))
done
umount "$D/back"
echo "ok: udev asked for gatherbooth-export@$dev.service; the service's export and the staff" \
  "screen's ($progress progress reports, \"safe to remove\") both on the FAT stick, $n exports verified"
