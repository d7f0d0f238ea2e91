# The button and LED on gpio-sim: a decoy chip first, then the booth's chip with GPIO17 (the
# button) and GPIO27 (the LED) among 32 lines; then tests/hw/hw-button drives them.
set -eu
modprobe gpio-sim
cfg=/sys/kernel/config/gpio-sim
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
dev=$(cat "$cfg/booth/dev_name")
chip=$(cat "$cfg/booth/bank0/chip_name")
gpiodetect
[ "$chip" != gpiochip0 ] || { echo "the booth's chip is gpiochip0: the decoy did not come first"; exit 1; }
"$BUILDDIR/tests/hw-button" "/sys/devices/platform/$dev/$chip"
