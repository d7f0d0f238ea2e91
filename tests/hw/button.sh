# The button and LED on gpio-sim (tests/hw/hw-button.c), with a decoy chip first.
set -eu
. "$SRCDIR/tests/hw/common.sh"
sim_setup
gpiodetect
case "$SIM" in */gpiochip0) echo "the booth's chip is gpiochip0: the decoy did not come first"; exit 1 ;; esac
"$BUILDDIR/tests/hw-button" "$SIM"
