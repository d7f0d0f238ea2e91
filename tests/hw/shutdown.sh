# The staff screen's Shut down while an export is being written, by touch through uinput on
# KMSDRM (tests/hw/shutdown.py).
set -eu
. "$SRCDIR/tests/hw/common.sh"
modprobe vkms
modprobe uinput
udev_start
D=/tmp/shutdown
rm -rf "$D" && mkdir -p "$D/out"
# a strip session to export, made headless first
printf 'wait 500\npress\nwait 16000\nexpect-screen review\ntap Keep\nwait 5000\nquit\n' > "$D/day.script"
SDL_VIDEODRIVER=dummy "$BUILDDIR/gatherbooth" run --headless --demo --data "$D/data" \
  --script "$D/day.script" > /dev/null 2>&1
hash=$(echo 1234 | "$BUILDDIR/gatherbooth" hash-pin | sed -n 's/^pin_hash *= *//p')
printf '[booth]\nexport_dir = %s\n[camera]\nbackend = synthetic\n[button]\nbackend = none\n[staff]\npin_hash = %s\n' \
  "$D/out" "$hash" > "$D/shutdown.conf"
python3 "$SRCDIR/tests/hw/shutdown.py" "$BUILDDIR/gatherbooth" "$D/data" "$D/shutdown.conf" "$D/out"
