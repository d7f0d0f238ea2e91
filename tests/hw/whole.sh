# The whole booth on gpio-sim, vkms and vimc (tests/hw/whole.py): a strip session from a GPIO
# press, then the press-to-screen latency (with the synthetic camera: vimc's full-size stills
# take seconds each under emulation, and the camera is not on that path), and the start screen
# without touch: a second button's press and the big button's held and short presses.
set -eu
. "$SRCDIR/tests/hw/common.sh"
booth_devices
D=/tmp/whole
mkdir -p "$D"
button='[button]\nbackend = gpiod\nline = GPIO17\nled_line = GPIO27\n'
printf "[booth]\nlayout = grid2x2\ncountdown = 1\n[camera]\nbackend = libcamera\npreview = 640x360\n$button" > "$D/session.conf"
python3 "$SRCDIR/tests/hw/whole.py" "$BUILDDIR/gatherbooth" "$BUILDDIR/tests/pngtool" \
  "$D/data" "$D/session.conf" "$SIM" session
printf "[booth]\nlayout = single\ncountdown = 1\n[camera]\nbackend = synthetic\npreview = 320x180\nstill = 640x360\n$button" > "$D/latency.conf"
python3 "$SRCDIR/tests/hw/whole.py" "$BUILDDIR/gatherbooth" "$BUILDDIR/tests/pngtool" \
  "$D/data-latency" "$D/latency.conf" "$SIM" latency "${WHOLE_PRESSES:-10}"
# without touch: a second button on GPIO22, and the big button held
printf "[camera]\nbackend = synthetic\npreview = 320x180\n${button}next_line = GPIO22\n" > "$D/nav.conf"
python3 "$SRCDIR/tests/hw/whole.py" "$BUILDDIR/gatherbooth" "$BUILDDIR/tests/pngtool" \
  "$D/data-nav" "$D/nav.conf" "$SIM" nav
