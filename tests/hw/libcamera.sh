# The libcamera backend on vimc, the kernel's media-controller camera, through Debian's libcamera
# and its vimc pipeline: frames, a still at the sensor's full size, and an unplug (the driver
# unbound) mid-stream; and first, `rotation = 180` on its test pattern. libcamera finds vimc
# only with udev running.
set -eu
. "$SRCDIR/tests/hw/common.sh"
fresh_module vimc
udev_start
export LIBCAMERA_LOG_LEVELS=*:ERROR
"$BUILDDIR/tests/camera-rotation" libcamera 1280x720
"$BUILDDIR/tests/hw-camera" libcamera /sys/bus/platform/drivers/vimc vimc.0 ${VIMC_STILL:-1920x1080}
