# The V4L2 backend on vivid, the kernel's virtual webcam: no device at first, then frames and a
# still, then an unplug (the driver unbound) mid-stream; and before that, `rotation = 180` on
# vivid's colour bars with its text turned off (the picture stands still).
set -eu
"$BUILDDIR/tests/hw-camera" missing - -
modprobe vivid n_devs=1 node_types=0x1
v4l2-ctl -d /dev/video0 --info | grep -E "Driver name|Card type"
v4l2-ctl -d /dev/video0 --list-formats | grep -c "\[" | sed "s/^/formats offered: /"
v4l2-ctl -d /dev/video0 -c osd_text_mode=2
"$BUILDDIR/tests/camera-rotation" v4l2 1280x720
v4l2-ctl -d /dev/video0 -c osd_text_mode=0
# stills come at the largest size the camera offers: 3840x2160 on vivid's webcam input
"$BUILDDIR/tests/hw-camera" v4l2 /sys/bus/platform/drivers/vivid vivid.0 3840x2160
