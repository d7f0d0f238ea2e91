# Sourced by the hardware tests: the devices they share, set up once per VM whatever order the
# tests run in.

# gpio-sim: a decoy chip, then the booth's, with GPIO17 (the button) and GPIO27 (the LED)
# among 32 lines. Sets SIM to the sysfs folder holding sim_gpio17/ and sim_gpio27/.
sim_setup() {
  modprobe gpio-sim
  local cfg=/sys/kernel/config/gpio-sim n
  if [ ! -d "$cfg/booth" ]; then
    mkdir "$cfg/decoy" "$cfg/decoy/bank0"
    echo 8 > "$cfg/decoy/bank0/num_lines"
    echo 1 > "$cfg/decoy/live"
    mkdir "$cfg/booth" "$cfg/booth/bank0"
    echo 32 > "$cfg/booth/bank0/num_lines"
    for n in 17 22 27; do
      mkdir "$cfg/booth/bank0/line$n"
      echo "GPIO$n" > "$cfg/booth/bank0/line$n/name"
    done
    echo 1 > "$cfg/booth/live"
  fi
  SIM=/sys/devices/platform/$(cat "$cfg/booth/dev_name")/$(cat "$cfg/booth/bank0/chip_name")
  # released, whatever the last test left
  echo pull-up > "$SIM/sim_gpio17/pull"
}

# systemd-udevd, which libcamera and SDL's input need; udevadm refuses a chroot unless told
udev_start() {
  export SYSTEMD_IGNORE_CHROOT=1
  pgrep -x systemd-udevd > /dev/null || /lib/systemd/systemd-udevd --daemon
  udevadm trigger --action=add
  udevadm settle
}

# a module loaded afresh: an earlier test may have unbound its device
fresh_module() {
  modprobe -r "$1" 2> /dev/null || true
  modprobe "$1"
}

# everything the whole booth runs on: gpio-sim, vimc (fresh) with udev, vkms
booth_devices() {
  sim_setup
  fresh_module vimc
  modprobe vkms
  udev_start
  export LIBCAMERA_LOG_LEVELS=*:ERROR
}

# A USB stick: the FAT image $1 behind a configfs mass-storage gadget on dummy_hcd, which the
# kernel enumerates as a USB disk. stick_plug sets STICK_DEV to its block device once it is
# there; stick_unplug takes it away again. The gadget stays made between plugs.
STICK_GADGET=/sys/kernel/config/usb_gadget/gatherbooth-stick
# stick_image FILE LABEL: a fresh 64 MB FAT stick, and the modules it needs loaded
stick_image() {
  truncate -s 64M "$1"
  mkfs.vfat -n "$2" "$1" > /dev/null
  stick_modules
}
stick_modules() {
  # (the kernel here cannot load modules by itself: everything the stick needs, loaded first)
  modprobe -a loop dummy_hcd libcomposite usb_f_mass_storage usb-storage sd_mod vfat nls_cp437 \
    nls_iso8859-1 nls_utf8 nls_ascii
}
stick_plug() {
  local G=$STICK_GADGET before b
  if [ ! -d "$G" ]; then
    mkdir "$G" "$G/strings/0x409" "$G/configs/c.1" "$G/functions/mass_storage.0"
    echo 0x1d6b > "$G/idVendor"
    echo 0x0104 > "$G/idProduct"
    echo "gatherbooth test" > "$G/strings/0x409/manufacturer"
    echo "USB stick" > "$G/strings/0x409/product"
    echo 1 > "$G/functions/mass_storage.0/lun.0/removable"
    ln -s "$G/functions/mass_storage.0" "$G/configs/c.1/"
  fi
  echo "$1" > "$G/functions/mass_storage.0/lun.0/file"
  before=$(ls /sys/block)
  ls /sys/class/udc | head -1 > "$G/UDC"
  STICK_DEV=""
  for _ in $(seq 600); do
    for b in $(ls /sys/block); do
      echo "$before" | grep -qx "$b" || STICK_DEV=$b
    done
    [ -n "$STICK_DEV" ] && [ -e "/dev/$STICK_DEV" ] && break
    sleep 0.1
  done
  [ -n "$STICK_DEV" ] || { echo "FAIL: no disk appeared for the plugged stick"; exit 1; }
  udevadm settle 2> /dev/null || true
}
stick_unplug() {
  echo "" > "$STICK_GADGET/UDC"
  local _
  for _ in $(seq 600); do
    [ -e "/sys/block/$STICK_DEV" ] || return 0
    sleep 0.1
  done
  echo "FAIL: /dev/$STICK_DEV stayed after the stick was pulled"
  exit 1
}
