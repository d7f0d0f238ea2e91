# Sourced: a decoy gpio-sim chip, then the booth's, with GPIO17 (the button) and GPIO27 (the
# LED) among 32 lines. Sets SIM to the sysfs folder holding sim_gpio17/ and sim_gpio27/.
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
SIM=/sys/devices/platform/$(cat "$cfg/booth/dev_name")/$(cat "$cfg/booth/bank0/chip_name")
