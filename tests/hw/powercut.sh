# Pulled power against the kernel's own record of what reached the device: the booth's data on
# ext4 over dm-log-writes under a seeded load, replayed up to each flush (tests/hw/powercut.py).
set -eu
exec python3 "$SRCDIR/tests/hw/powercut.py" --gatherbooth "$BUILDDIR/gatherbooth" \
  --pngtool "$BUILDDIR/tests/pngtool" --write-log "$BUILDDIR/tests/write-log"
