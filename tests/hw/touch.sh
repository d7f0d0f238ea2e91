# Touch and a scanner through uinput and evdev, on KMSDRM (tests/hw/touch.py).
set -eu
. "$SRCDIR/tests/hw/common.sh"
modprobe vkms
modprobe uinput
udev_start
D=/tmp/touch
mkdir -p "$D"
"$BUILDDIR/gatherbooth" import "$SRCDIR/assets/sample-roster.csv" --data "$D/data" > /dev/null 2>&1
printf '[camera]\nbackend = synthetic\n[button]\nbackend = none\n' > "$D/touch.conf"
python3 "$SRCDIR/tests/hw/touch.py" "$BUILDDIR/gatherbooth" "$D/data" "$D/touch.conf"
