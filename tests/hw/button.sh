# The button and LED on gpio-sim (tests/hw/hw-button.c), with a decoy chip first.
set -eu
. "$SRCDIR/tests/hw/common.sh"
sim_setup
gpiodetect
case "$SIM" in */gpiochip0) echo "the booth's chip is gpiochip0: the decoy did not come first"; exit 1 ;; esac
"$BUILDDIR/tests/hw-button" "$SIM"

# the booth itself on these chips with a line none of them has: one clear line, touch-only (the
# attract screen's "Tap to start" starts a session), and the LED still found on its own line
D=/tmp/button-missing
mkdir -p "$D"
printf '[camera]\nbackend = synthetic\n[button]\nbackend = gpiod\nline = NO_SUCH_LINE\nled_line = GPIO27\n' > "$D/conf"
printf 'wait 300\ntap Tap to start\nexpect-screen countdown\n' > "$D/script"
"$BUILDDIR/gatherbooth" run --headless --config "$D/conf" --data "$D/data" --script "$D/script" \
  2> "$D/err" || { cat "$D/err"; exit 1; }
grep -q "GPIO line NO_SUCH_LINE: .*; the booth runs touch-only" "$D/err" || {
  echo "no touch-only line:"
  cat "$D/err"
  exit 1
}
grep -q "no ready light" "$D/err" && { echo "the LED was not found: $(cat "$D/err")"; exit 1; }
echo "missing line: $(grep -o 'GPIO line NO_SUCH_LINE.*touch-only' "$D/err"); Tap to start gave the countdown"
