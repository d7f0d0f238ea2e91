# `gatherbooth check` on the VM's devices: the camera (libcamera on vimc, a still taken and
# saved), the button and LED (gpio-sim), the display (vkms) and the storage must all PASS.
set -eu
. "$SRCDIR/tests/hw/common.sh"
booth_devices
D=/tmp/check
mkdir -p "$D"
printf '[camera]\nbackend = libcamera\n[button]\nbackend = gpiod\nline = GPIO17\nled_line = GPIO27\n' > "$D/check.conf"
set +e
SDL_VIDEODRIVER=KMSDRM "$BUILDDIR/gatherbooth" check --no-wait --config "$D/check.conf" \
  --data "$D/data" > "$D/out" 2> "$D/err"
rc=$?
set -e
cat "$D/out"
for what in camera button LED display storage; do
  grep -q "^PASS $what " "$D/out" || { echo "FAIL: $what did not pass"; cat "$D/err"; exit 1; }
done
[ $rc -eq 0 ] || { echo "FAIL: check exited $rc"; exit 1; }
