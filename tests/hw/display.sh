# The display on vkms, the kernel's virtual KMS device, through SDL's KMSDRM driver: the booth
# comes up fullscreen with vsync, and the attract screen it draws (OpenGL through Mesa) matches
# what the software renderer draws for the same script, upright and rotated 90 degrees.
set -eu
modprobe vkms
ls /dev/dri
D=/tmp/display
mkdir -p "$D"
gb() { "$BUILDDIR/gatherbooth" "$@"; }
printf 'wait 1000\nexpect-screen attract\nshot attract\nquit\n' > "$D/s"
for rot in 0 90; do
  mkdir -p "$D/kms$rot" "$D/ref$rot"
  printf '[display]\nrotation = %s\n[camera]\nbackend = synthetic\n[button]\nbackend = none\n' "$rot" > "$D/kms.conf"
  SDL_VIDEODRIVER=KMSDRM gb run --config "$D/kms.conf" --data "$D/data-kms$rot" --script "$D/s" \
    --screenshots "$D/kms$rot" 2> "$D/kms$rot.err" || { cat "$D/kms$rot.err"; exit 1; }
  grep "^display: " "$D/kms$rot.err"
  grep -q "^display: info: KMSDRM, .*1024x768 fullscreen, rotation $rot, vsync on" "$D/kms$rot.err" || {
    echo "FAIL: not fullscreen KMSDRM with vsync at rotation $rot"
    exit 1
  }
  want=1024x768
  [ "$rot" = 90 ] && want=768x1024
  got=$("$BUILDDIR/tests/pngtool" info "$D/kms$rot/attract.png")
  [ "$got" = "$want" ] || { echo "FAIL: the screenshot is $got, expected $want"; exit 1; }
  # the same script on the dummy driver and the software renderer, at the same size
  printf '[display]\nsize = 1024x768\nrotation = %s\n[camera]\nbackend = synthetic\n[button]\nbackend = none\n' "$rot" > "$D/ref.conf"
  gb run --headless --config "$D/ref.conf" --data "$D/data-ref$rot" --script "$D/s" \
    --screenshots "$D/ref$rot" 2> "$D/ref$rot.err" || { cat "$D/ref$rot.err"; exit 1; }
  # OpenGL (Mesa) against the software renderer: the same layout, slightly different pixels
  "$BUILDDIR/tests/pngtool" diff --tolerant "$D/kms$rot/attract.png" "$D/ref$rot/attract.png"
  echo "rotation $rot: attract on KMSDRM matches the software renderer's"
done
