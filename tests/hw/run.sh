#!/bin/sh
# Runs inside the test VM (scripts/hw-test boots it): every hardware test against the kernel's
# simulated devices. run.sh SRCDIR BUILDDIR. Prints each test's output, then one line per test,
# "hw: PASS name", "hw: FAIL name" or "hw: SKIP name".
SRCDIR=$1 BUILDDIR=$2
export SRCDIR BUILDDIR HOME=/tmp LC_ALL=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin
export XDG_RUNTIME_DIR=/run/user/0 GATHERBOOTH_CONFIG=/dev/null
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
modprobe configfs 2> /dev/null
mountpoint -q /sys/kernel/config || mount -t configfs configfs /sys/kernel/config
# a build against other libraries (scripts/backports) says where they find their parts
[ -f "$BUILDDIR/hw-env" ] && . "$BUILDDIR/hw-env"
results=""
for t in $(echo "${HW_TESTS:-button v4l2 libcamera display touch whole check usbstick peerstick shutdown powercut wifi}" | tr , ' '); do
  echo "hw: --- $t"
  sh "$SRCDIR/tests/hw/$t.sh" > "/tmp/$t.log" 2>&1
  rc=$?
  sed "s/^/  /" "/tmp/$t.log"
  case $rc in
    0) results="$results
hw: PASS $t" ;;
    77) results="$results
hw: SKIP $t" ;;
    *) results="$results
hw: FAIL $t (exit $rc)" ;;
  esac
done
echo "$results"
