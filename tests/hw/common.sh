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
    for n in 17 27; do
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
